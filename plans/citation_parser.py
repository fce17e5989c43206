"""Parser of citations of Vietnamese legal documents in free text.

Plans cite the documents they implement ("Căn cứ ...", "Thực hiện ...") and the documents
units must disseminate. Real citations are irregular: text extracted from PDFs is hard-wrapped
(blank lines and stray spaces even inside "Chỉ \\n\\nthị"), "số số" is doubled, hyphens are
missing ("1669/NQUBTVQH15") or padded ("46 - CT/TW"), laws are cited by name and date only,
several decrees share one lead-in ("các Nghị định của Chính phủ: số 59/...; số 61/..."), and
Party documents are named without number ("Nghị quyết Đại hội XIII của Đảng").

This module is pure Python (no Django) so it can be used by the import code, a management
command and tests alike.

How it works, and why:

* The input is normalised to NFC first. Every offset returned (``start``, ``end``) refers to the
  NFC text, so ``unicodedata.normalize("NFC", text)[start:end] == span``.
* A *normalised view* of that text is built in which every whitespace run becomes one space, or
  one ``"\\n"`` when the line break starts a new clause (previous line ends with ``.;:!?``, the
  next line starts a list item or "Căn cứ", or the text has one paragraph a line as .docx
  extractions do). Wrapping therefore disappears and the grammar below only has to deal with
  single spaces, while a map from the view back to NFC offsets keeps spans exact.
* A citation is recognised from its kind word ("Quyết định", "Chỉ thị"...), then, in order and
  each optional: a law's name, an issuer written before the number ("các Nghị định của Chính
  phủ: số ..."), the number, the date, the issuer ("của ..."), the subject ("về ...").
  Words are scanned one by one with explicit stop words rather than one giant regex, because the
  end of an issuer or a law name is decided by what follows ("... Quốc hội và đại biểu ..." goes
  on, "... nhân dân và Luật ..." stops).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["parse_citations", "parse_one", "canonical_number"]


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

#: Kind words as they may be written (lower case) -> canonical kind.
_KIND_BASES: dict[str, str] = {
    "bộ luật": "Bộ luật",
    "luật": "Luật",
    "hiến pháp": "Hiến pháp",
    "pháp lệnh": "Pháp lệnh",
    "nghị quyết": "Nghị quyết",
    "nghị định": "Nghị định",
    "quyết định": "Quyết định",
    "chỉ thị": "Chỉ thị",
    "kết luận": "Kết luận",
    "thông tư": "Thông tư",
    "thông tri": "Thông tri",
    "kế hoạch": "Kế hoạch",
    "công văn": "Công văn",
    "công điện": "Công điện",
    "hướng dẫn": "Hướng dẫn",
    "quy chế": "Quy chế",
    "quy định": "Quy định",
    "thông báo": "Thông báo",
    "chương trình": "Chương trình",
    "đề án": "Đề án",
    "văn bản": "Văn bản",
    "báo cáo": "Báo cáo",
    "tờ trình": "Tờ trình",
    "điều lệ": "Điều lệ",
    "lệnh": "Lệnh",
}

#: Qualifiers that make a compound kind ("Nghị quyết liên tịch") and the bases they combine with
#: (None: any base that is not law-like).
_KIND_QUALIFIERS: dict[str, frozenset[str] | None] = {
    "liên tịch": None,
    "phối hợp": frozenset({"chương trình", "quy chế", "kế hoạch"}),
    "hành động": frozenset({"chương trình"}),
    "kết luận": frozenset({"thông báo"}),
    "hợp nhất": frozenset({"văn bản"}),
}

#: Kinds identified by a name rather than a number (Luật Đất đai, Hiến pháp năm 2013).
_LAW_KINDS = frozenset({"Luật", "Bộ luật", "Hiến pháp", "Pháp lệnh"})

#: Kinds that are often cited by a bare number without "số" ("Nghị quyết 101", "Đề án 06").
_BARE_NUMBER_KINDS = frozenset({
    "Nghị quyết", "Nghị định", "Chỉ thị", "Kết luận", "Quyết định", "Thông tư", "Quy định",
    "Đề án", "Nghị quyết liên tịch", "Thông tư liên tịch",
})

#: Document-type abbreviations that open the type part of a symbol; used to restore a missing
#: hyphen ("NQUBTVQH15" -> "NQ-UBTVQH15") or a slash written for a hyphen ("NQLT/UBTVQH15").
#: BC is deliberately absent: "BCĐ" (Ban Chỉ đạo) is an issuer, not "BC-Đ".
_TYPE_ABBREVIATIONS: tuple[str, ...] = tuple(sorted(
    ("NQLT", "TTLT", "HDLT", "KHLT", "CTLT", "QĐLT",
     "NQ", "QĐ", "CT", "NĐ", "TT", "KH", "KL", "HD", "CV", "TB", "QC"),
    key=len, reverse=True,
))

#: Type abbreviation in a symbol -> kind, to name a document pasted as a bare symbol.
_KIND_BY_ABBREVIATION: dict[str, str] = {
    "NQLT": "Nghị quyết liên tịch", "TTLT": "Thông tư liên tịch", "NQ": "Nghị quyết",
    "NĐ": "Nghị định", "QĐ": "Quyết định", "CT": "Chỉ thị", "KL": "Kết luận", "TT": "Thông tư",
    "KH": "Kế hoạch", "HD": "Hướng dẫn", "TB": "Thông báo", "QC": "Quy chế", "QĐi": "Quy định",
    "BC": "Báo cáo", "CV": "Công văn", "CĐ": "Công điện", "TTr": "Tờ trình", "ĐA": "Đề án",
    "CTr": "Chương trình",
}

#: Lower-case words that end an issuer: they start the subject or a new clause. Issuers are
#: capitalised names whose inner lower-case words ("nhân dân", "thành phố", "bầu cử") are free.
_ISSUER_STOP_WORDS: tuple[str, ...] = (
    "về", "v/v", "quy định", "ban hành", "hướng dẫn", "phê duyệt", "sửa đổi", "bổ sung",
    "thành lập", "kiện toàn", "triển khai", "thực hiện", "tổ chức", "xây dựng", "đề nghị",
    "yêu cầu", "chỉ đạo", "giao", "thông qua", "công bố", "đã", "được", "đến", "đối với",
    "trong", "tại", "theo", "nhằm", "để", "với", "cho", "là", "thì", "có", "các", "những",
    "năm", "ngày", "số", "nay", "này", "gồm", "như", "cụ thể", "kèm theo", "trên", "sau",
    "trước", "khi", "hiện", "đang", "sẽ", "nhưng", "hoặc", "tới", "từ", "vào", "đều", "cũng",
    "mà", "nên", "do", "bởi",
)

#: Lower-case verbs that open a main clause ("..., UBND xã xây dựng kế hoạch"): when an issuer
#: or a subject runs into one after a comma, the comma was the end of the citation.
_CLAUSE_VERBS: tuple[str, ...] = (
    "ban hành", "xây dựng", "triển khai", "tổ chức", "thực hiện", "đề nghị", "yêu cầu",
    "chỉ đạo", "giao", "hướng dẫn", "thông báo", "báo cáo", "đề ra", "quyết định",
)

#: Lower-case words that end a law's name ("Luật Đất đai ngày ...", "Luật Bầu cử và các ...").
_NAME_STOP_WORDS: tuple[str, ...] = (
    "số", "ngày", "năm", "về", "theo", "tại", "để", "nhằm", "đã", "được", "các", "những",
    "này", "đó", "quy định", "hướng dẫn", "là", "thì", "do", "hiện hành", "sau", "khi", "nêu",
    "như", "thông qua", "ban hành", "sửa đổi", "bổ sung", "nhiệm kỳ", "giai đoạn", "của",
    "thực hiện", "triển khai", "mới", "hoặc", "cũng", "đều", "vào", "từ", "đến", "trước",
    "lần", "gồm", "nói trên", "trên", "hiện nay", "đang", "sẽ", "khóa", "khoá", "và các",
)

#: Words that may not open a law's name: "Luật sư" (lawyer), "Luật gia" (jurist), "Luật này".
_NOT_LAW_NAMES = frozenset({
    "sư", "gia", "pháp", "định", "lệ", "này", "đó", "trên", "và", "với", "cho", "ở", "trong",
    "hoặc", "hay", "mà", "thì", "cũng",
})

#: Capitalised phrases that open a new clause of a preamble; never part of an issuer.
_LEAD_INS: tuple[str, ...] = ("Căn cứ", "Thực hiện", "Theo", "Xét", "Trên cơ sở", "Triển khai")

#: Abbreviations after which "." does not end the sentence ("UBND TP. Hồ Chí Minh").
_DOTTED_ABBREVIATIONS = frozenset({"TP", "Tp", "TX", "Tx", "Q", "P", "H", "TT", "TS", "ThS"})

#: Words after a bare number showing it is a quantity, not a document number ("Kế hoạch 6 tháng").
_QUANTITY_WORDS = frozenset({
    "tháng", "năm", "ngày", "lần", "người", "giờ", "phút", "km", "m", "ha", "triệu", "tỷ",
    "nghìn", "đồng", "xã", "phường", "hộ", "cuộc", "điểm", "tiêu", "nội", "nhiệm", "chỉ",
    "trang", "bản", "điều", "khoản", "đơn", "cấp", "đợt",
})

_MAX_ISSUER_WORDS = 25
_MAX_NAME_WORDS = 30
_MAX_SUBJECT_CHARS = 600


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    """Regex alternation of literal words, longest first so that "quy định" beats "quy"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --------------------------------------------------------------------------------------------
# Regular expressions (all applied to the normalised view: single spaces, "\n" = clause break)
# --------------------------------------------------------------------------------------------

