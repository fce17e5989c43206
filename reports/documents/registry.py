"""Kinds of printable documents and the one `render()` every view and command calls."""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple

from django.db.models import Model
from django.utils.module_loading import autodiscover_modules

from reports.documents.cache import cache_key, get_or_render, render_once
from reports.documents.context import Document, safe_document

MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DocumentError(Exception):
    """A document cannot be produced; the message is Vietnamese and meant for the user."""


class Rendered(NamedTuple):
    filename: str
    mime: str
    content: bytes


@dataclass(frozen=True)
class DocumentKind:
    name: str  # registry key, used in URLs and on the command line ("plan")
    label: str  # Vietnamese, for messages ("kế hoạch")
    model: type[Model]
    context: Callable[[Any], Document]  # object -> Document (plain data)
    formats: tuple[str, ...] = ("pdf", "docx", "xlsx")
    select_related: tuple[str, ...] = ()

    def get(self, pk):
        """The object of this kind with that primary key (Model.DoesNotExist when absent)."""
        return self.model._default_manager.select_related(*self.select_related).get(pk=pk)


_KINDS: dict[str, DocumentKind] = {}
_discovered = False


def register(kind: DocumentKind) -> DocumentKind:
    _KINDS[kind.name] = kind
    return kind


def kinds() -> dict[str, DocumentKind]:
    """Every registered kind; the first call imports each installed app's `document_kinds` module."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("document_kinds")
    return dict(_KINDS)


def get_kind(name: str) -> DocumentKind:
    try:
        return kinds()[name]
    except KeyError:
        known = ", ".join(sorted(kinds())) or "không có"
        raise DocumentError(f"Không có loại văn bản “{name}” (các loại in được: {known}).") from None


@contextlib.contextmanager
def _gc_paused():
    """No cyclic garbage collection while a document renders.

    A render creates a few hundred thousand short-lived objects; each full collection would walk the
    whole Django process heap (about 8 % of a PDF's time, bench/bench_documents.py). The cycles left
    behind are collected by the next collection after the render.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(document: Document, fmt: str, *, cached_parts: bool = False) -> bytes:
    """The bytes of one format, rendered now; with `cached_parts`, a PDF reuses the cached body or
    phụ lục that did not change (reports.documents.pdf). Text is cleaned of control characters
    first (danvan.text.safe_text): Word and Excel refuse them, and rows or snapshots stored before
    text was cleaned at the edge may still hold some."""
    with _gc_paused():
        return _build(safe_document(document), fmt, cached_parts)


def _build(document: Document, fmt: str, cached_parts: bool) -> bytes:
    if fmt == "pdf":
        from reports.documents.pdf import render_pdf

        return render_pdf(document, cached_parts=cached_parts)
    if fmt == "docx":
        from reports.documents.docx import render_docx

        return render_docx(document)
    if fmt == "xlsx":
        from reports.documents.xlsx import render_xlsx

        return render_xlsx(document)
    raise DocumentError(f"Không hỗ trợ định dạng “{fmt}” (chọn pdf, docx hoặc xlsx).")


def render_document(document: Document, fmt: str) -> Rendered:
    """Render a context, reusing the cached bytes of identical content."""
    if fmt not in MIME_TYPES:
        raise DocumentError(f"Không hỗ trợ định dạng “{fmt}” (chọn pdf, docx hoặc xlsx).")
    if fmt == "xlsx" and not document.appendices:
        raise DocumentError("Văn bản này không có bảng phụ lục để xuất ra Excel.")
    content = get_or_render(cache_key(document, fmt), lambda: build(document, fmt, cached_parts=True))
    suffix = "-phu-luc" if fmt == "xlsx" else ""
    return Rendered(f"{document.filename_stem}{suffix}.{fmt}", MIME_TYPES[fmt], content)


def prerender(document: Document, formats=("pdf", "docx")) -> list[str]:
    """Render the formats of `document` not cached yet and not being rendered by someone else (the
    background renderer's entry); returns the formats it rendered."""
    return [fmt for fmt in formats if render_once(cache_key(document, fmt), lambda fmt=fmt: build(document, fmt, cached_parts=True))]


def render(kind: str, obj, fmt: str) -> Rendered:
    """(filename, mime type, bytes) of `obj` printed as document kind `kind` in format `fmt`."""
    document_kind = get_kind(kind)
    if fmt not in document_kind.formats:
        raise DocumentError(f"Loại văn bản “{kind}” không xuất được định dạng “{fmt}”.")
    return render_document(document_kind.context(obj), fmt)
