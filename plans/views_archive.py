"""Deleting a draft plan, and archiving (closing) an issued one instead of deleting it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from plans import archive
from plans.views.common import get_plan


def _confirm_page(request, plan, *, status: int = 200):
    return render(request, "plans/delete.html", {
        "plan": plan, "preview": archive.plan_delete_preview(plan), "may_archive": plan.status == "issued",
    }, status=status)


@require_http_methods(["GET", "POST"])
def plan_delete(request, pk: int):
    """GET: what deleting would remove, or why it is refused (with "archive" offered). POST: delete."""
    plan = get_plan(request, pk, "edit")
    if request.method == "GET":
        return _confirm_page(request, plan)
    title = plan.title
    try:
        archive.plan_delete(plan=plan, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _confirm_page(request, plan, status=409)
    messages.success(request, f"Đã xóa dự thảo kế hoạch “{title}”.")
    return redirect(reverse("plans:list"))


@require_POST
def plan_archive(request, pk: int):
    plan = get_plan(request, pk, "edit")
    try:
        archive.plan_archive(plan=plan, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Đã lưu trữ (kết thúc) kế hoạch. Kế hoạch vẫn xem và in được, không nhận "
                                  "báo cáo mới.")
    return redirect(plan.get_absolute_url())
