"""Footnote-area layout in linear time for the WeasyPrint versions it was verified against.

WeasyPrint keeps the page's footnote area up to date while it lays out the page: each time
a note is called (`LayoutContext.layout_footnote`) or moved on (`report_footnote`), the
private `LayoutContext._update_footnote_area` deep-copies the whole area and lays out every
note in it again, to learn the area's height. A page with k notes lays out 1 + 2 + … + k
notes; on a brief of 10 notes a page that is most of the PDF's time.

The notes already in the area do not change when one is added at the end: the area is laid
out from the same point below the page (its position is fixed when the page starts) at the
same width, note after note, and under the conditions below nothing else reaches into
that layout. So this module keeps, per page, the layout of the notes laid out so far (each
note's laid-out box, the position after it and the adjoining margins) and lays out only the
notes after the longest prefix that is still in place: one note when one is added, none
when the last one is removed. It replays the loop of WeasyPrint's own
`block_container_layout` by calling WeasyPrint's own functions (`block_level_layout` for the
empty area, then `_in_flow_layout` for each note), so the floating-point arithmetic is the
same and the heights are equal to the last bit.

Notes laid out inline (footnote-display: inline) are one paragraph: the area holds one line
box of all the notes. WeasyPrint breaks lines greedily, and a line that is not the last one
ended where its content overflowed, without reading further: when notes are added, the
lines before the last one stay as they were. So the module keeps, for each number of notes
laid out, the last line of the layout, the skip stack it started from and the position
WeasyPrint gave it, and lays out from there with WeasyPrint's own `_linebox_layout` (the
line box turn of `block_container_layout`'s loop). A note removed at the end finds the
layout of the notes before it kept.

WeasyPrint's own code runs instead whenever anything is outside what was verified: another
WeasyPrint version, or different source for the functions replayed or relied on (checked by
digest), a footnote area with columns, a fixed or maximum height, a minimum height,
::first-line or max-lines, a note that is not an in-flow block, has vertical margins or a
forced break before or after it, an inline note holding anything but text and inline boxes
(an inline-block, image, float, positioned box, leader, nested note or white-space other
than normal), block and inline notes on one page, a footnote area inside a multi-column
layout, or a float of the page reaching down to the footnote area. The final layout of each
page's footnote area (the one that is drawn) is always WeasyPrint's own.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from math import inf
from typing import Any

from briefgen.render.patch_guard import VERIFIED_VERSIONS as VERIFIED_VERSIONS
from briefgen.render.patch_guard import source_digest as source_digest_of
from briefgen.render.patch_guard import why_not

# sha256 of the source of the WeasyPrint functions replayed or relied on (source_digest) as
# verified; a different build of the same version number falls back.
VERIFIED_SOURCE = "390dae0d9c562e69d34a58db226a6c1e4a84c869d6e69739625e9b65a4885a9e"

_stock: Any = None  # WeasyPrint's own _update_footnote_area, once installed
_enabled = True
_checking = False
STATS = {"incremental": 0, "inline": 0, "stock": 0, "checked": 0}


@dataclass
class _AreaCache:
    """The notes of one page's footnote area laid out so far, in order."""

    area: Any  # the FootnoteAreaBox of the page (context.current_footnote_area)
    shell: Any  # that area laid out with no children: its width and content top
    notes: list[Any] = field(default_factory=list)  # the note boxes (identity)
    laid: list[Any] = field(default_factory=list)  # their laid-out boxes
    after: list[tuple[float, list[float]]] = field(default_factory=list)  # position, margins


@dataclass
class _LastLine:
    """The last line of the layout of some notes laid out inline, and where it starts."""

    start: Any  # the skip stack the line starts at (None: the first line)
    top: float  # the position given to its layout
    bottom: float  # the position after it
    line: Any  # the laid-out line box


@dataclass
class _InlineCache:
    """The inline notes of one page's footnote area and the last line of layouts of them."""

    area: Any  # the FootnoteAreaBox of the page (context.current_footnote_area)
    shell: Any  # that area laid out with no children: its width and content top
    notes: list[Any] = field(default_factory=list)  # the note boxes (identity)
    copies: list[Any] = field(default_factory=list)  # their anonymous boxes, never laid out
    last: dict[int, _LastLine] = field(default_factory=dict)  # by number of notes laid out


