"""The balance lint: its rules (documented in docs/balance-lint.md), each warning naming its
rule and the fix that fits, and the reasons recorded in the content for not following one."""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.errors import Location, Problem, Severity, suggest
from briefgen.model import (
    Attribution,
    ContestedClaim,
    LintIgnore,
    Position,
    Project,
    Statement,
    Term,
)

ONE_SIDED_DISPUTE = "one-sided-dispute"
ONE_SIDED_STATEMENT = "one-sided-statement"
RULES = (ONE_SIDED_DISPUTE, ONE_SIDED_STATEMENT)
IGNORE = "or record why it stands: lint_ignore: {{{rule}: <reason>}}"


def warning(loc: Location, rule: str, message: str) -> Problem:
    """A balance warning: the rule in brackets, then what is wrong and the fix."""
    return Problem(loc, f"[{rule}] {message}", Severity.WARNING)


def groups_of(attributions: tuple[Attribution, ...], project: Project) -> set[str]:
    """The perspective groups of the known sources of some attributions."""
    return {
        project.sources[a.source].perspective_group
        for a in attributions
        if a.source in project.sources
    }


@dataclass(frozen=True)
class Dispute:
    """A contested claim reported from two or more perspective groups, as the lint sees it."""

    claim: ContestedClaim
    aligned: dict[str, int]  # group → the one position its sources report (groups on one side)
    passages: dict[tuple[str, str], int]  # (source, quote) → the position citing it

    def position(self, index: int) -> Position:
        return self.claim.positions[index]


def disputes(project: Project) -> dict[str, list[Dispute]]:
    """By tag: the contested claims carrying it whose positions come from two or more groups."""
    found: dict[str, list[Dispute]] = {}
    for item in project.items:
        if not isinstance(item, ContestedClaim) or len(groups_of(item.attributions, project)) < 2:
            continue
        sides: dict[str, set[int]] = {}
        passages: dict[tuple[str, str], int] = {}
        for index, p in enumerate(item.positions):
            for group in groups_of(p.attributions, project):
                sides.setdefault(group, set()).add(index)
            for a in p.attributions:
                passages.setdefault((a.source, a.quote), index)
        aligned = {g: next(iter(s)) for g, s in sides.items() if len(s) == 1}
        dispute = Dispute(item, aligned, passages)
        for tag in item.tags:
            found.setdefault(tag, []).append(dispute)
    return found


def one_sided_dispute(c: ContestedClaim, project: Project) -> Problem | None:
    """Rule one-sided-dispute: every position is reported by sources of one perspective group."""
    groups = groups_of(c.attributions, project)
    if len(c.positions) < 2 or len(groups) != 1:
        return None
    (group,) = groups
    return warning(
        c.loc,
        ONE_SIDED_DISPUTE,
        f"every position of contested claim '{c.id}' is reported by '{project.group_label(group)}' "
        "sources only: add a second source from another perspective group to a position, "
        "or a position reported by one, " + IGNORE.format(rule=ONE_SIDED_DISPUTE),
    )


def one_sided_statement(
    s: Statement, found: dict[str, list[Dispute]], project: Project
) -> Problem | None:
    """Rule one-sided-statement: a statement in a source's own voice on a disputed question
    rests only on sources aligned with one of its positions."""
    if isinstance(s, ContestedClaim | Term) or all(a.held_by for a in s.attributions):
        return None  # a dispute's positions and a term's names are attributed, not asserted
    groups = groups_of(s.attributions, project)
    if not groups:
        return None
    for tag in s.tags:
        for d in found.get(tag, ()):
            sides = {d.aligned.get(g) for g in groups}
            if None in sides or len(sides) != 1:
                continue  # a source not on one side, or sources on different sides
            (side,) = sides
            assert side is not None
            position = d.position(side)
            others = sorted(
                {
                    project.group_label(g)
                    for g in groups_of(d.claim.attributions, project)
                    if g not in groups
                }
            )
            labels = " or ".join(f"'{g}'" for g in others)
            shared = any((a.source, a.quote) in d.passages for a in s.attributions)
            what = (
                f"'{s.id}' cites the passage of the position '{position.stance}' of the contested "
                f"claim '{d.claim.id}' (tag '{tag}'), and only sources on that side"
                if shared
                else f"'{s.id}' is on the question of the contested claim '{d.claim.id}' "
                f"(tag '{tag}') but cites only sources on the side of its position "
                f"'{position.stance}'"
            )
            fix = (
                "state it as that position there (a position), or cite a second source of "
                if shared
                else "cite a second source of "
            ) + f"a perspective group not on that side (e.g. {labels}), "
            return warning(
                s.loc,
                ONE_SIDED_STATEMENT,
                what + ": " + fix + IGNORE.format(rule=ONE_SIDED_STATEMENT),
            )
    return None


def check_balance(project: Project) -> list[Problem]:
    """Every balance warning the content's recorded reasons do not answer, and every problem
    with those reasons (an unknown rule, a reason for a rule that does not fire)."""
    found = disputes(project)
    problems = []
    for s in project.statements():
        fired = {
            p.message[1 : p.message.index("]")]: p
            for p in (
                one_sided_dispute(s, project) if isinstance(s, ContestedClaim) else None,
                one_sided_statement(s, found, project),
            )
            if p is not None
        }
        ignored: tuple[LintIgnore, ...] = project.lint_ignores.get(s.id, ())
        for ignore in ignored:
            if ignore.rule not in RULES:
                problems.append(
                    Problem(
                        ignore.loc,
                        f"unknown lint rule '{ignore.rule}'{suggest(ignore.rule, RULES)}",
                    )
                )
            elif ignore.rule not in fired:
                problems.append(
                    Problem(
                        ignore.loc,
                        f"lint_ignore of '{ignore.rule}' on '{s.id}': the rule does not fire "
                        "here; remove the entry",
                        Severity.WARNING,
                    )
                )
        answered = {i.rule for i in ignored}
        problems += [p for rule, p in fired.items() if rule not in answered]
    return problems
