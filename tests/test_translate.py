"""Translating the content: catalogs per language (`translate update`, `translate status`), briefs
in other languages that show the translations, and every missing or outdated translation
printed as the original, isolated in its language and direction, warned about and refused
by --strict."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import lxml.html
import pytest
from babel.messages.pofile import read_po, write_po

from briefgen.load.schema import SOURCE_KINDS
from briefgen.render.evidence import schema
from briefgen.render.phrases import KINDS as KIND_WORDS
from briefgen.translate.labels import label_messages
from tests.browser.projects import generate
from tests.sample_project import REPO
from tests.translation_project import BRIEF, TRANSLATIONS, translated, translation_root
from tests.watching import run_until_rebuilt


def catalog(root: Path, lang: str) -> Path:
    return root / "translations" / f"{lang}.po"


def fill(root: Path, lang: str, every: int = 1) -> int:
    """Translate every n-th entry of a catalog with the project's own translations (as a
    translator would in Poedit); the number translated."""
    path = catalog(root, lang)
    with path.open("rb") as fp:
        po = read_po(fp)
    done = 0
    for number, message in enumerate(m for m in po if m.id):
        text = translated(message.context, message.id, lang)
        if text and number % every == 0:
            message.string = text
            message.flags.discard("fuzzy")
            done += 1
    with path.open("wb") as fp:
        write_po(fp, po, width=76)
    return done


def html_of(root: Path, brief: str) -> str:
    return (root / "output" / brief / f"{brief}.html").read_text(encoding="utf-8")


@pytest.fixture
def tavi(tmp_path: Path) -> Path:
    return translation_root(tmp_path)


def test_update_writes_one_catalog_per_language(tavi: Path) -> None:
    result = generate("--project", tavi, "translate", "update", "tr", "fr")
    assert "translations/tr.po: 35 new" in result.stdout
    assert "translations/fr.po: 37 new" in result.stdout  # two Turkish quotes more
    text = catalog(tavi, "tr").read_text(encoding="utf-8")
    with catalog(tavi, "tr").open("rb") as fp:
        po = read_po(fp, abort_invalid=True)
    assert po.locale is not None and str(po.locale) == "tr"
    assert po.plural_forms == "nplurals=2; plural=(n != 1);"
    contexts = [m.context for m in po if m.id]
    # every text once, with its item and field as the context, in reading order (briefs last)
    assert len(contexts) == len(set(contexts) - {"quote:wire"}) + 4  # four quotes of one source
    assert set(TRANSLATIONS) <= set(contexts)
    assert contexts.index("talks-resume:heading") < contexts.index("talks-resume:text")
    assert contexts.index("talks-resume:text") < contexts.index("timetable:text")
    assert contexts[-1].startswith("brief:brief:")
    assert "#: content/crossing.yaml:" in text
    # a quote: its own text is the msgid, the analyst's translation a note for translators
    fr = catalog(tavi, "fr").read_text(encoding="utf-8")
    assert 'msgctxt "quote:haber"\nmsgid "Feribot mayıs ayından itibaren günde dört sefer' in fr
    assert "#. The analyst's translation: The ferry will make four crossings a day" in fr
    assert 'msgctxt "quote:haber"' not in text  # a Turkish quote needs no Turkish translation
    if shutil.which("msgfmt"):  # GNU gettext reads it as Poedit and Weblate do
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", catalog(tavi, "fr")], check=True)
    # a second update with nothing changed writes nothing
    again = generate("--project", tavi, "translate", "update", "tr")
    assert "translations/tr.po: up to date" in again.stdout
    assert catalog(tavi, "tr").read_text(encoding="utf-8") == text


def test_round_trip_with_an_edited_original(tavi: Path) -> None:
    for other in ("brief-fr", "brief-ar"):  # untranslated: they would warn too
        (tavi / "briefs" / f"{other}.yaml").unlink()
    generate("--project", tavi, "translate", "update", "tr")
    assert fill(tavi, "tr") == 35  # every entry
    generate("--project", tavi, "build", "brief-tr", "brief")
    html = html_of(tavi, "brief-tr")
    main = html.split('<main id="main">')[1]
    # all translated: nothing marked English but the verbatim quotes
    assert not re.search(r'<(?!q )\w+ lang="en" dir="ltr"', main)
    assert '<q lang="en" dir="ltr">' in main
    assert "Example Wire’a göre iki kasaba Mart 2025’te feribot görüşmelerine" in main
    assert '<h1 class="title">Tavi nehri feribotu</h1>' in html
    assert "Tartışmalı iddialar" in main and "Kasabalar masraf konusunda anlaşamıyor." in main
    # the English brief is untouched
    assert "Example Wire reports that the two towns resumed" in html_of(tavi, "brief")
    assert "warning" not in generate("--project", tavi, "check", "--strict").stderr

    # the analyst edits an original: its translation is outdated, and never printed as current
    content = tavi / "content" / "crossing.yaml"
    content.write_text(
        content.read_text(encoding="utf-8").replace("in March 2025", "on 14 March 2025"),
        encoding="utf-8",
    )
    check = generate("--project", tavi, "check", check=False)
    assert (
        "briefs/brief-tr.yaml:1:1: warning: 1 of the 33 texts the brief shows have no current"
        " translation in translations/tr.po (0 missing, 1 outdated)" in check.stderr
    )
    assert generate("--project", tavi, "check", "--strict", check=False).returncode == 1
    refused = generate("--project", tavi, "build", "--strict", "brief-tr", check=False)
    assert refused.returncode == 1 and "--strict: nothing built" in refused.stderr
    generate("--project", tavi, "build", "brief-tr")
    html = html_of(tavi, "brief-tr")
    sentence = re.search(r'<span class="sentence" id="item-talks-resume"([^>]*)>(.*?)&#8288;', html)
    assert sentence is not None
    assert sentence.group(1) == ' lang="en" dir="ltr"'  # with its note calls, in English
    assert "resumed talks on the ferry on 14 March 2025." in sentence.group(2)
    assert "Kıyı Haber’e göre feribot" in html  # the other sentences stay translated

    # update: the entry is fuzzy, with its previous original beside the new one
    updated = generate("--project", tavi, "translate", "update", "tr")
    assert "0 new, 1 fuzzy" in updated.stdout
    text = catalog(tavi, "tr").read_text(encoding="utf-8")
    entry = text.split('msgctxt "talks-resume:text"')[0].rsplit("\n\n", 1)[1]
    assert (
        "#, fuzzy" in entry and '#| "Example Wire reports that the two towns resumed talks' in entry
    )
    status = generate("--project", tavi, "translate", "status").stdout
    assert re.search(r"brief brief-tr\s+tr\s+33\s+32\s+97 %\s+1\s+0", status), status
    # the translator checks it and unmarks it: current again
    catalog(tavi, "tr").write_text(
        text.replace(
            "Mart 2025'te feribot görüşmelerine", "14 Mart 2025'te feribot görüşmelerine"
        ).replace(entry, "\n".join(line for line in entry.split("\n") if "fuzzy" not in line)),
        encoding="utf-8",
    )
    assert "brief-tr" not in generate("--project", tavi, "check").stderr
    generate("--project", tavi, "build", "brief-tr")
    assert "14 Mart 2025’te" in html_of(tavi, "brief-tr")


def test_status_per_language_and_brief(tavi: Path) -> None:
    generate("--project", tavi, "translate", "update", "tr", "fr")
    fill(tavi, "fr", every=2)
    status = generate("--project", tavi, "translate", "status").stdout
    rows = {line.split()[1]: line.split() for line in status.splitlines()[1:]}
    # catalog fr fr 37 19 51 % 0 18 translations/fr.po: texts, translated, outdated, missing
    assert rows["fr"][3:9] == ["37", "19", "51", "%", "0", "18"]
    assert rows["tr"][3:5] == ["35", "0"]
    assert rows["ar"][-3:] == ["translations/ar.po", "(none", "yet)"]
    # per brief: what each shows (the Arabic brief: nothing translated)
    assert rows["brief-ar"][3:5] == ["32", "0"]
    assert 0 < int(rows["brief-fr"][4]) < int(rows["brief-fr"][3])


def test_each_quote_translation_counts(tavi: Path) -> None:
    """The quotes of one source share a context: one left untranslated among them is still
    counted, warned about and refused by --strict."""
    for other in ("brief-fr", "brief-ar"):
        (tavi / "briefs" / f"{other}.yaml").unlink()
    generate("--project", tavi, "translate", "update", "tr")
    fill(tavi, "tr")
    assert "warning" not in generate("--project", tavi, "check", "--strict").stderr
    path = catalog(tavi, "tr")
    with path.open("rb") as fp:
        po = read_po(fp)
    wire = [m for m in po if m.context == "quote:wire"]
    assert len(wire) > 1  # the wire service is quoted several times
    wire[-1].string = ""
    with path.open("wb") as fp:
        write_po(fp, po, width=76)
    status = generate("--project", tavi, "translate", "status").stdout
    assert re.search(r"brief brief-tr\s+tr\s+33\s+32\s+97 %\s+0\s+1", status), status
    check = generate("--project", tavi, "check", "--strict", check=False)
    assert check.returncode == 1
    assert "1 of the 33 texts the brief shows have no current translation" in check.stderr


def test_a_figure_value_in_words_is_translated(tavi: Path) -> None:
    """A figure's value with words in it ("about 3") has an entry; a bare number has none."""
    generate("--project", tavi, "translate", "update", "tr")
    assert 'msgctxt "fare:value"' not in catalog(tavi, "tr").read_text(encoding="utf-8")  # "3"
    content = tavi / "content" / "crossing.yaml"
    content.write_text(
        content.read_text(encoding="utf-8").replace('value: "3"', "value: about 3"),
        encoding="utf-8",
    )
    generate("--project", tavi, "translate", "update", "tr")
    text = catalog(tavi, "tr").read_text(encoding="utf-8")
    assert 'msgctxt "fare:value"\nmsgid "about 3"\nmsgstr ""' in text
    fill(tavi, "tr")
    catalog(tavi, "tr").write_text(
        catalog(tavi, "tr")
        .read_text(encoding="utf-8")
        .replace('msgid "about 3"\nmsgstr ""', 'msgid "about 3"\nmsgstr "yaklaşık 3"'),
        encoding="utf-8",
    )
    generate("--project", tavi, "build", "brief-tr", "-f", "html")
    assert '<td class="value">yaklaşık 3 avro' in html_of(tavi, "brief-tr")


