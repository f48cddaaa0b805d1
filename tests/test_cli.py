"""The command line: exit codes, one-line messages, help everywhere, no needless WeasyPrint."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli.main import cli
from tests.sample_project import HISTORY

REPO = Path(__file__).resolve().parents[1]


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--project", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["list"]])
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and "python generate.py" in result.stdout


def test_check_clean_project(make_project: Callable[..., Path]) -> None:
    code, out, err = run(make_project(), "check")
    assert code == 0
    assert "checked 2 briefs, 5 statements, 3 sources: 0 errors, 1 warnings" in out
    assert err.count("\n") == 1 and "warning:" in err


def test_check_strict_fails_on_warnings(make_project: Callable[..., Path]) -> None:
    assert run(make_project(), "check", "--strict")[0] == 1


def test_check_reports_errors_one_per_line_and_exits_1(make_project: Callable[..., Path]) -> None:
    root = make_project(
        {"content/history.yaml": HISTORY.replace("source: wire-2021", "source: wire-2012")}
    )
    code, _, err = run(root, "check")
    assert code == 1
    lines = [line for line in err.splitlines() if "error:" in line]
    assert len(lines) == 2
    assert lines[0].startswith("content/history.yaml:9:9: error: unknown source 'wire-2012'")
    assert "Traceback" not in err


def test_build_refuses_broken_input_and_writes_nothing(make_project: Callable[..., Path]) -> None:
    root = make_project({"content/history.yaml": "claims: [\n"})
    code, _, err = run(root, "build")
    assert code == 1 and "content/history.yaml:2:1: error: YAML syntax" in err
    assert not (root / "output").exists()


def test_build_unknown_brief(make_project: Callable[..., Path]) -> None:
    code, _, err = run(make_project(), "build", "shrot", "--format", "html")
    assert code == 1
    assert (
        err.strip().splitlines()[-1]
        == "briefs/: error: no brief named 'shrot' (did you mean 'short'?)"
    )


def test_build_html_only(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen.builder import run as runner

    stock = runner.render_html

    def render_html(*args: object) -> str:  # a rendering that takes a known 0.2 s
        time.sleep(0.2)
        return stock(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "render_html", render_html)
    root = make_project()
    code, out, _ = run(root, "build", "short", "--format", "html")
    assert code == 0
    brief, formats, seconds, unit, status = out.splitlines()[1].split()
    assert (brief, formats, unit, status) == ("short", "html", "s", "built")
    assert float(seconds) >= 0.2  # the time its HTML took (it read 0.00 s)
    assert sorted(p.name for p in (root / "output/short").iterdir()) == ["build.json", "short.html"]


def test_list_counts(make_project: Callable[..., Path]) -> None:
    code, out, _ = run(make_project(), "list")
    assert code == 0
    assert "history        History (2 items)" in out
    assert "wire-2021" in out and "3 citations" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["check"],
        ["list"],
        ["build", "--format", "html"],
        ["build", "short", "--format", "pdf"],  # in a worker, whose result is unpickled here
    ],
)
def test_the_commands_own_process_never_imports_weasyprint(
    make_project: Callable[..., Path], args: list[str]
) -> None:
    """Only what renders a PDF imports WeasyPrint (0.4 s): a worker, not the command."""
    root = make_project()
    code = (
        "import sys\nfrom briefgen.cli.main import main\nsys.argv = ['generate.py', '--project', sys.argv[1], *sys.argv[2:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('WEASYPRINT' if 'weasyprint' in sys.modules else 'CLEAN')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(root), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "CLEAN"
    assert "pdf" not in args or (root / "output/short/short.pdf").is_file(), result.stderr


def test_generate_py_runs_as_a_script(make_project: Callable[..., Path]) -> None:
    result = subprocess.run(
        [sys.executable, "generate.py", "--project", str(make_project()), "check"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0 and "0 errors" in result.stdout


def test_the_process_leaves_with_its_exit_code_and_every_output_written(
    make_project: Callable[..., Path],
) -> None:
    root = make_project()
    result = subprocess.run(
        [sys.executable, "generate.py", "--project", str(root), "build", "--format", "html"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0 and "built" in result.stdout  # stdout flushed before leaving
    assert (root / "output/short/short.html").read_text("utf-8").rstrip().endswith("</html>")
    broken = make_project({"content/history.yaml": "claims: [\n"})
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "--project", str(broken), "check"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert (
        result.returncode == 1 and "content/history.yaml:2:1: error: YAML syntax" in result.stderr
    )


def test_the_cli_timeout_is_the_builders_default() -> None:
    from briefgen.builder.options import DEFAULT_TIMEOUT
    from briefgen.cli.main import build, serve, watch

    for command in (build, watch, serve):
        (option,) = [p for p in command.params if p.name == "timeout"]
        assert option.default == DEFAULT_TIMEOUT, command.name


@pytest.mark.parametrize(
    ("command", "usage", "program"),
    [
        (["generate.py"], "Usage: generate.py", "python generate.py"),
        (["-m", "briefgen"], "Usage: python -m briefgen", "python -m briefgen"),
    ],
)
def test_help_and_hints_name_the_command_as_it_was_run(
    make_project: Callable[..., Path], command: list[str], usage: str, program: str
) -> None:
    """`briefgen --help` says briefgen (tests/test_wheel.py runs the console script)."""
    from tests.test_verify import WIRE_TEXT, WITH_SNAPSHOT

    def run_it(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *command, *args], capture_output=True, text=True, cwd=REPO, check=False
        )

    shown = run_it("build", "--help").stdout
    assert shown.startswith(f"{usage} build [OPTIONS]")
    assert f"    {program} build executive public --format pdf" in shown
    root = make_project({"content/sources.yaml": WITH_SNAPSHOT, "texts/wire.txt": WIRE_TEXT})
    built = run_it("--project", str(root), "build", "-f", "html")
    assert f"Check them with: {program} --project {root} sources verify" in built.stderr
