"""The last `check`'s report, kept so that an unchanged project is answered again at once.

A check's report depends on the project's input files (content, briefs, templates, catalogs,
translations) and the snapshot files and verification record it read, on the installed fonts'
coverage, on the libraries that run (Babel's locale data) and on the tool's own code. A full
`check` keeps its report in the user's cache folder under a key over all of these: every
input file's path and bytes, the tool's digest, the font configuration's stamps as its
coverage was read (validate/fontcache), the Python that runs with the modification times of
its import folders (installing, removing or upgrading a library changes its folder), the
BRIEFGEN_ variables and the project's place. The record is signed with the user's cache key
and read with a size cap; anything unexpected is a full check.

This module imports nothing of the pipeline: `briefgen.cli.entry` answers from it before the
command line is parsed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
from pathlib import Path
from typing import Any

from briefgen.layout import INPUTS
from briefgen.load.digest import tree_digest
from briefgen.safeio import MIB, read_capped, relative_inside
from briefgen.validate import fontcache
from briefgen.validate.cachedir import cache_dir, signing_key

FORMAT = b"briefgen-check-1\n"
MAX_BYTES = 16 * MIB


def environment() -> list[Any]:
    """The Python that runs and its import folders' stamps, and the BRIEFGEN_ variables."""
    folders = []
    for entry in sys.path:
        try:
            folders.append([entry, os.stat(entry or ".").st_mtime_ns])
        except OSError:
            folders.append([entry, None])
    variables = sorted((k, v) for k, v in os.environ.items() if k.startswith("BRIEFGEN_"))
    return [sys.version, sys.executable, folders, variables]


def record_key(root: Path, inputs: str, extra: list[str], fonts: dict[str, Any]) -> str:
    """The digest of everything a check's report depends on (`inputs`: `inputs_now`; `extra`:
    the snapshot paths it read)."""
    h = hashlib.sha256(FORMAT + f"{root}\0{inputs}\0{tree_digest(root, extra)}\0".encode())
    h.update(json.dumps([environment(), fonts], sort_keys=True).encode())
    return h.hexdigest()


def record_path(folder: Path, root: Path) -> Path:
    """The one record file of a project."""
    return folder / ("check-" + hashlib.sha256(str(root).encode()).hexdigest()[:32] + ".json")


def inputs_now(root: Path) -> str:
    """A digest of the tool and the input folders (a check compares it before and after it
    reads them, and keys its record on it)."""
    return tree_digest(root, INPUTS)


def store(root: Path, inputs: str, extra: list[str], report: dict[str, Any]) -> None:
    """Keep a full check's report ("stderr" lines, "stdout" line, "errors" and "warnings"
    counts) of the inputs digested as `inputs`; skipped when caching is off or the font
    coverage was not stored."""
    folder = cache_dir()
    fonts = fontcache.configuration()
    if folder is None or fonts is None:
        return
    try:
        key = signing_key(folder)
        record = {**report, "extra": extra, "key": record_key(root, inputs, extra, fonts)}
        body = json.dumps(record, ensure_ascii=False).encode()
        from briefgen.write import atomic_write  # only when storing

        atomic_write(record_path(folder, root), FORMAT + hmac.digest(key, body, "sha256") + body)
    except OSError:
        return  # a record that cannot be written is simply not kept


def recalled(root: Path) -> dict[str, Any] | None:
    """The kept report when nothing it depends on changed since; None otherwise."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = read_capped(record_path(folder, root), MAX_BYTES, follow=False)
        key = signing_key(folder)
    except OSError:
        return None
    signature, body = data[len(FORMAT) : len(FORMAT) + 32], data[len(FORMAT) + 32 :]
    if not data.startswith(FORMAT):
        return None
    if not hmac.compare_digest(signature, hmac.digest(key, body, "sha256")):
        return None
    try:
        record = json.loads(body)
        extra, stderr = record["extra"], record["stderr"]
        if not (
            isinstance(extra, list)
            and all(isinstance(p, str) and relative_inside(p) for p in extra)
        ):
            return None
        if not (isinstance(stderr, list) and all(isinstance(line, str) for line in stderr)):
            return None
        if not isinstance(record["stdout"], str):
            return None
        if not all(type(record[n]) is int for n in ("errors", "warnings")):
            return None
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    fonts = fontcache.configuration()
    if fonts is None or record.get("key") != record_key(root, inputs_now(root), extra, fonts):
        return None
    return dict(record)
