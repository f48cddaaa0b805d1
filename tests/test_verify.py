"""Quote verification: matching, snapshots of sources, the record and what a build shows."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.cli.main import cli
from briefgen.sources.snapshots import add_version, current, version_names
from briefgen.sources.verify import Prepared, verify
from briefgen.text import normalise
from briefgen.validate.workspace import open_workspace
from tests.sample_project import BRIEF_FULL, SOURCES

# The wire story as the tests' snapshot: the two quoted sentences of wire-2021 are in it.
WIRE_TEXT = """\
River talks stall as drought bites

The delegations met for a third day on Friday.

The 1950 treaty split the river\u2019s flow evenly.
Northland insists the dam changes nothing downstream.
"""
WITH_SNAPSHOT = SOURCES.replace(
    "    url: https://wire.example/river-talks\n",
    "    url: https://wire.example/river-talks\n    snapshot: texts/wire.txt\n",
)
NOW = datetime(2026, 11, 23, 10, 14, 5, tzinfo=UTC)


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--project", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def snapped(make_project: Callable[..., Path]) -> Callable[[str], Path]:
    """The sample project with wire-2021's snapshot file holding the given text."""

    def make(text: str = WIRE_TEXT) -> Path:
        return make_project({"content/sources.yaml": WITH_SNAPSHOT, "texts/wire.txt": text})

    return make


def test_normalise_quote_marks_dashes_and_whitespace() -> None:
    assert (
        normalise(" \u201cA\u201d \u2014 it\u2019s\n\tthe  \u2013 end ") == '"A" - it\'s the - end'
    )
    assert normalise("Case Kept") == "Case Kept"


def test_exact_match_across_lines_and_marks() -> None:
    text = Prepared("Title\n\nfirst line of a\nwrapped \u201cquoted\u201d sentence.\n")
    check = text.check('of a wrapped "quoted" sentence.')
    assert (check.status, check.score, str(check.place)) == ("verified", 1.0, "line 3, para 2")


def test_reworded_quote_is_changed_with_was_now_score_and_place() -> None:
    text = Prepared(WIRE_TEXT.replace("changes nothing", "changes very little"))
    check = text.check("Northland insists the dam changes nothing downstream.")
    assert check.status == "changed"
    assert 0.6 <= check.score < 1
    assert str(check.place) == "line 6, para 4"
    assert check.found == "Northland insists the dam changes very little downstream."


def test_deleted_quote_is_missing() -> None:
    text = Prepared(WIRE_TEXT.replace("Northland insists the dam changes nothing downstream.", ""))
    check = text.check("Northland insists the dam changes nothing downstream.")
    assert check.status == "missing" and check.score < 0.6


def test_case_change_is_not_an_exact_match() -> None:
    check = Prepared(WIRE_TEXT).check("the 1950 TREATY split the river's flow evenly.")
    assert check.status == "changed" and check.score > 0.8


def test_empty_snapshot_misses_everything() -> None:
    assert Prepared("\n\n").check("anything at all").status == "missing"


def test_large_text_and_many_quotes_find_the_right_places() -> None:
    rng = random.Random(7)
    vocabulary = ["".join(rng.choices("abcdefghij", k=rng.randint(3, 8))) for _ in range(2000)]
    words = [rng.choice(vocabulary) for _ in range(8000)]
    lines = [" ".join(words[i : i + 40]) + "." for i in range(0, len(words), 40)]
    text = Prepared("\n".join(lines))
    assert len(text.text) > 50_000
    for i in range(100):
        start = 40 * (i * 2) + 5  # inside paragraph 2i+1
        quote = words[start : start + 15]
        quote[7] = "altered"
        check = text.check(" ".join(quote))
        assert check.status == "changed", i
        assert check.place is not None and check.place.para == 2 * i + 1


def test_moved_quote_is_verified_and_the_locator_mismatch_is_reported(
    snapped: Callable[[str], Path],
) -> None:
    # "para 3" in the content; the sentence now opens the text, so it is in para 2
    moved = WIRE_TEXT.replace("The 1950 treaty split the river\u2019s flow evenly.\n", "")
    moved = moved.replace(
        "\n\nThe delegations", "\n\nThe 1950 treaty split the river's flow evenly.\nThe delegations"
    )
    root = snapped(moved)
    code, out, err = run(root, "sources", "verify")
    assert code == 0
    line = next(x for x in out.splitlines() if "The 1950 treaty" in x)
    assert line.split()[0] == "verified"
    assert "line 3, para 2 (moved: 2 locator(s) point elsewhere)" in line
    # every place citing the moved passage, in the report and as a warning
    assert (
        "      moved: content/history.yaml:9:9: locator says para 3, the passage is at para 2\n"
        "      moved: content/timeline.yaml:8:9: locator says para 3, the passage is at para 2"
    ) in out
    warned = [x for x in err.splitlines() if "locator says para 3" in x]
    assert [x.split(": warning: ")[0] for x in warned] == [
        "content/history.yaml:9:9",
        "content/timeline.yaml:8:9",
    ]
    # and `check` says so too, at every citing place, until the locators are fixed
    code, out, err = run(root, "check")
    assert code == 0
    assert [x.split(": warning: ")[0] for x in err.splitlines() if "says para 3" in x] == [
        "content/history.yaml:9:9",
        "content/timeline.yaml:8:9",
    ]


