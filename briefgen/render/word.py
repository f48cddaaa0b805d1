"""Word: one brief's Selection to an editable .docx through Pandoc (the pypandoc-binary wheel).

The document is built as a Pandoc JSON AST straight from the Selection (never from the HTML):
every piece of content text becomes Pandoc `Str` nodes, so nothing in it is read as markup,
and the only images are the charts, drawn here from the same data as the HTML's SVG and
converted to PNG with CairoSVG.  Pandoc runs with `--sandbox` (it reads nothing but the
reference document and writes nothing), the charts travel as data: URIs, and no link is made
a hyperlink: the .docx has no external relationships at all.

After Pandoc, `finish()` rewrites the package: the brief's marking goes into a header and a
footer used on every page, footnotes become endnotes when the brief asks for them, and the
zip is written with fixed timestamps so the same input gives the same bytes.

Styles come from `templates/reference.docx` (a project's own `templates/` first, then the
built-in one, which `default_reference()` generates reproducibly from Pandoc's own).
"""

from __future__ import annotations

import base64
import datetime
import html
import io
import json
import os
import re
import subprocess
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from babel.lists import format_list
from markdown_it import MarkdownIt

from briefgen.model import (
    RELIABILITY_GRADES,
    Change,
    ContestedClaim,
    Event,
    Figure,
    Judgment,
    Position,
    Table,
)
from briefgen.render.charts import coverage_chart, timeline_chart
from briefgen.render.i18n import N_, Language, dates_in, language
from briefgen.render.theme import look
from briefgen.render.word_theme import themed
from briefgen.selection.select import Note, Selection

Inline = dict[str, Any]
Block = dict[str, Any]
NO_ATTR: list[Any] = ["", [], []]
REFERENCE = "reference.docx"
CHART_STYLE = (
    "<style>.chart text{font-family:'Liberation Sans',Arial,'DejaVu Sans',sans-serif;"
    "font-size:11px;fill:#1b1b1b}.chart text.on-bar{font-size:9px;font-weight:bold;fill:#fff}"
    ".chart text.count{font-size:9px;font-weight:bold}.chart text.total{font-weight:bold}</style>"
)
CHANGE_NAMES = {  # in the order the HTML's changes part shows them
    "source-updated": "Sources updated",
    "passage": "Quoted passages changed in their sources",
    "added": "Added",
    "removed": "Removed",
    "reworded": "Reworded",
    "position-added": "Positions added",
    "position-removed": "Positions removed",
    "position-changed": "Positions changed",
    "requoted": "Quotations replaced",
    "withdrawn": "Passages no longer cited",
    "cited": "Passages newly cited",
    "source-added": "Sources added",
    "source-removed": "Sources removed",
}
# Messages only the Word file shows (the others are the templates' own): kept in every catalog
WORD_MESSAGES = (
    N_("Organisation"),
    N_("%(label)s: %(value)s"),
    N_("Positions on: %(question)s"),
)
ASSESSMENT = "analyst's assessment"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."


class WordError(Exception):
    """Pandoc failed, timed out or made a package this module refuses to write."""


# ---------------------------------------------------------------- Pandoc AST, small builders


BREAKS = " \t\r\n"  # where a line may break; a no-break space stays inside its word


def words(text: str) -> list[Inline]:
    """Plain text as Pandoc inlines: Str and Space only, so nothing in it is markup."""
    out: list[Inline] = []
    for i, word in enumerate(re.split(r"[ \t\r\n]+", text.strip(BREAKS))):
        if i:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out


def joined(*pieces: Inline | Sequence[Inline] | str) -> list[Inline]:
    """Inline pieces (text, one inline or inline lists) one after the other, text as written."""
    out: list[Inline] = []
    for piece in pieces:
        if isinstance(piece, dict):
            out.append(piece)
        elif isinstance(piece, str):
            if not piece:
                continue
            lead, trail = piece[:1] in BREAKS, piece[-1:] in BREAKS
            if lead:
                out.append({"t": "Space"})
            out.extend(words(piece))
            if trail and piece.strip(BREAKS):
                out.append({"t": "Space"})
        else:
            out.extend(piece)
    return out


def strong(*pieces: Inline | Sequence[Inline] | str) -> Inline:
    return {"t": "Strong", "c": joined(*pieces)}


def emph(*pieces: Inline | Sequence[Inline] | str) -> Inline:
    return {"t": "Emph", "c": joined(*pieces)}


def styled(style: str, inlines: list[Inline]) -> Inline:
    """A character style from the reference document (Pandoc's custom-style)."""
    return {"t": "Span", "c": [["", [], [["custom-style", style]]], inlines]}


BREAK: Inline = {"t": "LineBreak"}


def quoted(text: str) -> Inline:
    return {"t": "Quoted", "c": [{"t": "DoubleQuote"}, words(text)]}


def para(inlines: list[Inline]) -> Block:
    return {"t": "Para", "c": inlines}


def plain(inlines: list[Inline]) -> Block:
    return {"t": "Plain", "c": inlines}


def div(style: str, blocks: list[Block]) -> Block:
    """A paragraph style from the reference document for the blocks inside."""
    return {"t": "Div", "c": [["", [], [["custom-style", style]]], blocks]}


def header(level: int, inlines: list[Inline], ident: str = "") -> Block:
    return {"t": "Header", "c": [level, [ident, [], []], inlines]}


def bullets(items: list[list[Block]]) -> Block:
    return {"t": "BulletList", "c": items}


