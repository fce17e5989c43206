"""Services of the tasks app: a plan's task table, its reporting rounds, extensions, and the copy of a plan.

Every function is keyword-only and atomic. Edits of a plan's tasks and rounds first lock the plan row,
so two editors reordering or adding rows at once never produce duplicate or missing numbers, and
they re-check the plan is still a draft at that moment. Validation errors are raised as
`ValidationError({field: message})` in Vietnamese, keyed by the names the forms use.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from typing import Iterable, Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone

from danvan.models import Unit
from danvan.text import nfc, year_range_error
from plans.models import Citation, Plan, PlanSection, PlanStatus
from tasks import schedule
from tasks.models import DueKind, ReportingRound, Task, TaskKind, task_due_error, task_unit_errors

NOT_DRAFT = "Kế hoạch không còn là dự thảo (đã gửi phê duyệt hoặc đã ban hành): không sửa được."
STALE = ("Nhiệm vụ này vừa được người khác sửa. Xem giá trị đang lưu bên dưới, "
         "chỉnh lại nếu cần rồi bấm Lưu lần nữa.")
MAX_OFFSET_DAYS = 90


def _locked_draft(plan: Plan) -> Plan:
    """The plan row, locked for this transaction; refused unless it is still a draft."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.DRAFT:
        raise ValidationError({NON_FIELD_ERRORS: NOT_DRAFT})
    return locked


def _write_orders(rows: Iterable) -> None:
    """Give rows the orders 1..n in the order given, writing only the rows whose order changes."""
    for position, row in enumerate(rows, start=1):
        if row.order != position:
            row.order = position
            row.save(update_fields=["order"])


def _renumber(queryset) -> None:
    _write_orders(queryset.order_by("order", "pk"))


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


# --- Tasks ---------------------------------------------------------------------------------------

def task_fingerprint(task: Task) -> str:
    """A short digest of a task's saved values: the edit form carries it to detect a stale save."""
    data = [task.content, task.lead_unit_id, sorted(unit.pk for unit in task.coordinating_units.all()),
            task.due_kind, task.due_date.isoformat() if task.due_date else "", task.output]
    return hashlib.sha1(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:16]


def _task_values(*, plan: Plan, content: str, lead_unit: Unit | None, coordinating_units: Iterable[Unit],
                 due_kind: str, due: str | datetime.date | None, output: str, kind: str = TaskKind.TASK) -> dict:
    """Check a task's values against the plan; the cleaned values or a ValidationError per field."""
    errors: dict[str, str] = {}
    content = nfc(content).strip()
    output = nfc(output or "").strip()
    coordinating = list(coordinating_units)
    if not content:
        errors["content"] = "Nhập nội dung nhiệm vụ."
    if lead_unit is None:
        errors["lead_unit"] = "Chọn một đơn vị chủ trì."
    errors.update(task_unit_errors(plan, lead_unit, coordinating))
    due_date = None
    if due_kind not in DueKind.values:
        errors["due_kind"] = "Chọn loại thời hạn: theo ngày, tháng, quý hoặc thường xuyên."
    elif kind == TaskKind.DUTY and due_kind != DueKind.CONTINUOUS:
        errors["due_kind"] = "Nhiệm vụ của đơn vị là nhiệm vụ thường xuyên: chọn “Thường xuyên”."
    elif isinstance(due, datetime.date):
        due_date = None if due_kind == DueKind.CONTINUOUS else due
    else:
        try:
            due_date = schedule.parse_due(due_kind, due or "")
        except ValueError as exc:
            errors["due"] = str(exc)
    if "due" not in errors and (error := task_due_error(plan, due_date)):
        errors["due"] = error
    if len(output) > 500:
        errors["output"] = "Sản phẩm dài quá 500 ký tự."
    if errors:
        raise ValidationError(errors)
    return {"content": content, "lead_unit": lead_unit, "due_kind": due_kind, "due_date": due_date,
            "output": output, "coordinating": coordinating}


