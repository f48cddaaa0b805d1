"""Filters: which items and attributions one part of a brief keeps, and why each is left out.

A sentence never names a source the brief no longer cites. When a source filter drops an
attribution of a statement and the statement's own words name what only that attribution
brings (its source's name, publisher, abbreviation or author, or the actor it is held by),
or the attribution was the only one held by its actor (what the text says that actor holds,
no kept source carries), the statement is left out whole, with that reason: `explain` and
`compare` say so and `check` warns. A contested claim's position is treated the same way: it
is left out, and the brief says so under the question. A contested claim left with one
position is kept, with the notice naming the positions left out (one left with none is left
out).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefgen.marks import as_written
from briefgen.model import (
    Attribution,
    ContestedClaim,
    Figure,
    Filters,
    PartialDate,
    Position,
    Project,
    Statement,
    Table,
    Term,
)
from briefgen.text import mentions

GRADES = "ABCDEF"


def combine(brief: Filters, part: Filters) -> Filters:
    """The part's filters over the brief's: a value set on the part wins; excluded tags add up."""
    merged = replace(
        brief,
        **{
            name: getattr(part, name)
            for name in (
                "tags",
                "since",
                "until",
                "min_reliability",
                "source_kinds",
                "perspectives",
                "weight",
                "max_items",
            )
            if getattr(part, name) not in (None, ())
        },
    )
    return replace(
        merged, exclude_tags=tuple(dict.fromkeys(brief.exclude_tags + part.exclude_tags))
    )


def within(date: PartialDate, since: PartialDate | None, until: PartialDate | None) -> bool:
    """Whether a (partial) date falls in a range whose ends are partial dates too."""
    if since is not None and (date.year, date.month or 12, date.day or 31) < (
        since.year,
        since.month or 1,
        since.day or 1,
    ):
        return False
    return not (
        until is not None
        and (date.year, date.month or 1, date.day or 1)
        > (until.year, until.month or 12, until.day or 31)
    )


def attribution_passes(a: Attribution, f: Filters, project: Project) -> bool:
    """Whether an attribution's source meets the reliability, kind and perspective filters."""
    source = project.sources[a.source]
    if f.min_reliability and GRADES.index(source.reliability) > GRADES.index(f.min_reliability):
        return False
    if f.source_kinds and source.kind not in f.source_kinds:
        return False
    return not (f.perspectives and source.perspective_group not in f.perspectives)


def source_rule(f: Filters) -> str:
    """The source filters in words, for reasons."""
    rules = []
    if f.min_reliability:
        rules.append(f"graded {f.min_reliability} or better")
    if f.source_kinds:
        rules.append(f"of kind {', '.join(f.source_kinds)}")
    if f.perspectives:
        rules.append(f"of perspective {', '.join(f.perspectives)}")
    return " and ".join(rules)


@dataclass(frozen=True)
class Decision:
    """An item kept (with the attributions it may cite) or left out (with the rule that decided)."""

    item: Statement
    reason: str | None
    attributions: tuple[tuple[Attribution, ...], ...] = ()
    # a kept contested claim's positions that cite no source passing the source filters (or
    # whose words name a source they lost), by index, with that rule; left out of the brief
    # (with a notice), or kept whole when the brief says `dropped_positions: keep` (then their
    # attributions above are not empty)
    dropped: tuple[tuple[int, str], ...] = ()
    # left out whole: the names its words give to what only the dropped attributions brought
    named: tuple[str, ...] = ()

    @property
    def kept(self) -> bool:
        """True when the item is in the brief."""
        return self.reason is None

    @property
    def left_out(self) -> tuple[int, ...]:
        """The indexes of the positions a kept contested claim does not show."""
        return tuple(i for i, _ in self.dropped if not self.attributions[i])


def item_date(item: Statement) -> PartialDate | None:
    """The date an item is filtered by, if it has one."""
    return getattr(item, "date", None) or getattr(item, "as_of", None)


def statement_words(item: Statement | Position) -> list[str]:
    """The analyst's words of a statement or a position, marks resolved."""
    if isinstance(item, Position):
        texts = [item.summary, item.stance]
    elif isinstance(item, Figure):
        texts = [item.measure, item.note or ""]
    elif isinstance(item, Table):
        texts = [item.title, item.note or ""]
    elif isinstance(item, ContestedClaim | Term):
        texts = []
    else:
        texts = [item.text]
    return [as_written(t) for t in texts if t]


def names_of(a: Attribution, project: Project) -> list[str]:
    """The names a text can give to what an attribution brings: its source and its holder."""
    source = project.sources[a.source]
    names = [source.short_name, source.publisher, source.abbreviation, source.author]
    actor = project.actors.get(a.held_by) if a.held_by else None
    return [n for n in (*names, actor.name if actor else None) if n]


