"""Digests of input files: names, link targets and bytes (imports nothing of the pipeline)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any


def add_tree(h: Any, folder: Path, name: str) -> None:
    """Feed `h` every entry below `folder` (or the file `folder`): its path, link target and bytes.

    Paths are given under `name`, so the digest does not depend on where the folder lies.
    """
    paths = [folder] if folder.is_file() else sorted(folder.rglob("*"))
    for path in paths:
        where = name if path == folder else f"{name}/{path.relative_to(folder)}"
        # a link is recorded with its target: the loader refuses links leading outside
        target = os.readlink(path) if path.is_symlink() else ""
        h.update(f"{where}\0{target}\0".encode())
        if path.is_file():
            h.update(hashlib.sha256(path.read_bytes()).digest())
