"""The Word package finished after Pandoc, edited as XML trees (lxml), never as text.

`finish()` reads Pandoc's .docx, then: notes numbered through the whole document, a
right-to-left title block, the marking in a header and a footer on every page (with the
title and the page string), every table row kept on one page, footnotes moved to endnotes
when the brief asks, the theme over the reference's styles (word_theme.py); then the whole
package is stripped as a reference document is (load/ooxml.py: macros, external
relationships, foreign fields), every part checked to be XML 1.0, and zipped with fixed dates
so the same input gives the same bytes. Text written here (marking, title, page string) has
its control characters replaced and its bidi controls closed, as the content's.
"""

from __future__ import annotations

import re

from lxml import etree

from briefgen.errors import RenderFailure
from briefgen.load.ooxml import (
    CT_NS,
    R_NS,
    REL_NS,
    W_NS,
    PackageRefused,
    W,
    parse_part,
    read_package,
    rels_name,
    sanitise,
    target_part,
    to_bytes,
)
from briefgen.model import Theme
from briefgen.render.word_theme import themed
from briefgen.text import closed_bidi, without_controls
from briefgen.write import zip_package

REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
PAGE_MESSAGE = "Page %(page)s of %(pages)s"
PAGE_FIELDS = re.compile(r"%\((page|pages)\)s")
TITLE_STYLES = ("Title", "Subtitle", "Author", "Date")


class WordError(RenderFailure):
    """Pandoc failed, timed out or made a package this module refuses to write."""


class Package:
    """A package's parts; each XML part parsed once, when first edited, and written back last."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.trees: dict[str, etree._Element] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.files or name in self.trees

    def xml(self, name: str) -> etree._Element:
        if name not in self.trees:
            self.trees[name] = parse_part(self.files[name], name)
        return self.trees[name]

    def add(self, name: str, root: etree._Element) -> None:
        self.trees[name] = root
        self.files[name] = b""

    def remove(self, name: str) -> None:
        self.files.pop(name, None)
        self.trees.pop(name, None)

    def sections(self) -> list[etree._Element]:
        """Every section's properties in document.xml (one made for the body if it has none)."""
        doc = self.xml(DOCUMENT)
        found = list(doc.iter(f"{W}sectPr"))
        if not found:
            body = doc.find(f"{W}body")
            if body is None:
                raise WordError("the Word file has no body")
            found = [etree.SubElement(body, f"{W}sectPr")]
        return found

    def written(self) -> dict[str, bytes]:
        """Every part as bytes, the edited ones serialised."""
        for name, root in self.trees.items():
            self.files[name] = to_bytes(root)
        self.trees.clear()
        return self.files


def element(
    tag: str, attrs: dict[str, str] | None = None, *children: etree._Element
) -> etree._Element:
    """A WordprocessingML element (`tag` without its prefix), `w:` attributes given bare."""
    made = etree.Element(f"{W}{tag}", {f"{W}{k}": v for k, v in (attrs or {}).items()})
    made.extend(children)
    return made


def shown(text: str) -> str:
    """Text briefgen writes into the package: no control characters, bidi controls closed."""
    return closed_bidi(without_controls(text))


def run(text: str) -> etree._Element:
    """A run of plain text (spaces kept)."""
    t = element("t")
    t.text = shown(text)
    t.set(XML_SPACE, "preserve")
    return element("r", None, t)


def simple_field(instruction: str, result: str) -> etree._Element:
    t = element("t")
    t.text = result
    return element("fldSimple", {"instr": f" {instruction} "}, element("r", None, t))


def centred(style: str, rtl: bool, *content: etree._Element) -> etree._Element:
    """A centred paragraph of the style (right to left when `rtl`)."""
    props = element("pPr", None, element("pStyle", {"val": style}))
    if rtl:
        props.append(element("bidi"))
    props.append(element("jc", {"val": "center"}))
    return element("p", None, props, *content)


def page_runs(message: str) -> list[etree._Element]:
    """The page string ('Page %(page)s of %(pages)s' in the brief's language): runs and fields."""
    out = []
    for i, piece in enumerate(PAGE_FIELDS.split(message)):
        if i % 2:
            out.append(simple_field("PAGE" if piece == "page" else "NUMPAGES", "1"))
        elif piece:
            out.append(run(piece))
    return out


def marking_parts(
    marking: str, title: str, page: str = PAGE_MESSAGE, rtl: bool = False
) -> tuple[etree._Element, etree._Element]:
    """The header (the marking) and the footer (the marking, the title and the page string)."""
    nsmap = {"w": W_NS, "r": R_NS}
    header = etree.Element(f"{W}hdr", nsmap=nsmap)
    header.append(centred("Header", rtl, run(marking)))
    footer = etree.Element(f"{W}ftr", nsmap=nsmap)
    footer.append(centred("Footer", rtl, run(marking)))
    footer.append(centred("Footer", rtl, run(f"{title} · "), *page_runs(page)))
    return header, footer


