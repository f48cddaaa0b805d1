"""Reading files the tool did not write: regular files only, never more than a set size.

A FIFO would block a read forever, a device such as /dev/zero never ends and a sparse
file can claim gigabytes: every file briefgen reads goes through `read_capped`, which
opens without blocking, looks at what it opened and reads at most `limit` bytes.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MIB = 1024 * 1024
CHUNK = MIB


class FileRefused(OSError):
    """A file that is not a regular file, or larger than allowed; the message says which."""


def kind_of(mode: int) -> str:
    """What a file is, in a word or two ('a folder', 'a FIFO (named pipe)', 'a file')."""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_capped(path: Path, limit: int, follow: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileRefused for anything else.

    With `follow=False` a symbolic link at `path` itself is refused too.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= os.O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise FileRefused("is a symbolic link: not followed") from None
        if exc.errno == errno.ENXIO:  # a socket
            raise FileRefused("is a socket, not a regular file") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"is {kind_of(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise FileRefused(f"is {info.st_size} bytes; the limit is {limit}")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while being read
                raise FileRefused(f"is over the limit of {limit} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def refusal(exc: OSError) -> str:
    """An OSError as the end of a one-line message."""
    if isinstance(exc, FileRefused):
        return str(exc)
    return exc.strerror or str(exc)


def read_json(path: Path, limit: int, follow: bool = True) -> object:
    """A JSON file read through `read_capped`; ValueError when it is not JSON (however deep)."""
    import json

    data = read_capped(path, limit, follow)
    try:
        return json.loads(data)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def resolved(path: Path) -> Path | None:
    """`path` with every link followed, or None when that fails (a link loop, say)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a symlink loop
        return None


def relative_inside(path: str) -> bool:
    """True for a relative path that stays below the project by its words (no '..')."""
    parts = Path(path).parts
    return bool(parts) and not Path(path).is_absolute() and ".." not in parts and "\\" not in path
