"""Hostile values at the edges: dates at the ends of the calendar, CSS values, theme sizes.

A case passes when the project builds and draws what it holds, or stops with a located
line; never an internal error (exit 4) or a hang.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.render.charts import tick_step
from tests.sample_project import BRIEF_FULL, BRIEF_SHORT, EVENTS, HISTORY
from tests.test_hostile import run_bounded

ALL_BUT_PDF = "formats: [html, docx, json]\n"


@pytest.mark.parametrize(
    ("first", "last"),
    [("0001-01-01", "9999-12-31"), ("0001", "0002"), ("9998-12", "9999"), ("1999", "1999")],
)
def test_a_timeline_at_the_ends_of_the_calendar_is_drawn(
    make_project: Callable[..., Path], first: str, last: str
) -> None:
    events = EVENTS.replace("1950-03-01", first).replace("date: 2019", f"date: {last}")
    root = make_project(
        {
            "content/timeline.yaml": events,
            "briefs/full.yaml": BRIEF_FULL.replace("2026-11-23", "9999-12-31") + ALL_BUT_PDF,
            "briefs/short.yaml": BRIEF_SHORT.replace("2026-11-23", "0001-01-01") + ALL_BUT_PDF,
        }
    )
    code, output = run_bounded(root, "build")
    assert code == 0, output
    page = (root / "output/full/full.html").read_text()
    assert 'class="chart timeline"' in page
    ticks = (
        page.split('class="chart timeline"')[1].split("</svg>")[0].count('text-anchor="middle">')
    )
    assert 2 <= ticks <= 11 + 2, ticks  # the axis' ticks and the two numbered markers
    for brief in ("full", "short"):
        with zipfile.ZipFile(io.BytesIO((root / f"output/{brief}/{brief}.docx").read_bytes())) as z:
            assert z.testzip() is None
            stamp = z.infolist()[0].date_time
            assert 1980 <= stamp[0] <= 2107
        evidence = json.loads((root / f"output/{brief}/{brief}.json").read_text())
        assert evidence


@pytest.mark.parametrize("date", ["0000", "0000-01", "0000-02-29"])
@pytest.mark.parametrize("where", ["claim", "event", "edition"])
def test_year_zero_is_a_located_error(
    make_project: Callable[..., Path], date: str, where: str
) -> None:
    if where == "claim":
        files = {"content/history.yaml": HISTORY.replace("date: 1950", f"date: {date}")}
        shown = "content/history.yaml:5:"
    elif where == "event":
        files = {"content/timeline.yaml": EVENTS.replace("date: 2019", f"date: {date}")}
        shown = "content/timeline.yaml:12:"
    else:
        files = {"briefs/short.yaml": BRIEF_SHORT.replace("2026-11-23", date)}
        shown = "briefs/short.yaml:4:"
    code, output = run_bounded(make_project(files), "build")
    assert code == 1, output
    assert f"{shown}" in output and "is not a real date" in output and f"'{date}'" in output


def test_the_axis_never_has_more_than_ten_steps() -> None:
    for span in [*range(1, 2000), 9998, 9999, 10_000, 123_456]:
        step = tick_step(span)
        assert span / step <= 10 and (span <= 10 or span / step > 2), (span, step)


# --- every value written into CSS: one serialiser, read back by a CSS parser --------------

CSS_HOSTILE = [
    'a"b',
    "back\\slash",
    "cr\rlf\nff\x0cend",
    "nul\x00end",
    "</style><script>alert(1)</script>",
    '"; } @import url(http://evil.example/x.css); a { content: "',
    "x\r} @page { background: url(http://evil.example/p.png) } y",
    "Гриф: ДСП — سري للغاية — 機密",
    "\\31 0 \\",
    "tab\there",
    "\U0001f600 emoji",
]


def css_value(text: str) -> list[object]:
    import tinycss2

    return [t for t in tinycss2.parse_component_value_list(text) if t.type not in ("whitespace",)]


@pytest.mark.parametrize("text", CSS_HOSTILE)
def test_css_string_reads_back_as_the_same_one_string(text: str) -> None:
    from briefgen.render.css import css_string

    literal = css_string(text)
    assert literal.isascii() and all(c not in literal for c in "<>\r\n\x0c\x00&")
    (token,) = css_value(literal)
    assert token.type == "string"  # type: ignore[attr-defined]
    assert token.value == text.replace("\x00", "\ufffd")  # type: ignore[attr-defined]


def test_css_string_holds_any_text() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from briefgen.render.css import css_string

    @settings(max_examples=400, deadline=None)
    @given(st.text(max_size=60))
    def check(text: str) -> None:
        (token,) = css_value(css_string(text))
        assert token.type == "string"  # type: ignore[attr-defined]
        expected = "".join(
            "\ufffd" if c == "\x00" or 0xD800 <= ord(c) <= 0xDFFF else c for c in text
        )
        assert token.value == expected  # type: ignore[attr-defined]

    check()


def print_rules(page: str) -> list[tuple[str, list[object]]]:
    """Each `content` declaration of the page's <style> elements, parsed (nested @page rules too)."""
    import re

    import tinycss2

    found: list[tuple[str, list[object]]] = []

    def walk(nodes: list[object]) -> None:
        for node in nodes:
            kind = getattr(node, "type", "")
            assert kind != "error", node
            if kind == "url" or (kind == "function" and node.lower_name == "url"):  # type: ignore[attr-defined]
                raise AssertionError(f"a url() in the page's CSS: {node}")
            if kind in ("at-rule", "qualified-rule") and node.content is not None:  # type: ignore[attr-defined]
                walk(tinycss2.parse_blocks_contents(node.content))  # type: ignore[attr-defined]
            if kind == "declaration":
                found.append((node.lower_name, css_value(tinycss2.serialize(node.value))))  # type: ignore[attr-defined]
                walk(node.value)  # type: ignore[attr-defined]
            if kind in ("function", "() block", "[] block", "{} block"):
                walk(list(node.arguments if kind == "function" else node.content))  # type: ignore[attr-defined]

    for sheet in re.findall(r"<style[^>]*>(.*?)</style>", page, re.DOTALL):
        walk(tinycss2.parse_stylesheet(sheet))
    return found


