"""Figures and compiled text of a round's roll-up, on crafted data covering every status."""

import datetime

import pytest
import time_machine

from danvan.tests import factories as f
from reports.rollups import services as services
from reports.models import ReportStatus
from reports.rollups.figures import period_words
from reports.tests.factories_rollup import issue_plan, local, make_report


@pytest.fixture
def scenario(org, unit_a, unit_b, editor):
    """Nine tasks over five lead units and two co-ordinating ones; round 1 covers 01/7–31/8/2025 and is
    due before 03/9/2025; compiled on 05/9/2025."""
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

    unit_f = f.UnitFactory(organization=org, name="Hội Cựu chiến binh phường", order=6)  # co-ordinates, silent
    unit_g = f.UnitFactory(organization=org, name="Đoàn Thanh niên phường", order=7)  # co-ordinates, sends a part
    t1 = task(1, unit_a, d(2025, 9, 30), coord=(unit_b, unit_c, unit_f))
    t2 = task(2, unit_b, None, kind="continuous")
    t3 = task(3, unit_c, d(2025, 8, 31), coord=(unit_g,))  # due on the cut-off day itself
    t4 = task(4, unit_d, d(2025, 10, 30))
    t5 = task(5, unit_a, d(2025, 8, 31))
    t6 = task(6, unit_e, d(2025, 11, 30))
    t7 = task(7, unit_a, d(2025, 9, 8))  # due after the cut-off, before the day of compiling
    t8 = task(8, unit_d, d(2025, 8, 15))  # due before the cut-off, nothing reported
    t9 = task(9, unit_a, d(2025, 8, 20))  # reported done only after its due date
    issue_plan(plan)
    round1 = f.RoundFactory(plan=plan, order=1, name="Báo cáo lần 1", deadline=d(2025, 9, 3),
                            period_start=d(2025, 7, 1), period_end=d(2025, 8, 31))
    make_report(round1, unit_a, submitted_at=local(2025, 9, 1), entries=[
        {"task": t1, "status": "done", "done_text": "Đã tổ chức 3 hội nghị tuyên truyền",
         "difficulties": "Kinh phí hạn hẹp"},
        {"task": t5, "status": "done", "done_text": "Đã ban hành văn bản hướng dẫn",
         "difficulties": "Nhân lực mỏng", "proposals": "Bổ sung biên chế"},
        {"task": t7, "status": "not_started"},
        {"task": t9, "status": "done", "done_text": "Đã rà soát xong"},
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
    make_report(round1, unit_g, submitted_at=local(2025, 9, 2), entries=[
        {"task": t3, "status": "in_progress", "done_text": "Vận động đoàn viên tham gia"},
    ])
    return {"round": round1, "plan": plan, "units": (unit_a, unit_b, unit_c, unit_d, unit_e, unit_f, unit_g),
            "tasks": (t1, t2, t3, t4, t5, t6, t7, t8, t9)}


@pytest.fixture
def compiled(scenario, editor):
    with time_machine.travel(local(2025, 9, 5), tick=False):
        return services.rollup_compile(round=scenario["round"], user=editor)


def test_figures_are_taken_at_the_rounds_cut_off(compiled):
    """Compiled on 05/9 for data up to 31/8: a task due on 31/8 or after is not overdue; done
    counts as done on time unless the task was due before the report could say so."""
    assert compiled.figures["as_of"] == "2025-08-31"
    tasks = compiled.figures["tasks"]
    assert tasks == {"total": 9, "done": 3, "done_on_time": 2, "done_late": 1, "in_progress": 2,
                     "not_started": 3, "overdue": 1, "continuous": 1, "unreported": 3}
    status = {row["number"]: row["status_text"] for row in compiled.figures["rows"]}
    assert status == {1: "Hoàn thành đúng hạn", 2: "Đang thực hiện", 3: "Đang thực hiện", 4: "Chưa thực hiện",
                      5: "Hoàn thành đúng hạn", 6: "Chưa thực hiện", 7: "Chưa thực hiện",
                      8: "Quá hạn, chưa hoàn thành", 9: "Hoàn thành quá hạn"}


def test_a_task_due_after_the_cut_off_is_never_overdue_however_late_the_compile(scenario, editor):
    with time_machine.travel(local(2025, 12, 20), tick=False):
        rollup = services.rollup_compile(round=scenario["round"], user=editor)
    status = {row["number"]: row["status_text"] for row in rollup.figures["rows"]}
    assert status[7] == status[4] == status[6] == "Chưa thực hiện"  # due 08/9, 30/10, 30/11
    assert rollup.figures["tasks"]["overdue"] == 1 and rollup.figures["as_of"] == "2025-08-31"


def test_only_the_lead_units_must_report_a_co_ordinating_unit_is_never_missing(compiled):
    units = compiled.figures["units"]
    assert units["expected"] == 5
    assert [u["name"] for u in units["on_time"]] == ["Phòng Văn hóa - Xã hội", "Trung tâm sự nghiệp công"]
    assert [(u["name"], u["accepted"]) for u in units["late"]] == [("Công chức Tư pháp - Hộ tịch", False)]
    assert [u["name"] for u in units["missing"]] == ["Văn phòng HĐND và UBND", "Ủy ban MTTQ phường"]
    assert [u["name"] for u in units["contributors"]] == ["Đoàn Thanh niên phường"]
    rows = {row["name"]: row for row in compiled.figures["unit_rows"]}
    assert "Hội Cựu chiến binh phường" not in rows  # co-ordinates task 1, sent nothing: not owed
    assert rows["Công chức Tư pháp - Hộ tịch"]["state"] == "Gửi muộn"  # printed: no workflow words
    assert rows["Công chức Tư pháp - Hộ tịch"]["screen_state"] == "Gửi muộn (chưa tiếp nhận)"
    assert rows["Ủy ban MTTQ phường"]["state"] == "Chưa báo cáo"
    assert rows["Ủy ban MTTQ phường"]["screen_state"] == "Bị trả lại, chưa gửi lại"
    assert rows["Đoàn Thanh niên phường"]["state"] == "Đơn vị phối hợp, đã gửi phần việc"


def test_the_list_the_editor_sets_on_the_round_decides_who_must_report(scenario, editor):
    unit_a, *_, unit_f, _ = scenario["units"]
    scenario["round"].reporting_units.set([unit_a, unit_f])
    with time_machine.travel(local(2025, 9, 5), tick=False):
        rollup = services.rollup_compile(round=scenario["round"], user=editor)
    units = rollup.figures["units"]
    assert units["expected"] == 2
    assert [u["name"] for u in units["on_time"]] == ["Phòng Văn hóa - Xã hội"]
    assert [u["name"] for u in units["missing"]] == ["Hội Cựu chiến binh phường"]
    assert units["late"] == []  # Công chức Tư pháp sent a report, but was not asked: a contributor


def test_section_ii_is_drafted_by_outcome_condensed_not_one_entry_per_unit(compiled):
    lines = compiled.results_text.splitlines()
    assert lines[0] == "1. Các nhiệm vụ đã hoàn thành (3 nhiệm vụ)"
    assert lines[1] == ("- Nhiệm vụ thử số 1 (Phòng Văn hóa - Xã hội chủ trì): Đã tổ chức 3 hội nghị tuyên truyền; "
                        "Trung tâm sự nghiệp công phối hợp đưa tin trên loa truyền thanh.")
    assert "2. Các nhiệm vụ đang thực hiện (2 nhiệm vụ)" in lines
    assert "- Nhiệm vụ thử số 8 (Văn phòng HĐND và UBND chủ trì; chưa có báo cáo kết quả)." in lines
    text = compiled.results_text
    assert "PHẦN KHÔNG GỬI" not in text  # a part the co-ordinating unit chose not to send
    assert "BẢN BỊ TRẢ LẠI" not in text  # a returned report is not compiled
    assert "chưa tiếp nhận" not in text


def test_proposals_are_material_beside_the_draft_not_the_wards_requests(compiled):
    assert compiled.proposals_text == ""
    material = compiled.figures["material"]
    assert {"unit": "Phòng Văn hóa - Xã hội", "kind": "proposals", "text": "Bổ sung biên chế",
            "accepted": True} in material
    assessment = compiled.assessment_text.splitlines()
    assert assessment[0] == "1. Ưu điểm" and "2. Tồn tại, hạn chế" in assessment and "3. Nguyên nhân" in assessment
    assert "- Còn 1 nhiệm vụ quá hạn nhưng chưa hoàn thành." in assessment
    assert any("kinh phí hạn hẹp" in line for line in assessment)
    assert compiled.direction_text.startswith("- Tập trung chỉ đạo hoàn thành 4 nhiệm vụ còn quá hạn hoặc chưa thực "
                                              "hiện (nhiệm vụ số 4, 6, 7, 8 tại Phụ lục I).")


def test_compiled_header_values(compiled, scenario):
    assert compiled.status == "draft"
    assert compiled.title == "Kết quả thực hiện công tác dân vận năm 2025 (từ ngày 01/7/2025 đến ngày 31/8/2025)"
    assert compiled.intro == ("Thực hiện Kế hoạch số 12/KH-UBND ngày 15/8/2025 của Ủy ban nhân dân phường An Bình "
                              "về triển khai công tác dân vận năm 2025, Ủy ban nhân dân phường An Bình báo cáo kết quả "
                              "thực hiện từ ngày 01/7/2025 đến ngày 31/8/2025 như sau:")
    assert compiled.addressee_lines() == ["Ủy ban nhân dân thành phố Thử Nghiệm"]
    assert compiled.recipient_lines()[0] == "Như trên;"
    assert compiled.recipient_lines()[-1] == "Lưu: VT, VHXH."
    assert compiled.signer_name == scenario["plan"].signer_name


def test_second_compile_returns_the_draft_being_edited(compiled, scenario, editor):
    again = services.rollup_compile(round=scenario["round"], user=editor)
    assert again.pk == compiled.pk


@pytest.mark.parametrize(("start", "end", "words"), [
    (datetime.date(2024, 12, 15), datetime.date(2025, 6, 14), "6 tháng đầu năm 2025"),
    (datetime.date(2025, 6, 15), datetime.date(2025, 12, 14), "6 tháng cuối năm 2025"),
    (datetime.date(2024, 12, 15), datetime.date(2025, 12, 14), "năm 2025"),
    (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30), "quý III năm 2025"),
    (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), "năm 2025"),
    (datetime.date(2025, 7, 1), datetime.date(2025, 8, 31), "từ ngày 01/7/2025 đến ngày 31/8/2025"),
])
def test_period_words_name_the_periods_reports_use(start, end, words):
    assert period_words(start, end) == words
