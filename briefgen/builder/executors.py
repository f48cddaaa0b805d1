"""Where per-brief PDF work runs: warm local worker processes, or any
`concurrent.futures.Executor` the caller hands in (a Dask cluster's, for instance).

A local worker imports WeasyPrint (about a second) once, when it starts, not with its first
PDF; a build starts one worker at the first brief that needs a PDF, so that it imports
while the main process plans the other briefs, and grows the pool to as many workers as it
has PDFs (at most its jobs) once they are counted. `watch` and `serve` keep one pool for all
their rebuilds. A PDF that takes longer than its time limit is ended by ending its worker
process (Pebble's pool starts a fresh one in its place): nothing is raised into WeasyPrint.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import importlib
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from typing import IO, Any

import click
import pebble

from briefgen.errors import printable

_shared: dict[int, LocalPool] = {}
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
    prepare_renderer()


def prepare_renderer() -> None:
    """Import WeasyPrint and put briefgen's patches in place, before the first PDF (a local
    worker as it starts; each Dask worker while the build plans its briefs)."""
    from briefgen.render import footnotes_patch, pdf, scale_patch  # noqa: F401 - importing is the point

    footnotes_patch.install()
    scale_patch.install()


def _ready() -> int:
    return os.getpid()


class LocalPool(Executor):
    """`jobs` warm worker processes on this machine; a task given a time limit that it
    outlives is ended with its worker (its future raises TimeoutError). `grow` adds workers
    (a build starts one at its first PDF and the rest once it knows how many PDFs it makes)."""

    def __init__(self, jobs: int) -> None:
        self.jobs = 0
        self.pools: list[Any] = []  # Pebble pools: one is fixed in size once started
        self.sizes: list[int] = []  # the workers of each
        self.queued: list[int] = []  # tasks handed to each and not yet done
        self.lock = threading.Lock()  # the counts change in Pebble's thread too
        self.grow(jobs)

    def grow(self, jobs: int) -> None:
        """Add `jobs` workers (none when `jobs` < 1)."""
        if jobs < 1:
            return
        self.jobs += jobs
        self.pools.append(pebble.ProcessPool(max_workers=jobs, initializer=warm_worker))
        self.sizes.append(jobs)
        self.queued.append(0)

    def schedule(self, fn: Callable[..., Any], args: Any, kwargs: Any, seconds: float) -> Any:
        """Hand a task to the pool with the fewest tasks for each of its workers."""
        with self.lock:
            i = min(range(len(self.pools)), key=lambda k: self.queued[k] / self.sizes[k])
            self.queued[i] += 1
        future = self.pools[i].schedule(fn, args, kwargs, timeout=seconds or None)

        def done(_: Any) -> None:
            with self.lock:
                self.queued[i] -= 1

        future.add_done_callback(done)
        return future

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run `fn(*args, **kwargs)` in a worker, with no time limit."""
        future: Future[Any] = self.schedule(fn, args, kwargs, 0)
        return future

    def submit_limited(self, fn: Callable[..., Any], seconds: float, *args: Any) -> Future[Any]:
        """Run `fn(*args)` in a worker, ended after `seconds` (0: no limit)."""
        future: Future[Any] = self.schedule(fn, args, {}, seconds)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Let the workers finish their tasks (or end them now, with `cancel_futures`)."""
        for pool in self.pools:
            if cancel_futures:
                pool.stop()
            else:
                pool.close()
        if wait:
            for pool in self.pools:
                pool.join()


def warm_pool(jobs: int) -> LocalPool:
    """A pool of `jobs` worker processes, all started and importing WeasyPrint right away."""
    pool = LocalPool(0)
    grow_warm(pool, jobs)
    return pool


def grow_warm(pool: LocalPool, jobs: int) -> None:
    """Add `jobs` workers to `pool`, started and importing WeasyPrint right away."""
    pool.grow(jobs)
    if jobs > 0:  # the workers start with the first task: one no-op task each starts them now
        starters = [pool.pools[-1].schedule(_ready) for _ in range(jobs)]
        del starters


def shared_pool(jobs: int) -> LocalPool:
    """One warm pool per size for the life of this process (watch, serve)."""
    if jobs not in _shared:
        _shared[jobs] = warm_pool(jobs)
    return _shared[jobs]


@atexit.register
def _close_shared() -> None:
    for pool in _shared.values():
        pool.shutdown(wait=False, cancel_futures=True)
    _shared.clear()


def submit_limited(
    executor: Executor, fn: Callable[..., Any], seconds: float, *args: Any
) -> Future[Any]:
    """Run `fn(*args)` in the executor, ended after `seconds` where the executor can end it
    (a local pool); a Dask cluster's workers keep their own limits."""
    if isinstance(executor, LocalPool):
        return executor.submit_limited(fn, seconds, *args)
    return executor.submit(fn, *args)


