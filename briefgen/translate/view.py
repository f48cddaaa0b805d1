"""A project's content catalogs, read once per run, and the content as each brief sees it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from briefgen.errors import BriefgenError, Problem
from briefgen.languages import primary
from briefgen.model import Brief, Project
from briefgen.translate.apply import Catalog, translated_brief, translated_project
from briefgen.translate.catalogs import read_translations


class Translations:
    """The catalogs of the languages a project's briefs are in, other than the content's."""

    def __init__(self, root: Path, project: Project, briefs: Mapping[str, Brief]) -> None:
        self.project, self.briefs = project, briefs
        self.problems: list[Problem] = []  # catalogs that cannot be read
        self.catalogs: dict[str, Catalog | None] = {}
        self.projects: dict[str, Project] = {}
        for brief in briefs.values():
            tag = brief.language
            if tag in self.catalogs or self.same(tag):
                continue
            try:
                self.catalogs[tag] = read_translations(root, tag)
            except BriefgenError as exc:
                self.problems += exc.problems
                self.catalogs[tag] = None

    def same(self, tag: str) -> bool:
        """True for a language the content is written in (nothing to translate)."""
        return primary(tag) == primary(self.project.language)

    def translates(self, brief: Brief) -> bool:
        """True for a brief in another language than its content's."""
        return not self.same(brief.language)

    def view(self, brief: Brief) -> tuple[Brief, Project]:
        """The brief and the content as it shows them: in its language where translated, the
        originals tagged with their language elsewhere (ContentText)."""
        tag = brief.language
        catalog = self.catalogs.get(tag)
        shown = translated_brief(brief, self.briefs, catalog, self.project.language)
        if self.same(tag):
            return shown, self.project
        if tag not in self.projects:
            self.projects[tag] = translated_project(self.project, catalog, tag)
        return shown, self.projects[tag]
