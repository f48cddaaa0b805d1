"""The languages briefgen knows: the message catalogs it ships and CLDR's locales (Babel)."""

from __future__ import annotations

import os
from pathlib import Path

from babel import Locale, UnknownLocaleError

from briefgen.errors import BuildError, Location, Problem
from briefgen.safeio import resolved

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
