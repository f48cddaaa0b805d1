"""Hints after a build: what the user can run next (one line each, never a warning)."""

from __future__ import annotations

import shlex
from pathlib import Path

from briefgen.selection.select import select
from briefgen.sources.verify import source_checks
from briefgen.validate.workspace import Workspace, pick_briefs


def unverified_quotes(ws: Workspace, names: tuple[str, ...] = ()) -> tuple[int, int]:
    """How many distinct quotes the briefs mark [quote not verified], and in how many briefs:
    quotes whose source has a snapshot they were not verified against."""
    checks = source_checks(ws.project)
    if not any(c.snapshot for c in checks.values()):
        return 0, 0  # nothing to verify against: nothing is marked
    quotes: set[tuple[str, str]] = set()
    briefs = 0
    for brief in pick_briefs(ws, names):
        if not brief.options.flag_unverified:
            continue
        marked = {
            (n.source.id, n.attribution.quote)
            for n in select(brief, ws.project).notes
            if n.source.id in checks and checks[n.source.id].flagged(n.attribution.quote)
        }
        quotes |= marked
        briefs += bool(marked)
    return len(quotes), briefs


def verify_hint(ws: Workspace, names: tuple[str, ...] = ()) -> str | None:
    """One line telling the user to run `sources verify` when built briefs mark quotes not
    verified against their sources' snapshots; None when there are none."""
    quotes, briefs = unverified_quotes(ws, names)
    if not quotes:
        return None
    project = (
        ""
        if ws.root.resolve() == Path.cwd().resolve()
        else f" --project {shlex.quote(str(ws.root))}"
    )
    return (
        f"note: {quotes} quote{'s' * (quotes != 1)} in {briefs} brief{'s' * (briefs != 1)} "
        f"{'are' if quotes != 1 else 'is'} marked [quote not verified]: their sources have "
        "snapshots they were not checked against. Check them with: "
        f"python generate.py{project} sources verify"
    )
