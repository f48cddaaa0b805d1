"""WeasyPrint 70's own footnote tests, run against briefgen's footnote patch in its checking mode.

WeasyPrint's tests/layout/test_footnotes.py and tests/draw/test_footnote.py (v70.0, BSD-3-Clause)
are reimplemented here, not copied: each of their documents is written again in our words, at
a scale where DejaVu Sans Mono (10px, one line 10px high, one letter about 6px wide) stands for
WeasyPrint's test font (2px squares), and each of their assertions becomes an assertion on
what lies on which page: the lines of the body and of the footnote area, in order, and where
the area starts. Each document is laid out twice: with the patch, checking every incremental
update against WeasyPrint's own as it happens (`footnotes_patch.checking()`), and with
WeasyPrint's own code (`footnotes_patch.disabled()`); every box of every page must be in the
same place with the same size, to the last bit, and the PDFs made from the drawing tests'
documents byte-identical. Whether the patch took part (or, outside what it was verified for,
left the page to WeasyPrint) is asserted too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from briefgen.render import footnotes_patch

pytestmark = pytest.mark.pdf

CHAR = 6.0205078125  # the advance of a DejaVu Sans Mono letter at 10px
LINE = 10  # one line
RESET = """
@page { size: SIZE; margin: 0; @footnote { margin: 0 } }
html { font: 10px/1 "DejaVu Sans Mono" }
html, body, div, p { margin: 0; padding: 0; display: block }
::footnote-call { content: counter(footnote); vertical-align: baseline; font-size: 100% }
::footnote-marker { content: counter(footnote) "." }
"""


# Each test runs on two footnote areas: WeasyPrint's tests' (no border: its top margin
# collapses, and the patch leaves every update to WeasyPrint) and one under a rule, as
# briefgen's pdf.css draws it, where the patch lays the notes out itself.
AREAS = {"bare": "", "ruled": "@page { @footnote { border-top: 1px solid } }"}
area = {"css": "", "rule": 0}


@pytest.fixture(autouse=True, params=list(AREAS))
def footnote_area(request: pytest.FixtureRequest) -> None:
    """Lay every document of the test out on this footnote area."""
    area["css"] = AREAS[request.param]
    area["rule"] = 1 if AREAS[request.param] else 0


def document(size: str, css: str, body: str) -> str:
    """A page of `size` (27px: four letters and a half wide; 35px: three lines and a half)."""
    style = RESET.replace("SIZE", size) + css + area["css"]
    return f"<html><head><style>{style}</style></head><body>{body}</body></html>"


def took_part(laid: Laid) -> bool:
    """The patch laid the notes out where it applies (under a rule), WeasyPrint elsewhere."""
    if area["rule"]:
        return laid.patched > 0
    return laid.patched == 0 and laid.stock > 0


def layout(pages: list[Any]) -> list[Any]:
    """Every box of every page: its type, element, text, position and size (exactly)."""

    def walk(box: Any) -> Any:
        return (
            type(box).__name__,
            box.element_tag if box.element is not None else None,
            getattr(box, "text", None),
            box.position_x,
            box.position_y,
            box.width,
            box.height,
            [walk(child) for child in getattr(box, "children", ())],
        )

    return [walk(page) for page in pages]


@dataclass
class Laid:
    """The page boxes of a document laid out with the patch, and what the patch did."""

    pages: list[Any]
    patched: int  # updates of the footnote area laid out by the patch (block and inline)
    stock: int  # updates left to WeasyPrint's own code


def lay_out(html: str) -> Laid:
    """Lay `html` out with the patch in checking mode and with WeasyPrint's own code; assert
    both give the same boxes; the patched layout and the patch's counts."""
    import weasyprint

    assert footnotes_patch.install()
    stats = dict(footnotes_patch.STATS)
    with footnotes_patch.checking():
        ours = [p._page_box for p in weasyprint.HTML(string=html).render().pages]
    done = {k: footnotes_patch.STATS[k] - stats[k] for k in stats}
    with footnotes_patch.disabled():
        theirs = [p._page_box for p in weasyprint.HTML(string=html).render().pages]
    assert layout(ours) == layout(theirs)
    assert done["checked"] == done["incremental"]  # each compared with WeasyPrint's own
    return Laid(ours, done["incremental"], done["stock"])


def lines(box: Any) -> list[str]:
    """The text of each line box under `box`, in order (footnote calls and markers included)."""
    found: list[str] = []

    def text(b: Any) -> str:
        own = getattr(b, "text", "") or ""
        return own + "".join(text(c) for c in getattr(b, "children", ()))

    def walk(b: Any) -> None:
        if type(b).__name__ == "LineBox":
            found.append(text(b).replace(" ", ""))
        else:
            for child in getattr(b, "children", ()):
                walk(child)

    walk(box)
    return found


