"""Reads for the pages: deadline words, a unit's state for a round, the reporter's rounds and
tasks, a round's board and the task status shown on a plan."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.utils import timezone

from danvan import permissions
from danvan.models import Unit
from plans.models import PlanStatus
from reports.models import SENT_STATUSES, Evidence, ReportStatus, UnitReport, UnitReportEntry
from reports.progress.access import reads_all_reports
from reports.status import StatusResult, task_status
from tasks.models import ReportingRound, Task


class ReportState:
    NOT_STARTED = "not_started"
    DRAFTING = "drafting"
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    RETURNED = "returned"
    ACCEPTED = "accepted"

    LABELS = {
        NOT_STARTED: "Chưa bắt đầu",
        DRAFTING: "Đang soạn",
        ON_TIME: "Đã gửi đúng hạn",
        LATE: "Đã gửi muộn",
        OVERDUE: "Quá hạn chưa gửi",
        RETURNED: "Bị trả lại",
        ACCEPTED: "Đã tiếp nhận",
    }
    TONE = {NOT_STARTED: "", DRAFTING: "", ON_TIME: "ok", LATE: "warn", OVERDUE: "bad", RETURNED: "warn",
            ACCEPTED: "ok"}


@dataclass(frozen=True)
class StateResult:
    code: str

    @property
    def label(self) -> str:
        return ReportState.LABELS[self.code]

    @property
    def tone(self) -> str:
        return ReportState.TONE[self.code]


def report_state(report: UnitReport | None, round_: ReportingRound, now: datetime.datetime) -> StateResult:
    """Where a unit stands for a round. A draft opened but never saved has not started."""
    if report is None or report.status == ReportStatus.DRAFT:
        if round_.is_late(now):
            return StateResult(ReportState.OVERDUE)
        if report is None or report.lock_version <= 1:
            return StateResult(ReportState.NOT_STARTED)
        return StateResult(ReportState.DRAFTING)
    if report.status == ReportStatus.SUBMITTED:
        return StateResult(ReportState.LATE if report.is_late else ReportState.ON_TIME)
    if report.status == ReportStatus.RETURNED:
        return StateResult(ReportState.RETURNED)
    return StateResult(ReportState.ACCEPTED)


def report_entries(report: UnitReport) -> list[UnitReportEntry]:
    """The draft's entries with the task and the evidence still attached to the draft."""
    return list(report.entries.select_related("task__lead_unit").prefetch_related(
        Prefetch("evidence", Evidence.objects.filter(withdrawn_in_version__isnull=True))))


def evidence_visible(user, evidence: Evidence) -> bool:
    """The unit sees its draft's files; other readers only files that were part of a submission."""
    report = evidence.entry.report
    if report.unit_id in permissions.user_unit_ids(user, report.round.plan.organization):
        return True
    return report.versions.filter(number__gte=evidence.version_number).exists()


@dataclass
class RoundRow:
    round: ReportingRound
    unit: Unit
    report: UnitReport | None
    state: StateResult
    words: str
    tone: str
    leads: bool


def unit_rounds(unit_ids: set[int], now: datetime.datetime, *, plan_id: int | None = None) -> list[RoundRow]:
    """Rounds of issued plans in which the units have tasks and whose report the office has not
    accepted yet (the work still to do: not started, drafting, sent and waiting, returned), nearest
    deadline first; `plan_id` narrows them to one plan.

    The accepted ones are the unit's history (unit_accepted_reports, a page at a time): the filter
    is in the query, so a unit with years of accepted reports reads only the rounds still open.
    One query per unit (a reporter has one or two), whatever the history."""
    today = timezone.localdate(now)
    found: list[tuple[ReportingRound, int]] = []
    for unit_id in sorted(unit_ids):
        involved = Task.objects.involving({unit_id}).values("plan_id")
        accepted = UnitReport.objects.filter(round=OuterRef("pk"), unit_id=unit_id, status=ReportStatus.ACCEPTED)
        rounds = (ReportingRound.objects.filter(plan__status=PlanStatus.ISSUED, plan_id__in=involved)
                  .exclude(Exists(accepted))
                  .annotate(unit_leads=Exists(Task.objects.filter(plan_id=OuterRef("plan_id"), lead_unit_id=unit_id)))
                  .select_related("plan__organization"))
        if plan_id is not None:
            rounds = rounds.filter(plan_id=plan_id)
        found.extend((round_, unit_id) for round_ in rounds)
    if not found:
        return []
    found.sort(key=lambda pair: (pair[0].deadline, pair[0].plan_id, pair[0].order, pair[1]))
    units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=unit_ids)}
    reports = {(r.round_id, r.unit_id): r for r in
               UnitReport.objects.filter(round__in={round_.pk for round_, _ in found}, unit_id__in=unit_ids)}
    rows = []
    for round_, unit_id in found:
        report = reports.get((round_.pk, unit_id))
        state = report_state(report, round_, now)
        if report is not None and report.status in SENT_STATUSES:
            words, tone = state.label.lower(), state.tone
        else:
            words, tone = round_.deadline_words(today)
        rows.append(RoundRow(round_, units[unit_id], report, state, words, tone, round_.unit_leads))
    return rows


def unit_accepted_reports(unit_ids: set[int]):
    """The units' reports the office accepted (of plans issued or closed since), latest round first:
    the history of "Báo cáo của đơn vị", to be read a page at a time."""
    return (UnitReport.objects.filter(unit_id__in=unit_ids, status=ReportStatus.ACCEPTED,
                                      round__plan__status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED])
            .select_related("round__plan__organization", "unit")
            .order_by("-round__deadline", "-round__plan_id", "-round__order", "unit_id"))