def add_relationship(pkg: Package, rels: str, rid: str, kind: str, target: str) -> None:
    etree.SubElement(
        pkg.xml(rels), f"{{{REL_NS}}}Relationship", Id=rid, Type=REL_TYPE + kind, Target=target
    )


def add_override(pkg: Package, part: str, content_type: str) -> None:
    types = pkg.xml("[Content_Types].xml")
    for entry in types.findall(f"{{{CT_NS}}}Override"):
        if entry.get("PartName") == part:
            types.remove(entry)
    etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=part, ContentType=content_type)


def with_marking(pkg: Package, marking: str, title: str, page: str, rtl: bool) -> None:
    """Every section's header and footer (default, first and even pages) show the marking; the
    reference document's own headers and footers go."""
    rels = pkg.xml(DOCUMENT_RELS)
    for rel in list(rels):
        kind = rel.get("Type", "").rpartition("/")[2]
        if kind in ("header", "footer"):
            part = target_part(DOCUMENT, rel.get("Target", ""))
            pkg.remove(part)
            pkg.remove(rels_name(part))
            rels.remove(rel)
    header, footer = marking_parts(marking, title, page, rtl)
    pkg.add("word/briefgen-header.xml", header)
    pkg.add("word/briefgen-footer.xml", footer)
    add_relationship(pkg, DOCUMENT_RELS, "rIdBriefgenHeader", "header", "briefgen-header.xml")
    add_relationship(pkg, DOCUMENT_RELS, "rIdBriefgenFooter", "footer", "briefgen-footer.xml")
    add_override(pkg, "/word/briefgen-header.xml", CT_WORD + "header+xml")
    add_override(pkg, "/word/briefgen-footer.xml", CT_WORD + "footer+xml")
    for section in pkg.sections():
        for old in section.findall(f"{W}headerReference") + section.findall(f"{W}footerReference"):
            section.remove(old)
        refs = [
            element(f"{kind}Reference", {"type": t}) for kind in ("header", "footer")
            for t in ("default", "first", "even")
        ]  # fmt: skip
        for i, ref in enumerate(refs):
            ref.set(f"{{{R_NS}}}id", f"rIdBriefgen{'Header' if i < 3 else 'Footer'}")
            section.insert(i, ref)


def without_restarts(pkg: Package) -> None:
    """Notes numbered through the whole document, as in the HTML (a reference document's
    restart per section reads as a restart per chapter in LibreOffice)."""
    for name in (DOCUMENT, "word/settings.xml"):
        if name in pkg:
            for restart in list(pkg.xml(name).iter(f"{W}numRestart")):
                restart.getparent().remove(restart)


def rtl_title_block(pkg: Package) -> None:
    """Pandoc's title block runs right to left only in its runs: its paragraphs too."""
    for props in pkg.xml(DOCUMENT).iter(f"{W}pPr"):
        style = props.find(f"{W}pStyle")
        title = style is not None and style.get(f"{W}val") in TITLE_STYLES
        if title and props.find(f"{W}bidi") is None:
            props.insert(props.index(style) + 1, element("bidi"))


def rows_kept_whole(pkg: Package) -> None:
    """Every table row on one page (w:cantSplit), as in the PDF: a position's holder, words and
    source stay together instead of a row's last lines opening the next page."""
    for row in pkg.xml(DOCUMENT).iter(f"{W}tr"):
        props = row.find(f"{W}trPr")
        if props is None:
            props = element("trPr")
            first = row[0] if len(row) else None
            row.insert(1 if first is not None and first.tag == f"{W}tblPrEx" else 0, props)
        if props.find(f"{W}cantSplit") is None:
            props.insert(0, element("cantSplit"))