@transaction.atomic
def task_create(*, plan: Plan, content: str, lead_unit: Unit | None, coordinating_units: Iterable[Unit] = (),
                due_kind: str = DueKind.DATE, due: str | datetime.date | None = None, output: str = "",
                kind: str = TaskKind.TASK, section: PlanSection | None = None) -> Task:
    """Add a task at the end of a draft plan's table; or, with kind DUTY, a duty a unit holds in
    `section` (Shape B: continuous, printed inside that section instead of the appendix). A table
    task's `section` is the line of work it belongs to (the roll-up groups its results by it); it
    still prints in the appendix table."""
    plan = _locked_draft(plan)
    if kind not in TaskKind.values:
        raise ValueError(f"unknown task kind {kind!r}")
    values = _task_values(plan=plan, content=content, lead_unit=lead_unit, coordinating_units=coordinating_units,
                          due_kind=due_kind, due=due, output=output, kind=kind)
    if section is not None and section.plan_id != plan.pk:
        raise ValidationError({"section": "Mục được chọn không thuộc kế hoạch này."})
    coordinating = values.pop("coordinating")
    task = Task(plan=plan, order=_next_order(plan.tasks.all()), kind=kind, section=section, **values)
    task.save()
    task.coordinating_units.set(coordinating)
    return task


def task_changes(task: Task, *, content: str = "", lead_unit: Unit | None = None,
                 coordinating_units: Iterable[Unit] = (), due_kind: str = "", due: str | datetime.date | None = None,
                 output: str = "", kind: str = "", section: PlanSection | None = None) -> list[tuple[str, str]]:
    """The saved values that differ from what the editor typed, as (label, saved value) pairs: what
    another editor changed, shown when a save is refused as stale."""
    rows = []
    if task.content != nfc(content or "").strip():
        rows.append(("Nội dung", task.content))
    if task.lead_unit != lead_unit:
        rows.append(("Đơn vị chủ trì", task.lead_unit.name))
    saved_units = sorted(task.coordinating_units.all(), key=lambda unit: unit.pk)
    if saved_units != sorted(coordinating_units or [], key=lambda unit: unit.pk):
        rows.append(("Đơn vị phối hợp", ", ".join(unit.name for unit in saved_units) or "(không có)"))
    if isinstance(due, datetime.date):
        typed_due = due
    else:
        try:
            typed_due = schedule.parse_due(due_kind, due or "")
        except ValueError:
            typed_due = None
    if task.due_kind != due_kind or task.due_date != typed_due:
        rows.append(("Thời hạn", task.due_label))
    if task.output != nfc(output or "").strip():
        rows.append(("Sản phẩm", task.output or "(trống)"))
    if kind and task.kind != kind:
        rows.append(("Loại", task.get_kind_display()))
    if (kind or task.kind) == TaskKind.TASK and task.section_id != (section.pk if section else None):
        rows.append(("Thuộc mục", task.section.heading if task.section_id else "(không chọn)"))
    return rows


@transaction.atomic
def task_update(*, task: Task, content: str, lead_unit: Unit | None, coordinating_units: Iterable[Unit] = (),
                due_kind: str = DueKind.DATE, due: str | datetime.date | None = None, output: str = "",
                fingerprint: str | None = None, kind: str | None = None, section: PlanSection | None = None) -> Task:
    """Change a task of a draft plan.

    With `fingerprint` (what the editor's form was loaded from), a task changed by someone else in
    the meantime is refused with code "stale" rather than silently overwritten.
    """
    plan = _locked_draft(task.plan)
    try:
        task = Task.objects.select_for_update().get(pk=task.pk, plan=plan)
    except Task.DoesNotExist:
        raise ValidationError({NON_FIELD_ERRORS: "Nhiệm vụ này đã bị xóa."}) from None
    if fingerprint and fingerprint != task_fingerprint(task):
        raise ValidationError(STALE, code="stale")
    kind = kind or task.kind
    if kind not in TaskKind.values:
        raise ValueError(f"unknown task kind {kind!r}")
    values = _task_values(plan=plan, content=content, lead_unit=lead_unit, coordinating_units=coordinating_units,
                          due_kind=due_kind, due=due, output=output, kind=kind)
    if section is not None and section.plan_id != plan.pk:
        raise ValidationError({"section": "Mục được chọn không thuộc kế hoạch này."})
    coordinating = values.pop("coordinating")
    # A duty keeps its section when none is given; a table task's section is what the editor chose.
    values.update(kind=kind, section=(section or task.section) if kind == TaskKind.DUTY else section)
    for field, value in values.items():
        setattr(task, field, value)
    task.save()
    task.coordinating_units.set(coordinating)
    return task


