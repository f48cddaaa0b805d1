"""Prose briefs: paragraphs of attributed sentences, bottom lines, numbering, notes given once."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.selection.select import select
from briefgen.validate.workspace import open_workspace
from tests.browser.tools import straight

from .sample_project import BRIEF_FULL
from .test_output import pdf_text

PARAGRAPHS = """\
section: history
bottom_line: The treaty still frames the dispute, but both governments now read it differently.
paragraphs:
  - heading: The treaty
    claims:
      - id: treaty-1950
        text: The two states signed a *water-sharing* treaty in 1950.
        date: 1950
        tags: [treaty]
        weight: key
        attributions:
          - source: wire-2021
            quote: "The 1950 treaty split the river's flow evenly."
            locator: para 3
      - id: treaty-terms
        text: According to Example Wire, the treaty split the flow evenly between them.
        tags: [treaty]
        attributions:
          - source: wire-2021
            quote: "The 1950 treaty split the river's flow evenly."
            locator: para 3
  - heading: The dam
    claims:
      - id: dam-built
        text: Northland says its dam does not reduce the flow downstream.
        tags: [dam]
        attributions:
          - source: wire-2021
            quote: "Northland insists the dam changes nothing downstream."
            locator: para 5
            held_by: north-gov
      - id: dam-quoted
        text: The Northland ministry calls the reservoir a store of "winter flood water" only.
        tags: [dam, hidden]
        attributions:
          - source: north-gov-2022
            quote: "winter flood water"
            locator: section 2
claims:
  - id: loose-claim
    text: Southland's advocates say the flow has halved.
    date: 2020
    tags: [dam]
    attributions:
      - source: south-ngo
        quote: "Since the dam opened, the flow has halved."
        locator: para 1