REWORDED = WIRE_TEXT.replace("insists the dam", "insists that its dam")


def test_verify_reports_every_quote_and_records_the_results(snapped: Callable[[str], Path]) -> None:
    root = snapped(REWORDED)
    code, out, err = run(root, "sources", "verify")
    assert code == 0, err  # changed is not a failure without --strict
    assert "wire-2021: snapshot file texts/wire.txt (sha256 " in out
    assert ": 1 verified, 1 changed, 0 missing" in out
    assert '      was: "Northland insists the dam changes nothing downstream."' in out
    assert '      now: "Northland insists that its dam changes nothing downstream."' in out
    assert "      claims: dam-built; briefs: full" in out
    assert "north-gov-2022: no snapshot: 1 quote(s) not checked" in out
    assert err.startswith("content/history.yaml:16:9: warning: quote reworded in the snapshot")
    record = json.loads((root / "snapshots/verification.json").read_text())
    assert sorted(record) == ["wire-2021"]
    statuses = sorted(q["status"] for q in record["wire-2021"]["quotes"].values())
    assert statuses == ["changed", "verified"]
    assert run(root, "sources", "verify", "--strict")[0] == 1


def test_missing_quote_fails_verify_with_a_located_error(snapped: Callable[[str], Path]) -> None:
    root = snapped("Nothing of the story is left.\n")
    code, out, err = run(root, "sources", "verify")
    assert code == 1
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == 3  # one per distinct quote: history twice (treaty is quoted twice)
    assert errors[0].startswith(
        "content/history.yaml:9:9: error: quote not found in the snapshot of 'wire-2021'"
    )
    assert "claims: treaty-1950, ev-treaty; briefs: full, short" in out
    assert "Traceback" not in err


def test_a_repeated_verify_with_the_same_result_leaves_the_record_alone(
    snapped: Callable[[str], Path],
) -> None:
    root = snapped()
    assert run(root, "sources", "verify")[0] == 0
    record = root / "snapshots/verification.json"
    before = record.read_bytes(), record.stat().st_mtime_ns
    code, out, _ = run(root, "sources", "verify")
    assert code == 0 and "snapshots/verification.json: no change" in out
    assert (record.read_bytes(), record.stat().st_mtime_ns) == before


def test_verify_never_changes_content_or_briefs(snapped: Callable[[str], Path]) -> None:
    root = snapped("Nothing of the story is left.\n")
    inputs = sorted(
        p for folder in ("content", "briefs", "texts") for p in (root / folder).rglob("*")
    )
    before = [p.read_bytes() for p in inputs]
    run(root, "sources", "verify")
    assert [p.read_bytes() for p in inputs] == before


def html_of(root: Path, brief: str) -> str:
    build(open_workspace(root), options=BuildOptions(briefs=(brief,), formats=("html",)))
    return (root / f"output/{brief}/{brief}.html").read_text()


def test_brief_flags_unverified_quotes_and_the_appendix_says_when_and_against_what(
    snapped: Callable[[str], Path],
) -> None:
    root = snapped(REWORDED)
    run(root, "sources", "verify")
    html = html_of(root, "full")
    # one note is flagged as changed, in its footnote (PDF) and in the notes list (prose keeps
    # it out of the text); nothing is flagged "not verified": the quotes were checked
    assert html.count("[quote differs from source]") == 2
    assert "[quote not verified]" not in html
    day = datetime.now(UTC)
    assert (
        f"<dt>Quotations</dt><dd>On {day.day} {day:%B %Y}, 1 of 2 quotations were found word for "
        "word in the source’s published text.</dd>" in html
    )
    # the brief is a draft until the quote is found again: its marking and first page say so
    assert "DRAFT – FOR PUBLIC RELEASE" in html
    assert "1 quotation not yet found in its source’s current text" in html
    # a source with no copy to check against: nothing is said of checks (a workflow state)
    assert "have not been checked" not in html and html.count("<dt>Quotations</dt>") == 1


def test_no_snapshot_flags_nothing(make_project: Callable[..., Path]) -> None:
    html = html_of(make_project(), "full")
    assert "quote not verified" not in html
    assert "checked" not in html and "Quotations" not in html and "DRAFT" not in html


