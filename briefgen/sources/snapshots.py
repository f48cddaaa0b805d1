"""Snapshots: local text copies of sources, kept as versions that are never overwritten.

A source's current snapshot is the latest version in the project's snapshots folder
(`snapshots/<source-id>/<UTC timestamp>-<sha256[:12]>.txt`, written by `sources refresh`),
else the file named by its `snapshot:` field, else none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError, Location, Problem, display_path
from briefgen.load.snapshots import MAX_SNAPSHOT_BYTES, VERSION_NAME, inside_project, store_folder
from briefgen.model import Project, Source
from briefgen.safeio import FileRefused, read_capped, read_json
from briefgen.write import atomic_write, complete_temp

STAMP = "%Y%m%dT%H%M%SZ"
INDEX = "versions.json"


@dataclass(frozen=True)
class Snapshot:
    """One text of a source: a numbered version from the store, or the source's own file."""

    source: str
    path: Path
    shown: str
    text: str
    digest: str
    version: int | None = None
    taken: datetime | None = None
    url: str | None = None
    content_type: str | None = None

    @property
    def label(self) -> str:
        """How a reader is told which text was used, e.g. 'version 2 (… UTC; sha256 a1b2c3d4e5f6)'."""
        if self.version is None:
            return f"file {self.shown} (sha256 {self.digest[:12]})"
        when = f"{self.taken.day} {self.taken:%B %Y, %H:%M} UTC" if self.taken else "undated"
        return f"version {self.version} ({when}; sha256 {self.digest[:12]})"


def sha256(data: bytes) -> str:
    """The hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def read_snapshot(path: Path, root: Path, source: str, **facts: Any) -> Snapshot:
    """A snapshot file's text and digest (of the bytes read); ValueError when it is not a
    regular file, too large or not UTF-8 (read with a cap: never more than the limit)."""
    shown = display_path(path, root)
    if shown == str(path):  # outside the project: as seen from where the command runs
        shown = os.path.relpath(path)
    try:
        data = read_capped(path, MAX_SNAPSHOT_BYTES)
    except FileRefused as exc:
        raise ValueError(f"{shown} {exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{shown} is not UTF-8 text (byte {exc.start})") from None
    return Snapshot(source, path, shown, text, sha256(data), **facts)


def read_index(folder: Path) -> dict[str, Any]:
    """The versions index of one source's folder ({} when absent or unreadable)."""
    try:
        data = read_json(folder / INDEX, MAX_SNAPSHOT_BYTES, follow=False)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def version_names(folder: Path) -> list[str]:
    """The stored version files of one source, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if VERSION_NAME.fullmatch(p.name))


def stored_version(folder: Path, root: Path, source: str, names: list[str], n: int) -> Snapshot:
    """Version `n` (1-based) of a source from its folder."""
    name = names[n - 1]
    meta = read_index(folder).get(name, {})
    meta = meta if isinstance(meta, dict) else {}
    match = VERSION_NAME.fullmatch(name)
    taken = datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC) if match else None
    return read_snapshot(
        folder / name,
        root,
        source,
        version=n,
        taken=taken,
        url=meta.get("url"),
        content_type=meta.get("content_type"),
    )


def current(project: Project, source: Source) -> Snapshot | None:
    """A source's current snapshot: its latest stored version, else its own file, else None.

    Paths are checked again here, not only when the content is validated: a file may have
    been replaced by a link since (ValueError when one leads outside the project).
    """
    folder = inside_project(project.root, f"{project.snapshots}/{source.id}")
    names = version_names(folder)
    if names:
        inside_project(project.root, f"{project.snapshots}/{source.id}/{names[-1]}")
        return stored_version(folder, project.root, source.id, names, len(names))
    if source.snapshot is not None:
        path = inside_project(project.root, source.snapshot)
        return read_snapshot(path, project.root, source.id)
    return None


def current_or_error(project: Project, source: Source) -> Snapshot | None:
    """`current`, with an unreadable snapshot turned into a located error."""
    try:
        return current(project, source)
    except (OSError, ValueError) as exc:
        loc = source.snapshot_loc or source.loc
        raise BriefgenError(
            [Problem(loc, f"cannot read the snapshot of '{source.id}': {exc}")]
        ) from None


def safe_store(project: Project, source: str) -> Path:
    """The folder for a source's versions, refused when a link leads it outside the project."""
    folder = store_folder(project) / source
    if folder.exists() and not folder.resolve().is_relative_to(project.root.resolve()):
        where = Location(display_path(folder, project.root))
        raise BriefgenError([Problem(where, "is a link leading outside the project: remove it")])
    return folder


