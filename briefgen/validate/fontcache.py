"""The installed fonts' coverage, kept in the user's cache folder between runs.

Reading it from fontconfig (`fc-list`) and merging it is most of a cold `check`. The cached
coverage is used while the font configuration is the same: the `fc-list` program, the
fontconfig variables, the configuration files and folders, and every font folder (the
folders of the fonts it listed up to the standard font roots, and those roots) keep their
modification times. Anything else, a file that is unreadable or not ours, is read afresh.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from briefgen.safeio import MIB, read_capped
from briefgen.validate.cachedir import cache_dir

Coverage = tuple[tuple[int, ...], tuple[int, ...]]
FORMAT = "briefgen-fonts-1"
MAX_BYTES = 4 * MIB
ENVIRONMENT = (
    "FONTCONFIG_FILE",
    "FONTCONFIG_PATH",
    "FONTCONFIG_SYSROOT",
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
)


def font_roots() -> list[Path]:
    """The standard font folders and fontconfig's configuration files and folders."""
    home = Path(os.environ.get("HOME") or Path.home())
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "fontconfig"
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local/share")
    fonts_conf = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    found = [Path(fonts_conf), Path("/etc/fonts"), Path("/etc/fonts/conf.d")]
    found += [config, config / "fonts.conf", config / "conf.d", home / ".fonts.conf"]
    found += [Path(p) for p in os.environ.get("FONTCONFIG_PATH", "").split(os.pathsep) if p]
    found += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), data / "fonts"]
    return [*found, home / ".fonts"]


def font_folders(files: list[str], roots: list[Path]) -> set[Path]:
    """The folders of the font files, each with its parents up to a standard root (or with
    its own parent when it is under none)."""
    stops = set(roots)
    folders: set[Path] = set()
    for name in files:
        folder = Path(name).parent
        chain = [folder, *folder.parents]
        upto = next((i for i, p in enumerate(chain) if p in stops), 1)
        folders.update(chain[: upto + 1])
    folders.discard(Path("/"))
    return folders


def stamp(path: Path) -> list[int] | None:
    """What changes when a file or folder changes (None: missing)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_mtime_ns, info.st_size, info.st_ino]


def stamps(fc_list: str, folders: set[Path]) -> dict[str, object]:
    """The font configuration as this run sees it."""
    paths = sorted({Path(fc_list), *font_roots(), *folders}, key=str)
    return {
        "format": FORMAT,
        "fc-list": fc_list,
        "environment": {name: os.environ.get(name) for name in ENVIRONMENT},
        "stamps": {str(p): stamp(p) for p in paths},
    }


def current_record(fc_list: str) -> dict[str, Any] | None:
    """The stored record (its "key", "starts" and "ends") when it is for the font configuration
    as it is now; None when missing, not ours, or for another configuration."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        record = json.loads(read_capped(folder / "fonts.json", MAX_BYTES, follow=False))
        key = record["key"]
        folders = {Path(p) for p in key["stamps"]}
        if stamps(fc_list, folders) != key:
            return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return record if isinstance(record, dict) else None


def configuration() -> dict[str, Any] | None:
    """The font configuration's stamps as the stored coverage was read under them, when they
    still hold (what the installed fonts' coverage depends on); {} without fontconfig, None
    when nothing stored holds."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return {}
    record = current_record(fc_list)
    return None if record is None else dict(record["key"])


def cached(fc_list: str) -> Coverage | None:
    """The coverage stored by an earlier run for this font configuration, if any."""
    record = current_record(fc_list)
    if record is None:
        return None
    starts, ends = record.get("starts"), record.get("ends")  # not ours: None, read afresh
    if not (isinstance(starts, list) and isinstance(ends, list) and len(starts) == len(ends)):
        return None
    if not all(type(v) is int for v in (*starts, *ends)):
        return None
    return tuple(starts), tuple(ends)


def store(fc_list: str, files: list[str], coverage: Coverage) -> None:
    """Keep the coverage for the next run; a cache that cannot be written is skipped."""
    from briefgen.write import atomic_write  # zipfile and tempfile: only when storing

    folder = cache_dir()
    if folder is None:
        return
    key = stamps(fc_list, font_folders(files, font_roots()))
    body = {"key": key, "starts": list(coverage[0]), "ends": list(coverage[1])}
    with contextlib.suppress(OSError):
        atomic_write(folder / "fonts.json", json.dumps(body, separators=(",", ":")).encode())
