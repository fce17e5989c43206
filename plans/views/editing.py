"""Creating a plan and editing its header, recipients and signer (one page, parts saved by htmx)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan import permissions
from danvan.models import Organization
from plans import services
from plans.forms import PlanCreateForm, PlanHeaderForm, PlanSigningForm, add_service_errors
from plans.models import Plan
from plans.views.common import edit_url, get_plan, is_htmx, not_editable_message, refusal
from plans.views.context import edit_context


def creating_organization(user) -> Organization:
    """The organization a new plan belongs to: the user's own, where they are an editor."""
    primary = permissions.primary_organization(user)
    if primary is not None and permissions.can(user, "edit", primary):
        return primary
    ids = permissions.organizations_allowing(user, "edit")
    if not ids:
        raise PermissionDenied("Chỉ chuyên viên soạn thảo mới tạo được kế hoạch.")
    return Organization.objects.get(pk=min(ids))


@require_http_methods(["GET", "POST"])
def plan_create(request):
    organization = creating_organization(request.user)
    if request.method == "POST":
        form = PlanCreateForm(request.POST, instance=Plan(organization=organization),
                              organization=organization)
        if form.is_valid():
            try:
                plan = services.plan_create(organization=organization, user=request.user,
                                            data=form.changed_data_for_service(), shape=form.cleaned_data["shape"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Đã tạo dự thảo kế hoạch. Tiếp tục soạn căn cứ, nội dung, nhiệm vụ.")
                return redirect(edit_url(plan))
    else:
        year = timezone.localdate().year
        form = PlanCreateForm(organization=organization, initial={
            "year": year, "period_start": datetime.date(year, 1, 1), "period_end": datetime.date(year, 12, 31),
            "period_label": f"năm {year}"})
    return render(request, "plans/create.html", {"form": form, "organization": organization})


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    """GET: the edit page. POST: save the header form (htmx replaces only the header card)."""
    plan = get_plan(request, pk, "edit")
    if not plan.is_editable:
        if request.method == "POST":
            return refusal(request, plan, not_editable_message(plan))
        messages.error(request, not_editable_message(plan))
        return redirect(plan.get_absolute_url())
    if request.method == "POST":
        return _save_plan_form(request, plan, PlanHeaderForm, "header_form", "plans/_header_card.html")
    return render(request, "plans/edit.html", edit_context(plan))


@require_POST
def plan_signing(request, pk: int):
    """Save recipients and the signature block."""
    plan = get_plan(request, pk, "edit")
    if not plan.is_editable:
        return refusal(request, plan, not_editable_message(plan))
    return _save_plan_form(request, plan, PlanSigningForm, "signing_form", "plans/_signing_card.html",
                           auto_id="id_sig_%s")


def _save_plan_form(request, plan, form_class, name: str, card: str, auto_id: str = "id_%s"):
    """Validate one of the plan's forms and call plan_update; on a stale save keep the user's text,
    show what the other person changed, and carry the new version so a second click overwrites."""
    form = form_class(request.POST, instance=get_plan(request, plan.pk, "edit"), auto_id=auto_id)
    stale = None
    saved = False
    if form.is_valid():
        try:
            plan = services.plan_update(plan=plan, user=request.user, data=form.changed_data_for_service(),
                                        expected_version=form.cleaned_data["version"])
        except services.StaleEdit as error:
            stale = error
            plan.refresh_from_db()
            data = request.POST.copy()
            data["version"] = plan.version
            form = form_class(data, instance=plan, auto_id=auto_id)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved = True
            form = form_class(instance=plan, auto_id=auto_id)
    if is_htmx(request):
        # After a save the card also updates the other form's version (out of band).
        return render(request, card, {"plan": plan, name: form, "stale": stale, "saved": saved})
    if saved:
        messages.success(request, "Đã lưu.")
        return redirect(edit_url(plan))
    stale_name = name.replace("_form", "_stale")
    return render(request, "plans/edit.html", edit_context(plan, **{name: form, stale_name: stale}))


@require_GET
def suggest_recipients(request, pk: int):
    """The recipients field refilled from the plan's units (nothing saved; the editor checks it)."""
    plan = get_plan(request, pk, "edit")
    if not plan.is_editable:
        return refusal(request, plan, not_editable_message(plan))
    text = services.plan_suggest_recipients(plan=plan, current=request.GET.get("recipients", ""))
    form = PlanSigningForm(instance=plan, initial={"recipients": text}, auto_id="id_sig_%s")
    return render(request, "plans/_recipients_field.html", {"field": form["recipients"], "plan": plan})
