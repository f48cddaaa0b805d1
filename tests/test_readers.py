"""What principals and the public read first: the point up front, reachable evidence, every
phrase in every shipped language, memos that fit, drafts that say so, chronologies in order."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.cli.main import cli
from briefgen.languages import SHIPPED
from briefgen.model import PartialDate
from briefgen.render.i18n import language
from briefgen.render.phrases import Phrases, as_text
from briefgen.selection.fitting import levels, tightened
from briefgen.selection.select import Draft, Selection, select
from briefgen.validate.workspace import open_workspace
from tests.sample_project import BRIEF_FULL, REPO

HEAD = "title: T\nedition: 2026-11-23\nmarking: M\n"
JUDGMENTS = """\
judgments:
  - id: kj-dam
    text: The dam is the heart of the dispute.
    confidence: moderate
    strands:
      - label: the dam's effect
        rests_on: [dam-effect, dam-built]
      - label: the treaty
        rests_on: [treaty-1950]
"""


def selection(root: Path, brief: str) -> Selection:
    ws = open_workspace(root)
    assert [str(p) for p in ws.errors] == []
    return select(ws.briefs[brief], ws.project)


def reachable(s: Selection) -> tuple[int, int]:
    """Passages of the judgments' statements, and those cited or linked from the judgment."""
    total = reached = 0
    for part in s.parts:
        for entry in part.entries:
            for strand in entry.strands:
                cited = {(n.source.id, n.attribution.quote) for n in strand.notes}
                for statement in strand.refs:
                    for a in statement.attributions:
                        total += 1
                        linked = statement in strand.shown and statement.id in s.placed
                        reached += linked or (a.source, a.quote) in cited
    return reached, total


# ---- evidence


@pytest.mark.parametrize("brief", ["memo", "full"])
def test_every_passage_a_judgment_rests_on_is_reachable(
    make_project: Callable[..., Path], brief: str
) -> None:
    """In a memo that shows none of the statements every passage is cited from the judgment;
    in a brief that shows them, the judgment links to each one's place instead."""
    memo = HEAD + "sections:\n  - judgments\n  - summary\n"
    full = HEAD + "sections:\n  - judgments\n  - history\n  - contested\n"
    root = make_project(
        {"content/judgments.yaml": JUDGMENTS, "briefs/memo.yaml": memo, "briefs/full.yaml": full}
    )
    s = selection(root, brief)
    reached, total = reachable(s)
    assert total == 4 and reached == total
    (entry,) = s.parts[0].entries
    labels = [st.label for st in entry.strands]
    assert labels == ["the dam's effect", "the treaty"]
    build(open_workspace(root), options=BuildOptions(briefs=(brief,), formats=("html",)))
    html = (root / "output" / brief / f"{brief}.html").read_text()
    evidence = re.search(r'<p class="evidence">(.*?)</p>', html, re.S)
    assert evidence and "Evidence: the dam’s effect" in evidence.group(1)
    if brief == "full":  # links to where the statements stand, no notes of their own
        assert 'href="#item-dam-effect"' in evidence.group(1)
        assert 'class="ref' not in evidence.group(1)
    else:  # every passage cited here, after its strand's punctuation (Chicago's order)
        assert evidence.group(1).count('class="ref"') == 4
        assert "effect;<a" in evidence.group(1) and "treaty.<a" in evidence.group(1)


def test_a_source_filter_leaves_a_judgments_evidence_whole(
    make_project: Callable[..., Path],
) -> None:
    """A judgment is the analyst's, resting on what it rests on: a brief's source filter does
    not thin its notes, and the sources they cite are listed (the brief cites them)."""
    memo = HEAD + "filters:\n  min_reliability: B\nsections:\n  - judgments\n  - summary\n"
    root = make_project({"content/judgments.yaml": JUDGMENTS, "briefs/memo.yaml": memo})
    s = selection(root, "memo")
    assert reachable(s) == (4, 4)
    assert {"north-gov-2022", "wire-2021"} <= {src.id for src in s.sources}


def test_the_example_judgments_reach_all_their_evidence() -> None:
    ws = open_workspace(REPO)
    for name in ws.briefs:
        s = select(ws.briefs[name], ws.project)
        reached, total = reachable(s)
        assert reached == total, (name, reached, total)


