"""Reminders of report deadlines: who owes a report, and the mails, sent by the worker.

`reminders_send` is the daily run (the `send_reminders` command, or its job reports.jobs
.send_reminders that a systemd timer queues with `send_reminders --queue`); with `round_id` and
`unit_id` and `manual=True` it reminds one unit of one round now, whatever the day: the "Nhắc đơn vị"
button queues it (unit_reminder_request, a ReminderRequest the board shows "đang gửi") and the job
reports.jobs.send_unit_reminder sends it (unit_reminder_run).

A unit's reporters get an e-mail N days before a round's last on-time day (N from
settings.REMINDER_DAYS_BEFORE) and every day after it while the unit owes its report: nothing sent
yet, or a report the office returned for correction and the unit has not sent again (the mail says
so, with the reason). Each mail is claimed first as a ReminderLog row (unique per round, user and
day), so a second run on the same day, or two runs at once, send nothing twice.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from danvan.models import Membership, Role, Unit
from plans.models import PlanStatus
from reports.models import SENT_STATUSES, ReminderLog, ReminderRequest, ReportStatus, UnitReport
from tasks.models import ReportingRound, round_reporter_ids

logger = logging.getLogger(__name__)


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


def reminders_due(on: datetime.date, *, round_id: int | None = None, unit_id: int | None = None,
                  manual: bool = False) -> list[Reminder]:
    """Who should be reminded on this day: reporters (active, with an e-mail) of each unit that must
    report in a round of an issued plan (tasks.models.round_reporter_ids), when the unit owes its report: none sent, or one returned and not
    sent again (the same rule as "Chưa gửi" on the home page).

    `round_id`/`unit_id` narrow it to one round and one unit; `manual` reminds whatever the day
    (kind "manual" when the schedule would not remind today)."""
    only_unit = unit_id
    horizon = on + datetime.timedelta(days=max(settings.REMINDER_DAYS_BEFORE, default=0) + 2)
    rounds = ReportingRound.objects.filter(plan__status=PlanStatus.ISSUED)
    if round_id is not None:
        rounds = rounds.filter(pk=round_id)
    if not manual:
        rounds = rounds.filter(deadline__lte=horizon)
    rounds = [round_ for round_ in rounds.select_related("plan__organization")
              .order_by("deadline", "pk") if manual or _kind(round_, on)]
    submitted, returned = set(), {}
    for round_id, unit_id, status, reason in (UnitReport.objects.filter(round__in=rounds)
                                              .exclude(status=ReportStatus.DRAFT)
                                              .values_list("round_id", "unit_id", "status", "return_reason")):
        if status in SENT_STATUSES:
            submitted.add((round_id, unit_id))
        elif status == ReportStatus.RETURNED:
            returned[(round_id, unit_id)] = reason
    owed = round_reporter_ids(rounds)  # the one list of who must report (round board, roll-up)
    unit_ids = set().union(*owed.values()) if owed else set()
    reporters: dict[int, list[Membership]] = {}
    for membership in (Membership.objects.filter(role=Role.REPORTER, unit_id__in=unit_ids, user__is_active=True)
                       .exclude(user__email="").select_related("user", "unit").order_by("user_id")):
        reporters.setdefault(membership.unit_id, []).append(membership)
    due: list[Reminder] = []
    for round_ in rounds:
        words, _ = round_.deadline_words(on)
        per_user: dict[int, Reminder] = {}
        kind = _kind(round_, on) or "manual"
        for lead_id in sorted(owed[round_.pk]):
            if (round_.pk, lead_id) in submitted or only_unit not in (None, lead_id):
                continue
            for membership in reporters.get(lead_id, []):
                if membership.organization_id != round_.plan.organization_id:
                    continue
                reminder = per_user.setdefault(membership.user_id, Reminder(round_, membership.user, kind, words))
                reminder.units.append(membership.unit)
                if (round_.pk, lead_id) in returned:
                    reminder.returned[lead_id] = returned[(round_.pk, lead_id)]
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


def reminders_send(*, on: datetime.date, dry_run: bool = False, round_id: int | None = None,
                   unit_id: int | None = None, manual: bool = False) -> tuple[list[Reminder], list[str]]:
    """Send the day's reminders. Returns (reminders sent or, in a dry run, that would be sent; errors).

    The ReminderLog row is created before the mail goes out (create-or-skip on the unique
    constraint); a mail that fails to send releases its row so the next run tries again.
    """
    sent, errors = [], []
    for reminder in reminders_due(on, round_id=round_id, unit_id=unit_id, manual=manual):
        already = ReminderLog.objects.filter(round=reminder.round, user=reminder.user, sent_on=on)
        if dry_run:
            if not already.exists():
                sent.append(reminder)
            continue
        try:
            with transaction.atomic():
                log = ReminderLog.objects.create(round=reminder.round, unit=reminder.units[0], user=reminder.user,
                                                 sent_on=on, kind=reminder.kind)
        except IntegrityError:
            continue  # sent earlier today (or by a run going on at this moment)
        subject, body = _message(reminder)
        try:
            send_mail(subject, body, None, [reminder.user.email])
        except Exception as exc:  # noqa: BLE001 - any mail failure: release the claim, report, go on
            log.delete()
            errors.append(f"{reminder.user.email}: {exc}")
            continue
        sent.append(reminder)
    return sent, errors


def unit_reminder_request(*, round: ReportingRound, unit: Unit, user, on: datetime.date  # noqa: A002
                          ) -> tuple[ReminderRequest, bool]:
    """"Nhắc đơn vị" on a round's board: queue the reminder of a unit's reporters for the worker
    (reports.jobs.send_unit_reminder), once the current transaction commits. Returns (the day's
    request, whether this call queued it).

    One request a day per round and unit (its unique constraint): a second click, or two clicks at
    the same moment, queue nothing more. A request that failed, or that found nobody to mail, may be
    asked again (a conditional update: of two clicks racing, one wins). A broker that cannot be
    reached costs a warning: the mails are then sent at once, here."""
    try:
        with transaction.atomic():
            request = ReminderRequest.objects.create(round=round, unit=unit, requested_on=on, requested_by=user)
    except IntegrityError:
        request = ReminderRequest.objects.get(round=round, unit=unit, requested_on=on)
        again = (Q(state=ReminderRequest.FAILED) | Q(state=ReminderRequest.SENT, sent_count=0))
        if not ReminderRequest.objects.filter(again, pk=request.pk).update(
                state=ReminderRequest.QUEUED, requested_by=user, attempts=0, last_error="", finished_at=None):
            return request, False
        request.refresh_from_db()
    transaction.on_commit(lambda: _enqueue(round.pk, unit.pk, on))
    return request, True


def _enqueue(round_id: int, unit_id: int, on: datetime.date) -> None:
    from reports.jobs import send_unit_reminder

    try:
        send_unit_reminder.apply_async(args=(round_id, unit_id, on.isoformat()))
    except Exception:  # noqa: BLE001 - no broker: send now rather than not at all
        logger.warning("Could not queue the reminder of unit #%s for round #%s; sending it now",
                       unit_id, round_id, exc_info=True)
        unit_reminder_run(round_id=round_id, unit_id=unit_id, on=on, final=True)


def unit_reminder_run(*, round_id: int, unit_id: int, on: datetime.date, final: bool
                      ) -> tuple[list[Reminder], list[str]]:
    """The job of a "Nhắc đơn vị": send the mails (reminders_send, whose log claims each mail, so a
    job run twice sends nothing twice) and record the outcome on the day's request. A mail that
    failed leaves the request "đang gửi" for the job's next try, or "không gửi được" after the last
    (`final`)."""
    sent, errors = reminders_send(on=on, round_id=round_id, unit_id=unit_id, manual=True)
    outcome = {"attempts": F("attempts") + 1, "sent_count": F("sent_count") + len(sent)}
    if errors:
        outcome.update(last_error="; ".join(errors)[:2000])
        if final:
            outcome.update(state=ReminderRequest.FAILED, finished_at=timezone.now())
    else:
        outcome.update(state=ReminderRequest.SENT, finished_at=timezone.now(), last_error="")
    ReminderRequest.objects.filter(round_id=round_id, unit_id=unit_id, requested_on=on).update(**outcome)
    return sent, errors


def unit_reminder_failed(round_id: int, unit_id: int, on: str, *, error: str) -> None:
    """A "Nhắc đơn vị" job gave up (reports.jobs.UnitReminderTask): its request, if still being
    sent, is marked failed with the reason, so the board offers the button again."""
    ReminderRequest.objects.filter(round_id=round_id, unit_id=unit_id, requested_on=datetime.date.fromisoformat(on),
                                   state=ReminderRequest.QUEUED).update(
        state=ReminderRequest.FAILED, finished_at=timezone.now(), last_error=error[:2000])