#: A kind word, optionally with its qualifier. Case-insensitive; a lower-case first letter marks a
#: "weak" mention that counts only with a real symbol ("theo quyết định của ..." is prose).
_KIND_RE = re.compile(
    r"(?<!\w)(?P<base>" + _alternation(list(_KIND_BASES)) + r")"
    r"(?:[ ](?P<qual>" + _alternation(list(_KIND_QUALIFIERS)) + r"))?(?!\w)",
    re.IGNORECASE,
)

#: One piece of a symbol after a separator: a year, or an upper-case code such as UBND, NĐ, TTg,
#: QH15, QĐi. Must end at a word boundary so "Tuyên" is never read as a code.
_SYMBOL_PIECE = r"(?:\d{4}(?!\d)|[A-ZĐ][A-ZĐ0-9]*[a-z]?[A-ZĐ0-9]*)(?!\w)"

#: A number and symbol: "33/CT-TTg", "61/2023/NĐ-CP", "23-QĐ/TW", "46 - CT/TW" (one space
#: allowed around separators), "102/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN".
_SYMBOL_RE = re.compile(r"\d{1,6}[a-z]?(?:[ ]?[-–/][ ]?" + _SYMBOL_PIECE + r")+")

#: A bare number: "Nghị quyết 101". Not followed by a separator (that would be a date or symbol).
_BARE_NUMBER_RE = re.compile(r"\d{1,6}(?![\w/–-])(?!\.\d)")

