"""Roll-up reports: compile the units' reports (or the children's roll-ups) into one BÁO CÁO.

The figures (`RollupReport.figures`) are always recomputed from the data; the text parts are the
editor's and no refresh ever rewrites them. The life cycle mirrors a plan's: draft → submitted →
approved → issued (a number from the organization's register, shared with plans) → signed scan.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from danvan.events import document_event
from danvan.models import DocumentKind, Organization
from danvan.services import document_attach_scan, register_claim
from danvan.text import text_date
from plans.models import PlanStatus
from reports.models import RollupReport
from reports.rollups.figures import (
    appended_parent_text,
    appended_round_text,
    children_rollups,
    compute_parent_figures,
    compute_round_figures,
    counted_sources,
    default_addressees,
    default_recipients,
    lower_first,
    parent_assessment_text,
    parent_leadership_text,
    parent_material,
    parent_results_text,
    parent_subject,
    parent_whose,
    period_words,
    round_assessment_text,
    round_direction_text,
    round_intro,
    round_leadership_text,
    round_results_text,
    round_title,
    subject_title,
)
from tasks.models import ReportingRound

TEXT_FIELDS = ("title", "period_label", "addressees", "intro", "leadership_text", "results_text", "assessment_text",
               "direction_text", "proposals_text", "recipients", "signer_authority", "signer_title",
               "signer_deputy_title", "signer_name")


def _require_status(rollup: RollupReport, *allowed: str, action: str) -> None:
    if rollup.status not in allowed:
        raise ValidationError(f"Không thể {action}: báo cáo đang ở trạng thái “{rollup.get_status_display()}”.")


def _locked(rollup: RollupReport) -> RollupReport:
    """Re-read the row under a lock, so two clicks never apply one transition twice."""
    return RollupReport.objects.select_for_update(of=("self",)).select_related("organization").get(pk=rollup.pk)


def rollup_open_for_round(round: ReportingRound) -> RollupReport | None:
    """The roll-up of the round still being worked on (not yet issued), if any."""
    return (RollupReport.objects.filter(round=round, organization_id=round.plan.organization_id)
            .exclude(status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED]).first())


@transaction.atomic
def rollup_compile(*, round: ReportingRound, user) -> RollupReport:
    """Build a draft roll-up of the round from the units' reports, as of the round's cut-off.

    If a roll-up of the round is already being worked on, it is returned unchanged (the editor's
    text is never thrown away by a second click); after an issued one, a new draft is built. The
    round's row is locked first, so two clicks at the same moment make one draft.
    """
    round = (ReportingRound.objects.select_for_update(of=("self",))
             .select_related("plan__organization", "plan__drafting_unit").get(pk=round.pk))
    existing = rollup_open_for_round(round)
    if existing is not None:
        return existing
    plan = round.plan
    organization = plan.organization
    figures = compute_round_figures(round)
    figures["included"] = figures.pop("words")
    period = (period_words(round.period_start, round.period_end)
              or f"tính đến ngày {text_date(round.data_cutoff)}")
    rollup = RollupReport.objects.create(
        organization=organization, round=round,
        title=round_title(plan.title, period)[:500],
        period_label=period[:100], period_start=round.period_start, period_end=round.period_end,
        figures=figures, figures_refreshed_at=timezone.now(),
        addressees=default_addressees(organization),
        intro=round_intro(round, figures, period), leadership_text=round_leadership_text(round, figures),
        results_text=round_results_text(figures), assessment_text=round_assessment_text(figures),
        direction_text=round_direction_text(figures), proposals_text="",
        recipients=default_recipients(organization, plan.drafting_unit.short_name if plan.drafting_unit else ""),
        signer_authority=plan.signer_authority or organization.authority_line, signer_title=plan.signer_title,
        signer_deputy_title=plan.signer_deputy_title, signer_name=plan.signer_name, created_by=user,
    )
    document_event(kind="rollup", pk=rollup.pk, event="compile")
    return rollup


def _latest_signer(organization: Organization) -> dict:
    """The signer of the organization's latest issued plan or roll-up: who usually signs its reports."""
    from plans.models import Plan

    for model in (RollupReport, Plan):
        found = (model.objects.filter(organization=organization, status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED])
                 .exclude(signer_name="").order_by("-issued_on", "-pk").first())
        if found is not None:
            return {"signer_authority": found.signer_authority, "signer_title": found.signer_title,
                    "signer_deputy_title": found.signer_deputy_title, "signer_name": found.signer_name}
    return {"signer_authority": organization.authority_line, "signer_title": "CHỦ TỊCH"}