# ---- every phrase, every shipped language


def phrase_samples(s: Selection, p: Phrases) -> dict[str, object]:
    """Every phrase the tool says, with the sample project's data as its values."""
    contested = next(e for part in s.parts for e in part.entries if e.kind == "contested")
    member, notes = contested.members[0], contested.groups[0]
    source = s.sources[0]
    samples: dict[str, object] = {
        "note": p.note(s.notes[:2]),
        "attribution": p.attribution(s.notes[:1]),
        "sources_cited": p.sources_cited(s.notes),
        "position": p.position_line(member, notes),  # type: ignore[arg-type]
        "status": p.status(contested),
        "confidence": p.confidence("high"),
        "key": p.confidence_key(["high", "moderate", "low"]),
        "edition": p.edition(),
        "grades": p.grade_key(),
        "sources": p.sources_sentence(),
        "dates": p.dates_sentence(),
        "bibliography": p.bibliography(source),
        "draft": p.draft(
            [Draft("unverified", 2), Draft("standfirst"), Draft("bottom-lines", 1, ("History",))]
        ),
        "locator": p.locator("para 7"),
        "kind": p.kind(source),
    }
    return samples


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_phrase_is_said_in_every_shipped_language(
    make_project: Callable[..., Path], lang: str
) -> None:
    """Each phrase renders with sample values, every placeholder filled, no English word of the
    tool's own left in another language, and the English read as written sentences."""
    s = selection(
        make_project(
            {"briefs/f.yaml": BRIEF_FULL.replace("sections:", f"language: {lang}\nsections:")}
        ),
        "f",
    )
    phrases = Phrases(s, language(lang))
    texts = {
        k: as_text(v, phrases.lang) if isinstance(v, tuple) else str(v)
        for k, v in phrase_samples(s, phrases).items()
    }
    for name, text in texts.items():
        assert text and "%(" not in text and ")s" not in text, (lang, name, text)
    english_words = (
        "reported by",
        "draws on",
        "graded",
        "not for release",
        "Evidence",
        "confidence",
    )
    if lang != "en":
        for name, text in texts.items():
            assert not any(w in text for w in english_words), (lang, name, text)
    else:
        assert texts["sources"].startswith("This brief draws on 3 sources: ")
        assert texts["draft"] == (
            "not for release: 2 quotations not yet found in their sources’ current text; no bottom"
            " line up front; no bottom line for History."
        )
        assert texts["locator"] == "para. 7"
        assert "the Government of Northland, as reported by" in texts["position"]


def test_phrases_keep_to_the_grammar_of_names(make_project: Callable[..., Path]) -> None:
    """Actors read inside a sentence: an institution takes its article, a name's leading
    article is lower-cased ('a hydrologist'), in English only."""
    from dataclasses import replace

    from briefgen.render.phrases import mid_sentence

    s = selection(make_project(), "full")
    en, fr = Phrases(s, language("en")), Phrases(s, language("fr"))
    gov = s.actors["north-gov"]
    assert as_text(en.holder(gov), en.lang) == "the Government of Northland"
    assert as_text(fr.holder(gov), fr.lang) == "Government of Northland"
    person = replace(gov, name="A hydrologist at the institute", kind="person")
    assert as_text(en.holder(person), en.lang) == "a hydrologist at the institute"
    assert mid_sentence("A hydrologist", fr.lang) == "A hydrologist"


def test_french_phrases_contract_a_preposition_before_a_names_article(
    make_project: Callable[..., Path],
) -> None:
    """'position de le gouvernement' reads 'position du gouvernement' in French, in every
    phrase that puts a name after "de" or "à"; English and names without an article keep
    their words."""
    from dataclasses import replace

    from briefgen.languages import contract

    s = selection(make_project(), "full")
    fr, en = Phrases(s, language("fr")), Phrases(s, language("en"))
    gov = replace(s.actors["north-gov"], name="le gouvernement nordique", kind="group")
    assert as_text(fr.say("held by %(holder)s", holder=fr.holder(gov)), fr.lang) == (
        "position du gouvernement nordique"
    )
    assert as_text(en.say("held by %(holder)s", holder=en.holder(gov)), en.lang) == (
        "held by le gouvernement nordique"
    )
    assert contract("voir de ", "les agronomes", "fr") == ("voir des ", "agronomes")
    assert contract("De ", "Le Monde", "fr-CA") == ("Du ", "Monde")
    assert contract("grâce à ", "le barrage", "fr") == ("grâce au ", "barrage")
    assert contract("position de ", "Amnesty", "fr") == ("position d\u2019", "Amnesty")
    assert contract("position de ", "Haut-Kessar", "fr") == ("position de ", "Haut-Kessar")
    assert contract("de ", "Yves", "fr") == ("d\u2019", "Yves")
    assert contract("de ", "Yale", "fr") == ("de ", "Yale")
    assert contract("monde ", "le barrage", "fr") == ("monde ", "le barrage")
    assert contract("de ", "le barrage", "en") == ("de ", "le barrage")


