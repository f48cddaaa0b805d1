"""A sentence never names or paraphrases a source the brief no longer cites (filters.py's rule)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.cli.main import cli
from briefgen.render.i18n import language
from briefgen.render.phrases import Phrases, as_text
from briefgen.selection.select import select
from briefgen.validate.workspace import open_workspace
from tests.sample_project import CONTESTED

CAUSES = """\
section: economy
claims:
  - id: low-rain
    text: Low rainfall was the main cause, according to both the Northland Ministry of Water and Example Wire.
    attributions:
      - source: north-gov-2022
        quote: "Rainfall was the lowest in forty years."
        locator: para 2
      - source: wire-2021
        quote: "Rain was scarce all spring."
        locator: para 6
  - id: winter-floods
    text: The dam only stores winter floods, it is argued.
    attributions:
      - source: north-gov-2022
        quote: "The dam stores only winter flood water."
        locator: section 2
        held_by: north-gov
      - source: wire-2021
        quote: "Engineers say the reservoir fills in winter."
        locator: para 8
  - id: fish
    text: Fish catches fell in the dry season.
    attributions:
      - source: north-gov-2022
        quote: "Catches fell."
        locator: para 3
      - source: wire-2021
        quote: "Fishermen report smaller catches."
        locator: para 9
"""
SECTIONS = """\
sections:
  - id: history
    title: History
  - id: economy
    title: Economy
  - id: contested
    title: Contested claims
"""
# a position whose words name the wire, which the southland/northland filter drops
NAMING = CONTESTED + (
    "      - held_by: south-gov\n"
    "        stance: Some effect\n"
    "        summary: Example Wire reports a fall of a fifth in the dry season.\n"
    "        attributions:\n"
    "          - source: south-ngo\n"
    '            quote: "The dry-season flow fell by a fifth."\n'
    "            locator: para 7\n"
    "          - source: wire-2021\n"
    '            quote: "The dry-season flow fell by a fifth, the wire said."\n'
    "            locator: para 7\n"
)
HEAD = "title: T\nedition: 2026-11-23\nmarking: M\n"
GRADED = HEAD + "sections:\n  - section: economy\n    min_reliability: B\n  - sources\n"
WHOLE = HEAD + "sections:\n  - economy\n  - sources\n"


def project(make_project: Callable[..., Path]) -> Path:
    return make_project(
        {
            "content/sections.yaml": SECTIONS,
            "content/economy.yaml": CAUSES,
            "content/contested.yaml": NAMING,
            "briefs/graded.yaml": GRADED,
            "briefs/whole.yaml": WHOLE,
        }
    )


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--project", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def shown(root: Path, brief: str) -> list[str]:
    ws = open_workspace(root)
    return [e.item.id for p in select(ws.briefs[brief], ws.project).parts for e in p.entries]


def test_a_statement_naming_a_dropped_source_is_left_out_whole(
    make_project: Callable[..., Path],
) -> None:
    root = project(make_project)
    assert shown(root, "whole") == ["low-rain", "winter-floods", "fish"]
    # graded B or better drops the ministry (C): the statement naming it goes whole, and so does
    # the one holding the ministry's position with only the wire left; the third stays, cited
    # to the wire alone
    assert shown(root, "graded") == ["fish"]
    build(open_workspace(root), options=BuildOptions(briefs=("graded",), formats=("html",)))
    html = (root / "output/graded/graded.html").read_text()
    assert "Northland Ministry of Water" not in html and "Government of Northland" not in html
    assert "Fish catches fell" in html and "Low rainfall" not in html


def test_explain_compare_and_check_say_which_and_why(make_project: Callable[..., Path]) -> None:
    root = project(make_project)
    code, out, _ = run(root, "explain", "graded")
    assert code == 0
    assert (
        f"- {'low-rain':<32} its words rest on Northland Ministry of Water, cited only through "
        "a source the filter drops (sources graded B or better): left out whole"
    ) in out
    assert f"- {'winter-floods':<32} its words rest on Government of Northland" in out
    assert f"+ {'fish':<32} kept" in out
    code, out, _ = run(root, "compare", "whole", "graded")
    assert "only in whole (2):" in out and "in both: 1 items" in out
    assert (
        "left out whole in graded, their words resting on a source the filter drops (2):\n"
        f"  {'low-rain':<32} Northland Ministry of Water\n"
        f"  {'winter-floods':<32} Government of Northland"
    ) in out
    code, _, err = run(root, "check")
    warned = [x for x in err.splitlines() if "leaves out" in x]
    assert len(warned) == 2
    assert warned[0].startswith(
        "briefs/graded.yaml:5:5: warning: brief 'graded' leaves out 'low-rain' "
        "(content/economy.yaml:3:5) whole: its words rest on Northland Ministry of Water"
    )
    assert run(root, "check", "--strict")[0] == 1


def test_a_position_naming_a_dropped_source_is_left_out_with_the_notice(
    make_project: Callable[..., Path],
) -> None:
    root = project(make_project)
    brief = HEAD + "sections:\n  - section: contested\n    perspectives: [northland, southland]\n"
    (root / "briefs/graded.yaml").write_text(brief)
    ws = open_workspace(root)
    selection = select(ws.briefs["graded"], ws.project)
    (entry,) = selection.parts[0].entries
    assert [m.stance for m in entry.members] == ["No effect", "Severe effect"]  # type: ignore[union-attr]
    notice = Phrases(selection, language("en")).omitted(entry)
    assert as_text(notice, language("en")) == (
        "One further position, held by the Government of Southland, is outside this brief’s "
        "sources."
    )
    _, out, _ = run(root, "explain", "graded")
    assert (
        "position left out: Government of Southland (Some effect): its words rest on Example Wire"
        in out
    )
