"""The Word reference document (`templates/reference.docx`): found, read and made safe.

Pandoc styles a Word file after a reference document and copies parts of it (styles,
numbering, settings, headers and footers) into every brief. A project's own may come from
anyone, so it is read as data: a regular file inside its templates folder (a link leading
out is refused), at most MAX_REFERENCE_BYTES (a sparse file claiming gigabytes is refused
before it is read), unzipped within bounds and parsed without entities (load/ooxml.py), and
stripped of macros, external relationships and fields briefgen does not write. Pandoc then
reads the clean copy, never the project's file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import BuildError, Location, Problem
from briefgen.load.digest import BUILTIN_TEMPLATES
from briefgen.load.ooxml import PackageRefused, read_package, sanitise
from briefgen.safeio import MIB, read_capped, refusal, resolved
from briefgen.write import zip_package

REFERENCE = "reference.docx"
MAX_REFERENCE_BYTES = 16 * MIB
REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml", "word/styles.xml")


@dataclass(frozen=True)
class Reference:
    """A reference document made safe: its clean bytes, where it came from, what was removed."""

    data: bytes
    shown: str
    removed: tuple[str, ...] = ()


def find_reference(dirs: Iterable[Path]) -> Path | None:
    """The first `reference.docx` on the template path (a project's own first)."""
    for folder in dirs:
        candidate = folder / REFERENCE
        if os.path.lexists(candidate):
            return candidate
    return None


def shown_name(folder: Path) -> str:
    """`templates/reference.docx` for a project's own, `<built-in templates>/…` otherwise."""
    return (
        f"<built-in templates>/{REFERENCE}"
        if folder == BUILTIN_TEMPLATES
        else f"templates/{REFERENCE}"
    )


def refused(shown: str, message: str) -> BuildError:
    return BuildError([Problem(Location(shown), message)])


def read_reference(dirs: list[Path]) -> Reference | None:
    """The reference document on the template path, made safe; None when there is none.

    BuildError, located, for one that cannot be used."""
    path = find_reference(dirs)
    if path is None:
        return None
    folder = path.parent
    shown = shown_name(folder)
    real, real_folder = resolved(path), resolved(folder)
    if real is None or real_folder is None or not real.is_relative_to(real_folder):
        raise refused(shown, "is a link leading out of its templates folder (or nowhere): refused")
    try:
        data = read_capped(real, MAX_REFERENCE_BYTES)
    except OSError as exc:
        raise refused(shown, refusal(exc)) from None
    return clean_reference(data, shown)


def clean_reference(data: bytes, shown: str) -> Reference:
    """A reference document's bytes, unzipped within bounds, checked and stripped."""
    try:
        files = read_package(data)
        for name in REQUIRED_PARTS:
            if name not in files:
                raise PackageRefused(f"has no {name}: not a Word document")
        removed = sanitise(files)  # every XML part is parsed there: each is well-formed
    except PackageRefused as exc:
        raise refused(shown, str(exc)) from None
    return Reference(zip_package(files, 315532800), shown, tuple(dict.fromkeys(removed)))