def is_local_pool(executor: Executor | None) -> bool:
    """True for the pools made here (their workers share this machine's files)."""
    return isinstance(executor, LocalPool)


SCHEDULER_SCHEMES = ("tcp", "tls")  # how a client reaches a Dask scheduler over a network
DEFAULT_SCHEDULER_PORT = 8786
CONNECT_SECONDS = 30.0  # the longest a scheduler may take to connect and answer (or --timeout)
ADDRESS = re.compile(
    r"(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{0,15})://)?"
    r"(?P<host>\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,252}))"
    r"(?::(?P<port>[0-9]{1,5}))?"
)


class SchedulerError(click.ClickException):
    """The Dask scheduler could not be used: Dask missing, the address malformed, nothing or
    something other than a Dask scheduler answering there in time. One line, exit 3."""

    exit_code = 3

    def __init__(self, message: str, where: str = "--scheduler") -> None:
        super().__init__(message)
        self.where = where

    def show(self, file: IO[Any] | None = None) -> None:
        """One line: `--scheduler: error: …` (or `BRIEFGEN_SCHEDULER: error: …`)."""
        line = printable(f"{self.where}: error: {self.message}", newlines=False)
        click.echo(line, file=file, err=file is None)


def scheduler_address(text: str) -> str:
    """The address as `scheme://host:port`; SchedulerError when it is not one (at once)."""
    shown = repr(text[:80])
    match = ADDRESS.fullmatch(text.strip())
    if match is None:
        scheme = text.partition("://")[0] if "://" in text else ""
        if scheme and scheme.lower() not in SCHEDULER_SCHEMES and scheme.isalnum():
            raise SchedulerError(unknown_scheme(scheme))
        raise SchedulerError(
            f"{shown} is not a Dask scheduler address: write tcp://HOST:PORT, e.g."
            f" tcp://cluster.example:{DEFAULT_SCHEDULER_PORT}"
        )
    scheme = (match["scheme"] or "tcp").lower()
    if scheme not in SCHEDULER_SCHEMES:
        raise SchedulerError(unknown_scheme(scheme))
    port = int(match["port"]) if match["port"] else DEFAULT_SCHEDULER_PORT
    if not 1 <= port <= 65535:
        raise SchedulerError(f"{shown}: port {port} is not a port number (1 to 65535)")
    return f"{scheme}://{match['host']}:{port}"


def unknown_scheme(scheme: str) -> str:
    return (
        f"'{scheme[:16]}://' is not how a Dask scheduler is reached: use tcp:// (or tls:// with"
        " Dask's TLS settings), e.g. tcp://cluster.example:8786"
    )


