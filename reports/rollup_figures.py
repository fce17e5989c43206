"""What a roll-up counts and the text it is first compiled with (services are in reports.rollup).

Every query here runs a fixed number of times, whatever the number of units or tasks: rows are
fetched with select/prefetch and counted in Python.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from danvan.models import Organization, Unit
from danvan.text import short_date, vietnamese_sort_key
from plans.models import PlanStatus
from reports.models import SENT_STATUSES, EntryStatus, ReportStatus, RollupReport, UnitReport, UnitReportEntry
from reports.status import TaskStatus, task_status
from tasks.models import ReportingRound, Task

CATEGORIES = {
    "done": "Hoàn thành",
    "in_progress": "Đang thực hiện",
    "not_started": "Chưa thực hiện",
    "overdue": "Quá hạn",
}
PENDING_MARK = "(chưa tiếp nhận)"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _one_line(text: str) -> str:
    """Several lines typed in a form become one sentence of the compiled text."""
    parts = [" ".join(line.split()) for line in (text or "").splitlines()]
    return "; ".join(part.strip(" ;.") for part in parts if part.strip(" ;.-+"))


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


_unit_key = Unit.sort_key  # the units' one order (danvan.models)


# --- Figures of one round -------------------------------------------------------------------------

def _reported(report: UnitReport | None) -> bool:
    return report is not None and report.status in SENT_STATUSES


def _report_is_late(report: UnitReport, round: ReportingRound) -> bool:
    if report.is_late is not None:
        return bool(report.is_late)
    return round.is_late(report.submitted_at)


def _status_text(category: str, result_code: str, entry_status: str | None) -> str:
    """What the appendix prints in the "Tình trạng" column: the unit's word and the deadline's."""
    reported = EntryStatus(entry_status).label if entry_status else "Chưa có báo cáo"
    if category == "done":
        return TaskStatus.LABELS[result_code]
    if category == "overdue":
        return f"Quá hạn, {lower_first(reported)}"
    if result_code == TaskStatus.DUE_SOON:
        return f"{reported}, sắp đến hạn"
    if result_code == TaskStatus.CONTINUOUS:
        return f"{reported}, nhiệm vụ thường xuyên"
    return reported


def compute_round_figures(round: ReportingRound, *, today: datetime.date) -> dict:
    """Everything the roll-up of a round counts and lists, as plain JSON data.

    Only submitted and accepted reports count; a submitted one is flagged `accepted: False` and
    printed "(chưa tiếp nhận)". Units expected to report are those the plan gives a task to
    (leading or co-ordinating) and any unit that opened a report for the round.
    """
    tasks = list(Task.objects.filter(plan_id=round.plan_id).select_related("lead_unit")
                 .prefetch_related("coordinating_units").order_by("order", "pk"))
    entries_qs = (UnitReportEntry.objects.filter(included=True)
                  .only("id", "report_id", "task_id", "is_lead", "status", "done_text", "difficulties", "proposals")
                  .order_by("task__order", "task_id"))
    reports = list(UnitReport.objects.filter(round=round).select_related("unit")
                   .prefetch_related(Prefetch("entries", queryset=entries_qs)))

    units = {}
    for task in tasks:
        units[task.lead_unit_id] = task.lead_unit
        for unit in task.coordinating_units.all():
            units[unit.pk] = unit
    report_by_unit = {}
    for report in reports:
        units[report.unit_id] = report.unit
        report_by_unit[report.unit_id] = report

    # The words of each unit on each task, from the reports that count.
    words: dict[tuple[int, int], dict] = {}
    gathered = []  # (unit, difficulties, proposals, accepted), in the units' then the tasks' order
    for report in sorted(reports, key=lambda r: _unit_key(r.unit)):
        if not _reported(report):
            continue
        accepted = report.status == ReportStatus.ACCEPTED
        done_on = timezone.localdate(report.submitted_at)
        for entry in report.entries.all():
            words[(entry.task_id, report.unit_id)] = {
                "status": entry.status, "done_text": entry.done_text.strip(),
                "difficulties": entry.difficulties.strip(), "proposals": entry.proposals.strip(),
                "accepted": accepted, "done_on": done_on,
            }
            gathered.append((report.unit.name, entry.difficulties, entry.proposals, accepted))

    counts = dict.fromkeys(["total", "done", "done_on_time", "done_late", "in_progress", "not_started",
                            "overdue", "continuous", "unreported"], 0)
    rows = []
    for number, task in enumerate(tasks, start=1):
        lead_words = words.get((task.pk, task.lead_unit_id))
        entry_status = lead_words["status"] if lead_words else None
        result = task_status(due_date=task.effective_due_date, entry_status=entry_status,
                             done_on=lead_words["done_on"] if lead_words else None, today=today)
        if entry_status == EntryStatus.DONE:
            category = "done"
            counts["done_on_time" if result.code == TaskStatus.DONE_ON_TIME else "done_late"] += 1
        elif result.code == TaskStatus.OVERDUE:
            category = "overdue"
        elif entry_status == EntryStatus.IN_PROGRESS:
            category = "in_progress"
        else:
            category = "not_started"
        counts["total"] += 1
        counts[category] += 1
        counts["continuous"] += task.effective_due_date is None
        counts["unreported"] += lead_words is None
        coordination = []
        for unit in sorted(task.coordinating_units.all(), key=_unit_key):
            unit_words = words.get((task.pk, unit.pk))
            coordination.append({
                "unit_id": unit.pk, "unit": unit.name, "reported": unit_words is not None,
                "status": EntryStatus(unit_words["status"]).label if unit_words else "",
                "done_text": unit_words["done_text"] if unit_words else "",
                "accepted": unit_words["accepted"] if unit_words else None,
            })
        due = task.effective_due_date
        rows.append({
            "task_id": task.pk, "number": number, "content": task.content, "output": task.output,
            "lead_unit_id": task.lead_unit_id, "lead_unit": task.lead_unit.name,
            "coordinating_units": [item["unit"] for item in coordination],
            "due_label": task.due_text, "due_date": due.isoformat() if due else None,
            "category": category, "category_label": CATEGORIES[category],
            "status_code": result.code, "status_label": result.label,
            "status_text": _status_text(category, result.code, entry_status),
            "reported": lead_words is not None,
            "accepted": lead_words["accepted"] if lead_words else None,
            "entry_status": EntryStatus(entry_status).label if entry_status else "",
            "done_text": lead_words["done_text"] if lead_words else "",
            "difficulties": lead_words["difficulties"] if lead_words else "",
            "proposals": lead_words["proposals"] if lead_words else "",
            "coordination": coordination,
        })

    unit_lists = {"on_time": [], "late": [], "missing": []}
    unit_rows = []
    for unit in sorted(units.values(), key=_unit_key):
        report = report_by_unit.get(unit.pk)
        if _reported(report):
            late = _report_is_late(report, round)
            group = "late" if late else "on_time"
            item = {"id": unit.pk, "name": unit.name, "accepted": report.status == ReportStatus.ACCEPTED,
                    "submitted_at": timezone.localtime(report.submitted_at).strftime("%H:%M %d/%m/%Y")}
            state = ("Gửi muộn" if late else "Đúng hạn") + ("" if item["accepted"] else f" {PENDING_MARK}")
        else:
            group = "missing"
            returned = report is not None and report.status == ReportStatus.RETURNED
            item = {"id": unit.pk, "name": unit.name, "accepted": None, "submitted_at": "",
                    "returned": returned}
            state = "Bị trả lại, chưa gửi lại" if returned else "Chưa báo cáo"
        unit_lists[group].append(item)
        unit_rows.append({"name": unit.name, "group": group, "state": state,
                          "submitted_at": item["submitted_at"],
                          "reviewed": {True: "Đã tiếp nhận", False: "Chờ tiếp nhận", None: ""}[item["accepted"]]})

    plan = round.plan
    return {
        "kind": "round",
        "as_of": today.isoformat(),
        "plan": {"id": plan.pk, "title": plan.title,
                 "number_display": plan.number_display if plan.number else "",
                 "issued_on": plan.issued_on.isoformat() if plan.issued_on else None},
        "round": {"id": round.pk, "name": round.name, "deadline": round.deadline.isoformat(),
                  "period_start": round.period_start.isoformat() if round.period_start else None,
                  "period_end": round.period_end.isoformat() if round.period_end else None},
        "tasks": counts,
        "units": {"expected": len(units), **unit_lists},
        "unit_rows": unit_rows,
        "rows": rows,
        # Not stored: popped by the services (what the text was compiled from).
        "words": {f"{task_id}:{unit_id}": _digest(w["status"], w["done_text"])
                  for (task_id, unit_id), w in words.items()},
        "gathered": gathered,
    }


# --- Compiled text of one round -------------------------------------------------------------------

def _mark(accepted: bool | None) -> str:
    return "" if accepted in (True, None) else f" {PENDING_MARK}"


def _sentence(text: str) -> str:
    text = _one_line(text)
    return text + "." if text and not text.endswith((".", "!", "?", ":")) else text


def _task_words(row: dict, unit_ids: set[int] | None = None) -> list[str]:
    """The units' words on one task, a sentence each: the lead unit's, then each co-ordinating unit's."""
    words = []
    if unit_ids is None or row["lead_unit_id"] in unit_ids:
        if row["reported"]:
            done = f" {_sentence(row['done_text'])}" if row["done_text"] else ""
            words.append(f"{row['lead_unit']} (chủ trì){_mark(row['accepted'])}: {row['entry_status'].lower()}.{done}")
        else:
            words.append(f"{row['lead_unit']} (chủ trì): chưa báo cáo.")
    for item in row["coordination"]:
        if item["reported"] and (unit_ids is None or item["unit_id"] in unit_ids):
            done = _sentence(item["done_text"]) or f"{item['status'].lower()}."
            words.append(f"{item['unit']} (phối hợp){_mark(item['accepted'])}: {done}")
    return words


