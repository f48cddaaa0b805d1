"""Inline SVG figures drawn from the data: a timeline and a perspective-coverage chart.

Every label is escaped; colour is doubled by a pattern and a printed number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup
from markupsafe import escape as escape_markup

from briefgen.model import Event
from briefgen.render.theme import DEFAULT, SANS_STACK

if TYPE_CHECKING:
    from briefgen.render.i18n import Language
    from briefgen.selection.select import Entry

# The charts lay their text out left to right (direction="ltr" on the <svg>) in every brief: a
# right-to-left brief gets a mirrored chart (`mirrored`) with its anchors already swapped; an
# inherited right-to-left direction would make browsers swap text-anchor start and end again and
# put the labels under the bars (seen in Chromium).  Arabic labels are still shaped and ordered.
WIDTH = 560  # the charts' viewBox width
SHAPE = re.compile(r"<(rect|text|line|circle)\b[^>]*>")
NUMBER_ATTR = re.compile(r'\b(x|x1|x2|cx|width)="([-0-9.]+)"')


def escape(text: object) -> Markup:
    """Text for an SVG element: escaped as plain text (an untranslated original's isolating
    <span> is HTML, which no SVG <text> may hold)."""
    return text if isinstance(text, Markup) else escape_markup(str(text))


def mirrored(svg: str) -> str:
    """The chart drawn right to left (a right-to-left brief): every x measured from the right,
    text anchored at the other end; the text itself is not mirrored."""

    def shape(match: re.Match[str]) -> str:
        tag = match.group(0)
        values = {k: float(v) for k, v in NUMBER_ATTR.findall(tag)}

        def flip(attr: re.Match[str]) -> str:
            name = attr.group(1)
            if name == "width":
                return attr.group(0)
            x = WIDTH - values[name] - (values.get("width", 0) if name == "x" else 0)
            return f'{name}="{x:.1f}"'

        tag = NUMBER_ATTR.sub(flip, tag)
        if match.group(1) == "text":
            if 'text-anchor="end"' in tag:
                tag = tag.replace('text-anchor="end"', 'text-anchor="start"')
            elif "text-anchor=" not in tag:
                tag = tag.replace("<text", '<text text-anchor="end"', 1)
        return tag

    return SHAPE.sub(shape, svg)


def words(lang: Language | None, message: str, **values: object) -> str:
    """A chart's words in the brief's language (English without one)."""
    return lang.text(message, **values) if lang is not None else message % values


PATTERNS = (
    ("solid", ""),
    ("hatch", '<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.6"/>'),
    ("dots", '<circle cx="3" cy="3" r="1.3" fill="#fff"/>'),
    ("cross", '<path d="M0,3 H6 M3,0 V6" stroke="#fff" stroke-width="1.2"/>'),
    ("rhatch", '<path d="M0,0 L6,6" stroke="#fff" stroke-width="1.6"/>'),
    ("grid", '<path d="M0,0 L6,6 M0,6 L6,0" stroke="#fff" stroke-width="1"/>'),
)
FILLS = DEFAULT.chart  # the default theme's chart fills
# the theme's default sans stack, for renderers of the bare SVG (the Word file's PNG): every script
FONTS = ",".join([*(f"'{name}'" for name in SANS_STACK), "sans-serif"])


def _defs(fills: Sequence[str] = FILLS) -> str:
    """Pattern definitions: one fill colour (the theme's, in turn) plus one texture per series."""
    palette = fills or FILLS
    parts = []
    for i, (name, overlay) in enumerate(PATTERNS):
        parts.append(
            f'<pattern id="pat-{name}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{palette[i % len(palette)]}"/>{overlay}</pattern>'
        )
    return "<defs>" + "".join(parts) + "</defs>"


def _fill(index: int) -> str:
    return f"url(#pat-{PATTERNS[index % len(PATTERNS)][0]})"


def coverage_words(
    coverage: Sequence[tuple[str, Sequence[tuple[str, int]]]], lang: Language | None = None
) -> str:
    """The chart's data in words (its <desc>, the PDF figure's alternate text): each section's
    count from each perspective group, and its total, in the brief's language."""
    return " ".join(
        f"{section}: "
        + ", ".join(
            words(lang, "%(num)s from %(group)s", num=n, group=group) for group, n in counts if n
        )
        + " "
        + words(lang, "(%(num)s in all).", num=sum(n for _, n in counts))
        for section, counts in coverage
    )


def coverage_chart(
    coverage: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    lang: Language | None = None,
    fills: Sequence[str] = FILLS,
) -> Markup:
    """Stacked bars: per section, how many statements cite each perspective group.

    In a right-to-left brief the chart runs right to left (labels on the right)."""
    if not coverage:
        return Markup("")
    groups = sorted({g for _, counts in coverage for g, _ in counts})
    label_w, bar_w, row_h = 190, 320, 26
    widest = max(sum(n for _, n in counts) for _, counts in coverage)
    scale = bar_w / max(widest, 1)
    # the legend sits under the bars in one column at the chart's start: on a phone, where the
    # chart keeps its size and scrolls sideways, every label is in view (a second column was not)
    legend_cols = 1
    legend_h = 20 * -(-len(groups) // legend_cols) + 10
    height = row_h * len(coverage) + legend_h + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart coverage" viewBox="0 0 560 {height}" '
        f'font-family="{FONTS}" direction="ltr" '
        f'role="img" aria-labelledby="coverage-title" aria-describedby="coverage-data">',
        '<title id="coverage-title">'
        f"{escape(words(lang, 'Statements per section by the perspective of their sources'))}</title>",
        f'<desc id="coverage-data">{escape(coverage_words(coverage, lang))}</desc>',
        _defs(fills),
    ]
    for row, (section, counts) in enumerate(coverage):
        y = 6 + row * row_h
        out.append(
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end">{escape(section)}</text>'
        )
        x = float(label_w)
        by_group = dict(counts)
        for gi, group in enumerate(groups):
            n = by_group.get(group, 0)
            if not n:
                continue
            w = n * scale
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="18" fill="{_fill(gi)}" '
                f'stroke="#fff"><title>{escape(words(lang, "%(section)s: %(num)s from %(group)s", section=section, num=n, group=group))}</title></rect>'
            )
            if w >= 14:  # a white tab keeps the count legible on any texture
                tab = 6 + 5 * len(str(n))
                out.append(
                    f'<rect x="{x + (w - tab) / 2:.1f}" y="{y + 4}" width="{tab}" height="11" '
                    'rx="2" fill="#fff"/>'
                )
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 13}" text-anchor="middle" class="count">{n}</text>'
                )
            x += w
        total = sum(by_group.values())
        out.append(f'<text x="{x + 5:.1f}" y="{y + 14}" class="total">{total}</text>')
    top = 6 + len(coverage) * row_h + 8
    legend_x = 10
    col_w = (560 - legend_x) / legend_cols
    for gi, group in enumerate(groups):
        x, y = legend_x + (gi % legend_cols) * col_w, top + (gi // legend_cols) * 20
        out.append(f'<rect x="{x:.1f}" y="{y}" width="14" height="14" fill="{_fill(gi)}"/>')
        out.append(f'<text x="{x + 20:.1f}" y="{y + 11}">{escape(group)}</text>')
    out.append("</svg>")
    svg = "".join(out)
    return Markup(mirrored(svg) if lang is not None and lang.rtl else svg)


def tick_step(span: int) -> int:
    """Years between the axis' ticks: 1, 2, 5 or 25 times a power of ten, at most ten ticks
    (a timeline from year 1 to 9999 has ticks every 1000 years)."""
    scale = 1
    while True:
        for s in (1, 2, 5, 10, 20, 25, 50):
            if span / (s * scale) <= 10:
                return s * scale
        scale *= 100


def timeline_chart(
    entries: Sequence[Entry], lang: Language | None = None, accent: str = FILLS[0]
) -> Markup:
    """A scaled time axis with one numbered marker per event (numbers match the list).

    In a right-to-left brief time runs from right to left."""
    dated = [(i + 1, e.item.date) for i, e in enumerate(entries) if isinstance(e.item, Event)]
    if not dated:
        return Markup("")
    years = [d.year + (d.month - 1 if d.month else 6) / 12 for _, d in dated]
    first, last = int(min(years)), int(max(years)) + 1
    left, width = 20, 520
    span = max(last - first, 1)

    def x_of(year: float) -> float:
        return left + (year - first) / span * width

    rows: list[float] = []
    placed = []
    for (number, _), year in zip(dated, years, strict=True):
        x = x_of(year)
        row = next((r for r, end in enumerate(rows) if end < x - 16), None)
        if row is None:
            rows.append(x)
            row = len(rows) - 1
        rows[row] = x
        placed.append((number, x, row))
    axis_y = 30 + 18 * len(rows)
    step = tick_step(span)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline" font-family="{FONTS}" direction="ltr" '
        f'viewBox="0 0 560 {axis_y + 30}" role="img" aria-labelledby="timeline-title">',
        '<title id="timeline-title">'
        + str(
            escape(
                words(
                    lang,
                    "Timeline of %(num)s events, %(first)s to %(last)s; numbers refer to the list below",
                    num=len(dated),
                    first=first,
                    last=last - 1,
                )
            )
        )
        + "</title>",
        f'<line x1="{left}" y1="{axis_y}" x2="{left + width}" y2="{axis_y}" stroke="#333"/>',
    ]
    tick = (first // step + 1) * step if first % step else first
    while tick <= last:
        tx = x_of(tick)
        out.append(
            f'<line x1="{tx:.1f}" y1="{axis_y}" x2="{tx:.1f}" y2="{axis_y + 5}" stroke="#333"/>'
        )
        out.append(f'<text x="{tx:.1f}" y="{axis_y + 17}" text-anchor="middle">{tick}</text>')
        tick += step
    for number, x, row in placed:
        y = axis_y - 14 - 18 * row
        out.append(f'<line x1="{x:.1f}" y1="{y + 4}" x2="{x:.1f}" y2="{axis_y}" stroke="#999"/>')
        out.append(f'<circle cx="{x:.1f}" cy="{y}" r="7" fill="{accent}"/>')
        out.append(
            f'<text x="{x:.1f}" y="{y + 3}" text-anchor="middle" class="on-bar">{number}</text>'
        )
    out.append("</svg>")
    svg = "".join(out)
    return Markup(mirrored(svg) if lang is not None and lang.rtl else svg)
