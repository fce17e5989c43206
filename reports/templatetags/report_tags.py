"""Template tags for the report partials included on the plan page and the home page."""

import datetime

from django import template
from django.utils import timezone

from danvan import permissions
from plans.models import PlanStatus
from reports import progress
from tasks.models import ReportingRound

register = template.Library()

HOME_ROUNDS_SINCE_DAYS = 60
HOME_ROUNDS_LIMIT = 10


def _user(context):
    request = context.get("request")
    return request.user if request is not None else context.get("user")


@register.simple_tag(takes_context=True)
def plan_task_rows(context, plan, tasks=None):
    """Each task of the plan with its status word (lead unit's latest accepted report).

    `tasks`: the plan's tasks already read for the page (the plan page passes its task list).
    """
    return progress.plan_task_rows(plan, _user(context), timezone.localdate(), tasks or None)


@register.simple_tag(takes_context=True)
def report_links(context, plan=None):
    """Where the signed-in user goes next: their unit's reports, and the round boards they may read.

    With a plan: that plan's rounds. Without (home page): open rounds of the user's organization.
    """
    user = _user(context)
    if user is None or not user.is_authenticated:
        return {}
    plan = plan or None  # a template without `plan` passes ""
    now = timezone.now()
    today = timezone.localdate(now)
    unit_ids = permissions.user_unit_ids(user)
    mine = []
    if unit_ids:
        mine = progress.unit_rounds(unit_ids, now, plan_id=plan.pk if plan is not None else None)
    boards = []
    organization = plan.organization if plan is not None else permissions.primary_organization(user)
    if organization is not None and progress.reads_all_reports(user, organization):
        if plan is not None:
            rounds = list(plan.rounds.all()) if plan.is_issued else []
        else:
            rounds = list(ReportingRound.objects.filter(
                plan__organization=organization, plan__status=PlanStatus.ISSUED,
                deadline__gte=today - datetime.timedelta(days=HOME_ROUNDS_SINCE_DAYS))
                .select_related("plan__organization").order_by("deadline")[:HOME_ROUNDS_LIMIT])
        for round_ in rounds:
            words, tone = round_.deadline_words(today)
            boards.append({"round": round_, "words": words, "tone": tone})
    pending = sum(1 for row in mine if row.state.code in (
        progress.ReportState.NOT_STARTED, progress.ReportState.DRAFTING, progress.ReportState.OVERDUE,
        progress.ReportState.RETURNED))
    if plan is None:
        mine = mine[:HOME_ROUNDS_LIMIT]  # the home page: the nearest; "Báo cáo của đơn vị" lists them all
    return {"is_reporter": bool(unit_ids), "mine": mine, "boards": boards, "pending": pending}


@register.filter
def filesize_vi(size):
    from danvan.uploads import size_text

    return size_text(int(size or 0))
