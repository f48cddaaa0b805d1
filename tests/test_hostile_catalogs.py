"""A project's message catalogs are data: each problem is `locale/xx.po:LINE:1: error: …`, exit 1.

Hostile catalogs of our own (issue 29's classes): placeholders that do not fit the message
they translate, plural headers out of bounds (checked before anything large is made), plural
expressions that cannot be read or divide by zero, encodings, special files and links.
"""

from __future__ import annotations

import os
import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.catalogs import check_plural_forms, read_checked, safe_plural
from briefgen.errors import BuildError, Location, Severity
from briefgen.languages import CATALOGS, SHIPPED
from tests.sample_project import BRIEF_FULL, BRIEF_SHORT
from tests.test_hostile import run_bounded

PLURALS = "nplurals=2; plural=(n > 1);"


def po(*entries: str, plural_forms: str = PLURALS, charset: str = "utf-8") -> str:
    """A catalog: the header (on lines 1 to 5), then the entries, each after a blank line."""
    header = (
        'msgid ""\nmsgstr ""\n'
        '"Language: fr\\n"\n'
        f'"Plural-Forms: {plural_forms}\\n"\n'
        f'"Content-Type: text/plain; charset={charset}\\n"\n'
    )
    return header + "".join(f"\n{e}\n" for e in entries)


SOURCES = (
    'msgid "%(num)s position"\nmsgid_plural "%(num)s positions"\nmsgstr[0] "{0}"\nmsgstr[1] "{1}"'
)
PAGE = 'msgid "Page %(page)s of %(pages)s"\nmsgstr "{0}"'
# each: the catalog, the line of its error, words of the message
CATALOGS_BAD: dict[str, tuple[str, int, str]] = {
    "width": (
        po(SOURCES.format("%(num)999999999d position", "%(num)s positions")),
        7,
        "must be written as in the message it translates: %(num)s",
    ),
    "precision": (
        po(SOURCES.format("%(num).9999s position", "%(num)s positions")),
        7,
        "must be written as in",
    ),
    "star-width": (
        po(SOURCES.format("%(num)*s source", "%(num)s sources")),
        7,
        "must be written as in",
    ),
    "other-type": (
        po(SOURCES.format("%(num)d source", "%(num)s sources")),
        7,
        "must be written as in",
    ),
    "unknown-name": (
        po(SOURCES.format("%(nombre)s source", "%(num)s sources")),
        7,
        "placeholder %(nombre)s is not in the message it translates (its placeholders: %(num)s)",
    ),
    "positional": (
        po(SOURCES.format("%s source", "%(num)s sources")),
        7,
        "placeholder %s is not in the message",
    ),
    "lone-percent": (
        po(PAGE.format("Page %(page)s sur %(pages)s à 100%")),
        7,
        "a '%' that starts no placeholder",
    ),
    "page-width": (
        po(PAGE.format("Page %(page)s sur %(pages)99999999s")),
        7,
        "must be written as in",
    ),
    "in-the-plural-form": (
        po(SOURCES.format("%(num)s source", "%(num)0999999d sources")),
        7,
        "must be written as in",
    ),
    "nplurals-huge": (
        po(plural_forms="nplurals=999999999; plural=n;"),
        4,
        "nplurals must be a whole number from 1 to 6, not '999999999'",
    ),
    "nplurals-zero": (
        po(plural_forms="nplurals=0; plural=0;"),
        4,
        "nplurals must be a whole number from 1 to 6",
    ),
    "nplurals-negative": (
        po(plural_forms="nplurals=-1; plural=0;"),
        4,
        "nplurals must be a whole number",
    ),
    "nplurals-words": (
        po(plural_forms="nplurals=two; plural=n;"),
        4,
        "nplurals must be a whole number",
    ),
    "nplurals-arabic-digits": (
        po(plural_forms="nplurals=٢; plural=(n > 1);"),
        4,
        "nplurals must be a whole number",
    ),
    "no-plural": (po(plural_forms="nplurals=2;"), 4, "has no plural= expression"),
    "divide-by-zero": (po(plural_forms="nplurals=2; plural=n/0;"), 4, "divides by zero for n = 0"),
    "modulo-zero": (po(plural_forms="nplurals=2; plural=n%(n-n);"), 4, "divides by zero for n = 0"),
    "zero-at-seven": (
        po(plural_forms="nplurals=2; plural=(2/(n-7)) > 5;"),
        4,
        "divides by zero for n = 7",
    ),
    "form-out-of-range": (
        po(plural_forms="nplurals=2; plural=n;"),
        4,
        "gives form 2 for n = 2, but nplurals is 2",
    ),
    "negative-form": (po(plural_forms="nplurals=2; plural=0-1;"), 4, "gives form -1 for n = 0"),
    "python-code": (
        po(plural_forms="nplurals=2; plural=__import__('os').system('touch CANARY');"),
        4,
        "cannot be read",
    ),
    "too-long": (
        po(plural_forms="nplurals=2; plural=" + "(n==1)||" * 60 + "0;"),
        4,
        "the limit is 400",
    ),
    "too-deep": (
        po(plural_forms="nplurals=2; plural=" + "(" * 40 + "n" + ")" * 40 + " > 1;"),
        4,
        "cannot be read",
    ),
    "huge-number": (
        po(plural_forms="nplurals=2; plural=n > " + "9" * 300 + ";"),
        0,
        "",
    ),  # reads fine
    "charset": (po(charset="rot13"), 5, "charset=rot13 is not supported"),
    "msgstr-index": (
        po('msgid "%(num)s source"\nmsgid_plural "%(num)s sources"\nmsgstr[999999999] "x"'),
        0,
        "cannot read message catalog",
    ),
    "syntax": (
        po('garbage line\nmsgid "Topic"\nmsgstr "Sujet"'),
        7,
        "cannot read message catalog: Unknown or misformatted keyword",
    ),
    "no-msgstr": (po('msgid "Topic"'), 7, "cannot read message catalog: missing msgstr"),
}