@pytest.mark.parametrize("marking", CSS_HOSTILE[:8])
def test_a_marking_is_one_css_string_in_the_print_stylesheet(
    make_project: Callable[..., Path], marking: str
) -> None:
    quoted = json.dumps(marking)  # a YAML double-quoted scalar
    brief = BRIEF_SHORT.replace("marking: FOR OFFICIAL USE ONLY", f"marking: {quoted}")
    root = make_project(
        {
            "briefs/short.yaml": brief + "formats: [html]\n",
            "briefs/full.yaml": BRIEF_FULL + "formats: [html]\n",
        }
    )
    code, output = run_bounded(root, "build", "short")
    assert code == 0, output
    page = (root / "output/short/short.html").read_text()
    contents = [value for name, value in print_rules(page) if name == "content"]
    strings = [v[0].value for v in contents if len(v) == 1 and v[0].type == "string"]  # type: ignore[attr-defined]
    assert strings.count(marking.replace("\x00", "\ufffd")) == 2, strings  # head and foot


# --- theme values, checked as they will be used -------------------------------------------

PAPERS = {
    "10mm 10mm": False,  # WeasyPrint would lay the brief out forever
    "99mm 300mm": False,
    "1201mm 300mm": False,
    "٢١٠mm ٢٩٧mm": False,  # Arabic-Indic digits: not the size the PDF would get
    "２１０mm ２９７mm": False,  # fullwidth digits
    "210mm\u00a0297mm": False,
    "210mm 297mm ": True,  # read stripped
    "100mm 100mm": True,
    "1200mm 1200.0mm": True,
}


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_a_paper_size_is_checked_as_it_will_be_used(
    make_project: Callable[..., Path], paper: str
) -> None:
    theme = f"theme:\n  paper: {json.dumps(paper)}\n"
    root = make_project({"briefs/short.yaml": BRIEF_SHORT + theme})
    code, output = run_bounded(root, "check")
    if PAPERS[paper]:
        assert code == 0, output
    else:
        assert code == 1, output
        assert "briefs/short.yaml:" in output and "'paper' must be one of" in output, output


def test_the_json_schema_takes_the_same_paper_sizes() -> None:
    import jsonschema

    from briefgen.load.schema import shipped

    schema = json.loads(shipped("brief").read_text())["definitions"]["theme"]["properties"]
    for paper, fine in PAPERS.items():
        errors = list(jsonschema.Draft202012Validator(schema["paper"]).iter_errors(paper.strip()))
        assert (not errors) == fine, (paper, errors)


@pytest.mark.pdf
def test_the_smallest_paper_builds_in_bounded_time(make_project: Callable[..., Path]) -> None:
    theme = 'formats: [pdf]\ntheme:\n  paper: "100mm 100mm"\n'
    root = make_project({"briefs/short.yaml": BRIEF_SHORT + theme})
    code, output = run_bounded(root, "build", "short", "--timeout", "50")
    assert code == 0, output
    from pypdf import PdfReader

    box = PdfReader(root / "output/short/short.pdf").pages[0].mediabox
    assert (
        round(float(box.width) / 72 * 25.4) == 100 and round(float(box.height) / 72 * 25.4) == 100
    )


# --- the project folder itself: never an internal error ------------------------------------


def planted(kind: str, name: str, target: str) -> Callable[[Path], Path]:
    """A fault: a link or a file at `target`, the project folder given as `name`."""

    def plant(where: Path) -> Path:
        if kind == "link":
            (where / target.split("/")[0]).symlink_to(target.split("/")[-1])
        elif kind == "file":
            (where / target).write_text("x")
        return where / name

    return plant


PROJECT_FAULTS: dict[str, tuple[Callable[[Path], Path], int, str]] = {
    "a-loop": (planted("link", "loop", "loop"), 2, "is a symbolic link loop"),
    "under-a-loop": (planted("link", "loop/x", "loop"), 2, "is a symbolic link loop"),
    "under-a-file": (planted("file", "file/x", "file"), 1, "error:"),
    "dangling": (planted("link", "link", "link/nowhere"), 1, "error:"),
    "missing": (planted("none", "missing", ""), 1, "error:"),
}


@pytest.mark.parametrize("command", ["check", "build", "serve", "watch"])
@pytest.mark.parametrize("fault", sorted(PROJECT_FAULTS))
def test_a_project_folder_that_cannot_be_used_is_a_clean_error(
    tmp_path: Path, fault: str, command: str
) -> None:
    from click.testing import CliRunner

    from briefgen.cli.main import cli

    make, code, words = PROJECT_FAULTS[fault]
    project = make(tmp_path)
    extra = ["--port", "0", "--max-rebuilds", "1"] if command == "serve" else []
    extra = ["--max-rebuilds", "1"] if command == "watch" else extra
    result = CliRunner().invoke(cli, ["--project", str(project), command, *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.output
    assert words in result.output and "internal error" not in result.output
