"""Pages of the công văn đôn đốc: draft it from a round's board, edit, submit, approve or return,
issue, print it as PDF or Word, keep the scan of the signed copy.

Thin views: fetch through danvan.permissions (404 for an outsider, 403 for a member without the
role), validate a form, call a service, redirect. A level above sees only issued letters.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan import permissions
from danvan.files import signed_scan_response
from danvan.forms import SignedScanForm
from danvan.services import register_next_number
from plans.forms import IssueForm, ReturnForm
from plans.models import PlanStatus
from reports import progress
from reports.inbox import units_owing
from reports.letters import services
from reports.letters.forms import LetterForm
from reports.letters.models import ReminderLetter
from reports.reminders import unit_reminder_request
from reports.views.documents import _download

LETTERS = ReminderLetter.objects.select_related("organization", "round__plan__organization", "approved_by")


def fetch_letter(user, pk: int, action: str = "view") -> ReminderLetter:
    letter = permissions.fetch(user, LETTERS, "view", pk=pk)
    if not letter.is_issued and not permissions.is_member(user, letter.organization):
        raise Http404  # the level above does not learn that a draft exists
    if action != "view":
        permissions.require(user, action, letter.organization)
    return letter


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@require_POST
def letter_create(request, round_id: int):
    round_ = progress.fetch_round(request.user, round_id)
    permissions.require(request.user, "edit", round_.plan.organization)
    unit_ids = [int(value) for value in request.POST.getlist("unit") if value.isdigit() and len(value) < 10]
    try:
        letter = services.letter_draft(round=round_, user=request.user, unit_ids=unit_ids)
    except ValidationError as refused:
        messages.error(request, _errors(refused))
        return redirect("reports:round_board", round_id=round_.pk)
    messages.success(request, "Đã soạn dự thảo công văn đôn đốc. Hãy đọc lại, sửa nếu cần rồi trình ký.")
    return redirect("reports:letter_edit", pk=letter.pk)


def _state(user, letter: ReminderLetter) -> dict:
    org = letter.organization
    return {
        "can_edit": letter.is_editable and permissions.can(user, "edit", org),
        "can_approve": letter.status == PlanStatus.SUBMITTED and permissions.can(user, "approve", org),
        "can_return": letter.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED)
        and permissions.can(user, "approve", org),
        "can_issue": letter.status == PlanStatus.APPROVED and permissions.can(user, "issue", org),
        "can_scan": letter.is_issued and permissions.can(user, "attach_scan", org),
    }


def _detail(request, letter: ReminderLetter, *, status: int = 200, **forms):
    suggested = register_next_number(organization=letter.organization, year=timezone.localdate().year)
    context = {
        "letter": letter, "round": letter.round, "plan": letter.round.plan, **_state(request.user, letter),
        "units": letter.units.order_by("order", "name"),
        "return_form": ReturnForm(), "scan_form": SignedScanForm(),
        "issue_form": IssueForm(initial={"number": suggested, "suggested": suggested,
                                         "issued_on": timezone.localdate()}),
    }
    context.update(forms)
    return render(request, "reports/letter_detail.html", context, status=status)


@require_GET
def letter_detail(request, pk: int):
    return _detail(request, fetch_letter(request.user, pk))


@require_http_methods(["GET", "POST"])
def letter_edit(request, pk: int):
    letter = fetch_letter(request.user, pk, "edit")
    if not letter.is_editable:
        messages.info(request, "Công văn đã trình ký nên không sửa được; lãnh đạo trả lại thì mới sửa tiếp.")
        return redirect(letter)
    form = LetterForm(request.POST or None, instance=letter)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        try:
            services.letter_update(letter=letter, user=request.user, data=data,
                                   unit_ids=[unit.pk for unit in form.cleaned_data["units"]],
                                   expected_version=form.cleaned_data["version"])
        except ValidationError as refused:
            form.add_error(None, _errors(refused))
        else:
            messages.success(request, "Đã lưu công văn.")
            return redirect(letter)
    return render(request, "reports/letter_edit.html", {"letter": letter, "form": form,
                                                        "round": letter.round, "plan": letter.round.plan},
                  status=400 if request.method == "POST" else 200)


def _step(request, pk: int, action: str, run, done: str):
    letter = fetch_letter(request.user, pk, action)
    try:
        run(letter)
    except ValidationError as refused:
        messages.error(request, _errors(refused))
    else:
        messages.success(request, done)
    return redirect("reports:letter_detail", pk=pk)


@require_POST
def letter_submit(request, pk: int):
    return _step(request, pk, "edit", lambda letter: services.letter_submit(letter=letter, user=request.user),
                 "Đã trình lãnh đạo ký công văn.")


@require_POST
def letter_approve(request, pk: int):
    return _step(request, pk, "approve", lambda letter: services.letter_approve(letter=letter, user=request.user),
                 "Đã phê duyệt công văn; văn thư sẽ cấp số và ban hành.")


@require_POST
def letter_return(request, pk: int):
    letter = fetch_letter(request.user, pk, "approve")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _detail(request, letter, status=400, return_form=form)
    return _step(request, pk, "approve", lambda letter: services.letter_return(
        letter=letter, user=request.user, reason=form.cleaned_data["reason"]), "Đã trả lại công văn để sửa.")


@require_POST
def letter_issue(request, pk: int):
    letter = fetch_letter(request.user, pk, "issue")
    form = IssueForm(request.POST, organization=letter.organization)  # the number shown is the number issued
    if not form.is_valid():
        return _detail(request, letter, status=400, issue_form=form)
    try:
        issued = services.letter_issue(letter=letter, user=request.user, issued_on=form.cleaned_data["issued_on"],
                                       number=form.cleaned_data["number"])
    except ValidationError as refused:
        if hasattr(refused, "error_dict"):
            for field, errors in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, _errors(refused))
        return _detail(request, letter, status=400, issue_form=form)
    messages.success(request, f"Đã ban hành công văn số {issued.number_display}.")
    return redirect(issued)


@require_POST
def letter_scan(request, pk: int):
    letter = fetch_letter(request.user, pk, "attach_scan")  # the same people as for a roll-up's signed scan
    form = SignedScanForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, letter, status=400, scan_form=form)
    return _step(request, pk, "attach_scan", lambda letter: services.letter_attach_scan(
        letter=letter, user=request.user, upload=form.cleaned_data["scan"]), "Đã lưu bản chụp văn bản đã ký.")


@require_GET
def letter_scan_file(request, pk: int):
    return signed_scan_response(fetch_letter(request.user, pk), "cong-van")


@require_GET
def letter_pdf(request, pk: int):
    return _download(request, "letter", fetch_letter(request.user, pk), "pdf")


@require_GET
def letter_docx(request, pk: int):
    return _download(request, "letter", fetch_letter(request.user, pk), "docx")


@require_POST
def round_remind(request, round_id: int):
    """"Nhắc đơn vị": queue the reminder mail to a late unit's reporters (the worker sends it through
    the daily reminders' service and log; nobody gets it twice in a day, a second click queues
    nothing more)."""
    round_ = progress.fetch_round(request.user, round_id)
    permissions.require(request.user, "edit", round_.plan.organization)
    raw = request.POST.get("unit", "")
    owing = {unit.pk: unit for unit in units_owing([round_]).get(round_.pk, [])}
    unit = owing.get(int(raw)) if raw.isdigit() and len(raw) < 10 else None
    if unit is None:
        messages.error(request, "Đơn vị này không còn thiếu báo cáo của đợt (hoặc không thuộc đợt này); không gửi thư nhắc.")
        return redirect("reports:round_board", round_id=round_.pk)
    reminder, queued = unit_reminder_request(round=round_, unit=unit, user=request.user, on=timezone.localdate())
    reminder.refresh_from_db()  # with no broker, the mails were sent at once
    if not queued:
        messages.warning(request, f"Không gửi thêm: thư nhắc tới cán bộ báo cáo của {unit.name} hôm nay "
                                  f"{'đang được gửi' if reminder.state == reminder.QUEUED else 'đã gửi'}.")
    elif reminder.state == reminder.QUEUED:
        messages.success(request, f"Đang gửi thư nhắc tới cán bộ báo cáo của {unit.name}…")
    elif reminder.state == reminder.FAILED:
        messages.error(request, f"Không gửi được thư nhắc tới cán bộ báo cáo của {unit.name}: "
                                f"{reminder.last_error}. Hãy thử lại sau.")
    elif reminder.sent_count:
        messages.success(request, f"Đã gửi thư nhắc hạn tới cán bộ báo cáo của {unit.name} ({reminder.sent_count} thư).")
    else:
        messages.warning(request, f"Không gửi thư mới: cán bộ báo cáo của {unit.name} đã được nhắc hôm nay, "
                                  "hoặc đơn vị chưa có cán bộ báo cáo có địa chỉ thư điện tử.")
    return redirect("reports:round_board", round_id=round_.pk)
