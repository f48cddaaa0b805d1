"""PDF/UA-1 by default and PDF/A on request: WeasyPrint's pdf_variant finished by briefgen.render.pdfua.

A small brief-like page goes through render_pdf with the real pdf.css (running heads and feet,
page footnotes, a table with column and row headers, a description list, nested lists, a chart
with its data, internal and external links); tests/pdfua_check.py then checks its structure.
The example briefs get the same check in tests/test_pdf_quality.py.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from briefgen.builder.run import find_asset, template_dirs
from briefgen.load.briefs import PDF_VARIANTS
from briefgen.model import PartialDate, Theme
from briefgen.render.charts import coverage_chart
from briefgen.render.pdfua import DEFAULT_VARIANT, VARIANTS, html_facts
from briefgen.render.theme import look, theme_css
from tests.pdfua_check import check
from tests.sample_project import REPO

pytestmark = pytest.mark.pdf

CHART = coverage_chart(
    [("History", [("Turkish government", 3), ("Press", 2)]), ("Energy", [("Press", 4)])]
)

# the theme's CSS a brief's HTML carries (pdf.css takes its fonts from it)
THEME = f"<style>{theme_css(look(Theme()))}</style>"
HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test brief: structure</title>{THEME}</head>
<body class="notes-footnotes">
<header class="cover"><p class="marking marking-top">FOR TESTS ONLY</p>
<h1 class="title">Test brief</h1>
<dl class="meta"><div><dt>Topic</dt><dd>Tests</dd></div><div><dt>Edition</dt><dd>1 May 2026</dd></div></dl>
</header>
<nav class="toc"><ol><li><a href="#part-one">1 One</a></li><li><a href="#part-two">2 Two</a></li></ol></nav>
<main>
<section id="part-one"><h2>One</h2>
<p class="prose">A first sentence.<a class="ref" href="#note-1" id="ref-1" aria-label="Note 1">1</a><span class="fn" data-note="1">Daily Sabah, <cite>A title</cite>, para 1: <q>quoted words</q>.</span>
A second sentence.<a class="ref" href="#note-2" id="ref-2" aria-label="Note 2">2</a><span class="fn" data-note="2">AP, para 2.</span>
See <a href="https://example.org/report">the report</a> and <a href="#part-two">part two</a>.</p>
<ul><li>Item one<ul><li>Inner item</li></ul></li><li>Item two</li></ul>
<figure>{CHART}<figcaption>Statements per section</figcaption></figure>
</section>
<section id="part-two"><h2>Two</h2>
<table><caption>Positions</caption>
<thead><tr><th scope="col">Actor</th><th scope="col">Position</th></tr></thead>
<tbody><tr><th scope="row">Turkey</th><td>Supports it.<a class="ref" href="#note-3" id="ref-3" aria-label="Note 3">3</a><span class="fn" data-note="3">Hürriyet, p. 4.</span></td></tr>
<tr><th scope="row">Armenia</th><td>Opposes it.</td></tr></tbody></table>
</section>
</main>
<aside id="notes" class="notes"><h2>Notes</h2><ol><li id="note-1">n1</li><li id="note-2">n2</li><li id="note-3">n3</li></ol></aside>
</body></html>"""


def render(variant: str, html: str = HTML) -> bytes:
    from briefgen.render.pdf import render_pdf

    dirs = template_dirs(REPO)
    return render_pdf(
        html, dirs, find_asset("pdf.css", dirs), PartialDate(2026, 5, 1), variant=variant
    ).data


