"""What the languages and scripts of one brief ask of its CSS, written into its HTML.

- Quote marks: a `q:lang()` rule for every language the document names (quotes.py, CLDR).
- No letter-spacing on a script whose letters join or stack (Arabic, Indic, Khmer, Thai, …):
  spacing pulls a Khmer cluster apart into dotted-circle glyphs and breaks Arabic joining.
  Which scripts those are comes from Unicode's properties (ICU): every script with a
  dual-joining letter, a virama, an invisible stacker or a dependent vowel.  Spacing is turned
  off by language (`:lang()`, for the brief's language and every run that carries `lang`) and
  by script for the brief's own words in spaced places (the marking, in the page's head and
  foot too, and the organisation line), whatever the brief's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

import icu

from briefgen.languages import script_of
from briefgen.render.quotes import quotes_css

# a lang attribute holding a plain language tag (anything else is left alone: no CSS from it)
LANG_ATTRIBUTE = re.compile(
    r"""<[A-Za-z][^<>]*?\slang\s*=\s*["']?([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)(?=["'\s/>])"""
)
SHAPING = (
    "[[:InSC=Virama:][:InSC=Invisible_Stacker:][:InSC=Vowel_Dependent:]"
    "[:Joining_Type=Dual_Joining:]]"
)
# the page's margin boxes that print the marking with letter-spacing (pdf.css, brief.css)
MARKING_BOXES = (
    "@page { @top-center { letter-spacing: normal; } @bottom-center { letter-spacing: normal; } }"
)


@cache
def unspaced_scripts() -> frozenset[str]:
    """The ISO 15924 codes of the scripts whose letters join or stack."""
    found = set()
    for first, last in icu.UnicodeSet(SHAPING).ranges():
        for code in range(ord(first), ord(last) + 1):
            found.add(str(icu.Script.getScript(code).getShortName()))
    return frozenset(found)


@cache
def unspaced_letters() -> re.Pattern[str]:
    """One character of a script that joins or stacks."""
    letters = icu.UnicodeSet("[" + "".join(f"[:sc={s}:]" for s in sorted(unspaced_scripts())) + "]")
    ranges = "".join(
        re.escape(first) if first == last else f"{re.escape(first)}-{re.escape(last)}"
        for first, last in letters.ranges()
    )
    return re.compile(f"[{ranges}]")


def languages_in(html: str) -> list[str]:
    """The language tags of an HTML document's lang attributes, each once, in order."""
    return list(dict.fromkeys(LANG_ATTRIBUTE.findall(html)))


def tracking_css(tags: list[str], texts: Mapping[str, str | None]) -> str:
    """CSS that takes letter-spacing off every language of `tags` written in a script that joins
    or stacks, and off each selector of `texts` whose text holds such a script; '@page' stands
    for the marking's margin boxes."""
    selectors = [f":lang({t})" for t in tags if script_of(t) in unspaced_scripts()]
    boxes = False
    for selector, text in texts.items():
        if text and unspaced_letters().search(text):
            if selector == "@page":
                boxes = True
            else:
                selectors.append(selector)
    rules = (
        [f"{', '.join(selectors)} {{ letter-spacing: normal !important; }}"] if selectors else []
    )
    if boxes:
        rules.append(MARKING_BOXES)
    return "\n".join(rules)


def with_script_rules(html: str, marking: str, organisation: str | None) -> str:
    """The brief's HTML with the quote-mark and letter-spacing rules its languages and scripts
    ask for, in a <style> at the end of its <head> (after the stylesheets they override)."""
    tags = languages_in(html)
    texts = {".marking": marking, "@page": marking, ".organisation": organisation}
    css = "\n".join(c for c in (quotes_css(tags), tracking_css(tags, texts)) if c)
    if not css:
        return html
    at = html.find("</head>")
    if at < 0:
        return html
    return f"{html[:at]}<style>\n{css}\n</style>\n{html[at:]}"
