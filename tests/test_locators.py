"""Locators that follow their passage: `sources verify --fix` rewrites them in place, only then."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.sources.locators import Move, rewrite
from briefgen.validate.workspace import open_workspace
from tests.test_verify import WIRE_TEXT, WITH_SNAPSHOT, run

# a new paragraph before the treaty sentence: its passage moves from para 3 to para 4, and the
# dam sentence (cited as para 5, found at para 4) to para 5
INSERTED = WIRE_TEXT.replace(
    "\nThe 1950 treaty", "\nTalks resumed on Monday after a week's pause.\nThe 1950 treaty"
)


@pytest.fixture
def snapped(make_project: Callable[..., Path]) -> Callable[[str], Path]:
    """The sample project with wire-2021's snapshot file holding the given text."""

    def make(text: str) -> Path:
        return make_project({"content/sources.yaml": WITH_SNAPSHOT, "texts/wire.txt": text})

    return make


@pytest.fixture
def moved(snapped: Callable[[str], Path]) -> Path:
    return snapped(INSERTED)


def locators(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if "locator:" in line]


def test_nothing_is_rewritten_without_fix(moved: Path) -> None:
    before = {p: p.read_bytes() for p in (moved / "content").iterdir()}
    code, _, err = run(moved, "sources", "verify")
    assert code == 0
    assert {p: p.read_bytes() for p in (moved / "content").iterdir()} == before
    assert (
        "content/history.yaml:9:9: warning: locator says para 3, but the quote is at para 4" in err
    )
    assert (
        "content/timeline.yaml:8:9: warning: locator says para 3, but the quote is at para 4" in err
    )


def test_fix_rewrites_every_citing_locator_in_place_and_nothing_else(moved: Path) -> None:
    history, timeline = moved / "content/history.yaml", moved / "content/timeline.yaml"
    # the quoting styles of the locators are kept: plain, double, single
    timeline.write_text(timeline.read_text().replace("locator: para 3", 'locator: "para 3"'))
    history.write_text(
        history.read_text().replace("locator: para 3", "locator: 'para 3'").replace("\n", "\r\n")
    )
    before_history, before_timeline = history.read_bytes(), timeline.read_bytes()
    code, out, err = run(moved, "sources", "verify", "--fix")
    assert code == 0, err
    assert (
        "content/history.yaml: 1 locator moved to its passage (para 3 → para 4)" in out
        and "content/timeline.yaml: 1 locator moved to its passage (para 3 → para 4)" in out
    )
    assert history.read_bytes() == before_history.replace(b"'para 3'", b"'para 4'")
    assert timeline.read_bytes() == before_timeline.replace(b'"para 3"', b'"para 4"')
    assert "locator says" not in err  # fixed: nothing left to warn about
    code, _, err = run(moved, "check")
    assert code == 0 and "locator says" not in err
    code, out, _ = run(moved, "sources", "verify", "--fix")
    assert "locators: every locator points at its passage" in out


def test_fix_keeps_the_locators_word_and_spacing(moved: Path) -> None:
    history = moved / "content/history.yaml"
    history.write_text(history.read_text().replace("locator: para 3", "locator: Para  3"))
    run(moved, "sources", "verify", "--fix")
    assert locators(history) == ["locator: Para  4", "locator: para 5"]


def test_a_changed_quote_is_not_relocated(snapped: Callable[[str], Path]) -> None:
    # the dam sentence is at para 4 (cited as para 5) and reworded: only a verified passage moves
    root = snapped(
        WIRE_TEXT.replace("changes nothing downstream", "changes nothing at all downstream")
    )
    history = root / "content/history.yaml"
    run(root, "sources", "verify", "--fix")
    assert locators(history) == ["locator: para 3", "locator: para 5"]


def test_fix_needs_the_projects_own_snapshots(moved: Path, tmp_path: Path) -> None:
    (tmp_path / "map.yaml").write_text("wire-2021: wire.txt\n")
    (tmp_path / "wire.txt").write_text(INSERTED)
    code, _, err = run(
        moved, "sources", "verify", "--fix", "--snapshot-map", str(tmp_path / "map.yaml")
    )
    assert code == 2 and "--fix works with the project's own snapshots" in err


def test_a_locator_edited_since_verify_is_left_alone(moved: Path) -> None:
    ws = open_workspace(moved)
    claim = ws.project.by_id()["treaty-1950"]
    (attribution,) = claim.attributions
    history = moved / "content/history.yaml"
    history.write_text(history.read_text().replace("locator: para 3", "locator: para 9"))
    before = history.read_bytes()
    # the move was found for "para 3"; the file now says something else: nothing is rewritten
    assert rewrite(history, "content/history.yaml", [Move(attribution, "para 4")]) == 0
    assert history.read_bytes() == before
