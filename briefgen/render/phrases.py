"""Phrases: every sentence the tool writes around the content, said once for HTML, PDF and Word.

A phrase is a tuple of pieces: the tool's own words (already in the brief's language, from the
catalogs), the analyst's text, names, titles, quotes, dates, links and note calls. The HTML
(render/markup.py) and the Word writer (render/word.py) each turn pieces into their own
markup; neither writes a sentence of its own.  Messages are marked `say`/`nsay`/`N_` for the
catalogs (briefgen/locale/*.po); a message is filled piece by piece, so a catalog can never
inject markup and content text is never read as a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Union

from briefgen.languages import calls_before_stop, contract
from briefgen.model import (
    Actor,
    Change,
    PartialDate,
    Position,
    Source,
    Standfirst,
    TermName,
)
from briefgen.render.i18n import N_, Language, ends_sentence
from briefgen.selection.select import (
    Draft,
    Entry,
    Note,
    Part,
    Selection,
    Strand,
    Unvoiced,
    calls,
    sort_key,
)

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# locators the tool abbreviates as a reader expects ("para 7" → "para. 7"), by their word
LOCATOR = re.compile(r"^(paras?|paragraphs?|pp?|pages?|lines?)\.?\s*(\d[\d\s,–-]*)$", re.IGNORECASE)
LOCATOR_WORDS = {
    "para": N_("para. %(place)s"),
    "paragraph": N_("para. %(place)s"),
    "paras": N_("paras. %(place)s"),
    "paragraphs": N_("paras. %(place)s"),
    "p": N_("p. %(place)s"),
    "page": N_("p. %(place)s"),
    "pp": N_("pp. %(place)s"),
    "pages": N_("pp. %(place)s"),
    "line": N_("line %(place)s"),
    "lines": N_("lines %(place)s"),
}
# source kinds whose titles are articles (in quotation marks, the publisher in italics); the
# titles of other kinds (reports, books, fact sheets, explainers) are set in italics
ARTICLE_KINDS = frozenset(
    ("wire", "news", "newspaper", "news-site", "magazine", "journal", "website", "web")
)
PART_HEADINGS = {
    "judgments": N_("Key judgments"),
    "overview": N_("Summary"),
    "timeline": N_("Timeline"),
    "terms": N_("Contested terminology"),
    "summary": N_("Sources and gaps"),
    "sources": N_("Sources"),
    "changes": N_("Changes since the last edition"),
}
CONFIDENCE = {
    "high": N_("High confidence."),
    "moderate": N_("Moderate confidence."),
    "low": N_("Low confidence."),
}
CONFIDENCE_NAMES = {  # a level named in the key under the judgments
    "high": N_("High confidence"),
    "moderate": N_("Moderate confidence"),
    "low": N_("Low confidence"),
}
# what each confidence level means, said once under the key judgments (ICD 203's estimative box)
CONFIDENCE_MEANING = {
    "high": N_(
        "the judgment rests on several sources of different outlooks that agree, with no"
        " credible account against it"
    ),
    "moderate": N_(
        "the evidence is credible but comes from few sources, from sources of one outlook, or"
        " leaves room for another reading"
    ),
    "low": N_(
        "the evidence is thin, dated or from a single source; new information could change the"
        " judgment"
    ),
}
STATUSES = {
    "unresolved": N_("unresolved"),
    "acknowledged": N_("acknowledged"),
    "disputed-terminology": N_("disputed terminology"),
    "resolved": N_("resolved"),
    "consensus": N_("scholarly consensus"),
}
KINDS = {  # the source kinds the catalogs name; a project's other kinds are shown as written
    "wire": N_("wire service"),
    "news": N_("news outlet"),
    "newspaper": N_("newspaper"),
    "news-site": N_("news site"),
    "magazine": N_("magazine"),
    "journal": N_("journal"),
    "academic": N_("academic publication"),
    "book": N_("book"),
    "report": N_("report"),
    "government": N_("government publication"),
    "official": N_("official publication"),
    "think-tank": N_("think tank"),
    "ngo": N_("non-governmental organisation"),
    "advocacy": N_("advocacy group"),
    "international-organisation": N_("international organisation"),
    "legal": N_("legal text"),
    "treaty": N_("treaty"),
    "website": N_("website"),
    "web": N_("website"),
    "speech": N_("speech"),
    "interview": N_("interview"),
    "dataset": N_("dataset"),
    "statistics": N_("statistics"),
    "other": N_("other source"),
}
# how a quote not verified against its source's current text is marked in a draft's notes
QUOTE_FLAGS = {
    "changed": N_("quote differs from source"),
    "missing": N_("quote not found in source"),
    "unchecked": N_("quote not verified"),
}
CHANGES = {  # the kinds of change since an edition, in the order the changes part lists them
    "source-updated": N_("Sources updated"),
    "passage": N_("Quoted passages changed in their sources"),
    "added": N_("Added"),
    "removed": N_("Removed"),
    "reworded": N_("Reworded"),
    "position-added": N_("Positions added"),
    "position-removed": N_("Positions removed"),
    "position-changed": N_("Positions changed"),
    "requoted": N_("Quotations replaced"),
    "withdrawn": N_("Passages no longer cited"),
    "cited": N_("Passages newly cited"),
    "source-added": N_("Sources added"),
    "source-removed": N_("Sources removed"),
}
GRADES = {  # the Admiralty grades' meanings (model.RELIABILITY_GRADES), marked for the catalogs
    "A": N_("completely reliable"),
    "B": N_("usually reliable"),
    "C": N_("fairly reliable"),
    "D": N_("not usually reliable"),
    "E": N_("unreliable"),
    "F": N_("reliability cannot be judged"),
}
# English names read mid-sentence take "the" for these actor kinds ("the Government of X")
WITH_ARTICLE = ("government", "ministry", "military", "organisation")
LEADING_ARTICLE = re.compile(r"^(The|A|An) (?=\w)")
PAGE_AFTER = N_("%(place)s, p. %(page)s")  # a place in the brief and, in print, its page


@dataclass(frozen=True)
class Words:
    """The tool's own words, in the brief's language."""

    text: str


@dataclass(frozen=True)
class Content:
    """The analyst's text (inline Markdown), isolated when it runs in the other direction."""

    text: str


