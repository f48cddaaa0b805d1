"""Verify: each attribution quote against its source's snapshot, and the record of the results.

Matching is briefgen.sources.match's. Results are recorded per source in the snapshots
folder's verification.json (briefgen.load.verification), which the build reads; the build
itself never matches text. Against the previous record, a quote that no longer matches is
told apart by which side changed: the source's text (a new snapshot), the content's quote
(edited since it was verified), or both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from briefgen.load.snapshots import store_folder
from briefgen.load.verification import (
    RECORD,
    quote_key,
    read_record,
    recorded_quotes,
    relocated,
)
from briefgen.model import Attribution, Project, Source, SourceCheck
from briefgen.sources.match import Place, Prepared, QuoteCheck
from briefgen.sources.snapshots import Snapshot, current_or_error
from briefgen.write import atomic_write

STATUSES = ("verified", "changed", "missing")
SIDES = ("snapshot", "content", "both")


def moved(locator: str, place: Place | None) -> str | None:
    """The locator rewritten to the place found, when it is a 'para N' or 'line N' that points
    elsewhere (None when it is right, of another form, or nothing was found)."""
    return None if place is None else relocated(locator, place.line, place.para)


@dataclass(frozen=True)
class Citation:
    """One statement quoting a source: the statement's id and its attribution."""

    statement: str
    attribution: Attribution


@dataclass(frozen=True)
class QuoteReport:
    """One distinct quote of a source, its check, every statement quoting it, and which side
    changed since the last recorded verification when it no longer matches ('' unknown)."""

    quote: str
    check: QuoteCheck | None
    citations: tuple[Citation, ...]
    side: str = ""

    @property
    def statements(self) -> tuple[str, ...]:
        """The ids of the statements quoting it, each once."""
        return tuple(dict.fromkeys(c.statement for c in self.citations))

    @property
    def severe(self) -> bool:
        """True for a changed passage that says something else (numbers, negations, names)."""
        return self.check is not None and bool(self.check.severe)

    def moved(self) -> list[tuple[Citation, str]]:
        """The citations of a verified quote whose locator points elsewhere, with the locator
        that points at the passage."""
        if self.check is None or self.check.status != "verified":
            return []
        found = ((c, moved(c.attribution.locator, self.check.place)) for c in self.citations)
        return [(c, new) for c, new in found if new]


@dataclass(frozen=True)
class SourceReport:
    """Every quote of one source checked against its snapshot (unchecked when it has none)."""

    source: str
    snapshot: Snapshot | None
    quotes: tuple[QuoteReport, ...]

    def count(self, status: str) -> int:
        """How many distinct quotes have this status."""
        return sum(1 for q in self.quotes if q.check and q.check.status == status)


def citations(project: Project) -> dict[str, dict[str, list[Citation]]]:
    """Every attribution by source and then by quote key, in document order."""
    found: dict[str, dict[str, list[Citation]]] = {}
    for statement in project.statements():
        for a in statement.attributions:
            by_quote = found.setdefault(a.source, {})
            by_quote.setdefault(quote_key(a.quote), []).append(Citation(statement.id, a))
    return found


def side_of(
    key: str, statements: tuple[str, ...], now: dict[str, set[str]], old: Any, digest: str
) -> str:
    """Which side changed since the last recorded verification of a quote that no longer
    matches: 'snapshot' (the quote was verified as it is, against another text), 'content'
    (a statement quoting it cited another quote of this source, verified against this same
    text), 'both', or '' when the record does not tell."""
    quotes = recorded_quotes(old)
    same_text = isinstance(old, dict) and old.get("snapshot") == digest
    before = quotes.get(key, {})
    if before.get("status") == "verified":
        return "" if same_text else "snapshot"
    if same_text and before.get("side") in SIDES:  # as found by the verification that recorded it
        return str(before["side"])
    edited = any(
        k not in now.get(statement, set()) and v.get("status") == "verified"
        for k, v in quotes.items()
        for statement in statements
        if statement in (v.get("statements") or ())
    )
    if not edited:
        return ""
    return "content" if same_text else "both"


def verify_source(
    source: Source, snapshot: Snapshot | None, cited: dict[str, list[Citation]], old: Any = None
) -> SourceReport:
    """Check each distinct quote of one source against its snapshot; `old` is the source's
    last recorded verification, for telling which side changed."""
    prepared = Prepared(snapshot.text) if snapshot else None
    now: dict[str, set[str]] = {}  # statement -> the keys it quotes now
    for key, group in cited.items():
        for c in group:
            now.setdefault(c.statement, set()).add(key)
    quotes = []
    for key, group in cited.items():
        quote = group[0].attribution.quote
        check = prepared.check(quote) if prepared else None
        report = QuoteReport(quote, check, tuple(group))
        if check is not None and snapshot is not None and check.status != "verified":
            side = side_of(key, report.statements, now, old, snapshot.digest)
            report = QuoteReport(quote, check, tuple(group), side)
        quotes.append(report)
    return SourceReport(source.id, snapshot, tuple(quotes))


