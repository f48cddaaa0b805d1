"""The languages briefgen knows: the message catalogs it ships and CLDR's locales (Babel)."""

from __future__ import annotations

from pathlib import Path

from babel import Locale, UnknownLocaleError

CATALOGS = Path(__file__).resolve().parent / "locale"  # the shipped catalogs, <lang>.po
SHIPPED = ("en", "fr", "tr", "ru", "ar")


def catalog_names(tag: str) -> list[str]:
    """The catalog names to try for a language tag, most specific first: pt-BR → pt_BR, pt."""
    parts = tag.replace("-", "_").split("_")
    names = ["_".join(parts[:i]) for i in range(len(parts), 0, -1)]
    return list(dict.fromkeys([*names, *(n.lower() for n in names)]))


def parse_locale(tag: str) -> Locale | None:
    """CLDR's locale for a language tag, or None when CLDR does not know it."""
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
