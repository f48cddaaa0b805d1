"""Word, step two: a brief's Pandoc AST (render/word_ast.py) to an editable .docx.

Pandoc (the pypandoc-binary wheel) runs with `--sandbox` (it reads nothing but the reference
document and writes nothing), the charts travel as data: URIs, and no link is made a hyperlink:
the .docx has no external relationships at all.

Before Pandoc, `fit_for_word` (pandoc_text.py) replaces the control characters no Word file
may hold and closes the content's bidi controls; after it, `finish()` (docx_package.py)
edits the package as XML: the marking in a header and a footer on every page, endnotes when
the brief asks for them, the theme, the package stripped and checked, zipped with fixed
timestamps so the same input gives the same bytes.

Styles come from `templates/reference.docx` (a project's own `templates/` first, then the
built-in one, which `default_reference()` generates reproducibly from Pandoc's own), read
as untrusted data and made safe first (load/docx_reference.py).
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import os
import re
import subprocess
import tempfile
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from briefgen.load.docx_reference import REFERENCE, Reference, read_reference
from briefgen.render.docx_package import PAGE_MESSAGE, WordError, finish
from briefgen.render.i18n import language
from briefgen.render.pandoc_text import fit_for_word
from briefgen.render.word_ast import document
from briefgen.selection.select import Selection
from briefgen.write import zip_package

LOGGER = logging.getLogger("briefgen.word")  # pandoc's warnings

# ---------------------------------------------------------------- running Pandoc


def pandoc_path() -> str:
    """The pandoc binary the pypandoc-binary wheel carries (or one on PATH)."""
    import pypandoc  # the wheel's binary: nothing is downloaded at run time

    return str(pypandoc.get_pandoc_path())


@cache
def api_version() -> tuple[int, ...]:
    """The Pandoc AST version of the bundled pandoc."""
    out = subprocess.run(
        [pandoc_path(), "--sandbox", "-f", "markdown", "-t", "json"],
        input=b"",
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    return tuple(json.loads(out)["pandoc-api-version"])


def epoch(selection: Selection) -> int:
    """The brief's edition date as a Unix time: the date stamped into the package."""
    e = selection.brief.edition
    day = datetime.datetime(e.year, e.month or 1, e.day or 1, tzinfo=datetime.UTC)
    return int(day.timestamp())


def run_pandoc(
    ast: dict[str, Any], reference: Reference | None, stamp: int, timeout: float | None
) -> bytes:
    """The .docx Pandoc makes of the AST (sandboxed: it reads only the reference document, the
    clean copy of it briefgen wrote to a private folder)."""
    with tempfile.TemporaryDirectory(prefix="briefgen-reference-") as folder:
        args = [pandoc_path(), "--sandbox", "-f", "json", "-t", "docx"]
        if reference is not None:
            path = Path(folder) / REFERENCE
            path.write_bytes(reference.data)
            args.append(f"--reference-doc={path}")
        return pandoc(args, ast, stamp, timeout)


