"""Unit report pages: who may do what (every view × persona), the form, the reporter's page and the
task status on the plan page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from danvan.tests import factories as f
from reports import progress
from reports.models import Evidence, ReportStatus, UnitReport
from reports.tests.factories_progress import (  # noqa: F401 - fixtures
    at, issue, issued_plan, local, media_root, pdf_file, png_file, reporter, round1, round2, save_draft, submit,
    task1, task2,
)

PERSONAS = ["editor", "org_admin", "approver", "clerk", "viewer", "reporter_a", "reporter_b", "outsider",
            "parent_user"]


@pytest.fixture
def submitted(round1, unit_a, reporter_a):
    """Unit A's report for round 1, submitted on time with one PDF."""
    with at(local(2025, 9, 1)):
        report = progress.unit_report_open(round=round1, unit=unit_a)
        entry = report.entries.get()
        upload = progress.CheckedUpload(pdf_file(), "pdf", "application/pdf")
        report = progress.unit_report_save(report=report, user=reporter_a, lock_version=1, overall="Tốt",
                                           changes=[progress.EntryChange(entry.pk, "done", "Đã làm", uploads=[upload])])
        progress.unit_report_submit(report=report, user=reporter_a, lock_version=report.lock_version)
    report.refresh_from_db()
    return report


def persona(request, name):
    return request.getfixturevalue(name)


def status_of(client, method, url, data=None):
    response = getattr(client, method)(url, data or {})
    if response.streaming:
        b"".join(response.streaming_content)  # reading to the end closes the file (as a WSGI server would)
    return response.status_code


# --- Permission matrix ---------------------------------------------------------------------------

EDIT_EXPECTED = {"reporter_a": 200, "reporter_b": 404, "outsider": 404, "editor": 403, "org_admin": 403,
                 "approver": 403, "clerk": 403, "viewer": 403, "parent_user": 403}


@pytest.mark.parametrize("name", PERSONAS)
def test_edit_page_only_for_the_units_reporter(request, name, round1, unit_a, login):
    client = login(persona(request, name))
    url = reverse("reports:unit_report_edit", args=[round1.pk, unit_a.pk])
    assert status_of(client, "get", url) == EDIT_EXPECTED[name]
    expected_post = 302 if name == "reporter_a" else EDIT_EXPECTED[name]
    report = UnitReport.objects.filter(unit=unit_a).first()
    data = form_data(report, overall="x") if report else {"lock_version": 1, "overall": "x", "action": "save"}
    assert status_of(client, "post", url, data) == expected_post
    if name != "reporter_a":
        assert not UnitReport.objects.filter(unit=unit_a, overall="x").exists()


READ_EXPECTED = {"reporter_a": 200, "reporter_b": 404, "outsider": 404, "editor": 200, "org_admin": 200,
                 "approver": 200, "clerk": 200, "viewer": 200, "parent_user": 200}


@pytest.mark.parametrize("name", PERSONAS)
def test_detail_and_evidence_readers(request, name, submitted, login):
    client = login(persona(request, name))
    assert status_of(client, "get", reverse("reports:unit_report_detail", args=[submitted.pk])) == READ_EXPECTED[name]
    evidence = Evidence.objects.get()
    assert status_of(client, "get", reverse("reports:evidence", args=[evidence.pk])) == READ_EXPECTED[name]


BOARD_EXPECTED = {"reporter_a": 403, "reporter_b": 403, "outsider": 404, "editor": 200, "org_admin": 200,
                  "approver": 200, "clerk": 200, "viewer": 200, "parent_user": 200}


@pytest.mark.parametrize("name", PERSONAS)
def test_round_board_readers(request, name, round1, login):
    client = login(persona(request, name))
    assert status_of(client, "get", reverse("reports:round_board", args=[round1.pk])) == BOARD_EXPECTED[name]


REVIEW_EXPECTED = {"reporter_a": 403, "reporter_b": 404, "outsider": 404, "editor": 302, "org_admin": 302,
                   "approver": 403, "clerk": 403, "viewer": 403, "parent_user": 403}


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("action, data, outcome", [
    ("reports:unit_report_accept", {"version": 1}, ReportStatus.ACCEPTED),
    ("reports:unit_report_return", {"version": 1, "reason": "Bổ sung số liệu"}, ReportStatus.RETURNED),
])
def test_review_only_by_editors(request, name, action, data, outcome, submitted, login):
    client = login(persona(request, name))
    url = reverse(action, args=[submitted.pk])
    assert status_of(client, "post", url, data) == REVIEW_EXPECTED[name]
    submitted.refresh_from_db()
    assert submitted.status == (outcome if REVIEW_EXPECTED[name] == 302 else ReportStatus.SUBMITTED)


