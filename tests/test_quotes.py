"""Quote marks per language and script (CLDR), alike in HTML, PDF and Word: a quote in its own
language's marks, the analyst's translation in the brief language's.  The Chinese project of
tests/script_projects.py quotes sources in Simplified and Traditional Chinese, English, French
and Japanese, in a brief per variant of Chinese."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from briefgen.render.quotes import QuoteMarks, quote_marks, quotes_css
from tests.browser.projects import generate
from tests.browser.tools import require_command
from tests.script_projects import chinese_root

HANS = QuoteMarks("“", "”", "‘", "’")
HANT = QuoteMarks("「", "」", "『", "』")
# per brief (its language): the marks of its translations
BRIEFS = {"zh-hans": "“”", "zh": "“”", "zh-tw": "「」", "zh-hant": "「」"}
# the quotes as every brief prints them, each in its own language's marks
QUOTES = (
    "“渔获量在五年内减少了三分之一。”",  # zh-Hans
    "「漁獲量在五年內減少了三分之一。」",  # zh-TW
    "“The dam has not lowered the river.”",  # en
    "«\u202fLes poissons ne remontent plus.\u202f»",  # fr
    "「ダムは川の水位を下げていない。」",  # ja
)
TRANSLATIONS = ("水坝没有降低河流水位。", "鱼不再洄游了。")


@pytest.mark.parametrize(
    ("tag", "marks"),
    [
        ("zh", HANS),
        ("zh-Hans", HANS),
        ("zh-CN", HANS),
        ("zh-SG", HANS),
        ("zh-Hant", HANT),
        ("zh-TW", HANT),
        ("zh-HK", HANT),
        ("ja", HANT),
        ("en", HANS),
        ("de", QuoteMarks("„", "“", "‚", "‘")),
        ("ru", QuoteMarks("«", "»", "„", "“")),
        ("fr", QuoteMarks("«\u202f", "\u202f»", "«\u202f", "\u202f»")),
        ("fr-CH", QuoteMarks("«\u202f", "\u202f»", "‹\u202f", "\u202f›")),
        ("qaa", HANS),  # a language CLDR does not know: the root's marks
    ],
)
def test_quote_marks_come_from_cldr(tag: str, marks: QuoteMarks) -> None:
    assert quote_marks(tag) == marks


def test_the_more_specific_language_rule_comes_last() -> None:
    rules = quotes_css(["zh-TW", "zh", "en"]).splitlines()
    assert [r.split(" {")[0] for r in rules] == ["q:lang(en)", "q:lang(zh)", "q:lang(zh-TW)"]
    assert rules[2] == r'q:lang(zh-TW) { quotes: "\300c " "\300d " "\300e " "\300f "; }'


@pytest.fixture(scope="module")
def chinese(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = chinese_root(tmp_path_factory.mktemp("quotes"))
    generate("--project", root, "build", "--format", "html", "--format", "pdf", "--format", "docx")
    return root


def out(root: Path, brief: str, ext: str) -> Path:
    return root / "output" / f"brief-{brief}" / f"brief-{brief}.{ext}"


def squashed(text: str) -> str:
    """Text with line ends and spaces taken out (the narrow no-break space too: poppler gives
    it as a space)."""
    return re.sub(r"\s+", "", text)


def expected(brief: str) -> list[str]:
    opening, closing = BRIEFS[brief]
    return [*QUOTES, *(f"{opening}{t}{closing}" for t in TRANSLATIONS)]


@pytest.mark.pdf
@pytest.mark.parametrize("brief", sorted(BRIEFS))
def test_html_gives_each_quote_its_language_marks(chinese: Path, brief: str) -> None:
    html = out(chinese, brief, "html").read_text(encoding="utf-8")
    css = dict(re.findall(r"q:lang\(([\w-]+)\) \{ quotes: ([^;]*); \}", html))
    hans, hant = r'"\201c " "\201d "', r'"\300c " "\300d "'
    assert css["zh-Hans"].startswith(hans) and css["zh-TW"].startswith(hant)
    assert css["ja"].startswith(hant) and css["fr"].startswith(r'"\ab \202f "')
    brief_tag = re.search(r'<html lang="([^"]+)"', html)
    assert brief_tag is not None
    assert css[brief_tag.group(1)].startswith(hans if BRIEFS[brief] == "“”" else hant)
    assert '<q lang="zh-TW" dir="ltr">漁獲量在五年內減少了三分之一。</q>' in html
    assert '<q class="translation">鱼不再洄游了。</q>' in html  # the brief language's marks


@pytest.mark.pdf
@pytest.mark.parametrize("brief", sorted(BRIEFS))
def test_pdf_prints_each_quote_in_its_language_marks(chinese: Path, brief: str) -> None:
    tool = require_command("pdftotext", "poppler-utils")
    pdf = out(chinese, brief, "pdf")
    text = subprocess.run([tool, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True)
    printed = squashed(text.stdout)
    missing = [q for q in expected(brief) if squashed(q) not in printed]
    assert not missing, missing


@pytest.mark.pdf
@pytest.mark.parametrize("brief", sorted(BRIEFS))
def test_word_prints_each_quote_in_its_language_marks(chinese: Path, brief: str) -> None:
    with zipfile.ZipFile(out(chinese, brief, "docx")) as docx:
        xml = docx.read("word/footnotes.xml").decode("utf-8")
    text = squashed(re.sub(r"<[^>]+>", "", xml))
    missing = [q for q in expected(brief) if squashed(q) not in text]
    assert not missing, missing
    assert 'w:lang w:val="zh-TW"' in xml and 'w:lang w:val="ja"' in xml  # quotes tagged
    assert "«\u202fLes poissons" in xml
