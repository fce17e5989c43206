"""What a roll-up counts and the text it is first compiled with (services are in reports.rollups.services).

Every query here runs a fixed number of times, whatever the number of units or tasks: rows are
fetched with select/prefetch and counted in Python.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from danvan.models import Organization, Unit
from danvan.text import roman, search_key, short_date, text_date, vietnamese_sort_key
from plans.models import PlanStatus
from reports.models import SENT_STATUSES, EntryStatus, ReportStatus, RollupReport, UnitReport, UnitReportEntry
from reports.status import TaskStatus, task_status
from tasks.models import ReportingRound, Task, TaskKind

PENDING_MARK = "(chưa tiếp nhận)"  # on the editor's screen only, never printed


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

# The printed status of a task: the appendix's "Tình trạng" column and the figures sentence use
# these words and nothing else, so text and table cannot disagree.
STATUS_LABELS = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "in_progress": "Đang thực hiện",
    "not_started": "Chưa thực hiện",
    "overdue": "Quá hạn, chưa hoàn thành",
}


def _reported(report: UnitReport | None) -> bool:
    return report is not None and report.status in SENT_STATUSES


def _report_is_late(report: UnitReport, round: ReportingRound) -> bool:
    if report.is_late is not None:
        return bool(report.is_late)
    return round.is_late(report.submitted_at)


def judge_as_of(*, due: datetime.date | None, entry_status: str | None, reported_on: datetime.date | None,
                as_of: datetime.date) -> str:
    """A task's printed status at the round's cut-off (a STATUS_LABELS key).

    Done counts as done on time when the task was due on or after the cut-off, or the report saying
    so was sent by the due date; a task not done is overdue only when it was due before the cut-off.
    """
    if entry_status == EntryStatus.DONE:
        done_on = min(reported_on, as_of) if reported_on else as_of
        result = task_status(due_date=due, entry_status=entry_status, done_on=done_on, today=as_of)
        return "done_on_time" if result.code == TaskStatus.DONE_ON_TIME else "done_late"
    if due is not None and due < as_of:
        return "overdue"
    return "in_progress" if entry_status == EntryStatus.IN_PROGRESS else "not_started"


def _count(counts: dict, status: str) -> None:
    """One task counted by its printed status (a STATUS_LABELS key): the whole round's figures and
    each group's are counted by this one function, from the rows Phụ lục I prints."""
    counts["total"] += 1
    counts[status] += 1
    counts["done"] += status.startswith("done")


# --- Lines of work: the groups of section II ------------------------------------------------------

OTHER_GROUP = "Các nhiệm vụ khác"
_SYLLABLE = re.compile(r"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnpqrstvx])?[aeiouy]+(ch|ng|nh|[cmnpt])?$")


def heading_words(heading: str) -> str:
    """A plan section's heading as the line of work it names in running text: one typed in capitals
    ("CÔNG TÁC TUYÊN TRUYỀN, PHỔ BIẾN") in sentence case ("Công tác tuyên truyền, phổ biến"),
    abbreviations ("UBND", "MTTQ"), Roman numerals and "Đảng", "Nhân dân", "Nhà nước" kept; one
    typed in mixed case as written."""
    text = " ".join((heading or "").split()).strip(" .:;")
    if text != text.upper():
        return text
    words = []
    for word in text.split(" "):
        letters = word.strip(".,;:()“”\"'-–")
        roman_numeral = bool(letters) and set(letters) <= set("IVXLC") and len(letters) > 1
        if letters and (roman_numeral or not _SYLLABLE.match(search_key(letters))):
            words.append(word)  # an abbreviation or a numeral: not a word of the language
        else:
            words.append(word.lower())
    text = re.sub(r"\b(đảng|nhân dân|nhà nước)\b", lambda m: m[1][:1].upper() + m[1][1:], " ".join(words))
    return text[:1].upper() + text[1:]


def _group_key(task: Task) -> tuple:
    """The line of work a task is reported under: a duty (Shape B) under the unit or post holding it
    (all duties share one section), a table task under the plan section it belongs to, if any."""
    if task.kind == TaskKind.DUTY:
        return ("unit", task.lead_unit_id)
    if task.section_id:
        return ("section", task.section_id)
    return ("other", 0)


