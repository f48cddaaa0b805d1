"""Workspace: a project's content and briefs, loaded and validated (no rendering)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from briefgen.errors import BriefgenError, Location, Problem, Severity, suggest
from briefgen.load.briefs import load_briefs
from briefgen.load.content import TreeCache, load_content
from briefgen.model import Brief, Project
from briefgen.translate.view import Translations
from briefgen.validate.checks import validate_brief, validate_project
from briefgen.validate.content_language import with_content_language
from briefgen.validate.glyphs import glyph_problems
from briefgen.validate.locators import locator_problems


@dataclass(frozen=True)
class Workspace:
    """A loaded and validated project with its briefs and every problem found.

    `found` are the problems of loading and validation (cached with the workspace); `problems`
    adds the characters no installed font can draw, the brief languages without a message
    catalog, the catalogs' own problems, the texts a brief shows untranslated and what the
    reference document loses, looked up afresh in every run (fonts, catalogs and templates
    change without the content changing).
    """

    root: Path
    project: Project
    briefs: dict[str, Brief]
    found: tuple[Problem, ...]

    @cached_property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem: loading, validation, glyph coverage, catalogs and the reference
        document, in file order."""
        from briefgen.validate.languages import (
            language_problems,  # Babel: imported by the commands that look
        )
        from briefgen.validate.reference import reference_problems  # lxml: when it is looked at
        from briefgen.validate.translations import translation_problems

        extra = (
            glyph_problems(self.root)
            + language_problems(self.briefs, self.root)
            + reference_problems(self.root)
            + translation_problems(self)
            + locator_problems(self.project)  # the verification record changes on its own
        )
        if not extra:
            return self.found
        return tuple(sorted({*self.found, *extra}, key=lambda p: (p.location, p.message)))

    @cached_property
    def translations(self) -> Translations:
        """The content catalogs of the briefs' languages (translations/), read afresh each run."""
        return Translations(self.root, self.project, self.briefs)

    def view(self, brief: Brief) -> tuple[Brief, Project]:
        """The brief and the content as it shows them: translated into its language (the
        originals, tagged with their language, where a translation is missing or outdated)."""
        return self.translations.view(brief)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a build."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that only warn."""
        return [p for p in self.problems if p.severity is Severity.WARNING]


def open_workspace(root: Path, tree_cache: TreeCache | None = None) -> Workspace:
    """Load and validate content and briefs; never raises for bad input.

    `tree_cache` (kept by serve and watch between rebuilds) gives back the trees of the files
    unchanged since the last load: only the saved files are parsed again.
    """
    problems: list[Problem] = []
    project = load_content(root, problems, tree_cache)
    briefs = load_briefs(root, problems, tree_cache)
    project, guessed = with_content_language(project, briefs)
    problems += guessed
    if tree_cache is not None:
        tree_cache.prune()
    problems += validate_project(project)
    for brief in briefs.values():
        problems += validate_brief(brief, project)
    # a parent brief's problems are met again through each child: report them once
    ordered = sorted(dict.fromkeys(problems), key=lambda p: (p.location, p.message))
    return Workspace(root, project, briefs, tuple(ordered))


def pick_briefs(ws: Workspace, names: tuple[str, ...]) -> list[Brief]:
    """The briefs named (all when none), or an error naming the unknown ones."""
    unknown = [n for n in names if n not in ws.briefs]
    if unknown:
        raise BriefgenError(
            [
                Problem(Location("briefs/"), f"no brief named '{n}'{suggest(n, ws.briefs)}")
                for n in unknown
            ]
        )
    return [ws.briefs[n] for n in names] if names else [ws.briefs[k] for k in sorted(ws.briefs)]
