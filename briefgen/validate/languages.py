"""Language checks: each brief's language has a message catalog, known to CLDR, and the
project's own catalogs the briefs use are readable and fit the messages they translate."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from briefgen.catalogs import read_checked
from briefgen.errors import BriefgenError, Location, Problem, Severity
from briefgen.languages import SHIPPED, catalog_names, parse_locale, project_catalog_file
from briefgen.layout import ProjectLayout
from briefgen.model import Brief
from briefgen.safeio import MIB, read_capped, refusal

MAX_CATALOG_BYTES = 4 * MIB


def language_problems(briefs: Mapping[str, Brief], root: Path) -> list[Problem]:
    """A warning for each brief whose language has no catalog or is unknown to CLDR, each
    problem of a project catalog, and one for each project catalog of a language briefgen does
    not ship that leaves labels out."""
    problems = partial_catalogs(briefs, root)
    seen: set[str] = set()
    for brief in briefs.values():
        tag = brief.language
        problems += catalog_problems(root, tag, seen)
        names = catalog_names(tag)
        own = any((ProjectLayout(root).locale / f"{n}.po").is_file() for n in names)
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


def partial_catalogs(briefs: Mapping[str, Brief], root: Path) -> list[Problem]:
    """A warning, once per catalog, for each project label catalog (locale/<lang>.po) of a
    language briefgen does not ship whose briefs would print some labels in English."""
    from briefgen.translate.labels import label_catalog_file, missing_labels

    problems, seen = [], set()
    for brief in briefs.values():
        names = catalog_names(brief.language)
        path = label_catalog_file(root, brief.language)
        if any(n in SHIPPED for n in names) or not path.is_file() or path in seen:
            continue
        seen.add(path)
        left, total = missing_labels(root, path)
        if left:
            message = (
                f"{left} of the {total} labels have no translation (or a fuzzy one): they are"
                f" printed in English (briefgen translate labels {brief.language} adds every"
                " label to translate)"
            )
            problems.append(Problem(Location(f"locale/{path.name}"), message, Severity.WARNING))
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