@pytest.fixture
def french(make_project: Callable[..., Path]) -> Callable[[str | bytes], Path]:
    """The sample project with French briefs and the given locale/fr.po."""

    def make(catalog: str | bytes) -> Path:
        root = make_project(
            {
                "briefs/short.yaml": BRIEF_SHORT + "language: fr\nformats: [html, docx]\n",
                "briefs/full.yaml": BRIEF_FULL + "language: fr\nformats: [html]\n",
            }
        )
        (root / "locale").mkdir()
        path = root / "locale/fr.po"
        if isinstance(catalog, bytes):
            path.write_bytes(catalog)
        else:
            path.write_text(catalog, encoding="utf-8")
        return root

    return make


@pytest.mark.parametrize("case", sorted(CATALOGS_BAD))
def test_a_bad_catalog_is_a_located_error_exit_1(
    french: Callable[[str | bytes], Path], case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, line, words = CATALOGS_BAD[case]
    root = french(text)
    monkeypatch.chdir(root)
    for command in ("check", "build"):
        code, output = run_bounded(root, command)
        if not words:
            assert code == 0, output
            continue
        assert code == 1, output
        errors = [x for x in output.splitlines() if ": error: " in x]
        assert errors and all(x.startswith("locale/fr.po:") for x in errors), errors
        if line:
            assert errors[0].startswith(f"locale/fr.po:{line}:1: error: "), errors
        assert words in errors[0], errors
        assert "internal error" not in output
    assert not (root / "CANARY").exists()
    assert not (root / "output/short/short.html").exists() or not words


def test_nplurals_is_bounded_before_anything_large_is_made() -> None:
    text = po(
        SOURCES.format("%(num)s source", "%(num)s sources"),
        plural_forms="nplurals=999999999; plural=n;",
    )
    tracemalloc.start()
    try:
        catalog, problems = read_checked(text.encode(), "locale/fr.po")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert catalog is None and len(problems) == 1
    assert peak < 5 * 1024 * 1024, peak  # the old reader made a list of 999999999 forms: 7.5 GiB


def test_a_plural_dividing_by_zero_beyond_the_tried_numbers_is_a_located_error() -> None:
    forms = "nplurals=2; plural=(2/(n-5000)) > 5;"  # n = 5000 is not among the numbers tried
    check_plural_forms(forms)
    choose = safe_plural(forms, Location("locale/fr.po", 4))
    assert choose(4999) == 0
    with pytest.raises(BuildError) as refused:
        choose(5000)
    assert str(refused.value.problems[0]) == (
        "locale/fr.po:4:1: error: the plural expression divides by zero for n = 5000"
    )


def test_a_control_character_in_a_translation_is_a_located_warning(
    french: Callable[[str | bytes], Path],
) -> None:
    root = french(po('msgid "Sources"\nmsgstr "Sources\x07\x1b[2J"'))
    code, output = run_bounded(root, "check")
    assert code == 0, output
    assert re.search(r"^locale/fr\.po:7:1: warning: the translation holds U\+0007", output, re.M)
    assert "\x1b" not in output and "\x07" not in output
    code, output = run_bounded(root, "build")
    assert code == 0, output
    page = (root / "output/short/short.html").read_text()
    assert "Sources\ufffd\ufffd[2J" in page and "\x07" not in page


CATALOG_FILES: dict[str, Callable[[Path], None]] = {
    "fifo": lambda p: os.mkfifo(p),
    "folder": lambda p: p.mkdir(),
    "link-out": lambda p: p.symlink_to("/etc/passwd"),
    "link-loop": lambda p: p.symlink_to(p.name),
    "dangling": lambda p: p.symlink_to("nowhere.po"),
    "not-utf8": lambda p: p.write_bytes(
        po('msgid "Topic"\nmsgstr "Sujet"').encode() + b'\nmsgid "x"\nmsgstr "\xff\xfe"\n'
    ),
    "huge": lambda p: p.write_bytes(b"#" * (5 * 1024 * 1024)),
}


@pytest.mark.parametrize("kind", sorted(CATALOG_FILES))
def test_a_catalog_that_is_not_a_readable_file_is_a_located_error(
    make_project: Callable[..., Path], kind: str
) -> None:
    root = make_project({"briefs/short.yaml": BRIEF_SHORT + "language: fr\nformats: [html]\n"})
    (root / "locale").mkdir()
    CATALOG_FILES[kind](root / "locale/fr.po")
    code, output = run_bounded(root, "check")
    assert code == 1, output
    errors = [x for x in output.splitlines() if ": error: " in x]
    assert errors and errors[0].startswith("locale/fr.po"), output
    assert "root:" not in output


def test_a_catalog_that_fits_builds_in_french(french: Callable[[str | bytes], Path]) -> None:
    root = french(
        po(
            SOURCES.format("%(num)s position", "%(num)s positions à lire"),
            PAGE.format("p. %(page)s/%(pages)s"),
        )
    )
    code, output = run_bounded(root, "build")
    assert code == 0, output
    page = (root / "output/full/full.html").read_text()
    assert "positions à lire" in page and '"p. " counter(page) "/" counter(pages)' in page


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_catalogs_pass_the_same_checks(name: str) -> None:
    catalog, problems = read_checked((CATALOGS / f"{name}.po").read_bytes(), f"locale/{name}.po")
    assert catalog is not None and problems == []


def test_content_catalogs_are_checked_without_formatting() -> None:
    """For the translate helper: a message that is text (50% of the flow) is not a format."""
    text = po('msgid "Northland takes 50% of the flow."\nmsgstr "Le Nord prend 50 % du débit."')
    catalog, problems = read_checked(text.encode(), "locale/content/fr.po", formatted=False)
    assert catalog is not None and problems == []
    bad = po('msgid "x"\nmsgstr "y"', plural_forms="nplurals=99999; plural=n;")
    assert read_checked(bad.encode(), "locale/content/fr.po", formatted=False)[0] is None
    warned = read_checked(po('msgid "x"\nmsgstr "y\x00"').encode(), "c.po", formatted=False)[1]
    assert [p.severity for p in warned] == [Severity.WARNING]
