"""PDF through WeasyPrint, imported only when a PDF is printed (it is slow to import).

Speed (bench/bench_documents.py): the stylesheet is parsed once per process, tables use the fixed
layout (the automatic one measures every cell's text twice), and the fonts are subset by
HarfBuzz (Debian's libharfbuzz-subset0). The body and each phụ lục are printed as separate PDFs,
each cached under the hash of its own content, and joined with pypdf (a phụ lục restarts its page
numbers anyway): editing the body of a draft prints only the body again, not the task tables. Nothing is fetched over the network: the HTML references
no resource and the URL fetcher refuses everything but the print stylesheet's folder.
"""

from __future__ import annotations

import dataclasses
import io
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

from reports.documents import parallel
from reports.documents.cache import content_key, get_or_render_many
from reports.documents.context import Document
from reports.documents.fonts import check_fonts
from reports.documents.layout import STYLESHEET, render_html


_local = threading.local()


def _weasyprint():
    """WeasyPrint, a font configuration, the URL fetcher and the parsed stylesheet, once per thread.

    Pango's font map is not thread-safe, so threaded servers (runserver, gthread) get one each.
    """
    if not hasattr(_local, "tools"):
        _local.tools = _load()
    return _local.tools


def _load():
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Only files under static/documents/ (and data: URLs); never the network."""

        allowed = STYLESHEET.parent.resolve()

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.is_relative_to(self.allowed):
                    return super().fetch(url, headers)
            raise ValueError(f"Không tải tài nguyên ngoài khi in văn bản: {url}")

    font_config = FontConfiguration()
    fetcher = LocalFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)
    stylesheet = weasyprint.CSS(filename=str(STYLESHEET), font_config=font_config, url_fetcher=fetcher)
    return weasyprint, font_config, fetcher, stylesheet


APPENDIX_TEMPLATE = "documents/appendix_part.html"


def warm_up() -> None:
    """Load WeasyPrint, the stylesheet and the fonts (the first PDF of a process pays for them)."""
    _write('<p class="basis">Khởi động: ăâđêôơư</p><table class="appendix-table"><tr><td>1</td></tr></table>')


def _write(html: str) -> bytes:
    weasyprint, font_config, fetcher, stylesheet = _weasyprint()
    page = weasyprint.HTML(string=html, base_url=STYLESHEET.parent.as_uri() + "/", url_fetcher=fetcher)
    return page.write_pdf(stylesheets=[stylesheet], font_config=font_config, optimize_images=False,
                          uncompressed_pdf=False)


def _parts(document: Document) -> list[tuple[str, Document, str | None]]:
    """(cache key, document, template) of the body and of each phụ lục on its own."""
    body = dataclasses.replace(document, appendices=[])
    parts = [(content_key("pdf-body", body.as_dict(), "pdf"), body, None)]
    for appendix in document.appendices:
        alone = dataclasses.replace(document, appendices=[appendix])
        # What the phụ lục pages show: the table, its heading lines and the DỰ THẢO mark (the part's
        # own metadata is dropped by `join`).
        key_data = {"appendix": dataclasses.asdict(appendix), "draft": document.draft}
        parts.append((content_key("pdf-appendix", key_data, "pdf"), alone, APPENDIX_TEMPLATE))
    return parts


def join(pdfs: list[bytes]) -> bytes:
    """One PDF of the parts in order, with the first part's metadata (title)."""
    if len(pdfs) == 1:
        return pdfs[0]
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    first = None
    for content in pdfs:
        reader = PdfReader(io.BytesIO(content))
        first = first or reader
        writer.append(reader)
    if first.metadata:
        writer.add_metadata({key: value for key, value in first.metadata.items()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_pdf(document: Document, *, cached_parts: bool = False) -> bytes:
    """The PDF; with `cached_parts`, each part is taken from (and put into) the document cache.
    The parts to print are laid out at the same time (reports.documents.parallel)."""
    check_fonts()
    parts = _parts(document)

    def print_parts(indexes: list[int]) -> list[bytes]:
        # HTML is made here (Django templates); the workers only turn it into PDF.
        return parallel.run_all(_write, [render_html(parts[i][1], parts[i][2]) for i in indexes])

    if cached_parts:
        return join(get_or_render_many([key for key, _, _ in parts], print_parts))
    return join(print_parts(list(range(len(parts)))))
