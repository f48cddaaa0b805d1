"""A brief's theme carried into its Word file: colours and fonts of the styles, the paper size.

Only what the theme sets is changed: the reference document (the built-in one, or a
project's own templates/reference.docx) keeps everything else. Colours go to the styles
readers see them in (accent: the title and headings and the bottom line's rule; ink: the
text; muted: attributions; marking: the marking in the title block and the page header);
the theme's first serif family becomes the text's Latin font and its first sans family the
headings' (a theme's font may lack other scripts, so the reference's fonts for complex and
East Asian scripts stay); the paper sets every section's page size, margins unchanged.
Every value was pattern-checked when read, so nothing in it can become XML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from briefgen.model import Theme

MM_PER_INCH = 25.4
TWIPS_PER_INCH = 1440
PAPER_MM = {
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "B4": (250.0, 353.0),
    "B5": (176.0, 250.0),
    "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
}
HEADINGS = ("Title", "Subtitle", "TOCHeading", *(f"Heading{n}" for n in range(1, 7)))


def themed(files: dict[str, bytes], theme: Theme) -> None:
    """Apply what `theme` sets to the package's styles.xml and document.xml, in place."""
    styles = files["word/styles.xml"].decode("utf-8")
    colours = {
        **dict.fromkeys(HEADINGS, theme.accent),
        "Attribution": theme.muted,
        "Marking": theme.marking,
        "Header": theme.marking,
    }
    for style_id, colour in colours.items():
        if colour:
            styles = in_style(styles, style_id, partial(with_colour, colour=colour))
    if theme.accent:
        styles = in_style_block(styles, "BottomLine", partial(rule_colour, colour=theme.accent))
    if theme.sans:
        for style_id in HEADINGS:
            styles = in_style(styles, style_id, partial(with_latin_font, family=theme.sans[0]))
    styles = in_defaults(styles, theme)
    files["word/styles.xml"] = styles.encode("utf-8")
    if theme.paper:
        width, height = paper_twips(theme.paper)
        size = f'<w:pgSz w:w="{width}" w:h="{height}" />'
        doc = files["word/document.xml"].decode("utf-8")
        doc = re.sub(r"<w:pgSz\b[^>]*/>", size, doc)
        if size not in doc:  # no page size in the reference: one in every section
            doc = re.sub(r"(<w:sectPr\b[^>]*>)", lambda m: m.group(1) + size, doc)
        files["word/document.xml"] = doc.encode("utf-8")


def paper_twips(paper: str) -> tuple[int, int]:
    """A paper name or "Wmm Hmm" as a width and height in twentieths of a point."""
    if paper in PAPER_MM:
        mm = PAPER_MM[paper]
    else:
        width, height = (float(v.removesuffix("mm")) for v in paper.split())
        mm = (width, height)
    return round(mm[0] / MM_PER_INCH * TWIPS_PER_INCH), round(mm[1] / MM_PER_INCH * TWIPS_PER_INCH)


def in_style_block(styles: str, style_id: str, change: Callable[[str], str]) -> str:
    """styles.xml with `change` applied to one style's whole element (none: unchanged)."""
    block = re.search(
        rf'<w:style\b[^>]*w:styleId="{re.escape(style_id)}"[^>]*>.*?</w:style>', styles, re.DOTALL
    )
    if block is None:
        return styles
    return styles[: block.start()] + change(block.group(0)) + styles[block.end() :]


def in_style(styles: str, style_id: str, change: Callable[[str], str]) -> str:
    """styles.xml with `change` applied to one style's run properties (made if absent)."""

    def on_run_properties(xml: str) -> str:
        xml = re.sub(r"<w:rPr\s*/>", "<w:rPr></w:rPr>", xml)
        if "<w:rPr>" not in xml:
            return xml.replace("</w:style>", change("<w:rPr></w:rPr>") + "</w:style>")
        return re.sub(
            r"<w:rPr>.*?</w:rPr>", lambda m: change(m.group(0)), xml, count=1, flags=re.DOTALL
        )

    return in_style_block(styles, style_id, on_run_properties)


def in_defaults(styles: str, theme: Theme) -> str:
    """The document's default run properties with the theme's ink and text font."""

    def change(rpr: str) -> str:
        if theme.ink:
            rpr = with_colour(rpr, theme.ink)
        if theme.serif:
            rpr = with_latin_font(rpr, theme.serif[0])
        return rpr

    match = re.search(r"<w:rPrDefault>\s*(<w:rPr>.*?</w:rPr>)", styles, re.DOTALL)
    if match is None:
        return styles
    return styles[: match.start(1)] + change(match.group(1)) + styles[match.end(1) :]


def hex_digits(colour: str) -> str:
    """A theme colour ("#0b6e4f") as Word writes it ("0B6E4F")."""
    return colour.lstrip("#").upper()


def with_colour(rpr: str, colour: str) -> str:
    """Run properties with this text colour ("#rrggbb")."""
    value = f'<w:color w:val="{hex_digits(colour)}" />'
    if re.search(r"<w:color\b[^>]*/>", rpr):
        return re.sub(r"<w:color\b[^>]*/>", value, rpr, count=1)
    return rpr.replace("</w:rPr>", value + "</w:rPr>", 1)


def with_latin_font(rpr: str, family: str) -> str:
    """Run properties whose Latin text (ascii, hAnsi) is set in this family."""
    if re.search(r"<w:rFonts\b[^>]*/>", rpr):
        rpr = re.sub(r'\s*w:(ascii|hAnsi|asciiTheme|hAnsiTheme)="[^"]*"', "", rpr)
        return re.sub(
            r"<w:rFonts\b", f'<w:rFonts w:ascii="{family}" w:hAnsi="{family}"', rpr, count=1
        )
    return rpr.replace("<w:rPr>", f'<w:rPr><w:rFonts w:ascii="{family}" w:hAnsi="{family}" />', 1)


def rule_colour(style: str, colour: str) -> str:
    """A style whose paragraph borders take this colour."""
    value = hex_digits(colour)
    return re.sub(
        r'(<w:(?:left|right|top|bottom)\b[^>]*w:color=")[0-9A-Fa-f]{6}"', rf'\g<1>{value}"', style
    )