def verify(
    project: Project, sources: Iterable[Source], override: dict[str, Snapshot] | None = None
) -> list[SourceReport]:
    """Reports for the sources, each against its current snapshot (or the override's)."""
    cited = citations(project)
    override = override or {}
    record = read_record(project)
    return [
        verify_source(
            s,
            override[s.id] if s.id in override else current_or_error(project, s),
            cited.get(s.id, {}),
            record.get(s.id),
        )
        for s in sources
    ]


def quote_entry(q: QuoteReport) -> dict[str, Any]:
    """One quote's record: status, score, place, the passage found when it changed, what in
    it changes the meaning, and the statements quoting it."""
    assert q.check is not None
    entry: dict[str, Any] = {
        "status": q.check.status,
        "score": q.check.score,
        "where": str(q.check.place or ""),
        "statements": list(q.statements),
    }
    if q.check.place is not None:
        entry |= {"line": q.check.place.line, "para": q.check.place.para}
    if q.check.status == "changed":
        entry |= {"found": q.check.found, "severe": list(q.check.severe)}
    if q.side:
        entry["side"] = q.side
    return entry


def record_entry(report: SourceReport, now: datetime, old: Any) -> dict[str, Any] | None:
    """A source's record; the old date is kept when snapshot and statuses are the same."""
    if report.snapshot is None:
        return None
    quotes = {quote_key(q.quote): quote_entry(q) for q in report.quotes if q.check}
    statuses = {k: v["status"] for k, v in quotes.items()}
    verified = f"{now:%Y-%m-%dT%H:%M:%SZ}"
    if (
        isinstance(old, dict)
        and old.get("snapshot") == report.snapshot.digest
        and {k: v.get("status") for k, v in recorded_quotes(old).items()} == statuses
        and isinstance(old.get("verified"), str)
    ):
        verified = old["verified"]
    return {
        "snapshot": report.snapshot.digest,
        "label": report.snapshot.label,
        "verified": verified,
        "quotes": quotes,
    }


def update_record(
    project: Project, reports: list[SourceReport], now: datetime, keep_others: bool
) -> set[str]:
    """Record the reports (written only when something changed); the ids whose record changed."""
    old = read_record(project)
    new = dict(old) if keep_others else {}
    for report in reports:
        entry = record_entry(report, now, old.get(report.source))
        if entry is None:
            new.pop(report.source, None)
        else:
            new[report.source] = entry
    changed = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
    if changed:
        text = json.dumps(new, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        atomic_write(store_folder(project) / RECORD, text.encode("utf-8"))
    return changed


def display_day(stamp: str) -> str | None:
    """'23 November 2026' from a recorded '2026-11-23T10:14:05Z' (None when unreadable)."""
    try:
        day = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return None
    return f"{day.day} {day:%B %Y}"


def source_check(
    snapshot: Snapshot | None, entry: Any, quotes: Iterable[Attribution]
) -> SourceCheck:
    """What a build shows of one source: its snapshot and each quote's recorded status (and,
    for a changed one, the passage now in the source)."""
    if snapshot is None:
        return SourceCheck()
    recorded: dict[str, dict[str, Any]] = {}
    verified = None
    if isinstance(entry, dict) and entry.get("snapshot") == snapshot.digest:
        recorded = recorded_quotes(entry)
        verified = display_day(entry.get("verified", ""))
    statuses, found = {}, {}
    for a in quotes:
        result = recorded.get(quote_key(a.quote), {})
        status = result.get("status")
        statuses[a.quote] = status if status in STATUSES else "unchecked"
        if status == "changed" and isinstance(result.get("found"), str):
            found[a.quote] = result["found"]
    version = str(snapshot.version) if snapshot.version is not None else snapshot.shown
    taken = f"{snapshot.taken:%Y-%m-%d}" if snapshot.taken else None
    return SourceCheck(snapshot.label, verified, statuses, found, version, taken, snapshot.digest)


def source_checks(project: Project) -> dict[str, SourceCheck]:
    """Every source's check, as the build shows it: read from files, nothing is matched."""
    record = read_record(project)
    cited = citations(project)
    return {
        s.id: source_check(
            current_or_error(project, s),
            record.get(s.id),
            (c.attribution for group in cited.get(s.id, {}).values() for c in group),
        )
        for s in project.sources.values()
    }
