"""Sections of a plan: add, edit, move, delete. htmx swaps one section so no other typing is lost."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from plans import services
from plans.forms import MoveForm, SectionAddForm, SectionForm, add_service_errors
from plans.models import PlanSection
from plans.views.common import done, get_part, get_plan, is_htmx, not_editable_message, refusal
from plans.views.context import edit_context, section_item


@require_POST
def section_add(request, pk: int):
    plan = get_plan(request, pk, "edit")
    if not plan.is_editable:
        return refusal(request, plan, not_editable_message(plan))
    form = SectionAddForm(request.POST, auto_id="id_new_%s")
    if form.is_valid():
        try:
            section = services.section_add(plan=plan, user=request.user, heading=form.cleaned_data["heading"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not is_htmx(request):
                return done(request, plan, "Đã thêm mục mới.")
            # The new card is appended to the list; a fresh add form replaces the used one (out of band).
            html = render_to_string("plans/_section.html", section_item(section, just_added=True), request=request)
            html += render_to_string("plans/_section_add.html", {
                "plan": plan, "section_add_form": SectionAddForm(auto_id="id_new_%s"), "oob": True}, request=request)
            return HttpResponse(html)
    if not is_htmx(request):
        return render(request, "plans/edit.html", edit_context(plan, section_add_form=form))
    response = render(request, "plans/_section_add.html", {"plan": plan, "section_add_form": form})
    response["HX-Retarget"] = "#section-add"
    response["HX-Reswap"] = "outerHTML"
    return response


@require_POST
def section_update(request, pk: int):
    """Save one section; a stale marker keeps the user's text and shows the other version."""
    section = get_part(request, PlanSection.objects.all(), pk)
    plan = section.plan
    if not plan.is_editable:
        return refusal(request, plan, not_editable_message(plan))
    auto_id = f"id_s{section.pk}_%s"
    form = SectionForm(request.POST, auto_id=auto_id)
    stale = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            section = services.section_update(section=section, user=request.user, heading=data["heading"],
                                              body=data["body"], expected_marker=data["marker"])
        except services.StaleEdit as error:
            stale = error
            section.refresh_from_db()
            posted = request.POST.copy()
            posted["marker"] = services.section_marker(section)
            form = SectionForm(posted, auto_id=auto_id)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not is_htmx(request):
                return done(request, plan, f"Đã lưu mục “{section.heading}”.")
            return render(request, "plans/_section.html", section_item(section, saved=True))
    item = section_item(section, form, stale=stale)
    if is_htmx(request):
        return render(request, "plans/_section.html", item)
    items = [item if other.pk == section.pk else section_item(other)
             for other in plan.sections.order_by("order", "pk")]
    return render(request, "plans/edit.html", edit_context(plan, section_items=items))


@require_POST
def section_move(request, pk: int):
    """Move a section up or down. htmx: 204 and plans.js moves the card (numbers follow by CSS)."""
    section = get_part(request, PlanSection.objects.all(), pk)
    plan = section.plan
    if not plan.is_editable:
        return refusal(request, plan, not_editable_message(plan))
    form = MoveForm(request.POST)
    if not form.is_valid():
        return refusal(request, plan, "Yêu cầu không hợp lệ.", status=400)
    try:
        services.section_move(section=section, user=request.user, direction=form.cleaned_data["direction"])
    except ValidationError as error:
        return refusal(request, plan, " ".join(error.messages))
    if is_htmx(request):
        return HttpResponse(status=204)
    return done(request, plan, "Đã đổi thứ tự mục.")


@require_POST
def section_delete(request, pk: int):
    section = get_part(request, PlanSection.objects.all(), pk)
    plan = section.plan
    if not plan.is_editable:
        return refusal(request, plan, not_editable_message(plan))
    heading = section.heading
    try:
        services.section_delete(section=section, user=request.user)
    except ValidationError as error:
        return refusal(request, plan, " ".join(error.messages))
    if is_htmx(request):
        return HttpResponse("")
    return done(request, plan, f"Đã xóa mục “{heading}”.")
