"""Sources: the `sources verify` and `sources refresh` workflows, reported line by line."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from briefgen.errors import BriefgenError, Location, Problem, Severity, display_path, suggest
from briefgen.load.snapshots import store_folder
from briefgen.model import Source, SourceCheck
from briefgen.sources.snapshots import (
    Snapshot,
    add_version,
    current_or_error,
    mapped,
    sha256,
)
from briefgen.sources.verify import (
    RECORD,
    QuoteReport,
    SourceReport,
    moved,
    source_checks,
    update_record,
    verify,
)
from briefgen.validate.workspace import Workspace

Say = Callable[[str], None]
SHOWN_QUOTE = 70


@dataclass(frozen=True)
class Outcome:
    """What a sources command found: its exit code and the problems to print."""

    code: int
    problems: tuple[Problem, ...] = ()


def pick_sources(ws: Workspace, names: tuple[str, ...]) -> list[Source]:
    """The sources named (all when none), or an error naming the unknown ones."""
    known = ws.project.sources
    unknown = [n for n in names if n not in known]
    if unknown:
        raise BriefgenError(
            [Problem(Location("content/"), f"no source '{n}'{suggest(n, known)}") for n in unknown]
        )
    return [known[n] for n in names] if names else [known[k] for k in sorted(known)]


def brief_citations(ws: Workspace) -> dict[Location, set[str]]:
    """For each attribution (by its location), the briefs that show it."""
    from briefgen.selection.select import select

    shown: dict[Location, set[str]] = {}
    for brief in ws.briefs.values():
        for note in select(brief, ws.project).notes:
            shown.setdefault(note.attribution.loc, set()).add(brief.id)
    return shown


def short(text: str, limit: int = SHOWN_QUOTE) -> str:
    """A quote cut to `limit` characters for a one-line listing."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quote_lines(q: QuoteReport, shown: dict[Location, set[str]], root: Path) -> list[str]:
    """The report lines of one checked quote."""
    assert q.check is not None
    first = q.citations[0].attribution
    where = f"{q.check.place}" if q.check.place else "nowhere"
    if q.check.status == "verified":
        move = moved(first.locator, q.check.place)
        note = f" (moved: {move})" if move else ""
        return [f'  verified  {first.loc}  {where}{note}  "{short(q.quote)}"']
    briefs = sorted({b for c in q.citations for b in shown.get(c.attribution.loc, set())})
    label = "changed " if q.check.status == "changed" else "missing "
    lines = [f"  {label}  {first.loc}  score {q.check.score:.2f} at {where}"]
    lines.append(f'      was: "{q.quote}"')
    lines.append(
        f'      now: "{q.check.found}"' if q.check.found else "      now: (empty snapshot)"
    )
    lines.append(
        f"      claims: {', '.join(q.statements)}; briefs: {', '.join(briefs) or 'none shows it'}"
    )
    return lines


def report_lines(
    report: SourceReport, shown: dict[Location, set[str]], root: Path, problems_only: bool
) -> list[str]:
    """The lines reporting one source: its snapshot, then each quote."""
    if report.snapshot is None:
        return [f"{report.source}: no snapshot: {len(report.quotes)} quote(s) not checked"]
    counts = ", ".join(f"{report.count(s)} {s}" for s in ("verified", "changed", "missing"))
    snap = report.snapshot
    where = f", {snap.shown}" if snap.version is not None else ""
    lines = [f"{report.source}: snapshot {snap.label}{where}: {counts}"]
    for q in report.quotes:
        if q.check and not (problems_only and q.check.status == "verified"):
            lines += quote_lines(q, shown, root)
    return lines


def problems_of(report: SourceReport, q: QuoteReport, strict: bool) -> list[Problem]:
    """One line per attribution of a quote that is missing (error) or changed (a warning)."""
    if q.check is None or q.check.status == "verified":
        return []
    severity = Severity.ERROR if q.check.status == "missing" or strict else Severity.WARNING
    what = "not found in" if q.check.status == "missing" else "reworded in"
    message = (
        f"quote {what} the snapshot of '{report.source}' (best match {q.check.score:.2f} at "
        f"{q.check.place or 'nowhere'}): correct the quote or its source"
    )
    return [Problem(c.attribution.loc, message, severity) for c in q.citations]


def summary(reports: list[SourceReport]) -> str:
    """One line counting the quotes by status."""
    checked = [r for r in reports if r.snapshot]
    counts = {s: sum(r.count(s) for r in checked) for s in ("verified", "changed", "missing")}
    total = sum(counts.values())
    unchecked = len(reports) - len(checked)
    return (
        f"{total} quote(s) of {len(checked)} source(s) with a snapshot: "
        + ", ".join(f"{n} {s}" for s, n in counts.items())
        + (f"; {unchecked} source(s) without a snapshot" if unchecked else "")
    )


