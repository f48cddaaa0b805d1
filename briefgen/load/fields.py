"""Typed reading of fields from a YAML tree, collecting located problems."""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefgen.errors import Location, Problem, Severity, suggest
from briefgen.load.yamltree import Map, Node, Scalar, Seq
from briefgen.model import PartialDate
from briefgen.text import control_problem

# What an id (and a tag, a section, a kind …) may be: the readers' and the JSON Schemas' rule.
ID_PATTERN = r"[a-z0-9][a-z0-9_-]{0,63}"
MAX_TEXT = 5000  # the longest text a field holds, unless its schema sets less
SLUG = re.compile(ID_PATTERN)  # ids, tags, sections, kinds: the rule schema.py declares
DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits, as the JSON Schema
MAX_NESTING = 16  # emphasis and links inside each other; deeper breaks PDF and Word writers
MARKERS = re.compile(r"[*_\[]")


def nesting(text: str) -> int:
    """How deep emphasis and links nest in a text's inline Markdown (linear; 0 for plain text)."""
    if len(MARKERS.findall(text)) < 2 * MAX_NESTING:
        return 0  # too few markers to nest too deep: not worth parsing
    from briefgen.inline import parser  # markdown-it: imported when a text is marked up enough

    depth = deepest = 0
    for block in parser().parseInline(text):
        for token in block.children or ():
            depth += token.nesting
            deepest = max(deepest, depth)
    return deepest


def describe(node: Node) -> str:
    """What kind of YAML value a node is, for messages."""
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    return f"'{node.text}'" if isinstance(node, Scalar) and len(node.text) < 40 else "text"


