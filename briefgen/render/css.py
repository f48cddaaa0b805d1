"""Values written into CSS: one serialiser for every string a style sheet quotes.

A brief's marking, the page string of its language and the theme's font names are text from
the project; in a style sheet each becomes a CSS string literal whose characters are ASCII
letters, digits and a few harmless signs, everything else a CSS escape (`\\d `, `\\22 `,
`\\e9 `): no quote, backslash, line break (CR, LF, FF), NUL, `<` or non-ASCII letter of the
text reaches the style sheet as itself, so none can end the string, the declaration or the
<style> element, whatever the encoding the page is read in.
"""

from __future__ import annotations

import string

KEPT = frozenset(string.ascii_letters + string.digits + " .,:;!?-_/()'+=#%@*")


def css_escape(char: str) -> str:
    """One character as a CSS escape (NUL and surrogates, which CSS cannot hold, as U+FFFD)."""
    code = ord(char)
    if code == 0 or 0xD800 <= code <= 0xDFFF:
        code = 0xFFFD
    return f"\\{code:x} "


def css_string(text: str) -> str:
    """`text` as a double-quoted CSS string literal."""
    return '"' + "".join(c if c in KEPT else css_escape(c) for c in text) + '"'
