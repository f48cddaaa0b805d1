"""Bugs stay bugs: a failure briefgen did not expect, met while building one brief, fails that
brief alone, exits 4 and shows its traceback under BRIEFGEN_DEBUG=1; expected failures stay
one line (exit 3)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefgen.builder import run
from briefgen.cli.main import cli

pytestmark = pytest.mark.pdf

STOCK_JOB = run.render_pdf_job


def crashing_job(args: Any) -> Any:
    """render_pdf_job, with a bug in the PDF finishing of the short brief (in the worker)."""
    if "Short brief" in args[0]:
        raise KeyError("/StructTreeRoot")
    return STOCK_JOB(args)


def build(root: Path, *args: str, debug: bool = False) -> tuple[int, str, str]:
    env = {"BRIEFGEN_DEBUG": "1" if debug else "0"}
    result = CliRunner(env=env).invoke(cli, ["--project", str(root), "build", *args])
    return result.exit_code, result.stdout, result.stderr


def table(stdout: str) -> dict[str, str]:
    return {line.split()[0]: line.split()[-1] for line in stdout.splitlines()[1:]}


def test_a_bug_in_one_pdf_is_exit_4_and_the_others_are_built(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "render_pdf_job", crashing_job)
    root = make_project()
    code, out, err = build(root, "-f", "pdf")
    assert code == 4
    assert table(out) == {"full": "built", "short": "failed"}
    assert err.splitlines()[-1] == (
        "output/short: internal error: KeyError: '/StructTreeRoot' (please report it with the "
        "input that caused it; BRIEFGEN_DEBUG=1 shows where it happened)"
    )
    assert "Traceback" not in err
    assert (root / "output/full/full.pdf").read_bytes().startswith(b"%PDF-")
    assert not (root / "output/short/short.pdf").exists()
    # under BRIEFGEN_DEBUG=1: where it happened, raised in the worker process
    code, _, err = build(root, "-f", "pdf", debug=True)
    assert code == 4
    assert "Traceback (most recent call last)" in err
    assert "in crashing_job" in err and 'raise KeyError("/StructTreeRoot")' in err


def test_a_bug_while_planning_one_brief_is_exit_4_and_the_others_are_built(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    stock = run.render_html

    def render_html(selection: Any, root: Path) -> str:
        if selection.brief.id == "full":
            return {}["no such key"]  # type: ignore[no-any-return]
        return stock(selection, root)

    monkeypatch.setattr(run, "render_html", render_html)
    root = make_project()
    code, out, err = build(root, "-f", "html", debug=True)
    assert code == 4
    assert table(out) == {"full": "failed", "short": "built"}
    assert "in render_html" in err and "KeyError: 'no such key'" in err
    assert err.splitlines()[-1].startswith("output/full: internal error: KeyError: 'no such key'")


def test_an_os_error_is_one_line_and_exit_3(make_project: Callable[..., Path]) -> None:
    root = make_project()
    (root / "output/short/short.html").mkdir(parents=True)  # a folder where the file goes
    code, out, err = build(root, "-f", "html", debug=True)
    assert code == 3
    assert table(out) == {"full": "built", "short": "failed"}
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("output/short")] == [
        f"output/short: error: {root / 'output/short/short.html'}: Is a directory"
    ]
