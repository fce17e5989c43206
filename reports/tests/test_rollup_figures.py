"""Figures and compiled text of a round's roll-up, on crafted data covering every status."""

import datetime

import pytest
import time_machine

from danvan.tests import factories as f
from reports.rollups import services as services
from reports.models import ReportStatus
from reports.rollups.figures import period_words
from reports.tests.factories_rollup import issue_plan, local, make_report
from tasks.models import Task


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


def test_section_ii_without_lines_of_work_is_one_list_condensed_not_one_entry_per_unit(compiled):
    """No task names a plan section: one group, no heading, no second figures sentence (the one
    printed above section II says them), the tasks in the order of Phụ lục I."""
    lines = compiled.results_text.splitlines()
    assert len(lines) == 9 and all(line.startswith("- Nhiệm vụ thử số ") for line in lines)
    assert lines[0] == ("- Nhiệm vụ thử số 1 (Phòng Văn hóa - Xã hội chủ trì): Đã tổ chức 3 hội nghị tuyên truyền; "
                        "Trung tâm sự nghiệp công phối hợp đưa tin trên loa truyền thanh.")
    assert lines[7] == "- Nhiệm vụ thử số 8 (Văn phòng HĐND và UBND chủ trì; chưa có báo cáo kết quả)."
    assert [group["heading"] for group in compiled.figures["groups"]] == [""]
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


def test_section_ii_is_drafted_by_the_plans_sections_in_their_order_with_each_groups_figures(scenario, editor):
    """Tasks 2, 4, 5 belong to section II, tasks 1, 3 to section III (after it in the plan although
    their tasks come first), the rest to none: three groups in the plan's order, each with the
    counts of its own rows of Phụ lục I."""
    plan = scenario["plan"]
    t1, t2, t3, t4, t5, *_ = scenario["tasks"]
    f.SectionFactory(plan=plan, order=1, heading="MỤC ĐÍCH, YÊU CẦU")
    propaganda = f.SectionFactory(plan=plan, order=2, heading="CÔNG TÁC TUYÊN TRUYỀN, PHỔ BIẾN")
    reform = f.SectionFactory(plan=plan, order=3, heading="Cải cách hành chính gắn với UBND phường")
    Task.objects.filter(pk__in=[t2.pk, t4.pk, t5.pk]).update(section=propaganda)
    Task.objects.filter(pk__in=[t1.pk, t3.pk]).update(section=reform)
    with time_machine.travel(local(2025, 9, 5), tick=False):
        rollup = services.rollup_compile(round=scenario["round"], user=editor)
    lines = rollup.results_text.splitlines()
    headings = [line for line in lines if line[:1].isdigit()]
    assert headings == ["1. Công tác tuyên truyền, phổ biến", "2. Cải cách hành chính gắn với UBND phường",
                        "3. Các nhiệm vụ khác"]
    first = lines.index(headings[0])
    assert lines[first + 1] == "Có 3 nhiệm vụ: 1 hoàn thành, 1 đang thực hiện, 1 chưa thực hiện."
    assert [line.split(" (")[0] for line in lines[first + 2:first + 5]] == [
        "- Nhiệm vụ thử số 2", "- Nhiệm vụ thử số 4", "- Nhiệm vụ thử số 5"]
    second = lines.index(headings[1])
    assert lines[second + 1] == "Có 2 nhiệm vụ: 1 hoàn thành, 1 đang thực hiện."
    assert lines[second + 2].startswith("- Nhiệm vụ thử số 1 (Phòng Văn hóa - Xã hội chủ trì): Đã tổ chức 3 hội nghị")
    third = lines.index(headings[2])
    assert lines[third + 1] == "Có 4 nhiệm vụ: 1 hoàn thành (quá hạn), 2 chưa thực hiện, 1 quá hạn chưa hoàn thành."
    assert [line.split(" (")[0] for line in lines[third + 2:]] == [
        "- Nhiệm vụ thử số 6", "- Nhiệm vụ thử số 7", "- Nhiệm vụ thử số 8", "- Nhiệm vụ thử số 9"]
    # The groups' counts add up to the round's: one computation.
    groups = rollup.figures["groups"]
    assert [g["numbers"] for g in groups] == [[2, 4, 5], [1, 3], [6, 7, 8, 9]]
    for key in ("total", "done", "done_on_time", "done_late", "in_progress", "not_started", "overdue"):
        assert sum(g["tasks"][key] for g in groups) == rollup.figures["tasks"][key], key


def test_a_shape_b_roll_up_groups_the_duties_by_the_post_holding_them(org, unit_a, unit_b, editor):
    """Duties all sit in section III: grouped by post, in the order the plan lists them, the post
    named once in its heading, not again on each line."""
    plan = f.PlanFactory(organization=org, drafting_unit=unit_a, title="Kế hoạch công tác dân vận năm 2025")
    f.SectionFactory(plan=plan, order=1, heading="NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP")
    organizing = f.SectionFactory(plan=plan, order=2, heading="TỔ CHỨC THỰC HIỆN")
    post = f.UnitFactory(organization=org, name="Công chức Văn phòng - Thống kê", kind="post", order=0)

    def duty(order, lead, content):
        return f.TaskFactory(plan=plan, order=order, lead_unit=lead, kind="duty", section=organizing,
                             due_kind="continuous", due_date=None, content=content)

    d1 = duty(1, post, "Tham mưu xây dựng kế hoạch công tác dân vận")
    d2 = duty(2, unit_a, "Tuyên truyền trên hệ thống truyền thanh xã")
    d3 = duty(3, post, "Công khai thủ tục hành chính tại trụ sở")
    duty(4, unit_a, "Hướng dẫn các thôn xây dựng hương ước")
    issue_plan(plan)
    round1 = f.RoundFactory(plan=plan, order=1, name="Báo cáo 6 tháng", deadline=datetime.date(2025, 6, 17),
                            period_start=datetime.date(2024, 12, 15), period_end=datetime.date(2025, 6, 14))
    make_report(round1, post, submitted_at=local(2025, 6, 16), entries=[
        {"task": d1, "status": "done", "done_text": "Đã ban hành kế hoạch"},
        {"task": d3, "status": "in_progress", "done_text": "Niêm yết 45 thủ tục"}])
    make_report(round1, unit_a, submitted_at=local(2025, 6, 16), entries=[
        {"task": d2, "status": "in_progress", "done_text": "Phát 24 tin bài"}])
    with time_machine.travel(local(2025, 6, 18), tick=False):
        rollup = services.rollup_compile(round=round1, user=editor)
    assert rollup.results_text.splitlines() == [
        "1. Công chức Văn phòng - Thống kê",
        "Có 2 nhiệm vụ: 1 hoàn thành, 1 đang thực hiện.",
        "- Tham mưu xây dựng kế hoạch công tác dân vận: Đã ban hành kế hoạch.",
        "- Công khai thủ tục hành chính tại trụ sở: Niêm yết 45 thủ tục.",
        "2. Phòng Văn hóa - Xã hội",
        "Có 2 nhiệm vụ: 1 đang thực hiện, 1 chưa thực hiện.",
        "- Tuyên truyền trên hệ thống truyền thanh xã: Phát 24 tin bài.",
        "- Hướng dẫn các thôn xây dựng hương ước (chưa có báo cáo kết quả).",
    ]
