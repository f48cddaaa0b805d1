"""Khmer, Lao, Myanmar and Thai in the PDF, and every script that joins or stacks.

Lines break at ICU's word boundaries (never inside a word, never past the margin), the text
layer holds the text as written (a search for "น้ำโขง" finds it, copied Khmer is the original),
no dotted circle is drawn, no letter-spacing pulls a cluster apart, and a long running head
neither prints over the marking nor runs on.  The projects are tests/script_projects.py's.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from briefgen.render import pdfua
from briefgen.render.breaks import ZWSP, break_opportunities, breaks_inside, with_breaks
from briefgen.render.scripts import (
    languages_in,
    script_of,
    tracking_css,
    unspaced_letters,
    unspaced_scripts,
)
from tests.browser.projects import generate
from tests.browser.tools import require_command
from tests.pdfua_check import check
from tests.sample_project import REPO, write_project
from tests.script_projects import TEXTS, Texts, files, mixed_briefs

LANGS = ("km", "lo", "th", "my")
DOTTED_CIRCLE = "\u25cc"
PDF_CSS = REPO / "briefgen" / "render" / "templates" / "assets" / "pdf.css"


def strings(t: Texts) -> list[str]:
    """Every text of a project that a brief prints whole."""
    out = [t.title, t.marking, t.organisation, t.section, t.bottom_line, t.heading, t.question]
    out += [t.measure, t.unit]
    for pair in (*t.claims, *t.stances):
        out += pair
    return out


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each language's project, built to HTML and PDF (Khmer with its two further briefs)."""
    base = tmp_path_factory.mktemp("complex-scripts")
    roots = {}
    for lang in LANGS:
        project = {**files(lang), **(mixed_briefs(lang) if lang == "km" else {})}
        root = write_project(base / f"river-{lang}", project)
        generate("--project", root, "build", "--format", "pdf", "--format", "html")
        roots[lang] = root
    return roots


def pdf_of(roots: dict[str, Path], lang: str, brief: str | None = None) -> Path:
    name = brief or f"brief-{lang}"
    return roots[lang] / "output" / name / f"{name}.pdf"


