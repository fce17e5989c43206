"""Pages of the roll-up report: compile from a round, edit, refresh the figures, the life cycle,
the prints, and the level above (a parent organization's overview of its children's roll-ups).

Views stay thin: fetch through danvan.permissions, validate a form, call a reports.rollups.services service,
redirect. A parent organization reads its children's issued roll-ups and never writes them; an
unissued roll-up is seen only inside its own organization.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan import permissions
from danvan.files import signed_scan_response
from danvan.forms import SignedScanForm
from danvan.models import Organization
from danvan.services import register_next_number
from plans.models import PlanStatus
from reports import progress
from reports.rollups import services as services
from reports.documents import DocumentError, render as render_document
from reports.rollups.document import figure_blocks
from reports.views.documents import document_response
from reports.rollups.forms import IssueForm, PeriodForm, RollupForm, ReturnForm
from reports.models import SENT_STATUSES, RollupReport, UnitReport
from reports.rollups.figures import children_rollups, pending_additions
from tasks.models import ReportingRound

MATERIAL_KINDS = [("proposals", "Đề xuất, kiến nghị của đơn vị"), ("difficulties", "Khó khăn, vướng mắc"),
                  ("overall", "Đánh giá chung của đơn vị")]
ROLLUP_PAGE_SIZE = 30  # the list of roll-ups, newest first
ROLLUPS = RollupReport.objects.select_related("organization", "round__plan", "approved_by", "created_by")


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def fetch_rollup(user, pk: int, action: str = "view") -> RollupReport:
    """A roll-up the user may see (404), act on (403). Above its organization only issued ones show."""
    rollup = permissions.fetch(user, ROLLUPS, "view", pk=pk)
    if not rollup.is_issued and not permissions.is_member(user, rollup.organization):
        raise Http404  # the level above does not learn that a draft exists
    if action != "view":
        permissions.require(user, action, rollup.organization)
    return rollup


def _fetch_round(user, pk: int, action: str = "view") -> ReportingRound:
    round_ = progress.fetch_round(user, pk)  # 404 for outsiders and for rounds of unissued plans
    if action != "view":
        permissions.require(user, action, round_.plan.organization)
    return round_


def _state(user, rollup: RollupReport) -> dict:
    """What the user may do on this roll-up now (the template shows only those buttons)."""
    org = rollup.organization
    draft = rollup.status == PlanStatus.DRAFT
    return {
        "can_edit": draft and permissions.can(user, "edit", org),
        "can_submit": draft and permissions.can(user, "edit", org),
        "can_approve": rollup.status == PlanStatus.SUBMITTED and permissions.can(user, "approve", org),
        "can_return": rollup.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED)
        and permissions.can(user, "approve", org),
        "can_issue": rollup.status == PlanStatus.APPROVED and permissions.can(user, "issue", org),
        "can_scan": rollup.is_issued and permissions.can(user, "attach_scan", org),
    }


# --- Lists and the round's panel -----------------------------------------------------------------

@require_GET
def rollup_list(request):
    """The roll-ups of the user's own organizations, newest first, a page at a time."""
    member = permissions.member_organization_ids(request.user)
    rollups = ROLLUPS.filter(organization_id__in=member) if not request.user.is_superuser else ROLLUPS.all()
    parents = Organization.objects.filter(pk__in=member, children__isnull=False).distinct()
    page = Paginator(rollups.order_by("-created_at", "-pk"), ROLLUP_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/rollup_list.html", {"page": page, "parents": parents})


@require_GET
def rollup_round(request, round_pk: int):
    """The round's roll-ups and the "Tổng hợp báo cáo" button; htmx loads it into the round's board."""
    round_ = _fetch_round(request.user, round_pk)
    organization = round_.plan.organization
    rollups = ROLLUPS.filter(round=round_, organization=organization)
    if not permissions.is_member(request.user, organization):
        rollups = rollups.filter(status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED])
    context = {"round": round_, "rollups": rollups, "can_compile": permissions.can(request.user, "edit", organization),
               "open_rollup": next((r for r in rollups if not r.is_issued), None)}
    template = "reports/rollup_round_panel.html" if request.headers.get("HX-Request") else "reports/rollup_round.html"
    return render(request, template, context)


@require_POST
def rollup_compile(request, round_pk: int):
    round_ = _fetch_round(request.user, round_pk, "edit")
    existing = services.rollup_open_for_round(round_)
    rollup = services.rollup_compile(round=round_, user=request.user)
    if existing is not None:
        messages.info(request, "Đợt này đã có báo cáo tổng hợp đang soạn; mở báo cáo đó để tiếp tục "
                               "(bấm “Cập nhật số liệu” để lấy số liệu mới nhất).")
    else:
        messages.success(request, "Đã tổng hợp báo cáo từ báo cáo của các đơn vị. Hãy đọc lại, sửa nội dung "
                                  "và viết phần phương hướng, nhiệm vụ kỳ tới.")
    return redirect("reports:rollup_edit", pk=rollup.pk)


