"""Select: what one brief's audience gets, in order, with its notes numbered."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import (
    Actor,
    Attribution,
    Brief,
    BriefPart,
    Claim,
    ContestedClaim,
    Event,
    Figure,
    Judgment,
    PartialDate,
    Project,
    Source,
    Table,
    Term,
)

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
    refs: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Part:
    """A part of the brief: a content section or a built-in part, with its entries."""

    kind: str
    anchor: str
    heading: str
    intro: str | None
    entries: tuple[Entry, ...] = ()


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


def shown_ids(parts: tuple[Part, ...]) -> frozenset[str]:
    """The ids of every item shown in a brief, for links between parts."""
    return frozenset(e.item.id for p in parts for e in p.entries)


def keep(part: BriefPart, tags: tuple[str, ...], weight: str) -> bool:
    """Whether an item passes a part's depth and tag filters."""
    if part.depth == "key" and weight != "key":
        return False
    return not part.tags or bool(set(part.tags) & set(tags))


class NoteCounter:
    """Numbers notes in document order."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.notes: list[Note] = []

    def cite(self, attributions: tuple[Attribution, ...]) -> tuple[Note, ...]:
        """New notes for these attributions."""
        result = []
        cited = {n.source.id for n in self.notes}
        for a in attributions:
            holder = self.project.actors.get(a.held_by) if a.held_by else None
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


def entry_for(item: Item, counter: NoteCounter, project: Project) -> Entry:
    """An item with its notes numbered."""
    if isinstance(item, ContestedClaim):
        return Entry(
            "contested", item, groups=tuple(counter.cite(p.attributions) for p in item.positions)
        )
    if isinstance(item, Term):
        return Entry("term", item, groups=tuple(counter.cite(n.attributions) for n in item.names))
    if isinstance(item, Judgment):
        known = project.by_id()
        refs = tuple(known[r] for r in item.rests_on if r in known)
        # one note per source the judgment rests on: its first attribution to that source
        by_source: dict[str, Attribution] = {}
        for ref in refs:
            for a in ref.attributions:
                by_source.setdefault(a.source, a)
        return Entry("judgment", item, notes=counter.cite(tuple(by_source.values())), refs=refs)
    return Entry(kind_of(item), item, notes=counter.cite(item.attributions))


def part_items(part: BriefPart, project: Project) -> tuple[list[Item], str]:
    """The items a part shows and its default heading."""
    if part.name == "judgments":
        return list(project.judgments), "Key judgments"
    if part.name == "timeline":
        return [e for e in project.events if keep(part, e.tags, e.weight)], "Timeline"
    if part.name == "terms":
        terms = [t for t in project.terms if not part.tags or set(part.tags) & set(t.tags)]
        return list(terms), "Contested terminology"
    if part.name == "summary":
        return [], "Source summary"
    if part.name == "sources":
        return [], "Sources"
    kind = next(s for s in project.sections if s.id == part.name)
    items = [i for i in project.items if i.section == part.name and keep(part, i.tags, i.weight)]
    return list(items), kind.title


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
    counter = NoteCounter(project)
    parts = []
    for part in brief.parts:
        items, default_heading = part_items(part, project)
        entries = tuple(entry_for(i, counter, project) for i in items)
        parts.append(
            Part(
                kind="section" if not part.is_builtin else part.name,
                anchor=f"part-{part.name}",
                heading=part.heading or default_heading,
                intro=part.intro,
                entries=entries,
            )
        )
    order: dict[str, Source] = {}
    for note in counter.notes:
        order.setdefault(note.source.id, note.source)
    sources = tuple(order.values())
    frozen_parts = tuple(parts)
    return Selection(
        brief=brief,
        topic=project.topic,
        actors=project.actors,
        parts=frozen_parts,
        notes=tuple(counter.notes),
        sources=sources,
        summary=summarise(sources, frozen_parts),
    )
