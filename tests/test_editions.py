"""Editions and what changed; watch mode driven by a real file edit."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from briefgen.builder.live import Live
from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.cli.main import cli
from briefgen.validate.workspace import open_workspace
from tests.sample_project import BRIEF_FULL, CONTESTED, HISTORY, SOURCES
from tests.watching import run_until_rebuilt

REPO = Path(__file__).resolve().parents[1]
WITH_CHANGES = BRIEF_FULL + "  - changes\n"


def html_build(root: Path) -> None:
    build(open_workspace(root), options=BuildOptions(formats=("html",)))


def diff_lines(root: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(cli, ["--project", str(root), "diff", "full", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_editions_record_only_content_changes(make_project: Callable[..., Path]) -> None:
    root = make_project({"briefs/full.yaml": WITH_CHANGES})
    html_build(root)
    assert [p.name for p in (root / "editions/full").iterdir()] == ["0001.json"]
    build(
        open_workspace(root), options=BuildOptions(formats=("html",), force=True)
    )  # same content: no new edition
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
    assert lines == [
        "full: 4 change(s) from edition 1 to the current content (edition 2, not yet built)",
        "  reworded           Northland says its dam does not lower the flow downstream.",
        '      was: "Northland says its dam does not reduce the flow downstream."',
        '      now: "Northland says its dam does not lower the flow downstream."',
        "  added              A new statement.",
        "  position changed   Does the Northland dam reduce the river's flow?: "
        "Government of Northland",
        '      was: "No effect"',
        '      now: "Minor effect"',
        "  removed            The Northland dam opens.",
    ]
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
    assert "  source added       New, New (undated), grade B" in lines
    assert lines[
        lines.index(
            "  passage withdrawn  The two states signed a water-sharing treaty in 1950.: Example Wire"
        )
        + 1
    ] == ('      was: "The 1950 treaty split the river\'s flow evenly."')
    assert (
        "  passage cited      The two states signed a water-sharing treaty in 1950.: New" in lines
    )


def test_diff_unknown_edition(make_project: Callable[..., Path]) -> None:
    root = make_project()
    result = CliRunner().invoke(cli, ["--project", str(root), "diff", "full", "--since", "3"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "editions/full: error: no edition 3 (recorded: none yet)"


def test_watch_rebuilds_after_an_edit(make_project: Callable[..., Path]) -> None:
    root = make_project()
    pdf = root / "output/full/full.pdf"
    history = root / "content/history.yaml"
    edited = HISTORY.replace("does not reduce the flow", "does not lower the flow")
    before: list[int] = []  # the PDF watch built on starting, as it was before the edit

    def edit() -> None:
        before[:] = before or [pdf.stat().st_mtime_ns]
        history.write_text(edited)

    out = run_until_rebuilt("watch", root, edit)
    assert "changed: history.yaml" in out
    assert "built full (html, pdf" in out
    assert "1 of 2 briefs rebuilt in" in out
    assert pdf.stat().st_mtime_ns > before[0]
    assert "does not lower the flow" in (root / "output/full/full.html").read_text()
    assert not (root / "editions").exists()  # a preview is not a publication


def test_locators_and_formatting_are_one_line_of_bookkeeping(
    make_project: Callable[..., Path],
) -> None:
    root = make_project({"briefs/full.yaml": WITH_CHANGES})
    html_build(root)
    history = HISTORY.replace("locator: para 3", "locator: para 4").replace(
        "*water-sharing*", "water-sharing"
    )
    (root / "content/history.yaml").write_text(history)
    timeline = root / "content/timeline.yaml"
    timeline.write_text(timeline.read_text().replace("locator: para 3", "locator: para 4"))
    assert diff_lines(root) == [
        "full: 0 change(s) from edition 1 to the current content (edition 2, not yet built)",
        "  also (not listed): 2 locators renumbered, 1 formatting change",
    ]
    html_build(root)
    assert (root / "editions/full/0002.json").is_file()  # the printed notes changed
    html = (root / "output/full/full.html").read_text()
    assert "No statement changed since edition 1." in html
    assert "Not listed: 2 locators renumbered, 1 formatting change." in html


def test_an_older_edition_without_names_and_checks_is_not_recorded_again(
    make_project: Callable[..., Path],
) -> None:
    root = make_project({"briefs/full.yaml": WITH_CHANGES})
    html_build(root)
    path = root / "editions/full/0001.json"
    data = json.loads(path.read_text())
    content = data["content"]
    del content["names"], content["checks"]
    for item in content["items"].values():
        for position in item.get("positions", {}).values():
            del position["holder"]
    path.write_text(json.dumps(data))
    build(open_workspace(root), options=BuildOptions(formats=("html",), force=True))
    assert [p.name for p in (root / "editions/full").iterdir()] == ["0001.json"]


def test_a_damaged_quote_check_in_an_edition_is_a_located_error(
    make_project: Callable[..., Path],
) -> None:
    root = make_project()
    html_build(root)
    path = root / "editions/full/0001.json"
    data = json.loads(path.read_text())
    data["content"]["checks"] = {"wire-2021": "not a record"}
    path.write_text(json.dumps(data))
    result = CliRunner().invoke(cli, ["--project", str(root), "diff", "full"])
    assert result.exit_code == 3
    assert "editions/full/0001.json: error: is not an edition record" in result.stderr


def test_a_preview_records_no_edition_and_the_next_build_does(
    make_project: Callable[..., Path],
) -> None:
    root = make_project({"briefs/full.yaml": WITH_CHANGES})
    html_build(root)
    edited = HISTORY.replace("does not reduce the flow", "does not lower the flow")
    (root / "content/history.yaml").write_text(edited)
    live = Live(html_first=True)  # as serve and watch keep it
    results = build(open_workspace(root), options=BuildOptions(formats=("html",)), schedule=live)
    assert {r.brief: r.status for r in results}["full"] == "built"
    assert [p.name for p in (root / "editions/full").iterdir()] == ["0001.json"]
    html = (root / "output/full/full.html").read_text()
    assert "Compared with edition 1: 1 change." in html  # what a build would publish
    # the build after the preview renders nothing new, and records the edition
    results = build(open_workspace(root), options=BuildOptions(formats=("html",)))
    assert {r.brief: r.status for r in results}["full"] == "up to date"
    assert sorted(p.name for p in (root / "editions/full").iterdir()) == [
        "0001.json",
        "0002.json",
    ]
    assert (root / "output/full/full.html").read_text() == html
    # asked for, a preview records as build does
    (root / "content/history.yaml").write_text(HISTORY)
    build(open_workspace(root), options=BuildOptions(formats=("html",)), schedule=Live(record=True))
    assert (root / "editions/full/0003.json").is_file()


def test_a_new_snapshot_file_is_an_edition_even_unchecked(
    make_project: Callable[..., Path],
) -> None:
    from tests.test_verify import WIRE_TEXT, WITH_SNAPSHOT

    files = {
        "briefs/full.yaml": WITH_CHANGES,
        "content/sources.yaml": WITH_SNAPSHOT,
        "texts/wire.txt": WIRE_TEXT,
    }
    root = make_project(files)
    run = CliRunner().invoke(cli, ["--project", str(root), "sources", "verify"])
    assert run.exit_code == 0, run.output
    html_build(root)
    (root / "texts/wire.txt").write_text(WIRE_TEXT + "A paragraph added at the end.\n")
    html_build(root)  # no content file changed, no verify run: still an edition
    assert (root / "editions/full/0002.json").is_file()
    lines = diff_lines(root)
    assert lines[0] == "full: 1 change(s) from edition 1 to the current content (edition 2)"
    assert lines[1:] == [
        "  source updated     Example Wire: a new copy of its text in texts/wire.txt; its quotes "
        "not yet checked: run sources verify"
    ]
    html = (root / "output/full/full.html").read_text()
    assert "<b>Example Wire</b>: a new copy of its text." in html
    assert "Its quotations are not yet checked against this version." in html