def test_quotes_stay_verbatim_with_a_translation_per_language(tavi: Path) -> None:
    generate("--project", tavi, "translate", "update", "tr", "fr")
    fill(tavi, "tr")
    fill(tavi, "fr")
    generate("--project", tavi, "build", "brief", "brief-tr", "brief-fr")
    turkish = "Feribot mayıs ayından itibaren günde dört sefer yapacak."
    for brief in ("brief", "brief-tr", "brief-fr"):
        assert f'<q lang="tr" dir="ltr">{turkish}</q>' in html_of(tavi, brief)
    english = html_of(tavi, "brief")
    assert "The ferry will make four crossings a day from May." in english  # the analyst's
    assert (
        '(traduction\u00a0: <q class="translation">Le bac fera quatre traversées par jour'
        in html_of(tavi, "brief-fr")
    )
    tr = html_of(tavi, "brief-tr")
    after = tr.split(turkish + "</q>")[1][:40]
    assert "çeviri" not in after  # a Turkish quote in a Turkish brief: no translation
    # an English quote in the Turkish brief, with its Turkish translation
    assert '<q lang="en" dir="ltr">Talks on the Tavi ferry resumed on Friday.</q>' in tr
    assert "Tavi feribotu görüşmeleri cuma günü yeniden başladı." in tr


