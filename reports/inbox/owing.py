"""Which units still owe their report for a round: the one rule the inbox, the round board's
reminder button and the công văn đôn đốc share.

It is the rule of the round board (reports.progress.round_board) and of the daily reminders: the
lead units of the plan's tasks, less those whose report the office has (SENT_STATUSES); a draft, or
a report returned and not sent again, is still owed. Read for many rounds at once in two queries,
so the home page does not grow with the number of rounds. When "who must report" gains its own
rule (a list the editor sets for a round), this function is the one place to switch.
"""

from __future__ import annotations

from collections.abc import Iterable

from danvan.models import Unit
from reports.models import SENT_STATUSES, UnitReport
from tasks.models import ReportingRound, Task


def units_owing(rounds: Iterable[ReportingRound]) -> dict[int, list[Unit]]:
    """Round id -> the units that must report and have not sent their report, in board order."""
    rounds = list(rounds)
    if not rounds:
        return {}
    leads: dict[int, set[int]] = {}
    for plan_id, unit_id in (Task.objects.filter(plan_id__in={r.plan_id for r in rounds})
                             .values_list("plan_id", "lead_unit_id").distinct()):
        leads.setdefault(plan_id, set()).add(unit_id)
    sent = set(UnitReport.objects.filter(round__in=rounds, status__in=SENT_STATUSES)
               .values_list("round_id", "unit_id"))
    unit_ids = set().union(*leads.values()) if leads else set()
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("order", "name"))
    return {round_.pk: [unit for unit in units if unit.pk in leads.get(round_.plan_id, set())
                        and (round_.pk, unit.pk) not in sent]
            for round_ in rounds}
