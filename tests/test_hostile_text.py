"""Hostile characters in content and translations: control characters and bidi controls.

No character XML 1.0 cannot hold reaches a Word or XML file (each is U+FFFD, and the reader
warns where it was written); every bidi embedding, override and isolate is closed inside the
element that holds it, in the HTML, the PDF and the Word file (an unclosed U+202E would
reverse the rest of the line: Trojan Source).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree, html

from briefgen.text import closed_bidi
from tests.sample_project import ACTORS, BRIEF_FULL, BRIEF_SHORT, CONTESTED, HISTORY, SOURCES
from tests.test_hostile import run_bounded

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
CONTROLS = ["\\x01", "\\x0b", "\\f", "\\e[31m", "\\x7f", "\\x85", "\\uFFFE", "\\0"]  # YAML escapes
RLO, LRE, RLI, PDF, PDI = "\u202e", "\u202a", "\u2067", "\u202c", "\u2069"


def quoted(line_start: str, text: str, extra: str) -> tuple[str, str]:
    """A YAML line `key: text` made double-quoted with `extra` (YAML escapes) at its end."""
    return f"{line_start}{text}", f'{line_start}"{text}{extra}"'


def hostile_files(extra: str) -> dict[str, str]:
    """The sample project with `extra` at the end of a claim, a source title and publisher, an
    actor's name, a position's stance, the briefs' titles and markings."""
    history = HISTORY.replace(
        *quoted("    text: ", "Northland says its dam does not reduce the flow downstream.", extra)
    )
    sources = SOURCES.replace(
        'title: "River talks stall as drought bites"',
        f'title: "River talks stall as drought bites{extra}"',
    ).replace("publisher: Example Wire", f'publisher: "Example Wire{extra}"')
    actors = ACTORS.replace(*quoted("    name: ", "Government of Northland", extra))
    contested = CONTESTED.replace(*quoted("        stance: ", "No effect", extra))
    short = BRIEF_SHORT.replace(*quoted("title: ", "The Ama river dispute", extra)).replace(
        *quoted("marking: ", "FOR OFFICIAL USE ONLY", extra)
    )
    full = BRIEF_FULL.replace(*quoted("marking: ", "FOR PUBLIC RELEASE", extra))
    return {
        "content/history.yaml": history,
        "content/sources.yaml": sources,
        "content/actors.yaml": actors,
        "content/contested.yaml": contested,
        "briefs/short.yaml": short + "formats: [html, docx, json]\noptions:\n  notes: endnotes\n",
        "briefs/full.yaml": full + "formats: [html, docx, json]\n",
    }


def docx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels"))}


def strict_xml(data: bytes) -> etree._Element:
    return etree.fromstring(
        data, etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    )


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("control", CONTROLS)
def test_control_characters_never_reach_a_word_or_xml_file(
    make_project: Callable[..., Path], control: str
) -> None:
    root = make_project(hostile_files(control + "!"))  # inside the text: ends are stripped
    code, output = run_bounded(root, "check")
    assert code == 0, output
    warned = [x for x in output.splitlines() if "a control character no output can hold" in x]
    assert any(x.startswith("content/history.yaml:") for x in warned), output
    assert any(x.startswith("briefs/short.yaml:") for x in warned), output
    assert all(re.match(r"^(content|briefs)/\w+\.yaml:\d+:\d+: warning: ", x) for x in warned)
    code, output = run_bounded(root, "build")
    assert code == 0, output
    for brief in ("short", "full"):
        for name, data in docx_parts(root / f"output/{brief}/{brief}.docx").items():
            text = data.decode("utf-8")
            assert not XML_INVALID.search(text), (brief, name)
            strict_xml(data)  # Word's reader is as strict: every part must be XML 1.0
        page = (root / f"output/{brief}/{brief}.html").read_text()
        assert not XML_INVALID.search(page) and "\ufffd" in page
        json.loads((root / f"output/{brief}/{brief}.json").read_text())
    document = docx_parts(root / "output/full/full.docx")["word/document.xml"].decode()
    assert "does not reduce the flow downstream.\ufffd" in document
    core = docx_parts(root / "output/short/short.docx")["docProps/core.xml"].decode()
    assert "The Ama river dispute\ufffd" in core


