"""Select: what one brief's audience gets, in order, with its notes numbered."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
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
    Standfirst,
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
    """One source passage cited under a note number: who reports (source, quote, place) and who
    holds. Under `notes_per: sentence` the passages of one sentence share one number."""

    number: int
    attribution: Attribution
    source: Source
    holder: Actor | None
    first: bool = False  # the first note citing this source: the full citation
    repeat: bool = False  # a further call of a note already given: same number, no new note
    quote: bool = True  # print the quote (False when the statement's text already quotes it)


def calls(notes: Iterable[Note]) -> tuple[tuple[Note, ...], ...]:
    """Notes gathered by number, in order: one call (and one note body) per group."""
    groups: dict[int, list[Note]] = {}
    for n in notes:
        groups.setdefault(n.number, []).append(n)
    return tuple(tuple(g) for g in groups.values())


@dataclass(frozen=True)
class Strand:
    """One strand of a key judgment as a brief shows it: its label, the statements behind it
    that the brief shows elsewhere (linked to), and the notes of those it shows nowhere else."""

    label: str | None
    refs: tuple[Item, ...]
    shown: tuple[Item, ...]
    notes: tuple[Note, ...] = ()


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
    omitted_sources: tuple[str, ...] = ()  # per omitted position: its own source's short name
    strands: tuple[Strand, ...] = ()  # a key judgment's evidence, strand by strand


@dataclass(frozen=True)
class Block:
    """One step of a content section in reading order: a subsection heading, a paragraph, a
    chronology (dated statements in date order) or an item."""

    kind: str  # heading, prose, chronology, item
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
    """A part of the brief: a content section or a built-in part, with its entries.

    `heading` is the brief's or the content's own heading; None for a built-in part that keeps
    its built-in heading (render says it in the brief's language)."""

    kind: str
    anchor: str
    heading: str | None
    intro: str | None
    entries: tuple[Entry, ...] = ()
    layout: str = "prose"  # prose, register or compact (prose, disputes in one table)
    blocks: tuple[Block, ...] = ()  # content sections: what they show, in reading order
    number: str | None = None
    bottom_line: str | None = None
    summaries: tuple[SectionSummary, ...] = ()  # the overview part: the sections' bottom lines
    uncovered: tuple[str, ...] = ()  # the overview part: kept sections with no bottom line


@dataclass(frozen=True)
class Unvoiced:
    """A party none of the brief's sources speaks for, and the sources its positions come from."""

    actor: Actor
    reported_by: tuple[Source, ...]


@dataclass(frozen=True)
class SourceSummary:
    """How many sources of which kinds and grades the brief rests on, over what dates, whose
    voices are missing, and statements per part by perspective (the coverage chart)."""

    count: int
    by_kind: tuple[tuple[str, int], ...]
    by_grade: tuple[tuple[str, int], ...]
    by_group: tuple[tuple[str, int], ...]
    earliest: PartialDate | None
    latest: PartialDate | None
    undated: int
    statements: int
    coverage: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # part anchor → group counts
    unvoiced: tuple[Unvoiced, ...] = ()


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
    standfirst: Standfirst | None = None  # the point up front (the brief's, else the content's)
    group_labels: dict[str, str] = field(default_factory=dict)  # perspective group → label
    over_budget: int | None = None  # the pages of a brief still over max_pages once fitted
    release: bool = False  # rendered for release: no workflow marks (build --release)

    def places(self, items: Iterable[Item]) -> tuple[Part, ...]:
        """The parts that show these items, each once, in the brief's order."""
        shown = {self.placed[i.id].anchor for i in items if i.id in self.placed}
        return tuple(p for p in self.parts if p.anchor in shown)

    @property
    def information_date(self) -> PartialDate | None:
        """How recent the information is: the newest publication date of the cited sources."""
        return self.summary.latest

    def group_label(self, group: str) -> str:
        """The reader's name for a perspective group."""
        return self.group_labels.get(group) or group.replace("-", " ").replace("_", " ")

    @property
    def bibliography(self) -> tuple[Source, ...]:
        """The cited sources in alphabetical order (publisher, else title; articles ignored)."""
        return tuple(sorted(self.sources, key=sort_key))

    @property
    def drafts(self) -> tuple[Draft, ...]:
        """Why this brief is a draft (nothing when it may be released)."""
        return draft_reasons(self)


@dataclass(frozen=True)
class Draft:
    """One reason a brief is a draft: quotes not verified against their sources' current text,
    sections without a bottom line, no bottom line up front, pages over the budget."""

    kind: str  # unverified, bottom-lines, standfirst, budget
    count: int = 0
    names: tuple[str, ...] = ()


def draft_reasons(s: Selection) -> tuple[Draft, ...]:
    """Why a brief is a draft, in order; a release build refuses a brief that has any."""
    if s.release:
        return ()
    reasons = []
    unverified = {
        (n.source.id, n.attribution.quote)
        for n in s.notes
        if (check := s.checks.get(n.source.id)) is not None and check.flagged(n.attribution.quote)
    }
    if unverified:
        reasons.append(Draft("unverified", len(unverified)))
    if s.standfirst is None:
        reasons.append(Draft("standfirst"))
    missing = tuple(
        p.heading or p.anchor
        for p in s.parts
        if p.kind == "section" and p.entries and not p.bottom_line
    )
    if missing:
        reasons.append(Draft("bottom-lines", len(missing), missing))
    if s.over_budget is not None and s.brief.max_pages is not None:
        reasons.append(Draft("budget", s.over_budget))
    return tuple(reasons)


ARTICLES = ("the ", "a ", "an ")


def sort_key(source: Source) -> str:
    """A source's place in an alphabetical list: publisher, else title; case and a leading
    English article ignored."""
    name = (source.publisher or source.short_name or source.title).casefold()
    return next((name[len(a) :] for a in ARTICLES if name.startswith(a)), name)


def shown_ids(parts: tuple[Part, ...]) -> frozenset[str]:
    """The ids of every item shown in a brief, for links between parts."""
    return frozenset(e.item.id for p in parts for e in p.entries)


def plain(text: str) -> str:
    """Text folded for comparing quotes: verify's normalising (quote marks, dashes, spacing),
    and case ignored."""
    return normalise(text).casefold()


class NoteCounter:
    """Numbers notes in document order.

    `passage`: one note per source passage, called again where it is cited again. `sentence`:
    one note per call (a sentence, a position, a judgment's strand) gathering its passages,
    each passage in short form after its source's first citation (Chicago's notes).
    """

    def __init__(self, project: Project, actors: dict[str, Actor], per: str = "passage") -> None:
        self.project = project
        self.actors = actors
        self.per = per
        self.notes: list[Note] = []
        self.numbers = 0
        self.quoted: set[tuple[str, str]] = set()  # passages whose quote a note already gave
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

    def new(self, a: Attribution, number: int, text: str, holders: bool) -> Note:
        """A new note of one passage under `number` (`holders`: it names who holds the position
        where the text does not)."""
        key = (a.source, plain(a.quote))
        held_by = self.holder_of.get(key) if holders else None
        holder = self.actors.get(held_by) if held_by else None
        first = a.source not in self.cited
        self.cited.add(a.source)
        # the quote, unless the text already quotes it or an earlier note gave it
        quote = '"' + plain(a.quote.strip(" .…")) not in plain(text) and key not in self.quoted
        if quote:
            self.quoted.add(key)
        note = Note(number, a, self.project.sources[a.source], holder, first, quote=quote)
        self.notes.append(note)
        return note

    def cite(
        self, attributions: Iterable[Attribution], text: str = "", holders: bool = True
    ) -> tuple[Note, ...]:
        """The notes for these attributions: new ones, or further calls of notes already given
        (`holders` False: the brief says who holds the position beside the call)."""
        unique = list({(a.source, plain(a.quote)): a for a in attributions}.values())
        if not unique:
            return ()
        if self.per == "sentence":
            self.numbers += 1
            return tuple(self.new(a, self.numbers, text, holders) for a in unique)
        result: list[Note] = []
        for a in unique:
            key = (a.source, plain(a.quote))
            if key in self.given:
                if all(n.number != self.given[key].number for n in result):
                    result.append(replace(self.given[key], repeat=True))
                continue
            self.numbers += 1
            self.given[key] = self.new(a, self.numbers, text, holders)
            result.append(self.given[key])
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


def display_rank(item: Statement, layout: str, chronology: bool) -> tuple[int, int, int, int]:
    """Where a section shows an item: statements (a chronology's in date order), then the
    gathered tables (compact disputes, figures)."""
    if isinstance(item, ContestedClaim) and layout == "compact":
        return (2, 0, 0, 0)
    if isinstance(item, Figure):
        return (3, 0, 0, 0)
    date = item.date if isinstance(item, Claim) and chronology else None
    if date is None:
        return (1, 0, 0, 0) if chronology else (0, 0, 0, 0)
    return (0, date.year, date.month, date.day)


def is_chronology(decisions: list[Decision], layout: str) -> bool:
    """A prose section written one statement per item (no paragraphs) with two or more dated
    claims reads as a chronology in date order."""
    claims = [d.item for d in decisions if isinstance(d.item, Claim)]
    return (
        layout == "prose"
        and all(c.paragraph is None for c in claims)
        and sum(1 for c in claims if c.date is not None) >= 2
    )


def entry_for(decision: Decision, counter: NoteCounter) -> Entry:
    """A kept item with its notes numbered; positions or names with no surviving source are
    dropped (a contested claim's named in the brief: `omitted`)."""
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
        sources = counter.project.sources
        own = tuple(
            sources[p.attributions[0].source].short_name
            if p.attributions and p.attributions[0].source in sources
            else ""
            for p in omitted
        )
        return Entry(
            kind_of(item),
            item,
            groups=tuple(
                counter.cite(a, member_text(m), holders=not isinstance(m, Position))
                for m, a in shown
            ),
            members=tuple(m for m, _ in shown),
            omitted=omitted,
            omitted_sources=own,
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
        omitted=tuple(apply_terminology(p, rewrite) for p in entry.omitted),
        strands=tuple(
            replace(
                s,
                label=rewrite(s.label) if s.label else None,
                refs=tuple(apply_terminology(r, rewrite) for r in s.refs),
                shown=tuple(apply_terminology(r, rewrite) for r in s.shown),
            )
            for s in entry.strands
        ),
    )


def judgment_entry(
    item: Judgment, counter: NoteCounter, project: Project, shown: frozenset[str]
) -> Entry:
    """A key judgment with its evidence strand by strand: a statement the brief shows elsewhere
    is linked to; every passage of one it shows nowhere else is cited here."""
    known = project.by_id()
    strands = []
    for strand in item.strands:
        refs = tuple(known[r] for r in strand.rests_on if r in known)
        elsewhere = tuple(r for r in refs if r.id in shown)
        passages = [a for r in refs if r.id not in shown for a in r.attributions]
        strands.append(Strand(strand.label, refs, elsewhere, counter.cite(passages)))
    every = tuple(r for s in strands for r in s.refs)
    notes = tuple(n for s in strands for n in s.notes)
    return Entry("judgment", item, notes=notes, refs=every, strands=tuple(strands))


def candidates(part: BriefPart, project: Project) -> tuple[list[Statement], str | None]:
    """The items a part chooses from (before filters) and its heading (None: built-in)."""
    if part.name == "timeline":
        return list(project.events), None
    if part.name == "terms":
        return list(project.terms), None
    if part.is_builtin:
        return [], None
    kind = next(s for s in project.sections if s.id == part.name)
    return [i for i in project.items if i.section == part.name], kind.title


def decisions(brief: Brief, part: BriefPart, project: Project) -> tuple[list[Decision], str]:
    """Every candidate item of a part, kept or left out with its reason, and the part's heading
    (a built-in part's id when it keeps its built-in heading)."""
    items, heading = candidates(part, project)
    keep = brief.options.dropped_positions == "keep"
    chosen = apply(items, combine(brief.filters, part.filters), project, keep)
    return chosen, part.heading or heading or part.name


def perspective_counts(
    parts: tuple[Part, ...], label: dict[str, str]
) -> tuple[int, tuple[tuple[str, tuple[tuple[str, int], ...]], ...]]:
    """Statements in all, and per part the statements by perspective group of their sources."""
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
                for group in sorted({n.source.perspective_group for n in notes}):
                    groups[label.get(group, group)] += 1
        if groups:
            coverage.append((part.anchor, tuple(sorted(groups.items()))))
    return statements, tuple(coverage)


def unvoiced(
    parts: tuple[Part, ...], sources: tuple[Source, ...], actors: dict[str, Actor]
) -> tuple[Unvoiced, ...]:
    """The parties (actors with a perspective group) holding positions in the brief whose own
    group no cited source belongs to, with the sources their positions come from."""
    voiced = {s.perspective_group for s in sources}
    reported: dict[str, dict[str, Source]] = {}
    for part in parts:
        for entry in part.entries:
            members = zip(entry.members, entry.groups, strict=True) if entry.groups else ()
            held = [(m.held_by, g) for m, g in members if isinstance(m, Position) and m.held_by]
            held += [(n.attribution.held_by, (n,)) for n in entry.notes if n.attribution.held_by]
            for actor_id, notes in held:
                for n in notes:
                    reported.setdefault(actor_id, {}).setdefault(n.source.id, n.source)
    return tuple(
        Unvoiced(actors[a], tuple(by.values()))
        for a, by in reported.items()
        if a in actors and actors[a].group and actors[a].group not in voiced
    )


def summarise(
    sources: tuple[Source, ...], parts: tuple[Part, ...], project: Project, actors: dict[str, Actor]
) -> SourceSummary:
    """Counts of the cited sources, the parties no cited source speaks for, and statements per
    part and perspective (labelled)."""
    dates = sorted(s.published for s in sources if s.published)
    labels = {g: project.group_label(g) for g in {s.perspective_group for s in sources}}
    statements, coverage = perspective_counts(parts, labels)
    return SourceSummary(
        count=len(sources),
        by_kind=tuple(sorted(Counter(s.kind for s in sources).items())),
        by_grade=tuple(sorted(Counter(s.reliability for s in sources).items())),
        by_group=tuple(sorted(Counter(labels[s.perspective_group] for s in sources).items())),
        earliest=dates[0] if dates else None,
        latest=dates[-1] if dates else None,
        undated=sum(1 for s in sources if not s.published),
        statements=statements,
        coverage=coverage,
        unvoiced=unvoiced(parts, sources, actors),
    )


def layout_of(part: BriefPart, brief: Brief) -> str:
    """The layout a content section is shown in: prose, register or compact."""
    layout = part.layout or brief.options.layout
    return "prose" if layout == "full" else layout


def blocks_of(
    entries: tuple[Entry, ...],
    layout: str,
    anchor: str,
    project: Project,
    rewrite: Rewrite,
    chronology: bool = False,
) -> tuple[Block, ...]:
    """A section's entries in reading order: the claims of one paragraph joined into one block,
    a subsection heading wherever the subsection changes, a chronology's dated claims in one
    block, every other item a block of its own (figures, and in the compact layout the
    contested claims, are gathered by the template)."""
    paragraphs = {p.id: p for p in project.paragraphs}
    blocks: list[Block] = []
    subsection: str | None = None
    for entry in entries:
        if entry.kind == "figure" or (layout == "compact" and entry.kind == "contested"):
            continue
        item = entry.item
        if chronology and isinstance(item, Claim) and item.date is not None:
            if blocks and blocks[-1].kind == "chronology":
                blocks[-1] = replace(blocks[-1], entries=(*blocks[-1].entries, entry))
            else:
                blocks.append(Block("chronology", f"{anchor}-chronology", (entry,)))
            continue
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


def kept_decisions(brief: Brief, project: Project) -> dict[str, list[Decision]]:
    """The kept decisions of each part that chooses items, by the part's anchor."""
    kept: dict[str, list[Decision]] = {}
    for part in brief.parts:
        if part.name != "judgments":
            chosen, _ = decisions(brief, part, project)
            kept[f"part-{part.name}"] = [d for d in chosen if d.kept]
    return kept


def with_overview(parts: list[Part], brief: Brief) -> list[Part]:
    """The overview part filled with the bottom lines of the sections before and after it, and
    the kept sections that have none."""
    summaries = tuple(
        SectionSummary(p.anchor, p.heading or "", p.number, p.bottom_line)
        for p in parts
        if p.bottom_line
    )
    uncovered = tuple(
        p.anchor for p in parts if p.kind == "section" and p.entries and not p.bottom_line
    )
    return [
        replace(p, summaries=summaries, uncovered=uncovered) if p.kind == "overview" else p
        for p in parts
    ]


def select(brief: Brief, project: Project) -> Selection:
    """The Selection for a brief over a validated project."""
    rewrite = rewriter(project.terms, brief.options.preferred_name)
    actors = {k: apply_terminology(a, rewrite) for k, a in project.actors.items()}
    counter = NoteCounter(project, actors, brief.options.notes_per)
    kept = kept_decisions(brief, project)
    shown = frozenset(d.item.id for ds in kept.values() for d in ds)
    parts = []
    for part in brief.parts:
        anchor = f"part-{part.name}"
        if part.name == "judgments":
            entries = tuple(
                in_brief_terms(judgment_entry(j, counter, project, shown), rewrite)
                for j in project.judgments
            )
            parts.append(Part(part.name, anchor, part.heading, part.intro, entries))
            continue
        chosen = kept[anchor]
        layout = layout_of(part, brief)
        chronology = not part.is_builtin and is_chronology(chosen, layout)
        if not part.is_builtin:
            # notes are numbered in reading order: a chronology in date order, then the tables
            # the template gathers (figures; in the compact layout, contested claims)
            chosen = sorted(chosen, key=lambda d: display_rank(d.item, layout, chronology))
        entries = tuple(in_brief_terms(entry_for(d, counter), rewrite) for d in chosen)
        if part.is_builtin:
            parts.append(Part(part.name, anchor, part.heading, part.intro, entries))
            continue
        heading = part.heading or candidates(part, project)[1]
        line = project.bottom_lines.get(part.name)
        bottom_line = rewrite(line.text) if line and entries else None
        blocks = blocks_of(entries, layout, anchor, project, rewrite, chronology)
        parts.append(
            Part("section", anchor, heading, part.intro, entries, layout, blocks, None, bottom_line)
        )
    if brief.options.numbering:
        parts = numbered(parts)
    parts = with_overview(parts, brief)
    order: dict[str, Source] = {}
    for note in counter.notes:
        order.setdefault(note.source.id, note.source)
    sources = tuple(order.values())
    frozen_parts = tuple(parts)
    placed = {e.item.id: p for p in frozen_parts if p.kind != "judgments" for e in p.entries}
    standfirst = brief.standfirst or project.standfirst
    return Selection(
        brief=replace(brief, theme=brief.theme.over(project.theme)),  # the look it is drawn in
        topic=project.topic,
        actors=actors,
        parts=frozen_parts,
        notes=tuple(counter.notes),
        sources=sources,
        summary=summarise(sources, frozen_parts, project, actors),
        placed=placed,
        standfirst=apply_terminology(standfirst, rewrite) if standfirst else None,
        group_labels={
            g: project.group_label(g) for g in sorted({s.perspective_group for s in sources})
        },
    )
