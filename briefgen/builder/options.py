"""What a build is asked to do, shared by the whole build and each brief's run."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TIMEOUT = 300.0  # seconds one PDF may take


@dataclass(frozen=True, kw_only=True)
class BuildOptions:
    """One build's settings, as the command line (or a caller) gives them, passed whole from
    the command line to each brief's run."""

    briefs: tuple[str, ...] = ()  # the briefs to build (all when none)
    formats: tuple[str, ...] = ()  # only these formats (none: the formats each brief asks for)
    force: bool = False  # rebuild even when nothing changed
    jobs: int = 1  # PDFs (and Word files) made at a time; never more workers than PDFs
    timeout: float = DEFAULT_TIMEOUT  # seconds one PDF may take (0: no limit)
    strict: bool = False  # warnings (and a brief over its page budget) fail it
    release: bool = False  # refuse drafts, print no workflow marks
    pdf_variant: str | None = None  # every PDF's conformance (none: each brief's own)
    scheduler: str | None = None  # a Dask scheduler's address (build_project connects to it)
    use_cache: bool = True  # read and answer from the caches (--no-cache: False)

    @property
    def full(self) -> bool:
        """Every brief in every format it asks for, nothing forced: what a plain `build`
        does, and what the recorded no-op state answers."""
        return not (
            self.briefs
            or self.formats
            or self.force
            or self.strict
            or self.pdf_variant
            or self.release
        )


DEFAULTS = BuildOptions()  # a plain build: every brief whose inputs changed
