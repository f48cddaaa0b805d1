"""Loading and validating a project: every class of error gives its documented line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.errors import Severity
from briefgen.load.content import TreeCache
from briefgen.validate.workspace import open_workspace
from tests.sample_project import CONTESTED, HISTORY


def lines(root: Path, severity: Severity | None = Severity.ERROR) -> list[str]:
    ws = open_workspace(root)
    return [str(p) for p in ws.problems if severity is None or p.severity is severity]


def test_valid_project_loads(make_project: Callable[..., Path]) -> None:
    ws = open_workspace(make_project())
    assert ws.errors == []
    assert set(ws.briefs) == {"short", "full"}
    assert len(ws.project.sources) == 3
    assert [s.id for s in ws.project.sections][:2] == ["history", "military"]
    claim = ws.project.by_id()["treaty-1950"]
    assert claim.loc.file == "content/history.yaml" and claim.loc.line == 3


def test_dates_are_read_as_partial_dates(make_project: Callable[..., Path]) -> None:
    ws = open_workspace(make_project())
    src = ws.project.sources
    assert str(src["wire-2021"].published) == "2021-06-03"
    assert src["north-gov-2022"].published is not None
    assert src["north-gov-2022"].published.display == "January 2022"
    assert src["south-ngo"].published is None


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {
                "content/history.yaml": HISTORY.replace(
                    'source: wire-2021\n        quote: "The 1950',
                    'source: wire-2012\n        quote: "The 1950',
                )
            },
            "content/history.yaml:9:9: error: unknown source 'wire-2012' (did you mean 'wire-2021'?)",
        ),
        (
            {"content/history.yaml": HISTORY.replace("held_by: north-gov", "held_by: nort-gov")},
            "content/history.yaml:19:18: error: unknown actor 'nort-gov' (did you mean 'north-gov'?)",
        ),
        (
            {
                "content/history.yaml": HISTORY.replace(
                    "    weight: key\n", "    weight: key\n    weight: detail\n", 1
                )
            },
            "content/history.yaml:8:5: error: duplicate key 'weight' (first at line 7)",
        ),
        (
            {"content/history.yaml": HISTORY.replace("id: dam-built", "id: treaty-1950")},
            "content/history.yaml:12:5: error: duplicate statement id 'treaty-1950' (first defined at content/history.yaml:3:5)",
        ),
        (
            {"content/history.yaml": HISTORY.replace("tags: [treaty]", "tags: treaty")},
            "content/history.yaml:6:11: error: 'tags' must be a list, not 'treaty'",
        ),
        (
            {
                "content/history.yaml": HISTORY.replace(
                    "    text: The two states signed a *water-sharing* treaty in 1950.\n", ""
                )
            },
            "content/history.yaml:3:5: error: missing field 'text'",
        ),
        (
            {"content/history.yaml": HISTORY.replace("    weight: key\n", "    wieght: key\n", 1)},
            "content/history.yaml:7:5: error: unknown field 'wieght' (did you mean 'weight'?)",
        ),
        (
            {"content/history.yaml": HISTORY.replace("date: 1950", "date: 1950-02-30")},
            "content/history.yaml:5:11: error: 'date' is not a real date in the form YYYY, YYYY-MM or YYYY-MM-DD: '1950-02-30'",
        ),
        (
            {"content/history.yaml": HISTORY.replace("section: history", "section: histroy")},
            "content/history.yaml:3:5: error: unknown section 'histroy' (did you mean 'history'?)",
        ),
        (
            {"content/history.yaml": HISTORY + "  - id: x\n    text: [oops\n"},
            "content/history.yaml:22:1: error: YAML syntax: ",
        ),
        (
            {"content/contested.yaml": CONTESTED.split("      - held_by: south-gov")[0]},
            "content/contested.yaml:2:5: error: contested claim 'dam-effect' needs at least two positions",
        ),
        (
            {
                "briefs/short.yaml": "title: T\nedition: 2026-11-23\nmarking: M\nsections:\n  - histry\n"
            },
            "briefs/short.yaml:5:5: error: unknown section 'histry' (did you mean 'history'?)",
        ),
        (
            {
                "briefs/short.yaml": "title: T\nedition: 2026-11-23\nmarking: M\nsections:\n  - section: history\n    tags: [traety]\n"
            },
            "briefs/short.yaml:5:5: error: unknown tag 'traety' (did you mean 'treaty'?)",
        ),
        (
            {"briefs/short.yaml": "title: T\nedition: 2026-11\nmarking: M\nsections: [history]\n"},
            "briefs/short.yaml:2:10: error: 'edition' is not a real date in the form YYYY-MM-DD: '2026-11'",
        ),
        (
            {
                "briefs/short.yaml": "title: T\nedition: 2026-11-23\nmarking: M\nsections: [history]\noptions:\n  reliability: NO\n"
            },
            "briefs/short.yaml:6:16: error: 'reliability' must be true or false, not 'NO'",
        ),
        ({"briefs/short.yaml": ""}, "briefs/short.yaml:1:1: error: empty brief"),
        (
            {"briefs/Bad Name.yaml": "title: T\n"},
            "briefs/Bad Name.yaml:1:1: error: brief file names must be ids",
        ),
    ],
)
def test_each_error_class_gives_its_line(
    make_project: Callable[..., Path], files: dict[str, str], expected: str
) -> None:
    found = lines(make_project(files))
    assert any(line.startswith(expected) for line in found), found


def test_every_problem_is_collected_not_just_the_first(make_project: Callable[..., Path]) -> None:
    bad = HISTORY.replace("source: wire-2021", "source: nope").replace(
        "held_by: north-gov", "held_by: nobody"
    )
    found = lines(make_project({"content/history.yaml": bad, "briefs/short.yaml": "title: x\n"}))
    assert sum("unknown source 'nope'" in f for f in found) == 2
    assert any("unknown actor 'nobody'" in f for f in found)
    assert any(f.startswith("briefs/short.yaml") for f in found)


def test_balance_lint_warns_on_one_sided_disputed_statement(
    make_project: Callable[..., Path],
) -> None:
    found = lines(make_project(), Severity.WARNING)
    assert found == [
        "content/timeline.yaml:11:5: warning: [one-sided-statement] 'ev-dam' cites the passage of "
        "the position 'Severe effect' of the contested claim 'dam-effect' (tag 'dam'), and only "
        "sources on that side: state it as that position there (a position), or cite a second "
        "source of a perspective group not on that side (e.g. 'Northland government'), or record "
        "why it stands: lint_ignore: {one-sided-statement: <reason>}"
    ]


def test_link_outside_project_is_refused(make_project: Callable[..., Path], tmp_path: Path) -> None:
    root = make_project()
    outside = tmp_path / "secret.yaml"
    outside.write_text("claims: []\n")
    (root / "content" / "zz.yaml").symlink_to(outside)
    assert "content/zz.yaml:1:1: error: is a link to a file outside the project" in "\n".join(
        lines(root)
    )


def test_tree_cache_parses_only_the_changed_files(make_project: Callable[..., Path]) -> None:
    root = make_project()
    trees = TreeCache()
    first = open_workspace(root, trees)
    files = len(list(root.glob("content/*.yaml"))) + len(list(root.glob("briefs/*.yaml")))
    assert trees.parsed == files
    again = open_workspace(root, trees)
    assert trees.parsed == files  # nothing parsed again
    assert (again.project, again.briefs, again.found) == (first.project, first.briefs, first.found)
    history = root / "content/history.yaml"
    history.write_text(HISTORY.replace("does not reduce the flow", "does not lower the flow"))
    edited = open_workspace(root, trees)
    assert trees.parsed == files + 1
    fresh = open_workspace(root)
    assert (edited.project, edited.briefs, edited.found) == (
        fresh.project,
        fresh.briefs,
        fresh.found,
    )
    assert "does not lower the flow" in edited.project.by_id()["dam-built"].text
    # a file that does not parse is reported as without the cache, and not kept
    history.write_text(HISTORY + "  - id: broken\n    text: [unclosed\n")
    broken = open_workspace(root, trees)
    assert broken.errors and broken.found == open_workspace(root).found
    assert "content/history.yaml" not in trees.trees
    history.unlink()  # a removed file is forgotten
    assert open_workspace(root, trees).found == open_workspace(root).found
    assert "content/history.yaml" not in trees.trees


CROSS_FILE = {
    "content/a-extra.yaml": """\
