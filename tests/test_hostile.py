"""Hostile projects: a project you did not write builds safely or fails with one located line.

Each case counts in the corpus reported by `test_corpus_summary`: clean (the documented exit
code and a located one-line error, or a correct build), internal error (exit 4), hang (over
the bound), exfiltration (a secret from outside the project in an output) or stale output.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import cli as cli_module
from briefgen.cli import cli
from tests.sample_project import BRIEF_FULL, BRIEF_SHORT

SECRET = "TOP-SECRET-7f3a9c"
LOCATED_LINE = re.compile(r"^templates/[^:\s]+:\d+: error: \S")
HTML_ONLY = {
    "briefs/short.yaml": BRIEF_SHORT + "formats: [html]\n",
    "briefs/full.yaml": BRIEF_FULL + "formats: [html]\n",
}


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the project that must never reach an output."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"{SECRET}\n<p>{SECRET}</p>\n")
    return path


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Callable[..., Path]:
    """The sample project, HTML only, with extra or replaced files."""

    def make(files: dict[str, str] | None = None) -> Path:
        return make_project({**HTML_ONLY, **(files or {})})

    return make


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--project", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def outputs_text(root: Path) -> str:
    """Everything the build wrote, as text."""
    return "".join(
        p.read_bytes().decode("utf-8", "replace")
        for p in (root / "output").rglob("*")
        if p.is_file()
    )


# --- templates: sandbox, confinement, located mistakes ---------------------------------

ESCAPES = {
    "mro-subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "cycler-globals": "{{ cycler.__init__.__globals__.os.system('touch CANARY') }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].popen('touch CANARY').read() }}",
    "format-attr": "{{ '{0.__class__.__init__.__globals__}'.format(s) }}",
    "context-private": "{{ self._TemplateReference__context }}",
    "mro-via-attr": "{{ (s | attr('__class__')).__mro__ }}",
}


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_a_template_cannot_escape_the_sandbox(
    project: Callable[..., Path], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"templates/parts/timeline.html.j2": ESCAPES[name] + "\n"})
    monkeypatch.chdir(root)
    code, out, err = run(root, "build")
    assert code == 3, err
    lines = [line for line in err.splitlines() if ": error: " in line]
    assert lines and all(LOCATED_LINE.match(line) for line in lines), err
    assert lines[0].startswith("templates/parts/timeline.html.j2:1: error: ")
    assert not (root / "CANARY").exists() and "internal error" not in err
    assert "built" in out and (root / "output/short/short.html").is_file()  # the other brief
    assert not (root / "output/full/full.html").exists()


TEMPLATE_MISTAKES = {
    "syntax": ("<p>\n{% if %}\n</p>\n", 2, "Expected an expression"),
    "unclosed": ("<ul>\n{% for x in part.entries %}\n<li>\n", 3, "for"),
    "undefined": ("<p>\n{{ no_such_name.title }}\n</p>\n", 2, "undefined"),
    "undefined-attribute": ("<p>\n\n{{ part.no_such_field }}\n", 3, "no_such_field"),
    "zero-division": ("<p>{{ 1 / 0 }}</p>\n", 1, "ZeroDivisionError"),
    "include-passwd": ('<p>\n{% include "../../etc/passwd" %}\n', 2, "not found"),
    "include-absolute": ('{% include "/etc/passwd" %}\n', 1, "not found"),
    "include-missing": ('\n\n{% include "parts/nope.html.j2" %}\n', 3, "not found"),
}


@pytest.mark.parametrize("name", sorted(TEMPLATE_MISTAKES))
def test_a_template_mistake_is_one_located_line_and_the_other_briefs_build(
    project: Callable[..., Path], name: str
) -> None:
    text, line, words = TEMPLATE_MISTAKES[name]
    root = project({"templates/parts/timeline.html.j2": text})
    code, out, err = run(root, "build")
    assert code == 3, err
    errors = [e for e in err.splitlines() if ": error: " in e]
    assert len(errors) == 1, err
    assert errors[0].startswith(f"templates/parts/timeline.html.j2:{line}: error: "), err
    assert words.lower() in errors[0].lower()
    assert "root:" not in errors[0] and "internal error" not in err
    assert (root / "output/short/short.html").is_file() and "short" in out
    fixed = project({"templates/parts/timeline.html.j2": "<p>fixed</p>\n"})
    assert run(fixed, "build")[0] == 0


def test_a_syntax_error_in_the_main_template_fails_every_brief_cleanly(
    project: Callable[..., Path],
) -> None:
    root = project({"templates/brief.html.j2": "<html>\n\n{% block %}\n"})
    code, _, err = run(root, "build")
    assert code == 3
    errors = [e for e in err.splitlines() if ": error: " in e]
    assert len(errors) == 2 and all(
        e.startswith("templates/brief.html.j2:3: error:") for e in errors
    )


def link_cases(secret: Path) -> dict[str, Callable[[Path], None]]:
    """Ways a project's templates can lead out of it."""

    def folder_link(root: Path) -> None:
        outside = secret.parent / "templates"
        (outside / "parts").mkdir(parents=True)
        (outside / "parts" / "timeline.html.j2").write_text(SECRET)
        (root / "templates").symlink_to(outside)

    def template_link(root: Path) -> None:
        (root / "templates/parts").mkdir(parents=True)
        (root / "templates/parts/timeline.html.j2").symlink_to(secret)

    def main_template_link(root: Path) -> None:
        (root / "templates").mkdir()
        (root / "templates/brief.html.j2").symlink_to(secret)

    def asset_link(root: Path) -> None:
        (root / "templates/assets").mkdir(parents=True)
        (root / "templates/assets/brief.css").symlink_to(secret)

    def parts_folder_link(root: Path) -> None:
        (secret.parent / "parts").mkdir()
        (secret.parent / "parts" / "timeline.html.j2").write_text(SECRET)
        (root / "templates").mkdir()
        (root / "templates/parts").symlink_to(secret.parent / "parts")

    def root_link(root: Path) -> None:
        (root / "templates").symlink_to("..")

    return {
        "templates-folder": folder_link,
        "one-template": template_link,
        "main-template": main_template_link,
        "asset": asset_link,
        "parts-folder": parts_folder_link,
        "templates-is-the-project": root_link,
    }


