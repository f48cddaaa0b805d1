"""Quote marks per language and script, from CLDR (ICU's locale data), for HTML, PDF and Word.

CLDR gives zh, zh-Hans, zh-CN and zh-SG “…” ‘…’, zh-Hant, zh-TW, zh-HK and ja 「…」『…』, fr
«…», de „…“ and so on; a language CLDR does not know gets the root's “…” ‘…’.  French puts a
narrow no-break space inside its guillemets (CLDR's marks do not carry the spacing).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import icu

from briefgen.render.css import css_string

INSIDE_GUILLEMETS = {"fr": "\u202f"}  # the space a language puts inside « » (CLDR has none)
# House style over CLDR: Arabic and Persian briefs quote in guillemets «…», as the Arab press and
# publishers do (CLDR's ”…“ for ar reads as English marks turned round in a right-to-left line)
HOUSE_MARKS = {"ar": ("«", "»", "“", "”"), "fa": ("«", "»", "“", "”")}


@dataclass(frozen=True)
class QuoteMarks:
    """The opening and closing marks of a quotation, and of a quotation inside it."""

    open: str
    close: str
    inner_open: str
    inner_close: str

    def four(self) -> tuple[str, str, str, str]:
        """The marks in the order markdown-it's typographer takes them."""
        return (self.open, self.close, self.inner_open, self.inner_close)


@cache
def quote_marks(tag: str) -> QuoteMarks:
    """The quote marks of a language tag (BCP 47, e.g. zh-TW), CLDR's through ICU."""
    locale = icu.Locale(tag.replace("-", "_"))
    if locale.getLanguage() in HOUSE_MARKS:
        return QuoteMarks(*HOUSE_MARKS[locale.getLanguage()])
    data = icu.LocaleData(locale.getName())
    kind = icu.ULocaleDataDelimiterType
    marks = [
        str(data.getDelimiter(k))
        for k in (
            kind.QUOTATION_START,
            kind.QUOTATION_END,
            kind.ALT_QUOTATION_START,
            kind.ALT_QUOTATION_END,
        )
    ]
    space = INSIDE_GUILLEMETS.get(locale.getLanguage(), "")
    if space:
        marks = [m + space if m in "«‹" else space + m if m in "»›" else m for m in marks]
    return QuoteMarks(*marks)


def quotes_css(tags: list[str]) -> str:
    """CSS giving each q element the marks of its language, for the language tags given.

    Less specific tags first, so that `q:lang(zh-TW)` comes after (and wins over) `q:lang(zh)`.
    """
    rules = []
    for tag in sorted(set(tags), key=lambda t: (t.count("-"), t.lower())):
        marks = quote_marks(tag)
        values = " ".join(
            css_string(m) for m in (marks.open, marks.close, marks.inner_open, marks.inner_close)
        )
        rules.append(f"q:lang({tag}) {{ quotes: {values}; }}")
    return "\n".join(rules)
