"""`diff`'s lines: what changed since an edition, in a reader's words (names, never ids)."""

from __future__ import annotations

from briefgen.model import Change

BOOKKEEPING = {
    "locator": ("locator renumbered", "locators renumbered"),
    "formatting": ("formatting change", "formatting changes"),
    "check": ("quote check recorded", "quote checks recorded"),
}
MARKS = {"changed": "[quote differs from source]", "missing": "[quote not found in source]"}


def quoted(text: str) -> str:
    """A text in quote marks, one line."""
    return '"' + " ".join(text.split()) + '"'


def outcome_words(c: Change) -> str:
    """What the brief now does with a passage (empty when there is nothing to say)."""
    if c.kind == "passage":
        return f"the brief marks the quote {MARKS.get(c.outcome, '[quote not verified]')}"
    if c.kind in ("requoted", "cited"):
        return {
            "verified": "re-anchored: verified against the source's current text",
            "changed": f"not found as written in the source: marked {MARKS['changed']}",
            "missing": f"not found in the source: marked {MARKS['missing']}",
            "unchecked": "not yet checked against the source: marked [quote not verified]",
        }.get(c.outcome, "")
    if c.kind == "withdrawn":
        return "withdrawn: the brief no longer cites it"
    return ""


def headline(c: Change) -> str:
    """The first line of one change."""
    if c.kind == "source-updated":
        was = f"version {c.was}" if c.was.isdigit() else (c.was or "no stored copy")
        when = f" of {c.date.display}" if c.date else ""
        version = (
            f"version {c.version}{when} (was {was})"
            if c.version.isdigit()
            else f"a new copy of its text in {c.version}"
        )
        kept = f"; {c.count} quoted passage(s) unchanged" if c.count else ""
        todo = (
            "; its quotes not yet checked: run sources verify" if c.outcome == "unchecked" else ""
        )
        return f"source updated     {c.source}: {version}{kept}{todo}"
    if c.kind == "passage" and c.version:
        return f"passage changed    {c.source}, in the source's new text"
    if c.kind == "passage":
        return f"quote differs      {c.source}, found on checking it against the source's text"
    if c.kind in ("position-added", "position-removed", "position-changed"):
        what = c.kind.replace("-", " ")
        return f"{what:<18} {c.label}: {c.holder}"
    if c.kind in ("requoted", "withdrawn", "cited"):
        said = {"requoted": "quote replaced", "withdrawn": "passage withdrawn"}
        holder = f" ({c.holder})" if c.holder else ""
        return f"{said.get(c.kind, 'passage cited'):<18} {c.label}{holder}: {c.source}"
    if c.kind in ("source-added", "source-removed"):
        return f"{c.kind.replace('-', ' '):<18} {c.label}"
    return f"{c.kind:<18} {c.label}"


def change_lines(c: Change) -> list[str]:
    """The lines of one change: what, was and now, what rests on it, what the brief does."""
    if c.kind == "bookkeeping":
        counts = ", ".join(
            f"{n} {BOOKKEEPING.get(what, (what, what))[n != 1]}" for what, n in c.counts
        )
        return [f"  also (not listed): {counts}"]
    lines = [f"  {headline(c)}"]
    if c.was and c.kind not in ("source-updated", "removed"):
        lines.append(f"      was: {quoted(c.was)}")
    if c.now and c.kind not in ("added",):
        lines.append(f"      now: {quoted(c.now)}")
    if c.kind == "passage" and c.outcome == "missing":
        lines.append("      now: (no longer found in the source)")
    if c.rests_on:
        lines.append(f"      rests on it: {'; '.join(c.rests_on)}")
    said = outcome_words(c)
    if said:
        lines.append(f"      {said}")
    return lines


def diff_lines(changes: tuple[Change, ...]) -> list[str]:
    """Every change's lines, the bookkeeping last."""
    return [line for c in changes for line in change_lines(c)]
