"""Per-brief PDF work through an executor: warm local workers, any Executor, smallest first."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import pytest

from briefgen.builder.executors import default_jobs, warm_pool
from briefgen.builder.live import Live
from briefgen.builder.options import BuildOptions
from briefgen.builder.run import BriefResult, Schedule, Shared, build, iter_pdfs, plan_brief
from briefgen.validate.workspace import open_workspace
from tests.browser.projects import sample_root
from tests.sample_project import HISTORY
from tests.watching import started

pytestmark = pytest.mark.pdf


def weasyprint_loaded() -> bool:
    return "weasyprint" in sys.modules and "briefgen.render.pdf" in sys.modules


def outputs(root: Path) -> dict[str, bytes]:
    out = root / "output"
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.glob("*/*"))
        if p.suffix in (".pdf", ".html")
    }


def test_workers_import_weasyprint_when_they_start() -> None:
    with warm_pool(2) as pool:
        assert all(pool.submit(weasyprint_loaded).result(timeout=120) for _ in range(4))


def test_default_jobs_is_the_cores_available() -> None:
    assert 1 <= default_jobs() <= (__import__("os").cpu_count() or 1)


def test_executor_builds_what_a_local_build_does(tmp_path: Path, built_sample: Path) -> None:
    """One job, and a pool handed in: the outputs of the session's sample project, which the
    command line built with two jobs."""
    serial = sample_root(tmp_path / "serial")
    given = sample_root(tmp_path / "given")
    plain = build(open_workspace(serial), options=BuildOptions(jobs=1))
    with warm_pool(2) as pool:
        handed = build(open_workspace(given), executor=pool)
    for results in (plain, handed):
        assert [r.status for r in results] == ["built"] * len(plain)
    assert [(r.brief, r.pages) for r in handed] == [(r.brief, r.pages) for r in plain]
    assert outputs(serial) == outputs(built_sample) == outputs(given)
    assert len(outputs(serial)) >= 2 * len(plain)


def test_smallest_first_writes_each_brief_as_it_is_ready(tmp_path: Path) -> None:
    root = sample_root(tmp_path)
    seen: list[tuple[str, bool]] = []

    def on_result(result: BriefResult) -> None:
        # written before the next brief renders: its PDF is already on disk
        pdf = root / "output" / result.brief / f"{result.brief}.pdf"
        seen.append((result.brief, pdf.is_file()))

    results = build(
        open_workspace(root), schedule=Schedule(smallest_first=True), on_result=on_result
    )
    assert all(written for _, written in seen)
    sizes = [len((root / "output" / brief / f"{brief}.html").read_bytes()) for brief, _ in seen]
    assert sizes == sorted(sizes)
    assert {r.brief for r in results} == {brief for brief, _ in seen}


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_watch_workers_stop_when_watch_is_killed(make_project: Callable[..., Path]) -> None:
    root = make_project()
    proc = started(root, "watch")
    try:
        assert proc.stdout is not None
        for line in iter(proc.stdout.readline, ""):
            if line.startswith("watching"):
                break
        workers = children_of(proc.pid)
        assert workers
    finally:
        proc.kill()
        proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers)


class Recording(Executor):
    """A pool that notes, as each PDF is handed over, which of those handed over before had
    finished."""

    def __init__(self, pool: Executor) -> None:
        self.pool = pool
        self.futures: list[Future[Any]] = []
        self.finished_before: list[list[bool]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.finished_before.append([f.done() for f in self.futures])
        future = self.pool.submit(fn, *args, **kwargs)
        self.futures.append(future)
        return future


def test_live_build_writes_each_html_first_then_the_smallest_pdf_alone(
    make_project: Callable[..., Path],
) -> None:
    root = make_project()
    build(
        open_workspace(root), options=BuildOptions(formats=("html",))
    )  # known sizes: short is the smaller brief
    history = root / "content/history.yaml"
    history.write_text(HISTORY.replace("in 1950.", "in March 1950."))  # both briefs show it
    events: list[tuple[str, str, bool]] = []

    def pdf_on_disk(brief: str) -> bool:
        return (root / "output" / brief / f"{brief}.pdf").is_file()

    handed: list[int] = []  # how many PDFs were handed over when each HTML was written

    def html_written(r: BriefResult) -> None:
        events.append(("html", r.brief, pdf_on_disk(r.brief)))
        handed.append(len(recording.futures))

    live = Live(on_html=html_written)

    def on_result(r: BriefResult) -> None:
        events.append((f"{r.status} {','.join(r.formats)}", r.brief, pdf_on_disk(r.brief)))

    with warm_pool(2) as pool:
        recording = Recording(pool)
        results = build(
            open_workspace(root), schedule=live, executor=recording, on_result=on_result
        )
    assert [r.status for r in results] == ["built", "built"]
    assert events == [
        ("html", "short", False),  # the smaller brief's HTML, written before any PDF is made
        ("html", "full", False),
        ("built pdf", "short", True),  # then its PDF, alone
        ("built pdf", "full", True),
    ]
    assert recording.finished_before == [[], [True]]  # the second PDF started after the first
    assert handed == [0, 1]  # the smaller PDF was handed over before the larger HTML was rendered
    assert "in March 1950." in (root / "output/short/short.html").read_text()


def test_the_first_pdf_alone_is_its_own_briefs(make_project: Callable[..., Path]) -> None:
    root = make_project()
    ws = open_workspace(root)
    forced = BuildOptions(formats=("pdf",), force=True)
    plans = [
        plan_brief(ws, ws.briefs[b], options=forced, shared=Shared()) for b in ("full", "short")
    ]
    with warm_pool(2) as pool:
        recording = Recording(pool)
        handed = list(
            iter_pdfs(
                plans,
                root,
                options=BuildOptions(jobs=2, timeout=120),
                executor=recording,
                smallest_first=True,
                first_alone=True,
            )
        )
    assert recording.finished_before == [[], [True]]  # the smaller one alone, then the other
    assert [bid for bid, _ in handed] == ["short", "full"]
    here = dict(
        iter_pdfs(plans, root, options=BuildOptions(timeout=0))
    )  # one after the other in this process
    assert {bid: pdf.data for bid, pdf in handed} == {bid: pdf.data for bid, pdf in here.items()}


def test_a_build_starts_no_more_workers_than_pdfs(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One worker at the first PDF (importing while the rest is planned), the others only
    when there are more PDFs: a rebuild that makes one PDF with `jobs=2` starts one."""
    from briefgen.builder.executors import LocalPool

    root = make_project()
    started: list[int] = []
    grow = LocalPool.grow

    def counted(pool: LocalPool, jobs: int) -> None:
        started.append(max(jobs, 0))
        grow(pool, jobs)

    monkeypatch.setattr(LocalPool, "grow", counted)
    first = build(open_workspace(root), options=BuildOptions(jobs=2))
    assert [r.status for r in first] == ["built", "built"] and sum(started) == 2
    started.clear()
    short = root / "briefs/short.yaml"
    short.write_text(short.read_text("utf-8").replace("Short brief", "A short brief"), "utf-8")
    again = build(open_workspace(root), options=BuildOptions(jobs=2))
    assert {r.brief: r.status for r in again} == {"full": "up to date", "short": "built"}
    assert sum(started) == 1
    started.clear()
    html_only = build(
        open_workspace(root), options=BuildOptions(jobs=2, force=True, formats=("html",))
    )
    assert [r.status for r in html_only] == ["built", "built"] and started == []