def link_new(folder: Path, name: str, data: bytes) -> None:
    """Create `folder/name` holding `data` complete at once; an existing file is never replaced."""
    temp = complete_temp(folder, data)
    try:
        with contextlib.suppress(FileExistsError):  # same second and digest: the same text
            os.link(temp, folder / name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def add_version(
    project: Project, source: str, text: str, facts: dict[str, str], now: datetime
) -> Snapshot:
    """Store `text` as the source's next version; the caller has checked that it is new."""
    folder = safe_store(project, source)
    folder.mkdir(parents=True, exist_ok=True)
    names = version_names(folder)
    if names:  # keep names in time order even when two versions fall in the same second
        last = VERSION_NAME.fullmatch(names[-1])
        if last:
            latest = datetime.strptime(last.group(1), STAMP).replace(tzinfo=UTC)
            now = max(now, latest + timedelta(seconds=1))
    data = text.encode("utf-8")
    digest = sha256(data)
    name = f"{now.astimezone(UTC):{STAMP}}-{digest[:12]}.txt"
    link_new(folder, name, data)
    index = read_index(folder)
    index[name] = {**facts, "digest": digest, "taken": f"{now.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"}
    atomic_write(folder / INDEX, (json.dumps(index, indent=1, sort_keys=True) + "\n").encode())
    names = version_names(folder)
    return stored_version(folder, project.root, source, names, names.index(name) + 1)


def read_map(map_file: Path, root: Path) -> dict[str, tuple[str, Location]]:
    """A mapping file of source id to snapshot file name, with where each entry is."""
    from briefgen.load.yamltree import Map, Scalar, YamlProblem, read_file

    shown = display_path(map_file, root)
    try:
        tree = read_file(read_capped(map_file, MAX_SNAPSHOT_BYTES), shown)
    except YamlProblem as exc:
        raise BriefgenError([exc.problem]) from None
    except OSError as exc:
        reason = str(exc) if isinstance(exc, FileRefused) else exc.strerror
        raise BriefgenError([Problem(Location(shown), f"cannot read: {reason}")]) from None
    if not isinstance(tree, Map) or not all(isinstance(v, Scalar) for v in tree.entries.values()):
        where = tree.loc if tree is not None else Location(shown, 1, 1)
        raise BriefgenError([Problem(where, "must map source ids to snapshot file names")])
    return {
        key: (value.text.strip(), value.loc)
        for key, value in tree.entries.items()
        if isinstance(value, Scalar)
    }


def mapped(project: Project, map_file: Path, folder: Path) -> dict[str, Snapshot]:
    """The snapshots a mapping file names, read from `folder` (every problem reported at once)."""
    from briefgen.errors import suggest

    problems: list[Problem] = []
    result: dict[str, Snapshot] = {}
    real_folder = folder.resolve()
    for source, (name, loc) in read_map(map_file, project.root).items():
        path = folder / name
        if source not in project.sources:
            problems.append(
                Problem(loc, f"unknown source '{source}'{suggest(source, project.sources)}")
            )
        elif Path(name).is_absolute() or not path.resolve().is_relative_to(real_folder):
            problems.append(Problem(loc, f"'{name}' leads outside {folder}"))
        elif not path.is_file():
            problems.append(Problem(loc, f"snapshot file not found: {path}"))
        else:
            try:
                result[source] = read_snapshot(path, project.root, source)
            except (OSError, ValueError) as exc:
                problems.append(Problem(loc, f"cannot read the snapshot: {exc}"))
    if problems:
        raise BriefgenError(problems)
    return result
