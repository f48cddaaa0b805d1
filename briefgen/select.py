"""Select: what one brief's audience gets, in order, with its notes numbered."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from .filters import Decision, apply, combine
from .model import (
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
from .terminology import Rewrite, apply_terminology, rewriter

Item = Claim | Figure | ContestedClaim | Table | Event | Term | Judgment


@dataclass(frozen=True)
class Note:
    """One numbered citation: who reports (source, quote, place) and who holds."""

    number: int
    attribution: Attribution
    source: Source
    holder: Actor | None
    first: bool = False


@dataclass(frozen=True)
class Entry:
    """One item as shown: its notes, or one group of notes per position or name."""

    kind: str
    item: Item
    notes: tuple[Note, ...] = ()
    groups: tuple[tuple[Note, ...], ...] = ()
    members: tuple[Position | TermName, ...] = ()
    refs: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Part:
    """A part of the brief: a content section or a built-in part, with its entries."""

    kind: str
    anchor: str
    heading: str
    intro: str | None
    entries: tuple[Entry, ...] = ()
    layout: str = "full"


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


def shown_ids(parts: tuple[Part, ...]) -> frozenset[str]:
    """The ids of every item shown in a brief, for links between parts."""
    return frozenset(e.item.id for p in parts for e in p.entries)


class NoteCounter:
    """Numbers notes in document order."""

    def __init__(self, project: Project, actors: dict[str, Actor]) -> None:
        self.project = project
        self.actors = actors
        self.notes: list[Note] = []

    def cite(self, attributions: tuple[Attribution, ...]) -> tuple[Note, ...]:
        """New notes for these attributions."""
        result = []
        cited = {n.source.id for n in self.notes}
        for a in attributions:
            holder = self.actors.get(a.held_by) if a.held_by else None
            first = a.source not in cited
            cited.add(a.source)
            note = Note(len(self.notes) + 1, a, self.project.sources[a.source], holder, first)
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


def entry_for(decision: Decision, counter: NoteCounter) -> Entry:
    """A kept item with its notes numbered; positions or names with no surviving source are dropped."""
    item = decision.item
    if isinstance(item, ContestedClaim | Term):
        members: tuple[Position | TermName, ...] = (
            item.positions if isinstance(item, ContestedClaim) else item.names
        )
        shown = [(m, a) for m, a in zip(members, decision.attributions, strict=True) if a]
        return Entry(
            kind_of(item),
            item,
            groups=tuple(counter.cite(a) for _, a in shown),
            members=tuple(m for m, _ in shown),
        )
    return Entry(kind_of(item), item, notes=counter.cite(decision.attributions[0]))


def in_brief_terms(entry: Entry, rewrite: Rewrite | None) -> Entry:
    """The entry with the brief's preferred names in the analyst's text."""
    if rewrite is None:
        return entry
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
    return apply(items, combine(brief.filters, part.filters), project), part.heading or heading


def summarise(sources: tuple[Source, ...], parts: tuple[Part, ...]) -> SourceSummary:
    """Counts of the cited sources and of statements per section and perspective."""
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
                for group in sorted({n.source.perspective_group for n in notes}):
                    groups[group] += 1
        if groups:
            coverage.append((part.heading, tuple(sorted(groups.items()))))
    return SourceSummary(
        count=len(sources),
        by_kind=tuple(sorted(Counter(s.kind for s in sources).items())),
        by_grade=tuple(sorted(Counter(s.reliability for s in sources).items())),
        by_group=tuple(sorted(Counter(s.perspective_group for s in sources).items())),
        earliest=dates[0] if dates else None,
        latest=dates[-1] if dates else None,
        undated=sum(1 for s in sources if not s.published),
        statements=statements,
        coverage=tuple(coverage),
    )


def select(brief: Brief, project: Project) -> Selection:
    """The Selection for a brief over a validated project."""
    rewrite = rewriter(project.terms, brief.options.preferred_name)
    actors = project.actors
    if rewrite is not None:
        actors = {k: replace(a, name=rewrite(a.name)) for k, a in actors.items()}
    counter = NoteCounter(project, actors)
    parts = []
    for part in brief.parts:
        if part.name == "judgments":
            entries = tuple(judgment_entry(j, counter, project) for j in project.judgments)
            heading = part.heading or DEFAULT_HEADINGS["judgments"]
        else:
            chosen, heading = decisions(brief, part, project)
            kept = [d for d in chosen if d.kept]
            if not part.is_builtin:
                # notes are numbered in reading order: the template gathers figures (and, in
                # the compact layout, contested claims) into tables after the other statements
                kept.sort(key=lambda d: display_rank(d.item, part.layout))
            entries = tuple(entry_for(d, counter) for d in kept)
        entries = tuple(in_brief_terms(e, rewrite) for e in entries)
        kind = part.name if part.is_builtin else "section"
        parts.append(Part(kind, f"part-{part.name}", heading, part.intro, entries, part.layout))
    order: dict[str, Source] = {}
    for note in counter.notes:
        order.setdefault(note.source.id, note.source)
    sources = tuple(order.values())
    frozen_parts = tuple(parts)
    return Selection(
        brief=brief,
        topic=project.topic,
        actors=actors,
        parts=frozen_parts,
        notes=tuple(counter.notes),
        sources=sources,
        summary=summarise(sources, frozen_parts),
    )
