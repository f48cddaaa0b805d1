"""Digests of input files and of the tool itself (imports nothing of the pipeline)."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from briefgen import __version__

PACKAGE = Path(__file__).resolve().parent.parent
BUILTIN_TEMPLATES = PACKAGE / "render" / "templates"
# what the tool's answers depend on besides the project: its code and its built-in templates
# (package data, inside the package folder)
TOOL_PARTS: tuple[tuple[Path, str], ...] = ((PACKAGE, "<package>"),)
DIGEST_CAP = 64 * 1024 * 1024  # larger files are digested by size and time (readers refuse them)
SKIPPED = ("__pycache__",)


def add_file(h: Any, path: Path) -> None:
    """Feed `h` a regular file's bytes (streamed); other kinds of file only by what they are."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        h.update(f"<unreadable {exc.errno}>".encode())
        return
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > DIGEST_CAP:
            h.update(f"<{stat.S_IFMT(info.st_mode)} {info.st_size} {info.st_mtime_ns}>".encode())
            return
        inner, size = hashlib.sha256(), 0
        while size <= DIGEST_CAP and (chunk := os.read(fd, 1024 * 1024)):
            inner.update(chunk)
            size += len(chunk)
        h.update(inner.digest())
    finally:
        os.close(fd)


def add_tree(h: Any, folder: Path, name: str) -> None:
    """Feed `h` every entry below `folder` (or the file `folder`): its path, link target and bytes.

    Paths are given under `name`, so the digest does not depend on where the folder lies.
    FIFOs, devices and sockets are recorded by kind, never read.
    """
    if folder.is_dir():
        paths = sorted(
            p
            for p in folder.rglob("*")
            if not any(part in SKIPPED for part in p.relative_to(folder).parts)
        )
    else:
        paths = [folder] if os.path.lexists(folder) else []
    for path in paths:
        where = name if path == folder else f"{name}/{path.relative_to(folder)}"
        # a link is recorded with its target: the loader refuses links leading outside
        target = os.readlink(path) if path.is_symlink() else ""
        h.update(f"{where}\0{target}\0".encode())
        if not path.is_dir():
            add_file(h, path)


@cache
def tool_digest() -> str:
    """A digest of the tool's own code and built-in templates (once per process).

    Every cache and recorded build is keyed on it, so an edited module or template is
    taken into account even though the version number stayed the same.
    """
    h = hashlib.sha256(f"{__version__}\0".encode())
    for folder, name in TOOL_PARTS:
        add_tree(h, folder, name)
    return h.hexdigest()


def tree_digest(root: Path, names: Iterable[str]) -> str:
    """One digest over the tool and every entry of the named folders and files of `root`
    (each under its name): what an answer made from those files and this code depends on."""
    h = hashlib.sha256(tool_digest().encode())
    for name in names:
        add_tree(h, root / name, name)
    return h.hexdigest()


def folder_digest(folders: list[Path]) -> str:
    """One digest over every file's name and bytes below the folders (templates, assets)."""
    h = hashlib.sha256()
    for rank, folder in enumerate(folders):  # the rank too: the first folder's files win
        add_tree(h, folder, str(rank))
    return h.hexdigest()
