"""The content's language when content/ does not declare it: taken from the script its texts
are written in and the briefs written in that script, with a warning saying how to declare it;
English content (or declared content) is left as it is."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from briefgen.cli.main import cli
from tests.sample_project import write_project

SOURCES = """\
sources:
  - id: wire
    title: "{title}"
    publisher: River Wire
    published: 2025-03-05
    kind: wire
    perspective: Regional wire service
    perspective_group: media
    reliability: B
    reliability_note: Established wire service
"""
CONTENT = """\
sections:
  - id: river
    title: {heading}
section: river
claims:
  - id: catch
    text: {text}
    attributions:
      - source: wire
        quote: "{text}"
        locator: para 2
"""
KHMER = ("ការនេសាទ", "អ្នកនេសាទចាប់ត្រីបានតិចជាងមុន។")
ENGLISH = ("Fishing", "Fishers catch fewer fish than before.")


def project(base: Path, texts: tuple[str, str], *languages: str, declared: str = "") -> Path:
    heading, text = texts
    files = {
        "content/sources.yaml": SOURCES.format(title=heading),
        "content/river.yaml": CONTENT.format(heading=heading, text=text),
    }
    if declared:
        files["content/project.yaml"] = f"language: {declared}\n"
    for lang in languages:
        files[f"briefs/b-{lang.lower()}.yaml"] = (
            f"title: T\nedition: 2026-01-15\nmarking: M\nlanguage: {lang}\nsections: [river]\n"
        )
    return write_project(base, files)


def check(root: Path) -> str:
    result = CliRunner().invoke(cli, ["--project", str(root), "check"])
    assert result.exit_code == 0, result.output
    return result.output


def html(root: Path, brief: str) -> str:
    result = CliRunner().invoke(cli, ["--project", str(root), "build", "--format", "html", brief])
    assert result.exit_code == 0, result.output
    return (root / "output" / brief / f"{brief}.html").read_text(encoding="utf-8")


def test_khmer_content_is_taken_to_be_in_the_khmer_brief_language(tmp_path: Path) -> None:
    root = project(tmp_path, KHMER, "km", "en")
    out = check(root)
    assert (
        "content/project.yaml: warning: the content does not declare its language; its texts"
        " are in Khmer script, so it is taken to be in 'km'" in out
    )
    assert "translate update km" not in out  # not an untranslated brief
    page = html(root, "b-km")
    assert 'lang="en"' not in page.split("</head>")[1].split('class="colophon"')[0]
    # the English brief of the same content prints it as Khmer, isolated in its language
    assert f'lang="km" dir="ltr">{KHMER[1]}' in html(root, "b-en")


def test_chinese_variants_share_their_language(tmp_path: Path) -> None:
    root = project(tmp_path, ("渔业", "渔民的渔获量减少了。"), "zh-Hans", "zh-TW")
    assert "so it is taken to be in 'zh'" in check(root)


def test_no_brief_in_the_script_keeps_english_and_says_to_declare(tmp_path: Path) -> None:
    root = project(tmp_path, KHMER, "en", "fr")
    out = check(root)
    assert "its texts are in Khmer script, not in 'en', the language assumed: declare it" in out


def test_english_and_declared_content_say_nothing(tmp_path: Path) -> None:
    assert "does not declare its language" not in check(project(tmp_path / "en", ENGLISH, "km"))
    declared = project(tmp_path / "km", KHMER, "km", declared="km")
    assert "does not declare its language" not in check(declared)


def test_an_untranslated_brief_of_undeclared_content_names_the_declaration(
    tmp_path: Path,
) -> None:
    out = check(project(tmp_path, ENGLISH, "vi"))
    assert "none of the" in out
    assert "if the content is written in Vietnamese (vi), declare 'language: vi'" in out
