"""The balance lint: every documented rule (docs/balance-lint.md) firing and not firing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.errors import Severity
from briefgen.validate.workspace import open_workspace
from tests.sample_project import CONTESTED, EVENTS, REPO

DOC = (REPO / "docs" / "balance-lint.md").read_text(encoding="utf-8")


def found(root: Path, severity: Severity = Severity.WARNING) -> list[str]:
    """The balance lint's problems (not, say, "source … is never cited")."""
    return [
        str(p)
        for p in open_workspace(root).problems
        if p.severity is severity and ("[one-sided-" in p.message or "lint" in p.message)
    ]


def statement(tags: str, *sources: tuple[str, str, str | None], extra: str = "") -> str:
    """A claim in the history section citing (source, quote, held_by) passages."""
    lines = [
        "section: history",
        "claims:",
        "  - id: s",
        "    text: A statement.",
        f"    tags: [{tags}]",
    ]
    lines += [f"    {line}" for line in extra.splitlines()]
    lines.append("    attributions:")
    for source, quote, held_by in sources:
        lines += [f"      - source: {source}", f'        quote: "{quote}"', "        locator: p"]
        if held_by:
            lines.append(f"        held_by: {held_by}")
    return "\n".join(lines) + "\n"


SOUTH_OWN = ("south-ngo", "Southland has no water left.", None)
SOUTH_POSITION = ("south-ngo", "Since the dam opened, the flow has halved.", None)
WIRE = ("wire-2021", "Water is short.", None)
NORTH = ("north-gov-2022", "Water is fine.", None)


def project(make_project: Callable[..., Path], history: str, contested: str = CONTESTED) -> Path:
    files = {"content/history.yaml": history, "content/contested.yaml": contested}
    # the sample timeline's event fires one-sided-statement: tested on its own below
    return make_project(files, drop=("content/timeline.yaml",))


def test_every_rule_is_documented() -> None:
    from briefgen.validate.balance import RULES

    for rule in RULES:
        assert f"### `{rule}`" in DOC


def test_one_sided_statement_fires_with_the_fix_that_fits(
    make_project: Callable[..., Path],
) -> None:
    own = found(project(make_project, statement("dam", SOUTH_OWN)))
    assert own == [
        "content/history.yaml:3:5: warning: [one-sided-statement] 's' is on the question of the "
        "contested claim 'dam-effect' (tag 'dam') but cites only sources on the side of its "
        "position 'Severe effect': cite a second source of a perspective group not on that side "
        "(e.g. 'Northland government'), or record why it stands: "
        "lint_ignore: {one-sided-statement: <reason>}"
    ]
    passage = found(project(make_project, statement("dam", SOUTH_POSITION)))
    assert len(passage) == 1 and "cites the passage of the position 'Severe effect'" in passage[0]
    assert "state it as that position there (a position)" in passage[0]
    for warning in own + passage:
        assert "held_by" not in warning  # adding held_by would misattribute the source's words


@pytest.mark.parametrize(
    "history",
    [
        statement("treaty", SOUTH_OWN),  # no tag of a disputed question
        statement("dam", WIRE),  # a source on no side of the question
        statement("dam", SOUTH_OWN, WIRE),  # a second source on no side
        statement("dam", SOUTH_OWN, NORTH),  # sources on both sides
        statement("dam", ("south-ngo", "Southland says so.", "south-gov")),  # attributed
        statement(
            "dam",
            SOUTH_OWN,
            extra="lint_ignore:\n  one-sided-statement: The dam's existence is not disputed.",
        ),
    ],
)
def test_one_sided_statement_does_not_fire(make_project: Callable[..., Path], history: str) -> None:
    assert found(project(make_project, history)) == []


def test_a_group_reporting_both_positions_is_on_no_side(make_project: Callable[..., Path]) -> None:
    # the wire reports both positions: a statement resting on the wire alone is not one-sided
    both = CONTESTED.replace(
        "            locator: section 2\n",
        "            locator: section 2\n          - source: wire-2021\n            quote: n\n"
        "            locator: p\n",
    ).replace(
        "            held_by: south-gov\n",
        "            held_by: south-gov\n          - source: wire-2021\n            quote: s\n"
        "            locator: p\n",
    )
    root = project(make_project, statement("dam", WIRE), both)
    assert found(root) == []


ONE_GROUP = CONTESTED.replace("source: north-gov-2022", "source: south-ngo")


def test_one_sided_dispute_fires_and_does_not(make_project: Callable[..., Path]) -> None:
    root = project(make_project, statement("treaty", WIRE), ONE_GROUP)
    assert found(root) == [
        "content/contested.yaml:2:5: warning: [one-sided-dispute] every position of contested "
        "claim 'dam-effect' is reported by 'Southland advocacy' sources only: add a second source "
        "from another perspective group to a position, or a position reported by one, or record "
        "why it stands: lint_ignore: {one-sided-dispute: <reason>}"
    ]
    assert found(project(make_project, statement("treaty", WIRE))) == []  # two groups
    ignored = ONE_GROUP.replace(
        "    weight: key\n",
        "    weight: key\n    lint_ignore:\n      one-sided-dispute: Northland has published nothing.\n",
    )
    root = project(make_project, statement("treaty", WIRE), ignored)
    assert found(root) == []


def test_the_sample_event_fires_until_a_reason_is_recorded(
    make_project: Callable[..., Path],
) -> None:
    warnings = found(make_project())
    assert len(warnings) == 1 and "[one-sided-statement] 'ev-dam'" in warnings[0]
    reason = EVENTS.replace(
        "    date: 2019\n",
        "    date: 2019\n    lint_ignore: {one-sided-statement: The opening year is not disputed.}\n",
    )
    assert found(make_project({"content/timeline.yaml": reason})) == []


@pytest.mark.parametrize(
    ("extra", "severity", "expected"),
    [
        (
            "lint_ignore:\n  one-sided-statment: a reason",
            Severity.ERROR,
            "content/history.yaml:7:7: error: unknown lint rule 'one-sided-statment' "
            "(did you mean 'one-sided-statement'?)",
        ),
        (
            "lint_ignore:\n  one-sided-statement: ''",
            Severity.ERROR,
            "content/history.yaml:7:28: error: 'lint_ignore.one-sided-statement' is empty",
        ),
        (
            "lint_ignore:\n  one-sided-dispute: not a dispute",
            Severity.WARNING,
            "content/history.yaml:7:7: warning: lint_ignore of 'one-sided-dispute' on 's': the "
            "rule does not fire here; remove the entry",
        ),
        (
            "lint_ignore: [one-sided-statement]",
            Severity.ERROR,
            "content/history.yaml:6:18: error: 'lint_ignore' must map lint rules to reasons",
        ),
    ],
)
def test_lint_ignore_is_validated(
    make_project: Callable[..., Path], extra: str, severity: Severity, expected: str
) -> None:
    root = project(make_project, statement("treaty", WIRE, extra=extra))
    assert any(line.startswith(expected) for line in found(root, severity)), found(root, severity)


def test_the_example_content_follows_the_rules() -> None:
    ws = open_workspace(REPO)
    assert [str(p) for p in ws.problems if "[one-sided-" in p.message] == []
