"""Load content/*.yaml into the Project model, collecting every problem (briefs: briefs.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefgen.errors import Location, Problem, check_unique, display_path
from briefgen.layout import ProjectLayout
from briefgen.load.fields import Fields
from briefgen.load.schema import (
    ActorEntry,
    AttributionEntry,
    ClaimEntry,
    ContentFile,
    ContestedEntry,
    Entries,
    EventEntry,
    FigureEntry,
    GroupEntry,
    JudgmentEntry,
    Kind,
    ParagraphEntry,
    PositionEntry,
    SectionKindEntry,
    SourceEntry,
    SourceKindEntry,
    StandfirstEntry,
    StrandEntry,
    TableEntry,
    TermEntry,
    TermNameEntry,
)
from briefgen.load.theme import read_theme
from briefgen.load.yamltree import MAX_BYTES, Map, Node, Scalar, Seq, YamlProblem, read_file
from briefgen.model import (
    BUILTIN_PARTS,
    DEFAULT_SECTIONS,
    Actor,
    Attribution,
    BottomLine,
    Claim,
    ContestedClaim,
    Event,
    Figure,
    Judgment,
    LintIgnore,
    Paragraph,
    Position,
    Project,
    SectionItem,
    SectionKind,
    Source,
    Standfirst,
    Strand,
    Table,
    Term,
    TermName,
    Theme,
)
from briefgen.safeio import FileRefused, read_capped, refusal, resolved


@dataclass
class ContentParts:
    """What the content files hold, gathered before the Project is frozen."""

    topic: str | None = None
    language: tuple[str, Location] | None = None
    snapshots: tuple[str, Location] | None = None
    sections: list[SectionKind] | None = None
    sources: list[Source] | None = None
    actors: list[Actor] | None = None
    items: list[SectionItem] | None = None
    events: list[Event] | None = None
    terms: list[Term] | None = None
    judgments: list[Judgment] | None = None
    paragraphs: list[Paragraph] | None = None
    bottom_lines: dict[str, BottomLine] | None = None
    group_labels: dict[str, tuple[str, Location]] | None = None
    kind_labels: dict[str, tuple[str, Location]] | None = None
    theme: Theme | None = None
    standfirst: Standfirst | None = None


LISTS = ("sources", "paragraphs", "actors", "items", "events", "terms", "judgments")


@dataclass
class FileContent:
    """One content file read on its own: its entries and problems, and what it declares that
    another file may declare too (checked when the files are put together, in file order)."""

    parts: ContentParts = field(default_factory=ContentParts)
    problems: list[Problem] = field(default_factory=list)
    lint_ignores: dict[str, tuple[LintIgnore, ...]] = field(default_factory=dict)
    has_topic: bool = False
    snapshots_key: Location | None = None  # where `snapshots:` is declared
    sections_key: Location | None = None  # where `sections:` is declared
    bottom_line: tuple[str, str | None, Location] | None = None  # section, text, place
    labels: list[tuple[str, str | None, Location]] = field(default_factory=list)  # group labels
    kinds: list[tuple[str, str | None, Location]] = field(default_factory=list)  # kind labels
    theme_key: Location | None = None  # where `theme:` is declared
    standfirst_key: Location | None = None  # where `standfirst:` is declared

    def add_to(
        self,
        parts: ContentParts,
        problems: list[Problem],
        lint_ignores: dict[str, tuple[LintIgnore, ...]],
    ) -> None:
        """Put this file's content after the files before it (never changes this one)."""
        problems += self.problems
        lint_ignores.update(self.lint_ignores)
        mine = self.parts
        if self.has_topic:
            parts.topic = mine.topic
        if mine.language is not None:
            if parts.language is not None:
                message = (
                    f"'language' is declared in more than one file (first at {parts.language[1]})"
                )
                problems.append(Problem(mine.language[1], message))
            else:
                parts.language = mine.language
        if self.snapshots_key is not None:
            if parts.snapshots is not None:
                problems.append(
                    Problem(self.snapshots_key, "'snapshots' is declared in more than one file")
                )
            if mine.snapshots is not None:
                parts.snapshots = mine.snapshots
        if self.sections_key is not None:
            if parts.sections is not None:
                problems.append(
                    Problem(self.sections_key, "'sections' is declared in more than one file")
                )
            parts.sections = list(mine.sections or [])
        if self.theme_key is not None:
            if parts.theme is not None:
                problems.append(
                    Problem(self.theme_key, "'theme' is declared in more than one file")
                )
            parts.theme = mine.theme
        if self.standfirst_key is not None:
            if parts.standfirst is not None:
                message = "'standfirst' is declared in more than one file"
                problems.append(Problem(self.standfirst_key, message))
            parts.standfirst = mine.standfirst
        if self.bottom_line is not None:
            section, text, loc = self.bottom_line
            lines = parts.bottom_lines if parts.bottom_lines is not None else {}
            parts.bottom_lines = lines
            if section in lines:
                message = f"section '{section}' already has a bottom line (at {lines[section].loc})"
                problems.append(Problem(loc, message))
            elif text:
                lines[section] = BottomLine(section, text, loc)
        if mine.group_labels is not None:  # the file has `perspective_groups:`
            labels = parts.group_labels if parts.group_labels is not None else {}
            parts.group_labels = labels
            for gid, label, loc in self.labels:
                if gid in labels:
                    message = (
                        f"perspective group '{gid}' is labelled twice (first at {labels[gid][1]})"
                    )
                    problems.append(Problem(loc, message))
                elif label:
                    labels[gid] = (label, loc)
        if mine.kind_labels is not None:  # the file has `source_kinds:`
            kinds = parts.kind_labels if parts.kind_labels is not None else {}
            parts.kind_labels = kinds
            for kid, label, loc in self.kinds:
                if kid in kinds:
                    message = f"source kind '{kid}' is labelled twice (first at {kinds[kid][1]})"
                    problems.append(Problem(loc, message))
                elif label:
                    kinds[kid] = (label, loc)
        for name in LISTS:
            if getattr(mine, name):
                setattr(parts, name, (getattr(parts, name) or []) + getattr(mine, name))