def _new_group(task: Task, key: tuple) -> dict:
    kind = key[0]
    if kind == "unit":
        heading, order = task.lead_unit.name, (1, task.order, task.pk)
    elif kind == "section":
        heading, order = heading_words(task.section.heading), (0, task.section.order, task.section_id)
    else:
        heading, order = OTHER_GROUP, (2,)
    return {"kind": kind, "heading": heading, "order": order, "numbers": [],
            "tasks": dict.fromkeys(["total", "done", *STATUS_LABELS], 0)}


def _ordered_groups(groups: dict[tuple, dict]) -> list[dict]:
    """The groups in the plan's order: its sections, then the units holding duties in the order
    their duties come, then the tasks of no section; with no line of work at all, one group
    without a heading."""
    ordered = [{name: value for name, value in group.items() if name != "order"}
               for group in sorted(groups.values(), key=lambda group: group["order"])]
    if len(ordered) == 1 and ordered[0]["kind"] == "other":
        ordered[0]["heading"] = ""
    return ordered


def compute_round_figures(round: ReportingRound) -> dict:
    """Everything the roll-up of a round counts and lists, as plain JSON data, as of the round's
    data cut-off (ReportingRound.data_cutoff), never of the day it is compiled.

    Only submitted and accepted reports count (a submitted one is flagged `accepted: False` for the
    editor's screen; print never shows it). The units that must report are the round's
    (ReportingRound.reporter_ids); a co-ordinating unit that sent its part is listed as a
    contributor, and one that did not is never "chưa báo cáo". The tasks are also counted by line
    of work ("groups": the plan sections they belong to, the units holding Shape B duties, the
    rest), with the same function as the totals, for section II's sentences.
    """
    as_of = round.data_cutoff
    tasks = list(Task.objects.filter(plan_id=round.plan_id).select_related("lead_unit", "section")
                 .prefetch_related("coordinating_units").order_by("order", "pk"))
    entries_qs = (UnitReportEntry.objects.filter(included=True)
                  .only("id", "report_id", "task_id", "is_lead", "status", "done_text", "difficulties", "proposals")
                  .order_by("task__order", "task_id"))
    reports = list(UnitReport.objects.filter(round=round).select_related("unit")
                   .prefetch_related(Prefetch("entries", queryset=entries_qs)))
    owed_ids = round.reporter_ids()
    units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=owed_ids)}
    report_by_unit = {}
    for report in reports:
        report_by_unit[report.unit_id] = report
        if _reported(report):
            units.setdefault(report.unit_id, report.unit)

    # The words of each unit on each task, from the reports that count.
    words: dict[tuple[int, int], dict] = {}
    material = []  # what the units wrote besides results: for the editor, never printed as such
    for report in sorted(reports, key=lambda r: _unit_key(r.unit)):
        if not _reported(report):
            continue
        accepted = report.status == ReportStatus.ACCEPTED
        reported_on = timezone.localdate(report.submitted_at)
        if _one_line(report.overall):
            material.append({"unit": report.unit.name, "kind": "overall", "text": _one_line(report.overall),
                             "accepted": accepted})
        for entry in report.entries.all():
            words[(entry.task_id, report.unit_id)] = {
                "status": entry.status, "done_text": entry.done_text.strip(),
                "difficulties": entry.difficulties.strip(), "proposals": entry.proposals.strip(),
                "accepted": accepted, "reported_on": reported_on,
            }
            for kind in ("difficulties", "proposals"):
                text = _one_line(getattr(entry, kind))
                if text and not any(m["text"] == text and m["kind"] == kind for m in material):
                    material.append({"unit": report.unit.name, "kind": kind, "text": text, "accepted": accepted})

    counts = dict.fromkeys(["total", "done", *STATUS_LABELS, "continuous", "unreported"], 0)
    groups: dict[tuple, dict] = {}
    rows = []
    for number, task in enumerate(tasks, start=1):
        lead_words = words.get((task.pk, task.lead_unit_id))
        entry_status = lead_words["status"] if lead_words else None
        due = task.effective_due_date
        status = judge_as_of(due=due, entry_status=entry_status, as_of=as_of,
                             reported_on=lead_words["reported_on"] if lead_words else None)
        category = "done" if status.startswith("done") else status
        _count(counts, status)
        counts["continuous"] += due is None
        counts["unreported"] += lead_words is None
        key = _group_key(task)
        if key not in groups:
            groups[key] = _new_group(task, key)
        group = groups[key]
        group["numbers"].append(number)
        _count(group["tasks"], status)
        coordination = []
        for unit in sorted(task.coordinating_units.all(), key=_unit_key):
            unit_words = words.get((task.pk, unit.pk))
            coordination.append({
                "unit_id": unit.pk, "unit": unit.name, "reported": unit_words is not None,
                "status": EntryStatus(unit_words["status"]).label if unit_words else "",
                "done_text": unit_words["done_text"] if unit_words else "",
                "accepted": unit_words["accepted"] if unit_words else None,
            })
        rows.append({
            "task_id": task.pk, "number": number, "content": task.content, "output": task.output,
            "lead_unit_id": task.lead_unit_id, "lead_unit": task.lead_unit.name,
            "coordinating_units": [item["unit"] for item in coordination],
            "due_label": task.due_text, "due_date": due.isoformat() if due else None,
            "category": category, "status": status, "status_text": STATUS_LABELS[status],
            "reported": lead_words is not None,
            "accepted": lead_words["accepted"] if lead_words else None,
            "entry_status": EntryStatus(entry_status).label if entry_status else "",
            "done_text": lead_words["done_text"] if lead_words else "",
            "difficulties": lead_words["difficulties"] if lead_words else "",
            "proposals": lead_words["proposals"] if lead_words else "",
            "coordination": coordination,
        })

    led = defaultdict(int)
    for task in tasks:
        led[task.lead_unit_id] += 1
    unit_lists = {"on_time": [], "late": [], "missing": [], "contributors": []}
    unit_rows = []
    for unit in sorted(units.values(), key=lambda u: (u.pk not in owed_ids, *_unit_key(u))):
        report = report_by_unit.get(unit.pk)
        owed = unit.pk in owed_ids
        item = {"id": unit.pk, "name": unit.name, "accepted": None, "submitted_on": ""}
        if _reported(report):
            item["accepted"] = report.status == ReportStatus.ACCEPTED
            item["submitted_on"] = timezone.localdate(report.submitted_at).isoformat()
            late = _report_is_late(report, round)
            group = ("late" if late else "on_time") if owed else "contributors"
            state = ("Gửi muộn" if late else "Đúng hạn") if owed else "Đơn vị phối hợp, đã gửi phần việc"
            screen = state + ("" if item["accepted"] else f" {PENDING_MARK}")
        else:
            group, state = "missing", "Chưa báo cáo"
            returned = report is not None and report.status == ReportStatus.RETURNED
            item["returned"] = returned
            screen = "Bị trả lại, chưa gửi lại" if returned else state
        unit_lists[group].append(item)
        unit_rows.append({"name": unit.name, "group": group, "state": state, "screen_state": screen,
                          "led": led.get(unit.pk, 0), "submitted_on": item["submitted_on"], "owed": owed})

    plan = round.plan
    latest_report = max((report.submitted_at for report in reports if _reported(report)), default=None)
    return {
        "kind": "round",
        "as_of": as_of.isoformat(),
        "latest_report_on": timezone.localdate(latest_report).isoformat() if latest_report else None,
        "plan": {"id": plan.pk, "title": plan.title,
                 "number_display": plan.number_display if plan.number else "",
                 "issued_on": plan.issued_on.isoformat() if plan.issued_on else None},
        "round": {"id": round.pk, "name": round.name, "deadline": round.deadline.isoformat(),
                  "last_day": round.last_day.isoformat(),
                  "period_start": round.period_start.isoformat() if round.period_start else None,
                  "period_end": round.period_end.isoformat() if round.period_end else None},
        "tasks": counts,
        "units": {"expected": len(owed_ids), **unit_lists},
        "unit_rows": unit_rows,
        "rows": rows,
        "groups": _ordered_groups(groups),
        "material": material,
        # Not stored: popped by the services (what the text was compiled from).
        "words": {f"{task_id}:{unit_id}": _digest(w["status"], w["done_text"])
                  for (task_id, unit_id), w in words.items()},
    }


