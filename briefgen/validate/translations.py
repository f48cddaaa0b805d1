"""Translation checks: what each brief in another language shows untranslated, and catalogs
whose translations lose a term mark."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from briefgen.content_text import ContentText
from briefgen.errors import Location, Problem, Severity, suggest
from briefgen.load.schema import SOURCE_KINDS  # each has a word in the label catalogs
from briefgen.marks import marks
from briefgen.model import Position, Project, Source
from briefgen.selection.select import Selection, select
from briefgen.translate.apply import Catalog, shown_texts

if TYPE_CHECKING:
    from briefgen.validate.workspace import Workspace


def warning(loc: Location | None, message: str) -> Problem:
    """A problem that does not stop a build."""
    return Problem(loc or Location("translations"), message, Severity.WARNING)


def texts_shown(selection: Selection) -> dict[tuple[str, str], ContentText]:
    """The content texts a brief shows, by context and text: its own texts, its parts with their
    items, notes and sources, and the actors it names. The quotes of one source share a context
    (`quote:<source>`), so each of their translations counts apart (the quotes left without any
    translation, which print none, count once per source)."""
    named = {
        m.held_by
        for p in selection.parts
        for e in p.entries
        for m in e.members
        if isinstance(m, Position) and m.held_by
    }
    actors = [selection.actors[a] for a in sorted(named) if a in selection.actors]
    found = shown_texts(
        (
            selection.brief,
            selection.topic,
            selection.parts,
            selection.notes,
            selection.sources,
            actors,
        )
    )
    return {(t.context, str(t)): t for t in found}


def language_name(tag: str) -> str:
    """'French (fr)': a language's English name from CLDR, with its tag."""
    from briefgen.languages import parse_locale

    locale = parse_locale(tag)
    return f"{locale.english_name} ({tag})" if locale is not None else f"'{tag}'"


def untranslated_warning(ws: Workspace, brief_id: str) -> Problem | None:
    """The brief's texts printed in another language than its own, counted; None when none."""
    brief = ws.briefs[brief_id]
    shown_brief, project = ws.view(brief)
    if shown_brief is brief and project is ws.project:
        return None  # in the content's language throughout
    texts = texts_shown(select(shown_brief, project))
    if not texts:
        return None
    states = Counter(t.state for t in texts.values())
    left = states["missing"] + states["outdated"]
    if not left:
        return None
    catalog = ws.translations.catalogs.get(brief.language)
    where = catalog.where if catalog else f"translations/{brief.language}.po"
    content = language_name(project.language)
    if not states["translated"]:
        message = (
            f"the brief is in {language_name(brief.language)} but its content is in {content}:"
            f" none of the {len(texts)} texts it shows is translated ({where}"
            f"{' has none' if catalog else ' does not exist'}), so all are printed in the"
            f" content's language (briefgen translate update {brief.language}, then translate"
            " the catalog"
        )
        if ws.project.language_loc is None:  # assumed, never declared: the likelier slip
            message += (
                f"; if the content is written in {language_name(brief.language)}, declare"
                f" 'language: {brief.language}' in content/project.yaml"
            )
        message += ")"
    else:
        message = (
            f"{left} of the {len(texts)} texts the brief shows have no current translation in"
            f" {where} ({states['missing']} missing, {states['outdated']} outdated): each is"
            f" printed in its original language, marked as such (briefgen translate status)"
        )
    return warning(brief.loc, message)


def lost_marks(catalog: Catalog) -> Iterator[Problem]:
    """A warning for each current translation that drops a term mark of its original."""
    for entries in catalog.entries.values():
        for entry in entries.values():
            if not entry.text or entry.fuzzy:
                continue
            wanted = {term for term, _, _ in marks(entry.original) if term}
            have = {term for term, _, _ in marks(entry.text) if term}
            for term in sorted(wanted - have):
                yield warning(
                    entry.loc,
                    f"the translation drops the term mark [[{term}|…]] of its original: keep it"
                    " (with the name in this language), so that a brief's preferred name is put"
                    " there",
                )


def unlabelled_kinds(project: Project) -> list[Problem]:
    """A warning for each source kind that readers would see as its id: not one of the
    suggested kinds (which the catalogs name) and not labelled under `source_kinds`."""
    first: dict[str, Source] = {}
    for source in project.sources.values():
        if source.kind not in SOURCE_KINDS and not source.kind_label:
            first.setdefault(source.kind, source)
    return [
        warning(
            source.loc,
            f"source kind '{kind}' has no label: readers would see '{kind}'; name it under"
            f" source_kinds (- id: {kind}, label: …), as readers should read it",
        )
        for kind, source in sorted(first.items())
    ]


def translation_problems(ws: Workspace) -> list[Problem]:
    """Unreadable catalogs, unknown `translation_of`, term marks lost in translation, and for
    each brief the texts it shows untranslated (when the project has no errors to select over)."""
    problems = list(ws.translations.problems)
    for brief in ws.briefs.values():
        if brief.translation_of and brief.translation_of not in ws.briefs:
            problems.append(
                Problem(
                    brief.loc,
                    f"translation_of names unknown brief '{brief.translation_of}'"
                    f"{suggest(brief.translation_of, ws.briefs)}",
                )
            )
    for catalog in ws.translations.catalogs.values():
        if catalog is not None:
            problems += lost_marks(catalog)
    problems += unlabelled_kinds(ws.project)
    if any(p.severity is Severity.ERROR for p in (*ws.found, *problems)):
        return problems
    for brief_id in sorted(ws.briefs):
        found = untranslated_warning(ws, brief_id)
        if found is not None:
            problems.append(found)
    return problems
