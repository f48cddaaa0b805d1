"""Validate: cross-references and lint over a loaded project and its briefs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefgen.errors import Location, Problem, Severity, check_unique, suggest
from briefgen.load.snapshots import check_source_file, check_store_folder
from briefgen.marks import marks
from briefgen.model import (
    BUILTIN_PARTS,
    Attribution,
    Brief,
    Claim,
    ContestedClaim,
    Event,
    Figure,
    Filters,
    Project,
    Statement,
    Table,
    Term,
)
from briefgen.selection.explain import dropped_positions
from briefgen.selection.filters import Decision
from briefgen.selection.select import decisions
from briefgen.validate.balance import check_balance

SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]?\s+[A-Z“\"]")


def warning(loc: Location, message: str) -> Problem:
    """A problem that does not stop a build."""
    return Problem(loc, message, Severity.WARNING)


def check_attribution(a: Attribution, project: Project) -> list[Problem]:
    """Unknown source or actor, and quotes longer than one sentence."""
    problems = []
    if a.source not in project.sources:
        problems.append(
            Problem(a.loc, f"unknown source '{a.source}'{suggest(a.source, project.sources)}")
        )
    if a.held_by is not None and a.held_by not in project.actors:
        problems.append(
            Problem(
                a.held_by_loc or a.loc,
                f"unknown actor '{a.held_by}'{suggest(a.held_by, project.actors)}",
            )
        )
    if SENTENCE_BREAK.search(a.quote.strip()[:-1]):
        problems.append(
            warning(a.loc, "quote holds more than one sentence: quote one sentence at most")
        )
    return problems


def statement_groups(s: Statement, project: Project) -> set[str]:
    """The perspective groups of the sources a statement cites."""
    return {
        project.sources[a.source].perspective_group
        for a in s.attributions
        if a.source in project.sources
    }


def check_contested(c: ContestedClaim, project: Project) -> list[Problem]:
    """Two or more positions and known holders."""
    problems = []
    if len(c.positions) < 2:
        problems.append(Problem(c.loc, f"contested claim '{c.id}' needs at least two positions"))
    for p in c.positions:
        if p.held_by is not None and p.held_by not in project.actors:
            problems.append(
                Problem(p.loc, f"unknown actor '{p.held_by}'{suggest(p.held_by, project.actors)}")
            )
    return problems  # one perspective group only: the balance lint (balance.py) says so


def analyst_texts(project: Project) -> Iterator[tuple[Location, str]]:
    """Every text of the analyst's own that may carry term marks, with where it is written."""
    for s in project.statements():
        if isinstance(s, Claim | Event):
            yield s.loc, s.text
        elif isinstance(s, Figure):
            yield s.loc, s.measure
            yield s.loc, s.note or ""
        elif isinstance(s, Table):
            yield s.loc, s.title
            yield s.loc, s.note or ""
        elif isinstance(s, ContestedClaim):
            yield s.loc, s.question
            yield s.loc, s.context or ""
            for p in s.positions:
                yield p.loc, p.stance
                yield p.loc, p.summary
        elif isinstance(s, Term):
            yield s.loc, s.concept
            yield s.loc, s.note or ""
            for n in s.names:
                yield n.loc, n.used_by
    for j in project.judgments:
        yield j.loc, j.text
    for line in project.bottom_lines.values():
        yield line.loc, line.text
    for paragraph in project.paragraphs:
        yield paragraph.loc, paragraph.heading or ""
    for actor in project.actors.values():
        yield actor.loc, actor.name


