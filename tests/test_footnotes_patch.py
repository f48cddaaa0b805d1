"""The linear footnote layout (briefgen/render/footnotes_patch.py) changes no byte of any PDF.

Each PDF is rendered twice in this process, with the patch and with WeasyPrint's own code
(`footnotes_patch.disabled()`), and the bytes compared. On the footnote-heavy fixture every
incremental update is also compared with WeasyPrint's own update as it happens
(`footnotes_patch.checking()`: page bottom, area height and overflow equal to the last bit).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.model import PartialDate
from briefgen.render import footnotes_patch
from briefgen.render.html import BUILTIN_TEMPLATES, find_asset, template_dirs
from briefgen.render.pdf import render_pdf
from briefgen.validate.workspace import open_workspace

pytestmark = pytest.mark.pdf

EDITION = PartialDate(2026, 11, 29)
TEXT = (
    "Ankara and Baku signed the protocol after two rounds of talks, and the ministry said "
    "the text would be published once both parliaments had ratified it"
)
WORDS = TEXT.split(" ")


def words(n: int, seed: int) -> str:
    return " ".join(WORDS[(seed + i) % len(WORDS)] for i in range(n))


def note(number: int, length: int) -> str:
    return (
        f'<span class="fn" data-note="{number}"><span class="note-source">Source {number}</span>, '
        f"<cite>{words(6, number)}</cite>: <q>{words(length, number * 7)}</q>.</span>"
        f'<a class="ref" href="#n{number}">{number}</a>'
    )


def footnote_heavy_html(extra_css: str = "", sections: int = 1, small: bool = False) -> str:
    """Notes of every length, a paragraph with more notes than a page holds, notes in a table,
    a float and a list, and a long note that does not fit under its call's page (`small`: the
    same, with fewer of each)."""
    n = 0
    body = []
    paragraphs, reported, rows, items = (2, 14, 2, 2) if small else (4, 30, 6, 5)
    for section in range(sections):
        body.append(f"<h2>Section {section}</h2>")
        for para in range(paragraphs):
            calls = []
            for _ in range(3 + (para + section) % 4):
                n += 1
                calls.append(f"{words(12, n)}{note(n, 4 + (n * 37) % 60)}")
            body.append(f"<p>{' '.join(calls)}</p>")
        # many calls in one paragraph: the notes are reported page after page
        calls = []
        for _ in range(reported):
            n += 1
            calls.append(f"{words(3, n)}{note(n, 10 + (n * 13) % 30)}")
        body.append(f"<p>{' '.join(calls)}</p>")
        # a long note (about a third of a page) and one that cannot fit under its call
        n += 1
        body.append(f"<p>{words(30, n)}{note(n, 260)} {words(20, n)}</p>")
        n += 1
        body.append(f'<p style="margin-top: 40em">{words(20, n)}{note(n, 900)}</p>')
        table = []
        for r in range(rows):
            n += 1
            table.append(f"<tr><td>{words(5, r)}{note(n, 15)}</td><td>{words(8, r)}</td></tr>")
        body.append(f"<table>{''.join(table)}</table>")
        n += 1
        body.append(
            f'<div style="float: right; width: 40%; height: 6em">{words(10, n)}{note(n, 12)}</div>'
        )
        listed = []
        for _ in range(items):
            n += 1
            listed.append(f"<li>{words(9, n)}{note(n, 25)}</li>")
        body.append(f"<ul>{''.join(listed)}</ul>")
    # the theme's fonts, which pdf.css names (a brief's HTML carries them)
    style = f'<style>:root {{ --serif: "DejaVu Serif", serif; --sans: "DejaVu Sans" }}{extra_css}</style>'
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Fixture</title>'
        f'{style}</head><body class="notes-footnotes"><main>{"".join(body)}</main></body></html>'
    )


def render_both(html: str, dirs: list[Path], check: bool = False) -> tuple[bytes, bytes, int]:
    """PDF bytes with the patch and with WeasyPrint's own code, and the incremental updates."""
    css = find_asset("pdf.css", dirs)
    before = footnote_area_updates()
    if check:
        with footnotes_patch.checking():
            patched = render_pdf(html, dirs, css, EDITION)
    else:
        patched = render_pdf(html, dirs, css, EDITION)
    used = footnote_area_updates() - before
    with footnotes_patch.disabled():
        stock = render_pdf(html, dirs, css, EDITION)
    return patched.data, stock.data, used


def footnote_area_updates() -> int:
    return footnotes_patch.STATS["incremental"]


