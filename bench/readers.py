"""What a professional reader trips over on page 1, counted in a project's built briefs.

    .venv/bin/python bench/readers.py [--project DIR] [--word] [BRIEF ...]

Build first (`generate.py build`, with `-f docx` for the Word counts); this script only reads
output/ and the project. Per brief it counts, in the PDF text and the HTML:

- stray commas before note calls ("Daily Sabah,²"): a comma printed between a word and a call;
- machine glue: phrases assembled by the tool or process words ("Position of", "(own account)",
  "Basis:", "In Where", "captured", "snapshot", "have not been checked", …; in French, "de le"
  where "du" belongs, "version propre", …);
- straight quotes and apostrophes in the analyst's prose (sentences and the standfirst, the
  verbatim quotes left out): "one nation" where a typesetter prints “one nation”;
- in a French brief, spaces that let a line start with ; : ! ? or » (or end with «): a plain
  space where French typesetting puts a no-break one (verbatim quotes and code aside);
- escaped attributes in the HTML (an attribute autoescaped into text: `<ol&#39;…`);
- draft flags in a brief that is not a draft ("[quote not verified]", "DRAFT");
- the share of the passages each key judgment rests on that the reader can reach from it: cited
  in the judgment's own notes, or shown in the brief at a place the judgment links to;
- pages against `max_pages`, in the PDF and (`--word`) in the Word file as LibreOffice lays it
  out; and Word note references that run together (two references with no separator).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefgen.selection.select import Selection, select  # noqa: E402
from briefgen.validate.workspace import open_workspace  # noqa: E402

GLUE = (
    "Position of ",
    "(own account)",
    "Basis:",
    "In Where",
    "Used by The ",
    "Scholars (as",
    "captured text",
    "captured part",
    "snapshot",
    "have not been checked",
    "have not yet been checked",
    "statements per perspective group",
    "the analyst brief",
    # French: an article a preposition should have taken in ("position de le gouvernement"),
    # and the counterparts of the English process words
    " de le ",
    " de les ",
    " à le ",
    " à les ",
    "version propre",
    "pas encore été vérifiées",
    "la note d’analyse",
)
DRAFT_FLAGS = (
    "[quote not verified]",
    "DRAFT",
    "not for release",
    "[citation non vérifiée]",
    "PROJET –",
    "à ne pas diffuser",
)
# a comma between a letter (or closing bracket) and a note call's digits, as the PDF text has it
STRAY_COMMA = re.compile(r"(?<=[^\W\d_\])]),(?=\d{1,3}(?!\d|,\d{3}))")
LOOSE = re.compile(r" [;:!?»]|« ")
ESCAPED_ATTRIBUTE = re.compile(r"<[a-z][a-z0-9]*&#(?:39|34);")
# a Word note reference run directly followed by another (no separator run between them)
RUN_TOGETHER = re.compile(
    r"<w:(?:footnote|endnote)Reference [^>]*/></w:r><w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?"
    r"<w:(?:footnote|endnote)Reference",
    re.S,
)


@dataclass
class Reading:
    """What one brief's reader trips over."""

    brief: str
    stray_commas: int = 0
    glue: dict[str, int] = field(default_factory=dict)
    escaped: int = 0
    straight: int = 0
    loose: int | None = None
    draft_flags: int = 0
    draft: bool = False
    reachable: tuple[int, int] = (0, 0)
    pages: int | None = None
    word_pages: int | None = None
    max_pages: int | None = None
    notes_together: int | None = None


def pdf_text(path: Path) -> str:
    """The text layer of a PDF, pages joined."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def reachable(selection: Selection) -> tuple[int, int]:
    """Passages of the statements the key judgments rest on, and how many of them the reader
    reaches from the judgment: in its notes, or shown at a place the judgment links to."""
    total = reached = 0
    for part in selection.parts:
        for entry in part.entries:
            for strand in entry.strands:
                cited = {(n.source.id, n.attribution.quote) for n in strand.notes}
                linked = {s.id for s in strand.shown}
                for statement in strand.refs:
                    for a in statement.attributions:
                        total += 1
                        shown = statement.id in linked and statement.id in selection.placed
                        reached += shown or (a.source, a.quote) in cited
    return reached, total


def word_pages(docx: Path) -> int | None:
    """The Word file's pages as LibreOffice lays it out (None without LibreOffice)."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run(
                ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                capture_output=True,
                timeout=180,
                check=True,
                env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
            )
        except (OSError, subprocess.SubprocessError):
            return None
        out = Path(tmp) / (docx.stem + ".pdf")
        return len(PdfReader(out).pages) if out.is_file() else None