def test_an_untranslated_brief_is_marked_and_warned(tavi: Path) -> None:
    check = generate("--project", tavi, "check")
    assert (
        "briefs/brief-fr.yaml:1:1: warning: the brief is in French (fr) but its content is in"
        " English (en): none of the 32 texts it shows is translated" in check.stderr
    )
    generate("--project", tavi, "build", "brief-fr", "-f", "html")
    html = html_of(tavi, "brief-fr")
    tree = lxml.html.fromstring(html.encode())
    # content text never puts markup in an attribute or in the <title>
    assert tree.findtext(".//title") == "The Tavi river ferry: Situation brief"
    for element in tree.iter():
        for name, value in element.attrib.items():
            assert "<" not in value, (element.tag, name, value)
    # every sentence, heading and name is marked English; the labels and note bodies French
    assert '<h1 class="title"><span lang="en" dir="ltr">The Tavi river ferry</span></h1>' in html
    assert '<span class="fn" id="fn-1" data-note="1" lang="fr" dir="ltr">' in html
    assert '(traduction\u00a0: <q class="translation"><span lang="en" dir="ltr">The ferry' in html


def test_an_arabic_brief_punctuates_in_arabic(tavi: Path) -> None:
    """The commas briefgen writes between a source, its date and its places are the brief
    language's (Arabic ،), in the notes and the positions table alike."""
    generate("--project", tavi, "build", "brief-ar", "-f", "html")
    html = html_of(tavi, "brief-ar")
    assert '</q>، <i><bdi dir="ltr">Example Wire' in html  # title، publisher
    tree = lxml.html.fromstring(html.encode())
    for part in tree.xpath("//aside[@id='notes'] | //table[contains(@class, 'positions')]"):
        for foreign in part.xpath(".//q | .//*[@lang and @lang != 'ar'] | .//bdi"):
            foreign.drop_tree()  # quotes, English originals and names keep their own commas
        text = part.text_content()
        assert "،" in text and "," not in text, text


