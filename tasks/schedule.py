"""Pure date logic of tasks and reporting rounds: no database, no Django.

- `period_spans`: the reporting periods a plan's time span covers, with the cut-off spans of
  Nghị định 09/2019/NĐ-CP, Điều 12 (figures run from the 15th to the 14th).
- `is_working_day` / `add_working_days`: Vietnamese working days, from the maintained `holidays`
  library (weekends, public holidays with lunar Tết, days off swapped by the government and the
  Saturdays worked in exchange).
- `parse_due` / `due_input_text`: the due text an editor types ("30/09/2025", "9/2025", "IV/2025").
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
import unicodedata
from typing import NamedTuple

import holidays

from danvan.text import FIRST_YEAR, LAST_YEAR

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
ROMAN_VALUES = {value: key for key, value in ROMAN.items()}

QUARTER = "quarter"
HALF = "half"
YEAR = "year"
PERIOD_KINDS = {QUARTER: "Hằng quý", HALF: "6 tháng", YEAR: "Hằng năm"}

MIN_YEAR, MAX_YEAR = FIRST_YEAR, LAST_YEAR


class Span(NamedTuple):
    """One reporting period: its name ("quý III/2025") and the span its figures cover."""

    label: str
    start: datetime.date
    end: datetime.date


def _fifteenth_before(year: int, month: int) -> datetime.date:
    """The 15th of the month before (year, month): where a period's figures start."""
    if month == 1:
        return datetime.date(year - 1, 12, 15)
    return datetime.date(year, month - 1, 15)


def _periods(kind: str, year: int) -> list[tuple[str, int, int]]:
    """(label, first month, last month) of each period of `kind` in a calendar year."""
    if kind == QUARTER:
        return [(f"quý {ROMAN[q]}/{year}", 3 * q - 2, 3 * q) for q in range(1, 5)]
    if kind == HALF:
        return [(f"6 tháng đầu năm {year}", 1, 6), (f"6 tháng cuối năm {year}", 7, 12)]
    if kind == YEAR:
        return [(f"năm {year}", 1, 12)]
    raise ValueError(f"Unknown period kind {kind!r}")


def period_spans(kind: str, start: datetime.date, end: datetime.date) -> list[Span]:
    """The periods of `kind` that overlap [start, end], each with its NĐ 09/2019 cut-off span.

    A quarter (and a half year) runs from the 15th of the month before it to the 14th of its last
    month: quý III/2025 = 15/6/2025-14/9/2025; the first half year 15/12 of the year before to 14/6.
    The year runs from 15/12 of the year before to 14/12.
    """
    if start > end:
        raise ValueError("start must not be after end")
    spans = []
    for year in range(start.year, end.year + 1):
        for label, first_month, last_month in _periods(kind, year):
            first_day = datetime.date(year, first_month, 1)
            last_day = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
            if first_day <= end and last_day >= start:
                spans.append(Span(label, _fifteenth_before(year, first_month), datetime.date(year, last_month, 14)))
    return spans


@functools.lru_cache(maxsize=32)
def _calendar(year: int) -> holidays.HolidayBase:
    # Neighbouring years are loaded too: a day off may be swapped with a Saturday of the year before.
    return holidays.country_holidays("VN", years=range(year - 1, year + 2), language="vi")


def is_working_day(day: datetime.date) -> bool:
    """Monday-Friday that is no public holiday, or a Saturday worked in exchange for a day off."""
    return _calendar(day.year).is_working_day(day)


def holiday_name(day: datetime.date) -> str | None:
    """The Vietnamese name of the public holiday on `day`, if any ("Tết Nguyên Đán")."""
    return _calendar(day.year).get(day)


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `day` (before it when n is negative); `day` itself when n is 0."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def add_days(day: datetime.date, n: int, *, working: bool) -> datetime.date:
    """n calendar days, or n working days, after `day`."""
    return add_working_days(day, n) if working else day + datetime.timedelta(days=n)


