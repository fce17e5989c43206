"""PDF through WeasyPrint, imported only when a PDF is printed (it is slow to import).

Speed (bench/bench_documents.py): the stylesheet is parsed once per process, tables use the fixed
layout (the automatic one measures every cell's text twice), and the fonts are subset by
HarfBuzz (Debian's libharfbuzz-subset0). The body and each phụ lục are printed as separate PDFs,
each cached under the hash of its own content, and joined with qpdf (a phụ lục restarts its page
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


def _render(html: str):
    """The laid-out WeasyPrint document of `html`, with the print stylesheet and fonts."""
    weasyprint, font_config, fetcher, stylesheet = _weasyprint()
    page = weasyprint.HTML(string=html, base_url=STYLESHEET.parent.as_uri() + "/", url_fetcher=fetcher)
    return page.render(stylesheets=[stylesheet], font_config=font_config, optimize_images=False,
                       uncompressed_pdf=False)


def _write(html: str) -> bytes:
    return _render(html).write_pdf()


def _write_measured(html: str) -> tuple[bytes, dict]:
    """The PDF and where its table rows fell on its pages (split.layout_facts)."""
    from reports.documents.split import layout_facts

    laid_out = _render(html)
    return laid_out.write_pdf(), layout_facts(laid_out)


def _print(job: tuple) -> tuple[bytes, dict | None]:
    """One job of `render_pdf`, here or in a worker process: (document, template, piece, its
    appendix items, whether to measure it). Its HTML is made by whoever prints it, so the caller
    hands the jobs out without making every one's HTML first."""
    document, template, piece, items, measured = job
    html = render_html(document, template, piece, items)
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
    (bytes, n) adds only its first n pages. Joined by qpdf (pikepdf): a few milliseconds."""
    if len(pdfs) == 1 and isinstance(pdfs[0], bytes):
        return pdfs[0]
    import pikepdf

    sources = []
    for part in pdfs:
        content, pages = part if isinstance(part, tuple) else (part, None)
        sources.append((pikepdf.Pdf.open(io.BytesIO(content)), pages))
    with pikepdf.Pdf.new() as joined:
        for source, pages in sources:
            joined.pages.extend(source.pages if pages is None else source.pages[:pages])
        joined.docinfo = joined.copy_foreign(sources[0][0].docinfo)
        out = io.BytesIO()
        # The parts' own version (WeasyPrint writes PDF 1.7), not the 1.3 of a new qpdf document.
        joined.save(out, min_version=max(source.pdf_version for source, _ in sources))
    for source, _ in sources:
        source.close()
    return out.getvalue()


def _jobs(parts, indexes: list[int], batch: parallel.Batch) -> list[tuple[int, list[split.Cut]]]:
    """Add to `batch` what to print for the parts at `indexes`, and return (part, cuts) for each
    job added: a long phụ lục in pieces when there are processes to print them at once (split.py;
    one job per piece, in order), anything else whole. The body goes first: a worker starts on it
    while the pieces are being cut."""
    jobs = []
    for index in indexes:
        _, part, template = parts[index]
        cuts, items = [], appendix_items(part)
        if template == APPENDIX_TEMPLATE and batch.pool is not None:
            # More pieces than processes, so they can be shared out evenly beside the body.
            cuts = split.foresee(part, items[0]["widths"], pieces=2 * parallel.processes() - 1)
        if not cuts:
            batch.add((part, template, None, items, False))
            jobs.append((index, cuts))
            continue
        bounds = [(0, 0)] + [(cut.row, cut.page) for cut in cuts] + [(len(part.appendices[0].table.rows), None)]
        for (start, page), (stop, _) in zip(bounds, bounds[1:]):
            batch.add((part, template, {"start": start, "stop": stop, "page_start": page + 1}, items, True))
            jobs.append((index, cuts))
    return jobs


def _pieces_joined(part: Document, cuts: list[split.Cut], pieces: list[tuple[bytes, dict]]) -> bytes:
    """The phụ lục from its pieces; from the first piece that is not what one layout gives, its
    last page is dropped and the rows from there on are printed again (exact either way)."""
    segments: list[bytes | tuple[bytes, int]] = [pieces[0][0]]
    pages = [0] + [cut.page for cut in cuts]
    for n, cut in enumerate(cuts, start=1):
        if split.check(cut, pages[n - 1], pieces[n - 1][1], pieces[n][1]):
            segments.append(pieces[n][0])
            continue
        facts = pieces[n - 1][1]
        if facts["split_rows"]:
            return _write(render_html(part, APPENDIX_TEMPLATE))
        segments.pop()
        if facts["pages"] > 1:
            segments.append((pieces[n - 1][0], facts["pages"] - 1))
        rows = len(part.appendices[0].table.rows)
        segments.append(_write(render_html(part, APPENDIX_TEMPLATE, {
            "start": facts["last_page_first_row"], "stop": rows, "page_start": pages[n - 1] + facts["pages"]})))
        break
    return join(segments)


def render_pdf(document: Document, *, cached_parts: bool = False) -> bytes:
    """The PDF; with `cached_parts`, each part is taken from (and put into) the document cache.
    The parts to print are laid out at the same time (reports.documents.parallel), a long phụ lục
    in pieces (reports.documents.split)."""
    check_fonts()
    parts = _parts(document)

    def print_parts(indexes: list[int]) -> list[bytes]:
        batch = parallel.Batch(_print)
        jobs = _jobs(parts, indexes, batch)
        printed = batch.results()
        results, pieces = {}, {}
        for (index, cuts), done in zip(jobs, printed):
            if not cuts:
                results[index] = done[0]
                continue
            pieces.setdefault(index, []).append(done)
            if len(pieces[index]) == len(cuts) + 1:
                results[index] = _pieces_joined(parts[index][1], cuts, pieces[index])
        return [results[index] for index in indexes]

    if cached_parts:
        return join(get_or_render_many([key for key, _, _ in parts], print_parts))
    return join(print_parts(list(range(len(parts)))))
