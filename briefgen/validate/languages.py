"""Language checks: each brief's language has a message catalog, known to CLDR, and the
project's own catalogs the briefs use are readable and fit the messages they translate."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from briefgen.catalogs import read_checked
from briefgen.errors import BriefgenError, Location, Problem, Severity
from briefgen.languages import SHIPPED, catalog_names, parse_locale, project_catalog_file
from briefgen.model import Brief
from briefgen.safeio import MIB, read_capped, refusal

MAX_CATALOG_BYTES = 4 * MIB


def language_problems(briefs: Mapping[str, Brief], root: Path) -> list[Problem]:
    """A warning for each brief whose language has no catalog or is unknown to CLDR."""
    problems = []
    seen: set[str] = set()
    for brief in briefs.values():
        tag = brief.language
        problems += catalog_problems(root, tag, seen)
        names = catalog_names(tag)
        own = any((root / "locale" / f"{n}.po").is_file() for n in names)
        if parse_locale(tag) is None:
            message = (
                f"language '{tag}' is not known to CLDR: dates, numbers and text direction "
                "are English"
            )
            problems.append(Problem(brief.loc, message, Severity.WARNING))
        elif not own and not any(n in SHIPPED for n in names):
            message = (
                f"no message catalog for language '{tag}': the labels are in English "
                f"(add locale/{names[-1]}.po to the project; shipped: {', '.join(SHIPPED)})"
            )
            problems.append(Problem(brief.loc, message, Severity.WARNING))
    return problems


def catalog_problems(root: Path, tag: str, seen: set[str]) -> list[Problem]:
    """Every problem of the project's catalog for the language (once per catalog file)."""
    try:
        found = project_catalog_file(root, tag)
    except BriefgenError as exc:
        return list(exc.problems)
    if found is None or found[1] in seen:
        return []
    path, where = found
    seen.add(where)
    try:
        data = read_capped(path, MAX_CATALOG_BYTES)
    except OSError as exc:
        return [Problem(Location(where), refusal(exc))]
    return read_checked(data, where)[1]