def test_installed_on_the_verified_version() -> None:
    import weasyprint

    assert weasyprint.__version__ in footnotes_patch.VERIFIED_VERSIONS
    assert footnotes_patch.applicable() is None
    assert footnotes_patch.install()
    assert footnotes_patch.source_digest() == footnotes_patch.VERIFIED_SOURCE


def test_other_versions_keep_weasyprint_code(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert "71.0" in (footnotes_patch.applicable() or "")
    monkeypatch.setattr(weasyprint, "__version__", "70.0")
    monkeypatch.setattr(footnotes_patch, "VERIFIED_SOURCE", "0" * 64)
    assert "differs" in (footnotes_patch.applicable() or "")


def test_footnote_heavy_fixture_is_byte_identical() -> None:
    dirs = [BUILTIN_TEMPLATES]
    patched, stock, used = render_both(footnote_heavy_html(), dirs, check=True)
    assert used > 50, "the patch was not used"
    assert footnotes_patch.STATS["checked"] >= used
    assert patched == stock


@pytest.mark.parametrize(
    "css",
    [
        "@page { @footnote { max-height: 6cm } }",
        ".notes-footnotes .fn { margin-top: 2pt }",
    ],
    ids=["max-height", "note-margins"],
)
def test_other_layouts_fall_back_to_weasyprint(css: str) -> None:
    dirs = [BUILTIN_TEMPLATES]
    before = footnotes_patch.STATS["stock"]
    patched, stock, used = render_both(footnote_heavy_html(css, small=True), dirs)
    assert used == 0
    assert footnotes_patch.STATS["stock"] > before
    assert patched == stock


ARABIC = "وقعت أنقرة وباكو البروتوكول بعد جولتين من المحادثات وقالت الوزارة إن النص سينشر"
HEBREW = "אנקרה ובאקו חתמו על הפרוטוקול לאחר שני סבבי שיחות והמשרד אמר שהנוסח יפורסם"


def inline_notes_html(extra_css: str = "", small: bool = True) -> str:
    """The footnote-heavy fixture with short notes (footnote-display: inline), and notes in
    Arabic and Hebrew, in a right-to-left paragraph and with dir="rtl" of their own."""
    html = footnote_heavy_html(extra_css, small=small).replace(
        'class="notes-footnotes"', 'class="notes-footnotes short-notes"'
    )
    calls = []
    for i in range(24):
        n = 500 + i
        text = " ".join([ARABIC, HEBREW][i % 2].split(" ")[: 3 + (i * 5) % 12])
        attrs = ' dir="rtl" lang="ar"' if i % 3 == 0 else ""
        calls.append(
            f'{words(4, i)}<span class="fn" data-note="{n}"{attrs}>{text} ({words(2, i)})'
            f'</span><a class="ref" href="#n{n}">{n}</a>'
        )
    rtl = f'<p dir="rtl">{" ".join(calls[:12])}</p><p>{" ".join(calls[12:])}</p>'
    return html.replace("</main>", f"{rtl}</main>")


def inline_updates() -> int:
    return footnotes_patch.STATS["inline"]


@pytest.mark.parametrize(
    "css",
    [
        "",
        "@page { @footnote { text-align: justify; hyphens: auto; text-indent: 2em;"
        " padding: 4pt 6pt 5pt; border-bottom: 1.5pt solid } }"
        " .notes-footnotes .fn .note-source { font-size: 9pt; vertical-align: 2pt }",
        "@page { @footnote { direction: rtl; text-align: justify } }",
    ],
    ids=["pdf-css", "justified-padded-raised", "rtl-area"],
)
def test_inline_notes_fixture_is_byte_identical(css: str) -> None:
    """Many short notes, long ones over several lines, notes moved on, right-to-left text."""
    before = inline_updates()
    html = inline_notes_html(css)
    patched, stock, used = render_both(html, [BUILTIN_TEMPLATES], check=True)
    assert inline_updates() - before > 40, "the inline notes were not updated incrementally"
    assert used >= inline_updates() - before
    assert footnotes_patch.STATS["checked"] >= used
    assert patched == stock


@pytest.mark.parametrize(
    "css",
    [
        ".notes-footnotes.short-notes p:first-of-type .fn { footnote-display: block !important }",
        ".notes-footnotes .fn cite { display: inline-block }",
    ],
    ids=["block-and-inline", "inline-block-in-note"],
)
def test_other_inline_notes_fall_back_to_weasyprint(css: str) -> None:
    before = footnotes_patch.STATS["stock"]
    patched, stock, _ = render_both(inline_notes_html(css), [BUILTIN_TEMPLATES])
    assert footnotes_patch.STATS["stock"] > before
    assert patched == stock


def built_pdfs_match_stock(root: Path) -> int:
    """Each PDF the build made (the patch in place in its workers) is byte for byte the PDF
    WeasyPrint's own footnote layout makes of the same HTML; how many briefs were compared."""
    ws = open_workspace(root)
    assert not ws.errors
    dirs = template_dirs(root)
    compared = 0
    for name, brief in sorted(ws.briefs.items()):
        pdf = root / "output" / name / f"{name}.pdf"
        if not pdf.is_file():
            continue
        html = (root / "output" / name / f"{name}.html").read_text(encoding="utf-8")
        with footnotes_patch.disabled():
            stock = render_pdf(
                html, dirs, find_asset("pdf.css", dirs), brief.edition,
                variant=brief.options.pdf_variant,
            )  # fmt: skip
        assert pdf.read_bytes() == stock.data, name
        compared += 1
    return compared


def test_sample_briefs_including_endnotes_are_byte_identical(built_sample: Path) -> None:
    assert footnotes_patch.applicable() is None  # the build's workers lay footnotes out so
    assert built_pdfs_match_stock(built_sample) == 4


def test_example_executive_brief_short_notes_are_byte_identical(
    built_examples: Path | str,
) -> None:
    """The example's executive brief gives short notes: laid out inline, incrementally."""
    if isinstance(built_examples, str):
        pytest.skip(built_examples)
    html = (built_examples / "output/executive/executive.html").read_text(encoding="utf-8")
    assert "short-notes" in html
    before = inline_updates()
    patched, stock, used = render_both(html, template_dirs(built_examples), check=True)
    assert inline_updates() - before >= 20
    assert used >= inline_updates() - before
    assert patched == stock


@pytest.mark.slow
def test_example_briefs_are_byte_identical(built_examples: Path | str) -> None:
    if isinstance(built_examples, str):
        pytest.skip(built_examples)
    assert built_pdfs_match_stock(built_examples) >= 4


def test_patches_not_verified_fall_back_to_weasyprint_with_a_warning(tmp_path: Path) -> None:
    """On a WeasyPrint whose patched functions differ from the verified source, neither patch
    is put in place, the PDF is still made by WeasyPrint's own code, and each brief says so."""
    import subprocess
    import sys

    from tests.sample_project import REPO

    script = """
import sys
from briefgen.model import PartialDate
from briefgen.render import footnotes_patch, pdfua, textlayer
from briefgen.render.html import BUILTIN_TEMPLATES, find_asset
from briefgen.render.pdf import render_pdf
from weasyprint.draw import text as draw
from weasyprint.pdf import tags

footnotes_patch.VERIFIED_SOURCE = pdfua.VERIFIED_TAG_SOURCE = "0" * 64
textlayer.VERIFIED_DRAW_SOURCE = "0" * 64
stock, drawn = tags._get_pdf_tag, draw.draw_first_line
html = sys.stdin.read()
pdf = render_pdf(html, [BUILTIN_TEMPLATES], find_asset("pdf.css", [BUILTIN_TEMPLATES]),
                 PartialDate(2026, 1, 1), name="output/x/x.pdf")
assert pdf.data.startswith(b"%PDF-") and tags._get_pdf_tag is stock
assert draw.draw_first_line is drawn
from weasyprint.layout import LayoutContext
assert LayoutContext._update_footnote_area.__module__.startswith("weasyprint.")
for problem in pdf.problems:
    print(problem)
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=footnote_heavy_html(small=True),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "output/x/x.pdf: warning: x.pdf: footnotes laid out by WeasyPrint's own code, more "
        "slowly: WeasyPrint's footnote layout code differs from the verified one",
        "output/x/x.pdf: warning: x.pdf: footnote calls and markers tagged as WeasyPrint does: "
        "WeasyPrint's PDF tagging code differs from the verified one",
        "output/x/x.pdf: warning: x.pdf: the text layer of shaped scripts as WeasyPrint writes "
        "it: WeasyPrint's text drawing code differs from the verified one",
    ]


def test_pdf_tagging_is_verified_on_this_weasyprint() -> None:
    from briefgen.render import pdfua

    assert pdfua.tagging_applicable() is None
    assert pdfua.install() is None
    assert pdfua.tag_source() == pdfua.VERIFIED_TAG_SOURCE


def test_the_text_layer_is_verified_on_this_weasyprint() -> None:
    from briefgen.render import textlayer

    assert textlayer.install() is None
    assert textlayer.text_source() == textlayer.VERIFIED_DRAW_SOURCE  # the original's, wrapped
