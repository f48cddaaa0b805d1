"""HTML navigation by keyboard: a skip link first, note calls and back links out of the tab order.

The example briefs and the sample project's briefs are built (HTML only).  In each, the first
tab stop is the skip link to <main id="main">; note calls and the notes' back links are links
(pointer, screen reader) but not tab stops, so the tab order is the contents, the section
links and the scroll boxes: a few dozen stops, not hundreds.  The notes stay one Tab away
through the contents ("Notes").
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

MAX_TAB_STOPS = 60


class _Focus(HTMLParser):
    """Tab stops in document order (links with href, tabindex >= 0), and the note links."""

    def __init__(self) -> None:
        super().__init__()
        self.stops: list[tuple[str, dict[str, str | None]]] = []
        self.note_links: list[dict[str, str | None]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        classes = (a.get("class") or "").split()
        if tag == "a" and ("ref" in classes or "back" in classes):
            self.note_links.append(a)
        index = a.get("tabindex")
        focusable = (tag == "a" and a.get("href") is not None) or index is not None
        if focusable and (index is None or int(index) >= 0):
            self.stops.append((tag, a))


@pytest.fixture(scope="module")
def pages(built_sample: Path, built_examples: Path | str) -> dict[str, _Focus]:
    roots = [built_sample] + ([] if isinstance(built_examples, str) else [built_examples])
    out: dict[str, _Focus] = {}
    for root in roots:
        for html in sorted((root / "output").glob("*/*.html")):
            parser = _Focus()
            parser.feed(Path(html).read_text(encoding="utf-8"))
            out[f"{root.name}/{html.stem}"] = parser
    return out


def test_skip_link_comes_first(pages: dict[str, _Focus]) -> None:
    for case, page in pages.items():
        tag, attrs = page.stops[0]
        assert (tag, attrs.get("class"), attrs.get("href")) == ("a", "skip-link", "#main"), case
        assert "main" in page.ids, case


def test_note_links_are_not_tab_stops(pages: dict[str, _Focus]) -> None:
    assert any(page.note_links for page in pages.values())
    for case, page in pages.items():
        assert all(a.get("tabindex") == "-1" for a in page.note_links), case
        if page.note_links and "notes" in page.ids:
            assert any(a.get("href") == "#notes" for _, a in page.stops), case


def test_a_few_dozen_tab_stops(pages: dict[str, _Focus]) -> None:
    counts = {case: len(page.stops) for case, page in pages.items()}
    assert all(n <= MAX_TAB_STOPS for n in counts.values()), counts
