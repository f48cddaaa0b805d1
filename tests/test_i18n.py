"""Localised briefs: complete catalogs, labels, dates and page strings in each shipped language,
a project's own catalog, right-to-left Arabic (dir, mirrored page), isolated content names, quote
marks of the quote's language and the analyst's translation of a quote."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from pypdf import PdfReader

from briefgen.languages import CATALOGS, SHIPPED
from briefgen.model import PartialDate
from briefgen.render.i18n import language
from briefgen.translate.labels import label_messages
from tests.browser.projects import generate
from tests.multilingual_project import BRIEF_TEXTS, multilingual_root
from tests.test_scripts import notdef_letters

PLACEHOLDERS = re.compile(r"%\((\w+)\)s")
EDITION = date(2026, 11, 23)
# per language: words of labels the PDF text must hold (each word is checked on its own: the
# text layer of a right-to-left line may come out in visual order)
LABELS = {
    "en": ["Contents", "Bottom", "line", "Timeline", "Page"],
    "fr": ["Sommaire", "L’essentiel", "Chronologie", "Page", "sur"],
    "tr": ["İçindekiler", "Özet", "değerlendirme", "Kronoloji", "Sayfa"],
    "ru": ["Содержание", "Итог", "Хронология", "Стр."],
    "ar": ["المحتويات", "الخلاصة", "التسلسل", "الزمني", "الصفحة"],
}
ENGLISH_ONLY = ["Contents", "Bottom line", "Timeline", "Page 1 of", "Reported by", "Source:"]


def used_messages() -> dict[str | tuple[str, ...], str]:
    """Every message the built-in templates and briefgen's code show, with where it is used
    (the package's own extraction, which `briefgen translate labels` writes)."""
    return label_messages()


def test_the_word_file_labels_are_extracted() -> None:
    messages = used_messages()
    for message in ("Organisation", "Positions on: %(question)s"):
        assert messages.get(message, "").startswith("briefgen/render/word_ast.py:"), message
    assert "%(label)s: %(value)s" in messages  # the changes part's too
    assert ("%(num)s position", "%(num)s positions") in messages
    assert "Source: %(source)s" in messages and "Evidence: %(strands)s" in messages


def test_the_extraction_finds_the_labels() -> None:
    messages = used_messages()
    assert "Contents" in messages and "Page %(page)s of %(pages)s" in messages
    assert ("%(num)s position", "%(num)s positions") in messages
    assert len(messages) > 100


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_catalog_has_every_label(lang: str) -> None:
    with (CATALOGS / f"{lang}.po").open("rb") as fp:
        catalog = read_po(fp, abort_invalid=True)
    problems = []
    for message, where in used_messages().items():
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        if entry is None or entry.fuzzy:
            problems.append(f"{where}: {message!r} missing")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if isinstance(message, tuple) != isinstance(entry.id, tuple):
            problems.append(f"{where}: {message!r} plural and singular mixed up")
        if isinstance(message, tuple) and len(strings) != catalog.num_plurals:
            problems.append(f"{where}: {message!r} needs {catalog.num_plurals} plural forms")
        wanted = set(PLACEHOLDERS.findall(key))
        for text in strings:
            if not text:
                problems.append(f"{where}: {message!r} not translated")
                continue
            have = set(PLACEHOLDERS.findall(text))
            # a plural form may leave the number out ("مصدر واحد": one source)
            allowed = wanted - {"num"} if isinstance(message, tuple) else wanted
            if not allowed <= have <= wanted:
                problems.append(f"{where}: {message!r} → {text!r}: placeholders {have} ≠ {wanted}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", SHIPPED)
def test_no_catalog_keeps_a_label_nothing_shows(lang: str) -> None:
    with (CATALOGS / f"{lang}.po").open("rb") as fp:
        catalog = read_po(fp)
    used = {m[0] if isinstance(m, tuple) else m for m in used_messages()}
    stale = sorted(m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id)
    assert [m for m in stale if m not in used] == []


def test_dates_and_numbers_come_from_cldr() -> None:
    day, month, year = PartialDate(2026, 11, 23), PartialDate(2024, 8), PartialDate(2023)
    assert language("en").date(day) == "23 November 2026"  # as before: day first
    assert language("en-US").date(day) == "November 23, 2026"
    assert language("fr").date(day) == "23 novembre 2026"
    assert language("fr").date(month) == "août 2024"
    assert language("tr").date(day) == "23 Kasım 2026"
    assert language("ru").date(month) == "август 2024\u202fг."
    assert language("ar").date(year) == "2023"
    assert language("fr").number(12400) == "12\u202f400"
    assert language("ar").rtl and language("he").rtl and language("fa").rtl
    assert not language("tr").rtl


def test_page_string_is_css_of_the_catalog() -> None:
    assert language("en").page_css() == '"Page " counter(page) " of " counter(pages)'
    assert language("fr").page_css() == '"Page " counter(page) " sur " counter(pages)'


def test_list_words_follow_the_language() -> None:
    assert language("en").join(["A", "B", "C"]) == "A, B and C"
    assert language("fr").join(["A", "B"]) == "A et B"
    assert language("en").join(["<b>"]) == "&lt;b&gt;"


def test_a_project_catalog_overrides_a_label_and_cannot_inject_markup(make_project) -> None:  # type: ignore[no-untyped-def]
    catalog = """\
    msgid ""
    msgstr ""
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Language: fr\\n"

    msgid "Contents"
    msgstr "Table des matières <script>x</script>"
    """
    brief = """\
    title: Le fleuve Ama
    edition: 2026-11-23
    marking: DIFFUSION RESTREINTE
    language: fr
    sections: [history, timeline, sources]
    """
    root = make_project({"locale/fr.po": catalog, "briefs/short.yaml": brief})
    generate("--project", root, "build", "short", "--format", "html")
    html = (root / "output" / "short" / "short.html").read_text(encoding="utf-8")
    assert "Table des matières &lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>" not in html
    assert ">Chronologie<" in html  # the shipped French catalog for the rest
    assert '<html lang="fr" dir="ltr">' in html


def test_a_language_without_a_catalog_is_a_warning(make_project) -> None:  # type: ignore[no-untyped-def]
    brief = """\
    title: The Ama river
    edition: 2026-11-23
    marking: FOR OFFICIAL USE ONLY
    language: am
    sections: [history]
    """
    root = make_project({"briefs/short.yaml": brief})
    result = generate("--project", root, "check", "--no-cache")
    assert "briefs/short.yaml" in result.stderr
    assert "no message catalog for language 'am': the labels are in English" in result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = multilingual_root(tmp_path_factory.mktemp("i18n"))
    generate("--project", root, "build", "--jobs", "2")
    return root


def brief_html(root: Path, lang: str) -> str:
    return (root / "output" / f"brief-{lang}" / f"brief-{lang}.html").read_text(encoding="utf-8")


def pdf_text(root: Path, lang: str) -> list[str]:
    reader = PdfReader(root / "output" / f"brief-{lang}" / f"brief-{lang}.pdf")
    return [page.extract_text() for page in reader.pages]


@pytest.mark.pdf
@pytest.mark.parametrize("lang", SHIPPED)
def test_labels_dates_and_pages_in_the_brief_language(built: Path, lang: str) -> None:
    pages = pdf_text(built, lang)
    text = "\n".join(pages)
    for word in LABELS[lang]:
        assert word in text, f"{lang}: label word {word!r} not in the PDF text"
    locale = "en_GB" if lang == "en" else lang
    month = format_date(EDITION, "MMMM", locale=locale)
    if lang == "ru":
        month = format_date(EDITION, "d MMMM", locale=locale).split()[-1]  # ноября: genitive
    assert month in text, f"{lang}: edition month {month!r}"
    page_word = LABELS[lang][-1] if lang != "fr" else "Page"
    for number, page in enumerate(pages, start=1):
        assert page_word in page, f"{lang}: page {number} has no page string"
    if lang != "en":
        for english in ENGLISH_ONLY:
            assert english not in text, f"{lang}: English {english!r} left in the PDF"
    assert BRIEF_TEXTS[lang][0].split()[0] in text


@pytest.mark.pdf
def test_arabic_runs_right_to_left(built: Path) -> None:
    html = brief_html(built, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert '<html lang="en" dir="ltr">' in brief_html(built, "en")
    # the page string sits at the bottom left (the HTML's own @page rule: no string(), which
    # HTML checkers refuse); the running title at the top right, the section at the top left
    assert "@bottom-left { content: " in html and "string(" not in html
    pdf = built / "output" / "brief-ar" / "brief-ar.pdf"
    title = BRIEF_TEXTS["ar"][0]
    right, left = third(pdf, 2, "right", top=True), third(pdf, 2, "left", top=True)
    assert "".join(title.split()) in right and "".join(title.split()) not in left, (right, left)
    assert left  # the section's heading
    assert "الصفحة2" in third(pdf, 2, "left", top=False)
    # content names are isolated, and the English content (untranslated: no catalog) is marked
    # as English; the coverage chart's section labels stand on the right
    untranslated = '<span lang="en" dir="ltr">%s</span>'
    assert '<bdi dir="ltr">' + untranslated % "Government of Highland" + "</bdi>" in html
    # a sentence or heading in the other direction runs in its own (its "?" stays at its end)
    question = untranslated % "Who takes most of the lake’s fish?"
    assert '<bdi dir="ltr">' + question + "</bdi>" in html
    assert '<bdi dir="rtl">' in brief_html(
        built, "en"
    )  # an Arabic source title in the English brief
    chart = re.search(r'<svg[^>]*class="chart coverage".*?</svg>', html, re.S)
    assert chart is not None
    # laid out left to right: the mirrored anchors are not swapped again by the page's direction
    assert 'direction="ltr"' in chart.group(0).split(">", 1)[0]
    label = re.search(
        r'<text x="([0-9.]+)" y="[0-9.]+" text-anchor="start">Fisheries</text>', chart.group(0)
    )
    assert label is not None and float(label.group(1)) > 280, chart.group(0)[:600]


def third(pdf: Path, page: int, side: str, top: bool) -> str:
    """The text of the left or right third of a page's head or foot band (22 mm), in reading
    order (poppler's; its bidi marks and all spacing left out)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    band, width, height = 22 * 72 / 25.4, 595, 842  # A4, in points (poppler's -r 72 pixels)
    x = 0 if side == "left" else 2 * width // 3
    y = 0 if top else height - band
    crop = ["-x", str(x), "-y", str(int(y)), "-W", str(width // 3), "-H", str(int(band))]
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), *crop, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return "".join(re.sub("[\u202a-\u202e]", "", out).split())


def title_columns(pdf: Path) -> tuple[float, float, float]:
    """The title line of page 1: where its dark pixels start and end, and the page width (pt)."""
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")
    from PIL import Image

    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    page = re.search(r'<page width="([0-9.]+)" height="([0-9.]+)"', bbox)
    assert page is not None
    width = float(page.group(1))
    words = [
        (float(a), float(b), float(c), float(d))
        for a, b, c, d in re.findall(
            r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)"', bbox
        )
    ]
    tallest = max(words, key=lambda w: w[3] - w[1])  # the 22 pt title
    top, bottom = tallest[1], tallest[3]
    dpi = 72
    png = pdf.parents[2] / f"{pdf.stem}-page-1"  # beside output/, not in it
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-gray",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(png),
        ],
        check=True,
    )
    image = Image.open(f"{png}.png").convert("L")
    columns = [
        x
        for x in range(image.width)
        for y in range(int(top), int(bottom) + 1)
        if image.getpixel((x, y)) < 128
    ]
    return min(columns), max(columns), width


@pytest.mark.pdf
def test_arabic_title_stands_on_the_right_of_the_page(built: Path) -> None:
    start, end, width = title_columns(built / "output" / "brief-ar" / "brief-ar.pdf")
    assert start > width / 2, (start, end, width)  # right-aligned: the line begins past the middle
    start, end, width = title_columns(built / "output" / "brief-en" / "brief-en.pdf")
    assert end < width / 2, (start, end, width)  # the English title stays on the left


@pytest.mark.pdf
def test_arabic_pdf_draws_every_letter(built: Path) -> None:
    reader = PdfReader(built / "output" / "brief-ar" / "brief-ar.pdf")
    assert not notdef_letters(reader)


@pytest.mark.pdf
def test_quote_in_its_language_with_the_translation(built: Path) -> None:
    html = brief_html(built, "en")
    assert (
        '<q lang="am" dir="ltr">ሃይላንድ የጋራ ኮታ ሐሳብ አቀረበ።</q> (translation: '
        '<q class="translation">Highland proposed a common quota.</q>)'
    ) in html
    text = "\n".join(pdf_text(built, "en"))
    assert "translation: “Highland proposed a common quota.”" in re.sub(r"\s+", " ", text)
    assert "«ሃይላንድ" in text  # Amharic quote marks for the Amharic quote
    fr = re.sub(r"\s+", " ", "\n".join(pdf_text(built, "fr")))
    assert "traduction : « Highland proposed a common quota. »" in fr
    # an English quote in the Arabic brief keeps English quote marks, the Arabic one the Arabic
    # press's guillemets (the text layer of a right-to-left line may put the closing stop first)
    ar = "\n".join(pdf_text(built, "ar"))
    assert re.search(r"“\.?Catches on Keru lake have fallen by a third in five years\.?”", ar)
    assert re.search(r"[«»]\.?ترفض ساحل أي حصة قبل إجراء مسح مشترك\.?[«»]", ar)


def accent_columns(png: Path, rows: int) -> list[int]:
    """The columns of the title's colour (the accent, #1f3b5a) in the top rows of a screenshot."""
    from PIL import Image

    image = Image.open(png).convert("RGB")
    return [
        x
        for y in range(min(rows, image.height))
        for x in range(image.width)
        if (lambda r, g, b: r < 70 and g < 90 and 70 < b < 130 and b > r + 25)(
            *image.getpixel((x, y))
        )
    ]


@pytest.mark.pdf
@pytest.mark.browser
def test_arabic_title_stands_on_the_right_in_a_browser(built: Path, tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium")
    spans = {}
    for lang in ("ar", "en"):
        png = tmp_path / f"{lang}.png"
        html = built / "output" / f"brief-{lang}" / f"brief-{lang}.html"
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--screenshot={png}",
                "--window-size=1000,260",
                html.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )
        columns = accent_columns(png, 260)
        assert columns, f"{lang}: no title pixels in the screenshot"
        spans[lang] = (min(columns), max(columns))
    assert spans["ar"][0] > 500, spans  # the Arabic title is in the right half of the page
    assert spans["en"][1] < 500, spans  # the English one in the left half


def test_hebrew_runs_right_to_left_with_english_labels(make_project) -> None:  # type: ignore[no-untyped-def]
    brief = """\
    title: "הנהר עמה"
    edition: 2026-11-23
    marking: FOR OFFICIAL USE ONLY
    language: he
    sections: [history, sources]
    """
    root = make_project({"briefs/short.yaml": brief})
    result = generate("--project", root, "build", "short", "--format", "html")
    assert "no message catalog for language 'he'" in result.stderr
    html = (root / "output" / "short" / "short.html").read_text(encoding="utf-8")
    assert '<html lang="he" dir="rtl">' in html
    assert ">Contents<" in html  # no catalog: the English labels
    assert "23 בנובמבר 2026" in html  # CLDR's Hebrew date


def test_an_edited_project_catalog_rebuilds_the_brief(make_project) -> None:  # type: ignore[no-untyped-def]
    """The project's locale/ folder is an input of the no-op fast path like content/ and briefs/."""
    catalog = """\
    msgid ""
    msgstr ""
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Language: fr\\n"

    msgid "Contents"
    msgstr "Table des matières"
    """
    brief = """\
    title: Le fleuve Ama
    edition: 2026-11-23
    marking: DIFFUSION RESTREINTE
    language: fr
    formats: [html]
    sections: [history, sources]
    """
    root = make_project(
        {"locale/fr.po": catalog, "briefs/short.yaml": brief},
        drop=("briefs/full.yaml",),
    )
    html = root / "output" / "short" / "short.html"
    for _ in range(3):  # until the no-op state is recorded
        if "nothing changed" in generate("--project", root, "build").stdout:
            break
    assert "Table des matières" in html.read_text(encoding="utf-8")
    po = root / "locale" / "fr.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace("Table des matières", "Sommaire du dossier")
    )
    result = generate("--project", root, "build")
    assert "nothing changed" not in result.stdout
    assert "Sommaire du dossier" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", SHIPPED)
def test_the_shipped_labels_are_typeset(lang: str) -> None:
    """A label prints an apostrophe (’) and the language's quote marks, never a typewriter's
    straight ' or " (the analyst's text gets them from the Markdown typographer)."""
    with (CATALOGS / f"{lang}.po").open("rb") as f:
        catalog = read_po(f)
    straight = [
        m.id
        for m in catalog
        if m.id
        for s in (m.string if isinstance(m.string, tuple) else (m.string,))
        if "'" in s or '"' in s
    ]
    assert straight == []