def share(path: Path) -> tuple[float, str]:
    result = subprocess.run(
        [sys.executable, REPO / "scripts" / "language_share.py", path],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r": ([0-9.]+) % of", result.stdout)
    assert found is not None, result.stdout
    return float(found.group(1)), result.stdout


def test_share_of_body_text_in_the_brief_language(tavi: Path) -> None:
    generate("--project", tavi, "translate", "update", "fr")
    fill(tavi, "fr")
    generate("--project", tavi, "build", "brief-fr", "-f", "html")
    full, shown = share(tavi / "output" / "brief-fr" / "brief-fr.html")
    assert full == 100.0, shown
    generate("--project", tavi, "translate", "update", "fr")
    catalog(tavi, "fr").unlink()
    generate("--project", tavi, "translate", "update", "fr")
    fill(tavi, "fr", every=2)
    generate("--project", tavi, "build", "brief-fr", "-f", "html")
    half, shown = share(tavi / "output" / "brief-fr" / "brief-fr.html")
    assert 25 < half < full, shown
    none_yet = translation_root(tavi.parent / "again")
    generate("--project", none_yet, "build", "brief-fr", "-f", "html")
    untranslated, shown = share(none_yet / "output" / "brief-fr" / "brief-fr.html")
    assert untranslated < half, shown


@pytest.mark.pdf
def test_english_runs_in_an_arabic_pdf_keep_their_punctuation(tavi: Path) -> None:
    """An untranslated English sentence in an Arabic brief: its full stop and its note call
    stay at its own end (WeasyPrint lays out the element marked dir="ltr" left to right)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    generate("--project", tavi, "build", "brief-ar")
    text = subprocess.run(
        ["pdftotext", tavi / "output" / "brief-ar" / "brief-ar.pdf", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert "resumed talks on the ferry in March 2025.1" in flat
    assert "four times a day from May.2" in flat
    # no line of English prose (pdftotext marks the right-to-left ones, the Arabic labels' lines,
    # with U+202B) begins with the full stop or a note call of its sentence
    english = [
        line.strip()
        for line in text.splitlines()
        if re.search("[A-Za-z]{3}", line) and "\u202b" not in line
    ]
    assert len(english) > 10
    assert not [line for line in english if re.match(r"[.,;:]\s*[A-Za-z]|\d+[A-Z]", line)]


def test_quotes_in_the_other_direction_keep_their_marks_in_word(tavi: Path) -> None:
    """In an Arabic Word file, a left-to-right quote is held between two LRMs, so Word and
    LibreOffice set its marks with its words (“…”), not around it in the line's direction."""
    import zipfile

    generate("--project", tavi, "build", "brief-ar", "brief", "--format", "docx")

    def text(brief: str) -> str:
        with zipfile.ZipFile(tavi / "output" / brief / f"{brief}.docx") as docx:
            parts = [n for n in docx.namelist() if n.startswith("word/") and n.endswith(".xml")]
            return "".join(docx.read(n).decode("utf-8") for n in parts)

    arabic = text("brief-ar")
    assert "\u200e“Talks on the Tavi ferry resumed on Friday.”\u200e" in arabic
    assert "\u200e" not in text("brief")  # a left-to-right brief needs none