# --- Sentences made from the figures (printed as they are; the same numbers as the appendices) ---

def tasks_sentence(tasks: dict, appendix: str = "") -> str:
    """ "Tổng số 12 nhiệm vụ, trong đó: hoàn thành 5 (đúng hạn 4, quá hạn 1); đang thực hiện 3; …" """
    parts = []
    done = tasks.get("done", 0)
    if done:
        detail = [f"{word} {tasks.get(key, 0)}" for key, word in (("done_on_time", "đúng hạn"),
                                                                   ("done_late", "quá hạn")) if tasks.get(key, 0)]
        parts.append(f"hoàn thành {done}" + (f" ({', '.join(detail)})" if len(detail) > 1 or tasks.get(
            "done_late", 0) else ""))
    for key, word in (("in_progress", "đang thực hiện"), ("not_started", "chưa thực hiện"),
                      ("overdue", "quá hạn, chưa hoàn thành")):
        if tasks.get(key, 0):
            parts.append(f"{word} {tasks[key]}")
    text = f"Tổng số {tasks.get('total', 0)} nhiệm vụ"
    if parts:
        text += ", trong đó: " + "; ".join(parts)
    return text + (f" (chi tiết tại {appendix} kèm theo)" if appendix else "") + "."


def units_sentence(units: dict, appendix: str = "") -> str:
    """ "Có 4/6 đơn vị phải báo cáo đã gửi báo cáo (3 đúng hạn, 1 muộn); 2 đơn vị chưa báo cáo: …" """
    expected = units.get("expected", 0)
    count = (lambda key: len(units.get(key) or []) if isinstance(units.get(key), list) else units.get(key, 0))
    sent = count("on_time") + count("late")
    text = f"Có {sent}/{expected} đơn vị phải báo cáo đã gửi báo cáo"
    if sent:
        text += f" ({count('on_time')} đúng hạn, {count('late')} muộn)"
    missing = units.get("missing")
    if count("missing"):
        names = f": {', '.join(u['name'] for u in missing)}" if isinstance(missing, list) else ""
        text += f"; {count('missing')} đơn vị chưa báo cáo{names}"
    contributors = units.get("contributors") or []
    if contributors:
        text += (f"; ngoài ra, đơn vị phối hợp đã gửi phần việc của mình: "
                 f"{', '.join(u['name'] for u in contributors)}")
    return text + (f" (chi tiết tại {appendix} kèm theo)" if appendix else "") + "."


