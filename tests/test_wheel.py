"""The package as a user installs it: a wheel in a fresh virtualenv holding only the
dependencies it declares (no dev extras, nothing else of this environment), used outside the
repository, every command run, `sources refresh` of an HTML page included.

Nothing is downloaded: the declared dependencies, resolved from the wheel's own metadata and
each dependency's (extras and markers as a resolver reads them), are linked file by file into
the new environment from the distributions installed here, as `pip install` would have
placed them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from email.parser import Parser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.sample_project import REPO

pytestmark = [pytest.mark.slow, pytest.mark.pdf]
PACKAGE_DATA = (
    "briefgen/render/templates/brief.html.j2",
    "briefgen/render/templates/macros.html.j2",
    "briefgen/render/templates/parts/section.html.j2",
    "briefgen/render/templates/assets/brief.css",
    "briefgen/render/templates/assets/pdf.css",
    "briefgen/render/templates/reference.docx",
    "briefgen/locale/fr.po",
    "briefgen/render/evidence.schema.json",
    "briefgen/load/schemas/content.schema.json",
    "briefgen/load/schemas/brief.schema.json",
)
ARTICLE = (
    b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>The treaty</title></head><body>"
    b"<nav><a href='/'>Home</a></nav><article><h1>The treaty and the dam</h1>"
    b"<p>The delegations met again on Friday and agreed to share the flow of the river.</p>"
    b"<p>The new dam upstream will hold back water in the dry months, the ministry said.</p>"
    b"</article><footer>Example</footer></body></html>"
)


def run(*args: str | Path, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """A command with no PYTHONPATH, so nothing of the repository is importable."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and "PROXY" not in k.upper()}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def declared(requires: list[str], extras: set[str]) -> list[Requirement]:
    """The requirements that apply here, with these extras asked for (none: no extras)."""
    wanted = []
    for text in requires:
        req = Requirement(text)
        if req.marker is None or any(
            req.marker.evaluate({"extra": extra}) for extra in (extras or {""})
        ):
            wanted.append(req)
    return wanted