def source_digest() -> str:
    """The digest of the WeasyPrint functions this patch replays."""
    from weasyprint.formatting_structure import build
    from weasyprint.layout import LayoutContext, block, inline

    update = _stock if _stock is not None else LayoutContext._update_footnote_area
    # and the layout of inline notes: the line box turn of block_container_layout, the line
    # breaking it relies on (greedy) and the anonymous boxes of the notes
    return source_digest_of(
        (
            update,
            block.block_container_layout,
            block._in_flow_layout,
            block._linebox_layout,
            inline.iter_line_boxes,
            inline.get_next_linebox,
            inline.split_inline_box,
            build.inline_in_block,
        )
    )


def applicable() -> str | None:
    """None when the installed WeasyPrint is one this patch was verified on, else why not."""
    return why_not(source_digest, VERIFIED_SOURCE, "footnote layout code")


def install() -> bool:
    """Put the linear footnote layout in place when verified; True if it is in place."""
    global _stock
    if _stock is not None:
        return True
    if os.environ.get("BRIEFGEN_FOOTNOTE_PATCH", "1") == "0" or applicable() is not None:
        return False
    from weasyprint.layout import LayoutContext

    _stock = LayoutContext._update_footnote_area
    LayoutContext._update_footnote_area = _update_footnote_area
    return True


def not_installed() -> str | None:
    """Why the linear footnote layout is not in place when it was not turned off (WeasyPrint's
    own is used: the same PDF, more slowly), else None."""
    if _stock is not None or os.environ.get("BRIEFGEN_FOOTNOTE_PATCH", "1") == "0":
        return None
    why = applicable()
    return f"footnotes laid out by WeasyPrint's own code, more slowly: {why}" if why else None


@contextlib.contextmanager
def checking() -> Iterator[None]:
    """Inside the block, every incremental update is compared with WeasyPrint's own one.

    Each time, the page bottom, the area's height and the overflow answer must be equal to
    the last bit, or AssertionError is raised. For tests: it costs WeasyPrint's own time.
    """
    global _checking
    previous, _checking = _checking, True
    try:
        yield
    finally:
        _checking = previous


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """WeasyPrint's own footnote layout inside the block (for comparisons)."""
    global _enabled
    previous, _enabled = _enabled, False
    try:
        yield
    finally:
        _enabled = previous


def _note_ok(note: Any) -> bool:
    """A note the replay handles exactly: an in-flow block without margins or forced breaks."""
    from weasyprint.formatting_structure import boxes

    style = note.style
    return (
        isinstance(note, boxes.BlockBox)
        and type(note) is not boxes.FootnoteAreaBox
        and note.is_in_normal_flow()
        and not note.is_floated()
        and style["position"] == "static"
        and style["clear"] == "none"
        and style["break_before"] == "auto"
        and style["break_after"] == "auto"
        and style["margin_top"] == (0, "px")
        and style["margin_bottom"] == (0, "px")
        and style["column_width"] == "auto"
        and style["column_count"] == "auto"
        and style["overflow"] == "visible"
    )


def _area_ok(area: Any) -> bool:
    """A footnote area whose height is the sum of its notes' (no columns, no limits)."""
    style = area.style
    return (
        style["height"] == "auto"
        and style["max_height"] == (inf, "px")
        and style["min_height"] in ("auto", (0, "px"))
        and style["column_width"] == "auto"
        and style["column_count"] == "auto"
        and style["max_lines"] == "none"
        and style["position"] == "static"
        and style["overflow"] == "visible"
        and style["continue"] == "auto"
        and area.first_line_style is None
        and area.first_letter_style is None
        and not area.top_margin_collapses()
    )


def _floats_clear(context: Any, top: float) -> bool:
    """No float of the current formatting context reaches down to the footnote area."""
    return all(
        shape.position_y < top and shape.position_y + shape.margin_height() < top
        for shape in context.excluded_shapes
    )


def _update_footnote_area(self: Any) -> bool:
    """LayoutContext._update_footnote_area, laying out only the notes not yet laid out."""
    if not _checking:
        return _incremental(self)
    bottom, height = self.page_bottom, self.current_footnote_area.height
    stock_before = STATS["stock"]
    overflow = _incremental(self)
    if STATS["stock"] != stock_before:  # fell back: nothing to compare
        return overflow
    ours = (self.page_bottom, self.current_footnote_area.height, overflow)
    self.page_bottom, self.current_footnote_area.height = bottom, height
    theirs_overflow = bool(_stock(self))
    theirs = (self.page_bottom, self.current_footnote_area.height, theirs_overflow)
    if ours != theirs:
        raise AssertionError(f"footnote area: incremental {ours} != WeasyPrint's {theirs}")
    STATS["checked"] += 1
    return overflow