@transaction.atomic
def task_delete(*, task: Task) -> None:
    """Remove a task from a draft plan and renumber the rest."""
    plan = _locked_draft(task.plan)
    try:
        Task.objects.filter(pk=task.pk, plan=plan).delete()
    except ProtectedError:
        raise ValidationError({NON_FIELD_ERRORS: "Nhiệm vụ đã có báo cáo của đơn vị, không xóa được."}) from None
    _renumber(plan.tasks.all())


@transaction.atomic
def task_move(*, task: Task, direction: Literal["up", "down"]) -> bool:
    """Swap a task with its neighbour above or below; False when it is already at that end."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', got {direction!r}")
    plan = _locked_draft(task.plan)
    rows = list(plan.tasks.order_by("order", "pk"))
    index = next((i for i, row in enumerate(rows) if row.pk == task.pk), None)
    if index is None:
        raise ValidationError({NON_FIELD_ERRORS: "Nhiệm vụ này đã bị xóa."})
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    _write_orders(rows)
    return True


@transaction.atomic
def task_extend(*, task: Task, extended_due_date: datetime.date | None, reason: str) -> Task:
    """Extend (gia hạn) a task's due date; allowed on an issued plan, the original date is kept."""
    task = Task.objects.select_for_update(of=("self",)).select_related("plan").get(pk=task.pk)
    errors: dict[str, str] = {}
    reason = nfc(reason or "").strip()
    if task.plan.status == PlanStatus.CLOSED:
        raise ValidationError({NON_FIELD_ERRORS: "Kế hoạch đã kết thúc, không gia hạn được."})
    if task.due_date is None:
        raise ValidationError({NON_FIELD_ERRORS: "Nhiệm vụ thường xuyên không có thời hạn để gia hạn."})
    if extended_due_date is None:
        errors["extended_due_date"] = "Nhập ngày gia hạn, dạng dd/mm/yyyy."
    elif error := year_range_error(extended_due_date, "Ngày gia hạn"):
        errors["extended_due_date"] = error
    elif extended_due_date < task.due_date:
        errors["extended_due_date"] = (f"Ngày gia hạn không được trước thời hạn ban đầu "
                                       f"({task.due_date:%d/%m/%Y}).")
    if not reason:
        errors["extension_reason"] = "Nhập lý do gia hạn."
    if errors:
        raise ValidationError(errors)
    task.extended_due_date = extended_due_date
    task.extension_reason = reason
    task.save(update_fields=["extended_due_date", "extension_reason"])
    return task


# --- Reporting rounds ----------------------------------------------------------------------------

def _save_round(reporting_round: ReportingRound) -> ReportingRound:
    if bool(reporting_round.period_start) != bool(reporting_round.period_end):
        field = "period_end" if reporting_round.period_start else "period_start"
        raise ValidationError({field: "Nhập đủ cả hai ngày chốt số liệu, hoặc để trống cả hai."})
    reporting_round.name = " ".join(nfc(reporting_round.name).split())
    reporting_round.full_clean()
    reporting_round.save()
    return reporting_round


