"""What rendering a PDF gives back: a plain record, importable without WeasyPrint (a worker's
result is unpickled in the process that started it, which then need not import WeasyPrint)."""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.errors import Problem


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF's bytes, its page count, the URLs the fetcher refused, the time it took, and the
    problems met (what WeasyPrint reported and what the fetcher refused or missed, located)."""

    data: bytes
    pages: int
    refused: tuple[str, ...]
    seconds: float
    part_pages: tuple[tuple[str, int], ...] = ()
    problems: tuple[Problem, ...] = ()
