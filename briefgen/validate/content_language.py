"""The content's language when content/ does not declare one: English, unless its texts are
written in another script than Latin and one brief language is written in that script."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace

from briefgen.errors import Location, Problem, Severity
from briefgen.languages import CONTENT_LANGUAGE, primary, script_of
from briefgen.model import Brief, Project

SAMPLE = 20_000  # letters enough to tell a script: content in one script is told in far fewer
# a language's script as CLDR gives it, against the scripts its letters are in (ICU)
LETTERS = {
    "Hans": ("Hani",),
    "Hant": ("Hani",),
    "Jpan": ("Hani", "Hira", "Kana"),
    "Kore": ("Hang", "Hani"),
}


def main_script(texts: Iterable[str]) -> str:
    """The ISO 15924 code of the script most of the texts' letters are in ('' for none)."""
    import icu  # ICU: only for content that does not declare its language

    counts: Counter[str] = Counter()
    seen = 0
    for text in texts:
        for ch in text:
            if ch.isalpha():
                counts[str(icu.Script.getScript(ord(ch)).getShortName())] += 1
                seen += 1
        if seen > SAMPLE:
            break
    return counts.most_common(1)[0][0] if counts else ""


def content_texts(project: Project) -> Iterable[str]:
    """The analyst's running texts: section titles and statements."""
    yield from (s.title for s in project.sections if s.title)
    for item in project.items:
        text = getattr(item, "text", None)
        if isinstance(text, str):
            yield text


def script_name(code: str) -> str:
    """A script's English name from its ISO 15924 code (Khmr → Khmer)."""
    import icu

    return str(icu.Locale(f"und_{code}").getDisplayScript(icu.Locale("en"))) or code


def written_in(tag: str, script: str) -> bool:
    """True when a language's letters are in the script (zh in Han, ja in Han or kana)."""
    own = script_of(tag)
    return script in LETTERS.get(own, (own,))


def with_content_language(
    project: Project, briefs: Mapping[str, Brief]
) -> tuple[Project, list[Problem]]:
    """The project with its content language taken from its script when undeclared, and the
    warning that says what was taken and how to declare it."""
    if project.language_loc is not None:
        return project, []
    script = main_script(content_texts(project))
    if script in ("", "Latn", "Zyyy", "Zinh"):
        return project, []
    where = Location("content/project.yaml")
    matching = sorted(
        {b.language for b in briefs.values() if written_in(b.language, script)},
    )
    name = script_name(script)
    shared = {primary(tag) for tag in matching}
    if len(shared) == 1:
        language = matching[0] if len(matching) == 1 else shared.pop()
        message = (
            f"the content does not declare its language; its texts are in {name} script, so it"
            f" is taken to be in '{language}', the language of the briefs written in it: declare"
            f" 'language: {language}' in content/project.yaml"
        )
        return replace(project, language=language), [Problem(where, message, Severity.WARNING)]
    message = (
        f"the content does not declare its language and its texts are in {name} script, not in"
        f" '{CONTENT_LANGUAGE}', the language assumed: declare it ('language: <tag>') in"
        " content/project.yaml"
    )
    return project, [Problem(where, message, Severity.WARNING)]
