"""The plan page and its workflow: submit, approve, return, issue, attach the signed scan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from danvan import permissions
from danvan.files import extension, stored_file_response
from danvan.services import register_next_number
from plans import services
from plans.forms import IssueForm, ReturnForm, ScanForm, add_service_errors
from plans.models import PlanStatus
from plans.views.common import get_plan
from plans.views.context import citation_groups


def detail_context(request, plan, **forms) -> dict:
    """What the plan page shows, and which workflow buttons this user gets."""
    user, organization = request.user, plan.organization

    def allowed(action: str) -> bool:
        return permissions.can(user, action, organization)

    today = timezone.localdate()
    suggested = register_next_number(organization=organization, year=today.year)
    context = {
        "plan": plan,
        "groups": citation_groups(plan),
        "sections": list(plan.sections.order_by("order", "pk")),
        "can_edit": False,  # the tasks and rounds tables are read-only on this page
        # Reverse relation (plans must not import tasks): one query for the rows, one for co-ordinators.
        # Read once: the task table and the status table of an issued plan both use this list.
        "tasks": list(plan.tasks.select_related("lead_unit", "section").prefetch_related("coordinating_units")),
        "may_edit": allowed("edit") and plan.is_editable,
        "may_approve": allowed("approve") and plan.status == PlanStatus.SUBMITTED,
        "may_issue": allowed("issue") and plan.status == PlanStatus.APPROVED,
        "may_attach": allowed("attach_scan") and plan.is_issued,
        "may_copy": allowed("edit"),
        "may_extend": allowed("edit") and plan.status == PlanStatus.ISSUED,  # a task's due date, with a reason
        "return_form": ReturnForm(),
        "issue_form": IssueForm(initial={"number": suggested, "suggested": suggested, "issued_on": today}),
        "scan_form": ScanForm(),
    }
    context.update(forms)
    return context


@require_GET
def plan_detail(request, pk: int):
    plan = get_plan(request, pk)
    return render(request, "plans/detail.html", detail_context(request, plan))


def _transition(request, plan, run, success: str):
    try:
        run()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(plan.get_absolute_url())


@require_POST
def plan_submit(request, pk: int):
    plan = get_plan(request, pk, "edit")
    return _transition(request, plan, lambda: services.plan_submit(plan=plan, user=request.user),
                       "Đã gửi kế hoạch để lãnh đạo phê duyệt.")


@require_POST
def plan_approve(request, pk: int):
    plan = get_plan(request, pk, "approve")
    return _transition(request, plan, lambda: services.plan_approve(plan=plan, user=request.user),
                       "Đã phê duyệt kế hoạch. Văn thư sẽ cấp số và ban hành.")


def _form_step(request, plan, form, name: str, run, success: str):
    """Validate a workflow form, run the service; errors are shown next to the fields."""
    if form.is_valid():
        try:
            message = run(form)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # a refusal of the step itself (wrong status)
                messages.error(request, " ".join(error.messages))
                return redirect(plan.get_absolute_url())
            add_service_errors(form, error)
        else:
            messages.success(request, message or success)
            return redirect(plan.get_absolute_url())
    return render(request, "plans/detail.html", detail_context(request, plan, **{name: form}))


@require_POST
def plan_return(request, pk: int):
    plan = get_plan(request, pk, "approve")

    def run(form):
        services.plan_return(plan=plan, user=request.user, reason=form.cleaned_data["reason"])

    return _form_step(request, plan, ReturnForm(request.POST), "return_form", run,
                      "Đã trả lại dự thảo cho người soạn kèm lý do.")


@require_POST
def plan_issue(request, pk: int):
    plan = get_plan(request, pk, "issue")

    def run(form):
        issued = services.plan_issue(plan=plan, user=request.user, issued_on=form.cleaned_data["issued_on"],
                                     number=form.cleaned_data["number"])  # the number shown, never another
        return f"Đã ban hành kế hoạch số {issued.number_display}."

    return _form_step(request, plan, IssueForm(request.POST, organization=plan.organization), "issue_form", run, "")


@require_POST
def plan_attach_scan(request, pk: int):
    plan = get_plan(request, pk, "attach_scan")

    def run(form):
        services.plan_attach_scan(plan=plan, user=request.user, upload=form.cleaned_data["file"])

    return _form_step(request, plan, ScanForm(request.POST, request.FILES), "scan_form", run,
                      "Đã lưu bản chụp văn bản đã ký.")


@require_GET
def plan_scan(request, pk: int):
    """The signed scan, only to users who may read the plan."""
    plan = get_plan(request, pk)
    name = f"ke-hoach-{plan.number or plan.pk}-{plan.year}-ban-ky.{extension(plan.signed_scan)}" if plan.signed_scan else ""
    return stored_file_response(plan.signed_scan, name, as_attachment=False)
