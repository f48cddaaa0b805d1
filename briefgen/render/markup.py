"""Phrases as HTML: the pieces of render/phrases.py turned into escaped markup for the templates."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape

from briefgen.content_text import ContentText
from briefgen.languages import calls_before_stop
from briefgen.render.i18n import Language, first_direction
from briefgen.render.phrases import (
    Bold,
    Break,
    Call,
    Content,
    Italic,
    Link,
    Name,
    Phrase,
    Phrases,
    Piece,
    Quote,
    Rendered,
    Styled,
    Title,
    When,
    Words,
)
from briefgen.selection.select import Note

FULL_STOP = re.compile(r"(?<![.])\.$")  # one full stop ending a sentence (not an ellipsis)


class HtmlPhrases:
    """The brief's phrases as markup: `P.evidence(entry)` in a template is the phrase
    `Phrases.evidence(entry)` in HTML. Each note's body is given with its first call only."""

    def __init__(
        self, phrases: Phrases, md: Callable[[str], Markup], note_language: str = ""
    ) -> None:
        self.phrases = phrases
        self.lang: Language = phrases.lang
        self.md = md
        self.note_language = note_language  # a note body's lang and dir, when sentences differ

    def __getattr__(self, name: str) -> Callable[..., Markup]:
        method = getattr(self.phrases, name)

        def as_html(*args: Any, **kwargs: Any) -> Markup:
            said = method(*args, **kwargs)
            return escape(said) if isinstance(said, str) else self.html(said)

        return as_html

    def prose(self, sentence: Markup, text: str, notes: Sequence[Note]) -> Markup:
        """A sentence of prose (`text` as written, `sentence` as markup) and its note calls:
        after it, or, in a language that sets calls before the full stop, before its own."""
        calls = self.html(self.phrases.calls(notes))
        own = text.lang if isinstance(text, ContentText) else self.lang.tag
        if calls and calls_before_stop(own) and FULL_STOP.search(sentence):
            return Markup("%s&#8288;%s.") % (sentence[:-1], calls)
        return sentence + Markup("&#8288;") + calls

    def html(self, phrase: Phrase) -> Markup:
        """A phrase as markup; note calls that follow each other are kept apart by a comma."""
        out = Markup("")
        previous: Piece | None = None
        for piece in phrase:
            if isinstance(piece, Call) and isinstance(previous, Call):
                out += Markup('<span class="call-sep">,</span>')
            out += self.piece(piece)
            previous = piece
        return out

    def piece(self, p: Piece) -> Markup:
        lang = self.lang
        if isinstance(p, Words):
            return escape(p.text)
        if isinstance(p, Content):
            return lang.own_direction(self.md(p.text))
        if isinstance(p, Name):
            return lang.isolate(lang.typeset(p.text))
        if isinstance(p, Bold):
            return Markup("<b>%s</b>") % self.html(p.pieces)
        if isinstance(p, Italic):
            return Markup("<i>%s</i>") % self.html(p.pieces)
        if isinstance(p, Title):
            if p.article:
                title = lang.isolate(lang.typeset(p.text))
                return Markup('<q class="title">%s%s</q>') % (title, p.inside)
            return Markup("<cite>%s</cite>") % lang.isolate(lang.typeset(p.text))
        if isinstance(p, Quote):
            lang_attr = Markup(' lang="%s"') % p.lang if p.lang else Markup("")
            # the direction spelt out, as in bdi(): WeasyPrint does not work out dir="auto", and
            # the marks (the q's ::before and ::after) must run with the quote, not around it
            direction = first_direction(p.text) or "auto"
            return Markup('<q%s dir="%s">%s</q>') % (lang_attr, direction, p.text)
        if isinstance(p, Rendered):
            return Markup('<q class="translation">%s</q>') % p.text
        if isinstance(p, Call):
            return self.call(p.notes)
        if isinstance(p, Link):
            page = Markup("")
            if p.page:
                before, after = self.phrases.page_words()
                page = Markup(' data-page-before="%s" data-page-after="%s"') % (before, after)
            return Markup('<a class="place" href="#%s"%s>%s</a>') % (
                p.anchor,
                page,
                self.html(p.pieces),
            )
        if isinstance(p, Styled):
            return Markup('<span class="%s">%s</span>') % (p.style, self.html(p.pieces))
        if isinstance(p, When):
            return Markup('<time datetime="%s">%s</time>') % (p.date, lang.date(p.date))
        if isinstance(p, Break):
            return Markup("<br>")
        raise TypeError(f"not a phrase piece: {p!r}")

    def call(self, notes: tuple[Note, ...]) -> Markup:
        """A note call: the first call of a note carries its body (a page footnote in the PDF);
        a further call only points back to it."""
        number = notes[0].number
        label = escape(self.lang.text("Note %(number)s", number=str(number)))
        if notes[0].repeat:
            # to the list of notes; in a PDF with page footnotes (no list), to the footnote
            return Markup(
                '<a class="ref repeat" href="#note-%s" aria-label="%s" tabindex="-1">%s</a>'
                '<a class="ref repeat-footnote" href="#fn-%s" aria-label="%s" tabindex="-1"'
                " hidden>%s</a>"
            ) % (number, label, number, number, label, number)
        body = self.html(self.phrases.note(notes))
        return Markup(
            '<a class="ref" href="#note-%s" id="ref-%s" aria-label="%s" tabindex="-1">%s</a>'
            '<span class="fn" id="fn-%s" data-note="%s"%s>%s</span>'
        ) % (number, number, label, number, number, number, Markup(self.note_language), body)