"""

NUMBERED = BRIEF_FULL.replace("sections:", "options:\n  numbering: true\nsections:\n  - overview")
FILTERED = BRIEF_FULL.replace("sections:", "filters:\n  exclude_tags: [hidden]\nsections:")
REGISTER = BRIEF_FULL.replace("sections:", "options:\n  layout: register\nsections:")


@pytest.fixture(scope="module")
def prose_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .sample_project import BASE_FILES, write_project

    files = {
        **BASE_FILES,
        "content/history.yaml": PARAGRAPHS,
        "briefs/numbered.yaml": NUMBERED,
        "briefs/filtered.yaml": FILTERED,
        "briefs/register.yaml": REGISTER,
    }
    root = write_project(tmp_path_factory.mktemp("prose") / "p", files)
    ws = open_workspace(root)
    assert not ws.errors, ws.errors
    build(ws)
    return root


def page(root: Path, brief: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(root / f"output/{brief}/{brief}.html")).getroot()


def words(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def test_a_paragraph_joins_its_claims_with_a_note_call_after_each(prose_project: Path) -> None:
    doc = page(prose_project, "full")
    prose = doc.xpath("//section[@id='part-history']//p[contains(@class,'prose')]")
    sentences = [[s.get("id") for s in p.xpath("./span[@class='sentence']")] for p in prose]
    assert sentences == [
        ["item-treaty-1950", "item-treaty-terms"],
        ["item-dam-built", "item-dam-quoted"],
        ["item-loose-claim"],
    ]
    for sentence in doc.xpath("//span[@class='sentence']"):
        assert sentence.xpath("./a[contains(@class,'ref')]"), sentence.get("id")
    # no "Source:" line under the sentences of running prose
    assert not doc.xpath("//section[@id='part-history']//*[contains(@class,'attribution')]")
    # subsection headings; no sentence opens with a date glued to it (a claim alone neither:
    # its words say when, a section of dated claims alone reads as a chronology)
    headings = [words(h) for h in doc.xpath("//section[@id='part-history']//h3")]
    assert headings == ["The treaty", "The dam"]
    assert words(prose[2]).startswith("Southland’s advocates")  # an apostrophe, not a prime
    assert not words(prose[0]).startswith("1950")


def test_one_note_per_source_passage(prose_project: Path) -> None:
    doc = page(prose_project, "full")
    ws = open_workspace(prose_project)
    sel = select(ws.briefs["full"], ws.project)
    quotes = [n.attribution.quote for n in sel.notes]
    assert len(quotes) == len(set(quotes))  # the treaty quote, cited three times, is one note
    treaty = next(n for n in sel.notes if "1950 treaty" in n.attribution.quote)
    calls = doc.xpath(f"//a[contains(@class,'ref')][@href='#note-{treaty.number}']")
    assert len(calls) >= 3  # each citing sentence or event calls it
    assert len(doc.xpath(f"//*[@id='ref-{treaty.number}']")) == 1  # one anchor, unique ids
    assert len(doc.xpath(f"//span[@class='fn'][@data-note='{treaty.number}']")) == 1
    assert [int(n.get("data-note")) for n in doc.xpath("//span[@class='fn']")] == list(
        range(1, len(sel.notes) + 1)
    )


def test_short_form_after_the_first_citation_and_no_quote_the_text_already_gives(
    prose_project: Path,
) -> None:
    doc = page(prose_project, "full")
    bodies = [words(n) for n in doc.xpath("//span[@class='fn']")]
    wire = [b for b in bodies if "Example Wire" in b]
    # Chicago: the first citation in full (an article's title in quotation marks, the publisher
    # in italics, the date), the short form after it; "para." with its full stop
    assert wire[0].startswith(
        "River talks stall as drought bites, Example Wire, 3 June 2021 (source grade B, usually"
        " reliable), para. 3"
    )
    first = doc.xpath("//span[@class='fn']")[0]
    assert [words(q) for q in first.xpath("./q[@class='title']")] == [
        "River talks stall as drought bites,"
    ]
    assert [words(i) for i in first.xpath("./i")] == ["Example Wire"]
    assert all(b.startswith("Example Wire, para.") and "2021" not in b for b in wire[1:])
    ministry = next(b for b in bodies if "Northland Ministry" in b)
    assert "“" not in ministry.split("Northland Ministry of Water")[1]  # the text quotes it
    assert "(held by the Government of Northland)" in " ".join(bodies)
    assert ".." not in " ".join(bodies)


def test_bottom_line_overview_and_numbering(prose_project: Path) -> None:
    doc = page(prose_project, "numbered")
    line = doc.xpath("//section[@id='part-history']//div[@class='bottom-line']")[0]
    assert words(line) == (
        "Bottom line (analyst’s assessment) The treaty still frames the dispute, "
        "but both governments now read it differently."
    )
    assert not line.xpath(".//a[contains(@class,'ref')]")  # an assessment has no note
    overview = words(doc.xpath("//section[@id='part-overview']")[0])
    assert "1 History. The treaty still frames the dispute" in overview
    h2 = [words(h) for h in doc.xpath("//main//h2")]
    assert h2[:3] == ["Summary", "1 History", "2 Contested claims"]
    assert [words(h) for h in doc.xpath("//section[@id='part-history']//h3")] == [
        "1.1 The treaty",
        "1.2 The dam",
    ]
    assert words(doc.xpath("//section[@id='part-contested']//h3")[0]).startswith("2.1 Does")
    toc = words(doc.xpath("//nav")[0])
    assert "1 History" in toc and "2 Contested claims" in toc


def test_a_filtered_sentence_leaves_no_trace(prose_project: Path) -> None:
    html = (prose_project / "output/filtered/filtered.html").read_text()
    text = pdf_text(prose_project / "output/filtered/filtered.pdf")
    for out in (html, text):
        assert "calls the reservoir" not in out and "“winter flood water”" not in out
        assert "Does the Northland dam" in out  # the dispute stays
    doc = page(prose_project, "filtered")
    dam = doc.xpath("//p[contains(@class,'prose')]")[1]
    assert [s.get("id") for s in dam.xpath("./span")] == ["item-dam-built"]
    # the ministry is still a source (of a position), so its appendix entry stays, but no note
    # in the brief cites the filtered quote
    assert all("“winter flood water”" not in words(n) for n in doc.xpath("//span[@class='fn']"))


def test_a_filtered_source_leaves_the_appendix(make_project: Callable[..., Path]) -> None:
    brief = BRIEF_FULL.replace("  - contested\n", "").replace(
        "sections:", "filters:\n  exclude_tags: [hidden]\nsections:"
    )
    root = make_project({"content/history.yaml": PARAGRAPHS, "briefs/full.yaml": brief})
    build(open_workspace(root), options=BuildOptions(formats=("html",)))
    html = (root / "output/full/full.html").read_text()
    assert "Statement on the Ama river" not in html  # north-gov-2022 is cited by nothing kept
    assert "winter flood water" not in html and "calls the reservoir" not in html


def test_register_layout_keeps_a_source_line_per_statement(prose_project: Path) -> None:
    doc = page(prose_project, "register")
    statements = doc.xpath("//section[@id='part-history']//p[@class='statement']")
    assert len(statements) == 5
    for p in statements:
        assert p.xpath(".//span[@class='attribution']"), p.get("id")
    assert "Held by the Government of Northland, reported by Example Wire" in words(
        doc.xpath("//section[@id='part-history']")[0]
    )
    text = pdf_text(prose_project / "output/register/register.pdf")
    assert "Source: Example Wire" in text


def test_paragraph_claims_must_keep_to_the_section(make_project: Callable[..., Path]) -> None:
    bad = PARAGRAPHS.replace(
        "      - id: treaty-terms\n", "      - id: treaty-terms\n        section: contested\n"
    )
    ws = open_workspace(make_project({"content/history.yaml": bad}))
    assert any("a paragraph keeps to one section" in str(p) for p in ws.errors)


def test_old_one_claim_per_item_content_still_builds(built_sample: Path) -> None:
    doc = page(built_sample, "full")
    assert len(doc.xpath("//section[@id='part-history']//p[contains(@class,'prose')]")) == 2


@pytest.fixture
def built_sample(make_project: Callable[..., Path]) -> Path:
    root = make_project()
    build(open_workspace(root), options=BuildOptions(formats=("html",)))
    return root


def test_perspective_groups_are_labelled_for_readers(prose_project: Path) -> None:
    html = (prose_project / "output/full/full.html").read_text()
    assert "Northland government" in html and "Southland advocacy" in html
    assert not re.search(r">[^<]*\bsouthland\b[^<]*<", html)  # the id never reaches the text


def test_an_unlabelled_group_is_a_warning_or_an_error_once_labels_exist(
    make_project: Callable[..., Path],
) -> None:
    from .sample_project import GROUPS

    ws = open_workspace(make_project(drop=("content/groups.yaml",)))
    assert any("has no label" in str(w) for w in ws.warnings) and not ws.errors
    partly = GROUPS.replace("  - id: southland\n    label: Southland advocacy\n", "")
    ws = open_workspace(make_project({"content/groups.yaml": partly}))
    assert any("perspective group 'southland' has no label" in str(e) for e in ws.errors)


def test_bottom_lines_off_keeps_them_in_the_overview(make_project: Callable[..., Path]) -> None:
    brief = NUMBERED.replace("options:", "options:\n  bottom_lines: false")
    root = make_project({"content/history.yaml": PARAGRAPHS, "briefs/full.yaml": brief})
    build(open_workspace(root), options=BuildOptions(formats=("html",)))
    doc = page(root, "full")
    assert not doc.xpath("//div[@class='bottom-line']")
    assert "The treaty still frames the dispute" in words(
        doc.xpath("//section[@id='part-overview']")[0]
    )


def test_every_selected_statement_is_in_the_html_and_pdf_with_a_call_per_passage(
    prose_project: Path,
) -> None:
    ws = open_workspace(prose_project)
    sel = select(ws.briefs["full"], ws.project)
    doc = page(prose_project, "full")
    text = pdf_text(prose_project / "output/full/full.pdf")
    squashed = "".join(text.split())
    claims = [e for p in sel.parts for e in p.entries if e.kind == "claim"]
    assert len(claims) == 5
    for entry in claims:
        plain_text = entry.item.text.replace("*", "")
        assert "".join(plain_text.split()) in straight(squashed), plain_text
        sentence = doc.xpath(f"//span[@id='item-{entry.item.id}']")[0]
        calls = {a.get("href") for a in sentence.xpath("./a[contains(@class,'ref')][not(@hidden)]")}
        passages = {(a.source, a.quote) for a in entry.item.attributions}
        assert len(calls) == len(passages) == len(entry.notes), entry.item.id
        assert calls == {f"#note-{n.number}" for n in entry.notes}