def _incremental(self: Any) -> bool:
    """The update from the notes laid out so far, or WeasyPrint's own when not applicable."""
    area = self.current_footnote_area
    notes = self.current_page_footnotes
    if not _enabled or self.in_column or not notes or not _area_ok(area):
        return _fall_back(self)
    if all(_inline_note_ok(note) for note in notes):
        return _incremental_inline(self, area, notes)
    if not all(_note_ok(note) for note in notes):
        # notes of both kinds and the like: WeasyPrint's own at once, without laying out
        # the empty area first (a cache that falls back is dropped, so that was done again
        # at every update of the page)
        return _fall_back(self)
    cache = getattr(self, "_briefgen_footnotes", None)
    if not isinstance(cache, _AreaCache) or cache.area is not area:
        cache = _AreaCache(area, _lay_out_shell(self, area))
        self._briefgen_footnotes = cache
    if not _floats_clear(self, cache.shell.position_y):
        return _fall_back(self)
    keep = _same_prefix(cache.notes, notes)
    del cache.notes[keep:], cache.laid[keep:], cache.after[keep:]
    for note in notes[keep:]:
        if not _lay_out_note(self, cache, note):
            return _fall_back(self)
    position_y, margins = cache.after[-1]
    return _finish(self, cache.shell, cache.laid, position_y, margins)


def _same_prefix(kept: list[Any], notes: list[Any]) -> int:
    """How many of the notes, from the first, are the very notes kept (by identity)."""
    keep = 0
    while keep < min(len(kept), len(notes)) and kept[keep] is notes[keep]:
        keep += 1
    return keep


def _inline_note_ok(note: Any) -> bool:
    """A note laid out inline (footnote-display: inline), not positioned."""
    from weasyprint.formatting_structure import boxes

    return (
        type(note) is boxes.InlineBox
        and note.style["footnote_display"] == "inline"
        and note.style["position"] == "static"
    )


def _incremental_inline(self: Any, area: Any, notes: list[Any]) -> bool:
    """The update of an area of inline notes, laid out from the last line still in place."""
    cache = getattr(self, "_briefgen_footnotes", None)
    if not isinstance(cache, _InlineCache) or cache.area is not area:
        cache = _InlineCache(area, _lay_out_shell(self, area))
        self._briefgen_footnotes = cache
    if not _floats_clear(self, cache.shell.position_y):
        return _fall_back(self)
    keep = _same_prefix(cache.notes, notes)
    del cache.notes[keep:], cache.copies[keep:]
    for count in [count for count in cache.last if count > keep]:
        del cache.last[count]
    for note in notes[keep:]:
        copy = _inline_copy(area, note)
        if copy is None:
            return _fall_back(self)
        cache.notes.append(note)
        cache.copies.append(copy)
    last = cache.last.get(len(notes)) or _lay_out_last_lines(self, cache, len(notes))
    if last is None:
        return _fall_back(self)
    cache.last[len(notes)] = last
    STATS["inline"] += 1
    return _finish(self, cache.shell, [last.line], last.bottom, [])


def _inline_copy(area: Any, note: Any) -> Any:
    """The note deep-copied with its anonymous boxes as in the area, or None if not verified."""
    from weasyprint.formatting_structure import boxes, build

    holder = area.copy()
    holder.children = [note.deepcopy()]
    holder = build.create_anonymous_boxes(holder)
    if len(holder.children) != 1 or type(holder.children[0]) is not boxes.LineBox:
        return None
    line = holder.children[0]
    if len(line.children) != 1:
        return None
    copy = line.children[0]
    # text and inline boxes only (no atomic, floated, positioned or leader boxes, no notes)
    for box in copy.descendants():
        style = box.style
        if (
            type(box) not in (boxes.InlineBox, boxes.TextBox)
            or getattr(box, "footnote", None)
            or box.is_leader
            or style["position"] != "static"
            or style["float"] != "none"
            or style["white_space"] != "normal"
        ):
            return None
    return copy