def test_labels_for_a_new_language_and_a_partial_catalog(tavi: Path) -> None:
    (tavi / "briefs" / "brief-hy.yaml").write_text("extends: brief\nlanguage: hy\n")
    (tavi / "briefs" / "memo-hy.yaml").write_text("extends: brief-hy\nsubtitle: Memo\n")
    before = generate("--project", tavi, "check").stderr
    assert "no message catalog for language 'hy'" in before
    written = generate("--project", tavi, "translate", "labels", "hy")
    labels = len(label_messages())
    assert f"locale/hy.po: written, {labels} labels, {labels} to translate" in written.stdout
    path = tavi / "locale" / "hy.po"
    with path.open("rb") as fp:
        po = read_po(fp, abort_invalid=True)
    assert {m.id for m in po if m.id} == set(label_messages())  # every label, plurals too
    assert po.num_plurals == 2 and str(po.locale) == "hy"
    # one warning for the catalog, not one per brief, with its count
    check = generate("--project", tavi, "check").stderr
    assert "no message catalog for language 'hy'" not in check
    partial = f"locale/hy.po: warning: {labels} of the {labels} labels have no translation"
    assert check.count(partial) == 1, check
    # the translator fills one label: counted, and shown
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('msgid "Contents"\nmsgstr ""', 'msgid "Contents"\nmsgstr "Բովանդակություն"'),
        encoding="utf-8",
    )
    check = generate("--project", tavi, "check").stderr
    assert f"locale/hy.po: warning: {labels - 1} of the {labels} labels" in check
    generate("--project", tavi, "build", "brief-hy")
    assert ">Բովանդակություն</h2>" in html_of(tavi, "brief-hy")
    # a second run keeps the translation and writes nothing
    again = generate("--project", tavi, "translate", "labels", "hy")
    assert f"up to date, {labels} labels, {labels - 1} to translate" in again.stdout


def test_watch_rebuilds_after_a_catalog_edit(tavi: Path) -> None:
    (tavi / "briefs" / "brief-ar.yaml").unlink()  # no PDF to wait for
    generate("--project", tavi, "translate", "update", "tr")
    translated: list[str] = []

    def edit() -> None:  # once watching (its first build untranslated): translate, until seen
        if not translated:
            assert "Tavi nehri feribotu" not in html_of(tavi, "brief-tr")
            fill(tavi, "tr")
            translated.append(catalog(tavi, "tr").read_text(encoding="utf-8"))
        catalog(tavi, "tr").write_text(translated[0], encoding="utf-8")

    out = run_until_rebuilt("watch", tavi, edit)
    watching = next(line for line in out.splitlines() if line.startswith("watching"))
    assert "translations/" in watching
    assert "changed: tr.po" in out
    assert "built brief-tr (html" in out
    assert '<h1 class="title">Tavi nehri feribotu</h1>' in html_of(tavi, "brief-tr")


def test_versions_in_other_languages_link_to_each_other(tavi: Path) -> None:
    # a brief for another audience in the same language is not a version of it; a brief that
    # says it is a translation is one
    (tavi / "briefs" / "memo.yaml").write_text("extends: brief\nsubtitle: Memo\n")
    (tavi / "briefs" / "ozet.yaml").write_text(
        BRIEF.replace("title: The Tavi river ferry", "title: Tavi feribotu özeti")
        + "language: tr\ntranslation_of: memo\n"
    )
    generate("--project", tavi, "build", "-f", "html")
    english = lxml.html.fromstring(html_of(tavi, "brief").encode())
    links = english.xpath("//p[@class='versions']/a")
    assert [(a.get("href"), a.get("lang"), a.text) for a in links] == [
        ("../brief-ar/brief-ar.html", "ar", "العربية"),
        ("../brief-fr/brief-fr.html", "fr", "Français"),
        ("../brief-tr/brief-tr.html", "tr", "Türkçe"),
    ]
    assert english.xpath("//p[@class='versions']/text()")[0] == "Also available in: "
    assert english.xpath("//link[@rel='alternate']/@hreflang") == ["ar", "fr", "tr"]
    arabic = lxml.html.fromstring(html_of(tavi, "brief-ar").encode())
    assert arabic.xpath("//p[@class='versions']/a/text()") == ["English", "Français", "Türkçe"]
    assert arabic.xpath("//p[@class='versions']/text()")[0].startswith("متوفر أيضًا")
    memo = lxml.html.fromstring(html_of(tavi, "memo").encode())
    assert memo.xpath("//p[@class='versions']/a/@href") == ["../ozet/ozet.html"]
    ozet = lxml.html.fromstring(html_of(tavi, "ozet").encode())
    assert ozet.xpath("//p[@class='versions']/a/@href") == ["../memo/memo.html"]
    # a translation of a brief that does not exist is an error
    (tavi / "briefs" / "ozet.yaml").write_text(
        (tavi / "briefs" / "ozet.yaml")
        .read_text()
        .replace("translation_of: memo", "translation_of: mem")
    )
    check = generate("--project", tavi, "check", check=False)
    assert check.returncode == 1
    assert (
        "briefs/ozet.yaml:1:1: error: translation_of names unknown brief 'mem' (did you mean 'memo'?)"
        in check.stderr
    )


