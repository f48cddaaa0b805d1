"""Editions: what each published state of a brief held, and what changed between two of them.

An edition is recorded in editions/<brief>/<NNNN>.json each time a build changes
what the brief says (not merely how it looks).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefgen.errors import BuildError, Location, Problem
from briefgen.model import Change, ContestedClaim, Figure, Judgment, Table, Term, label
from briefgen.safeio import MIB, read_json, refusal, resolved
from briefgen.selection.select import Entry, Selection
from briefgen.write import atomic_write

FOLDER = "editions"
MAX_EDITION_BYTES = 64 * MIB


def cites(notes: tuple[Any, ...]) -> list[list[str]]:
    """An entry's citations as plain data."""
    return [
        [n.source.id, n.attribution.quote, n.attribution.locator, n.attribution.held_by or ""]
        for n in notes
    ]


def entry_record(entry: Entry) -> dict[str, Any]:
    """What an entry says, as data: its words, its positions and its citations."""
    item = entry.item
    record: dict[str, Any] = {"kind": entry.kind, "label": label(item)}
    if isinstance(item, ContestedClaim | Term):
        record["text"] = item.question if isinstance(item, ContestedClaim) else item.concept
        record["positions"] = {
            getattr(m, "held_by", None) or getattr(m, "name", None) or notes[0].source.id: {
                "text": getattr(m, "summary", None) or getattr(m, "used_by", ""),
                "stance": getattr(m, "stance", ""),
                "cites": cites(notes),
            }
            for m, notes in zip(entry.members, entry.groups, strict=True)
        }
        return record
    if isinstance(item, Figure):
        record["text"] = f"{item.measure}: {item.value} {item.unit} ({item.as_of})"
    elif isinstance(item, Table):
        record["text"] = item.title + "".join("\n" + " | ".join(row) for row in item.rows)
    elif isinstance(item, Judgment):
        record["text"] = f"{item.text} ({item.confidence} confidence)"
    else:
        record["text"] = item.text
    record["cites"] = cites(entry.notes)
    return record


def content_record(selection: Selection) -> dict[str, Any]:
    """What a brief says, part by part, with the sources it cites (the changes part left out)."""
    return {
        "items": {
            e.item.id: entry_record(e)
            for p in selection.parts
            if p.kind != "changes"
            for e in p.entries
        },
        "sources": {
            s.id: f"{s.short_name}, {s.title} ({s.published or 'undated'}), grade {s.reliability}"
            for s in selection.sources
        },
    }


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """What changed from one content record to the next."""
    changes: list[Change] = []
    before, after = old.get("items", {}), new.get("items", {})
    for item_id, rec in after.items():
        if item_id not in before:
            changes.append(Change("added", item_id, rec["label"]))
            continue
        was = before[item_id]
        if was.get("text") != rec.get("text"):
            changes.append(Change("reworded", item_id, rec["label"], f"was: {was.get('text', '')}"))
        if "positions" in rec:
            old_p, new_p = was.get("positions", {}), rec["positions"]
            moved = [
                ("added " if k not in old_p else "removed " if k not in new_p else "changed ") + k
                for k in sorted(set(old_p) | set(new_p))
                if old_p.get(k) != new_p.get(k)
            ]
            if moved:
                changes.append(Change("positions", item_id, rec["label"], "; ".join(moved)))
        elif was.get("cites") != rec.get("cites"):
            changes.append(
                Change("attribution", item_id, rec["label"], "sources or quotes changed")
            )
    for item_id, rec in before.items():
        if item_id not in after:
            changes.append(Change("removed", item_id, rec["label"]))
    old_s, new_s = old.get("sources", {}), new.get("sources", {})
    changes += [Change("source-added", s, new_s[s]) for s in new_s if s not in old_s]
    changes += [Change("source-removed", s, old_s[s]) for s in old_s if s not in new_s]
    return changes


def edition_problem(where: str, message: str) -> BuildError:
    """A one-line error about the editions folder or one edition file."""
    return BuildError([Problem(Location(where), message)])


def edition_folder(root: Path, brief_id: str) -> Path:
    """editions/<brief>, refused when it or editions/ is a link leading out of the project."""
    folder = root / FOLDER / brief_id
    real_root = root.resolve()
    for path, shown in ((root / FOLDER, FOLDER), (folder, f"{FOLDER}/{brief_id}")):
        if not os.path.lexists(path):
            continue
        real = resolved(path)
        if real is None or not real.is_relative_to(real_root):
            raise edition_problem(shown, "is a link leading outside the project: remove it")
        if not path.is_dir():
            raise edition_problem(shown, "is not a folder: move it away")
    return folder


def edition_files(root: Path, brief_id: str) -> list[Path]:
    """The recorded editions of a brief, oldest first."""
    folder = edition_folder(root, brief_id)
    return sorted(folder.glob("[0-9][0-9][0-9][0-9].json")) if folder.is_dir() else []


def well_formed(data: object) -> bool:
    """True for an edition record this tool could have written."""
    if not isinstance(data, dict) or not isinstance(data.get("content"), dict):
        return False
    items, sources = data["content"].get("items", {}), data["content"].get("sources", {})
    return (
        isinstance(items, dict)
        and all(
            isinstance(v, dict)
            and isinstance(v.get("label"), str)
            and isinstance(v.get("positions", {}), dict)
            for v in items.values()
        )
        and isinstance(sources, dict)
        and all(isinstance(v, str) for v in sources.values())
    )


def read_edition(path: Path) -> dict[str, Any]:
    """One recorded edition; a located BuildError when it is damaged or not a regular file."""
    shown = f"{FOLDER}/{path.parent.name}/{path.name}"
    try:
        data = read_json(path, MAX_EDITION_BYTES, follow=False)
    except OSError as exc:
        raise edition_problem(shown, f"cannot be read: {refusal(exc)}") from None
    except ValueError:
        data = None
    if not well_formed(data):
        raise edition_problem(
            shown, "is not an edition record briefgen wrote (damaged?): restore or remove it"
        )
    assert isinstance(data, dict)
    return data


@dataclass(frozen=True)
class EditionState:
    """Where a brief stands against its recorded editions."""

    record: dict[str, Any]
    number: int  # the edition the current content is (new when `is_new`)
    is_new: bool
    since: int | None  # the edition the changes are counted from
    changes: tuple[Change, ...]


def edition_state(
    root: Path, brief_id: str, record: dict[str, Any], since: int | None = None
) -> EditionState:
    """Compare the current content with the recorded editions (or with edition `since`)."""
    files = edition_files(root, brief_id)
    editions = {int(p.stem): p for p in files}
    latest = max(editions, default=0)
    latest_content = read_edition(editions[latest]).get("content") if latest else None
    is_new = latest_content != record
    number = latest + 1 if is_new else latest
    if since is None:
        since = latest if is_new else (latest - 1 if latest > 1 else None)
    if not since or since not in editions:
        return EditionState(record, number, is_new, None, ())
    base = read_edition(editions[since]).get("content", {})
    return EditionState(record, number, is_new, since, tuple(diff(base, record)))


def record_edition(
    root: Path, brief_id: str, state: EditionState, edition_date: str
) -> Path | None:
    """Write a new edition file when the content changed; returns its path."""
    if not state.is_new:
        return None
    path = edition_folder(root, brief_id) / f"{state.number:04d}.json"
    data = {
        "brief": brief_id,
        "number": state.number,
        "edition": edition_date,
        "recorded": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "content": state.record,
    }
    atomic_write(
        path, (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
    )
    return path
