"""The text of a Pandoc AST made fit for Word, whatever the content holds.

Pandoc writes a `Str` as it is: a control character in it (`\\x01`, a form feed) makes
`word/document.xml` or `docProps/core.xml` XML that Word refuses, and an unclosed bidi
override (U+202E) reverses the rest of the paragraph. `fit_for_word` walks the whole document
(blocks, inlines, metadata, the raw OpenXML briefgen writes itself) and:
- replaces every character XML 1.0 cannot hold (and the other controls) with U+FFFD, as the
  HTML shows them (the content's reader warned where each was written);
- closes every bidi embedding, override and isolate inside the element that holds it: in
  each run of inlines (a paragraph's, an emphasis', a note's), in each string of its own.
"""

from __future__ import annotations

import re
from typing import Any

from briefgen.text import BIDI_CONTROLS, CONTROL_CHARACTERS, closed_bidi, without_controls

XML_TEXT = re.compile(r">([^<]+)<")  # the text between two tags of raw OpenXML


def fit_for_word(ast: dict[str, Any]) -> dict[str, Any]:
    """The AST with clean text (changed in place, and returned)."""
    walk(ast)
    return ast


def walk(node: Any) -> Any:
    """A node with clean text: strings cleaned, inline runs closed, everything else walked."""
    if isinstance(node, str):
        return clean(node)
    if isinstance(node, list):
        for i, item in enumerate(node):
            node[i] = walk(item)
        if node and all(is_inline(item) for item in node):
            close_run(node)
        return node
    if isinstance(node, dict):
        kind = node.get("t")
        if kind in ("RawBlock", "RawInline") and isinstance(node.get("c"), list):
            form, text = node["c"]
            node["c"] = [form, XML_TEXT.sub(lambda m: f">{closed_bidi(m.group(1))}<", clean(text))]
            return node
        if kind in ("Str", "Code", "MetaString", "CodeBlock", "Math"):
            node["c"] = walk(node["c"])
            if kind == "Str":
                return node
            content = node["c"]
            if isinstance(content, str):
                node["c"] = closed_bidi(content)
            elif isinstance(content, list) and content and isinstance(content[-1], str):
                content[-1] = closed_bidi(content[-1])
            return node
        for key, value in node.items():
            node[key] = walk(value)
    return node


def clean(text: str) -> str:
    """A string without the characters no Word file may hold."""
    return without_controls(text) if CONTROL_CHARACTERS.search(text) else text


def is_inline(item: Any) -> bool:
    return isinstance(item, dict) and item.get("t") in INLINES


INLINES = frozenset(
    {
        "Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript",
        "SmallCaps", "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math",
        "RawInline", "Link", "Image", "Note", "Span",
    }
)  # fmt: skip


def close_run(run: list[Any]) -> None:
    """A run of inlines (one element's text, cleaned) with the bidi controls of its Str nodes
    closed at the end of its last Str, and closing characters that close nothing of the run's
    removed."""
    strs = [i for i in run if i.get("t") == "Str" and isinstance(i.get("c"), str)]
    if not any(BIDI_CONTROLS.search(i["c"]) for i in strs):
        return
    pieces = closed_bidi("\x00".join(i["c"] for i in strs)).split("\x00")
    for item, text in zip(strs, pieces, strict=True):
        item["c"] = text