def test_evidence_and_explain_of_a_french_brief_are_french(tavi: Path) -> None:
    # a source filter leaves a position out: the notice under the question is in French too
    (tavi / "briefs" / "notice-fr.yaml").write_text(
        "extends: brief-fr\nformats: [json]\nfilters:\n  perspectives: [international]\n"
    )
    generate("--project", tavi, "translate", "update", "fr")
    fill(tavi, "fr")
    generate("--project", tavi, "build", "notice-fr", "brief-fr", "-f", "json")
    data = json.loads((tavi / "output" / "brief-fr" / "brief-fr.json").read_text())
    jsonschema.validate(data, schema())
    assert data["untranslated"] == []
    texts = [s["text"] for s in data["statements"]] + [c["question"] for c in data["contested"]]
    french = {fr for _, fr in TRANSLATIONS.values()} | {"Tarif d'un aller simple: 3 euros"}
    assert set(texts) <= french, set(texts) - french
    assert data["parts"][0]["heading"] == "Synthèse"
    assert data["sources"][0]["reliability"]["meaning"] == "habituellement fiable"
    notice = json.loads((tavi / "output" / "notice-fr" / "notice-fr.json").read_text())
    said = (
        "Une autre position, défendue par Conseil municipal de la rive est, ne figure pas dans"
        " les sources de cette note."
    )
    assert notice["contested"][0]["notice"] == said
    generate("--project", tavi, "build", "notice-fr", "-f", "html")  # as the brief says it
    page = lxml.html.fromstring(html_of(tavi, "notice-fr").encode())
    assert " ".join(page.xpath("string(//p[@class='omitted-positions'])").split()) == said
    # an outdated text is named, with its language and why
    content = tavi / "content" / "contested.yaml"
    content.write_text(content.read_text().replace("Who should pay", "Who must pay"))
    generate("--project", tavi, "build", "brief-fr", "-f", "json")
    data = json.loads((tavi / "output" / "brief-fr" / "brief-fr.json").read_text())
    assert data["untranslated"] == [
        {"context": "who-pays:question", "language": "en", "state": "outdated"}
    ]
    # explain shows the brief's texts, headings and dates as the brief does
    explained = generate("--project", tavi, "explain", "brief-fr").stdout
    assert "[overview] Synthèse" in explained and "Tarif d'un aller simple, mars 2025" in explained
    assert "Selon Example Wire, les deux villes" in explained


def test_source_kinds_are_words_never_ids(tavi: Path) -> None:
    assert set(KIND_WORDS) == set(SOURCE_KINDS)  # every suggested kind has a catalog word
    sources = tavi / "content" / "sources.yaml"
    sources.write_text(
        sources.read_text()
        .replace("kind: wire", "kind: ngo")
        .replace("kind: newspaper", "kind: town-bulletin")
    )
    check = generate("--project", tavi, "check").stderr
    assert "warning: source kind 'town-bulletin' has no label: readers would see" in check
    generate("--project", tavi, "build", "brief", "brief-fr", "-f", "html")
    kinds = lxml.html.fromstring(html_of(tavi, "brief-fr").encode()).xpath(
        "//dl[@class='source-facts']/div[1]/dd/text()"
    )
    assert "organisation non gouvernementale" in kinds  # the catalog's word for a suggested kind
    assert "non-governmental organisation" in lxml.html.fromstring(
        html_of(tavi, "brief").encode()
    ).xpath("//dl[@class='source-facts']/div[1]/dd/text()")
    # the project names its own kind, and translates the name like the rest of the content
    sources.write_text(
        sources.read_text() + "source_kinds:\n  - id: town-bulletin\n    label: town bulletin\n"
    )
    assert "town-bulletin" not in generate("--project", tavi, "check").stderr
    generate("--project", tavi, "translate", "update", "fr")
    text = catalog(tavi, "fr").read_text(encoding="utf-8")
    assert 'msgctxt "kind:town-bulletin:label"\nmsgid "town bulletin"' in text
    catalog(tavi, "fr").write_text(
        text.replace(
            'msgid "town bulletin"\nmsgstr ""', 'msgid "town bulletin"\nmsgstr "bulletin municipal"'
        ),
        encoding="utf-8",
    )
    generate("--project", tavi, "build", "brief", "brief-fr", "-f", "html")
    assert "bulletin municipal" in html_of(tavi, "brief-fr")
    assert "town bulletin" in html_of(tavi, "brief")