@dataclass(frozen=True)
class Name:
    """A name or title from the content, isolated from the text around it."""

    text: str


@dataclass(frozen=True)
class Bold:
    pieces: Phrase


@dataclass(frozen=True)
class Italic:
    pieces: Phrase


@dataclass(frozen=True)
class Title:
    """A work's title: in italics, or (an article) in the brief language's quotation marks,
    with `inside` (a comma, in English) before the closing mark."""

    text: str
    article: bool = False
    inside: str = ""


@dataclass(frozen=True)
class Quote:
    """A verbatim quote in its own language's marks and direction."""

    text: str
    lang: str | None = None


@dataclass(frozen=True)
class Rendered:
    """The analyst's translation of a quote, in the brief language's quotation marks."""

    text: str


@dataclass(frozen=True)
class Call:
    """One note call: the passages cited under one number."""

    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Link:
    """A link to a place in the brief (HTML; its text in Word); `page`: its page in print (a
    page reference field in Word, to `part`: the anchor of the part the words name)."""

    anchor: str
    pieces: Phrase
    page: bool = False
    part: str = ""


@dataclass(frozen=True)
class Styled:
    """A run in a style of its own (an HTML class, a Word character style)."""

    style: str
    pieces: Phrase


@dataclass(frozen=True)
class When:
    """A date in the brief's language."""

    date: PartialDate


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph (a change's was / now)."""


Piece = Union[  # noqa: UP007
    Words, Content, Name, Bold, Italic, Title, Quote, Rendered, Call, Link, Styled, When, Break
]
Phrase = tuple[Piece, ...]
Value = str | Piece | Phrase


def pieces(value: Value) -> Phrase:
    """A value as a phrase: text is the tool's words."""
    if isinstance(value, str):
        return (Words(value),) if value else ()
    if isinstance(value, tuple):
        return value
    return (value,)


def fill(message: str, values: dict[str, Value], tag: str = "en") -> Phrase:
    """A translated message, each `%(name)s` replaced by its value's pieces, a name joined to
    the words before it as the language joins them (French "de le" → "du")."""
    out: list[Piece] = []
    for i, bit in enumerate(PLACEHOLDER.split(message)):
        if i % 2:
            value = pieces(values[bit])
            if value and out and isinstance(out[-1], Words):
                before, first = contracted(out[-1].text, value[0], tag)
                out[-1:] = [Words(before)] if before else []
                value = (first, *value[1:])
            out += value
        elif bit:
            out.append(Words(bit))
    return tuple(out)


def contracted(before: str, piece: Piece, tag: str) -> tuple[str, Piece]:
    """The words before a piece and the piece, contracted where its first text is a name."""
    if isinstance(piece, Name):
        before, name = contract(before, piece.text, tag)
        return before, Name(name)
    if isinstance(piece, Bold | Italic | Styled) and piece.pieces:
        before, first = contracted(before, piece.pieces[0], tag)
        return before, replace(piece, pieces=(first, *piece.pieces[1:]))
    return before, piece


def concat(*values: Value) -> Phrase:
    """Values one after the other."""
    return tuple(p for v in values for p in pieces(v))


def as_text(phrase: Phrase, lang: Language) -> str:
    """A phrase as plain text (note calls as their numbers), for messages and data."""
    out = []
    for p in phrase:
        if isinstance(p, Words | Content | Name | Quote | Rendered):
            out.append(p.text)
        elif isinstance(p, Title):
            out.append(p.text + p.inside)
        elif isinstance(p, Bold | Italic | Link | Styled):
            out.append(as_text(p.pieces, lang))
        elif isinstance(p, When):
            out.append(lang.date(p.date))
        elif isinstance(p, Call):
            out.append(str(p.notes[0].number))
        elif isinstance(p, Break):
            out.append("\n")
    return "".join(out)


def capitalised(phrase: Phrase) -> Phrase:
    """A phrase that starts a sentence (a note), its first letter a capital: "le ministère" →
    "Le ministère", "l’AIP" → "L’AIP"; a name written with a capital second letter (eBay)
    stays as written."""
    if not phrase:
        return phrase
    first = phrase[0]
    if isinstance(first, Words | Name) and first.text:
        written = first.text
        if written[0].islower() and not written[1:2].isupper():
            return (replace(first, text=written[0].upper() + written[1:]), *phrase[1:])
    elif isinstance(first, Bold | Italic | Styled | Link):
        return (replace(first, pieces=capitalised(first.pieces)), *phrase[1:])
    return phrase


def mid_sentence(name: str, lang: Language) -> str:
    """An English name as it reads inside a sentence ("a hydrologist", not "A hydrologist")."""
    if lang.locale.language != "en":
        return name
    return LEADING_ARTICLE.sub(lambda m: m.group(1).lower() + " ", name)


class Phrases:
    """The sentences of one brief in its language, built from its Selection."""

    def __init__(self, selection: Selection, lang: Language) -> None:
        self.s = selection
        self.options = selection.brief.options
        self.lang = lang
        self.release = selection.release

    # ---- messages

    def page_words(self) -> tuple[str, str]:
        """What print adds after a link to a place, around its page number (', p. ' and '')."""
        message = self.lang.text(PAGE_AFTER, place="\x00", page="\x01")
        before, _, after = message.partition("\x00")[2].partition("\x01")
        return before, after

    def say(self, message: str, **values: Value) -> Phrase:
        """A message in the brief's language with its values put in."""
        return fill(self.lang.message(message), values, self.lang.tag)

    def nsay(self, singular: str, plural: str, n: int, **values: Value) -> Phrase:
        """The singular or plural message for n (`%(num)s`: n as this language writes it)."""
        values.setdefault("num", self.lang.number(n))
        return fill(self.lang.nmessage(singular, plural, n), values, self.lang.tag)

    def text(self, message: str, **values: str) -> str:
        """A message as plain text (labels, alternative texts, captions)."""
        return self.lang.text(message, **values)

    def join(self, items: Sequence[Phrase]) -> Phrase:
        """Phrases as a list in words ('A, B and C'), by CLDR's rules for the language."""
        if len(items) <= 1:
            return concat(*items)
        marks = [f"\x00{i}\x00" for i in range(len(items))]
        out: list[Piece] = []
        for i, bit in enumerate(self.lang.join(marks).unescape().split("\x00")):
            out += items[int(bit)] if i % 2 else pieces(bit)
        return tuple(out)

    def sentence(self, phrase: Phrase) -> Phrase:
        """A phrase closed by the language's full stop (none when it ends with one already,
        a quote's own included)."""
        return phrase if self.closed(phrase) else concat(phrase, self.say("."))

    def closed(self, phrase: Phrase) -> bool:
        """True when the phrase's last words end a sentence (in any script)."""
        last = phrase[-1] if phrase else None
        if isinstance(last, Bold | Italic | Link | Styled):
            return self.closed(last.pieces)
        if isinstance(last, Title):
            return ends_sentence(last.text + last.inside)
        if isinstance(last, Words | Content | Name | Quote):
            return ends_sentence(last.text)
        return False

    # ---- names

    def holder(self, actor: Actor) -> Phrase:
        """An actor as named inside a sentence: 'the Government of X' (English articles)."""
        name = mid_sentence(actor.name, self.lang)
        if actor.kind in WITH_ARTICLE and not name.lower().startswith("the "):
            return self.say("the %(name)s", name=Name(name))
        return (Name(name),)

    def source_name(self, source: Source) -> Phrase:
        return (Name(source.short_name),)

    def kind(self, source: Source) -> str:
        """A source's kind in words: the content's label for it (`source_kinds:`), else the
        catalogs' word for a suggested kind, else the id in words (`check` warns of it)."""
        if source.kind_label:
            return source.kind_label
        kind = source.kind
        return self.text(KINDS[kind]) if kind in KINDS else kind.replace("-", " ")

    def grade_meaning(self, grade: str) -> str:
        return self.text(GRADES[grade])

    def heading(self, part: Part) -> str:
        """A part's heading: its own, else the built-in one in the brief's language."""
        return part.heading or self.text(PART_HEADINGS.get(part.kind, part.kind))

    def locator(self, text: str) -> Phrase:
        """A passage's place, abbreviated as readers expect ('para. 7', 'p. 3')."""
        found = LOCATOR.match(text.strip())
        if found is None:
            return (Name(text),)
        word = found.group(1).lower()
        return self.say(LOCATOR_WORDS[word], place=found.group(2).strip())

    # ---- notes

    def flag(self, n: Note) -> str | None:
        """How a draft marks a passage's quote not verified against its source's current text:
        changed, missing or unchecked (None when verified, unmarked, or in a release)."""
        check = self.s.checks.get(n.source.id)
        if self.release or not self.options.flag_unverified or check is None:
            return None
        return check.flag(n.attribution.quote)

    def head(self, src: Source) -> Phrase:
        """A source cited in full (Chicago: author, title, publisher, date), with its grade when
        the brief shows grades."""
        parts: list[Phrase] = [(Name(src.author),)] if src.author else []
        if src.kind in ARTICLE_KINDS:
            # an article's title in quotation marks, the comma inside them in English (Chicago)
            inside = "," if self.lang.locale.language == "en" else ""
            parts.append((Title(src.title, article=True, inside=inside),))
            if src.publisher:
                parts.append((Italic((Name(src.publisher),)),))
        else:
            parts.append((Title(src.title),))
            if src.publisher:
                parts.append((Name(src.publisher),))
        if src.published:
            parts.append((When(src.published),))
        out: Phrase = ()
        for i, part in enumerate(parts):
            before = parts[i - 1][-1] if i else None
            comma_inside = isinstance(before, Title) and bool(before.inside)
            out = concat(out, (" " if comma_inside else self.comma()) if i else "", part)
        if self.options.reliability:
            grade = self.say(
                "source grade %(grade)s, %(meaning)s",
                grade=src.reliability,
                meaning=self.grade_meaning(src.reliability),
            )
            out = concat(out, " (", grade, ")")
        return out

    def passage(self, n: Note, quoted: bool) -> Phrase:
        """One passage's place, its quote (`quoted`), a flag on a draft's unverified quote, and
        who holds the position when the note must say it."""
        out = self.locator(n.attribution.locator)
        if quoted:
            quote = Quote(n.attribution.quote, n.attribution.language or n.source.language)
            out = self.say("%(label)s: %(value)s", label=out, value=quote)
            if n.attribution.translation:
                rendered = Rendered(n.attribution.translation)
                out = concat(out, " (", self.say("translation: %(text)s", text=rendered), ")")
        flag = self.flag(n)
        if flag and self.options.note_quotes:
            mark = self.say(
                "[%(mark)s]", mark=self.text(QUOTE_FLAGS.get(flag, QUOTE_FLAGS["unchecked"]))
            )
            out = concat(out, " ", Styled("unverified", mark))
        if n.holder:
            holder = self.say("held by %(holder)s", holder=self.holder(n.holder))
            out = concat(out, " (", holder, ")")
        return out

    def cited(self, group: Sequence[Note]) -> Phrase:
        """The passages of one source in a note: the source in full the first time it is cited
        (its short name after that), then each passage's place and quote, a place given once."""
        src = group[0].source
        out = self.head(src) if group[0].first else self.source_name(src)
        seen: set[tuple[str, str]] = set()
        places: list[Phrase] = []
        for n in group:
            quoted = n.quote and self.options.note_quotes and bool(n.attribution.quote)
            key = (n.attribution.locator, n.attribution.quote if quoted else "")
            if key not in seen:
                seen.add(key)
                places.append(self.passage(n, quoted))
        joined: Phrase = ()
        for i, place in enumerate(places):
            joined = concat(joined, self.separator() if i else (), place)
        return concat(out, self.comma(), joined)

    def note(self, notes: Sequence[Note]) -> Phrase:
        """The body of one note: its passages gathered by source, as one sentence."""
        by_source: dict[str, list[Note]] = {}
        for n in notes:
            by_source.setdefault(n.source.id, []).append(n)
        out: Phrase = ()
        for i, group in enumerate(by_source.values()):
            out = concat(out, self.separator() if i else (), self.cited(group))
        return self.sentence(capitalised(out))

    def separator(self) -> Phrase:
        """What separates the items of a list that holds commas: the language's semicolon."""
        return (*self.say(";"), Words(" "))

    def comma(self) -> Phrase:
        """What separates a source from its date, and the parts of a reference: the language's
        comma (Arabic ، ) and a space."""
        return (*self.say(","), Words(" "))

    def calls(self, notes: Iterable[Note]) -> Phrase:
        """The note calls for these notes: one per number."""
        return tuple(Call(group) for group in calls(notes))

    def source_label(self, n: Note) -> Phrase:
        """A reporting source: short name, date and (when shown) grade."""
        out: Phrase = (Bold(self.source_name(n.source)),)
        if n.source.published:
            out = concat(out, self.comma(), When(n.source.published))
        if self.options.reliability:
            out = concat(out, " ", Styled("grade", (Words(f"[{n.source.reliability}]"),)))
        return out

    def sources_cited(self, notes: Sequence[Note]) -> Phrase:
        """The sources of a group of notes, each named once before its note calls (a call
        gathering several sources names them all before it)."""
        named: list[Phrase] = []
        last: tuple[str, ...] = ()
        for group in calls(notes):
            sources = tuple(dict.fromkeys(n.source.id for n in group))
            if sources == last:
                named[-1] = concat(named[-1], Call(group))
                continue
            firsts = [next(n for n in group if n.source.id == sid) for sid in sources]
            labels = self.join([self.source_label(n) for n in firsts])
            named.append(concat(labels, Call(group)))
            last = sources
        return self.join(named)

    def attribution(self, notes: Sequence[Note]) -> Phrase:
        """Who reports a statement shown on its own (register layout, timeline, tables)."""
        held = {n.holder.id: n.holder for n in notes if n.holder}
        cited = self.sources_cited(notes)
        if len(held) == 1:
            (actor,) = held.values()
            return self.say(
                "Held by %(holder)s, reported by %(source)s",
                holder=self.holder(actor),
                source=cited,
            )
        return self.say("Source: %(source)s", source=cited)

    # ---- contested claims

    def position(self, member: Position, notes: Sequence[Note]) -> Phrase:
        """Who holds a position and who reports it: the holder as reported by the sources, or
        the source's own view (its name alone)."""
        actor = self.s.actors.get(member.held_by) if member.held_by else None
        if actor is None:
            return self.sources_cited(notes)
        return self.say(
            "%(holder)s, as reported by %(source)s",
            holder=self.holder(actor),
            source=self.sources_cited(notes),
        )

    def position_line(self, member: Position, notes: Sequence[Note]) -> Phrase:
        """A position in a list of positions: its stance, then who holds and who reports it."""
        return self.say(
            "%(stance)s: %(who)s",
            stance=Styled("stance", (Content(member.stance),)),
            who=self.position(member, notes),
        )

    def held_by(self, member: Position, notes: Sequence[Note]) -> Phrase:
        """The 'held by' cell of a position: the actor, or the source whose own view it is (a
        cell starts with a capital: "Le gouvernement aldérien")."""
        actor = self.s.actors.get(member.held_by) if member.held_by else None
        if actor is not None:
            return capitalised((Name(actor.name),))
        return capitalised((Name(notes[0].source.short_name),)) if notes else ()

    def status(self, entry: Entry) -> Phrase:
        """'Status: unresolved · 4 positions, 3 shown'."""
        status = self.say(
            "Status: %(status)s", status=self.status_word(getattr(entry.item, "status", ""))
        )
        shown, left = len(entry.members), len(entry.omitted)
        count = self.nsay("%(num)s position", "%(num)s positions", shown + left)
        if left:
            count = concat(count, self.comma(), self.nsay("%(num)s shown", "%(num)s shown", shown))
        return concat(status, " · ", count)

    def status_word(self, status: str) -> str:
        return self.text(STATUSES.get(status, status))

    def omitted(self, entry: Entry) -> Phrase:
        """The positions a source filter left out of a contested claim, in the reader's words:
        how many, who holds them and whose own accounts they are."""
        positions = entry.omitted
        held = [
            self.holder(self.s.actors[p.held_by]) for p in positions if p.held_by in self.s.actors
        ]
        listed: list[Phrase] = []
        if held:
            listed.append(
                self.nsay(
                    "held by %(holders)s", "held by %(holders)s", len(held), holders=self.join(held)
                )
            )
        for p, source in zip(positions, entry.omitted_sources, strict=True):
            if p.held_by in self.s.actors:
                continue
            listed.append(
                self.say("%(source)s's own account", source=Name(source))
                if source
                else self.say("a source's own account")
            )
        n = len(positions)
        return self.nsay(
            "%(num)s further position, %(holders)s, is outside this brief's sources.",
            "%(num)s further positions, %(holders)s, are outside this brief's sources.",
            n,
            num=self.lang.count_words(n),
            holders=self.join(listed),
        )

    # ---- key judgments

    def confidence(self, level: str) -> Phrase:
        return self.say(CONFIDENCE.get(level, level))

    def evidence(self, entry: Entry) -> Phrase:
        """A judgment's evidence, strand by strand: what each strand is about (else the sources
        cited for it), where the brief shows its statements (with their pages in print), and
        the notes of those it shows nowhere else, each call after its strand's punctuation
        (before it in a language that sets calls so, French)."""
        strands = [s for s in entry.strands if s.shown or s.notes]
        out: Phrase = ()
        for i, strand in enumerate(strands):
            last = i == len(strands) - 1
            stop = self.text(".") if last else self.text(";")
            calls = self.calls(strand.notes)
            ending = (
                concat(calls, stop) if calls_before_stop(self.lang.tag) else concat(stop, calls)
            )
            out = concat(out, " " if i else "", self.strand(strand), ending)
        return self.say("Evidence: %(strands)s", strands=out) if out else ()

    def strand(self, strand: Strand) -> Phrase:
        """A strand's words: its label (else its sources' names) and where the brief shows it."""
        if strand.label:
            out: Phrase = (Content(strand.label),)
        else:
            names = dict.fromkeys(n.source.short_name for n in strand.notes)
            out = self.join([(Name(n),) for n in names])
        places = self.places(strand)
        if places:
            see = self.say("see %(places)s", places=places)
            out = concat(out, " (", see, ")") if out else see
        return out

    def places(self, strand: Strand) -> Phrase:
        """Links to where the brief shows a strand's statements: one per part, to the first."""
        links: list[Phrase] = []
        for part in self.s.places(strand.shown):
            first = next(r for r in strand.shown if self.s.placed.get(r.id) is part)
            name = (
                self.say("section %(number)s", number=part.number)
                if part.number
                else (Name(self.heading(part)),)
            )
            links.append((Link(f"item-{first.id}", name, page=True, part=part.anchor),))
        return self.join(links)

    def confidence_key(self, levels: Iterable[str]) -> Phrase:
        """What the confidence levels mean, said once (the levels this brief uses)."""
        used = [lvl for lvl in ("high", "moderate", "low") if lvl in set(levels)]
        items = [
            self.say(
                "%(level)s: %(meaning)s",
                level=Italic(self.say(CONFIDENCE_NAMES[lvl])),
                meaning=self.text(CONFIDENCE_MEANING[lvl]),
            )
            for lvl in used
        ]
        if not items:
            return ()
        joined: Phrase = ()
        for i, item in enumerate(items):
            joined = concat(joined, self.separator() if i else (), item)
        return self.sentence(joined)

    # ---- the title block and the point up front

    def edition(self) -> Phrase:
        date = When(self.s.brief.edition)
        if self.s.edition_number:
            return self.say(
                "No. %(number)s, %(date)s",
                number=self.lang.number(self.s.edition_number),
                date=date,
            )
        return (date,)

    def grade_key(self) -> Phrase:
        key = [
            self.say("[%(grade)s] %(meaning)s", grade=g, meaning=self.grade_meaning(g))
            for g, _ in self.s.summary.by_grade
        ]
        return self.say("In brackets after a source's name: %(grades)s.", grades=self.join(key))

    def standfirst_items(self, standfirst: Standfirst) -> list[tuple[str, Phrase]]:
        """The standfirst's labelled parts after its bottom line, in order."""
        items = [
            (N_("What is new"), standfirst.whats_new),
            (N_("Why it matters"), standfirst.why_it_matters),
            (N_("Outlook"), standfirst.outlook),
        ]
        return [(self.text(label), (Content(text),)) for label, text in items if text]

    # ---- the source summary

    def sources_sentence(self) -> Phrase:
        """Who the brief's sources are: each with its kind, outlook and (when shown) grade."""
        described = []
        for src in sorted(self.s.sources, key=sort_key):
            facts: Phrase = (Words(self.kind(src)),)
            facts = concat(facts, self.comma(), Name(self.s.group_label(src.perspective_group)))
            if self.options.reliability:
                facts = concat(
                    facts, self.comma(), self.say("graded %(grade)s", grade=src.reliability)
                )
            described.append(concat(Bold(self.source_name(src)), " (", facts, ")"))
        return self.nsay(
            "This brief draws on %(num)s source: %(sources)s.",
            "This brief draws on %(num)s sources: %(sources)s.",
            len(described),
            sources=self.join(described),
        )

    def dates_sentence(self) -> Phrase:
        sm = self.s.summary
        if not (sm.earliest and sm.latest):
            return ()
        if sm.earliest == sm.latest:
            out = self.say("They were published in %(date)s", date=When(sm.latest))
        else:
            out = self.say(
                "They were published between %(first)s and %(last)s",
                first=When(sm.earliest),
                last=When(sm.latest),
            )
        if sm.undated:
            out = concat(
                out,
                self.separator(),
                self.nsay("%(num)s is undated", "%(num)s are undated", sm.undated),
            )
        return self.sentence(out)

    def unvoiced(self, gap: Unvoiced) -> Phrase:
        """A party no source in the brief speaks for, and where its positions come from."""
        sources = self.join([(Name(s.short_name),) for s in gap.reported_by])
        return self.nsay(
            "No source in this brief speaks for %(party)s: its positions are known here only as %(sources)s reports them.",
            "No source in this brief speaks for %(party)s: its positions are known here only as %(sources)s report them.",
            len(gap.reported_by),
            party=self.holder(gap.actor),
            sources=sources,
        )

    def quote_check(self, src: Source) -> Phrase:
        """When the quotes from a source were checked against its text (nothing when never:
        that is a draft's business, not the reader's)."""
        check = self.s.checks.get(src.id)
        if not check or not check.snapshot or not check.verified:
            return ()
        quotes = list(
            dict.fromkeys(n.attribution.quote for n in self.s.notes if n.source.id == src.id)
        )
        found = sum(1 for q in quotes if not check.flagged(q))
        return self.nsay(
            "On %(date)s, %(found)s of %(num)s quotation was found word for word in the source's published text.",
            "On %(date)s, %(found)s of %(num)s quotations were found word for word in the source's published text.",
            len(quotes),
            date=check.verified,
            found=self.lang.number(found),
        )

    def bibliography(self, src: Source) -> Phrase:
        """A source as a bibliography entry (Chicago): author, title (an article's in quotation
        marks, the publisher in italics), publisher, date, each closed by a full stop."""
        parts: list[Phrase] = [(Name(src.author),)] if src.author else []
        if src.kind in ARTICLE_KINDS:
            parts.append((Title(src.title, article=True, inside=self.text(".")),))
            parts.append((Italic((Name(src.publisher),)),) if src.publisher else ())
        else:
            parts.append((Title(src.title),))
            parts.append((Name(src.publisher),) if src.publisher else ())
        if src.published:
            parts.append((When(src.published),))
        elif src.date_note:
            parts.append(self.say("Date: %(note)s", note=Content(src.date_note)))
        out: Phrase = ()
        for part in (p for p in parts if p):
            out = concat(out, " " if out else "", part)
            if not (isinstance(part[-1], Title) and part[-1].inside):
                out = self.sentence(out)
        return out

    def draft(self, drafts: Sequence[Draft]) -> Phrase:
        """Why the brief is a draft, in one sentence for its reviewers."""
        return self.sentence(self.say("not for release: %(reasons)s", reasons=self.reasons(drafts)))

    def reasons(self, drafts: Sequence[Draft]) -> Phrase:
        """Why the brief is a draft: its reasons, one after the other."""
        reasons: list[Phrase] = []
        for d in drafts:
            if d.kind == "unverified":
                reasons.append(
                    self.nsay(
                        "%(num)s quotation not yet found in its source's current text",
                        "%(num)s quotations not yet found in their sources' current text",
                        d.count,
                    )
                )
            elif d.kind == "standfirst":
                reasons.append(self.say("no bottom line up front"))
            elif d.kind == "bottom-lines":
                names = self.join([(Name(n),) for n in d.names])
                reasons.append(
                    self.nsay(
                        "no bottom line for %(sections)s",
                        "no bottom lines for %(sections)s",
                        d.count,
                        sections=names,
                    )
                )
            elif d.kind == "budget":
                budget = self.s.brief.max_pages or 0
                reasons.append(
                    self.nsay(
                        "%(num)s pages against a budget of %(budget)s",
                        "%(num)s pages against a budget of %(budget)s",
                        d.count,
                        budget=self.lang.number(budget),
                    )
                )
        joined: Phrase = ()
        for i, reason in enumerate(reasons):
            joined = concat(joined, self.separator() if i else (), reason)
        return joined

    def cut(self) -> Phrase:
        """The parts the page budget's fitting left out, said once up front."""
        names = [(Name(self.text(PART_HEADINGS.get(n, n))),) for n in self.s.brief.cut]
        if not names:
            return ()
        return self.say("Left out for length: %(parts)s.", parts=self.join(names))

    # ---- what changed since an edition

    def change_kind(self, kind: str) -> str:
        return self.text(CHANGES.get(kind, kind))

    def outcome(self, c: Change) -> Phrase:
        """What the brief now does with a changed or newly cited quotation."""
        if c.kind == "passage" or c.outcome in ("changed", "missing", "unchecked"):
            flag = QUOTE_FLAGS.get(c.outcome, QUOTE_FLAGS["unchecked"])
            return self.say("The brief marks the quotation “%(mark)s”.", mark=self.text(flag))
        if c.outcome == "verified":
            return self.say("Re-anchored: the new quotation is found word for word in the source.")
        return ()

    def change(self, c: Change) -> Phrase:
        """One change since the compared edition, in a reader's words (names, was / now)."""
        source = (Bold((Name(c.source),)),)
        if c.kind == "source-updated":
            if c.version.isdigit() and c.date:
                out = self.say(
                    "%(source)s: version %(version)s, stored on %(date)s.",
                    source=source,
                    version=self.lang.number(int(c.version)),
                    date=When(c.date),
                )
            elif c.version.isdigit():
                out = self.say(
                    "%(source)s: version %(version)s.",
                    source=source,
                    version=self.lang.number(int(c.version)),
                )
            else:
                out = self.say("%(source)s: a new copy of its text.", source=source)
            if c.count:
                kept = self.nsay(
                    "%(num)s quoted passage did not change.",
                    "%(num)s quoted passages did not change.",
                    c.count,
                )
                out = concat(out, " ", kept)
            if c.outcome == "unchecked":
                out = concat(
                    out, " ", self.say("Its quotations are not yet checked against this version.")
                )
            return out
        if c.kind == "passage":
            now = (
                self.say("no longer found in the source")
                if c.outcome == "missing"
                else (Quote(c.now),)
            )
            out = concat(
                source,
                Break(),
                self.say("was: %(text)s", text=Quote(c.was)),
                Break(),
                self.say("now: %(text)s", text=now),
            )
            if c.rests_on:
                items: Phrase = ()
                for i, rest in enumerate(c.rests_on):
                    items = concat(
                        items, self.separator() if i else (), Content(rest.strip().strip("."))
                    )
                out = concat(out, Break(), self.say("Resting on it: %(items)s", items=items))
            return concat(out, Break(), self.outcome(c))
        if c.kind in ("requoted", "withdrawn", "cited"):
            what: Phrase = (Content(c.label),)
            if c.holder:
                what = concat(what, " ", self.say("(%(text)s)", text=Name(c.holder)))
            out = self.say("%(label)s: %(value)s", label=what, value=source)
            if c.kind != "cited":
                out = concat(out, Break(), self.say("was: %(text)s", text=Quote(c.was)))
            if c.kind != "withdrawn":
                out = concat(out, Break(), self.say("now: %(text)s", text=Quote(c.now)))
                said = self.outcome(c)
                out = concat(out, Break(), said) if said else out
            return out
        if c.kind in ("position-added", "position-removed", "position-changed"):
            out = self.say(
                "%(label)s: %(value)s", label=Content(c.label), value=Bold((Name(c.holder),))
            )
            if c.kind == "position-changed":
                was_now = self.say(
                    "was %(was)s, now %(now)s", was=Content(c.was), now=Content(c.now)
                )
                out = concat(
                    out, " ", Styled("change-detail", self.say("(%(text)s)", text=was_now))
                )
            return out
        if c.kind == "reworded":
            was = self.say("was: %(text)s", text=Content(c.was))
            return concat(
                Content(c.label), " ", Styled("change-detail", self.say("(%(text)s)", text=was))
            )
        return (Content(c.label),)

    def bookkeeping(self, changes: Sequence[Change]) -> Phrase:
        """Locators renumbered, formatting and quotation checks recorded: one line, not listed."""
        items: list[Phrase] = []
        for c in changes:
            if c.substantive:
                continue
            for what, n in c.counts:
                if what == "locator":
                    items.append(
                        self.nsay("%(num)s locator renumbered", "%(num)s locators renumbered", n)
                    )
                elif what == "formatting":
                    items.append(
                        self.nsay("%(num)s formatting change", "%(num)s formatting changes", n)
                    )
                elif what == "check":
                    items.append(
                        self.nsay(
                            "%(num)s quotation check recorded",
                            "%(num)s quotation checks recorded",
                            n,
                        )
                    )
        if not items:
            return ()
        joined: Phrase = ()
        for i, item in enumerate(items):
            joined = concat(joined, self.comma() if i else "", item)
        return self.say("Not listed: %(items)s.", items=joined)

    def used_by(self, name: TermName) -> Phrase:
        return self.say("Used by %(who)s.", who=Content(mid_sentence(name.used_by, self.lang)))

    def count(self, singular: str, plural: str, n: int) -> Phrase:
        return self.nsay(singular, plural, n)
