"""PDFs rendered on a Dask distributed cluster (a LocalCluster of two worker processes on
127.0.0.1): the same results and outputs as a local build, through the library and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefgen.builder.executors import remote_executor
from briefgen.builder.run import build
from briefgen.validate.workspace import open_workspace
from tests.browser.projects import sample_root
from tests.browser.tools import in_ci
from tests.sample_project import REPO

if in_ci():  # setup installs the dask extra: in CI a missing one is a failure, not a skip
    import distributed as _distributed

    distributed: Any = _distributed
else:
    distributed = pytest.importorskip("distributed")

pytestmark = [pytest.mark.pdf, pytest.mark.slow]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def outputs(root: Path) -> dict[str, bytes]:
    out = root / "output"
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.glob("*/*"))
        if p.suffix in (".pdf", ".html")
    }


def test_a_dask_build_is_a_local_build(tmp_path: Path, scheduler: str, built_sample: Path) -> None:
    """The sample project built on the cluster: the outputs of the local build (the session's
    built sample, built by the CLI on this machine), byte for byte."""
    remote = sample_root(tmp_path / "remote")
    with remote_executor(scheduler) as executor:
        assert executor is not None
        there = build(open_workspace(remote), executor=executor)
    assert {r.status for r in there} == {"built"}
    assert outputs(remote) == outputs(built_sample)
    assert not list((remote / "output").glob("**/*.tmp*"))
    # and the next build finds nothing to do, as after a local build
    with remote_executor(scheduler) as executor:
        again = build(open_workspace(remote), executor=executor)
    assert {r.status for r in again} == {"up to date"}, again


def test_build_scheduler_option(tmp_path: Path, scheduler: str, built_sample: Path) -> None:
    remote = sample_root(tmp_path / "remote")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [
            sys.executable,
            "generate.py",
            "--project",
            str(remote),
            "build",
            "--scheduler",
            scheduler,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert outputs(remote) == outputs(built_sample)


def test_no_scheduler_means_a_local_build() -> None:
    with remote_executor(None) as executor:
        assert executor is None


def test_each_worker_is_made_ready_to_render_and_renders_with_the_tuned_collector() -> None:
    """Connecting hands every worker a task that imports WeasyPrint (while the build plans);
    a render there collects as the command's own process does, then as the worker did
    (a cluster of its own: no PDF rendered there yet)."""
    import gc

    def seen() -> tuple[bool, tuple[int, ...]]:
        return "weasyprint" in sys.modules, gc.get_threshold()

    def during() -> tuple[int, ...]:
        from briefgen.collector import tuned_for_documents

        with tuned_for_documents():
            return gc.get_threshold()

    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
    )
    scheduler = cluster.scheduler_address
    try:
        with (
            remote_executor(scheduler) as executor,
            distributed.Client(scheduler, set_as_default=False) as client,
        ):
            assert executor is not None
            client.wait_for_workers(2)
            client.gather(  # a task after the warm-up on each worker
                [client.submit(lambda: None, workers=[w], pure=False) for w in client.has_what()]
            )
            answers = client.run(seen)
            assert len(answers) == 2
            assert all(imported for imported, _ in answers.values())
            assert executor.submit(during).result() == (50_000, 20, 100)
            assert {t for _, t in client.run(seen).values()} == {t for _, t in answers.values()}
    finally:
        cluster.close()
