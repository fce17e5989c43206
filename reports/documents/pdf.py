"""PDF through WeasyPrint, imported only when a PDF is printed (it is slow to import).

Speed (bench/bench_documents.py): the stylesheet is parsed once per process, tables use the fixed
layout (the automatic one measures every cell's text twice), and the fonts are subset by
HarfBuzz (Debian's libharfbuzz-subset0). Nothing is fetched over the network: the HTML references
no resource and the URL fetcher refuses everything but the print stylesheet's folder.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

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


def render_pdf(document: Document) -> bytes:
    check_fonts()
    weasyprint, font_config, fetcher, stylesheet = _weasyprint()
    html = weasyprint.HTML(string=render_html(document), base_url=STYLESHEET.parent.as_uri() + "/",
                           url_fetcher=fetcher)
    return html.write_pdf(stylesheets=[stylesheet], font_config=font_config, optimize_images=False,
                          uncompressed_pdf=False)
