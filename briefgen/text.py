"""Text folded for comparing quotes: the one normaliser that verification and selection share."""

from __future__ import annotations

MARKS = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)


def normalise(text: str) -> str:
    """Straight quote marks, '-' for dashes, single spaces; case is kept."""
    return " ".join(text.translate(MARKS).split())
