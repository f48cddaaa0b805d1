"""`build --scheduler` against addresses and servers that are not a Dask scheduler.

Each is one line `--scheduler: error: …` (or `BRIEFGEN_SCHEDULER: error: …`), exit 3: a
malformed address or an unknown scheme at once, a server that accepts and stays silent, speaks
HTTP or sends garbage within --timeout; never a hang, never a traceback.
"""

from __future__ import annotations

import contextlib
import http.server
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.browser.tools import in_ci
from tests.sample_project import BRIEF_FULL, BRIEF_SHORT
from tests.test_hostile import run_bounded

if not in_ci():  # setup installs the dask extra: in CI a missing one is a failure
    pytest.importorskip("distributed")

PDF_ONLY = {
    "briefs/short.yaml": BRIEF_SHORT + "formats: [pdf]\n",
    "briefs/full.yaml": BRIEF_FULL + "formats: [pdf]\n",
}


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project(PDF_ONLY)


def build(
    root: Path, address: str, timeout: str = "4", env: bool = False
) -> tuple[int, str, float]:
    args = ["build", "--timeout", timeout]
    started = time.monotonic()
    if env:
        code, output = run_bounded(root, *args, env={"BRIEFGEN_SCHEDULER": address})
    else:
        code, output = run_bounded(root, *args, "--scheduler", address)
    return code, output, time.monotonic() - started


MALFORMED = [
    "tcp://",
    "   ",
    "tcp://:8786",
    "tcp://host:port",
    "tcp://host:99999",
    "tcp://host:0",
    "tcp://[::1",
    "tcp://host:8786:9",
    "tcp://a b:8786",
    "tcp://host\x1b[2J:8786",
    "tcp://host:8786/path",
    "tcp://user@host:8786",
    "://",
]
UNKNOWN_SCHEMES = [
    "http://127.0.0.1:8786",
    "https://cluster.example",
    "udp://127.0.0.1:8786",
    "inproc://127.0.0.1/1/2",
    "ucx://127.0.0.1:8786",
    "file:///etc/passwd",
    "ws://127.0.0.1:8786",
]


@pytest.mark.parametrize("address", MALFORMED + UNKNOWN_SCHEMES)
def test_a_malformed_address_or_unknown_scheme_is_refused_at_once(
    project: Path, address: str
) -> None:
    code, output, seconds = build(project, address)
    lines = output.strip().splitlines()
    assert code == 3, output
    assert len(lines) == 1 and lines[0].startswith("--scheduler: error: "), lines
    assert "\x1b" not in output
    assert seconds < 10, seconds  # at once: no connection tried, nothing waited for
    assert not (project / "output/short/short.pdf").exists()


def test_the_environment_variable_is_named_in_the_error(project: Path) -> None:
    code, output, _ = build(project, "gopher://x:70", env=True)
    assert code == 3 and output.startswith("BRIEFGEN_SCHEDULER: error: "), output


class Listener:
    """A TCP server on 127.0.0.1 that does `behave` with each connection it accepts."""

    def __init__(self, behave: Callable[[socket.socket], None]) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.behave = behave
        self.address = f"tcp://127.0.0.1:{self.sock.getsockname()[1]}"
        self.conns: list[socket.socket] = []
        threading.Thread(target=self.run, daemon=True).start()

    def run(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError):  # closed by the test
            self.behave(conn)

    def close(self) -> None:
        self.sock.close()
        for c in self.conns:
            c.close()


def silent(conn: socket.socket) -> None:
    time.sleep(600)


def garbage(conn: socket.socket) -> None:
    conn.sendall(bytes(range(256)) * 4)
    time.sleep(600)


def huge_frame(conn: socket.socket) -> None:
    conn.sendall(struct.pack("<Q", 2**62) + b"x" * 64)  # "a message of 4 EiB follows"
    time.sleep(600)


def hang_up(conn: socket.socket) -> None:
    conn.close()


def byte_a_second(conn: socket.socket) -> None:
    for _ in range(600):
        conn.sendall(b"\x01")
        time.sleep(1)


SERVERS = {
    "silent": silent,
    "garbage": garbage,
    "huge-frame": huge_frame,
    "hang-up": hang_up,
    "byte-a-second": byte_a_second,
}


@pytest.mark.parametrize("kind", sorted(SERVERS))
def test_a_server_that_is_not_a_scheduler_is_an_error_within_the_timeout(
    project: Path, kind: str
) -> None:
    server = Listener(SERVERS[kind])
    try:
        code, output, seconds = build(project, server.address, timeout="4")
    finally:
        server.close()
    assert code == 3, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("--scheduler: error: "), lines
    assert server.address in lines[0]
    assert seconds < 4 + 8, seconds  # --timeout, and the time to load the project


@pytest.fixture
def http_server() -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"tcp://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_an_http_server_is_an_error_within_the_timeout(project: Path, http_server: str) -> None:
    code, output, seconds = build(project, http_server, timeout="4")
    assert code == 3 and output.startswith("--scheduler: error: "), output
    assert len(output.strip().splitlines()) == 1
    assert seconds < 4 + 8, seconds


def test_nothing_listening_is_an_error(project: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    code, output, seconds = build(project, f"tcp://127.0.0.1:{port}", timeout="3")
    assert code == 3 and output.startswith("--scheduler: error: "), output
    assert seconds < 3 + 8


@pytest.mark.slow
def test_a_dask_worker_is_not_a_scheduler(project: Path) -> None:
    import distributed

    cluster = distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    )
    try:
        worker = next(iter(cluster.scheduler_info["workers"]))
        code, output, _ = build(project, worker, timeout="10")
    finally:
        cluster.close()
    assert code == 3, output
    assert "is not a Dask scheduler" in output and "'Worker'" in output, output
