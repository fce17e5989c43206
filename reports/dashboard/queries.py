"""Figures of “Tổng quan”: per unit (tasks led and how they stand), per round of a plan (who
reported on time), and, for a city, per ward.

Task statuses use the one vocabulary of reports.status, judged as every page judges them: the
lead unit's latest accepted report says done or not, its submission day says on time or late.
Reads are a fixed number of queries whatever the number of plans, tasks or units, and read only
value rows (no model objects per task).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from danvan.models import Organization, Unit
from plans.models import Plan, PlanStatus
from reports.models import SENT_STATUSES, ReportStatus, RollupReport, UnitReport, UnitReportEntry
from reports.status import TaskStatus, task_status
from tasks.models import ReportingRound, Task

ISSUED = (PlanStatus.ISSUED, PlanStatus.CLOSED)
TONE_ORDER = {"bad": 0, "warn": 1, "ok": 2}


@dataclass
class UnitFigures:
    unit: Unit
    led: int = 0
    done_on_time: int = 0
    done_late: int = 0
    in_progress: int = 0  # in time, due soon or continuous
    due_soon: int = 0
    overdue: int = 0

    @property
    def judged(self) -> int:
        """Tasks whose outcome is known or whose deadline has passed."""
        return self.done_on_time + self.done_late + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        """Done on time out of the tasks done or overdue; None while nothing is judged yet."""
        return round(100 * self.done_on_time / self.judged, 1) if self.judged else None

    @property
    def tone(self) -> str:
        """Red: an overdue task; amber: a task done late or due within days; green otherwise."""
        if self.overdue:
            return "bad"
        if self.done_late or self.due_soon:
            return "warn"
        return "ok"

    @property
    def tone_label(self) -> str:
        return {"bad": "Có nhiệm vụ quá hạn", "warn": "Cần chú ý", "ok": "Đúng tiến độ"}[self.tone]


SORTS = {
    "risk": lambda row: (TONE_ORDER[row.tone], row.on_time_rate if row.on_time_rate is not None else 101,
                         -row.overdue, row.unit.order, row.unit.name),
    "unit": lambda row: (row.unit.order, row.unit.name),
    "led": lambda row: row.led,
    "done_on_time": lambda row: row.done_on_time,
    "done_late": lambda row: row.done_late,
    "in_progress": lambda row: row.in_progress,
    "overdue": lambda row: row.overdue,
    "rate": lambda row: -1 if row.on_time_rate is None else row.on_time_rate,
}


def scope_tasks(organization: Organization, *, year: int | None = None, plan: Plan | None = None):
    """Tasks of the organization's issued plans, of one year or of one plan."""
    tasks = Task.objects.filter(plan__organization=organization, plan__status__in=ISSUED)
    if plan is not None:
        return tasks.filter(plan=plan)
    return tasks.filter(plan__year=year)


def unit_figures(organization: Organization, *, year: int | None = None, plan: Plan | None = None,
                 today: datetime.date | None = None, sort: str = "risk", descending: bool = False
                 ) -> list[UnitFigures]:
    """Per unit that leads a task in scope: the counts of each status and the on-time rate.
    Sorted by `sort` (units at risk first by default)."""
    today = today or timezone.localdate()
    tasks = scope_tasks(organization, year=year, plan=plan)
    latest: dict[int, tuple[str, datetime.datetime | None]] = {}
    for task_id, status, submitted_at in (
            UnitReportEntry.objects.filter(task__in=tasks.values("pk"), is_lead=True,
                                           report__status=ReportStatus.ACCEPTED)
            .order_by("task_id", "-report__round__deadline", "-report__reviewed_at")
            .values_list("task_id", "status", "report__submitted_at")):
        latest.setdefault(task_id, (status, submitted_at))
    rows: dict[int, UnitFigures] = {}
    units = {unit.pk: unit for unit in Unit.objects.filter(organization=organization)}
    for task_id, unit_id, due, extended in tasks.values_list("pk", "lead_unit_id", "due_date", "extended_due_date"):
        status, submitted_at = latest.get(task_id, (None, None))
        result = task_status(due_date=extended or due, entry_status=status,
                             done_on=timezone.localdate(submitted_at) if submitted_at else None, today=today)
        row = rows.get(unit_id)
        if row is None:
            row = rows[unit_id] = UnitFigures(units[unit_id])
        row.led += 1
        if result.code == TaskStatus.DONE_ON_TIME:
            row.done_on_time += 1
        elif result.code == TaskStatus.DONE_LATE:
            row.done_late += 1
        elif result.code == TaskStatus.OVERDUE:
            row.overdue += 1
        else:
            row.in_progress += 1
            row.due_soon += result.code == TaskStatus.DUE_SOON
    key = SORTS.get(sort, SORTS["risk"])
    return sorted(rows.values(), key=key, reverse=descending)


