"""The two lookups that grew with the whole document: the same PDF byte for byte with and
without the patch, the waiting list behaving as a list, and WeasyPrint's own code elsewhere."""

from __future__ import annotations

import random

import pytest

from briefgen.load.digest import BUILTIN_TEMPLATES
from briefgen.render import scale_patch
from briefgen.render.html import find_asset
from briefgen.render.pdf import render_pdf
from tests.test_footnotes_patch import EDITION, footnote_heavy_html

pytestmark = pytest.mark.pdf


class Box:
    """Compares by identity, as WeasyPrint's boxes do."""


def test_the_waiting_list_answers_as_a_list_does() -> None:
    rng = random.Random(7)
    boxes = [Box() for _ in range(12)]
    mine, theirs = scale_patch.WaitingFootnotes(), list[object]()
    for _ in range(2000):
        box = rng.choice(boxes)
        op = rng.randrange(9)
        if op == 0:
            mine.append(box), theirs.append(box)
        elif op == 1 and box in theirs:
            mine.remove(box), theirs.remove(box)
        elif op == 2:
            mine.insert(1, box), theirs.insert(1, box)
        elif op == 3 and theirs:
            assert mine.pop(0) is theirs.pop(0)
        elif op == 4:
            mine += [box, box]
            theirs += [box, box]
        elif op == 5 and theirs:
            mine[0], theirs[0] = box, box
        elif op == 6 and theirs:
            del mine[-1], theirs[-1]
        elif op == 7:
            mine = mine.copy()
            assert isinstance(mine, scale_patch.WaitingFootnotes)
        elif op == 8 and rng.random() < 0.05:
            mine.clear(), theirs.clear()
        assert list(mine) == theirs
        assert all((b in mine) == (b in theirs) for b in boxes)
        assert (None in mine) is False


def test_installed_on_the_verified_versions() -> None:
    assert scale_patch.applicable() is None
    assert scale_patch.install() is None


def test_other_sources_keep_their_own_code(monkeypatch: pytest.MonkeyPatch) -> None:
    import pydyf

    monkeypatch.setattr(scale_patch, "VERIFIED_SOURCE", "0" * 64)
    assert "differs" in (scale_patch.applicable() or "")
    monkeypatch.setattr(pydyf, "__version__", "0.99")
    assert "0.99" in (scale_patch.applicable() or "")


def test_a_long_footnoted_document_is_byte_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    scale_patch.install()
    asked: list[int] = []
    contains = scale_patch.WaitingFootnotes.__contains__

    def counted(self: scale_patch.WaitingFootnotes, item: object) -> bool:
        asked.append(1)
        return contains(self, item)

    monkeypatch.setattr(scale_patch.WaitingFootnotes, "__contains__", counted)
    dirs = [BUILTIN_TEMPLATES]
    html = footnote_heavy_html(sections=4)
    css = find_asset("pdf.css", dirs)
    patched = render_pdf(html, dirs, css, EDITION)
    assert len(asked) > 100, "the waiting list was not the patched one"
    with scale_patch.disabled():
        asked.clear()
        stock = render_pdf(html, dirs, css, EDITION)
        assert asked == []
    assert patched.pages > 5
    assert patched.data == stock.data