def round_results_text(figures: dict) -> str:
    """Task by task in the plan's order, one numbered paragraph each: the task and its status word,
    then the units' words (the lead unit's first)."""
    return "\n".join(f"{row['number']}. {_one_line(row['content'])} ({row['status_text'].lower()}): "
                     + " ".join(_task_words(row)) for row in figures["rows"])


def _by_unit(rows) -> str:
    """One dashed line per unit: its texts joined, each once, the unit marked if not yet accepted."""
    gathered: dict[str, list[str]] = {}
    for unit, text, accepted in rows:
        text = _one_line(text)
        if text:
            texts = gathered.setdefault(unit + _mark(accepted), [])
            if text not in texts:
                texts.append(text)
    return "\n".join(f"- {name}: {'; '.join(texts)}." for name, texts in gathered.items())


def round_gathered_texts(gathered: list[tuple]) -> tuple[str, str]:
    """Difficulties and proposals, each gathered by unit in the units' order."""
    difficulties = _by_unit([(unit, text, accepted) for unit, text, _, accepted in gathered])
    proposals = _by_unit([(unit, text, accepted) for unit, _, text, accepted in gathered])
    return difficulties, proposals


def round_intro(round: ReportingRound) -> str:
    plan = round.plan
    organization = plan.organization
    reference = f"Kế hoạch số {plan.number_display}" if plan.number else "Kế hoạch"
    if plan.issued_on:
        reference += f" ngày {short_date(plan.issued_on)}"
    span = ""
    if round.period_start and round.period_end:
        span = f" (số liệu từ ngày {short_date(round.period_start)} đến ngày {short_date(round.period_end)})"
    return (f"Thực hiện {reference} của {organization.name} về {lower_first(plan.title)}; trên cơ sở báo cáo "
            f"của các đơn vị, {organization.name} báo cáo kết quả thực hiện {lower_first(round.name)}{span}, "
            "như sau:")


