"""The private iCalendar feed of report deadlines and its revocable token."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from danvan import permissions
from danvan.models import CalendarToken, Unit
from danvan.text import short_date
from plans.models import PlanStatus
from tasks.models import ReportingRound, Task


def calendar_rounds(user) -> list[tuple[ReportingRound, list[Unit]]]:
    """Rounds for a user's calendar: their units' rounds, and for editors their organization's."""
    unit_ids = permissions.user_unit_ids(user)
    org_ids = permissions.organizations_allowing(user, "edit")
    tasks = Task.objects.filter(plan__status=PlanStatus.ISSUED)
    plan_units: dict[int, set[int]] = {}
    for plan_id, lead_id, coord_id in tasks.involving(unit_ids).values_list(
            "plan_id", "lead_unit_id", "coordinating_units__id"):
        plan_units.setdefault(plan_id, set()).update({lead_id, coord_id} & unit_ids)
    rounds = ReportingRound.objects.filter(
        Q(plan_id__in=plan_units) | Q(plan__organization_id__in=org_ids, plan__status=PlanStatus.ISSUED)
    ).select_related("plan__organization").order_by("deadline")
    units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=unit_ids)}
    return [(round_, [units[pk] for pk in sorted(plan_units.get(round_.plan_id, ()))]) for round_ in rounds]


def calendar_token_reset(*, user) -> CalendarToken:
    """Give the user a new feed address; the old one stops working at once."""
    with transaction.atomic():
        CalendarToken.objects.filter(user=user).delete()
        return CalendarToken.objects.create(user=user, token=secrets.token_urlsafe(32))


def calendar_token_revoke(*, user) -> None:
    CalendarToken.objects.filter(user=user).delete()


def calendar_user(token: str):
    """The active user owning a feed token, or None. The unique index finds the row; the constant-time
    comparison keeps the check itself free of timing differences."""
    if not token or len(token) > 64:
        return None
    row = CalendarToken.objects.filter(token=token).select_related("user").first()
    if row is None or not secrets.compare_digest(row.token.encode(), token.encode()) or not row.user.is_active:
        return None
    return row.user


def calendar_ics(user, *, site_url: str) -> bytes:
    """The user's deadlines as iCalendar: one all-day event on the last on-time day of each round."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Danvan//Hạn báo cáo//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Hạn báo cáo")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for round_, units in calendar_rounds(user):
        plan = round_.plan
        for unit in units or [None]:
            event = Event()
            who = f" – {unit.name}" if unit else ""
            event.add("uid", f"round-{round_.pk}-unit-{unit.pk if unit else 0}@danvan")
            event.add("dtstamp", stamp)
            event.add("dtstart", round_.last_day)
            event.add("dtend", round_.last_day + datetime.timedelta(days=1))
            event.add("summary", f"Hạn báo cáo: {round_.name}{who}")
            link = (reverse("reports:unit_report_edit", args=[round_.pk, unit.pk]) if unit
                    else reverse("reports:round_board", args=[round_.pk]))
            event.add("description", "\n".join([
                str(plan),
                f"{round_.name}: báo cáo trước ngày {short_date(round_.deadline)} "
                f"(hạn cuối: hết ngày {short_date(round_.last_day)}).",
                site_url.rstrip("/") + link,
            ]))
            event.add("url", site_url.rstrip("/") + link)
            calendar.add_component(event)
    return calendar.to_ical()