def mark_location(project: Project, loc: Location, written: str) -> Location:
    """The line a mark is written on: the first line from the item's own that holds it."""
    try:
        lines = (project.root / loc.file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return loc
    for number in range(max(loc.line, 1), len(lines) + 1):
        column = lines[number - 1].find(written)
        if column >= 0:
            return Location(loc.file, number, column + 1)
    return loc


def check_marks(project: Project) -> list[Problem]:
    """Each term mark `[[term-id|Name]]` names a known term and one of that term's names."""
    terms = {t.id: t for t in project.terms}
    folded = {t.id: {n.name.casefold() for n in t.names} for t in project.terms}
    problems = []
    for loc, text in analyst_texts(project):
        for term_id, name, written in marks(text):
            if term_id in folded and name.strip().casefold() in folded[term_id]:
                continue  # a sound mark: its line is only looked up for a problem
            where = mark_location(project, loc, written)
            if term_id is None:
                message = (
                    f"'{written}' is not a term mark: write [[term-id|Name]] "
                    "(a term's id, a bar, the name as it reads here)"
                )
            elif term_id not in terms:
                message = f"unknown term '{term_id}' in {written}{suggest(term_id, terms)}"
            else:
                names = [n.name for n in terms[term_id].names]
                message = (
                    f"'{name}' in {written} is not a name of term '{term_id}'{suggest(name, names)}"
                )
            problems.append(Problem(where, message))
    return problems


def marked_terms(project: Project) -> set[str]:
    """The ids of the terms some text marks."""
    return {t for _, text in analyst_texts(project) for t, _, _ in marks(text) if t}


def check_prose(project: Project) -> list[Problem]:
    """Paragraphs keep to one section; bottom lines and group labels name what exists."""
    problems = []
    sections = project.section_ids()
    known = project.by_id()
    for paragraph in project.paragraphs:
        for cid in paragraph.claims:
            claim = known.get(cid)
            if isinstance(claim, Claim) and claim.section != paragraph.section:
                problems.append(
                    Problem(
                        claim.loc,
                        f"claim '{cid}' is in section '{claim.section}' but its paragraph is in "
                        f"'{paragraph.section}': a paragraph keeps to one section",
                    )
                )
    for line in project.bottom_lines.values():
        if line.section not in sections:
            problems.append(
                Problem(
                    line.loc,
                    f"bottom line of unknown section '{line.section}'"
                    f"{suggest(line.section, sections)}",
                )
            )
    used = {s.perspective_group: s.loc for s in project.sources.values()}
    for group, loc in used.items():
        if group in project.group_labels:
            continue
        if project.group_labels:
            problems.append(
                Problem(
                    loc,
                    f"perspective group '{group}' has no label: add it under perspective_groups "
                    f"with the name readers see{suggest(group, project.group_labels)}",
                )
            )
        else:
            problems.append(
                warning(
                    loc,
                    f"perspective group '{group}' has no label: readers see "
                    f"'{project.group_label(group)}'; declare perspective_groups (id, label)",
                )
            )
    for group, loc in project.group_label_locs.items():
        if group not in used:
            problems.append(
                warning(loc, f"perspective group '{group}' is labelled but no source uses it")
            )
    return problems


TEMPLATE_IDS = ("main", "notes", "notes-heading", "toc-heading")  # note-N, ref-N: numbers only
PART_SUFFIXES = (
    "heading",
    "figures",
    "disputes",
    "chart-caption",
    "chart-data",
)  # after part-<section>-


def derived_ids(project: Project) -> Iterator[tuple[str, str, Location]]:
    """Each element id the built-in templates make from content ids: (id, whose, where).

    A part is `part-<section>` (with `-heading`, `-figures`, … and `-sub-N` subsection
    headings), a prose paragraph `part-<section>-<paragraph or claim id>`, a statement
    `item-<id>` (a contested claim's question `item-<id>-q`, a table's caption
    `item-<id>-caption`), a source `source-<id>`.
    """
    builtin = Location("(built-in)")
    for name in TEMPLATE_IDS:
        yield name, "the brief's template", builtin
    sections = {s.id: s.loc for s in project.sections} | dict.fromkeys(BUILTIN_PARTS, builtin)
    for section, loc in sections.items():
        yield f"part-{section}", f"section '{section}'", loc
        for suffix in PART_SUFFIXES:
            yield f"part-{section}-{suffix}", f"section '{section}'", loc
    for paragraph in project.paragraphs:
        yield (
            f"part-{paragraph.section}-{paragraph.id}",
            f"paragraph '{paragraph.id}'",
            paragraph.loc,
        )
    for s in project.statements():
        yield f"item-{s.id}", f"'{s.id}'", s.loc
        if isinstance(s, Claim) and not s.paragraph:
            yield f"part-{s.section}-{s.id}", f"claim '{s.id}'", s.loc
        if isinstance(s, ContestedClaim):
            yield f"item-{s.id}-q", f"contested claim '{s.id}'", s.loc
        if isinstance(s, Table):
            yield f"item-{s.id}-caption", f"table '{s.id}'", s.loc
    for j in project.judgments:
        yield f"item-{j.id}", f"'{j.id}'", j.loc
    for source in project.sources.values():
        yield f"source-{source.id}", f"source '{source.id}'", source.loc


def check_element_ids(project: Project) -> list[Problem]:
    """Content ids that would give two elements of a brief one HTML id (`item-baku-1918-q` of
    the contested claim `baku-1918` and of a statement `baku-1918-q`), or one a subsection
    heading or note takes (`part-history-sub-1`, `note-3`)."""
    owners: dict[str, tuple[str, Location]] = {}
    numbered = re.compile(
        "|".join(
            [r"(note|ref)-\d+", *(rf"part-{re.escape(s)}-sub-\d+" for s in project.section_ids())]
        )
    )
    problems = []
    for element, whose, loc in derived_ids(project):
        first = owners.setdefault(element, (whose, loc))
        if numbered.fullmatch(element):
            problems.append(
                Problem(
                    loc,
                    f"{whose} would give the element id '{element}', which the brief uses for"
                    " its own numbered elements: choose another id",
                )
            )
        elif first[0] != whose:  # the same id twice is reported as a duplicate already
            problems.append(
                Problem(
                    loc,
                    f"{whose} would give the element id '{element}', as does {first[0]}"
                    f" ({first[1]}): choose another id",
                )
            )
    return problems


def validate_project(project: Project) -> list[Problem]:
    """Every cross-reference and lint problem of the content."""
    problems = check_unique(((s.id, s.loc) for s in project.sections), "section")
    statements = list(project.statements())
    problems += check_unique(
        [(s.id, s.loc) for s in statements] + [(j.id, j.loc) for j in project.judgments],
        "statement",
    )
    sections = project.section_ids()
    for item in project.items:
        if item.section not in sections:
            problems.append(
                Problem(
                    item.loc, f"unknown section '{item.section}'{suggest(item.section, sections)}"
                )
            )
        if isinstance(item, ContestedClaim):
            problems += check_contested(item, project)
    for s in statements:
        for a in s.attributions:
            problems += check_attribution(a, project)
    problems += check_store_folder(project)
    for source in project.sources.values():
        problems += check_source_file(project, source)
    known = project.by_id()
    for j in project.judgments:
        for strand in j.strands:
            for ref in strand.rests_on:
                if ref not in known:
                    message = f"judgment '{j.id}' rests on unknown statement '{ref}'"
                    problems.append(Problem(strand.loc, message + suggest(ref, known)))
    cited = {a.source for s in statements for a in s.attributions}
    for source in project.sources.values():
        if source.id not in cited:
            problems.append(warning(source.loc, f"source '{source.id}' is never cited"))
    problems += check_balance(project) + check_element_ids(project)
    return problems + check_prose(project) + check_marks(project) + check_sections(project)


MIN_LOG = 3  # claims, none in a paragraph: a section that reads as a log


def check_sections(project: Project) -> list[Problem]:
    """Sections not written yet for readers: statements but no bottom line (a brief keeping
    the section is a draft), or three or more claims written one per item with no paragraphs
    (a log of one-sentence paragraphs; one or two claims alone can be a short section)."""
    problems = []
    for kind in project.sections:
        items = [i for i in project.items if i.section == kind.id]
        if not items:
            continue
        where = kind.loc if kind.loc.line else items[0].loc
        if kind.id not in project.bottom_lines:
            problems.append(
                warning(
                    where,
                    f"section '{kind.id}' has no bottom line yet: a brief that keeps it is a draft"
                    f" (write one in a content file with `section: {kind.id}` and `bottom_line:`)",
                )
            )
        claims = [i for i in items if isinstance(i, Claim)]
        if len(claims) >= MIN_LOG and all(c.paragraph is None for c in claims):
            problems.append(
                warning(
                    where,
                    f"section '{kind.id}' has no paragraphs yet: its {len(claims)} claims read one"
                    " by one (dated ones as a chronology); join them into `paragraphs:`",
                )
            )
    return problems


def check_filters(f: Filters, loc: Location, project: Project) -> list[Problem]:
    """Unknown tags, source kinds and perspective groups in a brief's filters."""
    problems = []
    known = {
        "tag": (f.tags + f.exclude_tags, project.tags()),
        "source kind": (f.source_kinds, {s.kind for s in project.sources.values()}),
        "perspective": (f.perspectives, {s.perspective_group for s in project.sources.values()}),
    }
    for what, (names, valid) in known.items():
        for name in names:
            if name not in valid:
                problems.append(Problem(loc, f"unknown {what} '{name}'{suggest(name, valid)}"))
    if f.since and f.until and f.since > f.until:
        problems.append(Problem(loc, f"'since' {f.since} is after 'until' {f.until}"))
    return problems


def validate_brief(brief: Brief, project: Project) -> list[Problem]:
    """Unknown or repeated section names and unknown filter values in a brief."""
    problems = check_filters(brief.filters, brief.loc, project)
    known_parts = (*project.section_ids(), *BUILTIN_PARTS)
    seen: dict[str, Location] = {}
    for part in brief.parts:
        if part.name not in known_parts:
            problems.append(
                Problem(part.loc, f"unknown section '{part.name}'{suggest(part.name, known_parts)}")
            )
        if part.name in seen:
            problems.append(
                Problem(
                    part.loc,
                    f"section '{part.name}' is listed twice (first at line {seen[part.name].line})",
                )
            )
        seen.setdefault(part.name, part.loc)
        if part.is_builtin and part.layout is not None:
            problems.append(
                Problem(part.loc, f"'layout' applies to content sections, not to '{part.name}'")
            )
        problems += check_filters(part.filters, part.loc, project)
    return problems + check_terminology(brief, project) + check_lost_perspectives(brief, project)


def check_lost_perspectives(brief: Brief, project: Project) -> list[Problem]:
    """Warn when a source filter leaves a contested claim the brief shows with one position, or
    with no source of a perspective group its positions are reported by, and when it leaves a
    statement out whole because its words rest on a source it dropped (`check --strict` then
    refuses the brief)."""
    if any(a.source not in project.sources for s in project.statements() for a in s.attributions):
        return []  # reported as errors: nothing can be selected
    problems = []
    for part in brief.parts:
        if part.is_builtin or part.name not in project.section_ids():
            continue
        for d in decisions(brief, part, project)[0]:
            if d.named:
                problems.append(named_problem(brief, part.loc, d))
            if not (d.kept and isinstance(d.item, ContestedClaim)):
                continue
            left = [
                f"{who}: {rule}" for who, rule, kept in dropped_positions(d, project) if not kept
            ]
            if sum(1 for g in d.attributions if g) < 2:
                problems.append(
                    warning(
                        part.loc,
                        f"brief '{brief.id}' shows the contested claim '{d.item.id}' with one "
                        f"position (left out: {'; '.join(left)}): widen the source filters or "
                        "set options.dropped_positions: keep",
                    )
                )
                continue
            shown = {project.sources[a.source].perspective_group for g in d.attributions for a in g}
            lost = sorted(statement_groups(d.item, project) - shown)
            if not lost:
                continue
            groups = ", ".join(f"'{project.group_label(g)}'" for g in lost)
            problems.append(
                warning(
                    part.loc,
                    f"brief '{brief.id}' shows the contested claim '{d.item.id}' without any "
                    f"source of the perspective group {groups}"
                    + (f" (left out: {'; '.join(left)})" if left else "")
                    + ": widen the source filters"
                    + (
                        " or set options.dropped_positions: keep"
                        * (brief.options.dropped_positions != "keep")
                    ),
                )
            )
    return problems


def named_problem(brief: Brief, loc: Location, d: Decision) -> Problem:
    """The warning for a statement a filter left out whole because its words rest on a source
    the filter dropped (selection/filters.py's rule)."""
    return warning(
        loc,
        f"brief '{brief.id}' leaves out '{d.item.id}' ({d.item.loc}) whole: its words rest on "
        f"{', '.join(d.named)}, cited only through a source the filter drops: cite a kept "
        "source for it, split it into one statement per source, or widen the filter",
    )


def check_terminology(brief: Brief, project: Project) -> list[Problem]:
    """Each preferred name names a known term and one of that term's names."""
    problems = []
    terms = {t.id: t for t in project.terms}
    for choice in brief.options.terminology:
        term = terms.get(choice.term)
        if term is None:
            problems.append(
                Problem(choice.loc, f"unknown term '{choice.term}'{suggest(choice.term, terms)}")
            )
            continue
        names = [n.name for n in term.names]
        if choice.name not in names:
            problems.append(
                Problem(
                    choice.loc,
                    f"'{choice.name}' is not a name of term '{term.id}'{suggest(choice.name, names)}",
                )
            )
        elif term.id not in marked_terms(project):
            problems.append(
                warning(
                    choice.loc,
                    f"no text marks term '{term.id}', so '{choice.name}' appears nowhere: mark "
                    f"each place that means it, e.g. [[{term.id}|{names[0]}]]",
                )
            )
    return problems
