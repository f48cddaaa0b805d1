"""Hostile requests, files and environments for `serve` (issue 29's classes, cases of our own).

The preview answers only this machine's browser: files inside output/, requests naming its
own address, its reload channel to its own pages; it bounds connections and their time, and
nothing a client sends (or Ctrl-C) prints a traceback.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefgen.builder import preview
from briefgen.builder.preview import LiveState, PreviewServer, start_server
from tests.sample_project import REPO
from tests.test_hostile import run_bounded


@pytest.fixture
def output(tmp_path: Path) -> Path:
    """An output folder with one brief's page and PDF, beside a secret outside it."""
    out = tmp_path / "project/output"
    (out / "full").mkdir(parents=True)
    (out / "full/full.html").write_text("<html><body><p>the brief</p></body></html>")
    (out / "full/full.pdf").write_bytes(b"%PDF-1.7 fine")
    (tmp_path / "secret.txt").write_text("TOP-SECRET")
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets/full.html").write_text("<p>TOP-SECRET</p>")
    return out


@pytest.fixture
def server(output: Path, capfd: pytest.CaptureFixture[str]) -> Iterator[PreviewServer]:
    httpd, thread = start_server(output, LiveState(), port=0)
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)
    assert "Traceback" not in capfd.readouterr().err


def ask(server: PreviewServer, request: bytes, timeout: float = 30) -> tuple[int, bytes]:
    """Send raw bytes; the status code and body of the answer (0: none, the connection closed)."""
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as client:
        client.sendall(request)
        data = b""
        while chunk := client.recv(65536):
            data += chunk
    match = re.match(rb"HTTP/1\.[01] (\d{3})", data)
    return (int(match.group(1)) if match else 0), data.partition(b"\r\n\r\n")[2]


def get(server: PreviewServer, path: str, **headers: str) -> tuple[int, bytes]:
    port = server.server_address[1]
    headers = {"Host": f"127.0.0.1:{port}", **headers}
    lines = "".join(f"{k.replace('_', '-')}: {v}\r\n" for k, v in headers.items() if v)
    return ask(server, f"GET {path} HTTP/1.1\r\n{lines}Connection: close\r\n\r\n".encode())


# --- only regular files inside output/ ---------------------------------------------------

LINKS: dict[str, Callable[[Path], None]] = {
    "file-out": lambda o: (o / "full/stolen.txt").symlink_to(o.parent.parent / "secret.txt"),
    "folder-out": lambda o: (o / "stolen").symlink_to(o.parent.parent / "secrets"),
    "relative-out": lambda o: (o / "full/up.txt").symlink_to("../../../secret.txt"),
    "chain-out": lambda o: (
        (o / "full/a.txt").symlink_to("b.txt"),
        (o / "full/b.txt").symlink_to(o.parent.parent / "secret.txt"),
    ),
    "etc-passwd": lambda o: (o / "full/passwd.txt").symlink_to("/etc/passwd"),
    "proc-self": lambda o: (o / "full/env.txt").symlink_to("/proc/self/environ"),
}
LINK_PATHS = {
    "file-out": "/full/stolen.txt",
    "folder-out": "/stolen/full.html",
    "relative-out": "/full/up.txt",
    "chain-out": "/full/a.txt",
    "etc-passwd": "/full/passwd.txt",
    "proc-self": "/full/env.txt",
}


@pytest.mark.parametrize("case", sorted(LINKS))
def test_a_link_leading_out_of_output_is_not_served(
    output: Path, server: PreviewServer, case: str
) -> None:
    LINKS[case](output)
    status, body = get(server, LINK_PATHS[case])
    assert status == 404 and b"SECRET" not in body and b"root:" not in body


def test_a_link_inside_output_is_served(output: Path, server: PreviewServer) -> None:
    (output / "full/latest.pdf").symlink_to("full.pdf")
    assert get(server, "/full/latest.pdf") == (200, b"%PDF-1.7 fine")


BAD_PATHS = [
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/full/..%2f..%2f..%2fsecret.txt",
    "/full/%2e%2e%5c%2e%2e%5csecret.txt",
    "//etc/passwd",
    "/full/%00.html",
    "/full/full.html%00.txt",
    "/%ff%fe",
    "/.briefgen-state.json",
    "/full/.hidden",
    "/full",  # a folder
    "/" + "a/" * 2000,
]


