"""PDF quality: embedded fonts with real glyphs, bookmarks, page numbers, marking, footnotes.

Each project is built once per module through the CLI: the extended sample project (every
template part, Azerbaijani and Turkish letters, an endnotes memo) and, when content/ and
briefs/ check cleanly, a copy of the repository's example briefs.  What each PDF must show is
read from the HTML of the same build (section headings, marking, the numbered notes).
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from html import unescape
from itertools import pairwise
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from briefgen.render.i18n import language
from tests.browser.projects import (
    LETTER_CLAIM,
    LETTERS,
    SAMPLE_EXTRA,
)
from tests.browser.tools import BriefHtml, bare, read_brief_html, require_command, squash
from tests.sample_project import BASE_FILES, REPO

pytestmark = pytest.mark.pdf

MM = 72 / 25.4
# Running heads and feet sit in the @page margin of pdf.css (22 mm); 20 mm leaves room for rounding.
MARGIN_BAND = 20 * MM

SAMPLE_BRIEFS = sorted(
    Path(k).stem for k in {**BASE_FILES, **SAMPLE_EXTRA} if k.startswith("briefs/")
)
EXAMPLE_BRIEFS = sorted(p.stem for p in (REPO / "briefs").glob("*.yaml"))
CASES = [("sample", b) for b in SAMPLE_BRIEFS] + [("examples", b) for b in EXAMPLE_BRIEFS]


@pytest.fixture(scope="module")
def sample_project(built_sample: Path) -> Path:
    return built_sample


@pytest.fixture(scope="module")
def examples_project(built_examples: Path | str) -> Path | str:
    """The built example project, or why it was not built."""
    return built_examples


@dataclass(frozen=True)
class Built:
    """One built brief: its PDF, what its HTML says, and the PDF read by pypdf."""

    name: str
    pdf: Path
    html: BriefHtml
    reader: PdfReader

    def page_texts(self) -> list[str]:
        return [page.extract_text() for page in self.reader.pages]


@pytest.fixture(params=CASES, ids=[f"{p}/{b}" for p, b in CASES])
def built(request: pytest.FixtureRequest) -> Built:
    project, name = request.param
    root = request.getfixturevalue(f"{project}_project")
    if isinstance(root, str):
        pytest.skip(root)
    pdf = root / "output" / name / f"{name}.pdf"
    html = root / "output" / name / f"{name}.html"
    if not pdf.is_file() or not html.is_file():
        pytest.skip(f"brief '{name}' asks for no PDF or no HTML")
    return Built(name, pdf, read_brief_html(html), PdfReader(pdf))


def test_every_font_is_embedded(built: Built) -> None:
    pdffonts = require_command("pdffonts", "poppler-utils")
    out = subprocess.run(
        [pdffonts, str(built.pdf)], capture_output=True, text=True, check=True
    ).stdout
    header, _, *rows = out.splitlines()
    column = header.index(" emb ") + 1
    assert rows, out
    not_embedded = [row for row in rows if row[column : column + 3] != "yes"]
    assert not not_embedded, f"fonts not embedded in {built.name}:\n{out}"
    assert "Type 3" not in out, out


def test_outline_has_every_section(built: Built) -> None:
    top = [item.title for item in built.reader.outline if not isinstance(item, list)]
    expected = list(built.html.sections)
    if built.html.endnotes and built.html.notes:
        expected.append(built.html.notes_heading)
    assert expected, "the brief has no sections"
    assert [t for t in top if t in expected] == expected, top
    assert "Contents" not in top


def _words_by_page(pdf: Path) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """Per page: its height and its words as (y top, y bottom, text), from `pdftotext -bbox`."""
    tool = require_command("pdftotext", "poppler-utils")
    out = subprocess.run(
        [tool, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in re.finditer(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = [
            (float(m[1]), float(m[2]), unescape(m[3]))
            for m in re.finditer(
                r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>',
                page[2],
            )
        ]
        pages.append((float(page[1]), words))
    return pages


def _lines_in(words: list[tuple[float, float, str]], top: float, bottom: float) -> str:
    """The words whose box lies between top and bottom, in reading order, as one string."""
    return " ".join(w for y0, y1, w in words if y0 >= top and y1 <= bottom)


def _band(pdf: Path, page: int, top: float, height: float) -> str:
    """The text of a band across a page, in reading order: poppler orders right-to-left lines
    itself (its bidi marks and spacing left out), which its word boxes do not."""
    tool = require_command("pdftotext", "poppler-utils")
    crop = ["-x", "0", "-y", str(int(top)), "-W", "10000", "-H", str(int(height))]
    out = subprocess.run(
        [tool, "-f", str(page), "-l", str(page), *crop, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return bare(re.sub("[\u202a-\u202e]", "", out))


def test_page_numbers_and_marking_on_every_page(built: Built) -> None:
    pages = _words_by_page(built.pdf)
    total = len(built.reader.pages)
    assert total > 0 and len(pages) == total
    marking = built.html.marking
    assert marking
    # the page string in the brief's language ("Page 3 of 9", "Sayfa 3 / 9", "الصفحة 3 من 9")
    lang = language(built.html.lang or "en", built.pdf.parents[2])
    for number, (height, words) in enumerate(pages, start=1):
        page = lang.text("Page %(page)s of %(pages)s", page=number, pages=total)
        if built.html.rtl:
            head = _band(built.pdf, number, 0, MARGIN_BAND)
            foot = _band(built.pdf, number, height - MARGIN_BAND, MARGIN_BAND)
            marking, page = bare(built.html.marking), bare(page)
        else:
            head = _lines_in(words, 0, MARGIN_BAND)
            foot = _lines_in(words, height - MARGIN_BAND, height)
        assert marking in head, f"page {number}: no marking at the top: {head!r}"
        assert marking in foot, f"page {number}: no marking at the bottom: {foot!r}"
        assert page in foot, f"page {number}: {foot!r}"


def test_every_note_reaches_the_pdf(built: Built) -> None:
    notes = built.html.notes
    if not notes:
        pytest.skip("the brief has no notes")
    assert [n.number for n in notes] == list(range(1, len(notes) + 1))
    assert built.html.refs >= len(notes)
    # poppler's text keeps the list numbers of endnotes, which pypdf's leaves out; it also joins
    # a word hyphenated at a line end ("Turkish-" + "Azerbaijani"), so hyphens are left out too
    tool = require_command("pdftotext", "poppler-utils")
    pdf_text = subprocess.run(
        [tool, str(built.pdf), "-"], capture_output=True, text=True, check=True
    )

    def norm(text: str) -> str:
        return bare(text).replace("-", "")

    text = norm(pdf_text.stdout)
    missing = []
    if built.html.rtl:
        # poppler orders a line that mixes directions as it stands on the page, not as it reads,
        # so a right-to-left brief's notes are looked for word by word (Latin words and numbers:
        # their quotes are here in English, and poppler splits Arabic ligatures such as lam-alef)
        printed = set(re.findall(r"[A-Za-z0-9]+", pdf_text.stdout))
        for note in notes:
            opening = re.findall(r"[A-Za-z0-9]+", note.source)[:-1]  # cut at 24 characters
            words = {*opening, *re.findall(r"[A-Za-z0-9]+", note.quote)}
            if not words or not words <= printed:
                missing.append(f"{note.number}. {note.source}: “{note.quote}”")
    for note in [] if built.html.rtl else notes:
        # a note gives no quote when its sentence quotes it or the brief sets note_quotes: false
        assert note.source, note
        # the PDF sets an article's title in quotation marks the HTML's <q> draws itself
        opening = norm(f"{note.number}. {note.source}").replace("“", "").replace("”", "")
        if opening not in text.replace("“", "").replace("”", "") or norm(note.quote) not in text:
            missing.append(f"{note.number}. {note.source}: “{note.quote}”")
    assert not missing, (
        f"{len(missing)} of {len(notes)} notes missing from {built.name}.pdf:\n"
        + "\n".join(missing[:20])
    )


def _pages_of(
    elem: pikepdf.Object, pages: dict[tuple[int, int], int], page: int | None = None
) -> list[int]:
    """The pages of the marked content a structure element holds, its descendants' included."""
    pg = elem.get("/Pg")
    page = pages[pg.objgen] if pg is not None else page
    k = elem.get("/K")
    found = []
    for kid in k if isinstance(k, pikepdf.Array) else [k] if k is not None else []:
        if isinstance(kid, int) and page is not None:
            found.append(page)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
            found.append(pages[kid.Pg.objgen] if "/Pg" in kid else page)
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += _pages_of(kid, pages, page)
    return [p for p in found if p is not None]