def outcome(reports: list[SourceReport], strict: bool) -> Outcome:
    """Exit 1 when a quote is missing (or, when strict, changed); the problems to print."""
    problems = sorted(
        (p for r in reports for q in r.quotes for p in problems_of(r, q, strict)),
        key=lambda p: p.location,
    )
    failed = any(p.severity is Severity.ERROR for p in problems)
    return Outcome(1 if failed else 0, tuple(problems))


def run_verify(
    ws: Workspace,
    names: tuple[str, ...],
    strict: bool,
    snapshot_map: tuple[Path, Path] | None,
    now: datetime,
    say: Say,
) -> Outcome:
    """Check the quotes of the sources named (all when none); record the results."""
    sources = pick_sources(ws, names)
    override = mapped(ws.project, *snapshot_map) if snapshot_map else None
    reports = verify(ws.project, sources, override)
    shown = brief_citations(ws)
    for report in reports:
        for line in report_lines(report, shown, ws.root, problems_only=False):
            say(line)
    say(summary(reports))
    record = display_path(store_folder(ws.project) / RECORD, ws.root)
    if snapshot_map:
        say(
            f"not recorded in {record}: these snapshots come from {os.path.relpath(snapshot_map[0])}"
        )
    elif update_record(ws.project, reports, now, keep_others=bool(names)):
        say(f"recorded in {record}")
    else:
        say(f"{record}: no change")
    return outcome(reports, strict)


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


def affected_briefs(
    ws: Workspace, before: dict[str, SourceCheck], after: dict[str, SourceCheck]
) -> list[str]:
    """The briefs whose HTML changes with the new checks (the ones the next build rebuilds)."""
    from briefgen.render.html import render_html
    from briefgen.selection.select import select

    changed = {k for k in after if before.get(k) != after.get(k)}
    result = []
    for brief in sorted(ws.briefs.values(), key=lambda b: b.id):
        selection = select(brief, ws.project)
        cited = {s.id for s in selection.sources}
        if not cited & changed:
            continue
        old = replace(selection, checks={k: before[k] for k in cited if k in before})
        new = replace(selection, checks={k: after[k] for k in cited if k in after})
        if render_html(old, ws.root) != render_html(new, ws.root):
            result.append(brief.id)
    return result


def affected_claims(
    ws: Workspace, before: dict[str, SourceCheck], after: dict[str, SourceCheck]
) -> list[str]:
    """The statements a quote of which is flagged differently, or changed status between snapshots."""

    def differs(old: SourceCheck, new: SourceCheck, quote: str) -> bool:
        if old.flagged(quote) != new.flagged(quote):
            return True
        checked = old.snapshot is not None and new.snapshot is not None
        return checked and old.quotes.get(quote) != new.quotes.get(quote)

    return [
        statement.id
        for statement in ws.project.statements()
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


def refresh_one(ws: Workspace, source: Source, opts: FetchOptions, now: datetime, say: Say) -> None:
    """Fetch one source and store its text as a new version unless it is unchanged."""
    from briefgen.sources.fetch import fetch

    assert source.url is not None
    page = fetch(source.url, opts.timeout, opts.max_bytes, opts.allow_private)
    previous = current_or_error(ws.project, source)
    if previous is not None and previous.digest == sha256(page.text.encode("utf-8")):
        say(f"{source.id}: unchanged: {page.url} is the same text as {previous.label}")
        return
    facts = {"url": page.url, "content_type": page.content_type}
    stored = add_version(ws.project, source.id, page.text, facts, now)
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


def run_refresh(
    ws: Workspace, names: tuple[str, ...], opts: FetchOptions, now: datetime, say: Say
) -> Outcome:
    """Fetch the sources, store new versions, re-verify, and name the affected claims and briefs."""
    from briefgen.sources.fetch import FetchError

    sources = pick_sources(ws, names)
    without = [s for s in sources if s.url is None]
    if names and without:
        raise BriefgenError(
            [Problem(s.loc, f"source '{s.id}' has no url to fetch") for s in without]
        )
    before = source_checks(ws.project)
    problems, fetched = [], []
    for source in sources:
        if source.url is None:
            say(f"{source.id}: no url: not fetched")
            continue
        try:
            refresh_one(ws, source, opts, now, say)
            fetched.append(source)
        except FetchError as exc:
            problems.append(fetch_problem(source, str(exc)))
    reports = verify(ws.project, fetched)
    update_record(ws.project, reports, now, keep_others=True)
    shown = brief_citations(ws)
    for report in reports:
        for line in report_lines(report, shown, ws.root, problems_only=True):
            say(line)
    after = source_checks(ws.project)
    say(f"affected claims: {', '.join(affected_claims(ws, before, after)) or 'none'}")
    briefs = affected_briefs(ws, before, after)
    say(
        f"affected briefs: {', '.join(briefs)} (run: python generate.py build)"
        if briefs
        else "affected briefs: none"
    )
    checked = outcome(reports, strict=False)
    code = 3 if problems else checked.code
    return Outcome(code, (*problems, *checked.problems))