# --- Compiled text of one round -------------------------------------------------------------------

def _mark(accepted: bool | None) -> str:
    return "" if accepted in (True, None) else f" {PENDING_MARK}"


def _sentence(text: str) -> str:
    text = _one_line(text)
    return text + "." if text and not text.endswith((".", "!", "?", ":")) else text


def _task_words(row: dict, unit_ids: set[int] | None = None) -> list[str]:
    """The units' words on one task (for additions after the text was compiled)."""
    words = []
    if unit_ids is None or row["lead_unit_id"] in unit_ids:
        if row["reported"]:
            done = f" {_sentence(row['done_text'])}" if row["done_text"] else ""
            words.append(f"{row['lead_unit']} (chủ trì): {row['entry_status'].lower()}.{done}")
        else:
            words.append(f"{row['lead_unit']} (chủ trì): chưa báo cáo.")
    for item in row["coordination"]:
        if item["reported"] and (unit_ids is None or item["unit_id"] in unit_ids):
            done = _sentence(item["done_text"]) or f"{item['status'].lower()}."
            words.append(f"{item['unit']} (phối hợp): {done}")
    return words


def _condensed(row: dict, *, name_lead: bool = True) -> str:
    """One line for a task in section II: the task, then what was done (the lead unit's words, the
    co-ordinating units' added after), the lead unit named once (not under its own heading)."""
    said = [_one_line(row["done_text"]).rstrip(" .;")] if row["done_text"] else []
    said += [f"{item['unit']} {lower_first(_one_line(item['done_text']).rstrip(' .;'))}"
             for item in row["coordination"] if item["reported"] and item["done_text"]]
    content = _one_line(row["content"]).lstrip("-–+ ").rstrip(" .;:")
    if not row["reported"]:
        who = f"{row['lead_unit']} chủ trì; " if name_lead else ""
        return f"- {content} ({who}chưa có báo cáo kết quả)."
    text = "; ".join(said) if said else row["entry_status"].lower()
    return f"- {content} ({row['lead_unit']} chủ trì): {text}." if name_lead else f"- {content}: {text}."