def numbered(items: list[list[Block]]) -> Block:
    return {"t": "OrderedList", "c": [[1, {"t": "Decimal"}, {"t": "Period"}], items]}


def cell(blocks: list[Block]) -> list[Any]:
    return [NO_ATTR, {"t": "AlignDefault"}, 1, 1, blocks]


def filled(message: str, values: Mapping[str, str | Inline | Sequence[Inline]]) -> list[Inline]:
    """A translated message as inlines, each `%(name)s` replaced by its value (text or inlines);
    the message's own words are plain text, never markup."""
    out: list[Inline] = []
    for i, piece in enumerate(PLACEHOLDER.split(message)):
        if i % 2:
            out += joined(values[piece])
        elif piece:
            out += joined(piece)
    return out


def table(
    caption: list[Inline], heads: list[str], rows: list[list[list[Block]]], widths: list[float]
) -> Block:
    """A Pandoc table: a caption, one header row, body rows of cells (lists of blocks)."""
    specs = [[{"t": "AlignDefault"}, {"t": "ColWidth", "c": w}] for w in widths]
    head = [NO_ATTR, [[NO_ATTR, [cell([plain(words(h))]) for h in heads]]]]
    body = [[NO_ATTR, 0, [], [[NO_ATTR, [cell(c) for c in row]] for row in rows]]]
    cap = [None, [plain(caption)] if caption else []]
    return {"t": "Table", "c": [NO_ATTR, cap, specs, head, body, [NO_ATTR, []]]}


# ---------------------------------------------------------------- inline Markdown


@cache
def markdown() -> MarkdownIt:
    """The same inline Markdown as the HTML: emphasis, links, code spans and escapes only."""
    return MarkdownIt("zero", {"html": False}).enable(["emphasis", "link", "backticks", "escape"])


def md(text: str) -> list[Inline]:
    """Analyst text with inline Markdown as Pandoc inlines; a link becomes its text and URL."""
    stack: list[list[Inline]] = [[]]
    kinds: list[str] = []
    hrefs: list[str] = []
    for block in markdown().parseInline(text):
        for tok in block.children or ():
            if tok.type in ("text", "text_special"):
                stack[-1].extend(joined(tok.content))
            elif tok.type == "code_inline":
                stack[-1].append({"t": "Code", "c": [NO_ATTR, tok.content]})
            elif tok.type in ("softbreak", "hardbreak"):
                stack[-1].append({"t": "Space"})
            elif tok.type in ("em_open", "strong_open", "link_open"):
                stack.append([])
                kinds.append(tok.type)
                hrefs.append(str(tok.attrGet("href") or ""))
            elif tok.type in ("em_close", "strong_close", "link_close") and kinds:
                inner, kind, href = stack.pop(), kinds.pop(), hrefs.pop()
                if kind == "em_open":
                    stack[-1].append({"t": "Emph", "c": inner})
                elif kind == "strong_open":
                    stack[-1].append({"t": "Strong", "c": inner})
                else:  # no hyperlink (no external relationship): the text, then the address
                    stack[-1].extend(inner)
                    if href and "".join(i.get("c", "") for i in inner if i["t"] == "Str") != href:
                        stack[-1].extend(joined(f" ({href})"))
            else:
                stack[-1].extend(joined(tok.content))
    while len(stack) > 1:  # unbalanced (cannot happen with markdown-it, kept safe)
        inner = stack.pop()
        stack[-1].extend(inner)
    return stack[0]


# ---------------------------------------------------------------- charts


def chart_png(svg: str, width: int = 1120) -> bytes:
    """An SVG chart drawn to PNG (CairoSVG, external resources off) at twice its view width."""
    import cairosvg  # imported only when a Word file is made

    head, sep, rest = svg.partition(">")
    styled_svg = head + sep + CHART_STYLE + rest if head.startswith("<svg") else svg
    data: bytes = cairosvg.svg2png(
        bytestring=styled_svg.encode("utf-8"), output_width=width, unsafe=False
    )
    return data


def chart_title(svg: str) -> str:
    """The chart's own title (its text alternative in the HTML)."""
    found = re.search(r"<title[^>]*>(.*?)</title>", svg, re.DOTALL)
    return html.unescape(found.group(1)) if found else "Chart"


def figure(svg: str, caption: str) -> list[Block]:
    """A chart as an image with alt text and a caption (nothing when there is no chart)."""
    if not svg:
        return []
    alt = chart_title(svg)
    src = "data:image/png;base64," + base64.b64encode(chart_png(svg)).decode("ascii")
    image = {"t": "Image", "c": [["", [], [["width", "16cm"]]], words(alt), [src, ""]]}
    return [
        {
            "t": "Figure",
            "c": [NO_ATTR, [None, [plain(words(caption))]], [plain([image])]],
        }
    ]


# ---------------------------------------------------------------- the brief


def part_title(part: Any) -> str:
    """A part's heading, with its number when the brief numbers its sections."""
    number = getattr(part, "number", None)
    heading = str(part.heading)
    return f"{number} {heading}" if isinstance(number, str) and number else heading


