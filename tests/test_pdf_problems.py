"""What WeasyPrint reports, and what the PDF's fetcher refuses or misses, reaches the author:
per brief, located in the file that says it, warnings or (a missing asset) errors; `--strict`
fails on them; the built-in templates give none but the documented harmless ones."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli.main import cli
from briefgen.errors import Location, Severity
from briefgen.render.html import BUILTIN_TEMPLATES
from briefgen.render.pdf_problems import (
    HARMLESS,
    Logged,
    Sources,
    captured,
    harmless,
    located,
    style_texts,
)
from briefgen.starter import init_project
from tests.sample_project import REPO

pytestmark = pytest.mark.pdf

BRIEF_CSS = BUILTIN_TEMPLATES / "assets" / "brief.css"
FONT = '@font-face { font-family: "House Serif"; src: url(fonts/house-serif.woff2); }\n'
TYPO = "body { colr: #222; }\n"
OUTSIDE = ".cover { background-image: url(file:///etc/hostname); }\n"
LOGO = """\
{% extends "builtin/brief.html.j2" %}
{% block colophon_extra %} · <img src="assets/logo.png" alt="Office logo" width="40">{% endblock %}
"""


def scratch(tmp_path: Path, *rules: str, template: str | None = None) -> tuple[Path, int]:
    """A starter project whose own brief.css (the built-in one and `rules` after it) and
    template are given; the line the first added rule is on."""
    root = tmp_path / "scratch"
    init_project(root)
    assets = root / "templates" / "assets"
    assets.mkdir(parents=True)
    css = BRIEF_CSS.read_text(encoding="utf-8")
    (assets / "brief.css").write_text(css + "".join(rules), encoding="utf-8")
    if template is not None:
        (root / "templates" / "brief.html.j2").write_text(template, encoding="utf-8")
    return root, css.count("\n") + 1


def build(root: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["--project", str(root), "build", *args])
    return result.exit_code, result.stderr.splitlines()


def test_each_problem_is_said_where_it_is_written_and_a_missing_asset_fails(
    tmp_path: Path,
) -> None:
    root, line = scratch(tmp_path, FONT, TYPO, OUTSIDE, template=LOGO)
    code, err = build(root, "full", "-f", "pdf")
    assert code == 3, err
    css = "templates/assets/brief.css"
    assert err == [
        f"{css}:{line}:57: error: full.pdf: missing asset templates/fonts/house-serif.woff2: "
        "add the file to the template folder or correct the reference",
        f"{css}:{line + 1}:8: warning: full.pdf: Ignored `colr: #222`, unknown property.",
        f"{css}:{line + 2}:39: warning: full.pdf: refused to fetch file:///etc/hostname: a PDF "
        "reads only files inside the template folders (templates/ and the built-in ones)",
        "templates/brief.html.j2:2:47: error: full.pdf: missing asset "
        "templates/assets/logo.png: add the file to the template folder or correct the reference",
        "output/full: error: not written: 2 error(s) above",
    ]
    assert not (root / "output/full/full.pdf").exists()


def test_warnings_are_said_recorded_and_fail_strict(tmp_path: Path) -> None:
    root, line = scratch(tmp_path, TYPO)
    typo = f"templates/assets/brief.css:{line}:8: warning: memo.pdf: Ignored `colr: #222`, unknown property."
    code, err = build(root, "memo", "-f", "pdf")
    assert code == 0
    assert typo in err
    assert (root / "output/memo/memo.pdf").read_bytes().startswith(b"%PDF-")
    # up to date: what was reported when the PDF was made is said again, and --strict fails
    code, err = build(root, "memo", "-f", "pdf")
    assert code == 0 and typo in err
    code, err = build(root, "memo", "-f", "pdf", "--strict")
    assert code == 3
    assert err[-1] == (
        "output/memo: error: 1 warning(s) recorded when its outputs were made, and --strict"
    )
    # a forced strict build makes it again and does not write it
    pdf = (root / "output/memo/memo.pdf").stat().st_mtime_ns
    code, err = build(root, "memo", "-f", "pdf", "--strict", "--force")
    assert code == 3
    assert err[-2:] == [typo, "output/memo: error: not written: 1 warning(s) and --strict above"]
    assert (root / "output/memo/memo.pdf").stat().st_mtime_ns == pdf
    # the no-op fast path says it too
    build(root)
    code, err = build(root)
    assert code == 0 and typo in err


def test_pdf_css_messages_are_located_in_pdf_css(tmp_path: Path) -> None:
    root, _ = scratch(tmp_path)
    pdf_css = (BUILTIN_TEMPLATES / "assets" / "pdf.css").read_text(encoding="utf-8")
    (root / "templates/assets/pdf.css").write_text(pdf_css + "p { colour: red; }\n")
    code, err = build(root, "memo", "-f", "pdf")
    assert code == 0
    line = pdf_css.count("\n") + 1
    assert (
        f"templates/assets/pdf.css:{line}:5: warning: memo.pdf: Ignored `colour: red`, "
        "unknown property." in err
    )


def test_a_font_face_in_pdf_css_is_loaded_and_a_missing_one_fails(tmp_path: Path) -> None:
    """The PDF stylesheet's @font-face rules are read (WeasyPrint drops them unreported when
    the stylesheet has no font configuration): a missing file is an error where it is named,
    a present one is embedded."""
    import shutil
    import subprocess

    import pikepdf

    root, _ = scratch(tmp_path)
    pdf_css = (BUILTIN_TEMPLATES / "assets" / "pdf.css").read_text(encoding="utf-8")
    heading = 'h1 { font-family: "House Serif" !important; }\n'
    (root / "templates/assets/pdf.css").write_text(pdf_css + FONT + heading, encoding="utf-8")
    code, err = build(root, "memo", "-f", "pdf")
    line = pdf_css.count("\n") + 1
    assert code == 3
    assert err[0] == (
        f"templates/assets/pdf.css:{line}:57: error: memo.pdf: missing asset "
        "templates/assets/fonts/house-serif.woff2: add the file to the template folder or "
        "correct the reference"
    )
    listed = subprocess.run(
        ["fc-list", ":fontformat=TrueType", "file"], capture_output=True, text=True
    )
    files = sorted(f.split(":")[0] for f in listed.stdout.splitlines() if f.strip())
    if not files:
        pytest.skip("needs an installed TrueType font")
    (root / "templates/assets/fonts").mkdir()
    shutil.copy(files[0], root / "templates/assets/fonts/house-serif.woff2")  # read by content
    code, err = build(root, "memo", "-f", "pdf", "--force")
    assert code == 0, err
    with pikepdf.open(root / "output/memo/memo.pdf") as pdf:
        fonts = {
            str(font.get("/BaseFont"))
            for page in pdf.pages
            for font in page.Resources.get("/Font", {}).values()
        }
    assert any("House" in name for name in fonts), fonts


def test_harmless_messages_are_the_listed_kinds_only() -> None:
    assert harmless("Ignored `overflow-x: auto` at 115:49, unknown property.")
    assert harmless("Unknown rule <AtRule @supports … { … }> at 1:1")
    assert not harmless("No anchor #note-12 for internal URI reference")  # every call links
    assert not harmless("Ignored `colr: #222` at 3:8, unknown property.")
    assert not harmless("No anchor #section-2 for internal URI reference")
    assert not harmless("Failed to load image at 'file:///x/logo.png': not there")
    assert not harmless("Invalid media type 'tv' the whole @media rule was ignored at 3:1.")
    assert harmless(
        "Invalid media type ' (max-width: 40rem) ' the whole @media rule was ignored at 138:1."
    )


def test_the_harmless_messages_are_documented() -> None:
    docs = " ".join((REPO / "docs/theming.md").read_text(encoding="utf-8").split())
    for _, words in HARMLESS:
        assert words in docs


def test_a_css_message_is_placed_in_the_stylesheet_that_holds_it() -> None:
    css = "p { color: red; }\nh1 { colr: blue; }\n"
    html = (
        "<html><head><style>@page { size: A4 }</style>"
        f"<style>\n{css}</style></head><body></body></html>"
    )
    sources = Sources(
        [BUILTIN_TEMPLATES], style_texts(html), None, "templates/brief.html.j2", "x.pdf"
    )
    where, note = sources.css_place(3, 6, "Ignored `colr: blue` at 3:6, unknown property.")
    assert (where, note) == (
        Location("templates/brief.html.j2"),
        " (line 3 of a <style> element)",
    )
    problems = located(
        [], [Logged("WARNING", "Ignored `colr: blue` at 3:6, unknown property.")], [], [],
        sources, BUILTIN_TEMPLATES / "assets" / "pdf.css",
    )  # fmt: skip
    assert [(str(p.location), p.severity, p.message) for p in problems] == [
        (
            "templates/brief.html.j2",
            Severity.WARNING,
            "x.pdf: Ignored `colr: blue`, unknown property. (line 3 of a <style> element)",
        )
    ]


@pytest.mark.weasyprint_logs  # it logs to WeasyPrint's logger
def test_capture_keeps_this_threads_messages_only() -> None:
    import threading

    logger = logging.getLogger("weasyprint")
    with captured() as mine:
        logger.warning("here")
        other = threading.Thread(target=lambda: logger.warning("elsewhere"))
        other.start()
        other.join()
        logging.getLogger("weasyprint.progress").warning("progress")
    assert mine == [Logged("WARNING", "here")]


def test_a_var_that_gives_nothing_is_placed_in_the_pdf_stylesheet() -> None:
    """WeasyPrint reports an empty var() where it is used: in pdf.css, at the value."""
    pdf_css = BUILTIN_TEMPLATES / "assets" / "pdf.css"
    text = pdf_css.read_text(encoding="utf-8").splitlines()
    line = next(i for i, s in enumerate(text, 1) if "font-family: var(--serif)" in s)
    column = text[line - 1].index("var(") + 1
    sources = Sources([BUILTIN_TEMPLATES], [], None, "brief.html.j2", "x.pdf", pdf_css)
    message = f"Ignored `font-family: ` at {line}:{column}, no value."
    assert sources.css_place(line, column, message) == (
        Location("<built-in templates>/assets/pdf.css", line, column),
        "",
    )
