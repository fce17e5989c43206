"""Who may read and write unit reports (on top of danvan.permissions).

A reporter reads and writes only their own unit's reports: another unit's report is a 404 to them.
Every other member of the organization, and the people of an organization above it, read all.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from danvan import permissions
from danvan.models import Role, Unit
from plans.models import PlanStatus
from reports.models import UnitReport
from tasks.models import ReportingRound


def reads_all_reports(user, organization) -> bool:
    """Editors, approvers, clerks, viewers of the organization and users of an organization above it
    read every unit's report; a user whose only role there is reporter reads only their unit's."""
    if not permissions.can_read(user, organization):
        return False
    if user.is_superuser:
        return True
    roles = permissions.roles_in(user, organization)
    return not roles or bool(roles - {Role.REPORTER})


def check_report_readable(user, report: UnitReport) -> None:
    """404 unless the user belongs to the report's unit or reads every report of its organization."""
    organization = report.round.plan.organization
    if not permissions.can_read(user, organization):
        raise Http404
    if report.unit_id in permissions.user_unit_ids(user, organization):
        return
    if not reads_all_reports(user, organization):
        raise Http404


def fetch_report(user, pk: int, action: str = "view") -> UnitReport:
    """A unit report the user may read (404 otherwise); 403 when the action needs a role they lack."""
    report = permissions.fetch(
        user, UnitReport.objects.select_related("round__plan__organization", "unit"), "view",
        org_path="round__plan__organization", pk=pk)
    check_report_readable(user, report)
    if action != "view" and not permissions.can(user, action, report.round.plan.organization):
        raise PermissionDenied
    return report


def fetch_round(user, pk: int) -> ReportingRound:
    """A round of an issued plan the user may see (404 for outsiders and for rounds of unissued plans)."""
    round_ = permissions.fetch(user, ReportingRound.objects.select_related("plan__organization"), "view",
                               org_path="plan__organization", pk=pk)
    if round_.plan.status not in (PlanStatus.ISSUED, PlanStatus.CLOSED):
        raise Http404
    return round_


def fetch_round_for_unit(user, round_id: int, unit_id: int) -> tuple[ReportingRound, Unit]:
    """The round and the unit whose report the user writes. Another unit's reporter gets 404 (they
    must not learn more); a reader without the reporter role for this unit gets 403."""
    round_ = fetch_round(user, round_id)
    organization = round_.plan.organization
    if unit_id not in permissions.user_unit_ids(user, organization):
        if reads_all_reports(user, organization):
            raise PermissionDenied
        raise Http404
    unit = Unit.objects.filter(pk=unit_id, organization=organization).first()
    if unit is None or not round_.plan.tasks.filter(Q(lead_unit=unit) | Q(coordinating_units=unit)).exists():
        raise Http404
    return round_, unit
