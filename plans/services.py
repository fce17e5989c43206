"""Services of the plans app: every write that matters goes through one of these functions.

Each runs in one transaction, takes keyword-only arguments and records who acted (simple_history
keeps the audit trail: `_history_user` is set so a change made outside a request is attributed
too). Refusals are `ValidationError`s with a Vietnamese message, keyed by form field where one
applies; a save based on an outdated copy raises `StaleEdit` so the view can show what changed.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from danvan import uploads
from danvan.events import document_event
from danvan.models import DocumentKind, Organization, Unit, in_unit_order, person_name
from danvan.services import register_claim
from danvan.text import date_line, nfc, roman, search_key, short_date
from plans.models import (Citation, CitationRole, LegalDocument, LegalKind, Plan, PlanSection, PlanStatus,
                          number_key)

# Fields of a plan the editor may change (header and signing block); status, number and the
# like only change through the workflow services below.
EDITABLE_FIELDS = (
    "title", "year", "period_label", "period_start", "period_end", "implements", "drafting_unit", "intro",
    "closing", "appendix_title", "recipients", "signer_authority", "signer_title", "signer_deputy_title",
    "signer_name",
)

PURPOSE = "MỤC ĐÍCH, YÊU CẦU"
PURPOSE_BODY = "1. Mục đích\n2. Yêu cầu"
ORGANIZE = "TỔ CHỨC THỰC HIỆN"
# The two real shapes of DOMAIN.md; the key is what the create form submits.
SHAPES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "content": ("Mẫu 1: I. MỤC ĐÍCH, YÊU CẦU – II. NỘI DUNG – III. TỔ CHỨC THỰC HIỆN",
                [(PURPOSE, PURPOSE_BODY), ("NỘI DUNG", ""), (ORGANIZE, "")]),
    "tasks": ("Mẫu 2: I. MỤC ĐÍCH, YÊU CẦU – II. NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP – III. TỔ CHỨC THỰC HIỆN",
              [(PURPOSE, PURPOSE_BODY), ("NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP", ""), (ORGANIZE, "")]),
}


@dataclass
class FieldChange:
    """One field another person changed: its label, their (saved) value and the user's value."""

    name: str
    label: str
    theirs: str
    yours: str


@dataclass
class StaleEdit(Exception):
    """The object changed since the user loaded it; nothing was saved."""

    changed_at: datetime.datetime | None
    changed_by: str
    changes: list[FieldChange] = field(default_factory=list)
    subject: str = "Kế hoạch"

    @property
    def message(self) -> str:
        return str(self)

    def __str__(self) -> str:
        when = timezone.localtime(self.changed_at).strftime("%H:%M %d/%m/%Y") if self.changed_at else "?"
        return f"{self.subject} đã được người khác sửa lúc {when} bởi {self.changed_by}."


# --- helpers -------------------------------------------------------------------------------------

def display_value(value) -> str:
    """A field value as a person reads it (used in conflict lists and history)."""
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    if isinstance(value, datetime.date):
        return short_date(value)
    return str(value)


user_label = person_name  # the plan pages' name for it


def _lock_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update(of=("self",)).select_related("organization").get(pk=plan.pk)


def _refuse_unless(plan: Plan, *statuses: str, action: str) -> None:
    if plan.status not in statuses:
        raise ValidationError(
            f"Không thể {action}: kế hoạch đang ở trạng thái “{plan.get_status_display()}”.", code="status")


def _editable_plan(plan: Plan) -> Plan:
    """The plan row, locked, or a refusal when it is no longer a draft (issued plans are frozen)."""
    locked = _lock_plan(plan)
    _refuse_unless(locked, PlanStatus.DRAFT, action="sửa kế hoạch")
    return locked


def _save(obj: models.Model, user, **kwargs) -> None:
    obj._history_user = user
    obj.save(**kwargs)


