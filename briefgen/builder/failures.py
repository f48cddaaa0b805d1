"""Why one brief was not built: an expected failure said in one line, or a bug.

Expected are the failures the author or the machine can do something about: a located input
or template error, a render that took too long, an operating-system error (a full disk, a
permission), an outside tool (Pandoc) failing. Anything else is a bug in briefgen: the brief
fails alone, the others are still built, and the command exits 4, printing the traceback
under BRIEFGEN_DEBUG=1.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass

from pebble import ProcessExpired

from briefgen.errors import BriefgenError, RenderFailure


@dataclass(frozen=True)
class Failure:
    """One brief's failure: one line, and for a bug its traceback."""

    message: str
    traceback: str | None = None  # set for a bug only


class RenderTooLong(TimeoutError):
    """A PDF took longer than its time limit (its worker process was ended)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"rendering took longer than {seconds:g} s: shorten the brief or raise --timeout"
        )


def debugging() -> bool:
    """BRIEFGEN_DEBUG is set (to anything but 0): show a bug's traceback."""
    return os.environ.get("BRIEFGEN_DEBUG", "").strip() not in ("", "0")


def is_bug(exc: BaseException) -> bool:
    """True unless `exc` is one of the expected failures (see the module's docstring)."""
    if isinstance(exc, ProcessExpired):  # a worker that died (a crash): not expected
        return True
    return not isinstance(exc, BriefgenError | TimeoutError | OSError | RenderFailure)


def failure(exc: BaseException) -> Failure:
    """What to say about `exc`, raised while one brief was planned, rendered or written."""
    if isinstance(exc, BriefgenError):  # located already, one problem a line
        return Failure("; ".join(str(p) for p in exc.problems))
    if not is_bug(exc):
        if isinstance(exc, OSError) and exc.strerror:
            path = exc.filename2 or exc.filename  # a rename: the file it was to become
            return Failure(f"{path}: {exc.strerror}" if path else exc.strerror)
        return Failure(str(exc) or type(exc).__name__)
    lines = traceback.format_exception(exc)
    remote = getattr(exc, "traceback", None)  # raised in a worker process (Pebble keeps it)
    if isinstance(remote, str) and remote.strip():
        lines += ["\nThe above was raised in a worker process:\n", remote]
    return Failure(f"{type(exc).__name__}: {exc}", "".join(lines))