def test_french_sets_a_note_call_before_the_full_stop(make_project: Callable[..., Path]) -> None:
    """A French brief prints "…¹." where an English one prints "….¹": the sentence's full stop
    and a judgment strand's semicolon follow the call; English stays as it was."""
    from briefgen.languages import calls_before_stop

    assert calls_before_stop("fr") and calls_before_stop("fr-CA") and not calls_before_stop("en")
    import lxml.html

    from tests.sample_project import PROJECT

    def endings(root: Path) -> set[str]:
        """How the brief's sentences end: 'call.' or '.call'."""
        build(
            open_workspace(root), options=BuildOptions(briefs=("b",), formats=("html",), force=True)
        )
        page = lxml.html.parse(str(root / "output/b/b.html")).getroot()
        for body in page.xpath("//span[@class='fn']"):
            body.drop_tree()
        texts = [s.text_content() for s in page.xpath("//span[@class='sentence']")]
        return {"call." if re.search(r"\w\u2060?\d+\.$", t) else ".call" for t in texts}

    brief = HEAD + "sections:\n  - section: history\n"
    french = make_project(
        {
            "content/project.yaml": PROJECT + "language: fr\n",
            "briefs/b.yaml": brief.replace("sections:", "language: fr\nsections:"),
        }
    )
    assert endings(french) == {"call."}
    english = make_project({"briefs/b.yaml": brief})  # the same folder, rewritten in English
    assert endings(english) == {".call"}


def test_a_note_starts_with_a_capital() -> None:
    """A note is a sentence: a short name written for running text ("le ministère", "l’AIP",
    "the Wire") starts it with a capital; a name written with a capital second letter stays."""
    from briefgen.render.phrases import Bold, Name, Words, capitalised

    assert capitalised((Bold((Name("l’AIP"),)), Words(", par. 9"))) == (
        Bold((Name("L’AIP"),)),
        Words(", par. 9"),
    )
    assert capitalised((Name("le ministère"),)) == (Name("Le ministère"),)
    assert capitalised((Name("the Wire"),)) == (Name("The Wire"),)
    assert capitalised((Name("eBay"),)) == (Name("eBay"),)
    assert capitalised(()) == ()


@pytest.mark.parametrize(("lang", "separator"), [("en", "; "), ("fr", "\u202f; "), ("ar", "؛ ")])
def test_lists_of_clauses_are_separated_in_the_languages_punctuation(
    make_project: Callable[..., Path], lang: str, separator: str
) -> None:
    """The confidence key's entries are separated by the language's semicolon (French: a
    narrow no-break space before it), as the notes' passages are."""
    s = selection(make_project(), "full")
    p = Phrases(s, language(lang))
    key = as_text(p.confidence_key(["high", "moderate", "low"]), p.lang)
    assert key.count(separator) >= 2, key
    if lang != "en":
        assert "; " not in key.replace(separator, ""), key


# ---- chronology


