"""“Tổng quan” pages: the per-unit table and charts of an organization for a year or a plan, its
.xlsx export, and a city's view of its wards with each ward's issued documents.

Leaders, editors, clerks and viewers of the organization (and users of the level above) see it;
a person whose only role there is reporter does not (403), an outsider gets 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from danvan import permissions
from danvan.models import Organization
from plans.models import Plan
from reports.dashboard import charts, queries
from reports.dashboard.export import unit_table_xlsx
from reports.models import RollupReport
from reports.progress.access import reads_all_reports
from reports.views.documents import document_response

COLUMNS = [("unit", "Đơn vị"), ("led", "Nhiệm vụ chủ trì"), ("done_on_time", "Hoàn thành đúng hạn"),
           ("done_late", "Hoàn thành quá hạn"), ("in_progress", "Đang thực hiện"), ("overdue", "Quá hạn"),
           ("rate", "Tỷ lệ đúng hạn")]


def _organization(request) -> Organization:
    """The organization shown: ?org= (one the user may read), else the one the user works in."""
    raw = request.GET.get("org", "")
    if raw:
        if not raw.isdigit():
            raise Http404
        organization = get_object_or_404(Organization, pk=int(raw))
    else:
        organization = permissions.primary_organization(request.user)
        if organization is None:
            raise Http404
    if not permissions.can_read(request.user, organization):
        raise Http404
    if not reads_all_reports(request.user, organization):
        raise PermissionDenied
    return organization


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _scope(request, organization: Organization) -> dict:
    """Year or plan from the query string; the current year (or the latest with issued plans) by default."""
    today = timezone.localdate()
    years = queries.dashboard_years(organization)
    plan = None
    plan_id = _int(request.GET.get("plan"))
    if plan_id is not None:
        plan = Plan.objects.filter(organization=organization, status__in=queries.ISSUED, pk=plan_id).first()
    year = _int(request.GET.get("year"))
    if plan is not None:
        year = plan.year
    elif year not in years:
        year = today.year if today.year in years or not years else years[0]
    sort = request.GET.get("sort", "risk")
    sort = sort if sort in queries.SORTS else "risk"
    return {"today": today, "years": years, "year": year, "plan": plan, "sort": sort,
            "descending": request.GET.get("dir") == "desc"}


def _unit_rows(organization, scope):
    return queries.unit_figures(organization, year=scope["year"], plan=scope["plan"], today=scope["today"],
                                sort=scope["sort"], descending=scope["descending"])


@require_GET
def dashboard(request):
    organization = _organization(request)
    scope = _scope(request, organization)
    rows = _unit_rows(organization, scope)
    rounds = (queries.plan_rounds(scope["plan"], scope["today"]) if scope["plan"]
              else queries.year_rounds(organization, scope["year"], scope["today"]))
    plans = list(Plan.objects.filter(organization=organization, status__in=queries.ISSUED, year=scope["year"])
                 .select_related("organization").order_by("-issued_on", "-number"))
    return render(request, "reports/dashboard.html", {
        "organization": organization, **scope, "rows": rows, "rounds": rounds, "plans": plans,
        "columns": COLUMNS, "units_chart": charts.units_chart(rows) if rows else "",
        "rounds_chart": charts.rounds_chart(rounds) if rounds else "",
        "has_children": organization.children.exists(),
        "totals": {key: sum(getattr(row, key) for row in rows)
                   for key in ("led", "done_on_time", "done_late", "in_progress", "overdue")},
    })


@require_GET
def dashboard_xlsx(request):
    organization = _organization(request)
    scope = _scope(request, organization)
    return document_response(unit_table_xlsx(organization, _unit_rows(organization, scope),
                                             year=scope["year"], plan=scope["plan"]))


@require_GET
def dashboard_children(request):
    organization = _organization(request)
    if not organization.children.exists():
        raise Http404
    today = timezone.localdate()
    year = _int(request.GET.get("year")) or today.year
    return render(request, "reports/dashboard_children.html", {
        "organization": organization, "year": year, "today": today,
        "years": list(range(today.year, today.year - 5, -1)),
        "rows": queries.children_figures(organization, year, today),
    })


@require_GET
def child_documents(request, org_id: int):
    """A ward's issued plans and roll-ups of a year, for the level above (and the ward itself)."""
    child = get_object_or_404(Organization, pk=org_id)
    if not permissions.can_read(request.user, child):
        raise Http404
    year = _int(request.GET.get("year")) or timezone.localdate().year
    return render(request, "reports/dashboard_documents.html", {
        "organization": child, "year": year,
        "plans": Plan.objects.filter(organization=child, status__in=queries.ISSUED, year=year)
        .select_related("organization").order_by("-issued_on", "-number"),
        "rollups": RollupReport.objects.filter(organization=child, status__in=queries.ISSUED, issued_on__year=year)
        .select_related("organization").order_by("-issued_on", "-number"),
    })
