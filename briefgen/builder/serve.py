"""Serve: a live preview of the built briefs on 127.0.0.1, reloaded in the browser after a save.

`briefgen serve` builds, then serves output/ over HTTP on the loopback interface only, and
rebuilds on every change in the project's input folders (content/, briefs/, templates/, locale/,
translations/, the snapshots folder: briefgen.layout): first the HTML
of the affected briefs, smallest first (each open page shows the new one as soon as its
brief's HTML is written), then their PDFs, smallest first, each written when it is ready.
While the content has errors, every served brief page shows the located errors instead of
the stale brief, and the brief again once they are fixed.

The reload script is added to the pages as they are served (a small external script that
waits for a new version number): the HTML files written to output/ never contain it.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from briefgen.builder.options import BuildOptions
from briefgen.builder.outputs import check_output_folder
from briefgen.builder.preview import LiveState, port_problem, start_server, url_of
from briefgen.builder.run import BriefResult, build
from briefgen.builder.watch import Kept, result_lines, saves, watch_executor, watched_folders
from briefgen.errors import BriefgenError, BuildError, Location, Problem
from briefgen.layout import ProjectLayout
from briefgen.validate.workspace import open_workspace

RELOAD_GRACE = 0.3  # at most this long for open pages to reload before the next brief renders


def rebuild(
    root: Path,
    state: LiveState,
    say: Callable[[str], None],
    timeout: float,
    kept: Kept | None = None,
) -> None:
    """The HTML of the affected briefs, smallest first, each written (and its pages reloaded)
    as soon as it is rendered; then their PDFs, the smallest alone first; errors go to the
    pages."""
    started = time.perf_counter()
    kept = kept or Kept(html_first=True)
    ws = open_workspace(root, kept.trees)
    kept.layout = ws.project.layout
    for problem in ws.problems:
        say(str(problem))
    if ws.errors:
        state.set_errors([str(p) for p in ws.errors])
        say(f"not rebuilt: {len(ws.errors)} problem(s), shown in the pages")
        return
    state.set_errors([])

    html_done: set[str] = set()

    def html_written(r: BriefResult) -> None:
        html_done.add(r.brief)
        pages = state.bump(r.brief)
        say(f"html {r.brief} after {time.perf_counter() - started:.2f} s")
        if pages:  # open pages of this brief reload before anything else is rendered
            state.settle(r.brief, pages, RELOAD_GRACE)

    def written(r: BriefResult) -> None:
        if r.status == "up to date":
            return
        if r.status == "failed" and r.brief not in html_done:  # its page would be stale
            state.set_brief_errors(r.brief, [r.error or "could not be rendered"])
        for line in result_lines(r, time.perf_counter() - started):
            say(line)

    kept.live.on_html = html_written
    try:
        results = build(
            ws,
            options=BuildOptions(timeout=timeout),
            schedule=kept.live,
            executor=watch_executor(),
            on_result=written,
        )
        built = sum(r.status != "up to date" for r in results)
        say(f"{built} of {len(results)} briefs rebuilt in {time.perf_counter() - started:.2f} s")
    except BriefgenError as exc:
        state.set_errors([str(p) for p in exc.problems])
        for problem in exc.problems:
            say(str(problem))


def serve(
    root: Path,
    say: Callable[[str], None],
    port: int = 8000,
    timeout: float = 300.0,
    max_rounds: int | None = None,
    record: bool = False,
) -> None:
    """Build, serve output/ on 127.0.0.1 and rebuild on every change until interrupted (Ctrl-C);
    editions are recorded only with `record` (a preview is not a publication).

    An output/ that cannot be served or a port that cannot be had is a BuildError (exit 3).
    """
    if not root.is_dir():
        raise BriefgenError([Problem(Location("--project"), f"{root} is not a folder")])
    layout = ProjectLayout(root)
    check_output_folder(layout)
    try:
        layout.output.mkdir(exist_ok=True)
    except OSError as exc:
        raise BuildError([Problem(Location("output"), f"cannot be made: {exc.strerror}")]) from None
    state = LiveState()
    try:
        server, _ = start_server(layout.output, state, port)
    except OSError as exc:
        raise BuildError([Problem(Location("--port"), port_problem(port, exc))]) from None
    try:
        watch_executor()  # the workers import WeasyPrint while the first build plans
        # the server's threads answer within a millisecond while this one renders the other
        # briefs' HTML (Python's default: up to 5 ms at each of a request's several waits)
        sys.setswitchinterval(0.001)
        kept = Kept(html_first=True, record=record)
        rebuild(root, state, say, timeout, kept)
        say(f"serving {url_of(server)} (Ctrl-C to stop)")
        folders = watched_folders(kept.layout or layout)
        say(f"watching {', '.join(p.name + '/' for p in folders)}")
        # step: a save is seen 10 to 20 ms after the last change (a file written in pieces
        # is read again at its next change)
        logging.getLogger("watchfiles").setLevel(logging.ERROR)  # not "KeyboardInterrupt caught"
        changes = saves(lambda: kept.layout or layout, step=10)
        for rounds, names in enumerate(changes, start=1):
            say(f"changed: {', '.join(names)}")
            rebuild(root, state, say, timeout, kept)
            if max_rounds is not None and rounds >= max_rounds:
                return
        say("stopped")
    except KeyboardInterrupt:  # Ctrl-C while a rebuild runs: outputs are whole (atomic writes)
        say("stopped")
    finally:
        server.shutdown()
        server.server_close()
