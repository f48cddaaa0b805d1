"""Two lookups of WeasyPrint 70 and pydyf that grow with the whole document, made constant,
on the versions and source verified (the PDF is the same byte for byte; tests compare).

- `LayoutContext.footnotes`, the notes waiting for their page, is a list, and the line layout
  asks `descendant.footnote in context.footnotes` of every box of every line
  (`layout/block.py`, `_linebox_layout`): most boxes have no note (None), which scans the
  whole list, so a brief's layout grew with its lines times its notes. Here the list keeps a
  count of its items by identity (boxes compare by identity: they define no `__eq__`).
- `pydyf.PDF.page_references` makes a tuple of every page's reference each time it is read,
  and the PDF tagging reads it for each marked piece of content (`pdf/tags.py`): pages
  times pieces. Here it is made once per number of pages.

Measured on one brief of 301 pages: 5.3 s and 2.5 s of 76 s grew faster than the pages.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, SupportsIndex

from briefgen.render.patch_guard import source_digest, why_not

VERIFIED_PYDYF = ("0.13.0",)
VERIFIED_SOURCE = "396d10198eb01a06472f871c90b278d585064f10514caf97b76f73965b059fd9"
_installed: str | None = None  # "" once in place, else why not
_stock: dict[str, Any] = {}  # WeasyPrint's and pydyf's own code, while the patches are in place


class WaitingFootnotes(list[Any]):
    """A list whose `in` is by identity in constant time, kept by every change to the list."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self.counts: Counter[int] = Counter(map(id, self))

    def recount(self) -> None:
        """Count again after a change made in bulk (rare in WeasyPrint: never, as verified)."""
        self.counts = Counter(map(id, self))

    def __contains__(self, item: object) -> bool:
        if type(item).__eq__ is not object.__eq__:  # equal without being the same: scan
            return super().__contains__(item)
        return self.counts[id(item)] > 0

    def append(self, item: Any) -> None:
        super().append(item)
        self.counts[id(item)] += 1

    def remove(self, item: Any) -> None:
        index = self.index(item)
        self.counts[id(self[index])] -= 1
        super().__delitem__(index)

    def copy(self) -> WaitingFootnotes:
        return WaitingFootnotes(self)

    def extend(self, items: Iterable[Any]) -> None:
        super().extend(items)
        self.recount()

    def insert(self, index: SupportsIndex, item: Any) -> None:
        super().insert(index, item)
        self.counts[id(item)] += 1

    def pop(self, index: SupportsIndex = -1) -> Any:
        item = super().pop(index)
        self.counts[id(item)] -= 1
        return item

    def clear(self) -> None:
        super().clear()
        self.counts.clear()

    def __setitem__(self, index: Any, value: Any) -> None:
        super().__setitem__(index, value)
        self.recount()

    def __delitem__(self, index: Any) -> None:
        super().__delitem__(index)
        self.recount()

    def __iadd__(self, items: Iterable[Any]) -> WaitingFootnotes:  # type: ignore[misc]
        self.extend(items)
        return self

    def __imul__(self, times: SupportsIndex) -> WaitingFootnotes:
        super().__imul__(times)
        self.recount()
        return self


def relied_on() -> list[Any]:
    """The code these patches change or rely on: where the waiting list is made, copied,
    changed and asked, and the page references with the only code that adds pages."""
    import pydyf
    from weasyprint import document
    from weasyprint.formatting_structure import build
    from weasyprint.layout import LayoutContext, block, layout_document, page

    references = _stock.get("references", pydyf.PDF.page_references)  # WeasyPrint's own when
    return [  # the patches are in place
        _stock.get("init", LayoutContext.__init__),
        LayoutContext.layout_footnote,
        LayoutContext.unlayout_footnote,
        LayoutContext.report_footnote,
        layout_document,
        block._linebox_layout,
        page.make_page,
        build.element_to_box,
        document.Document._render,
        pydyf.PDF.add_page,
        references.fget,
    ]


def applicable() -> str | None:
    """None when WeasyPrint and pydyf are the versions and source verified, else why not."""
    import pydyf

    if pydyf.__version__ not in VERIFIED_PYDYF:
        return f"pydyf {pydyf.__version__} is not one of {', '.join(VERIFIED_PYDYF)}"
    return why_not(lambda: source_digest(relied_on()), VERIFIED_SOURCE, "layout and PDF code")


def page_references(self: Any) -> tuple[bytes, ...]:
    """pydyf's page references, made once for each number of pages."""
    kids = self.pages["Kids"]
    kept = self.__dict__.get("_briefgen_page_references")
    if kept is None or kept[0] is not kids or kept[1] != len(kids):
        kept = (kids, len(kids), tuple(f"{n} 0 R".encode("ascii") for n in kids[::3]))
        self.__dict__["_briefgen_page_references"] = kept
    return kept[2]  # type: ignore[no-any-return]


def install() -> str | None:
    """Put both in place when verified; None when in place, else why not (then WeasyPrint's
    and pydyf's own code runs: the same PDF, more slowly on long briefs)."""
    global _installed
    if _installed is not None:
        return _installed or None
    if os.environ.get("BRIEFGEN_SCALE_PATCH", "1") == "0":
        return None  # turned off (tests compare with and without): nothing to say
    why = applicable()
    if why is not None:
        _installed = f"long documents laid out by WeasyPrint's own code, more slowly: {why}"
        return _installed
    import pydyf
    from weasyprint.layout import LayoutContext

    stock_init = _stock["init"] = LayoutContext.__init__
    _stock["references"] = pydyf.PDF.page_references

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        stock_init(self, *args, **kwargs)
        self.footnotes = WaitingFootnotes(self.footnotes)

    _stock["patched"] = (init, property(page_references))
    LayoutContext.__init__, pydyf.PDF.page_references = _stock["patched"]
    _installed = ""
    return None


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Inside the block, WeasyPrint's and pydyf's own code runs (for tests that compare)."""
    import pydyf
    from weasyprint.layout import LayoutContext

    if not _stock:
        yield
        return
    LayoutContext.__init__, pydyf.PDF.page_references = _stock["init"], _stock["references"]
    try:
        yield
    finally:
        LayoutContext.__init__, pydyf.PDF.page_references = _stock["patched"]
