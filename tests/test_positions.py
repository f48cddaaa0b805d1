"""No silent one-sided disputes: what each filter does to a contested claim's positions."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.cli.main import cli
from briefgen.render.i18n import language
from briefgen.render.phrases import Phrases, as_text
from briefgen.selection.select import select
from briefgen.validate.workspace import open_workspace
from tests.sample_project import CONTESTED

HEAD = "title: T\nedition: 2026-11-23\nmarking: M\n"

# the sample dispute with a third position, the wire's own account: three perspective groups
# (northland: government C; southland: advocacy D, undated; international: wire B)
THREE = (
    CONTESTED
    + """\
      - stance: Some effect
        summary: The wire reports a fall of a fifth in the dry season.
        attributions:
          - source: wire-2021
            quote: "The dry-season flow fell by a fifth."
            locator: para 7
"""
)
SOUTH = (
    "One further position, held by the Government of Southland, is outside this brief’s sources."
)
WIRE = "One further position, Example Wire’s own account, is outside this brief’s sources."
NORTH_SOUTH = (
    "Two further positions, held by the Government of Northland and the Government of "
    "Southland, are outside this brief’s sources."
)
NORTH_WIRE = (
    "Two further positions, held by the Government of Northland and Example Wire’s own "
    "account, are outside this brief’s sources."
)


def project(make_project: Callable[..., Path], entry: str, options: str = "") -> Path:
    brief = HEAD + options + "sections:\n  - section: contested\n" + entry + "  - sources\n"
    # without the timeline, whose event the balance lint flags: the strict check sees only this
    files = {"content/contested.yaml": THREE, "briefs/f.yaml": brief}
    return make_project(files, drop=("content/timeline.yaml",))


def shown(root: Path) -> tuple[list[str], str | None] | None:
    """The stances the brief shows for the dispute and its notice; None when it is left out."""
    ws = open_workspace(root)
    assert [str(p) for p in ws.errors] == []
    part = select(ws.briefs["f"], ws.project).parts[0]
    if not part.entries:
        return None
    (entry,) = part.entries
    if not entry.omitted:
        return [m.stance for m in entry.members], None  # type: ignore[union-attr]
    selection = select(ws.briefs["f"], ws.project)
    phrases = Phrases(selection, language("en"))
    return [m.stance for m in entry.members], as_text(phrases.omitted(entry), phrases.lang)  # type: ignore[union-attr]


def check(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--project", str(root), "check", *args])
    return result.exit_code, result.output


ALL = ["No effect", "Severe effect", "Some effect"]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        # filters on the item keep the claim with every position, or drop it whole
        ("    tags: [dam]\n", (ALL, None)),
        ("    tags: [treaty]\n", None),
        ("    exclude_tags: [dam]\n", None),
        ("    exclude_tags: [treaty]\n", (ALL, None)),
        ("    since: 2023\n", (ALL, None)),  # a contested claim is undated: kept whole
        ("    until: 1990\n", (ALL, None)),
        ("    depth: key\n", (ALL, None)),  # the claim is key
        ("    max_items: 1\n", (ALL, None)),
        # source filters drop a position, and the brief says so
        ("    min_reliability: C\n", (["No effect", "Some effect"], SOUTH)),
        ("    source_kinds: [wire, government]\n", (["No effect", "Some effect"], SOUTH)),
        ("    perspectives: [northland, international]\n", (["No effect", "Some effect"], SOUTH)),
        ("    perspectives: [northland, southland]\n", (["No effect", "Severe effect"], WIRE)),
        # one position left: kept with the same notice (no dispute is dropped in silence)
        ("    min_reliability: B\n", (["Some effect"], NORTH_SOUTH)),
        ("    source_kinds: [advocacy]\n", (["Severe effect"], NORTH_WIRE)),
        # no position left: the claim goes, as any statement without a source
        ("    min_reliability: A\n", None),
    ],
)
def test_each_filter_keeps_every_position_drops_the_claim_or_says_so(
    make_project: Callable[..., Path],
    entry: str,
    expected: tuple[list[str], str | None] | None,
) -> None:
    root = project(make_project, entry)
    assert shown(root) == expected
    code, out = check(root, "--strict")
    if expected is not None and len(expected[0]) == 1:  # one position: warned, refused
        assert code == 1
        assert re.search(
            r"briefs/f\.yaml:\d+:\d+: warning: brief 'f' shows the contested claim 'dam-effect' "
            r"with one position \(left out: .+: no source .+; .+: no source .+\): "
            r"widen the source filters or set options\.dropped_positions: keep",
            out,
        ), out
    elif expected is not None and expected[1] is not None:  # a perspective group lost: refused
        assert code == 1
        assert re.search(
            r"briefs/f\.yaml:\d+:\d+: warning: brief 'f' shows the contested claim 'dam-effect' "
            r"without any source of the perspective group '[^']+' \(left out: .+: no source .+\): "
            r"widen the source filters or set options\.dropped_positions: keep",
            out,
        ), out
    else:
        assert code == 0, out


@pytest.mark.parametrize(
    "entry",
    [
        "    min_reliability: C\n",
        "    source_kinds: [wire, government]\n",
        "    perspectives: [northland, international]\n",
    ],
)
def test_keep_shows_every_position_of_a_kept_claim(
    make_project: Callable[..., Path], entry: str
) -> None:
    root = project(make_project, entry, "options:\n  dropped_positions: keep\n")
    assert shown(root) == (ALL, None)
    assert check(root, "--strict")[0] == 0
    # a source filter leaving one position keeps every position too
    one = project(make_project, "    min_reliability: B\n", "options:\n  dropped_positions: keep\n")
    assert shown(one) == (ALL, None)


def test_dropped_positions_takes_notice_or_keep(make_project: Callable[..., Path]) -> None:
    root = project(make_project, "", "options:\n  dropped_positions: hide\n")
    code, out = check(root)
    assert code == 1
    assert "'dropped_positions' must be one of notice, keep, not 'hide'" in out


def test_holders_first_then_the_sources_own_accounts(make_project: Callable[..., Path]) -> None:
    # the wire's own account and the Government of Southland's position, both left out
    brief = HEAD + "sections:\n  - section: contested\n    perspectives: [northland]\n"
    four = (
        THREE
        + """\
      - held_by: north-gov
        stance: Seasonal effect
        summary: A fourth account.
        attributions:
          - source: north-gov-2022
            quote: "The summer flow is lower."
            locator: para 4
