"""Units' progress reports: who may read them (access), the services that change them (services),
the reads the pages need (queries) and the private calendar feed (calendar).

Callers use `from reports import progress` and the names below.
"""

from reports.progress.access import (
    check_report_readable, fetch_report, fetch_round, fetch_round_for_unit, reads_all_reports,
)
from reports.progress.calendar import (
    calendar_ics, calendar_rounds, calendar_token_reset, calendar_token_revoke, calendar_user,
)
from reports.progress.queries import (
    BoardRow, ReportState, RoundRow, StateResult, TaskRow, board_counts, evidence_visible,
    plan_task_rows, report_entries, report_state, round_board, unit_accepted_reports, unit_rounds,
    unit_tasks,
)
from reports.progress.services import (
    CheckedUpload, EntryChange, ProgressError, unit_report_accept, unit_report_open, unit_report_return,
    unit_report_save, unit_report_submit, version_snapshot,
)

__all__ = [
    "BoardRow", "CheckedUpload", "EntryChange", "ProgressError", "ReportState", "RoundRow", "StateResult",
    "TaskRow", "board_counts", "calendar_ics", "calendar_rounds", "calendar_token_reset", "calendar_token_revoke",
    "calendar_user", "check_report_readable", "evidence_visible", "fetch_report", "fetch_round",
    "fetch_round_for_unit", "plan_task_rows", "reads_all_reports", "report_entries", "report_state",
    "round_board", "unit_report_accept", "unit_report_open", "unit_report_return", "unit_report_save",
    "unit_report_submit", "unit_accepted_reports", "unit_rounds", "unit_tasks", "version_snapshot",
]
