"""Translate: the content (and a brief's inherited texts) as a brief in another language shows it.

A step of its own between validation and selection: `translated_project` gives `select` a
Project whose every translatable text is a ContentText in the brief's language (the
catalog's translation) or, where the translation is missing or outdated, the original tagged
with its own language, so that the renderer isolates it. One walk over the content serves
both directions: with a `Translator` that looks texts up in a catalog it translates, with
one that records them it lists what a catalog must hold (`translate update`).

Every text has a context, the catalog entry's msgctxt: the item's id and its field
(`ankara-1921:text`, `karabakh:positions.2.summary`, `gdp:columns.1`), or the kind of thing
first for what is not a statement (`actor:tr-gov:name`, `section:history:title`,
`judgment:j1:text`, `brief:public:title`, `project:topic`). A quote is never translated in
place: its translation into the brief's language (context `quote:<source>`, the quote
itself the msgid) is shown after it, marked as a translation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Protocol

from briefgen.content_text import ContentText
from briefgen.errors import Location
from briefgen.languages import primary
from briefgen.marks import marks
from briefgen.model import (
    Actor,
    Attribution,
    BottomLine,
    Brief,
    BriefPart,
    Claim,
    ContestedClaim,
    Event,
    Figure,
    Judgment,
    Paragraph,
    Position,
    Project,
    SectionItem,
    SectionKind,
    Source,
    Table,
    Term,
    TermName,
)

BRIEF_FIELDS = ("title", "subtitle", "audience", "marking", "organisation")


class Translator(Protocol):
    """What the walk asks for each text: the text to show in its place."""

    def text(self, context: str, text: str, loc: Location | None) -> str:
        """A field's text (its original given) as the brief shows it."""
        ...

    def quote(self, context: str, a: Attribution, language: str) -> str | None:
        """The translation shown after a quote written in `language` (None: none shown)."""
        ...


def has_words(text: str) -> bool:
    """True for a text with a letter in it (a table cell '12.4' or '2021' is not translated)."""
    return any(c.isalpha() for c in text)


