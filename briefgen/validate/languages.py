"""Language checks: each brief's language has a message catalog and is known to CLDR."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from briefgen.errors import Problem, Severity
from briefgen.languages import SHIPPED, catalog_names, parse_locale
from briefgen.model import Brief


def language_problems(briefs: Mapping[str, Brief], root: Path) -> list[Problem]:
    """A warning for each brief whose language has no catalog or is unknown to CLDR."""
    problems = []
    for brief in briefs.values():
        tag = brief.language
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
