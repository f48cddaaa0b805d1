"""`build` says once when briefs mark quotes not verified and a snapshot exists to verify them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from briefgen.cli.main import cli
from tests.sample_project import BRIEF_FULL, BRIEF_SHORT
from tests.test_verify import WIRE_TEXT, WITH_SNAPSHOT


def build(root: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["--project", str(root), "build", "-f", "html", *args])
    return result.exit_code, [
        line for line in result.stderr.splitlines() if "sources verify" in line
    ]


def test_build_tells_once_to_run_sources_verify(make_project: Callable[..., Path]) -> None:
    root = make_project({"content/sources.yaml": WITH_SNAPSHOT, "texts/wire.txt": WIRE_TEXT})
    code, hints = build(root)
    assert code == 0
    # the full brief cites both wire quotes, the short one the treaty quote: 2 distinct quotes
    assert hints == [
        "note: 2 quotes in 2 briefs are marked [quote not verified]: their sources have "
        f"snapshots they were not checked against. Check them with: python generate.py "
        f"--project {root} sources verify"
    ]
    verify = CliRunner().invoke(cli, ["--project", str(root), "sources", "verify"])
    assert verify.exit_code == 0, verify.output
    assert build(root) == (0, [])  # verified: nothing marked, nothing said


def test_no_hint_without_a_snapshot_or_with_flags_off(make_project: Callable[..., Path]) -> None:
    assert build(make_project()) == (0, [])  # no snapshot: nothing is marked
    off = "options:\n  flag_unverified: false\n"
    files = {
        "content/sources.yaml": WITH_SNAPSHOT,
        "texts/wire.txt": WIRE_TEXT,
        "briefs/full.yaml": BRIEF_FULL + off,
        "briefs/short.yaml": BRIEF_SHORT + off,
    }
    assert build(make_project(files)) == (0, [])
