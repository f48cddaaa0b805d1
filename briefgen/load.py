"""Load: content/*.yaml and briefs/*.yaml to model objects, collecting every problem."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Location, Problem, check_unique, display_path
from .fields import Fields
from .model import (
    BUILTIN_PARTS,
    CONFIDENCE_LEVELS,
    DEFAULT_SECTIONS,
    RELIABILITY_GRADES,
    WEIGHTS,
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
    Table,
    Term,
    TermName,
)
from .safeio import FileRefused, read_capped, refusal, resolved
from .yamltree import MAX_BYTES, Map, Node, Scalar, Seq, YamlProblem, read_file

MAX_QUOTE = 300
CONTENT_KEYS = (
    "topic",
    "snapshots",
    "section",
    "sections",
    "sources",
    "actors",
    "claims",
    "figures",
    "contested",
    "events",
    "terms",
    "judgments",
    "tables",
    "paragraphs",
    "bottom_line",
    "perspective_groups",
)
PARAGRAPH_KEYS = ("id", "heading", "claims")
ATTRIBUTION_KEYS = ("source", "quote", "locator", "held_by", "language", "translation")
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")
# an address's user name and password: the part of its host field up to the last '@'
USERINFO = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")
STATUSES = ("unresolved", "acknowledged", "disputed-terminology", "resolved")


@dataclass
class ContentParts:
    """What the content files hold, gathered before the Project is frozen."""

    topic: str | None = None
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
                    message = f"perspective group '{gid}' is labelled twice (first at {labels[gid][1]})"
                    problems.append(Problem(loc, message))
                elif label:
                    labels[gid] = (label, loc)
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
    """Reads content files into model objects; each method reads one kind of entry."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.lint_ignores: dict[str, tuple[LintIgnore, ...]] = {}  # by statement id

    def fields(self, node: Map, allowed: tuple[str, ...]) -> Fields:
        """A field reader for one mapping (a statement's may record lint_ignore reasons)."""
        if "weight" in allowed:  # claims, figures, contested claims, tables, events
            allowed = (*allowed, "lint_ignore")
        return Fields(node, allowed, self.problems)

    def lint_ignore(self, f: Fields, statement: str | None) -> None:
        """`lint_ignore: {rule: reason}`: why a statement does not follow a balance-lint rule."""
        if not f.has("lint_ignore"):
            return
        node = f.node.entries["lint_ignore"]
        if not isinstance(node, Map) or not node.entries:
            f.error(node.loc, "'lint_ignore' must map lint rules to reasons, e.g. one-sided-statement: …")
            return
        found = []
        for rule, value in node.entries.items():
            reason = f.scalar_text(value, f"lint_ignore.{rule}", max_len=500)  # never empty
            if reason is not None:
                found.append(LintIgnore(rule, reason, node.key_locs[rule]))
        if statement and found:
            self.lint_ignores[statement] = tuple(found)

    def attributions(self, f: Fields, required: bool = True) -> tuple[Attribution, ...]:
        """The `attributions` list of an entry (at least one when required)."""
        result = []
        for node in f.maps("attributions", "a mapping with source, quote and locator", required):
            a = self.fields(node, ATTRIBUTION_KEYS)
            source, quote, locator = (
                a.slug("source"),
                a.text("quote", max_len=MAX_QUOTE),
                a.text("locator", max_len=200),
            )
            held_by = a.slug("held_by", required=False)
            language = self.language(a)
            translation = a.text("translation", required=False, max_len=2 * MAX_QUOTE)
            if source and quote and locator:
                held_loc = node.entries["held_by"].loc if held_by else None
                result.append(
                    Attribution(
                        source, quote, locator, a.loc, held_by, held_loc, language, translation
                    )
                )
        if required and not result and f.has("attributions"):
            f.error(f.loc, "no usable attribution: every statement needs at least one source")
        return tuple(result)

    def language(self, f: Fields) -> str | None:
        """An entry's `language`: a language tag (am, ar, en-GB), or None."""
        tag = f.text("language", required=False, max_len=35)
        if tag is not None and not LANGUAGE_TAG.fullmatch(tag):
            f.error(
                f.node.entries["language"].loc,
                f"'language' must be a language tag such as am, ar or en-GB, not '{tag[:40]}'",
            )
            return None
        return tag

    def common(self, f: Fields) -> tuple[tuple[str, ...], str]:
        """Tags and weight, shared by every statement kind (and its lint_ignore reasons)."""
        statement = f.node.entries.get("id")
        self.lint_ignore(f, statement.text.strip() if isinstance(statement, Scalar) else None)
        return f.texts("tags", slugs=True), f.choice("weight", WEIGHTS, "detail") or "detail"

    def section_of(self, f: Fields, default: str | None) -> str | None:
        """The entry's section, falling back to the file's `section:`."""
        if f.has("section"):
            return f.slug("section")
        if default is None:
            f.error(f.loc, "missing field 'section' (or set `section:` at the top of the file)")
        return default

    def section_kind(self, node: Map) -> SectionKind | None:
        f = self.fields(node, ("id", "title"))
        sid, title = f.slug("id"), f.text("title", max_len=200)
        if sid in BUILTIN_PARTS:
            f.error(f.loc, f"'{sid}' is the name of a built-in part: choose another section id")
            return None
        return SectionKind(sid, title, f.loc) if sid and title else None

    def source(self, node: Map) -> Source | None:
        f = self.fields(
            node,
            (
                "id",
                "title",
                "publisher",
                "author",
                "published",
                "date_note",
                "url",
                "kind",
                "perspective",
                "perspective_group",
                "reliability",
                "reliability_note",
                "note",
                "abbreviation",
                "snapshot",
                "language",
            ),
        )
        sid, title, kind = f.slug("id"), f.text("title", max_len=500), f.slug("kind")
        perspective, group = f.text("perspective", max_len=200), f.slug("perspective_group")
        grade = f.choice("reliability", tuple(RELIABILITY_GRADES))
        grade_note = f.text("reliability_note", max_len=300)
        url = f.text("url", required=False, max_len=2000)
        if url is not None and USERINFO.match(url):  # never shown, stored or fetched
            shown = USERINFO.sub(r"\1***@", url)[:60]
            f.error(
                f.node.entries["url"].loc,
                f"'url' must not hold a user name or password ('{shown}'): give the page's"
                " public address",
            )
            url = None
        elif url is not None and not re.fullmatch(r"https?://[^\s<>\"']+", url):
            f.error(
                f.node.entries["url"].loc, f"'url' must be an http(s) address, not '{url[:60]}'"
            )
            url = None
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
            publisher=f.text("publisher", required=False, max_len=200),
            author=f.text("author", required=False, max_len=200),
            published=f.date("published"),
            date_note=f.text("date_note", required=False, max_len=300),
            url=url,
            note=f.text("note", required=False),
            abbreviation=f.text("abbreviation", required=False, max_len=60),
            snapshot=f.text("snapshot", required=False, max_len=500),
            snapshot_loc=f.node.entries["snapshot"].loc if f.has("snapshot") else None,
            language=self.language(f),
        )

    def actor(self, node: Map) -> Actor | None:
        f = self.fields(node, ("id", "name", "kind", "note"))
        aid, name, kind = f.slug("id"), f.text("name", max_len=200), f.slug("kind")
        if not (aid and name and kind):
            return None
        return Actor(aid, name, kind, f.loc, f.text("note", required=False))

    def paragraphs(
        self, f: Fields, section: str | None, name: str
    ) -> list[tuple[Paragraph, list[Claim]]]:
        """The file's `paragraphs:` each a list of claims (or a mapping with heading and claims)."""
        result = []
        subsection = None
        for number, node in enumerate(f.seq("paragraphs"), start=1):
            heading, pid = None, None
            if isinstance(node, Map):
                p = self.fields(node, PARAGRAPH_KEYS)
                heading = p.text("heading", required=False, max_len=200)
                pid = p.slug("id", required=False)
                claim_nodes = p.maps("claims", "a claim mapping", required=True)
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
        f = self.fields(node, ("id", "section", "text", "date", "tags", "weight", "attributions"))
        cid, sec, text = f.slug("id"), self.section_of(f, section), f.text("text")
        date, (tags, weight) = f.date("date"), self.common(f)
        attributions = self.attributions(f)
        if not (cid and sec and text and attributions):
            return None
        return Claim(cid, sec, text, attributions, f.loc, date, tags, weight, paragraph)

    def figure(self, node: Map, section: str | None) -> Figure | None:
        f = self.fields(
            node,
            (
                "id",
                "section",
                "measure",
                "value",
                "unit",
                "as_of",
                "tags",
                "weight",
                "attributions",
                "note",
            ),
        )
        fid, sec = f.slug("id"), self.section_of(f, section)
        measure, value, unit = (
            f.text("measure", max_len=300),
            f.text("value", max_len=60),
            f.text("unit", max_len=60),
        )
        as_of, (tags, weight) = f.date("as_of", required=True), self.common(f)
        attributions, note = self.attributions(f), f.text("note", required=False)
        if not (fid and sec and measure and value and unit and as_of and attributions):
            return None
        return Figure(
            fid, sec, measure, value, unit, as_of, attributions, f.loc, tags, weight, note
        )

    def position(self, node: Map) -> Position | None:
        f = self.fields(node, ("held_by", "stance", "summary", "date", "attributions"))
        holder = f.slug("held_by", required=False)
        stance, summary = f.text("stance", max_len=120), f.text("summary")
        date, attributions = f.date("date"), self.attributions(f)
        if not (stance and summary and attributions):
            return None
        return Position(stance, summary, attributions, f.loc, holder, date)

    def contested(self, node: Map, section: str | None) -> ContestedClaim | None:
        f = self.fields(
            node,
            ("id", "section", "question", "context", "status", "tags", "weight", "positions"),
        )
        cid, question = f.slug("id"), f.text("question", max_len=500)
        sec = f.slug("section") if f.has("section") else (section or "contested")
        status = f.choice("status", STATUSES, "unresolved")
        tags, weight = self.common(f)
        positions = [self.position(p) for p in f.maps("positions", "a position mapping", True)]
        if not (cid and sec and question and status) or None in positions:
            return None
        return ContestedClaim(
            cid,
            sec,
            question,
            status,
            tuple(p for p in positions if p),
            f.loc,
            f.text("context", required=False),
            tags,
            weight,
        )

    def table(self, node: Map, section: str | None) -> Table | None:
        f = self.fields(
            node,
            ("id", "section", "title", "columns", "rows", "tags", "weight", "attributions", "note"),
        )
        tid, sec, title = f.slug("id"), self.section_of(f, section), f.text("title", max_len=300)
        columns = f.texts("columns")
        rows = []
        for row in f.seq("rows", required=True):
            values = self.row(row, len(columns))
            if values is not None:
                rows.append(values)
        tags, weight = self.common(f)
        attributions = self.attributions(f)
        if not (tid and sec and title and columns and attributions):
            return None
        note = f.text("note", required=False)
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
        f = self.fields(node, ("id", "date", "text", "tags", "weight", "attributions"))
        eid, date, text = f.slug("id"), f.date("date", required=True), f.text("text", max_len=1000)
        (tags, weight), attributions = self.common(f), self.attributions(f)
        if not (eid and date and text and attributions):
            return None
        return Event(eid, date, text, attributions, f.loc, tags, weight)

    def term(self, node: Map) -> Term | None:
        f = self.fields(node, ("id", "concept", "names", "note", "tags"))
        tid, concept = f.slug("id"), f.text("concept", max_len=500)
        names = []
        for name_node in f.maps("names", "a mapping with name, used_by and attributions", True):
            n = self.fields(name_node, ("name", "used_by", "attributions"))
            name, used_by = n.text("name", max_len=200), n.text("used_by", max_len=300)
            attributions = self.attributions(n)
            if name and used_by and attributions:
                names.append(TermName(name, used_by, attributions, n.loc))
        if len(names) < 2 and f.has("names"):
            f.error(f.loc, "a contested term needs at least two names")
        tags = f.texts("tags", slugs=True)
        if not (tid and concept and len(names) >= 2):
            return None
        return Term(tid, concept, tuple(names), f.loc, f.text("note", required=False), tags)

    def judgment(self, node: Map) -> Judgment | None:
        f = self.fields(node, ("id", "text", "confidence", "rests_on"))
        jid, text = f.slug("id"), f.text("text", max_len=1000)
        confidence = f.choice("confidence", CONFIDENCE_LEVELS)
        rests_on = f.texts("rests_on", slugs=True)
        if not rests_on and not f.has("rests_on"):
            f.error(f.loc, "missing field 'rests_on': name the statements this judgment rests on")
        if not (jid and text and confidence and rests_on):
            return None
        return Judgment(jid, text, confidence, rests_on, f.loc)


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
    f = reader.fields(tree, CONTENT_KEYS)
    section = f.slug("section", required=False)
    if f.has("topic"):
        content.has_topic = True
        parts.topic = f.text("topic", max_len=200)
    if f.has("snapshots"):
        content.snapshots_key = tree.key_locs["snapshots"]
        folder = f.text("snapshots", max_len=500)
        if folder:
            parts.snapshots = (folder, tree.entries["snapshots"].loc)
    if f.has("sections"):
        content.sections_key = tree.key_locs["sections"]
        kinds = [reader.section_kind(n) for n in f.maps("sections", "a mapping with id and title")]
        parts.sections = [k for k in kinds if k]

    def gather(key: str, what: str, read: object) -> list:  # type: ignore[type-arg]
        return [x for x in (read(n) for n in f.maps(key, what)) if x is not None]  # type: ignore[operator]

    def extend(attr: str, values: list) -> None:  # type: ignore[type-arg]
        setattr(parts, attr, (getattr(parts, attr) or []) + values)

    if f.has("bottom_line"):
        content.bottom_line = read_bottom_line(f, section)
    if f.has("perspective_groups"):
        parts.group_labels = {}
        content.labels = read_group_labels(f, reader)
    extend("sources", gather("sources", "a source mapping", reader.source))
    paragraphs = reader.paragraphs(f, section, name)
    extend("paragraphs", [p for p, _ in paragraphs])
    extend("items", [c for _, claims in paragraphs for c in claims])
    extend("actors", gather("actors", "an actor mapping", reader.actor))
    extend("items", gather("claims", "a claim mapping", lambda n: reader.claim(n, section)))
    extend("items", gather("figures", "a figure mapping", lambda n: reader.figure(n, section)))
    extend(
        "items",
        gather("contested", "a contested-claim mapping", lambda n: reader.contested(n, section)),
    )
    extend("items", gather("tables", "a table mapping", lambda n: reader.table(n, section)))
    extend("events", gather("events", "an event mapping", reader.event))
    extend("terms", gather("terms", "a term mapping", reader.term))
    extend("judgments", gather("judgments", "a judgment mapping", reader.judgment))
    return content


