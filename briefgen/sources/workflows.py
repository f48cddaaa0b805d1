"""Sources: the `sources verify` and `sources refresh` workflows, reported line by line.

They work on the loaded project alone (load and the foundation): which briefs show each
quote, and which briefs the next build rebuilds, are the builder's (briefgen.builder.refresh).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from briefgen.errors import BriefgenError, Location, Problem, Severity, display_path, suggest
from briefgen.load.snapshots import store_folder
from briefgen.load.verification import RECORD
from briefgen.model import Project, Source, SourceCheck
from briefgen.sources.locators import Move, fix_locators
from briefgen.sources.snapshots import (
    Snapshot,
    add_version,
    current_or_error,
    mapped,
    sha256,
)
from briefgen.sources.verify import (
    QuoteReport,
    SourceReport,
    source_checks,
    update_record,
    verify,
)

Say = Callable[[str], None]
Shown = dict[Location, set[str]]  # for each attribution (by its location), the briefs showing it
SHOWN_QUOTE = 70
SIDE_WORDS = {
    "snapshot": "the source's text changed",
    "content": "the quote was edited",
    "both": "the quote was edited and the source's text changed",
}


@dataclass(frozen=True)
class Outcome:
    """What a sources command found: its exit code and the problems to print."""

    code: int
    problems: tuple[Problem, ...] = ()


def pick_sources(project: Project, names: tuple[str, ...]) -> list[Source]:
    """The sources named (all when none), or an error naming the unknown ones."""
    known = project.sources
    unknown = [n for n in names if n not in known]
    if unknown:
        raise BriefgenError(
            [Problem(Location("content/"), f"no source '{n}'{suggest(n, known)}") for n in unknown]
        )
    return [known[n] for n in names] if names else [known[k] for k in sorted(known)]


def short(text: str, limit: int = SHOWN_QUOTE) -> str:
    """A quote cut to `limit` characters for a one-line listing."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quote_lines(q: QuoteReport, shown: Shown) -> list[str]:
    """The report lines of one checked quote: a verified one with every place that cites it
    where its passage is not; a changed or missing one with was / now and what rests on it."""
    assert q.check is not None
    first = q.citations[0].attribution
    where = f"{q.check.place}" if q.check.place else "nowhere"
    if q.check.status == "verified":
        moves = q.moved()
        note = f" (moved: {len(moves)} locator(s) point elsewhere)" if moves else ""
        lines = [f'  verified  {first.loc}  {where}{note}  "{short(q.quote)}"']
        lines += [
            f"      moved: {c.attribution.loc}: locator says {c.attribution.locator.strip()}, "
            f"the passage is at {new}"
            for c, new in moves
        ]
        return lines
    briefs = sorted({b for c in q.citations for b in shown.get(c.attribution.loc, set())})
    label = "changed " if q.check.status == "changed" else "missing "
    side = f" ({SIDE_WORDS[q.side]})" if q.side else ""
    lines = [f"  {label}  {first.loc}  score {q.check.score:.2f} at {where}{side}"]
    lines.append(f'      was: "{q.quote}"')
    if q.check.status == "missing":
        lines.append("      now: (not found)")
    else:
        lines.append(f'      now: "{q.check.found}"')
    if q.check.severe:
        lines.append(f"      meaning changed: {'; '.join(q.check.severe)}")
    lines.append(
        f"      claims: {', '.join(q.statements)}; briefs: {', '.join(briefs) or 'none shows it'}"
    )
    return lines


def report_lines(report: SourceReport, shown: Shown, problems_only: bool) -> list[str]:
    """The lines reporting one source: its snapshot, then each quote."""
    if report.snapshot is None:
        return [f"{report.source}: no snapshot: {len(report.quotes)} quote(s) not checked"]
    counts = ", ".join(f"{report.count(s)} {s}" for s in ("verified", "changed", "missing"))
    snap = report.snapshot
    where = f", {snap.shown}" if snap.version is not None else ""
    lines = [f"{report.source}: snapshot {snap.label}{where}: {counts}"]
    for q in report.quotes:
        if q.check and not (problems_only and q.check.status == "verified" and not q.moved()):
            lines += quote_lines(q, shown)
    return lines


def problem_message(report: SourceReport, q: QuoteReport) -> str:
    """What is wrong with a quote that does not match, and what to do, in one line."""
    assert q.check is not None
    name = report.source
    best = f"best match {q.check.score:.2f} at {q.check.place or 'nowhere'}"
    if q.check.status == "missing":
        what = f"quote not found in the snapshot of '{name}'"
    elif q.check.severe:
        what = f"quote changed in meaning in the snapshot of '{name}' ({'; '.join(q.check.severe)})"
    else:
        what = f"quote reworded in the snapshot of '{name}'"
    if q.side == "snapshot":
        todo = "the source's text changed since the quote was verified: re-anchor the quote to the new wording, or withdraw it"
    elif q.side == "content":
        todo = (
            "the quote was edited since it was verified against this same text: correct the quote"
        )
    elif q.side == "both":
        todo = "the quote was edited and the source's text changed since it was verified: correct the quote"
    else:
        todo = "correct the quote or its source"
    return f"{what} ({best}): {todo}"