class Writer:
    """Walks a Selection into Pandoc blocks, one real note per numbered note, every label in the
    brief's language (the templates' own messages, from the same catalogs)."""

    def __init__(self, selection: Selection, lang: Language | None = None) -> None:
        self.s = selection
        self.options = selection.brief.options
        self.lang = lang if lang is not None else language(selection.brief.language)
        self.done: dict[int, int] = {}  # note number -> Word's own number (first use only)

    # ---- messages

    def tx(self, message: str, **values: Any) -> str:
        """A message in the brief's language as plain text."""
        return self.lang.text(message, **values)

    def ntx(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """The singular or plural message for n as plain text (`%(num)s`: n in this language)."""
        values.setdefault("num", self.lang.number(n))
        return str(self.lang.translations.ngettext(singular, plural, n)) % values

    def nt(
        self, singular: str, plural: str, n: int, **values: str | Inline | Sequence[Inline]
    ) -> list[Inline]:
        """The singular or plural message for n as inlines (`%(num)s`: n in this language)."""
        values.setdefault("num", self.lang.number(n))
        return filled(self.lang.translations.ngettext(singular, plural, n), values)

    def t(self, message: str, **values: str | Inline | Sequence[Inline]) -> list[Inline]:
        """A message in the brief's language as inlines, its values text or inlines."""
        return filled(self.lang.translations.gettext(message), values)

    def join(self, items: Sequence[Sequence[Inline]]) -> list[Inline]:
        """Inline pieces as a list in words ('A, B and C') by CLDR's rules for the language."""
        if len(items) <= 1:
            return [i for item in items for i in item]
        marks = [f"\x00{i}\x00" for i in range(len(items))]
        out: list[Inline] = []
        for i, piece in enumerate(str(format_list(marks, locale=self.lang.writing)).split("\x00")):
            out += list(items[int(piece)]) if i % 2 else joined(piece)
        return out

    def fact(self, label: str, value: str | Sequence[Inline]) -> list[Inline]:
        """'Label: value', the label bold (French writes 'Label : value')."""
        return self.t("%(label)s: %(value)s", label=strong(self.tx(label)), value=value)

    # ---- citations

    def flag(self, n: Note) -> list[Inline]:
        check = self.s.checks.get(n.source.id)
        flag = check.flag(n.attribution.quote) if check is not None else None
        if self.options.flag_unverified and flag is not None:
            mark = {
                "changed": self.tx("quote differs from source"),
                "missing": self.tx("quote not found in source"),
            }.get(flag) or self.tx("quote not verified")
            return [{"t": "Space"}, emph(f"[{mark}]")]
        return []

    def note_body(self, n: Note) -> list[Inline]:
        """As the HTML's note: the full citation the first time a source is cited, a short one
        after that; the quote unless the statement already quotes it or the brief leaves quotes
        out of its notes (options.note_quotes)."""
        src, quote = n.source, n.attribution.quote
        out = joined(strong(src.short_name))
        if n.first:
            out += joined(", ", [emph(src.title)])
            if src.published:
                out += joined(f", {src.published.display}")
        out += joined(f", {n.attribution.locator}")
        note_quotes = bool(getattr(self.options, "note_quotes", True))
        shown = bool(getattr(n, "quote", True)) and note_quotes and bool(quote)
        if shown:
            out += joined(": ", [quoted(quote)])
            translation = getattr(n.attribution, "translation", None)
            if translation:
                out += joined(" (", self.t("translation: %(text)s", text=quoted(translation)), ")")
        flag = self.flag(n) if note_quotes else []
        out += flag
        if flag or not (shown and quote[-1] in ".!?…"):
            out += joined(".")
        if n.holder:
            out += joined(" ", self.t("Position of %(holder)s.", holder=n.holder.name))
        if self.options.reliability and n.first:
            meaning = self.tx(RELIABILITY_GRADES.get(src.reliability, ""))
            out += joined(
                " ",
                self.t(
                    "Source grade %(grade)s (%(meaning)s).", grade=src.reliability, meaning=meaning
                ),
            )
        return out

    def ref(self, n: Note) -> list[Inline]:
        """A real Word note the first time a note is cited; its number as text after that."""
        if n.number in self.done:
            return [{"t": "Superscript", "c": words(str(self.done[n.number]))}]
        self.done[n.number] = len(self.done) + 1
        return [{"t": "Note", "c": [para(self.note_body(n))]}]

    def source_label(self, n: Note) -> list[Inline]:
        out = joined(strong(n.source.short_name))
        if n.source.published:
            out += joined(f", {n.source.published.display}")
        if self.options.reliability:
            out += joined(f" [{n.source.reliability}]")
        return out

    def attribution(self, notes: Sequence[Note]) -> list[Inline]:
        """'Position of X, reported by S, date [B]¹; Source: T²' as in the HTML."""
        out: list[Inline] = []
        for i, n in enumerate(notes):
            if i:
                out += joined("; ")
            cited = self.source_label(n) + self.ref(n)
            if n.holder:
                position = self.t("Position of %(holder)s", holder=strong(n.holder.name))
                out += self.t(
                    "%(position)s, reported by %(source)s", position=position, source=cited
                )
            else:
                out += self.t("Source: %(source)s", source=cited)
        return [{"t": "Space"}, styled("Attribution", out)] if out else []

    def sources_cited(self, notes: Sequence[Note]) -> list[Inline]:
        out: list[Inline] = []
        for i, n in enumerate(notes):
            if i == 0 or notes[i - 1].source.id != n.source.id:
                if i:
                    out += joined("; ")
                out += self.source_label(n)
            out += self.ref(n)
        return out

    # ---- the document

    def meta(self) -> dict[str, Any]:
        brief = self.s.brief

        def text(value: str) -> dict[str, Any]:
            return {"t": "MetaInlines", "c": words(value)}

        meta: dict[str, Any] = {
            "title": text(brief.title),
            "date": text(brief.edition.display),
            "lang": {"t": "MetaString", "c": brief.language},
        }
        if self.lang.rtl:
            meta["dir"] = {"t": "MetaString", "c": "rtl"}
        if brief.subtitle:
            meta["subtitle"] = text(brief.subtitle)
        who = brief.author or brief.organisation
        if who:
            meta["author"] = {"t": "MetaList", "c": [text(who)]}
        if self.s.topic:
            meta["subject"] = text(self.s.topic)
        return meta

    def rests_on(self) -> str:
        """'12 attributed statements from 3 sources' in the brief's language."""
        summary = self.s.summary
        return self.tx(
            "%(statements)s from %(sources)s",
            statements=self.ntx(
                "%(num)s attributed statement", "%(num)s attributed statements", summary.statements
            ),
            sources=self.ntx("%(num)s source", "%(num)s sources", summary.count),
        )

    def title_block(self) -> list[Block]:
        brief = self.s.brief
        rows: list[tuple[str, str | list[Inline]]] = []
        if brief.organisation:
            rows.append(("Organisation", brief.organisation))
        if self.s.topic:
            rows.append(("Topic", self.s.topic))
        if brief.audience:
            rows.append(("Audience", brief.audience))
        edition = brief.edition.display
        if self.s.edition_number:
            number = self.lang.number(self.s.edition_number)
            edition = self.tx("No. %(number)s, %(date)s", number=number, date=edition)
        rows.append(("Edition", edition))
        if brief.author:
            rows.append(("Author", brief.author))
        rows.append(("Rests on", self.rests_on()))
        if self.options.reliability and self.s.summary.by_grade:  # the key to the letters
            key = [
                self.t("[%(grade)s] %(meaning)s", grade=g, meaning=self.tx(RELIABILITY_GRADES[g]))
                for g, _ in self.s.summary.by_grade
            ]
            rows.append(
                (
                    "Source grades",
                    self.t("In brackets after a source's name: %(grades)s.", grades=self.join(key)),
                )
            )
        details = [para(self.fact(k, v)) for k, v in rows]
        return [div("Marking", [para(words(brief.marking))]), div("Brief Details", details)]

    def contents(self) -> list[Block]:
        """A Word TOC field (updated by Word on opening), its result filled in with the parts."""
        if not self.options.contents:
            return []
        notes = [self.tx("Notes")] if self.endnotes() else []
        headings = [part_title(p) for p in self.s.parts] + notes
        bidi = "<w:bidi />" if self.lang.rtl else ""
        style = f'<w:pPr><w:pStyle w:val="TOC1" />{bidi}</w:pPr>'
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true" /></w:r>'
            '<w:r><w:instrText xml:space="preserve">TOC \\o &quot;1-2&quot; \\h \\z \\u</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate" /></w:r>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end" /></w:r>'
        paras = []
        for i, heading in enumerate(headings or [""]):
            first, last = i == 0, i == max(len(headings), 1) - 1
            body = (
                (begin if first else "")
                + (run_xml(heading) if heading else "")
                + (end if last else "")
            )
            paras.append(f"<w:p>{style}{body}</w:p>")
        xml = (
            '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents" />'
            "<w:docPartUnique /></w:docPartObj></w:sdtPr><w:sdtContent>"
            f'<w:p><w:pPr><w:pStyle w:val="TOCHeading" />{bidi}</w:pPr>'
            + run_xml(self.tx("Contents"))
            + "</w:p>"
            + "".join(paras)
            + "</w:sdtContent></w:sdt>"
        )
        return [{"t": "RawBlock", "c": ["openxml", xml]}]

    def endnotes(self) -> bool:
        """True when the notes are Word endnotes: they follow a "Notes" heading at the end."""
        return self.options.notes == "endnotes" and bool(self.s.notes)

    def blocks(self) -> list[Block]:
        out = self.title_block() + self.contents()
        for part in self.s.parts:
            out.append(header(1, words(part_title(part)), part.anchor))
            if part.intro:
                out.append(para(md(part.intro)))
            if part.bottom_line and self.options.bottom_lines:
                label = joined(strong(self.tx("Bottom line")), f" ({self.tx(ASSESSMENT)}) ")
                out.append(div("Bottom Line", [para(label + md(part.bottom_line))]))
            method = getattr(self, f"part_{part.kind}", None)
            if method is not None:
                out += method(part)
            elif part.kind == "section" or part.entries:
                out += self.part_section(part)
            # another built-in part with nothing to list: its heading and intro only
        if self.endnotes():  # Word sets the endnotes right after the last paragraph
            out.append(header(1, words(self.tx("Notes")), "notes"))
        if self.lang.rtl:  # Pandoc marks every paragraph inside right to left (w:bidi)
            return [{"t": "Div", "c": [["", [], [["dir", "rtl"]]], out]}]
        return out

    # ---- parts

    def part_section(self, part: Any) -> list[Block]:
        entries = list(part.entries)
        if not entries:
            return [para([emph(self.tx("No statements in this section match this brief."))])]
        compact = getattr(part, "layout", None) == "compact"
        figures = [e for e in entries if isinstance(e.item, Figure)]
        disputes = [e for e in entries if compact and isinstance(e.item, ContestedClaim)]
        out: list[Block] = []
        for block in part.blocks:  # reading order, as select.py numbered the notes
            if block.kind == "heading":
                title = f"{block.number} {block.heading}" if block.number else str(block.heading)
                out.append(header(2, words(title), block.anchor))
            elif block.kind == "prose":
                sentences: list[Inline] = []
                for i, e in enumerate(block.entries):
                    sentences += ([{"t": "Space"}] if i else []) + self.sentence(e)
                out.append(para(sentences))
            elif isinstance(block.entries[0].item, ContestedClaim):
                out += self.contested(block.entries[0], block.number)
            elif isinstance(block.entries[0].item, Table):
                out += self.reference_table(block.entries[0])
            else:
                out.append(para(self.statement(block.entries[0])))
        if disputes:
            out.append(self.disputes_table(disputes))
        if figures:
            rows = []
            for e in figures:
                f = e.item
                measure = words(f.measure) + (joined(" (", md(f.note), ")") if f.note else [])
                rows.append(
                    [
                        [plain(measure)],
                        [plain(words(f"{f.value} {f.unit}"))],
                        [plain(words(f.as_of.display))],
                        [plain(self.attribution(e.notes)[1:])],
                    ]
                )
            heads = [self.tx(h) for h in ("Measure", "Value", "As of", "Attribution")]
            out.append(table(words(self.tx("Figures")), heads, rows, [0.3, 0.15, 0.15, 0.4]))
        return out

    def sentence(self, entry: Any) -> list[Inline]:
        """A sentence of running prose and its note calls (a claim alone keeps its date)."""
        item = entry.item
        date = item.date if item.paragraph is None else None
        out = joined(strong(f"{date.display}."), " ") if date else []
        return out + md(item.text) + [i for n in entry.notes for i in self.ref(n)]

    def statement(self, entry: Any) -> list[Inline]:
        item = entry.item
        out: list[Inline] = []
        date = getattr(item, "date", None)
        if date is not None and hasattr(date, "display"):
            out += joined(strong(f"{date.display}."), " ")
        text = getattr(item, "text", None)
        if not isinstance(text, str):
            from briefgen.model import label

            text = label(item)
        return out + md(text) + self.attribution(getattr(entry, "notes", ()))

    def positions_shown(self, entry: Any) -> str:
        """'3 positions', or '3 positions, 2 shown' when a source filter left some out."""
        shown, omitted = len(entry.members), len(getattr(entry, "omitted", ()))
        text = self.ntx("%(num)s position", "%(num)s positions", shown + omitted)
        if omitted:
            text += ", " + self.ntx("%(num)s shown", "%(num)s shown", shown)
        return text

    def omitted_notice(self, entry: Any) -> list[Inline]:
        """The positions a source filter left out, in the brief's language (as the templates)."""
        held = [
            self.t("the %(name)s", name=name) if article else words(name)
            for name, article in entry.omitted_held
        ]
        listed = []
        if held:
            holders = self.join(held)
            listed.append(
                self.nt("held by %(holders)s", "held by %(holders)s", len(held), holders=holders)
            )
        for source in entry.omitted_own:
            own = "%(source)s's own account"
            listed.append(
                self.t(own, source=source) if source else self.t("a source's own account")
            )
        n = len(entry.omitted)
        return self.nt(
            "%(num)s further position, %(holders)s, is outside this brief's sources.",
            "%(num)s further positions, %(holders)s, are outside this brief's sources.",
            n,
            num=self.lang.count_words(n),
            holders=self.join(listed),
        )

    def own_account(self, source: str | Sequence[Inline]) -> list[Inline]:
        return self.t("%(source)s (own account)", source=source)

    def contested(self, entry: Any, number: str | None = None) -> list[Block]:
        c: ContestedClaim = entry.item
        status = self.tx("Status: %(status)s", status=self.tx(c.status.replace("-", " ")))
        out = [
            header(2, words(f"{number} {c.question}" if number else c.question), f"item-{c.id}"),
            para(joined(emph(f"{status} · {self.positions_shown(entry)}"))),
        ]
        if c.context:
            out.append(para(md(c.context)))
        rows = []
        for member, notes in zip(entry.members, entry.groups, strict=False):
            if not isinstance(member, Position):
                continue
            holder = (
                words(self.s.actors[member.held_by].name)
                if member.held_by and member.held_by in self.s.actors
                else self.own_account(notes[0].source.short_name if notes else "")
            )
            who = holder + (joined(f", {member.date.display}") if member.date else [])
            rows.append(
                [
                    [plain(who)],
                    [plain(joined(strong(f"{member.stance}."), " ", md(member.summary)))],
                    [plain(self.sources_cited(notes))],
                ]
            )
        caption = self.t("Positions on: %(question)s", question=c.question)
        heads = [self.tx(h) for h in ("Held by", "Position", "Reported by")]
        out.append(table(caption, heads, rows, [0.22, 0.48, 0.3]))
        if getattr(entry, "notice", None):  # positions a source filter left out, in words
            out.append(para([emph(self.omitted_notice(entry))]))
        return out

    def disputes_table(self, entries: list[Any]) -> Block:
        rows = []
        for e in entries:
            c = e.item
            positions: list[list[Block]] = []
            for member, notes in zip(e.members, e.groups, strict=False):
                if not isinstance(member, Position):
                    continue
                line = joined(strong(member.stance), " – ")
                if member.held_by and member.held_by in self.s.actors:
                    line += self.t(
                        "%(holder)s, reported by %(source)s",
                        holder=self.s.actors[member.held_by].name,
                        source=self.sources_cited(notes),
                    )
                else:
                    line += self.own_account(self.sources_cited(notes))
                positions.append([plain(line)])
            if getattr(e, "notice", None):
                positions.append([plain([emph(self.omitted_notice(e))])])
            status = emph(self.tx(c.status.replace("-", " ")))
            rows.append([[plain(words(c.question)), plain([status])], [bullets(positions)]])
        caption = words(
            self.tx("Disputed questions: each position, who holds it and who reports it")
        )
        heads = [self.tx("Question"), self.tx("Positions")]
        return table(caption, heads, rows, [0.4, 0.6])

    def reference_table(self, entry: Any) -> list[Block]:
        t: Table = entry.item
        caption = words(t.title)
        if t.note:
            caption += joined(" (", md(t.note), ")")
        caption += self.attribution(entry.notes)
        rows = [[[plain(words(c))] for c in row] for row in t.rows]
        n = max(len(t.columns), 1)
        return [table(caption, list(t.columns), rows, [1 / n] * n)]

    def part_overview(self, part: Any) -> list[Block]:
        """The sections' bottom lines, when the selection has them."""
        out = []
        for summary in getattr(part, "summaries", ()):
            heading = getattr(summary, "heading", None)
            text = getattr(summary, "text", None)
            if isinstance(heading, str) and isinstance(text, str):
                number = getattr(summary, "number", None)
                title = f"{number} {heading}" if isinstance(number, str) and number else heading
                out.append(para(joined(strong(f"{title}."), " ", md(text))))
        return out

    def part_judgments(self, part: Any) -> list[Block]:
        shown = frozenset(e.item.id for p in self.s.parts for e in p.entries)
        items = []
        for e in part.entries:
            j: Judgment = e.item
            refs = list(getattr(e, "refs", ()))
            confidence = f"{j.confidence.capitalize()} confidence."  # i18n.DATA_MESSAGES
            confidence = self.tx(confidence)
            first = para(joined(strong(confidence), " ", md(j.text)))
            statements = self.ntx(
                "%(num)s attributed statement", "%(num)s attributed statements", len(refs)
            )
            basis = self.t("Basis: %(statements)s", statements=statements)
            linked = [r for r in refs if r.id in shown]
            if linked:
                from briefgen.model import label

                places = self.join([words(label(r)) for r in linked])
                basis += joined(" ", self.t("(see %(places)s)", places=places))
            cited = [joined(strong(n.source.short_name)) + self.ref(n) for n in e.notes]
            basis += joined(", ", self.t("reported by %(sources)s", sources=self.join(cited)))
            items.append([first, para(basis + joined("."))])
        return [numbered(items)] if items else []

    def part_timeline(self, part: Any) -> list[Block]:
        entries = [e for e in part.entries if isinstance(e.item, Event)]
        if not entries:
            return [para([emph(self.tx("No dated events match this brief."))])]
        out = figure(
            str(timeline_chart(entries, self.lang, look(self.s.brief.theme).accent)),
            self.tx("Dated events; the numbers match the list below."),
        )
        items = [
            [
                plain(
                    joined(strong(e.item.date.display), " ", md(e.item.text))
                    + self.attribution(e.notes)
                )
            ]
            for e in entries
        ]
        return [*out, numbered(items)]

    def part_terms(self, part: Any) -> list[Block]:
        out: list[Block] = []
        for e in part.entries:
            t = e.item
            preferred = self.options.preferred_name(t.id)
            out.append(header(2, words(t.concept), f"item-{t.id}"))
            names = []
            for member, notes in zip(e.members, e.groups, strict=False):
                line = joined(strong(member.name))
                if member.name == preferred:
                    line += joined(" ", emph(f"({self.tx('used in this brief')})"))
                line += joined(": ", self.t("Used by %(who)s.", who=member.used_by))
                names.append([plain(line + self.attribution(notes))])
            out.append(bullets(names))
            if preferred:
                message = (
                    "This brief uses %(name)s in its own text; the other names appear only where "
                    "a source is quoted."
                )
                out.append(para(self.t(message, name=preferred)))
            elif t.note:
                out.append(para(md(t.note)))
        return out

    def part_summary(self, part: Any) -> list[Block]:
        sm = self.s.summary
        tx, ntx = self.tx, self.ntx
        kinds = ", ".join(
            tx("%(num)s %(kind)s", num=self.lang.number(n), kind=tx(k.replace("-", " ")))
            for k, n in sm.by_kind
        )
        statements = ntx(
            "%(num)s attributed statement", "%(num)s attributed statements", sm.statements
        )
        sources = ntx("%(num)s source", "%(num)s sources", sm.count)
        opening = tx(
            "This brief rests on %(statements)s from %(sources)s:",
            statements=statements,
            sources=sources,
        )
        text = f"{opening} {kinds}."
        if self.options.reliability:
            grades = ", ".join(
                tx(
                    "%(num)s graded %(grade)s (%(meaning)s)",
                    num=self.lang.number(n),
                    grade=g,
                    meaning=tx(RELIABILITY_GRADES.get(g, "")),
                )
                for g, n in sm.by_grade
            )
            text += f" {tx('Reliability grades:')} {grades}."
        if sm.earliest and sm.latest:
            text += " " + tx(
                "They were published between %(first)s and %(last)s",
                first=sm.earliest.display,
                last=sm.latest.display,
            )
            if sm.undated:
                text += "; " + ntx("%(num)s is undated", "%(num)s are undated", sm.undated)
            text += "."
        groups = str(self.lang.join([g for g, _ in sm.by_group]).unescape())
        represent = ntx(
            "They represent %(num)s perspective group:",
            "They represent %(num)s perspective groups:",
            len(sm.by_group),
        )
        text += f" {represent} {groups}."
        caption = tx(
            "Statements per section, by the perspective group of the sources that report them "
            "(a statement citing two groups counts for each)."
        )
        fills = look(self.s.brief.theme).chart
        chart = str(coverage_chart(sm.coverage, self.lang, fills)) if sm.coverage else ""
        return [para(words(text)), *figure(chart, caption)]

    def quote_check(self, src: Any) -> str:
        """Whether the quotes from a source were checked against a stored copy, as in the HTML."""
        check = self.s.checks.get(src.id)
        if not check or not check.snapshot:
            return self.tx(
                "The quotations have not been checked against a stored copy of this text."
            )
        if not check.verified:
            return self.tx(
                "The quotations have not yet been checked against the copy of this text stored "
                "for this brief."
            )
        quotes = list(
            dict.fromkeys(n.attribution.quote for n in self.s.notes if n.source.id == src.id)
        )
        found = sum(1 for q in quotes if not check.flagged(q))
        text = self.ntx(
            "On %(date)s, %(found)s of %(num)s quotation was found word for word in a stored copy "
            "of this text",
            "On %(date)s, %(found)s of %(num)s quotations were found word for word in a stored "
            "copy of this text",
            len(quotes),
            date=check.verified,
            found=self.lang.number(found),
        )
        if found < len(quotes) and self.options.flag_unverified:
            text += "; " + self.tx("the others are marked in their notes")
        return text + "."

    def part_sources(self, part: Any) -> list[Block]:
        items = []
        for src in self.s.sources:
            cite = joined(strong(src.publisher or self.tx("Publisher not stated")))
            if src.author:
                cite += joined(f", {src.author}")
            cite += joined(". ", [emph(src.title)], ".")
            if src.published:
                cite += joined(f" {src.published.display}.")
            if src.date_note:
                cite += joined(" ", self.t("Date: %(note)s.", note=src.date_note))
            if src.url:  # as text: the Word file links nowhere
                cite += joined(" ", [{"t": "Code", "c": [NO_ATTR, src.url]}])
            facts: list[tuple[str, list[Inline]]] = [
                ("Kind", words(self.tx(src.kind.replace("-", " ")))),
                ("Perspective", words(src.perspective)),
            ]
            if self.options.reliability:
                meaning = self.tx(RELIABILITY_GRADES.get(src.reliability, ""))
                grade = f"{src.reliability} ({meaning}): {src.reliability_note}"
                facts.append(("Reliability", words(grade)))
            if src.note:
                facts.append(("Note", md(src.note)))
            if getattr(self.options, "quote_checks", True):
                facts.append(("Quotations", words(self.quote_check(src))))
            blocks = [para(cite)] + [plain(self.fact(k, v)) for k, v in facts]
            items.append(blocks)
        return [numbered(items)] if items else []

    def part_changes(self, part: Any) -> list[Block]:
        """As the HTML's changes part: each change from its data, the bookkeeping in one line."""
        if self.s.changes_since is None:
            return [
                para(
                    words(
                        self.tx(
                            "This is the first recorded edition of this brief: there is no "
                            "earlier edition to compare with."
                        )
                    )
                )
            ]
        since = self.lang.number(self.s.changes_since)
        listed = [c for c in self.s.changes if c.substantive]
        if not listed:
            none = self.tx("No statement changed since edition %(number)s.", number=since)
            return [para(words(none)), *self.change_bookkeeping()]
        compared = self.ntx(
            "Compared with edition %(number)s: %(num)s change.",
            "Compared with edition %(number)s: %(num)s changes.",
            len(listed),
            number=since,
        )
        out = [para(words(compared))]
        for kind, name in CHANGE_NAMES.items():
            group = [c for c in listed if c.kind == kind]
            if group:
                out.append(para([strong(f"{self.tx(name)} ({self.lang.number(len(group))})")]))
                out.append(bullets([[plain(self.change(c))] for c in group]))
        return out + self.change_bookkeeping()

    def change_outcome(self, c: Change) -> list[Inline]:
        """What the brief now does with a quotation: marks it, or found it re-anchored."""
        if c.kind == "passage" or c.outcome in ("changed", "missing", "unchecked"):
            mark = {
                "changed": self.tx("quote differs from source"),
                "missing": self.tx("quote not found in source"),
            }.get(c.outcome) or self.tx("quote not verified")
            return self.t("The brief marks the quotation “%(mark)s”.", mark=mark)
        if c.outcome == "verified":
            return self.t("Re-anchored: the new quotation is found word for word in the source.")
        return []

    def change_update(self, c: Change) -> list[Inline]:
        """A source whose text has a new version, as the HTML says it."""
        source = [strong(c.source)]
        if c.version.isdigit() and c.date:
            version = self.lang.number(int(c.version))
            out = self.t(
                "%(source)s: version %(version)s, stored on %(date)s.",
                source=source,
                version=version,
                date=c.date.display,
            )
        elif c.version.isdigit():
            version = self.lang.number(int(c.version))
            out = self.t("%(source)s: version %(version)s.", source=source, version=version)
        else:
            out = self.t("%(source)s: a new copy of its text.", source=source)
        if c.count:
            kept = self.nt(
                "%(num)s quoted passage did not change.",
                "%(num)s quoted passages did not change.",
                c.count,
            )
            out += joined(" ", kept)
        if c.outcome == "unchecked":
            out += joined(" ", self.t("Its quotations are not yet checked against this version."))
        return out

    def change(self, c: Change) -> list[Inline]:
        """One change in the brief's words, as the HTML's `change` macro says it."""
        if c.kind == "source-updated":
            return self.change_update(c)
        if c.kind == "passage":
            out = joined(strong(c.source), BREAK, self.t("was: %(text)s", text=[quoted(c.was)]))
            now = (
                words(self.tx("no longer found in the source"))
                if c.outcome == "missing"
                else [quoted(c.now)]
            )
            out += joined(BREAK, self.t("now: %(text)s", text=now))
            if c.rests_on:
                items = "; ".join(r.strip().strip(".") for r in c.rests_on)
                out += joined(BREAK, self.t("Resting on it: %(items)s", items=items))
            return out + joined(BREAK, self.change_outcome(c))
        if c.kind in ("requoted", "withdrawn", "cited"):
            holder = f" ({c.holder})" if c.holder else ""
            out = self.t("%(label)s: %(value)s", label=c.label + holder, value=[strong(c.source)])
            if c.kind != "cited":
                out += joined(BREAK, self.t("was: %(text)s", text=[quoted(c.was)]))
            if c.kind != "withdrawn":
                out += joined(BREAK, self.t("now: %(text)s", text=[quoted(c.now)]))
                said = self.change_outcome(c)
                out += joined(BREAK, said) if said else []
            return out
        if c.kind in ("position-added", "position-removed", "position-changed"):
            out = self.t("%(label)s: %(value)s", label=c.label, value=[strong(c.holder)])
            if c.kind == "position-changed":
                out += joined(" (", self.t("was %(was)s, now %(now)s", was=c.was, now=c.now), ")")
            return out
        if c.kind == "reworded":
            return joined(c.label, " (", self.t("was: %(text)s", text=c.was), ")")
        return words(c.label)

    def change_bookkeeping(self) -> list[Block]:
        """The one line of what is not listed: locators renumbered, formatting, quote checks."""
        plurals = {
            "locator": ("%(num)s locator renumbered", "%(num)s locators renumbered"),
            "formatting": ("%(num)s formatting change", "%(num)s formatting changes"),
            "check": ("%(num)s quotation check recorded", "%(num)s quotation checks recorded"),
        }
        items = [
            self.ntx(*plurals[what], n)
            for c in self.s.changes
            for what, n in c.counts
            if what in plurals
        ]
        if not items:
            return []
        return [para(words(self.tx("Not listed: %(items)s.", items=", ".join(items))))]


def document(
    selection: Selection, api_version: Sequence[int], lang: Language | None = None
) -> dict[str, Any]:
    """The brief as a Pandoc JSON AST, every label, date and number in the brief's language."""
    from briefgen.render.html import (
        in_language,  # the built-in parts' headings in the brief's language
    )

    lang = lang if lang is not None else language(selection.brief.language)
    with dates_in(lang):
        writer = Writer(in_language(selection, lang), lang)
        return {
            "pandoc-api-version": list(api_version),
            "meta": writer.meta(),
            "blocks": writer.blocks(),
        }


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


def finish(data: bytes, selection: Selection, stamp: int, lang: Language | None = None) -> bytes:
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
    with_marking(files, brief.marking, brief.title, lang)
    themed(files, brief.theme)
    files["word/document.xml"] = rows_kept_whole(files["word/document.xml"])
    if brief.options.notes == "endnotes":
        as_endnotes(files)
    external = external_relationships(files)
    if external:
        raise WordError("the Word file would link outside itself: " + ", ".join(external))
    return write_zip(files, stamp)


def rows_kept_whole(xml: bytes) -> bytes:
    """Every table row on one page (w:cantSplit), as in the PDF: a position's holder, words and
    source stay together instead of a row's last lines opening the next page."""
    xml = xml.replace(b"<w:trPr>", b"<w:trPr><w:cantSplit />")
    return re.sub(rb"<w:tr>(?!<w:trPr>)", b"<w:tr><w:trPr><w:cantSplit /></w:trPr>", xml)


def render_docx(
    selection: Selection, dirs: list[Path], timeout: float | None = None, root: Path | None = None
) -> bytes:
    """The brief as a .docx (bytes), styled by the first reference.docx on the template path, in
    the brief's language (the project's own catalog under `root` over the shipped one)."""
    stamp = epoch(selection)
    lang = language(selection.brief.language, root)
    ast = document(selection, api_version(), lang)
    raw = run_pandoc(ast, find_reference(dirs), stamp, timeout)
    return finish(raw, selection, stamp, lang)


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
    <w:pPr><w:spacing w:before="0" w:after="40" /><w:jc w:val="center" /></w:pPr>
    <w:rPr><w:sz w:val="20" /><w:szCs w:val="20" /></w:rPr>
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
HEADING_FONT = "Liberation Sans"
ACCENT = "1F3B5A"
# A4 with 2.3 cm side margins, in twentieths of a point
PAGE = (
    '<w:pgSz w:w="11906" w:h="16838" />'
    '<w:pgMar w:top="1418" w:right="1304" w:bottom="1418" w:left="1304" w:header="709" '
    'w:footer="709" w:gutter="0" />'
)


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
        '<w:sz w:val="22" />\n        <w:szCs w:val="22" />',
        1,
    )
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
