"""Strict YAML reading: bytes to a tree of positioned nodes, never a crash.

PyYAML's own constructors retype values (`NO` → False, `2024-02-30` → ValueError),
overwrite duplicate keys and recurse without bound. We read the parser's event
stream instead and build the tree ourselves, iteratively: every scalar stays the
text that was written, and the schema (load.py) decides what type a field has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from briefgen.errors import Location, Problem

# libyaml's event parser when present (several times faster). Only its events are used: the
# parser keeps an explicit stack, so deep nesting cannot crash it (the C *composer* can).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 50
NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass
class Node:
    """A YAML node and where it starts."""

    loc: Location


@dataclass
class Scalar(Node):
    """A scalar, kept as the text written; `plain` is False for quoted scalars."""

    text: str = ""
    plain: bool = True

    @property
    def is_null(self) -> bool:
        """True for an empty or `null` plain scalar."""
        return self.plain and self.text in NULLS


@dataclass
class Seq(Node):
    """A sequence of nodes."""

    items: list[Node] = field(default_factory=list)


@dataclass
class Map(Node):
    """A mapping with text keys, kept in document order, plus each key's place."""

    entries: dict[str, Node] = field(default_factory=dict)
    key_locs: dict[str, Location] = field(default_factory=dict)


class YamlProblem(Exception):
    """A file that cannot be read as a YAML tree; carries one problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def _loc(file: str, mark: Any) -> Location:
    if mark is None:
        return Location(file, 1, 1)
    return Location(file, mark.line + 1, mark.column + 1)


def _position_of_offset(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def decode(data: bytes, file: str) -> str:
    """UTF-8 text of a file's bytes (BOM allowed), or a YamlProblem naming the bad byte."""
    if len(data) > MAX_BYTES:
        raise YamlProblem(
            Problem(
                Location(file, 1, 1),
                f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}: split it into smaller files",
            )
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        line, col = _position_of_offset(good, len(good))
        raise YamlProblem(
            Problem(
                Location(file, line, col),
                f"byte 0x{data[exc.start]:02x} is not valid UTF-8: save the file as UTF-8",
            )
        ) from None


def parse(text: str, file: str) -> Node | None:
    """The single document in `text` as a node tree (None for an empty file)."""
    try:
        return _build(yaml.parse(text, Loader=LOADER), file)
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        at = getattr(mark, "index", -1)
        if "'\\t'" in what or (0 <= at < len(text) and text[at] == "\t"):
            what += " (a tab): indent with spaces, not tabs"
        if "maximum nesting depth" in what:  # libyaml's own limit, met before ours in flow text
            message = f"nesting deeper than {MAX_DEPTH} levels: flatten the data"
            raise YamlProblem(Problem(_loc(file, mark), message)) from None
        raise YamlProblem(Problem(_loc(file, mark), f"YAML syntax: {what}")) from None
    except yaml.reader.ReaderError as exc:
        line, col = _position_of_offset(text, exc.position)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise YamlProblem(
            Problem(
                Location(file, line, col),
                f"character {char} is not allowed in YAML: remove it",
            )
        ) from None
    except (yaml.YAMLError, ValueError, IndexError, RecursionError, MemoryError) as exc:
        raise YamlProblem(Problem(Location(file, 1, 1), f"cannot read YAML: {exc}")) from None


def _build(events: object, file: str) -> Node | None:
    """Assemble nodes from parser events with an explicit stack (no recursion)."""
    stack: list[Seq | Map] = []
    pending_key: list[tuple[str, Location] | None] = []
    root: Node | None = None
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, Seq):
            parent.items.append(node)
            return
        key = pending_key[-1]
        if key is None:
            if not isinstance(node, Scalar):
                raise YamlProblem(Problem(node.loc, "a mapping key must be plain text"))
            if node.text in parent.entries:
                first = parent.key_locs[node.text]
                raise YamlProblem(
                    Problem(
                        node.loc,
                        f"duplicate key '{node.text}' (first at line {first.line}): "
                        "remove or rename one",
                    )
                )
            pending_key[-1] = (node.text, node.loc)
        else:
            parent.entries[key[0]] = node
            parent.key_locs[key[0]] = key[1]
            pending_key[-1] = None

    def check_tag(event: yaml.NodeEvent, tag: str | None) -> None:
        if tag not in (None, "!", "tag:yaml.org,2002:str"):
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlProblem(
                Problem(
                    _loc(file, event.start_mark),
                    f"YAML tag '{tag}' is not supported: remove it (fields have fixed types)",
                )
            )
        if event.anchor is not None:
            raise YamlProblem(
                Problem(
                    _loc(file, event.start_mark),
                    f"YAML anchor '&{event.anchor}' is not supported: write the value out",
                )
            )

    for event in events:  # type: ignore[attr-defined]
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlProblem(
                    Problem(
                        _loc(file, event.start_mark),
                        "a second YAML document ('---') is not supported: one document per file",
                    )
                )
        elif isinstance(event, yaml.AliasEvent):
            raise YamlProblem(
                Problem(
                    _loc(file, event.start_mark),
                    f"YAML alias '*{event.anchor}' is not supported: write the value out",
                )
            )
        elif isinstance(event, yaml.ScalarEvent):
            check_tag(event, event.tag)
            attach(
                Scalar(
                    _loc(file, event.start_mark),
                    text=event.value,
                    plain=bool(event.implicit[0]) and not event.style,
                )
            )
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            check_tag(event, event.tag)
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(
                    Problem(
                        _loc(file, event.start_mark),
                        f"nesting deeper than {MAX_DEPTH} levels: flatten the data",
                    )
                )
            loc = _loc(file, event.start_mark)
            node: Seq | Map = Seq(loc) if isinstance(event, yaml.SequenceStartEvent) else Map(loc)
            attach(node)
            stack.append(node)
            pending_key.append(None)
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            stack.pop()
            pending_key.pop()
    return root


def read_file(data: bytes, file: str) -> Node | None:
    """Decode and parse one file's bytes; raises YamlProblem with a located message."""
    return parse(decode(data, file), file)
