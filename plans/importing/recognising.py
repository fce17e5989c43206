"""What a plan's text says: letterhead, title, legal bases, sections, tasks, units, rounds, signer.

`recognise_source(source)` reads a `Source` (plans.importing.reading) paragraph by paragraph, the
way a clerk reads a plan in the state format (NĐ 30/2020):

1. the letterhead before the kind word "KẾ HOẠCH": the issuer (and the body above it), "Số:",
   the place and date line; the national motto is skipped;
2. the title (trích yếu): the lines after the kind word, up to the preamble;
3. the preamble: its "Căn cứ ..." / "Thực hiện ..." lines are the legal bases (role basis, or
   implements for "Thực hiện"); every other citation in the text is a mention;
4. the Roman-numbered sections ("I. MỤC ĐÍCH, YÊU CẦU") with their text, and the closing sentence
   ("Trên đây là ...", "... ./.");
5. in "Tổ chức thực hiện", the units or posts with their duties: "1. Phòng Văn hóa - Xã hội"
   followed by "- ..." lines, "1. Công chức Tư pháp - Hộ tịch: ...", or "1. Ban Thường trực ...
   xây dựng Kế hoạch ..." (the name ends where the verb starts);
6. tasks: the rows of a task table (STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian
   | Sản phẩm), or items followed by "- Đơn vị chủ trì: ...", "- Thời gian hoàn thành: ..." lines;
7. reporting rounds: "Báo cáo lần 1 trước ngày 03/9/2025", "báo cáo 6 tháng trước ngày ...,
   số liệu từ ngày ... đến ngày ...", "định kỳ 6 tháng, một năm" (NĐ 09/2019 periods), "Kết thúc
   cuộc bầu cử, ... báo cáo ... gửi về ..." (no date: the editor sets it);
8. "Nơi nhận:" and its "- ..." lines; the signature block (TM. ..., title, KT. ..., name).

Steps 5-6 live in `plans.importing.assignments`, step 7 in `plans.importing.rounds` (parts of
the one recogniser class). Nothing is dropped: every paragraph of the body stays in its section's
text (or in the intro, the closing, or `other_text` for what follows the signature and is no task
table).
Every piece carries ``span: [start, end]``, offsets into `Source.text`.
"""

from __future__ import annotations

import datetime
import re

from plans.citation_parser import parse_citations
from plans.importing import periods
from plans.importing.assignments import Assignments
from plans.importing.layout import DASH_RE, ITEM_RE, span
from plans.importing.reading import Paragraph, Source, is_upper_line
from plans.importing.rounds import Rounds
from plans.importing.words import sentence_case, squash
from plans.models import number_key

# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------

_KIND_WORDS = ("KẾ HOẠCH", "BÁO CÁO", "QUYẾT ĐỊNH", "CÔNG VĂN", "THÔNG BÁO", "TỜ TRÌNH", "CHƯƠNG TRÌNH",
               "HƯỚNG DẪN", "CHỈ THỊ", "NGHỊ QUYẾT", "QUY CHẾ", "QUY ĐỊNH", "ĐỀ ÁN", "GIẤY MỜI", "BIÊN BẢN",
               "THÔNG TRI", "CÔNG ĐIỆN", "TỜ TRÌNH")
_KIND_RE = re.compile(r"^(?P<kind>" + "|".join(sorted(set(_KIND_WORDS), key=len, reverse=True)) + r")(?![\wÀ-ỹ])")
_MOTTO_RE = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA|Độc lập\s*[-–]\s*Tự do", re.IGNORECASE)
_MOTTO_LINE_RE = re.compile(r"CỘNG (?:HÒA|HOÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc",
                            re.IGNORECASE)
_NUMBER_RE = re.compile(r"^Số\s*[:.]?\s*(?P<num>\d+[a-z]?)?[\s.…_]*(?P<sep>[/-])\s*(?P<sym>[0-9A-ZĐa-zđ\-/&.]+)")
_DATE_LINE_RE = re.compile(
    r"^(?P<place>[^,\d]{2,60}?),\s*ngày(?:[\s.…_]*(?P<d>\d{1,2})?[\s.…_/]*tháng[\s.…_]*(?P<m>\d{1,2})?[\s.…_/]*"
    r"năm\s*(?P<y>\d{4})|\s*(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))", re.IGNORECASE)
