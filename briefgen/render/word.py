"""Word, step two: the Pandoc AST of a brief (render/word_ast.py) to an editable .docx.

Pandoc (the pypandoc-binary wheel) runs with `--sandbox`: it reads nothing but the reference
document and writes nothing; the charts travel as data: URIs and no link is made a hyperlink, so
the .docx has no external relationships at all. After Pandoc, `finish()` rewrites the package:
the brief's marking goes into a header and a footer used on every page, footnotes become
endnotes when the brief asks for them, and the zip is written with fixed timestamps so the same
input gives the same bytes. Styles come from `templates/reference.docx` (a project's own
`templates/` first, then the built-in one, which `default_reference()` generates reproducibly
from Pandoc's own).
"""

from __future__ import annotations

import datetime
import html
import io
import json
import os
import re
import subprocess
import zipfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from briefgen.model import Brief
from briefgen.render.i18n import Language, language
from briefgen.render.word_ast import document
from briefgen.render.word_theme import themed
from briefgen.selection.select import Selection

REFERENCE = "reference.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."


class WordError(Exception):
    """Pandoc failed, timed out or made a package this module refuses to write."""


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


def find_reference(dirs: Iterable[Path]) -> Path | None:
    """The first `reference.docx` on the template path (a project's own first)."""
    for d in dirs:
        candidate = d / REFERENCE
        if candidate.is_file():
            return candidate
    return None


def epoch(selection: Selection) -> int:
    """The brief's edition date as a Unix time: the date stamped into the package."""
    e = selection.brief.edition
    day = datetime.datetime(e.year, e.month or 1, e.day or 1, tzinfo=datetime.UTC)
    return int(day.timestamp())


def run_pandoc(
    ast: dict[str, Any], reference: Path | None, stamp: int, timeout: float | None
) -> bytes:
    """The .docx Pandoc makes of the AST (sandboxed: it reads only the reference document)."""
    args = [pandoc_path(), "--sandbox", "-f", "json", "-t", "docx"]
    if reference is not None:
        args.append(f"--reference-doc={reference}")
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
    return done.stdout


# ---------------------------------------------------------------- finishing the package


def run_xml(text: str, space: bool = True) -> str:
    attr = ' xml:space="preserve"' if space else ""
    return f"<w:r><w:t{attr}>{html.escape(text, quote=False)}</w:t></w:r>"


def field_xml(instr: str, shown: str) -> str:
    return (
        f'<w:fldSimple w:instr=" {instr} "><w:r><w:t>{html.escape(shown)}</w:t></w:r></w:fldSimple>'
    )


def page_xml(message: str) -> str:
    """The page string ('Page %(page)s of %(pages)s' in the brief's language) as runs and fields."""
    out = []
    for i, piece in enumerate(re.split(r"%\((page|pages)\)s", message)):
        if i % 2:
            out.append(field_xml("PAGE" if piece == "page" else "NUMPAGES", "1"))
        elif piece:
            out.append(run_xml(piece))
    return "".join(out)


def marking_parts(
    marking: str, title: str, page: str = "Page %(page)s of %(pages)s", rtl: bool = False
) -> tuple[str, str]:
    """The header (the marking) and the footer (the marking, the title and the page string)."""
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{{}} xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
    bidi = "<w:bidi/>" if rtl else ""
    hdr = (
        head.format("hdr")
        + f'<w:p><w:pPr><w:pStyle w:val="Header"/>{bidi}<w:jc w:val="center"/></w:pPr>'
        + run_xml(marking)
        + "</w:p></w:hdr>"
    )
    ftr = (
        head.format("ftr")
        + f'<w:p><w:pPr><w:pStyle w:val="Footer"/>{bidi}<w:jc w:val="center"/></w:pPr>'
        + run_xml(marking)
        + "</w:p>"
        + f'<w:p><w:pPr><w:pStyle w:val="Footer"/>{bidi}<w:jc w:val="center"/></w:pPr>'
        + run_xml(f"{title} · ")
        + page_xml(page)
        + "</w:p></w:ftr>"
    )
    return hdr, ftr


def add_relationship(rels: str, rid: str, kind: str, target: str) -> str:
    rel = f'<Relationship Id="{rid}" Type="{REL_TYPE}{kind}" Target="{target}"/>'
    return rels.replace("</Relationships>", rel + "</Relationships>")


def add_override(types: str, part: str, content_type: str) -> str:
    override = f'<Override PartName="{part}" ContentType="{content_type}"/>'
    return types.replace("</Types>", override + "</Types>")


