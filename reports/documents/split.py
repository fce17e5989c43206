"""A long phụ lục printed in pieces at the same time, exactly as it prints in one.

WeasyPrint lays pages out one after another, so a task table of several pages keeps one core busy
while the others wait. Where its pages will break can be foreseen: each row's height follows from
the number of lines of its cells, and Pango (which WeasyPrint lays text out with) gives that
number for each cell at its column's width in a fraction of the time a layout takes. The table is
cut where a page is foreseen to begin, and both pieces are laid out at once (parallel.py): the
first with the heading, the second going on from the first's last page number, with the header
row repeated as on any later page.

What was foreseen is then checked against the two layouts (`check`): the first piece has the
foreseen number of pages, and the second piece's first row could not have fitted under the first
piece's last row. When that does not hold, the first piece's last page is dropped and the rows
from that page on are printed again from its true page number: slower, never a different document.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reports.documents.context import Document
from reports.documents.layout import LANDSCAPE_TEXT_MM

PX_PER_PT = 96 / 72
PX_PER_MM = 96 / 25.4
# Figures of print.css: the landscape page of a phụ lục, the table's font and cell padding, its
# heading. A change there must be made here too (tests/test_documents_split.py prints both ways).
PAGE_HEIGHT = (210 - 20 - 15) * PX_PER_MM
TABLE_WIDTH = LANDSCAPE_TEXT_MM * PX_PER_MM
CELL_FONT = 13 * PX_PER_PT
LINE = 1.15 * CELL_FONT
CELL_PADDING_X = 4 * PX_PER_PT
CELL_PADDING_Y = 2 * PX_PER_PT
BORDER = 0.5 * PX_PER_PT
HEAD_FONT = 14 * PX_PER_PT
HEAD_LINE = 1.15 * HEAD_FONT
HEAD_RULE = (5 + 0.75 + 12) * PX_PER_PT  # the rule under "(Kèm theo …)" and the space below the heading

MIN_PAGES = 3  # a phụ lục shorter than this is printed in one piece
PIECE_PAGES = 2  # the fewest pages of a piece: each piece costs a little on its own


@dataclass
class Cut:
    row: int  # the first row of a piece after the first
    page: int  # the pages of the phụ lục before that piece


class _Measure:
    """Lines of a text at a width, in a font, through Pango (the WeasyPrint font map)."""

    def __init__(self):
        from weasyprint.text.ffi import ffi, gobject, pango

        from reports.documents.pdf import _weasyprint

        _, font_config, _, _ = _weasyprint()
        self.ffi, self.pango = ffi, pango
        context = ffi.gc(pango.pango_font_map_create_context(font_config.font_map), gobject.g_object_unref)
        pango.pango_context_set_round_glyph_positions(context, False)
        pango.pango_context_set_language(context, pango.pango_language_from_string(b"vi"))
        self.layouts = {}
        for weight, style in ((400, 0), (700, 0), (400, 2)):  # regular, bold, italic (PANGO_STYLE_ITALIC)
            description = ffi.gc(pango.pango_font_description_new(), pango.pango_font_description_free)
            pango.pango_font_description_set_family(description, b"Times New Roman,Liberation Serif")
            pango.pango_font_description_set_weight(description, weight)
            pango.pango_font_description_set_style(description, style)
            layout = ffi.gc(pango.pango_layout_new(context), gobject.g_object_unref)
            pango.pango_layout_set_font_description(layout, description)
            self.layouts[(weight, style)] = (layout, description)
        self.context = context  # the layouts were made in it: kept alive as long as they are

    def lines(self, text: str, width: float, size: float, weight: int = 400, style: int = 0) -> int:
        if not text:
            return 1
        pango, ffi = self.pango, self.ffi
        layout, description = self.layouts[(weight, style)]
        pango.pango_font_description_set_absolute_size(description, int(size * pango.pango_units_from_double(1)))
        pango.pango_layout_set_font_description(layout, description)
        pango.pango_layout_set_width(layout, int(max(0, width) * pango.pango_units_from_double(1)))
        total = 0
        for paragraph in text.split("\n"):
            encoded = paragraph.encode()
            pango.pango_layout_set_text(layout, ffi.new("char[]", encoded), len(encoded))
            count = 0
            while pango.pango_layout_get_line_readonly(layout, count) != ffi.NULL:
                count += 1
            total += max(1, count)
        return total


@functools.lru_cache(maxsize=1)
def _measure() -> _Measure:
    return _Measure()


def _row_height(measure: _Measure, cells: list[str], widths: list[float], weight: int = 400) -> float:
    lines = max(measure.lines(text, width * TABLE_WIDTH / 100 - 2 * CELL_PADDING_X - BORDER, CELL_FONT, weight)
                for text, width in zip(cells, widths))
    return lines * LINE + 2 * CELL_PADDING_Y + BORDER


def foresee(document: Document, widths: list[float], pieces: int) -> list[Cut]:
    """Where to cut the one phụ lục of `document` (its column widths in % of the table) into at
    most `pieces` pieces of whole pages; [] when it is too short to be worth it."""
    (appendix,) = document.appendices
    rows = appendix.table.rows
    if pieces < 2 or len(rows) < 8:
        return []
    measure = _measure()
    head = (HEAD_LINE * (measure.lines(appendix.label, TABLE_WIDTH, HEAD_FONT, 700)
                         + measure.lines(appendix.title, TABLE_WIDTH, HEAD_FONT, 700))
            + LINE * measure.lines(appendix.attached_line, TABLE_WIDTH, CELL_FONT, 400, 2) + HEAD_RULE)
    header = _row_height(measure, [column.label for column in appendix.table.columns], widths, 700)
    starts = [0]  # the first row of each page
    used = head + header
    for index, row in enumerate(rows):
        height = _row_height(measure, [str(cell) for cell in row], widths)
        if used + height > PAGE_HEIGHT and index > starts[-1]:
            starts.append(index)
            used = header
        used += height
    if len(starts) < MIN_PAGES:
        return []
    count = min(pieces, len(starts) // PIECE_PAGES)
    pages = sorted({round(len(starts) * n / count) for n in range(1, count)} - {0})
    return [Cut(row=starts[page], page=page) for page in pages]


def check(cut: Cut, previous_page: int, first: dict, second: dict) -> bool:
    """True if two consecutive laid-out pieces (see `layout_facts`), the first starting at page
    `previous_page` of the phụ lục and the second at `cut`, are exactly the one-piece layout."""
    if first["split_rows"] or second["split_rows"] or first["pages"] != cut.page - previous_page:
        return False
    if first["last_row"] != cut.row - 1 or second["first_row"] != cut.row:
        return False
    # The second piece's first row must overflow the first piece's last page (a row that breaks
    # nowhere goes to the next page whole): with a margin, so a rounding never decides.
    return first["last_bottom"] + second["first_height"] > first["page_bottom"] + 0.5


def layout_facts(document) -> dict:
    """What `check` needs of a laid-out WeasyPrint document: its pages, the rows (tr data-row) on its
    first and last page, and any row that was cut across two pages."""
    pages = []
    for page in document.pages:
        box = page._page_box
        rows = {}
        stack = [box]
        while stack:
            current = stack.pop()
            element = getattr(current, "element", None)
            if element is not None and current.element_tag == "tr" and element.get("data-row") is not None:
                index = int(element.get("data-row"))
                top, bottom = current.position_y, current.position_y + current.height
                if index in rows:  # the same row twice on a page: a row of several boxes
                    top, bottom = min(top, rows[index][0]), max(bottom, rows[index][1])
                rows[index] = (top, bottom)
                continue
            stack.extend(getattr(current, "children", ()))
        pages.append((rows, box.content_box_y() + box.height))
    seen, split_rows = set(), False
    for rows, _ in pages:
        split_rows = split_rows or bool(seen & rows.keys())
        seen |= rows.keys()
    if not pages or not pages[0][0] or not pages[-1][0]:
        return {"pages": len(pages), "split_rows": True}
    first_rows, last_rows = pages[0][0], pages[-1][0]
    first = min(first_rows)
    last = max(last_rows)
    return {"pages": len(pages), "split_rows": split_rows, "first_row": first,
            "first_height": first_rows[first][1] - first_rows[first][0], "last_row": last,
            "last_page_first_row": min(last_rows), "last_bottom": last_rows[last][1], "page_bottom": pages[-1][1]}