#: What introduces a number: optional comma, space, and "số" possibly doubled or with a colon.
_NUMBER_INTRO_RE = re.compile(r"(?:,?[ ])?(?P<so>(?:số[ ]?:?[ ]?)+)?", re.IGNORECASE)

#: A date after "ngày" (doubled "ngày ngày" tolerated): 16/8/2023, 16-8-2023, 16.8.2023,
#: "16 tháng 8 năm 2023".
_DATE_RE = re.compile(
    r",?[ ](?:ngày[ ]){1,3}(?:"
    r"(?P<d>\d{1,2})[ ]?(?P<sep>[/.-])[ ]?(?P<m>\d{1,2})[ ]?(?P=sep)[ ]?(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})[ ]tháng[ ](?P<m2>\d{1,2})[ ]năm[ ](?P<y2>\d{4}))(?!\d)",
    re.IGNORECASE,
)

#: Year of a law or constitution named without number: "Luật Bầu cử năm 2015", "Hiến pháp 2013".
_YEAR_RE = re.compile(r"[ ](?:năm[ ])?(?P<y>(?:19|20)\d{2})(?![\d/])")

#: Amendment note after a law's name: "(sửa đổi)", "(được sửa đổi, bổ sung năm 2025)".
_AMENDMENT_NOTE_RE = re.compile(
    r"[ ]?\((?:(?:đã[ ])?được[ ])?(?:sửa đổi|bổ sung)[^()\n]{0,100}\)", re.IGNORECASE)

#: Opening of an amending law's title: "Luật sửa đổi, bổ sung một số điều của ...".
_AMENDING_TITLE_RE = re.compile(
    r"sửa đổi(?:,? bổ sung)?(?: một số điều)?(?: của)?(?=[ ])", re.IGNORECASE)

#: Separator between the laws listed in an amending title: ", Luật ...", " và Luật ...".
_LAW_LIST_SEPARATOR_RE = re.compile(r"(?:,[ ]và|,|[ ]và)[ ](?=(?:Bộ luật|Luật|Pháp lệnh)(?!\w))")

#: The issuer of a resolution named without number ("Nghị quyết Đại hội XIII của Đảng").
_RESOLUTION_BODY_RE = re.compile(r"[ ](?=(?:Đại hội|Hội nghị|Trung ương|TW)(?!\w))")

#: "của"/"giữa" before an issuer; "giữa A và B" names joint issuers.
_ISSUER_INTRO_RE = re.compile(r",?[ ](?P<prep>của|giữa)[ ]")

#: Words that open a subject ("về việc ...", "quy định chi tiết ...", "ban hành danh mục ...").
_SUBJECT_INTRO_RE = re.compile(
    r",?[ ](?=(?:về|v/v|quy định|ban hành|hướng dẫn|phê duyệt|sửa đổi|thành lập|kiện toàn"
    r"|triển khai|thực hiện|công bố|thông qua|giao)(?!\w))",
    re.IGNORECASE,
)

#: Characters that may end a subject; each hit is then examined in ``_scan_subject``.
_SUBJECT_BREAK_RE = re.compile(r"[;:\n()\[\]]|\.(?=\s|/|$)|,[ ]|[ ]và[ ]")

#: Another item after a shared lead-in: "; số 61/2023/NĐ-CP", ", số 13/QĐ-UBND", " và số ...".
_CONTINUATION_RE = re.compile(r"[ ]?[;,]?[ ](?:và[ ])?(?=(?:số[ ]?:?[ ]?)+\d)", re.IGNORECASE)

#: A token of the normalised text: a word, possibly with inner "&", "/", "-" (V/v, KH&ĐT).
_SO_RE = re.compile(r"(?:số[ ]?:?[ ]?)*", re.IGNORECASE)
_TOKEN_RE = re.compile(r"\w+(?:[&/'’-]\w+)*")

_ISSUER_STOP_RE = re.compile(r"(?:" + _alternation(_ISSUER_STOP_WORDS) + r")(?!\w)")
_SUBJECT_WORD_RE = re.compile(r"(?:[Vv]ề|V/v)(?!\w)")
_NAME_STOP_RE = re.compile(r"(?:" + _alternation(_NAME_STOP_WORDS) + r")(?!\w)")
_CLAUSE_VERB_RE = re.compile(r"(?:" + _alternation(_CLAUSE_VERBS) + r")(?!\w)")
_LEAD_IN_RE = re.compile(r"(?:" + _alternation(_LEAD_INS) + r")(?!\w)")
_NAME_OPENING_VERB_RE = re.compile(r"(?:thực hiện|ban hành|tổ chức|quy hoạch|thi hành)(?!\w)")

#: What makes a line break a clause break: the next line starts a list item or a new "Căn cứ".
_LIST_MARKER_RE = re.compile(
    r"(?:[-+•*–—][ \t]|\d+(?:\.\d+)*[.)][ \t]|[IVXLC]+\.[ \t]|[a-zđ]\)[ \t]|\(\d+\)|Căn cứ\b|Xét\b)")