def _set_reporting_units(reporting_round: ReportingRound, units) -> None:
    """The units the editor says must report (None: leave as it is; empty: the lead units)."""
    if units is None:
        return
    units = list(units)
    foreign = [unit.name for unit in units if unit.organization_id != reporting_round.plan.organization_id]
    if foreign:
        raise ValidationError({"reporting_units": "Đơn vị không thuộc cơ quan ban hành kế hoạch: "
                                                  f"{', '.join(foreign)}."})
    reporting_round.reporting_units.set(units)


@transaction.atomic
def round_create(*, plan: Plan, name: str, deadline: datetime.date | None,
                 period_start: datetime.date | None = None, period_end: datetime.date | None = None,
                 reporting_units=None) -> ReportingRound:
    """Add a reporting round to a draft plan (a milestone of this plan, by date)."""
    plan = _locked_draft(plan)
    reporting_round = _save_round(ReportingRound(plan=plan, order=_next_order(plan.rounds.all()), name=name or "",
                                                 deadline=deadline, period_start=period_start, period_end=period_end))
    _set_reporting_units(reporting_round, reporting_units)
    return reporting_round


@transaction.atomic
def round_update(*, reporting_round: ReportingRound, name: str, deadline: datetime.date | None,
                 period_start: datetime.date | None = None,
                 period_end: datetime.date | None = None, reporting_units=None) -> ReportingRound:
    """Change a round of a draft plan; generated rounds are edited the same way."""
    plan = _locked_draft(reporting_round.plan)
    reporting_round = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk, plan=plan)
    reporting_round.name = name or ""
    reporting_round.deadline = deadline
    reporting_round.period_start = period_start
    reporting_round.period_end = period_end
    reporting_round = _save_round(reporting_round)
    _set_reporting_units(reporting_round, reporting_units)
    return reporting_round


def _delete_rounds(queryset) -> None:
    try:
        queryset.delete()
    except ProtectedError:
        raise ValidationError({NON_FIELD_ERRORS: "Đợt báo cáo đã có báo cáo của đơn vị, không xóa được."}) from None


@transaction.atomic
def round_delete(*, reporting_round: ReportingRound) -> None:
    plan = _locked_draft(reporting_round.plan)
    _delete_rounds(plan.rounds.filter(pk=reporting_round.pk))
    _renumber(plan.rounds.all())


@transaction.atomic
def rounds_generate(*, plan: Plan, period: str, days: int, working_days: bool,
                    replace: bool = False) -> list[ReportingRound]:
    """Create the periodic rounds ("every quarter", "every 6 months", "yearly") of a plan's period.

    Each round covers the NĐ 09/2019 span of its period and gives `days` calendar or working days
    after the span's last day (due the day after the last of them: "trước ngày …"). Rounds of the same name already there are kept, not doubled, so
    generating twice is harmless; with `replace` the plan's existing rounds are deleted first.
    """
    if period not in schedule.PERIOD_KINDS:
        raise ValidationError({"period": "Chọn định kỳ: hằng quý, 6 tháng hoặc hằng năm."})
    if not 0 <= days <= MAX_OFFSET_DAYS:
        raise ValidationError({"days": f"Số ngày sau ngày chốt số liệu phải từ 0 đến {MAX_OFFSET_DAYS}."})
    plan = _locked_draft(plan)
    if replace:
        _delete_rounds(plan.rounds.all())
    existing = set(plan.rounds.values_list("name", flat=True))
    order = _next_order(plan.rounds.all())
    created = []
    for span in schedule.period_spans(period, plan.period_start, plan.period_end):
        name = f"Báo cáo {span.label}"
        if name in existing:
            continue
        deadline = schedule.deadline_after(span.end, days, working=working_days)
        created.append(_save_round(ReportingRound(plan=plan, order=order, name=name, deadline=deadline,
                                                  period_start=span.start, period_end=span.end)))
        order += 1
    return created


# --- Copying last year's plan -------------------------------------------------------------------

_RANGE_BEFORE = re.compile(r"\d{4}\s*[-–]\s*$")
_RANGE_AFTER = re.compile(r"^\s*[-–]\s*\d{4}")


