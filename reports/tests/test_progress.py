"""Unit reports: the on-time rule at the boundary, submission, review, versions, board states."""

import re
from urllib.parse import quote

import pytest
from django.test import override_settings
from django.urls import reverse

from danvan.tests import factories as f
from reports import progress
from reports.models import ReportStatus, UnitReport, UnitReportVersion
from reports.tests.factories_progress import (  # noqa: F401 - fixtures
    at, issued_plan, local, media_root, pdf_file, reporter, round1, save_draft, submit, task1,
)


# --- On time or late: the one rule (DOMAIN.md), at 23:59 and 00:00 local time ----------------------

@pytest.mark.parametrize("moment, late", [
    (local(2025, 9, 2, 23, 59), False),
    (local(2025, 9, 3, 0, 0), True),
])
def test_deadline_before_day_is_exclusive(round1, unit_a, reporter_a, moment, late):
    with at(moment):
        report = submit(round1, unit_a, reporter_a)
    assert report.is_late is late
    assert report.versions.get().is_late is late


@pytest.mark.parametrize("moment, late", [
    (local(2025, 9, 3, 23, 59), False),
    (local(2025, 9, 4, 0, 0), True),
])
def test_deadline_day_counts_when_setting_off(round1, unit_a, reporter_a, moment, late):
    with override_settings(REPORT_DEADLINE_EXCLUSIVE=False), at(moment):
        report = submit(round1, unit_a, reporter_a)
    assert report.is_late is late


def test_submission_is_time_stamped_and_frozen(round1, unit_a, reporter_a, task1):
    with at(local(2025, 9, 1, 10, 30)):
        report = submit(round1, unit_a, reporter_a, status="done", done_text="Đã tổ chức 3 hội nghị",
                        overall="Hoàn thành tốt")
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_at == local(2025, 9, 1, 10, 30)
    assert report.submitted_by == reporter_a
    version = report.versions.get()
    assert version.number == 1
    assert version.data["overall"] == "Hoàn thành tốt"
    assert [(e["task_id"], e["status"], e["done_text"]) for e in version.data["entries"]] == [
        (task1.pk, "done", "Đã tổ chức 3 hội nghị")]


def test_no_edit_after_submission(round1, unit_a, reporter_a):
    with at(local(2025, 9, 1)):
        report = submit(round1, unit_a, reporter_a)
        with pytest.raises(progress.ProgressError):
            progress.unit_report_save(report=report, user=reporter_a, lock_version=report.lock_version,
                                      overall="sửa lén", changes=[])
    report.refresh_from_db()
    assert report.overall == ""


def test_no_change_after_acceptance(round1, unit_a, reporter_a, editor):
    with at(local(2025, 9, 1)):
        report = submit(round1, unit_a, reporter_a)
        progress.unit_report_accept(report=report, user=editor, version=1)
        with pytest.raises(progress.ProgressError):
            progress.unit_report_return(report=report, user=editor, version=1, reason="Xem lại")
        assert progress.unit_report_submit(report=report, user=reporter_a, lock_version=report.lock_version) is False
        with pytest.raises(progress.ProgressError):
            progress.unit_report_save(report=report, user=reporter_a, lock_version=report.lock_version,
                                      overall="x", changes=[])
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.versions.count() == 1


def test_second_submit_of_the_same_version_is_a_no_op(round1, unit_a, reporter_a):
    """Two tabs loaded the same draft: the first press submits, the second changes nothing."""
    with at(local(2025, 9, 1)):
        report = save_draft(round1, unit_a, reporter_a)
        seen_lock = report.lock_version
        tab1 = UnitReport.objects.get(pk=report.pk)
        tab2 = UnitReport.objects.get(pk=report.pk)
        assert progress.unit_report_submit(report=tab1, user=reporter_a, lock_version=seen_lock) is True
        assert progress.unit_report_submit(report=tab2, user=reporter_a, lock_version=seen_lock) is False
    assert UnitReportVersion.objects.filter(report=report).count() == 1


def test_stale_draft_save_is_refused(round1, unit_a, reporter_a):
    with at(local(2025, 9, 1)):
        report = save_draft(round1, unit_a, reporter_a)
        progress.unit_report_save(report=report, user=reporter_a, lock_version=report.lock_version,
                                  overall="cửa sổ 1", changes=[])
        with pytest.raises(progress.ProgressError, match="cửa sổ khác"):
            progress.unit_report_save(report=report, user=reporter_a, lock_version=report.lock_version,
                                      overall="cửa sổ 2", changes=[])
    report.refresh_from_db()
    assert report.overall == "cửa sổ 1"