_WHITESPACE_RE = re.compile(r"[\s\u200b\ufeff]+")


# --------------------------------------------------------------------------------------------
# Normalised view
# --------------------------------------------------------------------------------------------

@dataclass
class _View:
    """The NFC text with whitespace collapsed, and the NFC offset of every character."""

    nfc: str
    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """NFC offsets of the view slice [start, end); both ends sit on non-space characters."""
        return self.origin[start], self.origin[end - 1] + 1


#: A line longer than this cannot come from a page-width wrap: the text has one paragraph a line.
_PARAGRAPH_LINE_LENGTH = 250


@dataclass
class _Layout:
    """How lines are broken in a text, to tell a page-width wrap from the end of a paragraph."""

    paragraph_per_line: bool  # .docx-like: every line break ends a paragraph
    wrap_width: int | None  # typical length of a wrapped line (PDF-like texts with enough lines)

    @classmethod
    def of(cls, nfc: str) -> _Layout:
        lengths = sorted(len(line.strip()) for line in nfc.splitlines() if line.strip())
        paragraph_per_line = bool(lengths) and lengths[-1] > _PARAGRAPH_LINE_LENGTH
        long_lines = [n for n in lengths if n >= 20]
        wrap_width = long_lines[int(len(long_lines) * 0.9) - 1] if len(long_lines) >= 8 else None
        return cls(paragraph_per_line=paragraph_per_line, wrap_width=wrap_width)

    def ends_clause(self, nfc: str, run_start: int, run_end: int) -> bool:
        """Whether the line break in the whitespace run [run_start, run_end) ends a clause."""
        previous = nfc[run_start - 1] if run_start else ""
        if previous in ".;:!?" or run_end == len(nfc) or _LIST_MARKER_RE.match(nfc, run_end):
            return True
        if self.paragraph_per_line:
            return True
        if self.wrap_width and nfc[run_end].isupper():
            # a short line followed by a capital is the last line of a paragraph
            line_start = nfc.rfind("\n", 0, run_start) + 1
            return len(nfc[line_start:run_start].strip()) < 0.6 * self.wrap_width
        return False


def _build_view(text: str) -> _View:
    """Collapse whitespace so that hard-wrapped citations read like unwrapped ones.

    A whitespace run with a line break becomes "\\n" only when it plausibly ends a clause (see
    ``_Layout.ends_clause``): after sentence punctuation, before a list marker, at the end of a
    paragraph. Inside a wrapped sentence it becomes a plain space, which is what PDF extraction
    needs ("Chỉ \\n\\nthị" -> "Chỉ thị"). Short pasted texts are assumed to be wrapped.
    """
    nfc = unicodedata.normalize("NFC", text)
    layout = _Layout.of(nfc)
    chars: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in _WHITESPACE_RE.finditer(nfc):
        for k in range(pos, m.start()):
            chars.append(nfc[k])
            origin.append(k)
        run = m.group()
        clause_break = ("\n" in run or "\r" in run) and layout.ends_clause(nfc, m.start(), m.end())
        chars.append("\n" if clause_break else " ")
        origin.append(m.start())
        pos = m.end()
    for k in range(pos, len(nfc)):
        chars.append(nfc[k])
        origin.append(k)
    return _View(nfc=nfc, text="".join(chars), origin=origin)


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

def canonical_number(raw: str) -> str:
    """Canonical number and symbol, so that one document gets one registry key.

    Removes spaces ("46 - CT/TW" -> "46-CT/TW"), turns dashes into hyphens, restores the hyphen
    between a glued type abbreviation and the issuer ("1669/NQUBTVQH15" -> "1669/NQ-UBTVQH15")
    and the hyphen written as a slash in state symbols ("NQLT/UBTVQH15" -> "NQLT-UBTVQH15").
    Party symbols ("23-QĐ/TW": number, hyphen, type, slash, issuer) are left as they are.
    """
    s = re.sub(r"\s+", "", raw).replace("–", "-").replace("—", "-")
    m = re.match(r"(\d+[a-z]?)([-/])(.*)$", s)
    if not m or m.group(2) == "-":
        return s
    head, _, rest = m.groups()
    parts = rest.split("/")
    out: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part in _TYPE_ABBREVIATIONS and i + 1 < len(parts) and not parts[i + 1].isdigit():
            part = f"{part}-{parts[i + 1]}"
            i += 1
        elif "-" not in part and not part.isdigit() and part not in _TYPE_ABBREVIATIONS:
            part = _unglue_type(part)
        out.append(part)
        i += 1
    return head + "/" + "/".join(out)


def _unglue_type(part: str) -> str:
    """Insert the hyphen missing after a type abbreviation: "NQUBTVQH15" -> "NQ-UBTVQH15"."""
    for abbreviation in _TYPE_ABBREVIATIONS:
        rest = part[len(abbreviation):]
        if part.startswith(abbreviation) and len(rest) >= 2 and (rest[0].isupper() or rest[0].isdigit()):
            return f"{abbreviation}-{rest}"
    return part


def _kind_from_symbol(number: str) -> str | None:
    """The kind a symbol's type abbreviation stands for ("61/2023/NĐ-CP" -> "Nghị định")."""
    party = re.match(r"\d+[a-z]?-([A-ZĐa-z]+)/", number)
    if party:
        return _KIND_BY_ABBREVIATION.get(party.group(1))
    for part in number.split("/")[1:]:
        code = part.split("-")[0]
        if code in _KIND_BY_ABBREVIATION:
            return _KIND_BY_ABBREVIATION[code]
        if re.fullmatch(r"QH\d*", code):
            return "Luật"
    return None