@pytest.mark.parametrize("path", BAD_PATHS)
def test_odd_paths_are_not_found_and_print_nothing(server: PreviewServer, path: str) -> None:
    status, body = get(server, path)
    assert status in (400, 404, 414), (status, body)
    assert b"SECRET" not in body
    assert get(server, "/full/full.html")[0] == 200  # and it goes on answering


RAW_REQUESTS = [
    b"GET /full/\x00x HTTP/1.0\r\n\r\n",
    b"GET /full/full.html HTTP/1.1\r\nHost: 127.0.0.1\x00\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256)),  # a TLS hello
    b"GET\r\n\r\n",
    b"POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n",
    b"GET / HTTP/9.9\r\n\r\n",
    b"GET /" + b"x" * 70000 + b" HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 200 + b"\r\n",
    b"GET / HTTP/1.1\r\nHost: " + b"\xff" * 10 + b"\r\n\r\n",
    b"\r\n\r\n",
]


@pytest.mark.parametrize("request_bytes", RAW_REQUESTS, ids=range(len(RAW_REQUESTS)))
def test_malformed_requests_are_answered_without_a_traceback(
    server: PreviewServer, request_bytes: bytes
) -> None:
    status, body = ask(server, request_bytes)
    assert status in (0, 400, 403, 404, 414, 431, 501, 505), (status, body)
    assert get(server, "/full/full.html")[0] == 200


# --- only requests for its own address; the reload channel to its own pages ----------------


def own_hosts(port: int) -> list[str]:
    return [f"127.0.0.1:{port}", f"localhost:{port}", f"LocalHost:{port}", f"[::1]:{port}"]


def foreign_hosts(port: int) -> list[str]:
    return [
        "evil.example",
        f"evil.example:{port}",
        "127.0.0.1",
        "localhost",
        f"127.0.0.1:{port + 1}",
        f"localhost.evil.example:{port}",
        f"127.0.0.1:{port}.evil.example",
        f"127.0.0.1:{port}@evil.example",
        "0.0.0.0",
        f"2130706433:{port}",  # 127.0.0.1 as a number
        "",
    ]


def test_only_its_own_host_names_are_answered(server: PreviewServer) -> None:
    port = server.server_address[1]
    for host in own_hosts(port):
        assert get(server, "/full/full.html", Host=host)[0] == 200, host
    for host in foreign_hosts(port):
        for path in (
            "/",
            "/full/full.html",
            "/__briefgen/version?brief=full",
            "/__briefgen/live.js",
        ):
            status, body = get(server, path, Host=host)
            assert status == 403 and b"the brief" not in body, (host, path, status)


def test_a_request_without_host_is_refused(server: PreviewServer) -> None:
    status, body = ask(server, b"GET /full/full.html HTTP/1.0\r\n\r\n")
    assert status == 403 and b"the brief" not in body


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({}, True),
        ({"Sec-Fetch-Site": "same-origin"}, True),
        ({"Origin": "http://127.0.0.1:{port}"}, True),
        ({"Origin": "http://localhost:{port}"}, True),
        ({"Origin": "http://evil.example"}, False),
        ({"Origin": "null"}, False),
        ({"Origin": "https://127.0.0.1:{port}"}, False),
        ({"Origin": "http://127.0.0.1:{port}.evil.example"}, False),
        ({"Sec-Fetch-Site": "cross-site"}, False),
        ({"Sec-Fetch-Site": "same-site"}, False),
        ({"Origin": "http://127.0.0.1:{port}", "Sec-Fetch-Site": "cross-site"}, False),
    ],
)
def test_the_reload_channel_answers_its_own_pages_only(
    server: PreviewServer, headers: dict[str, str], allowed: bool
) -> None:
    port = server.server_address[1]
    sent = {k: v.format(port=port) for k, v in headers.items()}
    status, body = get(server, "/__briefgen/version?brief=full", **sent)
    assert (status, body) == ((200, b"0.0") if allowed else (403, body))


