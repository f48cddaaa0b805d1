"""Languages: every label from a gettext message catalog, dates and numbers from CLDR (Babel).

A brief's `language:` picks the catalog `briefgen/locale/<lang>.po` (shipped: en, fr, tr, ru,
ar), read with Babel's `read_po` (no compiled .mo needed), and the project's own
`locale/<lang>.po`, whose messages win over the shipped ones one by one.  A language with no
catalog at all gets the English labels (a warning says so); dates, numbers and lists always come
from CLDR, and right-to-left languages (Arabic, Hebrew, Persian, …) get `dir="rtl"`.

Templates call `_("Contents")`, `_("Page %(page)s of %(pages)s", page=…)` and
`ngettext("%(num)s source", "%(num)s sources", n)`: the message is HTML-escaped, then the values
(escaped unless they are markup) are put in, so a catalog can never inject markup.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import regex
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

from briefgen.catalogs import header_line, read_checked, safe_plural
from briefgen.content_text import ContentText
from briefgen.errors import BuildError, Location, Problem, Severity
from briefgen.inline import french_spacing, typeset
from briefgen.languages import (
    CATALOGS,
    SHIPPED,
    catalog_names,
    direction,
    parse_locale,
    primary,
    project_catalog_file,
)
from briefgen.model import PartialDate
from briefgen.render.css import css_string
from briefgen.render.quotes import quote_marks
from briefgen.safeio import MIB, read_capped, refusal

MAX_CATALOG_BYTES = 4 * MIB  # as validate/languages.py
PLACEHOLDER = re.compile(r"%\((page|pages)\)s")
# letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, … and their forms)
RTL_LETTERS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def N_(message: str) -> str:
    """Marks a message for the catalogs; it is translated where it is shown."""
    return message


# Messages shown from data rather than written in a template: the change kinds, the page string
# and the charts' words (render/phrases.py holds the other words the tool says).
DATA_MESSAGES = (
    N_("Added"),
    N_("Removed"),
    N_("Reworded"),
    N_("Positions changed"),
    N_("Sources added"),
    N_("Sources removed"),
    N_("Page %(page)s of %(pages)s"),
    N_("Statements per section by the perspective of their sources"),
    N_("%(section)s: %(num)s from %(group)s"),
    N_("%(num)s from %(group)s"),
    N_("(%(num)s in all)."),
    N_("Timeline of %(num)s events, %(first)s to %(last)s; numbers refer to the list below"),
    N_("DRAFT – %(marking)s"),
)


# Punctuation a language may write its own way (a catalog gives "（%(text)s）" for Chinese, "%(heading)s。")
PUNCTUATION = (
    N_("(%(text)s)"),  # an aside in parentheses
    N_("%(heading)s."),  # a heading run into the text after it
)
# what ends a sentence in any script (Unicode's Sentence_Terminal: . ! ? 。 । ። ։ ؟ ۔ ။ ៕ …),
# closing quotes and brackets after it allowed; and the ellipsis
SENTENCE_END = regex.compile(r"(?:\p{Sentence_Terminal}|…)[\p{Pf}\p{Pe}\p{Quotation_Mark}]*$")


def ends_sentence(text: str) -> bool:
    """True when a text ends with a sentence's end (in any script), so no full stop is added."""
    return bool(SENTENCE_END.search(text.rstrip()))


# How many further positions a brief leaves out, at the start of the notice's sentence ("Two
# further positions, held by …"): one to ten in words (a catalog writes them for "position").
COUNT_WORDS = (
    N_("One"),
    N_("Two"),
    N_("Three"),
    N_("Four"),
    N_("Five"),
    N_("Six"),
    N_("Seven"),
    N_("Eight"),
    N_("Nine"),
    N_("Ten"),
)


def read_catalog(data: bytes, where: str) -> Translations:
    """Translations from the text of a .po file, checked (briefgen/catalogs.py) and compiled in
    memory with Babel; BuildError, located, for a catalog that cannot be used."""
    catalog, problems = read_checked(data, where)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if catalog is None or errors:
        raise BuildError(errors or problems)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    translations = Translations(compiled)
    text = data.decode("utf-8", "replace")
    where_plural = Location(where, header_line(text))
    translations.plural = safe_plural(catalog.plural_forms, where_plural)
    return translations