@transaction.atomic
def rollup_compile_parent(*, organization: Organization, period_start: datetime.date, period_end: datetime.date,
                          user, period_label: str = "") -> RollupReport:
    """Build the parent organization's draft roll-up from its children's issued roll-ups."""
    if period_start > period_end:
        raise ValidationError({"period_end": "Ngày kết thúc phải sau ngày bắt đầu."})
    if not organization.children.exists():
        raise ValidationError(f"{organization.name} không có đơn vị cấp dưới để tổng hợp.")
    Organization.objects.select_for_update().filter(pk=organization.pk).first()  # one draft for two clicks
    existing = (RollupReport.objects.filter(organization=organization, round=None, period_start=period_start,
                                            period_end=period_end)
                .exclude(status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED]).first())
    if existing is not None:
        return existing
    sources = list(children_rollups(organization, period_start, period_end))
    figures = compute_parent_figures(organization, start=period_start, end=period_end,
                                     today=timezone.localdate(), sources=sources)
    figures["included"] = figures.pop("words")
    counted = counted_sources(sources, figures["included"])
    figures["material"] = parent_material(counted)
    label = period_label or period_words(period_start, period_end)
    reported = len(figures["children"]["reported"])
    rollup = RollupReport.objects.create(
        organization=organization, round=None,
        title=subject_title(parent_subject(counted), lower_first(label), parent_whose(organization))[:500],
        period_label=label[:100], period_start=period_start, period_end=period_end,
        figures=figures, figures_refreshed_at=timezone.now(), addressees=default_addressees(organization),
        intro=(f"Trên cơ sở báo cáo của {reported}/{figures['children']['expected']} đơn vị cấp dưới, "
               f"{organization.name} báo cáo kết quả thực hiện {lower_first(label)} như sau:"),
        leadership_text=parent_leadership_text(organization, figures, counted),
        results_text=parent_results_text(figures, sources), assessment_text=parent_assessment_text(figures),
        direction_text="- Tiếp tục chỉ đạo các đơn vị cấp dưới hoàn thành các nhiệm vụ còn lại, báo cáo đúng hạn.",
        proposals_text="", recipients=default_recipients(organization), **_latest_signer(organization),
        created_by=user,
    )
    rollup.sources.set(sources)
    document_event(kind="rollup", pk=rollup.pk, event="compile")
    return rollup


@transaction.atomic
def rollup_refresh_figures(*, rollup: RollupReport, user, append_results: bool = False) -> RollupReport:
    """Recompute the figures from today's data. The edited text is left exactly as it is.

    With `append_results`, the words of reports that arrived since the text was compiled are added
    at the end of the results (nothing already there is touched) and the version moves on, so an
    editing page opened before cannot silently overwrite the addition.
    """
    rollup = _locked(rollup)
    _require_status(rollup, PlanStatus.DRAFT, action="cập nhật số liệu")
    old = rollup.figures or {}
    today = timezone.localdate()
    if rollup.round_id:
        round = ReportingRound.objects.select_related("plan__organization").get(pk=rollup.round_id)
        new = compute_round_figures(round)
        addition, count = appended_round_text(old, new)
    else:
        sources = list(children_rollups(rollup.organization, rollup.period_start, rollup.period_end))
        new = compute_parent_figures(rollup.organization, start=rollup.period_start, end=rollup.period_end,
                                     today=today, sources=sources)
        addition, count = appended_parent_text(old, new, sources)
        new["material"] = parent_material(counted_sources(sources, new["words"]))
        rollup.sources.set(sources)
    words = new.pop("words")
    new["included"] = old.get("included", {})
    new["pending_additions"] = count
    reason = "Cập nhật số liệu"
    if append_results and addition:
        heading = f"Bổ sung theo báo cáo nhận thêm (cập nhật ngày {text_date(today)}):"
        rollup.results_text = "\n".join(part for part in (rollup.results_text.rstrip(), heading, addition) if part)
        new["included"] = words
        new["pending_additions"] = 0
        rollup.version += 1
        reason += " và bổ sung kết quả"
    rollup.figures = new
    rollup.figures_refreshed_at = timezone.now()
    rollup._change_reason = reason
    rollup.save()
    document_event(kind="rollup", pk=rollup.pk, event="refresh")
    return rollup


@transaction.atomic
def rollup_update(*, rollup: RollupReport, user, expected_version: int, data: dict) -> RollupReport:
    """Save the editor's text. Refused when someone saved since the page was opened (stale page)."""
    rollup = _locked(rollup)
    _require_status(rollup, PlanStatus.DRAFT, action="sửa báo cáo")
    if rollup.version != expected_version:
        raise ValidationError("Báo cáo đã được người khác sửa hoặc bổ sung sau khi bạn mở trang. "
                              "Hãy tải lại trang để xem bản mới nhất rồi sửa lại.")
    for field in TEXT_FIELDS:
        if field in data:
            value = data[field]
            setattr(rollup, field, value.replace("\r\n", "\n").strip() if isinstance(value, str) else value)
    rollup.version += 1
    rollup._change_reason = "Sửa nội dung"
    rollup.save()
    return rollup


