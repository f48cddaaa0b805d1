"""Watch: rebuild the affected briefs whenever a file in one of the project's input folders
changes (content/, briefs/, templates/, locale/, translations/ and the snapshots folder: the
ones briefgen.layout names)."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from pathlib import Path

from briefgen.builder.executors import default_jobs, shared_pool
from briefgen.builder.failures import debugging
from briefgen.builder.live import Live
from briefgen.builder.options import BuildOptions
from briefgen.builder.run import BriefResult, Schedule, build
from briefgen.errors import BriefgenError, Location, Problem
from briefgen.layout import ProjectLayout
from briefgen.load.content import TreeCache
from briefgen.validate.workspace import open_workspace

FOLDER_CHECK_MS = 1000  # how often to look for an input folder made since watching began


def watch_executor() -> Executor:
    """The warm worker pool kept for every rebuild (one worker on one core: a render that takes
    too long is ended by ending its worker)."""
    return shared_pool(default_jobs())


def watched_folders(layout: ProjectLayout) -> list[Path]:
    """The input folders that exist."""
    return layout.watched()


def saves(layout: Callable[[], ProjectLayout], step: int) -> Iterator[list[str]]:
    """The names of the files changed at each save in the input folders, until interrupted.

    `layout` gives the project's folders as last loaded; a folder made meanwhile (a first
    catalog in a new locale/, a snapshots folder the content now names) is watched from then
    on, and its making counts as a save.
    """
    import watchfiles

    while True:
        folders = watched_folders(layout())
        seen = watchfiles.watch(
            *folders,
            debounce=200,
            step=step,
            raise_interrupt=False,
            rust_timeout=FOLDER_CHECK_MS,
            yield_on_timeout=True,
        )
        for changes in seen:
            now = watched_folders(layout())
            if now != folders:
                yield sorted({*(Path(p).name for _, p in changes), *(f.name + "/" for f in now)})
                break
            if changes:
                yield sorted({Path(path).name for _, path in changes})
        else:
            return  # interrupted


class Kept:
    """What watch and serve keep between rebuilds: the parsed files and each brief's last
    selection and HTML (a save costs the saved file's parse and the affected briefs'
    rendering). `html_first` (serve): each brief's HTML is written before any PDF. `record`:
    record editions as `build` does (a preview records none)."""

    def __init__(self, html_first: bool = False, record: bool = False) -> None:
        self.trees = TreeCache()
        self.live = Live(html_first=html_first, record=record)
        self.layout: ProjectLayout | None = None  # the project's folders, as last loaded


def result_lines(r: BriefResult, seconds: float) -> list[str]:
    """What watch and serve say of one brief as it is written: its status, what rendering
    reported, and for a bug that it is one (its traceback under BRIEFGEN_DEBUG=1)."""
    pages = f", {r.pages} pages" if r.pages is not None else ""
    error = f": {r.error}" if r.error and not r.traceback else ""
    lines = [f"{r.status} {r.brief} ({', '.join(r.formats)}{pages}) after {seconds:.2f} s{error}"]
    lines += r.problems
    if r.traceback:
        if debugging():
            lines.append(r.traceback.rstrip())
        lines.append(
            f"output/{r.brief}: internal error: {r.error} (please report it; "
            "BRIEFGEN_DEBUG=1 shows where it happened)"
        )
    return lines


def rebuild(
    root: Path, say: Callable[[str], None], timeout: float, kept: Kept | None = None
) -> list[BriefResult]:
    """One incremental build; problems, and even a bug, are printed, never raised.

    Watching goes on after anything that goes wrong, and rebuilds once the input is fixed.
    """
    try:
        return rebuild_once(root, say, timeout, kept)
    except Exception as exc:  # a bug: say so, keep watching (BRIEFGEN_DEBUG shows where)
        if debugging():
            traceback.print_exc()
        say(
            f"internal error: {type(exc).__name__}: {exc} (please report it); "
            "waiting for the next change"
        )
        return []


def rebuild_once(
    root: Path, say: Callable[[str], None], timeout: float, kept: Kept | None = None
) -> list[BriefResult]:
    """One incremental build; input problems are printed, never raised."""
    started = time.perf_counter()
    ws = open_workspace(root) if kept is None else open_workspace(root, kept.trees)
    if kept is not None:
        kept.layout = ws.project.layout
    for problem in ws.problems:
        say(str(problem))

    def tell(r: BriefResult) -> None:  # as each brief is written
        for line in result_lines(r, time.perf_counter() - started):
            say(line)

    try:
        # smallest brief first, each PDF written as soon as it is ready, in warm workers
        results = build(
            ws,
            options=BuildOptions(timeout=timeout),
            schedule=kept.live if kept is not None else Schedule(smallest_first=True),
            executor=watch_executor(),
            on_result=tell,
        )
    except BriefgenError as exc:
        for problem in exc.problems:
            say(str(problem))
        say(f"not rebuilt: {len(exc.problems)} problem(s); waiting for the next change")
        return []
    built = [r for r in results if r.status != "up to date"]
    say(f"{len(built)} of {len(results)} briefs rebuilt in {time.perf_counter() - started:.2f} s")
    return results


def watch(
    root: Path,
    say: Callable[[str], None],
    timeout: float,
    max_rounds: int | None = None,
    record: bool = False,
) -> None:
    """Build, then rebuild on every change until interrupted (or after `max_rounds` rebuilds);
    editions are recorded only with `record`."""
    if not root.is_dir():
        raise BriefgenError([Problem(Location("--project"), f"{root} is not a folder")])
    watch_executor()  # the workers import WeasyPrint while the first build plans
    kept = Kept(record=record)
    rebuild(root, say, timeout, kept)
    folders = watched_folders(kept.layout or ProjectLayout(root))
    say(f"watching {', '.join(p.name + '/' for p in folders)} (Ctrl-C to stop)")
    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # not "KeyboardInterrupt caught"
    changes = saves(lambda: kept.layout or ProjectLayout(root), step=50)
    for rounds, names in enumerate(changes, start=1):
        say(f"changed: {', '.join(names)}")
        rebuild(root, say, timeout, kept)
        if max_rounds is not None and rounds >= max_rounds:
            return
