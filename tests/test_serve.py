"""`serve`: a live preview on 127.0.0.1; a save reloads the page in real Chromium."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefgen.builder.preview import (
    LiveState,
    error_page,
    start_server,
    url_of,
    with_live_reload,
)
from tests.browser.tools import PLAYWRIGHT, require_command, require_file
from tests.sample_project import REPO
from tests.watching import started

LIVE_RELOAD = REPO / "tests" / "browser" / "live_reload.mjs"
OLD, NEW = "does not reduce the flow", "does not lower the flow"


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        with exc:  # the error response holds the connection's socket
            return exc.code, exc.read().decode("utf-8", "replace")


def wait_for(check: Callable[[], bool], seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def save_until(path: Path, text: str, check: Callable[[], bool], seconds: float = 90) -> bool:
    """Write the file, again every few seconds (the watcher starts just after it says so)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        path.write_text(text)
        if wait_for(check, 3):
            return True
    return False


class Served:
    def __init__(self, root: Path, proc: subprocess.Popen[str], url: str) -> None:
        self.root, self.proc, self.url = root, proc, url
        self.lines: list[str] = []

    def page(self, brief: str) -> str:
        return get(f"{self.url}{brief}/{brief}.html")[1]


@pytest.fixture
def served(make_project: Callable[..., Path]) -> Iterator[Served]:
    root = make_project()
    proc = started(root, "serve", "--port", "0")
    try:
        assert proc.stdout is not None
        url = ""
        deadline = time.monotonic() + 180
        lines = []
        while time.monotonic() < deadline and not url:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("serving "):
                url = line.split()[1]
        assert url.startswith("http://127.0.0.1:"), lines
        for line in iter_lines(proc):  # until it watches
            if line.startswith("watching"):
                break
        yield Served(root, proc, url)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def iter_lines(proc: subprocess.Popen[str]) -> Iterator[str]:
    assert proc.stdout is not None
    yield from iter(proc.stdout.readline, "")


def log_until(served: Served, marker: str, seconds: float = 120) -> list[str]:
    """serve's log from where it was last read up to the first line containing `marker`."""
    got: list[str] = []
    done = threading.Event()

    def read() -> None:
        for line in iter_lines(served.proc):
            got.append(line)
            if marker in line:
                break
        done.set()

    threading.Thread(target=read, daemon=True).start()
    done.wait(seconds)
    return got


def test_reload_script_only_in_served_pages() -> None:
    page = with_live_reload("<html><body><p>x</p></body></html>", "full", "1.0")
    assert page.endswith('data-version="1.0"></script></body></html>')
    shown = error_page("full", ("content/a.yaml:3:5: error: <b>bad</b>",), "0.1")
    assert "content/a.yaml:3:5: error: &lt;b&gt;bad&lt;/b&gt;" in shown
    assert "/__briefgen/live.js" in shown


def test_a_version_request_waits_for_the_next_version() -> None:
    state = LiveState()
    assert state.wait("full", "9.9", 5) == "0.0"  # not the version the page has: at once
    threading.Timer(0.2, state.bump, ("full",)).start()
    assert state.wait("full", "0.0", 60) == "1.0"  # answered when the HTML is written
    assert state.wait("full", "1.0", 0.05) == "1.0"  # nothing new: the same, after the wait
    state.set_errors(["content/a.yaml:1:1: error: x"])
    assert state.wait("full", "1.0", 60) == "1.1"


def test_the_next_brief_waits_until_the_open_pages_have_reloaded() -> None:
    state = LiveState()
    waiting = threading.Thread(target=state.wait, args=("full", "0.0", 60))
    waiting.start()  # an open page of version 0.0
    while not state.waiting.get("full"):
        time.sleep(0.01)
    assert state.bump("full") == 1  # one page reloads
    waiting.join(60)
    assert state.settle("full", 1, 0.05) is False  # it has not asked again yet
    threading.Timer(0.2, state.wait, ("full", "1.0", 0.01)).start()  # reloaded, it asks
    assert state.settle("full", 1, 60) is True
    assert state.bump("short") == 0  # no open page: nothing to wait for


