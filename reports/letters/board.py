"""What the round's board shows about reminding late units: who was reminded when (the reminder
log of the daily mails and of "Nhắc đơn vị"), today's "Nhắc đơn vị" still being sent or failed,
which units still owe their report, and the round's công văn đôn đốc."""

from __future__ import annotations

from django.utils import timezone

from danvan import permissions
from reports.inbox import units_owing
from reports.letters.models import ReminderLetter
from reports.models import ReminderLog, ReminderRequest
from tasks.models import ReportingRound


def board_context(round_: ReportingRound, user) -> dict:
    organization = round_.plan.organization
    reminded: dict[int, list] = {}
    for unit_id, sent_on, kind in (ReminderLog.objects.filter(round=round_).order_by("-sent_on", "-created_at")
                                   .values_list("unit_id", "sent_on", "kind")):
        reminded.setdefault(unit_id, []).append((sent_on, kind))
    letters = ReminderLetter.objects.filter(round=round_).order_by("-created_at")
    if not permissions.is_member(user, organization):
        letters = letters.filter(status__in=["issued", "closed"])
    today = {request.unit_id: request for request in
             ReminderRequest.objects.filter(round=round_, requested_on=timezone.localdate())}
    return {
        "reminded": reminded,
        "remind_today": today,  # unit id -> today's "Nhắc đơn vị" (queued, sent or failed)
        "owing_ids": {unit.pk for unit in units_owing([round_]).get(round_.pk, [])},
        "can_remind": permissions.can(user, "edit", organization),
        "letters": list(letters.select_related("organization")),
    }
