"""Audience customisation: inheritance, filters, explain/compare and page budgets."""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.cli.main import cli
from briefgen.render.i18n import language
from briefgen.render.phrases import Phrases, as_text
from briefgen.selection.select import select
from briefgen.validate.workspace import open_workspace
from tests.sample_project import ACTORS, BRIEF_FULL, CONTESTED, HISTORY

HEAD = "title: T\nedition: 2026-11-23\nmarking: M\n"


def kept(root: Path, brief: str) -> dict[str, list[str]]:
    ws = open_workspace(root)
    assert [str(p) for p in ws.errors] == []
    sel = select(ws.briefs[brief], ws.project)
    return {p.anchor.removeprefix("part-"): [e.item.id for e in p.entries] for p in sel.parts}


def errors(root: Path) -> list[str]:
    return [str(p) for p in open_workspace(root).errors]


def test_extends_overrides_replaces_and_patches(make_project: Callable[..., Path]) -> None:
    child = "extends: full\ntitle: Child\nmarking: SECRET\noptions:\n  cover_page: false\nsections: [contested]\n"
    parent = BRIEF_FULL + "options:\n  reliability: false\n  notes: endnotes\n"
    ws = open_workspace(make_project({"briefs/full.yaml": parent, "briefs/child.yaml": child}))
    brief = ws.briefs["child"]
    assert (brief.title, brief.marking, brief.subtitle) == ("Child", "SECRET", "Full brief")
    assert brief.options.cover_page is False
    assert brief.options.reliability is False and brief.options.notes == "endnotes"  # patched, kept
    assert [p.name for p in brief.parts] == ["contested"]  # replaced
    assert brief.extends == ("full",)


def test_extends_chain_of_three(make_project: Callable[..., Path]) -> None:
    files = {
        "briefs/a.yaml": "extends: b\ntitle: A\n",
        "briefs/b.yaml": "extends: full\nmarking: B-MARK\n",
    }
    brief = open_workspace(make_project(files)).briefs["a"]
    assert (brief.title, brief.marking, brief.extends) == ("A", "B-MARK", ("b", "full"))


def test_inheritance_cycle_and_missing_parent_are_one_line_errors(
    make_project: Callable[..., Path],
) -> None:
    files = {
        "briefs/a.yaml": "extends: b\n" + HEAD + "sections: [history]\n",
        "briefs/b.yaml": "extends: a\n" + HEAD + "sections: [history]\n",
        "briefs/c.yaml": "extends: fulll\n",
    }
    found = errors(make_project(files))
    assert (
        "briefs/a.yaml:1:10: error: brief inheritance cycle: a → b → a: remove one 'extends'"
        in found
    )
    assert (
        "briefs/b.yaml:1:10: error: brief inheritance cycle: b → a → b: remove one 'extends'"
        in found
    )
    assert (
        "briefs/c.yaml:1:10: error: extends unknown brief 'fulll' (did you mean 'full'?)" in found
    )


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("  - section: history\n    tags: [dam]\n", ["dam-built"]),
        ("  - section: history\n    exclude_tags: [dam]\n", ["treaty-1950"]),
        ("  - section: history\n    depth: key\n", ["treaty-1950"]),
        ("  - section: history\n    since: 1960\n", ["dam-built"]),  # undated items stay
        ("  - section: history\n    until: 1950-12\n", ["treaty-1950", "dam-built"]),
        ("  - section: history\n    until: 1949\n", ["dam-built"]),
        ("  - section: history\n    max_items: 1\n", ["treaty-1950"]),  # key before detail
        # one position left: kept, with the notice naming the other (tests/test_positions.py)
        ("  - section: contested\n    min_reliability: C\n", ["dam-effect"]),
        ("  - section: contested\n    min_reliability: A\n", []),  # no position left
        ("  - section: contested\n    min_reliability: D\n", ["dam-effect"]),
        ("  - section: timeline\n    source_kinds: [advocacy]\n", ["ev-dam"]),
        ("  - section: timeline\n    perspectives: [international]\n", ["ev-treaty"]),
        ("  - section: timeline\n    since: 2000\n    perspectives: [international]\n", []),
    ],
)
def test_each_filter(make_project: Callable[..., Path], entry: str, expected: list[str]) -> None:
    root = make_project({"briefs/f.yaml": HEAD + "sections:\n" + entry})
    assert next(iter(kept(root, "f").values())) == expected


def test_brief_wide_filters_combine_with_part_filters(make_project: Callable[..., Path]) -> None:
    brief = (
        HEAD
        + "filters:\n  exclude_tags: [treaty]\nsections:\n  - history\n  - section: timeline\n    exclude_tags: [dam]\n"
    )
    assert kept(make_project({"briefs/f.yaml": brief}), "f") == {
        "history": ["dam-built"],
        "timeline": [],
    }