def _replace_year(text: str, old: int, new: int) -> str:
    """Replace the year as a whole number ("năm 2025" → "năm 2026").

    Not inside a longer number, and not in a range of years ("giai đoạn 2021-2025" stays).
    """
    def replace(match: re.Match) -> str:
        before, after = text[:match.start()], text[match.end():]
        if _RANGE_BEFORE.search(before) or _RANGE_AFTER.match(after):
            return match.group(0)
        return str(new)

    return re.sub(rf"(?<!\d){old}(?!\d)", replace, text)


COPY_REPEAT_WINDOW = datetime.timedelta(seconds=30)


@transaction.atomic
def plan_copy(*, plan: Plan, user) -> Plan:
    """A new draft for next year, from `plan`: header, citations, sections, tasks and rounds.

    The title, the period label and round names get the new year; the period, task due dates and
    rounds move one year later (29/02 becomes 28/02); section text is copied as written.
    Extensions, number, issue date, snapshot and signed scan are not copied; the original is unchanged.
    """
    year = plan.year + 1
    if year > schedule.MAX_YEAR:
        raise ValidationError({NON_FIELD_ERRORS: f"Không sao chép được sang năm {year}."})
    # A double click copies once: the source row is locked, and the copy this user made of it a
    # moment ago is the answer to the second click.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    recent = (Plan.objects.filter(copied_from=plan, created_by=user, status=PlanStatus.DRAFT,
                                  created_at__gte=timezone.now() - COPY_REPEAT_WINDOW).order_by("-pk").first())
    if recent is not None:
        return recent

    def later(day: datetime.date | None) -> datetime.date | None:
        if day is not None and not schedule.MIN_YEAR <= day.year + 1 <= schedule.MAX_YEAR:
            raise ValidationError({NON_FIELD_ERRORS: (
                f"Không sao chép được: ngày {day:%d/%m/%Y} dời sang năm sau sẽ ra ngoài khoảng năm "
                f"{schedule.MIN_YEAR}–{schedule.MAX_YEAR}. Hãy sửa ngày đó trong kế hoạch gốc trước.")})
        return schedule.shift_year(day)

    copy = Plan(
        organization=plan.organization, title=_replace_year(plan.title, plan.year, year), year=year,
        period_label=_replace_year(plan.period_label, plan.year, year),
        period_start=later(plan.period_start), period_end=later(plan.period_end),
        implements=plan.implements, intro=plan.intro, closing=plan.closing, appendix_title=plan.appendix_title,
        drafting_unit=plan.drafting_unit, recipients=plan.recipients, signer_authority=plan.signer_authority,
        signer_title=plan.signer_title, signer_deputy_title=plan.signer_deputy_title,
        signer_name=plan.signer_name, status=PlanStatus.DRAFT, copied_from=plan, created_by=user,
    )
    copy.save()
    for citation in plan.citations.all():
        Citation.objects.create(plan=copy, document_id=citation.document_id, role=citation.role,
                                order=citation.order)
    new_sections = {}
    for section in plan.sections.all():
        new_sections[section.pk] = PlanSection.objects.create(plan=copy, order=section.order,
                                                              heading=section.heading, body=section.body)
    for task in plan.tasks.prefetch_related("coordinating_units"):
        new_task = Task(plan=copy, order=task.order, content=task.content, lead_unit_id=task.lead_unit_id,
                        due_kind=task.due_kind, due_date=later(task.due_date), output=task.output,
                        kind=task.kind, section=new_sections.get(task.section_id))
        new_task.save()
        new_task.coordinating_units.set(task.coordinating_units.all())
    for old in plan.rounds.all():
        ReportingRound.objects.create(
            plan=copy, order=old.order, name=_replace_year(old.name, plan.year, year),
            deadline=later(old.deadline), period_start=later(old.period_start),
            period_end=later(old.period_end))
    return copy
