"""Services of the công văn đôn đốc: draft it from a round, edit it, and the life cycle every
document of the office follows (submit → approve or return → issue with a number of the register → the signed scan).

Each runs in one transaction with keyword-only arguments; the row is locked before a change of
state, so two clicks cannot issue a letter twice. Refusals are ValidationErrors in Vietnamese.
simple_history records who acted.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from danvan.events import document_event
from danvan.models import DocumentKind, Unit
from danvan.services import document_attach_scan, issue_date_error, register_claim
from plans.models import PlanStatus
from reports.inbox import units_owing
from reports.letters.models import ReminderLetter
from tasks.models import ReportingRound

REPLY_DAYS = 3  # the new deadline a draft proposes: three days after it is written
EDITABLE_FIELDS = ("subject", "body", "reply_by", "drafting_symbol", "recipients", "signer_authority",
                   "signer_title", "signer_deputy_title", "signer_name")


def text_date(day: datetime.date) -> str:
    """A date in running text, as the samples write it: "ngày 06/8/2025", "ngày 14/01/2022"."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def letter_defaults(round_: ReportingRound, units: list[Unit], today: datetime.date) -> dict:
    """The text a clerk would write: the plan and its deadline cited, the late units named, a new
    deadline asked for. Everything stays editable before it is submitted."""
    plan = round_.plan
    org = plan.organization
    number = f"Kế hoạch số {plan.number_display}" if plan.number else f"Kế hoạch {plan.title}"
    dated = f" ngày {text_date(plan.issued_on)}" if plan.issued_on else ""
    reply_by = today + datetime.timedelta(days=REPLY_DAYS)
    names = ", ".join(unit.name for unit in units)
    drafting = plan.drafting_unit.short_name if plan.drafting_unit_id and plan.drafting_unit.short_name else ""
    body = "\n".join([
        f"Thực hiện {number}{dated} của {org.name} về {_lower_first(plan.title)}, các đơn vị được giao chủ "
        f"trì thực hiện nhiệm vụ báo cáo kết quả thực hiện ({round_.name}) trước ngày {text_date(round_.deadline)}.",
        f"Đến ngày {text_date(today)}, các đơn vị: {names} chưa gửi báo cáo theo yêu cầu.",
        f"Để kịp thời tổng hợp, báo cáo kết quả thực hiện kế hoạch theo quy định, {org.name} đề nghị Thủ "
        f"trưởng các đơn vị nêu trên khẩn trương hoàn thành và gửi báo cáo trước ngày {text_date(reply_by)}.",
        "Đề nghị các đơn vị nghiêm túc thực hiện.",
    ])
    return {
        "subject": f"đôn đốc báo cáo kết quả thực hiện {number}",
        "body": body,
        "reply_by": reply_by,
        "drafting_symbol": drafting,
        "recipients": "\n".join(["Như trên", "CT, các PCT UBND", f"Lưu: VT, {drafting}" if drafting else "Lưu: VT"]),
        "signer_authority": plan.signer_authority or org.authority_line,
        "signer_title": plan.signer_title,
        "signer_deputy_title": plan.signer_deputy_title,
        "signer_name": plan.signer_name,
    }


@transaction.atomic
def letter_draft(*, round: ReportingRound, user, unit_ids: list[int] | None = None) -> ReminderLetter:  # noqa: A002
    """A new draft addressed to the units still missing for the round (or the chosen ones among
    them). Refused when no unit is missing."""
    if round.plan.status != PlanStatus.ISSUED:
        raise ValidationError("Chỉ soạn công văn đôn đốc cho đợt báo cáo của kế hoạch đã ban hành.")
    missing = units_owing([round]).get(round.pk, [])
    if unit_ids:
        missing = [unit for unit in missing if unit.pk in set(unit_ids)]
    if not missing:
        raise ValidationError("Không có đơn vị nào còn thiếu báo cáo của đợt này: không cần công văn đôn đốc.")
    letter = ReminderLetter(organization=round.plan.organization, round=round, created_by=user,
                            **letter_defaults(round, missing, timezone.localdate()))
    letter._history_user = user
    letter.save()
    letter.units.set(missing)
    return letter