def test_max_items_ranks_by_weight_then_grade_then_order(make_project: Callable[..., Path]) -> None:
    extra = HISTORY + (
        "  - id: late-key\n    text: Late but key.\n    weight: key\n    attributions:\n"
        "      - source: south-ngo\n        quote: q\n        locator: p\n"
    )
    brief = HEAD + "sections:\n  - section: history\n    max_items: 2\n"
    root = make_project({"content/history.yaml": extra, "briefs/f.yaml": brief})
    # treaty-1950 (key, grade B) and late-key (key, grade D) outrank dam-built (detail)
    assert kept(root, "f")["history"] == ["treaty-1950", "late-key"]


def test_source_filter_drops_attributions_not_only_items(make_project: Callable[..., Path]) -> None:
    both = CONTESTED.replace(
        "        attributions:\n          - source: north-gov-2022",
        "        attributions:\n          - source: wire-2021\n            quote: w\n            locator: p\n          - source: north-gov-2022",
    )
    brief = HEAD + "sections:\n  - section: contested\n    min_reliability: D\n  - sources\n"
    root = make_project({"content/contested.yaml": both, "briefs/f.yaml": brief})
    ws = open_workspace(root)
    sel = select(ws.briefs["f"], ws.project)
    assert [s.id for s in sel.sources] == ["wire-2021", "north-gov-2022", "south-ngo"]
    brief_c = brief.replace("min_reliability: D", "min_reliability: B")
    root2 = make_project({"content/contested.yaml": both, "briefs/f.yaml": brief_c})
    # one position keeps a source (the wire's attribution): shown, the other named in a notice
    assert kept(root2, "f")["contested"] == ["dam-effect"]
    ws2 = open_workspace(root2)
    sel2 = select(ws2.briefs["f"], ws2.project)
    assert [s.id for s in sel2.sources] == ["wire-2021"]
    notice = Phrases(sel2, language("en")).omitted(sel2.parts[0].entries[0])
    assert as_text(notice, language("en")) == (
        "One further position, held by the Government of Southland, is outside this brief’s "
        "sources."
    )


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("    tags: [dams]\n", "unknown tag 'dams' (did you mean 'dam'?)"),
        (
            "    perspectives: [northlnd]\n",
            "unknown perspective 'northlnd' (did you mean 'northland'?)",
        ),
        ("    source_kinds: [wires]\n", "unknown source kind 'wires' (did you mean 'wire'?)"),
        ("    min_reliability: G\n", "'min_reliability' must be one of A, B, C, D, E, F, not 'G'"),
        ("    since: 2020\n    until: 2010\n", "'since' 2020 is after 'until' 2010"),
        ("    max_items: 0\n", "'max_items' must be a whole number of at least 1"),
        ("    maxitems: 3\n", "unknown field 'maxitems' (did you mean 'max_items'?)"),
    ],
)
def test_unknown_filter_values_are_errors(
    make_project: Callable[..., Path], entry: str, expected: str
) -> None:
    root = make_project({"briefs/f.yaml": HEAD + "sections:\n  - section: history\n" + entry})
    assert any(expected in line for line in errors(root)), errors(root)


def test_excluded_items_appear_nowhere_in_the_html(make_project: Callable[..., Path]) -> None:
    brief = (
        HEAD
        + "sections:\n  - section: history\n    exclude_tags: [dam]\n  - contested\n  - summary\n  - sources\n"
    )
    root = make_project({"briefs/f.yaml": brief})
    build(open_workspace(root), options=BuildOptions(briefs=("f",), formats=("html",)))
    html = (root / "output/f/f.html").read_text()
    assert "does not reduce the flow downstream" not in html
    assert "Northland insists the dam changes nothing downstream." not in html
    assert "The 1950 treaty split the river" in html


def test_the_source_summary_describes_the_sources_not_their_counts(
    make_project: Callable[..., Path],
) -> None:
    """The summary says who each source is (kind, outlook, grade) in alphabetical order and the
    span of their dates; no counting of statements per group, no chart for one section."""
    root = make_project({"briefs/f.yaml": HEAD + "sections:\n  - history\n  - summary\n"})
    build(open_workspace(root), options=BuildOptions(briefs=("f",), formats=("html",)))
    html = " ".join((root / "output/f/f.html").read_text().split())
    summary = html[html.index('class="summary-statement"') :]
    assert (
        "This brief draws on 1 source: <b>Example Wire</b> (wire service, International media, graded B)."
        in summary
    )
    assert "statements per perspective group" not in html and "counts for each" not in html
    assert 'class="chart coverage"' not in html