def with_marking(
    files: dict[str, bytes], marking: str, title: str, lang: Language | None = None
) -> None:
    """Every section's header and footer (default, first and even pages) show the marking."""
    page = "Page %(page)s of %(pages)s"
    if lang is not None:
        page = lang.translations.gettext(page)
    hdr, ftr = marking_parts(marking, title, page, lang is not None and lang.rtl)
    files["word/briefgen-header.xml"] = hdr.encode("utf-8")
    files["word/briefgen-footer.xml"] = ftr.encode("utf-8")
    rels = files["word/_rels/document.xml.rels"].decode("utf-8")
    rels = add_relationship(rels, "rIdBriefgenHeader", "header", "briefgen-header.xml")
    rels = add_relationship(rels, "rIdBriefgenFooter", "footer", "briefgen-footer.xml")
    files["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    types = files["[Content_Types].xml"].decode("utf-8")
    types = add_override(types, "/word/briefgen-header.xml", CT_WORD + "header+xml")
    types = add_override(types, "/word/briefgen-footer.xml", CT_WORD + "footer+xml")
    files["[Content_Types].xml"] = types.encode("utf-8")
    refs = "".join(
        f'<w:{kind}Reference w:type="{t}" r:id="rIdBriefgen{kind.capitalize()}"/>'
        for kind in ("header", "footer")
        for t in ("default", "first", "even")
    )
    doc = files["word/document.xml"].decode("utf-8")
    doc = re.sub(r"<w:(header|footer)Reference\b[^>]*/>", "", doc)
    doc = re.sub(r"(<w:sectPr\b[^>]*?)\s*/>", r"\1></w:sectPr>", doc)  # an empty sectPr opened
    doc = re.sub(r"(<w:sectPr\b[^>]*>)", lambda m: m.group(1) + refs, doc)
    if "<w:sectPr" not in doc:
        doc = doc.replace("</w:body>", f"<w:sectPr>{refs}</w:sectPr></w:body>")
    files["word/document.xml"] = doc.encode("utf-8")


FOOTNOTE = re.compile(r"<w:footnote\b(?![^>]*w:type=)[^>]*>.*?</w:footnote>", re.DOTALL)


def as_endnotes(files: dict[str, bytes]) -> None:
    """Move Pandoc's footnotes to endnotes (Word prints them at the end of the document)."""
    footnotes = files.get("word/footnotes.xml")
    if footnotes is None:
        return
    text = footnotes.decode("utf-8")
    notes = FOOTNOTE.findall(text)
    files["word/footnotes.xml"] = FOOTNOTE.sub("", text).encode("utf-8")  # separators stay
    root = re.match(r"(?s)(.*?<w:footnotes\b[^>]*>)", text)
    opening = (root.group(1) if root else "").replace("<w:footnotes", "<w:endnotes")
    separators = (
        '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
        '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:endnote>"
    )
    body = "".join(notes)
    body = re.sub(r"<w:footnote\b", "<w:endnote", body).replace("</w:footnote>", "</w:endnote>")
    body = re.sub(r"<w:footnoteRef\b", "<w:endnoteRef", body)
    files["word/endnotes.xml"] = (opening + separators + body + "</w:endnotes>").encode("utf-8")
    if "word/_rels/footnotes.xml.rels" in files:
        files["word/_rels/endnotes.xml.rels"] = files["word/_rels/footnotes.xml.rels"]
    doc = files["word/document.xml"].decode("utf-8")
    doc = re.sub(r"<w:footnoteReference\b", "<w:endnoteReference", doc)
    numbering = '<w:endnotePr><w:numFmt w:val="decimal" /></w:endnotePr>'
    if "</w:footnotePr>" in doc:
        doc = doc.replace("</w:footnotePr>", "</w:footnotePr>" + numbering)
    else:
        doc = re.sub(
            r"(<w:footerReference\b[^>]*/>)(?!\s*<w:footerReference)", r"\1" + numbering, doc
        )
    files["word/document.xml"] = doc.encode("utf-8")
    rels = files["word/_rels/document.xml.rels"].decode("utf-8")
    files["word/_rels/document.xml.rels"] = add_relationship(
        rels, "rIdBriefgenEndnotes", "endnotes", "endnotes.xml"
    ).encode("utf-8")
    types = files["[Content_Types].xml"].decode("utf-8")
    files["[Content_Types].xml"] = add_override(
        types, "/word/endnotes.xml", CT_WORD + "endnotes+xml"
    ).encode("utf-8")


def external_relationships(files: dict[str, bytes]) -> list[str]:
    """Relationship targets outside the package (links, remote images): there must be none."""
    found = []
    for name, data in files.items():
        if name.endswith(".rels"):
            for rel in re.findall(rb"<Relationship\b[^>]*>", data):
                if re.search(rb'TargetMode\s*=\s*"External"', rel):
                    target = re.search(rb'Target\s*=\s*"([^"]*)"', rel)
                    found.append(f"{name}: {target.group(1).decode() if target else '?'}")
    return found


def write_zip(files: dict[str, bytes], stamp: int) -> bytes:
    """The package with every entry dated `stamp` (reproducible bytes)."""
    when = datetime.datetime.fromtimestamp(max(stamp, 315532800), datetime.UTC)
    date_time = (when.year, when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    order = ["[Content_Types].xml", *(n for n in files if n != "[Content_Types].xml")]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, files[name])
    return out.getvalue()


def finish(
    data: bytes,
    selection: Selection,
    stamp: int,
    lang: Language | None = None,
    marking: str | None = None,
) -> bytes:
    """Marking in header and footer, endnotes if asked, checked for external links, re-zipped."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        files = {name: z.read(name) for name in z.namelist()}
    brief = selection.brief
    # notes are numbered through the whole document, as in the HTML (a reference document's
    # restart per section reads as a restart per chapter in LibreOffice)
    for name in ("word/document.xml", "word/settings.xml"):
        if name in files:
            files[name] = re.sub(rb"<w:numRestart\b[^>]*/>", b"", files[name])
    if lang is not None and lang.rtl:  # Pandoc's title block has right-to-left runs only
        files["word/document.xml"] = re.sub(
            rb'(<w:pStyle w:val="(?:Title|Subtitle|Author|Date)" />)(?!\s*<w:bidi)',
            rb"\1<w:bidi />",
            files["word/document.xml"],
        )
    with_marking(files, marking or brief.marking, brief.title, lang)
    files["docProps/core.xml"] = dated(files["docProps/core.xml"], brief)
    # the author is in the brief's details line already: not again under the title
    files["word/document.xml"] = re.sub(
        rb'<w:p>(?:(?!</w:p>).)*?<w:pStyle w:val="Author" />.*?</w:p>',
        b"",
        files["word/document.xml"],
        flags=re.S,
    )
    files["word/styles.xml"] = without_unused_code_styles(files)
    themed(files, brief.theme)
    files["word/document.xml"] = rows_kept_whole(files["word/document.xml"])
    if brief.options.notes == "endnotes":
        as_endnotes(files)
    external = external_relationships(files)
    if external:
        raise WordError("the Word file would link outside itself: " + ", ".join(external))
    return write_zip(files, stamp)


def dated(core: bytes, brief: Brief) -> bytes:
    """The package's created and modified dates: the brief's edition (Pandoc writes 1970)."""
    e = brief.edition
    stamp = f"{e.year:04d}-{e.month or 1:02d}-{e.day or 1:02d}T00:00:00Z".encode()
    return re.sub(
        rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)",
        lambda m: m.group(1) + stamp + m.group(3),
        core,
    )


def without_unused_code_styles(files: dict[str, bytes]) -> bytes:
    """styles.xml without the code-highlighting styles Pandoc adds (KeywordTok, SourceCode…)
    that nothing in the document uses: they would crowd the style gallery."""
    styles = files["word/styles.xml"]
    used = b"".join(
        data
        for name, data in files.items()
        if name.startswith("word/") and name != "word/styles.xml"
    )

    def keep(m: re.Match[bytes]) -> bytes:
        sid = m.group(1)
        return m.group(0) if b'"' + sid + b'"' in used else b""

    return re.sub(
        rb'<w:style [^>]*w:styleId="((?:[A-Za-z]*Tok|SourceCode))"[^>]*>.*?</w:style>',
        keep,
        styles,
        flags=re.S,
    )


def rows_kept_whole(xml: bytes) -> bytes:
    """Every table row on one page (w:cantSplit), as in the PDF: a position's holder, words and
    source stay together instead of a row's last lines opening the next page."""
    xml = xml.replace(b"<w:trPr>", b"<w:trPr><w:cantSplit />")
    return re.sub(rb"<w:tr>(?!<w:trPr>)", b"<w:tr><w:trPr><w:cantSplit /></w:trPr>", xml)


def render_docx(
    selection: Selection,
    dirs: list[Path],
    timeout: float | None = None,
    root: Path | None = None,
) -> bytes:
    """The brief as a .docx (bytes), styled by the first reference.docx on the template path, in
    the brief's language (the project's own catalog under `root` over the shipped one)."""
    stamp = epoch(selection)
    lang = language(selection.brief.language, root)
    ast = document(selection, api_version(), lang)
    raw = run_pandoc(ast, find_reference(dirs), stamp, timeout)
    drafts = selection.drafts
    marking = selection.brief.marking
    if drafts:
        marking = lang.text("DRAFT – %(marking)s", marking=marking)
    return finish(raw, selection, stamp, lang, marking)


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
    return write_zip(files, 315532800)  # 1980-01-01, the earliest zip date
