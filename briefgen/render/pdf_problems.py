"""What WeasyPrint reports while it makes a PDF, as problems located in the author's files.

WeasyPrint logs its warnings (CSS it ignores, a font or image it could not use) and errors
to the `weasyprint` logger, which has only a NullHandler: unheard unless someone listens.
`captured()` listens around one render, in this thread only; `located()` turns what it heard,
and what the confined fetcher refused or could not find, into one Problem each, placed where
the author wrote it: `templates/assets/brief.css:12:3` for a CSS declaration, the first line
naming a missing file for an asset, the brief's PDF when nothing more precise is known.

A missing asset (a font, image or stylesheet inside the template folders that is not there)
is an error; anything else is a warning, except the known harmless messages below, which
the built-in stylesheet (shared by the browser and the PDF) causes on every brief.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefgen.errors import Location, Problem, Severity
from briefgen.render.html import shown_template
from briefgen.safeio import MIB, read_capped

# Known harmless: what the built-in brief.css (one stylesheet for the screen, a browser's print
# and the PDF) holds for browsers and WeasyPrint 70 does not implement, each screen-only or
# with a print rule of its own in pdf.css; and one thing the built-in templates do. Each is
# listed, in the words after it, in docs/theming.md ("What a PDF build reports").
HARMLESS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"Unknown rule <AtRule @supports "),
        "`@supports` rules (a browser's print margins and disclosure styling)",
    ),
    (
        re.compile(r"Expected a media type, got '\(|Invalid media type '[^']*\(.*@media rule"),
        "media queries with features such as `(max-width: 40rem)` (the narrow-screen layout)",
    ),
    (
        re.compile(r"Ignored `(fill|filter|overflow-x|clip-path): [^`]*` at \d+:\d+, unknown"),
        "the properties `fill`, `filter`, `overflow-x` and `clip-path` (screen charts, "
        "scrolling boxes, the hidden skip link)",
    ),
    (
        re.compile(r'"auto-fit" and "auto-fill" are unsupported in repeat\(\)'),
        "`repeat(auto-fit, …)` grids (the title block's, laid out for print in pdf.css)",
    ),
)
AT_LINE = re.compile(r" at (\d+):(\d+)")
FETCH_FAILED = re.compile(r"Failed to load (?:image|stylesheet) at '?([^' ]+)'? ?:")
FONT_FACE = re.compile(r"Font-face '[^']*' cannot be loaded")
FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf", ".ttc")
SEARCHED = (".css", ".j2", ".html", ".svg")  # template files an asset URL may be written in
MAX_SEARCHED_BYTES = 4 * MIB


@dataclass(frozen=True)
class Logged:
    """One message WeasyPrint logged: its level (WARNING, ERROR) and text."""

    level: str
    message: str


class _Collector(logging.Handler):
    """Keeps the records of one thread (renders in other threads keep their own)."""

    def __init__(self, into: list[Logged]) -> None:
        super().__init__(logging.WARNING)
        self.into = into
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread and record.name != "weasyprint.progress":
            self.into.append(Logged(record.levelname, record.getMessage()))


@contextlib.contextmanager
def captured(name: str = "weasyprint") -> Iterator[list[Logged]]:
    """Every warning and error logged to `name` (and below) in this thread inside the block
    (WeasyPrint's own tests listen the same way: tests/testing_utils.py capture_logs)."""
    logger = logging.getLogger(name)
    messages: list[Logged] = []
    handler = _Collector(messages)
    lowered = logger.getEffectiveLevel() > logging.WARNING
    previous = logger.level
    if lowered:
        logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        if lowered:
            logger.setLevel(previous)


def harmless(message: str) -> bool:
    """A message the built-in stylesheet causes on every brief (HARMLESS)."""
    return any(pattern.search(message) for pattern, _ in HARMLESS)


class _Styles(HTMLParser):
    """The text of each <style> element of a page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.sheets: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style":
            self.inside = True
            self.sheets.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.sheets[-1] += data


def style_texts(html: str) -> list[str]:
    """The text of each <style> element of the page, in order."""
    parser = _Styles()
    parser.feed(html)
    parser.close()
    return parser.sheets


def read_text(path: Path) -> str:
    """A template file's text ('' when it cannot be read: the renderer reports that)."""
    try:
        return read_capped(path, MAX_SEARCHED_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""


def word_at(text: str, line: int, column: int) -> str:
    """The text at a 1-based line and column of `text` ('' when there is none)."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return ""
    return lines[line - 1][max(column - 1, 0) :]


def cited_word(message: str) -> str:
    """What a CSS message names at its place: `prop` of 'Ignored `prop: …`', `@rule` of an
    at-rule, '' when nothing."""
    if m := re.match(r"(?:Ignored|Deprecated) `\s*([-\w]+)\s*:", message):
        return m.group(1)
    if m := re.search(r"(@[-\w]+)", message):
        return m.group(1)
    return ""


@dataclass(frozen=True)
class Sources:
    """Where a render's CSS and assets came from: the template folders, the page's <style>
    elements, and the stylesheets behind them."""

    dirs: list[Path]
    styles: list[str]
    brief_css: Path | None
    page_template: str
    fallback: str  # the PDF's path: the place of what has no other
    stylesheet: Path | None = None  # the PDF's own stylesheet (pdf.css)

    @property
    def made(self) -> str:
        """The file being made, named at the start of each message (`full.pdf`)."""
        return Path(self.fallback).name

    def css_place(self, line: int, column: int, message: str) -> tuple[Location, str]:
        """The file and place of a CSS message logged at `line:column` while the page was laid
        out: in one of its <style> elements, or in the PDF's stylesheet (a `var()` that gives
        nothing is reported where it is used); and a note to add when only the page's template
        is known."""
        word = cited_word(message).lower()

        def names(text: str) -> bool:  # the line holds the word named, up to the column
            found = word_at(text, line, column)
            if not found or not word:
                return bool(found)
            start = word_at(text, line, 1)[: column - 1 + len(word)].lower()
            return word in start

        note = f" (line {line} of a <style> element)"
        sheets = [s for s in self.styles if names(s)]
        if not sheets and self.stylesheet is not None and names(read_text(self.stylesheet)):
            return Location(shown_template(self.stylesheet, self.dirs), line, column), ""
        sheets = sheets or [s for s in self.styles if word_at(s, line, column)]
        if not sheets:
            return Location(self.page_template), note
        sheet = sheets[0]
        if self.brief_css is not None:
            text = read_text(self.brief_css).replace("</", "<\\/")
            at = sheet.find(text) if text else -1
            if at >= 0:
                offset = sheet.count("\n", 0, at)
                if 0 < line - offset <= text.count("\n") + 1:
                    shown = shown_template(self.brief_css, self.dirs)
                    return Location(shown, line - offset, column), ""
        return Location(self.page_template), note

    def asset_place(self, url: str) -> Location:
        """The first place in the template files naming the asset at `url`."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        wanted = [url] if parts.scheme not in ("file", "") else []
        wanted += [path] if path.startswith("/") and parts.scheme == "file" and not wanted else []
        name = Path(path).name
        if name:
            wanted.append(name)
        for needle in wanted:
            for d in self.dirs:
                for file in sorted(d.rglob("*")):
                    if file.suffix not in SEARCHED or not file.is_file():
                        continue
                    text = read_text(file)
                    at = text.find(needle)
                    if at >= 0:
                        line = text.count("\n", 0, at) + 1
                        column = at - (text.rfind("\n", 0, at) + 1) + 1
                        return Location(shown_template(file, self.dirs), line, column)
        return Location(self.fallback)


def shown_url(url: str, dirs: list[Path]) -> str:
    """A fetched URL as the author wrote it: a path in the template folders, else the URL."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = Path(unquote(parts.path))
        shown = shown_template(path, dirs)
        if shown != str(path):
            return shown
    return url if len(url) <= 100 else url[:97] + "..."


def located(
    css_logged: list[Logged],
    page_logged: list[Logged],
    missing: list[str],
    refused: list[str],
    sources: Sources,
    stylesheet: Path,
) -> tuple[Problem, ...]:
    """One problem per message (harmless ones left out) and per missing or refused URL."""
    problems: list[Problem] = []
    failed = {*missing, *refused}
    for url in dict.fromkeys(missing):
        problems.append(
            Problem(
                sources.asset_place(url),
                f"{sources.made}: missing asset {shown_url(url, sources.dirs)}: add the file to the "
                "template folder or correct the reference",
            )
        )
    for url in dict.fromkeys(refused):
        problems.append(
            Problem(
                sources.asset_place(url),
                f"{sources.made}: refused to fetch {shown_url(url, sources.dirs)}: a PDF reads only files "
                "inside the template folders (templates/ and the built-in ones)",
                Severity.WARNING,
            )
        )
    fonts_failed = any(urlsplit(u).path.lower().endswith(FONT_SUFFIXES) for u in failed)
    for logged, in_page in [(m, False) for m in css_logged] + [(m, True) for m in page_logged]:
        text = logged.message
        if harmless(text):
            continue
        fetch = FETCH_FAILED.match(text)
        if fetch and fetch.group(1) in failed:
            continue  # said above, with its place
        if FONT_FACE.match(text) and fonts_failed:
            continue
        place = AT_LINE.search(text)
        where, note = Location(sources.fallback), ""
        if place is not None:
            line, column = int(place.group(1)), int(place.group(2))
            if in_page:
                where, note = sources.css_place(line, column, text)
            else:
                where = Location(shown_template(stylesheet, sources.dirs), line, column)
            text = text[: place.start()] + text[place.end() :]
        # WeasyPrint's errors too are warnings: the PDF is made, without what it could not use
        problems.append(Problem(where, f"{sources.made}: {text}{note}", Severity.WARNING))
    return tuple(sorted(dict.fromkeys(problems), key=lambda p: (p.location, p.message)))