def yaml_files(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """The YAML files of a folder, in name order; links leading outside the project are refused."""
    if not folder.is_dir():
        loop = folder.is_symlink() and resolved(folder) is None
        problems.append(
            Problem(
                Location(display_path(folder, root)),
                "is a symbolic link loop" if loop else "folder not found",
            )
        )
        return []
    found = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    safe = []
    real_root = root.resolve()
    for path in found:
        real = resolved(path)
        if real is None:
            problems.append(
                Problem(Location(display_path(path, root), 1, 1), "is a symbolic link loop")
            )
        elif not real.is_relative_to(real_root):
            problems.append(
                Problem(
                    Location(display_path(path, root), 1, 1),
                    "is a link to a file outside the project: copy the file in instead",
                )
            )
        elif real.is_dir():
            continue  # a folder named x.yaml holds no content
        else:  # read_tree refuses what is not a regular file (FIFOs, devices, sockets)
            safe.append(path)
    return safe


class TreeCache:
    """The YAML trees of the files read last time, by file name, kept with their bytes.

    `serve` and `watch` load the project again after every save; a file whose bytes are the
    same as last time gives back the same tree (trees are never changed once built), so only
    the saved file is parsed again. Only files that parsed are kept; `prune` forgets the files
    that were not read since the last prune (removed or renamed files).
    """

    def __init__(self) -> None:
        self.trees: dict[str, tuple[bytes, Node | None]] = {}
        self.contents: dict[str, tuple[Node | None, FileContent]] = {}  # content/ files read
        self.seen: set[str] = set()
        self.parsed = 0  # files parsed (not found here) since this cache was made

    def tree(self, data: bytes, name: str) -> Node | None:
        """The tree of these bytes of file `name` (raises YamlProblem as read_file does)."""
        self.seen.add(name)
        kept = self.trees.get(name)
        if kept is not None and kept[0] == data:
            return kept[1]
        self.trees.pop(name, None)
        tree = read_file(data, name)
        self.parsed += 1
        self.trees[name] = (data, tree)
        return tree

    def content(self, tree: Node | None, name: str) -> FileContent:
        """The content file `name` read from `tree`: last time's reading when the tree is the
        one given back last time (the file's bytes did not change)."""
        kept = self.contents.get(name)
        if kept is not None and kept[0] is tree:
            return kept[1]
        content = read_content_file(tree, name)
        self.contents[name] = (tree, content)
        return content

    def prune(self) -> None:
        """Forget the files not read since the last prune."""
        for name in set(self.trees) - self.seen:
            del self.trees[name]
        for name in set(self.contents) - self.seen:
            del self.contents[name]
        self.seen = set()


def read_tree(
    path: Path, root: Path, problems: list[Problem], tree_cache: TreeCache | None = None
) -> Node | None:
    """One file's YAML tree, or None after recording why it cannot be read."""
    name = display_path(path, root)
    try:
        data = read_capped(path, MAX_BYTES)  # checked before reading
        return tree_cache.tree(data, name) if tree_cache is not None else read_file(data, name)
    except YamlProblem as exc:
        problems.append(exc.problem)
    except FileRefused as exc:  # a FIFO, device or socket, or over the limit
        hint = ": split it into smaller files" if "limit" in str(exc) else ""
        problems.append(Problem(Location(name, 1, 1), f"file {exc}{hint}"))
    except OSError as exc:
        problems.append(Problem(Location(name, 1, 1), f"cannot read file: {refusal(exc)}"))
    return None


class ContentReader:
    """Reads content files into model objects; each method reads one kind of entry.

    The fields of each kind, their types, limits and defaults are declared in schema.py.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.lint_ignores: dict[str, tuple[LintIgnore, ...]] = {}  # by statement id

    def fields(self, node: Map, kind: type[Kind]) -> Fields:
        """A field reader for one mapping of an entry kind (unknown keys are reported)."""
        return Fields(node, kind.FIELDS, self.problems)

    def lint_ignore(self, f: Fields, statement: str | None) -> None:
        """`lint_ignore: {rule: reason}`: why a statement does not follow a balance-lint rule."""
        if not f.has("lint_ignore"):
            return
        node = f.node.entries["lint_ignore"]
        if not isinstance(node, Map) or not node.entries:
            f.error(
                node.loc,
                "'lint_ignore' must map lint rules to reasons, e.g. one-sided-statement: …",
            )
            return
        found = []
        for rule, value in node.entries.items():
            reason = f.scalar_text(value, f"lint_ignore.{rule}", max_len=500)  # never empty
            if reason is not None:
                found.append(LintIgnore(rule, reason, node.key_locs[rule]))
        if statement and found:
            self.lint_ignores[statement] = tuple(found)

    def attributions(self, f: Fields) -> tuple[Attribution, ...]:
        """The `attributions` list of a statement: at least one."""
        result = []
        E = AttributionEntry
        for node in ClaimEntry.attributions.read(f):
            a = self.fields(node, E)
            source, quote, locator = E.source.read(a), E.quote.read(a), E.locator.read(a)
            held_by = E.held_by.read(a)
            language = E.language.read(a)
            translation = E.translation.read(a)
            if source and quote and locator:
                held_loc = node.entries["held_by"].loc if held_by else None
                result.append(
                    Attribution(
                        source, quote, locator, a.loc, held_by, held_loc, language, translation
                    )
                )
        if not result and f.has("attributions"):
            f.error(f.loc, "no usable attribution: every statement needs at least one source")
        return tuple(result)

    def common(self, f: Fields) -> tuple[tuple[str, ...], str]:
        """Tags and weight, shared by every statement kind (and its lint_ignore reasons)."""
        statement = f.node.entries.get("id")
        self.lint_ignore(f, statement.text.strip() if isinstance(statement, Scalar) else None)
        return ClaimEntry.tags.read(f), ClaimEntry.weight.read_or_default(f)

    def section_of(self, f: Fields, default: str | None) -> str | None:
        """The entry's section, falling back to the file's `section:`."""
        if f.has("section"):
            return ClaimEntry.section.read(f)
        if default is None:
            f.error(f.loc, "missing field 'section' (or set `section:` at the top of the file)")
        return default

    def section_kind(self, node: Map) -> SectionKind | None:
        f = self.fields(node, SectionKindEntry)
        sid, title = SectionKindEntry.id.read(f), SectionKindEntry.title.read(f)
        if sid in BUILTIN_PARTS:
            f.error(f.loc, f"'{sid}' is the name of a built-in part: choose another section id")
            return None
        return SectionKind(sid, title, f.loc) if sid and title else None

    def source(self, node: Map) -> Source | None:
        E = SourceEntry
        f = self.fields(node, E)
        sid, title, kind = E.id.read(f), E.title.read(f), E.kind.read(f)
        perspective, group = E.perspective.read(f), E.perspective_group.read(f)
        grade = E.reliability.read(f)
        grade_note = E.reliability_note.read(f)
        url = E.url.read(f)  # never one holding a user name or password
        if not (sid and title and kind and perspective and group and grade and grade_note):
            return None
        return Source(
            sid,
            title,
            kind,
            perspective,
            group,
            grade,
            grade_note,
            f.loc,
            publisher=E.publisher.read(f),
            author=E.author.read(f),
            published=E.published.read(f),
            date_note=E.date_note.read(f),
            url=url,
            note=E.note.read(f),
            abbreviation=E.abbreviation.read(f),
            snapshot=E.snapshot.read(f),
            snapshot_loc=f.node.entries["snapshot"].loc if f.has("snapshot") else None,
            language=E.language.read(f),
        )

    def actor(self, node: Map) -> Actor | None:
        E = ActorEntry
        f = self.fields(node, E)
        aid, name, kind = E.id.read(f), E.name.read(f), E.kind.read(f)
        if not (aid and name and kind):
            return None
        return Actor(aid, name, kind, f.loc, E.note.read(f), E.group.read(f))

    def paragraphs(
        self, f: Fields, section: str | None, name: str
    ) -> list[tuple[Paragraph, list[Claim]]]:
        """The file's `paragraphs:` each a list of claims (or a mapping with heading and claims)."""
        result = []
        subsection = None
        for number, node in enumerate(ContentFile.paragraphs.read(f), start=1):
            heading, pid = None, None
            if isinstance(node, Map):
                p = self.fields(node, ParagraphEntry)
                heading = ParagraphEntry.heading.read(p)
                pid = ParagraphEntry.id.read(p)
                claim_nodes = ParagraphEntry.claims.read(p)
            elif isinstance(node, Seq):
                claim_nodes = [n for n in node.items if isinstance(n, Map)]
                for n in node.items:
                    if not isinstance(n, Map):
                        self.problems.append(
                            Problem(n.loc, "each sentence of a paragraph must be a claim mapping")
                        )
            else:
                self.problems.append(
                    Problem(
                        node.loc,
                        "each paragraph must be a list of claims, or a mapping with heading and claims",
                    )
                )
                continue
            subsection = heading or subsection
            key = pid or f"{name}#{number}"
            claims = [self.claim(n, section, key) for n in claim_nodes]
            kept = [c for c in claims if c is not None]
            sec = kept[0].section if kept else section
            if sec is None:
                continue
            paragraph = Paragraph(
                key, sec, tuple(c.id for c in kept), node.loc, heading, subsection
            )
            result.append((paragraph, kept))
        return result

    def claim(self, node: Map, section: str | None, paragraph: str | None = None) -> Claim | None:
        E = ClaimEntry
        f = self.fields(node, E)
        cid, sec, text = E.id.read(f), self.section_of(f, section), E.text.read(f)
        date, (tags, weight) = E.date.read(f), self.common(f)
        attributions = self.attributions(f)
        if not (cid and sec and text and attributions):
            return None
        return Claim(cid, sec, text, attributions, f.loc, date, tags, weight, paragraph)

    def figure(self, node: Map, section: str | None) -> Figure | None:
        E = FigureEntry
        f = self.fields(node, E)
        fid, sec = E.id.read(f), self.section_of(f, section)
        measure, value, unit = E.measure.read(f), E.value.read(f), E.unit.read(f)
        as_of, (tags, weight) = E.as_of.read(f), self.common(f)
        attributions, note = self.attributions(f), E.note.read(f)
        if not (fid and sec and measure and value and unit and as_of and attributions):
            return None
        return Figure(
            fid, sec, measure, value, unit, as_of, attributions, f.loc, tags, weight, note
        )

    def position(self, node: Map) -> Position | None:
        E = PositionEntry
        f = self.fields(node, E)
        holder = E.held_by.read(f)
        stance, summary = E.stance.read(f), E.summary.read(f)
        date, attributions = E.date.read(f), self.attributions(f)
        if not (stance and summary and attributions):
            return None
        return Position(stance, summary, attributions, f.loc, holder, date)

    def contested(self, node: Map, section: str | None) -> ContestedClaim | None:
        E = ContestedEntry
        f = self.fields(node, E)
        cid, question = E.id.read(f), E.question.read(f)
        sec = E.section.read(f) if f.has("section") else (section or "contested")
        status = E.status.read(f)
        tags, weight = self.common(f)
        positions = [self.position(p) for p in E.positions.read(f)]
        if not (cid and sec and question and status) or None in positions:
            return None
        return ContestedClaim(
            cid,
            sec,
            question,
            status,
            tuple(p for p in positions if p),
            f.loc,
            E.context.read(f),
            tags,
            weight,
        )

    def table(self, node: Map, section: str | None) -> Table | None:
        E = TableEntry
        f = self.fields(node, E)
        tid, sec, title = E.id.read(f), self.section_of(f, section), E.title.read(f)
        columns = E.columns.read(f)
        rows = []
        for row in E.rows.read(f):
            values = self.row(row, len(columns))
            if values is not None:
                rows.append(values)
        tags, weight = self.common(f)
        attributions = self.attributions(f)
        if not (tid and sec and title and columns and attributions):
            return None
        note = E.note.read(f)
        return Table(tid, sec, title, columns, tuple(rows), attributions, f.loc, tags, weight, note)

    def row(self, node: Node, width: int) -> tuple[str, ...] | None:
        """One table row: a list of exactly `width` texts."""
        if not isinstance(node, Seq) or not all(isinstance(c, Scalar) for c in node.items):
            self.problems.append(Problem(node.loc, "each row must be a list of texts"))
            return None
        if len(node.items) != width:
            self.problems.append(
                Problem(node.loc, f"row has {len(node.items)} cells; the table has {width} columns")
            )
            return None
        return tuple(c.text.strip() for c in node.items if isinstance(c, Scalar))

    def event(self, node: Map) -> Event | None:
        E = EventEntry
        f = self.fields(node, E)
        eid, date, text = E.id.read(f), E.date.read(f), E.text.read(f)
        (tags, weight), attributions = self.common(f), self.attributions(f)
        if not (eid and date and text and attributions):
            return None
        return Event(eid, date, text, attributions, f.loc, tags, weight)

    def term(self, node: Map) -> Term | None:
        E, N = TermEntry, TermNameEntry
        f = self.fields(node, E)
        tid, concept = E.id.read(f), E.concept.read(f)
        names = []
        for name_node in E.names.read(f):
            n = self.fields(name_node, N)
            name, used_by = N.name.read(n), N.used_by.read(n)
            attributions = self.attributions(n)
            if name and used_by and attributions:
                names.append(TermName(name, used_by, attributions, n.loc))
        if len(names) < 2 and f.has("names"):
            f.error(f.loc, "a contested term needs at least two names")
        tags = E.tags.read(f)
        if not (tid and concept and len(names) >= 2):
            return None
        return Term(tid, concept, tuple(names), f.loc, E.note.read(f), tags)

    def judgment(self, node: Map) -> Judgment | None:
        E = JudgmentEntry
        f = self.fields(node, E)
        jid, text = E.id.read(f), E.text.read(f)
        confidence = E.confidence.read(f)
        strands = [self.strand(n) for n in E.strands.read(f)]
        if f.has("rests_on"):
            if f.has("strands"):
                f.error(f.loc, "give either 'rests_on' or 'strands', not both")
            rests_on = E.rests_on.read(f)
            strands = [Strand(rests_on, f.node.entries["rests_on"].loc)] if rests_on else [None]
        elif not f.has("strands"):
            f.error(
                f.loc,
                "missing field 'strands' (or 'rests_on'): name the statements this judgment"
                " rests on",
            )
        if not (jid and text and confidence and strands) or None in strands:
            return None
        return Judgment(jid, text, confidence, tuple(s for s in strands if s), f.loc)

    def strand(self, node: Map) -> Strand | None:
        E = StrandEntry
        f = self.fields(node, E)
        rests_on = E.rests_on.read(f)
        return Strand(rests_on, f.loc, E.label.read(f)) if rests_on else None

    def standfirst(self, node: Map) -> Standfirst | None:
        """A standfirst mapping: the bottom line up front and what goes with it."""
        E = StandfirstEntry
        f = self.fields(node, E)
        bottom_line = E.bottom_line.read(f)
        if bottom_line is None:
            return None
        return Standfirst(
            bottom_line,
            f.loc,
            whats_new=E.whats_new.read(f),
            why_it_matters=E.why_it_matters.read(f),
            outlook=E.outlook.read(f),
            watch=E.watch.read(f),
        )


def read_content_file(tree: Node | None, name: str) -> FileContent:
    """One content file's entries, read without looking at any other file."""
    content = FileContent()
    reader, parts = ContentReader(content.problems), content.parts
    content.lint_ignores = reader.lint_ignores
    if tree is None:
        return content  # an empty file holds nothing
    if not isinstance(tree, Map):
        reader.problems.append(
            Problem(tree.loc, "a content file must be a mapping of lists (sources:, claims:, …)")
        )
        return content
    C = ContentFile
    f = reader.fields(tree, C)
    section = C.section.read(f)
    if f.has("topic"):
        content.has_topic = True
        parts.topic = C.topic.read(f)
    if f.has("language"):
        parts.language = (C.language.read(f) or C.language.default, tree.entries["language"].loc)
    if f.has("snapshots"):
        content.snapshots_key = tree.key_locs["snapshots"]
        folder = C.snapshots.read(f)
        if folder:
            parts.snapshots = (folder, tree.entries["snapshots"].loc)
    if f.has("theme"):
        content.theme_key = tree.key_locs["theme"]
        parts.theme = read_theme(tree.entries["theme"], f)
    if f.has("sections"):
        content.sections_key = tree.key_locs["sections"]
        kinds = [reader.section_kind(n) for n in C.sections.read(f)]
        parts.sections = [k for k in kinds if k]

    def gather(field: Entries, read: object) -> list:  # type: ignore[type-arg]
        return [x for x in (read(n) for n in field.read(f)) if x is not None]  # type: ignore[operator]

    def extend(attr: str, values: list) -> None:  # type: ignore[type-arg]
        setattr(parts, attr, (getattr(parts, attr) or []) + values)

    if f.has("bottom_line"):
        content.bottom_line = read_bottom_line(f, section)
    if f.has("standfirst"):
        content.standfirst_key = tree.key_locs["standfirst"]
        node = C.standfirst.read(f)
        parts.standfirst = reader.standfirst(node) if node is not None else None
    if f.has("perspective_groups"):
        parts.group_labels = {}
        content.labels = read_group_labels(f, reader)
    if f.has("source_kinds"):
        parts.kind_labels = {}
        content.kinds = read_labels(f, reader, C.source_kinds, SourceKindEntry)
    extend("sources", gather(C.sources, reader.source))
    paragraphs = reader.paragraphs(f, section, name)
    extend("paragraphs", [p for p, _ in paragraphs])
    extend("items", [c for _, claims in paragraphs for c in claims])
    extend("actors", gather(C.actors, reader.actor))
    extend("items", gather(C.claims, lambda n: reader.claim(n, section)))
    extend("items", gather(C.figures, lambda n: reader.figure(n, section)))
    extend("items", gather(C.contested, lambda n: reader.contested(n, section)))
    extend("items", gather(C.tables, lambda n: reader.table(n, section)))
    extend("events", gather(C.events, reader.event))
    extend("terms", gather(C.terms, reader.term))
    extend("judgments", gather(C.judgments, reader.judgment))
    return content


def read_bottom_line(f: Fields, section: str | None) -> tuple[str, str | None, Location] | None:
    """A file's `bottom_line:`, the analyst's assessment of its section (one per section:
    checked when the files are put together): its section, text and place."""
    loc = f.node.entries["bottom_line"].loc
    text = ContentFile.bottom_line.read(f)
    if section is None:
        f.error(loc, "'bottom_line' needs `section:` at the top of the file")
        return None
    return section, text, loc


def read_group_labels(f: Fields, reader: ContentReader) -> list[tuple[str, str | None, Location]]:
    """`perspective_groups:` the reader's label for each perspective group id (each group
    labelled once: checked when the files are put together)."""
    return read_labels(f, reader, ContentFile.perspective_groups, GroupEntry)


def read_labels(
    f: Fields, reader: ContentReader, field: Entries, kind: type[GroupEntry | SourceKindEntry]
) -> list[tuple[str, str | None, Location]]:
    """A list of ids with their labels (`perspective_groups:`, `source_kinds:`)."""
    labels = []
    for node in field.read(f):
        g = reader.fields(node, kind)
        gid, text = kind.id.read(g), kind.label.read(g)
        if gid:
            labels.append((gid, text, g.loc))
    return labels


def load_content(
    root: Path, problems: list[Problem], tree_cache: TreeCache | None = None
) -> Project:
    """Read every file of content/ into a Project; problems are appended, never raised.

    `tree_cache` gives back the unchanged files' trees instead of parsing them again."""
    C = ContentFile
    parts = ContentParts()
    lint_ignores: dict[str, tuple[LintIgnore, ...]] = {}
    for path in yaml_files(ProjectLayout(root).content, root, problems):
        tree = read_tree(path, root, problems, tree_cache)
        name = display_path(path, root)
        if tree_cache is None:
            content = read_content_file(tree, name)
        else:
            content = tree_cache.content(tree, name)
        content.add_to(parts, problems, lint_ignores)
    problems += check_unique([(s.id, s.loc) for s in parts.sources or []], "source")
    problems += check_unique([(a.id, a.loc) for a in parts.actors or []], "actor")
    sections = parts.sections
    if sections is None:
        sections = [SectionKind(i, t, Location("(default sections)")) for i, t in DEFAULT_SECTIONS]
    return Project(
        root=root,
        topic=parts.topic,
        sections=tuple(sections),
        sources={s.id: labelled(s, parts.kind_labels) for s in parts.sources or []},
        actors={a.id: a for a in parts.actors or []},
        items=tuple(parts.items or []),
        events=tuple(sorted(parts.events or [], key=lambda e: e.date)),
        terms=tuple(parts.terms or []),
        judgments=tuple(parts.judgments or []),
        paragraphs=tuple(parts.paragraphs or []),
        bottom_lines=parts.bottom_lines or {},
        group_labels={k: v[0] for k, v in (parts.group_labels or {}).items()},
        group_label_locs={k: v[1] for k, v in (parts.group_labels or {}).items()},
        lint_ignores=lint_ignores,
        theme=parts.theme or Theme(),
        standfirst=parts.standfirst,
        language=parts.language[0] if parts.language else C.language.default,
        language_loc=parts.language[1] if parts.language else None,
        **snapshot_settings(parts),
    )


def labelled(source: Source, kinds: dict[str, tuple[str, Location]] | None) -> Source:
    """A source with the content's label for its kind (`source_kinds:`), when it has one."""
    label = (kinds or {}).get(source.kind)
    return replace(source, kind_label=label[0]) if label else source


def snapshot_settings(parts: ContentParts) -> dict[str, Any]:
    """The `snapshots` folder keyword arguments of the Project (the default when not declared)."""
    if parts.snapshots is None:
        return {}
    return {"snapshots": parts.snapshots[0], "snapshots_loc": parts.snapshots[1]}
