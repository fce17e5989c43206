"""Services that change unit reports: open, save, submit, accept, return.

Life cycle (DOMAIN.md "Progress report"): draft → submitted (time-stamped, on time or late against
the round's cut-off) → returned with a reason (editable again, version + 1) → submitted again …
→ accepted (frozen for everyone). Every submission is frozen in a UnitReportVersion; simple_history
keeps the audit trail of every change to the report row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from danvan import uploads
from danvan.models import Unit
from plans.models import PlanStatus
from reports.models import (
    SENT_STATUSES, EntryStatus, Evidence, ReportStatus, UnitReport, UnitReportEntry, UnitReportVersion,
)
from tasks.models import ReportingRound


class ProgressError(Exception):
    """A refused change, with the Vietnamese sentence to show the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class CheckedUpload:
    file: UploadedFile
    kind: str
    mime: str


@dataclass
class EntryChange:
    """What the form says about one entry; uploads were checked by uploads.check_upload."""

    entry_id: int
    status: str
    done_text: str = ""
    difficulties: str = ""
    proposals: str = ""
    included: bool = True
    remove_evidence: list[int] = field(default_factory=list)
    uploads: list[CheckedUpload] = field(default_factory=list)


def _involved_tasks(round_: ReportingRound, unit: Unit):
    return round_.plan.tasks.filter(Q(lead_unit=unit) | Q(coordinating_units=unit)).distinct()


def unit_report_open(*, round: ReportingRound, unit: Unit) -> UnitReport:  # noqa: A002
    """The unit's report for the round, created as a draft on first open.

    One entry per task of the plan the unit leads (always in the report) or co-ordinates (in the
    report only when the unit adds its part). Safe to call twice at once: the unique constraints
    make the second call find the first one's rows.
    """
    if round.plan.status != PlanStatus.ISSUED:
        raise ProgressError("Kế hoạch chưa ban hành hoặc đã kết thúc: không nhận báo cáo.")
    tasks = list(_involved_tasks(round, unit))
    if not tasks:
        raise ProgressError("Đơn vị không có nhiệm vụ nào trong kế hoạch này.")
    with transaction.atomic():
        report, _ = UnitReport.objects.get_or_create(round=round, unit=unit)
        if report.is_editable:
            have = set(report.entries.values_list("task_id", flat=True))
            UnitReportEntry.objects.bulk_create(
                [UnitReportEntry(report=report, task=task, is_lead=task.lead_unit_id == unit.pk,
                                 included=task.lead_unit_id == unit.pk)
                 for task in tasks if task.pk not in have],
                ignore_conflicts=True)
    return report


def _lock(report: UnitReport) -> UnitReport:
    return UnitReport.objects.select_for_update(of=("self",)).select_related("round__plan", "unit").get(pk=report.pk)


def _apply_changes(report: UnitReport, *, user, overall: str, changes: list[EntryChange],
                   written: list[str]) -> None:
    """Write the form's content into the draft rows. Evidence already part of a submitted version
    is only withdrawn from the draft, never deleted: nothing a unit submitted is ever lost."""
    report.overall = overall
    entries = {entry.pk: entry for entry in report.entries.all()}
    for change in changes:
        entry = entries.get(change.entry_id)
        if entry is None:
            raise ProgressError("Nội dung báo cáo đã thay đổi, hãy tải lại trang.")
        entry.status = change.status
        entry.done_text = change.done_text
        entry.difficulties = change.difficulties
        entry.proposals = change.proposals
        entry.included = True if entry.is_lead else change.included
        entry.save()
        for evidence in entry.evidence.filter(pk__in=change.remove_evidence, withdrawn_in_version__isnull=True):
            if evidence.version_number >= report.version:
                name = evidence.file.name
                storage = evidence.file.storage
                evidence.delete()
                transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
            else:
                evidence.withdrawn_in_version = report.version
                evidence.save(update_fields=["withdrawn_in_version"])
        for upload in change.uploads:
            evidence = Evidence(entry=entry, original_name=uploads.display_name(upload.file.name),
                                content_type=upload.mime, size=upload.file.size,
                                version_number=report.version, uploaded_by=user)
            evidence.file.save(uploads.generated_name(upload.kind), upload.file, save=False)
            written.append(evidence.file.name)
            evidence.save()


def _discard(written: list[str]) -> None:
    for name in written:
        default_storage.delete(name)


def _check_lock(report: UnitReport, lock_version: int) -> None:
    if not report.is_editable:
        raise ProgressError("Báo cáo đã gửi nên không sửa được nữa.")
    if report.lock_version != lock_version:
        raise ProgressError("Báo cáo vừa được lưu ở một cửa sổ khác. Nội dung bạn nhập vẫn còn dưới đây; "
                            "bấm lưu lần nữa để ghi đè, hoặc tải lại trang để xem bản vừa lưu.")


def unit_report_save(*, report: UnitReport, user, lock_version: int, overall: str,
                     changes: list[EntryChange]) -> UnitReport:
    """Save the draft (as often as the unit likes). Refused once submitted, or when another window
    saved in between (optimistic lock). Side effect: stores new evidence files."""
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = _lock(report)
            _check_lock(locked, lock_version)
            _apply_changes(locked, user=user, overall=overall, changes=changes, written=written)
            locked.lock_version += 1
            locked.save()
    except Exception:
        _discard(written)
        raise
    return locked