def _field_value(obj, name: str):
    """Comparable value of a field: the primary key for a foreign key."""
    model_field = obj._meta.get_field(name)
    return getattr(obj, model_field.attname)


def _display_field(obj, name: str) -> str:
    model_field = Plan._meta.get_field(name)
    if model_field.is_relation:
        pk = getattr(obj, model_field.attname)
        return display_value(model_field.related_model.objects.filter(pk=pk).first() if pk else None)
    return display_value(getattr(obj, name))


def _plan_stale_error(current: Plan, expected_version: int, data: dict) -> StaleEdit:
    """Which fields the other person changed since `expected_version` (from the plan history)."""
    latest = current.history.select_related("history_user").first()
    base = current.history.filter(version=expected_version).order_by("-history_date").first()
    names = [name for name in EDITABLE_FIELDS
             if (base is not None and _field_value(base, name) != _field_value(current, name))
             or (base is None and name in data and _field_value(current, name) != _comparable(data[name]))]
    changes = [FieldChange(name, str(Plan._meta.get_field(name).verbose_name).capitalize(),
                           _display_field(current, name),
                           display_value(data[name]) if name in data else "(không có trong phần bạn sửa)")
               for name in names]
    return StaleEdit(changed_at=current.updated_at, changed_by=user_label(latest.history_user if latest else None),
                     changes=changes)


def _check_fields(data: dict) -> None:
    if set(data) - set(EDITABLE_FIELDS):  # a programming error, not user input
        raise ValueError(f"not editable: {sorted(set(data) - set(EDITABLE_FIELDS))}")


def _comparable(value):
    return value.pk if isinstance(value, models.Model) else value


# --- plan header ---------------------------------------------------------------------------------

@transaction.atomic
def plan_create(*, organization: Organization, user, data: dict, shape: str = "") -> Plan:
    """A new draft with the chosen starting sections (SHAPES) or none."""
    _check_fields(data)
    plan = Plan(organization=organization, created_by=user, **data)
    if not plan.signer_authority:
        plan.signer_authority = organization.authority_line
    # The organization's defaults (set by its admin) fill what the editor left empty.
    for field, default in (("signer_title", organization.default_signer_title),
                           ("signer_name", organization.default_signer_name),
                           ("recipients", organization.default_recipients)):
        if not getattr(plan, field):
            setattr(plan, field, default)
    plan.clean()
    _save(plan, user)
    for order, (heading, body) in enumerate(SHAPES[shape][1] if shape else [], start=1):
        _save(PlanSection(plan=plan, order=order, heading=heading, body=body), user)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, user, data: dict, expected_version: int) -> Plan:
    """Save header or signing fields of a draft, unless someone saved since `expected_version`.

    Raises StaleEdit (nothing written) when the version moved; increments the version otherwise.
    """
    _check_fields(data)
    current = _editable_plan(plan)
    if current.version != expected_version:
        raise _plan_stale_error(current, expected_version, data)
    for name, value in data.items():
        setattr(current, name, value)
    current.clean()
    current.version += 1
    _save(current, user)
    return current


def plan_suggest_recipients(*, plan: Plan, current: str = "") -> str:
    """Recipients to start from: what is already typed, every unit the plan assigns work to, and
    the "Lưu: VT, <drafting unit>." line last. Nothing is saved; the editor edits the result."""
    lines = [line.strip() for line in nfc(current).splitlines() if line.strip()]
    kept = [line for line in lines if not search_key(line).lstrip("- ").startswith("luu:")]
    known = {search_key(line).strip("-;.: ") for line in kept}
    units = (Unit.objects.filter(Q(led_tasks__plan=plan) | Q(coordinated_tasks__plan=plan))
             .distinct().order_by("order", "name"))
    for unit in units:
        if search_key(unit.name) not in known:
            kept.append(f"{unit.name};")
    short = plan.drafting_unit.short_name if plan.drafting_unit_id and plan.drafting_unit.short_name else ""
    kept.append(f"Lưu: VT, {short}." if short else "Lưu: VT.")
    return "\n".join(kept)


