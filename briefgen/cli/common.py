"""What every command shares: printing for a terminal and the loaded project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefgen.errors import Problem, printable

if TYPE_CHECKING:  # the pipeline is imported when a command loads the project
    from briefgen.validate.workspace import Workspace


def echo(text: str = "", err: bool = False) -> None:
    """Print a line (or lines) with control characters from the input made visible."""
    click.echo(printable(text), err=err)


def report(problems: list[Problem] | tuple[Problem, ...]) -> None:
    """Print problems one per line on stderr."""
    for problem in problems:
        echo(str(problem), err=True)


def workspace(ctx: click.Context) -> Workspace:
    """The project named by --project, loaded and validated."""
    from briefgen.validate.cache import load_workspace

    root: Path = ctx.obj["root"]
    if ctx.obj.get("no_cache"):
        from briefgen.validate.glyphs import installed_coverage

        installed_coverage(fresh=True)  # the fonts too: read from fontconfig, not the cache
    return load_workspace(root, use_cache=not ctx.obj.get("no_cache"))
