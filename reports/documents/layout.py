"""The shared HTML layout: a Document rendered through its kind template, and the layout version."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from reports.documents.context import Document, fitted_widths

LANDSCAPE_TEXT_MM = 252  # A4 landscape less the margins (print.css @page appendix)

PACKAGE_DIR = Path(__file__).resolve().parent
STYLESHEET = Path(settings.BASE_DIR) / "static" / "documents" / "print.css"
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "documents"


@functools.lru_cache(maxsize=1)
def layout_version() -> str:
    """Hash of everything that shapes the output besides the data: templates, CSS, this package.

    Part of the cache key, so a deployment that changes the layout never serves an old printout.
    """
    digest = hashlib.sha256()
    files = sorted(TEMPLATE_DIR.glob("*.html")) + [STYLESHEET] + sorted(PACKAGE_DIR.glob("*.py"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def appendix_items(document: Document) -> list[dict]:
    """Each appendix with its cells paired with their column's alignment, for the template."""
    items = []
    for number, appendix in enumerate(document.appendices, start=1):
        aligns = [column.align for column in appendix.table.columns]
        rows = [list(zip(row, aligns)) for row in appendix.table.rows]
        widths = [round(mm * 100 / LANDSCAPE_TEXT_MM, 2) for mm in fitted_widths(appendix.table, LANDSCAPE_TEXT_MM)]
        items.append({"number": number, "appendix": appendix, "rows": rows, "widths": widths, "first_row": 0,
                      "continued": False, "ends_later": False, "page_start": 1})
    return items


def render_html(document: Document, template: str | None = None, piece: dict | None = None,
                items: list[dict] | None = None) -> str:
    """The document's HTML; with `piece` (rows start:stop, page_start), only that run of rows of its
    one phụ lục (reports/documents/split.py). `items`: its `appendix_items`, when already made
    (fitting the columns measures every word: the pieces of one phụ lục share them)."""
    items = [dict(item) for item in items] if items is not None else appendix_items(document)
    if piece is not None:
        (item,) = items
        start, stop = piece["start"], piece["stop"]
        item.update(rows=item["rows"][start:stop], first_row=start, continued=start > 0,
                    ends_later=stop < len(document.appendices[0].table.rows), page_start=piece.get("page_start", 1))
    return render_to_string(template or document.template, {"doc": document, "appendices": items})
