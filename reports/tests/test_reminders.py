"""The daily reminder command: who gets a mail, when, and never twice the same day."""

from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from danvan.models import Membership
from danvan.tests import factories as f
from reports.models import ReminderLog
from reports.tests.factories_progress import (  # noqa: F401 - fixtures
    at, issued_plan, local, media_root, reporter, round1, submit,
)

# Round 1: "trước ngày 03/9/2025" → last on-time day 02/9. Reminders (7 and 1 days before) on 26/8 and
# 01/9; every day from 03/9 while nothing is submitted.


def run(day: str, *args) -> str:
    out = StringIO()
    call_command("send_reminders", "--date", day, *args, stdout=out)
    return out.getvalue()


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def reporters(round1, reporter_a, reporter_b):
    return reporter_a, reporter_b


def test_seven_days_before(reporters, issued_plan, settings):
    settings.SITE_URL = "https://danvan.example.vn"
    output = run("2025-08-26")
    assert recipients() == ["reporter_a@example.vn", "reporter_b@example.vn"]
    message = next(m for m in mail.outbox if m.to == ["reporter_a@example.vn"])
    assert "Báo cáo lần 1" in message.subject and "còn 7 ngày" in message.subject
    assert issued_plan.title in message.body and "12/KH-UBND" in message.body
    assert "trước ngày 03/09/2025" in message.body and "hết ngày 02/09/2025" in message.body
    round_ = issued_plan.rounds.get(order=1)
    unit_a = issued_plan.tasks.get(order=1).lead_unit
    assert f"https://danvan.example.vn/bao-cao/don-vi/dot/{round_.pk}/{unit_a.pk}/" in message.body
    assert "Kính gửi" in message.body and "&" not in message.body
    assert "Đã gửi 2 thư nhắc hạn ngày 26/08/2025" in output


def test_one_day_before_and_not_on_other_days(reporters):
    run("2025-08-27")
    assert mail.outbox == []
    run("2025-09-01")
    assert recipients() == ["reporter_a@example.vn", "reporter_b@example.vn"]
    assert all("còn 1 ngày" in message.subject for message in mail.outbox)


def test_not_after_submission(reporters, round1, unit_a, reporter_a):
    with at(local(2025, 8, 30)):
        submit(round1, unit_a, reporter_a)
    run("2025-09-01")
    assert recipients() == ["reporter_b@example.vn"]


def test_after_the_deadline_every_day_while_nothing_is_submitted(reporters, round1, unit_b, reporter_b):
    run("2025-09-03")
    assert recipients() == ["reporter_a@example.vn", "reporter_b@example.vn"]
    assert all("quá hạn 1 ngày" in message.subject for message in mail.outbox)
    mail.outbox.clear()
    run("2025-09-03")
    assert mail.outbox == [], "a second run the same day sends nothing"
    with at(local(2025, 9, 3, 16)):
        submit(round1, unit_b, reporter_b)
    run("2025-09-04")
    assert recipients() == ["reporter_a@example.vn"]
    assert "quá hạn 2 ngày" in mail.outbox[0].subject
    assert ReminderLog.objects.filter(sent_on="2025-09-03").count() == 2
    assert ReminderLog.objects.filter(sent_on="2025-09-04").count() == 1


def test_a_returned_report_is_reminded_until_it_is_sent_again(reporters, round1, unit_a, reporter_a, editor):
    """A report the office returned for correction is still owed (as on the home page): its
    reporters are reminded, told it was returned and why, until the unit sends it again."""
    from reports import progress

    with at(local(2025, 9, 1)):
        report = submit(round1, unit_a, reporter_a)
        progress.unit_report_return(report=report, user=editor, version=1, reason="Bổ sung số liệu hội nghị")
    run("2025-09-03")
    assert recipients() == ["reporter_a@example.vn", "reporter_b@example.vn"]
    to_a = next(m for m in mail.outbox if m.to == ["reporter_a@example.vn"])
    assert "đã bị trả lại để sửa và chưa được gửi lại (quá hạn 1 ngày)" in to_a.body
    assert "(bị trả lại, lý do: Bổ sung số liệu hội nghị)" in to_a.body
    to_b = next(m for m in mail.outbox if m.to == ["reporter_b@example.vn"])
    assert "Đơn vị chưa gửi báo cáo đợt “Báo cáo lần 1” dù đã quá hạn 1 ngày" in to_b.body and "bị trả lại" not in to_b.body
    mail.outbox.clear()
    with at(local(2025, 9, 3, 15)):
        report.refresh_from_db()
        assert progress.unit_report_submit(report=report, user=reporter_a, lock_version=report.lock_version)
    run("2025-09-04")
    assert recipients() == ["reporter_b@example.vn"]


