"""Browsing: the plan list (filters, search, sort, pages) and the legal document registry."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from danvan import permissions
from danvan.models import Unit
from danvan.text import vietnamese_sort_key
from plans.forms import SORTS, PlanFilterForm
from plans.models import LegalDocument, Plan
from plans.views.citations import search_documents

PAGE_SIZE = 20


def _filtered(form: PlanFilterForm, plans):
    if not form.is_valid():
        return plans, "updated"
    data = form.cleaned_data
    if data.get("q"):
        plans = plans.search(data["q"])
    if data.get("year"):
        plans = plans.filter(year=data["year"])
    if data.get("status"):
        plans = plans.filter(status=data["status"])
    if data.get("unit"):
        unit = data["unit"]
        assigned = Plan.objects.filter(Q(tasks__lead_unit=unit) | Q(tasks__coordinating_units=unit))
        plans = plans.filter(pk__in=assigned.values("pk"))
    return plans, data.get("sort") or "updated"


def _page(request, plans, sort: str):
    """One page of plans in the chosen order; titles sort in Vietnamese order (in Python, on ids only)."""
    if sort == "title":
        ordered = sorted(plans.values_list("pk", "title"), key=lambda row: vietnamese_sort_key(row[1]))
        page = Paginator([pk for pk, _title in ordered], PAGE_SIZE).get_page(request.GET.get("page"))
        rows = plans.in_bulk(list(page.object_list))
        page.object_list = [rows[pk] for pk in page.object_list]
        return page
    return Paginator(plans.order_by(*SORTS[sort][1]), PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
def plan_list(request):
    """Plans of the user's organization, and of the organizations below it for a parent's user."""
    user = request.user
    org_ids = permissions.readable_organization_ids(user)
    readable = Plan.objects.visible_to(user)
    years = sorted(set(readable.values_list("year", flat=True)), reverse=True)
    units = Unit.objects.filter(organization_id__in=org_ids).select_related("organization").order_by(
        "organization__name", "order", "name")
    form = PlanFilterForm(request.GET or None, years=years, units=units)
    plans, sort = _filtered(form, readable.select_related("organization", "drafting_unit"))
    page = _page(request, plans, sort)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "plans/list.html", {
        "form": form, "page": page, "querystring": query.urlencode(), "many_orgs": len(org_ids) > 1,
        "may_create": bool(permissions.organizations_allowing(user, "edit")),
        "filters_in_words": form.description(),
    })


@require_GET
def document_list(request):
    """The shared registry of legal documents, searchable with or without diacritics."""
    query = request.GET.get("q", "").strip()[:200]
    documents = search_documents(query) if query else LegalDocument.objects.order_by("-issued_on", "kind", "number")
    page = Paginator(documents, 30).get_page(request.GET.get("page"))
    return render(request, "plans/documents.html",
                  {"page": page, "query": query, "querystring": urlencode({"q": query}) if query else ""})
