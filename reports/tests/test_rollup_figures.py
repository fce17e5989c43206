"""Figures and compiled text of a round's roll-up, on crafted data covering every status."""

import datetime

import pytest
import time_machine

from danvan.tests import factories as f
from reports.rollups import services as services
from reports.models import ReportStatus
from reports.tests.factories_rollup import issue_plan, local, make_report


@pytest.fixture
def scenario(org, unit_a, unit_b, editor):
    """Seven tasks over five units; today is 05/9/2025, round 1 is due before 03/9/2025."""
    unit_c = f.UnitFactory(organization=org, name="Công chức Tư pháp - Hộ tịch", order=3)
    unit_d = f.UnitFactory(organization=org, name="Văn phòng HĐND và UBND", order=4)
    unit_e = f.UnitFactory(organization=org, name="Ủy ban MTTQ phường", order=5)
    plan = f.PlanFactory(organization=org, drafting_unit=unit_a, title="Triển khai công tác dân vận năm 2025")
    d = datetime.date

    def task(order, lead, due=None, kind="date", coord=()):
        t = f.TaskFactory(plan=plan, order=order, lead_unit=lead, due_kind=kind, due_date=due,
                          content=f"Nhiệm vụ thử số {order}")
        t.coordinating_units.add(*coord)
        return t

    t1 = task(1, unit_a, d(2025, 9, 30), coord=(unit_b, unit_c))
    t2 = task(2, unit_b, None, kind="continuous")
    t3 = task(3, unit_c, d(2025, 8, 31))
    t4 = task(4, unit_d, d(2025, 10, 30))
    t5 = task(5, unit_a, d(2025, 8, 31))
    t6 = task(6, unit_e, d(2025, 11, 30))
    t7 = task(7, unit_a, d(2025, 9, 8))
    issue_plan(plan)
    round1 = f.RoundFactory(plan=plan, order=1, name="Báo cáo lần 1", deadline=d(2025, 9, 3),
                            period_start=d(2025, 7, 1), period_end=d(2025, 8, 31))
    make_report(round1, unit_a, submitted_at=local(2025, 9, 1), entries=[
        {"task": t1, "status": "done", "done_text": "Đã tổ chức 3 hội nghị tuyên truyền",
         "difficulties": "Kinh phí hạn hẹp"},
        {"task": t5, "status": "done", "done_text": "Đã ban hành văn bản hướng dẫn",
         "difficulties": "Nhân lực mỏng", "proposals": "Bổ sung biên chế"},
        {"task": t7, "status": "not_started"},
    ])
    make_report(round1, unit_b, submitted_at=local(2025, 9, 2, 23, 59), entries=[
        {"task": t1, "status": "in_progress", "done_text": "Phối hợp đưa tin trên loa truyền thanh"},
        {"task": t2, "status": "in_progress", "done_text": "Thường xuyên tiếp dân"},
    ])
    make_report(round1, unit_c, status=ReportStatus.SUBMITTED, submitted_at=local(2025, 9, 4), entries=[
        {"task": t3, "status": "in_progress", "done_text": "Đang rà soát hồ sơ",
         "difficulties": "Hồ sơ tồn đọng nhiều"},
        {"task": t1, "status": "done", "done_text": "PHẦN KHÔNG GỬI", "included": False},
    ])
    make_report(round1, unit_e, status=ReportStatus.RETURNED, submitted_at=local(2025, 9, 1), entries=[
        {"task": t6, "status": "in_progress", "done_text": "BẢN BỊ TRẢ LẠI"},
    ])
    return {"round": round1, "plan": plan, "units": (unit_a, unit_b, unit_c, unit_d, unit_e),
            "tasks": (t1, t2, t3, t4, t5, t6, t7)}


@pytest.fixture
def compiled(scenario, editor):
    with time_machine.travel(local(2025, 9, 5), tick=False):
        return services.rollup_compile(round=scenario["round"], user=editor)