@pytest.mark.parametrize(
    "name",
    [
        "templates-folder",
        "one-template",
        "main-template",
        "asset",
        "parts-folder",
        "templates-is-the-project",
    ],
)
def test_template_links_out_of_the_project_are_refused(
    project: Callable[..., Path], secret: Path, name: str
) -> None:
    root = project()
    link_cases(secret)[name](root)
    code, _, err = run(root, "build")
    errors = [e for e in err.splitlines() if ": error: " in e]
    if name == "templates-is-the-project":  # validation finds the overlap first
        assert code == 1 and "overlaps templates/" in err
    else:
        assert code == 3, err
        assert errors and all(e.startswith("templates") for e in errors), err
        assert "leading out" in err
    assert "internal error" not in err and SECRET not in outputs_text(root)


def test_a_fifo_or_device_as_a_template_is_refused_without_hanging(
    project: Callable[..., Path],
) -> None:
    root = project({"templates/parts/summary.html.j2": "x"})
    (root / "templates/parts/timeline.html.j2").unlink(missing_ok=True)
    os.mkfifo(root / "templates/parts/timeline.html.j2")
    code, _, err = run(root, "build")
    assert code == 3 and "FIFO" in err, err
    (root / "templates/parts/timeline.html.j2").unlink()
    (root / "templates/parts/timeline.html.j2").symlink_to("/dev/zero")
    code, _, err = run(root, "build")
    assert code == 3 and "leading out" in err, err


def test_a_templates_link_inside_the_project_is_allowed(project: Callable[..., Path]) -> None:
    root = project({"theme/parts/timeline.html.j2": "<p>own timeline</p>\n"})
    (root / "templates").symlink_to("theme")
    assert run(root, "build")[0] == 0
    assert "own timeline" in (root / "output/full/full.html").read_text()


def test_control_characters_never_reach_the_html(project: Callable[..., Path]) -> None:
    root = project()
    history = root / "content/history.yaml"
    text = history.read_text().replace("in 1950.", "in 1950.\\x00\\x1b[31m\\x07\\u0085end")
    history.write_text(
        text.replace("text: The two", 'text: "The two').replace("end\n", 'end"\n', 1)
    )
    code, _, err = run(root, "build")
    assert code == 0, err
    html = (root / "output/full/full.html").read_text()
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", html)
    assert "\ufffd" in html


# --- real bugs stay exit 4; BRIEFGEN_DEBUG shows where ---------------------------------


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch, project: Callable[..., Path]) -> Iterator[Path]:
    """A project whose `check` meets a bug in briefgen itself."""
    root = project()

    def bug(ctx: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(cli_module, "workspace", bug)
    monkeypatch.setattr(sys, "argv", ["generate.py", "--project", str(root), "check"])
    yield root


@pytest.mark.parametrize("debug", ["", "1"])
def test_a_real_bug_is_exit_4_and_debug_shows_the_traceback(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, debug: str
) -> None:
    monkeypatch.setenv("BRIEFGEN_DEBUG", debug)
    with pytest.raises(SystemExit) as stop:
        cli_module.main()
    assert stop.value.code == 4
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("internal error: KeyError: 'a bug'")
    assert ("Traceback (most recent call last)" in err) == bool(debug)