# How one group's tasks are said, in the order of Phụ lục I's "Tình trạng" words.
_GROUP_WORDS = (("in_progress", "đang thực hiện"), ("not_started", "chưa thực hiện"),
                ("overdue", "quá hạn chưa hoàn thành"))
_ONE_TASK_WORDS = {"done_on_time": "đã hoàn thành", "done_late": "đã hoàn thành (quá hạn)",
                   "in_progress": "đang thực hiện", "not_started": "chưa thực hiện",
                   "overdue": "quá hạn chưa hoàn thành"}


def group_sentence(tasks: dict) -> str:
    """ "Có 4 nhiệm vụ: 2 hoàn thành, 1 đang thực hiện, 1 chưa thực hiện." from a group's counts
    (the same counts as the group's rows of Phụ lục I); "Có 1 nhiệm vụ: đang thực hiện." for one."""
    total = tasks.get("total", 0)
    if total == 1:
        status = next(key for key in _ONE_TASK_WORDS if tasks.get(key))
        return f"Có 1 nhiệm vụ: {_ONE_TASK_WORDS[status]}."
    parts = []
    if tasks.get("done"):
        detail = ""
        if tasks.get("done_late"):
            detail = (f" ({tasks['done_on_time']} đúng hạn, {tasks['done_late']} quá hạn)"
                      if tasks.get("done_on_time") else " (quá hạn)")
        parts.append(f"{tasks['done']} hoàn thành{detail}")
    parts += [f"{tasks[key]} {word}" for key, word in _GROUP_WORDS if tasks.get(key)]
    return f"Có {total} nhiệm vụ: {', '.join(parts)}."


def round_results_text(figures: dict) -> str:
    """Section II as first drafted, by line of work (REPORTS.md §3): the tasks grouped by the plan
    section they belong to (the duties of Shape B by the unit or post holding them), in the plan's
    order, the tasks of no section last; each group headed "1. <line of work>", then a sentence with
    its figures, then each task condensed in one line with the units' words. When no task names a
    line of work, the tasks come in one list without heading or sentence: the figures sentence
    printed just above section II already says them."""
    rows = {row["number"]: row for row in figures["rows"]}
    groups = figures.get("groups") or [{"kind": "other", "heading": "", "numbers": list(rows)}]
    lines = []
    for number, group in enumerate(groups, start=1):
        if group["heading"]:
            lines.append(f"{number}. {group['heading']}")
            lines.append(group_sentence(group["tasks"]))
        lines.extend(_condensed(rows[n], name_lead=group["kind"] != "unit") for n in group["numbers"])
    return "\n".join(lines)


def plan_reference(figures: dict, organization_name: str) -> str:
    """ "Kế hoạch số 125/KH-UBND ngày 15/8/2025 của Ủy ban nhân dân phường Phù Liễn" """
    plan = figures.get("plan") or {}
    reference = f"Kế hoạch số {plan['number_display']}" if plan.get("number_display") else "Kế hoạch"
    if plan.get("issued_on"):
        reference += f" ngày {text_date(datetime.date.fromisoformat(plan['issued_on']))}"
    return f"{reference} của {organization_name}"


