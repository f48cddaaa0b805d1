"""Editions: what each published state of a brief held, and what changed between two of them.

An edition is recorded in editions/<brief>/<NNNN>.json each time a build changes what the
brief says (not merely how it looks): its statements, positions and citations, the names it
gives sources and actors, and for each cited source with a snapshot, which version the quotes
were checked against and what was found. So a source update is an edition even when no content
file changed, and the diff says which source was updated, which quoted passages changed (was
and now), what rests on them and what the brief now does with them. Locators renumbered,
formatting and quote checks recorded are bookkeeping, counted in one change.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefgen.errors import BuildError, Location, Problem
from briefgen.layout import EDITIONS
from briefgen.marks import as_written
from briefgen.model import (
    Brief,
    Change,
    ContestedClaim,
    Figure,
    Judgment,
    PartialDate,
    Position,
    SourceCheck,
    Table,
    Term,
    TermName,
    label,
)
from briefgen.safeio import MIB, read_json, refusal, resolved
from briefgen.selection.select import Entry, Note, Selection, select
from briefgen.text import normalise
from briefgen.validate.workspace import Workspace
from briefgen.write import atomic_write

FOLDER = EDITIONS
MAX_EDITION_BYTES = 64 * MIB
FORMATTING = re.compile(r"[*_`]")
BOOKKEEPING = ("locator", "formatting", "check")  # counted, not listed


def cites(notes: tuple[Any, ...]) -> list[list[str]]:
    """An entry's citations as plain data: source id, quote, locator, holder id."""
    return [
        [n.source.id, n.attribution.quote, n.attribution.locator, n.attribution.held_by or ""]
        for n in notes
    ]


def member_key(member: Position | TermName, notes: tuple[Note, ...]) -> str:
    """The key a position or name is recorded under: its holder, its name, or its source."""
    if isinstance(member, TermName):
        return member.name
    return member.held_by or notes[0].source.id


def member_holder(
    member: Position | TermName, notes: tuple[Note, ...], selection: Selection
) -> str:
    """Who holds a position, by name: the actor, the term's name, or the source's own account."""
    if isinstance(member, TermName):
        return member.name
    if member.held_by:
        actor = selection.actors.get(member.held_by)
        return actor.name if actor else member.held_by
    return notes[0].source.short_name