def default_recipients(organization: Organization, keep_unit: str = "") -> str:
    lines = []
    if organization.parent_id:
        lines.append(f"{organization.parent.name} (để báo cáo);")
    lines += ["Thường trực Đảng ủy;", "Thường trực HĐND;", "CT, các PCT UBND;"]
    lines.append(f"Lưu: VT{', ' + keep_unit if keep_unit else ''}.")
    return "\n".join(lines)


# --- Figures and text at the level above ----------------------------------------------------------

def children_rollups(organization: Organization, start: datetime.date, end: datetime.date):
    """The children's issued roll-ups issued within the period, oldest first."""
    return (RollupReport.objects
            .filter(organization__parent=organization, status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED],
                    issued_on__gte=start, issued_on__lte=end)
            .select_related("organization").order_by("organization__name", "issued_on", "pk"))


def _printed(rollup: RollupReport, field: str):
    """A child's roll-up as it was issued: from its snapshot when there is one."""
    if isinstance(rollup.snapshot, dict) and field in rollup.snapshot:
        return rollup.snapshot[field]
    return getattr(rollup, field)


def compute_parent_figures(organization: Organization, *, start: datetime.date, end: datetime.date,
                           today: datetime.date, sources: list[RollupReport] | None = None) -> dict:
    """Sum the children's issued roll-ups of the period; list the children that have not reported.

    Where a child issued several roll-ups on the same plan in the period, only the latest one counts
    (task statuses are cumulative) and has a row; the others stay listed as sources.
    """
    children = sorted(Organization.objects.filter(parent=organization), key=lambda o: vietnamese_sort_key(o.name))
    if sources is None:
        sources = list(children_rollups(organization, start, end))
    latest: dict[tuple, RollupReport] = {}
    for rollup in sources:  # oldest first: a later one replaces an earlier one on the same plan
        key = (rollup.organization_id, (rollup.figures or {}).get("plan", {}).get("id"), rollup.round_id is None)
        latest[key] = rollup
    counted = counted_sources(sources, {rollup.pk for rollup in latest.values()})

    task_keys = ["total", "done", "done_on_time", "done_late", "in_progress", "not_started", "overdue"]
    tasks = dict.fromkeys(task_keys, 0)
    units = dict.fromkeys(["expected", "on_time", "late", "missing"], 0)
    rows = []
    by_child: dict[int, list[RollupReport]] = defaultdict(list)
    for rollup in counted:
        by_child[rollup.organization_id].append(rollup)
    reported_ids = {rollup.organization_id for rollup in sources}
    for child in children:
        for rollup in by_child.get(child.pk, []):
            figures = rollup.figures or {}
            child_tasks = {key: figures.get("tasks", {}).get(key, 0) for key in task_keys}
            child_units = figures.get("units", {})
            unit_counts = {"expected": child_units.get("expected", 0)}
            for key in ("on_time", "late", "missing"):
                value = child_units.get(key, 0)
                unit_counts[key] = len(value) if isinstance(value, list) else value
            for key in task_keys:
                tasks[key] += child_tasks[key]
            for key in units:
                units[key] += unit_counts[key]
            rows.append({"rollup_id": rollup.pk, "organization": child.name, "organization_id": child.pk,
                         "number_display": rollup.number_display.strip(), "issued_on": rollup.issued_on.isoformat(),
                         "title": rollup.title, "tasks": child_tasks, "units": unit_counts})
    return {
        "kind": "parent",
        "as_of": today.isoformat(),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "tasks": tasks,
        "units": units,
        "children": {
            "expected": len(children),
            "reported": [{"id": c.pk, "name": c.name} for c in children if c.pk in reported_ids],
            "missing": [{"id": c.pk, "name": c.name} for c in children if c.pk not in reported_ids],
        },
        "rows": rows,
        "words": {str(rollup.pk): _digest(rollup.number_display, _printed(rollup, "results_text"))
                  for rollup in counted},
    }