def read_bottom_line(f: Fields, section: str | None) -> tuple[str, str | None, Location] | None:
    """A file's `bottom_line:`, the analyst's assessment of its section (one per section:
    checked when the files are put together): its section, text and place."""
    loc = f.node.entries["bottom_line"].loc
    text = f.text("bottom_line", max_len=2000)
    if section is None:
        f.error(loc, "'bottom_line' needs `section:` at the top of the file")
        return None
    return section, text, loc


def read_group_labels(f: Fields, reader: ContentReader) -> list[tuple[str, str | None, Location]]:
    """`perspective_groups:` the reader's label for each perspective group id (each group
    labelled once: checked when the files are put together)."""
    labels = []
    for node in f.maps("perspective_groups", "a mapping with id and label"):
        g = reader.fields(node, ("id", "label"))
        gid, text = g.slug("id"), g.text("label", max_len=120)
        if gid:
            labels.append((gid, text, g.loc))
    return labels


def load_content(root: Path, problems: list[Problem], tree_cache: TreeCache | None = None) -> Project:
    """Read every file of content/ into a Project; problems are appended, never raised.

    `tree_cache` gives back the unchanged files' trees instead of parsing them again."""
    parts = ContentParts()
    lint_ignores: dict[str, tuple[LintIgnore, ...]] = {}
    for path in yaml_files(root / "content", root, problems):
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
        sources={s.id: s for s in parts.sources or []},
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
        **snapshot_settings(parts),
    )


def snapshot_settings(parts: ContentParts) -> dict[str, Any]:
    """The `snapshots` folder keyword arguments of the Project (the default when not declared)."""
    if parts.snapshots is None:
        return {}
    return {"snapshots": parts.snapshots[0], "snapshots_loc": parts.snapshots[1]}
