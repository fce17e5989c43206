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

from reports.documents import parallel, split
from reports.documents.cache import content_key, get_or_render_many
from reports.documents.context import Document
from reports.documents.fonts import check_fonts
from reports.documents.layout import STYLESHEET, appendix_items, render_html


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


def _write_measured(html: str) -> tuple[bytes, dict]:
    """The PDF and where its table rows fell on its pages (split.layout_facts)."""
    from reports.documents.split import layout_facts

    weasyprint, font_config, fetcher, stylesheet = _weasyprint()
    page = weasyprint.HTML(string=html, base_url=STYLESHEET.parent.as_uri() + "/", url_fetcher=fetcher)
    laid_out = page.render(stylesheets=[stylesheet], font_config=font_config, optimize_images=False,
                           uncompressed_pdf=False)
    return laid_out.write_pdf(), layout_facts(laid_out)


def _print(job: tuple[str, bool]) -> tuple[bytes, dict | None]:
    """One job of `render_pdf`, here or in a worker process: (HTML, whether to measure it)."""
    html, measured = job
    return _write_measured(html) if measured else (_write(html), None)


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


def join(pdfs: list[bytes | tuple[bytes, int]]) -> bytes:
    """One PDF of the parts in order, with the first part's metadata (title); a part given as
    (bytes, n) adds only its first n pages."""
    if len(pdfs) == 1 and isinstance(pdfs[0], bytes):
        return pdfs[0]
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    first = None
    for part in pdfs:
        content, pages = part if isinstance(part, tuple) else (part, None)
        reader = PdfReader(io.BytesIO(content))
        first = first or reader
        writer.append(reader, pages=None if pages is None else (0, pages))
    if first.metadata:
        writer.add_metadata({key: value for key, value in first.metadata.items()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _jobs(parts, indexes: list[int]) -> list[tuple[int, str, split.Cut | None]]:
    """(part, HTML, cut) to print for the parts at `indexes`: a long phụ lục in two pieces when
    there are processes to print them at once (split.py), anything else whole."""
    jobs = []
    for index in indexes:
        _, part, template = parts[index]
        cut = None
        if template == APPENDIX_TEMPLATE and parallel.available():
            cut = split.foresee(part, appendix_items(part)[0]["widths"])
        if cut is None:
            jobs.append((index, render_html(part, template), None))
            continue
        rows = len(part.appendices[0].table.rows)
        jobs.append((index, render_html(part, template, {"start": 0, "stop": cut.row}), cut))
        jobs.append((index, render_html(part, template, {"start": cut.row, "stop": rows,
                                                         "page_start": cut.pages_before + 1}), cut))
    return jobs


def _pieces_joined(part: Document, cut: split.Cut, first: tuple[bytes, dict], second: tuple[bytes, dict]) -> bytes:
    """The phụ lục from its two pieces, or, when they are not what one layout gives, from the first
    piece less its last page and the rows from that page on printed again (exact either way)."""
    if split.check(cut, first[1], second[1]):
        return join([first[0], second[0]])
    facts = first[1]
    if facts["split_rows"] or facts["pages"] < 2:
        return _write(render_html(part, APPENDIX_TEMPLATE))
    rows = len(part.appendices[0].table.rows)
    tail = _write(render_html(part, APPENDIX_TEMPLATE, {"start": facts["last_page_first_row"], "stop": rows,
                                                        "page_start": facts["pages"]}))
    return join([(first[0], facts["pages"] - 1), tail])


def render_pdf(document: Document, *, cached_parts: bool = False) -> bytes:
    """The PDF; with `cached_parts`, each part is taken from (and put into) the document cache.
    The parts to print are laid out at the same time (reports.documents.parallel), a long phụ lục
    in two pieces (reports.documents.split)."""
    check_fonts()
    parts = _parts(document)

    def print_parts(indexes: list[int]) -> list[bytes]:
        # HTML is made here (Django templates); the workers only turn it into PDF.
        jobs = _jobs(parts, indexes)
        printed = parallel.run_all(_print, [(html, cut is not None) for _, html, cut in jobs],
                                   sizes=[len(html) for _, html, _ in jobs])
        results = {}
        for n, (index, _, cut) in enumerate(jobs):
            if cut is None:
                results[index] = printed[n][0]
            elif index not in results:  # the first of the two pieces; the second follows it
                results[index] = _pieces_joined(parts[index][1], cut, printed[n], printed[n + 1])
        return [results[index] for index in indexes]

    if cached_parts:
        return join(get_or_render_many([key for key, _, _ in parts], print_parts))
    return join(print_parts(list(range(len(parts)))))
