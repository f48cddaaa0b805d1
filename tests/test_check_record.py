"""`check` of an unchanged project answered from the report the last one kept: the same lines
and exit code, without click or the pipeline; anything it depends on changed, a full check."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.validate import checkrecord
from tests.sample_project import HISTORY, REPO

# a character no installed font draws: a warning at its place, so the report has a line
UNDRAWN = HISTORY.replace("signed a *water-sharing* treaty", "signed a \U0010fffd treaty")


def run(
    args: list[str], env: dict[str, str] | None = None, script: bool = True
) -> subprocess.CompletedProcess[str]:
    """generate.py with these arguments, as a user runs it (or Python with them)."""
    return subprocess.run(
        [sys.executable, *(["generate.py"] if script else []), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
    )


def recall(args: list[str], env: dict[str, str] | None = None) -> tuple[str, str, str]:
    """(stdout, stderr, how it was answered) of generate.py: "recalled 0" when it printed the
    kept report (exit code 0) without importing click, "checked 0" when it ran the command line."""
    result = run(["-X", "importtime", "generate.py", *args], env, script=False)
    imported = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
    other = [line for line in result.stderr.splitlines() if not line.startswith("import time:")]
    how = (
        "checked"
        if any(line.split("|")[-1].strip() == "click" for line in imported)
        else "recalled"
    )
    return result.stdout, "".join(line + "\n" for line in other), f"{how} {result.returncode}"


@pytest.fixture
def project(
    make_project: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A project whose check warns (with a record of its own in a fresh cache folder)."""
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    return make_project({"content/history.yaml": UNDRAWN})


def test_an_unchanged_project_is_answered_from_the_record(project: Path) -> None:
    first = run(["--project", str(project), "check"])
    assert first.returncode == 0 and "no font for" in first.stderr
    assert "0 errors, 2 warnings" in first.stdout
    out, err, last = recall(["--project", str(project), "check"])
    assert (out, err) == (first.stdout, first.stderr)
    assert last == "recalled 0"
    strict = run(["-p", str(project), "check", "--strict"])
    assert strict.returncode == 1 and (strict.stdout, strict.stderr) == (out, err)
    assert recall([f"--project={project}", "check", "--strict"])[2] == "recalled 1"


def test_an_edited_input_is_checked_afresh(project: Path) -> None:
    run(["--project", str(project), "check"])
    (project / "content/history.yaml").write_text(HISTORY, encoding="utf-8")
    assert recall(["--project", str(project), "check"])[2] == "checked 0"
    again = run(["--project", str(project), "check"])
    assert again.returncode == 0 and "no font for" not in again.stderr
    assert recall(["--project", str(project), "check"])[:2] == (again.stdout, again.stderr)


@pytest.mark.parametrize(
    "env",
    [
        {"BRIEFGEN_STRICTNESS": "other"},  # a BRIEFGEN_ variable
        {"FONTCONFIG_PATH": "/nonexistent"},  # the font configuration
        {"PYTHONPATH": "<made>"},  # an import folder (a library installed or removed)
        {"BRIEFGEN_CACHE": "0"},  # caching off
    ],
)
def test_a_changed_environment_is_checked_afresh(
    project: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    if env.get("PYTHONPATH") == "<made>":
        (tmp_path / "libs").mkdir()
        env = {"PYTHONPATH": str(tmp_path / "libs")}
    run(["--project", str(project), "check"])
    assert recall(["--project", str(project), "check"])[2] == "recalled 0"
    assert recall(["--project", str(project), "check"], env)[2] == "checked 0"
    if env.get("PYTHONPATH"):  # the folder's time changes as a library is put in it
        run(["--project", str(project), "check"], env)
        assert recall(["--project", str(project), "check"], env)[2] == "recalled 0"
        (tmp_path / "libs" / "newlib.py").write_text("", encoding="utf-8")
        assert recall(["--project", str(project), "check"], env)[2] == "checked 0"


def test_a_record_not_signed_by_this_user_is_ignored(project: Path, tmp_path: Path) -> None:
    run(["--project", str(project), "check"])
    path = checkrecord.record_path(tmp_path / "cache", project.resolve())
    data = path.read_bytes()
    path.write_bytes(data.replace(b"2 warnings", b"0 warnings"))
    assert recall(["--project", str(project), "check"])[2] == "checked 0"
    run(["--project", str(project), "check"])
    assert recall(["--project", str(project), "check"])[2] == "recalled 0"


def test_no_cache_neither_reads_nor_keeps_a_record(project: Path, tmp_path: Path) -> None:
    run(["--project", str(project), "check", "--no-cache"])
    assert not checkrecord.record_path(tmp_path / "cache", project.resolve()).exists()
    run(["--project", str(project), "check"])
    assert recall(["--project", str(project), "check", "--no-cache"])[2] == "checked 0"


@pytest.mark.parametrize(
    "args", [["check", "extra"], ["--help"], ["list"], ["check", "--strict", "--strict"]]
)
def test_other_command_lines_go_to_the_command_line(project: Path, args: list[str]) -> None:
    run(["--project", str(project), "check"])
    assert recall(["--project", str(project), *args])[2].startswith("checked ")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_report_that_cannot_be_printed_is_one_line(project: Path) -> None:
    run(["--project", str(project), "check"])
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "generate.py", "--project", str(project), "check"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            check=False,
        )
    assert result.returncode == 1
    assert (
        result.stderr.splitlines()[-1]
        == "check: error: cannot print the report: No space left on device"
    )
    assert "Traceback" not in result.stderr
