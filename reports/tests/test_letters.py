"""The round board's "Nhắc đơn vị" and the công văn đôn đốc: drafted for the late units, approved,
numbered from the register without a type code, printed in the state format (PDF and Word), its
signed scan attached by the clerk (and waiting in the clerk's "Việc cần làm" until it is)."""

import datetime
import io
from unittest import mock

import pdfplumber
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from docx import Document as WordDocument

from danvan.models import IssuedNumber, Role
from danvan.tests import factories as f
from plans.models import PlanStatus
from reports import documents, jobs, reminders
from reports.documents.registry import build
from reports.letters import services
from reports.letters.models import ReminderLetter
from reports.models import ReminderLog, ReminderRequest
from reports.tests.factories_documents import MM, builds, document_cache, queued  # noqa: F401 - fixtures
from reports.tests.factories_progress import (  # noqa: F401 - fixtures
    at, issued_plan, local, media_root, round1, submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(round1, unit_a, unit_b, reporter_a, reporter_b):
    """Unit A sent on 28/8; unit B is late (round 1's last day was 02/9)."""
    with at(local(2025, 8, 28)):
        submit(round1, unit_a, reporter_a)
    return round1


def _issued_letter(round_, editor, approver, clerk) -> ReminderLetter:
    with at(local(2025, 9, 5)):
        letter = services.letter_draft(round=round_, user=editor)
        services.letter_submit(letter=letter, user=editor)
        services.letter_approve(letter=letter, user=approver)
        return services.letter_issue(letter=letter, user=clerk, issued_on=datetime.date(2025, 9, 5))


def test_remind_a_late_unit_once_a_day_through_the_worker(client, late, unit_a, unit_b, editor,
                                                          django_capture_on_commit_callbacks):
    client.force_login(editor)
    url = reverse("reports:round_remind", args=[late.pk])
    board_url = reverse("reports:round_board", args=[late.pk])
    with at(local(2025, 9, 5)):
        with django_capture_on_commit_callbacks(execute=True):  # the job is queued once the click is kept
            response = client.post(url, {"unit": unit_b.pk}, follow=True)
        assert "Đang gửi thư nhắc tới cán bộ báo cáo của Trung tâm sự nghiệp công…" in response.content.decode()
        assert [m.to for m in mail.outbox] == [["reporter_b@example.vn"]]  # the worker (eager in tests) sent it
        board = client.get(board_url).content.decode()
        assert "Đã nhắc 1 lần, gần nhất ngày 05/09/2025" in board and "Đang gửi thư nhắc" not in board
        assert f'id="remind-{unit_b.pk}"' not in board  # reminded today: no button
        assert ReminderRequest.objects.get().state == ReminderRequest.SENT
        # Again the same day, or the daily command: nothing twice.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"unit": unit_b.pk}, follow=True)
        assert "Không gửi thêm: thư nhắc tới cán bộ báo cáo của Trung tâm sự nghiệp công hôm nay đã gửi" in (
            response.content.decode())
        call_command("send_reminders", "--date", "2025-09-05", stdout=io.StringIO())
        assert len(mail.outbox) == 1 and ReminderLog.objects.count() == 1
        # A unit that has sent is not reminded.
        response = client.post(url, {"unit": unit_a.pk}, follow=True)
    assert "không còn thiếu báo cáo" in response.content.decode() and len(mail.outbox) == 1


@pytest.fixture
def worker_down(monkeypatch):
    """The job is queued but no worker has taken it yet: the calls to apply_async, in order."""
    calls = []
    monkeypatch.setattr(jobs.send_unit_reminder, "apply_async", lambda args, **kwargs: calls.append(args))
    return calls


def test_two_clicks_queue_one_job_and_the_board_shows_it_being_sent(client, late, unit_b, editor, worker_down,
                                                                    django_capture_on_commit_callbacks):
    client.force_login(editor)
    url = reverse("reports:round_remind", args=[late.pk])
    with at(local(2025, 9, 5, 9, 30)):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"unit": unit_b.pk})
            response = client.post(url, {"unit": unit_b.pk}, follow=True)
        assert worker_down == [(late.pk, unit_b.pk, "2025-09-05")] and not mail.outbox
        page = response.content.decode()
        assert "hôm nay đang được gửi" in page
        assert "Đang gửi thư nhắc (yêu cầu lúc 09:30)…" in page and f'id="remind-{unit_b.pk}"' not in page
        # Two clicks racing past the view: the service (its unique row) still queues one job.
        with django_capture_on_commit_callbacks(execute=True):
            _, queued = reminders.unit_reminder_request(round=late, unit=unit_b, user=editor,
                                                        on=datetime.date(2025, 9, 5))
        assert not queued and len(worker_down) == 1
    with at(local(2025, 9, 6)):  # another day: a new reminder may be asked
        client.force_login(editor)  # (the session of yesterday has expired)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"unit": unit_b.pk})
    assert worker_down[-1] == (late.pk, unit_b.pk, "2025-09-06")