def balanced(text: str) -> bool:
    """True when every embedding, override and isolate the text opens it also closes, in order,
    and it closes nothing it did not open."""
    return closed_bidi(text) == text


BIDI = {
    "rlo": "\\u202E gnirts desrever",
    "lre-rle": "\\u202A\\u202B nested",
    "rli": "\\u2067 isolate",
    "stray-pdf": "\\u202C\\u202C closes the page",
    "stray-pdi": "\\u2069 closes the page",
    "rli-rlo": "\\u2067\\u202E inside \\u2069 after",
}


@pytest.mark.parametrize("case", sorted(BIDI))
def test_bidi_controls_are_closed_where_they_are_written(
    make_project: Callable[..., Path], case: str
) -> None:
    root = make_project(hostile_files(BIDI[case]))
    code, output = run_bounded(root, "build")
    assert code == 0, output
    for brief in ("short", "full"):
        tree = html.fromstring((root / f"output/{brief}/{brief}.html").read_bytes())
        texts = []
        for element in tree.iter():
            texts += [t for t in (element.text, element.tail) if t]
        assert any(re.search("[\u202a-\u202e\u2066-\u2069]", t) for t in texts) or "stray" in case
        for text in texts:
            assert balanced(text), (brief, repr(text))
        document = strict_xml(
            docx_parts(root / f"output/{brief}/{brief}.docx")["word/document.xml"]
        )
        for paragraph in document.iter(f"{W}p"):
            text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
            assert balanced(text), (brief, repr(text))
        for name, data in docx_parts(root / f"output/{brief}/{brief}.docx").items():
            if name.startswith("word/") and name.endswith(".xml"):
                for paragraph in strict_xml(data).iter(f"{W}p"):
                    text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
                    assert balanced(text), (brief, name, repr(text))


@pytest.mark.pdf
def test_an_override_in_a_claim_does_not_reverse_the_next_one_in_the_pdf(
    make_project: Callable[..., Path],
) -> None:
    from pypdf import PdfReader

    history = HISTORY.replace(
        "text: The two states signed a *water-sharing* treaty in 1950.",
        'text: "The two states signed a *water-sharing* treaty in 1950 \\u202Esdrawkcab"',
    )
    root = make_project(
        {"content/history.yaml": history, "briefs/full.yaml": BRIEF_FULL + "formats: [pdf]\n"}
    )
    code, output = run_bounded(root, "build", "full")
    assert code == 0, output
    text = " ".join(p.extract_text() for p in PdfReader(root / "output/full/full.pdf").pages)
    assert "Northland says its dam does not reduce the flow downstream" in " ".join(text.split())


def test_a_catalog_translation_with_controls_gives_a_valid_word_file(
    make_project: Callable[..., Path],
) -> None:
    root = make_project(
        {
            "briefs/short.yaml": BRIEF_SHORT + "language: fr\nformats: [docx]\n",
            "locale/fr.po": 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
            'msgid "Sources"\nmsgstr "Sources\x01\x0b \u202e"\n\n'
            'msgid "Page %(page)s of %(pages)s"\nmsgstr "Page\x0c %(page)s \u202esur %(pages)s"\n',
        }
    )
    code, output = run_bounded(root, "build", "short")
    assert code == 0, output
    assert "locale/fr.po:5:1: warning:" in output
    for name, data in docx_parts(root / "output/short/short.docx").items():
        assert not XML_INVALID.search(data.decode("utf-8")), name
        for paragraph in strict_xml(data).iter(f"{W}p"):
            text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
            assert balanced(text), (name, repr(text))
