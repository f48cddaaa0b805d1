"""Filters: which items and attributions one part of a brief keeps, and why each is left out."""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefgen.model import (
    Attribution,
    ContestedClaim,
    Filters,
    PartialDate,
    Project,
    Statement,
    Term,
)

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
    # a kept contested claim's positions that cite no source passing the source filters, by
    # index, with that rule; left out of the brief (with a notice), or kept whole when the
    # brief says `dropped_positions: keep` (then their attributions above are not empty)
    dropped: tuple[tuple[int, str], ...] = ()

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


def decide(item: Statement, f: Filters, project: Project, keep_positions: bool = False) -> Decision:
    """Keep or leave out one item, with its surviving attributions.

    A contested claim is left out when fewer than two of its positions cite a source passing
    the source filters; once kept, a position citing none is dropped (and listed in
    `dropped`), or with `keep_positions` shown with all its attributions.
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
    if isinstance(item, ContestedClaim | Term):
        groups = item.positions if isinstance(item, ContestedClaim) else item.names
        kept = [
            tuple(a for a in g.attributions if attribution_passes(a, f, project)) for g in groups
        ]
        if sum(1 for k in kept if k) < 2:
            return Decision(
                item,
                f"fewer than two {'positions' if isinstance(item, ContestedClaim) else 'names'} cite a source {source_rule(f)}",
            )
        if isinstance(item, Term):
            return Decision(item, None, tuple(kept))
        dropped = tuple((i, f"no source {source_rule(f)}") for i, k in enumerate(kept) if not k)
        if keep_positions:
            kept = [k or p.attributions for k, p in zip(kept, item.positions, strict=True)]
        return Decision(item, None, tuple(kept), dropped)
    passing = tuple(a for a in item.attributions if attribution_passes(a, f, project))
    if not passing:
        return Decision(item, f"no source {source_rule(f)}")
    return Decision(item, None, (passing,))


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