@dataclass
class TaskRow:
    task: Task
    status: StatusResult
    leads: bool = True
    entry: UnitReportEntry | None = None
    parts: list[UnitReportEntry] = field(default_factory=list)
    detail_visible: bool = False  # may the viewer read the lead unit's own words?


def _judge(task: Task, entry: UnitReportEntry | None, today: datetime.date) -> StatusResult:
    done_on = timezone.localdate(entry.report.submitted_at) if entry and entry.report.submitted_at else None
    return task_status(due_date=task.effective_due_date, entry_status=entry.status if entry else None,
                       done_on=done_on, today=today)


def _latest_accepted_lead_entries(tasks) -> dict[int, UnitReportEntry]:
    """Per task, the lead unit's entry in its latest accepted report."""
    latest: dict[int, UnitReportEntry] = {}
    entries = (UnitReportEntry.objects.filter(task__in=tasks, is_lead=True, report__status=ReportStatus.ACCEPTED)
               .select_related("report__round").order_by("task_id", "-report__round__deadline", "-report__reviewed_at"))
    for entry in entries:
        latest.setdefault(entry.task_id, entry)
    return latest


def unit_tasks(unit_ids: set[int], today: datetime.date, *, page: str | int | None = None,
               per_page: int = 20) -> Page:
    """One page of the tasks the units lead or co-ordinate in issued plans (the latest year first),
    with their status words; the page's tasks only are judged."""
    tasks = (Task.objects.filter(plan__status=PlanStatus.ISSUED).involving(unit_ids)
             .select_related("plan__organization", "lead_unit").order_by("-plan__year", "plan_id", "order", "pk"))
    found = Paginator(tasks, per_page).get_page(page)
    page_tasks = list(found.object_list)
    latest = _latest_accepted_lead_entries(page_tasks)
    found.object_list = [TaskRow(task, _judge(task, latest.get(task.pk), today), leads=task.lead_unit_id in unit_ids,
                                 entry=latest.get(task.pk)) for task in page_tasks]
    return found


def plan_task_rows(plan, user, today: datetime.date, tasks=None) -> list[TaskRow]:
    """Each task of a plan with its status word and the co-ordinating units' parts.

    Parts come from submitted or accepted reports only (never a unit's draft), and are shown to
    readers of every report, to the task's lead unit and to the unit that wrote the part.
    `tasks`: the plan's tasks when the caller has already read them (with lead and co-ordinating
    units), so the plan page reads them once.
    """
    if tasks is None:
        tasks = plan.tasks.select_related("lead_unit").prefetch_related("coordinating_units")
    tasks = list(tasks)
    all_reports = reads_all_reports(user, plan.organization)
    my_units = permissions.user_unit_ids(user, plan.organization)
    latest = _latest_accepted_lead_entries(tasks)
    parts: dict[int, dict[int, UnitReportEntry]] = {}
    entries = (UnitReportEntry.objects.filter(task__in=tasks, is_lead=False, included=True,
                                              report__status__in=SENT_STATUSES)
               .select_related("report__unit", "report__round").order_by("task_id", "-report__round__deadline"))
    for entry in entries:
        parts.setdefault(entry.task_id, {}).setdefault(entry.report.unit_id, entry)
    rows = []
    for task in tasks:
        visible = [entry for unit_id, entry in parts.get(task.pk, {}).items()
                   if all_reports or task.lead_unit_id in my_units or unit_id in my_units]
        rows.append(TaskRow(task, _judge(task, latest.get(task.pk), today), entry=latest.get(task.pk),
                            parts=visible, detail_visible=all_reports or task.lead_unit_id in my_units))
    return rows


@dataclass
class BoardRow:
    unit: Unit
    report: UnitReport | None
    state: StateResult
    leads: bool
    versions: int


def round_board(round_: ReportingRound, now: datetime.datetime) -> list[BoardRow]:
    """Every unit that must report in the round (ReportingRound.reporter_ids: the editor's list, else
    the lead units of the plan's tasks), then the co-ordinating units that sent a part: shown and
    welcome, never owed (`leads` is False for them)."""
    owed_ids = round_.reporter_ids()
    part_ids = set(UnitReportEntry.objects.filter(report__round=round_, is_lead=False, included=True,
                                                  report__status__in=SENT_STATUSES)
                   .values_list("report__unit_id", flat=True))
    reports = {report.unit_id: report for report in
               UnitReport.objects.filter(round=round_).annotate(n_versions=Count("versions"))
               .select_related("submitted_by")}
    units = sorted(Unit.objects.filter(pk__in=owed_ids | part_ids),
                   key=lambda unit: (unit.pk not in owed_ids, unit.order, unit.name))
    return [BoardRow(unit, reports.get(unit.pk), report_state(reports.get(unit.pk), round_, now),
                     unit.pk in owed_ids, getattr(reports.get(unit.pk), "n_versions", 0))
            for unit in units]


def board_counts(rows: list[BoardRow]) -> list[tuple[str, int, str]]:
    counts: dict[str, int] = {}
    for row in rows:
        if not row.leads:  # a co-ordinating unit's part is welcome, not counted
            continue
        counts[row.state.code] = counts.get(row.state.code, 0) + 1
    return [(ReportState.LABELS[code], counts[code], ReportState.TONE[code])
            for code in ReportState.LABELS if code in counts]