@dataclass
class RoundFigures:
    round: ReportingRound
    expected: int
    on_time: int
    late: int
    words: str
    tone: str
    missing: int = field(init=False)

    def __post_init__(self):
        self.missing = max(self.expected - self.on_time - self.late, 0)

    @property
    def percent_sent(self) -> int:
        return round(100 * (self.on_time + self.late) / self.expected) if self.expected else 0


def round_figures(rounds: list[ReportingRound], today: datetime.date) -> list[RoundFigures]:
    """Per round: units that must report (lead units of the plan's tasks), sent on time, sent late."""
    if not rounds:
        return []
    expected = dict(Task.objects.filter(plan_id__in={r.plan_id for r in rounds}).order_by()
                    .values("plan_id").annotate(n=Count("lead_unit_id", distinct=True)).values_list("plan_id", "n"))
    sent = {}
    for round_id, is_late, n in (UnitReport.objects.filter(round__in=rounds, status__in=SENT_STATUSES).order_by()
                                 .values("round_id", "is_late").annotate(n=Count("pk"))
                                 .values_list("round_id", "is_late", "n")):
        on_time, late = sent.get(round_id, (0, 0))
        sent[round_id] = (on_time, late + n) if is_late else (on_time + n, late)
    rows = []
    for round_ in rounds:
        words, tone = round_.deadline_words(today)
        on_time, late = sent.get(round_.pk, (0, 0))
        rows.append(RoundFigures(round_, expected.get(round_.plan_id, 0), on_time, late, words, tone))
    return rows


def plan_rounds(plan: Plan, today: datetime.date) -> list[RoundFigures]:
    return round_figures(list(plan.rounds.select_related("plan__organization").order_by("deadline", "order")), today)


YEAR_ROUNDS_SHOWN = 20


def year_rounds(organization: Organization, year: int, today: datetime.date) -> list[RoundFigures]:
    """The year's rounds of issued plans due up to a month ahead, latest first."""
    rounds = list(ReportingRound.objects.filter(plan__organization=organization, plan__status__in=ISSUED,
                                                plan__year=year, deadline__lte=today + datetime.timedelta(days=31))
                  .select_related("plan__organization").order_by("-deadline", "pk")[:YEAR_ROUNDS_SHOWN])
    return round_figures(rounds, today)


@dataclass
class ChildFigures:
    organization: Organization
    plans_issued: int
    rounds_due: int  # rounds of its issued plans whose deadline has passed
    rounds_on_time: int  # ... in which every unit that must report sent it on time
    rounds_missing: int  # ... in which a unit has still sent nothing
    rollups_issued: int

    @property
    def rounds_late(self) -> int:
        return self.rounds_due - self.rounds_on_time

    @property
    def tone(self) -> str:
        if self.rounds_missing:
            return "bad"
        return "warn" if self.rounds_late else "ok"


def children_figures(organization: Organization, year: int, today: datetime.date) -> list[ChildFigures]:
    """For a city: per ward, the plans it issued in the year, its rounds already past their
    deadline and how many of them every unit reported on time, and its roll-ups issued in the
    year. Late wards first."""
    children = list(Organization.objects.filter(parent=organization).order_by("name"))
    if not children:
        return []
    plans = dict(Plan.objects.filter(organization__in=children, status__in=ISSUED, year=year).order_by()
                 .values("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n"))
    rounds = [round_ for round_ in ReportingRound.objects.filter(
        plan__organization__in=children, plan__status__in=ISSUED, plan__year=year, deadline__lte=today)
        .select_related("plan") if round_.last_day < today]
    by_child: dict[int, list[RoundFigures]] = {}
    for row in round_figures(rounds, today):
        by_child.setdefault(row.round.plan.organization_id, []).append(row)
    rollups = dict(RollupReport.objects.filter(organization__in=children, status__in=ISSUED, issued_on__year=year)
                   .order_by().values("organization_id").annotate(n=Count("pk"))
                   .values_list("organization_id", "n"))
    rows = []
    for child in children:
        due = by_child.get(child.pk, [])
        rows.append(ChildFigures(
            child, plans.get(child.pk, 0), len(due), sum(1 for r in due if not r.missing and not r.late),
            sum(1 for r in due if r.missing), rollups.get(child.pk, 0)))
    return sorted(rows, key=lambda row: (TONE_ORDER[row.tone], -row.rounds_missing, -row.rounds_late,
                                         row.organization.name))


def dashboard_years(organization: Organization) -> list[int]:
    return sorted(set(Plan.objects.filter(organization=organization, status__in=ISSUED)
                      .values_list("year", flat=True)), reverse=True)
