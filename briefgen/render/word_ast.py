"""Word, step one: a brief's Selection as a Pandoc JSON AST (render/word.py runs Pandoc on it).

Every sentence comes from render/phrases.py, the same phrases the HTML says; this module only
turns their pieces into Pandoc inlines and lays out the parts as Pandoc blocks. Content text
becomes `Str` nodes (never markup), links become their text (the .docx links nowhere), the only
images are the charts, drawn from the same data as the HTML's SVG and converted to PNG.
"""

from __future__ import annotations

import base64
import html
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from briefgen.content_text import ContentText
from briefgen.inline import Marks, parser
from briefgen.languages import calls_before_stop, primary
from briefgen.model import ContestedClaim, Figure, PartialDate, Position, Table, Term
from briefgen.render.charts import coverage_chart, timeline_chart
from briefgen.render.i18n import N_, Language, first_direction
from briefgen.render.phrases import (
    CHANGES,
    Bold,
    Break,
    Call,
    Content,
    Italic,
    Link,
    Name,
    Phrase,
    Phrases,
    Piece,
    Quote,
    Rendered,
    Styled,
    Title,
    When,
    Words,
)
from briefgen.render.quotes import quote_marks
from briefgen.render.theme import look
from briefgen.selection.select import Entry, Note, Part, Selection
from briefgen.text import without_controls

Inline = dict[str, Any]
Block = dict[str, Any]
NO_ATTR: list[Any] = ["", [], []]
CHART_STYLE = (
    "<style>.chart text{font-family:'Liberation Sans',Arial,'DejaVu Sans',sans-serif;"
    "font-size:11px;fill:#1b1b1b}.chart text.on-bar{font-size:9px;font-weight:bold;fill:#fff}"
    ".chart text.count{font-size:9px;font-weight:bold}.chart text.total{font-weight:bold}</style>"
)
# Messages only the Word file shows (the others are the templates' own): kept in every catalog
WORD_MESSAGES = (N_("Organisation"), N_("%(label)s: %(value)s"), N_("Positions on: %(question)s"))
BREAKS = " \t\r\n"  # where a line may break; a no-break space stays inside its word

LRM, RLM = "\u200e", "\u200f"  # the directional marks (strong, invisible)


# ---------------------------------------------------------------- Pandoc AST, small builders


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
            if piece[:1] in BREAKS:
                out.append({"t": "Space"})
            out.extend(words(piece))
            if piece[-1:] in BREAKS and piece.strip(BREAKS):
                out.append({"t": "Space"})
        else:
            out.extend(piece)
    return out


def strong(*pieces: Inline | Sequence[Inline] | str) -> Inline:
    return {"t": "Strong", "c": joined(*pieces)}


def emph(*pieces: Inline | Sequence[Inline] | str) -> Inline:
    return {"t": "Emph", "c": joined(*pieces)}


def span(inlines: list[Inline], attrs: list[list[str]]) -> Inline:
    return {"t": "Span", "c": [["", [], attrs], inlines]}


def page_mark(anchor: str) -> str:
    """The bookmark inside a part's heading that page references point to (the bookmark Pandoc
    puts around the whole section is one LibreOffice does not always find)."""
    return f"{anchor}-page"


FIELD_END = '<w:r><w:fldChar w:fldCharType="end" /></w:r>'


def field_start(instruction: str) -> str:
    """The runs that open a Word field up to its result, marked to be updated when the file is
    opened (Word) or laid out (LibreOffice); FIELD_END closes it after the result's runs."""
    instr = html.escape(instruction, quote=True)
    return (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true" /></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate" /></w:r>'
    )


def page_ref(anchor: str) -> Inline:
    """The page of a bookmarked place as a Word field (PAGEREF)."""
    xml = field_start(f" PAGEREF {anchor} \\h ") + "<w:r><w:t>1</w:t></w:r>" + FIELD_END
    return {"t": "RawInline", "c": ["openxml", xml]}


def styled(style: str, inlines: list[Inline]) -> Inline:
    """A character style from the reference document (Pandoc's custom-style)."""
    return span(inlines, [["custom-style", style]])


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


