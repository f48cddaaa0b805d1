"""`sources verify` and `sources refresh` with the briefs around them: which briefs show each
quote, and which briefs the next build rebuilds (what each brief's HTML is made from, compared
with the digest its build.json recorded: nothing is rendered)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from briefgen.builder.editions import prepare
from briefgen.builder.state import made_from, read_manifest
from briefgen.errors import Location
from briefgen.load.digest import folder_digest
from briefgen.render.html import template_dirs
from briefgen.selection.select import select
from briefgen.sources.verify import source_checks
from briefgen.sources.workflows import (
    FetchOptions,
    Outcome,
    Say,
    refresh_sources,
    verify_sources,
)
from briefgen.validate.workspace import Workspace, open_workspace


def brief_citations(ws: Workspace) -> dict[Location, set[str]]:
    """For each attribution (by its location), the briefs that show it."""
    shown: dict[Location, set[str]] = {}
    for brief in ws.briefs.values():
        for note in select(brief, ws.project).notes:
            shown.setdefault(note.attribution.loc, set()).add(brief.id)
    return shown


def stale_briefs(ws: Workspace) -> list[str]:
    """The briefs the next build renders again: those whose HTML would be made from other
    inputs than their outputs recorded (or that were never built)."""
    templates = folder_digest(template_dirs(ws.root))
    catalogs = folder_digest([ws.root / "locale"])
    checks = source_checks(ws.project)
    stale = []
    for brief in sorted(ws.briefs.values(), key=lambda b: b.id):
        selection, _ = prepare(ws, brief, checks)
        digest = made_from(selection, templates, catalogs)
        outputs = read_manifest(ws.root / "output" / brief.id).get("outputs", {})
        recorded = {o.get("made_from") for f, o in outputs.items() if f in brief.formats}
        if not digest or recorded != {digest}:
            stale.append(brief.id)
    return stale


def say_stale(ws: Workspace, fixed: bool, say: Say) -> None:
    """Name the briefs the next build rebuilds (after a rewrite of content files, as reloaded)."""
    if fixed:
        ws = open_workspace(ws.root)
    briefs = stale_briefs(ws)
    say(
        f"affected briefs: {', '.join(briefs)} (run: python generate.py build)"
        if briefs
        else "affected briefs: none"
    )


def run_verify(
    ws: Workspace,
    names: tuple[str, ...],
    strict: bool,
    snapshot_map: tuple[Path, Path] | None,
    now: datetime,
    say: Say,
    fix: bool = False,
) -> Outcome:
    """`sources verify`: check the quotes, record the results, rewrite moved locators (--fix)."""
    result, _ = verify_sources(
        ws.project, names, strict, snapshot_map, now, say, brief_citations(ws), fix
    )
    return result


def run_refresh(
    ws: Workspace,
    names: tuple[str, ...],
    opts: FetchOptions,
    now: datetime,
    say: Say,
    fix: bool = False,
) -> Outcome:
    """`sources refresh`: fetch, store, verify, name the affected claims and the briefs the next
    build rebuilds; rewrite moved locators (--fix)."""
    result, fixed = refresh_sources(ws.project, names, opts, now, say, brief_citations(ws), fix)
    say_stale(ws, fixed, say)
    return result
