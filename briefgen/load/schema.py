"""One declarative schema per entry kind: every mapping a project's YAML may hold.

Each kind (a source, a claim, a brief's options, …) is a class whose attributes are its
fields, one line each with its type, limits, requirement or default, and help (the model is
MkDocs' `config_options`). The same declarations drive

- the readers (`content.py`, `briefs.py`, `theme.py`): the keys a mapping may have, and each
  field read by its type with its limits, requirement and default (`ClaimEntry.text.read(f)`);
- the field tables of docs/content-format.md and docs/theming.md, written between
  `<!-- schema: … -->` markers by `make schema` (tests/test_schema.py checks they match);
- the JSON Schemas shipped in briefgen/load/schemas/ for editors (`briefgen schema content|brief`).

The JSON Schemas (draft-07, what yaml-language-server reads) see the YAML as an editor does,
in YAML 1.2: `1991` is a number there, and briefgen reads it as the text `1991`, so a text,
id or date field also accepts numbers. `briefgen check` stays the authority: only it checks
references between entries, that dates exist, and the other rules no schema can state.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from briefgen.load.fields import ID_PATTERN, MAX_TEXT
from briefgen.model import (
    BUILTIN_PARTS,
    CONFIDENCE_LEVELS,
    DEFAULT_SECTIONS,
    LAYOUTS,
    RELIABILITY_GRADES,
    WEIGHTS,
)

if TYPE_CHECKING:
    from briefgen.load.fields import Fields
    from briefgen.load.yamltree import Map, Node
    from briefgen.model import PartialDate

LANGUAGE_PATTERN = r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*"
URL_PATTERN = r"https?://[^\s<>\"']+"
# an address's user name and password: the part of its host field up to the last '@'
USERINFO = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")
# for editors: an http(s) address with no user name or password, in JSON Schema's regex dialect
URL_JSON = r"^https?://[^/?#@\s<>\"']+([/?#][^\s<>\"']*)?$"
DATE_JSON = r"^(?!0000)[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
FULL_DATE_JSON = r"^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
# a theme's values: what reaches the CSS is a colour, a font name or a paper size, never style
COLOUR = r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})"
FONT = r"\w[\w .-]{0,63}"  # a family name: letters, digits, spaces, '.', '-'
LOGO = r"[\w][\w.-]{0,99}\.(?:svg|png|jpe?g)"  # any case
PAPER_NAMES = ("A3", "A4", "A5", "B4", "B5", "letter", "legal")
PAPER_SIZE = r"[0-9]{3,4}(?:\.[0-9])?mm [0-9]{3,4}(?:\.[0-9])?mm"  # ASCII digits only
PAPER_MM = (100.0, 1200.0)  # each side: a smaller page cannot hold the margins and running heads
SIDE_JSON = r"(?:(?:[1-9][0-9]{2}|1[01][0-9]{2})(?:\.[0-9])?|1200(?:\.0)?)mm"
# the same in JSON Schema's (ECMA) dialect, where \w is ASCII only: ASCII punctuation refused
NOT_PUNCT = r"!-,/:-@\[-\^`{-~"
FONT_JSON = rf"^[^\s{NOT_PUNCT}.-][^{NOT_PUNCT}\t\n]{{0,63}}$"
LOGO_JSON = (
    rf"^[^\s{NOT_PUNCT}.-][^\s{NOT_PUNCT}]{{0,99}}\.([sS][vV][gG]|[pP][nN][gG]|[jJ][pP][eE]?[gG])$"
)
MAX_QUOTE = 300
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"  # the shipped JSON Schemas

STATUSES = ("unresolved", "acknowledged", "disputed-terminology", "resolved", "consensus")
FORMATS = ("html", "pdf", "docx", "json")
# WeasyPrint's pdf_variant names briefgen finishes with pikepdf (briefgen/render/pdfua.py)
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-2b", "pdf/a-2u", "pdf/a-3b", "pdf/a-3u", "pdf/a-2a", "pdf/a-3a")
# Kinds are ids of the project's choosing; these are suggested (editors offer them). The
# CSL-JSON output maps each but news-site and other to a CSL item type (render/evidence.py).
SOURCE_KINDS = (
    "wire", "news", "newspaper", "news-site", "magazine", "journal", "academic", "book",
    "report", "government", "official", "think-tank", "ngo", "advocacy",
    "international-organisation", "legal", "treaty", "website", "web", "speech", "interview",
    "dataset", "statistics", "other",
)  # fmt: skip
ACTOR_KINDS = ("government", "ministry", "person", "group", "organisation", "military", "other")
BUILTIN_PART_HELP = {
    "judgments": "the key judgments with their confidence, the sections that show the statements"
    " they rest on, and those statements' sources",
    "overview": "a summary up front: each section's bottom line, in the brief's order, linked to"
    " the section",
    "timeline": "the dated events, as an SVG timeline and a list (filters apply)",
    "terms": "the contested-terminology glossary (filters apply)",
    "summary": "the source summary statement and the perspective-coverage chart",
    "sources": "the source appendix: every cited source with perspective and reliability",
    "changes": "what changed since the previous recorded edition: sources updated and the quoted"
    " passages that changed in them (was and now), statements added, removed or reworded,"
    " positions, quotes replaced or withdrawn, sources added or removed; locators renumbered"
    " and formatting in one line (the first edition says it has none to compare with)",
}

JsonValue = dict[str, Any]


def code(value: object) -> str:
    """A value as the docs show it: `value`."""
    return f"`{value}`"


def words(values: tuple[str, ...] | list[str], last: str = "or") -> str:
    """`a`, `b` or `c`."""
    shown = [code(v) for v in values]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} {last} {shown[-1]}"


class Field:
    """One field of an entry kind: its help, whether it is required, its default."""

    label = "value"  # the type column of the docs

    def __init__(
        self, help: str, *, required: bool = False, default: Any = None, default_doc: str = ""
    ) -> None:
        self.help = help
        self.required = required
        self.default = default
        self.default_doc = default_doc  # the default in words, when it is not a plain value
        self.name = ""  # given by the kind that declares it

    def bind(self, name: str) -> None:
        """Name the field after the attribute it is declared as (a shared field keeps one name)."""
        if self.name and self.name != name:
            raise TypeError(f"field '{self.name}' declared again as '{name}'")
        self.name = name

    def json(self) -> JsonValue:
        """The JSON Schema of a value of this field."""
        raise NotImplementedError

    def type_doc(self) -> str:
        """The type column of the docs' field table."""
        return self.label

    def schema(self) -> JsonValue:
        """The JSON Schema of the field: its value's, with the help and the default.

        An optional field may also be null (`note: ~`, or `note:` with nothing after it): the
        readers take that as absent.
        """
        value = self.json()
        if not self.required and "type" in value:
            types = value["type"] if isinstance(value["type"], list) else [value["type"]]
            value = {**value, "type": [*types, "null"]}
        elif not self.required and "enum" in value:
            value = {**value, "enum": [*value["enum"], None]}
        elif not self.required:
            value = {"anyOf": [value, {"type": "null"}]}
        elif "$ref" in value:  # draft-07 ignores keywords beside $ref
            value = {"allOf": [value]}
        value = {"description": self.help, **value}
        if self.default is not None:
            value["default"] = (
                list(self.default) if isinstance(self.default, tuple) else self.default
            )
        return value

    def requirement_doc(self) -> str:
        """The docs' 'required or default' column."""
        if self.required:
            return "**required**"
        if self.default_doc:
            return self.default_doc
        if isinstance(self.default, bool):
            return code("true" if self.default else "false")
        if isinstance(self.default, tuple):
            return code(f"[{', '.join(self.default)}]")
        return code(self.default) if self.default is not None else "optional"


