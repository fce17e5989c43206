"""Deleting and archiving plans: an official record is never lost.

A plan that units have reported on cannot be deleted: the database protects the reports (a unit
report's round, a report entry's task and a roll-up's round are PROTECT foreign keys), so the
refusal does not depend on this module knowing the reports app. An issued plan cannot be deleted
either (its number is in the register and its paper copy was signed). Such a plan is archived
instead: an issued plan is closed ("Đã kết thúc") and stays readable, history included. Only a
draft can be deleted, by an editor of its organization; the history keeps who deleted it and when.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector

from plans.models import Plan, PlanStatus
from plans.services import _lock_plan, _save

HAS_REPORTS = "Kế hoạch đã có báo cáo, không thể xóa; hãy lưu trữ (kết thúc) kế hoạch."
ISSUED = "Kế hoạch đã ban hành, không thể xóa; hãy lưu trữ (kết thúc) kế hoạch."


@dataclass
class DeletePreview:
    """What deleting a plan would do: the refusal, or how many parts go with it."""

    refusal: str = ""
    sections: int = 0
    citations: int = 0
    tasks: int = 0
    rounds: int = 0

    @property
    def allowed(self) -> bool:
        return not self.refusal


def _protected(plan: Plan) -> bool:
    """True when a row elsewhere (a unit report, a report entry, a roll-up) forbids the delete."""
    try:
        Collector(using=DEFAULT_DB_ALIAS).collect([plan])
    except (ProtectedError, RestrictedError):
        return True
    return False


def plan_delete_refusal(plan: Plan) -> str:
    """Why this plan cannot be deleted, in Vietnamese, or "" when it can."""
    if _protected(plan):
        return HAS_REPORTS
    if plan.is_issued:
        return ISSUED
    if plan.status != PlanStatus.DRAFT:
        return (f"Kế hoạch đang ở trạng thái “{plan.get_status_display()}”, không thể xóa. Chỉ xóa được dự thảo; "
                "hãy đề nghị lãnh đạo trả lại dự thảo trước.")
    return ""


def plan_delete_preview(plan: Plan) -> DeletePreview:
    refusal = plan_delete_refusal(plan)
    if refusal:
        return DeletePreview(refusal=refusal)
    return DeletePreview(sections=plan.sections.count(), citations=plan.citations.count(),
                         tasks=plan.tasks.count(), rounds=plan.rounds.count())


@transaction.atomic
def plan_delete(*, plan: Plan, user) -> None:
    """Delete a draft with its sections, citations, tasks and rounds.

    Refused (ValidationError, nothing deleted) when anything was reported on it, or when it is no
    longer a draft. Side effect: simple_history records the deletion of every row, with `user`.
    """
    locked = _lock_plan(plan)
    refusal = plan_delete_refusal(locked)
    if refusal:
        raise ValidationError(refusal, code="protected")
    locked._history_user = user
    try:
        locked.delete()
    except (ProtectedError, RestrictedError):  # a report arrived between the check and the delete
        raise ValidationError(HAS_REPORTS, code="protected") from None


@transaction.atomic
def plan_archive(*, plan: Plan, user) -> Plan:
    """Close an issued plan (issued → closed): it stays readable and printable, takes no more reports."""
    locked = _lock_plan(plan)
    if locked.status == PlanStatus.CLOSED:
        raise ValidationError("Kế hoạch đã được lưu trữ (kết thúc) trước đó.", code="status")
    if locked.status != PlanStatus.ISSUED:
        raise ValidationError(f"Chỉ kế hoạch đã ban hành mới lưu trữ (kết thúc) được; kế hoạch đang ở trạng thái "
                              f"“{locked.get_status_display()}”.", code="status")
    locked.status = PlanStatus.CLOSED
    locked.version += 1
    _save(locked, user)
    return locked
