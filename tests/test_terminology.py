"""Term marks: only the places the analyst marked take a brief's preferred name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.errors import Location, Severity
from briefgen.model import PreferredName
from briefgen.selection.select import select
from briefgen.validate.workspace import open_workspace
from tests.sample_project import HISTORY, REPO

HEAD = "title: T\nedition: 2026-11-23\nmarking: M\n"
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
"""


def claim(text: str) -> str:
    return HISTORY + (
        "  - id: marked\n"
        f"    text: {text}\n"
        "    attributions:\n"
        "      - source: wire-2021\n"
        "        quote: q\n"
        "        locator: p\n"
    )


def problems(root: Path, severity: Severity = Severity.ERROR) -> list[str]:
    return [str(p) for p in open_workspace(root).problems if p.severity is severity]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The [[river-nam|Ama]] ran low.",
            "content/history.yaml:21:15: error: unknown term 'river-nam' in [[river-nam|Ama]] "
            "(did you mean 'river-name'?)",
        ),
        (
            "The [[river-name|Amma]] ran low.",
            "content/history.yaml:21:15: error: 'Amma' in [[river-name|Amma]] is not a name of "
            "term 'river-name' (did you mean 'Ama'?)",
        ),
        (
            "The [[river-name Ama]] ran low.",
            "content/history.yaml:21:15: error: '[[river-name Ama]] ran low.' is not a term mark: "
            "write [[term-id|Name]] (a term's id, a bar, the name as it reads here)",
        ),
    ],
)
def test_a_bad_mark_is_a_located_error(
    make_project: Callable[..., Path], text: str, expected: str
) -> None:
    root = make_project({"content/terms.yaml": TERMS, "content/history.yaml": claim(text)})
    assert expected in problems(root), problems(root)


def test_marks_are_read_in_every_text_of_the_analyst(make_project: Callable[..., Path]) -> None:
    contested = (
        "contested:\n  - id: c\n    question: Who owns the [[rivr|Ama]]?\n    positions:\n"
        "      - stance: '[[rivr|Ama]] is ours'\n        summary: s\n        attributions:\n"
        "          - source: wire-2021\n            quote: q\n            locator: p\n"
        "      - stance: t\n        summary: u\n        attributions:\n"
        "          - source: south-ngo\n            quote: q\n            locator: p\n"
    )
    files = {"content/terms.yaml": TERMS, "content/contested.yaml": contested}
    found = problems(make_project(files, drop=("content/timeline.yaml",)))
    assert [f.split(": error: ")[0] for f in found if "'rivr'" in f] == [
        "content/contested.yaml:3:28",
        "content/contested.yaml:5:18",
    ]


def test_a_preferred_name_no_text_marks_is_a_warning(make_project: Callable[..., Path]) -> None:
    brief = HEAD + "options:\n  terminology:\n    river-name: Amə\nsections:\n  - history\n"
    files = {"content/terms.yaml": TERMS, "briefs/f.yaml": brief}
    warnings = problems(make_project(files), Severity.WARNING)
    assert (
        "briefs/f.yaml:6:5: warning: no text marks term 'river-name', so 'Amə' appears nowhere: "
        "mark each place that means it, e.g. [[river-name|Ama]]"
    ) in warnings
    marked = {**files, "content/history.yaml": claim("'[[river-name|Ama]] ran low.'")}
    assert not any("river-name" in w for w in problems(make_project(marked), Severity.WARNING))


def test_the_example_marks_the_country_not_its_quotes_or_proper_names() -> None:
    ws = open_workspace(REPO)
    assert ws.errors == []
    analyst = ws.briefs["analyst"]
    chosen = (PreferredName("turkey-name", "Türkiye", Location("test")),)
    brief = replace(analyst, options=replace(analyst.options, terminology=chosen))
    parts = {p.anchor: p for p in select(brief, ws.project).parts}
    texts = {e.item.id: e for p in parts.values() for e in p.entries}
    recognition = texts["first-recognition-1991"].item
    assert recognition.text.startswith("After the Soviet collapse, Türkiye recognised")  # type: ignore[union-attr]
    baku = texts["baku-1918"]
    summaries = " ".join(m.summary for m in baku.members)  # type: ignore[union-attr]
    assert "later the Republic of Turkey" in summaries  # a proper name, unmarked
    quotes = [n.attribution.quote for g in texts["tr-military-role-2020"].groups for n in g]
    assert any("Turkey" in q for q in quotes)  # quotes are verbatim
    assert ws.project.actors["tr-government"].name == "Government of [[turkey-name|Turkey]]"
    assert select(analyst, ws.project).actors["tr-government"].name == "Government of Turkey"
