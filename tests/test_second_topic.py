"""The second topic, bench/topics/fr-bassin (French, an invented river-basin dispute written
from the docs alone), built and read with bench/readers.py's measures: what a minister's
office or the public would trip over on it must be zero, its memo must fit two pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pytest
from pypdf import PdfReader

from bench.readers import Reading, read_brief
from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.selection.select import select
from briefgen.validate.workspace import open_workspace
from tests.browser.tools import require_command
from tests.sample_project import REPO

TOPIC = REPO / "bench" / "topics" / "fr-bassin"
BRIEFS = ("analyste", "note", "public")

pytestmark = [pytest.mark.pdf, pytest.mark.slow]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the topic (its inputs only), built in HTML, PDF and Word."""
    root = tmp_path_factory.mktemp("second") / "fr-bassin"
    shutil.copytree(TOPIC, root, ignore=shutil.ignore_patterns("output", "editions", "preview"))
    ws = open_workspace(root)
    assert [str(p) for p in ws.errors] == []
    results = build(ws, options=BuildOptions(briefs=BRIEFS, formats=("html", "pdf", "docx")))
    assert {r.brief for r in results} == set(BRIEFS)
    for r in results:
        assert r.status == "built" and r.error is None and r.warning is None, r
        assert r.problems == (), (r.brief, r.problems)
    return root


def reading(root: Path, brief: str) -> Reading:
    ws = open_workspace(root)
    selection = select(ws.briefs[brief], ws.project)
    return read_brief(root, brief, selection, word=False)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


@pytest.mark.parametrize("brief", BRIEFS)
def test_nothing_a_reader_trips_over(project: Path, brief: str) -> None:
    """No stray comma before a note call, no machine glue (French included), no escaped
    attribute, no straight quote in the prose, no breakable space before high punctuation, no
    Word note references run together, no draft flag, every passage a judgment rests on
    reachable from it."""
    r = reading(project, brief)
    assert r.pages is not None and r.notes_together is not None  # the PDF and Word were read
    assert r.stray_commas == 0
    assert r.glue == {}
    assert r.escaped == 0
    assert r.straight == 0
    assert r.loose == 0  # no line can start with ; : ! ? »
    assert r.notes_together == 0
    assert not r.draft, "the topic's quotes are verified and every section has a bottom line"
    assert r.draft_flags == 0
    reached, total = r.reachable
    assert reached == total


def test_the_judgments_rest_on_evidence_a_reader_reaches(project: Path) -> None:
    """The analyst brief and the memo show key judgments, and all of their passages are cited
    from them or linked (a test that can fail: the topic has judgments with several strands)."""
    for brief in ("analyste", "note"):
        reached, total = reading(project, brief).reachable
        assert total >= 20 and reached == total, (brief, reached, total)


def test_the_memo_fits_two_pages_and_says_so_in_french(project: Path) -> None:
    memo = project / "output" / "note" / "note.pdf"
    assert len(PdfReader(memo).pages) <= 2
    text = pdf_text(memo)
    for french in ("Jugements clés", "Degrés de confiance", "Les points de désaccord"):
        assert french in text, french
    assert "position du gouvernement morlandais" in re.sub(r"\s+", " ", text)
    assert not re.search(r"\b[Dd]e le\b|\bà le\b", text)  # prepositions take the article in
    assert "'" not in text  # no quotes in the memo's notes: every apostrophe is typeset


@pytest.mark.parametrize("brief", BRIEFS)
def test_every_note_starts_with_a_capital(project: Path, brief: str) -> None:
    """A short name written with its article for running text ("le ministère aldérien de
    l'Énergie", "l'AIP") reads "selon le ministère" mid-sentence and "Le ministère" at the
    start of a note or of a table's "held by" cell."""
    page = lxml.html.parse(str(project / "output" / brief / f"{brief}.html")).getroot()
    bodies = page.xpath("//span[@class='fn'] | //ol[contains(@class, 'notes')]/li")
    assert bodies
    for body in bodies:
        first = re.search(r"[^\W\d_]", body.text_content())
        assert first is not None and not first.group().islower(), body.text_content()[:80]
    for cell in page.xpath("//table[@class='positions']//th[@scope='row']"):
        first = re.search(r"[^\W\d_]", cell.text_content())
        assert first is not None and not first.group().islower(), cell.text_content()[:80]
    if brief != "public":  # the public brief shows no disputes table
        text = re.sub(r"\s+", " ", pdf_text(project / "output" / brief / f"{brief}.pdf"))
        assert "selon le ministère aldérien de l’Énergie" in text


