"""ProjectLayout: the one list of a project's folders, read by every loader, watcher and cache key.

A project is a folder holding these (each optional but content/ and briefs/):

    content/       content YAML                          read by load
    briefs/        brief YAML                            read by load
    templates/     the project's own templates, assets   read by render
    locale/        the project's label catalogs (.po)    read by render
    translations/  content translation catalogs          read by load and render
    snapshots/     stored source texts (`snapshots:` in a content file names another folder)
    editions/      recorded editions                     written and read by build
    output/        built briefs                          written by build

Whoever needs to know which folders decide an answer (the no-op fast path, the workspace cache,
watch and serve, the output folder's overlap check) asks this module, so a folder added here is
watched, digested and guarded everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CONTENT = "content"
BRIEFS = "briefs"
TEMPLATES = "templates"
LOCALE = "locale"
TRANSLATIONS = "translations"
SNAPSHOTS = "snapshots"  # the default; a content file's `snapshots:` names another
EDITIONS = "editions"
OUTPUT = "output"

LOADED = (CONTENT, BRIEFS)  # the YAML the workspace is read from
# what a loaded workspace's answers depend on besides the YAML (its cache key covers them)
VALIDATED = (*LOADED, LOCALE, TRANSLATIONS)
RENDERED = (TEMPLATES, LOCALE, TRANSLATIONS)  # what rendering reads besides the workspace
INPUTS = (*LOADED, TEMPLATES, LOCALE, TRANSLATIONS)  # every folder an author edits
WRITTEN = (EDITIONS, OUTPUT)  # what a build writes


@dataclass(frozen=True)
class ProjectLayout:
    """The folders of the project at `root` (`snapshots`: the store folder's name, relative)."""

    root: Path
    snapshots_name: str = SNAPSHOTS

    def folder(self, name: str) -> Path:
        """The folder of that name (not checked: it may not exist)."""
        return self.root / name

    @property
    def content(self) -> Path:
        return self.root / CONTENT

    @property
    def briefs(self) -> Path:
        return self.root / BRIEFS

    @property
    def templates(self) -> Path:
        return self.root / TEMPLATES

    @property
    def locale(self) -> Path:
        return self.root / LOCALE

    @property
    def translations(self) -> Path:
        return self.root / TRANSLATIONS

    @property
    def snapshots(self) -> Path:
        return self.root / self.snapshots_name

    @property
    def editions(self) -> Path:
        return self.root / EDITIONS

    @property
    def output(self) -> Path:
        return self.root / OUTPUT

    def brief_output(self, brief_id: str) -> Path:
        """output/<brief>: where one brief's files go."""
        return self.output / brief_id

    def inputs(self) -> tuple[str, ...]:
        """The names of every folder an author edits and a build reads, snapshots included."""
        return (*INPUTS, self.snapshots_name)

    def watched(self) -> list[Path]:
        """The input folders that exist, for watch and serve (an edit in any rebuilds)."""
        return [self.root / name for name in dict.fromkeys(self.inputs()) if self.is_dir(name)]

    def is_dir(self, name: str) -> bool:
        """The named folder exists (a link to a folder counts; the readers check where it leads)."""
        return (self.root / name).is_dir()