def area_of(page: Any) -> Any:
    """The page's footnote area, or None."""
    areas = [c for c in page.children if type(c).__name__ == "FootnoteAreaBox"]
    return areas[0] if areas else None


def summary(laid: Laid) -> list[tuple[list[str], list[str]]]:
    """(body lines, footnote area lines) of each page."""
    result = []
    for page in laid.pages:
        html = page.children[0]
        area = area_of(page)
        result.append((lines(html), lines(area) if area is not None else []))
    return result


SPAN_NOTE = "span { float: footnote }"


def test_inline_footnote() -> None:
    laid = lay_out(document("27px 35px", SPAN_NOTE, "<div>abc<span>de</span></div>"))
    assert summary(laid) == [(["abc1"], ["1.de"])]
    assert area_of(laid.pages[0]).position_y == 25 - area["rule"]  # one line above the foot
    assert took_part(laid)


def test_block_footnote() -> None:
    css = "div.note { float: footnote }"
    laid = lay_out(document("27px 35px", css, '<div>abc<div class="note">de</div></div>'))
    assert summary(laid) == [(["abc1"], ["1.de"])]
    assert area_of(laid.pages[0]).position_y == 25 - area["rule"]
    assert took_part(laid)


def test_long_footnote() -> None:
    laid = lay_out(document("27px 35px", SPAN_NOTE, "<div>abc<span>de f</span></div>"))
    assert summary(laid) == [(["abc1"], ["1.de", "f"])]
    assert area_of(laid.pages[0]).position_y == 15 - area["rule"]
    assert took_part(laid)


def test_several_footnotes() -> None:
    body = "<div>abcd e<span>fg</span> hijk l<span>mn</span></div>"
    laid = lay_out(document("27px 35px", SPAN_NOTE, body))
    assert summary(laid) == [(["abcd", "e1"], ["1.fg"]), (["hijk", "l2"], ["2.mn"])]


@pytest.mark.parametrize(
    ("tail", "second_page"),
    [("", []), (" wow", ["wow"])],
    ids=["nothing-after", "text-after"],
)
def test_reported_footnote(tail: str, second_page: list[str]) -> None:
    body = f"<div>abc<span>f1</span> hij<span>f2</span>{tail}</div>"
    laid = lay_out(document("27px 35px", SPAN_NOTE, body))
    assert summary(laid) == [(["abc1", "hij2"], ["1.f1"]), (second_page, ["2.f2"])]


def test_reported_footnote_longer_than_the_rest() -> None:
    body = "<div>abc<span>1</span> def<span>v long 2</span> ghi<span>3</span></div>"
    laid = lay_out(document("27px 50px", SPAN_NOTE, body))
    assert summary(laid) == [
        (["abc1", "def2", "ghi3"], ["1.1"]),
        ([], ["2.v", "long", "2", "3.3"]),
    ]


@pytest.mark.parametrize("before", ["", "aaa "], ids=["first-line", "second-line"])
def test_reported_notes_keep_their_order(before: str) -> None:
    body = f"<div>{before}a<span>b</span><span>c</span><span>d</span><span>e</span></div>"
    laid = lay_out(document("27px 35px", SPAN_NOTE, body))
    notes = [line for _, area in summary(laid) for line in area]
    assert notes == ["1.b", "2.c", "3.d", "4.e"]
    assert len(laid.pages) > 1


def test_reported_notes_and_orphans() -> None:
    css = "body { orphans: 2; widows: 2 } " + SPAN_NOTE
    body = (
        "<div>a<br>b<br>c<br>d<br>e</div>"
        "<div>f<span>1</span><span>2</span><span>3</span><span>4</span><br>g<br>h<br>i</div>"
    )
    laid = lay_out(document(f"60px {100 + area['rule']}px", css, body))
    pages = summary(laid)
    assert [len(body) for body, _ in pages] == [5 + 2, 2]
    assert [len(area) for _, area in pages] == [3, 1]


@pytest.mark.parametrize(
    ("css", "tail"),
    [
        ("p { break-inside: avoid }", "<br>e<br>f"),
        ("p { widows: 4 }", "<br>e<br>f"),
        ("p + p { break-before: avoid }", "</p><p>e<br>f"),
        ("p + p { break-before: avoid }", "<span>y</span><span>z</span></p><p>e"),
    ],
    ids=["avoid-inside", "widows", "avoid-before", "avoid-before-more-notes"],
)
def test_the_area_follows_its_call(css: str, tail: str) -> None:
    style = "body { orphans: 2; widows: 2 } " + SPAN_NOTE + " " + css
    body = f"<div>a<br>b</div><p>c<br>d<span>x</span>{tail}</p>"
    laid = lay_out(document("27px 50px", style, body))
    call = [i for i, (lines_, _) in enumerate(summary(laid)) if any("d1" in ln for ln in lines_)]
    area = [i for i, (_, notes) in enumerate(summary(laid)) if notes]
    assert call and area and call[0] <= area[0]


