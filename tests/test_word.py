"""The Word output: read back with python-docx and opened by headless LibreOffice.

LibreOffice (Debian's libreoffice-writer, installed by scripts/setup.sh) converts each .docx
to ODT (to count the footnotes and endnotes it found) and to PDF (the text and the marking on
every page).  Without it those tests skip, or fail in CI (CI=true).
"""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.load.docx_reference import find_reference
from briefgen.render.html import template_dirs
from briefgen.render.i18n import language
from briefgen.render.phrases import Phrases
from briefgen.render.word import default_reference
from briefgen.render.word_ast import md
from briefgen.selection.select import Part, Selection, select
from briefgen.validate.workspace import open_workspace
from tests.browser.tools import require_command, straight
from tests.sample_project import BRIEF_FULL, BRIEF_SHORT, HISTORY

HOSTILE = (
    "Northland says <w:p><w:r><w:t>injected</w:t></w:r></w:p> & "
    '<img src="http://evil.example/x.png"> ![pic](file:///etc/passwd) '
    "[a link](http://evil.example/page) `{=openxml}` $x$ its dam does not reduce the flow downstream."
)
ENDNOTES_BRIEF = BRIEF_SHORT.replace("organisation: Test Office", "options:\n  notes: endnotes")


def plain_text(text: str) -> str:
    """Analyst text as a reader sees it in the Word file (inline Markdown applied)."""
    return "".join(
        i["c"] if i["t"] == "Str" else " " if i["t"] == "Space" else plain_inlines(i)
        for i in md(text)
    )


def plain_inlines(inline: dict[str, object]) -> str:
    content = inline.get("c")
    if inline["t"] == "Code" and isinstance(content, list):
        return str(content[1])
    if isinstance(content, list):
        return "".join(
            i["c"] if i["t"] == "Str" else " " if i["t"] == "Space" else plain_inlines(i)
            for i in content
            if isinstance(i, dict)
        )
    return ""


def statement_texts(selection: Selection) -> list[str]:
    """The analyst's text of every selected statement, as plain text."""
    texts = []
    for part in selection.parts:
        for entry in part.entries:
            item = entry.item
            text = getattr(item, "text", None) or getattr(item, "question", None)
            if text:
                texts.append(plain_text(text))
            for member in entry.members:
                summary = getattr(member, "summary", None)
                if summary:
                    texts.append(plain_text(summary))
    return texts


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def all_text(document: docx.document.Document) -> str:
    """Every paragraph's text, in the body and in tables."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
                for inner in cell.tables:
                    parts += [c.text for r in inner.rows for c in r.cells]
    return squash(" ".join(parts))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with a hostile claim text and a brief asking for endnotes, built."""
    from tests.sample_project import BASE_FILES, write_project

    root = tmp_path_factory.mktemp("word") / "project"
    plain = "    text: Northland says its dam does not reduce the flow downstream."
    assert plain in HISTORY
    history = HISTORY.replace(plain, "    text: '" + HOSTILE.replace("'", "''") + "'")
    files = {**BASE_FILES, "content/history.yaml": history, "briefs/endnotes.yaml": ENDNOTES_BRIEF}
    write_project(root, files)
    results = build(open_workspace(root), options=BuildOptions(formats=("html", "docx")))
    assert [r.status for r in results] == ["built"] * 3, results
    return root


def selection_of(root: Path, brief: str) -> Selection:
    ws = open_workspace(root)
    return select(ws.briefs[brief], ws.project)


def package(root: Path, brief: str) -> dict[str, bytes]:
    with zipfile.ZipFile(root / "output" / brief / f"{brief}.docx") as z:
        return {n: z.read(n) for n in z.namelist()}


def real_notes(xml: bytes, kind: str) -> int:
    """Notes in footnotes.xml or endnotes.xml, leaving out the separators."""
    return len(re.findall(rb"<w:" + kind.encode() + rb" (?![^>]*w:type=)", xml))


def heading(selection: Selection, part: Part) -> str:
    """A part's heading as the brief says it in English."""
    return Phrases(selection, language("en")).heading(part)


def html_notes(root: Path, brief: str) -> int:
    html = (root / "output" / brief / f"{brief}.html").read_text("utf-8")
    return len(set(re.findall(r'<li id="note-(\d+)"', html)))


