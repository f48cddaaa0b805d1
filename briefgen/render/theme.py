"""A theme resolved for rendering: the brief's settings over the project's over the defaults.

`theme_css` is the style sheet that carries it into the HTML (screen and browser print) and,
as an author sheet over pdf.css, into the PDF's pages and margin boxes; the charts take
their colours and font from the same Look.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from briefgen.model import Theme
from briefgen.render.css import css_string
from briefgen.safeio import MIB, read_capped

# Latin, Greek and Cyrillic first, then the Noto family of each other script (Debian's
# fonts-noto-core and fonts-noto-cjk, installed by scripts/setup.sh): a theme's own fonts go
# before these, so a script they lack still has a font.
SERIF_STACK = (
    "Liberation Serif",
    "Times New Roman",
    "DejaVu Serif",
    "Noto Serif",
    "Noto Naskh Arabic",
    "Noto Serif Hebrew",
    "Noto Serif Armenian",
    "Noto Serif Georgian",
    "Noto Serif Ethiopic",
    "Noto Serif Devanagari",
    "Noto Serif CJK SC",
)
SANS_STACK = (
    "Liberation Sans",
    "Arial",
    "Noto Sans Arabic",
    "DejaVu Sans",
    "Noto Sans",
    "Noto Sans Hebrew",
    "Noto Sans Armenian",
    "Noto Sans Georgian",
    "Noto Sans Ethiopic",
    "Noto Sans Devanagari",
    "Noto Sans CJK SC",
)
DEFAULT = Theme(
    accent="#1f3b5a",
    ink="#1b1b1b",
    muted="#555555",
    rule="#c8c8c8",
    marking="#7a1010",
    chart=("#1f3b5a", "#8a4b12", "#2f6b3a", "#6b2f5e", "#5a5a5a", "#1d6b72"),
    paper="A4",
)
MAX_LOGO_BYTES = 4 * MIB  # as every template asset
IMAGE_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


@dataclass(frozen=True)
class Look:
    """Every value a renderer needs, none missing."""

    accent: str
    ink: str
    muted: str
    rule: str
    marking: str
    chart: tuple[str, ...]
    serif: str  # a CSS font-family list
    sans: str
    paper: str


def family_list(own: tuple[str, ...], stack: tuple[str, ...], generic: str) -> str:
    """A CSS font-family list: the theme's families, the built-in stack, the generic family."""
    names = dict.fromkeys((*own, *stack))  # the theme's first, each once
    return ", ".join([*(css_string(n) for n in names), generic])


def look(theme: Theme) -> Look:
    """The theme with the defaults filled in."""
    t = theme.over(DEFAULT)
    return Look(
        accent=t.accent or "",
        ink=t.ink or "",
        muted=t.muted or "",
        rule=t.rule or "",
        marking=t.marking or "",
        chart=t.chart,
        serif=family_list(theme.serif, SERIF_STACK, "serif"),
        sans=family_list(theme.sans, SANS_STACK, "sans-serif"),
        paper=t.paper or "A4",
    )


def theme_css(lk: Look) -> str:
    """The style sheet of a look: the colour and font variables, the paper and margin boxes.

    Every value was checked when read (colours, family names, paper sizes), so nothing in it
    can end a declaration or the <style> element.
    """
    marked = "".join(f" @{b} {{ color: {lk.marking}; }}" for b in ("top-center", "bottom-center"))
    return (
        f":root {{ --ink: {lk.ink}; --muted: {lk.muted}; --rule: {lk.rule};"
        f" --accent: {lk.accent}; --marking: {lk.marking};"
        f" --serif: {lk.serif}; --sans: {lk.sans}; }}\n"
        # the margin boxes (running heads, page feet) inherit the page's font and colour
        f"@page {{ size: {lk.paper}; font-family: {lk.sans}; color: {lk.muted};{marked} }}"
    )


def logo_uri(path: Path) -> str:
    """The logo file as a data: URI, so the HTML stays one self-contained file."""
    kind = IMAGE_TYPES[path.suffix.lower()]
    data = read_capped(path, MAX_LOGO_BYTES)  # a regular file, read within its cap
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
