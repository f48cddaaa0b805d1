"""Where a project's source snapshots lie: the store folder and each source's own file, inside
the project (checked when the content is read; the sources step reads and writes them)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from briefgen.errors import Location, Problem
from briefgen.layout import INPUTS, WRITTEN
from briefgen.model import Project, Source
from briefgen.safeio import kind_of, read_capped, resolved

MAX_SNAPSHOT_BYTES = 5 * 1024 * 1024
VERSION_NAME = re.compile(r"(\d{8}T\d{6}Z)-([0-9a-f]{12})\.txt")
RESERVED = (*INPUTS, *WRITTEN)  # the project's other folders


def inside_project(root: Path, text: str) -> Path:
    """`text` as a path below the project, or ValueError when it is absolute or leads outside."""
    if Path(text).is_absolute() or "\\" in text:
        raise ValueError(f"'{text}' must be a path relative to the project folder")
    path = root / text
    real = resolved(path)
    if real is None:
        raise ValueError(f"'{text}' is a link that cannot be followed (a loop?)")
    if not real.is_relative_to(root.resolve()):
        raise ValueError(
            f"'{text}' leads outside the project (through '..' or a link): "
            "keep snapshots inside the project"
        )
    return path


def store_folder(project: Project) -> Path:
    """The project's snapshots folder (it may not exist yet)."""
    return project.layout.snapshots


def check_store_folder(project: Project) -> list[Problem]:
    """Problems with the `snapshots:` setting: outside the project or inside another folder."""
    loc = project.snapshots_loc or Location("content/")
    try:
        folder = inside_project(project.root, project.snapshots).resolve()
    except ValueError as exc:
        return [Problem(loc, f"snapshots folder {exc}")]
    for name in RESERVED:
        other = resolved(project.root / name)
        if other is None:  # a link loop: reported where that folder is used
            continue
        if folder == other or folder.is_relative_to(other) or other.is_relative_to(folder):
            return [Problem(loc, f"the snapshots folder overlaps {name}/: choose its own folder")]
    return []


def check_source_file(project: Project, source: Source) -> list[Problem]:
    """Problems with a source's `snapshot:` file: outside the project, missing or too large."""
    if source.snapshot is None:
        return []
    loc = source.snapshot_loc or source.loc
    try:
        path = inside_project(project.root, source.snapshot)
    except ValueError as exc:
        return [Problem(loc, f"snapshot {exc}")]
    if os.path.lexists(path) and path.exists() and not path.is_file():
        kind = kind_of(path.stat().st_mode)
        return [Problem(loc, f"snapshot {source.snapshot} is {kind}, not a regular file")]
    if not path.is_file():
        return [Problem(loc, f"snapshot file not found: {source.snapshot}")]
    size = path.stat().st_size
    if size > MAX_SNAPSHOT_BYTES:
        return [Problem(loc, f"snapshot file is {size} bytes; the limit is {MAX_SNAPSHOT_BYTES}")]
    return []


def snapshot_inputs(project: Project) -> list[str]:
    """Project-relative paths whose bytes decide the snapshots a build sees (for the fast path)."""
    paths = [project.snapshots]
    paths += sorted({s.snapshot for s in project.sources.values() if s.snapshot})
    return paths


def current_digest(project: Project, source: Source) -> str | None:
    """The start of the sha256 of a source's current snapshot (its latest stored version's name
    holds it; a source's own file is hashed), or None when it has none or it cannot be read."""
    folder = project.root / project.snapshots / source.id
    try:
        names = sorted(p.name for p in folder.iterdir() if VERSION_NAME.fullmatch(p.name))
    except OSError:
        names = []
    if names:
        match = VERSION_NAME.fullmatch(names[-1])
        return match.group(2) if match else None
    if source.snapshot is None:
        return None
    try:
        return hashlib.sha256(
            read_capped(inside_project(project.root, source.snapshot), MAX_SNAPSHOT_BYTES)
        ).hexdigest()
    except (OSError, ValueError):
        return None