# --- One roll-up ---------------------------------------------------------------------------------

def _detail(request, rollup: RollupReport, *, status: int = 200, **forms):
    """The roll-up's page; a form that failed comes back filled in, with its messages."""
    context = {
        "rollup": rollup, **_state(request.user, rollup),
        "figure_blocks": figure_blocks(rollup.figures or {}),
        "sources": rollup.sources.select_related("organization") if rollup.round_id is None else [],
        # The round's board is for those who read every unit's report (a reporter gets 403 there).
        "can_board": progress.reads_all_reports(request.user, rollup.organization),
        "issue_form": IssueForm(), "return_form": ReturnForm(), "scan_form": SignedScanForm(),
        "next_number": register_next_number(organization=rollup.organization, year=timezone.localdate().year),
    }
    context.update(forms)
    return render(request, "reports/rollup_detail.html", context, status=status)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_GET
def rollup_detail(request, pk: int):
    return _detail(request, fetch_rollup(request.user, pk))


@require_http_methods(["GET", "POST"])
def rollup_edit(request, pk: int):
    rollup = fetch_rollup(request.user, pk, "edit")
    if rollup.status != PlanStatus.DRAFT:
        messages.info(request, "Báo cáo đã trình duyệt nên không sửa được; lãnh đạo có thể trả lại để sửa.")
        return redirect(rollup)
    form = RollupForm(request.POST or None, instance=rollup)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {field: form.cleaned_data[field] for field in services.TEXT_FIELDS}
            try:
                services.rollup_update(rollup=rollup, user=request.user,
                                       expected_version=form.cleaned_data["version"], data=data)
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
                status = 409
            else:
                messages.success(request, "Đã lưu nội dung báo cáo.")
                return redirect("reports:rollup_edit", pk=rollup.pk)
        else:
            status = 400
        rollup.refresh_from_db()
    return render(request, "reports/rollup_edit.html", {
        "rollup": rollup, "form": form, "figure_blocks": figure_blocks(rollup.figures or {}),
        "pending": pending_additions(rollup), "material": _material(rollup),
        "unit_reports": (UnitReport.objects.filter(round_id=rollup.round_id, status__in=SENT_STATUSES)
                         .select_related("unit").order_by("unit__order", "unit__name") if rollup.round_id else []),
    }, status=status)


def _material(rollup: RollupReport) -> list[tuple[str, list[dict]]]:
    """What the units wrote besides their results, by kind, for the editor to pick from."""
    material = (rollup.figures or {}).get("material", [])
    groups = [(label, [item for item in material if item["kind"] == kind]) for kind, label in MATERIAL_KINDS]
    return [(label, items) for label, items in groups if items]


@require_POST
def rollup_refresh(request, pk: int):
    rollup = fetch_rollup(request.user, pk, "edit")
    append = request.POST.get("append") == "1"
    try:
        rollup = services.rollup_refresh_figures(rollup=rollup, user=request.user, append_results=append)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(rollup)
    if append:
        messages.success(request, "Đã cập nhật số liệu và bổ sung kết quả mới vào cuối phần kết quả thực hiện.")
    elif pending_additions(rollup):
        messages.success(request, f"Đã cập nhật số liệu. Có {pending_additions(rollup)} nội dung báo cáo mới của "
                                  "các đơn vị chưa có trong phần kết quả; phần chữ đã sửa được giữ nguyên.")
    else:
        messages.success(request, "Đã cập nhật số liệu; phần chữ đã sửa được giữ nguyên.")
    return redirect("reports:rollup_edit", pk=rollup.pk)


def _transition(request, pk: int, action: str, service, success: str, **kwargs):
    rollup = fetch_rollup(request.user, pk, action)
    try:
        service(rollup=rollup, user=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, success)
    return redirect(rollup)


@require_POST
def rollup_submit(request, pk: int):
    return _transition(request, pk, "edit", services.rollup_submit, "Đã trình lãnh đạo phê duyệt báo cáo.")


@require_POST
def rollup_approve(request, pk: int):
    return _transition(request, pk, "approve", services.rollup_approve,
                       "Đã phê duyệt báo cáo; văn thư sẽ cấp số và ban hành.")


@require_POST
def rollup_return(request, pk: int):
    rollup = fetch_rollup(request.user, pk, "approve")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cần ghi lý do trả lại.")
        return redirect(rollup)
    return _transition(request, pk, "approve", services.rollup_return, "Đã trả lại báo cáo để chỉnh sửa.",
                       reason=form.cleaned_data["reason"])