def test_no_broker_sends_at_once(client, late, unit_b, editor, monkeypatch, caplog,
                                 django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("[Errno 111] Connection refused")

    monkeypatch.setattr(jobs.send_unit_reminder, "apply_async", broker_down)
    client.force_login(editor)
    with at(local(2025, 9, 5)), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:round_remind", args=[late.pk]), {"unit": unit_b.pk})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["reporter_b@example.vn"]]
    assert ReminderRequest.objects.get().state == ReminderRequest.SENT and ReminderLog.objects.count() == 1
    assert "Could not queue the reminder" in caplog.text


def test_a_failing_mail_server_is_retried(client, late, unit_b, editor, django_capture_on_commit_callbacks):
    real = mail.send_mail
    tries = []

    def flaky(*args, **kwargs):
        tries.append(args[3])
        if len(tries) < 3:
            raise OSError("SMTP hỏng")
        return real(*args, **kwargs)

    client.force_login(editor)
    with at(local(2025, 9, 5)), mock.patch("reports.reminders.send_mail", side_effect=flaky):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("reports:round_remind", args=[late.pk]), {"unit": unit_b.pk})
    assert len(tries) == 3 and [m.to for m in mail.outbox] == [["reporter_b@example.vn"]]
    request = ReminderRequest.objects.get()
    assert (request.state, request.attempts, request.sent_count) == (ReminderRequest.SENT, 3, 1)
    assert ReminderLog.objects.count() == 1


def test_a_mail_server_down_for_good_fails_visibly_and_may_be_asked_again(
        client, admin_client, late, unit_b, editor, django_capture_on_commit_callbacks):
    from django_celery_results.models import TaskResult

    from danvan.celery import app

    client.force_login(editor)
    url = reverse("reports:round_remind", args=[late.pk])
    app.conf.task_store_eager_result = True  # what a worker does; eager results are not stored by default
    try:
        with at(local(2025, 9, 5)), mock.patch("reports.reminders.send_mail", side_effect=OSError("SMTP hỏng")) as smtp:
            with django_capture_on_commit_callbacks(execute=True):
                client.post(url, {"unit": unit_b.pk})
            board = client.get(reverse("reports:round_board", args=[late.pk])).content.decode()
    finally:
        app.conf.task_store_eager_result = False
    assert smtp.call_count == 7  # the first try and 6 retries
    assert not mail.outbox and not ReminderLog.objects.exists()
    request = ReminderRequest.objects.get()
    assert request.state == ReminderRequest.FAILED and "SMTP hỏng" in request.last_error
    assert "Hôm nay không gửi được thư nhắc" in board and f'id="remind-{unit_b.pk}"' in board
    failed = TaskResult.objects.get(status="FAILURE")
    assert failed.task_name == "reports.send_unit_reminder" and "reporter_b@example.vn" in failed.result
    assert "reports.send_unit_reminder" in admin_client.get("/quan-tri/django_celery_results/taskresult/").content.decode()
    # The mail server is back: the editor asks again the same day and it goes.
    with at(local(2025, 9, 5)), django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"unit": unit_b.pk})
    assert [m.to for m in mail.outbox] == [["reporter_b@example.vn"]]
    assert ReminderRequest.objects.get().state == ReminderRequest.SENT


