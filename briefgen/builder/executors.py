"""Where per-brief PDF work runs: this process, warm local worker processes, or any
`concurrent.futures.Executor` the caller hands in (a Dask cluster's, for instance).

A local worker imports WeasyPrint (about a second) once, when it starts, not with its first
PDF; a build starts the pool at the first brief that needs a PDF, so the workers import
while the main process plans the other briefs. `watch` and `serve` keep one pool for all
their rebuilds.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import importlib
import os
import signal
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import IO, Any

import click

_shared: dict[int, ProcessPoolExecutor] = {}
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def warm_worker() -> None:
    """Run once in each worker as it starts: import WeasyPrint (and set up the footnote patch).

    On Linux the worker also asks to be stopped when the process that started it ends, however
    it ends (a `watch` or `serve` stopped with SIGTERM or SIGKILL leaves no worker behind);
    it ignores Ctrl-C, which its parent handles.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    # Ctrl-C reaches the whole process group: the process that started the worker stops it
    # (a worker interrupted on its own would print a traceback of its own)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from briefgen.render import footnotes_patch, pdf  # noqa: F401 - importing is the point

    footnotes_patch.install()


def _ready() -> int:
    return os.getpid()


def warm_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of `jobs` worker processes, all started and importing WeasyPrint right away."""
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=warm_worker)
    # Python starts workers as work arrives: one no-op task each starts them all now
    starters: list[Future[int]] = [pool.submit(_ready) for _ in range(jobs)]
    del starters
    return pool


def shared_pool(jobs: int) -> ProcessPoolExecutor:
    """One warm pool per size for the life of this process (watch, serve)."""
    if jobs not in _shared:
        _shared[jobs] = warm_pool(jobs)
    return _shared[jobs]


@atexit.register
def _close_shared() -> None:
    for pool in _shared.values():
        pool.shutdown(wait=False, cancel_futures=True)
    _shared.clear()


def is_local_pool(executor: Executor | None) -> bool:
    """True for the pools made here (their workers share this machine's files)."""
    return isinstance(executor, ProcessPoolExecutor)


class SchedulerError(click.ClickException):
    """The Dask scheduler could not be used (Dask missing, or the address unreachable)."""

    exit_code = 3

    def show(self, file: IO[Any] | None = None) -> None:
        """One line: `error: …`."""
        click.echo(f"error: {self.message}", file=file, err=file is None)


@contextlib.contextmanager
def remote_executor(address: str | None) -> Iterator[Executor | None]:
    """The executor of the Dask distributed cluster at `address` (None: no cluster).

    Its workers render the PDFs (WeasyPrint imported once per worker process, on its first
    PDF) and send the bytes back; this process still plans, holds the project lock and
    writes every output, as in a local build. The workers need briefgen installed and the
    project folder's templates at the same path (shared storage); one thread per worker
    process is advised, as WeasyPrint renders one document at a time per process.
    """
    if not address:
        yield None
        return
    try:
        distributed: Any = importlib.import_module("distributed")  # untyped: used as Any
    except ImportError as exc:
        raise SchedulerError(
            f"a Dask scheduler needs Dask: pip install 'briefgen[dask]' ({exc})"
        ) from None
    try:
        client = distributed.Client(address, timeout=30, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        executor: Executor = client.get_executor()
        yield executor
    finally:
        client.close()