def test_page_footnotes_start_on_the_page_of_their_call(built: Built) -> None:
    """A page footnote (tagged /Note right after its call, /Reference) starts on its call's page:
    pdf.css's footnote-policy: line takes the call's line along when the note does not fit."""
    if built.html.endnotes or not built.html.notes:
        pytest.skip("the brief has no page footnotes")
    late, paired = [], 0
    with pikepdf.open(built.pdf) as pdf:
        pages = {p.obj.objgen: i + 1 for i, p in enumerate(pdf.pages)}
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            elem = stack.pop()
            k = elem.get("/K")
            kids = list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []
            elems = [c for c in kids if isinstance(c, pikepdf.Dictionary) and "/S" in c]
            stack.extend(elems)
            for call, note in pairwise(elems):
                if call.S == "/Reference" and note.S == "/Note":
                    paired += 1
                    at, to = _pages_of(call, pages), _pages_of(note, pages)
                    if at and to and min(to) != min(at):
                        late.append(f"{note.ID}: call on page {min(at)}, note on page {min(to)}")
    assert paired == len(built.html.notes), (paired, len(built.html.notes))
    assert not late, f"{built.name}: {late}"


def test_notes_are_cited_in_reading_order(sample_project: Path) -> None:
    html = (sample_project / "output" / "everything" / "everything.html").read_text(
        encoding="utf-8"
    )
    calls = [int(n) for n in re.findall(r'<a class="ref" href="#note-(\d+)"', html)]
    assert calls == sorted(calls)


