"""Inline Markdown, the one set of rules for the analyst's text (emphasis, links to http(s)
and mailto, code spans and escapes; never raw HTML), with straight quotes and apostrophes
set in a language's marks when the text is printed."""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from briefgen.content_text import ContentText

RULES = ["emphasis", "link", "backticks", "escape"]
SAFE_LINK = re.compile(r"(https?://|mailto:)[^\s<>\"']+", re.IGNORECASE)
Marks = tuple[str, str, str, str]  # opening and closing quote, then those of a quote inside it
# French typesetting: the space written before ; ! ? » and after « is a narrow no-break space,
# before a colon a no-break space, so that no line starts with the mark
NARROW_BEFORE = re.compile(r" (?=[;!?»])")
FULL_BEFORE = re.compile(r" (?=:(?:\s|$))")
NARROW_AFTER = re.compile(r"(?<=«) ")


def french_spacing(text: str) -> str:
    """Text with the space before ; : ! ? » and after « made no-break (French typesetting)."""
    if " " not in text:
        return text
    text = NARROW_AFTER.sub("\u202f", NARROW_BEFORE.sub("\u202f", text))
    return FULL_BEFORE.sub("\u00a0", text)


def space_text_tokens(state: StateCore) -> None:
    """A core rule: French spacing in the text of the inline tokens (code spans as written)."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "text":
                child.content = french_spacing(child.content)


@cache
def parser(marks: Marks | None = None, french: bool = False) -> MarkdownIt:
    """The inline Markdown parser; with `marks`, "…" and '…' become those marks and a word's
    apostrophe ’ (markdown-it's smartquotes: a quote inside a code span stays as written);
    `french`: French spacing before high punctuation."""
    md = MarkdownIt("zero", {"html": False}).enable(RULES)
    md.validateLink = lambda url: bool(SAFE_LINK.fullmatch(url))  # type: ignore[method-assign]
    if marks is not None:
        md.options["typographer"] = True
        md.options["quotes"] = list(marks)
        md.enable("smartquotes")
    if french:
        md.core.ruler.push("french_spacing", space_text_tokens)
    return md


@cache
def quotes_only(marks: Marks) -> MarkdownIt:
    """A parser that reads plain text (no Markdown) and only sets its quotes in `marks`."""
    md = MarkdownIt("zero", {"html": False, "typographer": True, "quotes": list(marks)})
    return md.enable("smartquotes")


def typeset(text: str, marks: Marks, french: bool = False) -> str:
    """Plain text (a heading, a question) with its straight quotes and apostrophes set in
    `marks` (and `french` spacing); a content text keeps its language and translation state."""
    done = str(text)
    if "'" in text or '"' in text:
        blocks = quotes_only(marks).parseInline(text)
        done = "".join(t.content for b in blocks for t in b.children or ())
    if french:
        done = french_spacing(done)
    if done == text:
        return text
    return text.again(done) if isinstance(text, ContentText) else done