def test_footnote_display_inline() -> None:
    css = "span { float: footnote; footnote-display: inline }"
    laid = lay_out(document("27px 250px", css, "<div>abc<span>d</span> fgh<span>i</span></div>"))
    assert summary(laid) == [(["abc1", "fgh2"], ["1.d2.i"])]
    assert took_part(laid)


@pytest.mark.parametrize(
    ("note", "area"),
    [("def ghi jkl", ["1.def", "ghi", "jkl"]), ("def ghi jkl mno", ["1.def", "ghi", "jkl", "mno"])],
    ids=["longer-than-space-left", "longer-than-page"],
)
def test_footnote_too_long_for_its_page(note: str, area: list[str]) -> None:
    laid = lay_out(document("27px 35px", SPAN_NOTE, f"<div>abc<span>{note}</span></div>"))
    assert summary(laid) == [(["abc1"], []), ([], area)]


def test_footnote_policy_line() -> None:
    css = "div { orphans: 2; widows: 2 } span { float: footnote; footnote-policy: line }"
    laid = lay_out(document("27px 45px", css, "<div>abc def ghi jkl<span>1</span></div>"))
    assert summary(laid) == [(["abc", "def"], []), (["ghi", "jkl1"], ["1.1"])]


def test_footnote_policy_block() -> None:
    css = "span { float: footnote; footnote-policy: block }"
    laid = lay_out(document("27px 45px", css, "<div>abc</div><div>def ghi jkl<span>1</span></div>"))
    assert summary(laid) == [(["abc"], []), (["def", "ghi", "jkl1"], ["1.1"])]


def test_footnote_repagination() -> None:
    css = "div::after { content: counter(pages) } " + SPAN_NOTE
    laid = lay_out(document("27px 35px", css, "<div>ab<span>de</span></div>"))
    assert summary(laid) == [(["ab11"], ["1.de"])]
    assert area_of(laid.pages[0]).position_y == 25 - area["rule"]


def test_reported_footnote_repagination() -> None:
    css = "a::after { content: target-counter(attr(href), page) } " + SPAN_NOTE
    body = '<div><a href="#i">a</a> bb<span>de</span> <i id="i">fg</i></div>'
    laid = lay_out(document("27px 25px", css, body))
    assert summary(laid) == [(["a2", "bb1"], []), (["fg"], ["1.de"])]
    assert area_of(laid.pages[1]).position_y == 15 - area["rule"]


def test_footnote_area_max_height_falls_back() -> None:
    css = (
        f"@page {{ @footnote {{ margin-left: 5px; max-height: {20 + area['rule']}px }} }}"
        " div.note { float: footnote }"
    )
    body = (
        '<div>ab<div class="note">c</div><div class="note">d</div> '
        '<div class="note">e</div></div><div>fg</div>'
    )
    laid = lay_out(document(f"37px {30 + area['rule']}px", css, body))
    assert summary(laid) == [(["ab123"], ["1.c", "2.d"]), (["fg"], ["3.e"])]
    assert laid.stock and not laid.patched  # a limited area is left to WeasyPrint


@pytest.mark.parametrize("avoid", [False, True], ids=["aborted-row", "aborted-group"])
def test_footnote_in_an_aborted_table_row(avoid: bool) -> None:
    css = "tr { height: 50px } .note { float: footnote }" + (
        " tbody { break-inside: avoid }" if avoid else ""
    )
    if avoid:
        rows = (
            "<tbody><tr><td>abc</td></tr><tr><td>abc</td></tr></tbody>"
            '<tbody><tr><td>def<div class="note">f</div></td></tr><tr><td>ghi</td></tr></tbody>'
        )
        second = ["def1", "ghi"]
    else:
        rows = "<tbody>" + "<tr><td>abc</td></tr>" * 3
        rows += '<tr><td>def<div class="note">f</div></td></tr></tbody>'
        second = ["def1"]
    laid = lay_out(document("30px 175px", css, f"<table>{rows}</table>"))
    pages = summary(laid)
    assert len(pages) == 2
    assert set(pages[0][0]) == {"abc"} and pages[0][1] == []
    assert pages[1] == (second, ["1.f"])