def entry_record(entry: Entry, selection: Selection) -> dict[str, Any]:
    """What an entry says, as data: its words, its positions and its citations."""
    item = entry.item
    record: dict[str, Any] = {"kind": entry.kind, "label": label(item)}
    if isinstance(item, ContestedClaim | Term):
        record["text"] = item.question if isinstance(item, ContestedClaim) else item.concept
        record["positions"] = {
            member_key(m, notes): {
                "text": getattr(m, "summary", None) or getattr(m, "used_by", ""),
                "stance": getattr(m, "stance", ""),
                "holder": member_holder(m, notes, selection),
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
        record["rests_on"] = list(item.rests_on)
    else:
        record["text"] = item.text
    record["cites"] = cites(entry.notes)
    return record


def checks_record(selection: Selection) -> dict[str, Any]:
    """For each cited source with a snapshot: the version its quotes were checked against and,
    for each quote the brief cites, its status and (changed) the passage now in the source."""
    quoted: dict[str, set[str]] = {}
    for n in selection.notes:
        quoted.setdefault(n.source.id, set()).add(n.attribution.quote)
    record = {}
    for source, check in selection.checks.items():
        if check.snapshot is None or source not in quoted:
            continue
        mine = sorted(quoted[source])
        record[source] = {
            "version": check.version or "",
            "taken": check.taken or "",
            "digest": check.digest or "",
            "quotes": {q: check.quotes.get(q, "unchecked") for q in mine},
            "found": {q: check.found[q] for q in mine if q in check.found},
        }
    return record


def content_record(selection: Selection) -> dict[str, Any]:
    """What a brief says, part by part, with the sources it cites and the names it gives them
    and the actors, and its quotes' checks (the changes part left out)."""
    held = {n.attribution.held_by for n in selection.notes if n.attribution.held_by} | {
        m.held_by
        for p in selection.parts
        for e in p.entries
        for m in e.members
        if isinstance(m, Position) and m.held_by
    }
    return {
        "items": {
            e.item.id: entry_record(e, selection)
            for p in selection.parts
            if p.kind != "changes"
            for e in p.entries
        },
        "sources": {
            s.id: f"{s.short_name}, {s.title} ({s.published or 'undated'}), grade {s.reliability}"
            for s in selection.sources
        },
        "names": {
            "sources": {s.id: s.short_name for s in selection.sources},
            "actors": {a: selection.actors[a].name for a in sorted(held) if a in selection.actors},
        },
        "checks": checks_record(selection),
    }


def legacy_view(record: dict[str, Any]) -> dict[str, Any]:
    """A record as an edition written before names and quote checks were recorded would hold
    it (so that upgrading the tool records no edition by itself, unless quotes were checked)."""
    items = {}
    for item_id, rec in record.get("items", {}).items():
        rec = {k: v for k, v in rec.items() if k != "rests_on"}
        if "positions" in rec:
            rec["positions"] = {
                k: {f: v for f, v in p.items() if f != "holder"}
                for k, p in rec["positions"].items()
            }
        items[item_id] = rec
    view = {"items": items, "sources": record.get("sources", {})}
    if record.get("checks"):
        view["checks"] = record["checks"]
    return view


def same_content(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """True when a brief says what a recorded edition said."""
    return old == (new if "names" in old else legacy_view(new))


def words(text: Any) -> str:
    """Text as a reader compares it: marks resolved, emphasis and spacing left out."""
    return normalise(FORMATTING.sub("", as_written(str(text)))).casefold()


class Differ:
    """What changed from one content record to the next, as Change records."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = old, new
        self.before: dict[str, Any] = old.get("items", {})
        self.after: dict[str, Any] = new.get("items", {})
        self.old_checks: dict[str, Any] | None = old.get("checks")
        self.new_checks: dict[str, Any] = new.get("checks", {})
        self.bookkeeping: Counter[str] = Counter()
        self.source_names = {
            **self.descriptions(old),
            **self.descriptions(new),
            **old.get("names", {}).get("sources", {}),
            **new.get("names", {}).get("sources", {}),
        }

    @staticmethod
    def descriptions(record: dict[str, Any]) -> dict[str, str]:
        """Source names from the descriptions an older record holds ('AP, Title (…), grade B')."""
        return {k: str(v).split(",", 1)[0] for k, v in record.get("sources", {}).items()}

    def source(self, source_id: str) -> str:
        """A source's name as the brief gives it."""
        return str(self.source_names.get(source_id, source_id))

    def status(self, source_id: str, quote: str) -> str:
        """A quote's status against its source's current snapshot ('' without a snapshot)."""
        check = self.new_checks.get(source_id)
        return str(check.get("quotes", {}).get(quote, "unchecked")) if check else ""

    def resting_on(self, statements: set[str]) -> tuple[str, ...]:
        """The labels of the statements, and of the judgments resting on any of them."""
        judgments = [
            rec["label"] for rec in self.after.values() if set(rec.get("rests_on", ())) & statements
        ]
        shown = [self.after[s]["label"] for s in sorted(statements) if s in self.after]
        return tuple(dict.fromkeys(shown + judgments))

    def changes(self) -> list[Change]:
        """Every change: source updates and their passages first, then statements, then the
        sources added or removed, then one line of bookkeeping."""
        found = list(self.source_updates())
        for item_id, rec in self.after.items():
            found += self.item_changes(item_id, rec)
        found += [
            Change("removed", i, rec["label"], was=str(rec.get("text", "")))
            for i, rec in self.before.items()
            if i not in self.after
        ]
        old_s, new_s = self.old.get("sources", {}), self.new.get("sources", {})
        found += [
            Change("source-added", s, new_s[s], source=self.source(s))
            for s in new_s
            if s not in old_s
        ]
        found += [
            Change("source-removed", s, old_s[s], source=self.source(s))
            for s in old_s
            if s not in new_s
        ]
        counts = tuple((k, self.bookkeeping[k]) for k in BOOKKEEPING if self.bookkeeping[k])
        if counts:
            found.append(Change("bookkeeping", "", "", counts=counts))
        return found

    def item_changes(self, item_id: str, rec: dict[str, Any]) -> list[Change]:
        """What changed in one statement still (or newly) in the brief."""
        if item_id not in self.before:
            return [Change("added", item_id, rec["label"], now=str(rec.get("text", "")))]
        was = self.before[item_id]
        found = []
        if was.get("text") != rec.get("text"):
            if words(was.get("text", "")) == words(rec.get("text", "")):
                self.bookkeeping["formatting"] += 1
            else:
                found.append(
                    Change(
                        "reworded",
                        item_id,
                        rec["label"],
                        was=str(was.get("text", "")),
                        now=str(rec.get("text", "")),
                    )
                )
        if "positions" in rec or "positions" in was:
            found += self.position_changes(item_id, rec, was.get("positions", {}))
        elif rec.get("kind") != "judgment":  # a judgment's notes are its statements'
            found += self.cite_changes(
                item_id, rec["label"], was.get("cites", []), rec.get("cites", [])
            )
        return found

    def position_changes(
        self, item_id: str, rec: dict[str, Any], old_p: dict[str, Any]
    ) -> list[Change]:
        """The positions (or names) added, removed or changed, and their citations."""
        new_p: dict[str, Any] = rec.get("positions", {})
        found = []
        for key in [*new_p, *(k for k in old_p if k not in new_p)]:
            was, now = old_p.get(key), new_p.get(key)
            holder = str((now or was or {}).get("holder") or self.actor(key))
            if was is None or now is None:
                kind = "position-added" if was is None else "position-removed"
                text = str((now or was or {}).get("text", ""))
                found.append(
                    Change(
                        kind,
                        item_id,
                        rec["label"],
                        was="" if was is None else text,
                        now=text if was is None else "",
                        holder=holder,
                    )
                )
                continue
            for field in ("stance", "text"):
                if was.get(field) == now.get(field):
                    continue
                if words(was.get(field, "")) == words(now.get(field, "")):
                    self.bookkeeping["formatting"] += 1
                    continue
                found.append(
                    Change(
                        "position-changed",
                        item_id,
                        rec["label"],
                        was=was.get(field, ""),
                        now=now.get(field, ""),
                        holder=holder,
                    )
                )
            cited = self.cite_changes(
                item_id, rec["label"], was.get("cites", []), now.get("cites", [])
            )
            found += [replace(c, holder=holder) for c in cited]
        return found

    def actor(self, key: str) -> str:
        """An actor's (or, for a source's own account, a source's) name from its id."""
        actors = {
            **self.old.get("names", {}).get("actors", {}),
            **self.new.get("names", {}).get("actors", {}),
        }
        return str(actors.get(key) or self.source_names.get(key) or key)

    def cite_changes(
        self, item_id: str, label: str, old: list[list[str]], new: list[list[str]]
    ) -> list[Change]:
        """A statement's citations compared source by source: a passage replaced by another
        (requoted), no longer cited (withdrawn) or newly cited; a locator that changed for the
        same passage is bookkeeping."""
        found = []
        rests_on = self.resting_on({item_id})[1:]  # the judgments: the statement is the label
        for source in dict.fromkeys([c[0] for c in old] + [c[0] for c in new]):
            was = {normalise(c[1]): c for c in old if c[0] == source}
            now = {normalise(c[1]): c for c in new if c[0] == source}
            for key in was.keys() & now.keys():
                if was[key][2] != now[key][2]:
                    self.bookkeeping["locator"] += 1
                if was[key][1] != now[key][1]:
                    self.bookkeeping["formatting"] += 1
            gone = [was[k][1] for k in was if k not in now]
            added = [now[k][1] for k in now if k not in was]
            name = self.source(source)
            for quote_was, quote_now in zip(gone, added, strict=False):
                found.append(
                    Change(
                        "requoted",
                        item_id,
                        label,
                        was=quote_was,
                        now=quote_now,
                        source=name,
                        outcome=self.status(source, quote_now),
                        rests_on=rests_on,
                    )
                )
            found += [
                Change("withdrawn", item_id, label, was=q, source=name, rests_on=rests_on)
                for q in gone[len(added) :]
            ]
            found += [
                Change("cited", item_id, label, now=q, source=name, outcome=self.status(source, q))
                for q in added[len(gone) :]
            ]
        return found

    def quoting(self, source: str, quote: str) -> set[str]:
        """The statements (not judgments) that cite this passage in the new record."""
        return {
            item_id
            for item_id, rec in self.after.items()
            if rec.get("kind") != "judgment"
            and any(c[0] == source and c[1] == quote for c in self.all_cites(rec))
        }

    @staticmethod
    def all_cites(rec: dict[str, Any]) -> Iterator[list[str]]:
        """A statement's citations, its positions' included."""
        yield from rec.get("cites", [])
        for position in rec.get("positions", {}).values():
            yield from position.get("cites", [])

    def source_updates(self) -> Iterator[Change]:
        """For each cited source whose checked text changed: the update, then each of its quoted
        passages that the brief cites as before and that now differs from the source."""
        if self.old_checks is None:  # an edition recorded before quote checks were
            if self.new_checks:
                self.bookkeeping["check"] += len(self.new_checks)
            return
        for source, now in self.new_checks.items():
            was = self.old_checks.get(source, {})
            quotes = now.get("quotes", {})
            old_quotes = was.get("quotes", {})
            updated = was.get("digest") != now.get("digest")
            passages, unchanged = [], 0
            for quote, status in quotes.items():
                before = old_quotes.get(quote)
                if before is None:
                    continue  # newly cited: told with its statement
                if status in ("changed", "missing") and (
                    before != status
                    or was.get("found", {}).get(quote) != now.get("found", {}).get(quote)
                ):
                    passages.append(self.passage(source, quote, status, now, updated))
                elif status == "verified" and before != "verified":
                    self.bookkeeping["check"] += 1
                elif status == before == "verified":
                    unchanged += 1
            if updated:
                unchecked = any(status == "unchecked" for status in quotes.values())
                yield Change(
                    "source-updated",
                    source,
                    self.source(source),
                    was=str(was.get("version", "")),
                    source=self.source(source),
                    version=str(now.get("version", "")),
                    date=day(str(now.get("taken", ""))),
                    outcome="unchecked" if unchecked else "",
                    count=unchanged,
                )
            yield from passages

    def passage(
        self, source: str, quote: str, status: str, check: dict[str, Any], updated: bool
    ) -> Change:
        """A quoted passage that now differs from its source: was, now, what rests on it, and
        (when the source's text changed) the version it differs in."""
        statements = self.quoting(source, quote)
        rests_on = self.resting_on(statements)
        return Change(
            "passage",
            sorted(statements)[0] if statements else "",
            rests_on[0] if rests_on else "",
            was=quote,
            now=check.get("found", {}).get(quote, ""),
            source=self.source(source),
            outcome=status,
            rests_on=rests_on,
            version=str(check.get("version", "")) if updated else "",
        )


def day(text: str) -> PartialDate | None:
    """A recorded 'YYYY-MM-DD' as a date (None when absent or unreadable)."""
    try:
        when = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return None
    return PartialDate(when.year, when.month, when.day)


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """What changed from one content record to the next."""
    return Differ(old, new).changes()


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
        and well_formed_extras(data["content"])
    )


def texts(value: object) -> bool:
    """True for a mapping of text to text."""
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def cites_ok(value: object) -> bool:
    """True for recorded citations: lists of four texts."""
    return isinstance(value, list) and all(
        isinstance(c, list) and len(c) == 4 and all(isinstance(x, str) for x in c) for c in value
    )


def item_ok(rec: dict[str, Any]) -> bool:
    """A recorded statement's citations, positions and judgment links have their shapes."""
    positions = rec.get("positions", {})
    rests_on = rec.get("rests_on", [])
    return (
        cites_ok(rec.get("cites", []))
        and all(
            isinstance(p, dict)
            and all(isinstance(p.get(k, ""), str) for k in ("text", "stance", "holder"))
            and cites_ok(p.get("cites", []))
            for p in positions.values()
        )
        and isinstance(rests_on, list)
        and all(isinstance(r, str) for r in rests_on)
    )


def well_formed_extras(content: dict[str, Any]) -> bool:
    """Citations, positions, names and quote checks (the last two absent in older editions)
    have their shapes."""
    names = content.get("names", {})
    checks = content.get("checks", {})
    return (
        all(item_ok(rec) for rec in content.get("items", {}).values())
        and isinstance(names, dict)
        and all(texts(v) for v in names.values())
        and isinstance(checks, dict)
        and all(
            isinstance(c, dict)
            and texts(c.get("quotes", {}))
            and texts(c.get("found", {}))
            and all(isinstance(c.get(k, ""), str) for k in ("version", "taken", "digest"))
            for c in checks.values()
        )
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
    is_new = latest_content is None or not same_content(latest_content, record)
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


def prepare(
    ws: Workspace, brief: Brief, checks: dict[str, SourceCheck], since: int | None = None
) -> tuple[Selection, EditionState]:
    """A brief's complete selection: what it shows in its language (translations/), its
    quotes' checks, and its edition's changes against the recorded editions (the latest, or
    edition `since`)."""
    selection = select(*ws.view(brief))
    cited = {s.id: checks[s.id] for s in selection.sources if s.id in checks}
    selection = replace(selection, checks=cited)
    edition = edition_state(ws.root, brief.id, content_record(selection), since)
    return replace(
        selection,
        changes=edition.changes,
        changes_since=edition.since,
        edition_number=edition.number,
    ), edition
