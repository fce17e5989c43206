"""Printed documents in the state format (NĐ 30/2020/NĐ-CP): PDF, Word and the appendix as .xlsx.

One layout serves every kind of document. A kind is a context function that turns an object into
a `Document` (plain data: header lines, number and date lines, title, căn cứ, body blocks,
recipients, signer, appendix tables, draft flag). The same data feeds:
- the HTML template (`templates/documents/<kind>.html` extending `documents/base.html`) that
  WeasyPrint prints (`pdf.py`, imported lazily),
- the Word builder (`docx.py`, python-docx) and the spreadsheet of the appendix table (`xlsx.py`).
Bytes are cached by a hash of the data plus the layout version (`layout.layout_version`), so an
unchanged document is served from Django's cache and any change prints anew.

API:
    render(kind, obj, fmt) -> Rendered(filename, mime, content)   # fmt: "pdf" | "docx" | "xlsx"
    render_document(document, fmt) -> Rendered                   # from a ready Document
    get_kind(name), kinds()                                       # the registry
    DocumentError                                                  # Vietnamese message for the user

Adding a kind (e.g. the roll-up BÁO CÁO), in its own module:

    # reports/document_kinds.py  (any installed app's `document_kinds` module is imported on the
    # first registry lookup, so the command `print_document rollup PK` finds the kind too)
    from reports.documents import Document, DocumentKind, register

    def rollup_context(rollup) -> Document:
        return Document(kind="rollup", template="documents/report.html", kind_word="BÁO CÁO", ...)

    register(DocumentKind(name="rollup", label="báo cáo tổng hợp", model=RollupReport,
                          context=rollup_context, select_related=("organization",)))

`documents/report.html` already prints a BÁO CÁO (with "Kính gửi" when `addressees` is set);
appendix tables (`Appendix`/`Table`/`Column`) print on landscape pages and export to .xlsx.
"""

from plans.models import Plan
from reports.documents.context import Appendix, Block, Column, Document, Signer, Table
from reports.documents.fonts import FontMissingError
from reports.documents.plan import plan_context
from reports.documents.registry import (
    MIME_TYPES, DocumentError, DocumentKind, Rendered, get_kind, kinds, register, render, render_document,
)

register(DocumentKind(name="plan", label="kế hoạch", model=Plan, context=plan_context,
                      select_related=("organization", "drafting_unit", "implements")))

__all__ = [
    "MIME_TYPES", "Appendix", "Block", "Column", "Document", "DocumentError", "DocumentKind", "FontMissingError",
    "Rendered", "Signer", "Table", "get_kind", "kinds", "plan_context", "register", "render",
    "render_document",
]
