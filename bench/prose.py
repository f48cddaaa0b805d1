"""Does a built brief read like a brief?  Measures the example briefs' built HTML and PDF.

    .venv/bin/python bench/prose.py [--project DIR] [BRIEF ...]

Per brief: the share of body paragraphs with two or more sentences (from the HTML structure, which
the PDF is laid out from), notes text ÷ body text (from the PDF text: footnotes are told apart by
their type size, endnotes by the pages after the "Notes" bookmark), notes that repeat a quote
another note gives, content ids and internal words found in the PDF text, and pages against the
brief's `max_pages`.  Build first (`generate.py build`); this script only reads output/.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefgen.validate.workspace import Workspace, open_workspace  # noqa: E402

SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")
ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|St|Dr|Mr|Mrs|No|vs|U\.S|cf)\.$")
INTERNAL_WORDS = ("snapshot", "held_by", "perspective_group", "unchecked", "TODO")
NOTE_SIZE = (6.0, 7.9)  # footnote type (7.5 pt); running heads are 8 pt, body text 10 pt
BODY_PARAGRAPHS = "//main//p[not(ancestor::table) and not(ancestor::figure) and not(ancestor::dl)]"
# labels and glossary notes, not body prose
NOT_PROSE = {"status", "basis", "empty", "assessment-note", "term-note"}


@dataclass
class Figures:
    """What bench/prose.py measures of one brief."""

    brief: str
    paragraphs: int
    multi: int
    body_chars: int
    note_chars: int
    notes: int
    repeated_quotes: int
    slugs: list[str]
    pages: int
    max_pages: int | None

    @property
    def multi_share(self) -> float:
        return self.multi / self.paragraphs if self.paragraphs else 0.0

    @property
    def notes_ratio(self) -> float:
        return self.note_chars / self.body_chars if self.body_chars else math.inf


def sentences(text: str) -> int:
    """How many sentences a paragraph holds (a full stop after an abbreviation does not end one)."""
    count, start = 1, 0
    for match in SENTENCE_END.finditer(text):
        if not ABBREVIATIONS.search(text[start : match.start()]):
            count += 1
        start = match.end()
    return count


def paragraph_figures(doc: lxml.html.HtmlElement) -> tuple[int, int]:
    """Body paragraphs and those with two or more sentences (note bodies and calls left out)."""
    for junk in doc.xpath("//span[contains(@class,'fn')] | //a[contains(@class,'ref')]"):
        junk.drop_tree()
    paragraphs = [
        " ".join(p.text_content().replace("\u2060", "").split())
        for p in doc.xpath(BODY_PARAGRAPHS)
        if not NOT_PROSE & set((p.get("class") or "").split())
    ]
    paragraphs = [p for p in paragraphs if p]
    return len(paragraphs), sum(1 for p in paragraphs if sentences(p) >= 2)


def note_figures(doc: lxml.html.HtmlElement) -> tuple[int, int]:
    """Notes, and notes that print a quote another note already prints."""
    bodies = doc.xpath("//span[contains(@class,'fn')]")
    quotes = Counter(" ".join(q.text_content().split()) for b in bodies for q in b.xpath(".//q"))
    return len(bodies), sum(n - 1 for n in quotes.values())


def words_found(text: str, words: set[str]) -> list[str]:
    """The words (ids, slugs) that stand in the text as whole tokens, sorted."""
    return [w for w in sorted(words) if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


def pdf_figures(pdf_path: Path) -> tuple[int, int, int, str]:
    """Body and notes characters, pages, and the whole text."""
    reader = PdfReader(str(pdf_path))
    notes_page = next(
        (
            reader.get_destination_page_number(o)
            for o in reader.outline
            if not isinstance(o, list) and o.title.strip() == "Notes"
        ),
        None,
    )
    body = notes = 0
    texts = []
    for number, page in enumerate(reader.pages):
        runs: list[tuple[float, str]] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: object,
            size: float,
            runs: list[tuple[float, str]] = runs,
        ) -> None:
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            runs.append((round(size * scale, 1), text))

        texts.append(page.extract_text(visitor_text=visit))
        for size, text in runs:
            chars = len("".join(text.split()))
            if (notes_page is not None and number >= notes_page) or NOTE_SIZE[
                0
            ] <= size <= NOTE_SIZE[1]:
                notes += chars
            elif size > 8.05:  # running heads (8 pt) and note calls count for neither
                body += chars
    return body, notes, len(reader.pages), "\n".join(texts)


def content_slugs(ws: Workspace) -> set[str]:
    """Ids and tags of the content that a reader should never see: those with '-' or '_'."""
    p = ws.project
    ids = {*p.sources, *p.actors, *(s.id for s in p.statements()), *(j.id for j in p.judgments)}
    ids |= {s.perspective_group for s in p.sources.values()} | set(p.tags())
    ids |= {s.id for s in p.sections}
    return {i for i in ids if re.search(r"[-_]", i)}


def measure(ws: Workspace, brief_id: str) -> Figures:
    """The figures of one built brief."""
    folder = ws.root / "output" / brief_id
    doc = lxml.html.parse(str(folder / f"{brief_id}.html")).getroot()
    notes_count, repeated = note_figures(doc)
    paragraphs, multi = paragraph_figures(doc)  # drops the note bodies: after note_figures
    body, notes, pages, text = pdf_figures(folder / f"{brief_id}.pdf")
    found = words_found(text, content_slugs(ws) | set(INTERNAL_WORDS))
    return Figures(
        brief_id,
        paragraphs,
        multi,
        body,
        notes,
        notes_count,
        repeated,
        found,
        pages,
        ws.briefs[brief_id].max_pages,
    )


def main(argv: list[str]) -> int:
    """Print the figures of the named briefs (all when none) as a Markdown table."""
    root = ROOT
    if argv[:1] == ["--project"]:
        root, argv = Path(argv[1]).resolve(), argv[2:]
    ws = open_workspace(root)
    names = argv or sorted(ws.briefs)
    print(
        "| brief | paragraphs of 2+ sentences | notes ÷ body text | notes | repeated quotes "
        "| ids or internal words in the PDF | pages (budget) |"
    )
    print("|---|---|---|---|---|---|---|")
    for name in names:
        f = measure(ws, name)
        budget = f" ({f.max_pages})" if f.max_pages else ""
        print(
            f"| {name} | {f.multi}/{f.paragraphs} = {f.multi_share:.0%} | {f.notes_ratio:.2f} "
            f"({f.note_chars}/{f.body_chars}) | {f.notes} | {f.repeated_quotes} | "
            f"{', '.join(f.slugs) or 0} | {f.pages}{budget} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
