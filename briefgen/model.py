"""The content model: frozen dataclasses for sources, actors, statements and briefs."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from briefgen.errors import Location
from briefgen.layout import ProjectLayout
from briefgen.marks import as_written

DEFAULT_SECTIONS = (
    ("history", "History"),
    ("military", "Military and security"),
    ("economy", "Economy"),
    ("culture", "Culture"),
    ("contested", "Contested claims"),
)
BUILTIN_PARTS = ("judgments", "overview", "timeline", "terms", "summary", "sources", "changes")
LAYOUTS = ("prose", "register", "compact", "full")  # full: the prose layout, kept for old briefs
RELIABILITY_GRADES = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CONFIDENCE_LEVELS = ("low", "moderate", "high")
WEIGHTS = ("key", "detail")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int = 0
    day: int = 0

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    @property
    def display(self) -> str:
        """The date in English, as the command line shows it: '2 October 2020', 'August 2024' or
        '2023' (briefs write dates in their own language: render/i18n.py Language.date)."""
        if self.day:
            return f"{self.day} {calendar.month_name[self.month]} {self.year}"
        if self.month:
            return f"{calendar.month_name[self.month]} {self.year}"
        return str(self.year)

    @property
    def is_full(self) -> bool:
        """True when the day is known."""
        return bool(self.day)


@dataclass(frozen=True)
class SectionKind:
    """A kind of section content can belong to (history, economy, …)."""

    id: str
    title: str
    loc: Location


@dataclass(frozen=True)
class Source:
    """A published text that reports statements."""

    id: str
    title: str
    kind: str
    perspective: str
    perspective_group: str
    reliability: str
    reliability_note: str
    loc: Location
    publisher: str | None = None
    author: str | None = None
    published: PartialDate | None = None
    date_note: str | None = None
    url: str | None = None
    note: str | None = None
    abbreviation: str | None = None
    snapshot: str | None = None  # a text file of the source, relative to the project
    snapshot_loc: Location | None = None
    language: str | None = None  # the language the source is written in (a tag: am, ar, en-GB)
    kind_label: str | None = None  # the content's word for its kind (`source_kinds:`), if any

    @property
    def short_name(self) -> str:
        """A name for running text: the abbreviation, the publisher, or the title."""
        return self.abbreviation or self.publisher or self.title

    @property
    def reliability_label(self) -> str:
        """The grade with its meaning, e.g. 'B (usually reliable)'."""
        return f"{self.reliability} ({RELIABILITY_GRADES[self.reliability]})"


@dataclass(frozen=True)
class Actor:
    """Who holds a position: a government, ministry, person or group (never a source)."""

    id: str
    name: str
    kind: str
    loc: Location
    note: str | None = None
    group: str | None = None  # the perspective group whose sources speak for it (a party)


@dataclass(frozen=True)
class Attribution:
    """Who reports a statement (source, quote, place) and, optionally, who holds it."""

    source: str
    quote: str
    locator: str
    loc: Location
    held_by: str | None = None
    held_by_loc: Location | None = None
    language: str | None = None  # the quote's language, when not its source's
    translation: str | None = None  # the analyst's translation of the quote (not verified)


@dataclass(frozen=True)
class Claim:
    """A statement in the analyst's words, attributed to one or more sources."""

    id: str
    section: str
    text: str
    attributions: tuple[Attribution, ...]
    loc: Location
    date: PartialDate | None = None
    tags: tuple[str, ...] = ()
    weight: str = "detail"
    paragraph: str | None = None  # the id of the Paragraph it belongs to; None: a paragraph alone


@dataclass(frozen=True)
class Paragraph:
    """Claims that read as one paragraph of running prose, in the order written.

    `subsection` is the heading of the subsection the paragraph is in: its own `heading`, or the
    last one given before it in the same file.
    """

    id: str
    section: str
    claims: tuple[str, ...]
    loc: Location
    heading: str | None = None
    subsection: str | None = None


@dataclass(frozen=True)
class BottomLine:
    """A section's bottom line: the analyst's own assessment, not a sourced statement."""

    section: str
    text: str
    loc: Location


@dataclass(frozen=True)
class Figure:
    """A number: what it measures, its value and unit, and when it held."""

    id: str
    section: str
    measure: str
    value: str
    unit: str
    as_of: PartialDate
    attributions: tuple[Attribution, ...]
    loc: Location
    tags: tuple[str, ...] = ()
    weight: str = "detail"
    note: str | None = None


@dataclass(frozen=True)
class Position:
    """One side of a contested claim: who holds it, what they say, who reports it.

    Without `held_by`, the position is the reporting source's own account.
    """

    stance: str
    summary: str
    attributions: tuple[Attribution, ...]
    loc: Location
    held_by: str | None = None
    date: PartialDate | None = None


