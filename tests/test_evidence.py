"""The JSON evidence output: valid against its schema, every id round-trips, nothing excluded leaks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
from click.testing import CliRunner

from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.cli.main import cli
from briefgen.render.evidence import SCHEMA_PATH, evidence_json, schema
from briefgen.selection.select import select, shown_ids
from briefgen.validate.workspace import open_workspace
from tests.sample_project import BRIEF_FULL, HISTORY


def build_json(root: Path, *names: str) -> dict[str, dict[str, Any]]:
    results = build(open_workspace(root), options=BuildOptions(briefs=names, formats=("json",)))
    assert all(r.status != "failed" for r in results), results
    return {
        r.brief: json.loads((root / "output" / r.brief / f"{r.brief}.json").read_text("utf-8"))
        for r in results
    }


def ids_in(data: dict[str, Any]) -> set[str]:
    return {s["id"] for s in data["statements"]} | {c["id"] for c in data["contested"]}


def attributions_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    found = [a for s in data["statements"] for a in s["attributions"]]
    found += [a for c in data["contested"] for p in c["positions"] for a in p["attributions"]]
    return found


def test_schema_is_a_valid_schema_shipped_with_the_package() -> None:
    assert SCHEMA_PATH.is_file()
    jsonschema.Draft202012Validator.check_schema(schema())


def test_every_brief_validates_and_round_trips_every_id(make_project: Callable[..., Path]) -> None:
    root = make_project()
    built = build_json(root)
    ws = open_workspace(root)
    validator = jsonschema.Draft202012Validator(schema())
    for brief_id, data in built.items():
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], (brief_id, errors)
        selection = select(ws.briefs[brief_id], ws.project)
        # every shown item, once, and nothing else
        assert ids_in(data) == set(shown_ids(selection.parts))
        listed = [i for p in data["parts"] for i in p["items"]]
        assert sorted(listed) == sorted(ids_in(data))
        builtin = {"timeline": "Timeline", "summary": "Sources and gaps", "sources": "Sources"}
        headings = [p.heading or builtin[p.kind] for p in selection.parts]
        assert [p["heading"] for p in data["parts"]] == headings
        # every attribution points at a listed source and actor; the notes are all there
        sources = {s["id"] for s in data["sources"]}
        assert sources == {s.id for s in selection.sources}
        actors = {a["id"] for a in data["actors"]}
        for a in attributions_of(data):
            assert a["source"] in sources
            assert a["held_by"] is None or a["held_by"] in actors
            assert a["verification"] == "no-snapshot"  # the sample sources have no snapshot
        assert {a["note"] for a in attributions_of(data)} == {n.number for n in selection.notes}
        assert data["notes"] == len(selection.notes)
        assert data["edition"]["date"] == "2026-11-23"
        assert data["edition"]["number"] == 1


def test_excluded_items_appear_nowhere(make_project: Callable[..., Path]) -> None:
    root = make_project()
    raw = build(open_workspace(root), options=BuildOptions(briefs=("short",), formats=("json",)))
    assert raw[0].status == "built"
    text = (root / "output/short/short.json").read_text("utf-8")
    # the short brief keeps key history items only: dam-built (a detail) is left out, with its
    # text, its quote and the actor only it cites; the timeline is not in the short brief at all
    for absent in (
        "dam-built",
        "does not reduce the flow",
        "Northland insists the dam changes nothing",
        "ev-treaty",
        "ev-dam",
        "Water-sharing treaty signed",
    ):
        assert absent not in text
    data = json.loads(text)
    assert "treaty-1950" in ids_in(data) and "dam-effect" in ids_in(data)


def test_content_as_written_and_stable_bytes(make_project: Callable[..., Path]) -> None:
    hostile = '</script><w:p>{"t":"RawBlock"} \\u0000 ${x} *emph*'
    root = make_project(
        {"content/history.yaml": HISTORY.replace("does not reduce the flow downstream.", hostile)}
    )
    first = build_json(root, "full")["full"]
    claim = next(s for s in first["statements"] if s["id"] == "dam-built")
    assert claim["text"] == "Northland says its dam " + hostile
    assert claim["section"] == "history" and claim["tags"] == ["dam"]
    assert claim["attributions"][0]["held_by"] == "north-gov"
    assert claim["attributions"][0]["held_by_name"] == "Government of Northland"
    dispute = first["contested"][0]
    assert [p["held_by"] for p in dispute["positions"]] == ["north-gov", "south-gov"]
    assert dispute["positions"][0]["date"] == "2022-01"
    graded = {s["id"]: s["reliability"]["grade"] for s in first["sources"]}
    assert graded == {"wire-2021": "B", "north-gov-2022": "C", "south-ngo": "D"}
    # the same input gives the same bytes, built again or made again in memory
    before = (root / "output/full/full.json").read_bytes()
    build(
        open_workspace(root), options=BuildOptions(briefs=("full",), formats=("json",), force=True)
    )
    assert (root / "output/full/full.json").read_bytes() == before
    ws = open_workspace(root)
    again = evidence_json(select(ws.briefs["full"], ws.project))
    assert json.loads(again)["statements"] == first["statements"]


def test_grades_left_out_when_the_brief_hides_them(make_project: Callable[..., Path]) -> None:
    root = make_project({"briefs/full.yaml": BRIEF_FULL + "options:\n  reliability: false\n"})
    data = build_json(root, "full")["full"]
    assert all(s["reliability"] is None for s in data["sources"])
    jsonschema.validate(data, schema())


def test_csl_json_lists_the_cited_sources(make_project: Callable[..., Path]) -> None:
    root = make_project()
    build_json(root, "full")
    items = json.loads((root / "output/full/full.csl.json").read_text("utf-8"))
    assert [i["id"] for i in items] == ["wire-2021", "north-gov-2022", "south-ngo"]
    wire = items[0]
    assert wire["type"] == "article-newspaper"
    assert wire["issued"] == {"date-parts": [[2021, 6, 3]]}
    assert wire["URL"] == "https://wire.example/river-talks"
    assert items[1]["issued"] == {"date-parts": [[2022, 1]]}
    assert "issued" not in items[2] and items[2]["note"] == "Date: not stated in the text"


def test_formats_in_the_brief_and_incremental_builds(make_project: Callable[..., Path]) -> None:
    root = make_project(
        {"briefs/full.yaml": BRIEF_FULL.replace("sections:", "formats: [html, json]\nsections:")}
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["--project", str(root), "build", "full"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "output/full").iterdir()) == [
        "build.json",
        "full.csl.json",
        "full.html",
        "full.json",
    ]
    result = runner.invoke(cli, ["--project", str(root), "build", "full"])
    assert "nothing changed" in result.stdout
    # the evidence carries each statement's tags: a changed tag rebuilds the JSON
    tagged = HISTORY.replace("tags: [treaty]", "tags: [treaty, dam]")
    (root / "content/history.yaml").write_text(tagged, encoding="utf-8")
    results = build(open_workspace(root), options=BuildOptions(briefs=("full",)))
    assert results[0].status == "built"
    assert "json" in results[0].formats
    data = json.loads((root / "output/full/full.json").read_text("utf-8"))
    assert next(s for s in data["statements"] if s["id"] == "treaty-1950")["tags"] == [
        "dam",
        "treaty",
    ]


def test_unknown_format_in_a_brief_names_the_known_ones(make_project: Callable[..., Path]) -> None:
    root = make_project(
        {"briefs/full.yaml": BRIEF_FULL.replace("sections:", "formats: [html, odt]\nsections:")}
    )
    result = CliRunner().invoke(cli, ["--project", str(root), "check"])
    assert result.exit_code == 1
    assert "unknown format 'odt' (known: html, pdf, docx, json)" in result.output


def test_a_missing_csl_file_is_made_again(make_project: Callable[..., Path]) -> None:
    root = make_project()
    build_json(root, "full")
    (root / "output/full/full.csl.json").unlink()
    results = build(open_workspace(root), options=BuildOptions(briefs=("full",), formats=("json",)))
    assert results[0].status == "built"
    assert (root / "output/full/full.csl.json").is_file()


def test_positions_left_out_are_in_the_evidence(make_project: Callable[..., Path]) -> None:
    from tests.test_positions import SOUTH, project

    root = project(make_project, "    min_reliability: C\n")
    data = build_json(root, "f")["f"]
    jsonschema.validate(data, schema())
    (claim,) = data["contested"]
    assert [p["stance"] for p in claim["positions"]] == ["No effect", "Some effect"]
    assert claim["positions_left_out"] == [
        {
            "stance": "Severe effect",
            "held_by": "south-gov",
            "held_by_name": "Government of Southland",
        }
    ]
    assert claim["notice"] == SOUTH  # the brief's words for them, in its language
