"""A brief's theme carried into its Word file: colours and fonts of the styles, the paper size.

Only what the theme sets is changed: the reference document (the built-in one, or a
project's own templates/reference.docx) keeps everything else. Colours go to the styles
readers see them in (accent: the title and headings and the bottom line's rule; ink: the
text; muted: attributions; marking: the marking in the title block and the page header);
the theme's first serif family becomes the text's Latin font and its first sans family the
headings' (a theme's font may lack other scripts, so the reference's fonts for complex and
East Asian scripts stay); the paper sets every section's page size, margins unchanged.
Every value was pattern-checked when read, and is set as an attribute of the parsed styles
(lxml): nothing in it can become XML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from briefgen.load.ooxml import W
from briefgen.model import Theme

if TYPE_CHECKING:
    from briefgen.render.docx_package import Package

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


# the run properties that come after the colour in WordprocessingML's order (a new w:color
# goes before the first of them), and those after the fonts (w:rFonts comes after w:rStyle)
AFTER_COLOUR = (
    "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd",
    "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
)  # fmt: skip
AFTER_STYLE_RUN = ("tblPr", "trPr", "tcPr", "tblStylePr")  # a style's w:rPr goes before these
AFTER_PAGE_SIZE = (
    "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
    "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings",
)  # fmt: skip


def themed(pkg: Package, theme: Theme) -> None:
    """Apply what `theme` sets to the package's styles and sections, in place."""
    styles = pkg.xml("word/styles.xml")
    colours = {
        **dict.fromkeys(HEADINGS, theme.accent),
        "Attribution": theme.muted,
        "Marking": theme.marking,
        "Header": theme.marking,
    }
    for style_id, colour in colours.items():
        style = find_style(styles, style_id)
        if colour and style is not None:
            with_colour(run_properties(style), colour)
    bottom_line = find_style(styles, "BottomLine")
    if theme.accent and bottom_line is not None:
        rule_colour(bottom_line, theme.accent)
    if theme.sans:
        for style_id in HEADINGS:
            style = find_style(styles, style_id)
            if style is not None:
                with_latin_font(run_properties(style), theme.sans[0])
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    if defaults is not None:
        if theme.ink:
            with_colour(defaults, theme.ink)
        if theme.serif:
            with_latin_font(defaults, theme.serif[0])
    if theme.paper:
        width, height = paper_twips(theme.paper)
        for section in pkg.sections():
            size = section.find(f"{W}pgSz")
            if size is None:
                size = etree.Element(f"{W}pgSz")
                insert_before(section, size, AFTER_PAGE_SIZE)
            size.attrib.clear()
            size.set(f"{W}w", str(width))
            size.set(f"{W}h", str(height))


def paper_twips(paper: str) -> tuple[int, int]:
    """A paper name or "Wmm Hmm" as a width and height in twentieths of a point."""
    if paper in PAPER_MM:
        mm = PAPER_MM[paper]
    else:
        width, height = (float(v.removesuffix("mm")) for v in paper.split())
        mm = (width, height)
    return round(mm[0] / MM_PER_INCH * TWIPS_PER_INCH), round(mm[1] / MM_PER_INCH * TWIPS_PER_INCH)


def find_style(styles: etree._Element, style_id: str) -> etree._Element | None:
    """The style of that id in styles.xml, or None."""
    for style in styles.iter(f"{W}style"):
        if style.get(f"{W}styleId") == style_id:
            return style
    return None


def insert_before(parent: etree._Element, child: etree._Element, later: tuple[str, ...]) -> None:
    """`child` into `parent` before the first child named in `later` (else last)."""
    for i, existing in enumerate(parent):
        if isinstance(existing.tag, str) and etree.QName(existing).localname in later:
            parent.insert(i, child)
            return
    parent.append(child)


def run_properties(style: etree._Element) -> etree._Element:
    """A style's run properties (made if absent)."""
    props = style.find(f"{W}rPr")
    if props is None:
        props = etree.Element(f"{W}rPr")
        insert_before(style, props, AFTER_STYLE_RUN)
    return props


def hex_digits(colour: str) -> str:
    """A theme colour ("#0b6e4f") as Word writes it ("0B6E4F")."""
    return colour.lstrip("#").upper()


def with_colour(props: etree._Element, colour: str) -> None:
    """Run properties with this text colour ("#rrggbb"), instead of any theme colour."""
    value = props.find(f"{W}color")
    if value is None:
        value = etree.Element(f"{W}color")
        insert_before(props, value, AFTER_COLOUR)
    value.attrib.clear()
    value.set(f"{W}val", hex_digits(colour))


def with_latin_font(props: etree._Element, family: str) -> None:
    """Run properties whose Latin text (ascii, hAnsi) is set in this family; the fonts of the
    other scripts (eastAsia, cs) stay."""
    fonts = props.find(f"{W}rFonts")
    if fonts is None:
        fonts = etree.Element(f"{W}rFonts")
        style = props.find(f"{W}rStyle")
        props.insert(0 if style is None else props.index(style) + 1, fonts)
    for name in ("ascii", "hAnsi", "asciiTheme", "hAnsiTheme"):
        fonts.attrib.pop(f"{W}{name}", None)
    fonts.set(f"{W}ascii", family)
    fonts.set(f"{W}hAnsi", family)


def rule_colour(style: etree._Element, colour: str) -> None:
    """A style whose paragraph borders take this colour."""
    for side in ("left", "right", "top", "bottom"):
        for border in style.iter(f"{W}{side}"):
            if border.get(f"{W}color") is not None:
                border.set(f"{W}color", hex_digits(colour))