def problems_of(report: SourceReport, q: QuoteReport, strict: bool) -> list[Problem]:
    """One line per attribution of a quote that is missing or changed in meaning (errors) or
    reworded (a warning, an error with `strict`)."""
    if q.check is None or q.check.status == "verified":
        return []
    failing = q.check.status == "missing" or q.severe or strict
    severity = Severity.ERROR if failing else Severity.WARNING
    message = problem_message(report, q)
    return [Problem(c.attribution.loc, message, severity) for c in q.citations]


def locator_problems(reports: list[SourceReport]) -> list[Problem]:
    """A warning at every place citing a verified passage with a locator that points elsewhere."""
    return [
        Problem(
            c.attribution.loc,
            f"locator says {c.attribution.locator.strip()}, but the quote is at {new} of the "
            f"snapshot of '{r.source}': run sources verify --fix to move it",
            Severity.WARNING,
        )
        for r in reports
        for q in r.quotes
        for c, new in q.moved()
    ]


def summary(reports: list[SourceReport]) -> str:
    """One line counting the quotes by status."""
    checked = [r for r in reports if r.snapshot]
    counts = {s: sum(r.count(s) for r in checked) for s in ("verified", "changed", "missing")}
    total = sum(counts.values())
    unchecked = len(reports) - len(checked)
    severe = sum(1 for r in checked for q in r.quotes if q.severe)
    moved = sum(len(q.moved()) for r in checked for q in r.quotes)
    return (
        f"{total} quote(s) of {len(checked)} source(s) with a snapshot: "
        + ", ".join(f"{n} {s}" for s, n in counts.items())
        + (f" ({severe} changed in meaning)" if severe else "")
        + (f"; {moved} locator(s) point away from their passage" if moved else "")
        + (f"; {unchecked} source(s) without a snapshot" if unchecked else "")
    )


def outcome(reports: list[SourceReport], strict: bool, fixed: bool = False) -> Outcome:
    """Exit 1 when a quote is missing or changed in meaning (or, when strict, changed); the
    problems to print (the moved locators too, unless they were fixed)."""
    found = [p for r in reports for q in r.quotes for p in problems_of(r, q, strict)]
    if not fixed:
        found += locator_problems(reports)
    problems = sorted(found, key=lambda p: p.location)
    failed = any(p.severity is Severity.ERROR for p in problems)
    return Outcome(1 if failed else 0, tuple(problems))


def moves_of(reports: list[SourceReport]) -> list[Move]:
    """Every locator of a verified passage that points elsewhere, with where it should point."""
    return [Move(c.attribution, new) for r in reports for q in r.quotes for c, new in q.moved()]


def fix(project: Project, reports: list[SourceReport], say: Say) -> bool:
    """Rewrite the moved locators (asked for with --fix); True when a file was rewritten."""
    moves = moves_of(reports)
    if not moves:
        say("locators: every locator points at its passage")
        return False
    for line in fix_locators(project.root, moves):
        say(line)
    return True


def verify_sources(
    project: Project,
    names: tuple[str, ...],
    strict: bool,
    snapshot_map: tuple[Path, Path] | None,
    now: datetime,
    say: Say,
    shown: Shown,
    fix_moved: bool = False,
) -> tuple[Outcome, bool]:
    """Check the quotes of the sources named (all when none); record the results; rewrite the
    moved locators when asked. Returns the outcome and whether content files were rewritten."""
    sources = pick_sources(project, names)
    override = mapped(project, *snapshot_map) if snapshot_map else None
    reports = verify(project, sources, override)
    for report in reports:
        for line in report_lines(report, shown, problems_only=False):
            say(line)
    say(summary(reports))
    record = display_path(store_folder(project) / RECORD, project.root)
    if snapshot_map:
        say(
            f"not recorded in {record}: these snapshots come from {os.path.relpath(snapshot_map[0])}"
        )
    elif update_record(project, reports, now, keep_others=bool(names)):
        say(f"recorded in {record}")
    else:
        say(f"{record}: no change")
    fixed = fix(project, reports, say) if fix_moved else False
    return outcome(reports, strict, fix_moved), fixed