def test_a_party_no_source_speaks_for_is_named(make_project: Callable[..., Path]) -> None:
    """A party (an actor with a perspective group) whose group has no source in the brief is
    named in the summary, with the sources its positions come from; one with a source is not."""
    actors = (
        ACTORS.replace(
            "kind: government\n  - id: south-gov",
            "kind: government\n    group: northland\n  - id: south-gov",
        )
        + "    group: southland\n"
    )
    brief = (
        HEAD
        + "filters:\n  perspectives: [international, northland]\nsections:\n  - history\n  - summary\n"
    )
    root = make_project({"content/actors.yaml": actors, "briefs/f.yaml": brief})
    build(open_workspace(root), options=BuildOptions(briefs=("f",), formats=("html",)))
    html = " ".join((root / "output/f/f.html").read_text().split())
    assert "No source in this brief speaks for the Government of Northland" in html
    assert "Southland" not in html  # its only position was left out with its source


def test_explain_names_the_rule_for_each_item(make_project: Callable[..., Path]) -> None:
    brief = "extends: short\nsections:\n  - section: history\n    depth: key\n  - section: timeline\n    tags: [dam]\n"
    root = make_project({"briefs/f.yaml": brief})
    result = CliRunner().invoke(cli, ["--project", str(root), "explain", "f"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1] == "  extends short"
    assert "  [history] History: 1 of 2 kept (depth key)" in lines
    assert any(
        line.startswith("    - dam-built") and "depth key: the item's weight is detail" in line
        for line in lines
    )
    assert any(
        line.startswith("    - ev-treaty") and "tags: carries none of dam" in line for line in lines
    )


def test_compare_lists_what_one_audience_gets_that_the_other_does_not(
    make_project: Callable[..., Path],
) -> None:
    result = CliRunner().invoke(cli, ["--project", str(make_project()), "compare", "full", "short"])
    assert result.exit_code == 0
    out = result.stdout
    assert "only in full (3):" in out and "only in short (0):" in out and "in both: 2 items" in out
    assert "dam-built" in out and "ev-dam" in out


@pytest.mark.pdf
def test_page_budget_is_met_by_the_fitting_rules(make_project: Callable[..., Path]) -> None:
    """A brief over its budget is tightened rule by rule until it fits; the parts it leaves out
    are named on page 1, the level is recorded, and the next build starts from it."""
    root = make_project(
        {
            "briefs/tight.yaml": BRIEF_FULL + "max_pages: 1\n",
            "briefs/roomy.yaml": BRIEF_FULL + "max_pages: 10\n",
        }
    )
    result = CliRunner().invoke(
        cli, ["--project", str(root), "build", "tight", "roomy", "--format", "pdf", "-f", "html"]
    )
    assert result.exit_code == 0, result.output
    assert not any(line.startswith("output/") for line in result.stderr.splitlines())
    tight = json.loads((root / "output/tight/build.json").read_text())
    assert tight["pages"] == 1 and tight["fitted"] > 0
    assert json.loads((root / "output/roomy/build.json").read_text())["fitted"] == 0
    html = (root / "output/tight/tight.html").read_text()
    assert "Left out for length: " in html
    again = CliRunner().invoke(
        cli, ["--project", str(root), "build", "tight", "-f", "pdf", "-f", "html"]
    )
    assert "nothing changed" in again.output  # the recorded level is where the next build starts


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "  - section: history\n    layout: tight\n",
            "'layout' must be one of prose, register, compact, full",
        ),
        ("  - section: sources\n    layout: compact\n", "'layout' applies to content sections"),
    ],
)
def test_bad_layouts_are_errors(
    make_project: Callable[..., Path], entry: str, expected: str
) -> None:
    root = make_project({"briefs/f.yaml": HEAD + "sections:\n" + entry})
    assert any(expected in line for line in errors(root)), errors(root)