def round_intro(round: ReportingRound, figures: dict, period: str) -> str:
    """The opening: the plan the report answers, then "báo cáo kết quả như sau:"."""
    organization = round.plan.organization
    return (f"Thực hiện {plan_reference(figures, organization.name)} về {lower_first(round.plan.title)}, "
            f"{organization.name} báo cáo kết quả thực hiện {period} như sau:")


def round_leadership_text(round: ReportingRound, figures: dict) -> str:
    """Section I as first drafted from the plan and the round: who was assigned what, and how the
    units were asked to report (the editor adds the documents, conferences and propaganda)."""
    plan = round.plan
    organization = plan.organization
    rows = figures["rows"]
    leads = {row["lead_unit_id"] for row in rows}
    helpers = {name for row in rows for name in row["coordinating_units"]}
    reference = plan_reference(figures, organization.name).split(" của ")[0]
    lines = [f"Sau khi ban hành {reference}, {organization.name} đã giao {len(rows)} nhiệm vụ cho "
             f"{len(leads)} đơn vị chủ trì thực hiện" + (f", {len(helpers)} đơn vị phối hợp" if helpers else "")
             + "; chỉ đạo các đơn vị chủ động triển khai theo chức năng, nhiệm vụ được giao và báo cáo kết quả "
             f"trước ngày {text_date(round.deadline)}."]
    return "\n".join(lines)


def round_assessment_text(figures: dict) -> str:
    """Section III as first drafted: 1. Ưu điểm; 2. Tồn tại, hạn chế; 3. Nguyên nhân, from the figures
    and the difficulties the units reported."""
    tasks, units = figures["tasks"], figures["units"]
    lines = ["1. Ưu điểm"]
    good = [f"đã hoàn thành {tasks['done']}/{tasks['total']} nhiệm vụ"] if tasks["done"] else []
    if tasks["in_progress"]:
        good.append(f"{tasks['in_progress']} nhiệm vụ đang được triển khai đúng tiến độ")
    if units["on_time"]:
        good.append(f"{len(units['on_time'])}/{units['expected']} đơn vị báo cáo đúng hạn")
    lines.append("Các đơn vị đã quan tâm triển khai các nhiệm vụ được giao" + (f"; {', '.join(good)}" if good else "")
                 + ".")
    lines.append("2. Tồn tại, hạn chế")
    weak = []
    if tasks["overdue"]:
        weak.append(f"- Còn {tasks['overdue']} nhiệm vụ quá hạn nhưng chưa hoàn thành.")
    if tasks["not_started"]:
        weak.append(f"- Còn {tasks['not_started']} nhiệm vụ chưa triển khai thực hiện.")
    late = [f"{len(units[key])} đơn vị {word}" for key, word in (("late", "báo cáo muộn"), ("missing", "chưa báo cáo"))
            if units[key]]
    if late:
        weak.append(f"- Còn {', '.join(late)}.")
    lines.extend(weak or ["Không có tồn tại, hạn chế đáng kể."])
    lines.append("3. Nguyên nhân")
    difficulties = [m["text"] for m in figures["material"] if m["kind"] == "difficulties"]
    if difficulties:
        lines.append("- Nguyên nhân khách quan: " + "; ".join(lower_first(t.rstrip(" .;")) for t in difficulties) + ".")
    if weak:
        lines.append("- Nguyên nhân chủ quan: một số đơn vị chưa quan tâm đúng mức đến việc thực hiện và báo cáo "
                     "kết quả thực hiện nhiệm vụ được giao.")
    if not difficulties and not weak:
        lines.append("Các đơn vị đã chủ động, phối hợp chặt chẽ trong triển khai thực hiện.")
    return "\n".join(lines)


