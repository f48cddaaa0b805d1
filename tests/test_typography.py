"""The analyst's straight quotes and apostrophes print as a typesetter sets them, in the marks
of the text's language (HTML and Word alike); verbatim quotes and code spans stay as written."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import lxml.etree
import pytest

from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.inline import parser, typeset
from briefgen.render.quotes import quote_marks
from briefgen.validate.workspace import open_workspace

HISTORY = """\
section: history
claims:
  - id: motto
    text: The two governments call themselves "one nation, two states" and `x="y"` stays code.
    attributions:
      - source: wire-2021
        quote: "The 1950 treaty split the river's flow evenly."
        locator: para 3
"""


def docx_text(path: Path) -> list[str]:
    """The text of a Word file's paragraphs and table cells, runs joined."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    return texts + [c.text for t in document.tables for row in t.rows for c in row.cells]


def brief(language: str) -> str:
    return (
        f"title: T\nedition: 2026-11-23\nmarking: M\nlanguage: {language}\n"
        "sections:\n  - section: history\n    heading: The river's story\n"
    )


@pytest.mark.parametrize(
    ("language", "motto"),
    [
        ("en", "“one nation, two states”"),
        ("fr", "«\u202fone nation, two states\u202f»"),
        ("ar", "«one nation, two states»"),
    ],
)
def test_prose_quotes_in_the_texts_language(
    make_project: Callable[..., Path], language: str, motto: str
) -> None:
    root = make_project({"content/history.yaml": HISTORY, "briefs/b.yaml": brief(language)})
    build(open_workspace(root), options=BuildOptions(briefs=("b",), formats=("html", "docx")))
    html = (root / "output/b/b.html").read_text(encoding="utf-8")
    body = html.split('<main id="main">')[1]
    # the content is English: in a French or Arabic brief it is an original, in English marks
    expected = "“one nation, two states”" if language != "en" else motto
    assert expected in body
    assert "<code>x=&quot;y&quot;</code>" in body  # a code span as written
    assert "The 1950 treaty split the river&#39;s flow evenly." in body  # a quote verbatim
    assert "The river’s story" in body  # a heading from the brief: its language's apostrophe
    text = "".join(docx_text(root / "output/b/b.docx"))
    assert expected in text and "The river’s story" in text and 'x="y"' in text
    with zipfile.ZipFile(root / "output/b/b.docx") as z:
        notes = "".join(
            lxml.etree.fromstring(z.read(name)).xpath("string()")
            for name in z.namelist()
            if name in ("word/footnotes.xml", "word/endnotes.xml")
        )
    assert "The 1950 treaty split the river's flow evenly." in notes


@pytest.mark.parametrize(
    ("text", "language", "printed"),
    [
        ('He said "yes"', "de", "He said „yes“"),
        ("l'eau", "fr", "l’eau"),
        ("'inner' and \"outer\"", "ja", "『inner』 and 「outer」"),
        ("no quotes at all", "en", "no quotes at all"),
    ],
)
def test_typeset_plain_text(text: str, language: str, printed: str) -> None:
    assert typeset(text, quote_marks(language).four()) == printed


def test_markdown_keeps_links_and_code_as_written() -> None:
    md = parser(quote_marks("en").four())
    html = md.renderInline("[it's](https://example.org/a?b=1) `it's` *\"so\"*")
    assert html == '<a href="https://example.org/a?b=1">it’s</a> <code>it\'s</code> <em>“so”</em>'


def test_names_titles_and_cover_facts_take_the_languages_apostrophe(
    make_project: Callable[..., Path],
) -> None:
    """A source's title and publisher in the notes, an actor's name and the cover's title,
    subtitle, organisation and author print ’ as the prose around them does, in HTML and Word;
    the quote stays verbatim."""
    from tests.sample_project import SOURCES

    sources = SOURCES.replace("River talks stall", "River's talks stall").replace(
        "publisher: Example Wire", "publisher: People's Wire"
    )
    cover = (
        "title: The river's brief\nsubtitle: An analyst's memo\nedition: 2026-11-23\n"
        "marking: M\norganisation: Institute of Rivers' Studies\nauthor: Desk d'Europe\n"
        "language: fr\nsections:\n  - section: history\n"
    )
    root = make_project(
        {"content/sources.yaml": sources, "content/history.yaml": HISTORY, "briefs/b.yaml": cover}
    )
    build(open_workspace(root), options=BuildOptions(briefs=("b",), formats=("html", "docx")))
    html = (root / "output/b/b.html").read_text(encoding="utf-8")
    body = html.split("<body")[1]
    for printed in (
        "River’s talks stall",
        "People’s Wire",
        "The river’s brief",
        "An analyst’s memo",
        "Institute of Rivers’ Studies",
        "Desk d’Europe",
    ):
        assert printed in body, printed
    assert "The 1950 treaty split the river&#39;s flow evenly." in body
    with zipfile.ZipFile(root / "output/b/b.docx") as z:
        word = "".join(
            lxml.etree.fromstring(z.read(name)).xpath("string()")
            for name in z.namelist()
            if name in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
        )
    for printed in ("River’s talks stall", "People’s Wire", "The river’s brief", "Desk d’Europe"):
        assert printed in word, printed
    assert "The 1950 treaty split the river's flow evenly." in word


def test_french_high_punctuation_takes_a_no_break_space() -> None:
    """In French the space before ; : ! ? » and after « does not break (narrow before ; ! ?
    and inside the guillemets, full before the colon), in prose, plain text and the tool's
    own words; code spans, English text and text with no space before the mark stay as
    written."""
    from briefgen.content_text import ContentText
    from briefgen.inline import french_spacing
    from briefgen.render.i18n import language

    assert french_spacing("Éléments : a ; b ! c ? « d »") == (
        "Éléments\u00a0: a\u202f; b\u202f! c\u202f? «\u202fd\u202f»"
    )
    assert french_spacing("10:30, http://x.example/a:b ; fin") == (
        "10:30, http://x.example/a:b\u202f; fin"
    )
    marks = quote_marks("fr").four()
    html = parser(marks, french=True).renderInline('Il dit : "oui" ; `a : b`')
    assert html == "Il dit\u00a0: «\u202foui\u202f»\u202f; <code>a : b</code>"
    assert parser(marks).renderInline("Il dit : oui") == "Il dit : oui"
    fr = language("fr")
    assert fr.typeset("Le barrage : un pari ?") == "Le barrage\u00a0: un pari\u202f?"
    english = ContentText("Basis: one ; two", "", "en", "untranslated")
    assert fr.typeset(english) == "Basis: one ; two"  # an English original keeps its spacing
    assert fr.text("%(label)s: %(value)s", label="Source", value="AIP") == "Source\u00a0: AIP"
    assert language("en").text("%(label)s: %(value)s", label="a", value="b") == "a: b"