class Walk:
    """One walk over a project's translatable texts, each given to the translator."""

    def __init__(self, project: Project, t: Translator) -> None:
        self.project, self.t = project, t

    def text(self, context: str, text: str, loc: Location | None) -> str:
        return self.t.text(context, text, loc)

    def maybe(self, context: str, text: str | None, loc: Location | None) -> str | None:
        return None if text is None else self.t.text(context, text, loc)

    def quote_language(self, a: Attribution) -> str:
        """The language a quote is written in: its own, its source's, else the content's."""
        source = self.project.sources.get(a.source)
        return a.language or (source.language if source else None) or self.project.language

    def attributions(self, found: tuple[Attribution, ...]) -> tuple[Attribution, ...]:
        result = []
        for a in found:
            language = self.quote_language(a)  # spelt out: a brief in another language shows it
            translation = self.t.quote(f"quote:{a.source}", a, language)
            result.append(replace(a, translation=translation, language=language))
        return tuple(result)

    def project_(self) -> Project:
        p = self.project
        groups = {
            gid: self.text(f"group:{gid}:label", label, p.group_label_locs.get(gid))
            for gid, label in p.group_labels.items()
        }
        return replace(
            p,
            topic=self.maybe("project:topic", p.topic, p.language_loc),
            sections=tuple(self.section(s) for s in p.sections),
            bottom_lines={k: self.bottom_line(b) for k, b in p.bottom_lines.items()},
            group_labels=groups,
            sources={k: self.source(s) for k, s in p.sources.items()},
            actors={k: self.actor(a) for k, a in p.actors.items()},
            paragraphs=self.paragraphs(p.paragraphs),
            items=tuple(self.item(i) for i in p.items),
            events=tuple(self.event(e) for e in p.events),
            terms=tuple(self.term(t) for t in p.terms),
            judgments=tuple(self.judgment(j) for j in p.judgments),
        )

    def section(self, s: SectionKind) -> SectionKind:
        return replace(s, title=self.text(f"section:{s.id}:title", s.title, s.loc))

    def bottom_line(self, b: BottomLine) -> BottomLine:
        return replace(b, text=self.text(f"section:{b.section}:bottom_line", b.text, b.loc))

    def source(self, s: Source) -> Source:
        """Its words for readers; its title, publisher and author stay as published."""
        return replace(
            s,
            perspective=self.text(f"source:{s.id}:perspective", s.perspective, s.loc),
            reliability_note=self.text(
                f"source:{s.id}:reliability_note", s.reliability_note, s.loc
            ),
            note=self.maybe(f"source:{s.id}:note", s.note, s.loc),
            date_note=self.maybe(f"source:{s.id}:date_note", s.date_note, s.loc),
            kind_label=self.maybe(f"kind:{s.kind}:label", s.kind_label, s.loc),
        )

    def actor(self, a: Actor) -> Actor:
        name = self.text(f"actor:{a.id}:name", a.name, a.loc)
        return replace(a, name=name, note=self.maybe(f"actor:{a.id}:note", a.note, a.loc))

    def paragraphs(self, found: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
        """Headings, and each paragraph's subsection: the last heading before it in its file."""
        result, current = [], {}
        for p in found:
            heading = p.heading
            if heading is not None:
                key = p.id if "#" not in p.id else (p.claims[0] if p.claims else p.id)
                heading = self.text(f"{key}:heading", heading, p.loc)
                current[p.loc.file] = heading
            subsection = current.get(p.loc.file) if p.subsection is not None else None
            result.append(replace(p, heading=heading, subsection=subsection))
        return tuple(result)

    def item(self, item: SectionItem) -> SectionItem:
        i = item.id
        if isinstance(item, Claim):
            text = self.text(f"{i}:text", item.text, item.loc)
            return replace(item, text=text, attributions=self.attributions(item.attributions))
        if isinstance(item, Figure):
            return replace(
                item,
                measure=self.text(f"{i}:measure", item.measure, item.loc),
                # "more than 24,000" is words; "33" is kept as written
                value=self.text(f"{i}:value", item.value, item.loc)
                if has_words(item.value)
                else item.value,
                unit=self.text(f"{i}:unit", item.unit, item.loc),
                note=self.maybe(f"{i}:note", item.note, item.loc),
                attributions=self.attributions(item.attributions),
            )
        if isinstance(item, ContestedClaim):
            return replace(
                item,
                question=self.text(f"{i}:question", item.question, item.loc),
                context=self.maybe(f"{i}:context", item.context, item.loc),
                positions=tuple(
                    self.position(f"{i}:positions.{n}", p)
                    for n, p in enumerate(item.positions, start=1)
                ),
            )
        return self.table(item)

    def position(self, context: str, p: Position) -> Position:
        return replace(
            p,
            stance=self.text(f"{context}.stance", p.stance, p.loc),
            summary=self.text(f"{context}.summary", p.summary, p.loc),
            attributions=self.attributions(p.attributions),
        )

    def table(self, t: Table) -> Table:
        i = t.id
        columns = tuple(
            self.text(f"{i}:columns.{n}", c, t.loc) for n, c in enumerate(t.columns, start=1)
        )
        rows = tuple(
            tuple(
                self.text(f"{i}:rows.{r}.{c}", cell, t.loc) if has_words(cell) else cell
                for c, cell in enumerate(row, start=1)
            )
            for r, row in enumerate(t.rows, start=1)
        )
        return replace(
            t,
            title=self.text(f"{i}:title", t.title, t.loc),
            note=self.maybe(f"{i}:note", t.note, t.loc),
            columns=columns,
            rows=rows,
            attributions=self.attributions(t.attributions),
        )

    def event(self, e: Event) -> Event:
        text = self.text(f"{e.id}:text", e.text, e.loc)
        return replace(e, text=text, attributions=self.attributions(e.attributions))

    def term(self, t: Term) -> Term:
        i = t.id
        return replace(
            t,
            concept=self.text(f"{i}:concept", t.concept, t.loc),
            note=self.maybe(f"{i}:note", t.note, t.loc),
            names=tuple(self.name(f"{i}:names.{n}", m) for n, m in enumerate(t.names, start=1)),
        )

    def name(self, context: str, m: TermName) -> TermName:
        return replace(
            m,
            name=self.text(f"{context}.name", m.name, m.loc),
            used_by=self.text(f"{context}.used_by", m.used_by, m.loc),
            attributions=self.attributions(m.attributions),
        )

    def judgment(self, j: Judgment) -> Judgment:
        return replace(j, text=self.text(f"judgment:{j.id}:text", j.text, j.loc))


def walk_brief(brief: Brief, t: Translator, in_language: Callable[[str], bool]) -> Brief:
    """The brief's texts that come from a brief file in another language, through `t`:
    `in_language(declaring brief id)` is True for those written in the brief's own language."""

    def where(key: str) -> str | None:
        """The brief that declared a key, when its text needs translating."""
        origin = brief.declared.get(key, brief.id)
        return None if in_language(origin) else origin

    changed: dict[str, object] = {}
    for name in BRIEF_FIELDS:
        origin, value = where(name), getattr(brief, name)
        if origin is not None and value is not None:
            changed[name] = t.text(f"brief:{origin}:{name}", value, brief.loc)
    origin = where("sections")
    if origin is not None:
        changed["parts"] = tuple(part_texts(p, origin, t) for p in brief.parts)
    return replace(brief, **changed) if changed else brief  # type: ignore[arg-type]


def part_texts(part: BriefPart, origin: str, t: Translator) -> BriefPart:
    """A part's heading and intro, from the brief that declared the sections."""
    context = f"brief:{origin}:sections.{part.name}"
    heading = t.text(f"{context}.heading", part.heading, part.loc) if part.heading else None
    intro = t.text(f"{context}.intro", part.intro, part.loc) if part.intro else None
    return replace(part, heading=heading, intro=intro)


# Applying a catalog


@dataclass(frozen=True)
class Translation:
    """One catalog entry: the original it translates (msgid), its text (msgstr), fuzzy or not."""

    original: str
    text: str
    fuzzy: bool = False
    loc: Location | None = None  # its place in the catalog file


@dataclass(frozen=True)
class Catalog:
    """A language's content translations: by context, then by original (quotes share a context)."""

    language: str
    where: str  # the file, as the user sees it (translations/fr.po)
    entries: Mapping[str, Mapping[str, Translation]] = field(default_factory=dict)

    def state(self, context: str, original: str) -> tuple[str, str | None]:
        """(translated, missing or outdated; the translation when there is one) of a text."""
        found = self.entries.get(context, {})
        entry = found.get(original)
        if entry is not None and entry.text:
            return ("outdated", None) if entry.fuzzy else ("translated", entry.text)
        edited = entry is None and not context.startswith("quote:")
        if edited and any(e.text for e in found.values()):
            return "outdated", None  # the original was edited since it was translated
        return "missing", None


class Applier:
    """A translator that shows each text in the brief's language from a catalog, or the
    original tagged with its own language where the catalog has no current translation."""

    def __init__(self, catalog: Catalog | None, target: str, source: str) -> None:
        self.catalog, self.target, self.source = catalog, target, source

    def text(self, context: str, text: str, loc: Location | None) -> ContentText:
        state, translation = (
            self.catalog.state(context, text) if self.catalog else ("missing", None)
        )
        if translation is not None:
            return ContentText(translation, context, self.target, state)
        return ContentText(text, context, self.source, state)

    def quote(self, context: str, a: Attribution, language: str) -> ContentText | None:
        """The quote's translation into the brief's language; else the analyst's translation
        into the content's language (tagged as an original), or an empty text (nothing is
        printed; it counts as missing); none for a quote in the brief's own language."""
        if primary(language) == primary(self.target):
            return None
        state, translation = (
            self.catalog.state(context, a.quote) if self.catalog else ("missing", None)
        )
        if translation is not None:
            return ContentText(translation, context, self.target, state)
        if a.translation and primary(self.source) != primary(self.target):
            return ContentText(a.translation, context, self.source, state)
        return ContentText("", context, self.source, state)  # none to print: counted missing


def translated_project(project: Project, catalog: Catalog | None, target: str) -> Project:
    """The project as a brief in `target` shows it (the content's own language: unchanged)."""
    if primary(target) == primary(project.language):
        return project
    return Walk(project, Applier(catalog, target, project.language)).project_()


def translated_brief(
    brief: Brief, briefs: Mapping[str, Brief], catalog: Catalog | None, content: str
) -> Brief:
    """The brief with the texts it inherits from a brief in another language translated."""

    def in_language(origin: str) -> bool:
        declaring = briefs.get(origin, brief)
        return primary(declaring.language) == primary(brief.language)

    source = {b.id: b.language for b in briefs.values()}
    applier = Applier(catalog, brief.language, content)

    class BriefApplier:
        def text(self, context: str, text: str, loc: Location | None) -> ContentText:
            applier.source = source.get(context.split(":")[1], content)
            return applier.text(context, text, loc)

        def quote(self, context: str, a: Attribution, language: str) -> None:
            return None

    return walk_brief(brief, BriefApplier(), in_language)


# Listing what a catalog must hold


@dataclass
class Original:
    """A text a catalog translates: its context and original, where it is written, and notes
    for translators."""

    context: str
    text: str
    locations: list[Location] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


class Recorder:
    """A translator that changes nothing and records every text (and quote) it is shown."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.found: dict[tuple[str, str], Original] = {}

    def add(self, context: str, text: str, loc: Location | None, comments: list[str]) -> None:
        key = (context, text)
        entry = self.found.setdefault(key, Original(context, text, comments=comments))
        if loc is not None and loc not in entry.locations:
            entry.locations.append(loc)

    def text(self, context: str, text: str, loc: Location | None) -> str:
        comments = []
        if any(term for term, _, _ in marks(text)):
            comments.append(
                "Keep each [[term|name]] mark, with the name in this language: a brief may put"
                " its preferred name for the term there."
            )
        self.add(context, text, loc, comments)
        return text

    def quote(self, context: str, a: Attribution, language: str) -> str | None:
        if primary(language) != primary(self.target):
            comments = [
                f"A verbatim quote in '{language}', printed as written; the translation is"
                " printed after it, marked as a translation."
            ]
            if a.translation:
                comments.append(f"The analyst's translation: {a.translation}")
            self.add(context, a.quote, a.loc, comments)
        return a.translation


def originals(project: Project, briefs: Mapping[str, Brief], target: str) -> list[Original]:
    """Every text a catalog for `target` holds: the content's texts, the texts of the briefs
    written in the content's language, and the quotes in another language than `target`; in
    reading order (file, line), briefs after the content."""
    recorder = Recorder(target)
    Walk(project, recorder).project_()
    content = dict(recorder.found)
    recorder.found = {}
    for brief in sorted(briefs.values(), key=lambda b: b.id):
        if primary(brief.language) == primary(project.language):
            walk_brief(brief, recorder, inherited(brief.id))
    in_briefs = recorder.found

    def order(o: Original) -> tuple[str, int, int]:
        first = o.locations[0] if o.locations else Location("")
        return first.file, first.line, first.column

    return sorted(content.values(), key=order) + sorted(in_briefs.values(), key=order)


def inherited(brief_id: str) -> Callable[[str], bool]:
    """For listing a brief's texts: each is listed with the brief that declares it."""
    return lambda origin: origin != brief_id


# What a brief shows


def shown_texts(value: object) -> Iterator[ContentText]:
    """Every ContentText inside a value (a Selection: what a brief shows), each place once."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ContentText):
            yield current
        elif isinstance(current, str | int | float | bool | Location) or current is None:
            continue
        elif is_dataclass(current) and not isinstance(current, type):
            stack.extend(getattr(current, f.name) for f in fields(current))
        elif isinstance(current, Mapping):
            stack.extend(current.values())
        elif isinstance(current, tuple | list | set | frozenset):
            stack.extend(current)