class Text(Field):
    """Any text, kept as written (inline Markdown where the field is shown as prose)."""

    def __init__(self, help: str, *, max_len: int = MAX_TEXT, **kw: Any) -> None:
        super().__init__(help, **kw)
        self.max_len = max_len

    def read(self, f: Fields) -> str | None:
        return f.text(self.name, self.required, self.max_len)

    def json(self) -> JsonValue:
        return {
            "type": ["string", "number", "boolean"],
            "minLength": 1,
            "maxLength": self.max_len,
            "pattern": r"\S",
        }

    def type_doc(self) -> str:
        return "text" if self.max_len == MAX_TEXT else f"text, ≤ {self.max_len}"


class Url(Text):
    """An http(s) address, with no user name or password in it."""

    label = "http(s) address"

    def read(self, f: Fields) -> str | None:
        url = super().read(f)
        if url is not None and USERINFO.match(url):  # never shown, stored or fetched
            shown = USERINFO.sub(r"\1***@", url)[:60]
            f.error(
                f.node.entries[self.name].loc,
                f"'{self.name}' must not hold a user name or password ('{shown}'): give the"
                " page's public address",
            )
            return None
        if url is not None and not re.fullmatch(URL_PATTERN, url):
            f.error(
                f.node.entries[self.name].loc,
                f"'{self.name}' must be an http(s) address, not '{url[:60]}'",
            )
            return None
        return url

    def json(self) -> JsonValue:
        return {"type": "string", "maxLength": self.max_len, "pattern": URL_JSON}

    def type_doc(self) -> str:
        return self.label


class Language(Text):
    """A language tag (BCP 47 as far as briefgen needs it: am, ar, en-GB)."""

    label = "language tag"

    def __init__(self, help: str, *, examples: str, **kw: Any) -> None:
        super().__init__(help, max_len=35, **kw)
        self.examples = examples

    def read(self, f: Fields) -> str | None:
        tag = f.text(self.name, False, self.max_len)
        if tag is not None and not re.fullmatch(LANGUAGE_PATTERN, tag):
            f.error(
                f.node.entries[self.name].loc,
                f"'{self.name}' must be a language tag such as {self.examples}, not '{tag[:40]}'",
            )
            return self.default  # type: ignore[no-any-return]
        return tag if tag is not None else self.default

    def json(self) -> JsonValue:
        return {"type": "string", "pattern": f"^{LANGUAGE_PATTERN}$"}

    def type_doc(self) -> str:
        return self.label


class Id(Field):
    """An id: lowercase letters, digits, `-` and `_`."""

    label = "id"

    def __init__(
        self,
        help: str,
        *,
        examples: tuple[str, ...] = (),
        reserved: tuple[str, ...] = (),
        **kw: Any,
    ) -> None:
        super().__init__(help, **kw)
        self.examples, self.reserved = examples, reserved

    def read(self, f: Fields) -> str | None:
        return f.slug(self.name, self.required)

    def json(self) -> JsonValue:
        value: JsonValue = {
            "type": ["string", "integer"],
            "pattern": f"^{ID_PATTERN}$",
            "minimum": 0,
        }
        if self.examples:
            value["examples"] = list(self.examples)
        if self.reserved:
            value["not"] = {"enum": list(self.reserved)}
        return value


class Date(Field):
    """A date to the year, month or day (`full`: to the day)."""

    def __init__(self, help: str, *, full: bool = False, **kw: Any) -> None:
        super().__init__(help, **kw)
        self.full = full

    def read(self, f: Fields) -> PartialDate | None:
        return f.date(self.name, self.required, self.full)

    def json(self) -> JsonValue:
        if self.full:
            return {"type": "string", "pattern": FULL_DATE_JSON}
        return {"type": ["string", "integer"], "pattern": DATE_JSON, "minimum": 1, "maximum": 9999}

    def type_doc(self) -> str:
        return "date, YYYY-MM-DD" if self.full else "date"


