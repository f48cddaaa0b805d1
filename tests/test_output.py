"""Real output: the PDF's text and metadata (pypdf) and the parsed HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.render.i18n import language
from briefgen.render.phrases import Phrases
from briefgen.selection.select import select
from briefgen.validate.workspace import open_workspace
from tests.sample_project import BASE_FILES, HISTORY, write_project

pytestmark = pytest.mark.pdf


def squash(text: str) -> str:
    """Whitespace folded, so text wrapped across lines still matches."""
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(path).pages))


class Collector(HTMLParser):
    """Tags, attributes and text of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(path: Path) -> Collector:
    c = Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("out") / "p", BASE_FILES)
    build(open_workspace(root))
    return root


def test_pdf_holds_every_statement_attribution_and_footnote(built: Path) -> None:
    ws = open_workspace(built)
    sel = select(ws.briefs["full"], ws.project)
    text = pdf_text(built / "output/full/full.pdf")
    for part in sel.parts:
        assert Phrases(sel, language("en")).heading(part) in text
    assert "The two states signed a water-sharing treaty in 1950." in text
    assert "Northland says its dam does not reduce the flow downstream." in text
    assert (
        "(held by the Government of Northland)" in text
    )  # in the note: the text says who holds it
    assert "Does the Northland dam reduce the river’s flow?" in text
    # every footnote body reaches the PDF: its number, source and verbatim quote
    assert len(sel.notes) == 4  # one note per source passage: two passages are cited twice
    for note in sel.notes:
        # the first citation of a source in full (Chicago: "Title," Publisher, date), then short
        lead = (
            f"{note.number}. “{note.source.title},” {note.source.publisher}"
            if note.first and note.source.kind == "wire"
            else f"{note.number}. {note.source.title}"
            if note.first
            else f"{note.number}. {note.source.short_name}, "
        )
        assert lead in text, lead
        assert f"“{note.attribution.quote}”" in text


def test_pdf_metadata_and_outline(built: Path) -> None:
    reader = PdfReader(built / "output/short/short.pdf")
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "The Ama river dispute: Short brief"
    assert meta.author == "Test Office"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == ["History", "Contested claims", "Sources and gaps", "Sources"]
    assert reader.attachments == {}
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # a tagged PDF, with its structure tree
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"


def test_html_is_self_contained_and_holds_the_statements(built: Path) -> None:
    html = parse_html(built / "output/full/full.html")
    tags = [t for t, _ in html.tags]
    for required in ("header", "nav", "main", "section", "aside", "footer", "style"):
        assert required in tags
    assert "script" not in tags and "link" not in tags and "img" not in tags
    text = squash("".join(html.text))
    assert "The two states signed a water-sharing treaty in 1950." in text
    assert "The 1950 treaty split the river's flow evenly." in text
    links = [a for t, a in html.tags if t == "a" and "ref" in (a.get("class") or "")]
    refs = [a["href"] for a in links if "hidden" not in a]
    notes = {a["id"] for t, a in html.tags if t == "li" and (a.get("id") or "").startswith("note-")}
    assert refs and {r.lstrip("#") for r in refs if r} == notes
    # a note cited again also links, for a PDF with page footnotes (no list), to its footnote
    footnotes = {a["id"] for t, a in html.tags if t == "span" and a.get("class") == "fn"}
    again = {a["href"].lstrip("#") for a in links if "hidden" in a}
    assert again and again <= footnotes


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=file:///etc/passwd>",
    "<link rel=attachment href=file:///etc/passwd>",
    "[click](javascript:alert(1))",
    "[file](file:///etc/passwd)",
    "![image](file:///etc/passwd)",
]


def test_hostile_text_comes_out_as_text(tmp_path: Path) -> None:
    text = " ".join(HOSTILE)
    history = HISTORY.replace(
        "text: The two states signed a *water-sharing* treaty in 1950.", f"text: '{text}'"
    )
    files = {
        **BASE_FILES,
        "content/history.yaml": history,
        "briefs/short.yaml": BASE_FILES["briefs/short.yaml"].replace(
            "marking: FOR OFFICIAL USE ONLY", "marking: '</style><script>x()</script>'"
        ),
    }
    root = write_project(tmp_path / "p", files)
    build(open_workspace(root), options=BuildOptions(briefs=("short",)))
    html_path = root / "output/short/short.html"
    html = parse_html(html_path)
    tags = [t for t, _ in html.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags
    hrefs = [a.get("href") or "" for t, a in html.tags if t == "a"]
    assert not [h for h in hrefs if re.match(r"(javascript|file|data):", h)]
    raw = html_path.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    pdf_path = root / "output/short/short.pdf"
    reader = PdfReader(pdf_path)
    assert reader.attachments == {}
    assert "root:x:0:0" not in pdf_text(pdf_path)
    assert b"root:x:0:0" not in pdf_path.read_bytes()
    assert "<script>alert(1)</script>" in pdf_text(pdf_path)


@pytest.mark.weasyprint_logs  # the refused attachment is the point
def test_confined_fetcher_refuses_what_the_default_fetcher_embeds(tmp_path: Path) -> None:
    """Control: WeasyPrint's own fetcher embeds /etc/passwd; ours, given the same HTML, does not."""
    import weasyprint

    from briefgen.model import PartialDate
    from briefgen.render.html import BUILTIN_TEMPLATES
    from briefgen.render.pdf import render_pdf

    html = '<html><head><link rel="attachment" href="file:///etc/passwd"></head><body><p>x</p></body></html>'
    (tmp_path / "default.pdf").write_bytes(weasyprint.HTML(string=html).write_pdf())
    assert "passwd" in PdfReader(tmp_path / "default.pdf").attachments
    stylesheet = BUILTIN_TEMPLATES / "assets" / "pdf.css"
    result = render_pdf(html, [BUILTIN_TEMPLATES], stylesheet, PartialDate(2026, 1, 1))
    (tmp_path / "ours.pdf").write_bytes(result.data)
    assert PdfReader(tmp_path / "ours.pdf").attachments == {}
    assert result.refused == ("file:///etc/passwd",)