@pytest.mark.parametrize("url_name", ["reports:unit_report_accept", "reports:unit_report_return"])
def test_review_get_is_405(url_name, submitted, editor, login):
    assert status_of(login(editor), "get", reverse(url_name, args=[submitted.pk])) == 405


@pytest.mark.parametrize("url_name", ["reports:calendar_token_reset", "reports:calendar_token_revoke"])
def test_calendar_mutations_get_is_405(url_name, reporter_a, login):
    assert status_of(login(reporter_a), "get", reverse(url_name)) == 405


@pytest.mark.parametrize("url", [
    lambda r: reverse("reports:my_unit"),
    lambda r: reverse("reports:unit_report_edit", args=[r.round_id, r.unit_id]),
    lambda r: reverse("reports:unit_report_detail", args=[r.pk]),
    lambda r: reverse("reports:round_board", args=[r.round_id]),
    lambda r: reverse("reports:evidence", args=[Evidence.objects.get().pk]),
    lambda r: reverse("reports:calendar_settings"),
])
def test_anonymous_is_sent_to_sign_in(url, submitted, client):
    response = client.get(url(submitted))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_anonymous_cannot_review(submitted, client):
    response = client.post(reverse("reports:unit_report_accept", args=[submitted.pk]), {"version": 1})
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_return_needs_a_reason(submitted, editor, login):
    response = login(editor).post(reverse("reports:unit_report_return", args=[submitted.pk]),
                                  {"version": 1, "reason": "  "})
    assert response.status_code == 200
    assert "Cần nêu lý do trả lại" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_accepting_an_older_version_than_the_current_is_refused(submitted, editor, reporter_a, login):
    with at(local(2025, 9, 2)):
        progress.unit_report_return(report=submitted, user=editor, version=1, reason="Sửa")
        submit(submitted.round, submitted.unit, reporter_a)
        client = login(editor)
        response = client.post(reverse("reports:unit_report_accept", args=[submitted.pk]), {"version": 1}, follow=True)
    assert "bản khác" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_draft_evidence_is_hidden_from_editors(round1, unit_a, reporter_a, editor, login):
    with at(local(2025, 9, 1)):
        report = progress.unit_report_open(round=round1, unit=unit_a)
        entry = report.entries.get()
        upload = progress.CheckedUpload(pdf_file(), "pdf", "application/pdf")
        progress.unit_report_save(report=report, user=reporter_a, lock_version=1, overall="",
                                  changes=[progress.EntryChange(entry.pk, "done", uploads=[upload])])
    url = reverse("reports:evidence", args=[Evidence.objects.get().pk])
    assert status_of(login(editor), "get", url) == 404
    assert status_of(login(reporter_a), "get", url) == 200


def test_unissued_plan_has_no_board_nor_report(plan, unit_a, reporter_a, editor, login):
    round_ = plan.rounds.first()
    assert status_of(login(editor), "get", reverse("reports:round_board", args=[round_.pk])) == 404
    assert status_of(login(reporter_a), "get",
                     reverse("reports:unit_report_edit", args=[round_.pk, unit_a.pk])) == 404


# --- The report form -----------------------------------------------------------------------------

def form_data(report, **extra):
    data = {"lock_version": report.lock_version, "overall": "Đánh giá chung của đơn vị", "action": "save"}
    for entry in report.entries.all():
        data.update({f"e{entry.pk}-status": "in_progress", f"e{entry.pk}-done_text": "Đã tuyên truyền 5 buổi",
                     f"e{entry.pk}-difficulties": "Kinh phí hạn chế", f"e{entry.pk}-proposals": "Bổ sung kinh phí"})
    data.update(extra)
    return data


def open_report(client, round_, unit):
    url = reverse("reports:unit_report_edit", args=[round_.pk, unit.pk])
    assert client.get(url).status_code == 200
    return url, UnitReport.objects.get(round=round_, unit=unit)


