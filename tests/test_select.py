"""Selection: a brief gets exactly its parts, in its order, filtered, with notes numbered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefgen.selection.select import select
from briefgen.validate.workspace import open_workspace


def selection_of(root: Path, brief: str):  # type: ignore[no-untyped-def]
    ws = open_workspace(root)
    assert ws.errors == []
    return select(ws.briefs[brief], ws.project)


def test_parts_in_brief_order(make_project: Callable[..., Path]) -> None:
    sel = selection_of(make_project(), "full")
    assert [p.anchor for p in sel.parts] == [
        "part-history",
        "part-contested",
        "part-timeline",
        "part-summary",
        "part-sources",
    ]
    assert [p.heading for p in sel.parts][:2] == ["History", "Contested claims"]


def test_depth_key_drops_detail_items(make_project: Callable[..., Path]) -> None:
    short = selection_of(make_project(), "short")
    full = selection_of(make_project(), "full")
    assert [e.item.id for e in short.parts[0].entries] == ["treaty-1950"]
    assert [e.item.id for e in full.parts[0].entries] == ["treaty-1950", "dam-built"]


def test_tag_filter_and_heading(make_project: Callable[..., Path]) -> None:
    brief = (
        "title: T\nedition: 2026-11-23\nmarking: M\nsections:\n"
        "  - section: history\n    tags: [dam]\n    heading: The dam\n    intro: Why it matters.\n"
        "  - section: timeline\n    tags: [treaty]\n"
    )
    sel = selection_of(make_project({"briefs/tagged.yaml": brief}), "tagged")
    assert [e.item.id for e in sel.parts[0].entries] == ["dam-built"]
    assert sel.parts[0].heading == "The dam" and sel.parts[0].intro == "Why it matters."
    assert [e.item.id for e in sel.parts[1].entries] == ["ev-treaty"]


def test_notes_numbered_in_document_order_and_only_cited_sources(
    make_project: Callable[..., Path],
) -> None:
    sel = selection_of(make_project(), "short")
    assert [n.number for n in sel.notes] == [1, 2, 3]
    assert [n.source.id for n in sel.notes] == ["wire-2021", "north-gov-2022", "south-ngo"]
    contested = sel.parts[1].entries[0]
    assert [g[0].number for g in contested.groups] == [2, 3]
    # a position's notes name no holder: the table's "held by" column says it beside the call
    assert [g[0].holder for g in contested.groups] == [None, None]
    assert [m.held_by for m in contested.members] == ["north-gov", "south-gov"]
    assert sel.summary.count == 3 and sel.summary.statements == 3  # a claim and two positions


def test_uncited_source_is_left_out(make_project: Callable[..., Path]) -> None:
    brief = "title: T\nedition: 2026-11-23\nmarking: M\nsections: [history, sources]\n"
    sel = selection_of(make_project({"briefs/h.yaml": brief}), "h")
    assert [s.id for s in sel.sources] == ["wire-2021"]