_HEADING_RE = re.compile(r"^(?P<num>[IVXL]{1,6})\s*[.)/:-]\s*(?P<text>\S.*)$")
_LEAD_IN_RE = re.compile(r"(?:^|(?<=[;.:])\s*|\n)(?P<lead>Căn cứ|Thực hiện|Theo|Xét|Triển khai|Trên cơ sở)(?!\w)")
_RECIPIENTS_RE = re.compile(r"^Nơi nhận\s*:?\s*", re.IGNORECASE)
_AUTHORITY_RE = re.compile(r"^(?:TM|T\.M|T/M|KT|K\.T|TL|T\.L|T/L|TUQ|Q|Q\.)\s*[.:]?\s+\S")
_APPENDIX_RE = re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+[IVX\d]+)?\s*$")
_CLOSING_START_RE = re.compile(r"^Trên đây (?:là|là toàn bộ)\b")
_SIGNED_MARK_RE = re.compile(r"^[(\[]?\s*(?:đã ký|đã kí|da ky|ký|kí)(?:[^)\]]{0,30})?[)\]]?\s*$", re.IGNORECASE)
_SIGNED_PREFIX_RE = re.compile(r"^[(\[]\s*(?:đã ký|đã kí|da ky)[^)\]]{0,30}[)\]]\s*", re.IGNORECASE)
_RULE_LINE_RE = re.compile(r"^[-_=.*–—~\s]+$")
_TCTH_RE = re.compile(r"TỔ CHỨC THỰC HIỆN|Tổ chức thực hiện", re.IGNORECASE)

_BODY_NAME = r"(?:Ủy ban|Uỷ ban|UBND|UBMTTQ|Ban|Hội đồng|Đảng ủy|Đảng uỷ|Tiểu ban|Phòng|Văn phòng|Sở|Trung tâm)"
_ISSUER_IN_PREAMBLE_RE = re.compile(r"(?:^|[;.]\s+)(?P<who>" + _BODY_NAME + r"[^;:.]{3,120}?)\s+"
                                    r"(?:ban hành|xây dựng|triển khai)\s+(?:kế hoạch|Kế hoạch)")
_ISSUER_IN_CLOSING_RE = re.compile(r"^Trên đây là (?:[Kk]ế hoạch)\b[^.;]*? của (?P<who>" + _BODY_NAME
                                   + r"[^;:,.]*?)(?=\s+về\b|\s*[;:,.]|\s*$)")


# --------------------------------------------------------------------------------------------
# The recogniser
# --------------------------------------------------------------------------------------------