def _iso_date(day: str, month: str, year: str) -> str | None:
    """ISO date, or None for an impossible one (a typo must not become a wrong date)."""
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _token_at(t: str, p: int) -> re.Match[str] | None:
    return _TOKEN_RE.match(t, p)


def _is_capitalised_token(t: str, p: int) -> bool:
    m = _token_at(t, p)
    return bool(m) and m.group()[0].isupper()


def _kind_at(t: str, p: int, *, any_case: bool = False) -> re.Match[str] | None:
    """The kind word at p; capitalised only unless ``any_case`` ("văn bản quy phạm" is prose)."""
    m = _KIND_RE.match(t, p)
    if m and (any_case or m.group()[0].isupper()):
        return m
    return None


def _numbered_citation_at(t: str, p: int) -> bool:
    """True when a kind word at p is followed by a number: a new citation starts there."""
    km = _kind_at(t, p, any_case=True)
    if not km:
        return False
    intro = _NUMBER_INTRO_RE.match(t, km.end())
    q = intro.end()
    return bool(_SYMBOL_RE.match(t, q) or (intro.group("so") and _BARE_NUMBER_RE.match(t, q)))


def _citation_start_at(t: str, p: int) -> bool:
    """True when a capitalised kind word at p opens a citation (numbered, or a named law)."""
    km = _kind_at(t, p)
    if not km:
        return False
    if _numbered_citation_at(t, p):
        return True
    if _KIND_BASES[km.group("base").lower()] in _LAW_KINDS:
        nxt = _token_at(t, km.end() + 1) if t[km.end():km.end() + 1] == " " else None
        return bool(nxt) and not _NAME_STOP_RE.match(t, nxt.start()) and nxt.group() not in _NOT_LAW_NAMES
    return False


def _words_until_break(t: str, p: int, limit: int = 8) -> int:
    """Number of plain words from p to the next punctuation or stop word (at most limit + 1)."""
    count = 0
    while count <= limit:
        m = _token_at(t, p)
        if not m or _NAME_STOP_RE.match(t, p) or _kind_at(t, p):
            break
        count += 1
        p = m.end()
        if t[p:p + 1] != " ":
            break
        p += 1
    return count


def _clause_follows(t: str, p: int, limit: int = 12) -> bool:
    """True when the words from p read as "<capitalised body> <verb>": a main clause begins.

    Used after a comma: "Thực hiện Kế hoạch ... của UBND huyện, UBND xã xây dựng kế hoạch" must
    not take "UBND xã" into the issuer nor "UBND xã xây dựng ..." into a subject.
    """
    if not _is_capitalised_token(t, p) or _kind_at(t, p):
        return False
    for _ in range(limit):
        m = _token_at(t, p)
        if not m:
            return False
        if _CLAUSE_VERB_RE.match(t, p):
            return True
        if _ISSUER_STOP_RE.match(t, p) or _SUBJECT_WORD_RE.match(t, p):
            return False  # "..., Sở Tư pháp về ...": a joint issuer followed by the subject
        p = m.end()
        if t[p:p + 1] != " ":
            return False
        p += 1
    return False


# --------------------------------------------------------------------------------------------
# Phrase scanners
# --------------------------------------------------------------------------------------------

def _scan_issuer(t: str, p: int, *, joint: bool = False, allow_of: bool = False) -> int:
    """End of an issuer starting at p (p itself when there is none).

    Issuers are capitalised names with free lower-case inner words; they end at punctuation, at a
    stop word that opens the subject or a new clause ("về", "quy định", "ban hành"...), or at a
    new citation. ", " and " và " continue only before another capitalised name (joint issuers:
    "Ủy ban Thường vụ Quốc hội, Chính phủ và Đoàn Chủ tịch ..."); with ``joint`` ("giữa A và B")
    the first " và " always continues. ``allow_of`` lets "của" through (resolution bodies:
    "Đại hội XIII của Đảng").
    """
    end = p
    words = 0
    first_and_free = joint
    while words < _MAX_ISSUER_WORDS:
        m = _token_at(t, p)
        if not m:
            break
        word = m.group()
        if words == 0 and not word[0].isupper():
            break
        if words and (_SUBJECT_WORD_RE.match(t, p) or _citation_start_at(t, p)):
            break
        if words and word == "và":
            nxt = m.end() + 1
            if not (first_and_free or (_is_capitalised_token(t, nxt) and not _citation_start_at(t, nxt)
                                       and not _LEAD_IN_RE.match(t, nxt))):
                break
            first_and_free = False
            p = nxt
            continue
        if words and word == "của" and allow_of:
            pass
        elif words and word == "của":
            if not (_is_capitalised_token(t, m.end() + 1) and not _kind_at(t, m.end() + 1)):
                break
        elif words and _ISSUER_STOP_RE.match(t, p):
            break
        words += 1
        end = m.end()
        sep = t[end:end + 3]
        if sep.startswith(" ") and not sep.startswith(" -") and not sep.startswith(" –"):
            p = end + 1
        elif sep.startswith(", "):
            nxt = end + 2
            if (not _is_capitalised_token(t, nxt) or _kind_at(t, nxt) or _LEAD_IN_RE.match(t, nxt)
                    or _clause_follows(t, nxt)):
                break
            p = nxt
        elif sep in (" - ", " – "):
            if not _is_capitalised_token(t, end + 3):
                break
            p = end + 3
        elif sep.startswith(". ") and word in _DOTTED_ABBREVIATIONS and _is_capitalised_token(t, end + 2):
            p = end + 2
        else:
            break
    return end