"""
    )
    root = make_project({"content/contested.yaml": four, "briefs/f.yaml": brief})
    assert shown(root) == (
        ["No effect", "Seasonal effect"],
        "Two further positions, held by the Government of Southland and Example Wire’s own "
        "account, are outside this brief’s sources.",
    )


def test_two_positions_left_out_are_named_in_one_sentence(
    make_project: Callable[..., Path],
) -> None:
    four = (
        THREE
        + """\
      - held_by: north-gov
        stance: Seasonal effect
        summary: A fourth account.
        attributions:
          - source: south-ngo
            quote: "Northland admits the summer flow is lower."
            locator: para 4
            held_by: north-gov
"""
    )
    brief = HEAD + "sections:\n  - section: contested\n    min_reliability: C\n"
    root = make_project({"content/contested.yaml": four, "briefs/f.yaml": brief})
    assert shown(root) == (
        ["No effect", "Some effect"],
        "Two further positions, held by the Government of Southland and the Government of "
        "Northland, are outside this brief’s sources.",
    )


@pytest.mark.parametrize("layout", ["prose", "register", "compact"])
def test_the_notice_is_in_the_html_of_every_layout(
    make_project: Callable[..., Path], layout: str
) -> None:
    root = project(make_project, f"    min_reliability: C\n    layout: {layout}\n")
    build(open_workspace(root), options=BuildOptions(briefs=("f",), formats=("html",)))
    html = (root / "output/f/f.html").read_text(encoding="utf-8")
    assert SOUTH in html
    assert "Severe effect" not in html and "flow has halved" not in html
    if layout != "compact":
        assert "3 positions, 2 shown" in html


@pytest.mark.pdf
@pytest.mark.parametrize("layout", ["prose", "compact"])
def test_the_notice_is_in_the_pdf_text(make_project: Callable[..., Path], layout: str) -> None:
    root = project(make_project, f"    min_reliability: C\n    layout: {layout}\n")
    build(open_workspace(root), options=BuildOptions(briefs=("f",), formats=("pdf",)))
    reader = PdfReader(root / "output/f/f.pdf")
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert SOUTH in text, text


def test_explain_and_compare_list_every_dropped_position(
    make_project: Callable[..., Path],
) -> None:
    root = project(make_project, "    min_reliability: C\n")
    keep = HEAD + "options:\n  dropped_positions: keep\nsections:\n  - section: contested\n"
    keep += "    min_reliability: C\n"
    (root / "briefs/k.yaml").write_text(keep, encoding="utf-8")
    run = CliRunner()
    out = run.invoke(cli, ["--project", str(root), "explain", "f"]).stdout.splitlines()
    i = next(n for n, line in enumerate(out) if line.startswith("    + dam-effect"))
    assert out[i + 1] == (
        "        - position left out: Government of Southland (Severe effect): no source graded "
        "C or better (the brief says so under the question)"
    )
    out = run.invoke(cli, ["--project", str(root), "explain", "k"]).stdout.splitlines()
    assert (
        "        position kept: Government of Southland (Severe effect): no source graded C or "
        "better, shown all the same (options.dropped_positions: keep)"
    ) in out
    result = run.invoke(cli, ["--project", str(root), "compare", "f", "k"])
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert "in both: 1 items" in out
    i = out.index("positions left out in f (1):")
    assert " ".join(out[i + 1].split()) == (
        "dam-effect Government of Southland (Severe effect): no source graded C or better"
    )
    assert "positions left out in k (0):" in out


@pytest.mark.parametrize("layout", ["prose", "compact"])
def test_the_notice_is_in_the_word_file(make_project: Callable[..., Path], layout: str) -> None:
    root = project(make_project, f"    min_reliability: C\n    layout: {layout}\n")
    build(open_workspace(root), options=BuildOptions(briefs=("f",), formats=("docx",)))
    document = docx.Document(str(root / "output/f/f.docx"))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any(SOUTH in " ".join(t.split()) for t in texts), texts
    if layout == "prose":
        assert any("3 positions, 2 shown" in t for t in texts)


NOTICES = {
    "en": "Two further positions, held by the Government of Southland and Example Wire’s own "
    "account, are outside this brief’s sources.",
    "fr": "Deux autres positions, défendue par Government of Southland et la version propre "
    "d’Example Wire, ne figurent pas dans les sources de cette note.",
    "ar": "موقفان آخران، يتبناه Government of Southland ورواية Example Wire الخاصة، يقعان خارج "
    "مصادر هذا الموجز.",
}


@pytest.mark.parametrize("lang", NOTICES)
def test_the_notice_in_the_brief_language(make_project: Callable[..., Path], lang: str) -> None:
    """The notice is composed in the brief's language in the HTML (prose and compact layouts)
    and the Word file; in English it is the select's sentence, byte for byte."""
    four = (
        THREE
        + """\
      - held_by: north-gov
        stance: Seasonal effect
        summary: A fourth account.
        attributions:
          - source: north-gov-2022
            quote: "The summer flow is lower."
            locator: para 4
"""
    )
    head = HEAD + f"language: {lang}\n"
    files = {"content/contested.yaml": four}
    for layout in ("prose", "compact"):
        files[f"briefs/{layout}.yaml"] = (
            head + "sections:\n  - section: contested\n    perspectives: [northland]\n"
            f"    layout: {layout}\n"
        )
    root = make_project(
        files, drop=("content/timeline.yaml", "briefs/full.yaml", "briefs/short.yaml")
    )
    build(open_workspace(root), options=BuildOptions(formats=("html", "docx")))
    expected = NOTICES[lang]
    for layout in ("prose", "compact"):
        page = (root / f"output/{layout}/{layout}.html").read_text(encoding="utf-8")
        text = " ".join(re.sub(r"<[^>]+>", "", page).split())
        assert expected in text, (layout, text)
        document = docx.Document(str(root / f"output/{layout}/{layout}.docx"))
        texts = [p.text for p in document.paragraphs]
        texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert any(expected in " ".join(t.split()) for t in texts), texts