def round_direction_text(figures: dict) -> str:
    """Section IV as first drafted: finish what is overdue or not started, go on with the rest."""
    lines = []
    late = [row for row in figures["rows"] if row["category"] in ("overdue", "not_started")]
    if late:
        numbers = ", ".join(str(row["number"]) for row in late)
        lines.append(f"- Tập trung chỉ đạo hoàn thành {len(late)} nhiệm vụ còn quá hạn hoặc chưa thực hiện "
                     f"(nhiệm vụ số {numbers} tại Phụ lục I).")
    if any(row["category"] == "in_progress" for row in figures["rows"]):
        lines.append("- Tiếp tục triển khai các nhiệm vụ đang thực hiện, bảo đảm đúng tiến độ, chất lượng.")
    lines.append("- Các đơn vị chủ trì báo cáo kết quả đầy đủ, đúng thời hạn trong kỳ báo cáo tiếp theo.")
    return "\n".join(lines)


def subject_of(plan_title: str) -> str:
    """What the plan is about, for "Kết quả thực hiện …": the plan title without its leading verb."""
    title = _one_line(plan_title).rstrip(".")
    for lead in ("triển khai thực hiện ", "tổ chức thực hiện ", "thực hiện ", "triển khai "):
        if title.lower().startswith(lead):
            return title[len(lead):]
    return lower_first(title)


def round_title(plan_title: str, period: str) -> str:
    """The trích yếu: subject and period, e.g. "Kết quả thực hiện công tác dân vận … 6 tháng cuối năm 2025"."""
    return subject_title(subject_of(plan_title), period)


def subject_title(subject: str, period: str, whose: str = "") -> str:
    """ "Kết quả thực hiện <subject>[ <whose>] <period>", the year said once."""
    who = f" {whose}" if whose else ""
    if period.startswith(("từ ngày", "tính đến")):
        return f"Kết quả thực hiện {subject}{who} ({period})"
    year = period.rsplit(" ", 1)[-1]
    if subject.endswith(f"năm {year}"):
        subject = subject[: -len(f"năm {year}")].rstrip(" ,")
    return f"Kết quả thực hiện {subject}{who} {period}"


def default_addressees(organization: Organization) -> str:
    """ "Kính gửi" of a report that goes up: the organization's parent, when it has one."""
    return organization.parent.name if organization.parent_id else ""


