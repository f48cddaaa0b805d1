"""Select: what one brief's audience gets, in order, with its notes numbered."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from briefgen.marks import as_written
from briefgen.model import (
    Actor,
    Attribution,
    Brief,
    BriefPart,
    Change,
    Claim,
    ContestedClaim,
    Event,
    Figure,
    Judgment,
    PartialDate,
    Position,
    Project,
    Source,
    SourceCheck,
    Statement,
    Table,
    Term,
    TermName,
)
from briefgen.selection.filters import Decision, apply, combine
from briefgen.selection.terminology import Rewrite, apply_terminology, rewriter
from briefgen.text import normalise

Item = Claim | Figure | ContestedClaim | Table | Event | Term | Judgment


@dataclass(frozen=True)
class Note:
    """One numbered citation: who reports (source, quote, place) and who holds."""

    number: int
    attribution: Attribution
    source: Source
    holder: Actor | None
    first: bool = False  # the first note citing this source: the full citation
    repeat: bool = False  # a further call of a note already given: same number, no new note
    quote: bool = True  # print the quote (False when the statement's text already quotes it)


@dataclass(frozen=True)
class Entry:
    """One item as shown: its notes, or one group of notes per position or name."""

    kind: str
    item: Item
    notes: tuple[Note, ...] = ()
    groups: tuple[tuple[Note, ...], ...] = ()
    members: tuple[Position | TermName, ...] = ()
    refs: tuple[Item, ...] = ()
    omitted: tuple[Position, ...] = ()  # positions a source filter left out of a contested claim
    notice: str | None = None  # the reader's words for them ("One further position, held by …")
    # what the notice names, for saying it in the brief's language (templates, Word): the
    # holders' names (True: English writes 'the' before it), then the sources whose own
    # accounts were left out ("" for a position with no source)
    omitted_held: tuple[tuple[str, bool], ...] = ()
    omitted_own: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """One step of a content section in reading order: a subsection heading, a paragraph, an item."""

    kind: str  # heading, prose, item
    anchor: str
    entries: tuple[Entry, ...] = ()
    heading: str | None = None
    number: str | None = None


@dataclass(frozen=True)
class SectionSummary:
    """A section's bottom line as the overview at the front of the brief shows it."""

    anchor: str
    heading: str
    number: str | None
    text: str


@dataclass(frozen=True)
class Part:
    """A part of the brief: a content section or a built-in part, with its entries."""

    kind: str
    anchor: str
    heading: str
    intro: str | None
    entries: tuple[Entry, ...] = ()
    layout: str = "prose"  # prose, register or compact (prose, disputes in one table)
    blocks: tuple[Block, ...] = ()  # content sections: what they show, in reading order
    number: str | None = None
    bottom_line: str | None = None
    summaries: tuple[SectionSummary, ...] = ()  # the overview part: the sections' bottom lines


@dataclass(frozen=True)
class SourceSummary:
    """How many sources of which kinds and grades the brief rests on, over what dates."""

    count: int
    by_kind: tuple[tuple[str, int], ...]
    by_grade: tuple[tuple[str, int], ...]
    by_group: tuple[tuple[str, int], ...]
    earliest: PartialDate | None
    latest: PartialDate | None
    undated: int
    statements: int
    coverage: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]


@dataclass(frozen=True)
class Selection:
    """Everything the renderer needs for one brief; it knows nothing of YAML or HTML."""

    brief: Brief
    topic: str | None
    actors: dict[str, Actor]
    parts: tuple[Part, ...]
    notes: tuple[Note, ...]
    sources: tuple[Source, ...]
    summary: SourceSummary
    changes: tuple[Change, ...] = ()
    changes_since: int | None = None
    edition_number: int | None = None
    checks: dict[str, SourceCheck] = field(default_factory=dict)  # of the cited sources
    placed: dict[str, Part] = field(default_factory=dict)  # item id → the part that shows it

    def places(self, items: tuple[Item, ...]) -> tuple[Part, ...]:
        """The parts that show these items, each once, in the brief's order."""
        shown = {self.placed[i.id].anchor for i in items if i.id in self.placed}
        return tuple(p for p in self.parts if p.anchor in shown)


def shown_ids(parts: tuple[Part, ...]) -> frozenset[str]:
    """The ids of every item shown in a brief, for links between parts."""
    return frozenset(e.item.id for p in parts for e in p.entries)


def plain(text: str) -> str:
    """Text folded for comparing quotes: verify's normalising (quote marks, dashes, spacing),
    and case ignored."""
    return normalise(text).casefold()


