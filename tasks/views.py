"""Views of the tasks app: htmx fragments of the plan editor's task table and reporting rounds.

The plan pages include templates/tasks/_plan_tasks.html and _plan_rounds.html; the endpoints here
answer their htmx requests with one row (or one section) of HTML. Reads need "view" on the plan's
organization; writes need "edit" and a draft plan (403 otherwise), except an extension (gia hạn),
which an editor may record on an issued plan. A request without htmx (no JavaScript) is redirected
back to the plan page after a successful write.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from danvan import permissions
from plans.forms import add_service_errors
from plans.models import Plan, PlanStatus
from plans.views.common import back_url, is_htmx, refusal
from tasks import services
from tasks.forms import ExtendForm, RoundForm, RoundGenerateForm, TableImportForm, TaskForm
from tasks.table_import import TableRefused, tasks_import_table
from tasks.models import ReportingRound, Task

TASKS = Task.objects.select_related("plan__organization", "lead_unit", "section").prefetch_related("coordinating_units")
ROUNDS = ReportingRound.objects.select_related("plan__organization")
PLANS = Plan.objects.select_related("organization")


def _refuse_unless_draft(plan: Plan) -> None:
    if not plan.is_editable:
        raise PermissionDenied(services.NOT_DRAFT)


def _can_edit(user, plan: Plan) -> bool:
    return plan.is_editable and permissions.can(user, "edit", plan.organization)


def _editable_plan(request, plan_pk: int) -> Plan:
    plan = permissions.fetch(request.user, PLANS, "edit", pk=plan_pk)
    _refuse_unless_draft(plan)
    return plan


def _editable_task(request, pk: int) -> Task:
    task = permissions.fetch(request.user, TASKS, "edit", org_path="plan__organization", pk=pk)
    _refuse_unless_draft(task.plan)
    return task


def _editable_round(request, pk: int) -> ReportingRound:
    reporting_round = permissions.fetch(request.user, ROUNDS, "edit", org_path="plan__organization", pk=pk)
    _refuse_unless_draft(reporting_round.plan)
    return reporting_round


def _form_token(request) -> str:
    """A suffix for element ids of a new-row form, so two open forms never share an id."""
    token = request.GET.get("n") or request.POST.get("row_token") or ""
    return "".join(ch for ch in token if ch.isascii() and ch.isalnum())[:12] or "new"


def _done(request, plan: Plan, response: HttpResponse) -> HttpResponse:
    return response if is_htmx(request) else redirect(back_url(plan))


# --- Task table ----------------------------------------------------------------------------------

def _task_row(request, task: Task, *, can_edit: bool, can_extend: bool = False, extend_form=None):
    return render(request, "tasks/_task_row.html", {
        "task": task, "plan": task.plan, "can_edit": can_edit, "can_extend": can_extend,
        "extend_form": extend_form,
    })


def _task_form_row(request, plan: Plan, form: TaskForm, task: Task | None = None, current: list | None = None):
    return render(request, "tasks/_task_form_row.html", {
        "plan": plan, "form": form, "task": task, "current": current, "token": _form_token(request),
    })


@require_GET
def task_list(request, plan_pk: int):
    """The whole task table of a plan (the same fragment the plan pages include)."""
    plan = permissions.fetch(request.user, PLANS, "view", pk=plan_pk)
    can_extend = plan.status == PlanStatus.ISSUED and permissions.can(request.user, "edit", plan.organization)
    return render(request, "tasks/_plan_tasks.html", {
        "plan": plan, "can_edit": _can_edit(request.user, plan), "can_extend": can_extend, "fragment": True,
        "tasks": TASKS.filter(plan=plan)})


@require_GET
def task_row(request, pk: int):
    """One task as a table row (used to cancel an edit)."""
    task = permissions.fetch(request.user, TASKS, "view", org_path="plan__organization", pk=pk)
    return _task_row(request, task, can_edit=_can_edit(request.user, task.plan))


@require_GET
def task_new(request, plan_pk: int):
    """An empty row form, appended to the table by the "Thêm nhiệm vụ" button."""
    plan = _editable_plan(request, plan_pk)
    return _task_form_row(request, plan, TaskForm(plan=plan, auto_id=f"tn{_form_token(request)}_%s"))


@require_POST
def task_create(request, plan_pk: int):
    plan = _editable_plan(request, plan_pk)
    form = TaskForm(request.POST, plan=plan, auto_id=f"tn{_form_token(request)}_%s")
    if form.is_valid():
        try:
            task = services.task_create(plan=plan, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, plan, _task_row(request, task, can_edit=True))
    return _task_form_row(request, plan, form)


@require_GET
def task_edit(request, pk: int):
    task = _editable_task(request, pk)
    form = TaskForm(plan=task.plan, task=task, auto_id=f"t{task.pk}_%s",
                    initial={"fingerprint": services.task_fingerprint(task)})
    return _task_form_row(request, task.plan, form, task)


@require_POST
def task_update(request, pk: int):
    task = _editable_task(request, pk)
    form = TaskForm(request.POST, plan=task.plan, task=task, auto_id=f"t{task.pk}_%s")
    current = None
    if form.is_valid():
        try:
            task = services.task_update(task=task, fingerprint=form.cleaned_data["fingerprint"],
                                        **form.service_kwargs())
        except ValidationError as exc:
            if getattr(exc, "code", None) == "stale":
                task = TASKS.get(pk=task.pk)
                current = services.task_changes(task, **form.service_kwargs())
                # The next save is made knowingly against what is saved now.
                form.data = form.data.copy()
                form.data["fingerprint"] = services.task_fingerprint(task)
            add_service_errors(form, exc)
        else:
            task = TASKS.get(pk=task.pk)
            return _done(request, task.plan, _task_row(request, task, can_edit=True))
    return _task_form_row(request, task.plan, form, task, current)


def _refused(request, plan: Plan, exc: ValidationError) -> HttpResponse:
    """A write the service refused without a form to show it in: a 409 with the reason."""
    return refusal(request, plan, " ".join(exc.messages))


@require_POST
def task_delete(request, pk: int):
    task = _editable_task(request, pk)
    try:
        services.task_delete(task=task)
    except ValidationError as exc:
        return _refused(request, task.plan, exc)
    return _done(request, task.plan, HttpResponse(""))


@require_POST
def task_move(request, pk: int, direction: str):
    if direction not in ("up", "down"):
        raise Http404
    task = _editable_task(request, pk)
    try:
        moved = services.task_move(task=task, direction=direction)
    except ValidationError as exc:
        return _refused(request, task.plan, exc)
    # No content either way: the page moves the row itself (static/js/tasks.js), so that
    # rows being edited elsewhere in the table keep what was typed in them.
    return _done(request, task.plan,
                 HttpResponse(status=204, headers={"X-Task-Move": "moved" if moved else "unchanged"}))


@require_POST
def task_extend(request, pk: int):
    """Gia hạn a task's due date: allowed to editors on a plan in any state but closed."""
    task = permissions.fetch(request.user, TASKS, "edit", org_path="plan__organization", pk=pk)
    form = ExtendForm(request.POST, auto_id=f"x{task.pk}_%s")
    if form.is_valid():
        try:
            services.task_extend(task=task, extended_due_date=form.cleaned_data["extended_due_date"],
                                 reason=form.cleaned_data["extension_reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            task = TASKS.get(pk=task.pk)
            if not is_htmx(request):
                messages.success(request, "Đã gia hạn nhiệm vụ.")
                return redirect(back_url(task.plan))
            return _task_row(request, task, can_edit=_can_edit(request.user, task.plan), can_extend=True)
    return _task_row(request, task, can_edit=_can_edit(request.user, task.plan), can_extend=True, extend_form=form)


@require_POST
def task_table_import(request, plan_pk: int):
    """Fill the task table from an .xlsx/.csv of the export's columns: all rows or none."""
    plan = _editable_plan(request, plan_pk)
    form = TableImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            added = tasks_import_table(plan=plan, data=upload.read(), filename=upload.name,
                                       replace=form.cleaned_data["replace"])
        except TableRefused as refused:
            messages.error(request, f"Không nhập được bảng nhiệm vụ: {refused}")
        except ValidationError as error:
            problems = error.messages
            shown = problems[:20] + ([f"… và {len(problems) - 20} lỗi khác."] if len(problems) > 20 else [])
            messages.error(request, "Không nhập được bảng nhiệm vụ, chưa có dòng nào được lưu. " + " ".join(shown))
        else:
            messages.success(request, f"Đã nhập {added} nhiệm vụ từ {upload.name}.")
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect(reverse("plans:edit", args=[plan.pk]) + "#tasks-card")


# --- Reporting rounds ----------------------------------------------------------------------------

def _round_row(request, reporting_round: ReportingRound, *, can_edit: bool):
    return render(request, "tasks/_round_row.html", {"round": reporting_round, "plan": reporting_round.plan,
                                                     "can_edit": can_edit})


def _round_form_row(request, plan: Plan, form: RoundForm, reporting_round: ReportingRound | None = None):
    return render(request, "tasks/_round_form_row.html", {"plan": plan, "form": form, "round": reporting_round,
                                                          "token": _form_token(request)})


@require_GET
def round_list(request, plan_pk: int):
    plan = permissions.fetch(request.user, PLANS, "view", pk=plan_pk)
    return render(request, "tasks/_plan_rounds.html", {"plan": plan, "can_edit": _can_edit(request.user, plan),
                                                       "fragment": True})


@require_GET
def round_row(request, pk: int):
    reporting_round = permissions.fetch(request.user, ROUNDS, "view", org_path="plan__organization", pk=pk)
    return _round_row(request, reporting_round, can_edit=_can_edit(request.user, reporting_round.plan))


@require_GET
def round_new(request, plan_pk: int):
    plan = _editable_plan(request, plan_pk)
    return _round_form_row(request, plan, RoundForm(auto_id=f"rn{_form_token(request)}_%s", plan=plan))


def _round_values(form: RoundForm) -> dict:
    data = form.cleaned_data
    return {"name": data["name"], "deadline": data["deadline"], "period_start": data["period_start"],
            "period_end": data["period_end"], "reporting_units": list(data.get("reporting_units") or [])}


@require_POST
def round_create(request, plan_pk: int):
    plan = _editable_plan(request, plan_pk)
    form = RoundForm(request.POST, auto_id=f"rn{_form_token(request)}_%s", plan=plan)
    if form.is_valid():
        try:
            reporting_round = services.round_create(plan=plan, **_round_values(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, plan, _round_row(request, reporting_round, can_edit=True))
    return _round_form_row(request, plan, form)


@require_GET
def round_edit(request, pk: int):
    reporting_round = _editable_round(request, pk)
    form = RoundForm(auto_id=f"r{reporting_round.pk}_%s", initial={
        "name": reporting_round.name, "deadline": reporting_round.deadline,
        "period_start": reporting_round.period_start, "period_end": reporting_round.period_end,
        "reporting_units": list(reporting_round.reporting_units.values_list("pk", flat=True))},
        plan=reporting_round.plan)
    return _round_form_row(request, reporting_round.plan, form, reporting_round)


@require_POST
def round_update(request, pk: int):
    reporting_round = _editable_round(request, pk)
    form = RoundForm(request.POST, auto_id=f"r{reporting_round.pk}_%s", plan=reporting_round.plan)
    if form.is_valid():
        try:
            reporting_round = services.round_update(reporting_round=reporting_round, **_round_values(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, reporting_round.plan, _round_row(request, reporting_round, can_edit=True))
    return _round_form_row(request, reporting_round.plan, form, reporting_round)


@require_POST
def round_delete(request, pk: int):
    reporting_round = _editable_round(request, pk)
    try:
        services.round_delete(reporting_round=reporting_round)
    except ValidationError as exc:
        return _refused(request, reporting_round.plan, exc)
    return _done(request, reporting_round.plan, HttpResponse(""))


@require_GET
def round_generate_form(request, plan_pk: int):
    """The "Tạo đợt tự động" form, opened from its button."""
    plan = _editable_plan(request, plan_pk)
    return render(request, "tasks/_round_generate_form.html",
                  {"plan": plan, "generate_form": RoundGenerateForm(auto_id="rg_%s")})


@require_POST
def rounds_generate(request, plan_pk: int):
    """"Tạo đợt tự động": the whole rounds section on success, only the form (retargeted) on errors."""
    plan = _editable_plan(request, plan_pk)
    form = RoundGenerateForm(request.POST, auto_id="rg_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.rounds_generate(plan=plan, period=data["period"], days=data["days"],
                                               working_days=data["day_kind"] == "working", replace=data["replace"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not is_htmx(request):
                messages.success(request, f"Đã tạo {len(created)} đợt báo cáo.")
                return redirect(back_url(plan))
            return render(request, "tasks/_plan_rounds.html", {
                "plan": plan, "can_edit": True, "generated": len(created), "fragment": True})
    response = render(request, "tasks/_round_generate_form.html", {"plan": plan, "generate_form": form})
    response["HX-Retarget"] = "#round-generate"
    response["HX-Reswap"] = "outerHTML"
    return response


# --- Copy of last year's plan --------------------------------------------------------------------

@require_POST
def plan_copy(request, plan_pk: int):
    """A new draft for next year from this plan; the editor lands on its edit page."""
    plan = permissions.fetch(request.user, PLANS, "edit", pk=plan_pk)
    try:
        copy = services.plan_copy(plan=plan, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(plan.get_absolute_url())
    messages.success(request, f"Đã sao chép thành dự thảo kế hoạch năm {copy.year}: “{copy.title}”. "
                              "Hãy rà soát nội dung, thời hạn và các đợt báo cáo.")
    return redirect(reverse("plans:edit", args=[copy.pk]))