def lost_names(
    texts: list[str],
    dropped: tuple[Attribution, ...],
    kept: tuple[Attribution, ...],
    project: Project,
    holders: bool = True,
) -> tuple[str, ...]:
    """What the words say that only the dropped attributions carried: the names they give to
    a dropped source or holder that no kept attribution shares, and (with `holders`) the
    actors whose only attributions were dropped."""
    kept_names = {n.casefold() for a in kept for n in names_of(a, project)}
    kept_holders = {a.held_by for a in kept}
    found: list[str] = []
    for a in dropped:
        found += [
            n
            for n in names_of(a, project)
            if n.casefold() not in kept_names and any(mentions(t, n) for t in texts)
        ]
        actor = project.actors.get(a.held_by) if a.held_by else None
        if holders and actor is not None and a.held_by not in kept_holders:
            found.append(actor.name)
    return tuple(dict.fromkeys(found))


def decide(item: Statement, f: Filters, project: Project, keep_positions: bool = False) -> Decision:
    """Keep or leave out one item, with its surviving attributions.

    A statement whose words name what only a dropped attribution brought is left out whole
    (`named`: see the module's rule). A contested claim is left out when none of its positions
    cites a source passing the source filters; once kept, a position citing none (or naming
    a source it lost) is dropped (and listed in `dropped`), or with `keep_positions` shown with
    all its attributions. A term is left out when fewer than two of its names keep a source.
    """
    tags = set(item.tags)
    weight = getattr(item, "weight", "detail")
    if f.weight == "key" and weight != "key":
        return Decision(item, "depth key: the item's weight is detail")
    if f.tags and not tags & set(f.tags):
        return Decision(item, f"tags: carries none of {', '.join(f.tags)}")
    hit = sorted(tags & set(f.exclude_tags))
    if hit:
        return Decision(item, f"exclude_tags: carries '{hit[0]}'")
    date = item_date(item)
    if date is not None and not within(date, f.since, f.until):
        return Decision(item, f"date {date} outside {f.since or '…'} to {f.until or '…'}")
    if isinstance(item, Term):
        names = [
            tuple(a for a in n.attributions if attribution_passes(a, f, project))
            for n in item.names
        ]
        if sum(1 for k in names if k) < 2:
            return Decision(item, f"fewer than two names cite a source {source_rule(f)}")
        return Decision(item, None, tuple(names))
    if isinstance(item, ContestedClaim):
        return decide_positions(item, f, project, keep_positions)
    passing = tuple(a for a in item.attributions if attribution_passes(a, f, project))
    if not passing:
        return Decision(item, f"no source {source_rule(f)}")
    lost = tuple(a for a in item.attributions if a not in passing)
    named = lost_names(statement_words(item), lost, passing, project) if lost else ()
    if named:
        return Decision(
            item,
            f"its words rest on {', '.join(named)}, cited only through a source the filter "
            f"drops (sources {source_rule(f)}): left out whole",
            named=named,
        )
    return Decision(item, None, (passing,))


def decide_positions(
    item: ContestedClaim, f: Filters, project: Project, keep_positions: bool
) -> Decision:
    """A contested claim: kept while a position keeps a source; the positions that keep none,
    or whose words name a source they lost, dropped with the rule (see `decide`)."""
    kept: list[tuple[Attribution, ...]] = []
    dropped: list[tuple[int, str]] = []
    for i, p in enumerate(item.positions):
        passing = tuple(a for a in p.attributions if attribution_passes(a, f, project))
        lost = tuple(a for a in p.attributions if a not in passing)
        named = lost_names(statement_words(p), lost, passing, project, holders=False)
        if not passing:
            dropped.append((i, f"no source {source_rule(f)}"))
        elif named:
            dropped.append(
                (
                    i,
                    f"its words rest on {', '.join(named)}, cited only through a source the "
                    f"filter drops (sources {source_rule(f)})",
                )
            )
            passing = ()
        kept.append(passing)
    if not any(kept):
        return Decision(item, f"no position cites a source {source_rule(f)}")
    if keep_positions:
        kept = [k or p.attributions for k, p in zip(kept, item.positions, strict=True)]
    return Decision(item, None, tuple(kept), tuple(dropped))


def priority(d: Decision, project: Project) -> tuple[int, int]:
    """Ranking for max_items: key before detail, then the best source grade (document order breaks ties)."""
    weight = 0 if getattr(d.item, "weight", "detail") == "key" else 1
    grades = [
        GRADES.index(project.sources[a.source].reliability) for g in d.attributions for a in g
    ]
    return weight, min(grades, default=len(GRADES))


def apply(
    items: list[Statement], f: Filters, project: Project, keep_positions: bool = False
) -> list[Decision]:
    """Decisions for every candidate item, in document order, max_items applied last."""
    decisions = [decide(i, f, project, keep_positions) for i in items]
    if f.max_items is not None:
        kept = [d for d in decisions if d.kept]
        ranked = sorted(range(len(kept)), key=lambda k: (priority(kept[k], project), k))
        dropped = {id(kept[k].item) for k in ranked[f.max_items :]}
        decisions = [
            Decision(
                d.item,
                f"max_items {f.max_items}: outranked (key before detail, then best source grade)",
            )
            if id(d.item) in dropped
            else d
            for d in decisions
        ]
    return decisions