def clip(line: str, at: int, width: int = 160) -> str:
    """A long diff line cut to `width` characters around position `at` (where it changed)."""
    if len(line) <= width:
        return line
    room = width - 3  # the diff sign and up to two ellipses
    start = min(max(at - room // 3, 1), len(line) - room)
    end = start + room
    head = line[0] + ("…" if start > 1 else "")
    return head + line[start:end] + ("…" if end < len(line) else "")


def first_change(line: str, others: list[str]) -> int:
    """Where a removed (or added) line first differs from the most alike line on the other side."""
    return max((shared_start(line[1:], o[1:]) + 1 for o in others), default=0)


def shared_start(a: str, b: str) -> int:
    """How many leading characters two texts have in common."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def diff_lines(old: Snapshot, new: Snapshot, limit: int) -> list[str]:
    """A unified diff of two snapshots, cut to `limit` lines; long lines shown around the change."""
    diff = list(
        difflib.unified_diff(
            old.text.splitlines(), new.text.splitlines(), old.label, new.label, n=1, lineterm=""
        )
    )
    removed = [d for d in diff if d.startswith("-") and not d.startswith("---")]
    added = [d for d in diff if d.startswith("+") and not d.startswith("+++")]
    shown = []
    for line in diff[:limit]:
        others = added if line in removed else removed if line in added else []
        shown.append("    " + clip(line, first_change(line, others)))
    if len(diff) > limit:
        shown.append(f"    … {len(diff) - limit} more diff line(s)")
    return shown


def affected_claims(
    project: Project, before: dict[str, SourceCheck], after: dict[str, SourceCheck]
) -> list[str]:
    """The statements a quote of which is flagged differently, or changed status between snapshots."""

    def differs(old: SourceCheck, new: SourceCheck, quote: str) -> bool:
        if old.flagged(quote) != new.flagged(quote):
            return True
        checked = old.snapshot is not None and new.snapshot is not None
        return checked and old.quotes.get(quote) != new.quotes.get(quote)

    return [
        statement.id
        for statement in project.statements()
        if any(
            differs(
                before.get(a.source, SourceCheck()), after.get(a.source, SourceCheck()), a.quote
            )
            for a in statement.attributions
        )
    ]


@dataclass(frozen=True)
class FetchOptions:
    """How refresh fetches: timeout (seconds), size cap (bytes), diff length (lines), and
    whether loopback and private addresses may be fetched."""

    timeout: float
    max_bytes: int
    diff_limit: int
    allow_private: bool = False


def refresh_one(
    project: Project, source: Source, opts: FetchOptions, now: datetime, say: Say
) -> None:
    """Fetch one source and store its text as a new version unless it is unchanged."""
    from briefgen.sources.fetch import fetch

    assert source.url is not None
    page = fetch(source.url, opts.timeout, opts.max_bytes, opts.allow_private)
    previous = current_or_error(project, source)
    if previous is not None and previous.digest == sha256(page.text.encode("utf-8")):
        say(f"{source.id}: unchanged: {page.url} is the same text as {previous.label}")
        return
    facts = {"url": page.url, "content_type": page.content_type}
    stored = add_version(project, source.id, page.text, facts, now)
    say(f"{source.id}: stored {stored.label} from {page.url} ({len(page.text)} characters)")
    if previous is None:
        say("    (the first snapshot: nothing to compare with)")
    else:
        for line in diff_lines(previous, stored, opts.diff_limit):
            say(line)


def fetch_problem(source: Source, message: str) -> Problem:
    """The one-line problem of a source that could not be fetched."""
    from briefgen.sources.fetch import redact

    return Problem(
        source.loc,
        f"{source.id}: cannot fetch {redact(source.url or '')}: {message}: check the address, "
        "or try again later (--timeout for a slow server)",
    )


def refresh_sources(
    project: Project,
    names: tuple[str, ...],
    opts: FetchOptions,
    now: datetime,
    say: Say,
    shown: Shown,
    fix_moved: bool = False,
) -> tuple[Outcome, bool]:
    """Fetch the sources, store new versions, re-verify, name the affected claims, and rewrite
    the moved locators when asked. Returns the outcome and whether content files were rewritten."""
    from briefgen.sources.fetch import FetchError

    sources = pick_sources(project, names)
    without = [s for s in sources if s.url is None]
    if names and without:
        raise BriefgenError(
            [Problem(s.loc, f"source '{s.id}' has no url to fetch") for s in without]
        )
    before = source_checks(project)
    problems, fetched = [], []
    for source in sources:
        if source.url is None:
            say(f"{source.id}: no url: not fetched")
            continue
        try:
            refresh_one(project, source, opts, now, say)
            fetched.append(source)
        except FetchError as exc:
            problems.append(fetch_problem(source, str(exc)))
    reports = verify(project, fetched)
    update_record(project, reports, now, keep_others=True)
    for report in reports:
        for line in report_lines(report, shown, problems_only=True):
            say(line)
    after = source_checks(project)
    say(f"affected claims: {', '.join(affected_claims(project, before, after)) or 'none'}")
    fixed = fix(project, reports, say) if fix_moved else False
    checked = outcome(reports, strict=False, fixed=fix_moved)
    code = 3 if problems else checked.code
    return Outcome(code, (*problems, *checked.problems)), fixed