def test_task_figures_cover_every_status(compiled):
    tasks = compiled.figures["tasks"]
    assert tasks == {"total": 7, "done": 2, "done_on_time": 1, "done_late": 1, "in_progress": 1,
                     "not_started": 3, "overdue": 1, "continuous": 1, "unreported": 2}
    by_number = {row["number"]: row for row in compiled.figures["rows"]}
    assert [by_number[n]["category"] for n in range(1, 8)] == [
        "done", "in_progress", "overdue", "not_started", "done", "not_started", "not_started"]
    assert by_number[1]["status_text"] == "Hoàn thành đúng hạn"
    assert by_number[5]["status_text"] == "Hoàn thành quá hạn"
    assert by_number[3]["status_text"] == "Quá hạn, đang thực hiện"
    assert by_number[7]["status_text"] == "Chưa thực hiện, sắp đến hạn"
    assert by_number[2]["status_text"] == "Đang thực hiện, nhiệm vụ thường xuyên"
    assert by_number[4]["status_text"] == "Chưa có báo cáo"


def test_units_on_time_late_and_missing_are_named(compiled):
    units = compiled.figures["units"]
    assert units["expected"] == 5
    assert [u["name"] for u in units["on_time"]] == ["Phòng Văn hóa - Xã hội", "Trung tâm sự nghiệp công"]
    assert [(u["name"], u["accepted"]) for u in units["late"]] == [("Công chức Tư pháp - Hộ tịch", False)]
    assert [u["name"] for u in units["missing"]] == ["Văn phòng HĐND và UBND", "Ủy ban MTTQ phường"]
    states = {row["name"]: row["state"] for row in compiled.figures["unit_rows"]}
    assert states["Công chức Tư pháp - Hộ tịch"] == "Gửi muộn (chưa tiếp nhận)"
    assert states["Ủy ban MTTQ phường"] == "Bị trả lại, chưa gửi lại"


def test_results_follow_plan_order_with_lead_and_coordinating_words(compiled):
    text = compiled.results_text
    lines = text.splitlines()
    assert [line.split(".")[0] for line in lines] == ["1", "2", "3", "4", "5", "6", "7"]
    assert lines[0] == ("1. Nhiệm vụ thử số 1 (hoàn thành đúng hạn): Phòng Văn hóa - Xã hội (chủ trì): hoàn thành. "
                        "Đã tổ chức 3 hội nghị tuyên truyền. Trung tâm sự nghiệp công (phối hợp): Phối hợp đưa tin "
                        "trên loa truyền thanh.")
    assert "PHẦN KHÔNG GỬI" not in text  # a part the co-ordinating unit chose not to send
    assert "BẢN BỊ TRẢ LẠI" not in text  # a returned report is not compiled
    assert lines[2] == ("3. Nhiệm vụ thử số 3 (quá hạn, đang thực hiện): Công chức Tư pháp - Hộ tịch (chủ trì) "
                        "(chưa tiếp nhận): đang thực hiện. Đang rà soát hồ sơ.")
    assert lines[3] == "4. Nhiệm vụ thử số 4 (chưa có báo cáo): Văn phòng HĐND và UBND (chủ trì): chưa báo cáo."


def test_difficulties_and_proposals_gathered_by_unit(compiled):
    assert compiled.difficulties_text.splitlines() == [
        "- Phòng Văn hóa - Xã hội: Kinh phí hạn hẹp; Nhân lực mỏng.",
        "- Công chức Tư pháp - Hộ tịch (chưa tiếp nhận): Hồ sơ tồn đọng nhiều.",
    ]
    assert compiled.proposals_text == "- Phòng Văn hóa - Xã hội: Bổ sung biên chế."
    assert compiled.direction_text == ""


def test_compiled_header_values(compiled, scenario):
    assert compiled.status == "draft"
    assert compiled.title == "Kết quả triển khai công tác dân vận năm 2025 (báo cáo lần 1)"
    assert compiled.intro.startswith("Thực hiện Kế hoạch số 12/KH-UBND ngày 15/08/2025 của Ủy ban nhân dân "
                                     "phường An Bình về triển khai công tác dân vận năm 2025")
    assert "(số liệu từ ngày 01/07/2025 đến ngày 31/08/2025)" in compiled.intro
    assert compiled.recipient_lines()[0] == "Ủy ban nhân dân thành phố Thử Nghiệm (để báo cáo);"
    assert compiled.recipient_lines()[-1] == "Lưu: VT, VHXH."
    assert compiled.signer_name == scenario["plan"].signer_name


def test_second_compile_returns_the_draft_being_edited(compiled, scenario, editor):
    again = services.rollup_compile(round=scenario["round"], user=editor)
    assert again.pk == compiled.pk