def version_snapshot(report: UnitReport, *, number: int, submitted_at: datetime.datetime, user) -> dict:
    """Everything the unit submits, as plain data: what the version page shows forever."""
    entries = (report.entries.filter(included=True).select_related("task")
               .prefetch_related(Prefetch("evidence", Evidence.objects.filter(withdrawn_in_version__isnull=True))))
    return {
        "number": number,
        "unit": report.unit.name,
        "round": report.round.name,
        "deadline": report.round.deadline.isoformat(),
        "submitted_at": submitted_at.isoformat(),
        "submitted_by": (user.get_full_name() or user.username) if user else "",
        "overall": report.overall,
        "entries": [
            {
                "task_id": entry.task_id,
                "task": entry.task.content,
                "is_lead": entry.is_lead,
                "status": entry.status,
                "status_label": EntryStatus(entry.status).label,
                "done_text": entry.done_text,
                "difficulties": entry.difficulties,
                "proposals": entry.proposals,
                "evidence": [{"id": ev.pk, "name": ev.original_name, "size": ev.size,
                              "content_type": ev.content_type} for ev in entry.evidence.all()],
            }
            for entry in entries
        ],
    }


def unit_report_submit(*, report: UnitReport, user, lock_version: int, overall: str | None = None,
                       changes: list[EntryChange] | None = None) -> bool:
    """Submit the current version (saving the form's content first when given).

    Returns False, changing nothing, when this version was already submitted: two tabs pressing
    "Gửi" at once make one submission. The row lock serialises them; the status and lock_version
    checks make the second a no-op. The first submission decides on time or late for the unit (a
    revision the editor asked for does not make it late); each version keeps its own mark.
    """
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = _lock(report)
            if locked.status in SENT_STATUSES:  # sent already (a second click)
                return False
            _check_lock(locked, lock_version)
            if changes is not None:
                _apply_changes(locked, user=user, overall=overall or "", changes=changes, written=written)
            if not locked.entries.filter(included=True).exists():
                raise ProgressError("Báo cáo chưa có nội dung nhiệm vụ nào: hãy thêm phần việc của đơn vị trước khi gửi.")
            _check_done_entries_have_results(locked)
            now = timezone.now()
            late = locked.round.is_late(now)
            UnitReportVersion.objects.create(
                report=locked, number=locked.version, submitted_at=now, submitted_by=user, is_late=late,
                data=version_snapshot(locked, number=locked.version, submitted_at=now, user=user))
            if locked.is_late is None:
                locked.is_late = late
            locked.status = ReportStatus.SUBMITTED
            locked.submitted_at = now
            locked.submitted_by = user
            locked.lock_version += 1
            locked.save()
    except Exception:
        _discard(written)
        raise
    report.refresh_from_db()
    return True


def _check_done_entries_have_results(report: UnitReport) -> None:
    """A task reported "Hoàn thành" says what was done: the roll-up prints that text."""
    blank = [entry.task.order for entry in report.entries.filter(included=True, status=EntryStatus.DONE)
             .select_related("task").order_by("task__order") if not entry.done_text.strip()]
    if blank:
        numbers = ", ".join(str(number) for number in blank)
        raise ProgressError(f"Nhiệm vụ {numbers} được đánh dấu “Hoàn thành” nhưng chưa ghi kết quả thực hiện: "
                            "hãy ghi đã làm được gì trước khi gửi.")


def _lock_for_review(report: UnitReport, version: int) -> UnitReport:
    locked = _lock(report)
    if locked.status != ReportStatus.SUBMITTED:
        raise ProgressError("Báo cáo này không ở trạng thái chờ xem xét (đã được xử lý hoặc đang được đơn vị sửa).")
    if locked.version != version:
        raise ProgressError("Đơn vị đã gửi một bản khác; hãy xem lại bản mới nhất trước khi xử lý.")
    return locked


def unit_report_accept(*, report: UnitReport, user, version: int) -> UnitReport:
    """Accept the submitted version: from now on nobody can change the report."""
    with transaction.atomic():
        locked = _lock_for_review(report, version)
        now = timezone.now()
        locked.status = ReportStatus.ACCEPTED
        locked.reviewed_by = user
        locked.reviewed_at = now
        locked.lock_version += 1
        locked.save()
        locked.versions.filter(number=locked.version).update(outcome=ReportStatus.ACCEPTED)
    return locked


def unit_report_return(*, report: UnitReport, user, version: int, reason: str) -> UnitReport:
    """Return the submitted version with a reason: the unit revises it as version + 1."""
    reason = (reason or "").strip()
    if not reason:
        raise ProgressError("Cần nêu lý do trả lại.")
    with transaction.atomic():
        locked = _lock_for_review(report, version)
        locked.versions.filter(number=locked.version).update(outcome=ReportStatus.RETURNED, outcome_reason=reason)
        locked.status = ReportStatus.RETURNED
        locked.return_reason = reason
        locked.reviewed_by = user
        locked.reviewed_at = timezone.now()
        locked.version += 1
        locked.lock_version += 1
        locked.save()
    return locked