def table(
    caption: list[Inline], heads: list[str], rows: list[list[list[Block]]], widths: list[float]
) -> Block:
    """A Pandoc table: a caption, one header row, body rows of cells (lists of blocks)."""
    specs = [[{"t": "AlignDefault"}, {"t": "ColWidth", "c": w}] for w in widths]
    head = (
        [NO_ATTR, [[NO_ATTR, [cell([plain(words(h))]) for h in heads]]]] if heads else [NO_ATTR, []]
    )
    body = [[NO_ATTR, 0, [], [[NO_ATTR, [cell(c) for c in row]] for row in rows]]]
    cap = [None, [plain(caption)] if caption else []]
    return {"t": "Table", "c": [NO_ATTR, cap, specs, head, body, [NO_ATTR, []]]}


def content_widths(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[float]:
    """Column widths from what the columns hold: each its longest word and its typical length,
    so that a column of numbers is narrow and one of sentences wide (fractions of the page)."""
    n = max(len(columns), 1)
    weights = []
    for i in range(n):
        texts = [columns[i] if i < len(columns) else ""] + [r[i] for r in rows if i < len(r)]
        longest_word = max((len(w) for t in texts for w in t.split()), default=1)
        typical = sorted(len(t) for t in texts)[len(texts) // 2]
        weights.append(max(longest_word, min(typical, 60)) + 2)
    total = sum(weights)
    return [w / total for w in weights]


# ---------------------------------------------------------------- inline Markdown


def md(text: str, marks: Marks | None = None, french: bool = False) -> list[Inline]:
    """Analyst text with inline Markdown as Pandoc inlines, its quotes in `marks` (`french`:
    French spacing); a link becomes its text and URL."""
    stack: list[list[Inline]] = [[]]
    kinds: list[str] = []
    hrefs: list[str] = []
    for block in parser(marks, french).parseInline(text):
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

    head, sep, rest = without_controls(svg).partition(">")  # XML: no control characters
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
    return [{"t": "Figure", "c": [NO_ATTR, [None, [plain(words(caption))]], [plain([image])]]}]


def script_of(char: str) -> str:
    """The script of a letter, by its Unicode name ('LATIN', 'THAI', 'ARABIC', …)."""
    try:
        return unicodedata.name(char).split(" ")[0]
    except ValueError:
        return ""


def xml_text(text: str) -> str:
    """A Word run holding text."""
    return f'<w:r><w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r>'


def text_of(entry: Entry) -> str:
    """The analyst's words of a claim, event or judgment ('' for other items), with their
    language when they are content shown in a brief of another language."""
    text = getattr(entry.item, "text", "")
    return text if isinstance(text, str) else ""


def date_of(entry: Entry) -> PartialDate | None:
    """The date of a claim or event, if it has one."""
    found = getattr(entry.item, "date", None)
    return found if isinstance(found, PartialDate) else None


# ---------------------------------------------------------------- the brief


class Writer:
    """Walks a Selection into Pandoc blocks: one real note per note number, every sentence a
    phrase of render/phrases.py in the brief's language."""

    def __init__(self, selection: Selection, lang: Language) -> None:
        self.s = selection
        self.options = selection.brief.options
        self.lang = lang
        self.p = Phrases(selection, lang)
        self.done: dict[int, int] = {}  # note number -> Word's own number (first use only)
        latin = {
            script_of(c) for c in lang.locale.get_display_name(lang.locale) or "" if c.isalpha()
        }
        self.latin_brief = not latin or "LATIN" in latin

    # ---- phrases as inlines

    def inl(self, phrase: Phrase) -> list[Inline]:
        """A phrase as Pandoc inlines; note calls that follow each other are kept apart."""
        out: list[Inline] = []
        previous: Piece | None = None
        for piece in phrase:
            if isinstance(piece, Call) and isinstance(previous, Call):
                out.append({"t": "Superscript", "c": [{"t": "Str", "c": ","}]})
            out += self.piece(piece)
            previous = piece
        return out

    def tx(self, message: str, **values: str) -> str:
        """A message in the brief's language as plain text."""
        return self.lang.text(message, **values)

    def piece(self, p: Piece) -> list[Inline]:
        if isinstance(p, Words):
            return joined(p.text)
        if isinstance(p, Content):
            return self.content(p.text)
        if isinstance(p, Name):
            return self.own_language(words(self.lang.typeset(p.text)), p.text)
        if isinstance(p, Bold):
            return [{"t": "Strong", "c": self.inl(p.pieces)}]
        if isinstance(p, Italic):
            return [{"t": "Emph", "c": self.inl(p.pieces)}]
        if isinstance(p, Title):
            if p.article:
                marks = quote_marks(self.lang.tag)
                text = f"{marks.open}{self.lang.typeset(p.text)}{p.inside}{marks.close}"
                return self.own_language(joined(text), p.text)
            return [emph(self.own_language(words(self.lang.typeset(p.text)), p.text))]
        if isinstance(p, Quote):  # in the marks of its own language, as a span of that language
            tag = p.lang or self.lang.tag
            marks = quote_marks(tag)
            quoted = f"{marks.open}{p.text}{marks.close}"
            own = first_direction(p.text)
            if own and own != self.lang.direction:
                # a strong mark of the quote's direction on each side: the marks run with its
                # words, not around them in the line's direction (“Turkey … ties” in Arabic)
                mark = LRM if own == "ltr" else RLM
                quoted = f"{mark}{quoted}{mark}"
            return [span(joined(quoted), [["lang", tag]])]
        if isinstance(p, Rendered):  # the translation: in the brief language's marks
            marks = quote_marks(self.lang.tag)
            return joined(f"{marks.open}{p.text}{marks.close}")
        if isinstance(p, Call):
            return self.call(p.notes)
        if isinstance(p, Link):
            if not p.page:
                return self.inl(p.pieces)
            before, after = self.p.page_words()
            mark = page_mark(p.part)
            return [*self.inl(p.pieces), *joined(before), page_ref(mark), *joined(after)]
        if isinstance(p, Styled):
            inner = self.inl(p.pieces)
            if p.style == "unverified":
                return [emph(inner)]
            return [strong(inner)] if p.style == "stance" else inner
        if isinstance(p, When):
            return words(self.lang.date(p.date))
        if isinstance(p, Break):
            return [{"t": "LineBreak"}]
        raise TypeError(f"not a phrase piece: {p!r}")

    def content(self, text: str) -> list[Inline]:
        """The analyst's text (inline Markdown), marked with its own script's language."""
        own = text.lang if isinstance(text, ContentText) else self.lang.tag
        french = primary(own) == "fr"
        return self.own_language(md(text, quote_marks(own).four(), french), text)

    def own_language(self, inlines: list[Inline], text: str) -> list[Inline]:
        """Text in its own language: an original shown untranslated, as a span of its language
        and direction; Latin-script text in a brief of another script marked as such, so that
        Word and LibreOffice do not break its words by the brief language's rules (an English
        name in a Thai brief)."""
        if isinstance(text, ContentText) and text.isolated:
            return [span(inlines, [["lang", text.lang], ["dir", text.direction]])]
        if self.latin_brief:
            return inlines
        letters = [c for c in text if c.isalpha()]
        if letters and all(script_of(c) == "LATIN" for c in letters):
            return [span(inlines, [["lang", "en"]])]
        return inlines

    def call(self, notes: tuple[Note, ...]) -> list[Inline]:
        """A real Word note the first time a note is cited; its number as text after that."""
        number = notes[0].number
        if number in self.done:
            return [{"t": "Superscript", "c": words(str(self.done[number]))}]
        self.done[number] = len(self.done) + 1
        return [{"t": "Note", "c": [para(self.inl(self.p.note(notes)))]}]

    def fact(self, label: str, value: list[Inline]) -> list[Inline]:
        """'Label: value', the label bold (French writes 'Label : value')."""
        message = self.lang.translations.gettext("%(label)s: %(value)s")
        out: list[Inline] = []
        for i, bit in enumerate(re.split(r"%\((\w+)\)s", message)):
            if i % 2:
                out += [strong(self.tx(label))] if bit == "label" else value
            elif bit:
                out += joined(bit)
        return out

    # ---- the document

    def meta(self) -> dict[str, Any]:
        brief = self.s.brief

        def text(value: str) -> dict[str, Any]:
            return {"t": "MetaInlines", "c": words(self.lang.typeset(value))}

        meta: dict[str, Any] = {
            "title": text(brief.title),
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

    def title_block(self) -> list[Block]:
        brief, s = self.s.brief, self.s
        rows: list[tuple[str, list[Inline]]] = []
        if brief.organisation:
            rows.append((N_("Organisation"), words(self.lang.typeset(brief.organisation))))
        if s.topic:
            rows.append(("Topic", words(self.lang.typeset(s.topic))))
        if brief.audience:
            rows.append(("Audience", words(self.lang.typeset(brief.audience))))
        if brief.author:
            rows.append(("Author", words(self.lang.typeset(brief.author))))
        rows.append(("Edition", self.inl(self.p.edition())))
        if s.information_date:
            rows.append(("Information as of", words(self.lang.date(s.information_date))))
        if self.options.reliability and s.summary.by_grade:  # the key to the letters
            rows.append(("Source grades", self.inl(self.p.grade_key())))
        facts: list[Inline] = []
        for i, (label, value) in enumerate(rows):
            facts += (joined(" · ") if i else []) + self.fact(label, value)
        out = [div("Brief Details", [para(facts)])]
        drafts = s.drafts
        if drafts:
            draft = joined(strong(self.tx("Draft")), " ") + self.inl(self.p.draft(drafts))
            out.append(div("Bottom Line", [para(draft)]))
        return out

    def standfirst(self) -> list[Block]:
        sf = self.s.standfirst
        if sf is None:
            return []
        blocks = [para(joined(strong(self.tx("Bottom line")), " ") + self.content(sf.bottom_line))]
        for label, text in (
            ("What is new", sf.whats_new),
            ("Why it matters", sf.why_it_matters),
            ("Outlook", sf.outlook),
        ):
            if text:
                blocks.append(para(joined(strong(self.tx(label)), " ") + self.content(text)))
        if sf.watch:
            blocks.append(para([strong(self.tx("What to watch"))]))
            blocks.append(bullets([[plain(self.content(w))] for w in sf.watch]))
        note = self.tx(
            "The analyst's own assessment; the sections below set out the attributed statements it rests on."
        )
        return [div("Bottom Line", blocks), para([emph(note)])]

    def contents(self) -> list[Block]:
        """A Word TOC field (updated by Word on opening), its result filled in with the parts."""
        if not self.options.contents:
            return []
        notes = [self.tx("Notes")] if self.endnotes() else []
        headings = [self.title(p) for p in self.s.parts] + notes
        bidi = "<w:bidi />" if self.lang.rtl else ""
        style = f'<w:pPr><w:pStyle w:val="TOC1" />{bidi}</w:pPr>'
        begin = field_start('TOC \\o "1-2" \\h \\z \\u')
        paras = []
        for i, heading in enumerate(headings or [""]):
            first, last = i == 0, i == max(len(headings), 1) - 1
            body = (
                (begin if first else "")
                + (xml_text(heading) if heading else "")
                + (FIELD_END if last else "")
            )
            paras.append(f"<w:p>{style}{body}</w:p>")
        xml = (
            '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents" />'
            "<w:docPartUnique /></w:docPartObj></w:sdtPr><w:sdtContent>"
            f'<w:p><w:pPr><w:pStyle w:val="TOCHeading" />{bidi}</w:pPr>'
            + xml_text(self.tx("Contents"))
            + "</w:p>"
            + "".join(paras)
            + "</w:sdtContent></w:sdt>"
        )
        return [{"t": "RawBlock", "c": ["openxml", xml]}]

    def title(self, part: Part) -> str:
        """A part's heading, with its number when the brief numbers its sections."""
        heading = self.lang.typeset(self.p.heading(part))
        return f"{part.number} {heading}" if part.number else heading

    def endnotes(self) -> bool:
        """True when the notes are Word endnotes: they follow a "Notes" heading at the end."""
        return self.options.notes == "endnotes" and bool(self.s.notes)

    def blocks(self) -> list[Block]:
        out = self.title_block() + self.standfirst() + self.contents()
        if self.s.brief.cut:
            cut = [para([emph(self.inl(self.p.cut()))])]
            if "summary" in self.s.brief.cut and self.s.summary.unvoiced:  # a missing voice is
                cut.append(self.gaps())  # said even when the source summary is left out
            at = len(out) - len(self.contents())
            out[at:at] = cut
        for part in self.s.parts:
            marked = {"t": "Span", "c": [[page_mark(part.anchor), [], []], words(self.title(part))]}
            out.append(header(1, [marked], part.anchor))
            if part.intro:
                out.append(para([emph(self.content(part.intro))]))
            if part.bottom_line and self.options.bottom_lines:
                assessment = self.tx("analyst's assessment")
                label = joined(strong(self.tx("Bottom line")), f" ({assessment}) ")
                out.append(div("Bottom Line", [para(label + self.content(part.bottom_line))]))
            method = getattr(self, f"part_{part.kind}", None)
            if method is not None:
                out += method(part)
            elif part.kind == "section" or part.entries:
                out += self.part_section(part)
        if self.endnotes():  # Word sets the endnotes right after the last paragraph
            out.append(header(1, words(self.tx("Notes")), "notes"))
        if self.lang.rtl:  # Pandoc marks every paragraph inside right to left (w:bidi)
            return [{"t": "Div", "c": [["", [], [["dir", "rtl"]]], out]}]
        return out

    # ---- parts

    def sentence(self, entry: Entry) -> list[Inline]:
        """A sentence of running prose and its note calls: after it, or, in a language that sets
        calls before the full stop (French), before its own."""
        text = text_of(entry)
        sentence, calls = self.content(text), self.inl(self.p.calls(entry.notes))
        own = text.lang if isinstance(text, ContentText) else self.lang.tag
        last = sentence[-1] if sentence else None
        if calls and calls_before_stop(own) and last is not None and last.get("t") == "Str":
            word = str(last["c"])
            if word.endswith(".") and not word.endswith(".."):
                stop = {"t": "Str", "c": "."}
                return [*sentence[:-1], {"t": "Str", "c": word[:-1]}, *calls, stop]
        return sentence + calls

    def date(self, entry: Entry) -> str:
        """The entry's date in the brief's language ('' when it has none)."""
        found = date_of(entry)
        return self.lang.date(found) if found else ""

    def attribution(self, notes: Sequence[Note]) -> list[Inline]:
        if not notes:
            return []
        return [{"t": "Space"}, styled("Attribution", self.inl(self.p.attribution(notes)))]

    def part_section(self, part: Part) -> list[Block]:
        entries = list(part.entries)
        if not entries:
            return [para([emph(self.tx("No statements in this section match this brief."))])]
        compact = part.layout == "compact"
        figures = [e for e in entries if isinstance(e.item, Figure)]
        disputes = [e for e in entries if compact and isinstance(e.item, ContestedClaim)]
        out: list[Block] = []
        for block in part.blocks:  # reading order, as select.py numbered the notes
            if block.kind == "heading":
                title = f"{block.number} {block.heading}" if block.number else str(block.heading)
                title = self.lang.typeset(title)
                out.append(header(2, words(title), block.anchor))
            elif block.kind == "prose":
                sentences: list[Inline] = []
                for i, e in enumerate(block.entries):
                    sentences += ([{"t": "Space"}] if i else []) + self.sentence(e)
                out.append(para(sentences))
            elif block.kind == "chronology":
                rows = [
                    [[plain([strong(self.date(e))])], [plain(self.sentence(e))]]
                    for e in block.entries
                ]
                out.append(table([], [], rows, [0.2, 0.8]))
            elif isinstance(block.entries[0].item, ContestedClaim):
                out += self.contested(block.entries[0], block.number)
            elif isinstance(block.entries[0].item, Table):
                out += self.reference_table(block.entries[0])
            else:
                e = block.entries[0]
                lead = joined(strong(self.date(e)), " ") if date_of(e) else []
                out.append(para(lead + self.content(text_of(e)) + self.attribution(e.notes)))
        if disputes:
            out.append(self.disputes_table(disputes))
        if figures:
            rows = []
            for e in figures:
                f = e.item
                assert isinstance(f, Figure)
                measure = words(self.lang.typeset(f.measure)) + (
                    joined(" (", self.content(f.note), ")") if f.note else []
                )
                rows.append(
                    [
                        [plain(measure)],
                        [plain(words(f"{f.value} {f.unit}"))],
                        [plain(words(self.lang.date(f.as_of)))],
                        [plain(self.attribution(e.notes)[1:])],
                    ]
                )
            heads = [self.tx(h) for h in ("Measure", "Value", "As of", "Attribution")]
            out.append(table(words(self.tx("Figures")), heads, rows, [0.3, 0.15, 0.15, 0.4]))
        return out

    def contested(self, entry: Entry, number: str | None = None) -> list[Block]:
        c = entry.item
        assert isinstance(c, ContestedClaim)
        out = [
            header(
                2,
                words(self.lang.typeset(f"{number} {c.question}" if number else c.question)),
                f"item-{c.id}",
            ),
            para([emph(self.inl(self.p.status(entry)))]),
        ]
        if c.context:
            out.append(para(self.content(c.context)))
        rows = []
        for member, notes in zip(entry.members, entry.groups, strict=False):
            if not isinstance(member, Position):
                continue
            who = self.inl(self.p.held_by(member, notes))
            if member.date:
                who += joined(f", {self.lang.date(member.date)}")
            rows.append(
                [
                    [plain(who)],
                    [
                        plain(
                            joined(
                                strong(self.content(member.stance)),
                                ". ",
                                self.content(member.summary),
                            )
                        )
                    ],
                    [plain(self.inl(self.p.sources_cited(notes)))],
                ]
            )
        caption = self.inl(self.p.say("Positions on: %(question)s", question=Content(c.question)))
        heads = [self.tx(h) for h in ("Held by", "Position", "Reported by")]
        out.append(table(caption, heads, rows, [0.22, 0.48, 0.3]))
        if entry.omitted:  # positions a source filter left out, in words
            out.append(para([emph(self.inl(self.p.omitted(entry)))]))
        return out

    def disputes_table(self, entries: list[Entry]) -> Block:
        rows = []
        for e in entries:
            c = e.item
            assert isinstance(c, ContestedClaim)
            positions: list[list[Block]] = []
            for member, notes in zip(e.members, e.groups, strict=False):
                if isinstance(member, Position):
                    positions.append([plain(self.inl(self.p.position_line(member, notes)))])
            if e.omitted:
                positions.append([plain([emph(self.inl(self.p.omitted(e)))])])
            status = emph(self.p.status_word(c.status))
            rows.append([[plain(self.content(c.question)), plain([status])], [bullets(positions)]])
        caption = words(
            self.tx("Disputed questions: each position, who holds it and who reports it")
        )
        heads = [self.tx("Question"), self.tx("Positions")]
        return table(caption, heads, rows, [0.34, 0.66])

    def reference_table(self, entry: Entry) -> list[Block]:
        t = entry.item
        assert isinstance(t, Table)
        caption = words(self.lang.typeset(t.title))
        if t.note:
            caption += joined(" ") + self.content(t.note)
        caption += self.attribution(entry.notes)
        rows = [[[plain(words(self.lang.typeset(c)))] for c in row] for row in t.rows]
        return [table(caption, list(t.columns), rows, content_widths(t.columns, t.rows))]

    def part_overview(self, part: Part) -> list[Block]:
        """The sections' bottom lines, when the selection has them."""
        out = []
        for sm in part.summaries:
            title = self.lang.typeset(f"{sm.number} {sm.heading}" if sm.number else sm.heading)
            out.append(para(joined(strong(f"{title}."), " ", self.content(sm.text))))
        if not out:
            out.append(para([emph(self.tx("None of this brief's sections has a bottom line."))]))
        return out

    def part_judgments(self, part: Part) -> list[Block]:
        items = []
        levels = []
        for e in part.entries:
            level = getattr(e.item, "confidence", "")
            levels.append(level)
            label = strong(self.inl(self.p.confidence(level)))
            first = para([label, {"t": "Space"}, *self.content(text_of(e))])
            evidence = self.p.evidence(e)
            items.append([first, para(self.inl(evidence))] if evidence else [first])
        out = [numbered(items)] if items else []
        key = self.p.confidence_key(levels)
        if key:
            out.append(para([strong(self.tx("Confidence levels")), {"t": "Space"}, *self.inl(key)]))
        return out

    def part_timeline(self, part: Part) -> list[Block]:
        if not part.entries:
            return [para([emph(self.tx("No dated events match this brief."))])]
        out = figure(
            str(timeline_chart(part.entries, self.lang, look(self.s.brief.theme).accent)),
            self.tx("Dated events; the numbers match the list below."),
        )
        items = [
            [
                plain(
                    joined(strong(self.date(e)), " ")
                    + self.content(text_of(e))
                    + self.attribution(e.notes)
                )
            ]
            for e in part.entries
        ]
        return [*out, numbered(items)]

    def part_terms(self, part: Part) -> list[Block]:
        out: list[Block] = []
        for e in part.entries:
            t = e.item
            assert isinstance(t, Term)
            preferred = self.options.preferred_name(t.id)
            out.append(header(2, words(self.lang.typeset(t.concept)), f"item-{t.id}"))
            names = []
            for member, notes in zip(t.names, e.groups, strict=False):
                line = joined(strong(member.name))
                if member.name == preferred:
                    line += joined(" ", emph(f"({self.tx('used in this brief')})"))
                line += joined(": ") + self.inl(self.p.used_by(member)) + self.attribution(notes)
                names.append([plain(line)])
            out.append(bullets(names))
            if preferred:
                message = (
                    "This brief uses %(name)s in its own text; the other names appear only where "
                    "a source is quoted."
                )
                out.append(para(self.inl(self.p.say(message, name=Name(preferred)))))
            elif t.note:
                out.append(para(self.content(t.note)))
        return out

    def gaps(self) -> Block:
        """The parties no source in the brief speaks for, a bullet each."""
        unvoiced = self.s.summary.unvoiced
        return bullets([[plain(self.inl(self.p.unvoiced(g)))] for g in unvoiced])

    def part_summary(self, part: Part) -> list[Block]:
        sm = self.s.summary
        sources, dates = self.inl(self.p.sources_sentence()), self.inl(self.p.dates_sentence())
        out = [para([*sources, {"t": "Space"}, *dates])]
        if sm.unvoiced:
            out.append(self.gaps())
        if len(sm.coverage) > 1:
            headings = {p.anchor: self.p.heading(p) for p in self.s.parts}
            coverage = tuple((headings.get(a, a), counts) for a, counts in sm.coverage)
            caption = self.tx(
                "Statements per section, by the perspective group of the sources that report them "
                "(a statement citing two groups counts for each)."
            )
            fills = look(self.s.brief.theme).chart
            out += figure(str(coverage_chart(coverage, self.lang, fills)), caption)
        return out

    def part_sources(self, part: Part) -> list[Block]:
        items = []
        for src in self.s.bibliography:
            cite = self.inl(self.p.bibliography(src))
            if src.url:  # as text: the Word file links nowhere
                cite += joined(" ", [{"t": "Code", "c": [NO_ATTR, src.url]}])
            facts: list[tuple[str, list[Inline]]] = [
                ("Kind", words(self.p.kind(src))),
                ("Perspective", words(self.lang.typeset(src.perspective))),
            ]
            if self.options.reliability:
                meaning = self.p.grade_meaning(src.reliability)
                facts.append(
                    (
                        "Reliability",
                        words(
                            self.lang.typeset(
                                f"{src.reliability} ({meaning}): {src.reliability_note}"
                            )
                        ),
                    )
                )
            if src.note:
                facts.append(("Note", self.content(src.note)))
            checked = self.p.quote_check(src) if self.options.quote_checks else ()
            if checked:
                facts.append(("Quotations", self.inl(checked)))
            items.append([para(cite)] + [plain(self.fact(k, v)) for k, v in facts])
        return [numbered(items)] if items else []

    def part_changes(self, part: Part) -> list[Block]:
        """What changed since the compared edition, as the HTML says it (the phrases)."""
        if self.s.changes_since is None:
            first = (
                "This is the first recorded edition of this brief: there is no earlier edition to"
                " compare with."
            )
            return [para(words(self.tx(first)))]
        since = self.lang.number(self.s.changes_since)
        listed = [c for c in self.s.changes if c.substantive]
        bookkeeping = self.p.bookkeeping(self.s.changes)
        tail = [para([emph(self.inl(bookkeeping))])] if bookkeeping else []
        if not listed:
            unchanged = self.tx("No statement changed since edition %(number)s.", number=since)
            return [para(words(unchanged)), *tail]
        compared = self.p.nsay(
            "Compared with edition %(number)s: %(num)s change.",
            "Compared with edition %(number)s: %(num)s changes.",
            len(listed),
            number=since,
        )
        out = [para(self.inl(compared))]
        for kind in CHANGES:
            group = [c for c in listed if c.kind == kind]
            if group:
                count = self.inl(self.p.say("(%(text)s)", text=self.lang.number(len(group))))
                out.append(para([strong(self.p.change_kind(kind)), {"t": "Space"}, *count]))
                out.append(bullets([[plain(self.inl(self.p.change(c)))] for c in group]))
        return out + tail


def document(selection: Selection, api_version: Sequence[int], lang: Language) -> dict[str, Any]:
    """The brief as a Pandoc JSON AST, every label, date and number in the brief's language."""
    writer = Writer(selection, lang)
    return {
        "pandoc-api-version": list(api_version),
        "meta": writer.meta(),
        "blocks": writer.blocks(),
    }
