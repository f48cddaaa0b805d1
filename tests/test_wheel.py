"""The package as a user installs it: a wheel in a fresh virtualenv, used outside the repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

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


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command with no PYTHONPATH, so nothing of the repository is importable."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_a_wheel_installs_and_builds_a_new_project_outside_the_repository(tmp_path: Path) -> None:
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
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        dist,
        source,
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    (wheel,) = dist.glob("briefgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(PACKAGE_DATA) <= names, set(PACKAGE_DATA) - names
    assert not any(n.startswith(("tests/", "content/", "briefs/")) for n in names)

    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path).returncode == 0
    python = venv / "bin" / "python"
    installed = run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-index",
        "-q",
        wheel,
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    # the dependencies come from the test environment's site-packages (a plain path: its .pth
    # files, among them the editable install of this checkout, are not run)
    site = run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
    )
    Path(site.stdout.strip(), "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    where = run(python, "-c", "import briefgen; print(briefgen.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    started = run(venv / "bin" / "briefgen", "init", "river", cwd=work)
    assert started.returncode == 0, started.stderr
    built = run(venv / "bin" / "briefgen", "--project", "river", "build", cwd=work)
    assert built.returncode == 0, built.stdout + built.stderr
    for brief in ("full", "memo"):
        assert (work / f"river/output/{brief}/{brief}.pdf").read_bytes().startswith(b"%PDF-")
        html = (work / f"river/output/{brief}/{brief}.html").read_text(encoding="utf-8")
        assert "The treaty and the dam" in html or brief == "memo"
    schema = run(python, "-m", "briefgen", "--help", cwd=work)
    assert schema.returncode == 0 and "build" in schema.stdout
    printed = run(venv / "bin" / "briefgen", "schema", "brief", cwd=work)
    assert printed.returncode == 0 and json.loads(printed.stdout)["title"].startswith("briefgen")
