"""Verify: find each attribution quote in its source's snapshot, exactly or else approximately.

Quote and snapshot are compared after normalising whitespace, quote marks (curly to
straight) and dashes (to '-'); case is kept. A quote not found exactly gets its best
approximate match: a similarity score (0-1) and where it is (line and paragraph, a
paragraph being a non-empty line). Results are recorded per source in the snapshots
folder's verification.json, which the build reads; the build itself never matches text.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any

from briefgen.load.snapshots import store_folder
from briefgen.model import Attribution, Project, Source, SourceCheck
from briefgen.safeio import MIB, read_json
from briefgen.sources.snapshots import Snapshot, current_or_error
from briefgen.text import normalise
from briefgen.write import atomic_write

CHANGED_AT = 0.6  # a best match scoring at least this is the quote reworded; below, it is missing
RECORD = "verification.json"
MAX_RECORD_BYTES = 64 * MIB
STATUSES = ("verified", "changed", "missing")
LOCATOR = re.compile(r"(para|paragraph|line)\s+(\d+)", re.IGNORECASE)
WORD = re.compile(r"\S+")
CANDIDATES = 3


def fold(word: str) -> str:
    """A word reduced for overlap counting: lower case, letters and digits only."""
    return "".join(c for c in word.lower() if c.isalnum())


def quote_key(quote: str) -> str:
    """The key a quote is recorded under: a digest of its normalised text."""
    return hashlib.sha256(normalise(quote).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Place:
    """Where in a snapshot: the line number and the paragraph (non-empty line) number."""

    line: int
    para: int

    def __str__(self) -> str:
        return f"line {self.line}, para {self.para}"


@dataclass(frozen=True)
class QuoteCheck:
    """One quote against one snapshot: status, similarity, place and the passage found."""

    status: str
    score: float
    place: Place | None = None
    found: str = ""


class Prepared:
    """A snapshot text normalised once for searching, with a way back to its lines."""

    def __init__(self, text: str) -> None:
        paras, self.lines, self.starts = [], [], []
        offset = 0
        for number, line in enumerate(text.splitlines(), start=1):
            norm = normalise(line)
            if norm:
                paras.append(norm)
                self.lines.append(number)
                self.starts.append(offset)
                offset += len(norm) + 1
        self.text = " ".join(paras)
        self.spans = [m.span() for m in WORD.finditer(self.text)]
        self.words = [fold(self.text[a:b]) for a, b in self.spans]

    def place(self, offset: int) -> Place:
        """The line and paragraph holding a character of the normalised text."""
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return Place(self.lines[i], i + 1)

    def window(self, start: int, length: int) -> tuple[str, int]:
        """The text of `length` words from word `start`, and its character offset."""
        end = min(start + length, len(self.spans)) - 1
        return self.text[self.spans[start][0] : self.spans[end][1]], self.spans[start][0]

    def candidates(self, words: list[str]) -> list[int]:
        """Word positions where a window of the quote's length shares the most words with it."""
        wanted, k = set(words) - {""}, min(len(words), len(self.words))
        hits = [0, *itertools.accumulate(map(wanted.__contains__, self.words))]
        counts = [b - a for a, b in zip(hits, hits[k:], strict=False)]
        top = max(counts)
        near = [i for i, c in enumerate(counts) if c >= top - 1]
        near.sort(key=lambda i: -counts[i])
        chosen: list[int] = []
        for i in near:
            if all(abs(i - c) >= max(k // 2, 1) for c in chosen):
                chosen.append(i)
            if len(chosen) == CANDIDATES:
                break
        return chosen

    def closest(self, quote: str) -> tuple[float, int, str]:
        """The best approximate match of a normalised quote: score, offset and passage.

        Candidate windows are compared word by word (fast); the best is refined by moving its
        start and end by up to two words, then scored character by character.
        """
        words = [fold(w) for w in quote.split()]
        matcher: SequenceMatcher[str] = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(words)

        def score(window: tuple[int, int]) -> tuple[int, float, int]:
            """Quote words matched, then similarity (the tighter window), then the earlier one."""
            start, length = window
            matcher.set_seq1(self.words[start : start + length])
            matched = sum(block.size for block in matcher.get_matching_blocks())
            return matched, matcher.ratio(), -start

        k = len(words)
        first = max(self.candidates(words), key=lambda c: score((c, k)))
        windows = [
            (s, n)
            for s in range(max(first - 2, 0), min(first + 3, len(self.spans)))
            for n in range(max(k - 2, 1), k + 3)
        ]
        start, length = max(windows, key=score)
        passage, offset = self.window(start, length)
        if len(passage) > 2 * len(quote) + 40:  # long words: text without spaces, as in Chinese
            at, passage = narrow(quote, passage)
            offset += at
        chars = SequenceMatcher(None, quote.casefold(), passage.casefold(), autojunk=False)
        return chars.ratio(), offset, passage

    def check(self, quote: str) -> QuoteCheck:
        """Verified when found exactly; else changed or missing, with the best match."""
        wanted = normalise(quote)
        at = self.text.find(wanted) if wanted else -1
        if at >= 0:
            return QuoteCheck("verified", 1.0, self.place(at), wanted)
        if not self.spans:
            return QuoteCheck("missing", 0.0)
        score, offset, passage = self.closest(wanted)
        status = "changed" if score >= CHANGED_AT else "missing"
        return QuoteCheck(status, round(score, 2), self.place(offset), passage)


def narrow(quote: str, passage: str) -> tuple[int, str]:
    """The part of a long passage most like the quote, character by character, and its offset.

    Linear in the passage: windows of the quote's length, a quarter of it apart, are ranked by
    how many of their character pairs occur in the quote; the best few, widened by that step on
    each side, are compared with SequenceMatcher (a whole 4 MiB passage would take minutes).
    """
    m = len(quote)
    step = max(m // 4, 1)
    folded = quote.casefold()
    wanted = {folded[j : j + 2] for j in range(len(folded) - 1)}
    low = passage.casefold()
    if len(low) != len(passage):  # 'ß' to 'ss': keep one character for each
        low = "".join(c.casefold()[:1] or " " for c in passage)
    pairs = map(operator.add, low, low[1:])
    hits = [0, *itertools.accumulate(map(wanted.__contains__, pairs))]
    starts = range(0, max(len(passage) - m, 0) + 1, step)
    best = sorted(starts, key=lambda i: hits[i + m - 1] - hits[i], reverse=True)

    def ratio(i: int) -> float:
        part = passage[max(i - step, 0) : i + m + step].casefold()
        return SequenceMatcher(None, folded, part, autojunk=False).ratio()

    i = max(best[:CANDIDATES], key=ratio)
    lo = max(i - step, 0)
    part = passage[lo : i + m + step]
    matcher = SequenceMatcher(None, part.casefold(), folded, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return i, passage[i : i + m]
    start, end = blocks[0].a, blocks[-1].a + blocks[-1].size  # the matched stretch
    return lo + start, part[start:end]


def moved(locator: str, place: Place | None) -> str | None:
    """'locator says para 2' when a 'para N' or 'line N' locator does not match the place found."""
    match = LOCATOR.fullmatch(locator.strip())
    if match is None or place is None:
        return None
    kind, number = match.group(1).lower(), int(match.group(2))
    at = place.line if kind == "line" else place.para
    return None if at == number else f"locator says {locator.strip()}"


@dataclass(frozen=True)
class Citation:
    """One statement quoting a source: the statement's id and its attribution."""

    statement: str
    attribution: Attribution


@dataclass(frozen=True)
class QuoteReport:
    """One distinct quote of a source, its check and every statement quoting it."""

    quote: str
    check: QuoteCheck | None
    citations: tuple[Citation, ...]

    @property
    def statements(self) -> tuple[str, ...]:
        """The ids of the statements quoting it, each once."""
        return tuple(dict.fromkeys(c.statement for c in self.citations))


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


def verify_source(
    source: Source, snapshot: Snapshot | None, cited: dict[str, list[Citation]]
) -> SourceReport:
    """Check each distinct quote of one source against its snapshot."""
    prepared = Prepared(snapshot.text) if snapshot else None
    quotes = []
    for group in cited.values():
        quote = group[0].attribution.quote
        check = prepared.check(quote) if prepared else None
        quotes.append(QuoteReport(quote, check, tuple(group)))
    return SourceReport(source.id, snapshot, tuple(quotes))


def verify(
    project: Project, sources: Iterable[Source], override: dict[str, Snapshot] | None = None
) -> list[SourceReport]:
    """Reports for the sources, each against its current snapshot (or the override's)."""
    cited = citations(project)
    override = override or {}
    return [
        verify_source(
            s,
            override[s.id] if s.id in override else current_or_error(project, s),
            cited.get(s.id, {}),
        )
        for s in sources
    ]


def read_record(project: Project) -> dict[str, Any]:
    """The recorded verification results by source id ({} when none)."""
    try:
        data = read_json(store_folder(project) / RECORD, MAX_RECORD_BYTES, follow=False)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record_entry(report: SourceReport, now: datetime, old: Any) -> dict[str, Any] | None:
    """A source's record; the old one is kept when snapshot and statuses are the same."""
    if report.snapshot is None:
        return None
    quotes = {
        quote_key(q.quote): {
            "status": q.check.status,
            "score": q.check.score,
            "where": str(q.check.place or ""),
        }
        for q in report.quotes
        if q.check
    }
    statuses = {k: v["status"] for k, v in quotes.items()}
    if (
        isinstance(old, dict)
        and old.get("snapshot") == report.snapshot.digest
        and isinstance(old.get("quotes"), dict)
        and {k: v.get("status") for k, v in old["quotes"].items() if isinstance(v, dict)}
        == statuses
    ):
        return old
    return {
        "snapshot": report.snapshot.digest,
        "label": report.snapshot.label,
        "verified": f"{now:%Y-%m-%dT%H:%M:%SZ}",
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
    """What a build shows of one source: its snapshot and each quote's recorded status."""
    if snapshot is None:
        return SourceCheck()
    recorded: dict[str, Any] = {}
    verified = None
    if isinstance(entry, dict) and entry.get("snapshot") == snapshot.digest:
        quotes_found = entry.get("quotes")
        recorded = quotes_found if isinstance(quotes_found, dict) else {}
        verified = display_day(entry.get("verified", ""))
    statuses = {}
    for a in quotes:
        found = recorded.get(quote_key(a.quote))
        status = found.get("status") if isinstance(found, dict) else None
        statuses[a.quote] = status if status in STATUSES else "unchecked"
    return SourceCheck(snapshot.label, verified, statuses)


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
