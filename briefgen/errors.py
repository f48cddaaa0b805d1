"""One error family: every problem carries a file, line, column and a hint."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import click

# what must not reach a terminal as it is: C0 and C1 controls (escape sequences, bells,
# carriage returns), DEL, line and paragraph separators and the bidirectional overrides
UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str, newlines: bool = True) -> str:
    """`text` with every control character shown as an escape (`\\x1b`), safe for a terminal.

    Newlines are kept unless `newlines` is False (one-line messages).
    """
    if not newlines:
        text = text.replace("\n", "\\n")
    return UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


class Severity(StrEnum):
    """How bad a problem is: errors stop a build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file (1-based line and column; 0 means unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column or 1}"
        return self.file


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, printable as a single line."""

    location: Location
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        text = " ".join(self.message.split())  # one line, whatever the input held
        return printable(f"{self.location}: {self.severity.value}: {text}", newlines=False)


class BriefgenError(click.ClickException):
    """Raised when input problems stop the work; holds every problem found, shown one a line."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
        self.args = (problems,)  # so the error crosses process boundaries (pickle) whole

    def show(self, file: IO[Any] | None = None) -> None:
        """Print each problem on its own line (stderr), as click does for its own errors."""
        for problem in self.problems:
            click.echo(str(problem), file=file, err=file is None)


class BuildError(BriefgenError):
    """Rendering or writing an output failed."""

    exit_code = 3


class RenderFailure(Exception):
    """An outside tool (Pandoc) could not make an output: an expected failure, said in one
    line (exit 3), not a bug."""


def display_path(path: Path, root: Path) -> str:
    """The path as the user should see it: relative to the project when inside it."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def suggest(name: str, known: Iterable[str], limit: int = 6) -> str:
    """A hint naming the closest known names, for 'unknown X' messages."""
    import difflib

    choices = sorted(known)
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    if not choices:
        return " (none are defined)"
    shown = ", ".join(choices[:limit])
    more = ", ..." if len(choices) > limit else ""
    return f" (known: {shown}{more})"


def check_unique(named: Iterable[tuple[str, Location]], what: str) -> list[Problem]:
    """An error for every id defined twice."""
    seen: dict[str, Location] = {}
    problems = []
    for ident, loc in named:
        if ident in seen:
            first = seen[ident]
            problems.append(
                Problem(
                    loc, f"duplicate {what} id '{ident}' (first defined at {first}): rename one"
                )
            )
        else:
            seen[ident] = loc
    return problems
