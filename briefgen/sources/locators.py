"""Locators that follow their passage: rewrite, in the content files, the locators of verified
quotes whose passage moved (`sources verify --fix`, `sources refresh --fix`).

Only the locator's scalar is replaced, at the place the YAML parser gives for it, keeping its
quoting style; every other byte of the file stays as it was, and each file is written
atomically. Nothing is rewritten unless the user asked for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefgen.errors import Location
from briefgen.model import Attribution
from briefgen.safeio import read_capped
from briefgen.write import atomic_write

PLAIN_SAFE = re.compile(r"[A-Za-z][\w .-]*\w")
MAX_FILE_BYTES = 2 * 1024 * 1024
BOM = "\ufeff"


@dataclass(frozen=True)
class Move:
    """One locator to rewrite: the attribution citing the passage, and where the passage is now."""

    attribution: Attribution
    locator: str


def scalar_text(value: str, style: str | None) -> str:
    """`value` written as a YAML scalar in the style the old one had (plain when that is safe)."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style is None and PLAIN_SAFE.fullmatch(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def locator_spans(
    text: str, file: str, wanted: set[Location]
) -> dict[Location, tuple[int, int, str | None, str]]:
    """For each attribution mapping starting at a wanted place: its locator scalar's character
    span, quoting style and value (block scalars are left out). The file was validated: no
    anchors, no deep nesting."""
    found: dict[Location, tuple[int, int, str | None, str]] = {}
    todo = [yaml.compose(text, Loader=yaml.SafeLoader)]
    while todo:
        node = todo.pop()
        if isinstance(node, yaml.SequenceNode):
            todo += node.value
        if not isinstance(node, yaml.MappingNode):
            continue
        start = Location(file, node.start_mark.line + 1, node.start_mark.column + 1)
        for key, value in node.value:
            todo.append(value)
            is_locator = key.value == "locator" and isinstance(value, yaml.ScalarNode)
            if start in wanted and is_locator and value.style in (None, "'", '"'):
                span = (value.start_mark.index, value.end_mark.index, value.style, value.value)
                found[start] = span
    return found


def rewrite(path: Path, file: str, moves: list[Move]) -> int:
    """Rewrite the locators of `moves` in one file, atomically; how many were rewritten."""
    raw = read_capped(path, MAX_FILE_BYTES)
    text = raw.decode("utf-8")
    bom = text.startswith(BOM)
    body = text[1:] if bom else text
    spans = locator_spans(body, file, {m.attribution.loc for m in moves})
    edits = sorted(
        (start, end, style, m.locator)
        for m in moves
        if m.attribution.loc in spans
        for start, end, style, written in [spans[m.attribution.loc]]
        if written == m.attribution.locator  # the file still says what was verified
    )
    for start, end, style, value in reversed(edits):
        body = body[:start] + scalar_text(value, style) + body[end:]
    if edits:
        atomic_write(path, ((BOM if bom else "") + body).encode("utf-8"))
    return len(edits)


def fix_locators(root: Path, moves: Iterable[Move]) -> list[str]:
    """Rewrite every moved locator in its content file; one line per file saying what moved."""
    by_file: dict[str, list[Move]] = {}
    for move in moves:
        by_file.setdefault(move.attribution.loc.file, []).append(move)
    lines = []
    for file, group in sorted(by_file.items()):
        done = rewrite(root / file, file, group)
        pairs = dict.fromkeys(f"{m.attribution.locator.strip()} → {m.locator}" for m in group)
        shown = ", ".join(list(pairs)[:4]) + (", …" if len(pairs) > 4 else "")
        lines.append(
            f"{file}: {done} locator{'s' * (done != 1)} moved to "
            f"{'their passages' if done != 1 else 'its passage'} ({shown})"
            if done
            else f"{file}: no locator rewritten (written as a block scalar?): edit it by hand"
        )
    return lines
