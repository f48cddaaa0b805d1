"""Inline Markdown, the one set of rules for the analyst's text (emphasis, links to http(s)
and mailto, code spans and escapes; never raw HTML), with straight quotes and apostrophes
set in a language's marks when the text is printed."""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt

from briefgen.content_text import ContentText

RULES = ["emphasis", "link", "backticks", "escape"]
SAFE_LINK = re.compile(r"(https?://|mailto:)[^\s<>\"']+", re.IGNORECASE)
Marks = tuple[str, str, str, str]  # opening and closing quote, then those of a quote inside it


@cache
def parser(marks: Marks | None = None) -> MarkdownIt:
    """The inline Markdown parser; with `marks`, "…" and '…' become those marks and a word's
    apostrophe ’ (markdown-it's smartquotes: a quote inside a code span stays as written)."""
    md = MarkdownIt("zero", {"html": False}).enable(RULES)
    md.validateLink = lambda url: bool(SAFE_LINK.fullmatch(url))  # type: ignore[method-assign]
    if marks is not None:
        md.options["typographer"] = True
        md.options["quotes"] = list(marks)
        md.enable("smartquotes")
    return md


@cache
def quotes_only(marks: Marks) -> MarkdownIt:
    """A parser that reads plain text (no Markdown) and only sets its quotes in `marks`."""
    md = MarkdownIt("zero", {"html": False, "typographer": True, "quotes": list(marks)})
    return md.enable("smartquotes")


def typeset(text: str, marks: Marks) -> str:
    """Plain text (a heading, a question) with its straight quotes and apostrophes set in
    `marks`; a content text keeps its language and translation state."""
    if "'" not in text and '"' not in text:
        return text
    blocks = quotes_only(marks).parseInline(text)
    done = "".join(t.content for b in blocks for t in b.children or ())
    return text.again(done) if isinstance(text, ContentText) else done