def counted_sources(sources: list[RollupReport], ids) -> list[RollupReport]:
    """The sources whose figures and words the parent's roll-up uses, in the children's order."""
    ids = {int(pk) for pk in ids}
    return sorted((rollup for rollup in sources if rollup.pk in ids),
                  key=lambda r: (vietnamese_sort_key(r.organization.name), r.issued_on, r.pk))


def _demote(text: str) -> list[str]:
    """A child's own text placed under a heading of ours: its "1." items become "-", its "-" become "+"."""
    lines = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        head, _, rest = line.partition(" ")
        if head.rstrip(".").isdigit() and head.endswith(".") and rest:
            lines.append(f"- {rest}")
        elif line.startswith(("-", "+")):
            lines.append(f"+ {line.lstrip('-+ ')}")
        else:
            lines.append(f"- {line}")
    return lines


def _source_heading(rollup: RollupReport) -> str:
    return f"{rollup.organization.name} (Báo cáo số {rollup.number_display} ngày {short_date(rollup.issued_on)})"


def parent_results_text(figures: dict, sources: list[RollupReport]) -> str:
    by_id = {rollup.pk: rollup for rollup in sources}
    lines = []
    for number, row in enumerate(figures["rows"], start=1):
        rollup = by_id[row["rollup_id"]]
        t = row["tasks"]
        lines.append(f"{number}. {_source_heading(rollup)}")
        lines.append(f"- Tổng số nhiệm vụ: {t['total']}; hoàn thành: {t['done']}; đang thực hiện: "
                     f"{t['in_progress']}; chưa thực hiện: {t['not_started']}; quá hạn: {t['overdue']}.")
        lines.extend(_demote(_printed(rollup, "results_text")))
    return "\n".join(lines)


