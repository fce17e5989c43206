"""Text helpers shared by every app: search keys, Vietnamese ordering, the official date line."""

import datetime
import re
import unicodedata

from django.db.models import Q
from unidecode import unidecode

# The years a plan, task, round or issued number may fall in (the register's check constraint).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_range_error(day, what: str) -> str | None:
    """"Ngày bắt đầu phải trong khoảng năm 2000–2100." when `day` (a date or None) is outside."""
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        return f"{what} phải trong khoảng năm {FIRST_YEAR}–{LAST_YEAR}."
    return None


# Characters no text of the site may hold (issue 12): C0 controls but tab and newline, DEL, C1
# controls, bidi embeddings, overrides, isolates and marks (U+202A-202E, U+2066-2069, U+200E/200F,
# U+061C: they reverse what the reader sees), the byte-order mark inside text, surrogates and the
# non-characters U+FFFE/U+FFFF. Word and Excel refuse a file holding one of the controls; the
# others are invisible tricks. Carriage returns become newlines.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                     "\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff]")


def safe_text(text: str) -> str:
    """`text` without control characters and bidi tricks (tab and newline kept, CR LF → LF): the one
    cleaning of every text at the edge (forms, imports, the admin, model saves) and of what renders."""
    if not text:
        return text
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def safe_data(value):
    """`safe_text` through nested data: dicts, lists, tuples (a snapshot, a document's context)."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {key: safe_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(safe_data(item) for item in value)
    return value


def nfc(text: str) -> str:
    """Normalise to NFC: text typed with combining marks prints badly (FORMAT.md §11.8)."""
    return unicodedata.normalize("NFC", text or "")


def search_key(text: str) -> str:
    """Lower-case ASCII form used for searching with or without diacritics ("dan van")."""
    return " ".join(unidecode(nfc(text)).lower().split())


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# tones ranked after the base letter (none, huyền, hỏi, ngã, sắc, nặng).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_sort_key(text: str) -> tuple:
    """Sort key giving Vietnamese dictionary order (Python's default puts "Đ" after "Z")."""
    letters = []
    tones = []
    for char in nfc(text).lower():
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        tone = 0
        marks = ""
        for mark in decomposed[1:]:
            if mark in _TONES:
                tone = _TONES[mark]
            else:
                marks += mark
        base = unicodedata.normalize("NFC", base + marks)
        position = _ALPHABET.find(base)
        letters.append((position if position >= 0 else 100 + ord(base[0]) if base else 0, base))
        tones.append(tone)
    return (tuple(letters), tuple(tones))


def date_line(place: str, day: datetime.date | None, year: int | None = None) -> str:
    """The official date line: "Phù Liễn, ngày 03 tháng 9 năm 2025".

    NĐ 30/2020 writes days 1-9 and months 1-2 with a leading zero, other months without. A draft
    has no date yet: the day and month are left blank for the clerk to fill in by hand, the year
    is the document's own (`year`: a 2025 plan printed in January 2026 still says 2025), or this
    year when the document has none.
    """
    if day is None:
        return f"{place}, ngày      tháng      năm {year or datetime.date.today().year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: datetime.date | None) -> str:
    """dd/mm/yyyy, as the site shows dates."""
    return day.strftime("%d/%m/%Y") if day else ""


def text_date(day: datetime.date | None) -> str:
    """A date in a document's running text, in the style of its date line (REPORTS.md §4): a leading
    zero on the day below 10 and on months 1 and 2 only: "06/8/2025", "14/01/2022", "15/12/2025"."""
    if day is None:
        return ""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


ROMAN_NUMERALS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                  (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(value: int) -> str:
    """Roman numeral of a section or phụ lục number (I, II, ... XX and beyond)."""
    out = ""
    for amount, letters in ROMAN_NUMERALS:
        while value >= amount:
            out += letters
            value -= amount
    return out


def words_q(term: str, paths=("search_text",)) -> Q | None:
    """Search with or without diacritics: every word of the term is contained in one of the
    search_key columns `paths`. None when the term has no word."""
    words = search_key(term).split()
    if not words:
        return None
    condition = Q()
    for word in words:
        either = Q()
        for path in paths:
            either |= Q(**{f"{path}__contains": word})
        condition &= either
    return condition
