"""PDF: the brief's HTML through WeasyPrint, reading nothing but the template folders.

This is the only module that imports WeasyPrint (about a second to import), so
commands that do not render never pay for it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import mimetypes
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from briefgen.errors import Location, Problem, Severity
from briefgen.model import PartialDate
from briefgen.render import footnotes_patch, pdfua, scale_patch, textlayer
from briefgen.render.breaks import break_opportunities
from briefgen.render.html import shown_template
from briefgen.render.pdf_problems import Sources, captured, located, style_texts
from briefgen.render.rendered import RenderedPdf
from briefgen.safeio import MIB, read_capped, resolved

# the last document a worker laid out: freeing millions of boxes one by one is a tenth of a
# PDF's time, which a worker that renders no other PDF need not spend
_kept: list[Any] = []

MAX_ASSET_BYTES = 4 * MIB  # as templates and assets (render.py)
DATA_IMAGE = re.compile(r"data:(image/(?:svg\+xml|png|jpeg));base64,([A-Za-z0-9+/=]+)")


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """A URL fetcher that serves files from the allowed folders and refuses everything else.

    It notes what it refused (another scheme, a file outside the folders, a FIFO, a file over
    4 MiB) and what it could not find (a file in the folders that is not there)."""

    def __init__(self, allowed: list[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.allowed = [d.resolve() for d in allowed]
        self.refused: list[str] = []
        self.missing: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """The file behind a file: URL inside an allowed folder, or the image a base64 data: URL
        holds (the theme's logo); anything else raises."""
        if (image := data_image(url)) is not None:
            return URLFetcherResponse(url[:40], image[1], {"Content-Type": image[0]})
        parts = urlsplit(url)
        path = resolved(Path(unquote(parts.path))) if parts.scheme == "file" else None
        data = None
        if path is not None and any(path.is_relative_to(d) for d in self.allowed):
            try:
                data = read_capped(path, MAX_ASSET_BYTES)
            except FileNotFoundError:
                self.missing.append(url)
                raise ValueError(f"{url[:80]!r} is not there") from None
            except OSError:  # FileRefused: a FIFO, device or over 4 MiB
                pass
        if path is None or data is None:
            self.refused.append(url)
            raise ValueError(f"briefgen does not fetch {url[:80]!r}: only template assets")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": kind})


def data_image(url: str) -> tuple[str, bytes] | None:
    """The type and bytes of a `data:image/…;base64,…` URL (nothing fetched), else None."""
    match = DATA_IMAGE.fullmatch(url[: MAX_ASSET_BYTES * 2])
    if match is None:
        return None
    with contextlib.suppress(binascii.Error):
        return match.group(1), base64.b64decode(match.group(2), validate=True)
    return None


def render_pdf(
    html: str,
    asset_dirs: list[Path],
    stylesheet: Path,
    edition: PartialDate,
    anchors: tuple[str, ...] = (),
    variant: str = pdfua.DEFAULT_VARIANT,
    name: str = "PDF",
    keep: bool = False,
) -> RenderedPdf:
    """The PDF of a brief's HTML, with print CSS, fonts embedded and a reproducible identity.

    `anchors` are element ids whose first page is reported (the parts, for page budgets);
    `variant` is WeasyPrint's pdf_variant (PDF/UA-1 or a PDF/A part), finished by pdfua.finish;
    `name` is where problems without a place of their own are reported (the PDF's path);
    `keep`: the laid-out document is kept until the next render (a worker process's last one
    is then never freed object by object: its process ends with `os._exit`).
    A time limit is kept by the caller, which ends the process rendering (builder.executors).
    """
    started = time.perf_counter()
    _kept.clear()  # the previous document goes before the next one is laid out
    footnotes_patch.install()  # linear footnote layout, on verified WeasyPrint versions only
    # footnote calls and markers tagged as Reference and Lbl, likewise; what is not in place
    # is said (WeasyPrint's own code is used)
    # and the text layer of shaped scripts (an /ActualText where the glyphs do not map back);
    # and the two lookups that grew with the whole document made constant (scale_patch)
    patches = (
        footnotes_patch.not_installed(),
        scale_patch.install(),
        pdfua.install(),
        textlayer.install(),
    )
    stock = [why for why in patches if why]
    fetcher = ConfinedFetcher(asset_dirs)
    base = asset_dirs[0].resolve().as_uri() + "/"
    # one font configuration for the stylesheet and the document: without it WeasyPrint drops
    # the stylesheet's @font-face rules, unread and unreported
    fonts = FontConfiguration()
    with captured() as css_logged:
        css = weasyprint.CSS(filename=str(stylesheet), url_fetcher=fetcher, font_config=fonts)
    # word boundaries Pango cannot find (Khmer, Lao, Myanmar, Thai), from ICU
    printed = break_opportunities(html)
    with captured() as page_logged:
        document = weasyprint.HTML(string=printed, base_url=base, url_fetcher=fetcher).render(
            stylesheets=[css], font_config=fonts
        )
        # pdf_tags: a tagged PDF (structure tree, reading order) for screen readers; the /ID
        # is set when the PDF is finished (no identifier: WeasyPrint would digest every stream)
        data = document.write_pdf(pdf_identifier=False, pdf_tags=True, pdf_variant=variant)
    assert data is not None
    if keep:
        _kept.append(document)
    identifier = f"briefgen-{edition}".encode()
    data = pdfua.finish(data, pdfua.html_facts(html), variant, identifier)[0]
    starts: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            if anchor in anchors:
                starts.setdefault(anchor, number)
    sources = Sources(
        asset_dirs,
        style_texts(printed),
        brief_stylesheet(asset_dirs),
        page_template(asset_dirs),
        name,
        stylesheet,
    )
    problems = located(
        css_logged, page_logged, fetcher.missing, fetcher.refused, sources, stylesheet
    )
    problems += tuple(
        Problem(Location(name), f"{sources.made}: {why}", Severity.WARNING) for why in stock
    )
    return RenderedPdf(
        data,
        len(document.pages),
        tuple(fetcher.refused),
        time.perf_counter() - started,
        tuple(starts.items()),
        problems,
    )


def brief_stylesheet(dirs: list[Path]) -> Path | None:
    """The brief.css the page's HTML carries (the first on the template path)."""
    return next(
        (d / "assets" / "brief.css" for d in dirs if (d / "assets/brief.css").is_file()), None
    )


def page_template(dirs: list[Path]) -> str:
    """The template the page is made from, as the author sees it."""
    path = next((d / "brief.html.j2" for d in dirs if (d / "brief.html.j2").is_file()), None)
    return shown_template(path, dirs) if path is not None else "brief.html.j2"