def closure(requires: list[str]) -> dict[str, metadata.Distribution]:
    """The installed distributions these requirements need, and theirs, by name."""
    found: dict[str, metadata.Distribution] = {}
    todo = [(req, set()) for req in declared(requires, set())]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        req, _ = todo.pop()
        key = (canonicalize_name(req.name), frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        dist = metadata.distribution(req.name)  # PackageNotFoundError: not installed here
        assert dist.version in req.specifier or not req.specifier, (req, dist.version)
        found[canonicalize_name(req.name)] = dist
        todo += [(r, set()) for r in declared(dist.requires or [], set(req.extras))]
    return found


def link_into(site: Path, dist: metadata.Distribution) -> None:
    """Every file the distribution installed below site-packages, linked into `site`."""
    for file in dist.files or []:
        if file.parts[0] == ".." or "__pycache__" in file.parts:
            continue  # scripts and headers outside site-packages
        source = Path(str(dist.locate_file(file)))
        if not source.is_file():
            continue
        target = site / file
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.symlink_to(source)


@pytest.fixture
def page() -> Iterator[str]:
    """The URL of an HTML article on a local server (loopback only)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(ARTICLE)))
            self.end_headers()
            self.wfile.write(ARTICLE)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/treaty.html"
    server.shutdown()


def test_a_wheel_with_its_declared_dependencies_runs_every_command(
    tmp_path: Path, page: str
) -> None:
    dist = tmp_path / "dist"
    # built from a copy: setuptools writes build/ and *.egg-info beside the sources it builds
    source = tmp_path / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "node_modules",
            "output",
            "build",
            "*.egg-info",
            "__pycache__",
            "editions",
            "preview",
        ),
    )
    made = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", dist, source, cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    (wheel,) = dist.glob("briefgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(PACKAGE_DATA) <= names, set(PACKAGE_DATA) - names
    assert not any(n.startswith(("tests/", "content/", "briefs/")) for n in names)
    (info,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    wheel_metadata = Parser().parsestr(zipfile.ZipFile(wheel).read(info).decode())
    requires = wheel_metadata.get_all("Requires-Dist") or []

    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path).returncode == 0
    python = venv / "bin" / "python"
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "-q", wheel, cwd=tmp_path,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
        ).stdout.strip()
    )
    deps = closure(requires)
    assert {"weasyprint", "pebble", "lxml-html-clean", "trafilatura"} <= set(deps)
    assert not {"pytest", "pypdf", "mypy", "ruff", "hypothesis"} & set(deps)  # no dev extras
    for d in deps.values():
        link_into(site, d)

    where = run(python, "-c", "import briefgen; print(briefgen.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
    not_there = run(python, "-c", "import pytest", cwd=tmp_path)
    assert not_there.returncode != 0  # only what the wheel declares

    work = tmp_path / "elsewhere"
    work.mkdir()
    briefgen = venv / "bin" / "briefgen"

    def cli(*args: str, code: int = 0, timeout: float = 600) -> str:
        done = run(briefgen, "--project", "river", *args, cwd=work, timeout=timeout)
        assert done.returncode == code, (args, done.stdout, done.stderr)
        return done.stdout + done.stderr

    started = run(briefgen, "init", "river", cwd=work)
    assert started.returncode == 0, started.stderr
    assert "next: briefgen --project river build" in started.stdout
    sources = work / "river/content/sources.yaml"
    text = sources.read_text(encoding="utf-8")
    assert "\n    url: " not in text
    sources.write_text(text.replace("\n    title:", f"\n    url: {page}\n    title:", 1))
    assert "usage: briefgen" in cli("--help").lower()
    cli("check")
    cli("list")
    built = cli("build", "-f", "html", "-f", "pdf", "-f", "docx", "-f", "json")
    assert "warning:" not in built, built  # the built-in templates give no PDF warning
    for brief in ("full", "memo"):
        for suffix in ("pdf", "docx"):
            data = (work / f"river/output/{brief}/{brief}.{suffix}").read_bytes()
            assert data.startswith(b"%PDF-" if suffix == "pdf" else b"PK")
        json.loads((work / f"river/output/{brief}/{brief}.json").read_text(encoding="utf-8"))
    assert "The treaty and the dam" in (work / "river/output/full/full.html").read_text()
    cli("explain", "memo")
    cli("compare", "full", "memo")
    cli("diff", "full")
    refreshed = cli("sources", "refresh", "--allow-private", "--timeout", "5", code=1)
    assert "stored" in refreshed or "new snapshot" in refreshed, refreshed
    assert list((work / "river/snapshots").rglob("*.txt"))
    cli("sources", "verify", code=1)  # the starter's quotes are not in this page: missing
    schema = run(python, "-m", "briefgen", "schema", "brief", cwd=work)
    assert schema.returncode == 0 and json.loads(schema.stdout)["title"].startswith("briefgen")
    # watch: one rebuild after an edit; serve: the page, served, then stopped
    for command in (["watch", "--max-rebuilds", "1"], ["serve", "--port", "0"]):
        proc = subprocess.Popen(
            [briefgen, "--project", "river", *command],
            cwd=work,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": ""},
        )
        try:
            assert proc.stdout is not None
            line, url = "", ""
            while not line.startswith("watching"):
                line = proc.stdout.readline()
                assert line, "ended before watching"
                url = line.split()[1] if line.startswith("serving ") else url
            if url:
                with urllib.request.urlopen(url, timeout=30) as answer:  # loopback
                    assert b"full" in answer.read()
                proc.terminate()
                assert proc.wait(timeout=60) is not None
                continue
            history = work / "river/content/history.yaml"
            deadline = time.monotonic() + 90
            while proc.poll() is None and time.monotonic() < deadline:
                history.write_text(history.read_text(encoding="utf-8") + "\n", encoding="utf-8")
                time.sleep(1.0)
            out, _ = proc.communicate(timeout=60)
        finally:
            proc.kill()
        assert "changed: history.yaml" in out and "rebuilt" in out, out
