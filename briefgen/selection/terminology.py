"""Preferred terminology: a brief's chosen name for a contested term, where the analyst marked it.

The analyst marks each place that means a contested term's name with `[[term-id|Name]]`
(briefgen.marks). A brief that prefers one of that term's names shows it at the marked places;
every other brief shows the name written. Unmarked text, quotes, source titles and the
glossary's names are never rewritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar, cast

from briefgen.marks import resolve
from briefgen.model import (
    Actor,
    Claim,
    ContestedClaim,
    Event,
    Figure,
    Judgment,
    Position,
    Standfirst,
    Table,
    Term,
    TermName,
)

T = TypeVar("T")
Rewrite = Callable[[str], str]


def rewriter(terms: tuple[Term, ...], preferred_name: Callable[[str], str | None]) -> Rewrite:
    """A function giving each marked place the brief's preferred name, or the name written."""
    known = {t.id for t in terms}

    def choose(term: str) -> str | None:
        return preferred_name(term) if term in known else None

    return lambda text: resolve(text, choose)


def _opt(rewrite: Rewrite, text: str | None) -> str | None:
    return rewrite(text) if text is not None else None


def _position(p: Position, rewrite: Rewrite) -> Position:
    return replace(p, stance=rewrite(p.stance), summary=rewrite(p.summary))


def apply_terminology(item: T, rewrite: Rewrite | None) -> T:
    """The item with its marked places resolved; quotes and names of terms stay as written."""
    if rewrite is None:
        return item
    return cast(T, _rewritten(item, rewrite))


def _rewritten(item: object, rewrite: Rewrite) -> object:
    if isinstance(item, Claim | Event | Judgment):
        return replace(item, text=rewrite(item.text))
    if isinstance(item, Figure):
        return replace(item, measure=rewrite(item.measure), note=_opt(rewrite, item.note))
    if isinstance(item, ContestedClaim):
        return replace(
            item,
            question=rewrite(item.question),
            context=_opt(rewrite, item.context),
            positions=tuple(_position(p, rewrite) for p in item.positions),
        )
    if isinstance(item, Position):
        return _position(item, rewrite)
    if isinstance(item, Table):
        return replace(item, title=rewrite(item.title), note=_opt(rewrite, item.note))
    if isinstance(item, Term):
        return replace(
            item,
            concept=rewrite(item.concept),
            note=_opt(rewrite, item.note),
            names=tuple(cast(TermName, _rewritten(n, rewrite)) for n in item.names),
        )
    if isinstance(item, TermName):
        return replace(item, used_by=rewrite(item.used_by))
    if isinstance(item, Actor):
        return replace(item, name=rewrite(item.name))
    if isinstance(item, Standfirst):
        return replace(
            item,
            bottom_line=rewrite(item.bottom_line),
            whats_new=_opt(rewrite, item.whats_new),
            why_it_matters=_opt(rewrite, item.why_it_matters),
            outlook=_opt(rewrite, item.outlook),
            watch=tuple(rewrite(w) for w in item.watch),
        )
    return item
