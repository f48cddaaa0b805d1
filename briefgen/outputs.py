"""The output folder: where it may be, one build at a time, no writing through links."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import BuildError, Location, Problem

LOCK_NAME = ".briefgen.lock"
LOCK_WAIT_SECONDS = float(os.environ.get("BRIEFGEN_LOCK_WAIT", "120"))


def output_problem(message: str) -> BuildError:
    """A one-line error about the output folder."""
    return BuildError([Problem(Location("output", 0, 0), message)])


def check_output_folder(root: Path) -> None:
    """Refuse an output folder that is a link or overlaps content/, briefs/ or templates/."""
    out = root / "output"
    if out.is_symlink():
        raise output_problem(
            "is a symbolic link: remove it, briefgen writes only into a real folder"
        )
    real_out = out.resolve()
    for name in ("content", "briefs", "templates"):
        inputs = (root / name).resolve()
        if real_out == inputs or real_out.is_relative_to(inputs) or inputs.is_relative_to(real_out):
            raise output_problem(f"overlaps {name}/: keep outputs and inputs in separate folders")


def safe_brief_folder(root: Path, brief_id: str) -> Path:
    """output/<brief>, made a real folder: a planted link there is removed, never followed."""
    folder = root / "output" / brief_id
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def project_lock(root: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the project's build lock; a second build waits for it, then gives up with a message."""
    out = root / "output"
    out.mkdir(parents=True, exist_ok=True)
    lock_path = out / LOCK_NAME
    if lock_path.is_symlink():
        lock_path.unlink()
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    print(
                        "another build of this project is running; waiting for it…", file=sys.stderr
                    )
                    told = True
                if time.monotonic() > deadline:
                    raise output_problem(
                        f"another build still holds {LOCK_NAME} after {wait:.0f} s: wait for it or stop it"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # closing releases the lock
