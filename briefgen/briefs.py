"""Load briefs: briefs/*.yaml, with inheritance (`extends`) resolved on the YAML tree."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Location, Problem, display_path, suggest
from .fields import SLUG, Fields
from .load import TreeCache, read_tree, yaml_files
from .model import LAYOUTS, Brief, BriefOptions, BriefPart, Filters, PreferredName
from .yamltree import Map, Node, Scalar

BRIEF_KEYS = (
    "extends",
    "title",
    "subtitle",
    "audience",
    "edition",
    "marking",
    "organisation",
    "author",
    "language",
    "formats",
    "options",
    "filters",
    "sections",
    "max_pages",
)
FILTER_KEYS = (
    "depth",
    "tags",
    "exclude_tags",
    "since",
    "until",
    "min_reliability",
    "source_kinds",
    "perspectives",
    "max_items",
)
PART_KEYS = ("section", "heading", "intro", "layout", *FILTER_KEYS)
OPTION_KEYS = (
    "reliability",
    "notes",
    "cover_page",
    "contents",
    "terminology",
    "flag_unverified",
    "layout",
    "numbering",
    "bottom_lines",
    "quote_checks",
    "note_quotes",
    "dropped_positions",
    "pdf_variant",
)
# WeasyPrint's pdf_variant names briefgen finishes with pikepdf (briefgen/pdfua.py)
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-2b", "pdf/a-2u", "pdf/a-3b", "pdf/a-3u", "pdf/a-2a", "pdf/a-3a")
PATCHED_KEYS = ("options", "filters")  # merged key by key with the parent; every other key replaces
FORMATS = ("html", "pdf", "docx", "json")


def read_filters(f: Fields) -> Filters:
    """Filter fields of a brief's `filters:` or of one section entry."""
    return Filters(
        tags=f.texts("tags", slugs=True),
        exclude_tags=f.texts("exclude_tags", slugs=True),
        since=f.date("since"),
        until=f.date("until"),
        min_reliability=f.choice("min_reliability", tuple("ABCDEF"), "") or None,
        source_kinds=f.texts("source_kinds", slugs=True),
        perspectives=f.texts("perspectives", slugs=True),
        weight="key" if f.choice("depth", ("key", "full"), "full") == "key" else None,
        max_items=f.integer("max_items", minimum=1),
    )


def read_part(node: Node, f: Fields) -> BriefPart | None:
    """One entry of a brief's `sections`: a plain name or a mapping."""
    if isinstance(node, Map):
        p = Fields(node, PART_KEYS, f.problems)
        name = p.slug("section")
        if name is None:
            return None
        return BriefPart(
            name,
            p.loc,
            read_filters(p),
            p.text("heading", required=False, max_len=200),
            p.text("intro", required=False),
            p.choice("layout", LAYOUTS, "") or None,
        )
    name = f.slug_of(node, "sections")
    return BriefPart(name, node.loc) if name else None


def read_language(f: Fields) -> str:
    """The brief's language tag (default 'en')."""
    lang = f.text("language", required=False, max_len=35)
    if lang is None:
        return "en"
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*", lang):
        f.error(
            f.node.entries["language"].loc,
            f"'language' must be a language tag such as en or tr, not '{lang}'",
        )
        return "en"
    return lang


def sub_map(f: Fields, key: str, what: str) -> Map | None:
    """The mapping under `key`; None when it is absent, or not a mapping (then an error)."""
    if not f.has(key):
        return None
    node = f.node.entries[key]
    if not isinstance(node, Map):
        f.error(node.loc, f"'{key}' must be {what}")
        return None
    return node


def read_terminology(o: Fields) -> tuple[PreferredName, ...]:
    """`terminology:` a mapping of term id to the name this brief uses."""
    node = sub_map(o, "terminology", "a mapping of term ids to names, e.g. turkey-name: Türkiye")
    if node is None:
        return ()
    chosen = []
    for term, value in node.entries.items():
        name = o.scalar_text(value, f"terminology.{term}", max_len=200)
        if name is not None:
            chosen.append(PreferredName(term, name, node.key_locs[term]))
    return tuple(chosen)


def read_options(f: Fields) -> BriefOptions:
    """The brief's presentation options."""
    node = sub_map(f, "options", "a mapping")
    if node is None:
        return BriefOptions()
    o = Fields(node, OPTION_KEYS, f.problems)
    return BriefOptions(
        reliability=o.boolean("reliability", True),
        notes=o.choice("notes", ("footnotes", "endnotes"), "footnotes") or "footnotes",
        cover_page=o.boolean("cover_page", True),
        contents=o.boolean("contents", True),
        flag_unverified=o.boolean("flag_unverified", True),
        terminology=read_terminology(o),
        layout=o.choice("layout", ("prose", "register"), "prose") or "prose",
        numbering=o.boolean("numbering", False),
        bottom_lines=o.boolean("bottom_lines", True),
        quote_checks=o.boolean("quote_checks", True),
        note_quotes=o.boolean("note_quotes", True),
        dropped_positions=o.choice("dropped_positions", ("notice", "keep"), "notice") or "notice",
        pdf_variant=o.choice("pdf_variant", PDF_VARIANTS, "pdf/ua-1") or "pdf/ua-1",
    )


def read_brief_filters(f: Fields) -> Filters:
    """The brief-wide `filters:` mapping."""
    node = sub_map(f, "filters", "a mapping")
    if node is None:
        return Filters()
    return read_filters(Fields(node, FILTER_KEYS, f.problems))


def read_brief(
    tree: Map, brief_id: str, chain: tuple[str, ...], problems: list[Problem]
) -> Brief | None:
    """A Brief from its (already merged) tree."""
    f = Fields(tree, BRIEF_KEYS, problems)
    title, edition = f.text("title", max_len=300), f.date("edition", True, full=True)
    marking = f.text("marking", max_len=120)
    formats = f.texts("formats", slugs=True) or ("html", "pdf")
    for fmt in formats:
        if fmt not in FORMATS:
            f.error(tree.entries["formats"].loc, f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
    parts = [read_part(n, f) for n in f.seq("sections", required=True)]
    options, filters = read_options(f), read_brief_filters(f)
    if not (title and edition and marking) or None in parts:
        return None
    return Brief(
        brief_id,
        title,
        edition,
        marking,
        tuple(p for p in parts if p),
        f.loc,
        subtitle=f.text("subtitle", required=False, max_len=300),
        audience=f.text("audience", required=False, max_len=300),
        organisation=f.text("organisation", required=False, max_len=300),
        author=f.text("author", required=False, max_len=300),
        formats=tuple(dict.fromkeys(formats)),
        options=options,
        language=read_language(f),
        filters=filters,
        max_pages=f.integer("max_pages", minimum=1),
        extends=chain,
    )


def merge(parent: Map, child: Map) -> Map:
    """The child's keys over the parent's: options and filters patch, everything else replaces."""
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
    for path in yaml_files(root / "briefs", root, problems):
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
    return briefs
