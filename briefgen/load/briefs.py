"""Load briefs: briefs/*.yaml, with inheritance (`extends`) resolved on the YAML tree."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from briefgen.errors import Location, Problem, display_path, suggest
from briefgen.languages import primary
from briefgen.layout import ProjectLayout
from briefgen.load.content import ContentReader, TreeCache, read_tree, yaml_files
from briefgen.load.fields import SLUG, Fields
from briefgen.load.schema import FORMATS, BriefFile, FiltersEntry, OptionsEntry, PartEntry
from briefgen.load.schema import PDF_VARIANTS as PDF_VARIANTS  # re-exported: pdf_variant's choices
from briefgen.load.theme import read_theme
from briefgen.load.yamltree import Map, Node, Scalar
from briefgen.model import (
    Brief,
    BriefOptions,
    BriefPart,
    Filters,
    PreferredName,
    Standfirst,
    Theme,
)

PATCHED_KEYS = (
    "options",
    "filters",
    "theme",
)  # merged key by key with the parent; every other key replaces


def read_filters(f: Fields) -> Filters:
    """Filter fields of a brief's `filters:` or of one section entry."""
    E = FiltersEntry  # a section entry (PartEntry) has the same filter fields
    return Filters(
        tags=E.tags.read(f),
        exclude_tags=E.exclude_tags.read(f),
        since=E.since.read(f),
        until=E.until.read(f),
        min_reliability=E.min_reliability.read(f),
        source_kinds=E.source_kinds.read(f),
        perspectives=E.perspectives.read(f),
        weight="key" if E.depth.read(f) == "key" else None,
        max_items=E.max_items.read(f),
    )


def read_part(node: Node, f: Fields) -> BriefPart | None:
    """One entry of a brief's `sections`: a plain name or a mapping."""
    if isinstance(node, Map):
        E = PartEntry
        p = Fields(node, E.FIELDS, f.problems)
        name = E.section.read(p)
        if name is None:
            return None
        return BriefPart(
            name, p.loc, read_filters(p), E.heading.read(p), E.intro.read(p), E.layout.read(p)
        )
    name = f.slug_of(node, "sections")
    return BriefPart(name, node.loc) if name else None


def read_terminology(o: Fields) -> tuple[PreferredName, ...]:
    """`terminology:` a mapping of term id to the name this brief uses."""
    field = OptionsEntry.terminology
    node = field.read(o)
    if node is None:
        return ()
    chosen = []
    for term, value in node.entries.items():
        name = o.scalar_text(value, f"terminology.{term}", max_len=field.max_len)
        if name is not None:
            chosen.append(PreferredName(term, name, node.key_locs[term]))
    return tuple(chosen)


def read_options(f: Fields) -> BriefOptions:
    """The brief's presentation options."""
    node = BriefFile.options.read(f)
    if node is None:
        return BriefOptions()
    E = OptionsEntry
    o = Fields(node, E.FIELDS, f.problems)
    return BriefOptions(
        reliability=E.reliability.read(o),
        notes=E.notes.read_or_default(o),
        notes_per=E.notes_per.read_or_default(o),
        cover_page=E.cover_page.read(o),
        contents=E.contents.read(o),
        flag_unverified=E.flag_unverified.read(o),
        terminology=read_terminology(o),
        layout=E.layout.read_or_default(o),
        numbering=E.numbering.read(o),
        bottom_lines=E.bottom_lines.read(o),
        quote_checks=E.quote_checks.read(o),
        note_quotes=E.note_quotes.read(o),
        dropped_positions=E.dropped_positions.read_or_default(o),
        pdf_variant=E.pdf_variant.read_or_default(o),
    )


def read_brief_filters(f: Fields) -> Filters:
    """The brief-wide `filters:` mapping."""
    node = BriefFile.filters.read(f)
    if node is None:
        return Filters()
    return read_filters(Fields(node, FiltersEntry.FIELDS, f.problems))


def read_brief(
    tree: Map, brief_id: str, chain: tuple[str, ...], problems: list[Problem]
) -> Brief | None:
    """A Brief from its (already merged) tree; its fields are declared in schema.BriefFile."""
    E = BriefFile
    f = Fields(tree, E.FIELDS, problems)
    title, edition, marking = E.title.read(f), E.edition.read(f), E.marking.read(f)
    formats = E.formats.read(f) or E.formats.default
    for fmt in formats:
        if fmt not in FORMATS:
            f.error(
                tree.entries["formats"].loc, f"unknown format '{fmt}' (known: {', '.join(FORMATS)})"
            )
    parts = [read_part(n, f) for n in E.sections.read(f)]
    options, filters = read_options(f), read_brief_filters(f)
    if not (title and edition and marking) or None in parts:
        return None
    declared = {key: Path(loc.file).stem for key, loc in tree.key_locs.items()}
    return Brief(
        brief_id,
        title,
        edition,
        marking,
        tuple(p for p in parts if p),
        f.loc,
        subtitle=E.subtitle.read(f),
        audience=E.audience.read(f),
        organisation=E.organisation.read(f),
        author=E.author.read(f),
        formats=tuple(dict.fromkeys(formats)),
        options=options,
        language=E.language.read(f) or "en",
        filters=filters,
        max_pages=E.max_pages.read(f),
        extends=chain,
        declared=declared,
        translation_of=E.translation_of.read(f),
        theme=(read_theme(f.node.entries["theme"], f) if f.has("theme") else None) or Theme(),
        standfirst=read_standfirst(f),
    )