def probe_scheduler(address: str, seconds: float, distributed: Any) -> None:
    """Connect to `address`, speak Dask's handshake and ask who answers, all within `seconds`.

    A server that accepts and stays silent, speaks another protocol (HTTP) or is a Dask
    worker rather than a scheduler is a SchedulerError when the time is up, never a hang.
    """
    import asyncio

    async def identity() -> object:
        args = distributed.Security().get_connection_args("client")
        comm = await distributed.comm.connect(address, timeout=seconds, **args)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    try:
        reply = asyncio.run(asyncio.wait_for(identity(), seconds))
    except TimeoutError:
        raise SchedulerError(
            f"no Dask scheduler answered at {address} within {seconds:g} s (nothing listening,"
            " or a server that does not speak Dask's protocol)"
        ) from None
    except (OSError, ValueError, TypeError) as exc:
        raise SchedulerError(f"cannot reach a Dask scheduler at {address}: {exc}") from None
    except Exception as exc:  # whatever the other end sent, it was not Dask's handshake
        raise SchedulerError(
            f"the server at {address} does not speak Dask's protocol ({type(exc).__name__})"
        ) from None
    kind = reply.get("type") if isinstance(reply, dict) else None
    if kind != "Scheduler":
        raise SchedulerError(
            f"the server at {address} is not a Dask scheduler (it says it is {str(kind)[:40]!r})"
        )


def connect_client(address: str, seconds: float, distributed: Any) -> Any:
    """Dask's client of the scheduler at `address`, connected within `seconds` (its own
    handshake has no deadline: it runs in a thread that is given up on when time is up)."""
    made: dict[str, Any] = {}

    def make() -> None:
        try:
            made["client"] = distributed.Client(address, timeout=seconds, set_as_default=False)
        except Exception as exc:
            made["error"] = exc

    thread = threading.Thread(target=make, name="briefgen-dask-connect", daemon=True)
    thread.start()
    thread.join(seconds + 5)
    if "client" in made:
        return made["client"]
    if "error" in made:
        raise SchedulerError(f"cannot use the Dask scheduler at {address}: {made['error']}")
    raise SchedulerError(
        f"the Dask scheduler at {address} did not finish connecting within {seconds:g} s"
    )


@contextlib.contextmanager
def remote_executor(address: str | None, timeout: float = 0) -> Iterator[Executor | None]:
    """The executor of the Dask distributed cluster at `address` (None: no cluster).

    The address is checked at once; connecting and Dask's handshake take at most `timeout`
    seconds (0: CONNECT_SECONDS), or a one-line SchedulerError says why it failed.
    Its workers render the PDFs (WeasyPrint imported once per worker process, on its first
    PDF) and send the bytes back; this process still plans, holds the project lock and
    writes every output, as in a local build. The workers need briefgen installed and the
    project folder's templates at the same path (shared storage); one thread per worker
    process is advised, as WeasyPrint renders one document at a time per process.
    """
    if not address:
        yield None
        return
    address = scheduler_address(address)
    seconds = min(timeout, CONNECT_SECONDS) if timeout else CONNECT_SECONDS
    try:
        distributed: Any = importlib.import_module("distributed")  # untyped: used as Any
    except ImportError as exc:
        raise SchedulerError(
            f"a Dask scheduler needs Dask: pip install 'briefgen[dask]' ({exc})"
        ) from None
    probe_scheduler(address, seconds, distributed)
    client = connect_client(address, seconds, distributed)
    try:
        executor: Executor = client.get_executor()
        _warming = warm_remote_workers(client)  # held: Dask forgets a task whose future goes
        yield executor
    finally:
        client.close()


def warm_remote_workers(client: Any) -> list[Any]:
    """One task on each worker of the cluster that prepares it to render (imports WeasyPrint,
    about 0.4 s), while this process plans the briefs; their futures (a cluster it cannot
    ask is left to warm on its first PDF)."""
    try:
        workers = list(client.scheduler_info().get("workers", {}))
        return [
            client.submit(prepare_renderer, workers=[w], pure=False, allow_other_workers=True)
            for w in workers
        ]
    except Exception:  # a warm-up is an optimisation: the PDFs themselves say what fails
        return []
