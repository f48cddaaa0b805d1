"""The PDF's text layer as the page reads: an /ActualText where the glyphs cannot give the text.

WeasyPrint maps each glyph of a font to text once, through the font's ToUnicode map, with the
text of the first cluster the glyph was drawn in.  Shaping breaks that for Khmer (a vowel drawn
before its consonant, a subscript consonant as one glyph), for Thai and Lao SARA AM (one
character drawn as two glyphs, the nikhahit above the tone mark) and for every glyph drawn in
two clusters: search, copy and screen readers then get other text than the page shows.

For each line of text it draws, WeasyPrint's drawing is wrapped.  When the text its glyphs map
back to (invisible characters aside) is not the line's own text, or when a glyph maps to no text
(one of several drawn for a cluster) or is moved off its place (a mark above or below its base),
which text extraction reads as a space or a line of its own, the line's glyphs are put in a
`/Span <</ActualText …>> BDC … EMC` holding the line's text: PDF readers use it for search, copy
and reading aloud.  The zero-width spaces of breaks.py and the other invisible break controls
are left out of it.  The span sits inside the line's tagged marked content (or its artifact):
the structure is as before.

A line holding right-to-left text is left as it is: PDF readers (poppler's pdftotext) lay an
/ActualText out left to right, which would reverse it, and the glyphs of Arabic and Hebrew map
back to their text already.
"""

from __future__ import annotations

import functools
import unicodedata
from codecs import BOM_UTF16_BE
from typing import Any

from briefgen.render.breaks import ZWSP
from briefgen.render.patch_guard import source_digest, why_not

# invisible characters that only say where a line may or may not break, put in by briefgen
# (breaks.py, the templates' word joiner before a note call) or by an author: not text
BREAK_CONTROLS = {ZWSP, "\u2060", "\ufeff", "\u00ad"}

# sha256 of the source of weasyprint.draw.text.draw_first_line as verified (text_source)
VERIFIED_DRAW_SOURCE = "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b"
_installed: str | None = None  # None: not tried; "": in place; else why not


def actual_text(text: str) -> bytes:
    """A PDF text string (UTF-16 with its byte order mark, in hex) of the text."""
    return b"<" + (BOM_UTF16_BE + text.encode("utf-16-be")).hex().encode() + b">"


def visible(text: str) -> str:
    """The text without its invisible format characters (zero-width spaces and joiners, …)."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def line_text(stream: Any, textbox: Any) -> str | None:
    """The text of the first line of a drawn text box when its glyphs do not give it back
    through the fonts' ToUnicode maps, else None (and None for a line with right-to-left text)."""
    from weasyprint.text.ffi import ffi, pango

    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    layout = textbox.pango_layout
    line, _ = layout.get_first_line()
    pieces = []
    astray = False  # a glyph moved off its place, or one that maps to no text
    run = line.runs
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        if glyph_item.item.analysis.level % 2:
            return None
        to_unicode = stream.add_font(glyph_item.item.analysis.font)[0].to_unicode
        for info in glyph_item.glyphs.glyphs[0 : glyph_item.glyphs.num_glyphs]:
            glyph = info.glyph
            if glyph == empty or glyph & unknown:
                continue
            piece = to_unicode.get(glyph, "")
            pieces.append(piece)
            if not piece or info.geometry.x_offset or info.geometry.y_offset:
                astray = True
    utf8 = layout.text.encode()
    text = utf8[line.start_index : line.start_index + line.length].decode(errors="replace")
    mapped = "".join(pieces)
    if not astray and (mapped == text or visible(mapped) == visible(text)):
        return None
    return "".join(c for c in text if c not in BREAK_CONTROLS)


def text_source() -> str:
    """The digest of the WeasyPrint function the text layer wraps."""
    from weasyprint.draw import text as draw

    return source_digest((getattr(draw.draw_first_line, "__wrapped__", draw.draw_first_line),))


def install() -> str | None:
    """Wrap WeasyPrint's drawing of a line of text (weasyprint.draw.text.draw_first_line, which
    HTML and SVG text both use) once per process, on the WeasyPrint version and source
    verified; None when in place, else why not (the text layer is then WeasyPrint's own)."""
    global _installed
    if _installed is not None:
        return _installed or None
    why = why_not(text_source, VERIFIED_DRAW_SOURCE, "text drawing code")
    if why is not None:
        _installed = f"the text layer of shaped scripts as WeasyPrint writes it: {why}"
        return _installed
    import pydyf
    from weasyprint.draw import text as draw

    original = draw.draw_first_line

    @functools.wraps(original)
    def draw_first_line(
        stream: Any, textbox: Any, text_overflow: str, block_ellipsis: str, matrix: Any
    ) -> Any:
        start = len(stream.stream)
        emojis = original(stream, textbox, text_overflow, block_ellipsis, matrix)
        if len(stream.stream) > start and (text := line_text(stream, textbox)) is not None:
            properties = pydyf.Dictionary({"ActualText": actual_text(text)})
            stream.stream[start:start] = ["/Span", properties, b"BDC"]
            stream.stream.append(b"EMC")
        return emojis

    draw.draw_first_line = draw_first_line
    _installed = ""
    return None