@dataclass(frozen=True)
class ContestedClaim:
    """A question the sources answer differently, with each position attributed."""

    id: str
    section: str
    question: str
    status: str
    positions: tuple[Position, ...]
    loc: Location
    context: str | None = None
    tags: tuple[str, ...] = ()
    weight: str = "detail"

    @property
    def attributions(self) -> tuple[Attribution, ...]:
        """Every attribution of every position, in order."""
        return tuple(a for p in self.positions for a in p.attributions)


@dataclass(frozen=True)
class Table:
    """Reference data as rows and columns, attributed as a whole."""

    id: str
    section: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    attributions: tuple[Attribution, ...]
    loc: Location
    tags: tuple[str, ...] = ()
    weight: str = "detail"
    note: str | None = None


@dataclass(frozen=True)
class Event:
    """A dated event for the timeline."""

    id: str
    date: PartialDate
    text: str
    attributions: tuple[Attribution, ...]
    loc: Location
    tags: tuple[str, ...] = ()
    weight: str = "detail"


@dataclass(frozen=True)
class TermName:
    """One name for a contested concept, and who uses it."""

    name: str
    used_by: str
    attributions: tuple[Attribution, ...]
    loc: Location


@dataclass(frozen=True)
class Term:
    """A concept with contested names (Nagorno-Karabakh / Artsakh)."""

    id: str
    concept: str
    names: tuple[TermName, ...]
    loc: Location
    note: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def attributions(self) -> tuple[Attribution, ...]:
        """Every attribution of every name, in order."""
        return tuple(a for n in self.names for a in n.attributions)


@dataclass(frozen=True)
class Strand:
    """One strand of a judgment: what it is about, in a few words, and the statements behind it."""

    rests_on: tuple[str, ...]
    loc: Location
    label: str | None = None


@dataclass(frozen=True)
class Judgment:
    """An analyst's assessment with a confidence level and the statements it rests on,
    strand by strand (a judgment written with `rests_on` alone is one strand without a label)."""

    id: str
    text: str
    confidence: str
    strands: tuple[Strand, ...]
    loc: Location

    @property
    def rests_on(self) -> tuple[str, ...]:
        """Every statement the judgment rests on, each once, in order."""
        return tuple(dict.fromkeys(r for s in self.strands for r in s.rests_on))


@dataclass(frozen=True)
class Standfirst:
    """The point of a brief up front, in the analyst's words: the bottom line, and optionally
    what is new, why it matters, the outlook and what to watch."""

    bottom_line: str
    loc: Location
    whats_new: str | None = None
    why_it_matters: str | None = None
    outlook: str | None = None
    watch: tuple[str, ...] = ()


SectionItem = Claim | Figure | ContestedClaim | Table
Statement = Claim | Figure | ContestedClaim | Table | Event | Term


def label(statement: Statement | Judgment, date: Callable[[PartialDate], str] | None = None) -> str:
    """A short plain-text name for a statement, for cross-references (`date`: how a date is
    written, English when not given)."""
    if isinstance(statement, ContestedClaim):
        text = statement.question
    elif isinstance(statement, Figure):
        written = date(statement.as_of) if date else statement.as_of.display
        text = f"{statement.measure}, {written}"
    elif isinstance(statement, Term):
        text = statement.concept
    elif isinstance(statement, Table):
        text = statement.title
    else:
        text = statement.text
    text = as_written(text).replace("*", "").replace("`", "").replace("[", "").replace("]", "")
    return text if len(text) <= 70 else text[:67].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class LintIgnore:
    """A statement's recorded reason for not following a balance-lint rule."""

    rule: str
    reason: str
    loc: Location