@pytest.mark.parametrize("brief", BRIEFS)
def test_note_calls_stand_before_the_full_stop(project: Path, brief: str) -> None:
    """French sets a note call before the punctuation that ends a sentence ("frontière¹."), in
    the HTML (so the PDF) and the Word file."""
    html = (project / "output" / brief / f"{brief}.html").read_text(encoding="utf-8")
    assert '.&#8288;<a class="ref' not in html
    with zipfile.ZipFile(project / "output" / brief / f"{brief}.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    run = r"<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?"
    note = r"<w:(?:footnote|endnote)Reference"
    assert not re.search(r"\.</w:t></w:r>" + run + note, xml)
    if brief != "note":  # the memo has no running prose, only judgments and a table
        assert re.search(r'\w&#8288;<a class="ref[^>]*>\d+</a>', html)
        assert re.search(note + r" [^>]*/></w:r>" + run + r"<w:t[^>]*>\.", xml)


@pytest.mark.parametrize("brief", BRIEFS)
def test_the_pdf_text_layer_is_french(project: Path, brief: str) -> None:
    """The PDF is searchable in French: accented letters, the typeset apostrophe, French
    guillemets with their narrow no-break space, and the tool's own words from the French
    catalog, not English ones."""
    text = pdf_text(project / "output" / brief / f"{brief}.pdf")
    assert "Tamsa" in text and "Aldérie" in text and "l’Aldérie" in text
    assert "«\u202f" in text or "« " in text
    assert not re.search(r"\b(Page \d+ of|Key judgments|reported by|Sources and gaps)\b", text)


@pytest.mark.parametrize("brief", ["analyste", "note"])
def test_no_source_speaks_for_a_party(project: Path, brief: str) -> None:
    """The topic's Estravian government holds positions but has no source of its own: the
    analyst brief says so, and the memo too, whose source summary is left out for length
    (the gap is said under the notice of what was left out), in the PDF and in Word."""
    said = "Aucune source de cette note ne parle au nom du gouvernement estravien"
    text = re.sub(r"\s+", " ", pdf_text(project / "output" / brief / f"{brief}.pdf"))
    assert said in text
    with zipfile.ZipFile(project / "output" / brief / f"{brief}.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert said in re.sub(r"<[^>]+>", "", xml).replace("\u00a0", " ")
    if brief == "note":
        assert "Omis faute de place : Sources et lacunes." in text.replace("\u00a0", " ")


def test_the_memo_fits_two_pages_in_word_too(
    project: Path, tmp_path: Path, soffice_path: str
) -> None:
    """The Word memo, laid out by LibreOffice, fits the same two pages."""
    docx = project / "output" / "note" / "note.docx"
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    command = [soffice_path, "--headless", "--norestore", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(tmp_path), str(docx)],
        capture_output=True,
        env=env,
        timeout=300,
        check=True,
    )
    laid_out = PdfReader(tmp_path / "note.pdf")
    assert len(laid_out.pages) <= 2
    # a judgment's place in the brief with its page, a PAGEREF field LibreOffice resolves
    text = " ".join(" ".join(page.extract_text().split()) for page in laid_out.pages)
    assert re.search(r"voir Les points de désaccord, p\. 2\)", text), text[:2000]
    assert "Error" not in text and "Erreur" not in text


@pytest.fixture
def soffice_path() -> str:
    return require_command("soffice", "libreoffice-writer")
