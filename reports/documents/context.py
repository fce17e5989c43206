"""The plain data every printed document is made of, and the text rules of NĐ 30 they share.

A context builder (one per kind of document) turns a model object into a `Document`; the HTML
layout, the Word builder and the spreadsheet builder all read only this data, so a document can
be tested without WeasyPrint and an issued document can be rebuilt from its frozen snapshot.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field

from django.utils.text import slugify
from unidecode import unidecode

from danvan.text import date_line, nfc, roman, safe_text, text_date  # noqa: F401 - roman is used by the kinds' builders

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BODY_END = "./."


@dataclass
class Block:
    """One paragraph of the body. kind: heading (I. MỤC…), subheading (1. Mục đích), paragraph, item."""

    kind: str
    text: str


@dataclass
class Signer:
    authority: str  # "TM. ỦY BAN NHÂN DÂN"
    title_lines: list[str]  # ["CHỦ TỊCH"] or ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    name: str


@dataclass
class Column:
    label: str
    width: int  # percent of the table width (the widths of a table add up to 100)
    align: str = "left"  # left, center, justify
    xlsx_width: int = 20  # characters, for the spreadsheet


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[str]]


@dataclass
class Appendix:
    label: str  # "Phụ lục" (or "Phụ lục I" when there are several)
    title: str  # upper case, e.g. "BẢNG TỔNG HỢP NHIỆM VỤ, PHÂN CÔNG TRÁCH NHIỆM"
    attached_line: str  # "(Kèm theo Kế hoạch số …/KH-UBND ngày … của …)"
    table: Table
    sheet_name: str = "Phụ lục"


@dataclass
class Document:
    """Everything printed on a state-format document (FORMAT.md §8), as plain values."""

    kind: str  # registry key, e.g. "plan"
    template: str  # the kind template that extends documents/base.html
    kind_word: str  # "KẾ HOẠCH", "BÁO CÁO"
    draft: bool
    header_lines: list[str]  # issuing body, one printed line each (bold)
    number_line: str  # "Số: 05/KH-UBND" or "Số:      /KH-UBND"
    date_line: str  # "Phù Liễn, ngày 03 tháng 9 năm 2025"
    title: str  # trích yếu, sentence case
    signer: Signer
    filename_stem: str  # ASCII, e.g. "ke-hoach-05-KH-UBND-2025"
    parent_line: str = ""  # cơ quan chủ quản, printed above the issuing body (not bold)
    addressees: list[str] = field(default_factory=list)  # Kính gửi (a BC sent upward only)
    basis_lines: list[str] = field(default_factory=list)  # căn cứ, italic, one per line
    blocks: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # Nơi nhận lines, "- …;" … "- Lưu: VT, …."
    appendices: list[Appendix] = field(default_factory=list)
    # A công văn (NĐ 30 Mẫu 1.5): "V/v …" under the number instead of a tên loại and trích yếu title.
    letter_subject: str = ""

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


# A document's number and symbol ("09/2019/NĐ-CP", "33/CT-TTg", "126/BC-UBND") or a date: digits, a
# slash, then letters, digits, slashes and hyphens. Printed, it never breaks across lines (REPORTS.md §4).
NUMBER_PATTERN = re.compile(r"\d+(?:[-./][0-9A-Za-zÀ-ỹĐđ]+)*/[0-9A-Za-zÀ-ỹĐđ]+(?:[-./][0-9A-Za-zÀ-ỹĐđ]+)*")
_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")


def number_spans(text: str) -> list[tuple[str, bool]]:
    """The text cut into (part, is_a_number) pieces, for the layouts to keep each number whole.

    Only numbers with a symbol ("126/BC-UBND") are marked: a date or "9/9" has no break opportunity
    in it (Unicode line breaking keeps digits and slashes together), so it needs nothing."""
    pieces, last = [], 0
    for match in NUMBER_PATTERN.finditer(text):
        if not any(char.isalpha() for char in match.group()):
            continue
        if match.start() > last:
            pieces.append((text[last:match.start()], False))
        pieces.append((match.group(), True))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def doc_dates(text: str) -> str:
    """Every dd/mm/yyyy of a printed text in the one style of the date line: "30/09/2025" →
    "30/9/2025", "6/1/2025" → "06/01/2025" (REPORTS.md §4)."""
    def one(match):
        try:
            return text_date(datetime.date(int(match[3]), int(match[2]), int(match[1])))
        except ValueError:
            return match.group()
    return _DATE.sub(one, text) if text else text


def number_line(number: int | None, symbol: str) -> str:
    """ "Số: 05/KH-UBND": numbers under 10 take a leading zero; a draft leaves six blanks."""
    if number is None:
        return f"Số:{' ' * 6}/{symbol}"
    return f"Số: {number:02d}/{symbol}"


def number_text(number: int | None, symbol: str) -> str:
    """The number as cited in a sentence ("05/KH-UBND"), blank for a draft."""
    return f"{number:02d}/{symbol}" if number is not None else f"{' ' * 6}/{symbol}"


def safe_document(value):
    """The document (or any part of it) with every text passed through danvan.text.safe_text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: safe_document(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    if isinstance(value, list):
        return [safe_document(item) for item in value]
    return safe_text(value) if isinstance(value, str) else value


def clean(text: str | None) -> str:
    """One line of user text: NFC, single spaces."""
    return " ".join(nfc(text or "").split())


def end_body(text: str) -> str:
    """The last paragraph of the body ends with "./." (FORMAT.md §4.3)."""
    text = text.rstrip()
    if text.endswith(BODY_END):
        return text
    return text.rstrip(".;:,") + BODY_END


def finish_blocks(blocks: list[Block]) -> list[Block]:
    if blocks:
        blocks[-1] = Block(blocks[-1].kind, end_body(blocks[-1].text))
    return blocks


_KHOAN = re.compile(r"^(\d+(?:\.\d+)*)\.\s+(.*)$")


def paragraphs(text: str | None) -> list[Block]:
    """An intro or closing as typed: one paragraph per non-empty line."""
    return [Block("paragraph", clean(line)) for line in (text or "").splitlines() if clean(line)]


def body_blocks(text: str) -> list[Block]:
    """Split an editor's section text into paragraphs, one per line.

    "1. Mục đích" (a numbered line that reads as a title: short, no closing punctuation) is a
    khoản with a title and prints bold; "1. Tổ chức …;" is a khoản without one and prints upright,
    as NĐ 30 Mục V shows. Dashes, "+" and "a)" lines are items.
    """
    blocks = []
    for raw in nfc(text or "").splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        match = _KHOAN.match(line)
        if match and len(match[2]) <= 90 and not match[2].endswith((".", ";", ":", ",")):
            blocks.append(Block("subheading", line))
        elif line[:1] in "-+–" or re.match(r"^[a-zđ]\)\s", line):
            blocks.append(Block("item", line))
        else:
            blocks.append(Block("paragraph", line))
    return blocks


def recipient_lines(lines: list[str], filing_unit: str = "") -> list[str]:
    """Nơi nhận as NĐ 30 prints it: "- X;" per line, the last one "- Lưu: VT, <unit>."."""
    items = []
    for raw in lines:
        text = clean(raw).lstrip("-–+ ").rstrip(";.,").strip()
        if text:
            items.append(text)
    if not any(item.lower().startswith("lưu") for item in items):
        items.append(f"Lưu: VT, {filing_unit}" if filing_unit else "Lưu: VT")
    # "Lưu" is always the last line.
    items = [i for i in items if not i.lower().startswith("lưu")] + [i for i in items if i.lower().startswith("lưu")]
    return [f"- {item}{'.' if n == len(items) - 1 else ';'}" for n, item in enumerate(items)]


def basis_lines(texts: list[str]) -> list[str]:
    """One căn cứ per line, each ending ";", the last ending "." (FORMAT.md §1, ô 6)."""
    texts = [clean(t).rstrip(";.,") for t in texts if clean(t)]
    return [f"{t}{'.' if n == len(texts) - 1 else ';'}" for n, t in enumerate(texts)]


def ascii_slug(text: str) -> str:
    """ASCII file-name part that keeps case and slashes as hyphens: "125/KH-UBND" → "125-KH-UBND"."""
    return re.sub(r"[^A-Za-z0-9]+", "-", unidecode(nfc(text))).strip("-")


def filename_stem(kind_name: str, *, number: int | None, symbol: str, issued_on: datetime.date | None,
                  pk: int) -> str:
    """ke-hoach-125-KH-UBND-2025 for an issued document, du-thao-ke-hoach-<pk> for a draft."""
    kind_slug = slugify(unidecode(kind_name))
    if number is None or issued_on is None:
        return f"du-thao-{kind_slug}-{pk}"
    return f"{kind_slug}-{number:02d}-{ascii_slug(symbol)}-{issued_on.year}"


# --- Parts every issued document shares (plan and roll-up print data have the same keys) ---------

def issue_of(data: dict) -> tuple[int | None, datetime.date | None, bool]:
    """(number, issued_on, draft): a document without both a number and a date is a draft."""
    number = data.get("number")
    issued_on = datetime.date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None
    if number is None or issued_on is None:
        return None, None, True
    return number, issued_on, False


def letterhead(org: dict, *, number: int | None, symbol: str, issued_on: datetime.date | None,
               year: int | None = None) -> dict:
    """The header blocks (ô 1–4) as Document fields (`year`: the document's own, for a draft)."""
    return {
        "parent_line": clean(org.get("header_parent_name")),
        "header_lines": [clean(line).upper() for line in org["header_lines"]],
        "number_line": number_line(number, symbol),
        "date_line": date_line(clean(org["place_name"]), issued_on, year),
    }


def attached_line(kind_name: str, org: dict, *, number: int | None, symbol: str,
                  issued_on: datetime.date | None, year: int | None = None) -> str:
    """"(Kèm theo Kế hoạch số 125/KH-UBND ngày 15 tháng 8 năm 2025 của …)" under an appendix title."""
    return (f"(Kèm theo {kind_name} số {number_text(number, symbol)} "
            f"{date_line('', issued_on, year).removeprefix(', ')} của {clean(org['name'])})")


def signer_block(data: dict) -> Signer:
    """Authority line (the organization's by default), title lines (KT./deputy), name."""
    signer = data.get("signer") or {}
    titles = [clean(signer.get("title")), clean(signer.get("deputy_title"))]
    return Signer(authority=clean(signer.get("authority")) or clean(data["organization"].get("authority_line")),
                  title_lines=[t.upper() for t in titles if t], name=clean(signer.get("name")))


def attached_to(kind_name: str, data: dict) -> str:
    """The "(Kèm theo …)" line of the appendices of the document these print data describe."""
    number, issued_on, _draft = issue_of(data)
    return attached_line(kind_name, data["organization"], number=number, symbol=data["symbol"], issued_on=issued_on,
                         year=data.get("year"))


def state_document(data: dict, *, pk: int, kind: str, kind_word: str, kind_name: str, blocks: list[Block],
                   appendices: list[Appendix], basis_lines: list[str] | None = None,
                   filing_unit: str = "") -> Document:
    """A Document from print data with the keys every kind shares (organization, symbol, number,
    issued_on, title, recipients, signer): header blocks, title, Nơi nhận, signature and file name
    are filled here, the same way for every kind; the kind brings its body and appendices.
    The template is documents/<kind>.html."""
    org = data["organization"]
    number, issued_on, draft = issue_of(data)
    symbol = data["symbol"]
    blocks = [Block(block.kind, doc_dates(block.text)) for block in blocks]
    for appendix in appendices:
        appendix.table.rows = [[doc_dates(cell) for cell in row] for row in appendix.table.rows]
    return Document(
        kind=kind,
        template=f"documents/{kind}.html",
        kind_word=kind_word,
        draft=draft,
        **letterhead(org, number=number, symbol=symbol, issued_on=issued_on, year=data.get("year")),
        title=doc_dates(clean(data["title"])),
        basis_lines=[doc_dates(line) for line in basis_lines or []],
        blocks=blocks,
        recipients=recipient_lines(data.get("recipients") or [], filing_unit),
        signer=signer_block(data),
        appendices=appendices,
        filename_stem=filename_stem(kind_name, number=number, symbol=symbol, issued_on=issued_on, pk=pk),
    )


APPENDIX_END = BODY_END  # under each appendix's table, as under the body (REPORTS.md §4)
CELL_PADDING_MM = 2 * 4 * 25.4 / 72 + 0.6  # 4 pt each side of a cell, and the borders


def fitted_widths(table: Table, total_mm: float, size_pt: float = 13,
                  padding_mm: float = CELL_PADDING_MM) -> list[float]:
    """Column widths in mm, as the columns ask, widened so that each fits its longest word ("STT",
    "30/9/2025", a document number): the width is taken from the columns that have room to spare."""
    from reports.documents.fonts import text_width_mm

    wanted = [total_mm * column.width / 100 for column in table.columns]
    needed = []
    for index, column in enumerate(table.columns):
        words = [(word, True) for word in column.label.split()]
        words += [(word, False) for row in table.rows for word in (row[index] if index < len(row) else "").split()]
        longest = max((text_width_mm(word, size_pt, bold=bold) for word, bold in words), default=0)
        needed.append(longest + padding_mm)
    widths = [max(w, n) for w, n in zip(wanted, needed)]
    excess = sum(widths) - total_mm
    if excess > 0:
        slack = [max(w - n, 0) for w, n in zip(widths, needed)]
        room = sum(slack)
        if room > 0:
            share = min(excess / room, 1)
            widths = [w - s * share for w, s in zip(widths, slack)]
    return widths


def printed_data(obj, live, *required: str) -> dict:
    """What an object prints from: an issued one from the snapshot stored when it was issued (what
    was signed), when it has the `required` keys; anything else from `live(obj)`, its data now."""
    snapshot = obj.snapshot if obj.is_issued and isinstance(obj.snapshot, dict) else None
    if snapshot and all(key in snapshot for key in required):
        return snapshot
    return live(obj)