def pandoc(args: list[str], ast: dict[str, Any], stamp: int, timeout: float | None) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANDOC")}
    env["SOURCE_DATE_EPOCH"] = str(stamp)
    try:
        done = subprocess.run(
            args,
            input=json.dumps(ast, ensure_ascii=False).encode("utf-8"),
            capture_output=True,
            timeout=timeout or None,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise WordError(f"pandoc took longer than {timeout:.0f} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise WordError(f"pandoc failed: {message[-1] if message else done.returncode}")
    for line in done.stderr.decode("utf-8", "replace").splitlines():
        if line.strip():  # pandoc's warnings ([WARNING] …): the builder reports them per brief
            LOGGER.warning("pandoc: %s", line.strip())
    return done.stdout


def render_docx(
    selection: Selection, dirs: list[Path], timeout: float | None = None, root: Path | None = None
) -> bytes:
    """The brief as a .docx (bytes), styled by the first reference.docx on the template path
    (made safe: load/docx_reference.py), in the brief's language (the project's own catalog
    under `root` over the shipped one); a draft's marking says DRAFT."""
    stamp = epoch(selection)
    lang = language(selection.brief.language, root)
    ast = fit_for_word(document(selection, api_version(), lang))
    raw = run_pandoc(ast, read_reference(dirs), stamp, timeout)
    brief = selection.brief
    marking = brief.marking
    if selection.drafts:
        marking = lang.text("DRAFT – %(marking)s", marking=marking)
    e = brief.edition
    return finish(
        raw,
        marking,
        brief.title,
        brief.theme,
        stamp,
        page=lang.translations.gettext(PAGE_MESSAGE),
        rtl=lang.rtl,
        endnotes=brief.options.notes == "endnotes",
        day=f"{e.year:04d}-{e.month or 1:02d}-{e.day or 1:02d}T00:00:00Z",
    )


# ---------------------------------------------------------------- the default reference.docx

STYLE_ADDITIONS = """\
  <w:style w:type="paragraph" w:styleId="Header">
    <w:name w:val="header" />
    <w:basedOn w:val="Normal" />
    <w:uiPriority w:val="99" />
    <w:unhideWhenUsed />
    <w:pPr><w:tabs><w:tab w:val="center" w:pos="4513" /><w:tab w:val="right" w:pos="9026" /></w:tabs><w:spacing w:after="0" /><w:jc w:val="center" /></w:pPr>
    <w:rPr><w:b /><w:caps /><w:color w:val="8A1C1C" /><w:sz w:val="18" /><w:szCs w:val="18" /></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="Footer">
    <w:name w:val="footer" />
    <w:basedOn w:val="Normal" />
    <w:uiPriority w:val="99" />
    <w:unhideWhenUsed />
    <w:pPr><w:tabs><w:tab w:val="center" w:pos="4513" /><w:tab w:val="right" w:pos="9026" /></w:tabs><w:spacing w:after="0" /><w:jc w:val="center" /></w:pPr>
    <w:rPr><w:sz w:val="16" /><w:szCs w:val="16" /></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="Marking">
    <w:name w:val="Marking" />
    <w:basedOn w:val="Normal" />
    <w:next w:val="BodyText" />
    <w:qFormat />
    <w:pPr><w:spacing w:before="120" w:after="240" /><w:jc w:val="center" /></w:pPr>
    <w:rPr><w:b /><w:caps /><w:color w:val="8A1C1C" /></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="BriefDetails">
    <w:name w:val="Brief Details" />
    <w:basedOn w:val="Normal" />
    <w:qFormat />
    <w:pPr><w:spacing w:before="0" w:after="40" /></w:pPr>
    <w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans" w:cs="Liberation Sans" /><w:sz w:val="17" /><w:szCs w:val="17" /></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="BottomLine">
    <w:name w:val="Bottom Line" />
    <w:basedOn w:val="BodyText" />
    <w:qFormat />
    <w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="1F3B5A" /></w:pBdr><w:ind w:left="240" /></w:pPr>
  </w:style>
  <w:style w:type="character" w:customStyle="1" w:styleId="Attribution">
    <w:name w:val="Attribution" />
    <w:basedOn w:val="DefaultParagraphFont" />
    <w:qFormat />
    <w:rPr><w:color w:val="404040" /><w:sz w:val="20" /><w:szCs w:val="20" /></w:rPr>
  </w:style>
"""
BODY_FONT = "Liberation Serif"
BODY_SIZE = 20  # half-points: 10 pt, as the PDF
# The PDF's measure in Word: paragraph spacing, heading and note sizes (half-points and
# twentieths of a point), so that a brief takes about as many pages in Word as in its PDF
COMPACT = {
    "BodyText": '<w:pPr><w:spacing w:before="0" w:after="100" /></w:pPr>',
    "Compact": '<w:pPr><w:spacing w:before="0" w:after="40" /></w:pPr>',
    "Title": '<w:pPr><w:spacing w:after="40" w:line="240" w:lineRule="auto" /><w:contextualSpacing /></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="Liberation Sans" w:eastAsia="Liberation Sans" w:hAnsi="Liberation Sans" w:cs="Liberation Sans" /><w:b /><w:color w:val="1F3B5A" /><w:sz w:val="40" /><w:szCs w:val="40" /></w:rPr>',
    "Subtitle": '<w:pPr><w:spacing w:after="120" /></w:pPr><w:rPr><w:color w:val="555555" /><w:sz w:val="24" /><w:szCs w:val="24" /></w:rPr>',
    "Heading1": '<w:pPr><w:keepNext /><w:keepLines /><w:pBdr><w:bottom w:val="single" w:sz="8" w:space="1" w:color="1F3B5A" /></w:pBdr><w:spacing w:before="240" w:after="80" /><w:outlineLvl w:val="0" /></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="Liberation Sans" w:eastAsia="Liberation Sans" w:hAnsi="Liberation Sans" w:cs="Liberation Sans" /><w:b /><w:color w:val="1F3B5A" /><w:sz w:val="26" /><w:szCs w:val="26" /></w:rPr>',
    "Heading2": '<w:pPr><w:keepNext /><w:keepLines /><w:spacing w:before="160" w:after="60" /><w:outlineLvl w:val="1" /></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="Liberation Sans" w:eastAsia="Liberation Sans" w:hAnsi="Liberation Sans" w:cs="Liberation Sans" /><w:b /><w:sz w:val="21" /><w:szCs w:val="21" /></w:rPr>',
    "FootnoteText": '<w:pPr><w:spacing w:before="0" w:after="0" w:line="220" w:lineRule="auto" /></w:pPr><w:rPr><w:sz w:val="15" /><w:szCs w:val="15" /></w:rPr>',
}
HEADING_FONT = "Liberation Sans"
ACCENT = "1F3B5A"
# A4 with the PDF's margins (22 mm top and bottom, 18 mm sides), in twentieths of a point
PAGE = (
    '<w:pgSz w:w="11906" w:h="16838" />'
    '<w:pgMar w:top="1247" w:right="1020" w:bottom="1247" w:left="1020" w:header="567" '
    'w:footer="567" w:gutter="0" />'
)


def restyled(styles: str, style_id: str, props: str) -> str:
    """A style of styles.xml with its paragraph and run properties replaced by `props`."""
    found = re.search(rf'<w:style [^>]*w:styleId="{style_id}"[^>]*>.*?</w:style>', styles, re.S)
    if found is None:
        raise WordError(f"pandoc's reference.docx has no {style_id} style")
    old = found.group(0)
    new = re.sub(r"\s*<w:pPr>.*?</w:pPr>|\s*<w:rPr>.*?</w:rPr>", "", old, flags=re.S)
    new = new.replace("</w:style>", props + "</w:style>")
    return styles.replace(old, new)


def default_reference() -> bytes:
    """The built-in templates/reference.docx: Pandoc's own, with briefgen's fonts, colours,
    A4 pages and the styles its Word output uses (Marking, Brief Details, Attribution, Header,
    Footer, Bottom Line).  Same pandoc, same bytes."""
    raw = subprocess.run(
        [pandoc_path(), "--sandbox", "--print-default-data-file", REFERENCE],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        files = {name: z.read(name) for name in z.namelist()}
    styles = files["word/styles.xml"].decode("utf-8")
    body = f'<w:rFonts w:ascii="{BODY_FONT}" w:eastAsia="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:cs="{BODY_FONT}" />'
    styles = re.sub(r"<w:rFonts w:asciiTheme=\"minorHAnsi\"[^>]*/>", body, styles, count=1)
    styles = styles.replace(
        '<w:sz w:val="24" />\n        <w:szCs w:val="24" />',
        f'<w:sz w:val="{BODY_SIZE}" />\n        <w:szCs w:val="{BODY_SIZE}" />',
        1,
    )
    for style, props in COMPACT.items():
        styles = restyled(styles, style, props)
    heading = f'<w:rFonts w:ascii="{HEADING_FONT}" w:eastAsia="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" w:cs="{HEADING_FONT}" />'
    styles = re.sub(r"<w:rFonts\s+w:asciiTheme=\"majorHAnsi\"[^>]*/>", heading, styles)
    styles = re.sub(
        r'<w:color w:val="[0-9A-Fa-f]{6}"\s+w:themeColor="accent1"[^>]*/>',
        f'<w:color w:val="{ACCENT}" />',
        styles,
    )
    for existing in ("Header", "Footer"):
        if f'w:styleId="{existing}"' in styles:
            raise WordError(f"pandoc's reference.docx already has a {existing} style")
    styles = styles.replace("</w:styles>", STYLE_ADDITIONS + "</w:styles>")
    files["word/styles.xml"] = styles.encode("utf-8")
    doc = files["word/document.xml"].decode("utf-8")
    doc = re.sub(r"(</w:footnotePr>)(\s*</w:sectPr>)", r"\1" + PAGE + r"\2", doc, count=1)
    if PAGE not in doc:
        raise WordError("could not set the page size in pandoc's reference.docx")
    files["word/document.xml"] = doc.encode("utf-8")
    for name in ("docProps/core.xml", "docProps/app.xml"):
        files[name] = re.sub(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>", b"", files[name])
    return zip_package(files, 315532800)  # 1980-01-01, the earliest zip date