def test_answers_carry_no_cross_origin_permission(server: PreviewServer) -> None:
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        client.sendall(f"GET /full/full.html HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        head = client.recv(65536).partition(b"\r\n\r\n")[0].decode().lower()
    assert "access-control-allow-origin" not in head
    assert "cross-origin-resource-policy: same-origin" in head
    assert "x-content-type-options: nosniff" in head
    assert "python/" not in head  # no version of the interpreter either


# --- bounded connections and per-connection time ----------------------------------------


def test_a_burst_of_connections_is_answered_at_once(server: PreviewServer) -> None:
    """200 clients at the same moment (the old server's backlog of 5 dropped some for ~30 s)."""
    times: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    go = threading.Event()

    def client() -> None:
        go.wait()
        started = time.monotonic()
        status, _ = get(server, "/full/full.pdf")
        with lock:
            times.append(time.monotonic() - started)
            statuses.append(status)

    threads = [threading.Thread(target=client) for _ in range(200)]
    for t in threads:
        t.start()
    go.set()
    for t in threads:
        t.join(60)
    assert statuses.count(200) == 200, statuses
    assert max(times) < 5, sorted(times)[-5:]  # no SYN dropped and retried after 1, 3, 7 … s


def test_a_silent_or_slow_connection_is_closed_and_others_answered(
    output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview, "READ_SECONDS", 1.0)
    monkeypatch.setattr(preview, "CONNECTION_SECONDS", 3.0)
    httpd, thread = start_server(output, LiveState(), port=0)
    port = httpd.server_address[1]
    try:
        silent = socket.create_connection(("127.0.0.1", port), timeout=30)
        started = time.monotonic()
        assert get(httpd, "/full/full.html")[0] == 200  # answered meanwhile
        assert silent.recv(100) == b""  # closed after READ_SECONDS without a request line
        assert time.monotonic() - started < 2.5
        slow = socket.create_connection(("127.0.0.1", port), timeout=30)
        started = time.monotonic()
        closed = None
        for byte in b"GET /full/full.html HTTP/1.0\r\nX-Slow: " + b"y" * 30:
            try:
                slow.sendall(bytes([byte]))
            except OSError:
                closed = time.monotonic() - started
                break
            time.sleep(0.4)  # each byte in time (READ_SECONDS), the whole request never
            assert get(httpd, "/full/full.pdf")[0] == 200  # others are answered meanwhile
            slow.setblocking(False)
            try:
                if slow.recv(100) == b"":
                    closed = time.monotonic() - started
                    break
            except BlockingIOError:
                pass
            finally:
                slow.setblocking(True)
        assert closed is not None and 2.5 < closed < 3.0 + 2.5, closed  # CONNECTION_SECONDS
    finally:
        silent.close()
        slow.close()
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


def test_waiting_pages_are_bounded(output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview, "MAX_WAITING", 2)
    httpd, thread = start_server(output, LiveState(), port=0)
    port = httpd.server_address[1]
    waiting = []
    try:
        for _ in range(2):
            c = socket.create_connection(("127.0.0.1", port), timeout=30)
            c.sendall(
                f"GET /__briefgen/version?brief=full&seen=0.0 HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
            )
            waiting.append(c)
        time.sleep(0.3)
        status, _ = get(httpd, "/__briefgen/version?brief=full&seen=0.0")
        assert status == 503  # the page asks again later, and its neighbours are answered
        assert get(httpd, "/full/full.html")[0] == 200
    finally:
        for c in waiting:
            c.close()
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


def test_shutdown_does_not_wait_for_open_connections(output: Path) -> None:
    httpd, thread = start_server(output, LiveState(), port=0)
    port = httpd.server_address[1]
    open_ones = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(80)]
    time.sleep(0.3)
    started = time.monotonic()
    httpd.shutdown()
    httpd.server_close()
    thread.join(10)
    assert time.monotonic() - started < 3
    for c in open_ones:
        c.close()


# --- the environment: ports, output/, Ctrl-C, names on the terminal ------------------------


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    from tests.sample_project import BRIEF_FULL, BRIEF_SHORT

    return make_project(
        {
            "briefs/short.yaml": BRIEF_SHORT + "formats: [html]\n",
            "briefs/full.yaml": BRIEF_FULL + "formats: [html]\n",
        }
    )


def test_a_port_in_use_is_one_line_exit_3(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, output = run_bounded(project, "serve", "--port", str(port), "--max-rebuilds", "1")
    assert code == 3, output
    lines = output.strip().splitlines()
    assert lines == [
        f"--port: error: port {port} on 127.0.0.1 is in use by another program: choose another"
        " with --port (0: any free port)"
    ], lines


OUTPUT_FAULTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "a-file": (lambda r: (r / "output").write_text("x"), "output: error: is a file, not a folder"),
    "a-fifo": (
        lambda r: os.mkfifo(r / "output"),
        "output: error: is a FIFO (named pipe), not a folder",
    ),
    "a-link-out": (
        lambda r: (r / "output").symlink_to(r.parent / "elsewhere"),
        "output: error: is a symbolic link",
    ),
    "a-link-loop": (
        lambda r: (r / "output").symlink_to("output"),
        "output: error: is a symbolic link",
    ),
}


