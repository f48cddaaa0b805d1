"""Read `theme:` (a project's in a content file, a brief's own): colours, fonts, logo, paper.

Every value is checked against a strict pattern, so what reaches the CSS is a colour, a
font name or a paper size and never a piece of style sheet.
"""

from __future__ import annotations

from briefgen.load.fields import Fields, describe
from briefgen.load.schema import ThemeEntry
from briefgen.load.yamltree import Map, Node
from briefgen.model import Theme


def read_theme(node: Node, f: Fields) -> Theme | None:
    """The theme written at `node` (a mapping), or None with a located problem."""
    if not isinstance(node, Map):
        f.error(node.loc, f"'theme' must be a mapping (accent: '#1f3b5a', …), not {describe(node)}")
        return None
    E = ThemeEntry  # the fields, their forms and messages: schema.py
    t = Fields(node, E.FIELDS, f.problems)
    return Theme(
        accent=E.accent.read(t),
        ink=E.ink.read(t),
        muted=E.muted.read(t),
        rule=E.rule.read(t),
        marking=E.marking.read(t),
        chart=E.chart.read(t),
        serif=E.serif.read(t),
        sans=E.sans.read(t),
        logo=E.logo.read(t),
        paper=E.paper.read(t),
        loc=node.loc,
    )
