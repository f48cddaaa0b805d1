"""Write: outputs replaced atomically, so a reader sees the old file or the new one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".briefgen-"
TEMP_SUFFIX = ".tmp"


def complete_temp(folder: Path, data: bytes) -> str:
    """A temp file in `folder` holding `data`, flushed to disk (removed again if that fails)."""
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temp file and a rename; a symlink at `path` is replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = complete_temp(path.parent, data)
    try:
        os.replace(temp, path)  # replaces a planted symlink itself, never writes through it
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def clean_stale_temps(folder: Path) -> int:
    """Remove temp files an interrupted build left behind; returns how many."""
    removed = 0
    if not folder.is_dir():
        return 0
    for temp in folder.rglob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            temp.unlink()
            removed += 1
    return removed