@pytest.mark.parametrize("fault", sorted(OUTPUT_FAULTS))
def test_an_unusable_output_folder_is_one_line_exit_3(project: Path, fault: str) -> None:
    (project.parent / "elsewhere").mkdir()
    (project.parent / "elsewhere/x.html").write_text("TOP-SECRET")
    plant, words = OUTPUT_FAULTS[fault]
    plant(project)
    code, output = run_bounded(project, "serve", "--port", "0", "--max-rebuilds", "1")
    assert code == 3, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(words), lines


class Served:
    """`serve --port 0` in a session of its own (Ctrl-C goes to its whole process group), its
    standard output read as it comes."""

    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "generate.py", "--project", str(root), "serve", "--port", "0"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)},
            start_new_session=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        assert self.proc.stdout is not None
        for line in iter(self.proc.stdout.readline, ""):
            self.lines.append(line)

    def saw(self, marker: str, seconds: float, then: Callable[[], object] = lambda: None) -> bool:
        """True once a line holds `marker`; `then` is done every 2 s meanwhile."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(marker in line for line in self.lines):
                return True
            then()
            for _ in range(20):
                time.sleep(0.1)
                if any(marker in line for line in self.lines):
                    return True
        return False

    def interrupt(self) -> tuple[str, str]:
        """Ctrl-C, as a terminal sends it; everything it printed, out and err."""
        try:
            os.killpg(self.proc.pid, signal.SIGINT)
            self.proc.wait(timeout=60)
        finally:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        assert self.proc.stderr is not None
        time.sleep(0.2)
        return "".join(self.lines), self.proc.stderr.read()


@pytest.mark.slow
def test_ctrl_c_ends_serve_cleanly_and_names_are_printed_escaped(project: Path) -> None:
    served = Served(project)
    assert served.saw("watching", 180), served.lines
    hostile = project / "content/x\x1b]0;owned\x07\x1b[2J.yaml"
    assert served.saw("changed:", 60, lambda: hostile.write_text(f"oops: [ {time.time()}\n"))
    assert served.saw("not rebuilt", 60), served.lines
    out, err = served.interrupt()
    assert served.proc.returncode == 0, out + err
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err, out + err
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "x\\x1b]0;owned\\x07\\x1b[2J.yaml" in out + err
    assert out.rstrip().endswith("stopped"), out[-500:]


@pytest.mark.slow
@pytest.mark.parametrize("after", [0.5, 2.5])
def test_ctrl_c_while_serve_starts_ends_it_cleanly(project: Path, after: float) -> None:
    served = Served(project)
    time.sleep(after)  # importing, starting the workers, or building
    out, err = served.interrupt()
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err, out + err
    assert served.proc.returncode in (0, 1), out + err


# --- after a template mistake the page says so, not the stale brief -------------------------


def test_a_template_mistake_shows_in_the_page_until_it_is_fixed(project: Path) -> None:
    from briefgen.builder.serve import rebuild

    said: list[str] = []
    state = LiveState()
    httpd, thread = start_server(project / "output", state, port=0)
    try:
        rebuild(project, state, said.append, 60)
        status, page = get(httpd, "/full/full.html")
        assert status == 200 and b"does not reduce the flow" in page
        before = state.version("full")
        parts = project / "templates/parts"
        parts.mkdir(parents=True)
        (parts / "timeline.html.j2").write_text("<p>\n{% if %}\n</p>\n")
        rebuild(project, state, said.append, 60)
        assert state.version("full") != before  # open pages reload, to the error
        status, page = get(httpd, "/full/full.html")
        assert status == 200 and b"does not reduce the flow" not in page
        assert b"templates/parts/timeline.html.j2:2: error:" in page
        short = get(httpd, "/short/short.html")[1]  # the other brief is as it was
        assert b"Short brief" in short and b"error:" not in short
        (parts / "timeline.html.j2").write_text("<p>fixed</p>\n")
        rebuild(project, state, said.append, 60)
        status, page = get(httpd, "/full/full.html")
        assert b"does not reduce the flow" in page and b"error:" not in page
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)
