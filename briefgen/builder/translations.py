"""`translate update` and `translate status`: write the content catalogs, count what is translated."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from briefgen.errors import BriefgenError, Location, Problem
from briefgen.languages import TRANSLATIONS_FOLDER, catalog_names, parse_locale, primary
from briefgen.selection.select import select
from briefgen.translate.apply import Catalog, originals
from briefgen.translate.catalogs import Updated, catalog_file, read_translations, update_catalog
from briefgen.validate.translations import texts_shown
from briefgen.validate.workspace import Workspace


def target_languages(ws: Workspace) -> list[str]:
    """The languages to translate into: those of the briefs and of the catalogs in
    translations/, except the content's own, each once."""
    found = [b.language for b in sorted(ws.briefs.values(), key=lambda b: b.id)]
    folder = ws.root / TRANSLATIONS_FOLDER
    if folder.is_dir():
        found += sorted(p.stem.replace("_", "-") for p in folder.glob("*.po"))
    wanted = [t for t in found if primary(t) != primary(ws.project.language)]
    unique: dict[str, str] = {}
    for tag in wanted:
        unique.setdefault(catalog_names(tag)[-1], tag)
    return list(unique.values())


def check_language(ws: Workspace, tag: str) -> None:
    """Refuse a language the content is written in, or one CLDR does not know."""
    where = ws.project.language_loc or Location("content/")
    if primary(tag) == primary(ws.project.language):
        message = (
            f"'{tag}' is the content's own language (content `language: {ws.project.language}`):"
            " there is nothing to translate into it"
        )
        raise BriefgenError([Problem(where, message)])
    if parse_locale(tag) is None:
        message = f"'{tag}' is not a language CLDR knows: give a tag such as fr, ar or pt-BR"
        raise BriefgenError([Problem(Location(TRANSLATIONS_FOLDER), message)])


def update(ws: Workspace, languages: tuple[str, ...]) -> list[Updated]:
    """Write or update translations/<lang>.po for each language (all the briefs' when none)."""
    if ws.errors:
        raise BriefgenError(ws.errors)
    chosen = list(languages) or target_languages(ws)
    for tag in chosen:
        check_language(ws, tag)
    return [
        update_catalog(ws.root, tag, originals(ws.project, ws.briefs, tag), ws.project.topic)
        for tag in chosen
    ]


@dataclass(frozen=True)
class Count:
    """How many texts are translated, outdated (fuzzy, or the original edited since) and missing."""

    name: str  # a language's catalog, or a brief
    language: str
    where: str
    translated: int = 0
    outdated: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.outdated + self.missing


def counted(name: str, tag: str, where: str, states: Counter[str]) -> Count:
    return Count(name, tag, where, states["translated"], states["outdated"], states["missing"])


def status(ws: Workspace) -> tuple[list[Count], list[Count]]:
    """Per language (every text its catalog must hold) and per brief in another language than
    the content's (the texts it shows): how many are translated, outdated and missing."""
    if ws.errors:
        raise BriefgenError(ws.errors)
    languages, briefs = [], []
    for tag in target_languages(ws):
        catalog = ws.translations.catalogs.get(tag)
        if catalog is None and tag not in ws.translations.catalogs:
            catalog = read_translations(ws.root, tag)
        path = catalog_file(ws.root, tag)
        where = f"{TRANSLATIONS_FOLDER}/{path.name}" + ("" if path.is_file() else " (none yet)")
        states = Counter(
            state_of(catalog, o.context, o.text) for o in originals(ws.project, ws.briefs, tag)
        )
        languages.append(counted(tag, tag, where, states))
    for brief in sorted(ws.briefs.values(), key=lambda b: b.id):
        shown_brief, project = ws.view(brief)
        if shown_brief is brief and project is ws.project:
            continue
        texts = texts_shown(select(shown_brief, project))
        states = Counter(t.state for t in texts.values())
        briefs.append(counted(brief.id, brief.language, str(brief.loc.file), states))
    return languages, briefs


def state_of(catalog: Catalog | None, context: str, text: str) -> str:
    """translated, outdated or missing."""
    return catalog.state(context, text)[0] if catalog is not None else "missing"