def parse_date(text: str) -> PartialDate | None:
    """A PartialDate from YYYY, YYYY-MM or YYYY-MM-DD, or None when it is not a real date."""
    import calendar

    match = DATE.fullmatch(text.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if year < 1:  # the calendar starts at year 1 (there is no year 0)
        return None
    if match.group(2) and not 1 <= month <= 12:
        return None
    if match.group(3) and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return PartialDate(year, month, day)


class Fields:
    """Reads one mapping's fields by type, reporting unknown and wrong ones."""

    def __init__(self, node: Map, allowed: Iterable[str], problems: list[Problem]) -> None:
        self.node = node
        self.problems = problems
        allowed = tuple(allowed)
        for key, loc in node.key_locs.items():
            if key not in allowed:
                self.error(loc, f"unknown field '{key}'{suggest(key, allowed)}")

    @property
    def loc(self) -> Location:
        """Where the mapping starts."""
        return self.node.loc

    def error(self, loc: Location, message: str) -> None:
        """Record a problem at a place."""
        self.problems.append(Problem(loc, message))

    def has(self, key: str) -> bool:
        """True when the field is present and not null."""
        value = self.node.entries.get(key)
        return value is not None and not (isinstance(value, Scalar) and value.is_null)

    def raw(self, key: str, required: bool) -> Node | None:
        """The field's node, reporting it when required and missing."""
        if self.has(key):
            return self.node.entries[key]
        if required:
            where = self.node.key_locs.get(key, self.node.loc)
            self.error(where, f"missing field '{key}'")
        return None

    def text(self, key: str, required: bool = True, max_len: int = MAX_TEXT) -> str | None:
        """A text field: any scalar, kept exactly as written."""
        node = self.raw(key, required)
        if node is None:
            return None
        return self.scalar_text(node, key, max_len)

    def scalar_text(self, node: Node, what: str, max_len: int = MAX_TEXT) -> str | None:
        """The text of a scalar node, or a problem when it is a list or mapping."""
        if not isinstance(node, Scalar):
            self.error(node.loc, f"'{what}' must be text, not {describe(node)}")
            return None
        text = node.text.strip()
        if len(text) > max_len:
            self.error(node.loc, f"'{what}' is {len(text)} characters; the limit is {max_len}")
            return None
        if not text:
            self.error(node.loc, f"'{what}' is empty")
            return None
        if (why := control_problem(text)) is not None:  # kept, shown as U+FFFD in every output
            self.problems.append(Problem(node.loc, f"'{what}' {why}", Severity.WARNING))
        if (depth := nesting(text)) > MAX_NESTING:
            self.error(
                node.loc,
                f"'{what}' nests emphasis or links {depth} deep; the limit is {MAX_NESTING}",
            )
            return None
        return text

    def slug(self, key: str, required: bool = True) -> str | None:
        """An identifier: lowercase letters, digits, '-' and '_'."""
        node = self.raw(key, required)
        return None if node is None else self.slug_of(node, key)

    def slug_of(self, node: Node, what: str) -> str | None:
        """The identifier held by a node, or a problem."""
        text = self.scalar_text(node, what, 64)
        if text is None:
            return None
        if not SLUG.fullmatch(text):
            self.error(
                node.loc,
                f"'{what}' value '{text}' is not an id: use lowercase letters, digits, '-' or '_'",
            )
            return None
        return text

    def choice(self, key: str, choices: Iterable[str], default: str | None = None) -> str | None:
        """One of a fixed set of words."""
        node = self.raw(key, default is None)
        if node is None:
            return default
        text = self.scalar_text(node, key)
        choices = tuple(choices)
        if text is not None and text not in choices:
            self.error(node.loc, f"'{key}' must be one of {', '.join(choices)}, not '{text}'")
            return default
        return text

    def boolean(self, key: str, default: bool) -> bool:
        """true or false, nothing else (no yes/no/on/off)."""
        node = self.raw(key, False)
        if node is None:
            return default
        if isinstance(node, Scalar) and node.plain and node.text in ("true", "false"):
            return node.text == "true"
        self.error(node.loc, f"'{key}' must be true or false, not {describe(node)}")
        return default

    def integer(self, key: str, minimum: int = 0) -> int | None:
        """A whole number written in decimal."""
        node = self.raw(key, False)
        if node is None:
            return None
        if isinstance(node, Scalar) and re.fullmatch(r"\d{1,9}", node.text):
            value = int(node.text)
            if value >= minimum:
                return value
        self.error(node.loc, f"'{key}' must be a whole number of at least {minimum}")
        return None

    def date(self, key: str, required: bool = False, full: bool = False) -> PartialDate | None:
        """A date: YYYY, YYYY-MM or YYYY-MM-DD (only YYYY-MM-DD when `full`)."""
        node = self.raw(key, required)
        if node is None:
            return None
        text = self.scalar_text(node, key, 20)
        if text is None:
            return None
        value = parse_date(text)
        if value is None or (full and not value.is_full):
            form = "YYYY-MM-DD" if full else "YYYY, YYYY-MM or YYYY-MM-DD"
            self.error(node.loc, f"'{key}' is not a real date in the form {form}: '{text}'")
            return None
        return value

    def seq(self, key: str, required: bool = False) -> list[Node]:
        """A list field's items (a problem when the field is not a list)."""
        node = self.raw(key, required)
        if node is None:
            return []
        if not isinstance(node, Seq):
            self.error(node.loc, f"'{key}' must be a list, not {describe(node)}")
            return []
        return node.items

    def texts(self, key: str, slugs: bool = False) -> tuple[str, ...]:
        """A list of texts (or ids), e.g. tags."""
        read = self.slug_of if slugs else self.scalar_text
        values = [read(item, key) for item in self.seq(key)]
        return tuple(v for v in values if v is not None)

    def maps(self, key: str, what: str, required: bool = False) -> list[Map]:
        """A list field whose items must be mappings."""
        result = []
        for item in self.seq(key, required):
            if isinstance(item, Map):
                result.append(item)
            else:
                self.error(item.loc, f"each entry of '{key}' must be {what}, not {describe(item)}")
        return result