@pytest.fixture(scope="module")
def ua(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdfua") / "ua.pdf"
    path.write_bytes(render(DEFAULT_VARIANT))
    return path


def test_variant_names_agree() -> None:
    assert DEFAULT_VARIANT == "pdf/ua-1"
    assert PDF_VARIANTS == VARIANTS


def test_html_facts_reads_links_notes_and_chart_data() -> None:
    facts = html_facts(HTML)
    assert facts.notes == ["1", "2", "3"]
    assert facts.links["#note-2"] == "Note 2"
    assert facts.links["https://example.org/report"] == "the report"
    alt = facts.alts["Statements per section by the perspective of their sources"]
    assert "History: 3 from Turkish government, 2 from Press (5 in all)." in alt
    assert "Energy: 4 from Press (4 in all)." in alt


def test_pdfua_structure(ua: Path) -> None:
    result = check(ua)
    assert result.problems == []
    counts = result.counts
    assert counts["runs:untagged"] == 0
    assert counts["runs:artifact"] >= 3  # marking at head and foot, page number: margin boxes
    assert counts["runs:tagged"] > 20
    assert counts["tag:/Note"] == 3 and counts["notes:referenced"] == 3
    assert counts["headers"] >= 4  # each data cell: its column header and its row header
    assert counts["tag:/Figure"] == 1


def test_pdfua_details(ua: Path) -> None:
    with pikepdf.open(ua) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
        assert b'pdfuaid:part="1"' in xmp and b"pdfaid" not in xmp
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        words = sorted(
            str(a.Contents)
            for p in pdf.pages
            for a in p.obj.get("/Annots", [])
            if a.Subtype == "/Link"
        )
        # a target's words are those of its first link (the contents entry's, here)
        assert words == ["1 One", "2 Two", "2 Two", "the report (https://example.org/report)"]
        elems = list(_walk(pdf.Root.StructTreeRoot.K[0]))
        notes = [e for e in elems if e.S == "/Note"]
        assert sorted(str(n.ID) for n in notes) == ["note-1", "note-2", "note-3"]
        for note in notes:  # in the body text, right after its call
            siblings = list(note.P.K)
            at = [
                i
                for i, k in enumerate(siblings)
                if isinstance(k, pikepdf.Dictionary) and k.objgen == note.objgen
            ]
            assert siblings[at[0] - 1].S == "/Reference"
        figure = next(e for e in elems if e.S == "/Figure")
        assert "History: 3 from Turkish government" in str(figure.Alt)
        scopes = sorted(str(e.A.Scope) for e in elems if e.S == "/TH")
        assert scopes == ["/Column", "/Column", "/Row", "/Row"]


def _walk(elem: pikepdf.Object):  # type: ignore[no-untyped-def]
    yield elem
    k = elem.get("/K")
    for kid in k if isinstance(k, pikepdf.Array) else [k] if k is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from _walk(kid)


def test_pdfa_on_request(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(render("pdf/a-3u"))
    result = check(path, pdfa=True)
    assert result.problems == []
    with pikepdf.open(path) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
        assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="U"' in xmp
        assert b'pdfuaid:part="1"' in xmp and b"pdfaExtension:schemas" in xmp
        assert "/OutputIntents" in pdf.Root


def test_reproducible_bytes(ua: Path) -> None:
    assert render(DEFAULT_VARIANT) == ua.read_bytes()


def test_pdfua_checker_second_opinion(ua: Path) -> None:
    """The pdfua package's checker, as a second opinion: its findings are reported, not enforced
    (it covers a subset of the rules and raises on some valid files)."""
    exe = str(Path(sys.executable).parent / "pdfua")  # installed with the dev extras
    if not Path(exe).exists():
        pytest.skip("the pdfua checker is not installed")
    run = subprocess.run([exe, "check", str(ua)], capture_output=True, text=True, timeout=120)
    assert run.returncode in (0, 1, 2, 3), run.stderr
    if run.returncode:
        warnings.warn(f"pdfua check: {run.stdout.strip()}", stacklevel=1)


def test_brief_option_pdf_variant(make_project: Callable[..., Path]) -> None:
    from briefgen.validate.workspace import open_workspace

    head = "title: T\nedition: 2026-11-23\nmarking: M\nsections: [history]\n"
    files = {
        "briefs/ua.yaml": head,
        "briefs/archive.yaml": head + "options:\n  pdf_variant: pdf/a-3u\n",
        "briefs/bad.yaml": head + "options:\n  pdf_variant: pdf/x-4\n",
    }
    ws = open_workspace(make_project(files))
    assert ws.briefs["ua"].options.pdf_variant == "pdf/ua-1"
    assert ws.briefs["archive"].options.pdf_variant == "pdf/a-3u"
    assert any("pdf_variant" in str(p) and "bad.yaml" in str(p) for p in ws.errors), ws.errors


def test_endnotes_are_notes_reached_by_their_calls(tmp_path: Path) -> None:
    html = HTML.replace('class="notes-footnotes"', 'class="notes-endnotes"').replace(
        "</head>", "<style>.fn { display: none; }</style></head>"
    )
    assert html_facts(html).endnotes == ["note-1", "note-2", "note-3"]
    path = tmp_path / "endnotes.pdf"
    path.write_bytes(render(DEFAULT_VARIANT, html))
    result = check(path)
    assert result.problems == []
    assert result.counts["tag:/Note"] == 3 and result.counts["notes:referenced"] == 3
    with pikepdf.open(path) as pdf:
        notes = [e for e in _walk(pdf.Root.StructTreeRoot.K[0]) if e.S == "/Note"]
        assert [str(n.ID) for n in notes] == ["note-1", "note-2", "note-3"]
        assert all(n.P.S == "/LBody" for n in notes)
        words = {str(a.Contents) for p in pdf.pages for a in p.obj.get("/Annots", [])}
        assert {"Note 1", "Note 2", "Note 3"} <= words


def test_build_flag_overrides_the_brief(make_project: Callable[..., Path]) -> None:
    """`build --pdf-variant pdf/a-3u` makes a PDF/A file of a brief that asks for none; the next
    plain build makes its PDF/UA file again (the variant is part of the PDF's digest)."""
    import click

    from briefgen.cli.main import build as build_command
    from tests.browser.projects import generate

    choices = next(p for p in build_command.params if p.name == "pdf_variant").type
    assert isinstance(choices, click.Choice) and tuple(choices.choices) == PDF_VARIANTS
    head = "title: T\nedition: 2026-11-23\nmarking: M\nsections: [history]\nformats: [pdf]\n"
    root = make_project({"briefs/b.yaml": head})
    pdf = root / "output" / "b" / "b.pdf"
    generate("--project", root, "build", "b", "--pdf-variant", "pdf/a-3u")
    with pikepdf.open(pdf) as doc:
        assert b'pdfaid:part="3"' in doc.Root.Metadata.read_bytes()
    generate("--project", root, "build", "b")
    with pikepdf.open(pdf) as doc:
        xmp = doc.Root.Metadata.read_bytes()
        assert b"pdfaid" not in xmp and b'pdfuaid:part="1"' in xmp


def test_chart_data_is_a_table_in_html_and_pdf(make_project: Callable[..., Path]) -> None:
    """The coverage chart's numbers are a real table: behind a disclosure under the chart in the
    HTML, printed under it in the PDF and tagged there as a Table (a row header per section, a
    cell per perspective group and one for the section's total)."""
    from briefgen.render.i18n import language
    from briefgen.render.phrases import Phrases
    from briefgen.selection.select import select
    from briefgen.validate.workspace import open_workspace
    from tests.browser.projects import generate
    from tests.browser.tools import require_command

    root = make_project()
    ws = open_workspace(root)
    selection = select(ws.briefs["full"], ws.project)
    headings = {p.anchor: Phrases(selection, language("en")).heading(p) for p in selection.parts}
    coverage = [(headings[a], counts) for a, counts in selection.summary.coverage]
    groups = {g for _, counts in coverage for g, _ in counts}
    assert len(coverage) >= 2 and len(groups) >= 2
    generate("--project", root, "build", "full")
    html = (root / "output" / "full" / "full.html").read_text(encoding="utf-8")
    details = html[html.index('<details class="chart-data">') : html.index("</details>")]
    for section, counts in coverage:
        cells = (
            "".join(f"<td>{dict(counts).get(g, 0)}</td>" for g in sorted(groups))
            + f"<td>{sum(n for _, n in counts)}</td>"
        )
        assert f'<th scope="row">{section}</th>{cells}' in details, section
    pdf = root / "output" / "full" / "full.pdf"
    tool = require_command("pdftotext", "poppler-utils")
    text = subprocess.run(
        [tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Statements per section and perspective group of their sources" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for section, counts in coverage:
        numbers = [dict(counts).get(g, 0) for g in sorted(groups)] + [sum(n for _, n in counts)]
        row = f"{section} " + " ".join(map(str, numbers))
        assert row in lines, (row, [line for line in lines if line.startswith(section)])
    with pikepdf.open(pdf) as doc:
        tables = [e for e in _walk(doc.Root.StructTreeRoot.K[0]) if e.S == "/Table"]
        shapes = []
        for table in tables:
            rows = [e for e in _walk(table) if e.S == "/TR"]
            shapes.append(
                [
                    [
                        str(c.S) + (str(c.A.Scope) if "/A" in c and "/Scope" in c.A else "")
                        for c in _walk(r)
                        if c.S in ("/TH", "/TD")
                    ]
                    for r in rows
                ]
            )
        want = [["/TH/Column"] * (len(groups) + 2)] + [
            ["/TH/Row"] + ["/TD"] * (len(groups) + 1) for _ in coverage
        ]
        assert want in shapes, shapes


@pytest.mark.parametrize(
    ("content", "in_bytes"),
    [
        # as WeasyPrint writes it (one token a line): edited in its bytes
        (b"/P\n<</MCID 0>>\nBDC\n<0041> Tj\nEMC\n/Span\n<</MCID 1>>\nBDC\n<0042> Tj\nEMC\n", True),
        # a literal string, a BDC on one line, the letters BDC in a hex string: parsed
        (b"/P\n<</MCID 0>>\nBDC\n(A) Tj\nEMC\n/Span\n<</MCID 1>>\nBDC\n<0042> Tj\nEMC\n", False),
        (b"/P <</MCID 0>> BDC <0041> Tj EMC /Span <</MCID 1>> BDC <0042> Tj EMC\n", False),
        (b"/P\n<</MCID 0>>\nBDC\n<0BDC> Tj\nEMC\n/Span\n<</MCID 1>>\nBDC\n<0042> Tj\nEMC\n", False),
    ],
)
def test_marked_content_the_tree_does_not_hold_becomes_an_artifact(
    content: bytes, in_bytes: bool
) -> None:
    from briefgen.render import pdfua

    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content)
    held = {page.obj.objgen: {0}}  # the tree holds MCID 0, not 1
    assert (pdfua._artifacts_in_bytes(page, {0}) is not None) is in_bytes
    assert pdfua.artifacts(pdf, held) == 1
    marks = [
        (str(i.operands[0]), {str(k): str(v) for k, v in i.operands[1].items()})
        for i in pikepdf.parse_content_stream(pdf.pages[0])
        if str(i.operator) == "BDC"
    ]
    assert marks == [("/P", {"/MCID": "0"}), ("/Artifact", {"/Type": "/Pagination"})]
    shown = [
        bytes(i.operands[0])
        for i in pikepdf.parse_content_stream(pdf.pages[0])
        if str(i.operator) == "Tj"
    ]
    assert shown[-1] == b"\x00B"  # the content itself unchanged


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3u"])
def test_the_file_identifier_names_the_edition(variant: str, tmp_path: Path) -> None:
    path = tmp_path / "brief.pdf"
    path.write_bytes(render(variant))
    with pikepdf.open(path) as pdf:
        first, second = (bytes(part) for part in pdf.trailer.ID)
    assert first == b"briefgen-2026-05-01" and len(second) == 16  # and a digest of the content
