"""Themes and template blocks: a second organisation's look without copying a template."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen.cli.main import cli
from briefgen.render.charts import coverage_chart
from briefgen.starter import init_project

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">'
    '<rect width="40" height="40" fill="#123456"/></svg>\n'  # a colour nothing else uses
)
THEME = """
theme:
  accent: "#0b6e4f"
  marking: "#b00020"
  chart: ["#0b6e4f", "#e07a1f"]
  sans: DejaVu Sans
  serif: [DejaVu Serif]
  logo: logo.svg
  paper: letter
"""
OVERRIDE = """\
{% extends "builtin/brief.html.j2" %}
{% block colophon_extra %} · Corrections: desk@example.org{% endblock %}
"""


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--project", str(root), *args])
    return result.exit_code, result.output


@pytest.fixture
def themed(tmp_path: Path) -> Path:
    """A starter project with a project theme, a logo and a template that extends a block."""
    root = tmp_path / "river"
    init_project(root)
    with (root / "content/project.yaml").open("a", encoding="utf-8") as f:
        f.write(THEME)
    (root / "templates/assets").mkdir(parents=True)
    (root / "templates/assets/logo.svg").write_text(LOGO, encoding="utf-8")
    (root / "templates/brief.html.j2").write_text(OVERRIDE, encoding="utf-8")
    return root


def test_the_theme_reaches_the_html(themed: Path) -> None:
    code, out = run(themed, "build", "--format", "html")
    assert code == 0, out
    html = (themed / "output/full/full.html").read_text(encoding="utf-8")
    assert "--accent: #0b6e4f" in html and "--marking: #b00020" in html
    assert '--sans: "DejaVu Sans", "Liberation Sans"' in html  # the theme's font, then the stack
    assert re.search(r"@page \{ size: letter;", html)
    assert '<img class="logo" src="data:image/svg+xml;base64,' in html
    # the block replaced, the rest of the built-in template kept
    assert "Corrections: desk@example.org" in html and 'class="colophon"' in html
    assert "The treaty and the dam" in html


def test_the_chart_takes_the_theme_colours() -> None:
    coverage = [("History", [("north", 2), ("south", 1)]), ("Economy", [("south", 3)])]
    svg = str(coverage_chart(coverage, None, ("#0b6e4f", "#e07a1f")))
    assert 'fill="#0b6e4f"' in svg and 'fill="#e07a1f"' in svg and "#1f3b5a" not in svg


def test_a_brief_theme_patches_the_project_theme(themed: Path) -> None:
    memo = themed / "briefs/memo.yaml"
    memo.write_text(memo.read_text(encoding="utf-8") + 'theme:\n  accent: "#333399"\n')
    code, out = run(themed, "build", "--format", "html")
    assert code == 0, out
    memo_html = (themed / "output/memo/memo.html").read_text(encoding="utf-8")
    full_html = (themed / "output/full/full.html").read_text(encoding="utf-8")
    assert "--accent: #333399" in memo_html and "--marking: #b00020" in memo_html
    assert "--accent: #0b6e4f" in full_html


@pytest.mark.pdf
def test_the_theme_reaches_the_pdf(themed: Path) -> None:
    code, out = run(themed, "build", "full", "--format", "pdf")
    assert code == 0, out
    pdf_path = themed / "output/full/full.pdf"
    page = PdfReader(pdf_path).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    with pikepdf.open(pdf_path) as pdf:
        fonts = {
            str(f.get("/BaseFont", "")).split("+")[-1]
            for p in pdf.pages
            for f in (p.Resources.get("/Font") or {}).values()
        }
        cover = pdf.pages[0].Contents
        streams = cover if isinstance(cover, pikepdf.Array) else [cover]
        drawn = b"".join(s.read_bytes() for s in streams)
    assert {"DejaVu-Sans", "DejaVu-Serif"} <= fonts, fonts  # headings and text in the theme's fonts
    assert b"0.070588 0.203922 0.337255 rg" in drawn, "the logo (#123456) is drawn on the cover"
    assert "Corrections: desk@example.org" in PdfReader(pdf_path).pages[-1].extract_text()


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('  accent: "red; } body { display: none"', "'accent' must be a colour"),
        ('  sans: "Evil\\"; } x {"', "each 'sans' must be a font family name"),
        ("  paper: huge", "'paper' must be one of A3, A4"),
        ("  logo: ../secret.svg", "'logo' must be a file name in templates/assets/"),
        ("  colour: '#000'", "unknown field 'colour'"),
    ],
)
def test_a_wrong_theme_value_is_a_located_error(tmp_path: Path, line: str, words: str) -> None:
    root = tmp_path / "river"
    init_project(root)
    project = root / "content/project.yaml"
    lines = project.read_text(encoding="utf-8").count("\n")
    project.write_text(project.read_text(encoding="utf-8") + f"theme:\n{line}\n")
    code, out = run(root, "check")
    assert code == 1
    assert re.search(rf"content/project\.yaml:{lines + 2}:\d+: error: .*{re.escape(words)}", out), (
        out
    )


def test_a_missing_logo_fails_that_brief_with_a_located_error(themed: Path) -> None:
    (themed / "templates/assets/logo.svg").unlink()
    code, out = run(themed, "build", "--format", "html")
    assert code == 3
    assert re.search(r"content/project\.yaml:\d+:\d+: error: logo 'logo.svg' not found", out), out


def test_builtin_names_cannot_climb_out(themed: Path) -> None:
    (themed / "templates/brief.html.j2").write_text(
        '{% extends "builtin/../../../errors.py" %}\n', encoding="utf-8"
    )
    code, out = run(themed, "build", "--format", "html")
    assert code == 3
    assert "templates/brief.html.j2:1: error:" in out


def test_a_theme_declared_in_two_content_files_is_a_located_error(tmp_path: Path) -> None:
    root = tmp_path / "river"
    init_project(root)
    for name in ("project.yaml", "sources.yaml"):
        path = root / "content" / name
        path.write_text(path.read_text(encoding="utf-8") + 'theme:\n  accent: "#0b6e4f"\n')
    code, out = run(root, "check")
    assert code == 1
    assert re.search(
        r"content/sources\.yaml:\d+:1: error: 'theme' is declared in more than one file", out
    ), out


def test_the_theme_reaches_the_word_file(themed: Path, tmp_path: Path) -> None:
    code, out = run(themed, "build", "--format", "docx")
    assert code == 0, out
    docx_path = themed / "output/full/full.docx"
    with zipfile.ZipFile(docx_path) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")

    def style(style_id: str) -> str:
        found = re.search(rf'<w:style\b[^>]*w:styleId="{style_id}".*?</w:style>', styles, re.S)
        assert found, style_id
        return found.group(0)

    for heading in ("Title", "TOCHeading", "Heading1", "Heading2"):
        assert re.search(r'<w:color w:val="0B6E4F" ?/>', style(heading)), heading
        assert 'w:ascii="DejaVu Sans" w:hAnsi="DejaVu Sans"' in style(heading), heading
    assert re.search(r'<w:color w:val="B00020" ?/>', style("Marking"))
    assert re.search(r'<w:color w:val="B00020" ?/>', style("Header"))
    assert 'w:color="0B6E4F"' in style("BottomLine")
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S)
    assert defaults and 'w:ascii="DejaVu Serif" w:hAnsi="DejaVu Serif"' in defaults.group(0)
    assert "w:cs=" in defaults.group(0)  # the other scripts keep the reference's font
    sizes = re.findall(r"<w:pgSz\b[^>]*/>", document)
    assert [s.replace(" />", "/>") for s in sizes] == ['<w:pgSz w:w="12240" w:h="15840"/>']
    # LibreOffice reads it: a Letter page (612 x 792 pt)
    out_dir = tmp_path / "lo"
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx_path),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    box = PdfReader(out_dir / "full.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_every_paper_name_has_a_word_page_size() -> None:
    from briefgen.load.schema import PAPER_NAMES
    from briefgen.render.word_theme import PAPER_MM, paper_twips

    assert set(PAPER_MM) == set(PAPER_NAMES)
    assert paper_twips("A4") == (11906, 16838) and paper_twips("170mm 240mm") == (9638, 13606)
