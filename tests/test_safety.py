"""Untrusted content and durable outputs: no fetches, no leaks, no partial files, no interleaving."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefgen.builder.options import BuildOptions
from briefgen.builder.outputs import project_lock
from briefgen.builder.run import build
from briefgen.cli.main import cli
from briefgen.errors import Problem
from briefgen.load.content import load_content
from briefgen.load.yamltree import YamlProblem, read_file
from briefgen.validate.workspace import open_workspace
from tests.sample_project import BASE_FILES, HISTORY, SOURCES, write_project

REPO = Path(__file__).resolve().parents[1]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_reader_raises_only_its_own_error_on_any_text(text: str) -> None:
    with contextlib.suppress(YamlProblem):
        read_file(text.encode("utf-8", errors="surrogatepass"), "f.yaml")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_reader_raises_only_its_own_error_on_any_bytes(data: bytes) -> None:
    with contextlib.suppress(YamlProblem):
        read_file(data, "f.yaml")


YAMLISH = st.recursive(
    st.one_of(
        st.sampled_from(
            ["id", "x", "NO", "2024-02-30", "~", "'q'", "[", "{", ":", "- ", "&a", "*a", "!!int"]
        ),
        st.text(max_size=8),
    ),
    lambda inner: st.lists(inner, max_size=4).map(
        lambda xs: "\n".join(f"{'  ' * i}{x}: {x}" for i, x in enumerate(xs))
    ),
    max_leaves=20,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(YAMLISH)
def test_loader_never_raises_on_any_content_file(tmp_path: Path, text: str) -> None:
    (tmp_path / "content").mkdir(exist_ok=True)
    (tmp_path / "content" / "a.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    problems: list[Problem] = []
    load_content(tmp_path, problems)
    assert all("\n" not in str(p) for p in problems)


class Canary(http.server.BaseHTTPRequestHandler):
    """Records every request it gets."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Canary.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def canary_server() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), Canary)
    Canary.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def pdf_plain_bytes(path: Path) -> bytes:
    """The PDF's bytes with every Flate stream inflated, to search for leaked text."""
    data = path.read_bytes()
    out = [data]
    for chunk in data.split(b"stream")[1:]:
        body = chunk.split(b"endstream")[0].strip(b"\r\n")
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompress(body))
    return b"".join(out)


def test_injection_in_every_text_field_fetches_nothing_and_leaks_nothing(
    tmp_path: Path, canary_server: str
) -> None:
    secret_file = tmp_path / "secret.txt"
    canary = "CANARY-7f3a9c-SECRET"
    secret_file.write_text(canary)
    pieces = [
        f"<img src={canary_server}/img.png>",
        f"<link rel=stylesheet href={canary_server}/s.css>",
        f"<link rel=attachment href=file://{secret_file}>",
        f"<object data=file://{secret_file}></object>",
        f"![i]({canary_server}/md.png)",
        f"![f](file://{secret_file})",
        f"[f](file://{secret_file})",
        "[d](data:text/html,hi) [j](javascript:alert(1))",
        f"<style>@import {canary_server}/i.css;</style>",
        "<script>alert(1)</script>",
    ]
    turn = iter(range(1000))

    def fit(limit: int) -> str:
        """As many pieces as fit in `limit` characters, starting at the next piece each time."""
        start, text = next(turn), ""
        for k in range(len(pieces)):
            piece = pieces[(start + k) % len(pieces)]
            if len(text) + len(piece) + 3 > limit:
                break
            text += piece + " "
        return "'" + text.strip() + "'"

    history = (
        HISTORY.replace(
            "text: The two states signed a *water-sharing* treaty in 1950.", f"text: {fit(4000)}"
        )
        .replace(
            'quote: "The 1950 treaty split the river\'s flow evenly."', f"quote: {fit(290)}", 1
        )
        .replace("locator: para 3", f"locator: {fit(190)}", 1)
    )
    sources = (
        SOURCES.replace('title: "River talks stall as drought bites"', f"title: {fit(290)}")
        .replace("https://wire.example/river-talks", f"{canary_server}/source-page")
        .replace("perspective: International wire service", f"perspective: {fit(190)}")
        .replace("publisher: Example Wire", f"publisher: {fit(190)}")
    )
    brief = (
        BASE_FILES["briefs/short.yaml"]
        .replace("title: The Ama river dispute", f"title: {fit(290)}")
        .replace("marking: FOR OFFICIAL USE ONLY", f"marking: {fit(115)}")
        .replace("organisation: Test Office", f"organisation: {fit(290)}")
        .replace("subtitle: Short brief", f"subtitle: {fit(290)}")
    )
    files = {
        **BASE_FILES,
        "content/history.yaml": history,
        "content/sources.yaml": sources,
        "briefs/short.yaml": brief,
    }
    root = write_project(tmp_path / "p", files)
    ws = open_workspace(root)
    assert [str(p) for p in ws.errors] == []
    results = build(ws, options=BuildOptions(briefs=("short",)))
    assert [r.status for r in results] == ["built"]
    assert Canary.hits == []
    html = (root / "output/short/short.html").read_text()
    for tag in ("<img", "<link", "<object", "<style>@import", "<script"):
        assert tag not in html.replace("<style>\n", "", 1)
    assert (
        'href="file:' not in html and 'href="javascript:' not in html and 'href="data:' not in html
    )
    pdf = root / "output/short/short.pdf"
    assert PdfReader(pdf).attachments == {}
    for out in (root / "output").rglob("*"):
        if out.is_file():
            assert (
                canary.encode() not in pdf_plain_bytes(out)
                if out.suffix == ".pdf"
                else canary not in out.read_text()
            )