def _scan_law_words(t: str, p: int) -> tuple[int, int]:
    """End and word count of a law's name starting at p ("Bầu cử đại biểu Quốc hội và ...").

    Ends at punctuation, at a stop word ("số", "ngày", "năm", "của", "các"...), before another
    kind word ("... Thanh niên và Luật ..."), after at most _MAX_NAME_WORDS words. A comma goes on
    only inside short two-part names ("Phòng, chống tham nhũng", "Cán bộ, công chức").
    """
    end = p
    words = 0
    while words < _MAX_NAME_WORDS:
        m = _token_at(t, p)
        if not m:
            break
        word = m.group()
        if word[0].isdigit():
            break  # "Luật Bầu cử 2015": a year or a number is never part of the name
        if words == 0:
            # verbs may open a name ("Luật thực hiện dân chủ ở cơ sở"), function words may not
            if (word in _NOT_LAW_NAMES or _kind_at(t, p) or t.startswith("Căn cứ", p)
                    or _NAME_STOP_RE.match(t, p) and not _NAME_OPENING_VERB_RE.match(t, p)):
                break
        else:
            if word == "và":
                nxt = m.end() + 1
                nm = _token_at(t, nxt)
                if (not nm or _NAME_STOP_RE.match(t, nxt) or _kind_at(t, nxt)
                        or _LEAD_IN_RE.match(t, nxt)):
                    break
                p = nxt
                continue
            if _NAME_STOP_RE.match(t, p) or _kind_at(t, p) or _LEAD_IN_RE.match(t, p):
                break
        words += 1
        end = m.end()
        sep = t[end:end + 2]
        if sep.startswith(" ") and t[end + 1:end + 2] not in ("-", "–"):
            p = end + 1
        elif sep == ", ":
            nxt = end + 2
            nm = _token_at(t, nxt)
            if not nm or _kind_at(t, nxt) or _NAME_STOP_RE.match(t, nxt) or nm.group()[0].isdigit():
                break
            if nm.group() in ("chống", "bổ") or (words <= 2 and _words_until_break(t, nxt) <= 3):
                p = nxt
                continue
            break
        else:
            break
    return end, words


def _scan_law_name(t: str, p: int) -> tuple[int, int]:
    """End and word count of a law's name after its kind word (p is the space after the kind).

    An amending law's title takes in every law it names: "Luật sửa đổi, bổ sung một số điều
    của Luật Mặt trận Tổ quốc Việt Nam, Luật Công đoàn, Luật Thanh niên và Luật Thực hiện dân chủ
    ở cơ sở" is one citation, not five.
    """
    if t[p:p + 1] != " ":
        return p, 0
    start = p + 1
    amending = _AMENDING_TITLE_RE.match(t, start)
    if not amending:
        return _scan_law_words(t, start)
    end = amending.end()
    words = len(amending.group().split())
    q = end + 1
    while True:
        km = _kind_at(t, q)
        if not km or _KIND_BASES[km.group("base").lower()] not in _LAW_KINDS or t[km.end():km.end() + 1] != " ":
            break
        law_end, law_words = _scan_law_words(t, km.end() + 1)
        if not law_words:
            break
        end = law_end
        words += law_words + 1
        sep = _LAW_LIST_SEPARATOR_RE.match(t, end)
        if not sep:
            break
        q = sep.end()
    if end == amending.end():
        # "Luật sửa đổi, bổ sung một số điều của 11 luật về quân sự": take the plain words
        tail_end, tail_words = _scan_law_words(t, q)
        if tail_words:
            end, words = tail_end, words + tail_words
    return end, words


def _scan_subject(t: str, s: int) -> int:
    """End of a subject starting at s: the end of its clause.

    The clause ends at ";", ":", a sentence-final ".", a clause break, an unbalanced ")", before
    ", <another numbered citation>" and before ", <body> <verb>" (the main clause of a
    preamble). Nested citations ("về thực hiện Chỉ thị số 46-CT/TW ...") stay inside.
    """
    depth = 0
    q = s
    limit = s + _MAX_SUBJECT_CHARS
    while True:
        m = _SUBJECT_BREAK_RE.search(t, q)
        if not m or m.start() > limit:
            if m is None and len(t) <= limit:
                return len(t)
            cut = t.rfind(" ", s, limit)
            return cut if cut > s else min(len(t), limit)
        hit = m.group()
        if hit in "([":
            depth += 1
        elif hit in ")]":
            if not depth:
                return m.start()
            depth -= 1
        elif hit in (", ", " và "):
            after_so = _skip_so(t, m.end())
            if (_numbered_citation_at(t, m.end())
                    or after_so > m.end() and _SYMBOL_RE.match(t, after_so)
                    or hit == ", " and _clause_follows(t, m.end())):
                return m.start()
        elif hit == ".":
            before = t[max(s, m.start() - 4):m.start()].split(" ")[-1]
            if before not in _DOTTED_ABBREVIATIONS:
                return m.start()
        else:
            return m.start()
        q = m.end()


def _skip_so(t: str, p: int) -> int:
    """Position after "số " (possibly doubled) at p; p itself when there is none."""
    return _SO_RE.match(t, p).end()


