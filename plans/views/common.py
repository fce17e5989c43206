"""Helpers shared by the plan views: fetching through the permission rule, htmx replies."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from danvan import permissions
from plans.models import Plan

PLAN_QUERYSET = Plan.objects.select_related("organization", "drafting_unit", "implements")


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def get_plan(request, pk: int, action: str = "view") -> Plan:
    """The plan or 404 (outsider) / 403 (member without the role for `action`)."""
    return permissions.fetch(request.user, PLAN_QUERYSET, action, pk=pk)


def get_part(request, queryset, pk: int):
    """A section or citation of a plan the user may edit (same 404/403 rule as the plan)."""
    return permissions.fetch(request.user, queryset.select_related("plan__organization"), "edit",
                             org_path="plan__organization", pk=pk)


def edit_url(plan: Plan) -> str:
    return reverse("plans:edit", args=[plan.pk])


def back_url(plan: Plan) -> str:
    """Where a request without htmx goes back to: the editor for a draft, the plan page otherwise."""
    return edit_url(plan) if plan.is_editable else plan.get_absolute_url()


def refusal(request, plan: Plan, message: str, status: int = 409) -> HttpResponse:
    """A refused change: plain text for htmx (shown by plans.js), a message + redirect otherwise."""
    if is_htmx(request):
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    messages.error(request, message)
    return redirect(back_url(plan))


def not_editable_message(plan: Plan) -> str:
    return (f"Kế hoạch đang ở trạng thái “{plan.get_status_display()}” nên không sửa được. "
            "Chỉ dự thảo mới được sửa.")


def done(request, plan: Plan, message: str):
    """After a change made without htmx: a message and back to the edit page."""
    messages.success(request, message)
    return redirect(edit_url(plan))