class NoteCounter:
    """Numbers notes in document order: one note per source passage, called again when repeated."""

    def __init__(self, project: Project, actors: dict[str, Actor]) -> None:
        self.project = project
        self.actors = actors
        self.notes: list[Note] = []
        self.given: dict[tuple[str, str], Note] = {}
        self.cited: set[str] = set()
        # a note names who holds the position only when its passage is always cited for the
        # same holder; otherwise the text (or the table's "held by") says it, not the note
        holders: dict[tuple[str, str], set[str | None]] = {}
        for statement in project.statements():
            members = statement.positions if isinstance(statement, ContestedClaim) else (statement,)
            for member in members:
                holder = member.held_by if isinstance(member, Position) else None
                for a in member.attributions:
                    key = (a.source, plain(a.quote))
                    holders.setdefault(key, set()).add(a.held_by or holder)
        self.holder_of = {k: next(iter(v)) for k, v in holders.items() if len(v) == 1}

    def cite(self, attributions: tuple[Attribution, ...], text: str = "") -> tuple[Note, ...]:
        """The notes for these attributions: new ones, or further calls of notes already given."""
        result: list[Note] = []
        for a in attributions:
            key = (a.source, plain(a.quote))
            if key in self.given:
                if all(n.number != self.given[key].number for n in result):
                    result.append(replace(self.given[key], repeat=True))
                continue
            held_by = self.holder_of.get(key)
            holder = self.actors.get(held_by) if held_by else None
            first = a.source not in self.cited
            self.cited.add(a.source)
            quote = '"' + plain(a.quote.strip(" .…")) not in plain(text)  # quoted in the text
            note = Note(
                len(self.notes) + 1, a, self.project.sources[a.source], holder, first, quote=quote
            )
            self.given[key] = note
            self.notes.append(note)
            result.append(note)
        return tuple(result)


def kind_of(item: Item) -> str:
    """The template name for an item: claim, figure, contested, table, event, term, judgment."""
    return {
        Claim: "claim",
        Figure: "figure",
        ContestedClaim: "contested",
        Table: "table",
        Event: "event",
        Term: "term",
        Judgment: "judgment",
    }[type(item)]


def display_rank(item: Item, layout: str) -> int:
    """Where a section shows an item: statements first, then gathered tables."""
    if isinstance(item, ContestedClaim) and layout == "compact":
        return 1
    return 2 if isinstance(item, Figure) else 0


NUMBER_WORDS = ("One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")
WITH_ARTICLE = ("government", "ministry", "military", "organisation")  # "the Government of …"


def holder_words(position: Position, actors: dict[str, Actor], sources: dict[str, Source]) -> str:
    """Who holds a position, as a reader's phrase: 'the Government of X', or 'AP's own account'."""
    actor = actors.get(position.held_by) if position.held_by else None
    if actor is None:
        source = own_source(position, sources)
        return f"{source}'s own account" if source else "a source's own account"
    return ("the " if with_article(actor) else "") + actor.name


def with_article(actor: Actor) -> bool:
    """True when English writes 'the' before the actor's name ('the Government of X')."""
    return actor.kind in WITH_ARTICLE and not actor.name.lower().startswith("the ")


def own_source(position: Position, sources: dict[str, Source]) -> str:
    """The short name of the source whose own account a position is ('' when it has none)."""
    source = sources.get(position.attributions[0].source) if position.attributions else None
    return source.short_name if source else ""


def omitted_names(
    positions: tuple[Position, ...], actors: dict[str, Actor], sources: dict[str, Source]
) -> tuple[tuple[tuple[str, bool], ...], tuple[str, ...]]:
    """What a notice names: the holders (name, English article) and the own accounts' sources."""
    held = tuple(
        (actors[p.held_by].name, with_article(actors[p.held_by]))
        for p in positions
        if p.held_by in actors
    )
    own = tuple(own_source(p, sources) for p in positions if p.held_by not in actors)
    return held, own


def omitted_notice(
    positions: tuple[Position, ...], actors: dict[str, Actor], sources: dict[str, Source]
) -> str | None:
    """The sentence a brief prints under a contested claim whose positions a filter left out."""
    if not positions:
        return None
    count = len(positions)
    number = NUMBER_WORDS[count - 1] if count <= len(NUMBER_WORDS) else str(count)
    held = [holder_words(p, actors, sources) for p in positions if p.held_by in actors]
    own = [holder_words(p, actors, sources) for p in positions if p.held_by not in actors]
    # "held by A and B", then the sources' own accounts: "held by A and X's own account"
    listed = ([f"held by {and_list(held)}"] if held else []) + own
    noun, verb = ("position", "is") if count == 1 else ("positions", "are")
    return f"{number} further {noun}, {and_list(listed)}, {verb} outside this brief's sources."


