"""schema.py drives the readers, the docs' field tables and the JSON Schemas editors use.

The shipped JSON Schemas and the docs' tables must be what schema.py generates (`make schema`
writes them); the example project, the starter and the test projects must validate against
the JSON Schemas as an editor reads YAML (1.2); and files the readers refuse for a wrong key,
type, value or a missing field, the JSON Schemas refuse too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from briefgen.cli.main import cli
from briefgen.errors import Problem
from briefgen.load.schema import (
    BUILTIN_PART_HELP,
    DOCS,
    KINDS,
    MARKER,
    SCHEMA_FILES,
    SOURCE_KINDS,
    BriefFile,
    ClaimEntry,
    FiltersEntry,
    OptionsEntry,
    json_schema,
    json_text,
    shipped,
    update_docs,
)
from briefgen.load.yamltree import NULLS, Map, Node, Scalar, Seq, read_file
from briefgen.model import BUILTIN_PARTS, BriefOptions, Claim, Filters
from briefgen.starter import FILES as STARTER
from tests.multilingual_project import multilingual_files
from tests.sample_project import BASE_FILES, BRIEF_SHORT, HISTORY, REPO

INT = re.compile(r"[-+]?[0-9]+")
FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def as_editor_reads(node: Node | None) -> Any:
    """A YAML tree as JSON data under YAML 1.2's core schema, as yaml-language-server reads it:
    plain `1991` is a number, `true` a boolean, `~` null; quoted text and `NO` stay text."""
    if node is None:
        return None
    if isinstance(node, Map):
        return {key: as_editor_reads(value) for key, value in node.entries.items()}
    if isinstance(node, Seq):
        return [as_editor_reads(item) for item in node.items]
    assert isinstance(node, Scalar)
    text = node.text
    if not node.plain:
        return text
    if text in NULLS:
        return None
    if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text.lower() == "true"
    if INT.fullmatch(text):
        return int(text)
    if re.fullmatch(r"0o[0-7]+|0x[0-9a-fA-F]+", text):
        return int(text, 0)
    if FLOAT.fullmatch(text):
        return float(text)
    return text


def validator(which: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(shipped(which).read_text(encoding="utf-8")))


def schema_errors(name: str, text: str) -> list[str]:
    """What the JSON Schema finds wrong with one file (content/… or briefs/…)."""
    which = "brief" if name.startswith("briefs/") else "content"
    data = as_editor_reads(read_file(text.encode("utf-8"), name))
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(which).iter_errors(data)
    ]


def project_files() -> dict[str, dict[str, str]]:
    example = {
        f"{folder}/{path.name}": path.read_text(encoding="utf-8")
        for folder in ("content", "briefs")
        for path in sorted((REPO / folder).glob("*.yaml"))
    }
    return {
        "example": example,
        "starter": dict(STARTER),
        "sample": dict(BASE_FILES),
        "multilingual": multilingual_files(),
    }


FILES = [(p, name, text) for p, files in project_files().items() for name, text in files.items()]


def test_shipped_json_schemas_are_generated_from_schema_py() -> None:
    for which in SCHEMA_FILES:
        assert shipped(which).read_text(encoding="utf-8") == json_text(which), (
            f"{shipped(which)} is stale: run `make schema`"
        )
        jsonschema.Draft7Validator.check_schema(json_schema(which))


def test_docs_tables_are_generated_from_schema_py() -> None:
    shown = []
    for name in DOCS:
        text = (REPO / "docs" / name).read_text(encoding="utf-8")
        assert update_docs(text) == text, f"docs/{name} is stale: run `make schema`"
        shown += [m[2] for m in MARKER.finditer(text)]
    wanted = [kind.KEY for kind in KINDS] + ["types", "parts"]
    assert sorted(shown) == sorted(wanted), "each entry kind's table appears once in the docs"


@pytest.mark.parametrize(("project", "name", "text"), FILES, ids=[f"{p}:{n}" for p, n, _ in FILES])
def test_project_files_validate_against_the_json_schema(project: str, name: str, text: str) -> None:
    assert schema_errors(name, text) == []


WRONG: list[tuple[str, str, str, str]] = [
    # (what, file, text, what the loader says)
    (
        "unknown field",
        "content/history.yaml",
        HISTORY.replace("weight: key", "wieght: key"),
        "unknown field 'wieght'",
    ),
    (
        "missing text",
        "content/history.yaml",
        HISTORY.replace("    text: The two states signed a *water-sharing* treaty in 1950.\n", ""),
        "missing field 'text'",
    ),
    (
        "id pattern",
        "content/history.yaml",
        HISTORY.replace("id: treaty-1950", "id: Treaty_1950"),
        "is not an id",
    ),
    (
        "tag pattern",
        "content/history.yaml",
        HISTORY.replace("tags: [treaty]", "tags: [Treaty]"),
        "is not an id",
    ),
    (
        "weight word",
        "content/history.yaml",
        HISTORY.replace("weight: key", "weight: important"),
        "'weight' must be one of",
    ),
    (
        "no attributions",
        "content/history.yaml",
        HISTORY.replace(
            '    attributions:\n      - source: wire-2021\n        quote: "The 1950',
            '    attributions: []\n    x_attributions:\n      - source: wire-2021\n        quote: "The 1950',
            1,
        ),
        "unknown field 'x_attributions'",
    ),
    (
        "no section",
        "content/history.yaml",
        HISTORY.replace("section: history\n", ""),
        "missing field 'section'",
    ),
    (
        "quote too long",
        "content/history.yaml",
        HISTORY.replace("The 1950 treaty split the river's flow evenly.", "x" * 301, 1),
        "the limit is 300",
    ),
    (
        "date",
        "content/history.yaml",
        HISTORY.replace("date: 1950", "date: 1950-13"),
        "is not a real date",
    ),
    (
        "tags not a list",
        "content/history.yaml",
        HISTORY.replace("tags: [treaty]", "tags: {a: b}"),
        "'tags' must be a list",
    ),
    (
        "grade",
        "content/sources.yaml",
        BASE_FILES["content/sources.yaml"].replace("reliability: B", "reliability: G"),
        "'reliability' must be one of",
    ),
    (
        "url",
        "content/sources.yaml",
        BASE_FILES["content/sources.yaml"].replace(
            "https://wire.example/river-talks", "ftp://wire.example/x"
        ),
        "must be an http(s) address",
    ),
    (
        "url with password",
        "content/sources.yaml",
        BASE_FILES["content/sources.yaml"].replace(
            "https://wire.example/", "https://me:pw@wire.example/"
        ),
        "must not hold a user name or password",
    ),
    (
        "figure without as_of",
        "content/figures.yaml",
        "figures:\n  - id: f\n    section: history\n    measure: M\n    value: '1'\n    unit: u\n    attributions:\n      - source: wire-2021\n        quote: \"The 1950 treaty split the river's flow evenly.\"\n        locator: para 3\n",
        "missing field 'as_of'",
    ),
    (
        "judgment confidence",
        "content/judgments.yaml",
        "judgments:\n  - id: j\n    text: T\n    confidence: certain\n    rests_on: [treaty-1950]\n",
        "'confidence' must be one of",
    ),
    (
        "section kind a built-in part",
        "content/more.yaml",
        "sections:\n  - id: timeline\n    title: T\n",
        "name of a built-in part",
    ),
    ("bottom line without section", "content/more.yaml", "bottom_line: B\n", "needs `section:`"),
    (
        "theme colour",
        "content/project.yaml",
        "theme:\n  accent: red\n",
        "'accent' must be a colour such as '#1f3b5a', not 'red'",
    ),
    (
        "theme font",
        "briefs/short.yaml",
        BRIEF_SHORT + 'theme:\n  serif: ["Bad;Font"]\n',
        "each 'serif' must be a font family name",
    ),
    (
        "theme paper",
        "content/project.yaml",
        "theme:\n  paper: A9\n",
        "'paper' must be one of A3",
    ),
    (
        "theme logo path",
        "content/project.yaml",
        "theme:\n  logo: ../logo.svg\n",
        "'logo' must be a file name in templates/assets/",
    ),
    (
        "empty title",
        "briefs/short.yaml",
        BRIEF_SHORT.replace("title: The Ama river dispute", "title: ''"),
        "'title' is empty",
    ),
    (
        "brief without title",
        "briefs/short.yaml",
        BRIEF_SHORT.replace("title: The Ama river dispute\n", ""),
        "missing field 'title'",
    ),
    (
        "brief format",
        "briefs/short.yaml",
        BRIEF_SHORT + "formats: [html, epub]\n",
        "unknown format 'epub'",
    ),
    (
        "brief edition month",
        "briefs/short.yaml",
        BRIEF_SHORT.replace("edition: 2026-11-23", "edition: 2026-11"),
        "is not a real date in the form YYYY-MM-DD",
    ),
    (
        "brief option",
        "briefs/short.yaml",
        BRIEF_SHORT + "options:\n  notes: sidenotes\n",
        "'notes' must be one of",
    ),
    (
        "brief option boolean",
        "briefs/short.yaml",
        BRIEF_SHORT + "options:\n  numbering: yes\n",
        "must be true or false",
    ),
    (
        "brief unknown option",
        "briefs/short.yaml",
        BRIEF_SHORT + "options:\n  colour: red\n",
        "unknown field 'colour'",
    ),
    (
        "section entry layout",
        "briefs/short.yaml",
        BRIEF_SHORT.replace("    depth: key\n", "    depth: key\n    layout: table\n"),
        "'layout' must be one of",
    ),
    (
        "max_pages",
        "briefs/short.yaml",
        BRIEF_SHORT + "max_pages: 0\n",
        "'max_pages' must be a whole number of at least 1",
    ),
]


@pytest.mark.parametrize(("what", "name", "text", "message"), WRONG, ids=[w[0] for w in WRONG])
def test_json_schema_refuses_what_the_loader_refuses(
    make_project: Callable[..., Path], what: str, name: str, text: str, message: str
) -> None:
    from briefgen.load.briefs import load_briefs
    from briefgen.load.content import load_content

    assert schema_errors(name, text), f"the JSON Schema accepts a file with a wrong {what}"
    root = make_project({name: text})
    problems: list[Problem] = []
    load_content(root, problems)
    load_briefs(root, problems)
    assert any(message in str(p) for p in problems), [str(p) for p in problems]


def test_an_optional_field_left_empty_is_absent(make_project: Callable[..., Path]) -> None:
    sources = BASE_FILES["content/sources.yaml"].replace(
        "    publisher: Example Wire\n", "    publisher:\n    note: ~\n"
    )
    brief = BRIEF_SHORT + "options:\nfilters: ~\n"
    assert schema_errors("content/sources.yaml", sources) == []
    assert schema_errors("briefs/short.yaml", brief) == []
    root = make_project({"content/sources.yaml": sources, "briefs/short.yaml": brief})
    result = CliRunner().invoke(cli, ["--project", str(root), "check"])
    assert result.exit_code == 0, result.output


def test_theme_values_editors_accept() -> None:
    theme = (
        'theme:\n  accent: "#0b6e4f"\n  chart: ["#0b6e4f", "#abc"]\n  serif: [Source Serif 4]\n'
        "  sans: Noto Sans\n  logo: Logo_2.PNG\n  paper: 170mm 240mm\n"
    )
    assert schema_errors("content/project.yaml", theme) == []


def test_brief_with_extends_needs_no_title() -> None:
    assert schema_errors("briefs/memo.yaml", "extends: short\nsubtitle: Memo\n") == []
    assert schema_errors("briefs/memo.yaml", "subtitle: Memo\n")


def test_defaults_are_the_models() -> None:
    options = BriefOptions()
    for name, field in OptionsEntry.FIELDS.items():
        if field.default is not None:
            assert getattr(options, name) == field.default, name
    assert BriefFile.formats.default == ("html", "pdf") == BriefFile.FIELDS["formats"].default
    assert BriefFile.language.default == "en"
    assert Filters().weight is None and FiltersEntry.depth.default == "full"
    assert ClaimEntry.weight.default == Claim.__dataclass_fields__["weight"].default


def test_every_built_in_part_is_described() -> None:
    assert tuple(BUILTIN_PART_HELP) == BUILTIN_PARTS


def test_suggested_source_kinds_are_the_csl_ones() -> None:
    from briefgen.render.evidence import CSL_TYPES

    assert set(SOURCE_KINDS) - set(CSL_TYPES) == {"news-site", "other"}


def test_schema_command_prints_the_shipped_schema() -> None:
    runner = CliRunner()
    for args, which in (
        (["schema"], "content"),
        (["schema", "content"], "content"),
        (["schema", "brief"], "brief"),
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert result.output == shipped(which).read_text(encoding="utf-8")
        assert json.loads(result.output)["title"].startswith("briefgen")
    assert runner.invoke(cli, ["schema", "other"]).exit_code == 2


def test_the_editor_line_leaves_a_file_as_it_was(make_project: Callable[..., Path]) -> None:
    line = "# yaml-language-server: $schema=../schemas/content.schema.json\n"
    root = make_project({"content/history.yaml": line + HISTORY})
    result = CliRunner().invoke(cli, ["--project", str(root), "check"])
    assert result.exit_code == 0, result.output
