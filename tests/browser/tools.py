"""Shared helpers of the output-quality tests: the external tools and what a brief's HTML promises.

A missing tool skips a test with the reason, except in CI (environment CI=true), where the
project's own setup (scripts/setup.sh) must have installed it: there, it fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.sample_project import REPO

NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
PLAYWRIGHT = NODE_MODULES / "playwright-core" / "package.json"
AXE_CHECK = REPO / "tests" / "browser" / "axe_check.mjs"


def in_ci() -> bool:
    """True on a CI runner (CI=true or 1), where every tool must be present."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require(ok: bool, reason: str) -> None:
    """Skip (on a workstation) or fail (in CI) when a needed tool is missing."""
    if ok:
        return
    how = "run `bash scripts/setup.sh` (or `make setup`)"
    if in_ci():
        pytest.fail(f"{reason}; CI must have it: {how}", pytrace=False)
    pytest.skip(f"{reason}; {how}")


def require_command(name: str, package: str) -> str:
    """The path of a command, or skip/fail naming the package that provides it."""
    path = shutil.which(name)
    require(path is not None, f"`{name}` not found (Debian package {package})")
    assert path is not None
    return path


def require_file(path: Path, what: str) -> Path:
    """A file the tests need, or skip/fail saying what is missing."""
    require(path.is_file(), f"{what} not found at {path.relative_to(REPO)} (npm ci)")
    return path


def squash(text: str) -> str:
    """Whitespace folded to single spaces."""
    return " ".join(text.split())


def straight(text: str) -> str:
    """Typographic quotes and apostrophes set back to straight ones: the brief prints the
    analyst's "…" and '…' in its language's marks, and a word's ' as ’."""
    return re.sub("[“”„«»]", '"', re.sub("[‘’‚‹›]", "'", text)).replace("\u202f", "")


def bare(text: str) -> str:
    """All whitespace removed: PDF text extraction does not keep spacing reliably."""
    return "".join(text.split())


@dataclass
class Note:
    """One numbered note as the HTML lists it: its number, how it opens (the cited source, in
    full or short) and its first quote."""

    number: int
    source: str = ""
    quote: str = ""


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class BriefHtml:
    """What a brief's PDF must show, read from its HTML: headings, marking, notes."""

    body_classes: list[str] = field(default_factory=list)
    lang: str = ""  # the brief's language and direction (<html lang dir>)
    rtl: bool = False
    title: str = ""
    marking: str = ""
    sections: list[str] = field(default_factory=list)  # the <h2> of each part in <main>
    notes: list[Note] = field(default_factory=list)
    refs: int = 0  # note calls in the text
    notes_heading: str = (
        ""  # the heading of the endnotes (<aside id="notes">), in the brief's language
    )

    @property
    def endnotes(self) -> bool:
        return "notes-endnotes" in self.body_classes


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = BriefHtml()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.capture: list[str] | None = None
        self.capture_depth = 0
        self.capture_kind = ""
        self.note_text: list[str] | None = None  # the text of the note being read
        self.note_depth = 0

    def _inside(self, tag: str, cls: str | None = None, ident: str | None = None) -> bool:
        return any(
            t == tag
            and (cls is None or cls in a.get("class", "").split())
            and (ident is None or a.get("id") == ident)
            for t, a in self.stack
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "html":
            self.out.lang, self.out.rtl = a.get("lang", ""), a.get("dir") == "rtl"
        if tag == "body":
            self.out.body_classes = classes
        if tag == "a" and "ref" in classes:
            self.out.refs += 1
        if self.capture is None:
            kind = ""
            if tag == "h2" and self._inside("main"):
                kind = "section"
            elif tag == "h2" and self._inside("aside", ident="notes"):
                kind = "notes-heading"
            elif tag == "p" and "marking-top" in classes:
                kind = "marking"
            elif tag == "span" and "running-title" in classes:
                kind = "title"
            elif (
                tag == "q"
                and not classes  # a quote, not an article's title or a translation
                and self._inside("aside", ident="notes")
            ):
                kind = "quote"
            if kind:
                self.capture, self.capture_kind, self.capture_depth = [], kind, len(self.stack)
        if (
            tag == "li"
            and a.get("id", "").startswith("note-")
            and self._inside("aside", ident="notes")
        ):
            self.out.notes.append(Note(int(a["id"].removeprefix("note-"))))
            self.note_text, self.note_depth = [], len(self.stack)
        if tag not in VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if self.note_text is not None and len(self.stack) <= self.note_depth:
            self.out.notes[-1].source = squash("".join(self.note_text)).replace("↩", "")[:24]
            self.note_text = None
        if self.capture is not None and len(self.stack) <= self.capture_depth:
            text = squash("".join(self.capture))
            kind, self.capture = self.capture_kind, None
            if kind == "section":
                self.out.sections.append(text)
            elif kind == "notes-heading":
                self.out.notes_heading = text
            elif kind == "marking":
                self.out.marking = text
            elif kind == "title":
                self.out.title = text
            elif kind == "quote" and self.out.notes and not self.out.notes[-1].quote:
                self.out.notes[-1].quote = text

    def handle_data(self, data: str) -> None:
        if self.capture is not None:
            self.capture.append(data)
        if self.note_text is not None:
            self.note_text.append(data)


def read_brief_html(path: Path) -> BriefHtml:
    """Parse a built brief's HTML."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.out