@cache
def shipped_catalog(name: str) -> Translations | None:
    """A catalog shipped in briefgen/locale/, or None."""
    path = CATALOGS / f"{name}.po"
    if name not in SHIPPED or not path.is_file():
        return None
    return read_catalog(path.read_bytes(), f"<briefgen>/locale/{name}.po")


def project_catalog(root: Path, tag: str) -> tuple[Translations, str] | None:
    """The project's own catalog for the language (locale/<lang>.po) and its name, or None."""
    found = project_catalog_file(root, tag)
    if found is None:
        return None
    path, where = found
    try:
        data = read_capped(path, MAX_CATALOG_BYTES)
    except OSError as exc:
        raise BuildError([Problem(Location(where), refusal(exc))]) from None
    return read_catalog(data, where), where


@dataclass(frozen=True)
class Language:
    """A brief's language: its catalog, CLDR locale and direction."""

    tag: str
    locale: Locale
    translations: NullTranslations

    @property
    def rtl(self) -> bool:
        """True for a language written right to left."""
        return bool(self.locale.character_order == "right-to-left")

    @property
    def direction(self) -> str:
        """The HTML `dir` value: rtl or ltr."""
        return "rtl" if self.rtl else "ltr"

    @property
    def french(self) -> bool:
        """True for French, whose high punctuation takes a no-break space before it."""
        return primary(self.tag) == "fr"

    def message(self, message: str) -> str:
        """The message's translation, typeset as this language sets its punctuation."""
        translated = self.translations.gettext(message)
        return french_spacing(translated) if self.french else translated

    def nmessage(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural message's translation for n, typeset."""
        translated = self.translations.ngettext(singular, plural, n)
        return french_spacing(translated) if self.french else translated

    def text(self, message: str, **values: Any) -> str:
        """The message in this language as plain text, values put in."""
        translated = self.message(message)
        return translated % values if values else translated

    def gettext(self, message: str, **values: Any) -> Markup:
        """The message in this language as markup: escaped, then the values put in (escaped)."""
        translated = escape(self.message(message))
        return translated % values if values else translated

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> Markup:
        """The singular or plural message for n (`%(num)s` is n as a number of this language)."""
        values.setdefault("num", self.number(n))
        return escape(self.nmessage(singular, plural, n)) % values

    def isolate(self, text: str | None) -> Markup:
        """Content text (a name, a title) isolated from the text around it (`<bdi>`) where its
        direction could reorder the punctuation beside it: in a right-to-left brief, or when it
        holds right-to-left letters."""
        if not text:
            return Markup("")
        if self.rtl or RTL_LETTERS.search(text):
            return bdi(text)
        return escape(text)

    def own_direction(self, text: str | None) -> Markup:
        """Content text (a sentence, a heading) that starts in the other direction than the brief's
        (an English sentence in an Arabic brief), isolated with `<bdi>` so that it runs in its own
        direction and its closing punctuation stays at its end; other text as it is."""
        if not text:
            return Markup("")
        if not isinstance(text, Markup):
            text = self.typeset(text)
        plain = text.striptags() if isinstance(text, Markup) else text
        if first_direction(plain) not in (None, self.direction):
            return bdi(text)
        return escape(text)

    def typeset(self, text: str) -> str:
        """Plain content text with its quotes in its own language's marks (an original's,
        else this language's) and a word's apostrophe ’."""
        own = text.lang if isinstance(text, ContentText) else self.tag
        return typeset(text, quote_marks(own).four(), french=primary(own) == "fr")

    def number(self, n: float) -> str:
        """A number as this language writes it (CLDR)."""
        return str(format_decimal(n, locale=self.locale))

    def count_words(self, n: int) -> str:
        """A count of further positions as the notice's first word: 'Two', else the number."""
        return self.text(COUNT_WORDS[n - 1]) if 1 <= n <= len(COUNT_WORDS) else self.number(n)

    def date(self, d: PartialDate) -> str:
        """A date known to the day, the month or the year, as this language writes it (CLDR)."""
        day = date(d.year, d.month or 1, d.day or 1)
        locale = self.writing
        if d.day:
            return str(format_date(day, "long", locale=locale))
        if d.month:
            return str(format_skeleton("yMMMM", day, locale=locale))
        return str(format_skeleton("y", day, locale=locale))

    @property
    def writing(self) -> Locale:
        """CLDR's locale for dates and lists: English without a territory is British English,
        as briefgen wrote before ('2 October 2020', 'A, B and C')."""
        if self.locale.language == "en" and not self.locale.territory:
            return Locale.parse("en_GB")
        return self.locale

    def join(self, items: Sequence[str | Markup]) -> Markup:
        """Items as a list in words ('A, B and C'), by CLDR's rules for this language."""
        items = [escape(i) for i in items]
        if len(items) <= 1:
            return Markup("").join(items)
        marks = [f"\x00{i}\x00" for i in range(len(items))]
        joined = str(format_list(marks, locale=self.writing))
        out = Markup("")
        for i, piece in enumerate(joined.split("\x00")):
            out += items[int(piece)] if i % 2 else escape(piece)
        return out

    def page_css(self) -> Markup:
        """The CSS `content` value of the page string ('Page 1 of 9') in this language."""
        message = self.translations.gettext("Page %(page)s of %(pages)s")
        pieces = []
        for i, piece in enumerate(PLACEHOLDER.split(message)):
            if i % 2:
                pieces.append(f"counter({piece})")
            elif piece:
                pieces.append(css_string(piece))
        return Markup(" ".join(pieces))


def bdi(text: str) -> Markup:
    """Text isolated in a <bdi> with its own direction spelt out (WeasyPrint does not work out
    `dir="auto"`, the default of <bdi>)."""
    plain = text.striptags() if isinstance(text, Markup) else text
    direction = first_direction(plain)
    if direction is None:
        return Markup("<bdi>%s</bdi>") % text
    return Markup('<bdi dir="%s">%s</bdi>') % (direction, text)


def first_direction(text: str) -> str | None:
    """The direction of the text's first strong character: ltr, rtl or None (digits, signs)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def language(tag: str, root: Path | None = None) -> Language:
    """The language of a brief: the project's catalog over the shipped one, CLDR's locale."""
    locale = parse_locale(tag) or Locale.parse("en")
    translations: NullTranslations = NullTranslations()
    shipped = next((c for n in catalog_names(tag) if (c := shipped_catalog(n)) is not None), None)
    if shipped is not None:
        translations = shipped
    own = project_catalog(root, tag) if root is not None else None
    if own is not None:
        own[0].add_fallback(translations)
        translations = own[0]
    return Language(tag, locale, translations)


def language_name(tag: str) -> str:
    """A language's name in that language (CLDR): 'Français', 'العربية', 'Türkçe'."""
    locale = parse_locale(tag)
    name = locale.get_display_name(locale) if locale is not None else None
    return name[:1].upper() + name[1:] if name else tag


def version_link(brief_id: str, tag: str) -> Markup:
    """A link to a brief's version in another language, named in that language."""
    return Markup('<a href="../%s/%s.html" hreflang="%s" lang="%s" dir="%s">%s</a>') % (
        brief_id,
        brief_id,
        tag,
        tag,
        direction(tag),
        language_name(tag),
    )


def template_globals(lang: Language) -> dict[str, Callable[..., Any] | Any]:
    """What templates get: `_`, `ngettext`, `bidi`, `bidi_text`, `typeset`, `join_words`,
    `number`, `lang`, `version_link`."""
    return {
        "version_link": version_link,
        "ends_sentence": ends_sentence,
        "paren": lambda text: lang.gettext("(%(text)s)", text=text),
        "_": lang.gettext,
        "bidi": lang.isolate,
        "bidi_text": lang.own_direction,
        "typeset": lang.typeset,
        "gettext": lang.gettext,
        "ngettext": lang.ngettext,
        "join_words": lang.join,
        "count_words": lang.count_words,
        "number": lang.number,
        "lang": lang,
    }