def test_a_section_of_dated_claims_reads_as_a_chronology_in_date_order(
    make_project: Callable[..., Path],
) -> None:
    claims = """\
section: history
claims:
  - id: c-2020
    text: Talks resumed.
    date: 2020-03
    attributions: [{source: wire-2021, quote: "Talks resumed in March.", locator: para 8}]
  - id: c-1950
    text: The treaty was signed.
    date: 1950
    attributions: [{source: wire-2021, quote: "The 1950 treaty split the river's flow evenly.", locator: para 3}]
  - id: c-undated
    text: The river feeds two farming regions.
    attributions: [{source: wire-2021, quote: "The river feeds two farming regions.", locator: para 2}]
  - id: c-2019
    text: The dam opened.
    date: 2019-05-02
    attributions: [{source: south-ngo, quote: "Since the dam opened, the flow has halved.", locator: para 1}]
"""
    brief = HEAD + "sections:\n  - history\n"
    root = make_project({"content/history.yaml": claims, "briefs/f.yaml": brief})
    build(open_workspace(root), options=BuildOptions(briefs=("f",), formats=("html",)))
    html = (root / "output/f/f.html").read_text()
    rows = re.findall(r'<tr id="item-([\w-]+)"><th scope="row"><time datetime="([\d-]+)">', html)
    assert rows == [("c-1950", "1950"), ("c-2019", "2019-05-02"), ("c-2020", "2020-03")]
    calls = [int(n) for n in re.findall(r'class="fn"[^>]*data-note="(\d+)"', html)]
    assert calls and calls == sorted(calls)  # notes numbered in the order the reader meets them
    assert 'id="item-c-undated"' in html.split('class="chronology"')[1]  # after the dated ones
    out = CliRunner().invoke(cli, ["--project", str(root), "check"])
    assert "section 'history' has no paragraphs yet: its 4 claims read one by one" in out.output


# ---- drafts and releases


def test_a_draft_says_so_and_a_release_build_refuses_it(make_project: Callable[..., Path]) -> None:
    brief = HEAD + "sections:\n  - history\n  - culture\n"
    culture = 'section: culture\nclaims:\n  - id: fest\n    text: A river festival is held.\n    attributions: [{source: wire-2021, quote: "a river festival", locator: para 9}]\n'
    root = make_project(
        {"briefs/f.yaml": brief, "content/culture.yaml": culture}, drop=("content/project.yaml",)
    )
    ws = open_workspace(root)
    s = select(ws.briefs["f"], ws.project)
    assert [d.kind for d in s.drafts] == ["standfirst", "bottom-lines"]
    build(ws, options=BuildOptions(briefs=("f",), formats=("html",)))
    html = (root / "output/f/f.html").read_text()
    assert "DRAFT – M" in html and 'class="draft-box"' in html
    assert "no bottom line for Culture" in html
    result = CliRunner().invoke(cli, ["--project", str(root), "build", "f", "--release", "--force"])
    assert result.exit_code == 3
    assert (
        "output/f: error: a draft, not released: no bottom line up front; no bottom line for Culture"
        in result.stderr
    )


def test_a_release_prints_no_workflow_state(make_project: Callable[..., Path]) -> None:
    root = make_project({"briefs/f.yaml": HEAD + "sections:\n  - history\n  - sources\n"})
    result = CliRunner().invoke(
        cli, ["--project", str(root), "build", "f", "--release", "-f", "html"]
    )
    assert result.exit_code == 0, result.output
    html = (root / "output/f/f.html").read_text()
    assert "DRAFT" not in html and "not verified" not in html and "checked" not in html


# ---- page budgets


def test_the_fitting_rules_apply_in_order() -> None:
    ws = open_workspace(REPO)
    memo = ws.briefs["executive"]
    assert levels(memo) == 4 + 1  # four rules, then the one appendix part (the summary)
    assert tightened(memo, 1).options.note_quotes is False
    assert tightened(memo, 2).options.notes_per == "sentence"
    assert all(p.layout == "compact" for p in tightened(memo, 3).parts if not p.is_builtin)
    assert all(
        p.filters.weight == "key" for p in tightened(memo, 4, ws.project).parts if not p.is_builtin
    )
    cut = tightened(memo, 5)
    assert cut.cut == ("summary",) and "summary" not in [p.name for p in cut.parts]
    assert "judgments" in [p.name for p in cut.parts]  # never left out


