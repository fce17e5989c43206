"""Dates a plan writes in words: task dues, report deadlines, and the periodic reports of NĐ 09/2019.

Pure Python (the `holidays` library for Vietnamese working days), no database.

* `due_of(text)`: "Trước ngày 30/9/2025" -> date; "Tháng 10/2025" -> month; "Quý IV/2025" ->
  quarter; "Thường xuyên" -> continuous. A span ("Từ tháng 12/2025 đến quý I/2026", "Quý IV/2025
  và Quý I/2026") is due at its end. Month and quarter are given as their last day, as tasks are
  stored.
* `periodic_rounds(kinds, year)`: the reports "định kỳ 6 tháng, một năm" mean, with the spans of
  Nghị định 09/2019/NĐ-CP, Điều 12: figures from the 15th of the month before a period to the
  14th of its last month (6 tháng: 15/12 of the year before - 14/6; năm: 15/12 - 14/12; quý III:
  15/6 - 14/9). The deadline proposed is two working days after the cut-off, written as the
  "trước ngày" day (as the demo's rounds and many provinces' rules have it); the editor corrects
  it on the review page.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re

#: Working days between a period's cut-off and the last day a report is on time (proposal).
REPORT_WORKING_DAYS = 2

ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}

_DATE_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})\s?[/.-]\s?(?P<y>(?:19|20)\d{2})(?!\d)"
    r"|(?<!\d)(?P<d2>\d{1,2}) tháng (?P<m2>\d{1,2}) năm (?P<y2>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE)
_MONTH_RE = re.compile(r"tháng\s*(?P<m>\d{1,2})\s*[/-]\s*(?P<y>(?:19|20)\d{2})(?!\d)"
                       r"|tháng\s*(?P<m2>\d{1,2}) năm (?P<y2>(?:19|20)\d{2})(?!\d)", re.IGNORECASE)
_QUARTER_RE = re.compile(r"quý\s*(?P<q>IV|III|II|I|[1-4])\s*(?:[/-]\s*|năm\s+)(?P<y>(?:19|20)\d{2})(?!\d)",
                         re.IGNORECASE)
_CONTINUOUS_RE = re.compile(r"thường xuyên|liên tục|hằng ngày|hàng ngày|suốt năm|cả năm", re.IGNORECASE)


def iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def make_date(day: int, month: int, year: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def dates_in(text: str) -> list[tuple[int, int, datetime.date]]:
    """(start, end, date) of every full date written in `text`."""
    found = []
    for m in _DATE_RE.finditer(text):
        if m.group("d"):
            day = make_date(int(m.group("d")), int(m.group("m")), int(m.group("y")))
        else:
            day = make_date(int(m.group("d2")), int(m.group("m2")), int(m.group("y2")))
        if day:
            found.append((m.start(), m.end(), day))
    return found


def due_of(text: str) -> dict | None:
    """{"kind": date|month|quarter|continuous, "date": "YYYY-MM-DD" or None} of a due text."""
    # "Trước ngày 30/09/2025 (gia hạn đến 15/10/2025)": the due is the original one
    text = re.split(r"\(?\s*gia hạn", text or "", maxsplit=1, flags=re.IGNORECASE)[0]
    found: list[tuple[int, str, datetime.date]] = []
    for start, _end, day in dates_in(text):
        found.append((start, "date", day))
    for m in _MONTH_RE.finditer(text):
        month, year = (int(m.group("m")), int(m.group("y"))) if m.group("m") else (int(m.group("m2")),
                                                                                   int(m.group("y2")))
        if 1 <= month <= 12:
            found.append((m.start(), "month", month_end(year, month)))
    for m in _QUARTER_RE.finditer(text):
        token = m.group("q").upper()
        quarter = ROMAN_QUARTERS.get(token) or int(token)
        found.append((m.start(), "quarter", month_end(int(m.group("y")), quarter * 3)))
    if found:
        # a span or a list is due at its end: the latest date named
        _start, kind, day = max(found, key=lambda item: (item[2], item[0]))
        return {"kind": kind, "date": day.isoformat()}
    if _CONTINUOUS_RE.search(text):
        return {"kind": "continuous", "date": None}
    return None


# --------------------------------------------------------------------------------------------
# NĐ 09/2019 periods
# --------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def _calendar(year: int):
    import holidays

    return holidays.country_holidays("VN", years=range(year - 1, year + 2))


def is_working_day(day: datetime.date) -> bool:
    return _calendar(day.year).is_working_day(day)


def report_deadline(cut_off: datetime.date) -> datetime.date:
    """The "trước ngày" day of a report due `REPORT_WORKING_DAYS` working days after `cut_off`."""
    day, remaining = cut_off, REPORT_WORKING_DAYS
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day + datetime.timedelta(days=1)


def _fifteenth_before(year: int, month: int) -> datetime.date:
    return datetime.date(year - 1, 12, 15) if month == 1 else datetime.date(year, month - 1, 15)


def period_span(kind: str, year: int, number: int = 1) -> tuple[datetime.date, datetime.date]:
    """The NĐ 09/2019 span of a period: kind "half" (number 1 or 2), "year", or "quarter" (1-4)."""
    if kind == "year":
        return datetime.date(year - 1, 12, 15), datetime.date(year, 12, 14)
    if kind == "half":
        return (datetime.date(year - 1, 12, 15), datetime.date(year, 6, 14)) if number == 1 else (
            datetime.date(year, 6, 15), datetime.date(year, 12, 14))
    return _fifteenth_before(year, 3 * number - 2), datetime.date(year, 3 * number, 14)


def periodic_rounds(kinds: set[str], first: datetime.date, last: datetime.date) -> list[dict]:
    """Rounds of the periodic reports `kinds` ("quarter", "half", "year") over [first, last].

    "half" is the 6-month report of NĐ 09/2019 (the first half year); the second half is covered
    by the year report when both are asked for.
    """
    rounds = []
    for year in range(first.year, last.year + 1):
        periods = []
        if "quarter" in kinds:
            labels = {1: "quý I", 2: "quý II", 3: "quý III", 4: "quý IV"}
            for q in range(1, 5):
                if "year" in kinds and q == 4:
                    continue
                if "half" in kinds and q == 2:
                    continue
                periods.append((f"Báo cáo {labels[q]}/{year}", 3 * q - 2, 3 * q))
        if "half" in kinds:
            periods.append((f"Báo cáo 6 tháng đầu năm {year}", 1, 6))
            if "year" not in kinds:
                periods.append((f"Báo cáo 6 tháng cuối năm {year}", 7, 12))
        if "year" in kinds:
            periods.append((f"Báo cáo năm {year}", 1, 12))
        for name, first_month, last_month in sorted(periods, key=lambda p: (p[2], p[1])):
            if month_end(year, last_month) < first or datetime.date(year, first_month, 1) > last:
                continue
            start_month = 1 if name.startswith("Báo cáo năm") or "6 tháng đầu" in name else first_month
            start = _fifteenth_before(year, start_month)
            end = datetime.date(year, last_month, 14)
            rounds.append({"name": name, "deadline": report_deadline(end).isoformat(),
                           "period_start": start.isoformat(), "period_end": end.isoformat()})
    return rounds