def _lay_out_last_lines(context: Any, cache: _InlineCache, count: int) -> _LastLine | None:
    """The first `count` notes laid out from the last line of the layout of fewer notes."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block

    shell = cache.shell
    before = cache.last.get(max((n for n in cache.last if n < count), default=0))
    start, top = (before.start, before.top) if before else (None, shell.content_box_y())
    first = 0 if start is None else next(iter(start))
    box = shell.copy()
    copies = cache.copies[:first] + [copy.deepcopy() for copy in cache.copies[first:count]]
    line = boxes.LineBox.anonymous_from(box, copies)
    box.children = [line]
    line.position_x = box.content_box_x()
    line.position_y = top
    lines: list[Any] = []
    absolute: list[Any] = []
    fixed: list[Any] = []
    abort, stop, _, bottom, footnotes, _ = block._linebox_layout(
        context,
        box,
        0,
        line,
        lines,
        True,
        absolute,
        fixed,
        [],
        -inf,
        top,
        start,
        None,
        None,
        box.style["box_decoration_break"] == "clone",
        None,
    )
    if abort or stop or footnotes or absolute or fixed or not lines:
        return None
    if lines[-1].resume_at is not None:
        return None
    if len(lines) > 1:  # the position iter_line_boxes gives the last line
        start, top = lines[-2].resume_at, lines[-2].position_y + lines[-2].height
    return _LastLine(start, top, bottom, lines[-1])


def _fall_back(context: Any) -> bool:
    """WeasyPrint's own code; the cache is dropped (it cannot know what changed)."""
    STATS["stock"] += 1
    context._briefgen_footnotes = None
    return bool(_stock(context))


def _lay_out_shell(context: Any, area: Any) -> Any:
    """The page's footnote area laid out empty, as WeasyPrint lays out the whole area."""
    from weasyprint.formatting_structure import build
    from weasyprint.layout.block import block_level_layout

    shell = area.copy()
    shell.children = []
    shell = build.create_anonymous_boxes(shell)
    return block_level_layout(context, shell, -inf, None, area.page)[0]


def _lay_out_note(context: Any, cache: _AreaCache, note: Any) -> bool:
    """Lay one note out after the others, as one turn of block_container_layout's loop."""
    from weasyprint.formatting_structure import build
    from weasyprint.layout import block

    if not _note_ok(note) or any(getattr(d, "footnote", None) for d in note.descendants()):
        return False
    holder = cache.area.copy()
    holder.children = [note.deepcopy()]
    holder = build.create_anonymous_boxes(holder)
    if len(holder.children) != 1:
        return False
    (child,) = holder.children
    shell = cache.shell
    if cache.after:
        position_y, margins = cache.after[-1]
        margins = list(margins)
    else:
        position_y, margins = shell.content_box_y(), []
    index = len(cache.laid)
    laid = list(cache.laid)
    child.position_x = shell.content_box_x()
    child.position_y = position_y
    last = block.find_last_class_a_break_point_child(laid)
    if last is not None and (
        block.block_level_page_name(last, child)
        or block.force_page_break(block.block_level_page_break(last, child), context)
    ):
        return False
    abort, stop, resume_at, position_y, margins, _, laid, _ = block._in_flow_layout(
        context,
        shell,
        index,
        child,
        laid,
        True,
        [],
        [],
        margins,
        -inf,
        position_y,
        None,
        None,
        None,
        False,
        {"break": "any", "page": None},
        None,
    )
    if abort or stop or resume_at is not None or len(laid) != index + 1:
        return False
    cache.notes.append(note)
    cache.laid.append(laid[-1])
    cache.after.append((position_y, list(margins)))
    return True


def _finish(
    self: Any, shell: Any, laid: list[Any], position_y: float, margins: list[float]
) -> bool:
    """The end of block_container_layout and of _update_footnote_area, on the replayed state."""
    from weasyprint.layout.block import collapse_margin

    STATS["incremental"] += 1
    area = self.current_footnote_area
    if area.height != "auto" and not self.in_column:
        self.page_bottom += area.margin_height()
    area.children = self.current_page_footnotes
    footnote_area = shell.copy()
    footnote_area.children = laid
    if not footnote_area.bottom_margin_collapses():
        position_y += collapse_margin(margins)
    footnote_area.height = max(0, position_y - footnote_area.content_box_y())
    footnote_area.height = max(
        min(footnote_area.height, footnote_area.max_height), footnote_area.min_height
    )
    area.height = footnote_area.height
    self.page_bottom -= footnote_area.margin_height()
    last_child = footnote_area.children[-1]
    last_child_bottom = (
        last_child.position_y + last_child.margin_height() - last_child.margin_bottom
    )
    footnote_area_bottom = (
        footnote_area.position_y + footnote_area.margin_height() - footnote_area.margin_bottom
    )
    return bool(last_child_bottom > footnote_area_bottom)
