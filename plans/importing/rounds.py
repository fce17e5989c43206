"""Reporting rounds of a plan: when units report, and on which span of time.

"Báo cáo lần 1 trước ngày 03/9/2025", "báo cáo 6 tháng trước ngày 17/6/2026, số liệu từ ngày
15/12/2025 đến ngày 14/6/2026", "trước ngày 15/6 và 15/12 hằng năm", "định kỳ 6 tháng, một năm"
(the periods of NĐ 09/2019), "Kết thúc cuộc bầu cử, ... báo cáo ... gửi về ..." (no date: the
editor sets it). `Rounds` is a part of the recogniser (`plans.importing.recognising._Reading`).
"""

from __future__ import annotations

import datetime
import re

from plans.importing import periods
from plans.importing.layout import span
from plans.importing.words import squash

_DEADLINE_WORDS_RE = re.compile(r"(?:trước|chậm nhất(?: là)?|hạn chót|hạn|không quá|trong thời hạn đến)\s*(?:ngày\s*)?$",
                                re.IGNORECASE)
_SPAN_RE = re.compile(r"(?:số liệu|chốt số liệu|tính|thời gian lấy số liệu)[^;.]{0,20}?từ ngày\s*(?P<a>[\d/.-]+)\s*"
                      r"đến(?: hết)?(?: ngày)?\s*(?P<b>[\d/.-]+)", re.IGNORECASE)
_PERIODIC_RE = re.compile(r"định kỳ(?P<what>[^.;:]{0,60})|(?P<every>hằng|hàng) (?P<unit>quý|năm|tháng)", re.IGNORECASE)
_RELATIVE_RE = re.compile(r"(?P<when>(?:sau khi |khi )?kết thúc [^,;.]{3,60})", re.IGNORECASE)


def _iso_of(text: str) -> str | None:
    found = periods.dates_in(text)
    return found[0][2].isoformat() if found else None