def default_recipients(organization: Organization, keep_unit: str = "") -> str:
    lines = ["Như trên;"] if organization.parent_id else []
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
    child_cutoffs = [(rollup.figures or {}).get("as_of") for rollup in counted]
    as_of = max([day for day in child_cutoffs if day] or [min(end, today).isoformat()])
    return {
        "kind": "parent",
        "as_of": as_of,
        "latest_report_on": max((rollup.issued_on for rollup in sources), default=None) and
        max(rollup.issued_on for rollup in sources).isoformat(),
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
    return f"{rollup.organization.name} (Báo cáo số {rollup.number_display} ngày {text_date(rollup.issued_on)})"


def parent_results_text(figures: dict, sources: list[RollupReport]) -> str:
    by_id = {rollup.pk: rollup for rollup in sources}
    lines = []
    for number, row in enumerate(figures["rows"], start=1):
        rollup = by_id[row["rollup_id"]]
        t = row["tasks"]
        lines.append(f"{number}. {_source_heading(rollup)}")
        lines.append(f"- {tasks_sentence(t)}")
        lines.extend(_demote(_printed(rollup, "results_text")))
    return "\n".join(lines)


def parent_subject(sources: list[RollupReport]) -> str:
    """What the children's reports are about, when they answer plans on one subject (without the
    child's own area, "trên địa bàn phường …", nor its year)."""
    subjects = set()
    for rollup in sources:
        subject = subject_of((rollup.figures or {}).get("plan", {}).get("title", ""))
        subject = subject.split(" trên địa bàn ")[0].rstrip(" ,")
        head, _, year = subject.rpartition(" năm ")
        subjects.add(head if head and year.isdigit() else subject)
    subjects.discard("")
    return subjects.pop() if len(subjects) == 1 else "các kế hoạch của các đơn vị cấp dưới"


def parent_whose(organization: Organization) -> str:
    """ "trên địa bàn thành phố Hải Phòng" for "Ủy ban nhân dân thành phố Hải Phòng"."""
    prefix = "Ủy ban nhân dân "
    if organization.name.startswith(prefix):
        return f"trên địa bàn {organization.name[len(prefix):]}"
    return "của các đơn vị cấp dưới"


def parent_leadership_text(organization: Organization, figures: dict, sources: list[RollupReport]) -> str:
    children = figures["children"]
    listed = "; ".join(f"{_source_heading(rollup)}" for rollup in sources)
    text = (f"{organization.name} đã chỉ đạo {children['expected']} đơn vị cấp dưới triển khai thực hiện và báo cáo "
            f"kết quả; đã nhận báo cáo của {len(children['reported'])}/{children['expected']} đơn vị")
    return text + (f": {listed}." if listed else ".")


def parent_assessment_text(figures: dict) -> str:
    tasks, children = figures["tasks"], figures["children"]
    lines = ["1. Ưu điểm",
             f"Các đơn vị cấp dưới đã triển khai các nhiệm vụ được giao; hoàn thành {tasks['done']}/{tasks['total']} "
             "nhiệm vụ.", "2. Tồn tại, hạn chế"]
    weak = []
    if tasks["overdue"]:
        weak.append(f"- Còn {tasks['overdue']} nhiệm vụ quá hạn nhưng chưa hoàn thành.")
    if children["missing"]:
        weak.append(f"- Còn {len(children['missing'])} đơn vị cấp dưới chưa báo cáo: "
                    + ", ".join(child["name"] for child in children["missing"]) + ".")
    lines.extend(weak or ["Không có tồn tại, hạn chế đáng kể."])
    lines.append("3. Nguyên nhân")
    lines.append("- Nguyên nhân chủ quan: một số đơn vị chưa quan tâm đúng mức đến việc thực hiện và báo cáo kết quả."
                 if weak else "Các đơn vị cấp dưới đã chủ động triển khai thực hiện.")
    return "\n".join(lines)


def parent_material(sources: list[RollupReport]) -> list[dict]:
    """The children's own proposals (addressed to this organization): material for the editor."""
    material = []
    for rollup in sources:
        text = _one_line(_printed(rollup, "proposals_text"))
        if text:
            material.append({"unit": rollup.organization.name, "kind": "proposals", "text": text, "accepted": True})
    return material


def parent_gathered_text(sources: list[RollupReport], field: str) -> str:
    lines = []
    for rollup in sources:
        own = _demote(_printed(rollup, field))
        if own:
            lines.append(f"- {rollup.organization.name}:")
            lines.extend(line if line.startswith("+") else "+" + line[1:] for line in own)
    return "\n".join(lines)


def _month_span(start: datetime.date, end: datetime.date) -> tuple[int, int, int] | None:
    """(year, first month, number of months) of a period of whole months, either calendar months
    (01/7 – 31/12) or NĐ 09/2019 reporting months (15/6 – 14/12: the 15th opens the next month)."""
    after = end + datetime.timedelta(days=1)
    if start.day == 1 and after.day == 1:
        first = (start.year, start.month)
    elif start.day == 15 and after.day == 15:
        first = (start.year + start.month // 12, start.month % 12 + 1)
    else:
        return None
    months = (after.year - start.year) * 12 + after.month - start.month
    year, month = first
    if months <= 0 or (month - 1 + months - 1) // 12:
        return None  # not within one year
    return year, month, months


def period_words(start: datetime.date | None, end: datetime.date | None) -> str:
    """A round's or a period's name as reports say it: "năm 2025", "6 tháng đầu năm 2025",
    "quý III năm 2025", "9 tháng đầu năm 2025", else "từ ngày 01/7/2025 đến ngày 31/8/2025"."""
    if not (start and end):
        return ""
    span = _month_span(start, end)
    if span:
        year, month, months = span
        if months == 12:
            return f"năm {year}"
        if months == 6 and month in (1, 7):
            return f"6 tháng {'đầu' if month == 1 else 'cuối'} năm {year}"
        if months == 3 and month in (1, 4, 7, 10):
            return f"quý {roman((month + 2) // 3)} năm {year}"
        if month == 1 and months == 9:
            return f"9 tháng đầu năm {year}"
    return f"từ ngày {text_date(start)} đến ngày {text_date(end)}"


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
