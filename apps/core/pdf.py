"""The kit's PDF: WeasyPrint from a Django template (ARCHITECTURE §2, §7; issue 12 §3).

Every printable document extends `pdf/base.html` (A4, the header with district, period and
report number, the footer 第 N 页 / 共 M 页, `css/pdf.css`) and is rendered here.

- The font is named in the report's CSS for `body` and for the `@page` margin boxes
  (`FONT_FAMILY`, Noto Sans CJK SC with the small WenQuanYi fallback), so the page
  numbers are drawn in a font that has 第/页; the set-up installs both and harfbuzz's
  subsetter, so only the glyphs used are embedded.
- The fetcher serves nothing but the app's own static files: no file:// URL, no
  network — text a person typed that looks like `<img src="file:///etc/passwd">` is
  escaped by the template, and a URL that still reached WeasyPrint is refused here.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The origin relative URLs in a report resolve against: never a real host.
BASE_URL = "https://report.invalid/"
FONT_FAMILY = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'


class RefusedURLError(ValueError):
    """A report asked for something other than the app's own static files."""


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint is untyped
    """Answers `BASE_URL/static/…` from the static files finders; refuses the rest."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = static_path(url)
        found = finders.find(path) if path else None
        if not found or isinstance(found, list):
            self.refused.append(url)
            logger.warning("report asked for %s: refused (only the app's static files)", url)
            raise RefusedURLError(f"报表只能引用本系统的静态文件，已拒绝：{url[:200]}")
        with open(found, "rb") as handle:
            body = handle.read()
        kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, headers={"Content-Type": kind})


def static_path(url: str) -> str | None:
    """The static file a report URL names (None for anything else)."""
    parts = urlsplit(url)
    origin = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or parts.query:
        return None
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(prefix) or ".." in path.split("/"):
        return None
    return path.removeprefix(prefix)


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    refused: list[str]


def render_pdf(
    template: str, context: dict[str, Any], *, step: Callable[[str], None] | None = None
) -> RenderedPdf:
    """The template as a PDF. `step(name)` is called between the stages (html, layout,
    write), so a job reports progress and may stop there (by raising)."""
    context = {"font_family": FONT_FAMILY, **context}
    html = render_to_string(template, context)
    if step:
        step("html")
    fetcher = StaticOnlyFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    if step:
        step("layout")
    data = document.write_pdf()
    if step:
        step("write")
    return RenderedPdf(data=data, pages=len(document.pages), refused=list(fetcher.refused))