@dataclass(frozen=True)
class Project:
    """Everything in content/: the material every brief selects from."""

    root: Path
    topic: str | None
    sections: tuple[SectionKind, ...]
    sources: dict[str, Source]
    actors: dict[str, Actor]
    items: tuple[SectionItem, ...]
    events: tuple[Event, ...]
    terms: tuple[Term, ...]
    judgments: tuple[Judgment, ...]
    snapshots: str = "snapshots"  # the folder of stored source texts, relative to the project
    snapshots_loc: Location | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    bottom_lines: Mapping[str, BottomLine] = field(default_factory=dict)
    group_labels: Mapping[str, str] = field(default_factory=dict)  # perspective group id → label
    group_label_locs: Mapping[str, Location] = field(default_factory=dict)
    theme: Theme = field(default_factory=lambda: Theme())  # the project's look (content `theme:`)
    # each statement's recorded reasons for not following a balance-lint rule, by statement id
    lint_ignores: Mapping[str, tuple[LintIgnore, ...]] = field(default_factory=dict)
    standfirst: Standfirst | None = None  # the point up front, for every brief that has none
    language: str = "en"  # the language the content is written in (content `language:`)
    language_loc: Location | None = None

    @property
    def layout(self) -> ProjectLayout:
        """The project's folders, with the snapshots folder its content names."""
        return ProjectLayout(self.root, self.snapshots)

    def group_label(self, group: str) -> str:
        """The reader's name for a perspective group (its declared label, else the id in words)."""
        return (
            self.group_labels.get(group) or group.replace("-", " ").replace("_", " ").capitalize()
        )

    def statements(self) -> Iterator[Statement]:
        """Every attributed statement in the project."""
        yield from self.items
        yield from self.events
        yield from self.terms

    def by_id(self) -> Mapping[str, Statement]:
        """Statements by id (shared: do not change it)."""
        return self._by_id

    def tags(self) -> frozenset[str]:
        """Every tag used by any statement."""
        return self._tags

    # computed once per project: every brief's validation and selection asks again
    @cached_property
    def _by_id(self) -> dict[str, Statement]:
        return {s.id: s for s in self.statements()}

    @cached_property
    def _tags(self) -> frozenset[str]:
        return frozenset(t for s in self.statements() for t in s.tags)

    def section_ids(self) -> tuple[str, ...]:
        """The ids of the section kinds, in their declared order."""
        return tuple(s.id for s in self.sections)


@dataclass(frozen=True)
class PreferredName:
    """A brief's choice of one name of a contested term (e.g. Türkiye for turkey-name)."""

    term: str
    name: str
    loc: Location


@dataclass(frozen=True)
class BriefOptions:
    """Presentation choices of a brief."""

    reliability: bool = True
    notes: str = "footnotes"
    notes_per: str = "passage"  # passage: one note per source passage; sentence: one per sentence
    cover_page: bool = False
    contents: bool = True
    flag_unverified: bool = True
    terminology: tuple[PreferredName, ...] = ()
    layout: str = "prose"  # the default layout of content sections: prose or register
    numbering: bool = False  # number sections 1, 2 and subsections 1.1, 1.2
    bottom_lines: bool = (
        True  # print each section's bottom line atop it (the overview part lists them anyway)
    )
    quote_checks: bool = True  # say in the source list whether quotes were checked
    note_quotes: bool = True  # give each source passage's quote in its note (else source and place)
    # a kept contested claim's position left with no source by a source filter: "notice" leaves
    # it out and says so in the brief; "keep" shows it with its sources all the same
    dropped_positions: str = "notice"
    # the PDF's conformance claim: PDF/UA-1, or a PDF/A part (e.g. pdf/a-3u) for archives
    pdf_variant: str = "pdf/ua-1"

    def preferred_name(self, term: str) -> str | None:
        """The name this brief uses for a term, if it chose one."""
        return next((p.name for p in self.terminology if p.term == term), None)


@dataclass(frozen=True)
class SourceCheck:
    """What a build knows of a source's quotes: its snapshot and each quote's verification.

    `quotes` maps each quote as written in the content to verified, changed, missing or
    unchecked (not verified against the current snapshot yet).
    """

    snapshot: str | None = None
    verified: str | None = None
    quotes: dict[str, str] = field(default_factory=dict)
    found: dict[str, str] = field(default_factory=dict)  # a changed quote -> the passage now there
    version: str | None = None  # the snapshot: its stored version number, or its file's name
    taken: str | None = None  # when that version was stored (YYYY-MM-DD)
    digest: str | None = None  # the sha256 of the snapshot's bytes

    def flagged(self, quote: str) -> bool:
        """True when the source has a snapshot and this quote was not verified against it."""
        return self.flag(quote) is not None

    def flag(self, quote: str) -> str | None:
        """How a brief marks this quote: changed or missing (checked against the current
        snapshot and not found as written), unchecked (not checked against it), or None."""
        if self.snapshot is None:
            return None
        status = self.quotes.get(quote, "unchecked")
        return None if status == "verified" else status


@dataclass(frozen=True)
class Filters:
    """What a brief or one of its parts keeps: every field narrows, none widens."""

    tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    since: PartialDate | None = None
    until: PartialDate | None = None
    min_reliability: str | None = None
    source_kinds: tuple[str, ...] = ()
    perspectives: tuple[str, ...] = ()
    weight: str | None = None
    max_items: int | None = None


@dataclass(frozen=True)
class BriefPart:
    """One entry of a brief's `sections`: a content section or a built-in part."""

    name: str
    loc: Location
    filters: Filters = field(default_factory=Filters)
    heading: str | None = None
    intro: str | None = None
    layout: str | None = None  # None: the brief's options.layout

    @property
    def is_builtin(self) -> bool:
        """True for the built-in parts (judgments, overview, timeline, terms, …)."""
        return self.name in BUILTIN_PARTS


