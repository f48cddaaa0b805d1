"""Explain and compare: what a brief includes and excludes, and which rule decided."""

from __future__ import annotations

from collections.abc import Callable

from briefgen.model import (
    Brief,
    ContestedClaim,
    Filters,
    PartialDate,
    Position,
    Project,
    label,
)
from briefgen.selection.filters import Decision, source_rule
from briefgen.selection.select import decisions


def describe_filters(f: Filters) -> str:
    """A brief's or part's filters in one line ('' when none)."""
    words = []
    if f.weight == "key":
        words.append("depth key")
    for name in ("tags", "exclude_tags"):
        values = getattr(f, name)
        if values:
            words.append(f"{name} {', '.join(values)}")
    if f.since or f.until:
        words.append(f"dates {f.since or '…'} to {f.until or '…'}")
    if source_rule(f):
        words.append(f"sources {source_rule(f)}")
    if f.max_items:
        words.append(f"at most {f.max_items} items")
    return "; ".join(words)


def position_label(p: Position, project: Project) -> str:
    """A position for explain and compare: who holds it and its stance."""
    actor = project.actors.get(p.held_by) if p.held_by else None
    if actor is not None:
        who = actor.name
    else:
        source = project.sources.get(p.attributions[0].source) if p.attributions else None
        who = f"{source.short_name if source else 'a source'} (own account)"
    return f"{who} ({p.stance})"


def dropped_positions(d: Decision, project: Project) -> list[tuple[str, str, bool]]:
    """A kept contested claim's positions that cite no source passing the source filters:
    (position, rule, shown all the same because of `dropped_positions: keep`)."""
    if not (d.kept and isinstance(d.item, ContestedClaim)):
        return []
    return [
        (position_label(d.item.positions[i], project), rule, bool(d.attributions[i]))
        for i, rule in d.dropped
    ]


def explain(
    brief: Brief,
    project: Project,
    headings: Callable[[str], str] = str,
    date: Callable[[PartialDate], str] | None = None,
) -> list[str]:
    """Lines saying, part by part, what the brief keeps and what it leaves out and why
    (`headings`: a built-in part's heading in the brief's language)."""
    lines = [f"{brief.id}: {brief.title}" + (f" — {brief.subtitle}" if brief.subtitle else "")]
    if brief.extends:
        lines.append(f"  extends {' → '.join(brief.extends)}")
    if describe_filters(brief.filters):
        lines.append(f"  brief filters: {describe_filters(brief.filters)}")
    if brief.max_pages:
        lines.append(f"  page budget: {brief.max_pages}")
    o = brief.options
    lines.append(
        f"  options: reliability grades {'shown' if o.reliability else 'hidden'}; {o.notes}; "
        f"{'cover page' if o.cover_page else 'memo layout'}; "
        f"{'contents' if o.contents else 'no contents'}"
    )
    for choice in o.terminology:
        lines.append(f"  terminology: {choice.term} → {choice.name}")
    for part in brief.parts:
        if part.name == "judgments":
            lines.append(f"  [judgments] all {len(project.judgments)} key judgments")
            continue
        chosen, heading = decisions(brief, part, project)
        heading = headings(heading)
        if not chosen:
            lines.append(f"  [{part.name}] {heading}: made from the statements selected above")
            continue
        kept = sum(1 for d in chosen if d.kept)
        words = (
            describe_filters(part.filters),
            f"{part.layout} layout" * (part.layout not in (None, "full")),
        )
        rule = "; ".join(w for w in words if w)
        lines.append(
            f"  [{part.name}] {heading}: {kept} of {len(chosen)} kept"
            + (f" ({rule})" if rule else "")
        )
        for d in chosen:
            mark = "+" if d.kept else "-"
            why = "kept" if d.kept else d.reason
            lines.append(f"    {mark} {d.item.id:<32} {why}  · {label(d.item, date)}")
            for who, rule, shown in dropped_positions(d, project):
                if shown:
                    lines.append(
                        f"        position kept: {who}: {rule}, shown all the same "
                        "(options.dropped_positions: keep)"
                    )
                else:
                    lines.append(
                        f"        - position left out: {who}: {rule} "
                        "(the brief says so under the question)"
                    )
    return lines


def kept_ids(
    brief: Brief, project: Project, headings: Callable[[str], str] = str
) -> dict[str, str]:
    """Every item id a brief shows, with the heading of the part it is in."""
    shown: dict[str, str] = {}
    for part in brief.parts:
        if part.name == "judgments":
            shown.update({j.id: headings("Key judgments") for j in project.judgments})
            continue
        chosen, heading = decisions(brief, part, project)
        shown.update({d.item.id: headings(heading) for d in chosen if d.kept})
    return shown


def compare(
    first: Brief,
    second: Brief,
    project: Project,
    headings: Callable[[str], str] = str,
    date: Callable[[PartialDate], str] | None = None,
) -> list[str]:
    """Lines saying what one audience gets that the other does not (`project`: as the first
    brief shows it; `headings`: a built-in part's heading in its language)."""
    a, b = kept_ids(first, project, headings), kept_ids(second, project, headings)
    statements = {**project.by_id(), **{j.id: j for j in project.judgments}}
    lines = []
    for this, mine, theirs in ((first, a, b), (second, b, a)):
        only = [i for i in mine if i not in theirs]
        lines.append(f"only in {this.id} ({len(only)}):")
        for item_id in only:
            lines.append(f"  {mine[item_id]:<28} {item_id:<32} {label(statements[item_id], date)}")
    both = [i for i in a if i in b]
    lines.append(f"in both: {len(both)} items")
    for this in (first, second):
        left_out = positions_left_out(this, project)
        lines.append(f"positions left out in {this.id} ({len(left_out)}):")
        lines += [f"  {item_id:<32} {who}: {rule}" for item_id, who, rule in left_out]
        whole = left_out_whole(this, project)
        if whole:
            lines.append(
                f"left out whole in {this.id}, their words resting on a source the filter "
                f"drops ({len(whole)}):"
            )
            lines += [f"  {item_id:<32} {', '.join(names)}" for item_id, names in whole]
    return lines


def left_out_whole(brief: Brief, project: Project) -> list[tuple[str, tuple[str, ...]]]:
    """The statements a brief leaves out whole because their words name (or rest on) what only
    a source its filters drop brought: (id, those names)."""
    found = []
    for part in brief.parts:
        if part.name == "judgments":
            continue
        chosen, _ = decisions(brief, part, project)
        found += [(d.item.id, d.named) for d in chosen if d.named]
    return found


def positions_left_out(brief: Brief, project: Project) -> list[tuple[str, str, str]]:
    """Every position a brief leaves out of a contested claim it shows: (claim id, who, rule)."""
    found = []
    for part in brief.parts:
        if part.name == "judgments":
            continue
        chosen, _ = decisions(brief, part, project)
        for d in chosen:
            found += [
                (d.item.id, who, rule)
                for who, rule, shown in dropped_positions(d, project)
                if not shown
            ]
    return found