def test_a_snapshot_not_yet_verified_flags_its_quotes(snapped: Callable[[str], Path]) -> None:
    html = html_of(snapped(), "full")
    # two notes cite wire-2021: each marked in its footnote and in the notes list, never in the
    # text a reader reads (the timeline's line calls the treaty note again without a mark)
    assert html.count("[quote not verified]") == 2 * 2
    assert "not yet been checked" not in html and "DRAFT – FOR PUBLIC RELEASE" in html


def test_flag_unverified_false_turns_the_marks_off(snapped: Callable[[str], Path]) -> None:
    root = snapped("Nothing of the story is left.\n")
    brief = BRIEF_FULL.replace("sections:", "options:\n  flag_unverified: false\nsections:")
    (root / "briefs/full.yaml").write_text(brief)
    run(root, "sources", "verify")
    html = html_of(root, "full")
    assert "quote not verified" not in html
    assert "0 of 2 quotations were found word for word in the source’s published text.</dd>" in html


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("../outside.txt", "leads outside the project"),
        ("/etc/hostname", "must be a path relative to the project folder"),
        ("texts/none.txt", "snapshot file not found: texts/none.txt"),
        ("link.txt", "leads outside the project"),
    ],
)
def test_snapshot_paths_are_checked(
    snapped: Callable[[str], Path], tmp_path: Path, value: str, message: str
) -> None:
    root = snapped()
    (tmp_path / "outside.txt").write_text("The 1950 treaty split the river's flow evenly.\n")
    (root / "link.txt").symlink_to(tmp_path / "outside.txt")
    sources = (root / "content/sources.yaml").read_text().replace("texts/wire.txt", value)
    (root / "content/sources.yaml").write_text(sources)
    code, _, err = run(root, "check")
    assert code == 1
    (line,) = [x for x in err.splitlines() if ": error: " in x]
    assert line.startswith("content/sources.yaml:7:15: error: snapshot") and message in line


def test_snapshots_folder_setting_is_checked(make_project: Callable[..., Path]) -> None:
    for value, message in [("..", "leads outside"), ("content", "overlaps content/")]:
        root = make_project({"content/project.yaml": f"snapshots: {value}\n"})
        code, _, err = run(root, "check")
        (line,) = [x for x in err.splitlines() if ": error: " in x]
        assert (
            code == 1 and line.startswith("content/project.yaml:1:12: error: ") and message in line
        )


def test_unknown_source_fields_still_fail(make_project: Callable[..., Path]) -> None:
    bad = SOURCES.replace("    kind: wire\n", "    kind: wire\n    snapshots: x.txt\n")
    code, _, err = run(make_project({"content/sources.yaml": bad}), "check")
    assert code == 1 and "unknown field 'snapshots' (did you mean 'snapshot'?)" in err


def test_stored_versions_are_never_overwritten_and_the_latest_wins(
    snapped: Callable[[str], Path],
) -> None:
    root = snapped()
    project = open_workspace(root).project
    source = project.sources["wire-2021"]
    assert current(project, source) is not None and current(project, source).version is None  # type: ignore[union-attr]
    first = add_version(project, "wire-2021", "First text.\n", {"url": "http://x/"}, NOW)
    second = add_version(project, "wire-2021", "Second text.\n", {"url": "http://x/"}, NOW)
    folder = root / "snapshots/wire-2021"
    names = version_names(folder)
    assert len(names) == 2 and names[0] < names[1]  # the same second still sorts in order
    assert (first.version, second.version) == (1, 2)
    assert (folder / names[0]).read_text() == "First text.\n"
    assert names[0].startswith("20261123T101405Z-") and names[0].endswith(
        f"{first.digest[:12]}.txt"
    )
    latest = current(project, source)
    assert latest is not None and latest.text == "Second text.\n"
    assert latest.label.startswith("version 2 (23 November 2026, 10:14 UTC; sha256 ")
    index = json.loads((folder / "versions.json").read_text())
    assert index[names[0]]["url"] == "http://x/" and index[names[0]]["digest"] == first.digest


def test_verify_uses_the_latest_stored_version(snapped: Callable[[str], Path]) -> None:
    root = snapped()
    project = open_workspace(root).project
    add_version(project, "wire-2021", "Only a headline now.\n", {}, NOW)
    (report,) = verify(project, [project.sources["wire-2021"]])
    assert report.snapshot is not None and report.snapshot.version == 1
    assert report.count("missing") == 2


