"""Refreshing the figures keeps the edited text; the life cycle and the register shared with plans."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from danvan.models import IssuedNumber
from danvan.services import register_claim
from reports.rollups import services as services
from reports.models import ReportStatus
from reports.tests.factories_rollup import issue_plan, issue_rollup, local, make_report


@pytest.fixture
def round1(plan):
    issue_plan(plan)
    return plan.rounds.get(order=1)


@pytest.fixture
def tasks(plan):
    return list(plan.tasks.order_by("order"))


@pytest.fixture
def draft(round1, tasks, unit_a, editor):
    """Unit A reported on time; unit B has not reported yet."""
    make_report(round1, unit_a, submitted_at=local(2025, 9, 1), entries=[
        {"task": tasks[0], "status": "in_progress", "done_text": "Đã tổ chức hội nghị"}])
    with time_machine.travel(local(2025, 9, 3, 10), tick=False):
        return services.rollup_compile(round=round1, user=editor)


def edit(rollup, user, **data):
    return services.rollup_update(rollup=rollup, user=user, expected_version=rollup.version, data=data)


def test_refresh_after_a_late_report_keeps_the_edited_text(draft, round1, tasks, unit_b, editor):
    assert [u["name"] for u in draft.figures["units"]["missing"]] == ["Trung tâm sự nghiệp công"]
    draft = edit(draft, editor, results_text="Kết quả do chuyên viên viết lại.", direction_text="Tập trung quý IV.",
                 intro="Mở đầu đã sửa.")
    make_report(round1, unit_b, status=ReportStatus.SUBMITTED, submitted_at=local(2025, 9, 4), entries=[
        {"task": tasks[1], "status": "done", "done_text": "Tiếp dân thường xuyên"},
        {"task": tasks[0], "status": "in_progress", "done_text": "Phối hợp đưa tin"}])
    with time_machine.travel(local(2025, 9, 5), tick=False):
        refreshed = services.rollup_refresh_figures(rollup=draft, user=editor)
    assert refreshed.results_text == "Kết quả do chuyên viên viết lại."
    assert refreshed.intro == "Mở đầu đã sửa."
    assert refreshed.direction_text == "Tập trung quý IV."
    assert refreshed.version == draft.version  # figures only: an open editing page stays valid
    units = refreshed.figures["units"]
    assert [u["name"] for u in units["late"]] == ["Trung tâm sự nghiệp công"]
    assert units["missing"] == []
    assert refreshed.figures["tasks"]["done"] == 1
    assert refreshed.figures["pending_additions"] == 2


def test_append_adds_only_the_new_words_at_the_end(draft, round1, tasks, unit_b, editor):
    draft = edit(draft, editor, results_text="Phần đã sửa.")
    make_report(round1, unit_b, submitted_at=local(2025, 9, 4), entries=[
        {"task": tasks[1], "status": "done", "done_text": "Tiếp dân thường xuyên"}])
    with time_machine.travel(local(2025, 9, 5), tick=False):
        refreshed = services.rollup_refresh_figures(rollup=draft, user=editor, append_results=True)
    lines = refreshed.results_text.splitlines()
    assert lines[0] == "Phần đã sửa."
    assert lines[1] == "Bổ sung theo báo cáo nhận thêm (cập nhật ngày 05/9/2025):"
    assert lines[2:] == [f"- Nhiệm vụ 2 ({tasks[1].content}):",
                         "+ Trung tâm sự nghiệp công (chủ trì): hoàn thành. Tiếp dân thường xuyên."]
    assert "Đã tổ chức hội nghị" not in refreshed.results_text  # already compiled: not repeated
    assert refreshed.version == draft.version + 1
    assert refreshed.figures["pending_additions"] == 0
    with pytest.raises(ValidationError, match="người khác sửa"):
        edit(draft, editor, results_text="Bản cũ ghi đè")  # the page opened before the addition


def test_stale_save_is_refused_and_changes_nothing(draft, editor):
    stale_version = draft.version
    edit(draft, editor, intro="Lần sửa thứ nhất")
    with pytest.raises(ValidationError, match="tải lại trang"):
        services.rollup_update(rollup=draft, user=editor, expected_version=stale_version, data={"intro": "Lần hai"})
    draft.refresh_from_db()
    assert draft.intro == "Lần sửa thứ nhất"


def test_submit_needs_the_direction_section(draft, editor):
    draft = edit(draft, editor, direction_text="")
    with pytest.raises(ValidationError, match="phương hướng, nhiệm vụ kỳ tới"):
        services.rollup_submit(rollup=draft, user=editor)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_life_cycle_and_snapshot(draft, editor, approver, clerk):
    draft = edit(draft, editor, direction_text="Tiếp tục tuyên truyền.")
    submitted = services.rollup_submit(rollup=draft, user=editor)
    assert submitted.status == "submitted"
    with pytest.raises(ValidationError):
        edit(submitted, editor, intro="Không được sửa khi đã trình")
    returned = services.rollup_return(rollup=submitted, user=approver, reason="Bổ sung số liệu quý III")
    assert (returned.status, returned.return_reason) == ("draft", "Bổ sung số liệu quý III")
    services.rollup_submit(rollup=returned, user=editor)
    approved = services.rollup_approve(rollup=returned, user=approver)
    assert approved.status == "approved" and approved.approved_by == approver
    with pytest.raises(ValidationError):
        services.rollup_refresh_figures(rollup=approved, user=editor)
    issued = services.rollup_issue(rollup=approved, user=clerk, issued_on=datetime.date(2025, 9, 10))
    assert issued.status == "issued"
    assert issued.number_display == "13/BC-UBND"  # after the plan's 12/KH-UBND, same register
    assert issued.register_entry.kind == "BC" and issued.register_entry.symbol == "BC-UBND"
    assert issued.snapshot["number"] == 13 and issued.snapshot["direction_text"] == "Tiếp tục tuyên truyền."
    with pytest.raises(ValidationError):  # issuing twice never takes a second number
        services.rollup_issue(rollup=issued, user=clerk, issued_on=datetime.date(2025, 9, 10))
    assert IssuedNumber.objects.filter(organization=issued.organization).count() == 2  # the plan's KH + this BC


def test_plan_and_report_share_the_register(draft, org, editor, approver, clerk):
    """The plan took 12/KH in 2025; a BC the same year never gets 12, and a typed 12 is refused."""
    with pytest.raises(ValidationError, match="đã được cấp"):
        issue_rollup(draft, approver=approver, clerk=clerk, number=12)
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.number is None
    issued = services.rollup_issue(rollup=draft, user=clerk, issued_on=datetime.date(2025, 9, 10))
    assert issued.number == 13
    plan_entry = register_claim(organization=org, kind="KH", symbol="KH-UBND",
                                issued_on=datetime.date(2025, 9, 11), title="Kế hoạch khác")
    assert plan_entry.number == 14
    numbers = list(IssuedNumber.objects.filter(organization=org, year=2025).values_list("number", flat=True))
    assert sorted(numbers) == [12, 13, 14]


def test_new_year_starts_at_one(draft, approver, clerk):
    issued = issue_rollup(draft, approver=approver, clerk=clerk, issued_on=datetime.date(2026, 1, 5))
    assert issued.number_display == "01/BC-UBND"


def test_compile_after_issue_starts_a_new_draft(draft, round1, editor, approver, clerk):
    issue_rollup(draft, approver=approver, clerk=clerk)
    again = services.rollup_compile(round=round1, user=editor)
    assert again.pk != draft.pk and again.status == "draft"


def test_scan_must_be_a_real_pdf_or_image(draft, approver, clerk, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    issued = issue_rollup(draft, approver=approver, clerk=clerk)
    with pytest.raises(ValidationError, match="Nội dung tệp không phải PDF"):
        services.rollup_attach_scan(rollup=issued, user=clerk,
                                    upload=SimpleUploadedFile("ban-ky.pdf", b"MZ\x90\x00 not a pdf"))
    issued.refresh_from_db()
    assert not issued.signed_scan
    pdf = SimpleUploadedFile("ban-ky.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    with_scan = services.rollup_attach_scan(rollup=issued, user=clerk, upload=pdf)
    assert with_scan.signed_scan.name.endswith(".pdf")
    assert "ban-ky" not in with_scan.signed_scan.name  # stored under a generated name


def test_scan_only_after_issue(draft, clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        services.rollup_attach_scan(rollup=draft, user=clerk, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))


def test_return_needs_a_reason(draft, editor, approver):
    draft = edit(draft, editor, direction_text="Phương hướng.")
    services.rollup_submit(rollup=draft, user=editor)
    with pytest.raises(ValidationError, match="lý do"):
        services.rollup_return(rollup=draft, user=approver, reason="  ")