def test_same_inputs_give_byte_identical_outputs(tmp_path: Path) -> None:
    first = write_project(tmp_path / "a", BASE_FILES)
    second = write_project(tmp_path / "b", BASE_FILES)
    build(open_workspace(first), options=BuildOptions(briefs=("short",)))
    time.sleep(1.1)  # a clock-derived date would now differ
    build(open_workspace(second), options=BuildOptions(briefs=("short",)))
    for name in ("short.html", "short.pdf"):
        assert (first / "output/short" / name).read_bytes() == (
            second / "output/short" / name
        ).read_bytes()


def test_output_folder_may_not_be_a_link_or_overlap_inputs(
    make_project: Callable[..., Path],
) -> None:
    root = make_project()
    (root / "output").symlink_to(root / "content")
    result = CliRunner().invoke(cli, ["--project", str(root), "build", "--format", "html"])
    assert result.exit_code == 3
    assert result.stderr.splitlines()[-1] == (
        "output: error: is a symbolic link: remove it, briefgen writes only into a real folder"
    )


def test_a_link_planted_in_output_is_replaced_not_written_through(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_project()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (root / "output/short").mkdir(parents=True)
    (root / "output/short/short.html").symlink_to(victim)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "output/full").symlink_to(elsewhere)
    assert (
        CliRunner().invoke(cli, ["--project", str(root), "build", "--format", "html"]).exit_code
        == 0
    )
    assert victim.read_text() == "keep me"
    assert not (root / "output/short/short.html").is_symlink()
    assert list(elsewhere.iterdir()) == []
    assert (root / "output/full").is_dir() and not (root / "output/full").is_symlink()


def test_second_build_waits_then_stops_with_a_message(make_project: Callable[..., Path]) -> None:
    root = make_project()
    env = {**os.environ, "BRIEFGEN_LOCK_WAIT": "0.5"}
    with project_lock(root):
        result = subprocess.run(
            [sys.executable, "generate.py", "--project", str(root), "build", "--format", "html"],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            check=False,
        )
    assert result.returncode == 3
    assert "another build of this project is running; waiting for it" in result.stderr
    assert "another build still holds .briefgen.lock" in result.stderr.splitlines()[-1]
    assert not (root / "output/short").exists()


@pytest.mark.slow
def test_killed_builds_leave_old_or_new_complete_files(tmp_path: Path) -> None:
    """SIGKILL a build at random points: every output is the previous or the new complete file.

    Before each attempt, a copy of the live project (content, editions and outputs as they are)
    is built to the end: its outputs are "the new complete files" (builds are reproducible).
    The killed builds are forked, each from one process that imported briefgen and WeasyPrint
    once (tests/forked_builds.py), and killed anywhere from their start to their end.
    """
    versions = [
        BASE_FILES,
        {**BASE_FILES, "content/history.yaml": HISTORY.replace("in 1950.", "in 1950 (revised).")},
    ]
    names = ("short.html", "short.pdf")
    root = write_project(tmp_path / "live", versions[0])
    build(open_workspace(root), options=BuildOptions(briefs=("short",)))
    # --timeout 0: the PDF is made in the build's own process (what a kill can break is the
    # writing, done there in every build)
    args = ["--project", str(root), "build", "short", "--force", "--jobs", "1", "--timeout", "0"]
    builds = subprocess.Popen(
        [sys.executable, "-m", "tests.forked_builds"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert builds.stdin is not None and builds.stdout is not None

    def fork(kill_after: float) -> None:
        assert builds.stdin is not None
        builds.stdin.write(json.dumps({"args": args, "kill_after": kill_after}) + "\n")
        builds.stdin.flush()

    def outcome() -> str:
        assert builds.stdout is not None
        return builds.stdout.readline().strip()

    try:
        # how long a whole build takes here (the last one that ended: the machine's load
        # changes): the kills fall anywhere from its start to its end
        fork(600)
        first = outcome().split()
        assert first[:2] == ["ended", "0"], first
        whole = float(first[2])
        rng = random.Random(20261123)
        kills = changing = 0
        for attempt in range(80):  # until 20 builds were killed (some finish before their kill)
            if kills >= 20 and attempt >= 24:
                break
            write_project(root, versions[(attempt + 1) % 2])
            old = {n: (root / "output/short" / n).read_bytes() for n in names}
            finished = tmp_path / f"finished{attempt}"
            shutil.copytree(root, finished, symlinks=True)
            fork(rng.uniform(0.05, 1.1) * whole)  # the copy is built while the fork runs
            build(
                open_workspace(finished),
                options=BuildOptions(briefs=("short",), force=True, timeout=0),
            )
            new = {n: (finished / "output/short" / n).read_bytes() for n in names}
            changing += new != old  # the same when the last attempt was killed before writing
            ended = outcome().split()
            assert ended[:1] == ["killed"] or ended[:2] == ["ended", "0"], ended
            kills += ended[0] == "killed"
            if ended[0] == "ended":
                whole = float(ended[2])
            for name in names:
                now = (root / "output/short" / name).read_bytes()
                assert now in (old[name], new[name]), (attempt, name)
            shutil.rmtree(finished)
    finally:
        builds.stdin.close()
        builds.wait(timeout=60)
    assert kills >= 20 and changing >= 10, (kills, changing)
    assert (
        build(open_workspace(root), options=BuildOptions(briefs=("short",), force=True))[0].status
        == "built"
    )
    assert list((root / "output").rglob(".briefgen-*.tmp")) == []