def read_standfirst(f: Fields) -> Standfirst | None:
    """The brief's own `standfirst:` (the point up front in its audience's words)."""
    node = BriefFile.standfirst.read(f)
    return ContentReader(f.problems).standfirst(node) if node is not None else None


def merge(parent: Map, child: Map) -> Map:
    """The child's keys over the parent's: options, filters and theme patch, the rest replaces."""
    merged = Map(child.loc, dict(parent.entries), dict(parent.key_locs))
    for key, value in child.entries.items():
        old = merged.entries.get(key)
        if key in PATCHED_KEYS and isinstance(old, Map) and isinstance(value, Map):
            value = Map(
                value.loc, {**old.entries, **value.entries}, {**old.key_locs, **value.key_locs}
            )
        merged.entries[key] = value
        merged.key_locs[key] = child.key_locs[key]
    merged.entries.pop("extends", None)
    merged.key_locs.pop("extends", None)
    return merged


def resolve(
    brief_id: str, trees: dict[str, Map], problems: list[Problem]
) -> tuple[Map, tuple[str, ...]] | None:
    """A brief's tree with its parents merged in, and the chain of parents; None on a cycle or unknown parent."""
    chain = [brief_id]
    tree = trees[brief_id]
    while True:
        node = tree.entries.get("extends")
        if node is None:
            break
        if not isinstance(node, Scalar):
            problems.append(Problem(node.loc, "'extends' must name one brief"))
            return None
        parent = node.text.strip()
        if parent not in trees:
            problems.append(
                Problem(node.loc, f"extends unknown brief '{parent}'{suggest(parent, trees)}")
            )
            return None
        if parent in chain:
            cycle = " → ".join([*chain[chain.index(parent) :], parent])
            start = trees[brief_id].entries["extends"].loc  # reported in the brief being read
            problems.append(
                Problem(start, f"brief inheritance cycle: {cycle}: remove one 'extends'")
            )
            return None
        chain.append(parent)
        tree = trees[parent]
    merged = trees[chain[-1]]
    for name in reversed(chain[:-1]):
        merged = merge(merged, trees[name])
    return merged, tuple(chain[1:])


def load_briefs(
    root: Path, problems: list[Problem], tree_cache: TreeCache | None = None
) -> dict[str, Brief]:
    """Every brief in briefs/, by id (the file name without .yaml), inheritance resolved
    (`tree_cache`: the unchanged files' trees are not parsed again)."""
    trees: dict[str, Map] = {}
    files: dict[str, str] = {}
    for path in yaml_files(ProjectLayout(root).briefs, root, problems):
        name = display_path(path, root)
        if not SLUG.fullmatch(path.stem):
            problems.append(
                Problem(
                    Location(name, 1, 1),
                    "brief file names must be ids: lowercase letters, digits, '-', '_'",
                )
            )
            continue
        if path.stem in files:  # x.yaml and x.yml: one would silently replace the other
            problems.append(
                Problem(
                    Location(name, 1, 1),
                    f"brief '{path.stem}' is also defined by {files[path.stem]}: keep one file",
                )
            )
            continue
        files[path.stem] = name
        before = len(problems)
        tree = read_tree(path, root, problems, tree_cache)
        if len(problems) > before:
            continue
        if tree is None:
            problems.append(
                Problem(
                    Location(name, 1, 1),
                    "empty brief: give it title, edition, marking and sections",
                )
            )
        elif not isinstance(tree, Map):
            problems.append(
                Problem(
                    tree.loc, "a brief must be a mapping with title, edition, marking and sections"
                )
            )
        else:
            trees[path.stem] = tree
    briefs: dict[str, Brief] = {}
    for brief_id in trees:
        resolved = resolve(brief_id, trees, problems)
        if resolved is not None:
            brief = read_brief(resolved[0], brief_id, resolved[1], problems)
            if brief:
                briefs[brief.id] = brief
    return with_versions(briefs)


def family_of(brief: Brief, briefs: dict[str, Brief]) -> str:
    """The brief a brief is a version of in another language (through `translation_of`, or
    `extends` with another `language`), followed to its first: itself when it is none."""
    seen = {brief.id}
    while True:
        parent_id = brief.translation_of or (brief.extends[0] if brief.extends else None)
        parent = briefs.get(parent_id) if parent_id else None
        if parent is None or parent.id in seen:
            return brief.id
        if not brief.translation_of and primary(parent.language) == primary(brief.language):
            return brief.id  # a brief for another audience in the same language
        seen.add(parent.id)
        brief = parent


def with_versions(briefs: dict[str, Brief]) -> dict[str, Brief]:
    """Each brief with the other-language versions of it that have an HTML file."""
    families: dict[str, list[Brief]] = {}
    for brief in briefs.values():
        families.setdefault(family_of(brief, briefs), []).append(brief)
    result = {}
    for bid, brief in briefs.items():
        family = families[family_of(brief, briefs)]
        versions = tuple(
            (b.id, b.language)
            for b in sorted(family, key=lambda b: b.id)
            if b.id != bid
            and primary(b.language) != primary(brief.language)
            and "html" in b.formats
        )
        result[bid] = replace(brief, versions=versions) if versions else brief
    return result
