"""Term marks: `[[term-id|Name]]` in the analyst's text marks a place where a contested term's
name is meant; only such places take a brief's preferred name (see docs: "Terminology")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from briefgen.content_text import ContentText

MARK = re.compile(r"\[\[([a-z0-9][a-z0-9-]*)\|([^\[\]|\n]+)\]\]")
OPENING = re.compile(r"\[\[")  # every "[[" must open a well-formed mark


def as_written(text: str) -> str:
    """The text with each mark replaced by the name written in it."""
    return MARK.sub(lambda m: m.group(2), text) if "[[" in text else text


def resolve(text: str, choose: Callable[[str], str | None]) -> str:
    """The text with each mark replaced by the chosen name for its term, else the name written
    (a ContentText stays one, with its language and state)."""
    if "[[" not in text:
        return text
    resolved = MARK.sub(lambda m: choose(m.group(1)) or m.group(2), text)
    return text.again(resolved) if isinstance(text, ContentText) else resolved


def marks(text: str) -> Iterator[tuple[str | None, str, str]]:
    """Each mark of a text as (term id, name, the mark as written); a "[[" that opens no
    well-formed mark as (None, '', the text from there to the end of its line)."""
    position = 0
    while True:
        start = text.find("[[", position)
        if start < 0:
            return
        found = MARK.match(text, start)
        if found:
            yield found.group(1), found.group(2), found.group(0)
            position = found.end()
        else:
            yield None, "", text[start:].split("\n", 1)[0][:60]
            position = start + 2
