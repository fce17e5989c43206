"""Reading a plan's source: a .docx, a PDF with a text layer, or pasted text, into plain text.

The result is a `Source`: the text a person sees on the review page (one paragraph a line) and
the paragraphs it is made of, each with its offsets in that text; a row of a real table (the task
appendix) keeps the offsets of its cells. Everything the recogniser finds is given as offsets into
`Source.text`, so the review page can highlight it.

What the reader knows about real files (REPORTS.md §2):

* A .docx keeps the letterhead and the signature block in borderless tables: their cells are read
  in reading order (row by row, cell by cell), as text. A table whose first row names columns
  ("STT", "Nội dung", "chủ trì" ...) is data: each row becomes one line, cells separated by " | ".
* Text copied out of a PDF is hard-wrapped, often with a blank line between wrapped lines, stray
  spaces and words split across lines. `unwrap` joins the wrapped lines back into paragraphs.
* The kind of a file is decided from its content, never from its name: an old .doc or a
  password-protected .docx (both OLE2 containers), a spreadsheet, an image or a scanned PDF
  gets a Vietnamese message saying what to do instead.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

MAX_BYTES = 20 * 1024 * 1024
#: A real plan is a few tens of thousands of characters; a million is not a plan but an accident.
MAX_CHARS = 1_000_000
#: Uncompressed size of a .docx's parts: a few MB at most for a real plan (guards zip bombs).
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
#: A PDF page of a real plan holds more letters than this when it has a text layer.
MIN_LETTERS_PER_PAGE = 40

CELL_SEPARATOR = " | "

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ImportRefused(Exception):
    """The input cannot be imported; ``message`` says why, in Vietnamese, and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Paragraph:
    """One line of `Source.text`: [start, end) offsets; a table row also has its cells' offsets."""

    start: int
    end: int
    cells: list[tuple[int, int]] | None = None

    @property
    def is_row(self) -> bool:
        return self.cells is not None


@dataclass
class Source:
    """The plain text of a plan's source and the paragraphs it is made of."""

    text: str
    kind: str  # "docx" | "pdf" | "text"
    paragraphs: list[Paragraph] = field(default_factory=list)

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start:paragraph.end]

    def cell_texts(self, paragraph: Paragraph) -> list[str]:
        return [self.text[a:b] for a, b in paragraph.cells or []]


# --------------------------------------------------------------------------------------------
# Building a Source from lines
# --------------------------------------------------------------------------------------------

# Characters that only steer line breaking: a non-breaking hyphen reads as a hyphen; word joiners,
# zero-width (non-)joiners and soft hyphens read as nothing.
_INVISIBLE = str.maketrans({"\u2011": "-", "\u2060": None, "\u200c": None, "\u200d": None, "\u00ad": None})
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000\ufeff]+")
_SPACES_NOT_TABS_RE = re.compile(r"[ \u00a0\u2000-\u200b\u202f\u3000\ufeff]+")