def test_snapshot_map_verifies_against_outside_files_and_records_nothing(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_project()
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(WIRE_TEXT)
    (tmp_path / "map.yaml").write_text("wire-2021: a.txt\n")
    args = ["sources", "verify", "--snapshot-map", str(tmp_path / "map.yaml")]
    code, out, _ = run(root, *args, "--snapshot-dir", str(texts))
    assert code == 0
    assert ": 2 verified, 0 changed, 0 missing" in out and "not recorded" in out
    assert not (root / "snapshots").exists()
    (tmp_path / "map.yaml").write_text(
        "wire-2012: a.txt\nsouth-ngo: ../map.yaml\nnorth-gov-2022: b.txt\n"
    )
    code, _, err = run(root, *args, "--snapshot-dir", str(texts))
    assert code == 1
    assert "map.yaml:1:12: error: unknown source 'wire-2012' (did you mean 'wire-2021'?)" in err
    assert "map.yaml:2:12: error: '../map.yaml' leads outside" in err
    assert "map.yaml:3:17: error: snapshot file not found" in err


def test_a_changed_snapshot_rebuilds_the_briefs_citing_the_source(
    snapped: Callable[[str], Path],
) -> None:
    root = snapped()
    (root / "briefs/disputes.yaml").write_text(
        BRIEF_FULL.replace("  - history\n", "").replace("  - timeline\n", "")
    )
    run(root, "sources", "verify")
    ws = open_workspace(root)
    assert {
        r.brief: r.status for r in build(ws, options=BuildOptions(formats=("html",)))
    } == dict.fromkeys(("disputes", "full", "short"), "built")
    (root / "texts/wire.txt").write_text(REWORDED)
    run(root, "sources", "verify")
    statuses = {
        r.brief: r.status
        for r in build(open_workspace(root), options=BuildOptions(formats=("html",)))
    }
    # short cites wire-2021 only for a quote still found, but its source has a new text: a new
    # edition; disputes does not cite wire-2021
    assert statuses == {"disputes": "up to date", "full": "built", "short": "built"}


@pytest.mark.parametrize("planted", ["texts/wire.txt", "snapshots/wire-2021"])
def test_a_link_planted_after_checking_is_refused_when_read(
    snapped: Callable[[str], Path], tmp_path: Path, planted: str
) -> None:
    root = snapped()
    assert run(root, "check")[0] == 0  # validated (and cached) while the file was sound
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "wire.txt").write_text("secret\n")
    (outside / "20261123T101405Z-0123456789ab.txt").write_text("secret\n")
    target = root / planted
    if target.exists():
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(outside / "wire.txt" if planted.endswith(".txt") else outside)
    for args in (["sources", "verify"], ["build", "--format", "html"]):
        code, out, err = run(root, *args)
        assert code == 1 and "secret" not in out + err
        # found by validation (the workspace cache is keyed on the snapshot files too) or,
        # had validation been skipped, when read
        assert "content/sources.yaml:7:15: error: " in err
        assert "leads outside the project" in err


def test_a_quote_whose_meaning_changed_fails_verify(snapped: Callable[[str], Path]) -> None:
    inverted = WIRE_TEXT.replace("changes nothing downstream", "changes everything downstream")
    code, out, err = run(snapped(inverted), "sources", "verify")
    assert code == 1
    assert "      meaning changed: a negation differs" in out
    assert "(1 changed in meaning)" in out
    (line,) = [x for x in err.splitlines() if ": error: " in x]
    assert line.startswith(
        "content/history.yaml:16:9: error: quote changed in meaning in the snapshot of "
        "'wire-2021' (a negation differs) (best match "
    )


def test_verify_tells_which_side_changed(snapped: Callable[[str], Path]) -> None:
    root = snapped()
    assert run(root, "sources", "verify")[0] == 0  # recorded: both quotes verified
    history = root / "content/history.yaml"
    original = history.read_text()
    quote = "Northland insists the dam changes nothing downstream."
    edited_quote = "Northland insists its dam changes nothing downstream."

    history.write_text(original.replace(quote, edited_quote))  # the content's side
    code, out, err = run(root, "sources", "verify")
    assert code == 0
    assert "score 0.9" in out and "(the quote was edited)" in out
    assert "the quote was edited since it was verified against this same text" in err
    # the record keeps the side: verifying again says the same
    assert "(the quote was edited)" in run(root, "sources", "verify")[1]

    history.write_text(original)
    assert run(root, "sources", "verify")[0] == 0
    (root / "texts/wire.txt").write_text(REWORDED)  # the source's side
    code, out, err = run(root, "sources", "verify")
    assert "(the source's text changed)" in out
    assert "the source's text changed since the quote was verified" in err

    run(root, "sources", "verify")
    (root / "texts/wire.txt").write_text(WIRE_TEXT)
    assert run(root, "sources", "verify")[0] == 0
    history.write_text(original.replace(quote, edited_quote))  # both
    (root / "texts/wire.txt").write_text(REWORDED)
    code, out, _ = run(root, "sources", "verify")
    assert "(the quote was edited and the source's text changed)" in out
