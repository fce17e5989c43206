"""Daily reminders of report deadlines, run by cron or a systemd timer (reports/reminders.py).

Without options the mails go out now and the command lists them; with --queue the worker sends
them (reports.jobs.send_reminders), retrying a mail server that fails, and a job that still fails
shows in the admin ("Celery Results"). A second run on the same day sends nothing twice.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.reminders import Reminder, reminders_due, reminders_send

__all__ = ["Command", "Reminder", "reminders_due", "reminders_send"]


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value!r} (cần dạng YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = ("Gửi thư nhắc hạn báo cáo cho cán bộ báo cáo của các đơn vị (chạy mỗi ngày). "
            "Chạy lại trong cùng ngày không gửi trùng.")

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, help="Ngày coi là hôm nay (YYYY-MM-DD); mặc định: hôm nay")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không gửi thư")
        parser.add_argument("--queue", action="store_true",
                            help="Giao cho tiến trình chạy nền gửi (thử lại khi máy chủ thư lỗi)")

    def handle(self, *args, date=None, dry_run=False, queue=False, **options):
        on = date or timezone.localdate()
        if queue and not dry_run:
            from reports.jobs import send_reminders

            send_reminders.delay(on.isoformat())
            self.stdout.write(f"Đã giao việc gửi thư nhắc hạn ngày {on:%d/%m/%Y} cho tiến trình chạy nền.")
            return
        sent, errors = reminders_send(on=on, dry_run=dry_run)
        verb = "Sẽ gửi" if dry_run else "Đã gửi"
        for reminder in sent:
            units = ", ".join(unit.name for unit in reminder.units)
            self.stdout.write(f"{verb}: {reminder.user.email} – {units} – {reminder.round.name} ({reminder.words})")
        for error in errors:
            self.stderr.write(f"Lỗi gửi thư: {error}")
        self.stdout.write(f"{verb} {len(sent)} thư nhắc hạn ngày {on:%d/%m/%Y}.")
        if errors:
            raise CommandError(f"{len(errors)} thư không gửi được; chạy lại lệnh để thử lại.")