def test_grade_letters_are_explained_in_words(built: Built) -> None:
    """Each reliability grade letter the brief shows after a source's name ("[B]") is said in
    words a reader sees, in the HTML's text (not only its hover title) and in the PDF's."""
    from briefgen.model import RELIABILITY_GRADES

    html = built.pdf.with_suffix(".html").read_text(encoding="utf-8")
    letters = sorted(set(re.findall(r'<span class="grade"[^>]*>\[([A-F])\]</span>', html)))
    if not letters:
        pytest.skip("the brief shows no grade letters")
    seen = squash(unescape(re.sub(r"<[^>]+>", " ", html)))
    tool = require_command("pdftotext", "poppler-utils")
    text = subprocess.run([tool, str(built.pdf), "-"], capture_output=True, text=True, check=True)
    printed = squash(text.stdout)
    for letter in letters:
        words = f"[{letter}] {RELIABILITY_GRADES[letter]}"
        assert words in seen, f"{built.name}: {words!r} not in the HTML's text"
        assert words in printed, f"{built.name}: {words!r} not in the PDF's text"


def test_running_head_names_the_brief(built: Built) -> None:
    texts = built.page_texts()
    if len(texts) < 2:
        pytest.skip("a one-page brief has only its cover")
    assert all(built.html.title in t for t in texts[1:])


# --- the letters of Azerbaijani and Turkish ---------------------------------------------------