# --- sections ------------------------------------------------------------------------------------

def section_marker(section: PlanSection) -> str:
    """A short fingerprint of a section's saved text: an edit form carries it to detect stale saves."""
    return hashlib.sha256(f"{section.heading}\x00{section.body}".encode()).hexdigest()[:16]


def _renumber(items: list, user) -> None:
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            _save(item, user, update_fields=["order"])


@transaction.atomic
def section_add(*, plan: Plan, user, heading: str, body: str = "") -> PlanSection:
    locked = _editable_plan(plan)
    last = locked.sections.aggregate(m=Max("order"))["m"] or 0
    section = PlanSection(plan=locked, order=last + 1, heading=heading, body=body)
    _save(section, user)
    return section


@transaction.atomic
def section_update(*, section: PlanSection, user, heading: str, body: str, expected_marker: str) -> PlanSection:
    """Save a section's heading and text unless someone saved it since the user's copy."""
    _editable_plan(section.plan)
    current = PlanSection.objects.select_for_update().get(pk=section.pk)
    if section_marker(current) != expected_marker:
        raise _section_stale_error(current, expected_marker, heading=heading, body=body)
    current.heading, current.body = heading, body
    _save(current, user)
    return current


def _section_stale_error(current: PlanSection, expected_marker: str, **typed: str) -> StaleEdit:
    """Which of heading/body the other person changed, against the copy the user started from."""
    records = list(current.history.select_related("history_user")[:50])
    base = next((r for r in records if section_marker(r) == expected_marker), None)
    typed = {"heading": " ".join(nfc(typed["heading"]).split()), "body": nfc(typed["body"]).replace("\r\n", "\n")}
    changes = [FieldChange(name, label, display_value(getattr(current, name)), display_value(typed[name]))
               for name, label in (("heading", "Tiêu đề"), ("body", "Nội dung"))
               if getattr(current, name) != getattr(base, name, typed[name])]
    latest = records[0] if records else None
    return StaleEdit(changed_at=latest.history_date if latest else None,
                     changed_by=user_label(latest.history_user if latest else None), changes=changes,
                     subject="Mục này")


@transaction.atomic
def section_move(*, section: PlanSection, user, direction: str) -> None:
    """Swap a section with its neighbour ("up" or "down"); Roman numbers follow the order."""
    plan = _editable_plan(section.plan)
    _move(list(plan.sections.all()), section.pk, direction, user)