section: history
snapshots: snaps
sections:
  - id: history
    title: History
  - id: military
    title: Military
bottom_line: A first bottom line for history.
perspective_groups:
  - id: gov
    label: Governments
  - id: gov
    label: Again
""",
    "content/m-extra.yaml": "section: history\nbottom_line: ''\n",
    "content/z-extra.yaml": """\
topic: Z topic
snapshots: ''
sections:
  - id: other
    title: Other
section: history
bottom_line: A third bottom line.
perspective_groups:
  - id: gov
    label: Third label
  - id: ngo
    label: NGOs
""",
    "content/zz-extra.yaml": "snapshots: later\n",
}


def test_what_one_file_declares_is_checked_against_the_files_before_it(
    make_project: Callable[..., Path],
) -> None:
    root = make_project(CROSS_FILE)
    expected = {
        "content/a-extra.yaml:12:5: error: perspective group 'gov' is labelled twice "
        "(first at content/a-extra.yaml:10:5)",
        "content/m-extra.yaml:2:14: error: section 'history' already has a bottom line "
        "(at content/a-extra.yaml:8:14)",  # though its own is empty
        "content/z-extra.yaml:2:1: error: 'snapshots' is declared in more than one file",
        "content/z-extra.yaml:3:1: error: 'sections' is declared in more than one file",
        "content/z-extra.yaml:7:14: error: section 'history' already has a bottom line "
        "(at content/a-extra.yaml:8:14)",
        "content/z-extra.yaml:9:5: error: perspective group 'gov' is labelled twice "
        "(first at content/a-extra.yaml:10:5)",
        "content/zz-extra.yaml:1:1: error: 'snapshots' is declared in more than one file",
    }
    trees = TreeCache()
    for ws in (open_workspace(root), open_workspace(root, trees), open_workspace(root, trees)):
        found = {str(p) for p in ws.found}
        assert expected <= found
        project = ws.project
        assert project.topic == "Z topic" and project.snapshots == "later"  # the last valid
        assert [s.id for s in project.sections] == ["other"]  # the last file's
        assert {k: v.text for k, v in project.bottom_lines.items()} == {
            "history": "A first bottom line for history.",
            "contested": "The two governments disagree on what the dam does to the flow downstream.",
        }
        assert (
            project.group_labels["gov"] == "Governments" and project.group_labels["ngo"] == "NGOs"
        )
    assert trees.parsed == len(list(root.glob("*/*.yaml")))  # read once, then reused
