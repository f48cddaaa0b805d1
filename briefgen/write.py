"""Write: outputs replaced atomically, so a reader sees the old file or the new one; zip
packages (Word files) with fixed dates, so the same parts give the same bytes."""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import tempfile
import zipfile
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


def zip_package(files: dict[str, bytes], stamp: int) -> bytes:
    """The parts as a zip package, [Content_Types].xml first, every entry dated `stamp` (a
    Unix time; a zip holds dates from 1980 to 2107 only: outside, the nearest)."""
    when = datetime.datetime.fromtimestamp(max(stamp, 315532800), datetime.UTC)
    date_time = (when.year, when.month, when.day, 0, 0, 0)
    if when.year > 2107:
        date_time = (2107, 12, 31, 0, 0, 0)
    out = io.BytesIO()
    order = ["[Content_Types].xml", *(n for n in files if n != "[Content_Types].xml")]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order:
            if name not in files:
                continue
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, files[name])
    return out.getvalue()