def _locked(letter: ReminderLetter) -> ReminderLetter:
    return ReminderLetter.objects.select_for_update().select_related("organization", "round__plan").get(pk=letter.pk)


def _require(letter: ReminderLetter, *allowed: str, action: str) -> None:
    if letter.status not in allowed:
        raise ValidationError(f"Không thể {action}: công văn đang ở trạng thái “{letter.get_status_display()}”.")


def _save(letter: ReminderLetter, user) -> None:
    letter.version += 1
    letter._history_user = user
    letter.save()


@transaction.atomic
def letter_update(*, letter: ReminderLetter, user, data: dict, unit_ids: list[int], expected_version: int
                  ) -> ReminderLetter:
    locked = _locked(letter)
    _require(locked, PlanStatus.DRAFT, action="sửa công văn")
    if locked.version != expected_version:
        raise ValidationError("Công văn vừa được người khác sửa. Hãy tải lại trang để xem bản mới nhất.")
    units = list(Unit.objects.filter(organization=locked.organization, pk__in=unit_ids))
    if not units:
        raise ValidationError({"units": "Chọn ít nhất một đơn vị nhận công văn."})
    for name in EDITABLE_FIELDS:
        setattr(locked, name, data[name])
    _save(locked, user)
    locked.units.set(units)
    return locked


@transaction.atomic
def letter_submit(*, letter: ReminderLetter, user) -> ReminderLetter:
    locked = _locked(letter)
    _require(locked, PlanStatus.DRAFT, action="trình ký")
    if not locked.units.exists():
        raise ValidationError("Công văn chưa có đơn vị nhận (Kính gửi).")
    locked.status, locked.return_reason = PlanStatus.SUBMITTED, ""
    _save(locked, user)
    document_event(kind="letter", pk=locked.pk, event="submit")
    return locked


@transaction.atomic
def letter_approve(*, letter: ReminderLetter, user) -> ReminderLetter:
    locked = _locked(letter)
    _require(locked, PlanStatus.SUBMITTED, action="phê duyệt")
    locked.status, locked.approved_by, locked.approved_at = PlanStatus.APPROVED, user, timezone.now()
    _save(locked, user)
    document_event(kind="letter", pk=locked.pk, event="approve")
    return locked


@transaction.atomic
def letter_return(*, letter: ReminderLetter, user, reason: str) -> ReminderLetter:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Hãy ghi lý do trả lại để người soạn biết cần sửa gì."})
    locked = _locked(letter)
    _require(locked, PlanStatus.SUBMITTED, PlanStatus.APPROVED, action="trả lại")
    locked.status, locked.return_reason = PlanStatus.DRAFT, reason
    _save(locked, user)
    document_event(kind="letter", pk=locked.pk, event="return")
    return locked


@transaction.atomic
def letter_issue(*, letter: ReminderLetter, user, issued_on: datetime.date, number: int | None = None
                 ) -> ReminderLetter:
    """The clerk gives the approved letter its number from the organization's register (the same
    sequence as plans and reports, no type code in the symbol) and its date; the text is frozen."""
    from reports.letters.document import letter_print_data

    locked = _locked(letter)
    _require(locked, PlanStatus.APPROVED, action="cấp số, ban hành")
    if error := issue_date_error(issued_on, timezone.localdate()):
        raise ValidationError({"issued_on": error})
    entry = register_claim(organization=locked.organization, kind=DocumentKind.LETTER, symbol=locked.symbol,
                           issued_on=issued_on, title=f"V/v {locked.subject}", user=user, number=number)
    locked.status, locked.number, locked.issued_on, locked.register_entry = (
        PlanStatus.ISSUED, entry.number, issued_on, entry)
    locked.snapshot = letter_print_data(locked)
    _save(locked, user)
    document_event(kind="letter", pk=locked.pk, event="issue")
    return locked


@transaction.atomic
def letter_attach_scan(*, letter: ReminderLetter, user, upload) -> ReminderLetter:
    """Keep the scan of the signed paper copy of an issued letter, as for a roll-up (a new scan
    replaces the old one)."""
    locked = _locked(letter)
    _require(locked, PlanStatus.ISSUED, PlanStatus.CLOSED, action="tải bản đã ký")
    return document_attach_scan(locked, kind="letter", user=user, upload=upload)
