"""Fitting a brief to its page budget (`max_pages`): documented rules, applied in order.

Each level applies one more rule to the brief as written (docs/content-format.md, "Page
budgets"): notes of source and place only, several to a line; one note per sentence; the
disputes in one compact table; key items only; then the appendix parts left out one by one
from the end (the source list, the source summary, the timeline, the glossary, the changes),
which the brief names ("Left out for length: …"). Judgments, the standfirst, the overview and
the content sections are never left out: a brief that still does not fit is a draft, and
`build --strict` refuses it, naming its largest parts.
"""

from __future__ import annotations

from dataclasses import replace

from briefgen.model import Brief, Project

RULES = ("short-notes", "sentence-notes", "compact-disputes", "key-items")
DROPPABLE = ("sources", "summary", "timeline", "terms", "changes")  # appendix parts


def droppable(brief: Brief) -> list[str]:
    """The appendix parts of the brief, in the order the rules leave them out (last first)."""
    names = [p.name for p in brief.parts if p.name in DROPPABLE]
    return list(reversed(names))


def levels(brief: Brief) -> int:
    """How many fitting levels the brief has (0 is the brief as written)."""
    return len(RULES) + len(droppable(brief))


def tightened(brief: Brief, level: int, project: Project | None = None) -> Brief:
    """The brief with the first `level` fitting rules applied ("key items only" narrows the
    sections that have key items in `project`, never empties one that has none)."""
    if level <= 0:
        return brief
    options = brief.options
    parts = brief.parts
    if level >= 1:
        options = replace(options, note_quotes=False)
    if level >= 2:
        options = replace(options, notes_per="sentence")
    if level >= 3:
        parts = tuple(
            replace(p, layout="compact") if not p.is_builtin and p.layout != "register" else p
            for p in parts
        )
    if level >= 4:
        keyed = {i.section for i in project.items if i.weight == "key"} if project else set()
        parts = tuple(
            replace(p, filters=replace(p.filters, weight="key")) if p.name in keyed else p
            for p in parts
        )
    cut = tuple(droppable(brief)[: max(0, level - len(RULES))])
    parts = tuple(p for p in parts if p.name not in cut)
    return replace(brief, options=options, parts=parts, cut=cut, fitted=level)


def rule_names(brief: Brief, level: int) -> list[str]:
    """The rules applied at a level, in words for the command line."""
    rules = list(RULES[:level]) + [f"leave out {p}" for p in droppable(brief)[: level - len(RULES)]]
    return rules