class Choice(Field):
    """One of a fixed set of words."""

    def __init__(self, choices: tuple[str, ...], help: str, **kw: Any) -> None:
        super().__init__(help, **kw)
        self.choices = choices

    def read(self, f: Fields) -> str | None:
        """The word given; the default (or None) when it is absent or another word, None when
        it is not a word at all (a list, a mapping, empty text)."""
        if self.required:
            return f.choice(self.name, self.choices)
        value = f.choice(self.name, self.choices, self.default or "")
        return value if self.default is not None else value or None

    def read_or_default(self, f: Fields) -> str:
        """The word given, else the default (for fields that have one)."""
        assert isinstance(self.default, str)
        return self.read(f) or self.default

    def json(self) -> JsonValue:
        return {"enum": list(self.choices)}

    def type_doc(self) -> str:
        return words(self.choices)


class Boolean(Field):
    """`true` or `false`, nothing else (no yes, no, on or off)."""

    label = "`true` or `false`"

    def read(self, f: Fields) -> bool:
        return f.boolean(self.name, bool(self.default))

    def json(self) -> JsonValue:
        return {"type": "boolean"}


class Integer(Field):
    """A whole number written in decimal."""

    def __init__(self, help: str, *, minimum: int = 0, **kw: Any) -> None:
        super().__init__(help, **kw)
        self.minimum = minimum

    def read(self, f: Fields) -> int | None:
        return f.integer(self.name, self.minimum)

    def json(self) -> JsonValue:
        return {"type": "integer", "minimum": self.minimum, "maximum": 999_999_999}

    def type_doc(self) -> str:
        return f"whole number ≥ {self.minimum}"


class Ids(Field):
    """A list of ids (tags, statement ids, formats …)."""

    def __init__(
        self,
        help: str,
        *,
        choices: tuple[str, ...] = (),
        examples: tuple[str, ...] = (),
        min_items: int = 0,
        **kw: Any,
    ) -> None:
        super().__init__(help, **kw)
        self.choices, self.examples, self.min_items = choices, examples, min_items

    def read(self, f: Fields) -> tuple[str, ...]:
        return f.texts(self.name, slugs=True)

    def json(self) -> JsonValue:
        item = (
            {"enum": list(self.choices)} if self.choices else Id("", examples=self.examples).json()
        )
        value: JsonValue = {"type": "array", "items": item}
        if self.min_items:
            value["minItems"] = self.min_items
        return value

    def type_doc(self) -> str:
        return f"list of {words(self.choices)}" if self.choices else "list of ids"


class Texts(Field):
    """A list of texts."""

    label = "list of texts"

    def __init__(self, help: str, *, max_len: int = MAX_TEXT, **kw: Any) -> None:
        super().__init__(help, **kw)
        self.max_len = max_len

    def read(self, f: Fields) -> tuple[str, ...]:
        seq = f.seq(self.name, self.required)
        values = [f.scalar_text(item, self.name, self.max_len) for item in seq]
        return tuple(v for v in values if v is not None)

    def json(self) -> JsonValue:
        return {"type": "array", "minItems": 1, "items": Text("", max_len=self.max_len).json()}


class Entries(Field):
    """A list of mappings of one entry kind."""

    def __init__(
        self, kind: type[Kind], what: str, help: str, *, min_items: int = 0, **kw: Any
    ) -> None:
        super().__init__(help, **kw)
        self.kind, self.what, self.min_items = kind, what, min_items

    def read(self, f: Fields) -> list[Map]:
        """The list's mappings (anything else in it is reported as not being `what`)."""
        return f.maps(self.name, self.what, self.required)

    def json(self) -> JsonValue:
        value: JsonValue = {"type": "array", "items": self.kind.ref()}
        if self.min_items:
            value["minItems"] = self.min_items
        return value

    def type_doc(self) -> str:
        return f"list of {self.kind.link()}"


class Entry(Field):
    """One mapping of an entry kind (a brief's options, its filters)."""

    def __init__(self, kind: type[Kind], help: str, **kw: Any) -> None:
        super().__init__(help, **kw)
        self.kind = kind

    def read(self, f: Fields) -> Map | None:
        """The mapping; None when absent, or not a mapping (then a problem)."""
        return mapping_of(f, self.name, "a mapping")

    def json(self) -> JsonValue:
        return self.kind.ref()

    def type_doc(self) -> str:
        return self.kind.link()


class Mapping(Field):
    """A mapping of ids of the user's choosing to texts (lint_ignore, terminology)."""

    def __init__(
        self,
        help: str,
        *,
        key: str,
        what: str,
        max_len: int = MAX_TEXT,
        min_items: int = 0,
        **kw: Any,
    ) -> None:
        super().__init__(help, **kw)
        self.key, self.what, self.max_len, self.min_items = key, what, max_len, min_items

    def read(self, f: Fields) -> Map | None:
        """The mapping; None when absent, or not a mapping (then a problem)."""
        return mapping_of(f, self.name, self.what)

    def json(self) -> JsonValue:
        return {
            "type": "object",
            "minProperties": self.min_items,
            "propertyNames": {"pattern": f"^{ID_PATTERN}$"},
            "additionalProperties": Text("", max_len=self.max_len).json(),
        }

    def type_doc(self) -> str:
        return f"mapping: {self.key} → text"


def mapping_of(f: Fields, key: str, what: str) -> Map | None:
    """The mapping under `key`; None when it is absent, or not a mapping (then an error)."""
    from briefgen.load.yamltree import Map

    if not f.has(key):
        return None
    node = f.node.entries[key]
    if not isinstance(node, Map):
        f.error(node.loc, f"'{key}' must be {what}")
        return None
    return node


class Nodes(Field):
    """A list whose items have a shape of their own (read by the loader, item by item)."""

    def __init__(self, help: str, *, items: JsonValue, label: str, **kw: Any) -> None:
        super().__init__(help, **kw)
        self.items, self.label = items, label

    def read(self, f: Fields) -> list[Node]:
        return f.seq(self.name, self.required)

    def json(self) -> JsonValue:
        return {"type": "array", "items": self.items}