def deadline_after(cutoff: datetime.date, n: int, *, working: bool) -> datetime.date:
    """The "trước ngày …" date that gives n (working) days after the cut-off: the day after the
    n-th day, since a report due "before" a date may be sent up to the day before it
    ("2 ngày làm việc" after Monday 14/9 are the 15th and 16th: "trước ngày 17/9")."""
    return add_days(cutoff, n, working=working) + datetime.timedelta(days=1)


def shift_year(day: datetime.date | None, years: int = 1) -> datetime.date | None:
    """The same day `years` later; 29/02 becomes 28/02 in a year without it."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- Due text ------------------------------------------------------------------------------------

DUE_DATE = "date"
DUE_MONTH = "month"
DUE_QUARTER = "quarter"
DUE_CONTINUOUS = "continuous"

_PREFIX = re.compile(r"^(?:trước|chậm nhất|hạn|trong|vào)?\s*(?:ngày|tháng|quý|quy|thang|ngay)?\s*", re.IGNORECASE)
_SEP = r"\s*(?:/|-|\.|năm|nam)\s*"
_DATE_RE = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})$")
_MONTH_RE = re.compile(rf"^(?:t\s*)?(\d{{1,2}}){_SEP}(\d{{4}})$", re.IGNORECASE)
_QUARTER_RE = re.compile(rf"^(?:q\s*)?(IV|III|II|I|[1-4]){_SEP}(\d{{4}})$", re.IGNORECASE)

DUE_HINTS = {
    DUE_DATE: "ngày/tháng/năm, ví dụ 30/09/2025",
    DUE_MONTH: "tháng/năm, ví dụ 9/2025",
    DUE_QUARTER: "quý/năm, ví dụ IV/2025 hoặc 4/2025",
}


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Năm {year} không hợp lệ (từ {MIN_YEAR} đến {MAX_YEAR}).")


def parse_due(kind: str, text: str) -> datetime.date | None:
    """The due date a typed text means for a kind of due; ValueError with a Vietnamese message.

    A month or a quarter is stored as its last day (Task.save does the same), continuous as None.
    """
    if kind == DUE_CONTINUOUS:
        return None
    if kind not in DUE_HINTS:
        raise ValueError("Loại thời hạn không hợp lệ.")
    cleaned = " ".join(unicodedata.normalize("NFC", text or "").split())
    if not cleaned:
        raise ValueError(f"Nhập thời hạn dạng {DUE_HINTS[kind]} (hoặc chọn “Thường xuyên”).")
    cleaned = _PREFIX.sub("", cleaned, count=1).strip()
    if kind == DUE_DATE:
        match = _DATE_RE.match(cleaned)
        if not match:
            raise ValueError(f"Thời hạn theo ngày phải có dạng {DUE_HINTS[kind]}.")
        day, month, year = (int(part) for part in match.groups())
        _check_year(year)
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValueError(f"Ngày {day:02d}/{month:02d}/{year} không có thật.") from None
    if kind == DUE_MONTH:
        match = _MONTH_RE.match(cleaned)
        if not match:
            raise ValueError(f"Thời hạn theo tháng phải có dạng {DUE_HINTS[kind]}.")
        month, year = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"Tháng {month} không hợp lệ (từ 1 đến 12).")
        _check_year(year)
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    match = _QUARTER_RE.match(cleaned)
    if not match:
        raise ValueError(f"Thời hạn theo quý phải có dạng {DUE_HINTS[kind]}.")
    token, year = match.group(1).upper(), int(match.group(2))
    quarter = ROMAN_VALUES.get(token) or int(token)
    _check_year(year)
    return datetime.date(year, 3 * quarter, calendar.monthrange(year, 3 * quarter)[1])


def due_input_text(kind: str, day: datetime.date | None) -> str:
    """What the editor sees in the due box for a stored due: the inverse of `parse_due`."""
    if day is None or kind == DUE_CONTINUOUS:
        return ""
    if kind == DUE_MONTH:
        return f"{day.month}/{day.year}"
    if kind == DUE_QUARTER:
        return f"{ROMAN[(day.month - 1) // 3 + 1]}/{day.year}"
    return day.strftime("%d/%m/%Y")