def test_remind_needs_the_editor_role(client, late, unit_b, viewer, reporter_a, outsider):
    url = reverse("reports:round_remind", args=[late.pk])
    for user, status in ((viewer, 403), (reporter_a, 403), (outsider, 404)):
        client.force_login(user)
        assert client.post(url, {"unit": unit_b.pk}).status_code == status
    assert client.get(url).status_code == 405
    assert not mail.outbox


def test_draft_is_addressed_to_the_late_units_and_cites_plan_and_deadline(client, late, unit_b, editor):
    client.force_login(editor)
    with at(local(2025, 9, 5)):
        response = client.post(reverse("reports:letter_create", args=[late.pk]))
    letter = ReminderLetter.objects.get()
    assert response["Location"] == reverse("reports:letter_edit", args=[letter.pk])
    assert list(letter.units.all()) == [unit_b]
    assert letter.subject == "đôn đốc báo cáo kết quả thực hiện Kế hoạch số 12/KH-UBND"
    assert "Kế hoạch số 12/KH-UBND ngày 15/8/2025" in letter.body and "trước ngày 03/9/2025" in letter.body
    assert "Trung tâm sự nghiệp công chưa gửi báo cáo" in letter.body and "trước ngày 08/9/2025" in letter.body
    assert letter.symbol == "UBND-VHXH" and letter.status == PlanStatus.DRAFT


def test_nothing_missing_means_no_letter(late, unit_b, reporter_b, editor):
    with at(local(2025, 9, 5)):
        submit(late, unit_b, reporter_b)
        with pytest.raises(Exception, match="Không có đơn vị nào còn thiếu"):
            services.letter_draft(round=late, user=editor)
    assert not ReminderLetter.objects.exists()


def test_life_cycle_and_number_from_the_same_register(client, late, editor, approver, clerk, org):
    letter = _issued_letter(late, editor, approver, clerk)
    assert letter.number == 13  # the plan took 12 of the register in 2025
    entry = IssuedNumber.objects.get(pk=letter.register_entry_id)
    assert (entry.kind, entry.symbol, entry.number) == ("CV", "UBND-VHXH", 13)
    assert documents.render("letter", letter, "pdf").filename == "cong-van-13-UBND-VHXH-2025.pdf"
    client.force_login(editor)
    page = client.get(letter.get_absolute_url()).content.decode()
    assert "Công văn số 13/UBND-VHXH" in page


def test_edit_and_refusals(client, late, unit_a, unit_b, editor, approver):
    with at(local(2025, 9, 5)):
        letter = services.letter_draft(round=late, user=editor)
    client.force_login(editor)
    url = reverse("reports:letter_edit", args=[letter.pk])
    data = {"units": [], "subject": "V/v đôn đốc", "body": "Nội dung", "reply_by": "2025-09-10",
            "drafting_symbol": "VP", "recipients": "", "signer_authority": "", "signer_title": "CHỦ TỊCH",
            "signer_deputy_title": "", "signer_name": "Nguyễn Văn A", "version": letter.version}
    response = client.post(url, data)
    assert response.status_code == 400 and "Chọn ít nhất một đơn vị nhận công văn." in response.content.decode()
    response = client.post(url, {**data, "units": [unit_b.pk]})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.subject, letter.drafting_symbol, letter.symbol) == ("đôn đốc", "VP", "UBND-VP")
    client.force_login(approver)
    assert client.post(reverse("reports:letter_approve", args=[letter.pk])).status_code == 302
    letter.refresh_from_db()
    assert letter.status == PlanStatus.DRAFT  # not submitted: refused in words, nothing changed
    assert client.get(url).status_code == 403