# --------------------------------------------------------------------------------------------
# Citation grammar
# --------------------------------------------------------------------------------------------

@dataclass
class _Citation:
    """A citation in view offsets, before it is turned into the public dict."""

    kind: str
    start: int
    end: int
    number: str | None = None
    number_span: tuple[int, int] | None = None
    name: str | None = None
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    cover_end: int = 0  # end of the subject, or of the span when there is none

    @property
    def name_only(self) -> bool:
        return self.number is None


def _match_number(t: str, p: int, *, kind: str, strong: bool) -> tuple[int, int, bool] | None:
    """(start, end, is_symbol) of the number after p, or None.

    A symbol may follow any kind, with or without "số". A bare number needs "số", or a kind that
    is commonly cited that way ("Nghị quyết 101"), and must not be a quantity or a year.
    """
    intro = _NUMBER_INTRO_RE.match(t, p)
    q = intro.end()
    if q == p and not t[p:p + 1].isdigit():
        return None
    symbol = _SYMBOL_RE.match(t, q)
    if symbol:
        return symbol.start(), symbol.end(), True
    bare = _BARE_NUMBER_RE.match(t, q)
    if not bare or not (intro.group("so") or (strong and kind in _BARE_NUMBER_KINDS)):
        return None
    if not intro.group("so") and re.fullmatch(r"(?:19|20)\d\d", bare.group()):
        return None
    following = _token_at(t, bare.end() + 1) if t[bare.end():bare.end() + 1] == " " else None
    if following and following.group().lower() in _QUANTITY_WORDS:
        return None
    if t[bare.end():bare.end() + 1] == "%":
        return None
    return bare.start(), bare.end(), False


def _match_date(t: str, p: int) -> tuple[int, str | None] | None:
    """(end, ISO date) of "[,] ngày <date>" at p, or None.

    An impossible date ("31/02/2024") is still consumed, with date None, so that the issuer
    written after it is found and no wrong date is invented.
    """
    m = _DATE_RE.match(t, p)
    if not m:
        return None
    if m.group("d"):
        iso = _iso_date(m.group("d"), m.group("m"), m.group("y"))
    else:
        iso = _iso_date(m.group("d2"), m.group("m2"), m.group("y2"))
    return m.end(), iso


def _match_issuer(t: str, p: int) -> tuple[int, str] | None:
    """(end, issuer) of "[,] của <issuer>" / "giữa <A> và <B>" at p, or None."""
    m = _ISSUER_INTRO_RE.match(t, p)
    if not m:
        return None
    end = _scan_issuer(t, m.end(), joint=m.group("prep") == "giữa")
    if end == m.end():
        return None
    return end, t[m.end():end]


def _match_subject(t: str, p: int) -> tuple[int, int] | None:
    """(start, end) of the subject opening at p ("về ...", "quy định ..."), or None."""
    m = _SUBJECT_INTRO_RE.match(t, p)
    if not m:
        return None
    s = m.end()
    e = _scan_subject(t, s)
    while e > s and t[e - 1] in " ,-–":
        e -= 1
    return (s, e) if e > s else None


def _finish(t: str, cit: _Citation, last: int) -> _Citation:
    """Close a citation at ``last`` and attach the subject that follows, if any."""
    cit.end = last
    subject = _match_subject(t, last)
    if subject:
        cit.subject = t[subject[0]:subject[1]]
        cit.cover_end = subject[1]
    else:
        cit.cover_end = last
    return cit


def _read_date_and_issuer(t: str, p: int, cit: _Citation) -> int:
    """Read "ngày <date>" and "của <issuer>" after p, in either order; return the new end.

    An issuer already known (written before the number) is not looked for again.
    """
    date = _match_date(t, p)
    if date:
        p, cit.date = date
    if cit.issuer is None and (issuer := _match_issuer(t, p)):
        p, cit.issuer = issuer
        if not date and (date := _match_date(t, p)):
            p, cit.date = date
    return p


def _parse_item(t: str, p: int, *, kind: str, issuer: str | None) -> _Citation | None:
    """A further item after a shared lead-in, starting at "số" (p): number, date, issuer, subject."""
    num = _match_number(t, p, kind=kind, strong=True)
    if not num or not num[2]:
        return None
    start = p
    cit = _Citation(kind=kind, start=start, end=num[1], number_span=(num[0], num[1]))
    cit.number = canonical_number(t[num[0]:num[1]])
    last = _read_date_and_issuer(t, num[1], cit)
    if cit.issuer is None:
        cit.issuer = issuer
    return _finish(t, cit, last)