@dataclass(frozen=True)
class Brief:
    """What one audience gets: which parts, in what order, under what title and marking."""

    id: str
    title: str
    edition: PartialDate
    marking: str
    parts: tuple[BriefPart, ...]
    loc: Location
    subtitle: str | None = None
    audience: str | None = None
    organisation: str | None = None
    author: str | None = None
    formats: tuple[str, ...] = ("html", "pdf")
    options: BriefOptions = field(default_factory=BriefOptions)
    language: str = "en"
    filters: Filters = field(default_factory=Filters)
    max_pages: int | None = None
    theme: Theme = field(default_factory=lambda: Theme())  # the brief's own, over the project's
    extends: tuple[str, ...] = ()
    standfirst: Standfirst | None = None  # the brief's own point up front, over the project's
    fitted: int = 0  # the page-budget fitting level applied (selection/fitting.py)
    cut: tuple[str, ...] = ()  # the parts the fitting left out for length, by name
    # which brief's file gives each of its top-level keys (itself or a parent): an inherited
    # title is in the parent's language
    declared: Mapping[str, str] = field(default_factory=dict)
    translation_of: str | None = None  # declared: the brief this one is a version of
    # the other-language versions of this brief that have HTML: (brief id, language), in order
    versions: tuple[tuple[str, str], ...] = ()


CHANGE_KINDS = (
    "source-updated",  # a cited source's text has a new version: source, version, date, was
    "passage",  # a quoted passage changed in its source: source, was, now, outcome, rests_on
    "added",  # a statement now in the brief
    "removed",  # a statement no longer in the brief: was
    "reworded",  # a statement's words: was, now
    "position-added",  # a contested claim's position (or a term's name): holder, now
    "position-removed",  # holder, was
    "position-changed",  # holder, was, now
    "requoted",  # a statement cites another passage of a source: source, was, now, outcome
    "withdrawn",  # a statement no longer cites a passage: source, was
    "cited",  # a statement cites a new passage: source, now, outcome
    "source-added",  # a source now cited: source (its name), label (its description)
    "source-removed",
    "bookkeeping",  # not listed one by one: counts of locators, formatting, quote checks
)


@dataclass(frozen=True)
class Change:
    """One difference between two editions, as data a reader's sentence is made from: names
    (never ids), the text as it was and as it is now, what the brief does with it.

    `item` is the statement's or source's id, for links only. `outcome` is the quote's status
    against its source's current snapshot: verified (for a passage requoted: re-anchored),
    changed, missing, unchecked, or '' when the source has no snapshot. `counts` (bookkeeping)
    names what was renumbered or reformatted: (what, how many), what being locator,
    formatting or check.
    """

    kind: str  # one of CHANGE_KINDS
    item: str
    label: str  # the statement's label (a source's description for source-added/removed)
    was: str = ""
    now: str = ""
    source: str = ""  # the source's name
    holder: str = ""  # who holds the position: an actor's name, or a source's name
    version: str = ""  # source-updated, passage: the source's new version (a number, or file)
    date: PartialDate | None = None  # source-updated: when that version was stored
    outcome: str = ""
    rests_on: tuple[str, ...] = ()  # the labels of the statements and judgments resting on it
    count: int = 0  # source-updated: the passages quoted from it that did not change
    counts: tuple[tuple[str, int], ...] = ()

    @property
    def substantive(self) -> bool:
        """False for the one line of bookkeeping (locators renumbered, formatting, checks)."""
        return self.kind != "bookkeeping"


@dataclass(frozen=True)
class Theme:
    """A look: colours, fonts, logo and paper; an unset field keeps the built-in default."""

    accent: str | None = None  # headings, rules, links, the timeline's dots
    ink: str | None = None  # body text
    muted: str | None = None  # secondary text, running heads
    rule: str | None = None  # thin rules and borders
    marking: str | None = None  # the marking's colour
    chart: tuple[str, ...] = ()  # the coverage chart's fills, one a perspective group in turn
    serif: tuple[str, ...] = ()  # font families for the text, tried before the built-in stack
    sans: tuple[str, ...] = ()  # font families for headings, tables and page margins
    logo: str | None = None  # an image in the project's templates/assets/ (svg, png or jpeg)
    paper: str | None = None  # A4, A5, A3, B5, letter, legal, or a size such as "170mm 240mm"
    loc: Location | None = field(default=None, compare=False)  # where `theme:` was written

    def over(self, base: Theme) -> Theme:
        """This theme's settings, and `base`'s where this one sets nothing."""
        return Theme(
            **{
                name: getattr(self, name) or getattr(base, name)
                for name in self.__dataclass_fields__
            }
        )