def test_footnote_with_a_bottom_margin() -> None:
    css = "span { float: footnote; margin-bottom: 5px }"
    laid = lay_out(document("27px 35px", css, "<div>abc<span>de</span></div>"))
    assert summary(laid) == [(["abc1"], ["1.de"])]
    assert area_of(laid.pages[0]).position_y == 25 - area["rule"]  # the margin moves nothing
    assert laid.stock and not laid.patched  # a note with margins is left to WeasyPrint


@pytest.mark.parametrize(
    ("extra", "second"),
    [
        ("", (["e"], ["3.3"])),
        pytest.param(
            "e f",
            (["e", "f", "g"], ["3.3"]),
            marks=pytest.mark.xfail(
                strict=True,
                reason="WeasyPrint 70.0 drops the third note here, patch or not (WeasyPrint's "
                "later tests expect it on page 2): a fix to take when the pin moves",
            ),
        ),
    ],
    ids=["columns-end", "columns-go-on"],
)
def test_footnotes_in_columns_converge(extra: str, second: tuple[list[str], list[str]]) -> None:
    css = "div { columns: 2 } " + SPAN_NOTE
    last = "g" if extra else "e"
    body = f"<div>a<span>1</span> b<span>2</span> c d<span>3</span> {extra}</div><p>{last}</p>"
    laid = lay_out(document("27px 45px", css, body))
    pages = summary(laid)
    assert pages[0] == (["a1", "b2", "c", "d3"], ["1.1", "2.2"])
    assert area_of(laid.pages[0]).height == 20
    assert laid.stock  # an area beside columns is left to WeasyPrint
    assert pages[1] == second
    assert area_of(laid.pages[1]).height == 10


# The drawing tests: the same PDF, byte for byte, with the patch and with WeasyPrint's own code.

DRAWN = {
    "inline": ("27px 35px", SPAN_NOTE, "<div>abc<span>de</span></div>"),
    "block": (
        "27px 35px",
        "div.note { float: footnote }",
        '<div>abc<div class="note">de</div></div>',
    ),
    "long": ("27px 35px", SPAN_NOTE, "<div>abc<span>de f</span></div>"),
    "area-margin": (
        "27px 35px",
        "@page { @footnote { margin: 5px } } " + SPAN_NOTE,
        "<div>abc<span>d</span></div>",
    ),
    "area-margin-top": (
        "21px 50px",
        "@page { @footnote { margin-top: 5px } } " + SPAN_NOTE,
        "<div>ab</div>" * 3 + "<div>a<span>d</span><span>e</span></div><div>ab</div>",
    ),
    "absolute": (
        "27px 35px",
        "@page { margin: 0 5px 10px } mark { display: block; position: absolute; left: -5px }"
        + SPAN_NOTE,
        "<div>a<span><mark>d</mark></span></div>",
    ),
    "max-height-1": (
        "27px 30px",
        "@page { @footnote { margin-left: 5px; max-height: 15px } } div.note { float: footnote }",
        '<div>ab<div class="note">c</div><div class="note">d</div></div><div>ef</div>',
    ),
    "max-height-2": (
        "27px 30px",
        "@page { @footnote { margin-left: 5px; max-height: 15px } } div.note { float: footnote }",
        '<div>ab<div class="note">c</div><div class="note">d</div></div>',
    ),
    "max-height-3": (
        "27px 30px",
        "@page { @footnote { margin-left: 5px; max-height: 5px } } div.note { float: footnote }",
        '<div>ab<div class="note">c</div><div class="note">d</div></div>',
    ),
    "max-height-4": (
        "27px 30px",
        "@page { @footnote { margin-left: 5px; max-height: 15px } } div.note { float: footnote }",
        '<div>ab<div class="note">c</div><div class="note">d</div></div><div>ef</div><div>gh</div>',
    ),
    "max-height-5": (
        "36px 30px",
        "@page { @footnote { margin-left: 5px; max-height: 20px } } div.note { float: footnote }",
        '<div>ab<div class="note">c</div><div class="note">d</div> <div class="note">e</div></div>'
        "<div>fg</div>",
    ),
}


@pytest.mark.parametrize("name", list(DRAWN))
def test_drawn_footnotes_are_the_same_pdf(name: str) -> None:
    import weasyprint

    html = document(*DRAWN[name])
    lay_out(html)  # the boxes first, every update checked
    with footnotes_patch.checking():
        ours = weasyprint.HTML(string=html).write_pdf(pdf_identifier=b"x")
    with footnotes_patch.disabled():
        theirs = weasyprint.HTML(string=html).write_pdf(pdf_identifier=b"x")
    assert ours == theirs
