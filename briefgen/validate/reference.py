"""The project's Word reference document: what briefgen removes from it, said before a build."""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import BriefgenError, Location, Problem, Severity
from briefgen.load.docx_reference import REFERENCE, read_reference

MAX_SHOWN = 5


def reference_problems(root: Path) -> list[Problem]:
    """A warning naming what the project's templates/reference.docx holds that no Word file
    will (macros, links out, fields briefgen does not write); nothing when it has none or
    cannot be read (the build of a Word file says why)."""
    folder = root / "templates"
    if not (folder / REFERENCE).exists():
        return []
    try:
        reference = read_reference([folder])
    except BriefgenError:
        return []
    if reference is None or not reference.removed:
        return []
    removed = reference.removed
    more = f" and {len(removed) - MAX_SHOWN} more" if len(removed) > MAX_SHOWN else ""
    message = (
        "removed from every Word file made with it: "
        + "; ".join(removed[:MAX_SHOWN])
        + more
        + " (a reference document gives styles; briefgen keeps only the fields it writes)"
    )
    return [Problem(Location(f"templates/{REFERENCE}"), message, Severity.WARNING)]