def text_layer(pdf: Path, *options: str) -> str:
    """The PDF's text as poppler gives it for search and copy (it reads /ActualText)."""
    tool = require_command("pdftotext", "poppler-utils")
    return subprocess.run(
        [tool, *options, "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


# ---- line breaks, unit


def test_breaks_follow_icu_inside_each_complex_run() -> None:
    text = "ทดสอบ แม่น้ำโขงไหลผ่าน ABC"
    assert with_breaks(text) == f"ทดสอบ แม่น้ำ{ZWSP}โขง{ZWSP}ไหล{ZWSP}ผ่าน ABC"
    assert with_breaks("plain English text") == "plain English text"
    # ICU counts UTF-16 units: a character outside the BMP before the run keeps the cuts right
    assert with_breaks("😀แม่น้ำโขง") == f"😀แม่น้ำ{ZWSP}โขง"
    assert breaks_inside("แม่น้ำโขง") == [6]


def test_break_opportunities_go_into_the_body_text_only() -> None:
    html = (
        "<html><head><title>แม่น้ำโขง</title><style>/* แม่น้ำโขง */</style></head>"
        '<body><p title="แม่น้ำโขง">แม่น้ำ<em>โขงไหล</em>ผ่าน</p><p>ไหล</p>'
        '<p>แม่น้ำ<span class="fn">โขง<span>ไหล</span></span>ไหล</p></body></html>'
    )
    out = break_opportunities(html)
    head, body = out.split("<body>")
    assert ZWSP not in head and 'title="แม่น้ำโขง"' in body
    # across an inline element the words on both sides are read as one text
    assert f"แม่น้ำ<em>{ZWSP}โขง{ZWSP}ไหล</em>{ZWSP}ผ่าน</p>" in body
    assert "<p>ไหล</p>" in body  # a new paragraph starts a new text
    # a footnote floats away: its text is read apart from the text around it
    assert f'แม่น้ำ<span class="fn">โขง<span>{ZWSP}ไหล</span></span>ไหล' in body
    assert break_opportunities("<p>plain</p>") == "<p>plain</p>"


# ---- scripts that join or stack, unit


def test_the_scripts_that_join_or_stack_come_from_unicode_properties() -> None:
    scripts = unspaced_scripts()
    assert {
        "Arab",
        "Syrc",
        "Mong",
        "Deva",
        "Beng",
        "Tibt",
        "Khmr",
        "Laoo",
        "Mymr",
        "Thai",
    } <= scripts
    assert not {"Latn", "Cyrl", "Grek", "Hebr", "Hani", "Ethi", "Armn", "Geor"} & scripts
    assert [script_of(t) for t in ("km", "pa", "pa-Arab", "sr", "zh-TW")] == [
        "Khmr",
        "Guru",
        "Arab",
        "Cyrl",
        "Hant",
    ]
    assert unspaced_letters().search("FOR OFFICIAL USE ONLY សម្ងាត់")
    assert not unspaced_letters().search("ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ, 克鲁湖, ኬሩ")


def test_letter_spacing_is_taken_off_by_language_and_by_script() -> None:
    css = tracking_css(
        ["en", "km", "ar", "zh-TW"], {".marking": "សម្ងាត់", "@page": "សម្ងាត់", ".x": "Latin"}
    )
    assert css.splitlines() == [
        ":lang(km), :lang(ar), .marking { letter-spacing: normal !important; }",
        "@page { @top-center { letter-spacing: normal; } @bottom-center { letter-spacing: normal; } }",
    ]
    assert tracking_css(["en", "ru"], {".marking": "SECRET", "@page": "SECRET"}) == ""


def test_only_plain_language_tags_reach_the_css() -> None:
    html = '<html lang="km"><q lang="zh-TW">x</q><p lang="x) {} body { color: red">y</p></html>'
    assert languages_in(html) == ["km", "zh-TW"]


# ---- the built PDFs


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_the_text_layer_holds_the_text_as_written(built: dict[str, Path], lang: str) -> None:
    text = text_layer(pdf_of(built, lang), "-raw")
    assert ZWSP not in text and DOTTED_CIRCLE not in text
    missing = [s for s in strings(TEXTS[lang]) if squeezed(s) not in squeezed(text)]
    assert not missing, f"not in the text layer: {missing}"


@pytest.mark.pdf
def test_a_search_for_the_mekong_finds_it_in_the_thai_brief(built: dict[str, Path]) -> None:
    text = text_layer(pdf_of(built, "th"))
    assert "แม่น้ำโขง" in text  # SARA AM: U+0E33, not nikhahit and SARA AA
    assert "\u0e4d\u0e32" not in text


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_lines_break_only_where_icu_allows(built: dict[str, Path], lang: str) -> None:
    """Each line end inside a printed text falls on one of ICU's line-break opportunities."""
    raw = text_layer(pdf_of(built, lang), "-raw")
    flat = re.sub(r"[^\S\n]+", "", raw)  # spaces out, line ends kept
    joined = flat.replace("\n", "")
    line_ends, at = set(), 0
    for char in flat:
        if char == "\n":
            line_ends.add(at)
        else:
            at += 1
    inside, allowed_ends = [], 0
    for s in strings(TEXTS[lang]):
        allowed = {len(squeezed(s[:b])) for b in breaks_inside(s)}
        for found in re.finditer(re.escape(squeezed(s)), joined):
            for end in range(found.start() + 1, found.end()):
                if end not in line_ends:
                    continue
                cut = end - found.start()
                if cut in allowed:
                    allowed_ends += 1
                else:
                    inside.append(
                        f"{squeezed(s)[max(cut - 6, 0) : cut]}|{squeezed(s)[cut : cut + 6]}"
                    )
    assert not inside, f"{lang}: lines broken inside a word: {inside}"
    assert allowed_ends >= 3, f"{lang}: only {allowed_ends} line ends inside the texts"


def laid_out(root: Path, brief: str) -> object:
    """The WeasyPrint document of a built brief, laid out as briefgen's PDF is."""
    import weasyprint

    html = (root / "output" / brief / f"{brief}.html").read_text(encoding="utf-8")
    return weasyprint.HTML(string=break_opportunities(html)).render(
        stylesheets=[weasyprint.CSS(filename=str(PDF_CSS))]
    )


def text_boxes(box: object) -> list[object]:
    """Every text box under a WeasyPrint box, margin boxes included."""
    from weasyprint.formatting_structure import boxes

    out = [box] if isinstance(box, boxes.TextBox) else []
    for child in getattr(box, "children", ()):
        out += text_boxes(child)
    return out


def dotted_circle_glyphs(pdf: Path) -> list[str]:
    """The fonts in which the PDF draws the dotted circle a shaper puts in a broken cluster
    (U+25CC's glyph, looked up in the installed font the embedded subset keeps the ids of)."""
    tool = require_command("fc-list", "fontconfig")
    found = []
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendant = font.get("/DescendantFonts")
                embedded = descendant[0].FontDescriptor.get("/FontFile2") if descendant else None
                if embedded is None:
                    continue
                subset = TTFont(io.BytesIO(embedded.read_bytes()))
                name = subset["name"].getDebugName(6)
                path = subprocess.run(
                    [tool, f":postscriptname={name}", "file"], capture_output=True, text=True
                ).stdout.split(":")[0]
                if not path:
                    continue
                original = TTFont(path, fontNumber=0)
                glyph = original.getBestCmap().get(ord(DOTTED_CIRCLE))
                if glyph is None:
                    continue
                gid = original.getGlyphID(glyph)
                order = subset.getGlyphOrder()
                if gid < len(order) and subset["glyf"][order[gid]].numberOfContours:
                    found.append(name)
    return found


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_no_dotted_circle_is_drawn(built: dict[str, Path], lang: str) -> None:
    for pdf in pdf_of(built, lang).parent.parent.glob("*/*.pdf"):
        assert not dotted_circle_glyphs(pdf), pdf.name


@pytest.mark.pdf
def test_the_dotted_circle_check_finds_a_broken_cluster(tmp_path: Path) -> None:
    """Control: a Khmer vowel sign with no consonant is drawn on a dotted circle, and found."""
    import weasyprint

    pdf = tmp_path / "broken.pdf"
    weasyprint.HTML(string='<p style="font-family: Noto Sans Khmer">ក \u17c4</p>').write_pdf(pdf)
    assert dotted_circle_glyphs(pdf)


@pytest.mark.pdf
def test_no_letter_spacing_on_a_script_that_joins_or_stacks(built: dict[str, Path]) -> None:
    """As WeasyPrint lays the PDF out: every text holding Khmer has no letter-spacing, in the
    Khmer brief and in the English one whose marking and organisation are in Khmer (running
    heads included), while the English brief's Latin labels keep theirs."""
    for brief in ("brief-km", "english-km"):
        document: Any = laid_out(built["km"], brief)
        spaced, latin_spaced = [], 0
        for page in document.pages:
            for box in text_boxes(page._page_box):
                spacing = box.style["letter_spacing"]  # type: ignore[attr-defined]
                spacing = 0 if spacing == "normal" else spacing
                if unspaced_letters().search(box.text) and spacing:  # type: ignore[attr-defined]
                    spaced.append(box.text)  # type: ignore[attr-defined]
                elif spacing and box.text.strip().isascii():  # type: ignore[attr-defined]
                    latin_spaced += 1
        assert not spaced, f"{brief}: letter-spaced: {spaced[:5]}"
        if brief == "english-km":
            assert latin_spaced, "the Latin labels of the English brief lost their spacing"


@pytest.mark.pdf
def test_a_long_running_head_wraps_short_of_the_marking(built: dict[str, Path]) -> None:
    """The title three times over: at most two lines in the head, ended by "…", all of it left
    of the marking (the Khmer title once had no place to break and printed over it)."""
    words = text_layer(pdf_of(built, "km", "long-km"), "-bbox", "-f", "2", "-l", "2")
    marking = TEXTS["km"].marking
    top = [
        (float(m.group(1)), float(m.group(2)), float(m.group(3)), m.group(4))
        for m in re.finditer(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', words
        )
        if float(m.group(2)) < 22 / 25.4 * 72  # in the top margin
    ]
    in_marking = [
        w for w in top if w[3] and (w[3] in marking or marking in w[3])
    ]  # a draft: "DRAFT – …"
    title = [w for w in top if w not in in_marking and w[0] < min(x for x, *_ in in_marking)]
    assert in_marking and title
    assert max(w[2] for w in title) < min(w[0] for w in in_marking)
    assert len({round(w[1]) for w in title}) <= 2
    assert any(w[3].endswith("…") for w in title)


@pytest.mark.pdf
def test_the_html_for_browsers_keeps_its_text_as_written(built: dict[str, Path]) -> None:
    """Browsers break these scripts themselves: no zero-width space is added to the HTML."""
    html = (built["km"] / "output" / "brief-km" / "brief-km.html").read_text(encoding="utf-8")
    assert all(s in html for s in strings(TEXTS["km"]))
    assert html.count(ZWSP) == 1  # the one of CLDR's Khmer list pattern ("A និង​B")
    assert ":lang(km), .marking, .organisation { letter-spacing: normal !important; }" in html


@pytest.mark.pdf
def test_still_pdf_ua_with_its_actual_text(built: dict[str, Path]) -> None:
    pdf = pdf_of(built, "km")
    result = check(pdf)
    assert not result.problems, result.problems
    with pikepdf.open(pdf) as doc:
        spans = [
            op
            for page in doc.pages
            for op in pikepdf.parse_content_stream(page)
            if str(op.operator) == "BDC" and "/ActualText" in op.operands[1]
        ]
        assert spans
        with doc.open_outline() as outline:
            titles = [item.title for item in outline.root]
    assert TEXTS["km"].section in titles  # the bookmarks without their line-break marks


def test_actual_text_spans_keep_the_fast_artifact_pass() -> None:
    """A page whose content holds /ActualText spans is still edited in its bytes, and keeps them."""
    content = (
        b"/P\n<</MCID 0>>\nBDC\n/Span\n<</ActualText <feff0e01>>>\nBDC\n<0041> Tj\nEMC\nEMC\n"
        b"/Span\n<</MCID 1>>\nBDC\n/Span\n<</ActualText <feff0e02>>>\nBDC\n<0042> Tj\nEMC\nEMC\n"
    )
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content)
    edited = pdfua._artifacts_in_bytes(page, {0})
    assert edited is not None and edited[1] == 1
    assert edited[0].count(b"/ActualText") == 2
    assert b"/Artifact\n<</Type /Pagination>>\nBDC\n/Span\n<</ActualText <feff0e02>>>" in edited[0]
