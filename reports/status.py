"""Task status words, one vocabulary everywhere (DOMAIN.md "Task status words")."""

import datetime
from dataclasses import dataclass

from django.conf import settings

from reports.models import EntryStatus


class TaskStatus:
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_PROGRESS = "in_progress"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    CONTINUOUS = "continuous"

    LABELS = {
        DONE_ON_TIME: "Hoàn thành đúng hạn",
        DONE_LATE: "Hoàn thành quá hạn",
        IN_PROGRESS: "Đang thực hiện trong hạn",
        DUE_SOON: "Sắp đến hạn",
        OVERDUE: "Quá hạn",
        CONTINUOUS: "Thường xuyên",
    }
    # CSS badge class per status
    TONE = {DONE_ON_TIME: "ok", DONE_LATE: "warn", IN_PROGRESS: "", DUE_SOON: "warn", OVERDUE: "bad",
            CONTINUOUS: ""}


@dataclass(frozen=True)
class StatusResult:
    code: str

    @property
    def label(self) -> str:
        return TaskStatus.LABELS[self.code]

    @property
    def tone(self) -> str:
        return TaskStatus.TONE[self.code]


def task_status(*, due_date: datetime.date | None, entry_status: str | None,
                done_on: datetime.date | None, today: datetime.date) -> StatusResult:
    """Judge one task.

    due_date: the effective due date (extended when extended), None for a continuous task.
    entry_status: the status in the lead unit's latest accepted report (None if none yet).
    done_on: the day that report was submitted, when it says done.
    """
    if entry_status == EntryStatus.DONE:
        if due_date is None or (done_on is not None and done_on <= due_date):
            return StatusResult(TaskStatus.DONE_ON_TIME)
        return StatusResult(TaskStatus.DONE_LATE)
    if due_date is None:
        return StatusResult(TaskStatus.CONTINUOUS)
    if today > due_date:
        return StatusResult(TaskStatus.OVERDUE)
    if (due_date - today).days <= settings.TASK_DUE_SOON_DAYS:
        return StatusResult(TaskStatus.DUE_SOON)
    return StatusResult(TaskStatus.IN_PROGRESS)
