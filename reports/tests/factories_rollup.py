"""Data builders for the roll-up tests and bench/bench_rollup.py.

Reports are written straight into the tables (the unit-report services are tested elsewhere): a
roll-up only reads what a submitted or accepted report holds.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from danvan.models import Organization, Unit
from danvan.services import register_claim
from danvan.tests import factories as f
from plans.models import Plan
from reports.rollups import services as services
from reports.models import ReportStatus, RollupReport, UnitReport, UnitReportEntry
from tasks.models import ReportingRound, Task

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year, month, day, hour=9, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def issue_plan(plan: Plan, number: int | None = 12, issued_on=datetime.date(2025, 8, 15)) -> Plan:
    """The plan issued the way the database requires; number None takes the register's next one."""
    entry = register_claim(organization=plan.organization, kind="KH", symbol=plan.symbol,
                           issued_on=issued_on, title=plan.title, number=number)
    plan.status, plan.number, plan.issued_on, plan.register_entry = "issued", entry.number, issued_on, entry
    plan.save()
    return plan


def make_report(round: ReportingRound, unit: Unit, *, status: str = ReportStatus.ACCEPTED,
                submitted_at: datetime.datetime | None = None, is_late: bool | None = None,
                entries: list[dict] | None = None) -> UnitReport:
    """A unit's report; each entry dict: task, status, done_text, difficulties, proposals, included."""
    if submitted_at is None and status != ReportStatus.DRAFT:
        submitted_at = local(2025, 9, 1)
    if is_late is None and submitted_at is not None:
        is_late = round.is_late(submitted_at)
    report = UnitReport.objects.create(round=round, unit=unit, status=status, submitted_at=submitted_at,
                                       is_late=is_late)
    for item in entries or []:
        task = item["task"]
        UnitReportEntry.objects.create(
            report=report, task=task, is_lead=task.lead_unit_id == unit.pk, status=item.get("status", "in_progress"),
            done_text=item.get("done_text", ""), difficulties=item.get("difficulties", ""),
            proposals=item.get("proposals", ""), included=item.get("included", True))
    return report


def build_plan(org: Organization, *, units: int, tasks: int, rounds: int = 1, coordinating: int = 2,
               prefix: str = "", report: bool = True) -> Plan:
    """An issued plan of `tasks` tasks over `units` units (each task: one lead, `coordinating`
    co-ordinating units), `rounds` rounds, every unit's report accepted when `report` (bulk writes)."""
    unit_rows = Unit.objects.bulk_create([
        Unit(organization=org, name=f"{prefix}Đơn vị thực hiện số {n:03d}", short_name=f"DV{n}", order=n)
        for n in range(units)])
    plan = f.PlanFactory(organization=org, title=f"{prefix}Triển khai công tác dân vận năm 2025")
    task_rows = Task.objects.bulk_create([
        Task(plan=plan, order=n, content=f"Nhiệm vụ số {n}: tuyên truyền, vận động Nhân dân thực hiện chủ trương",
             lead_unit=unit_rows[n % units], due_kind="date",
             due_date=datetime.date(2025, 6 + n % 7, 28), output="Báo cáo")
        for n in range(tasks)])
    through = Task.coordinating_units.through
    links = []
    for n, task in enumerate(task_rows):
        for k in range(1, coordinating + 1):
            links.append(through(task_id=task.pk, unit_id=unit_rows[(n + k) % units].pk))
    through.objects.bulk_create(links, ignore_conflicts=True)
    issue_plan(plan, number=None)
    round_rows = [ReportingRound.objects.create(plan=plan, order=r, name=f"Báo cáo lần {r + 1}",
                                                deadline=datetime.date(2025, 9 + r, 3)) for r in range(rounds)]
    if report:
        coordinated: dict[int, list[int]] = {}
        for link in links:
            coordinated.setdefault(link.unit_id, []).append(link.task_id)
        for round_row in round_rows:
            reports = UnitReport.objects.bulk_create([
                UnitReport(round=round_row, unit=unit, status=ReportStatus.ACCEPTED,
                           submitted_at=local(2025, 9 + round_row.order, 1 + n % 4),
                           is_late=round_row.is_late(local(2025, 9 + round_row.order, 1 + n % 4)))
                for n, unit in enumerate(unit_rows)])
            entries = []
            for report_row in reports:
                for task in task_rows:
                    lead = task.lead_unit_id == report_row.unit_id
                    if lead or task.pk in coordinated.get(report_row.unit_id, []):
                        entries.append(UnitReportEntry(
                            report=report_row, task=task, is_lead=lead,
                            status=["not_started", "in_progress", "done"][task.order % 3],
                            done_text=f"Đã triển khai nhiệm vụ {task.order}, tổ chức hội nghị",
                            difficulties="Thiếu kinh phí" if task.order % 5 == 0 else "",
                            proposals="Đề nghị bổ sung kinh phí" if task.order % 7 == 0 else ""))
            UnitReportEntry.objects.bulk_create(entries)
    return plan


def issue_rollup(rollup: RollupReport, *, approver, clerk, issued_on=datetime.date(2025, 9, 10),
                 number: int | None = None,
                 direction: str = "Tiếp tục triển khai các nhiệm vụ còn lại.") -> RollupReport:
    """Drive a roll-up through the whole life cycle with the services (a signer named if none is)."""
    rollup = services.rollup_update(rollup=rollup, user=approver, expected_version=rollup.version,
                                    data={"direction_text": direction,
                                          "signer_name": rollup.signer_name or "Nguyễn Văn Thử"})
    rollup = services.rollup_submit(rollup=rollup, user=approver)
    rollup = services.rollup_approve(rollup=rollup, user=approver)
    return services.rollup_issue(rollup=rollup, user=clerk, issued_on=issued_on, number=number)


# --- Fixtures shared by the roll-up test modules (import them by name) --------------------------

@pytest.fixture
def reported_round(plan, unit_a, unit_b):
    """The conftest plan issued; round 1: unit A accepted on time, unit B submitted late (not accepted)."""
    issue_plan(plan)
    round1 = plan.rounds.get(order=1)
    task1, task2 = plan.tasks.order_by("order")
    make_report(round1, unit_a, submitted_at=local(2025, 9, 1), entries=[
        {"task": task1, "status": "done", "done_text": "Đã tổ chức hội nghị quán triệt",
         "difficulties": "Kinh phí hạn hẹp", "proposals": "Bổ sung kinh phí tuyên truyền"}])
    make_report(round1, unit_b, status=ReportStatus.SUBMITTED, submitted_at=local(2025, 9, 4), entries=[
        {"task": task2, "status": "in_progress", "done_text": "Tiếp công dân định kỳ"},
        {"task": task1, "status": "in_progress", "done_text": "Phối hợp đưa tin trên loa"}])
    return round1


@pytest.fixture
def draft_rollup(reported_round, editor):
    with time_machine.travel(local(2025, 9, 5), tick=False):
        return services.rollup_compile(round=reported_round, user=editor)


@pytest.fixture
def issued_rollup(draft_rollup, approver, clerk):
    return issue_rollup(draft_rollup, approver=approver, clerk=clerk)