class Matching(Text):
    """A text of a given form (a colour, a logo's file name), checked against a pattern."""

    def __init__(
        self,
        help: str,
        *,
        pattern: str,
        json_pattern: str = "",
        what: str,
        label: str,
        ignore_case: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(help, max_len=100, **kw)
        self.pattern, self.json_pattern, self.what, self.label = pattern, json_pattern, what, label
        self.flags = re.IGNORECASE if ignore_case else 0

    def read(self, f: Fields) -> str | None:
        text = f.text(self.name, False, self.max_len)
        if text is not None and not re.fullmatch(self.pattern, text, self.flags):
            f.error(
                f.node.entries[self.name].loc, f"'{self.name}' must be {self.what}, not '{text}'"
            )
            return None
        return text

    def json(self) -> JsonValue:
        return {"type": "string", "pattern": self.json_pattern or f"^{self.pattern}$"}

    def type_doc(self) -> str:
        return self.label


class Listed(Matching):
    """One value of a given form, or a list of them (a theme's fonts and chart colours)."""

    def read(self, f: Fields) -> tuple[str, ...]:  # type: ignore[override]
        from briefgen.load.yamltree import Seq

        if not f.has(self.name):
            return ()
        node = f.node.entries[self.name]
        items = node.items if isinstance(node, Seq) else [node]
        values = []
        for item in items:
            text = f.scalar_text(item, self.name, self.max_len)
            if text is None:
                continue
            if not re.fullmatch(self.pattern, text, self.flags):
                f.error(item.loc, f"each '{self.name}' must be {self.what}, not '{text}'")
                continue
            values.append(text)
        return tuple(values)

    def json(self) -> JsonValue:
        one = super().json()
        return {"anyOf": [one, {"type": "array", "items": one}]}


class Paper(Text):
    """A paper size: a name, or a width and height in millimetres."""

    label = f'{words(PAPER_NAMES)}, or `"Wmm Hmm"`'

    def read(self, f: Fields) -> str | None:
        paper = f.text(self.name, False, 40)
        if paper is None or paper in PAPER_NAMES:
            return paper
        low, high = PAPER_MM
        sides = [float(v[:-2]) for v in paper.split()] if re.fullmatch(PAPER_SIZE, paper) else []
        if not sides or not all(low <= side <= high for side in sides):
            f.error(
                f.node.entries[self.name].loc,
                f"'{self.name}' must be one of {', '.join(PAPER_NAMES)} or a width and height"
                f" from {low:.0f}mm to {high:.0f}mm such as '170mm 240mm', not '{paper}'",
            )
            return None
        return paper

    def json(self) -> JsonValue:
        return {
            "anyOf": [
                {"enum": list(PAPER_NAMES)},
                {"type": "string", "pattern": f"^{SIDE_JSON} {SIDE_JSON}$"},
            ]
        }

    def type_doc(self) -> str:
        return self.label


class Kind:
    """An entry kind: a mapping whose fields are this class's Field attributes, in order.

    A subclass of another kind has its own fields first, then the other kind's.
    """

    KEY: ClassVar[str] = ""  # its name in the docs' markers and the JSON Schemas' definitions
    NAME: ClassVar[str] = ""  # what the docs call it
    DOC: ClassVar[str] = ""  # the docs file its table is in, when not content-format.md
    FIELDS: ClassVar[dict[str, Field]] = {}
    JSON_EXTRA: ClassVar[JsonValue] = {}  # rules between fields, in JSON Schema
    HOLDS: ClassVar[tuple[type[Kind], ...]] = ()  # kinds inside fields of their own shape

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = {name: v for name, v in vars(cls).items() if isinstance(v, Field)}
        for name, declared in own.items():
            declared.bind(name)
        cls.FIELDS = {**own, **{k: v for k, v in cls.FIELDS.items() if k not in own}}

    @classmethod
    def ref(cls) -> JsonValue:
        return {"$ref": f"#/definitions/{cls.KEY}"}

    @classmethod
    def link(cls) -> str:
        """A link to the kind's field table in the docs."""
        return f"[{cls.NAME}]({cls.DOC}#schema-{cls.KEY})"

    @classmethod
    def required(cls) -> list[str]:
        return [name for name, field in cls.FIELDS.items() if field.required]

    @classmethod
    def json(cls) -> JsonValue:
        """The kind's JSON Schema: its fields, no others."""
        value: JsonValue = {
            "type": "object",
            "description": " ".join((cls.__doc__ or "").split()),
            "properties": {name: field.schema() for name, field in cls.FIELDS.items()},
            "additionalProperties": False,
        }
        if cls.required():
            value["required"] = cls.required()
        return {**value, **cls.JSON_EXTRA}

    @classmethod
    def kinds(cls) -> list[type[Kind]]:
        """The kinds its fields hold, its own first, each once, depth first."""
        found: list[type[Kind]] = [cls]
        for field in cls.FIELDS.values():
            inner = getattr(field, "kind", None)
            if isinstance(inner, type) and issubclass(inner, Kind):
                found += [k for k in inner.kinds() if k not in found]
        for extra in cls.HOLDS:
            found += [k for k in extra.kinds() if k not in found]
        return list(dict.fromkeys(found))


# fmt: off
# Fields that several kinds share

TAGS = Ids("tags, for brief filters (`tags`, `exclude_tags`)")
WEIGHT = Choice(WEIGHTS, "`key` items are kept by a `depth: key` brief", default="detail")
SECTION = Id("the section it belongs to; required unless the file sets `section:`", default_doc="the file's `section:`")
LINT_IGNORE = Mapping(
    "why it does not follow a balance-lint rule (docs/balance-lint.md)",
    key="rule",
    what="a mapping of lint rules to reasons",
    max_len=500,
    min_items=1,
)
NOTE = Text("a note for readers")


# content/


class SectionKindEntry(Kind):
    """A section kind: a part of the project content can belong to (history, economy, …)."""

    KEY, NAME = "section-kind", "section kind"
    id = Id("its id; not the name of a built-in part", required=True, reserved=BUILTIN_PARTS)
    title = Text("its heading in briefs", max_len=200, required=True)


class SourceEntry(Kind):
    """A published text that reports statements (who reports, never who holds a position)."""

    KEY, NAME = "source", "source"
    id = Id("unique among the sources", required=True)
    title = Text("its title, as published", max_len=500, required=True)
    publisher = Text("leave out when unknown (shown as “publisher not stated”)", max_len=200)
    author = Text("the author", max_len=200)
    published = Date("when it was published; leave out when unknown")
    date_note = Text("on its date, e.g. “not stated; mentions 2023 events”", max_len=300)
    url = Url("its address", max_len=2000)
    kind = Id(f"what kind of source, an id of your choosing (label another under `source_kinds`); suggested: {words(SOURCE_KINDS)}", required=True, examples=SOURCE_KINDS)
    perspective = Text("its outlook in a short phrase, shown to readers", max_len=200, required=True)
    perspective_group = Id(
        "groups sources of one outlook (balance lint, coverage chart); label it under"
        " `perspective_groups`",
        required=True,
    )
    reliability = Choice(tuple(RELIABILITY_GRADES), "Admiralty grade, A (completely reliable) to F (cannot be judged)", required=True)
    reliability_note = Text("one line: why this grade", max_len=300, required=True)
    note = NOTE
    abbreviation = Text("the name used in running text and short notes", max_len=60)
    snapshot = Text("a UTF-8 text copy of the source inside the project (its path)", max_len=500)
    language = Language("the language it is written in (its quotes' marks)", examples="am, ar or en-GB")


class GroupEntry(Kind):
    """A perspective group's label: the name readers see for a `perspective_group`."""

    KEY, NAME = "perspective-group", "perspective group"
    id = Id("a perspective_group the sources use", required=True)
    label = Text("what the summary, the chart and the appendix print", max_len=120, required=True)


class SourceKindEntry(Kind):
    """A source kind's label: the word readers see for a source's `kind`."""

    KEY, NAME = "source-kind", "source kind"
    id = Id("a kind the sources use", required=True, examples=SOURCE_KINDS)
    label = Text("what the source list and the summary print (translated like the content)", max_len=120, required=True)


class ActorEntry(Kind):
    """Who holds a position: a government, ministry, person or group (never a source)."""

    KEY, NAME = "actor", "actor"
    id = Id("unique among the actors", required=True)
    name = Text("its name as readers see it", max_len=200, required=True)
    kind = Id(f"what kind of actor, an id of your choosing; suggested: {words(ACTOR_KINDS)}", required=True, examples=ACTOR_KINDS)
    note = NOTE
    group = Id("a party's own perspective group: the sources that speak for it (the source summary says when none of them is cited)")


class AttributionEntry(Kind):
    """Who reports a statement (a source, its words, their place) and whose position it is."""

    KEY, NAME = "attribution", "attribution"
    source = Id("the id of the source that reports it", required=True)
    quote = Text("the source's words, verbatim, in its own language: one sentence at most", max_len=MAX_QUOTE, required=True)
    locator = Text("where in the source, e.g. `para 2`", max_len=200, required=True)
    held_by = Id("the id of the actor whose position the source reports; without it, the source's own")
    language = Language("the quote's language, when not its source's", examples="am, ar or en-GB")
    translation = Text("the analyst's translation of the quote (not checked)", max_len=2 * MAX_QUOTE)


ATTRIBUTIONS = Entries(
    AttributionEntry,
    "a mapping with source, quote and locator",
    "who reports it: one or more",
    required=True,
    min_items=1,
)


class ClaimEntry(Kind):
    """A statement in the analyst's words, attributed to one or more sources."""

    KEY, NAME = "claim", "claim"
    id = Id("unique among all statements of the project", required=True)
    section = SECTION
    text = Text("the statement, in your words (inline Markdown)", required=True)
    date = Date("when it happened (drives date filters)")
    tags = TAGS
    weight = WEIGHT
    attributions = ATTRIBUTIONS
    lint_ignore = LINT_IGNORE


CLAIM_LIST = {"type": "array", "items": ClaimEntry.ref()}


class ParagraphEntry(Kind):
    """Claims read as one paragraph of running prose (or write the paragraph as a bare list)."""

    KEY, NAME = "paragraph", "paragraph"
    id = Id("the paragraph's id")
    heading = Text("starts a subsection, until the next heading", max_len=200)
    claims = Entries(ClaimEntry, "a claim mapping", "its sentences, in order", required=True)


class FigureEntry(Kind):
    """A number: what it measures, its value and unit, and when it held."""

    KEY, NAME = "figure", "figure"
    id = Id("unique among all statements of the project", required=True)
    section = SECTION
    measure = Text("what it measures", max_len=300, required=True)
    value = Text('the value, as printed (text: `"4.5"`)', max_len=60, required=True)
    unit = Text("its unit", max_len=60, required=True)
    as_of = Date("when the value held", required=True)
    tags = TAGS
    weight = WEIGHT
    attributions = ATTRIBUTIONS
    note = NOTE
    lint_ignore = LINT_IGNORE


class PositionEntry(Kind):
    """One side of a contested claim: who holds it, what they say, who reports it."""

    KEY, NAME = "position", "position"
    held_by = Id("the id of the actor who holds it; without it, the reporting source's own account")
    stance = Text("the position in a few words", max_len=120, required=True)
    summary = Text("what it says", required=True)
    date = Date("when it was taken")
    attributions = ATTRIBUTIONS


class ContestedEntry(Kind):
    """A question the sources answer differently, each position attributed."""

    KEY, NAME = "contested", "contested claim"
    id = Id("unique among all statements of the project", required=True)
    section = Id("the section it belongs to", default_doc="the file's `section:`, else `contested`")
    question = Text("the question, in neutral words", max_len=500, required=True)
    context = Text("background, in your words")
    status = Choice(STATUSES, "how far the dispute stands (`consensus`: settled among scholars, one position denying it)", default="unresolved")
    tags = TAGS
    weight = WEIGHT
    positions = Entries(
        PositionEntry,
        "a position mapping",
        "two or more, reported by sources of different perspective groups",
        required=True,
        min_items=2,
    )
    lint_ignore = LINT_IGNORE


class TableEntry(Kind):
    """Reference data in rows and columns (e.g. a list of agreements), attributed as a whole."""

    KEY, NAME = "table", "table"
    id = Id("unique among all statements of the project", required=True)
    section = SECTION
    title = Text("its caption", max_len=300, required=True)
    columns = Texts("the column headings", required=True)
    rows = Nodes(
        "the rows: each a list of as many texts as there are columns",
        items={"type": "array", "items": Text("").json()},
        label="list of lists of texts",
        required=True,
    )
    tags = TAGS
    weight = WEIGHT
    attributions = ATTRIBUTIONS
    note = NOTE
    lint_ignore = LINT_IGNORE


class EventEntry(Kind):
    """A dated event for the timeline."""

    KEY, NAME = "event", "event"
    id = Id("unique among all statements of the project", required=True)
    date = Date("when it happened", required=True)
    text = Text("what happened, in your words", max_len=1000, required=True)
    tags = TAGS
    weight = WEIGHT
    attributions = ATTRIBUTIONS
    lint_ignore = LINT_IGNORE


class TermNameEntry(Kind):
    """One name of a contested term, and who uses it."""

    KEY, NAME = "term-name", "term name"
    name = Text("the name", max_len=200, required=True)
    used_by = Text("who uses it, in free text", max_len=300, required=True)
    attributions = ATTRIBUTIONS


class TermEntry(Kind):
    """A concept with contested names (Nagorno-Karabakh / Artsakh), marked in text as `[[id|Name]]`."""

    KEY, NAME = "term", "term"
    id = Id("unique among all statements of the project; term marks name it", required=True)
    concept = Text("what the names name", max_len=500, required=True)
    names = Entries(TermNameEntry, "a mapping with name, used_by and attributions", "two or more", required=True, min_items=2)
    note = NOTE
    tags = TAGS


class StrandEntry(Kind):
    """One strand of a key judgment: what it is about, and the statements it rests on."""

    KEY, NAME = "strand", "strand"
    label = Text("what this strand of the judgment is about, in a few words (shown before its notes)", max_len=200)
    rests_on = Ids("the ids of the claims, figures, events or contested claims this strand rests on", required=True, min_items=1)


class JudgmentEntry(Kind):
    """A key judgment: the analyst's assessment, with a confidence level and its evidence."""

    KEY, NAME = "judgment", "key judgment"
    JSON_EXTRA: ClassVar[JsonValue] = {"oneOf": [{"required": ["rests_on"]}, {"required": ["strands"]}]}
    id = Id("unique among the key judgments", required=True)
    text = Text("the assessment", max_len=1000, required=True)
    confidence = Choice(CONFIDENCE_LEVELS, "how confident the analyst is", required=True)
    rests_on = Ids("the ids of the claims, figures, events or contested claims it rests on (or give `strands`)", min_items=1, default_doc="required without `strands`")
    strands = Entries(StrandEntry, "a mapping with label and rests_on", "its evidence strand by strand: each a label and the statements it rests on (or give `rests_on`)", min_items=1)


class StandfirstEntry(Kind):
    """The point of a brief up front, in the analyst's words (Crisis Group's and CRS's model)."""

    KEY, NAME = "standfirst", "standfirst"
    bottom_line = Text("the conclusion in one or two sentences: what a reader who reads nothing else must know", max_len=600, required=True)
    whats_new = Text("what is new", max_len=600)
    why_it_matters = Text("why it matters", max_len=600)
    outlook = Text("what is likely next", max_len=600)
    watch = Texts("what to watch: signs that would confirm or change the assessment", max_len=300)


PARAGRAPHS = Nodes(
    "the section's running prose: each paragraph a mapping, or a bare list of claims",
    items={"anyOf": [ParagraphEntry.ref(), CLAIM_LIST]},
    label=f"list of {ParagraphEntry.link()} (or of lists of {ClaimEntry.link()})",
)
# Without `section:` at the top of a file, its claims, figures and tables name their own.
NEEDS_SECTION = {"items": {"required": ["section"]}}


COLOUR_FORM = "a colour such as '#1f3b5a'"


class ThemeEntry(Kind):
    """A look: colours, fonts, logo and paper; an unset field keeps the built-in default."""

    KEY, NAME, DOC = "theme", "theme", "theming.md"
    accent = Matching("headings, rules under them, links, timeline markers", pattern=COLOUR, what=COLOUR_FORM, label="colour `#rgb` or `#rrggbb`")
    ink = Matching("body text and chart labels", pattern=COLOUR, what=COLOUR_FORM, label="colour")
    muted = Matching("secondary text, running heads, page feet", pattern=COLOUR, what=COLOUR_FORM, label="colour")
    rule = Matching("thin rules and borders", pattern=COLOUR, what=COLOUR_FORM, label="colour")
    marking = Matching("the marking on the cover and in the margins", pattern=COLOUR, what=COLOUR_FORM, label="colour")
    chart = Listed("the coverage chart's fills, one per perspective group in turn (each also has its own texture)", pattern=COLOUR, what=COLOUR_FORM, label="a colour or a list")
    serif = Listed("the text's font families, before the built-in stack", pattern=FONT, json_pattern=FONT_JSON, what="a font family name such as 'Source Serif 4'", label="a name or a list of names")
    sans = Listed("headings, tables, page margins and charts", pattern=FONT, json_pattern=FONT_JSON, what="a font family name such as 'Source Sans 3'", label="a name or a list of names")
    logo = Matching("an image above the title (alternate text: the organisation, else the title)", pattern=LOGO, json_pattern=LOGO_JSON, what="a file name in templates/assets/ such as 'logo.svg'", label="a file name in `templates/assets/`", ignore_case=True)
    paper = Paper("the PDF's page size and a browser's print size")


class ContentFile(Kind):
    """A content file: any of these top-level keys (`section:` is the default of its entries)."""

    KEY, NAME = "content", "content file"
    HOLDS = (ParagraphEntry,)
    JSON_EXTRA: ClassVar[JsonValue] = {
        "dependencies": {"bottom_line": ["section"]},
        "if": {"not": {"required": ["section"]}},
        "then": {
            "properties": {
                "claims": NEEDS_SECTION,
                "figures": NEEDS_SECTION,
                "tables": NEEDS_SECTION,
                "paragraphs": {"items": {"properties": {"claims": NEEDS_SECTION}, **NEEDS_SECTION}},
            }
        },
    }
    topic = Text("the project's topic, shown on covers (one file)", max_len=200)
    language = Language("the language the content is written in: briefs in other languages show translations from `translations/<lang>.po` (one file)", examples="en, fr or ar", default="en")
    snapshots = Text("the folder of stored source texts, relative to the project (one file)", max_len=500, default="snapshots")
    section = Id("the default section of this file's claims, figures, tables and paragraphs")
    sections = Entries(
        SectionKindEntry,
        "a mapping with id and title",
        "the section kinds, in their default order (one file)",
        default_doc=words([s for s, _ in DEFAULT_SECTIONS], "and"),
    )
    sources = Entries(SourceEntry, "a source mapping", "sources")
    actors = Entries(ActorEntry, "an actor mapping", "actors")
    claims = Entries(ClaimEntry, "a claim mapping", "claims, each a paragraph of its own")
    figures = Entries(FigureEntry, "a figure mapping", "figures")
    contested = Entries(ContestedEntry, "a contested-claim mapping", "contested claims")
    events = Entries(EventEntry, "an event mapping", "the timeline's events")
    terms = Entries(TermEntry, "a term mapping", "contested terms")
    judgments = Entries(JudgmentEntry, "a judgment mapping", "key judgments")
    tables = Entries(TableEntry, "a table mapping", "reference tables")
    paragraphs = PARAGRAPHS
    bottom_line = Text("the analyst's own assessment of the file's `section:` (one per section)", max_len=2000)
    standfirst = Entry(StandfirstEntry, "the point up front of every brief that has none of its own (one file)")
    perspective_groups = Entries(GroupEntry, "a mapping with id and label", "the readers' names of the perspective groups")
    source_kinds = Entries(SourceKindEntry, "a mapping with id and label", "the readers' names of source kinds (the suggested kinds have them already)")
    theme = Entry(ThemeEntry, "the project's look: colours, fonts, logo, paper (one file; docs/theming.md)")


# briefs/


class FiltersEntry(Kind):
    """What a brief, or one of its sections, keeps: every filter narrows, none widens."""

    KEY, NAME = "filters", "filters"
    depth = Choice(("key", "full"), "`key`: keep only items with `weight: key`", default="full")
    tags = Ids("keep items carrying any of these tags, e.g. `[a, b]`")
    exclude_tags = Ids("keep items carrying none of these tags")
    since = Date("keep dated items from this date on, e.g. `2020` (undated items are kept)")
    until = Date("keep dated items up to this date, e.g. `2024-06` (undated items are kept)")
    min_reliability = Choice(tuple(RELIABILITY_GRADES), "keep attributions whose source is graded this or better, e.g. `C`")
    source_kinds = Ids("keep attributions whose source is of these kinds, e.g. `[wire, academic]`", examples=SOURCE_KINDS)
    perspectives = Ids("keep attributions whose source is in these perspective groups")
    max_items = Integer("keep the first N by priority: key before detail, then the best source grade, then document order", minimum=1)


class PartEntry(FiltersEntry):
    """An entry of a brief's `sections`, as a mapping: a section or part, and its filters."""

    KEY, NAME = "section-entry", "section entry"
    section = Id("a section kind's id or a built-in part", required=True, examples=tuple(BUILTIN_PARTS))
    heading = Text("replaces the section's title", max_len=200)
    intro = Text("a short introduction under the heading")
    layout = Choice(LAYOUTS, "how the section reads (`full` is the old name of `prose`)", default_doc="the brief's `options.layout`")


class OptionsEntry(Kind):
    """A brief's presentation options."""

    KEY, NAME = "options", "options"
    reliability = Boolean("show the sources' Admiralty grades", default=True)
    notes = Choice(
        ("footnotes", "endnotes"),
        "where notes go in the PDF and Word file (the HTML always links to them)",
        default="footnotes",
    )
    notes_per = Choice(
        ("passage", "sentence"),
        "`passage`: one note per source passage, called again where it is cited again; `sentence`: one note per sentence, gathering its sources",
        default="passage",
    )
    cover_page = Boolean("`true`: the title block, standfirst and contents on a page of their own (a long, bound report)", default=False)
    contents = Boolean("`false`: no table of contents", default=True)
    terminology = Mapping(
        "the name this brief uses for a contested term, at the places the content marks",
        key="term id",
        what="a mapping of term ids to names, e.g. turkey-name: Türkiye",
        max_len=200,
    )
    flag_unverified = Boolean("mark quotes not verified against their source's snapshot", default=True)
    layout = Choice(("prose", "register"), "the default layout of content sections", default="prose")
    numbering = Boolean("number sections 1, 2 and subsections 1.1, 1.2", default=False)
    bottom_lines = Boolean("print each section's bottom line atop it", default=True)
    quote_checks = Boolean("say in the source list how quotes were checked", default=True)
    note_quotes = Boolean("give the quote in each note (`false`: source and place only)", default=True)
    dropped_positions = Choice(
        ("notice", "keep"),
        "a disputed question's positions left without a source by a source filter: say so, or keep them",
        default="notice",
    )
    pdf_variant = Choice(
        PDF_VARIANTS,
        "the PDF's conformance: PDF/UA-1, or a PDF/A part for archives (`build --pdf-variant` overrides it)",
        default="pdf/ua-1",
    )


SECTION_NAME = Id("", examples=tuple(BUILTIN_PARTS)).json()


class BriefFile(Kind):
    """A brief: what one audience gets. The file name is its id.

    With `extends`, the required fields may come from the parent.
    """

    KEY, NAME = "brief", "brief"
    HOLDS = (PartEntry,)
    extends = Id("start from another brief: `options`, `filters` and `theme` patch, other keys replace")
    title = Text("the title", max_len=300, required=True)
    subtitle = Text("the subtitle", max_len=300)
    audience = Text("who it is for", max_len=300)
    edition = Date("the edition's date", full=True, required=True)
    marking = Text("the handling marking printed on every page", max_len=120, required=True)
    organisation = Text("who issues it", max_len=300)
    author = Text("the author", max_len=300)
    language = Language("the document's language: labels, dates, numbers, direction, and the content's translation into it", examples="en or tr", default="en")
    translation_of = Id("the brief this one is a version of in another language (each links to the other); a brief that `extends` another and sets another `language` is one already")
    formats = Ids("what `build` writes", choices=FORMATS, default=("html", "pdf"))
    options = Entry(OptionsEntry, "presentation options")
    filters = Entry(FiltersEntry, "filters for every part of the brief")
    sections = Nodes(
        "the parts, in order: a section kind's id or a built-in part, or a mapping",
        items={"anyOf": [SECTION_NAME, PartEntry.ref()]},
        label=f"list of ids or {PartEntry.link()}",
        required=True,
    )
    max_pages = Integer("the page budget of the PDF and Word file, met by the fitting rules (docs: Page budgets)", minimum=1)
    theme = Entry(ThemeEntry, "this brief's look, patching the project's `theme` key by key")
    standfirst = Entry(StandfirstEntry, "this brief's own point up front, in its audience's words (replaces the content's)")

    @classmethod
    def json(cls) -> JsonValue:
        """Without `extends`, the required fields are required; with it they may be inherited."""
        value = super().json()
        required = value.pop("required")
        return {**value, "if": {"required": ["extends"]}, "else": {"required": required}}

    @classmethod
    def requirement_note(cls) -> str:
        return "With `extends`, a required field may come from the parent instead."


# fmt: on
KINDS: tuple[type[Kind], ...] = tuple(dict.fromkeys((*ContentFile.kinds(), *BriefFile.kinds())))
SCHEMA_FILES = {"content": ContentFile, "brief": BriefFile}
DOCS = ("content-format.md", "theming.md")  # the docs/ files with generated tables


# The JSON Schemas


def json_schema(which: str) -> JsonValue:
    """The JSON Schema of a content file (`content`) or a brief file (`brief`)."""
    root = SCHEMA_FILES[which]
    value = root.json()
    if root is ContentFile:
        value["type"] = ["object", "null"]  # an empty file holds nothing
    where = "content/*.yaml" if root is ContentFile else "briefs/*.yaml"
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$comment": "Generated from briefgen/load/schema.py by `make schema`; do not edit.",
        "title": f"briefgen {root.NAME} ({where})",
        **value,
        "definitions": {kind.KEY: kind.json() for kind in root.kinds()[1:]},
    }


