"""The home page: what waits for the signed-in user in their organization.

It lives in reports, the top app, because it shows plans, rounds and reports together.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from danvan import permissions
from danvan.models import Role
from plans.models import Plan, PlanStatus
from reports import inbox
from reports.dashboard.queries import children_figures
from reports.models import SENT_STATUSES, UnitReport
from tasks.models import ReportingRound, Task

# Overdue rounds stay on the home page this long after their deadline.
OVERDUE_SHOWN_DAYS = 30
DEADLINES_SHOWN = 8
WAITING_SHOWN = 10
OFFICE_ROLES = {Role.ADMIN, Role.EDITOR, Role.APPROVER, Role.CLERK, Role.VIEWER}


def _deadlines(organization, today: datetime.date, unit_ids: set[int] | None) -> list[dict]:
    """Rounds of issued plans, nearest first; for a reporter only rounds their unit reports in."""
    rounds = ReportingRound.objects.filter(
        plan__organization=organization, plan__status=PlanStatus.ISSUED,
        deadline__gte=today - datetime.timedelta(days=OVERDUE_SHOWN_DAYS)).select_related("plan__organization")
    if unit_ids is not None:
        rounds = rounds.filter(plan_id__in=Task.objects.involving(unit_ids).values("plan_id"))
    rounds = list(rounds.order_by("deadline", "plan_id", "order")[:DEADLINES_SHOWN * 3])
    reported = set()
    if unit_ids:
        reported = set(UnitReport.objects.filter(
            round__in=rounds, unit_id__in=unit_ids,
            status__in=SENT_STATUSES).values_list("round_id", flat=True))
    rows = []
    for round_ in rounds:
        done = round_.pk in reported
        if round_.last_day < today and (unit_ids is None or done):
            continue  # an overdue round matters only to a unit that still owes its report
        words, tone = round_.deadline_words(today)
        rows.append({"round": round_, "words": words, "tone": tone, "reported": done})
    return rows[:DEADLINES_SHOWN]


def _drafts(plans, roles: set[str]) -> list[Plan]:
    """The editor's drafts in progress (not counted as waiting work: they are being written)."""
    if not roles & {Role.EDITOR, Role.ADMIN}:
        return []
    return list(plans.filter(status=PlanStatus.DRAFT, return_reason="").order_by("-updated_at")[:WAITING_SHOWN])


WARDS_SHOWN = 5


def _wards(organization, today: datetime.date) -> list:
    """For a city: its wards, late ones first (the first rows of Tổng quan's per-ward view)."""
    if not organization.children.exists():
        return []
    return children_figures(organization, today.year, today)[:WARDS_SHOWN]


@require_GET
def home(request):
    user = request.user
    organization = permissions.primary_organization(user)
    context = {"organization": organization, "inbox": inbox.inbox(user) if organization is None else []}
    if organization is None:
        return render(request, "home.html", context)
    roles = permissions.roles_in(user, organization)
    groups = inbox.inbox(user)
    today = timezone.localdate()
    plans = Plan.objects.filter(organization=organization)
    counts = {row["status"]: row["n"] for row in plans.order_by().values("status").annotate(n=Count("pk"))}
    reporter_only = Role.REPORTER in roles and not roles & OFFICE_ROLES
    unit_ids = permissions.user_unit_ids(user, organization) if reporter_only else None
    context.update({
        "roles": roles,
        "reporter_only": reporter_only,
        "status_counts": [{"status": value, "label": label, "count": counts.get(value, 0)}
                          for value, label in PlanStatus.choices],
        "deadlines": _deadlines(organization, today, unit_ids),
        "drafts": _drafts(plans, roles),
        "inbox": groups,
        # The menu's count, printed here rather than fetched again by htmx (templates/_nav.html).
        "inbox_total": sum(group.total for group in groups), "inbox_counted": True,
        "wards": _wards(organization, today),
        "today": today,
    })
    return render(request, "home.html", context)