def _docx_text(content: bytes) -> list[str]:
    doc = WordDocument(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return [line.replace("\u2060", "") for line in lines]  # the word joiner that keeps a number on one line


@pytest.fixture
def printed(late, editor, approver, clerk):
    letter = _issued_letter(late, editor, approver, clerk)
    document = documents.get_kind("letter").context(letter)
    with pdfplumber.open(io.BytesIO(build(document, "pdf"))) as pdf:
        yield document, list(pdf.pages), build(document, "docx")


def test_context_of_the_letter(printed):
    document, _pages, _docx = printed
    assert document.number_line == "Số: 13/UBND-VHXH"
    assert document.letter_subject == "V/v đôn đốc báo cáo kết quả thực hiện Kế hoạch số 12/KH-UBND"
    assert document.addressees == ["Trung tâm sự nghiệp công."]
    assert document.recipients[0] == "- Như trên;" and document.recipients[-1] == "- Lưu: VT, VHXH."
    assert document.date_line == "An Bình, ngày 05 tháng 9 năm 2025"
    assert document.blocks[-1].text.endswith("./.")


def test_pdf_in_the_state_format(printed):
    _document, pages, _docx = printed
    page = pages[0]
    assert (page.width, page.height) == pytest.approx((210 * MM, 297 * MM), abs=0.5)
    body = [c for c in page.chars if c["top"] > 20 * MM]
    # Margins L 30 / R 15 mm; a justified line's last glyph may end a hair (its advance width) past.
    assert min(c["x0"] for c in body) >= 30 * MM - 1 and max(c["x1"] for c in body) <= 195 * MM + 1.5

    def find(text):
        found = page.search(text, regex=False)
        assert found, text
        return found[0]

    issuer, nation = find("ỦY BAN NHÂN DÂN"), find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    number, date = find("Số: 13/UBND-VHXH"), find("An Bình, ngày 05 tháng 9 năm 2025")
    subject = find("V/v đôn đốc báo cáo")
    addressee = find("Kính gửi: Trung tâm sự nghiệp công.")
    assert issuer["x1"] < nation["x0"] and number["bottom"] == pytest.approx(date["bottom"], abs=1.5)
    # "V/v …" under the number, in the left column, 12 pt; no "CÔNG VĂN" title; Kính gửi centred below.
    assert subject["top"] > number["bottom"] and subject["x1"] < date["x0"] + 5
    size = next(c for c in page.chars if abs(c["top"] - subject["top"]) < 1 and c["x0"] >= subject["x0"] - 0.1)["size"]
    assert size == pytest.approx(12, abs=0.2)
    assert not page.search("CÔNG VĂN", regex=False)
    assert addressee["top"] > subject["bottom"]
    assert (addressee["x0"] + addressee["x1"]) / 2 == pytest.approx(30 * MM + 165 * MM / 2, abs=2 * MM)
    last = next(p for p in pages if p.search("Nơi nhận:", regex=False))
    assert last.search("- Như trên;", regex=False) and last.search("TM. ỦY BAN NHÂN DÂN", regex=False)
    assert not any(p.search("DỰ THẢO", regex=False) for p in pages)


def test_word_file_has_the_same_parts(printed):
    _document, _pages, content = printed
    lines = _docx_text(content)
    assert "Số: 13/UBND-VHXH" in lines
    assert "V/v đôn đốc báo cáo kết quả thực hiện Kế hoạch số 12/KH-UBND" in lines
    assert "Kính gửi: Trung tâm sự nghiệp công." in lines and "CÔNG VĂN" not in lines
    assert "- Như trên;" in lines


def test_a_draft_prints_with_its_mark_and_a_blank_number(client, late, editor):
    with at(local(2025, 9, 5)):
        letter = services.letter_draft(round=late, user=editor)
    document = documents.get_kind("letter").context(letter)
    assert document.draft and document.number_line == "Số:      /UBND-VHXH"
    client.force_login(editor)
    assert client.get(reverse("reports:letter_docx", args=[letter.pk])).status_code == 200


def test_level_above_sees_only_issued_letters(client, late, editor, approver, clerk, parent_user):
    with at(local(2025, 9, 5)):
        draft = services.letter_draft(round=late, user=editor)
    client.force_login(parent_user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    ReminderLetter.objects.all().delete()
    issued = _issued_letter(late, editor, approver, clerk)
    assert client.get(issued.get_absolute_url()).status_code == 200


def test_the_letter_waits_in_the_approvers_then_the_clerks_inbox(late, editor, approver, clerk):
    from reports.inbox import inbox

    def keys(user):
        return {group.key: [item.url for item in group.items] for group in inbox(user)}

    with at(local(2025, 9, 5)):
        letter = services.letter_draft(round=late, user=editor)
        services.letter_submit(letter=letter, user=editor)
        assert letter.get_absolute_url() in keys(approver)["approve"]
        services.letter_approve(letter=letter, user=approver)
        assert letter.get_absolute_url() in keys(clerk)["issue"]
        assert letter.get_absolute_url() not in keys(approver)["approve"]


# --- The signed scan of an issued công văn ----------------------------------------------------------

def test_clerk_attaches_the_signed_scan_and_it_is_served_privately(login, late, editor, approver, clerk, viewer,
                                                                 media_root, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.tests.files import HTML_BYTES, PDF_BYTES, png_bytes

    issued = _issued_letter(late, editor, approver, clerk)
    scan_url = reverse("reports:letter_scan", args=[issued.pk])
    page = login(clerk).get(issued.get_absolute_url()).content.decode()
    assert 'id="letter-scan-form"' in page and "Tải lên bản chụp" in page and "Bản đã ký" not in page
    fake = login(clerk).post(scan_url, {"scan": SimpleUploadedFile("ky.pdf", HTML_BYTES)})
    assert fake.status_code == 400 and "Nội dung tệp không phải PDF, ảnh PNG hoặc ảnh JPEG" in fake.content.decode()
    empty = login(clerk).post(scan_url, {})
    assert empty.status_code == 400 and "Hãy chọn tệp bản chụp." in empty.content.decode()
    settings.UPLOAD_MAX_BYTES = 1024
    big = login(clerk).post(scan_url, {"scan": SimpleUploadedFile("ky.pdf", PDF_BYTES + b"%" * 2000)})
    assert big.status_code == 400 and "Tệp quá lớn" in big.content.decode()
    issued.refresh_from_db()
    assert not issued.signed_scan and issued.history.count() == 4  # nothing stored, nothing recorded
    download_url = reverse("reports:letter_scan_file", args=[issued.pk])
    assert login(viewer).get(download_url).status_code == 404  # none yet

    done = login(clerk).post(scan_url, {"scan": SimpleUploadedFile("bản ký.png", png_bytes())}, follow=True)
    assert "Đã lưu bản chụp văn bản đã ký." in done.content.decode() and "Thay bản chụp" in done.content.decode()
    issued.refresh_from_db()
    assert issued.signed_scan.name.startswith("signed/") and "ky" not in issued.signed_scan.name
    latest = issued.history.first()
    assert (latest.history_user, latest.history_change_reason) == (clerk, "Tải bản chụp văn bản đã ký")
    assert "Bản đã ký" in login(viewer).get(issued.get_absolute_url()).content.decode()
    download = login(viewer).get(download_url)
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == png_bytes()
    assert f"ban-ky-cong-van-{issued.number:02d}-UBND-VHXH-2025.png" in download["Content-Disposition"]


def test_only_the_clerk_and_editors_of_the_organization_attach_a_scan_and_only_when_issued(
        login, late, editor, approver, clerk, viewer, outsider, parent_user, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.tests.files import PDF_BYTES

    with at(local(2025, 9, 5)):
        draft = services.letter_draft(round=late, user=editor)
    refused = login(clerk).post(reverse("reports:letter_scan", args=[draft.pk]),
                                {"scan": SimpleUploadedFile("ky.pdf", PDF_BYTES)}, follow=True)
    assert "Không thể tải bản đã ký: công văn đang ở trạng thái “Dự thảo”." in refused.content.decode()
    assert "letter-scan-form" not in login(clerk).get(draft.get_absolute_url()).content.decode()
    ReminderLetter.objects.all().delete()
    issued = _issued_letter(late, editor, approver, clerk)
    url = reverse("reports:letter_scan", args=[issued.pk])
    for user, status in ((approver, 403), (viewer, 403), (parent_user, 403), (outsider, 404)):
        assert login(user).post(url, {"scan": SimpleUploadedFile("ky.pdf", PDF_BYTES)}).status_code == status
        assert login(user).get(reverse("reports:letter_scan_file", args=[issued.pk])).status_code in (404, status)
    assert "letter-scan-form" not in login(viewer).get(issued.get_absolute_url()).content.decode()
    issued.refresh_from_db()
    assert not issued.signed_scan
    assert login(editor).post(url, {"scan": SimpleUploadedFile("ky.pdf", PDF_BYTES)}).status_code == 302


def test_attaching_the_scan_queues_one_render(queued, late, editor, approver, clerk, media_root, settings,
                                              django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.tests.files import PDF_BYTES

    issued = _issued_letter(late, editor, approver, clerk)
    settings.DOCUMENT_PRERENDER = True
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_attach_scan(letter=issued, user=clerk, upload=SimpleUploadedFile("ky.pdf", PDF_BYTES))
    assert [args for args, _kwargs, _countdown in queued] == [("letter", issued.pk)]


def _letter_event(letter, event, *, editor, approver, clerk):
    if event == "submit":
        return services.letter_submit(letter=letter, user=editor)
    if event == "approve":
        return services.letter_approve(letter=letter, user=approver)
    if event == "return":
        return services.letter_return(letter=letter, user=approver, reason="Sửa hạn gửi báo cáo")
    return services.letter_issue(letter=letter, user=clerk, issued_on=datetime.date(2025, 9, 5))


@pytest.mark.parametrize("event", ["submit", "approve", "return", "issue"])
def test_each_life_cycle_event_of_a_letter_queues_exactly_one_render(
        queued, late, editor, approver, clerk, event, settings, django_capture_on_commit_callbacks):
    with at(local(2025, 9, 5)):
        letter = services.letter_draft(round=late, user=editor)
        before = {"submit": [], "approve": ["submit"], "return": ["submit"], "issue": ["submit", "approve"]}
        for step in before[event]:
            _letter_event(letter, step, editor=editor, approver=approver, clerk=clerk)
        settings.DOCUMENT_PRERENDER = True
        with django_capture_on_commit_callbacks(execute=True):
            _letter_event(letter, event, editor=editor, approver=approver, clerk=clerk)
    assert [(args, countdown) for args, _kwargs, countdown in queued] == [(("letter", letter.pk), None)]


def test_the_click_after_each_life_cycle_event_of_a_letter_is_a_cache_hit(
        builds, document_cache, login, late, editor, approver, clerk, settings, django_capture_on_commit_callbacks):
    """The worker (eager in tests) prints the PDF and the Word file after each event: "In" and
    "Tải Word" then print nothing."""
    with at(local(2025, 9, 5)):
        letter = services.letter_draft(round=late, user=editor)
        settings.DOCUMENT_PRERENDER = True
        client = login(editor)
        printed_after = []
        for event in ("submit", "return", "submit", "approve", "issue"):
            builds.clear()
            with django_capture_on_commit_callbacks(execute=True):
                _letter_event(letter, event, editor=editor, approver=approver, clerk=clerk)
            printed_after.append((event, sorted(builds)))
            builds.clear()
            for name in ("reports:letter_pdf", "reports:letter_docx"):
                response = client.get(reverse(name, args=[letter.pk]))
                assert response.status_code == 200, (event, name)
            assert builds == [], event  # both served from the cache
    # A content not printed before is printed by the event's job (the draft back from "return" was
    # printed when first submitted: its job finds it cached and prints nothing again).
    assert printed_after[0] == ("submit", ["docx", "pdf"]) and printed_after[-1] == ("issue", ["docx", "pdf"])


def test_a_draft_letter_is_printed_once_its_edits_pause(queued, builds, document_cache, late, unit_b, editor,
                                                        settings, django_capture_on_commit_callbacks):
    """Three saves of the draft: three delayed jobs, but only the last prints."""
    from reports import jobs

    with at(local(2025, 9, 5)):
        letter = services.letter_draft(round=late, user=editor)
    settings.DOCUMENT_PRERENDER = True
    fields = {name: getattr(letter, name) for name in services.EDITABLE_FIELDS}
    for n in range(3):
        letter.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            services.letter_update(letter=letter, user=editor, data={**fields, "body": f"Nội dung lần {n}."},
                                   unit_ids=[unit_b.pk], expected_version=letter.version)
    assert [(args, countdown) for args, _kwargs, countdown in queued] == (
        [(("letter", letter.pk), settings.DOCUMENT_DEBOUNCE_SECONDS)] * 3)
    rendered = [jobs.render_document(*args, **kwargs) for args, kwargs, _countdown in queued]
    assert rendered == [[], [], ["pdf", "docx"]]
    assert sorted(builds) == ["docx", "pdf"]


def test_an_issued_letter_waits_in_the_clerks_inbox_until_its_scan_is_attached(late, editor, approver, clerk,
                                                                              other_org, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.tests.files import PDF_BYTES
    from reports.inbox import inbox

    def scan_items(user):
        with at(local(2025, 9, 6)):
            return {item.url: item for group in inbox(user) if group.key == "scan" for item in group.items}

    issued = _issued_letter(late, editor, approver, clerk)
    item = scan_items(clerk)[issued.get_absolute_url()]  # the page with the upload form: one click
    assert (item.action, item.title) == ("Tải bản đã ký", f"V/v {issued.subject}")
    assert item.detail.startswith(f"Công văn đôn đốc số {issued.number_display}")
    assert issued.get_absolute_url() not in scan_items(approver)  # not the approver's work
    other_clerk = f.UserFactory(username="clerk_other")
    f.MembershipFactory(user=other_clerk, organization=other_org, role=Role.CLERK)
    assert scan_items(other_clerk) == {}  # another organization's clerk
    services.letter_attach_scan(letter=issued, user=clerk, upload=SimpleUploadedFile("ky.pdf", PDF_BYTES))
    assert issued.get_absolute_url() not in scan_items(clerk)


def test_a_reminder_job_that_fails_for_another_reason_is_not_left_sending(
        client, late, unit_b, editor, django_capture_on_commit_callbacks):
    """Not the mail server but something else (the database, a bug) fails on every try: the board
    does not say "đang gửi" for the rest of the day; it says the mail did not go and offers the button."""
    client.force_login(editor)
    url = reverse("reports:round_remind", args=[late.pk])
    with at(local(2025, 9, 5)), mock.patch("reports.reminders.reminders_send",
                                           side_effect=RuntimeError("mất kết nối")) as run:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"unit": unit_b.pk})
        board = client.get(reverse("reports:round_board", args=[late.pk])).content.decode()
    assert run.call_count == 7  # the first try and 6 retries
    request = ReminderRequest.objects.get()
    assert request.state == ReminderRequest.FAILED and "mất kết nối" in request.last_error
    assert "Đang gửi thư nhắc (yêu cầu lúc" not in board  # the row; the click's own message says it too
    assert "Hôm nay không gửi được thư nhắc" in board and f'id="remind-{unit_b.pk}"' in board