@transaction.atomic
def rollup_submit(*, rollup: RollupReport, user) -> RollupReport:
    rollup = _locked(rollup)
    _require_status(rollup, PlanStatus.DRAFT, action="trình duyệt")
    missing = [label for field, label in (("title", "trích yếu"), ("results_text", "kết quả thực hiện"),
                                          ("direction_text", "phương hướng, nhiệm vụ kỳ tới"),
                                          ("signer_title", "chức vụ người ký"), ("signer_name", "họ tên người ký"))
               if not getattr(rollup, field).strip()]
    if missing:
        raise ValidationError(f"Chưa thể trình duyệt: cần viết phần {', '.join(missing)}.")
    rollup.status = PlanStatus.SUBMITTED
    rollup.return_reason = ""
    rollup._change_reason = "Trình phê duyệt"
    rollup.save()
    document_event(kind="rollup", pk=rollup.pk, event="submit")
    return rollup


@transaction.atomic
def rollup_approve(*, rollup: RollupReport, user) -> RollupReport:
    rollup = _locked(rollup)
    _require_status(rollup, PlanStatus.SUBMITTED, action="phê duyệt")
    rollup.status = PlanStatus.APPROVED
    rollup.approved_by = user
    rollup.approved_at = timezone.now()
    rollup._change_reason = "Phê duyệt"
    rollup.save()
    document_event(kind="rollup", pk=rollup.pk, event="approve")
    return rollup


@transaction.atomic
def rollup_return(*, rollup: RollupReport, user, reason: str) -> RollupReport:
    """Send back to the editor with a reason (from submitted, or approved but not yet numbered)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Cần ghi lý do trả lại."})
    rollup = _locked(rollup)
    _require_status(rollup, PlanStatus.SUBMITTED, PlanStatus.APPROVED, action="trả lại")
    rollup.status = PlanStatus.DRAFT
    rollup.return_reason = reason
    rollup.approved_by = None
    rollup.approved_at = None
    rollup.version += 1
    rollup._change_reason = "Trả lại"
    rollup.save()
    document_event(kind="rollup", pk=rollup.pk, event="return")
    return rollup


def issue_date_refusal(rollup: RollupReport, issued_on: datetime.date) -> str | None:
    """Why a roll-up cannot carry this date: it would come before its figures' cut-off ("Số liệu
    tính đến ngày …" after the report's own date) or before a report it compiles."""
    figures = rollup.figures or {}
    as_of = figures.get("as_of")
    if as_of and issued_on < datetime.date.fromisoformat(as_of):
        return (f"Ngày ban hành {text_date(issued_on)} trước ngày chốt số liệu của báo cáo "
                f"({text_date(datetime.date.fromisoformat(as_of))}): báo cáo không thể ký trước khi có số liệu.")
    latest = figures.get("latest_report_on")
    if latest and issued_on < datetime.date.fromisoformat(latest):
        return (f"Ngày ban hành {text_date(issued_on)} trước ngày của báo cáo mới nhất được tổng hợp "
                f"({text_date(datetime.date.fromisoformat(latest))}).")
    return None


@transaction.atomic
def rollup_issue(*, rollup: RollupReport, user, issued_on: datetime.date, number: int | None = None) -> RollupReport:
    """Give the number from the organization's register (shared with plans) and freeze the text.

    The snapshot keeps every printed value, so a reprint is the document that was signed.
    """
    from reports.rollups.document import rollup_print_data  # the printed values (imports the documents package)

    rollup = _locked(rollup)
    _require_status(rollup, PlanStatus.APPROVED, action="cấp số, ban hành")
    if error := issue_date_refusal(rollup, issued_on):
        raise ValidationError({"issued_on": error})
    entry = register_claim(organization=rollup.organization, kind=DocumentKind.REPORT,
                           symbol=rollup.symbol, issued_on=issued_on, title=rollup.title, user=user, number=number)
    rollup.status = PlanStatus.ISSUED
    rollup.number = entry.number
    rollup.issued_on = issued_on
    rollup.register_entry = entry
    rollup.snapshot = rollup_print_data(rollup)
    rollup._change_reason = f"Ban hành số {rollup.number_display}"
    rollup.save()
    document_event(kind="rollup", pk=rollup.pk, event="issue")
    return rollup


@transaction.atomic
def rollup_attach_scan(*, rollup: RollupReport, user, upload) -> RollupReport:
    """Keep the scan of the signed paper copy (issued roll-ups only; a new scan replaces the old).

    The file is checked by its content (PDF, PNG or JPEG) and stored under a generated name.
    """
    rollup = _locked(rollup)
    _require_status(rollup, PlanStatus.ISSUED, PlanStatus.CLOSED, action="tải bản đã ký")
    return document_attach_scan(rollup, kind="rollup", user=user, upload=upload)
