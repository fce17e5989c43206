"""Pages of unit progress reports: the reporter's page, the report form, a round's board, a
submission with its versions and review, evidence downloads, and the private calendar feed.

Views stay thin: fetch through reports.progress (permission rules), validate a form, call a
service, redirect.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from danvan import permissions
from danvan.files import private_download, stored_file_response
from danvan.forms import error_links
from danvan.models import CalendarToken, Unit
from plans.models import PlanStatus
from reports import progress
from reports.letters.board import board_context
from reports.forms_progress import EntryForm, ReportForm, ReturnForm, ReviewForm
from reports.models import Evidence, ReportStatus

MY_UNIT_PAGE_SIZE = 20  # tasks, and accepted reports, per page of "Báo cáo của đơn vị"
ALREADY_SUBMITTED = ("Báo cáo đã được gửi trước đó (có thể từ một cửa sổ khác); lần bấm này không tạo "
                     "bản gửi mới.")


@require_GET
def my_unit(request):
    """The reporter's page: the rounds still to do (all of them: they are few), one page of the
    unit's tasks and one page of its accepted reports, each paged on its own."""
    unit_ids = permissions.user_unit_ids(request.user)
    now = timezone.now()
    context = {"units": Unit.objects.filter(pk__in=unit_ids).select_related("organization")}
    if unit_ids:
        history = Paginator(progress.unit_accepted_reports(unit_ids), MY_UNIT_PAGE_SIZE)
        context.update(
            open_rows=progress.unit_rounds(unit_ids, now),
            task_page=progress.unit_tasks(unit_ids, timezone.localdate(now), page=request.GET.get("nhiem_vu"),
                                          per_page=MY_UNIT_PAGE_SIZE),
            accepted_page=history.get_page(request.GET.get("da_tiep_nhan")),
            task_query=_query_without(request, "nhiem_vu"),
            accepted_query=_query_without(request, "da_tiep_nhan"),
        )
    return render(request, "reports/my_unit.html", context)


def _query_without(request, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def _edit_forms(report, entries, data=None, files=None):
    return (ReportForm(data, initial={"overall": report.overall, "lock_version": report.lock_version}),
            [EntryForm(data, files, entry=entry) for entry in entries])


@require_http_methods(["GET", "POST"])
def unit_report_edit(request, round_id: int, unit_id: int):
    round_, unit = progress.fetch_round_for_unit(request.user, round_id, unit_id)
    try:
        report = progress.unit_report_open(round=round_, unit=unit)
    except progress.ProgressError as exc:
        messages.error(request, exc.message)
        return redirect("reports:my_unit")
    if not report.is_editable:
        if request.method == "POST" and request.POST.get("action") == "submit":
            messages.warning(request, ALREADY_SUBMITTED)
        else:
            messages.info(request, "Báo cáo đã gửi nên không sửa được; dưới đây là nội dung đã gửi.")
        return redirect(report)
    entries = progress.report_entries(report)
    if request.method == "GET":
        form, entry_forms = _edit_forms(report, entries)
        return _render_edit(request, report, form, entry_forms)

    form, entry_forms = _edit_forms(report, entries, request.POST, request.FILES)
    if not (form.is_valid() and all(entry_form.is_valid() for entry_form in entry_forms)):
        form.add_error(None, "Chưa lưu: hãy sửa các lỗi được đánh dấu bên dưới. Nội dung bạn đã nhập vẫn "
                             "được giữ; các tệp đính kèm cần chọn lại.")
        return _render_edit(request, report, form, entry_forms)
    arguments = {"report": report, "user": request.user, "lock_version": form.cleaned_data["lock_version"],
                 "overall": form.cleaned_data["overall"], "changes": [f.change() for f in entry_forms]}
    try:
        if request.POST.get("action") == "submit":
            if progress.unit_report_submit(**arguments):
                when = "muộn" if report.versions.get(number=report.version).is_late else "đúng hạn"
                messages.success(request, f"Đã gửi báo cáo (lần {report.version}, {when}).")
            else:
                messages.warning(request, ALREADY_SUBMITTED)
            return redirect(report)
        progress.unit_report_save(**arguments)
    except progress.ProgressError as exc:
        report.refresh_from_db()
        data = request.POST.copy()
        data[form.add_prefix("lock_version")] = report.lock_version
        form, entry_forms = _edit_forms(report, entries, data, request.FILES)
        form.is_valid()
        form.add_error(None, exc.message + " Các tệp đính kèm (nếu có) cần chọn lại.")
        return _render_edit(request, report, form, entry_forms)
    messages.success(request, "Đã lưu bản nháp.")
    return redirect("reports:unit_report_edit", round_id=round_.pk, unit_id=unit.pk)


def _render_edit(request, report, form, entry_forms):
    today = timezone.localdate()
    words, tone = report.round.deadline_words(today)
    return render(request, "reports/unit_report_edit.html", {
        "report": report, "round": report.round, "plan": report.round.plan, "form": form,
        "lead_forms": [f for f in entry_forms if f.entry.is_lead],
        "part_forms": [f for f in entry_forms if not f.entry.is_lead],
        "deadline_words": words, "deadline_tone": tone,
        "late_now": report.round.is_late(timezone.now()),
        "versions": report.versions.select_related("submitted_by"),
        "error_links": _error_links(form, entry_forms),
    })


def _error_links(form, entry_forms) -> list[tuple[str, str]]:
    """Each field error of the report, named by its task, as a link to the field (error summary)."""
    links = error_links(form)
    for entry_form in entry_forms:
        links += error_links(entry_form, prefix=f"{Truncator(entry_form.entry.task.content).words(12)} – ")
    return links


def _render_detail(request, report, *, return_form=None, status=200):
    organization = report.round.plan.organization
    can_review = permissions.can(request.user, "review_reports", organization)
    mine = report.unit_id in permissions.user_unit_ids(request.user, organization)
    return render(request, "reports/unit_report_detail.html", {
        "report": report, "round": report.round, "plan": report.round.plan,
        "state": progress.report_state(report, report.round, timezone.now()),
        "versions": report.versions.select_related("submitted_by").order_by("-number"),
        "can_review": can_review and report.status == ReportStatus.SUBMITTED,
        "can_edit": mine and report.is_editable and report.round.plan.status == PlanStatus.ISSUED,
        "can_board": progress.reads_all_reports(request.user, organization),
        "review_form": ReviewForm(initial={"version": report.version}),
        "return_form": return_form or ReturnForm(initial={"version": report.version}),
    }, status=status)


@require_GET
def unit_report_detail(request, pk: int):
    return _render_detail(request, progress.fetch_report(request.user, pk))


def _review(request, pk: int, form_class, service, done: str):
    """Accept or return: the form names the version the editor read; a refusal is shown as a message."""
    report = progress.fetch_report(request.user, pk, "review_reports")
    form = form_class(request.POST)
    if not form.is_valid():
        if form_class is not ReturnForm:
            messages.error(request, "Yêu cầu không hợp lệ, hãy tải lại trang rồi thử lại.")
        return _render_detail(request, report, return_form=form if form_class is ReturnForm else None)
    try:
        service(report=report, user=request.user, **form.cleaned_data)
    except progress.ProgressError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done.format(unit=report.unit))
    return redirect(report)


