"""Small constructors that keep the demo data modules readable.

Dates are written as the documents write them (dd/mm/yyyy). A task's due is a pair
(due_kind, due_date) with the kinds of tasks.models.DueKind, spelt as its stored values so that
this package does not import a higher app.
"""

import calendar
import datetime

Due = tuple[str, datetime.date | None]


def day(text: str) -> datetime.date:
    """'03/09/2025' -> date(2025, 9, 3)."""
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def moment(text: str) -> datetime.datetime:
    """'14/08/2025 15:30' -> a naive local time; the loader makes it aware in TIME_ZONE."""
    return datetime.datetime.strptime(text, "%d/%m/%Y %H:%M")


def due_on(text: str) -> Due:
    """Due before a date ("trước ngày 30/9/2025")."""
    return ("date", day(text))


def due_month(month: int, year: int) -> Due:
    """Due within a month ("Tháng 10/2025"): judged on the month's last day."""
    return ("month", datetime.date(year, month, calendar.monthrange(year, month)[1]))


def due_quarter(quarter: int, year: int) -> Due:
    """Due within a quarter ("Quý IV/2025"): judged on the quarter's last day."""
    last_month = quarter * 3
    return ("quarter", datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]))


CONTINUOUS: Due = ("continuous", None)