def and_list(words: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def entry_for(decision: Decision, counter: NoteCounter) -> Entry:
    """A kept item with its notes numbered; positions or names with no surviving source are
    dropped (a contested claim's with a notice in the reader's words)."""
    item = decision.item
    if isinstance(item, ContestedClaim | Term):
        members: tuple[Position | TermName, ...] = (
            item.positions if isinstance(item, ContestedClaim) else item.names
        )
        shown = [(m, a) for m, a in zip(members, decision.attributions, strict=True) if a]
        omitted = (
            tuple(item.positions[i] for i in decision.left_out)
            if isinstance(item, ContestedClaim)
            else ()
        )
        held, own = omitted_names(omitted, counter.actors, counter.project.sources)
        return Entry(
            kind_of(item),
            item,
            groups=tuple(counter.cite(a, member_text(m)) for m, a in shown),
            members=tuple(m for m, _ in shown),
            omitted=omitted,
            notice=omitted_notice(omitted, counter.actors, counter.project.sources),
            omitted_held=held,
            omitted_own=own,
        )
    text = as_written(item.text) if isinstance(item, Claim | Event) else ""
    return Entry(kind_of(item), item, notes=counter.cite(decision.attributions[0], text))


def member_text(member: Position | TermName) -> str:
    """The analyst's words of a position or a name, for telling whether a note's quote adds to them."""
    return as_written(member.summary) if isinstance(member, Position) else member.name


def in_brief_terms(entry: Entry, rewrite: Rewrite) -> Entry:
    """The entry with its term marks resolved: the brief's preferred names where it has them."""
    return replace(
        entry,
        item=apply_terminology(entry.item, rewrite),
        members=tuple(apply_terminology(m, rewrite) for m in entry.members),
        refs=tuple(apply_terminology(r, rewrite) for r in entry.refs),
    )


def judgment_entry(item: Judgment, counter: NoteCounter, project: Project) -> Entry:
    """A key judgment, citing one note per source of the statements it rests on."""
    known = project.by_id()
    refs = tuple(known[r] for r in item.rests_on if r in known)
    by_source: dict[str, Attribution] = {}
    for ref in refs:
        for a in ref.attributions:
            by_source.setdefault(a.source, a)
    return Entry("judgment", item, notes=counter.cite(tuple(by_source.values())), refs=refs)


DEFAULT_HEADINGS = {
    "judgments": "Key judgments",
    "overview": "Summary",
    "timeline": "Timeline",
    "terms": "Contested terminology",
    "summary": "Source summary",
    "sources": "Sources",
    "changes": "Changes since the last edition",
}


def candidates(part: BriefPart, project: Project) -> tuple[list[Statement], str]:
    """The items a part chooses from (before filters) and its default heading."""
    if part.name == "timeline":
        return list(project.events), DEFAULT_HEADINGS["timeline"]
    if part.name == "terms":
        return list(project.terms), DEFAULT_HEADINGS["terms"]
    if part.name in DEFAULT_HEADINGS:
        return [], DEFAULT_HEADINGS[part.name]
    kind = next(s for s in project.sections if s.id == part.name)
    return [i for i in project.items if i.section == part.name], kind.title


def decisions(brief: Brief, part: BriefPart, project: Project) -> tuple[list[Decision], str]:
    """Every candidate item of a part, kept or left out with its reason, and the part's heading."""
    items, heading = candidates(part, project)
    keep = brief.options.dropped_positions == "keep"
    return apply(
        items, combine(brief.filters, part.filters), project, keep
    ), part.heading or heading


def summarise(
    sources: tuple[Source, ...], parts: tuple[Part, ...], label: Callable[[str], str]
) -> SourceSummary:
    """Counts of the cited sources and of statements per section and perspective (labelled)."""
    dates = sorted(s.published for s in sources if s.published)
    coverage = []
    statements = 0
    for part in parts:
        groups: Counter[str] = Counter()
        for entry in part.entries:
            if entry.kind == "judgment":
                continue
            # a contested claim's positions and a term's names are statements of their own
            for notes in entry.groups or (entry.notes,):
                statements += 1
                for group in sorted({label(n.source.perspective_group) for n in notes}):
                    groups[group] += 1
        if groups:
            coverage.append((part.heading, tuple(sorted(groups.items()))))
    return SourceSummary(
        count=len(sources),
        by_kind=tuple(sorted(Counter(s.kind for s in sources).items())),
        by_grade=tuple(sorted(Counter(s.reliability for s in sources).items())),
        by_group=tuple(sorted(Counter(label(s.perspective_group) for s in sources).items())),
        earliest=dates[0] if dates else None,
        latest=dates[-1] if dates else None,
        undated=sum(1 for s in sources if not s.published),
        statements=statements,
        coverage=tuple(coverage),
    )


def layout_of(part: BriefPart, brief: Brief) -> str:
    """The layout a content section is shown in: prose, register or compact."""
    layout = part.layout or brief.options.layout
    return "prose" if layout == "full" else layout


def blocks_of(
    entries: tuple[Entry, ...], layout: str, anchor: str, project: Project, rewrite: Rewrite
) -> tuple[Block, ...]:
    """A section's entries in reading order: the claims of one paragraph joined into one block,
    a subsection heading wherever the subsection changes, every other item a block of its own
    (figures, and in the compact layout the contested claims, are gathered by the template)."""
    paragraphs = {p.id: p for p in project.paragraphs}
    blocks: list[Block] = []
    subsection: str | None = None
    for entry in entries:
        if entry.kind == "figure" or (layout == "compact" and entry.kind == "contested"):
            continue
        item = entry.item
        paragraph = (
            paragraphs.get(item.paragraph) if isinstance(item, Claim) and item.paragraph else None
        )
        heading = paragraph.subsection if paragraph else None
        if heading and heading != subsection:
            text = rewrite(heading)
            blocks.append(Block("heading", f"{anchor}-sub-{len(blocks) + 1}", heading=text))
        if paragraph:  # a claim alone stays in the subsection it follows
            subsection = heading or subsection
        if layout == "register" or not isinstance(item, Claim):
            blocks.append(Block("item", f"item-{item.id}", (entry,)))
        elif (
            paragraph
            and blocks
            and blocks[-1].kind == "prose"
            and blocks[-1].anchor == f"{anchor}-{paragraph.id}"
        ):
            blocks[-1] = replace(blocks[-1], entries=(*blocks[-1].entries, entry))
        else:
            key = paragraph.id if paragraph else item.id
            blocks.append(Block("prose", f"{anchor}-{key}", (entry,)))
    return tuple(blocks)


def numbered(parts: list[Part]) -> list[Part]:
    """Parts numbered 1, 2, … and their subsections 1.1, 1.2 (front matter is not numbered)."""
    result, count = [], 0
    for part in parts:
        if part.kind in ("judgments", "overview", "changes"):
            result.append(part)
            continue
        count += 1
        sub = 0
        blocks = []
        for block in part.blocks:
            if block.kind == "heading" or (
                block.kind == "item" and block.entries[0].kind == "contested"
            ):
                sub += 1
                block = replace(block, number=f"{count}.{sub}")
            blocks.append(block)
        result.append(replace(part, number=str(count), blocks=tuple(blocks)))
    return result


def select(brief: Brief, project: Project) -> Selection:
    """The Selection for a brief over a validated project."""
    rewrite = rewriter(project.terms, brief.options.preferred_name)
    actors = {k: apply_terminology(a, rewrite) for k, a in project.actors.items()}
    counter = NoteCounter(project, actors)
    parts = []
    for part in brief.parts:
        anchor = f"part-{part.name}"
        if part.name == "judgments":
            entries = tuple(judgment_entry(j, counter, project) for j in project.judgments)
            heading = part.heading or DEFAULT_HEADINGS["judgments"]
        else:
            chosen, heading = decisions(brief, part, project)
            kept = [d for d in chosen if d.kept]
            layout = layout_of(part, brief)
            if not part.is_builtin:
                # notes are numbered in reading order: the template gathers figures (and, in
                # the compact layout, contested claims) into tables after the other statements
                kept.sort(key=lambda d: display_rank(d.item, layout))
            entries = tuple(entry_for(d, counter) for d in kept)
        entries = tuple(in_brief_terms(e, rewrite) for e in entries)
        if part.is_builtin:
            parts.append(Part(part.name, anchor, heading, part.intro, entries))
            continue
        line = project.bottom_lines.get(part.name)
        bottom_line = rewrite(line.text) if line and entries else None
        blocks = blocks_of(entries, layout, anchor, project, rewrite)
        parts.append(
            Part("section", anchor, heading, part.intro, entries, layout, blocks, None, bottom_line)
        )
    if brief.options.numbering:
        parts = numbered(parts)
    summaries = tuple(
        SectionSummary(p.anchor, p.heading, p.number, p.bottom_line) for p in parts if p.bottom_line
    )
    parts = [replace(p, summaries=summaries) if p.kind == "overview" else p for p in parts]
    order: dict[str, Source] = {}
    for note in counter.notes:
        order.setdefault(note.source.id, note.source)
    sources = tuple(order.values())
    frozen_parts = tuple(parts)
    placed = {e.item.id: p for p in frozen_parts if p.kind != "judgments" for e in p.entries}
    return Selection(
        brief=replace(brief, theme=brief.theme.over(project.theme)),  # the look it is drawn in
        topic=project.topic,
        actors=actors,
        parts=frozen_parts,
        notes=tuple(counter.notes),
        sources=sources,
        summary=summarise(sources, frozen_parts, project.group_label),
        placed=placed,
    )
