"""Editions and what changed; watch mode driven by a real file edit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from briefgen.builder.run import build
from briefgen.cli.main import cli
from briefgen.validate.workspace import open_workspace
from tests.sample_project import BRIEF_FULL, CONTESTED, HISTORY, SOURCES

REPO = Path(__file__).resolve().parents[1]
WITH_CHANGES = BRIEF_FULL + "  - changes\n"


def html_build(root: Path) -> None:
    build(open_workspace(root), (), ("html",))


def diff_lines(root: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(cli, ["--project", str(root), "diff", "full", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_editions_record_only_content_changes(make_project: Callable[..., Path]) -> None:
    root = make_project({"briefs/full.yaml": WITH_CHANGES})
    html_build(root)
    assert [p.name for p in (root / "editions/full").iterdir()] == ["0001.json"]
    build(open_workspace(root), (), ("html",), force=True)  # same content: no new edition
    assert len(list((root / "editions/full").iterdir())) == 1
    html = (root / "output/full/full.html").read_text()
    assert "first recorded edition" in html and "No. 1," in html


def test_diff_after_adding_removing_and_rewording(make_project: Callable[..., Path]) -> None:
    root = make_project({"briefs/full.yaml": WITH_CHANGES})
    html_build(root)
    added = (
        "  - id: new-claim\n    text: A new statement.\n    attributions:\n"
        "      - source: wire-2021\n        quote: q\n        locator: para 9\n"
    )
    history = HISTORY.replace("does not reduce the flow", "does not lower the flow") + added
    (root / "content/history.yaml").write_text(history)
    contested = CONTESTED.replace("stance: No effect", "stance: Minor effect")
    (root / "content/contested.yaml").write_text(contested)
    (root / "content/timeline.yaml").write_text(
        (root / "content/timeline.yaml").read_text().split("  - id: ev-dam")[0]
    )
    lines = diff_lines(root)
    assert (
        lines[0]
        == "full: 4 change(s) from edition 1 to the current content (edition 2, not yet built)"
    )
    kinds = {line.split()[0]: line.split()[1] for line in lines[1:]}
    assert kinds == {
        "added": "new-claim",
        "reworded": "dam-built",
        "positions": "dam-effect",
        "removed": "ev-dam",
    }
    assert "changed north-gov" in lines[3] or any("changed north-gov" in line for line in lines)
    html_build(root)
    html = (root / "output/full/full.html").read_text()
    assert "Compared with edition 1: 4 changes." in html
    assert "A new statement." in html
    # unchanged since: the changes section still reports edition 1 → 2, and --since picks an edition
    assert diff_lines(root)[0].startswith(
        "full: 4 change(s) from edition 1 to the current content (edition 2)"
    )
    assert (
        diff_lines(root, "--since", "2")[0]
        == "full: 0 change(s) from edition 2 to the current content (edition 2)"
    )


def test_diff_reports_sources_added(make_project: Callable[..., Path]) -> None:
    root = make_project({"briefs/full.yaml": WITH_CHANGES})
    html_build(root)
    extra_source = SOURCES + (
        "  - id: new-src\n    title: New\n    kind: wire\n    perspective: p\n    perspective_group: international\n"
        "    reliability: B\n    reliability_note: n\n"
    )
    (root / "content/sources.yaml").write_text(extra_source)
    (root / "content/history.yaml").write_text(
        HISTORY.replace("source: wire-2021", "source: new-src", 1)
    )
    lines = diff_lines(root)
    assert any(line.split()[:2] == ["source-added", "new-src"] for line in lines)
    assert any(line.split()[:2] == ["attribution", "treaty-1950"] for line in lines)


def test_diff_unknown_edition(make_project: Callable[..., Path]) -> None:
    root = make_project()
    result = CliRunner().invoke(cli, ["--project", str(root), "diff", "full", "--since", "3"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "editions/full: error: no edition 3 (recorded: none yet)"


def test_watch_rebuilds_after_an_edit(make_project: Callable[..., Path]) -> None:
    root = make_project()
    proc = subprocess.Popen(
        [sys.executable, "generate.py", "--project", str(root), "watch", "--max-rebuilds", "1"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if line.startswith("watching"):
                break
        assert any(line.startswith("watching") for line in lines), lines
        pdf = root / "output/full/full.pdf"
        before = pdf.stat().st_mtime_ns
        history = root / "content/history.yaml"
        edited = HISTORY.replace("does not reduce the flow", "does not lower the flow")
        # the watcher starts just after it says so: write until it has seen an edit (bounded)
        deadline = time.monotonic() + 90
        while proc.poll() is None and time.monotonic() < deadline:
            history.write_text(edited)
            time.sleep(1.0)
        out, _ = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert "changed: history.yaml" in out
    assert "built full (html, pdf" in out
    assert "1 of 2 briefs rebuilt in" in out
    assert pdf.stat().st_mtime_ns > before
    assert "does not lower the flow" in (root / "output/full/full.html").read_text()