def test_only_reporters_of_the_unit_active_with_email(reporters, org, other_org, unit_a, editor, viewer):
    unit_c = f.UnitFactory(organization=org, name="Đơn vị không có nhiệm vụ")
    reporter(org, unit_c, "reporter_c")
    inactive = reporter(org, unit_a, "nghi_viec")
    inactive.is_active = False
    inactive.save()
    no_mail = reporter(org, unit_a, "khong_thu")
    no_mail.email = ""
    no_mail.save()
    stranger = f.UnitFactory(organization=other_org, name="Phòng của xã khác")
    reporter(other_org, stranger, "reporter_other")
    run("2025-09-01")
    assert recipients() == ["reporter_a@example.vn", "reporter_b@example.vn"]


def test_only_rounds_of_issued_plans(plan, reporter_a, reporter_b):
    run("2025-09-01")
    run("2025-09-05")
    assert mail.outbox == []


def test_a_reporter_of_two_late_units_gets_one_mail_per_round(reporters, org, unit_b, reporter_a):
    Membership.objects.create(user=reporter_a, organization=org, unit=unit_b, role="reporter")
    run("2025-09-03")
    to_a = [m for m in mail.outbox if m.to == ["reporter_a@example.vn"]]
    assert len(to_a) == 1 and "Phòng Văn hóa - Xã hội" in to_a[0].body and "Trung tâm sự nghiệp công" in to_a[0].body


def test_days_before_are_configurable(reporters, settings):
    settings.REMINDER_DAYS_BEFORE = [3]
    run("2025-08-26")
    assert mail.outbox == []
    run("2025-08-30")
    assert len(mail.outbox) == 2 and "còn 3 ngày" in mail.outbox[0].subject


def test_dry_run_sends_nothing_and_claims_nothing(reporters):
    output = run("2025-09-03", "--dry-run")
    assert mail.outbox == [] and not ReminderLog.objects.exists()
    assert "Sẽ gửi 2 thư" in output and "reporter_a@example.vn" in output


def test_failed_mail_is_released_for_the_next_run(reporters):
    with mock.patch("reports.reminders.send_mail", side_effect=OSError("SMTP hỏng")):
        with pytest.raises(CommandError, match="không gửi được"):
            run("2025-09-03")
    assert not ReminderLog.objects.exists()
    run("2025-09-03")
    assert len(mail.outbox) == 2


def test_queued_run_is_sent_by_the_worker_and_a_failing_mail_server_is_retried(reporters):
    """--queue hands the day to the worker (eager in tests): mails that fail are tried again by the
    job's retries, and nothing is sent twice to those that went out."""
    calls = []
    real = mail.send_mail

    def flaky(*args, **kwargs):
        calls.append(args[3])
        if len(calls) == 1:
            raise OSError("SMTP hỏng")
        return real(*args, **kwargs)

    with mock.patch("reports.reminders.send_mail", side_effect=flaky):
        output = run("2025-09-03", "--queue")
    assert "tiến trình chạy nền" in output
    assert recipients() == ["reporter_a@example.vn", "reporter_b@example.vn"]
    assert len(calls) == 3  # the failed one again, the other once
    assert ReminderLog.objects.count() == 2


def test_one_unit_is_reminded_on_demand_whatever_the_day(reporters, round1, unit_a):
    from reports.jobs import send_unit_reminder

    send_unit_reminder.delay(round1.pk, unit_a.pk, "2025-08-01")  # no reminder is due that day
    assert recipients() == ["reporter_a@example.vn"]
    assert ReminderLog.objects.get().kind == "manual"


def test_bad_date_is_refused(db):
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        run("03/09/2025")


def test_default_date_is_today(reporters):
    with at(local(2025, 9, 1, 6, 0)):
        call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == 2
