"""Line-break opportunities for WeasyPrint in scripts written without spaces between words.

Pango, which lays out WeasyPrint's text, finds no word boundaries in Khmer, Lao or Myanmar (and
Thai ones only through libthai), so a line of them overflows or breaks inside a word.  ICU's
line-break rules, with their dictionaries, are the reference: in the HTML handed to WeasyPrint,
every run of such text (Unicode's line-break class SA, complex context) gets a zero-width space
at each break ICU finds inside it.  The HTML for browsers is left as it is: browsers break these
scripts with ICU's rules themselves, and a zero-width space there would be copied with the text
and split a search for two words.  In the PDF the spaces draw no glyph, so the text layer does
not hold them (textlayer.py leaves them out of its /ActualText too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import icu

ZWSP = "\u200b"
# tags, comments and the rest: the text between tags is where the runs are looked for
TOKENS = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+|<", re.S)
TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
RAW_TEXT = {"style", "script", "title", "textarea"}
# inline elements a word can run across (`<em>` inside a Khmer sentence): the text on both sides
# is read as one for the break between them.  A footnote's text (span.fn) floats away: not that.
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark",
    "q", "s", "small", "span", "strong", "sub", "sup", "time", "u", "var",
}  # fmt: skip
FOOTNOTE = re.compile(r"""\sclass\s*=\s*["']?(?:[^"'>]*\s)?fn[\s"'>]""")


@cache
def complex_runs() -> re.Pattern[str]:
    """A run of characters of line-break class SA (Thai, Lao, Khmer, Myanmar, Tai scripts, …)."""
    chars = icu.UnicodeSet("[:Line_Break=Complex_Context:]")
    ranges = "".join(
        re.escape(first) if first == last else f"{re.escape(first)}-{re.escape(last)}"
        for first, last in chars.ranges()
    )
    return re.compile(f"[{ranges}]+")


@cache
def line_breaks() -> icu.BreakIterator:
    """ICU's line-break iterator (the SA dictionaries are chosen by script, not locale)."""
    return icu.BreakIterator.createLineInstance(icu.Locale.getRoot())


def breaks_inside(text: str) -> list[int]:
    """The offsets (in Python characters) inside `text` where ICU allows a line break."""
    iterator = line_breaks()
    iterator.setText(text)
    # ICU counts UTF-16 units: map them back to characters for text outside the BMP
    units = [] if text.isascii() or max(text) <= "\uffff" else _unit_offsets(text)
    out = []
    for boundary in iterator:
        at = units.index(boundary) if units else boundary
        if 0 < at < len(text):
            out.append(at)
    return out


def _unit_offsets(text: str) -> list[int]:
    """The UTF-16 offset of each character of text, and of its end."""
    offsets, at = [], 0
    for char in text:
        offsets.append(at)
        at += 2 if char > "\uffff" else 1
    offsets.append(at)
    return offsets


def with_breaks(text: str, before: str = "") -> str:
    """Text with a zero-width space at every ICU break inside each complex-script run; `before`
    is the run that ends the text just before this one (across an inline tag), read with it."""
    out, at = [], 0
    for match in complex_runs().finditer(text):
        lead = before if match.start() == 0 else ""
        run = lead + match.group()
        cuts = [c - len(lead) for c in breaks_inside(run) if c >= len(lead)]
        out.append(text[at : match.start()])
        last = 0
        for cut in cuts:
            out.append(match.group()[last:cut])
            out.append(ZWSP)
            last = cut
        out.append(match.group()[last:])
        at = match.end()
    out.append(text[at:])
    return "".join(out)


def _tokens(html: str) -> Iterator[str]:
    for match in TOKENS.finditer(html):
        yield match.group()


def break_opportunities(html: str) -> str:
    """The HTML with zero-width spaces at ICU's line breaks inside the text of its body's
    complex-script runs (nothing in <head>, in attributes or in style and script elements)."""
    if not complex_runs().search(html):
        return html
    out: list[str] = []
    in_body, raw = False, ""
    carry = ""  # the complex-script run that ends the text before, across inline tags only
    note = 0  # the depth of span elements inside a footnote (span.fn), 0 outside one
    for token in _tokens(html):
        if token.startswith("<") and len(token) > 1:
            out.append(token)
            name_match = TAG_NAME.match(token)
            name = name_match.group(1).lower() if name_match else ""
            closing = token.startswith("</")
            if raw:
                raw = "" if closing and name == raw else raw
                continue
            if name == "body" and not closing:
                in_body = True
            elif name in RAW_TEXT and not closing:
                raw = name
            if name not in INLINE:
                carry = ""
            elif name == "span" and (note or FOOTNOTE.search(token)):
                note += -1 if closing else 1
                if note == 0 or (note == 1 and not closing):  # into or out of the footnote
                    carry = ""  # its text is read apart from the text around it
            continue
        if raw or not in_body:
            out.append(token)
            continue
        out.append(with_breaks(token, carry))
        runs = complex_runs().findall(token)
        ends_in_run = bool(runs) and token.endswith(runs[-1])
        if ends_in_run and runs[-1] == token:
            carry += token
        else:
            carry = runs[-1] if ends_in_run else ""
    return "".join(out)