@require_POST
def rollup_issue(request, pk: int):
    rollup = fetch_rollup(request.user, pk, "issue")
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            rollup = services.rollup_issue(rollup=rollup, user=request.user, issued_on=form.cleaned_data["issued_on"],
                                           number=form.cleaned_data["number"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Đã cấp số {rollup.number_display} và ban hành báo cáo.")
            return redirect(rollup)
    return _detail(request, rollup, status=400, issue_form=form)


@require_POST
def rollup_scan(request, pk: int):
    """A file the form refuses comes back in the form; a refusal of the service (the roll-up is not
    issued: the page shows no form then) as a page message."""
    rollup = fetch_rollup(request.user, pk, "attach_scan")  # the same people as for a plan's signed scan
    form = SignedScanForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, rollup, status=400, scan_form=form)
    return _transition(request, pk, "attach_scan", services.rollup_attach_scan, "Đã lưu bản chụp văn bản đã ký.",
                       upload=form.cleaned_data["scan"])


@require_GET
def rollup_scan_file(request, pk: int):
    return signed_scan_response(fetch_rollup(request.user, pk), "bao-cao")


def _print(request, pk: int, fmt: str):
    rollup = fetch_rollup(request.user, pk)
    try:
        rendered = render_document("rollup", rollup, fmt)
    except DocumentError as exc:
        messages.error(request, str(exc))
        return redirect(rollup)
    return document_response(rendered, inline=fmt == "pdf")


@require_GET
def rollup_pdf(request, pk: int):
    return _print(request, pk, "pdf")


@require_GET
def rollup_docx(request, pk: int):
    return _print(request, pk, "docx")


@require_GET
def rollup_xlsx(request, pk: int):
    return _print(request, pk, "xlsx")


# --- The level above -----------------------------------------------------------------------------

def _parent_organization(request) -> Organization:
    """The organization whose children are shown: ?org=…, else the user's first one with children."""
    raw = request.GET.get("org") or request.POST.get("org")
    if raw:
        # isdigit() accepts "²" and other digits int() refuses: require plain ASCII digits.
        if not (str(raw).isascii() and str(raw).isdigit()) or len(str(raw)) > 18:
            raise Http404
        organization = Organization.objects.filter(pk=int(raw)).first()
        if organization is None:
            raise Http404
        permissions.require(request.user, "view", organization)
        return organization
    member = permissions.member_organization_ids(request.user)
    organization = (Organization.objects.filter(pk__in=member, children__isnull=False).order_by("pk").first()
                    or permissions.primary_organization(request.user))
    if organization is None:
        raise Http404
    return organization


@require_GET
def parent_overview(request):
    organization = _parent_organization(request)
    form = PeriodForm(request.GET or None)
    start, end = form.period
    children = list(Organization.objects.filter(parent=organization).order_by("name"))
    issued = list(children_rollups(organization, start, end))
    reported = {rollup.organization_id for rollup in issued}
    own = ROLLUPS.filter(organization=organization, round=None, period_start__lte=end, period_end__gte=start)
    if not permissions.is_member(request.user, organization):
        own = own.filter(status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED])
    return render(request, "reports/rollup_parent.html", {
        "organization": organization, "form": form, "start": start, "end": end,
        "children": children, "issued": issued,
        "missing": [child for child in children if child.pk not in reported],
        "own": own, "can_compile": bool(children) and permissions.can(request.user, "edit", organization),
    }, status=200 if form.is_valid() or not request.GET else 400)


@require_POST
def parent_compile(request):
    organization = _parent_organization(request)
    permissions.require(request.user, "edit", organization)
    form = PeriodForm(request.POST)
    before = set(organization.rollups.values_list("pk", flat=True))
    try:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        start, end = form.cleaned_data["period"]
        rollup = services.rollup_compile_parent(organization=organization, period_start=start, period_end=end,
                                                user=request.user)
    except ValidationError as refused:  # the form's or the service's reason, shown on the overview
        messages.error(request, " ".join(refused.messages))
        return redirect(f"{reverse('reports:parent_overview')}?org={organization.pk}")
    if rollup.pk in before:
        messages.info(request, "Kỳ này đã có báo cáo tổng hợp đang soạn; mở báo cáo đó để tiếp tục "
                               "(bấm “Cập nhật số liệu” để lấy các báo cáo mới của đơn vị cấp dưới).")
    else:
        messages.success(request, "Đã tổng hợp báo cáo từ các báo cáo đã ban hành của đơn vị cấp dưới.")
    return redirect("reports:rollup_edit", pk=rollup.pk)