def json_text(which: str) -> str:
    """The JSON Schema as shipped in briefgen/load/schemas/<which>.schema.json."""
    import json

    return json.dumps(json_schema(which), indent=1, ensure_ascii=False) + "\n"


def shipped(which: str) -> Path:
    """The shipped JSON Schema file of `content` or `brief` files."""
    return SCHEMA_DIR / f"{which}.schema.json"


# The docs' tables

MARKER = re.compile(r"(<!-- schema: ([a-z-]+) -->\n)(.*?)(<!-- end schema -->)", re.S)
TYPES = (
    ("text", f"any text, kept as written (`1991`, `NO` and `true` are text too); never empty;"
     f" at most {MAX_TEXT} characters, or the limit the table gives (`text, ≤ 300`); inline"
     " Markdown where it is shown as prose"),
    ("id", f"`{ID_PATTERN}`: a lowercase letter or digit, then up to 63 lowercase letters,"
     " digits, `-` or `_` (ids, tags, sections, kinds, perspective groups)"),
    ("date", "`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a date that exists (`2024-02-30` is an error)"),
    ("date, YYYY-MM-DD", "a full date"),
    (Boolean.label, "only these two words (not yes, no, on or off)"),
    ("whole number", "decimal digits"),
    (Language.label, f"`{LANGUAGE_PATTERN}`, e.g. `en`, `ar`, `en-GB`"),
    (Url.label, "`http://` or `https://`, no spaces, quotes or angle brackets, and no user"
     " name or password"),
)  # fmt: skip


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_table(kind: type[Kind]) -> str:
    """A kind's fields as a Markdown table."""
    rows = [
        f'<a id="schema-{kind.KEY}"></a>',
        "",
        "| field | type | required or default | what it is |",
        "|---|---|---|---|",
    ]
    for name, field in kind.FIELDS.items():
        rows.append(
            f"| `{name}` | {cell(field.type_doc())} | {cell(field.requirement_doc())}"
            f" | {cell(field.help)} |"
        )
    if kind is BriefFile:
        rows += ["", BriefFile.requirement_note()]
    return "\n".join(rows) + "\n"


def doc_block(key: str) -> str:
    """The generated text between `<!-- schema: key -->` and `<!-- end schema -->`."""
    if key == "types":
        rows = ["| type | what it accepts |", "|---|---|"]
        rows += [f"| {cell(name)} | {cell(text)} |" for name, text in TYPES]
        return "\n".join(rows) + "\n"
    if key == "parts":
        rows = ["| name | what it shows |", "|---|---|"]
        rows += [f"| `{name}` | {cell(text)} |" for name, text in BUILTIN_PART_HELP.items()]
        return "\n".join(rows) + "\n"
    kinds = {kind.KEY: kind for kind in KINDS}
    if key not in kinds:
        raise KeyError(f"no entry kind '{key}' (known: {', '.join(kinds)})")
    return field_table(kinds[key])


def update_docs(text: str) -> str:
    """The docs with every generated block written afresh from the schema."""
    return MARKER.sub(lambda m: m[1] + doc_block(m[2]) + m[4], text)