def test_return_and_resubmit_keeps_every_version(round1, unit_a, reporter_a, editor, login):
    with at(local(2025, 9, 1, 8, 0)):
        report = submit(round1, unit_a, reporter_a, done_text="Bản đầu")
    with at(local(2025, 9, 2, 9, 0)):
        progress.unit_report_return(report=report, user=editor, version=1, reason="Thiếu số liệu hội nghị")
    report.refresh_from_db()
    assert (report.status, report.version, report.return_reason) == (
        ReportStatus.RETURNED, 2, "Thiếu số liệu hội nghị")
    with at(local(2025, 9, 4, 15, 45)):
        report = submit(round1, unit_a, reporter_a, done_text="Bản sửa có số liệu")
        progress.unit_report_accept(report=report, user=editor, version=2)
    v1, v2 = report.versions.order_by("number")
    assert (v1.outcome, v1.outcome_reason, v1.data["entries"][0]["done_text"]) == (
        "returned", "Thiếu số liệu hội nghị", "Bản đầu")
    assert (v2.outcome, v2.data["entries"][0]["done_text"], v2.is_late) == ("accepted", "Bản sửa có số liệu", True)
    report.refresh_from_db()
    assert report.is_late is False, "the first submission was on time; a revision asked for is not late"

    page = login(editor).get(reverse("reports:unit_report_detail", args=[report.pk])).content.decode()
    assert "Bản đầu" in page and "Bản sửa có số liệu" in page
    assert "Thiếu số liệu hội nghị" in page
    assert "08:00 01/09/2025" in page and "15:45 04/09/2025" in page
    assert page.count(reporter_a.get_full_name()) >= 2


