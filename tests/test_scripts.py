"""Every script prints: the font stacks reach a font for each script, `check` names each
character no installed font can draw, and the PDF of a multilingual project draws every letter
(no .notdef glyph) and keeps it in its text layer."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from briefgen.model import Theme
from briefgen.render.charts import FONTS
from briefgen.render.theme import look, theme_css
from tests.browser.projects import generate
from tests.multilingual_project import SCRIPT_SAMPLES, multilingual_root
from tests.sample_project import REPO

# the Noto family each stack must name, per script (Latin, Greek and Cyrillic: Liberation, DejaVu)
FAMILIES = {
    "Arabic": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "Hebrew": ("Noto Serif Hebrew", "Noto Sans Hebrew"),
    "Armenian": ("Noto Serif Armenian", "Noto Sans Armenian"),
    "Georgian": ("Noto Serif Georgian", "Noto Sans Georgian"),
    "Ethiopic": ("Noto Serif Ethiopic", "Noto Sans Ethiopic"),
    "Devanagari": ("Noto Serif Devanagari", "Noto Sans Devanagari"),
    "Han": ("Noto Serif CJK SC", "Noto Sans CJK SC"),
}
TEMPLATES = REPO / "briefgen" / "render" / "templates"


def stacks() -> dict[str, str]:
    """Each font stack of the templates and charts, as written."""
    css = theme_css(look(Theme()))
    found = {
        "theme --serif": re.search(r"--serif:([^;]*);", css),
        "theme --sans": re.search(r"--sans:([^;]*);", css),
        "theme @page (margin boxes)": re.search(r"@page \{[^}]*font-family:([^;]*);", css),
    }
    out = {k: m.group(1) for k, m in found.items() if m}
    assert len(out) == len(found), set(found) - set(out)
    out["charts.FONTS"] = FONTS
    return out


def test_every_stack_reaches_every_script() -> None:
    for where, stack in stacks().items():
        sans_only = "sans" in where.lower() or "chart" in where.lower() or "@page" in where
        for script, (serif, sans) in FAMILIES.items():
            wanted = sans if sans_only else serif
            assert wanted.replace(" ", "") in stack.replace(" ", "").replace("'", '"'), (
                where,
                script,
            )


def test_every_family_of_the_stacks_is_installed() -> None:
    if shutil.which("fc-list") is None:
        pytest.skip("no fontconfig (fc-list)")
    installed = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=True
    ).stdout
    for serif, sans in FAMILIES.values():
        for family in (serif, sans):
            assert family in installed, f"{family}: run scripts/setup.sh (fonts-noto-core, -cjk)"


def test_check_names_a_character_no_font_draws(make_project) -> None:  # type: ignore[no-untyped-def]
    actors = """\
    actors:
      - id: north-gov
        name: "Government of Northland \ue000"   # a comment \ue001 is not printed
        kind: government
      - id: south-gov
        name: Government of Southland ግ
        kind: government
    """
    root = make_project({"content/actors.yaml": actors})
    result = generate("--project", root, "check", "--no-cache")
    warnings = [line for line in result.stderr.splitlines() if "no font" in line]
    assert warnings == [
        "content/actors.yaml:3:36: warning: no font for '\ue000' (U+E000, private use)"
    ], result.stderr
    strict = generate("--project", root, "check", "--strict", "--no-cache", check=False)
    assert strict.returncode == 1
    assert "no font for '\ue000'" in strict.stderr


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


def notdef_letters(reader: PdfReader) -> dict[str, set[str]]:
    """Per font: the characters its ToUnicode map gives to .notdef (glyph 0) or an empty glyph.

    Covers TrueType fonts (FontFile2: glyph 0 and outline-less glyphs) and CFF CID fonts
    (FontFile3, the CJK fonts: CID 0).
    """
    from fontTools.ttLib import TTFont

    bad: dict[str, set[str]] = {}
    seen: set[int] = set()
    for page in reader.pages:
        for ref in page.get("/Resources", {}).get("/Font", {}).values():
            key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
            if key in seen:
                continue
            seen.add(key)
            font = ref.get_object()
            if font.get("/Subtype") != "/Type0" or "/ToUnicode" not in font:
                continue
            name = str(font["/BaseFont"])
            cmap = _cmap(font["/ToUnicode"].get_object().get_data())
            cid_font = font["/DescendantFonts"][0].get_object()
            to_gid = cid_font.get("/CIDToGIDMap", "/Identity")
            gid_map = None if to_gid == "/Identity" else to_gid.get_object().get_data()
            file2 = cid_font["/FontDescriptor"].get_object().get("/FontFile2")
            tt = TTFont(io.BytesIO(file2.get_object().get_data())) if file2 is not None else None
            order = tt.getGlyphOrder() if tt is not None else []
            for cid, chars in cmap.items():
                if not chars.strip():
                    continue
                gid = (
                    cid
                    if gid_map is None
                    else int.from_bytes(gid_map[2 * cid : 2 * cid + 2], "big")
                )
                drawn = gid != 0
                if drawn and tt is not None:
                    drawn = gid < len(order) and order[gid] != ".notdef"
                    if drawn and "glyf" in tt:
                        drawn = tt["glyf"][order[gid]].numberOfContours != 0
                if not drawn:
                    bad.setdefault(name, set()).update(chars)
    return bad


@pytest.fixture(scope="module")
def english_pdf(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    root = multilingual_root(tmp_path_factory.mktemp("scripts"))
    generate("--project", root, "build", "brief-en", "--format", "pdf")
    return PdfReader(root / "output" / "brief-en" / "brief-en.pdf")


@pytest.mark.pdf
@pytest.mark.parametrize("script", sorted(SCRIPT_SAMPLES))
def test_every_script_is_in_the_text_layer(english_pdf: PdfReader, script: str) -> None:
    text = "".join(page.extract_text() for page in english_pdf.pages)
    letters = {c for c in SCRIPT_SAMPLES[script] if c.isalpha()}
    missing = sorted(c for c in letters if c not in text)
    assert not missing, f"{script}: {missing}"


@pytest.mark.pdf
def test_no_letter_is_drawn_as_notdef(english_pdf: PdfReader) -> None:
    bad = notdef_letters(english_pdf)
    assert not bad, f"drawn as .notdef or an empty glyph: {bad}"


@pytest.mark.weasyprint_logs  # the .notdef warning is the point
@pytest.mark.pdf
def test_notdef_check_catches_a_missing_glyph() -> None:
    """Control: a private-use character no installed font has is found drawn as .notdef."""
    import weasyprint

    html = '<p style="font-family: Liberation Serif">ግ \ue000</p>'
    reader = PdfReader(io.BytesIO(weasyprint.HTML(string=html).write_pdf()))
    bad = notdef_letters(reader)
    assert "\ue000" in set().union(*bad.values()), bad
    assert "ግ" not in set().union(*bad.values()), bad


def test_glyph_warnings_skip_comments_and_invisible_characters(tmp_path: Path) -> None:
    from briefgen.validate.glyphs import file_problems, installed_coverage

    coverage = installed_coverage()
    if coverage is None:
        pytest.skip("no fontconfig (fc-list)")
    text = "a: \u200d\u2067x\u2069 # \ue000\nb: |\n  line one\n  two \U000f0000\n"
    problems = [str(p) for p in file_problems(text, "content/x.yaml", coverage)]
    assert problems == [
        "content/x.yaml:4:7: warning: no font for '\U000f0000' (U+F0000, private use)"
    ]