def test_a_page_gone_before_its_answer_is_no_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = LiveState()
    server, _ = start_server(tmp_path, state, 0)
    try:
        port = server.server_address[1]
        with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
            client.sendall(
                b"GET /__briefgen/version?brief=full&seen=0.0 HTTP/1.0\r\n"
                + f"Host: 127.0.0.1:{port}\r\n\r\n".encode()
            )
            while not state.waiting.get("full"):  # it waits for the next version
                time.sleep(0.01)
            # the page goes away
        state.bump("full")
        time.sleep(0.3)
        assert get(f"{url_of(server)}__briefgen/version?brief=full") == (200, "1.0")
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in capsys.readouterr().err


def test_serves_output_with_live_reload_and_nothing_outside(served: Served) -> None:
    status, page = get(f"{served.url}full/full.html")
    assert status == 200 and OLD in page and "/__briefgen/live.js" in page
    written = (served.root / "output/full/full.html").read_text("utf-8")
    assert "__briefgen" not in written and "<script" not in written
    assert get(f"{served.url}full/full.pdf")[0] == 200
    assert get(f"{served.url}../content/history.yaml")[0] == 404
    assert get(f"{served.url}%2e%2e/content/history.yaml")[0] == 404
    assert get(f"{served.url}.briefgen-state.json")[0] == 404
    assert get(f"{served.url}__briefgen/version?brief=full")[1] == "1.0"
    assert "full/full.html" in get(served.url)[1]


def test_bad_content_shows_located_errors_then_the_fixed_brief(served: Served) -> None:
    history = served.root / "content/history.yaml"
    good = history.read_text()
    broken = good + "\n  - id: history-broken\n    text: [unclosed\n"
    assert save_until(history, broken, lambda: "content/history.yaml:" in served.page("full"))
    assert "error" in served.page("full") and OLD not in served.page("full")
    assert save_until(history, good.replace(OLD, NEW), lambda: NEW in served.page("full"))


@pytest.mark.browser
def test_a_save_reloads_the_page_in_chromium(served: Served) -> None:
    node = require_command("node", "nodejs")
    require_command("chromium", "chromium")
    require_file(PLAYWRIGHT, "playwright-core")
    browser = subprocess.Popen(
        [node, str(LIVE_RELOAD), f"{served.url}full/full.html", OLD, NEW, "90000"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert browser.stdout is not None
        assert browser.stdout.readline().strip() == "ready", browser.stderr
        history = served.root / "content/history.yaml"
        edited = history.read_text().replace(OLD, NEW)
        saved = time.time()
        while browser.poll() is None and time.time() - saved < 90:  # until the watcher saw it
            history.write_text(edited)
            time.sleep(2)
        out, err = browser.communicate(timeout=120)
        assert browser.returncode == 0, err
        seen = int(out.split()[-1]) / 1000
        assert seen >= saved - 0.05  # the new text came after the save, from a reload
    finally:
        if browser.poll() is None:
            browser.kill()
            browser.wait()
    assert NEW in (served.root / "output/full/full.html").read_text("utf-8")
    # the page was reloaded when the HTML was written, before the PDF was made
    log = log_until(served, "briefs rebuilt in")
    html = next(i for i, line in enumerate(log) if line.startswith("html full after"))
    pdf = next(i for i, line in enumerate(log) if line.startswith("built full (pdf"))
    assert html < pdf, log


@pytest.mark.browser
def test_chromium_shows_the_located_errors_then_the_fixed_brief(served: Served) -> None:
    node = require_command("node", "nodejs")
    require_command("chromium", "chromium")
    require_file(PLAYWRIGHT, "playwright-core")
    history = served.root / "content/history.yaml"
    good = history.read_text()
    broken = good + "\n  - id: history-broken\n    text: [unclosed\n"
    for old, new, text in (
        (OLD, "content/history.yaml:", broken),  # the brief, then its errors in its place
        ("content/history.yaml:", NEW, good.replace(OLD, NEW)),  # then the fixed brief
    ):
        browser = subprocess.Popen(
            [node, str(LIVE_RELOAD), f"{served.url}full/full.html", old, new, "90000"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert browser.stdout is not None
            assert browser.stdout.readline().strip() == "ready", browser.stderr
            saved = time.monotonic()
            while browser.poll() is None and time.monotonic() - saved < 90:
                history.write_text(text)
                time.sleep(2)
            _, err = browser.communicate(timeout=120)
            assert browser.returncode == 0, err
        finally:
            if browser.poll() is None:
                browser.kill()
                browser.wait()
