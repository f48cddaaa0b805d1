"""The languages briefgen knows: the message catalogs it ships, CLDR's locales (Babel) and the
project folders of a project's own catalogs."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

from briefgen.errors import BuildError, Location, Problem
from briefgen.layout import LOCALE, TRANSLATIONS
from briefgen.safeio import resolved

CATALOGS = Path(__file__).resolve().parent / "locale"  # the shipped catalogs, <lang>.po
SHIPPED = ("en", "fr", "tr", "ru", "ar")
# a project's own catalogs, folders of the project: labels (locale/<lang>.po, over the shipped
# ones) and content translations (translations/<lang>.po, written by `briefgen translate update`)
LABELS_FOLDER = LOCALE  # the project's label catalogs (briefgen/layout.py)
TRANSLATIONS_FOLDER = TRANSLATIONS  # its content translation catalogs
CONTENT_LANGUAGE = "en"  # the content's language when content/ does not declare one


def catalog_names(tag: str) -> list[str]:
    """The catalog names to try for a language tag, most specific first: pt-BR → pt_BR, pt."""
    parts = tag.replace("-", "_").split("_")
    names = ["_".join(parts[:i]) for i in range(len(parts), 0, -1)]
    return list(dict.fromkeys([*names, *(n.lower() for n in names)]))


def primary(tag: str) -> str:
    """A language tag's language: en for en-GB."""
    return tag.replace("_", "-").split("-")[0].lower()


@cache
def script_of(tag: str) -> str:
    """The script a language is written in unless its tag says otherwise (CLDR's likely
    subtags: km → Khmr, pa → Guru, pa-Arab → Arab), or '' when unknown."""
    import icu  # ICU: imported by the steps that need scripts

    locale = icu.Locale(tag.replace("-", "_"))
    locale.addLikelySubtags()
    return str(locale.getScript())


def parse_locale(tag: str) -> Locale | None:
    """CLDR's locale for a language tag, or None when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError  # imported by the steps that need CLDR

    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


@cache
def direction(tag: str) -> str:
    """The direction a language is written in, as HTML's `dir`: rtl or ltr (CLDR)."""
    locale = parse_locale(tag)
    return "rtl" if locale is not None and locale.character_order == "right-to-left" else "ltr"


def same_language(a: str, b: str) -> bool:
    """True when two tags name one language for reading purposes (en and en-GB; not pt and es)."""
    return catalog_names(a)[-1] == catalog_names(b)[-1]


def project_catalog_file(root: Path, tag: str) -> tuple[Path, str] | None:
    """The project's catalog file for a language tag (locale/<name>.po) and its shown name, or
    None; BuildError when it is a link leading out of the project or nowhere."""
    folder = root / "locale"
    for name in catalog_names(tag):
        path = folder / f"{name}.po"
        if not os.path.lexists(path):
            continue
        where = f"locale/{name}.po"
        real, real_root = resolved(path), resolved(root)
        if real is None or real_root is None or not real.is_relative_to(real_root):
            message = "is a link leading outside the project or nowhere (a loop?)"
            raise BuildError([Problem(Location(where), message)])
        return path, where
    return None


# French: a preposition before a name's article contracts ("de le gouvernement" → "du
# gouvernement"), and "de" elides before a vowel ("de Amnesty" → "d’Amnesty")
FRENCH_CONTRACTIONS = {
    ("de", "le"): "du",
    ("de", "les"): "des",
    ("à", "le"): "au",
    ("à", "les"): "aux",
}
FRENCH_PREPOSITION = re.compile(r"(?:^|(?<=[\s(«\u00a0\u202f]))(de|à|De|À) $")
FRENCH_ARTICLE = re.compile(r"(le|les|Le|Les) (?=\w)")
# a vowel sound: a vowel, or a y before a consonant (d'Yves; but de Yale, de Yémen)
FRENCH_VOWEL = re.compile(r"[aeiouâàäéèêëîïôöûùüœæ]|y(?![aeiouâàäéèêëîïôöûùüœæ])", re.IGNORECASE)


def contract(before: str, name: str, tag: str) -> tuple[str, str]:
    """The words before a name and the name as the language joins them (French "de" + "le
    gouvernement" → "du " + "gouvernement"); unchanged in other languages."""
    if primary(tag) != "fr" or (prep := FRENCH_PREPOSITION.search(before)) is None:
        return before, name
    word = prep.group(1)
    if article := FRENCH_ARTICLE.match(name):
        joined = FRENCH_CONTRACTIONS[word.lower(), article.group(1).lower()]
        joined = joined.capitalize() if word[0].isupper() else joined
        return before[: prep.start(1)] + joined + " ", name[article.end() :]
    if word.lower() == "de" and FRENCH_VOWEL.match(name):
        return before[: prep.start(1)] + word[0] + "\u2019", name
    return before, name


def calls_before_stop(tag: str) -> bool:
    """True when the language sets a note call before the punctuation that ends a sentence or a
    clause (French: "disponible¹." and "remplissage² ;"), not after it."""
    return primary(tag) == "fr"
