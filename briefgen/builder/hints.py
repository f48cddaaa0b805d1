"""Hints after a build: what the user can run next (one line each, never a warning)."""

from __future__ import annotations

import shlex
from pathlib import Path

from briefgen.selection.select import select
from briefgen.sources.verify import source_checks
from briefgen.validate.workspace import Workspace, pick_briefs


def marked_quotes(ws: Workspace, names: tuple[str, ...] = ()) -> dict[str, tuple[int, int]]:
    """How many distinct quotes the briefs mark, and in how many briefs, by mark: 'changed'
    (checked against the source's current snapshot and not found as written) and 'unchecked'
    (not checked against it)."""
    checks = source_checks(ws.project)
    if not any(c.snapshot for c in checks.values()):
        return {}  # nothing to verify against: nothing is marked
    quotes: dict[str, set[tuple[str, str]]] = {"changed": set(), "unchecked": set()}
    briefs = dict.fromkeys(quotes, 0)
    for brief in pick_briefs(ws, names):
        if not brief.options.flag_unverified:
            continue
        marked: dict[str, set[tuple[str, str]]] = {"changed": set(), "unchecked": set()}
        for n in select(brief, ws.project).notes:
            check = checks.get(n.source.id)
            flag = check.flag(n.attribution.quote) if check else None
            if flag is not None:
                kind = "unchecked" if flag == "unchecked" else "changed"
                marked[kind].add((n.source.id, n.attribution.quote))
        for kind, found in marked.items():
            quotes[kind] |= found
            briefs[kind] += bool(found)
    return {kind: (len(quotes[kind]), briefs[kind]) for kind in quotes if quotes[kind]}


def counted(number: int, noun: str) -> str:
    """'1 quote', '2 quotes'."""
    return f"{number} {noun}{'s' * (number != 1)}"


def verify_hint(
    ws: Workspace, names: tuple[str, ...] = (), program: str = "briefgen"
) -> str | None:
    """Up to two lines: quotes the built briefs mark as differing from their sources' current
    text (changed or missing), and quotes not checked against their sources' snapshots; None
    when there are none. `program` is the command as the user runs it (`briefgen`,
    `python generate.py`)."""
    marked = marked_quotes(ws, names)
    if not marked:
        return None
    project = (
        ""
        if ws.root.resolve() == Path.cwd().resolve()
        else f" --project {shlex.quote(str(ws.root))}"
    )
    command = f"{program}{project} sources verify"
    lines = []
    if "changed" in marked:
        quotes, briefs = marked["changed"]
        lines.append(
            f"note: {counted(quotes, 'quote')} in {counted(briefs, 'brief')} "
            f"{'differ' if quotes != 1 else 'differs'} from the current text of "
            f"{'their sources' if quotes != 1 else 'its source'} and "
            f"{'are' if quotes != 1 else 'is'} marked so (changed or not found): "
            f"{command} shows was and now; correct or re-anchor "
            f"{'them' if quotes != 1 else 'it'}"
        )
    if "unchecked" in marked:
        quotes, briefs = marked["unchecked"]
        lines.append(
            f"note: {counted(quotes, 'quote')} in {counted(briefs, 'brief')} "
            f"{'are' if quotes != 1 else 'is'} marked [quote not verified]: their sources have "
            f"snapshots they were not checked against. Check them with: {command}"
        )
    return "\n".join(lines)
