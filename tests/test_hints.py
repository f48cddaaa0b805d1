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
        line for line in result.stderr.splitlines() if line.startswith("note:")
    ]


def test_build_tells_once_to_run_sources_verify(make_project: Callable[..., Path]) -> None:
    root = make_project({"content/sources.yaml": WITH_SNAPSHOT, "texts/wire.txt": WIRE_TEXT})
    code, hints = build(root)
    assert code == 0
    # the full brief cites both wire quotes, the short one the treaty quote: 2 distinct quotes
    assert hints == [
        "note: 2 quotes in 2 briefs are marked [quote not verified]: their sources have "
        f"snapshots they were not checked against. Check them with: briefgen "
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


def test_build_tells_changed_quotes_from_quotes_not_checked(
    make_project: Callable[..., Path],
) -> None:
    reworded = WIRE_TEXT.replace("insists the dam", "insists that its dam")
    root = make_project({"content/sources.yaml": WITH_SNAPSHOT, "texts/wire.txt": reworded})
    verify = CliRunner().invoke(cli, ["--project", str(root), "sources", "verify"])
    assert verify.exit_code == 0, verify.output
    code, hints = build(root)
    # the dam quote was checked and differs (only the full brief cites it); nothing is unchecked
    assert hints == [
        "note: 1 quote in 1 brief differs from the current text of its source and is marked so "
        f"(changed or not found): briefgen --project {root} sources verify shows was "
        "and now; correct or re-anchor it"
    ]
    # a quote added since the verification is not checked: told apart
    history = root / "content/history.yaml"
    history.write_text(
        history.read_text().replace("split the river's flow evenly", "split the river's flow")
    )
    code, hints = build(root)
    assert code == 0
    assert len(hints) == 2 and "differs from the current text" in hints[0]
    assert hints[1].startswith("note: 1 quote in 2 briefs is marked [quote not verified]")