def _cmap(stream: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries as code -> text."""
    text = stream.decode("latin-1")
    out: dict[int, str] = {}

    def utf16(hexa: str) -> str:
        return bytes.fromhex(hexa).decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            out[int(code, 16)] = utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])", block
        ):
            start, end = int(lo, 16), int(hi, 16)
            if dst.startswith("["):
                for i, item in enumerate(re.findall(r"<([0-9a-fA-F]+)>", dst)):
                    out[start + i] = utf16(item)
            else:
                first = int(dst[1:-1], 16)
                for i in range(end - start + 1):
                    out[start + i] = chr(first + i)
    return out


def _glyphs_for(
    reader: PdfReader, letters: tuple[str, ...]
) -> dict[str, list[tuple[str, int, bool]]]:
    """For each letter: (font, glyph id, glyph has an outline) of every font that draws it."""
    from fontTools.ttLib import TTFont

    found: dict[str, list[tuple[str, int, bool]]] = {c: [] for c in letters}
    seen: set[int] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
            if key in seen:
                continue
            seen.add(key)
            font = ref.get_object()
            if font.get("/Subtype") != "/Type0" or "/ToUnicode" not in font:
                continue
            cmap = _cmap(font["/ToUnicode"].get_object().get_data())
            cid_font = font["/DescendantFonts"][0].get_object()
            to_gid = cid_font.get("/CIDToGIDMap", "/Identity")
            gid_map = None if to_gid == "/Identity" else to_gid.get_object().get_data()
            file2 = cid_font["/FontDescriptor"].get_object().get("/FontFile2")
            tt = TTFont(io.BytesIO(file2.get_object().get_data())) if file2 is not None else None
            order = tt.getGlyphOrder() if tt is not None else []
            for cid, chars in cmap.items():
                for c in chars:
                    if c not in found:
                        continue
                    gid = (
                        cid
                        if gid_map is None
                        else int.from_bytes(gid_map[2 * cid : 2 * cid + 2], "big")
                    )
                    drawn = False
                    if tt is not None and 0 < gid < len(order) and order[gid] != ".notdef":
                        glyph = tt["glyf"][order[gid]] if "glyf" in tt else None
                        drawn = glyph is None or glyph.numberOfContours != 0
                    found[c].append((str(font["/BaseFont"]), gid, drawn))
    return found


@pytest.fixture(scope="module")
def letters_pdf(sample_project: Path) -> PdfReader:
    return PdfReader(sample_project / "output" / "everything" / "everything.pdf")


def test_letters_come_back_from_the_text_layer(letters_pdf: PdfReader) -> None:
    text = " ".join(page.extract_text() for page in letters_pdf.pages)
    assert bare(LETTER_CLAIM) in bare(text)
    for letter in LETTERS:
        assert letter in text, letter


def test_every_letter_has_a_real_glyph(letters_pdf: PdfReader) -> None:
    found = _glyphs_for(letters_pdf, LETTERS)
    problems = {c: uses for c, uses in found.items() if not uses or not all(d for _, _, d in uses)}
    assert not problems, f"letters without a glyph (font, glyph id, drawn): {problems}"
    # the body serif, the sans headings and the footnote text all draw them
    fonts = {font.split("+")[-1] for uses in found.values() for font, _, _ in uses}
    assert any("Serif" in f for f in fonts) and any("Sans" in f for f in fonts), fonts


@pytest.mark.weasyprint_logs  # the .notdef warning is the point
def test_glyph_check_catches_a_missing_glyph(tmp_path: Path) -> None:
    """Control: a character no installed font has is reported as not drawn."""
    import weasyprint

    absent = "\ue000"  # a private-use code point: in none of the fonts setup installs
    html = f'<p style="font-family: Liberation Serif">ə {absent}</p>'
    reader = PdfReader(io.BytesIO(weasyprint.HTML(string=html).write_pdf()))
    found = _glyphs_for(reader, ("ə", absent))
    assert found["ə"] and all(d for _, _, d in found["ə"])
    assert not all(d for _, _, d in found[absent])


def test_no_content_id_or_internal_word_reaches_the_reader(built: Built) -> None:
    """Ids, tags and perspective-group slugs of the content never appear in the PDF text."""
    from bench.prose import INTERNAL_WORDS, content_slugs, words_found
    from briefgen.validate.workspace import open_workspace

    root = built.pdf.parents[2]
    slugs = content_slugs(open_workspace(root)) | set(INTERNAL_WORDS)
    text = "\n".join(built.page_texts())
    found = words_found(text, slugs)
    assert not found, f"{built.name}: {found}"


def test_pdfua_structure(built: Built) -> None:
    """tests/pdfua_check.py: XMP claim, artifacts and tagged text, links, notes, table headers,
    lists and figures (PDF/UA-1, the default pdf_variant)."""
    from tests.pdfua_check import check

    result = check(built.pdf)
    counts = {k: v for k, v in sorted(result.counts.items()) if not k.startswith("tag:")}
    print(f"{built.name}: {counts}")
    assert not result.problems, f"{built.name}: {result.problems} {counts}"
    assert result.counts["runs:untagged"] == 0
    assert result.counts["runs:artifact"] >= 3 * len(built.reader.pages) - 2


def test_pdfua_checker_second_opinion(built: Built) -> None:
    """The pdfua package's checker (a machine-checkable subset of PDF/UA-1): no error-level
    finding; its warnings and the rules it could not run are reported, not enforced.  Its
    UA-14-001 (headings not empty) raises on a heading whose /K is an array and is skipped:
    tests/pdfua_check.py checks that rule instead."""
    import json
    import sys
    import warnings

    exe = Path(sys.executable).parent / "pdfua"  # installed with the dev extras
    if not exe.exists():
        pytest.skip("the pdfua checker is not installed")
    run = subprocess.run(
        [str(exe), "check", "--format", "json", str(built.pdf)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode in (0, 1, 2, 3), run.stderr
    report = json.loads(run.stdout)
    errors = [f for f in report["findings"] if f.get("severity") == "error"]
    assert not errors, f"{built.name}: {errors[:5]}"
    others = report["findings"] + [
        {"rule_id": s["rule_id"], "skipped": s["reason"]}
        for s in report["skipped"]
        if s["rule_id"] != "UA-14-001"
    ]
    if others:
        warnings.warn(f"pdfua check {built.name}: {others[:5]}", stacklevel=1)
