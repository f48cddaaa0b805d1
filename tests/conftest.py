"""Fixtures: small projects built in tmp_path, and the two projects built once per test run.

- `make_project`: the base sample project (tests/sample_project.py), files replaced or added.
- `built_sample`, `built_examples`: the extended sample project and a copy of the repository's
  example, each built once per test run through the CLI (every format their briefs ask for)
  and shared by every module that reads their outputs (browser, navigation, print, PDF
  quality, footnote patch): read them, never write into them. Under pytest-xdist the first
  worker builds, the others wait for it and read the same folder.
- For tests marked `pdf`: what WeasyPrint logs in this process while the test runs must be
  known harmless (briefgen/render/pdf_problems.py HARMLESS), as WeasyPrint's own tests assert
  no logs (tests/testing_utils.py capture_logs); a test that means to cause such messages is
  marked `weasyprint_logs`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.sample_project import BASE_FILES, write_project


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The workspace cache of every command the tests run goes to a temporary folder."""
    before = os.environ.get("BRIEFGEN_CACHE_DIR")
    folder = tmp_path_factory.mktemp("workspace-cache")
    os.environ["BRIEFGEN_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["BRIEFGEN_CACHE_DIR"]
    else:
        os.environ["BRIEFGEN_CACHE_DIR"] = before


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A factory: the base project, with files replaced or added by keyword."""

    def make(files: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> Path:
        chosen = {k: v for k, v in {**BASE_FILES, **(files or {})}.items() if k not in drop}
        return write_project(tmp_path / "project", chosen)

    return make


@pytest.fixture(autouse=True)
def no_unexpected_weasyprint_logs(request: pytest.FixtureRequest) -> Iterator[None]:
    """A `pdf` test's in-process renders log nothing but the known harmless messages."""
    if request.node.get_closest_marker("pdf") is None or request.node.get_closest_marker(
        "weasyprint_logs"
    ):
        yield
        return
    from briefgen.render.pdf_problems import captured, harmless

    with captured() as logged:
        yield
    unexpected = [f"{m.level}: {m.message}" for m in logged if not harmless(m.message)]
    assert not unexpected, "WeasyPrint logged:\n" + "\n".join(unexpected)


@contextlib.contextmanager
def built_once(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, bool]]:
    """A folder for a project built once per test run, and whether it still needs building:
    shared by pytest-xdist's workers (the first builds while holding a lock, the others wait)."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:  # one process: its own folder
        yield tmp_path_factory.mktemp(name), True
        return
    shared = tmp_path_factory.getbasetemp().parent / f"built-{run[:12]}"
    shared.mkdir(exist_ok=True)
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        folder = shared / name
        done = folder / ".built"
        yield folder, not done.exists()
        folder.mkdir(exist_ok=True)
        done.touch()


# what a build of the built-in templates may say about its PDFs and Word files: nothing
RENDER_PROBLEM = re.compile(r"\.(pdf|docx): ")


def build_everything(root: Path) -> None:
    """Build every brief of the project in every format it asks for; no PDF or Word problem."""
    from tests.browser.projects import generate

    done = generate("--project", root, "build", "--jobs", "2")
    said = [line for line in done.stderr.splitlines() if RENDER_PROBLEM.search(line)]
    assert not said, "the built-in templates' PDFs or Word files had problems:\n" + "\n".join(said)


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The extended sample project (tests/browser/projects.py), built: read only."""
    from tests.browser.projects import sample_root

    with built_once(tmp_path_factory, "sample") as (base, todo):
        root = base / "sample"
        if todo:
            sample_root(base)
            build_everything(root)
    return root


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory: pytest.TempPathFactory) -> Path | str:
    """A copy of the repository's example project, built (read only); or why there is none."""
    from tests.browser.projects import example_root

    with built_once(tmp_path_factory, "examples") as (base, todo):
        root = base / "examples"
        if todo:
            made, why = example_root(base)
            if made is None:
                (base / "why.txt").parent.mkdir(parents=True, exist_ok=True)
                (base / "why.txt").write_text(why, encoding="utf-8")
            else:
                build_everything(root)
        if (base / "why.txt").is_file():
            return (base / "why.txt").read_text(encoding="utf-8")
    return root