def straight_quotes(page: str) -> int:
    """Straight quotes and apostrophes in the prose of an HTML brief, verbatim quotes aside."""
    doc = lxml.html.fromstring(page)
    for kept in doc.xpath("//q | //code | //cite"):
        kept.drop_tree()
    prose = doc.xpath("//span[@class='sentence'] | //*[@class='standfirst']")
    return sum(el.text_content().count('"') + el.text_content().count("'") for el in prose)


def loose_spaces(page: str) -> int:
    """Plain spaces before ; : ! ? » or after « in an HTML brief's text, quotes and code aside."""
    doc = lxml.html.fromstring(page)
    for kept in doc.xpath("//q | //code | //style | //script"):
        kept.drop_tree()
    body = doc.xpath("//body")
    return len(LOOSE.findall(body[0].text_content())) if body else 0


def read_brief(root: Path, brief_id: str, selection: Selection, word: bool) -> Reading:
    """Count what trips a reader in one brief's outputs."""
    folder = root / "output" / brief_id
    reading = Reading(brief_id, max_pages=selection.brief.max_pages)
    reading.draft = bool(selection.drafts)
    texts = []
    pdf = folder / f"{brief_id}.pdf"
    if pdf.is_file():
        text = pdf_text(pdf)
        texts.append(text)
        reading.pages = len(PdfReader(pdf).pages)
        reading.stray_commas = len(STRAY_COMMA.findall(text))
    html = folder / f"{brief_id}.html"
    if html.is_file():
        page = html.read_text(encoding="utf-8")
        reading.escaped = len(ESCAPED_ATTRIBUTE.findall(page))
        reading.straight = straight_quotes(page)
        if selection.brief.language.split("-")[0].lower() == "fr":
            reading.loose = loose_spaces(page)
        body = re.sub(r"<style.*?</style>|<[^>]+>", " ", page, flags=re.S)
        texts.append(body)
    joined = "\n".join(texts)
    reading.glue = {g: n for g in GLUE if (n := joined.count(g))}
    if not reading.draft:
        reading.draft_flags = sum(joined.count(f) for f in DRAFT_FLAGS)
    reading.reachable = reachable(selection)
    docx = folder / f"{brief_id}.docx"
    if docx.is_file():
        with zipfile.ZipFile(docx) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        reading.notes_together = len(RUN_TOGETHER.findall(xml))
        if word:
            reading.word_pages = word_pages(docx)
    return reading


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("briefs", nargs="*")
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--word", action="store_true", help="lay the Word files out in LibreOffice")
    args = parser.parse_args()
    ws = open_workspace(args.project.resolve())
    names = args.briefs or sorted(ws.briefs)
    print(
        f"{'brief':<14} {'commas':>6} {'glue':>5} {'escaped':>7} {'straight':>8} {'loose':>5} "
        f"{'flags':>5} "
        f"{'reachable':>10} {'pages':>7} {'word':>5} {'together':>8}"
    )
    for name in names:
        selection = select(ws.briefs[name], ws.project)
        r = read_brief(ws.root, name, selection, args.word)
        reached, total = r.reachable
        share = f"{reached}/{total}" if total else "-"
        budget = f"/{r.max_pages}" if r.max_pages else ""
        pages = f"{r.pages}{budget}" if r.pages is not None else "-"
        print(
            f"{name:<14} {r.stray_commas:>6} {sum(r.glue.values()):>5} {r.escaped:>7} {r.straight:>8} "
            f"{r.loose if r.loose is not None else '-':>5} "
            f"{r.draft_flags:>5} {share:>10} {pages:>7} {r.word_pages or '-':>5} "
            f"{r.notes_together if r.notes_together is not None else '-':>8}"
        )
        for phrase, n in r.glue.items():
            print(f"    glue: {phrase!r} × {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