@pytest.mark.pdf
def test_an_over_budget_memo_is_fitted_and_refused_under_strict_when_rules_run_out(
    make_project: Callable[..., Path],
) -> None:
    long = "\n".join(
        f"  - id: c{i}\n    text: Statement {i} says the river ran low again in the long dry season of that year.\n"
        f'    attributions: [{{source: wire-2021, quote: "quote {i} of the wire", locator: para {i}}}]'
        for i in range(60)
    )
    history = "section: history\nbottom_line: Low water.\nparagraphs:\n  - claims:\n" + "\n".join(
        "  " + line for line in long.splitlines()
    )
    fits = (
        HEAD
        + "max_pages: 2\noptions:\n  note_quotes: true\nsections:\n  - section: history\n    depth: key\n  - sources\n"
    )
    never = HEAD + "max_pages: 1\nsections:\n  - history\n"
    root = make_project(
        {"content/history.yaml": history, "briefs/fits.yaml": fits, "briefs/never.yaml": never},
        drop=("content/timeline.yaml",),  # its one-sided event warns: --strict sees only this
    )
    results = {
        r.brief: r
        for r in build(
            open_workspace(root), options=BuildOptions(briefs=("fits", "never"), formats=("pdf",))
        )
    }
    # 'fits' keeps no item at depth key: the rules leave out its source list to fit
    assert results["fits"].pages is not None and results["fits"].pages <= 2
    never_pdf = root / "output/never/never.pdf"
    assert len(PdfReader(never_pdf).pages) > 1  # built as a draft that says so
    text = "".join(p.extract_text() for p in PdfReader(never_pdf).pages)
    assert "DRAFT" in text and "pages against a budget of 1" in text
    strict = CliRunner().invoke(
        cli, ["--project", str(root), "build", "never", "-f", "pdf", "--force", "--strict"]
    )
    assert strict.exit_code == 3, strict.output
    assert "over the budget of 1 (max_pages) after the fitting rules" in strict.stderr
    assert "cut from the largest parts: History" in strict.stderr


# ---- Word


def test_word_note_references_are_kept_apart_and_the_package_is_dated(
    make_project: Callable[..., Path],
) -> None:
    two = """\
section: history
bottom_line: Low water.
claims:
  - id: both
    text: Both sources report the low water.
    attributions:
      - {source: wire-2021, quote: "The river is low.", locator: para 1}
      - {source: south-ngo, quote: "The flow has halved.", locator: para 2}
"""
    root = make_project(
        {"content/history.yaml": two, "briefs/f.yaml": HEAD + "sections: [history]\n"}
    )
    build(open_workspace(root), options=BuildOptions(briefs=("f",), formats=("docx",)))
    with zipfile.ZipFile(root / "output/f/f.docx") as z:
        doc = z.read("word/document.xml").decode()
        core = z.read("docProps/core.xml").decode()
        styles = z.read("word/styles.xml").decode()
    refs = [m.start() for m in re.finditer("<w:footnoteReference ", doc)]
    assert len(refs) == 2
    between = doc[refs[0] : refs[1]]
    assert re.search(r"<w:t[^>]*>,</w:t>", between), "a comma run keeps the two calls apart"
    assert "2026-11-23T00:00:00Z" in core and "1970" not in core
    assert "KeywordTok" not in styles and 'w:styleId="SourceCode"' not in styles


def test_word_tables_take_column_widths_from_their_content() -> None:
    from briefgen.render.word_ast import content_widths

    widths = content_widths(
        ["No.", "Agreement"],
        [["1", "Treaty of friendship and brotherhood"], ["2", "Protocol on culture"]],
    )
    assert widths[0] < 0.2 < 0.8 < widths[1] and abs(sum(widths) - 1) < 1e-9


def test_latin_runs_in_a_thai_word_file_are_marked_as_such(
    make_project: Callable[..., Path],
) -> None:
    brief = HEAD.replace("title: T", "title: แม่น้ำ") + "language: th\nsections: [history]\n"
    root = make_project({"briefs/f.yaml": brief})
    build(open_workspace(root), options=BuildOptions(briefs=("f",), formats=("docx",)))
    with zipfile.ZipFile(root / "output/f/f.docx") as z:
        doc = z.read("word/document.xml").decode()
    # the English sentence of the content is tagged English, so its words are not broken as Thai
    run = re.search(r"<w:r>(?:(?!</w:r>).)*?The two states signed", doc, re.S)
    assert run and 'w:lang w:val="en"' in run.group(0)


def test_partial_date_sorts_in_a_chronology() -> None:
    assert sorted([PartialDate(2020, 3), PartialDate(1950), PartialDate(2019, 5, 2)]) == [
        PartialDate(1950),
        PartialDate(2019, 5, 2),
        PartialDate(2020, 3),
    ]
