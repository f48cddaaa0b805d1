"""Watch: rebuild the affected briefs whenever content/, briefs/, templates/, snapshots/,
locale/ or translations/ change."""

from __future__ import annotations

import logging
import os
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from briefgen.builder.executors import default_jobs, shared_pool
from briefgen.builder.run import BriefResult, Live, build
from briefgen.errors import BriefgenError, Location, Problem
from briefgen.languages import LABELS_FOLDER, TRANSLATIONS_FOLDER
from briefgen.load.content import TreeCache
from briefgen.validate.workspace import open_workspace


def watch_executor() -> ProcessPoolExecutor | None:
    """The warm worker pool kept for every rebuild (None on one core: render here)."""
    jobs = default_jobs()
    return shared_pool(jobs) if jobs > 1 else None


# the project's input folders (snapshots: the default folder), with its label catalogs
# (locale/) and content translations (translations/)
WATCHED = ("content", "briefs", "templates", "snapshots", LABELS_FOLDER, TRANSLATIONS_FOLDER)


def watched_folders(root: Path) -> list[Path]:
    """The input folders that exist."""
    return [root / name for name in WATCHED if (root / name).is_dir()]


class Kept:
    """What watch and serve keep between rebuilds: the parsed files and each brief's last
    selection and HTML (a save costs the saved file's parse and the affected briefs'
    rendering). `html_first` (serve): each brief's HTML is written before any PDF. `record`:
    record editions as `build` does (a preview records none)."""

    def __init__(self, html_first: bool = False, record: bool = False) -> None:
        self.trees = TreeCache()
        self.live = Live(html_first=html_first, record=record)


def rebuild(
    root: Path, say: Callable[[str], None], timeout: float, kept: Kept | None = None
) -> list[BriefResult]:
    """One incremental build; problems, and even a bug, are printed, never raised.

    Watching goes on after anything that goes wrong, and rebuilds once the input is fixed.
    """
    try:
        return rebuild_once(root, say, timeout, kept)
    except Exception as exc:  # a bug: say so, keep watching (BRIEFGEN_DEBUG shows where)
        if os.environ.get("BRIEFGEN_DEBUG", "").strip() not in ("", "0"):
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
    for problem in ws.problems:
        say(str(problem))

    def tell(r: BriefResult) -> None:  # as each brief is written
        pages = f", {r.pages} pages" if r.pages is not None else ""
        say(
            f"{r.status} {r.brief} ({', '.join(r.formats)}{pages}) "
            f"after {time.perf_counter() - started:.2f} s" + (f": {r.error}" if r.error else "")
        )

    try:
        # smallest brief first, each PDF written as soon as it is ready, in warm workers
        results = build(
            ws,
            timeout=timeout,
            on_result=tell,
            executor=watch_executor(),
            smallest_first=True,
            live=kept.live if kept is not None else None,
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
    import watchfiles

    from briefgen.render import pdf  # noqa: F401 - import WeasyPrint once, so each rebuild starts warm

    if not root.is_dir():
        raise BriefgenError([Problem(Location("--project"), f"{root} is not a folder")])
    watch_executor()  # the workers import WeasyPrint while the first build plans
    kept = Kept(record=record)
    rebuild(root, say, timeout, kept)
    folders = watched_folders(root)
    say(f"watching {', '.join(p.name + '/' for p in folders)} (Ctrl-C to stop)")
    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # not "KeyboardInterrupt caught"
    changes_seen = watchfiles.watch(*folders, debounce=200, step=50, raise_interrupt=False)
    for rounds, changes in enumerate(changes_seen, start=1):
        names = sorted({Path(path).name for _, path in changes})
        say(f"changed: {', '.join(names)}")
        rebuild(root, say, timeout, kept)
        if max_rounds is not None and rounds >= max_rounds:
            return