class _Disputes(HTMLParser):
    """The rows of the compact disputes table: question, then the stances of its positions."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.articles = 0
        self.calls: list[int] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article" and "contested" in (a.get("class") or ""):
            self.articles += 1
        if tag == "table" and a.get("class") == "disputes":
            self._in = "table"
        elif self._in and tag == "th" and a.get("scope") == "row":
            self.rows.append([""])
            self._in = "question"
        elif self._in and tag == "span" and a.get("class") == "stance":
            self.rows[-1].append("")
            self._in = "stance"
        if tag == "a" and a.get("class") == "ref":
            self.calls.append(int((a.get("href") or "#note-0").removeprefix("#note-")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in = None
        elif self._in in ("question", "stance") and tag in ("span", "th"):
            self._in = "table"

    def handle_data(self, data: str) -> None:
        if self._in in ("question", "stance"):
            self.rows[-1][-1] += data


def test_compact_layout_puts_each_question_in_one_row(make_project: Callable[..., Path]) -> None:
    second = CONTESTED.replace("dam-effect", "treaty-fair").replace(
        "Does the Northland dam reduce the river's flow?", "Was the 1950 treaty fair?"
    )
    contested = CONTESTED + second.removeprefix("contested:\n")
    brief = HEAD + "sections:\n  - history\n  - section: contested\n    layout: compact\n"
    root = make_project({"content/contested.yaml": contested, "briefs/f.yaml": brief})
    build(open_workspace(root), options=BuildOptions(briefs=("f",), formats=("html",)))
    page = _Disputes()
    page.feed((root / "output/f/f.html").read_text(encoding="utf-8"))
    assert page.articles == 0  # no full-layout blocks
    questions = [row[0].split("unresolved")[0].strip() for row in page.rows]
    assert questions == [
        "Does the Northland dam reduce the river’s flow?",
        "Was the 1950 treaty fair?",
    ]
    assert [row[1:] for row in page.rows] == [["No effect", "Severe effect"]] * 2
    assert page.calls == sorted(page.calls)  # notes are numbered in reading order


TERMS = """\
terms:
  - id: river-name
    concept: The river that forms the border
    names:
      - name: Ama
        used_by: Northland
        attributions:
          - source: wire-2021
            quote: "The 1950 treaty split the river's flow evenly."
            locator: para 3
      - name: Amə
        used_by: Southland
        attributions:
          - source: south-ngo
            quote: "Since the dam opened, the flow has halved."
            locator: para 1
    note: This brief uses Ama.
"""
AMA_CLAIM = """\
  - id: ama-levels
    text: >-
      The [[river-name|Ama]] ran low in 2021 (see https://example.org/Ama and the Ama-Sea delta);
      Amaranth grew. Southland's press calls the river Ama, and the Ama Commission met.
    attributions:
      - source: wire-2021
        quote: "The Ama ran low."
        locator: para 9
"""


def test_preferred_terminology_takes_only_the_marked_places(
    make_project: Callable[..., Path],
) -> None:
    brief = (
        HEAD
        + "options:\n  terminology:\n    river-name: Amə\n"
        + "sections:\n  - history\n  - contested\n  - terms\n"
    )
    root = make_project(
        {
            "content/terms.yaml": TERMS,
            "content/actors.yaml": ACTORS.replace(
                "Government of Northland", "Ama Commission of Northland"
            ),
            "content/history.yaml": HISTORY + AMA_CLAIM,
            "briefs/f.yaml": brief,
            "briefs/plain.yaml": HEAD + "sections:\n  - history\n  - terms\n",
        }
    )
    build(open_workspace(root), options=BuildOptions(briefs=("f", "plain"), formats=("html",)))
    html = (root / "output/f/f.html").read_text(encoding="utf-8")
    assert "The Amə ran low in 2021" in html  # the marked place takes the preferred name
    assert "https://example.org/Ama" in html and "Ama-Sea" in html and "Amaranth" in html
    assert "calls the river Ama," in html  # a name spoken of as a name: unmarked, unchanged
    assert "the Ama Commission met" in html  # a proper name: unchanged
    assert "(held by the Ama Commission of Northland)" in html  # an actor's name too
    assert ">The Ama ran low.</q>" in html  # a quote stays verbatim
    assert "[[" not in html and "river-name|" not in html
    assert 'Amə <span class="preferred">(used in this brief)</span>' in html
    assert "This brief uses Amə in its own text" in html and "This brief uses Ama." not in html
    plain = (root / "output/plain/plain.html").read_text(encoding="utf-8")
    assert "The Ama ran low in 2021" in plain and "This brief uses Ama." in plain
    assert "[[" not in plain


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("river-nam: Amə", "unknown term 'river-nam' (did you mean 'river-name'?)"),
        ("river-name: Ame", "'Ame' is not a name of term 'river-name' (did you mean 'Amə'?)"),
    ],
)
def test_unknown_preferred_terms_are_errors(
    make_project: Callable[..., Path], choice: str, expected: str
) -> None:
    brief = HEAD + f"options:\n  terminology:\n    {choice}\nsections:\n  - terms\n"
    root = make_project({"content/terms.yaml": TERMS, "briefs/f.yaml": brief})
    assert any(expected in line and "briefs/f.yaml:" in line for line in errors(root)), errors(root)