def test_draft_then_submit_through_the_form(round1, unit_a, reporter_a, login):
    client = login(reporter_a)
    with at(local(2025, 9, 1, 14, 0)):
        url, report = open_report(client, round1, unit_a)
        entry = report.entries.get()
        response = client.post(url, form_data(report, **{f"e{entry.pk}-files": [pdf_file(), png_file()]}))
        assert response.status_code == 302
        assert {e.original_name for e in entry.evidence.all()} == {"bien-ban.pdf", "anh-hoi-nghi.png"}
        report.refresh_from_db()
        response = client.post(url, form_data(report, action="submit"), follow=True)
    page = response.content.decode()
    assert "Đã gửi báo cáo (lần 1, đúng hạn)" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.overall == "Đánh giá chung của đơn vị"
    assert len(report.versions.get().data["entries"][0]["evidence"]) == 2


@pytest.mark.parametrize("name, content, reason", [
    ("gia-mao.pdf", b"khong phai pdf", "không phải PDF"),
    ("cai-dat.exe", b"MZ\x90\x00" + b"\0" * 64, "“.exe” không được chấp nhận"),
    ("qua-lon.pdf", pdf_file().read() + b"%" * 4096, "quá lớn"),
])
def test_bad_file_is_refused_and_the_form_kept(name, content, reason, round1, unit_a, reporter_a, login, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    client = login(reporter_a)
    with at(local(2025, 9, 1)):
        url, report = open_report(client, round1, unit_a)
        entry = report.entries.get()
        data = form_data(report, **{f"e{entry.pk}-files": [SimpleUploadedFile(name, content)],
                                    f"e{entry.pk}-done_text": "Nội dung gõ dở, không được mất"})
        response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Tệp “{name}” bị từ chối" in page and reason in page
    assert "Nội dung gõ dở, không được mất" in page and "Đánh giá chung của đơn vị" in page
    assert "Kinh phí hạn chế" in page
    report.refresh_from_db()
    assert report.lock_version == 1 and report.overall == "" and not Evidence.objects.exists()


def test_second_tab_submit_makes_no_second_version(round1, unit_a, reporter_a, login):
    client = login(reporter_a)
    with at(local(2025, 9, 1)):
        url, report = open_report(client, round1, unit_a)
        data = form_data(report, action="submit")
        client.post(url, data)
        response = client.post(url, data, follow=True)
    assert "lần bấm này không tạo bản gửi mới" in response.content.decode()
    assert report.versions.count() == 1


def test_stale_save_keeps_what_was_typed(round1, unit_a, reporter_a, login):
    client = login(reporter_a)
    with at(local(2025, 9, 1)):
        url, report = open_report(client, round1, unit_a)
        stale = form_data(report, overall="Bản ở cửa sổ 2")
        client.post(url, form_data(report, overall="Bản ở cửa sổ 1"))
        response = client.post(url, stale)
    page = response.content.decode()
    assert response.status_code == 200 and "cửa sổ khác" in page and "Bản ở cửa sổ 2" in page
    report.refresh_from_db()
    assert report.overall == "Bản ở cửa sổ 1"


def test_submitted_report_cannot_be_edited_through_the_form(submitted, reporter_a, login):
    client = login(reporter_a)
    url = reverse("reports:unit_report_edit", args=[submitted.round_id, submitted.unit_id])
    response = client.post(url, form_data(submitted, overall="Sửa sau khi gửi"))
    assert response.status_code == 302 and response["Location"] == submitted.get_absolute_url()
    submitted.refresh_from_db()
    assert submitted.overall == "Tốt"


def test_coordinating_unit_adds_its_part(round1, unit_b, reporter_b, task1, task2, login, editor):
    client = login(reporter_b)
    with at(local(2025, 9, 1)):
        url, report = open_report(client, round1, unit_b)
        part = report.entries.get(task=task1)
        assert (part.is_lead, part.included) == (False, False)
        data = form_data(report, action="submit", **{f"e{part.pk}-included": "on",
                                                      f"e{part.pk}-done_text": "Phối hợp tổ chức 2 buổi"})
        client.post(url, data)
    entries = report.versions.get().data["entries"]
    assert [(e["task_id"], e["is_lead"]) for e in entries] == [(task1.pk, False), (task2.pk, True)]


# --- The reporter's page -------------------------------------------------------------------------

def test_my_unit_shows_only_the_units_work(issued_plan, org, unit_a, reporter_a, task1, task2, login):
    draft = f.PlanFactory(organization=org, title="Kế hoạch còn dự thảo")
    f.TaskFactory(plan=draft, lead_unit=unit_a, content="Nhiệm vụ của kế hoạch dự thảo")
    f.RoundFactory(plan=draft, name="Đợt của dự thảo", deadline=issued_plan.rounds.first().deadline)
    with at(local(2025, 8, 31)):
        page = login(reporter_a).get(reverse("reports:my_unit")).content.decode()
    assert task1.content in page and task2.content not in page
    assert "Nhiệm vụ của kế hoạch dự thảo" not in page and "Đợt của dự thảo" not in page
    assert page.index("Báo cáo lần 1") < page.index("Báo cáo lần 2")
    assert "còn 2 ngày" in page and "còn 92 ngày" in page


@pytest.mark.parametrize("moment, words", [
    (local(2025, 9, 2, 8), "hạn hôm nay"),
    (local(2025, 9, 5, 8), "quá hạn 3 ngày"),
])
def test_my_unit_words_for_the_deadline(moment, words, round1, reporter_a, login):
    client = login(reporter_a)
    with at(moment):
        client.force_login(reporter_a)
        assert words in client.get(reverse("reports:my_unit")).content.decode()


def test_my_unit_shows_coordinated_tasks_and_status(round1, reporter_b, task1, login):
    with at(local(2025, 9, 1)):
        page = login(reporter_b).get(reverse("reports:my_unit")).content.decode()
    assert task1.content in page and "Phối hợp (chủ trì: Phòng Văn hóa - Xã hội)" in page
    assert "Thêm phần phối hợp" not in page  # unit B leads task 2 in the same plan: one report, "Mở báo cáo"


# --- Task status on the plan page ---------------------------------------------------------------

def render_status(plan, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("reports/_plan_task_status.html", {"plan": plan, "can_edit": False}, request=request)


def row_of(html, task):
    start = html.index(f'id="task-status-{task.pk}"')
    return html[start:html.index("</tr>", start)]


@pytest.mark.parametrize("moment, label", [
    (local(2025, 9, 5), "Đang thực hiện trong hạn"),
    (local(2025, 9, 25), "Sắp đến hạn"),
    (local(2025, 10, 1), "Quá hạn"),
])
def test_task_status_without_accepted_report(moment, label, issued_plan, task1, task2, editor):
    with at(moment):
        html = render_status(issued_plan, editor)
    assert label in row_of(html, task1)
    assert "Thường xuyên" in row_of(html, task2)


def test_task_status_follows_the_latest_accepted_report(round1, round2, unit_a, reporter_a, editor, task1,
                                                        issued_plan):
    with at(local(2025, 9, 1)):
        report = submit(round1, unit_a, reporter_a, status="done", done_text="Xong")
        assert "Quá hạn" not in row_of(render_status(issued_plan, editor), task1)
        assert "Hoàn thành" not in row_of(render_status(issued_plan, editor), task1), "not accepted yet"
        progress.unit_report_accept(report=report, user=editor, version=1)
        assert "Hoàn thành đúng hạn" in row_of(render_status(issued_plan, editor), task1)


def test_task_status_takes_the_later_round_over_the_earlier(round1, round2, unit_a, reporter_a, editor, task1,
                                                           issued_plan):
    with at(local(2025, 9, 1)):
        first = submit(round1, unit_a, reporter_a, status="in_progress", done_text="Đang tuyên truyền")
        progress.unit_report_accept(report=first, user=editor, version=1)
    with at(local(2025, 11, 20)):
        second = submit(round2, unit_a, reporter_a, status="done", done_text="Đã tuyên truyền xong")
        progress.unit_report_accept(report=second, user=editor, version=1)
        row = row_of(render_status(issued_plan, editor), task1)
    assert "Hoàn thành" in row and round2.name in row and "Đã tuyên truyền xong" in row
    assert "Đang tuyên truyền" not in row


def test_task_done_late_against_the_extended_date(round1, unit_a, reporter_a, editor, task1, issued_plan):
    task1.extended_due_date = task1.due_date.replace(day=10, month=10)
    task1.extension_reason = "Chờ kinh phí"
    task1.save()
    with at(local(2025, 10, 12)):
        report = submit(round1, unit_a, reporter_a, status="done")
        progress.unit_report_accept(report=report, user=editor, version=1)
        row = row_of(render_status(issued_plan, editor), task1)
    assert "Hoàn thành quá hạn" in row
    assert "Trước ngày 30/09/2025" in row and "Gia hạn đến ngày 10/10/2025" in row and "Chờ kinh phí" in row


def test_coordinating_parts_under_the_task(org, round1, unit_b, reporter_b, reporter_a, editor, task1, issued_plan):
    unit_c = f.UnitFactory(organization=org, name="Đoàn Thanh niên")
    reporter_c = reporter(org, unit_c, "reporter_c")
    with at(local(2025, 9, 1)):
        save_draft(round1, unit_b, reporter_b, include_parts=True, done_text="Phần nháp của B")
        assert "Phần nháp của B" not in render_status(issued_plan, editor), "a draft is nobody's business"
        submit(round1, unit_b, reporter_b, include_parts=True, done_text="B phối hợp 2 buổi")
        assert "B phối hợp 2 buổi" in row_of(render_status(issued_plan, editor), task1)
        assert "B phối hợp 2 buổi" in row_of(render_status(issued_plan, reporter_a), task1), "lead unit sees parts"
        assert "B phối hợp 2 buổi" not in render_status(issued_plan, reporter_c)


def test_status_partial_is_empty_for_a_draft_plan(plan, editor):
    assert "Tình hình thực hiện" not in render_status(plan, editor)


def test_links_partial_on_home_and_plan(issued_plan, round1, editor, reporter_a, login):
    with at(local(2025, 9, 1)):
        html = render_to_string("reports/_round_board_link.html", {}, request=_request(editor))
        assert reverse("reports:round_board", args=[round1.pk]) in html
        html = render_to_string("reports/_round_board_link.html", {"plan": issued_plan}, request=_request(reporter_a))
        assert reverse("reports:unit_report_edit", args=[round1.pk, round1.plan.tasks.get(order=1).lead_unit_id]) in html
        assert reverse("reports:round_board", args=[round1.pk]) not in html


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_plan_with_other_number_is_not_mixed(org, unit_a, reporter_a, login, media_root):
    """Rounds of two issued plans show side by side, each linking to its own report."""
    other = issue(f.PlanFactory(organization=org, title="Kế hoạch phòng chống thiên tai"), number=13)
    f.TaskFactory(plan=other, lead_unit=unit_a)
    round_other = f.RoundFactory(plan=other, name="Báo cáo sơ kết", deadline=local(2025, 10, 1).date())
    with at(local(2025, 9, 20)):
        page = login(reporter_a).get(reverse("reports:my_unit")).content.decode()
    assert "Báo cáo sơ kết" in page
    assert reverse("reports:unit_report_edit", args=[round_other.pk, unit_a.pk]) in page


def test_plan_page_shows_task_status(issued_plan, round1, unit_a, reporter_a, editor, task1, login):
    with at(local(2025, 9, 1)):
        report = submit(round1, unit_a, reporter_a, status="done", done_text="Đã hoàn thành tuyên truyền")
        progress.unit_report_accept(report=report, user=editor, version=1)
        page = login(editor).get(issued_plan.get_absolute_url()).content.decode()
    assert "Tình hình thực hiện nhiệm vụ" in page and "Hoàn thành đúng hạn" in page


def test_my_unit_query_count_does_not_grow(issued_plan, org, unit_a, reporter_a, login, media_root,
                                           django_assert_max_num_queries):
    client = login(reporter_a)

    def add_plans(count, start):
        for index in range(count):
            other = issue(f.PlanFactory(organization=org, title=f"Kế hoạch {start + index}"), number=start + index)
            f.TaskFactory(plan=other, lead_unit=unit_a)
            f.RoundFactory(plan=other, deadline=local(2025, 10, 1).date())

    with at(local(2025, 9, 1)):
        add_plans(1, 30)
        with django_assert_max_num_queries(25) as small:
            client.get(reverse("reports:my_unit"))
        add_plans(5, 40)
        with django_assert_max_num_queries(len(small.captured_queries)):  # not one more for 5 more plans
            client.get(reverse("reports:my_unit"))


def _history(org, unit, count, start):
    """`count` issued plans led by `unit`, each with a round whose report the office accepted, and
    one task each (the unit's history)."""
    for index in range(count):
        plan = issue(f.PlanFactory(organization=org, title=f"Kế hoạch đã xong {start + index}"), number=start + index)
        f.TaskFactory(plan=plan, lead_unit=unit, content=f"Nhiệm vụ đã xong {start + index}")
        round_ = f.RoundFactory(plan=plan, name=f"Đợt đã xong {start + index}",
                                deadline=local(2025, 1, 1).date() + datetime.timedelta(days=index))
        UnitReport.objects.create(round=round_, unit=unit, status=ReportStatus.ACCEPTED, overall="Đã triển khai.",
                                  submitted_at=local(2025, 8, 1), is_late=False)


def test_my_unit_pages_its_history_and_tasks(issued_plan, org, unit_a, reporter_a, login):
    _history(org, unit_a, 25, 100)
    client = login(reporter_a)
    with at(local(2025, 9, 1)):
        page = client.get(reverse("reports:my_unit")).content.decode()
        # The open rounds are all there; of the 25 accepted reports, the latest 20.
        assert "Báo cáo lần 1" in page and "Báo cáo lần 2" in page
        assert "Đợt đã xong 124" in page and "Đợt đã xong 105" in page and "Đợt đã xong 104 " not in page
        assert "Trang 1/2 · 25 mục" in page  # the history (20 a page)
        assert "Trang 1/2 · 26 mục" in page  # the tasks: 25 of the history and task 1 of the open plan
        assert 'aria-label="Phân trang báo cáo đã được tiếp nhận"' in page
        assert 'href="?da_tiep_nhan=2#da-tiep-nhan">Trang sau ›</a>' in page
        second = client.get(reverse("reports:my_unit"), {"da_tiep_nhan": 2, "nhiem_vu": 2}).content.decode()
    assert "Đợt đã xong 104" in second and "Đợt đã xong 100" in second and "Đợt đã xong 124" not in second
    assert "Trang 2/2 · 25 mục" in second and "‹ Trang trước" in second
    assert 'href="?nhiem_vu=2&amp;da_tiep_nhan=1#da-tiep-nhan">‹ Trang trước</a>' in second  # keeps the task page
    assert "Báo cáo lần 1" in second  # the open rounds on every page
    assert "Trang 2/2 · 26 mục" in second and second.count("Nhiệm vụ đã xong") == 6


def test_my_unit_costs_the_same_whatever_the_history(issued_plan, org, unit_a, reporter_a, login, monkeypatch):
    """Same queries, and the same number of rows read, with 3 or 40 accepted reports and tasks."""
    from django.db import connection
    from django.db.models.signals import post_init
    from django.test.utils import CaptureQueriesContext

    from tasks.models import ReportingRound, Task

    client = login(reporter_a)

    def measure():
        built = []

        def count(sender, **kwargs):
            built.append(sender.__name__)

        for model in (UnitReport, ReportingRound, Task):
            post_init.connect(count, sender=model)
        try:
            with at(local(2025, 9, 1)), CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("reports:my_unit")).status_code == 200
        finally:
            for model in (UnitReport, ReportingRound, Task):
                post_init.disconnect(count, sender=model)
        return len(queries.captured_queries), sorted(built)

    _history(org, unit_a, 21, 100)
    small = measure()
    _history(org, unit_a, 40, 200)
    large = measure()
    assert small == large  # the same queries, and as many reports, rounds and tasks read


def test_plan_page_query_count_does_not_grow(issued_plan, round1, unit_a, unit_b, reporter_a, reporter_b, editor,
                                             login, django_assert_max_num_queries):
    """The issued plan page reads its tasks once for both tables, whatever the number of tasks
    and reports (it was the slowest page under load)."""
    client = login(editor)
    with at(local(2025, 9, 1)):
        with django_assert_max_num_queries(30) as small:
            assert client.get(issued_plan.get_absolute_url()).status_code == 200
        for order in range(3, 23):
            task = f.TaskFactory(plan=issued_plan, order=order, lead_unit=unit_a if order % 2 else unit_b,
                                 content=f"Nhiệm vụ thêm {order}")
            task.coordinating_units.add(unit_b if order % 2 else unit_a)
        for unit, user in ((unit_a, reporter_a), (unit_b, reporter_b)):
            report = submit(round1, unit, user, status="done", done_text=f"Đã xong ({unit.short_name})",
                            include_parts=True)
            progress.unit_report_accept(report=report, user=editor, version=1)
        with django_assert_max_num_queries(len(small.captured_queries)) as large:
            page = client.get(issued_plan.get_absolute_url()).content.decode()
    assert page.count('class="task-row"') == 22 and page.count('id="task-status-') == 22
    assert "Đã xong (TTSNC)" in page  # a co-ordinating unit's part, shown under the task
    task_reads = [q["sql"] for q in large.captured_queries if q["sql"].startswith('SELECT "tasks_task"."id"')]
    assert len(task_reads) == 1, task_reads