@pytest.mark.parametrize("brief", ["full", "short", "endnotes"])
def test_headings_statements_and_marking(project: Path, brief: str) -> None:
    selection = selection_of(project, brief)
    document = docx.Document(str(project / "output" / brief / f"{brief}.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    notes = ["Notes"] if brief == "endnotes" else []  # the endnotes follow a heading of their own
    assert headings == [heading(selection, p) for p in selection.parts] + notes
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == selection.brief.title
    text = straight(all_text(document))
    for statement in statement_texts(selection):
        assert squash(statement) in text, statement
    marking = selection.brief.marking
    for section in document.sections:
        assert marking in [p.text for p in section.header.paragraphs]
        assert marking in [p.text for p in section.footer.paragraphs]
        assert marking in [p.text for p in section.first_page_header.paragraphs]
        assert marking in [p.text for p in section.even_page_footer.paragraphs]
    # the table of contents is a Word field, its result filled in with the parts
    body = package(project, brief)["word/document.xml"].decode("utf-8")
    assert 'TOC \\o "1-2"' in body.replace("&quot;", '"')


def test_notes_match_the_html(project: Path) -> None:
    for brief, kind in (("full", "footnote"), ("short", "footnote"), ("endnotes", "endnote")):
        files = package(project, brief)
        expected = len(selection_of(project, brief).notes)
        assert expected == html_notes(project, brief) > 0
        assert real_notes(files[f"word/{kind}s.xml"], kind) == expected
        other = "endnote" if kind == "footnote" else "footnote"
        assert real_notes(files.get(f"word/{other}s.xml", b""), other) == 0
        refs = len(re.findall(rb"<w:" + kind.encode() + rb"Reference ", files["word/document.xml"]))
        assert refs == expected


def test_contested_claims_are_tables(project: Path) -> None:
    document = docx.Document(str(project / "output/full/full.docx"))
    heads = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["Held by", "Position", "Reported by"] in heads
    positions = next(t for t in document.tables if t.rows[0].cells[0].text == "Held by")
    assert [r.cells[0].text for r in positions.rows[1:]] == [
        "Government of Northland, January 2022",
        "Government of Southland",
    ]


def test_no_external_relationships_and_hostile_text_stays_text(project: Path) -> None:
    for brief in ("full", "short", "endnotes"):
        files = package(project, brief)
        for name, data in files.items():
            if name.endswith(".rels"):
                assert b'TargetMode="External"' not in data, name
                assert b"evil.example" not in data and b"passwd" not in data, name
        media = [n for n in files if n.startswith("word/media/")]
        assert all(n.endswith(".png") for n in media)
        assert len(media) == {"full": 2, "short": 1, "endnotes": 1}[brief]  # the charts only
    body = package(project, "full")["word/document.xml"].decode("utf-8")
    assert "&lt;w:p&gt;&lt;w:r&gt;&lt;w:t&gt;injected" in body
    assert "<w:t>injected</w:t>" not in body
    document = docx.Document(str(project / "output/full/full.docx"))
    text = all_text(document)
    assert "<img src=“http://evil.example/x.png”>" in text  # text, its quotes typeset
    assert "![pic](file:///etc/passwd)" in text
    assert "a link (http://evil.example/page)" in text  # a link's address shown, not linked
    assert "{=openxml}" in text


def test_charts_are_images_with_alt_text(project: Path) -> None:
    body = package(project, "full")["word/document.xml"].decode("utf-8")
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    assert any(d.startswith("Timeline of 2 events") for d in descriptions)
    assert any(d.startswith("Statements per section") for d in descriptions)


def test_reference_document_styles(
    make_project: Callable[..., Path], tmp_path: Path, project: Path
) -> None:
    # the built-in reference: its fonts and styles are in every Word file
    built_in = docx.Document(str(project / "output/full/full.docx"))
    assert built_in.styles["Heading 1"].font.name == "Liberation Sans"
    assert built_in.styles["Marking"].font.bold
    # a project's own templates/reference.docx replaces it, and a new one rebuilds the file
    root = make_project()
    build(open_workspace(root), options=BuildOptions(briefs=("full",), formats=("docx",)))
    office = docx.Document(str(find_reference(template_dirs(root))))
    office.styles["Heading 1"].font.name = "Office Test Sans"
    office.styles["Normal"].font.name = "Office Test Serif"
    (root / "templates").mkdir()
    office.save(str(root / "templates/reference.docx"))
    results = build(open_workspace(root), options=BuildOptions(briefs=("full",), formats=("docx",)))
    assert results[0].status == "built"
    own = docx.Document(str(root / "output/full/full.docx"))
    assert own.styles["Heading 1"].font.name == "Office Test Sans"
    assert own.styles["Normal"].font.name == "Office Test Serif"
    assert [p.style.name for p in own.paragraphs if p.text == "The Ama river dispute"] == ["Title"]


def test_built_in_reference_is_reproducible() -> None:
    shipped = template_dirs(Path("/nonexistent"))[-1] / "reference.docx"
    assert default_reference() == shipped.read_bytes()


def test_same_input_same_bytes_and_incremental(make_project: Callable[..., Path]) -> None:
    root = make_project()
    ws = open_workspace(root)
    assert [r.status for r in build(ws, options=BuildOptions(formats=("docx",)))] == [
        "built",
        "built",
    ]
    first = (root / "output/full/full.docx").read_bytes()
    assert [
        r.status for r in build(open_workspace(root), options=BuildOptions(formats=("docx",)))
    ] == ["up to date"] * 2
    build(
        open_workspace(root),
        options=BuildOptions(briefs=("full",), formats=("docx",), force=True, jobs=2),
    )
    assert (root / "output/full/full.docx").read_bytes() == first
    # a detail claim only the full brief shows: only the full brief's Word file is rebuilt
    history = root / "content/history.yaml"
    history.write_text(HISTORY.replace("does not reduce the flow", "does not lower the flow"))
    results = build(open_workspace(root), options=BuildOptions(formats=("docx",), jobs=2))
    assert {r.brief: r.status for r in results} == {"full": "built", "short": "up to date"}
    assert "does not lower the flow" in all_text(docx.Document(str(root / "output/full/full.docx")))
    assert not list((root / "output").rglob(".briefgen-*.tmp"))


def test_brief_formats_ask_for_docx(make_project: Callable[..., Path]) -> None:
    root = make_project(
        {"briefs/full.yaml": BRIEF_FULL.replace("sections:", "formats: [docx]\nsections:")}
    )
    results = build(open_workspace(root), options=BuildOptions(briefs=("full",)))
    assert results[0].formats == ("docx",)
    assert sorted(p.name for p in (root / "output/full").iterdir()) == ["build.json", "full.docx"]


# ---------------------------------------------------------------- LibreOffice


def soffice() -> str:
    """LibreOffice's command, or skip (fail in CI) naming its package."""
    return require_command("soffice", "libreoffice-writer")


@pytest.fixture(scope="module")
def converted(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every Word file converted by headless LibreOffice to ODT and to PDF."""
    out = tmp_path_factory.mktemp("libreoffice")
    files = [str(project / "output" / b / f"{b}.docx") for b in ("full", "short", "endnotes")]
    env = {**os.environ, "HOME": str(out / "home")}  # LibreOffice's profile, not the user's
    for target in ("odt", "pdf"):
        done = subprocess.run(
            [
                soffice(),
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                *files,
            ],
            capture_output=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    return out


@pytest.mark.slow
@pytest.mark.parametrize("brief", ["full", "short", "endnotes"])
def test_libreoffice_reads_notes_text_and_marking(
    project: Path, converted: Path, brief: str
) -> None:
    selection = selection_of(project, brief)
    with zipfile.ZipFile(converted / f"{brief}.odt") as z:
        content = z.read("content.xml").decode("utf-8")
    kind = "endnote" if brief == "endnotes" else "footnote"
    notes = re.findall(r'<text:note [^>]*text:note-class="(\w+)"', content)
    assert notes == [kind] * len(selection.notes) == [kind] * html_notes(project, brief)
    # numbered 1, 2, 3 … through the whole document, as in the HTML (no restart per chapter)
    citations = re.findall(r"<text:note-citation[^>]*>(\d+)<", content)
    assert citations == [str(n) for n in range(1, len(selection.notes) + 1)]
    pages = [squash(p.extract_text()) for p in PdfReader(converted / f"{brief}.pdf").pages]
    if brief == "endnotes":
        # LibreOffice (7.4) sets endnotes on pages of their own page style, without the
        # document's header and footer (Word prints them under the last section's): those
        # pages are left out of the marking check here, the header itself is checked above
        body = [p for p in pages if not re.match(r"\d+ ", p)]
        assert pages[len(body) :] and all(re.match(r"\d+ ", p) for p in pages[len(body) :])
        pages = body
    assert pages
    for number, page in enumerate(pages, 1):
        assert page.startswith(selection.brief.marking), number
        assert f"Page {number} of " in page
    text = straight(squash(" ".join(pages)).replace("- ", ""))
    for title in (heading(selection, p) for p in selection.parts):
        assert title in text
    for statement in statement_texts(selection):
        assert squash(statement)[:60] in text, statement


def test_planted_link_is_replaced_not_followed(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_project()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    (root / "output/full").mkdir(parents=True)
    for suffix in ("docx", "json", "csl.json"):
        (root / "output/full" / f"full.{suffix}").symlink_to(outside)
    results = build(
        open_workspace(root), options=BuildOptions(briefs=("full",), formats=("docx", "json"))
    )
    assert results[0].status == "built"
    assert outside.read_text(encoding="utf-8") == "keep me"
    for suffix in ("docx", "json", "csl.json"):
        path = root / "output/full" / f"full.{suffix}"
        assert path.is_file() and not path.is_symlink()


def test_a_broken_reference_document_fails_that_build_alone(
    make_project: Callable[..., Path],
) -> None:
    from click.testing import CliRunner

    from briefgen.cli.main import cli

    root = make_project(
        {"briefs/full.yaml": BRIEF_FULL.replace("sections:", "formats: [html, docx]\nsections:")}
    )
    (root / "templates").mkdir()
    (root / "templates/reference.docx").write_bytes(b"not a zip file")
    result = CliRunner().invoke(cli, ["--project", str(root), "build"])
    assert result.exit_code == 3, result.output
    assert (
        "templates/reference.docx: error: is not a Word document (not a zip package)"
        in result.output
    )
    assert not (root / "output/full/full.docx").exists()
    assert not (root / "output/full/full.html").exists()  # nothing half-written for that brief
    assert (root / "output/short/short.html").is_file()  # the other brief is built


def test_a_note_cited_twice_is_one_word_note(make_project: Callable[..., Path]) -> None:
    from dataclasses import replace

    from briefgen.render.word import render_docx

    root = make_project()
    selection = selection_of(root, "full")
    history = selection.parts[0]
    first = history.entries[0]
    assert first.notes
    # the same notes cited again further on (as a selection de-duplicating notes may do)
    twice = replace(history, entries=(*history.entries, first))
    data = render_docx(replace(selection, parts=(twice, *selection.parts[1:])), template_dirs(root))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body, notes = z.read("word/document.xml"), z.read("word/footnotes.xml")
    assert real_notes(notes, "footnote") == len(selection.notes)
    assert len(re.findall(rb"<w:footnoteReference ", body)) == len(selection.notes)
    # the second citation shows the note's number as superscript text
    assert re.search(rb'<w:vertAlign w:val="superscript" ?/>\s*</w:rPr>\s*<w:t[^>]*>1</w:t>', body)


def note_text(xml: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", "", xml)).replace("↩", "")
    return squash(text.replace("“", "").replace("”", ""))


def test_word_notes_carry_the_html_citations_in_order(project: Path) -> None:
    for brief, kind in (("full", "footnote"), ("short", "footnote"), ("endnotes", "endnote")):
        xml = package(project, brief)[f"word/{kind}s.xml"].decode("utf-8")
        word = [
            note_text(b) for b in re.findall(rf'<w:{kind} w:id="\d+">(.*?)</w:{kind}>', xml, re.S)
        ]
        page = (project / "output" / brief / f"{brief}.html").read_text("utf-8")
        aside = page[page.index('id="notes"') :]
        web = [note_text(b) for b in re.findall(r'<li id="note-\d+"[^>]*>(.*?)</li>', aside, re.S)]
        assert word == web


def test_word_sections_read_as_prose_like_the_html(make_project: Callable[..., Path]) -> None:
    from tests.test_prose import PARAGRAPHS

    root = make_project({"content/history.yaml": PARAGRAPHS})
    build(open_workspace(root), options=BuildOptions(briefs=("full",), formats=("docx",)))
    document = docx.Document(str(root / "output/full/full.docx"))
    texts = [p.text for p in document.paragraphs]
    treaty = next(t for t in texts if "signed a water-sharing treaty in 1950." in t)
    assert "According to Example Wire, the treaty split the flow evenly" in treaty  # one paragraph
    assert "Source:" not in treaty and not treaty.startswith("1950.")
    assert "The treaty" in texts and "The dam" in texts  # subsection headings
    assert any(t.startswith("Bottom line (analyst’s assessment) The treaty still") for t in texts)
    loose = next(t for t in texts if "Southland’s advocates say" in t)
    assert loose.startswith("Southland’s")  # no date glued to a sentence


# per language: labels the Word file must hold, from the catalogs the HTML uses
WORD_LABELS = {
    "fr": [
        "Édition : nº 1, 23 novembre 2026",
        "Dernières informations : 20 mai 2024",
        "L’essentiel (appréciation de",
        "Statut : non résolu",
        "Chronologie",
        "Source : EW, 20 mai 2024",
    ],
    "ar": [
        "الإصدار: رقم 1، 23 نوفمبر 2026",
        "المنظمة:",
        "الحالة: غير محسوم",
        "المصدر: EW",
        "20 مايو 2024",
        "المعلومات حتى: 20 مايو 2024",
    ],
}
ENGLISH_LABELS = [
    "Edition:",
    "Information as of",
    "Bottom line",
    "Source: ",
    "Status:",
    "Held by",
    "Reported by",
    "Quotations:",
    "November",
    "May 2024",
    "page 1 of",
]


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.multilingual_project import multilingual_root

    root = multilingual_root(tmp_path_factory.mktemp("word-i18n"))
    results = build(
        open_workspace(root),
        options=BuildOptions(briefs=("brief-fr", "brief-ar"), formats=("docx",)),
    )
    assert [r.status for r in results] == ["built"] * 2, results
    return root


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_word_file_in_the_brief_language(multilingual: Path, lang: str) -> None:
    files = package(multilingual, f"brief-{lang}")
    document = docx.Document(io.BytesIO(zip_of(files)))
    notes = re.sub(r"<[^>]+>", " ", files["word/footnotes.xml"].decode("utf-8"))
    footer = re.sub(r"<[^>]+>", "", files["word/briefgen-footer.xml"].decode("utf-8"))
    text = squash(all_text(document) + " " + notes + " " + footer)
    for label in WORD_LABELS[lang]:
        assert label in text, f"{lang}: {label!r} not in the Word file"
    for english in ENGLISH_LABELS:
        assert english not in text, f"{lang}: English {english!r} left in the Word file"
    body = files["word/document.xml"].decode("utf-8")
    paragraphs = len(re.findall(r"<w:p[ >]", body))
    if lang == "ar":  # every paragraph right to left (Pandoc's dir attribute: w:bidi)
        assert (
            "الصفحة 1 من 1" in footer and "<w:bidi/>" in files["word/briefgen-footer.xml"].decode()
        )
        assert (
            len(re.findall(r"<w:p>\s*<w:pPr>(?:(?!</w:pPr>).)*<w:bidi", body, re.S)) == paragraphs
        )
    else:
        assert "Page 1 sur 1" in footer and "<w:bidi" not in body


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def test_title_block_keys_the_grade_letters_and_rows_stay_whole(project: Path) -> None:
    selection = selection_of(project, "full")
    document = docx.Document(str(project / "output/full/full.docx"))
    details = next(p.text for p in document.paragraphs if "Source grades: " in p.text)
    key = details[details.index("Source grades: ") :]  # the last of the details on their line
    grades = [g for g, _ in selection.summary.by_grade]
    assert grades and key.startswith("Source grades: In brackets after a source’s name: [")
    for grade in grades:
        assert f"[{grade}] " in key
    rows = re.findall(
        rb"<w:tr>(?:<w:trPr>.*?</w:trPr>)?", package(project, "full")["word/document.xml"]
    )
    assert rows and all(re.search(rb"<w:cantSplit ?/>", row) for row in rows)