def parent_gathered_text(sources: list[RollupReport], field: str) -> str:
    lines = []
    for rollup in sources:
        own = _demote(_printed(rollup, field))
        if own:
            lines.append(f"- {rollup.organization.name}:")
            lines.extend(line if line.startswith("+") else "+" + line[1:] for line in own)
    return "\n".join(lines)


def period_words(start: datetime.date, end: datetime.date) -> str:
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"Năm {start.year}"
    return f"Từ ngày {short_date(start)} đến ngày {short_date(end)}"


def appended_round_text(old: dict, new: dict) -> tuple[str, int]:
    """Lines for the units' words that arrived (or changed) after the text was compiled."""
    included = old.get("included", {})
    fresh = {key for key, digest in new["words"].items() if included.get(key) != digest}
    lines = []
    for row in new["rows"]:
        unit_ids = {int(key.split(":")[1]) for key in fresh if int(key.split(":")[0]) == row["task_id"]}
        if unit_ids:
            lines.append(f"- Nhiệm vụ {row['number']} ({_one_line(row['content'])[:120]}):")
            lines.extend(f"+ {words}" for words in _task_words(row, unit_ids))
    return "\n".join(lines), len(fresh)


def appended_parent_text(old: dict, new: dict, sources: list[RollupReport]) -> tuple[str, int]:
    included = old.get("included", {})
    fresh = [rollup for rollup in counted_sources(sources, new["words"])
             if included.get(str(rollup.pk)) != new["words"][str(rollup.pk)]]
    lines = []
    for rollup in fresh:
        lines.append(f"- {_source_heading(rollup)}:")
        lines.extend("+" + line[1:] for line in _demote(_printed(rollup, "results_text")))
    return "\n".join(lines), len(fresh)


def pending_additions(rollup: RollupReport) -> int:
    """How many reported items arrived after the text was compiled (counted at the last refresh)."""
    return (rollup.figures or {}).get("pending_additions", 0)