def test_evidence_of_a_submitted_version_is_never_lost(round1, unit_a, reporter_a, editor, login):
    with at(local(2025, 9, 1)):
        report = progress.unit_report_open(round=round1, unit=unit_a)
        entry = report.entries.get()
        change = progress.EntryChange(entry.pk, "in_progress", "Có biên bản",
                                      uploads=[progress.CheckedUpload(pdf_file("Biên bản.pdf"), "pdf", "application/pdf")])
        report = progress.unit_report_save(report=report, user=reporter_a, lock_version=1, overall="", changes=[change])
        evidence = entry.evidence.get()
        progress.unit_report_submit(report=report, user=reporter_a, lock_version=report.lock_version)
        progress.unit_report_return(report=report, user=editor, version=1, reason="Thay biên bản")
        report.refresh_from_db()
        remove = progress.EntryChange(entry.pk, "in_progress", "Có biên bản", remove_evidence=[evidence.pk])
        progress.unit_report_save(report=report, user=reporter_a, lock_version=report.lock_version, overall="",
                                  changes=[remove])
    evidence.refresh_from_db()
    assert evidence.withdrawn_in_version == 2
    assert progress.report_entries(report)[0].evidence.all().count() == 0
    assert report.versions.get(number=1).data["entries"][0]["evidence"][0]["id"] == evidence.pk
    response = login(editor).get(reverse("reports:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert quote("Biên bản.pdf") in response["Content-Disposition"]
    assert not re.search(r"evidence/|media", response["Content-Disposition"])


def test_evidence_never_submitted_is_deleted_with_its_file(round1, unit_a, reporter_a, media_root,
                                                          django_capture_on_commit_callbacks):
    with at(local(2025, 9, 1)):
        report = progress.unit_report_open(round=round1, unit=unit_a)
        entry = report.entries.get()
        upload = progress.CheckedUpload(pdf_file(), "pdf", "application/pdf")
        report = progress.unit_report_save(report=report, user=reporter_a, lock_version=1, overall="",
                                           changes=[progress.EntryChange(entry.pk, "in_progress", uploads=[upload])])
        evidence = entry.evidence.get()
        path = media_root / evidence.file.name
        assert path.exists() and "bien-ban" not in evidence.file.name
        with django_capture_on_commit_callbacks(execute=True):
            progress.unit_report_save(report=report, user=reporter_a, lock_version=report.lock_version, overall="",
                                      changes=[progress.EntryChange(entry.pk, "in_progress",
                                                                    remove_evidence=[evidence.pk])])
    assert not entry.evidence.exists()
    assert not path.exists()


def test_report_without_any_task_cannot_be_submitted(issued_plan, org, round1, task1):
    unit_c = f.UnitFactory(organization=org, name="Hội Nông dân")
    task1.coordinating_units.add(unit_c)
    user = reporter(org, unit_c, "reporter_c")
    with at(local(2025, 9, 1)):
        report = progress.unit_report_open(round=round1, unit=unit_c)
        assert report.entries.get().included is False
        with pytest.raises(progress.ProgressError, match="chưa có nội dung"):
            progress.unit_report_submit(report=report, user=user, lock_version=report.lock_version)


def test_no_report_on_a_plan_that_is_not_issued(plan, unit_a):
    with pytest.raises(progress.ProgressError):
        progress.unit_report_open(round=plan.rounds.first(), unit=unit_a)


# --- The round board -----------------------------------------------------------------------------

def board_states(client, round_, user) -> dict[str, str]:
    client.force_login(user)  # sessions expire after an hour idle; time travels here
    html = client.get(reverse("reports:round_board", args=[round_.pk])).content.decode()
    rows = re.findall(r'<tr data-unit="\d+">\s*<td>\d+</td>\s*<td>([^<]+)</td>.*?<span class="badge[^"]*">([^<]+)</span>',
                      html, re.S)
    return dict(rows)


@pytest.fixture
def six_units(issued_plan, org):
    """Six units each leading a task of the issued plan, each with a reporter."""
    units = []
    for index in range(6):
        unit = f.UnitFactory(organization=org, name=f"Đơn vị {index + 1}", order=10 + index)
        f.TaskFactory(plan=issued_plan, lead_unit=unit, order=10 + index)
        units.append((unit, reporter(org, unit, f"rep{index + 1}")))
    return units


def test_board_states_before_and_after_the_deadline(six_units, round1, editor, client):
    (u1, r1), (u2, r2), (u3, r3), (u4, r4), (u5, r5), (u6, r6) = six_units
    with at(local(2025, 9, 1)):
        progress.unit_report_open(round=round1, unit=u1)  # opened, never saved
        save_draft(round1, u2, r2)
        submit(round1, u3, r3)
        report5 = submit(round1, u5, r5)
        report6 = submit(round1, u6, r6)
        states = board_states(client, round1, editor)
    assert states["Đơn vị 1"] == "Chưa bắt đầu"
    assert states["Đơn vị 2"] == "Đang soạn"
    assert states["Đơn vị 3"] == "Đã gửi đúng hạn"
    assert states["Đơn vị 4"] == "Chưa bắt đầu"
    with at(local(2025, 9, 5)):
        submit(round1, u4, r4)
        progress.unit_report_return(report=report5, user=editor, version=1, reason="Bổ sung")
        progress.unit_report_accept(report=report6, user=editor, version=1)
        states = board_states(client, round1, editor)
    assert states == {
        "Phòng Văn hóa - Xã hội": "Quá hạn chưa gửi",
        "Trung tâm sự nghiệp công": "Quá hạn chưa gửi",
        "Đơn vị 1": "Quá hạn chưa gửi",
        "Đơn vị 2": "Quá hạn chưa gửi",
        "Đơn vị 3": "Đã gửi đúng hạn",
        "Đơn vị 4": "Đã gửi muộn",
        "Đơn vị 5": "Bị trả lại",
        "Đơn vị 6": "Đã tiếp nhận",
    }


def test_board_lists_coordinating_units_that_sent_a_part(issued_plan, org, round1, task1, editor, login):
    """A co-ordinating unit is never owed a report: it shows once it has sent its part, and is not counted."""
    unit_c = f.UnitFactory(organization=org, name="Hội Liên hiệp Phụ nữ", order=9)
    task1.coordinating_units.add(unit_c)
    user = reporter(org, unit_c, "reporter_c")
    client = login(editor)
    with at(local(2025, 9, 1)):
        progress.unit_report_open(round=round1, unit=unit_c)
        save_draft(round1, unit_c, user, include_parts=True)
        assert "Hội Liên hiệp Phụ nữ" not in board_states(client, round1, editor)  # a draft is nobody's business
        submit(round1, unit_c, user, include_parts=True)
        assert board_states(client, round1, editor)["Hội Liên hiệp Phụ nữ"] == "Đã gửi đúng hạn"
        html = client.get(reverse("reports:round_board", args=[round1.pk])).content.decode()
    assert re.search(r"Hội Liên hiệp Phụ nữ</td>\s*<td>Phối hợp \(gửi phần việc\)</td>", html)
    assert "Đã gửi đúng hạn: 1" not in html  # the counts are of the units that must report


def test_board_query_count_does_not_grow(six_units, round1, editor, login, django_assert_max_num_queries):
    client = login(editor)
    with at(local(2025, 9, 1)):
        for unit, user in six_units[:2]:
            submit(round1, unit, user)
        with django_assert_max_num_queries(21) as small:  # + the reminders being sent (ReminderRequest)
            client.get(reverse("reports:round_board", args=[round1.pk]))
        for unit, user in six_units[2:]:
            submit(round1, unit, user)
        with django_assert_max_num_queries(len(small.captured_queries)):  # not one more for 4 more units
            client.get(reverse("reports:round_board", args=[round1.pk]))
