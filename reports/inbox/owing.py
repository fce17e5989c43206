"""Which units still owe their report for a round: the one rule the inbox, the round board's
reminder button and the công văn đôn đốc share.

Who must report is tasks.models.round_reporter_ids (the list the editor set on the round, else the
lead units of the plan's tasks: the round board, the roll-up's figures and the daily reminders use
it too), less those whose report the office has (SENT_STATUSES); a draft, or a report returned and
not sent again, is still owed. Read for many rounds at once in a few queries, so the home page does
not grow with the number of rounds.
"""

from __future__ import annotations

from collections.abc import Iterable

from danvan.models import Unit
from reports.models import SENT_STATUSES, UnitReport
from tasks.models import ReportingRound, round_reporter_ids


def units_owing(rounds: Iterable[ReportingRound]) -> dict[int, list[Unit]]:
    """Round id -> the units that must report and have not sent their report, in board order."""
    rounds = list(rounds)
    if not rounds:
        return {}
    owed = round_reporter_ids(rounds)
    sent = set(UnitReport.objects.filter(round__in=rounds, status__in=SENT_STATUSES)
               .values_list("round_id", "unit_id"))
    unit_ids = set().union(*owed.values()) if owed else set()
    units = sorted(Unit.objects.filter(pk__in=unit_ids), key=Unit.sort_key)
    return {round_.pk: [unit for unit in units if unit.pk in owed.get(round_.pk, set())
                        and (round_.pk, unit.pk) not in sent]
            for round_ in rounds}
