"""The render time limit ends the worker process rendering, never raises into WeasyPrint."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.builder.executors import warm_pool
from briefgen.cli.main import cli

pytestmark = pytest.mark.pdf


def sleep_then_pid(seconds: float) -> int:
    """Runs in a worker: the worker's pid, after `seconds`."""
    time.sleep(seconds)
    return os.getpid()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (ended, not yet reaped by the pool) counts as ended
    state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].split()[0]
    return state != "Z"


def test_a_task_over_its_limit_ends_with_its_worker_and_the_pool_goes_on() -> None:
    with warm_pool(1) as pool:
        worker = pool.submit(sleep_then_pid, 0).result(timeout=60)
        started = time.monotonic()
        slow = pool.submit_limited(sleep_then_pid, 0.5, 30)
        with pytest.raises(FutureTimeout):
            slow.result(timeout=60)
        assert time.monotonic() - started < 15  # ended, not waited for
        deadline = time.monotonic() + 10
        while alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(worker), "the worker that ran over its limit is still running"
        # a fresh worker takes its place; a task within its limit finishes
        assert pool.submit_limited(sleep_then_pid, 30, 0).result(timeout=60) != worker


def test_no_limit_lets_a_task_finish() -> None:
    with warm_pool(1) as pool:
        assert pool.submit_limited(sleep_then_pid, 0, 0.3).result(timeout=60) > 0


def test_a_build_keeps_its_time_limit_without_a_signal(make_project: Callable[..., Path]) -> None:
    """One brief over the limit fails in one line; the other brief is built; no SIGALRM."""
    rows = "".join(f"      - ['{i}', '{'word ' * 40}']\n" for i in range(2000))
    table = (
        "tables:\n  - id: huge\n    section: history\n    title: Huge\n    columns: [n, text]\n"
        "    rows:\n" + rows + "    attributions:\n      - source: wire-2021\n"
        "        quote: q\n        locator: p\n"
    )
    root = make_project({"content/huge.yaml": table})
    before = signal.getsignal(signal.SIGALRM)
    result = CliRunner().invoke(
        cli, ["--project", str(root), "build", "-f", "pdf", "--timeout", "6", "--jobs", "1"]
    )
    assert signal.getsignal(signal.SIGALRM) is before
    assert result.exit_code == 3, result.output
    assert (
        "output/full: error: rendering took longer than 6 s: shorten the brief or raise --timeout"
        in result.stderr.splitlines()
    )
    assert "Traceback" not in result.output
    assert not (root / "output/full/full.pdf").exists()
    assert (root / "output/short/short.pdf").read_bytes().startswith(b"%PDF-")