@require_POST
def unit_report_accept(request, pk: int):
    return _review(request, pk, ReviewForm, progress.unit_report_accept, "Đã tiếp nhận báo cáo của {unit}.")


@require_POST
def unit_report_return(request, pk: int):
    return _review(request, pk, ReturnForm, progress.unit_report_return,
                   "Đã trả lại báo cáo của {unit} để đơn vị sửa và gửi lại.")


@require_GET
def round_board(request, round_id: int):
    round_ = progress.fetch_round(request.user, round_id)
    if not progress.reads_all_reports(request.user, round_.plan.organization):
        raise PermissionDenied
    now = timezone.now()
    rows = progress.round_board(round_, now)
    words, tone = round_.deadline_words(timezone.localdate(now))
    return render(request, "reports/round_board.html", {
        "round": round_, "plan": round_.plan, "rows": rows, "counts": progress.board_counts(rows),
        "deadline_words": words, "deadline_tone": tone,
        "other_rounds": round_.plan.rounds.exclude(pk=round_.pk),
        **board_context(round_, request.user),  # reminders and the công văn đôn đốc
    })


@require_GET
def evidence(request, pk: int):
    item = permissions.fetch(request.user, Evidence.objects.select_related("entry__report__round__plan__organization"),
                             "view", org_path="entry__report__round__plan__organization", pk=pk)
    progress.check_report_readable(request.user, item.entry.report)
    if not progress.evidence_visible(request.user, item):
        raise Http404
    return stored_file_response(item.file, item.original_name, as_attachment=True, content_type=item.content_type)


@require_GET
def calendar_settings(request):
    token = CalendarToken.objects.filter(user=request.user).first()
    feed_url = (settings.SITE_URL.rstrip("/") + reverse("reports:calendar_feed", args=[token.token])) if token else ""
    return render(request, "reports/calendar_settings.html", {
        "token": token, "feed_url": feed_url, "rounds": progress.calendar_rounds(request.user)})


@require_POST
def calendar_token_reset(request):
    progress.calendar_token_reset(user=request.user)
    messages.success(request, "Đã tạo địa chỉ lịch mới. Địa chỉ cũ (nếu có) không còn dùng được.")
    return redirect("reports:calendar_settings")


@require_POST
def calendar_token_revoke(request):
    progress.calendar_token_revoke(user=request.user)
    messages.success(request, "Đã thu hồi địa chỉ lịch: không ai dùng được địa chỉ đó nữa.")
    return redirect("reports:calendar_settings")


@login_not_required
@require_safe  # GET and HEAD: calendar apps check a feed with HEAD
def calendar_feed(request, token: str):
    user = progress.calendar_user(token)
    if user is None:
        raise Http404
    body = progress.calendar_ics(user, site_url=settings.SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="han-bao-cao.ics"'
    return private_download(response)
