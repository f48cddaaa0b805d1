"""Content text tagged with its language: what a brief in another language shows of the content."""

from __future__ import annotations

from typing import Any

from markupsafe import escape

STATES = ("translated", "missing", "outdated")


class ContentText(str):
    """A text of the content as a brief in another language shows it: the translation, or the
    original when the translation is missing or outdated, with its context (the catalog's
    msgctxt), its language and that state.

    It is printed (`__html__`, which Jinja's autoescape and every markupsafe join use) as
    itself when translated, and otherwise isolated in its own language and direction:
    `<span lang="en" dir="ltr">…</span>`, so that an English sentence in an Arabic brief keeps
    its full stop at its own end, and a reader's tools know its language.
    """

    context: str
    lang: str
    state: str

    def __new__(cls, text: str, context: str, lang: str, state: str) -> ContentText:
        made = super().__new__(cls, text)
        made.context, made.lang, made.state = context, lang, state
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return ContentText, (str(self), self.context, self.lang, self.state)

    @property
    def isolated(self) -> bool:
        """True for an original printed in a brief of another language."""
        return self.state != "translated"

    @property
    def direction(self) -> str:
        """The direction of the text's language: rtl or ltr (CLDR)."""
        from briefgen.languages import direction  # Babel, loaded when a brief is translated

        return direction(self.lang)

    def again(self, text: str) -> ContentText:
        """Another text (the same with a term mark resolved) with this one's context and state."""
        return ContentText(text, self.context, self.lang, self.state)

    def attributes(self) -> str:
        """The `lang` and `dir` attributes of an element holding this text when it is isolated."""
        if not self.isolated:
            return ""
        return f' lang="{escape(self.lang)}" dir="{self.direction}"'

    def __html__(self) -> str:
        text = str(escape(str(self)))
        return f"<span{self.attributes()}>{text}</span>" if self.isolated else text
