"""Daily reminders of report deadlines, run by cron or a systemd timer.

A unit's reporters get an e-mail N days before a round's last on-time day (N from
settings.REMINDER_DAYS_BEFORE) and every day after it while the unit owes its report: nothing sent
yet, or a report the office returned for correction and the unit has not sent again (the mail says
so, with the reason). Each mail is claimed first as a ReminderLog row (unique per round, user and
day), so a second run on the same day, or two runs at once, send nothing twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from danvan.models import Membership, Role, Unit
from plans.models import PlanStatus
from reports.models import SENT_STATUSES, ReminderLog, ReportStatus, UnitReport
from tasks.models import ReportingRound


@dataclass
class Reminder:
    round: ReportingRound
    user: object
    kind: str
    words: str
    units: list[Unit] = field(default_factory=list)
    returned: dict[int, str] = field(default_factory=dict)  # unit id -> the office's reason

    @property
    def all_returned(self) -> bool:
        return all(unit.pk in self.returned for unit in self.units)


def _kind(round_: ReportingRound, on: datetime.date) -> str | None:
    days = (round_.last_day - on).days
    if days in set(settings.REMINDER_DAYS_BEFORE):
        return f"before_{days}"
    if days < 0:
        return "overdue"
    return None


def reminders_due(on: datetime.date) -> list[Reminder]:
    """Who should be reminded on this day: reporters (active, with an e-mail) of each lead unit of
    a round of an issued plan, when the unit owes its report: none sent, or one returned and not
    sent again (the same rule as "Chưa gửi" on the home page)."""
    horizon = on + datetime.timedelta(days=max(settings.REMINDER_DAYS_BEFORE, default=0) + 2)
    rounds = [round_ for round_ in ReportingRound.objects.filter(plan__status=PlanStatus.ISSUED, deadline__lte=horizon)
              .select_related("plan__organization").prefetch_related("plan__tasks").order_by("deadline", "pk")
              if _kind(round_, on)]
    submitted, returned = set(), {}
    for round_id, unit_id, status, reason in (UnitReport.objects.filter(round__in=rounds)
                                              .exclude(status=ReportStatus.DRAFT)
                                              .values_list("round_id", "unit_id", "status", "return_reason")):
        if status in SENT_STATUSES:
            submitted.add((round_id, unit_id))
        elif status == ReportStatus.RETURNED:
            returned[(round_id, unit_id)] = reason
    unit_ids = {task.lead_unit_id for round_ in rounds for task in round_.plan.tasks.all()}
    reporters: dict[int, list[Membership]] = {}
    for membership in (Membership.objects.filter(role=Role.REPORTER, unit_id__in=unit_ids, user__is_active=True)
                       .exclude(user__email="").select_related("user", "unit").order_by("user_id")):
        reporters.setdefault(membership.unit_id, []).append(membership)
    due: list[Reminder] = []
    for round_ in rounds:
        words, _ = round_.deadline_words(on)
        per_user: dict[int, Reminder] = {}
        for unit_id in sorted({task.lead_unit_id for task in round_.plan.tasks.all()}):
            if (round_.pk, unit_id) in submitted:
                continue
            for membership in reporters.get(unit_id, []):
                if membership.organization_id != round_.plan.organization_id:
                    continue
                reminder = per_user.setdefault(membership.user_id, Reminder(
                    round_, membership.user, _kind(round_, on), words))
                reminder.units.append(membership.unit)
                if (round_.pk, unit_id) in returned:
                    reminder.returned[unit_id] = returned[(round_.pk, unit_id)]
        due.extend(per_user.values())
    return due


def _message(reminder: Reminder) -> tuple[str, str]:
    round_ = reminder.round
    site = settings.SITE_URL.rstrip("/")
    context = {
        "reminder": reminder, "round": round_, "plan": round_.plan, "organization": round_.plan.organization,
        "name": reminder.user.get_full_name() or reminder.user.username,
        "links": [(unit, site + reverse("reports:unit_report_edit", args=[round_.pk, unit.pk]),
                   reminder.returned.get(unit.pk)) for unit in reminder.units],
        "overdue": reminder.kind == "overdue",
    }
    subject = " ".join(render_to_string("reports/email/reminder_subject.txt", context).split())
    return subject, render_to_string("reports/email/reminder_body.txt", context)


def reminders_send(*, on: datetime.date, dry_run: bool = False) -> tuple[list[Reminder], list[str]]:
    """Send the day's reminders. Returns (reminders sent or, in a dry run, that would be sent; errors).

    The ReminderLog row is created before the mail goes out (create-or-skip on the unique
    constraint); a mail that fails to send releases its row so the next run tries again.
    """
    sent, errors = [], []
    for reminder in reminders_due(on):
        already = ReminderLog.objects.filter(round=reminder.round, user=reminder.user, sent_on=on)
        if dry_run:
            if not already.exists():
                sent.append(reminder)
            continue
        _deliver(reminder, on, sent, errors)
    return sent, errors


def _deliver(reminder: Reminder, on: datetime.date, sent: list[Reminder], errors: list[str]) -> None:
    """Claim the day's ReminderLog row, then send; a mail that fails releases its claim."""
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(round=reminder.round, unit=reminder.units[0], user=reminder.user,
                                             sent_on=on, kind=reminder.kind)
    except IntegrityError:
        return  # sent earlier today (or by a run going on at this moment)
    subject, body = _message(reminder)
    try:
        send_mail(subject, body, None, [reminder.user.email])
    except Exception as exc:  # noqa: BLE001 - any mail failure: release the claim, report, go on
        log.delete()
        errors.append(f"{reminder.user.email}: {exc}")
        return
    sent.append(reminder)


def reminders_send_to_unit(*, round: ReportingRound, unit: Unit, on: datetime.date  # noqa: A002
                           ) -> tuple[list[Reminder], list[str]]:
    """"Nhắc đơn vị" on a round's board: the unit's reporters get the same mail now, through the
    same log, so nobody gets it twice in a day (from the board or from the daily command).
    Returns (reminders sent, errors); a reporter already reminded today is neither."""
    words, _ = round.deadline_words(on)
    kind = "overdue" if round.last_day < on else "manual"
    returned = dict(UnitReport.objects.filter(round=round, unit=unit, status=ReportStatus.RETURNED)
                    .values_list("unit_id", "return_reason"))
    sent, errors = [], []
    for membership in (Membership.objects.filter(role=Role.REPORTER, unit=unit, organization=round.plan.organization,
                                                 user__is_active=True)
                       .exclude(user__email="").select_related("user").order_by("user_id")):
        _deliver(Reminder(round, membership.user, kind, words, [unit], returned), on, sent, errors)
    return sent, errors


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

    def handle(self, *args, date=None, dry_run=False, **options):
        on = date or timezone.localdate()
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