def _parse_at(t: str, km: re.Match[str]) -> list[_Citation]:
    """Citations that start with the kind word matched by ``km`` (several after a shared lead-in)."""
    base = km.group("base").lower()
    kind = _KIND_BASES[base]
    kind_end = km.end()
    qualifier = (km.group("qual") or "").lower()
    if qualifier:
        allowed = _KIND_QUALIFIERS[qualifier]
        if (allowed is None and kind not in _LAW_KINDS) or (allowed and base in allowed):
            kind = f"{kind} {qualifier}"
        else:
            kind_end = km.end("base")
    strong = km.group()[0].isupper()
    start = km.start()
    cit = _Citation(kind=kind, start=start, end=kind_end)
    last = kind_end
    named = False
    issuer_before_number = False

    if strong and kind in _LAW_KINDS:
        name_end, name_words = _scan_law_name(t, last)
        if name_words:
            last = name_end
        year = _YEAR_RE.match(t, last)
        if year and (name_words or kind == "Hiến pháp"):
            last = year.end()
        note = _AMENDMENT_NOTE_RE.match(t, last)
        if note and (name_words or year):
            last = note.end()
        if name_words or (kind == "Hiến pháp" and year):
            named = True
            cit.name = t[start:last]
    elif strong and kind == "Nghị quyết" and _RESOLUTION_BODY_RE.match(t, last):
        body_end = _scan_issuer(t, last + 1, allow_of=True)
        if len(t[last + 1:body_end].split()) >= 2:
            named = True
            cit.issuer = t[last + 1:body_end]
            cit.name = t[start:body_end]
            last = body_end
    else:
        prefix = _ISSUER_INTRO_RE.match(t, last)
        if prefix:
            issuer_end = _scan_issuer(t, prefix.end(), joint=prefix.group("prep") == "giữa")
            after = issuer_end + 1 if t[issuer_end:issuer_end + 1] == ":" else issuer_end
            if issuer_end > prefix.end() and _match_number(t, after, kind=kind, strong=strong):
                cit.issuer = t[prefix.end():issuer_end]
                issuer_before_number = True
                last = after

    num = _match_number(t, last, kind=kind, strong=strong)
    if num:
        if not strong and not num[2]:
            num = None
    if num:
        cit.number = canonical_number(t[num[0]:num[1]])
        cit.number_span = (num[0], num[1])
        last = num[1]
    elif not named:
        return []

    last = _read_date_and_issuer(t, last, cit)

    # A "liên tịch" label on a symbol without "LT" is a slip of the author (the symbol wins).
    if cit.kind.endswith(" liên tịch") and num and num[2] and "LT" not in cit.number:
        cit.kind = cit.kind[: -len(" liên tịch")]

    found = [_finish(t, cit, last)]
    shared_issuer = cit.issuer if issuer_before_number else None
    while cit.number:
        cont = _CONTINUATION_RE.match(t, found[-1].cover_end)
        if not cont:
            break
        item = _parse_item(t, cont.end(), kind=cit.kind, issuer=shared_issuer)
        if not item:
            break
        found.append(item)
    return found


def _to_public(view: _View, cit: _Citation) -> dict:
    start, end = view.span(cit.start, cit.end)
    number_as_written = None
    if cit.number_span:
        a, b = view.span(*cit.number_span)
        number_as_written = view.nfc[a:b]
    return {
        "kind": cit.kind,
        "number": cit.number,
        "number_as_written": number_as_written,
        "name": cit.name,
        "date": cit.date,
        "issuer": cit.issuer,
        "subject": cit.subject,
        "span": view.nfc[start:end],
        "start": start,
        "end": end,
    }


def _scan(t: str) -> list[_Citation]:
    """All citations of the view text, in text order.

    After a citation the search resumes at the end of its span (not of its subject), so a
    numbered document cited inside a subject is found too ("Kế hoạch ... về thực hiện Chỉ thị số
    46-CT/TW ..."). A document named without number inside another citation's name or subject is
    not a citation of its own ("Nghị định ... quy định chi tiết ... Luật Thực hiện dân chủ ...").
    """
    found: list[_Citation] = []
    covered: list[tuple[int, int]] = []
    pos = 0
    while True:
        km = _KIND_RE.search(t, pos)
        if not km:
            break
        group = _parse_at(t, km)
        if not group:
            pos = km.end("base")
            continue
        head = group[0]
        if head.name_only and any(a <= head.start < b for a, b in covered):
            pos = head.end
            continue
        for cit in group:
            found.append(cit)
            covered.append((cit.start, cit.cover_end))
        pos = group[-1].end
    return found


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

def parse_citations(text: str) -> list[dict]:
    """Every citation of a legal document in ``text``, in text order.

    ``text`` is normalised to NFC first; ``start``/``end`` are offsets in that NFC text and
    ``span`` is exactly ``nfc_text[start:end]`` (wrapped lines included as written). Each dict
    has: kind, number (canonical, or None), number_as_written (exact text of the number, or
    None), name (for a document cited by name), date ("YYYY-MM-DD" or None), issuer (as written,
    whitespace-normalised, or None), subject (the "về ..." part, or None), span, start, end.
    """
    view = _build_view(text)
    return [_to_public(view, cit) for cit in _scan(view.text)]


def parse_one(text: str) -> dict | None:
    """The citation in a pasted string (the first one), or None when there is none.

    A pasted bare symbol ("số 61/2023/NĐ-CP ngày 16/8/2023") is accepted too: its kind is read
    from the symbol's type abbreviation ("NĐ" -> "Nghị định"), "Văn bản" when unknown.
    """
    view = _build_view(text)
    found = _scan(view.text)
    if found:
        return _to_public(view, found[0])
    t = view.text
    for m in re.finditer(r"(?<!\w)(?:số[ ]?:?[ ]?)*(?=\d)", t, re.IGNORECASE):
        symbol = _SYMBOL_RE.match(t, m.end())
        if not symbol or not re.search(r"[A-ZĐ]", symbol.group()):
            continue
        kind = _kind_from_symbol(canonical_number(symbol.group())) or "Văn bản"
        item = _parse_item(t, m.start(), kind=kind, issuer=None)
        if item:
            return _to_public(view, item)
    return None
