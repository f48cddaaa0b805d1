"""Preferred terminology: a brief's chosen name for a contested concept in the analyst's text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar, cast

from .model import Claim, ContestedClaim, Event, Figure, Judgment, Position, Table, Term

T = TypeVar("T")
Rewrite = Callable[[str], str]


def rewriter(
    terms: tuple[Term, ...], preferred_name: Callable[[str], str | None]
) -> Rewrite | None:
    """A function putting each preferred name in place of the term's other names, or None."""
    swaps: dict[str, str] = {}
    for term in terms:
        name = preferred_name(term.id)
        if name is None:
            continue
        for other in term.names:
            if other.name != name:
                swaps[other.name] = name
    if not swaps:
        return None
    # longest first, so "Nagorno-Karabakh" wins over "Karabakh"; whole words only, and not
    # inside a link target or an address (a name after "/", "." or "@" is left alone)
    alternatives = "|".join(re.escape(n) for n in sorted(swaps, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w/.@-])({alternatives})(?!\w)")
    return lambda text: pattern.sub(lambda m: swaps[m.group(1)], text)


def _opt(rewrite: Rewrite, text: str | None) -> str | None:
    return rewrite(text) if text is not None else None


def _position(p: Position, rewrite: Rewrite) -> Position:
    return replace(p, stance=rewrite(p.stance), summary=rewrite(p.summary))


def apply_terminology(item: T, rewrite: Rewrite | None) -> T:
    """The item with the analyst's own text rewritten; quotes and names of terms stay as written."""
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
    return item