def as_endnotes(pkg: Package) -> None:
    """Move Pandoc's footnotes to endnotes (Word prints them at the end of the document)."""
    if "word/footnotes.xml" not in pkg:
        return
    footnotes = pkg.xml("word/footnotes.xml")
    endnotes = etree.Element(f"{W}endnotes", nsmap=footnotes.nsmap)
    for kind, number, mark in (
        ("separator", "-1", "separator"),
        ("continuationSeparator", "0", "continuationSeparator"),
    ):
        note = element("endnote", {"type": kind, "id": number})
        note.append(element("p", None, element("r", None, element(mark))))
        endnotes.append(note)
    for note in footnotes.findall(f"{W}footnote"):
        if note.get(f"{W}type") is None:  # the separators stay
            footnotes.remove(note)
            note.tag = f"{W}endnote"
            for ref in note.iter(f"{W}footnoteRef"):
                ref.tag = f"{W}endnoteRef"
            endnotes.append(note)
    pkg.add("word/endnotes.xml", endnotes)
    if "word/_rels/footnotes.xml.rels" in pkg.files:
        pkg.files["word/_rels/endnotes.xml.rels"] = pkg.files["word/_rels/footnotes.xml.rels"]
    for ref in pkg.xml(DOCUMENT).iter(f"{W}footnoteReference"):
        ref.tag = f"{W}endnoteReference"
    for section in pkg.sections():
        numbering = element("endnotePr", None, element("numFmt", {"val": "decimal"}))
        after = section.find(f"{W}footnotePr")
        if after is not None:
            section.insert(section.index(after) + 1, numbering)
        else:
            refs = section.findall(f"{W}headerReference") + section.findall(f"{W}footerReference")
            section.insert(len(refs), numbering)
    add_relationship(pkg, DOCUMENT_RELS, "rIdBriefgenEndnotes", "endnotes", "endnotes.xml")
    add_override(pkg, "/word/endnotes.xml", CT_WORD + "endnotes+xml")


def external_relationships(files: dict[str, bytes]) -> list[str]:
    """Relationship targets outside the package (links, remote images): there must be none."""
    found = []
    for name, data in files.items():
        if name.endswith(".rels"):
            for rel in parse_part(data, name):
                if rel.get("TargetMode", "").lower() == "external":
                    found.append(f"{name}: {rel.get('Target', '?')}")
    return found


CORE = "docProps/core.xml"
DCTERMS = "{http://purl.org/dc/terms/}"
CODE_STYLES = re.compile(r"[A-Za-z]*Tok|SourceCode")  # Pandoc's code-highlighting styles


def dated(pkg: Package, day: str) -> None:
    """The package's created and modified dates: the brief's edition (Pandoc writes 1970)."""
    if CORE not in pkg:
        return
    for kind in ("created", "modified"):
        for found in pkg.xml(CORE).iter(f"{DCTERMS}{kind}"):
            found.text = day


def without_author_line(pkg: Package) -> None:
    """No author paragraph under the title: the brief's details line names its author."""
    body = pkg.xml(DOCUMENT).find(f"{W}body")
    for p in list(body if body is not None else ()):
        style = p.find(f"{W}pPr/{W}pStyle")
        if p.tag == f"{W}p" and style is not None and style.get(f"{W}val") == "Author":
            p.getparent().remove(p)


def without_unused_code_styles(pkg: Package) -> None:
    """No code-highlighting styles (KeywordTok, SourceCode…) that nothing in the document uses:
    Pandoc adds them, and they would crowd the style gallery."""
    if "word/styles.xml" not in pkg:
        return
    used = {
        value
        for name in list(pkg.files)
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml"
        for found in pkg.xml(name).iter(f"{W}pStyle", f"{W}rStyle")
        if (value := found.get(f"{W}val"))
    }
    styles = pkg.xml("word/styles.xml")
    for style in list(styles.iter(f"{W}style")):
        sid = style.get(f"{W}styleId") or ""
        if CODE_STYLES.fullmatch(sid) and sid not in used:
            styles.remove(style)


def finish(
    data: bytes,
    marking: str,
    title: str,
    theme: Theme,
    stamp: int,
    page: str = PAGE_MESSAGE,
    rtl: bool = False,
    endnotes: bool = False,
    day: str = "",
) -> bytes:
    """Pandoc's package with the marking, the theme and the notes as the brief asks, dated
    `day` (the edition, ISO), stripped and checked, re-zipped with every entry dated `stamp`."""
    try:
        pkg = Package(read_package(data))
        without_restarts(pkg)
        without_author_line(pkg)
        without_unused_code_styles(pkg)
        if day:
            dated(pkg, day)
        if rtl:
            rtl_title_block(pkg)
        with_marking(pkg, marking, title, page, rtl)
        themed(pkg, theme)
        rows_kept_whole(pkg)
        if endnotes:
            as_endnotes(pkg)
        files = pkg.written()
        # nothing of the reference's that Pandoc copied may run or fetch; every part is parsed
        # there, so one that is not XML 1.0 (which Word refuses) is refused here
        sanitise(files)
    except PackageRefused as exc:
        raise WordError(f"the Word file Pandoc made cannot be finished: {exc}") from None
    external = external_relationships(files)
    if external:
        raise WordError("the Word file would link outside itself: " + ", ".join(external))
    return zip_package(files, stamp)
