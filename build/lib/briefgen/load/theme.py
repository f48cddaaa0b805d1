"""Read `theme:` (a project's in a content file, a brief's own): colours, fonts, logo, paper.

Every value is checked against a strict pattern, so what reaches the CSS is a colour, a
font name or a paper size and never a piece of style sheet.
"""

from __future__ import annotations

import re

from briefgen.load.fields import Fields, describe
from briefgen.load.yamltree import Map, Node, Seq
from briefgen.model import Theme

COLOURS = ("accent", "ink", "muted", "rule", "marking")
THEME_KEYS = (*COLOURS, "chart", "serif", "sans", "logo", "paper")
COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
FONT = re.compile(r"\w[\w .-]{0,63}")  # a family name: letters, digits, spaces, '.', '-'
LOGO = re.compile(r"[\w][\w.-]{0,99}\.(?:svg|png|jpe?g)", re.IGNORECASE)
PAPER_NAMES = ("A3", "A4", "A5", "B4", "B5", "letter", "legal")
PAPER_SIZE = re.compile(r"\d{2,4}(?:\.\d)?mm \d{2,4}(?:\.\d)?mm")


def read_theme(node: Node, f: Fields) -> Theme | None:
    """The theme written at `node` (a mapping), or None with a located problem."""
    if not isinstance(node, Map):
        f.error(node.loc, f"'theme' must be a mapping (accent: '#1f3b5a', …), not {describe(node)}")
        return None
    t = Fields(node, THEME_KEYS, f.problems)
    colours = {key: matching(t, key, COLOUR, "a colour such as '#1f3b5a'") for key in COLOURS}
    chart = listed(t, "chart", COLOUR, "a colour such as '#1f3b5a'")
    paper = t.text("paper", required=False, max_len=40)
    if paper is not None and paper not in PAPER_NAMES and not PAPER_SIZE.fullmatch(paper):
        t.error(
            node.entries["paper"].loc,
            f"'paper' must be one of {', '.join(PAPER_NAMES)} or a size such as '170mm 240mm',"
            f" not '{paper}'",
        )
        paper = None
    return Theme(
        chart=chart,
        serif=listed(t, "serif", FONT, "a font family name such as 'Source Serif 4'"),
        sans=listed(t, "sans", FONT, "a font family name such as 'Source Sans 3'"),
        logo=matching(t, "logo", LOGO, "a file name in templates/assets/ such as 'logo.svg'"),
        paper=paper,
        loc=node.loc,
        **colours,
    )


def matching(t: Fields, key: str, pattern: re.Pattern[str], what: str) -> str | None:
    """A text field that must match `pattern`, else a problem naming `what` it should be."""
    text = t.text(key, required=False, max_len=100)
    if text is not None and not pattern.fullmatch(text):
        t.error(t.node.entries[key].loc, f"'{key}' must be {what}, not '{text}'")
        return None
    return text


def listed(t: Fields, key: str, pattern: re.Pattern[str], what: str) -> tuple[str, ...]:
    """One value or a list of values, each matching `pattern`."""
    if not t.has(key):
        return ()
    node = t.node.entries[key]
    items = node.items if isinstance(node, Seq) else [node]
    values = []
    for item in items:
        text = t.scalar_text(item, key, 100)
        if text is None:
            continue
        if not pattern.fullmatch(text):
            t.error(item.loc, f"each '{key}' must be {what}, not '{text}'")
            continue
        values.append(text)
    return tuple(values)