class Rounds:
    """Reporting rounds of a plan (mixed into the recogniser)."""

    # -- 7. rounds --------------------------------------------------------------------------------

    def rounds(self, indices: list[int], plan_period: dict) -> tuple[list[dict], set[int]]:
        """Reporting rounds written in the paragraphs `indices`; and the paragraphs that only state
        a round (they are not a unit's duties)."""
        rounds: list[dict] = []
        only_rounds: set[int] = set()
        periodic: list[tuple[int, set[str], int, int]] = []
        relative: list[dict] = []
        for i in indices:
            text = self.texts[i]
            base = self.paragraphs[i].start
            if "báo cáo" not in text.lower():
                continue
            clause_start = 0
            for clause in re.split(r"(?<=[;])\s*|(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])", text):
                c_start = text.find(clause, clause_start)
                clause_start = c_start + len(clause)
                lower = clause.lower()
                if "báo cáo" not in lower:
                    continue
                deadlines = self._deadlines(clause, plan_period.get("year"))
                # each deadline's own words run to the last ", " or " và " before the next deadline
                bounds = [0]
                for (_a, end_k, _d), (start_next, _b, _e) in zip(deadlines, deadlines[1:]):
                    between = clause[end_k:start_next]
                    cut = max(between.rfind(", "), between.rfind(" và "))
                    bounds.append(end_k + cut + 1 if cut >= 0 else end_k)
                bounds.append(len(clause))
                for k, (d_start, d_end, day) in enumerate(deadlines):
                    seg_start, seg_end = bounds[k], bounds[k + 1]
                    segment = clause[seg_start:seg_end].strip(" ,;")
                    offset = base + c_start + clause.find(segment, seg_start)
                    rounds.append(self._dated_round(segment, clause[seg_start:d_start],
                                                    clause if len(deadlines) == 1 else "", offset, day))
                if deadlines:
                    if re.match(r"^[-+•]?\s*Báo cáo\b", text) and len(text) < 120:
                        only_rounds.add(i)
                    continue
                m = _PERIODIC_RE.search(clause)
                if m:
                    kinds = set()
                    what = (m.group("what") or m.group("unit") or "").lower()
                    if "quý" in what:
                        kinds.add("quarter")
                    if "6 tháng" in what or "sáu tháng" in what:
                        kinds.add("half")
                    if re.search(r"(?<!\d )\bnăm\b", what.replace("6 tháng", "")) or "hằng năm" in lower:
                        kinds.add("year")
                    if kinds:
                        periodic.append((i, kinds, base + c_start, base + c_start + len(clause)))
                    continue
                rel = _RELATIVE_RE.search(clause)
                if rel and re.search(r"gửi(?: về)?|báo cáo (?:kết quả|tình hình)", lower):
                    when = squash(rel.group("when"))
                    relative.append({"name": f"Báo cáo khi {when[0].lower() + when[1:]}"
                                     if not when.lower().startswith(("sau khi", "khi")) else f"Báo cáo {when}",
                                     "deadline": None, "period_start": None, "period_end": None,
                                     "text": squash(clause).rstrip(";."),
                                     "span": span(base + c_start, base + c_start + len(clause))})
        if not rounds and periodic and plan_period.get("start"):
            kinds = set().union(*(k for _i, k, _a, _b in periodic))
            first = datetime.date.fromisoformat(plan_period["start"])
            last = datetime.date.fromisoformat(plan_period["end"])
            _i, _k, a, b = periodic[0]
            for item in periods.periodic_rounds(kinds, first, last):
                item.update(text=squash(self.source.text[a:b]).rstrip(";."), span=span(a, b))
                rounds.append(item)
        rounds.extend(relative)
        self._number_rounds(rounds, plan_period)
        return rounds, only_rounds

    @staticmethod
    def _deadlines(clause: str, year: int | None) -> list[tuple[int, int, datetime.date]]:
        """(start, end, day) of each report deadline of a clause: a date after "trước ngày",
        "chậm nhất ngày", "hạn" ...; "15/6" without a year is of the plan's year; "trước ngày 15/6
        và 15/12" names two. Dates of a data span ("số liệu từ ngày ... đến ngày ...") are none."""
        spans = [(m.start(), m.end()) for m in _SPAN_RE.finditer(clause)]
        found = [(a, b, day) for a, b, day in periods.dates_in(clause)]
        if year:
            for m in re.finditer(r"(?<![\d/.])(\d{1,2})\s?[/.-]\s?(\d{1,2})(?![\d/.-]|\s?[/.-]\s?\d)", clause):
                day = periods.make_date(int(m.group(1)), int(m.group(2)), year)
                if day and not any(a <= m.start() < b for a, b, _d in found):
                    found.append((m.start(), m.end(), day))
        deadlines: list[tuple[int, int, datetime.date]] = []
        for a, b, day in sorted(found):
            if any(x <= a < y for x, y in spans):
                continue
            before = clause[max(0, a - 30):a]
            if _DEADLINE_WORDS_RE.search(before) or (deadlines and re.search(r"(?:và|,)\s*(?:trước\s*)?(?:ngày\s*)?$",
                                                                              clause[deadlines[-1][1]:a])):
                deadlines.append((a, b, day))
        return deadlines

    def _dated_round(self, segment: str, before: str, clause: str, offset: int, day: datetime.date) -> dict:
        """A round due on `day`, named from the words before the date ("Báo cáo lần 1", "báo cáo
        6 tháng", "tổng kết năm"), else from its clause."""
        name = None
        period: tuple[datetime.date, datetime.date] | None = None
        for words in (before, clause):
            lower = words.lower()
            m = re.search(r"(lần (?:thứ )?\w+|đợt \w+)", lower)
            if m:
                name = "Báo cáo " + m.group(1)
            elif "6 tháng" in lower or "sáu tháng" in lower:
                first_half = day.month <= 8
                name = f"Báo cáo 6 tháng {'đầu' if first_half else 'cuối'} năm {day.year}"
                period = periods.period_span("half", day.year, 1 if first_half else 2)
            elif re.search(r"\bquý\b", lower):
                quarter = (day.month - 2) // 3 + 1 if day.month > 1 else 4
                year = day.year if day.month > 1 else day.year - 1
                name = f"Báo cáo quý {['I', 'II', 'III', 'IV'][quarter - 1]}/{year}"
                period = periods.period_span("quarter", year, quarter)
            elif re.search(r"(?:báo cáo|tổng kết|sơ kết|định kỳ|hằng|cả|kết quả) năm\b", lower):
                year = day.year if day.month >= 6 else day.year - 1
                name = f"Báo cáo năm {year}"
                period = periods.period_span("year", year)
            if name:
                break
        segment = re.sub(r"^(?:và|hoặc)\s+", "", re.sub(r"[\s,;]+(?:và|hoặc)$", "", segment))
        data_span = _SPAN_RE.search(segment)
        start = end = None
        if data_span:
            start, end = _iso_of(data_span.group("a")), _iso_of(data_span.group("b"))
        elif period:
            start, end = period[0].isoformat(), period[1].isoformat()
        return {"name": name, "deadline": day.isoformat(), "period_start": start, "period_end": end,
                "text": squash(segment).strip(" -;.").rstrip(";."), "span": span(offset, offset + len(segment))}

    @staticmethod
    def _number_rounds(rounds: list[dict], plan_period: dict) -> None:
        """Names for unnamed rounds; spans for dated rounds without one: from the plan's start (or
        the day after the round before) to the end of the month before the deadline."""
        previous_end = None
        for n, item in enumerate(rounds, start=1):
            if not item.get("name"):
                item["name"] = f"Báo cáo lần {n}"
            if item.get("deadline") and not item.get("period_end"):
                deadline = datetime.date.fromisoformat(item["deadline"])
                end = deadline.replace(day=1) - datetime.timedelta(days=1)
                start = (previous_end + datetime.timedelta(days=1) if previous_end
                         else datetime.date.fromisoformat(plan_period["start"]) if plan_period.get("start") else None)
                if start and start <= end:
                    item["period_start"], item["period_end"] = start.isoformat(), end.isoformat()
            if item.get("period_end"):
                previous_end = datetime.date.fromisoformat(item["period_end"])
