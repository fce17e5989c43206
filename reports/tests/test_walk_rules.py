"""Issue 12, item 8: what the new user's walk got through in silence now gets a rule and words.

- a report entry marked "Hoàn thành" with no result written cannot be sent;
- a task cannot be due before its plan starts (2020 on a 2025 plan), nor years after it ends;
- a plan's year must be a year of its dates;
- a title longer than its limit is refused in words, never cut by the browser;
- a draft prints its own year in the date line, not the year it is printed in.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from danvan.text import date_line
from reports import documents, progress
from reports.models import ReportStatus
from reports.tests.factories_progress import at, change, issued_plan, local, media_root, round1  # noqa: F401
from tasks import services as task_services

# --- a. "Hoàn thành" without a result ------------------------------------------------------------


def test_an_entry_marked_done_without_a_result_is_not_sent(round1, unit_a, reporter_a):
    with at(local(2025, 9, 1)):
        report = progress.unit_report_open(round=round1, unit=unit_a)
        changes = [change(entry, status="done", done_text="  ", included=True) for entry in report.entries.all()]
        with pytest.raises(progress.ProgressError) as refused:
            progress.unit_report_submit(report=report, user=reporter_a, lock_version=report.lock_version,
                                        overall="", changes=changes)
        assert "Hoàn thành" in refused.value.message and "kết quả" in refused.value.message
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT and report.versions.count() == 0
        changes = [change(entry, status="done", done_text="Đã tổ chức 3 buổi tuyên truyền", included=True)
                   for entry in report.entries.all()]
        assert progress.unit_report_submit(report=report, user=reporter_a, lock_version=report.lock_version,
                                           overall="", changes=changes)


def test_the_report_page_says_why_it_was_not_sent(client, round1, unit_a, reporter_a):
    with at(local(2025, 9, 1)):
        client.force_login(reporter_a)
        url = reverse("reports:unit_report_edit", args=[round1.pk, unit_a.pk])
        client.get(url)
        report = progress.unit_report_open(round=round1, unit=unit_a)
        data = {"lock_version": report.lock_version, "overall": "", "action": "submit"}
        for entry in report.entries.all():
            data |= {f"e{entry.pk}-status": "done", f"e{entry.pk}-done_text": "", f"e{entry.pk}-difficulties": "",
                     f"e{entry.pk}-proposals": ""}
        page = client.post(url, data).content.decode()
    assert "chưa ghi kết quả thực hiện" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


# --- b. A task due long before (or after) its plan ----------------------------------------------------

@pytest.mark.parametrize("due, ok", [("15/06/2020", False), ("30/06/2025", False), ("01/07/2025", True),
                                     ("31/12/2026", True), ("01/01/2027", False)])
def test_a_task_is_due_within_its_plan(plan, unit_a, due, ok):
    plan.period_start, plan.period_end, plan.year = datetime.date(2025, 7, 1), datetime.date(2025, 12, 31), 2025
    plan.save()
    create = lambda: task_services.task_create(plan=plan, content="Tuyên truyền", lead_unit=unit_a,  # noqa: E731
                                               due_kind="date", due=due)
    if ok:
        assert create().due_date
    else:
        with pytest.raises(ValidationError) as refused:
            create()
        assert "01/07/2025" in " ".join(refused.value.message_dict["due"])


def test_the_task_form_says_the_due_date_is_outside_the_plan(client, plan, editor, unit_a):
    client.force_login(editor)
    response = client.post(reverse("tasks:task_create", args=[plan.pk]),
                           {"content": "Tuyên truyền", "lead_unit": unit_a.pk, "due_kind": "date", "due": "15/06/2020",
                            "output": ""}, HTTP_HX_REQUEST="true")
    assert "trước ngày bắt đầu kế hoạch" in response.content.decode()
    assert not plan.tasks.filter(due_date=datetime.date(2020, 6, 15)).exists()


# --- c. The year of a plan --------------------------------------------------------------------------

def test_a_plan_year_outside_its_dates_is_refused(client, plan, editor):
    client.force_login(editor)
    data = {"title": plan.title, "year": 2024, "period_label": "6 tháng cuối năm 2025",
            "period_start": "01/07/2025", "period_end": "31/12/2025", "intro": "", "closing": "",
            "appendix_title": plan.appendix_title, "version": plan.version}
    response = client.post(reverse("plans:edit", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "Năm của kế hoạch (2024) phải là năm của thời gian thực hiện" in response.content.decode()
    plan.refresh_from_db()
    assert plan.year == 2025


# --- d. Long titles -----------------------------------------------------------------------------------

def test_a_long_title_is_refused_in_words_not_cut(client, plan, editor):
    client.force_login(editor)
    page = client.get(reverse("plans:edit", args=[plan.pk])).content.decode()
    title_box = page[page.index('name="title"') - 200:page.index('name="title"') + 200]
    assert "maxlength" not in title_box  # the browser would cut a pasted title without a word
    data = {"title": "Kế hoạch " + "rất dài " * 80, "year": 2025, "period_label": plan.period_label,
            "period_start": plan.period_start.strftime("%d/%m/%Y"), "period_end": plan.period_end.strftime("%d/%m/%Y"),
            "intro": "", "closing": "", "appendix_title": plan.appendix_title, "version": plan.version}
    body = client.post(reverse("plans:edit", args=[plan.pk]), data).content.decode()
    assert "500" in body and "ký tự" in body
    plan.refresh_from_db()
    assert len(plan.title) < 500


# --- e. The draft's date line -------------------------------------------------------------------------

def test_a_draft_prints_its_own_year(plan):
    with at(local(2026, 1, 10)):
        document = documents.plan_context(plan)
    assert plan.year == 2025 and document.date_line.endswith("năm 2025")
    assert "năm 2025" in document.appendices[0].attached_line


def test_the_date_line_of_a_draft_takes_the_documents_year():
    with at(local(2026, 1, 10)):
        assert date_line("An Bình", None, year=2025).endswith("năm 2025")
        assert date_line("An Bình", None).endswith("năm 2026")
        assert date_line("An Bình", datetime.date(2025, 9, 3), year=2024) == "An Bình, ngày 03 tháng 9 năm 2025"
