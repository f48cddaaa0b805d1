"""Locators that no longer point at their passage: as the last verification found it, a
'para N' or 'line N' locator of a verified quote names another place of the current snapshot
than the one where the quote is. Warned at every citing place until `sources verify --fix`."""

from __future__ import annotations

from briefgen.errors import Problem, Severity
from briefgen.load.snapshots import current_digest
from briefgen.load.verification import (
    quote_key,
    read_record,
    recorded_place,
    recorded_quotes,
    relocated,
)
from briefgen.model import Project


def locator_problems(project: Project) -> list[Problem]:
    """A warning at each attribution whose locator points away from its verified passage."""
    record = read_record(project)
    if not record:
        return []
    current: dict[str, bool] = {}  # source id -> its record is of its current snapshot
    problems = []
    for statement in project.statements():
        for a in statement.attributions:
            entry = record.get(a.source)
            source = project.sources.get(a.source)
            if not isinstance(entry, dict) or source is None:
                continue
            if a.source not in current:
                digest = current_digest(project, source)
                current[a.source] = bool(digest) and str(entry.get("snapshot", "")).startswith(
                    digest or "-"
                )
            if not current[a.source]:
                continue
            found = recorded_quotes(entry).get(quote_key(a.quote), {})
            place = recorded_place(found)
            if found.get("status") != "verified" or place is None:
                continue
            new = relocated(a.locator, *place)
            if new is not None:
                problems.append(
                    Problem(
                        a.loc,
                        f"locator says {a.locator.strip()}, but the quote is at {new} of the "
                        f"snapshot of '{a.source}' (as last verified): run sources verify --fix "
                        "to move it",
                        Severity.WARNING,
                    )
                )
    return problems
