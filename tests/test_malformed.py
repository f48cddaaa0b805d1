"""A corpus of malformed inputs: each gives located one-line errors, exit 1, no traceback, outputs kept."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli.main import cli
from tests.sample_project import (
    ACTORS,
    BASE_FILES,
    BRIEF_SHORT,
    CONTESTED,
    EVENTS,
    HISTORY,
    SOURCES,
)

LINE = re.compile(r"^[^\s:][^:]*:\d+:\d+: (error|warning): \S.*$")

HANDWRITTEN: list[tuple[str, str, bytes]] = [
    ("syntax-unclosed-bracket", "content/history.yaml", b"claims: [\n"),
    ("syntax-unclosed-quote", "content/history.yaml", b"claims:\n  - id: 'x\n"),
    ("syntax-bad-indent", "content/history.yaml", b"claims:\n  - id: x\n   text: y\n"),
    ("syntax-colon-in-plain", "content/history.yaml", b"claims:\n  - text: a: b: c\n"),
    ("syntax-tab-indent", "content/history.yaml", b"claims:\n\t- id: x\n"),
    ("syntax-stray-dash", "content/history.yaml", b"- a\nb: c\n"),
    ("syntax-directive", "content/history.yaml", b"%YAML 9.9\n---\na: 1\n"),
    ("nul-byte", "content/history.yaml", b"claims:\x00\n"),
    ("control-char", "content/history.yaml", b"claims: \x07\n"),
    ("not-utf8-latin1", "content/history.yaml", "section: hist\u00f6ry\n".encode("latin-1")),
    ("not-utf8-utf16", "content/history.yaml", "section: history\n".encode("utf-16")),
    ("lone-continuation-byte", "content/history.yaml", b"a: \x80\n"),
    ("deep-nesting-flow", "content/history.yaml", b"[" * 25000 + b"]" * 25000),
    (
        "deep-nesting-block",
        "content/history.yaml",
        b"".join(b"  " * i + b"a:\n" for i in range(200)),
    ),
    ("deep-nesting-mixed", "content/history.yaml", b"a: " + b"{b: [" * 60 + b"]}" * 60),
    (
        "alias-bomb",
        "content/history.yaml",
        b'a: &a ["x","x","x","x"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\n',
    ),
    ("merge-key", "content/history.yaml", b"base: &b {x: 1}\nclaims:\n  - <<: *b\n"),
    ("duplicate-top-key", "content/history.yaml", b"claims: []\nclaims: []\n"),
    (
        "duplicate-nested-key",
        "content/history.yaml",
        HISTORY.replace("    date: 1950\n", "    date: 1950\n    date: 1951\n").encode(),
    ),
    (
        "python-tag",
        "content/history.yaml",
        b"claims: !!python/object/apply:os.system ['echo hi']\n",
    ),
    ("int-tag-empty", "content/history.yaml", b"!!int \n"),
    ("custom-tag", "content/history.yaml", b"claims: !secret x\n"),
    ("binary-tag", "content/history.yaml", b"claims: !!binary aGVsbG8=\n"),
    ("two-documents", "content/history.yaml", b"claims: []\n---\nclaims: []\n"),
    ("top-level-list", "content/history.yaml", b"- claims\n"),
    ("top-level-scalar", "content/history.yaml", b"just text\n"),
    ("complex-key", "content/history.yaml", b"? [a, b]\n: c\n"),
    ("oversized", "content/history.yaml", b"claims: []\n#" + b"x" * (3 * 1024 * 1024)),
    ("unknown-top-key", "content/history.yaml", b"claimz: []\n"),
    ("claims-not-list", "content/history.yaml", b"claims: {id: x}\n"),
    ("claim-not-mapping", "content/history.yaml", b"claims:\n  - just text\n"),
    (
        "empty-attributions",
        "content/history.yaml",
        HISTORY.replace(
            '    attributions:\n      - source: wire-2021\n        quote: "The 1950 treaty split the river\'s flow evenly."\n        locator: para 3\n',
            "    attributions: []\n",
            1,
        ).encode(),
    ),
    (
        "quote-too-long",
        "content/history.yaml",
        HISTORY.replace("The 1950 treaty split the river's flow evenly.", "x" * 400, 1).encode(),
    ),
    (
        "dangling-source",
        "content/history.yaml",
        HISTORY.replace("source: wire-2021", "source: wire-1999", 1).encode(),
    ),
    (
        "dangling-actor",
        "content/history.yaml",
        HISTORY.replace("held_by: north-gov", "held_by: west-gov").encode(),
    ),
    (
        "dangling-section",
        "content/history.yaml",
        HISTORY.replace("section: history", "section: geography").encode(),
    ),
    (
        "bad-id",
        "content/history.yaml",
        HISTORY.replace("id: treaty-1950", "id: Treaty 1950").encode(),
    ),
    (
        "duplicate-id-across-files",
        "content/timeline.yaml",
        EVENTS.replace("id: ev-treaty", "id: treaty-1950").encode(),
    ),
    (
        "contested-one-position",
        "content/contested.yaml",
        CONTESTED.split("      - held_by: south-gov")[0].encode(),
    ),
    (
        "contested-no-positions",
        "content/contested.yaml",
        b"contested:\n  - id: x\n    question: Q?\n",
    ),
    (
        "judgment-dangling",
        "content/judgments.yaml",
        b"judgments:\n  - id: j\n    text: T\n    confidence: high\n    rests_on: [nothing]\n",
    ),
    (
        "judgment-bad-confidence",
        "content/judgments.yaml",
        b"judgments:\n  - id: j\n    text: T\n    confidence: certain\n    rests_on: [treaty-1950]\n",
    ),
    (
        "table-ragged-row",
        "content/tables.yaml",
        b"tables:\n  - id: t\n    section: history\n    title: T\n    columns: [a, b]\n    rows:\n      - [1]\n    attributions:\n      - source: wire-2021\n        quote: q\n        locator: p\n",
    ),
    (
        "table-row-not-list",
        "content/tables.yaml",
        b"tables:\n  - id: t\n    section: history\n    title: T\n    columns: [a, b]\n    rows:\n      - x\n    attributions:\n      - source: wire-2021\n        quote: q\n        locator: p\n",
    ),
    (
        "term-one-name",
        "content/terms.yaml",
        b"terms:\n  - id: t\n    concept: C\n    names:\n      - name: A\n        used_by: x\n        attributions:\n          - source: wire-2021\n            quote: q\n            locator: p\n",
    ),
    ("sections-twice", "content/more.yaml", b"sections:\n  - id: history\n    title: H\n"),
    (
        "section-builtin-name",
        "content/project.yaml",
        b"sections:\n  - id: timeline\n    title: T\n",
    ),
    (
        "source-url-javascript",
        "content/sources.yaml",
        SOURCES.replace("https://wire.example/river-talks", "javascript:alert(1)").encode(),
    ),
    (
        "source-url-file",
        "content/sources.yaml",
        SOURCES.replace("https://wire.example/river-talks", "file:///etc/passwd").encode(),
    ),
    (
        "source-bad-grade",
        "content/sources.yaml",
        SOURCES.replace("reliability: B", "reliability: Z").encode(),
    ),
    (
        "source-duplicate-id",
        "content/sources.yaml",
        (SOURCES + SOURCES.split("sources:\n")[1]).encode(),
    ),
    (
        "actor-missing-name",
        "content/actors.yaml",
        ACTORS.replace("    name: Government of Northland\n", "").encode(),
    ),
    ("brief-empty", "briefs/short.yaml", b""),
    ("brief-only-comment", "briefs/short.yaml", b"# nothing\n"),
    ("brief-list", "briefs/short.yaml", b"- title\n"),
    ("brief-missing-sections", "briefs/short.yaml", b"title: T\nedition: 2026-11-23\nmarking: M\n"),
    (
        "brief-unknown-section",
        "briefs/short.yaml",
        BRIEF_SHORT.replace("  - contested\n", "  - contestd\n").encode(),
    ),
    (
        "brief-unknown-tag",
        "briefs/short.yaml",
        BRIEF_SHORT.replace("    depth: key\n", "    depth: key\n    tags: [nope]\n").encode(),
    ),
    (
        "brief-bad-depth",
        "briefs/short.yaml",
        BRIEF_SHORT.replace("depth: key", "depth: deep").encode(),
    ),
    (
        "brief-section-twice",
        "briefs/short.yaml",
        BRIEF_SHORT.replace("  - summary\n", "  - contested\n").encode(),
    ),
    ("brief-bad-format", "briefs/short.yaml", (BRIEF_SHORT + "formats: [odt]\n").encode()),
    ("brief-bad-language", "briefs/short.yaml", (BRIEF_SHORT + "language: English\n").encode()),
    ("brief-options-list", "briefs/short.yaml", (BRIEF_SHORT + "options: [a]\n").encode()),
    (
        "brief-unknown-option",
        "briefs/short.yaml",
        (BRIEF_SHORT + "options:\n  reliabilty: false\n").encode(),
    ),
    ("brief-bad-name", "briefs/Short Brief.yaml", BRIEF_SHORT.encode()),
]

RETYPING = [
    "NO",
    "yes",
    "on",
    "1:30",
    "0755",
    "0x1F",
    "1e3",
    ".inf",
    "~",
    "2024-02-30",
    "2024-13-01",
    "20240101",
    "[1, 2]",
    "{a: 1}",
]
# (file, text, line, pattern, values that are valid there: `0755` is the year 755, `~` an absent optional field)
TYPED_FIELDS = [
    ("content/history.yaml", HISTORY, "date: 1950", "date: {}", {"0755", "~"}),
    ("content/history.yaml", HISTORY, "weight: key", "weight: {}", {"~"}),
    ("content/sources.yaml", SOURCES, "reliability: B", "reliability: {}", set()),
    ("content/sources.yaml", SOURCES, "published: 2021-06-03", "published: {}", {"0755", "~"}),
    ("briefs/short.yaml", BRIEF_SHORT, "edition: 2026-11-23", "edition: {}", set()),
    ("briefs/short.yaml", BRIEF_SHORT, "depth: key", "depth: {}", {"~"}),
]

# every field of a claim, a source and a brief: removed, misspelled, and given a list or a mapping
FIELD_MUTATIONS = [
    (
        "content/history.yaml",
        HISTORY,
        ["id", "text", "date", "tags", "weight", "attributions"],
        "    ",
    ),
    (
        "content/sources.yaml",
        SOURCES,
        [
            "id",
            "title",
            "publisher",
            "published",
            "url",
            "kind",
            "perspective",
            "perspective_group",
            "reliability",
            "reliability_note",
        ],
        "    ",
    ),
    (
        "briefs/short.yaml",
        BRIEF_SHORT,
        ["title", "subtitle", "audience", "edition", "marking", "organisation", "sections"],
        "",
    ),
]


def field_cases() -> Iterator[tuple[str, str, bytes]]:
    for path, text, fields, indent in FIELD_MUTATIONS:
        for name in fields:
            line = next(
                line
                for line in text.splitlines()
                if line.startswith(f"{indent}{name}:")
                or line.startswith(f"{indent}- {name}:")
                or line.startswith(f"  - {name}:")
            )
            key_at = line.index(name)
            prefix = line[:key_at]
            yield (
                f"{path}-{name}-misspelled",
                path,
                text.replace(
                    line, prefix + name[:-1] + "x" + line[key_at + len(name) :], 1
                ).encode(),
            )
            yield (
                f"{path}-{name}-as-mapping",
                path,
                text.replace(line, f"{prefix}{name}: {{bad: value}}", 1).encode(),
            )
            yield (
                f"{path}-{name}-as-list",
                path,
                text.replace(line, f"{prefix}{name}: [[nested]]", 1).encode(),
            )


def retyping_cases() -> Iterator[tuple[str, str, bytes]]:
    for path, text, old, pattern, valid in TYPED_FIELDS:
        for value in RETYPING:
            if value in valid:
                continue
            yield (
                f"{path}-{old.split(':')[0]}={value}",
                path,
                text.replace(old, pattern.format(value), 1).encode(),
            )


CASES = HANDWRITTEN + list(field_cases()) + list(retyping_cases())


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 150, len(CASES)


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.sample_project import write_project

    root = write_project(tmp_path_factory.mktemp("corpus") / "p", BASE_FILES)
    result = CliRunner().invoke(cli, ["--project", str(root), "build", "--format", "html"])
    assert result.exit_code == 0, result.output
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "output").rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(("name", "path", "data"), CASES, ids=[c[0] for c in CASES])
def test_malformed_input_gives_clean_errors(
    built_project: Path, name: str, path: str, data: bytes
) -> None:
    target = built_project / path
    original = target.read_bytes() if target.exists() else None
    before = snapshot(built_project)
    target.write_bytes(data)
    try:
        result = CliRunner().invoke(
            cli, ["--project", str(built_project), "build", "--format", "html"]
        )
    finally:
        if original is None:
            target.unlink()
        else:
            target.write_bytes(original)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert result.exit_code == 1, result.output
    assert errors, result.stderr
    for line in result.stderr.splitlines():
        assert LINE.match(line), line
    assert snapshot(built_project) == before


def test_utf8_bom_is_accepted(make_project: Callable[..., Path]) -> None:
    root = make_project()
    path = root / "content/history.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = CliRunner().invoke(cli, ["--project", str(root), "check"])
    assert result.exit_code == 0, result.output


def test_values_that_look_retypable_keep_their_written_meaning(
    make_project: Callable[..., Path],
) -> None:
    from briefgen.validate.workspace import open_workspace

    history = HISTORY.replace("date: 1950", "date: 0755").replace("weight: key", "weight: ~")
    ws = open_workspace(make_project({"content/history.yaml": history}))
    claim = ws.project.by_id()["treaty-1950"]
    assert ws.errors == [] and str(claim.date) == "0755" and claim.weight == "detail"