class _Reading(Assignments, Rounds):
    """One pass over a Source; `result()` builds the dict of `plans.importing.recognise`."""

    def __init__(self, source: Source):
        self.source = source
        self.paragraphs: list[Paragraph] = source.paragraphs
        self.texts: list[str] = [source.paragraph_text(p) for p in self.paragraphs]
        self.used_rows: set[int] = set()

    # -- small accessors ---------------------------------------------------------------------

    def span_of(self, first: int, last: int) -> list[int]:
        """Offsets from the start of paragraph `first` to the end of paragraph `last`."""
        return span(self.paragraphs[first].start, self.paragraphs[last].end)

    def text_of(self, indices) -> str:
        return "\n".join(self.texts[i] for i in indices)

    # -- 1. letterhead ------------------------------------------------------------------------

    def find_kind(self) -> int | None:
        for i, text in enumerate(self.texts[:40]):
            if self.paragraphs[i].is_row:
                continue
            m = _KIND_RE.match(text)
            if m and (text.strip() == m.group("kind") or is_upper_line(m.group("kind"))) and not _MOTTO_RE.search(text):
                if text.strip() == m.group("kind") or not text[m.end():].strip()[:1].islower():
                    return i
        return None

    def letterhead(self, end: int) -> dict:
        issuer_lines: list[int] = []
        out: dict = {"number": None, "number_symbol": None, "number_span": None, "date": None, "date_span": None,
                     "place": None}
        for i in range(end):
            text = self.texts[i]
            if self.paragraphs[i].is_row or _RULE_LINE_RE.match(text):
                continue
            if _MOTTO_RE.search(text):
                # "ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": a PDF's two columns on one line
                text = _MOTTO_LINE_RE.sub(" ", text).strip()
                if not text or not is_upper_line(text):
                    continue
                self.texts[i] = text
            number = _NUMBER_RE.match(text)
            if number:
                symbol = number.group("sym").strip("./")
                out["number_symbol"] = symbol
                out["number"] = f"{number.group('num')}{number.group('sep')}{symbol}" if number.group("num") else None
                out["number_span"] = self.span_of(i, i)
                # "Số: 125/KH-UBND   Phù Liễn, ngày 15 tháng 8 năm 2025" (a PDF's two columns on one line)
                rest = text[number.end():]
                if not _DATE_LINE_RE.match(rest.strip()):
                    continue
                text = rest.strip()
            date = _DATE_LINE_RE.match(text)
            if date:
                out["place"] = squash(date.group("place"))
                d, m, y = (date.group("d"), date.group("m"), date.group("y")) if date.group("y") else (
                    date.group("d2"), date.group("m2"), date.group("y2"))
                if d and m:
                    out["date"] = periods.iso(periods.make_date(int(d), int(m), int(y)))
                out["year_written"] = int(y)
                out["date_span"] = self.span_of(i, i)
                continue
            if is_upper_line(text) and not _AUTHORITY_RE.match(text):
                issuer_lines.append(i)
        out.update(self.issuer_of(issuer_lines))
        return out

    def issuer_of(self, lines: list[int]) -> dict:
        """Issuer and its parent from the letterhead lines ("ỦY BAN MTTQ VIỆT NAM / XÃ LƯƠNG MINH /
        BAN THƯỜNG TRỰC"): a line starting with a level word (XÃ, PHƯỜNG, TỈNH ...) continues the
        body above it; any other line starts a new body, the last body is the issuer."""
        if not lines:
            return {"issuer": None, "issuer_parent": None, "issuer_span": None, "issuer_lines": []}
        groups: list[list[int]] = []
        for i in lines:
            text = self.texts[i]
            continues = re.match(r"^(?:XÃ|PHƯỜNG|THỊ TRẤN|THỊ XÃ|HUYỆN|QUẬN|THÀNH PHỐ|TỈNH|ĐẶC KHU|TP\.?)\b", text)
            if groups and (continues or self.texts[groups[-1][-1]].rstrip().endswith((",", "-", "VÀ"))):
                groups[-1].append(i)
            else:
                groups.append([i])
        names = [sentence_case(" ".join(self.texts[i] for i in g)) for g in groups]
        issuer, parents = names[-1], names[:-1]
        parent = " ".join(parents) if parents else None
        full = issuer
        if parent and not re.search(r"\b(?:xã|phường|thị trấn|huyện|quận|tỉnh|thành phố)\b", issuer):
            full = f"{issuer} - {parent}" if "," in issuer else f"{issuer} {parent}"
        return {"issuer": full, "issuer_parent": parent, "issuer_own_name": issuer,
                "issuer_span": self.span_of(lines[0], lines[-1]),
                "issuer_lines": [self.texts[i] for i in lines]}

    # -- 2. title -------------------------------------------------------------------------------

    def title(self, kind_index: int) -> tuple[str | None, list[int] | None, int]:
        """(title, span, index of the first paragraph after it)."""
        text = self.texts[kind_index]
        kind = _KIND_RE.match(text)
        parts: list[int] = []
        inline = text[kind.end():].strip(" :")
        i = kind_index + 1
        if inline:
            parts.append(kind_index)
        while i < len(self.texts):
            line = self.texts[i]
            if self.paragraphs[i].is_row:
                break
            if _RULE_LINE_RE.match(line):
                i += 1
                if parts:
                    break
                continue
            if not parts:
                if _HEADING_RE.match(line) or line.startswith("Căn cứ"):
                    break
                parts.append(i)
                i += 1
                continue
            previous = self.texts[parts[-1]]
            starts_lower = line[:1].islower()
            lead_in = re.match(r"^(?:Căn cứ|Kính gửi|Thực hiện (?:[A-ZĐ]\w*\s){0,2}(?:số|\d))", line)
            if (starts_lower or (len(line) < 120 and not lead_in and previous[-1:] not in ".:;"
                                 and not _HEADING_RE.match(line) and not ITEM_RE.match(line)
                                 and not re.search(r"\b(?:ban hành|như sau)\b", line))):
                if previous[-1:] in ".;:" and not starts_lower:
                    break
                parts.append(i)
                i += 1
                continue
            break
        if not parts:
            return None, None, kind_index + 1
        words = []
        for n in parts:
            line = self.texts[n]
            if n == kind_index:
                line = inline
            words.append(line)
        title = squash(" ".join(words)).strip(" .")
        if is_upper_line(title):
            title = sentence_case(title)
        start = self.paragraphs[parts[0]].start + (len(text) - len(inline) if parts[0] == kind_index else 0)
        return title, span(start, self.paragraphs[parts[-1]].end), parts[-1] + 1

    # -- 3/4. sections ----------------------------------------------------------------------------

    def headings(self, start: int, end: int) -> list[int]:
        found = []
        for i in range(start, end):
            if self.paragraphs[i].is_row:
                continue
            m = _HEADING_RE.match(self.texts[i])
            if not m:
                continue
            heading = m.group("text")
            letters = [ch for ch in heading if ch.isalpha()]
            upper = sum(1 for ch in letters if ch.isupper())
            if letters and (upper / len(letters) >= 0.6 or (len(heading) <= 90 and heading[-1:] not in ".;")):
                found.append(i)
        return found

    def body_end(self, start: int) -> int:
        """Index of the first paragraph after the body: "Nơi nhận", the signature, an appendix."""
        for i in range(start, len(self.texts)):
            text = self.texts[i]
            if _RECIPIENTS_RE.match(text) or _AUTHORITY_RE.match(text) and is_upper_line(text):
                return i
            if _APPENDIX_RE.match(text) and i > start:
                return i
        return len(self.texts)

    def closing(self, first: int, end: int) -> list[int]:
        """The closing paragraphs ("Trên đây là ...", "... nghiêm túc triển khai thực hiện./.")."""
        indices = [i for i in range(first, end) if not self.paragraphs[i].is_row]
        if not indices:
            return []
        last = indices[-1]
        if _CLOSING_START_RE.match(self.texts[last]):
            return [last]
        if self.texts[last].rstrip().endswith(("./.", "/.")):
            if len(indices) >= 2 and _CLOSING_START_RE.match(self.texts[indices[-2]]):
                return [indices[-2], last]
            if not DASH_RE.match(self.texts[last]) and not ITEM_RE.match(self.texts[last]):
                return [last]
        for i in indices[-3:]:
            if _CLOSING_START_RE.match(self.texts[i]):
                return [j for j in indices if j >= i]
        return []

    # -- 8. recipients and signer --------------------------------------------------------------------

    def recipients(self, start: int) -> tuple[list[str], list[int] | None, int]:
        """(recipients, span, index after them) from "Nơi nhận:" at `start`."""
        text = self.texts[start]
        first = _RECIPIENTS_RE.sub("", text).strip()
        items: list[str] = []
        last = start
        if first:
            items.append(first)
        i = start + 1
        while i < len(self.texts):
            line = self.texts[i]
            if self.paragraphs[i].is_row or (_AUTHORITY_RE.match(line) or is_upper_line(line)) and not DASH_RE.match(line):
                break
            if DASH_RE.match(line) or not items:
                items.append(DASH_RE.sub("", line))
            else:
                items[-1] += " " + line
            last = i
            i += 1
        cleaned = []
        for item in items:
            for piece in re.split(r"(?<=;)\s*[-+•]\s+", item):
                piece = squash(piece).rstrip(" ;,")
                if piece.endswith(".") and not piece.endswith("./."):
                    piece = piece[:-1]
                if piece:
                    cleaned.append(piece)
        return cleaned, self.span_of(start, last), i

    def signer(self, start: int) -> tuple[dict | None, int]:
        """The signature block from `start`: authority, title (KT. ...), deputy title, name."""
        lines: list[int] = []
        i = start
        while i < len(self.texts) and len(lines) < 6:
            line = self.texts[i]
            if self.paragraphs[i].is_row or _APPENDIX_RE.match(line):
                break
            if _RECIPIENTS_RE.match(line):
                break
            if _SIGNED_MARK_RE.match(line):  # "(Đã ký)" of a copy stands where the signature was
                i += 1
                continue
            lines.append(i)
            if not is_upper_line(line):
                break
            i += 1
        caps = [j for j in lines if is_upper_line(self.texts[j])]
        names = [j for j in lines if not is_upper_line(self.texts[j])]
        if not caps:
            return None, start
        out = {"authority": "", "title": "", "deputy_title": "", "name": ""}
        queue = [self.texts[j] for j in caps]
        if re.match(r"^(?:TM|T\.M|T/M|TL|T\.L|T/L|TUQ)\b", queue[0]) or (len(queue) >= 2 and not queue[0].startswith(
                ("KT", "Q.", "Q "))):
            out["authority"] = queue.pop(0)
        if queue:
            out["title"] = queue.pop(0)
        if queue and out["title"].startswith(("KT", "K.T", "Q.", "Q ")):
            out["deputy_title"] = queue.pop(0)
        last = caps[-1]
        name = _SIGNED_PREFIX_RE.sub("", self.texts[names[0]]) if names else ""
        if name and len(name.split()) <= 6:
            out["name"] = squash(name)
            last = names[0]
        out = {k: squash(v) for k, v in out.items()}
        out["span"] = self.span_of(caps[0], last)
        after = last + 1
        # a title written under the name ("TRƯỞNG BAN XÂY DỰNG ĐẢNG") belongs to the block
        while after < len(self.texts) and is_upper_line(self.texts[after]) and not _APPENDIX_RE.match(
                self.texts[after]) and not self.paragraphs[after].is_row and after - last <= 1:
            out["note"] = squash(self.texts[after])
            out["span"] = self.span_of(caps[0], after)
            after += 1
        return out, after

    # -- period of the plan ------------------------------------------------------------------------

    @staticmethod
    def plan_period(title: str, intro: str, date: str | None, year_written: int | None) -> dict:
        text = f"{title or ''} {intro or ''}"
        m = re.search(r"6 tháng (đầu|cuối) năm (\d{4})", text)
        if m:
            year = int(m.group(2))
            first_half = m.group(1) == "đầu"
            return {"label": f"6 tháng {m.group(1)} năm {year}",
                    "start": datetime.date(year, 1 if first_half else 7, 1).isoformat(),
                    "end": datetime.date(year, 6 if first_half else 12, 30 if first_half else 31).isoformat(),
                    "year": year}
        m = re.search(r"(?:giai đoạn|từ năm)\s*(\d{4})\s*[-–đến ]+\s*(\d{4})", title or "")
        if m and int(m.group(1)) <= int(m.group(2)):
            a, b = int(m.group(1)), int(m.group(2))
            return {"label": f"Giai đoạn {a} - {b}", "start": f"{a}-01-01", "end": f"{b}-12-31", "year": a}
        m = re.search(r"\bnăm (\d{4})\b(?!\s*[-–]\s*\d)", title or "")
        year = int(m.group(1)) if m else None
        if year is None and date:
            year = int(date[:4])
        if year is None and year_written:
            year = year_written
        if year is None:
            return {"label": "", "start": None, "end": None, "year": None}
        return {"label": f"Năm {year}", "start": f"{year}-01-01", "end": f"{year}-12-31", "year": year}

    @staticmethod
    def extend_period(period: dict, dates: list[str]) -> None:
        """A plan's period reaches its last task due or report deadline ("nhiệm kỳ 2026-2031"
        work planned in 11/2025 runs into 2026)."""
        if not period.get("end") or not dates:
            return
        last = max(dates)
        if last > period["end"]:
            year = int(last[:4])
            period["end"] = f"{year}-12-31"
            period["label"] = f"Năm {period['year']} - {year}" if period["label"].startswith("Năm") else period["label"]

    # -- everything ----------------------------------------------------------------------------------

    def result(self) -> dict:
        n = len(self.texts)
        kind_index = self.find_kind()
        if kind_index is None:
            # no kind word (a text pasted from the preamble on, a title drawn as a picture): the
            # letterhead, if any, is what comes before the first basis or section
            header_end = next((i for i, text in enumerate(self.texts[:15])
                               if _HEADING_RE.match(text) or text.startswith(("Căn cứ", "Thực hiện"))), 0)
        head: dict = self.letterhead(kind_index if kind_index is not None else header_end)
        kind_word = _KIND_RE.match(self.texts[kind_index]).group("kind") if kind_index is not None else None
        title, title_span, after_title = (None, None, header_end if kind_index is None else 0)
        if kind_index is not None:
            title, title_span, after_title = self.title(kind_index)
        first_signature = self.body_end(after_title)
        headings = self.headings(after_title, first_signature)
        body_start = headings[0] if headings else after_title
        end = self.body_end(body_start) if headings else first_signature
        closing = self.closing(body_start, end)
        sections_end = closing[0] if closing else end

        intro_indices = [i for i in range(after_title, body_start) if not self.paragraphs[i].is_row]
        intro = self.text_of(intro_indices)
        intro_span = self.span_of(intro_indices[0], intro_indices[-1]) if intro_indices else None

        # issuer named in the preamble when the text has no letterhead ("...; Ủy ban nhân dân phường
        # Phù Liễn ban hành kế hoạch ...")
        # or in the closing ("Trên đây là Kế hoạch ... của Ủy ban nhân dân xã Hòa Phong; ...")
        if not head.get("issuer"):
            for i in intro_indices + closing:
                m = _ISSUER_IN_PREAMBLE_RE.search(self.texts[i]) or _ISSUER_IN_CLOSING_RE.search(self.texts[i])
                if m:
                    who = squash(m.group("who"))
                    start = self.paragraphs[i].start + m.start("who")
                    head.update(issuer=who, issuer_span=span(start, start + len(m.group("who"))))
                    break

        sections = []
        section_ranges = []
        for k, h in enumerate(headings):
            stop = headings[k + 1] if k + 1 < len(headings) else sections_end
            m = _HEADING_RE.match(self.texts[h])
            body = [i for i in range(h + 1, stop)]
            section_ranges.append((h, stop))
            sections.append({"numeral": m.group("num"), "heading": squash(m.group("text")).rstrip(":"),
                             "body_indices": body, "span": self.span_of(h, max(h, stop - 1)),
                             "heading_span": self.span_of(h, h)})

        period = self.plan_period(title or "", intro, head.get("date"), head.get("year_written"))

        # tasks: a table anywhere, or items with "Đơn vị chủ trì:" lines
        tasks = self.table_tasks()
        if not tasks and headings:
            tasks = self.field_tasks(body_start, sections_end)

        # units, rounds: from "Tổ chức thực hiện" (the last section of that name)
        tcth = [k for k, s in enumerate(sections) if _TCTH_RE.search(s["heading"])]
        round_paragraphs: list[int] = []
        tcth_range = None
        if tcth:
            h, stop = section_ranges[tcth[-1]]
            tcth_range = (h + 1, stop)
            round_paragraphs = list(range(h + 1, stop))
        round_paragraphs += [i for i in range(body_start, sections_end) if i not in round_paragraphs
                             and not self.paragraphs[i].is_row
                             and re.match(r"^[-+•]?\s*(?:\d+\.\s*)?(?:Báo cáo|Chế độ báo cáo|Thời hạn báo cáo|Thời gian báo cáo)",
                                          self.texts[i])]
        round_paragraphs += closing
        rounds, only_rounds = self.rounds(sorted(set(round_paragraphs)), period)
        for task in tasks:  # "Báo cáo tổng kết" due in the task list is a reporting deadline
            if re.search(r"báo cáo (?:tổng kết|sơ kết)", task.get("output", "") + " " + task["content"], re.IGNORECASE) \
                    and task["due"] and task["due"]["date"] and not any(r["deadline"] == task["due"]["date"] for r in rounds):
                kind = re.search(r"(tổng kết|sơ kết)", (task["output"] + task["content"]).lower()).group(1)
                rounds.append({"name": f"Báo cáo {kind}", "deadline": task["due"]["date"], "period_start": None,
                               "period_end": None, "text": task["content"], "span": task["span"]})
        units = self.units(*tcth_range, only_rounds) if tcth_range else []
        self.extend_period(period, [t["due"]["date"] for t in tasks if t["due"] and t["due"]["date"]]
                           + [r["deadline"] for r in rounds if r["deadline"]])

        # section text: every paragraph, except table rows that became tasks
        out_sections = []
        for s in sections:
            kept = [i for i in s["body_indices"] if i not in self.used_rows]
            out_sections.append({"numeral": s["numeral"], "heading": s["heading"], "text": self.text_of(kept),
                                 "span": s["span"], "heading_span": s["heading_span"]})
        if not headings and after_title < sections_end:
            # a text without Roman sections: its body is kept as one section
            body = [i for i in range(after_title, sections_end) if i not in self.used_rows]
            if body and not intro_indices:
                out_sections.append({"numeral": "", "heading": "", "text": self.text_of(body),
                                     "span": self.span_of(body[0], body[-1]), "heading_span": None})

        # recipients and signer (either order), then what follows (appendix)
        recipients: list[str] = []
        recipients_span = None
        signer = None
        i = end
        for _ in range(3):
            if i >= n:
                break
            if _RECIPIENTS_RE.match(self.texts[i]) and not recipients:
                recipients, recipients_span, i = self.recipients(i)
            elif signer is None and is_upper_line(self.texts[i]) and not _APPENDIX_RE.match(self.texts[i]):
                signer, i = self.signer(i)
                if signer is None:
                    break
            else:
                break
        appendix_title = None
        title_line = -1
        other: list[dict] = []
        for j in range(i, n):
            if self.paragraphs[j].is_row and j in self.used_rows:
                continue
            text = self.texts[j]
            if _APPENDIX_RE.match(text) or re.match(r"^\(?Kèm theo\b", text, re.IGNORECASE):
                continue
            if is_upper_line(text) and not self.paragraphs[j].is_row and (
                    appendix_title is None or title_line == j - 1):
                appendix_title = sentence_case(f"{appendix_title or ''} {text}".strip().upper())
                title_line = j
                continue
            other.append({"text": text, "span": self.span_of(j, j)})

        basis_indices = [i for s, (h, stop) in zip(sections, section_ranges) if re.match(r"^CĂN CỨ", s["heading"], re.I)
                         for i in range(h + 1, stop)]
        citations = self.citations(intro_indices, basis_indices)

        result = {
            "kind_word": kind_word,
            "title": title, "title_span": title_span,
            "issuer": head.get("issuer"), "issuer_parent": head.get("issuer_parent"),
            "issuer_span": head.get("issuer_span"), "issuer_lines": head.get("issuer_lines", []),
            "number": head.get("number"), "number_symbol": head.get("number_symbol"), "number_span": head.get("number_span"),
            "date": head.get("date"), "date_span": head.get("date_span"),
            "place": head.get("place"),
            "year": period["year"], "period_label": period["label"],
            "period_start": period["start"], "period_end": period["end"],
            "intro": intro, "intro_span": intro_span,
            "sections": out_sections,
            "closing": self.text_of(closing), "closing_span": self.span_of(closing[0], closing[-1]) if closing else None,
            "citations": citations,
            "units": units,
            "tasks": tasks,
            "rounds": rounds,
            "recipients": recipients, "recipients_span": recipients_span,
            "signer": signer or {"authority": "", "title": "", "deputy_title": "", "name": "", "span": None},
            "appendix_title": appendix_title,
            "other_text": other,
        }
        result.update(self.judge(result))
        return result

    # -- citations --------------------------------------------------------------------------------

    def citations(self, intro_indices: list[int], basis_indices: list[int]) -> list[dict]:
        """Every citation of the text with its role. In the preamble a citation is a basis when its
        paragraph opens with (or its clause follows) "Căn cứ", "implements" after "Thực hiện" /
        "Triển khai"; the items of a list under "Căn cứ:" inherit it, and so do the items of a
        section "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH" (`basis_indices`). Everything else is a mention."""
        text = self.source.text
        found = parse_citations(text)
        leads: list[tuple[int, str | None]] = []
        areas = [(self.paragraphs[i].start, self.paragraphs[i].end) for i in intro_indices + basis_indices]
        carried = None
        for i in intro_indices + basis_indices:
            if i == (basis_indices or [None])[0]:
                carried = "Căn cứ"
            a, b = self.paragraphs[i].start, self.paragraphs[i].end
            own = [(a + m.start("lead"), m.group("lead")) for m in _LEAD_IN_RE.finditer(text[a:b])]
            if own:
                leads += own
                carried = own[-1][1]
            elif carried and (DASH_RE.match(text[a:b]) or re.match(r"^(?:\d+[.)]|[a-zđ]\))\s", text[a:b])
                              or i in basis_indices):
                leads.append((a, carried))
            else:
                carried = None
                leads.append((a, None))
        out: list[dict] = []
        seen: dict[tuple, dict] = {}
        covered: list[tuple[int, int]] = []  # subjects of bases: citations inside them are mentions
        for c in found:
            start, end = c["start"], c["end"]
            role = "mention"
            if any(a <= start < b for a, b in areas):
                before = [lead for pos, lead in leads if pos <= start]
                if before and before[-1] and not any(a <= start < b for a, b in covered):
                    role = "implements" if before[-1] in ("Thực hiện", "Triển khai") else "basis"
            if c.get("subject"):
                s = text.find(c["subject"][:30], end)
                if s >= 0:
                    covered.append((s, s + len(c["subject"])))
            key = (c["kind"].split(" ")[0], number_key(c["number"])) if c["number"] else (
                c["kind"], (c.get("name") or c["span"]).lower())
            if c["number"] and key not in seen:
                # "Nghị quyết 101", "Nghị quyết liên tịch số 102/2025/NQLT": a short form of a number
                # already cited is a repeat of it
                shorter = [k for k in seen if k[0] == key[0] and k[1].startswith(key[1]) and k[1][len(key[1]):][:1] in "/-"]
                if shorter:
                    key = shorter[0]
            if key in seen:
                earlier = seen[key]
                for field in ("date", "issuer", "subject"):
                    if not earlier.get(field) and c.get(field):
                        earlier[field] = c[field]
                earlier.setdefault("repeat_spans", []).append(span(start, end))
                continue
            item = {"kind": c["kind"], "number": c["number"], "date": c["date"], "issuer": c["issuer"],
                    "subject": c["subject"], "name": c["name"], "number_as_written": c["number_as_written"],
                    "span": span(start, end), "role": role, "document_id": None}
            seen[key] = item
            out.append(item)
        return out

    # -- is this a plan? ----------------------------------------------------------------------------

    @staticmethod
    def judge(result: dict) -> dict:
        checks = [
            ("chữ “KẾ HOẠCH” đầu văn bản", result["kind_word"] == "KẾ HOẠCH"),
            ("trích yếu (tên kế hoạch)", bool(result["title"])),
            ("cơ quan ban hành", bool(result["issuer"])),
            ("số, ký hiệu", bool(result["number"])),
            ("ngày ban hành", bool(result["date"])),
            ("căn cứ ban hành (“Căn cứ …”, “Thực hiện …”)", any(c["role"] != "mention" for c in result["citations"])),
            ("các mục I., II., III.", len([s for s in result["sections"] if s["numeral"]]) >= 2),
            ("phần “Tổ chức thực hiện”", any(_TCTH_RE.search(s["heading"]) for s in result["sections"])),
            ("nhiệm vụ hoặc đơn vị thực hiện", bool(result["tasks"] or result["units"])),
            ("thời hạn báo cáo", bool(result["rounds"])),
            ("nơi nhận", bool(result["recipients"])),
            ("người ký", bool(result["signer"].get("name"))),
        ]
        found = [what for what, ok in checks if ok]
        missing = [what for what, ok in checks if not ok]
        verdict: dict = {"found": found, "missing": missing, "not_a_plan": None}
        other_kind = result["kind_word"] and result["kind_word"] != "KẾ HOẠCH"
        plan_like = sum(1 for what, ok in checks[:9] if ok)
        if other_kind or plan_like < 3 or not any(ok for what, ok in checks[5:9]):
            what = (f"Văn bản này là {result['kind_word']}, không phải kế hoạch."
                    if other_kind else "Văn bản này không giống một kế hoạch.")
            verdict["not_a_plan"] = (f"{what} Tìm thấy: {', '.join(found) if found else 'không có phần nào'}. "
                                     f"Không thấy: {', '.join(missing)}.")
        return verdict


def recognise_source(source: Source) -> dict:
    return _Reading(source).result()