def _move(items: list, pk: int, direction: str, user) -> None:
    index = next(i for i, item in enumerate(items) if item.pk == pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _renumber(items, user)


@transaction.atomic
def section_delete(*, section: PlanSection, user) -> None:
    plan = _editable_plan(section.plan)
    section._history_user = user
    section.delete()
    _renumber(list(plan.sections.all()), user)


# --- legal documents and citations ---------------------------------------------------------------

def legal_document_find(*, number: str = "", name: str = "",
                        issued_on: datetime.date | None = None) -> LegalDocument | None:
    """The registry's entry for a number (compared by number_key), or for a law cited by name.

    A number is one document only with its date: every commune has its own "12/KH-UBND". With a
    date given, an entry of the same number and date is it (or one entered without a date); an
    entry of another date is another document, so None. Without a date, the first of that number.
    """
    if number and number_key(number):
        candidates = list(LegalDocument.objects.filter(number_key=number_key(number)).order_by("pk"))
        if issued_on is None:
            return candidates[0] if candidates else None
        return (next((d for d in candidates if d.issued_on == issued_on), None)
                or next((d for d in candidates if d.issued_on is None), None))
    if name:
        # Compared in Python: SQLite folds the case of ASCII letters only ("Đ" vs "đ").
        wanted = " ".join(nfc(name).split()).casefold()
        candidates = LegalDocument.objects.filter(number="", search_text__contains=search_key(name))
        return next((d for d in candidates if d.name.casefold() == wanted), None)
    return None


@transaction.atomic
def legal_document_register(*, kind: str, number: str = "", name: str = "", issued_on: datetime.date | None = None,
                            issuer: str = "", subject: str = "") -> tuple[LegalDocument, bool]:
    """Find the document in the shared registry or enter it: returns (document, created).

    A document already registered under the same number (spaces, case and đ/d ignored) and date is
    reused as it is, so the registry never holds it twice even when two editors paste it at once; the
    same number with another date is another document (another commune's "12/KH-UBND").
    """
    existing = legal_document_find(number=number, name=name, issued_on=issued_on)
    if existing:
        return existing, False
    document = LegalDocument(kind=kind, number=number, name=name, issued_on=issued_on, issuer=issuer,
                             subject=subject)
    document.clean()
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        existing = legal_document_find(number=number, name=name, issued_on=issued_on)
        if existing is None:
            raise
        return existing, False
    return document, True


@transaction.atomic
def citation_add(*, plan: Plan, user, document: LegalDocument, role: str) -> Citation:
    locked = _editable_plan(plan)
    if role not in CitationRole.values:
        raise ValidationError({"role": "Vai trò trích dẫn không hợp lệ."})
    if locked.citations.filter(document=document, role=role).exists():
        raise ValidationError(
            f"“{document}” đã có trong danh sách {CitationRole(role).label.lower()} của kế hoạch.", code="duplicate")
    last = locked.citations.filter(role=role).aggregate(m=Max("order"))["m"] or 0
    citation = Citation(plan=locked, document=document, role=role, order=last + 1)
    _save(citation, user)
    return citation


@transaction.atomic
def citations_add_found(*, plan: Plan, user, found: list[dict], role: str) -> tuple[list[LegalDocument], int]:
    """Cite every document the citation parser found in a pasted text, in one go: each is taken from
    the registry when it is there, else entered. Returns (documents cited, how many were already
    cited with that role). All or nothing: a document that cannot be entered refuses the whole
    paste with its reason, naming it."""
    _editable_plan(plan)
    if role not in CitationRole.values:
        raise ValidationError({"role": "Vai trò trích dẫn không hợp lệ."})
    cited, already = [], 0
    for parsed in found:
        number, name = parsed.get("number") or "", parsed.get("name") or ""
        try:
            issued_on = datetime.date.fromisoformat(parsed["date"]) if parsed.get("date") else None
        except ValueError:
            issued_on = None
        kind = next((value for value in LegalKind.values if value.lower() == (parsed.get("kind") or "").lower()),
                    LegalKind.OTHER)
        try:
            document, _created = legal_document_register(
                kind=kind, number=number, name="" if number else name, issued_on=issued_on,
                issuer=(parsed.get("issuer") or "")[:255], subject=parsed.get("subject") or "")
        except ValidationError as error:
            what = parsed.get("span") or number or name
            raise ValidationError(f"“{what}”: {' '.join(error.messages)} Hãy thêm văn bản này riêng, "
                                  "sau khi sửa.") from error
        if plan.citations.filter(document=document, role=role).exists():
            already += 1
            continue
        citation_add(plan=plan, user=user, document=document, role=role)
        cited.append(document)
    return cited, already


@transaction.atomic
def citation_set_role(*, citation: Citation, user, role: str) -> Citation:
    plan = _editable_plan(citation.plan)
    if role not in CitationRole.values:
        raise ValidationError({"role": "Vai trò trích dẫn không hợp lệ."})
    if role == citation.role:
        return citation
    if plan.citations.filter(document=citation.document_id, role=role).exists():
        raise ValidationError("Văn bản này đã có trong danh sách với vai trò đó.", code="duplicate")
    last = plan.citations.filter(role=role).aggregate(m=Max("order"))["m"] or 0
    citation.role, citation.order = role, last + 1
    _save(citation, user)
    return citation


@transaction.atomic
def citation_move(*, citation: Citation, user, direction: str) -> None:
    """Move a citation up or down among the citations of the same role."""
    plan = _editable_plan(citation.plan)
    _move(list(plan.citations.filter(role=citation.role)), citation.pk, direction, user)


@transaction.atomic
def citation_delete(*, citation: Citation, user) -> None:
    plan = _editable_plan(citation.plan)
    citation._history_user = user
    citation.delete()
    _renumber(list(plan.citations.filter(role=citation.role)), user)


# --- workflow ------------------------------------------------------------------------------------

@transaction.atomic
def plan_submit(*, plan: Plan, user) -> Plan:
    """Editor sends a draft for approval (draft → submitted)."""
    locked = _lock_plan(plan)
    _refuse_unless(locked, PlanStatus.DRAFT, action="gửi phê duyệt")
    locked.status, locked.submitted_at = PlanStatus.SUBMITTED, timezone.now()
    locked.version += 1
    _save(locked, user)
    document_event(kind="plan", pk=locked.pk, event="submit")
    return locked


@transaction.atomic
def plan_approve(*, plan: Plan, user) -> Plan:
    """Approver accepts a submitted plan (submitted → approved); the clerk then issues it."""
    locked = _lock_plan(plan)
    _refuse_unless(locked, PlanStatus.SUBMITTED, action="phê duyệt")
    locked.status, locked.approved_by, locked.approved_at = PlanStatus.APPROVED, user, timezone.now()
    locked.return_reason = ""
    locked.version += 1
    _save(locked, user)
    document_event(kind="plan", pk=locked.pk, event="approve")
    return locked


@transaction.atomic
def plan_return(*, plan: Plan, user, reason: str) -> Plan:
    """Approver sends a submitted plan back to the editor with a reason (submitted → draft)."""
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError({"reason": "Hãy ghi lý do trả lại để người soạn biết cần sửa gì."})
    locked = _lock_plan(plan)
    _refuse_unless(locked, PlanStatus.SUBMITTED, action="trả lại")
    locked.status, locked.return_reason = PlanStatus.DRAFT, reason
    locked.version += 1
    _save(locked, user)
    document_event(kind="plan", pk=locked.pk, event="return")
    return locked


@transaction.atomic
def plan_issue(*, plan: Plan, user, issued_on: datetime.date, number: int | None = None) -> Plan:
    """Clerk issues an approved plan: a number from the register, the date, a frozen snapshot.

    `number` None takes the next free number of the issue year; a number the clerk chose that is
    already taken raises ValidationError({"number": ...}). The plan row is locked first, so two
    clerks issuing at once cannot both issue it.
    """
    locked = _lock_plan(plan)
    _refuse_unless(locked, PlanStatus.APPROVED, action="ban hành")
    entry = register_claim(organization=locked.organization, kind=DocumentKind.PLAN,
                           symbol=locked.symbol, issued_on=issued_on, title=locked.title, user=user, number=number)
    locked.status, locked.number, locked.issued_on, locked.register_entry = (
        PlanStatus.ISSUED, entry.number, issued_on, entry)
    locked.snapshot = plan_snapshot(locked)
    locked.version += 1
    _save(locked, user)
    document_event(kind="plan", pk=locked.pk, event="issue")
    return locked


@transaction.atomic
def plan_attach_scan(*, plan: Plan, user, upload) -> Plan:
    """Store the scan of the signed paper copy of an issued plan under a generated name; a new scan
    replaces the old one, whose file is deleted once the change is committed (as for roll-ups)."""
    locked = _lock_plan(plan)
    if not locked.is_issued:
        raise ValidationError("Chỉ kế hoạch đã ban hành mới đính kèm bản ký.", code="status")
    try:
        uploads.store_signed_scan(locked.signed_scan, upload)
    except ValidationError as refused:
        raise ValidationError({"file": refused.messages}) from refused
    _save(locked, user)
    document_event(kind="plan", pk=locked.pk, event="scan")
    return locked


# --- snapshot ------------------------------------------------------------------------------------

def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _document_data(document: LegalDocument) -> dict:
    return {"kind": document.kind, "number": document.number, "name": document.name,
            "issued_on": _iso(document.issued_on), "issuer": document.issuer, "subject": document.subject,
            "text": document.citation_text()}


def plan_snapshot(plan: Plan) -> dict:
    """Every printed value of the plan as plain JSON data (an issued plan prints from this).

    The keys printing reads (reports.documents.plan: organization, title, symbol, number,
    issued_on, implements, basis, sections, tasks with "due", recipients, filing_unit, signer)
    plus the structured values behind them (citations with roles, rounds, dates).
    """
    organization = plan.organization
    tasks = plan.tasks.select_related("lead_unit").prefetch_related("coordinating_units").order_by("order", "pk")
    citations = [dict(_document_data(c.document), role=c.role, role_label=c.get_role_display())
                 for c in plan.citations.select_related("document").order_by("role", "order", "pk")]
    implements = plan.implements if plan.implements_id else None
    sections = list(plan.sections.order_by("order", "pk"))
    section_numbers = {s.pk: index for index, s in enumerate(sections, start=1)}
    return {
        "organization": {"name": organization.name, "header_parent_name": organization.header_parent_name,
                         "header_lines": organization.header_lines, "place_name": organization.place_name,
                         "issuer_symbol": organization.issuer_symbol,
                         "authority_line": organization.authority_line},
        "kind": "KẾ HOẠCH", "number": plan.number, "symbol": plan.symbol, "number_display": plan.number_display,
        "issued_on": _iso(plan.issued_on), "date_line": date_line(organization.place_name, plan.issued_on),
        "title": plan.title, "year": plan.year, "period_label": plan.period_label,
        "period_start": _iso(plan.period_start), "period_end": _iso(plan.period_end),
        "implements": implements.citation_text() if implements else "",
        "implements_number": implements.number if implements else "",
        "implements_document": _document_data(implements) if implements else None,
        "basis": [c["text"] for c in citations if c["role"] == CitationRole.BASIS],
        "citations": citations,
        "intro": plan.intro, "closing": plan.closing, "appendix_title": plan.appendix_title,
        "drafting_unit": plan.drafting_unit.name if plan.drafting_unit_id else "",
        "filing_unit": plan.drafting_unit.short_name if plan.drafting_unit_id else "",
        "sections": [{"numeral": roman(index), "heading": s.heading, "body": s.body}
                     for index, s in enumerate(sections, start=1)],
        # "kind" duty: a duty a unit holds (Shape B), printed inside section number "section" (1-based).
        "tasks": [{"order": index, "content": t.content, "lead_unit": t.lead_unit.name,
                   "coordinating_units": [u.name for u in in_unit_order(t.coordinating_units.all())],
                   "due": t.due_text, "due_label": t.due_label, "due_kind": t.due_kind,
                   "due_date": _iso(t.due_date), "extended_due_date": _iso(t.extended_due_date), "output": t.output,
                   "kind": t.kind, "section": section_numbers.get(t.section_id)}
                  for index, t in enumerate(tasks, start=1)],
        "rounds": [{"name": r.name, "deadline": _iso(r.deadline), "period_start": _iso(r.period_start),
                    "period_end": _iso(r.period_end)} for r in plan.rounds.order_by("deadline", "order")],
        "recipients": plan.recipient_lines(),
        "signer": {"authority": plan.signer_authority, "title": plan.signer_title,
                   "deputy_title": plan.signer_deputy_title, "name": plan.signer_name},
    }