def _clean_line(text: str, *, keep_tabs: bool = False) -> str:
    """NFC, no control characters, single spaces, trimmed; tabs kept when asked (cells of a row)."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = "".join(ch if ch >= " " or ch == "\t" else " " for ch in text)
    if keep_tabs:
        return _SPACES_NOT_TABS_RE.sub(" ", text).strip(" ")
    return _SPACES_RE.sub(" ", text).strip()


class _Builder:
    """Appends lines (paragraphs or table rows) to a Source, keeping offsets."""

    def __init__(self, kind: str):
        self.kind = kind
        self.parts: list[str] = []
        self.length = 0
        self.paragraphs: list[Paragraph] = []

    def _append(self, text: str) -> int:
        if self.parts:
            self.parts.append("\n")
            self.length += 1
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        if self.length > MAX_CHARS:
            raise ImportRefused(
                f"Văn bản quá dài (hơn {MAX_CHARS:,} ký tự).".replace(",", ".")
                + " Một kế hoạch thường chỉ vài chục trang; hãy kiểm tra lại tệp hoặc đoạn văn bản đã dán.")
        return start

    def paragraph(self, text: str) -> None:
        text = _clean_line(text)
        if text:
            start = self._append(text)
            self.paragraphs.append(Paragraph(start, start + len(text)))

    def row(self, cells: list[str]) -> None:
        cells = [_clean_line(c) for c in cells]
        if not any(cells):
            return
        line = CELL_SEPARATOR.join(cells)
        start = self._append(line)
        spans, pos = [], start
        for cell in cells:
            spans.append((pos, pos + len(cell)))
            pos += len(cell) + len(CELL_SEPARATOR)
        self.paragraphs.append(Paragraph(start, start + len(line), cells=spans))

    def source(self) -> Source:
        return Source(text="".join(self.parts), kind=self.kind, paragraphs=self.paragraphs)


# --------------------------------------------------------------------------------------------
# Pasted text and PDF text: joining hard-wrapped lines
# --------------------------------------------------------------------------------------------

#: A line that starts a new item: "- ", "+ ", "•", "1.", "1.1.", "a)", "(1)", "II.", "Căn cứ".
_ITEM_START_RE = re.compile(
    r"(?:[-+•*–—][ \t]?|\d+(?:\.\d+)*[.)](?:\s|$)|\d+(?:\.\d+)+\s|[IVXLC]+[.)](?:\s|$)|[a-zđ][)](?:\s|$)"
    r"|\(\d+\)|Căn cứ\b|Nơi nhận\b|Kính gửi\b"
    r"|Thực hiện (?:Quyết định|Kế hoạch|Chỉ thị|Nghị quyết|Nghị định|Công văn|Hướng dẫn|Thông báo|Chương trình"
    r"|Kết luận|Văn bản|Thông tư)\b)")
_SENTENCE_END = ".;:!?…"
#: A row pasted from a table: cells separated by tabs or " | ".
_ROW_SPLIT_RE = re.compile(r"\t+| \| ")


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def is_upper_line(text: str) -> bool:
    """A line written in capitals ("KẾ HOẠCH", "TM. ỦY BAN NHÂN DÂN"): a heading or a block line."""
    letters = _letters(text)
    return len(letters) >= 2 and letters.isupper()


def unwrap(text: str) -> list[str]:
    """Paragraphs of a hard-wrapped text (PDF extraction, paste): wrapped lines joined back.

    A text where most line breaks are followed by a blank line (PDF extraction) has blank lines
    that mean nothing; elsewhere a blank line ends a paragraph. A line break also ends a
    paragraph after sentence punctuation before a capital, before a new item ("- ", "1.",
    "II.", "Căn cứ"), around lines in capitals, and after a line clearly shorter than the
    text's wrap width. Anything else is a wrap: joined with one space ("pa-\\nnô" -> "pa-nô").
    """
    raw = [_clean_line(line, keep_tabs=True) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    raw = [line if _row_cells(line) else line.replace("\t", " ").strip() for line in raw]
    # Do blank lines mean anything? Count breaks between two text lines with and without one.
    with_blank = without_blank = 0
    previous_nonblank = None
    blank_since = False
    for line in raw:
        if not line:
            blank_since = True
            continue
        if previous_nonblank is not None:
            if blank_since:
                with_blank += 1
            else:
                without_blank += 1
        previous_nonblank = line
        blank_since = False
    blanks_are_breaks = with_blank <= without_blank

    lengths = sorted(len(line) for line in raw if len(line) >= 20)
    longest = lengths[-1] if lengths else 0
    one_paragraph_a_line = longest > 250
    wrap_width = lengths[int(len(lengths) * 0.9) - 1] if len(lengths) >= 8 else None

    paragraphs: list[str] = []
    current: str | None = None
    for line in raw:
        if not line:
            if blanks_are_breaks and current is not None:
                paragraphs.append(current)
                current = None
            continue
        if current is None:
            current = line
            continue
        if _row_cells(line) or _row_cells(current) or _breaks(current, line, one_paragraph_a_line, wrap_width):
            paragraphs.append(current)
            current = line
        elif current.endswith("-") and len(current) > 1 and current[-2].isalpha() and line[:1].islower():
            current += line
        else:
            current += " " + line
    if current is not None:
        paragraphs.append(current)
    return paragraphs


def _breaks(previous: str, line: str, one_paragraph_a_line: bool, wrap_width: int | None) -> bool:
    """Whether the line break between `previous` and `line` ends a paragraph."""
    if one_paragraph_a_line or _ITEM_START_RE.match(line):
        return True
    if is_upper_line(previous) or is_upper_line(line):
        return True
    first = line[:1]
    starts_capital = first.isupper() or first in "“\"(‘'"
    if previous[-1] in _SENTENCE_END and starts_capital:
        return True
    if wrap_width and starts_capital and len(previous) < 0.75 * wrap_width:
        return True
    return False


def _row_cells(line: str) -> list[str] | None:
    """The cells of a line pasted from a table (3 cells or more), else None."""
    if "\t" not in line and " | " not in line:
        return None
    cells = [c.strip() for c in _ROW_SPLIT_RE.split(line)]
    return cells if len(cells) >= 3 else None


def _text_source(text: str, kind: str) -> Source:
    builder = _Builder(kind)
    for paragraph in unwrap(text):
        cells = _row_cells(paragraph)
        if cells:
            builder.row(cells)
        else:
            builder.paragraph(paragraph)
    return builder.source()


# --------------------------------------------------------------------------------------------
# .docx
# --------------------------------------------------------------------------------------------

#: Words of a header cell that make a table a data table (the task appendix), not a layout table.
_HEADER_WORDS = ("stt", "nội dung", "chủ trì", "phối hợp", "thời gian", "thời hạn", "sản phẩm", "kết quả",
                 "đơn vị", "nhiệm vụ")


def _is_data_table(first_row: list[str]) -> bool:
    cells = [c.lower() for c in first_row if c.strip()]
    hits = sum(1 for c in cells if any(w in c for w in _HEADER_WORDS))
    return len(cells) >= 3 and hits >= 2


def _docx_source(data: bytes) -> Source:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNCOMPRESSED:
                raise ImportRefused("Tệp .docx giải nén ra quá lớn, không phải một kế hoạch bình thường.")
            if "word/document.xml" not in names:
                raise ImportRefused(_zip_not_docx_message(names))
    except zipfile.BadZipFile as exc:
        raise ImportRefused(_CORRUPT_DOCX) from exc

    from docx import Document as open_docx
    from docx.oxml.ns import qn

    try:
        document = open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise ImportRefused(_CORRUPT_DOCX) from exc

    builder = _Builder("docx")
    p_tag, tbl_tag, tr_tag, tc_tag = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
    t_tag, br_tag, cr_tag, tab_tag = qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")
    # Word's own non-breaking and optional hyphens ("33/CT‑TTg" kept on one line) are elements, not text.
    no_break_hyphen_tag, soft_hyphen_tag = qn("w:noBreakHyphen"), qn("w:softHyphen")
    txbx_tag = qn("w:txbxContent")
    del_tag = qn("w:del")

    def paragraph_text(p) -> str:
        # Text of runs (w:t), line breaks as "\n", tabs as spaces; deleted text (tracked changes)
        # and text boxes (read separately) left out.
        out = []

        def left_out(node) -> bool:
            for ancestor in node.iterancestors():
                if ancestor is p:
                    return False
                if ancestor.tag in (del_tag, txbx_tag):
                    return True
            return False

        for node in p.iter(t_tag, br_tag, cr_tag, tab_tag, no_break_hyphen_tag, soft_hyphen_tag):
            if left_out(node):
                continue
            if node.tag == t_tag:
                out.append(node.text or "")
            elif node.tag == no_break_hyphen_tag:
                out.append("-")
            elif node.tag == soft_hyphen_tag:
                continue
            else:
                out.append(" " if node.tag == tab_tag else "\n")
        return "".join(out)

    numbering = _Numbering(document)

    def emit_paragraph(p) -> None:
        for box in p.iter(txbx_tag):
            # a text box is stored twice (mc:Choice for Word, mc:Fallback for old readers): read once
            if not any(a.tag.endswith("}Fallback") for a in box.iterancestors()):
                blocks(box)
        lines = paragraph_text(p).split("\n")
        if lines[0].strip():
            label = numbering.label(p)  # "I.", "1.", "a)", "-" that Word draws from its list numbering
            if label:
                lines[0] = f"{label} {lines[0].strip()}"
        for line in lines:
            builder.paragraph(line)

    def cell_text(tc) -> str:
        lines = [_clean_line(line) for p in tc.iter(p_tag) for line in paragraph_text(p).split("\n")]
        lines = [line for line in lines if line]
        if lines and all(len(line) <= 60 for line in lines) and len(lines) > 1:
            return "; ".join(line.rstrip(";,") for line in lines)
        return " ".join(lines)

    tcpr_tag, span_tag, vmerge_tag, val_attr = qn("w:tcPr"), qn("w:gridSpan"), qn("w:vMerge"), qn("w:val")

    def grid_cells(row, above: list[str]) -> list[str]:
        """A row's cells by grid column: a cell spanning columns (gridSpan) is followed by empty
        ones, a cell merged with the one above (vMerge) repeats its text, so columns line up."""
        cells: list[str] = []
        for tc in row:
            if tc.tag != tc_tag:
                continue
            props = tc.find(tcpr_tag)
            span = props.find(span_tag) if props is not None else None
            merge = props.find(vmerge_tag) if props is not None else None
            text = cell_text(tc)
            if merge is not None and merge.get(val_attr) in (None, "continue") and len(cells) < len(above):
                text = above[len(cells)]
            cells.append(text)
            cells.extend([""] * (int(span.get(val_attr, "1")) - 1 if span is not None else 0))
        return cells

    def table(tbl) -> None:
        rows = [row for row in tbl if row.tag == tr_tag]
        if not rows:
            return
        # a data table names its columns in its first rows (a title row may come before them)
        header = next((n for n, row in enumerate(rows[:3]) if _is_data_table(grid_cells(row, []))), None)
        if header is not None:
            for row in rows[:header]:
                for tc in row:
                    if tc.tag == tc_tag:
                        blocks(tc)
            above: list[str] = []
            for row in rows[header:]:
                above = grid_cells(row, above)
                builder.row(above)
            return
        for row in rows:  # a layout table: the cells' content in reading order
            for tc in row:
                if tc.tag == tc_tag:
                    blocks(tc)

    def blocks(container) -> None:
        for child in container:
            if child.tag == p_tag:
                emit_paragraph(child)
            elif child.tag == tbl_tag:
                table(child)
            elif child.tag not in (tr_tag,):
                # content controls (w:sdt) and the like wrap paragraphs and tables
                if len(child):
                    blocks(child)

    try:
        blocks(document.element.body)
    except ImportRefused:
        raise
    except Exception as exc:  # a part python-docx opened but cannot walk (damaged XML, bad numbering)
        raise ImportRefused(_CORRUPT_DOCX) from exc
    return builder.source()


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += letters
            number -= value
    return out


def _letters_of(number: int) -> str:
    return "abcdefghiklmnopqrstuvxy"[(number - 1) % 23] * ((number - 1) // 23 + 1)


_NUMBER_FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}", "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(), "upperLetter": lambda n: _letters_of(n).upper(),
    "lowerLetter": _letters_of,
}


class _Numbering:
    """The labels Word draws for list paragraphs ("I.", "1.", "1.1.", "a)", bullets): they are not in
    the paragraph's text, yet "I. MỤC ĐÍCH, YÊU CẦU" is a section only with its numeral."""

    def __init__(self, document):
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}
        try:
            self._read(document)
        except Exception:  # a damaged numbering part: paragraphs are read without their list labels
            self.levels, self.style_numbering = {}, {}

    def _read(self, document) -> None:
        qn = self.qn
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for level in node.findall(qn("w:lvl")):
                levels[int(level.get(qn("w:ilvl"), "0"))] = (
                    self._val(level, "w:numFmt") or "decimal", self._val(level, "w:lvlText") or "",
                    int(self._val(level, "w:start") or 1))
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for node in root.findall(qn("w:num")):
            self.levels[node.get(qn("w:numId"))] = abstract.get(self._val(node, "w:abstractNumId"), {})
        for style in document.styles.element.findall(qn("w:style")):
            ppr = style.find(qn("w:pPr"))
            num = ppr.find(qn("w:numPr")) if ppr is not None else None
            if num is not None and self._val(num, "w:numId"):
                self.style_numbering[style.get(qn("w:styleId"))] = (self._val(num, "w:numId"),
                                                                    int(self._val(num, "w:ilvl") or 0))

    def _val(self, element, tag: str) -> str | None:
        child = element.find(self.qn(tag)) if element is not None else None
        return child.get(self.qn("w:val")) if child is not None else None

    def label(self, paragraph) -> str:
        ppr = paragraph.find(self.qn("w:pPr"))
        if ppr is None:
            return ""
        num = ppr.find(self.qn("w:numPr"))
        num_id, level = (self._val(num, "w:numId"), self._val(num, "w:ilvl")) if num is not None else (None, None)
        if num_id is None:
            num_id, level = self.style_numbering.get(self._val(ppr, "w:pStyle"), (None, 0))
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        level = int(level or 0)
        levels = self.levels[num_id]
        fmt, text, start = levels.get(level, ("decimal", f"%{level + 1}.", 1))
        counts = self.counters.setdefault(num_id, [0] * 10)
        counts[level] = counts[level] + 1 if counts[level] else start
        for deeper in range(level + 1, len(counts)):
            counts[deeper] = 0
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return text.strip()

        def render(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            k_fmt, _text, k_start = levels.get(k, ("decimal", "", 1))
            return _NUMBER_FORMATS.get(k_fmt, str)(counts[k] or k_start)

        return re.sub(r"%(\d)", render, text).strip()


_CORRUPT_DOCX = ("Tệp .docx bị hỏng, không đọc được. Hãy mở tệp bằng Word, lưu lại (File > Save As > "
                 "Word Document) rồi tải lên lại.")


def _zip_not_docx_message(names: set[str]) -> str:
    if any(n.startswith("xl/") for n in names):
        return ("Đây là tệp bảng tính Excel, không phải văn bản kế hoạch. Hãy tải lên tệp Word (.docx), PDF "
                "hoặc dán nội dung kế hoạch.")
    if "mimetype" in names or "content.xml" in names:
        return ("Đây là tệp OpenDocument (.odt). Hãy mở bằng LibreOffice hoặc Word và lưu thành .docx rồi tải "
                "lên lại.")
    if any(n.startswith("ppt/") for n in names):
        return "Đây là tệp trình chiếu PowerPoint, không phải văn bản kế hoạch."
    return "Tệp nén này không phải tệp Word (.docx). Hãy tải lên tệp .docx, PDF hoặc dán nội dung kế hoạch."


def _ole2_message(data: bytes) -> str:
    """An OLE2 container is an old .doc, a password-protected .docx/.xlsx, or an old .xls."""
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return ("Tệp Word này được đặt mật khẩu nên không đọc được. Hãy mở tệp bằng Word, gỡ mật khẩu "
                "(File > Info > Protect Document > Encrypt with Password, xóa mật khẩu), lưu lại rồi tải lên lại.")
    if "WordDocument".encode("utf-16-le") in data:
        return ("Đây là tệp Word cũ (.doc). Hãy mở tệp bằng Word và lưu lại dưới dạng .docx (File > Save As > "
                "Word Document (*.docx)), rồi tải tệp .docx lên.")
    return ("Đây là tệp Office định dạng cũ (không phải .docx). Hãy lưu lại dưới dạng .docx rồi tải lên, hoặc "
            "dán nội dung kế hoạch.")


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------

def _pdf_source(data: bytes) -> Source:
    import logging

    from pypdf import PdfReader

    for name in ("pypdf", "pdfminer"):  # warnings about a damaged file are the user's message, not a log
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # unsupported encryption algorithms
                opened = 0
            if not opened:
                raise ImportRefused("Tệp PDF được đặt mật khẩu nên không đọc được. Hãy dùng bản không có mật "
                                    "khẩu, tệp Word gốc, hoặc dán nội dung kế hoạch.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ImportRefused:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file (PdfReadError, LimitReachedError, ...)
        raise ImportRefused("Tệp PDF bị hỏng, không đọc được. Hãy dùng tệp Word gốc hoặc dán nội dung kế hoạch.") \
            from exc
    if not pages:
        raise ImportRefused("Tệp PDF không có trang nào.")
    letters = sum(len(_letters(page)) for page in pages)
    if letters < MIN_LETTERS_PER_PAGE * len(pages):
        raise ImportRefused(
            "Tệp PDF này là bản quét (ảnh chụp), không có lớp chữ nên không nhận diện được nội dung. Hãy dùng "
            "tệp Word gốc, tệp PDF xuất trực tiếp từ Word, hoặc dán nội dung kế hoạch vào ô văn bản.")
    pages = [_without_page_number(page) for page in pages]
    first_table = next((n for n, page in enumerate(pages) if _TABLE_HEADER_RE.search(page)), None)
    if first_table is not None:
        _read_pdf_tables(data, pages, first_table)
    return _text_source("\n".join(pages), "pdf")


#: A page whose text names the columns of a task table ("STT ... chủ trì ...").
_TABLE_HEADER_RE = re.compile(r"(?:STT|\bTT\b).{0,200}(?:chủ trì|Nội dung|nhiệm vụ)", re.IGNORECASE | re.DOTALL)


def _read_pdf_tables(data: bytes, pages: list[str], first: int) -> None:
    """Replace the text of the pages holding the task table (from page `first` on) by the text
    above the table, its rows ("cell | cell | ..."), and the text below it: the lines of a PDF
    table read as text mix up its columns. pdfplumber finds the table from its ruling lines."""
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for n in range(first, len(pdf.pages)):
                page = pdf.pages[n]
                tables = page.find_tables()
                if not tables:
                    continue
                parts = [page.crop((0, 0, page.width, tables[0].bbox[1])).extract_text() or ""]
                for table in tables:
                    for row in table.extract():
                        parts.append(CELL_SEPARATOR.join(" ".join((cell or "").split()) for cell in row))
                parts.append(page.crop((0, tables[-1].bbox[3], page.width, page.height)).extract_text() or "")
                pages[n] = _without_page_number("\n".join(part for part in parts if part.strip()))
    except Exception:  # a table that cannot be read stays as the text layer gives it
        return


def _without_page_number(page: str) -> str:
    """A page's text without the page number printed alone on its first or last line."""
    lines = page.strip("\n").split("\n")
    if lines and re.fullmatch(r"\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*", lines[-1]):
        lines.pop()
    if lines and re.fullmatch(r"\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*", lines[0]):
        lines.pop(0)
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------

_IMAGE_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")


def _decode_text(data: bytes) -> str:
    """Bytes of a text file: UTF-8 (with or without BOM) or UTF-16 with BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
        if text is not None and "\x00" not in text:
            controls = sum(1 for ch in text[:20000] if ch < " " and ch not in "\t\n\r\f")
            if controls <= len(text[:20000]) // 100:
                return text
    raise ImportRefused("Tệp không phải .docx, PDF hay văn bản thuần (UTF-8). Hãy tải lên tệp Word (.docx), "
                        "tệp PDF có lớp chữ, hoặc dán nội dung kế hoạch.")


def read_source(*, data: bytes | None = None, filename: str = "", text: str | None = None) -> Source:
    """The plain text of an uploaded file (``data``) or of pasted ``text``; ImportRefused when it
    cannot be read. The kind of a file is read from its content; ``filename`` only words messages."""
    if data is None and text is None:
        raise ImportRefused("Chưa có nội dung: hãy chọn tệp Word / PDF hoặc dán nội dung kế hoạch.")
    if text is not None:
        if len(text) > MAX_CHARS:
            raise ImportRefused(f"Văn bản dán vào quá dài (hơn {MAX_CHARS:,} ký tự).".replace(",", ".")
                                + " Hãy chỉ dán nội dung của một kế hoạch.")
        source = _text_source(text, "text")
    else:
        name = f"Tệp “{filename}”" if filename else "Tệp"
        if not data:
            raise ImportRefused(f"{name} trống (0 byte).")
        if len(data) > MAX_BYTES:
            raise ImportRefused(f"{name} lớn hơn 20 MB. Một kế hoạch thường chỉ vài trăm KB; hãy kiểm tra lại "
                                "tệp (bỏ ảnh chèn trong văn bản) hoặc dán nội dung kế hoạch.")
        if data.startswith(b"PK\x03\x04"):
            source = _docx_source(data)
        elif data.lstrip()[:5] == b"%PDF-":
            source = _pdf_source(data)
        elif data.startswith(OLE2_SIGNATURE):
            raise ImportRefused(_ole2_message(data))
        elif data.lstrip()[:5] == b"{\\rtf":
            raise ImportRefused("Đây là tệp RTF. Hãy mở bằng Word và lưu lại dưới dạng .docx rồi tải lên.")
        elif data.startswith(_IMAGE_SIGNATURES):
            raise ImportRefused("Đây là tệp ảnh, không có chữ để nhận diện. Hãy dùng tệp Word gốc, tệp PDF có lớp "
                                "chữ, hoặc dán nội dung kế hoạch.")
        else:
            source = _text_source(_decode_text(data), "text")
    if not source.text.strip():
        raise ImportRefused("Không có chữ nào để nhận diện: tệp hoặc đoạn văn bản trống.")
    return source
