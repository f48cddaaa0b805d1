"""The output folder: where it may be, one build at a time, no writing through links."""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from briefgen.errors import BuildError, Location, Problem
from briefgen.layout import OUTPUT, ProjectLayout
from briefgen.safeio import kind_of, resolved

LOCK_NAME = ".briefgen.lock"
LOCK_WAIT_SECONDS = 120.0
MAX_LOCK_WAIT = 7 * 24 * 3600.0


def lock_wait() -> float:
    """Seconds a build waits for another one: BRIEFGEN_LOCK_WAIT, a finite number from 0."""
    text = os.environ.get("BRIEFGEN_LOCK_WAIT", "").strip()
    if not text:
        return LOCK_WAIT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or not 0 <= seconds <= MAX_LOCK_WAIT:
        raise BuildError(
            [
                Problem(
                    Location("BRIEFGEN_LOCK_WAIT"),
                    f"{text[:40]!r} is not a number of seconds from 0 to {MAX_LOCK_WAIT:.0f}",
                )
            ]
        )
    return seconds


def output_problem(message: str) -> BuildError:
    """A one-line error about the output folder."""
    return BuildError([Problem(Location(OUTPUT, 0, 0), message)])


def check_output_folder(layout: ProjectLayout) -> None:
    """Refuse an output folder that is a link or overlaps an input folder (content/, briefs/,
    templates/, locale/, translations/ or the snapshots folder)."""
    out = layout.output
    if out.is_symlink():
        raise output_problem(
            "is a symbolic link: remove it, briefgen writes only into a real folder"
        )
    try:
        mode = out.lstat().st_mode
    except FileNotFoundError:
        mode = stat.S_IFDIR  # made when the first output is written
    except OSError as exc:  # the project lies under a file, or a loop
        raise output_problem(f"cannot be used: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(mode):
        raise output_problem(f"is {kind_of(mode)}, not a folder: move it away")
    real_out = resolved(out)
    if real_out is None:
        raise output_problem("is a link that cannot be followed (a loop?): remove it")
    for name in layout.inputs():
        inputs = resolved(layout.folder(name))
        if inputs is None:
            raise BuildError(
                [Problem(Location(name), "is a link that cannot be followed (a loop?)")]
            )
        if real_out == inputs or real_out.is_relative_to(inputs) or inputs.is_relative_to(real_out):
            raise output_problem(f"overlaps {name}/: keep outputs and inputs in separate folders")


def safe_brief_folder(root: Path, brief_id: str) -> Path:
    """output/<brief>, made a real folder: a planted link there is removed, never followed."""
    folder = ProjectLayout(root).brief_output(brief_id)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def project_lock(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the project's build lock; a second build waits for it, then gives up with a message.

    An output folder or lock file that cannot be made or opened is a one-line error.
    """
    wait = lock_wait() if wait is None else wait
    out = root / OUTPUT
    lock_path = out / LOCK_NAME
    try:
        out.mkdir(parents=True, exist_ok=True)
        if lock_path.is_symlink():
            lock_path.unlink()
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        where = "output" if not out.is_dir() else f"output/{LOCK_NAME}"
        raise BuildError(
            [Problem(Location(where), f"cannot be made or opened: {exc.strerror or exc}")]
        ) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise BuildError(
            [Problem(Location(f"output/{LOCK_NAME}"), f"is {kind_of(mode)}: remove it")]
        )
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
