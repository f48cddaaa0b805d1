"""Hostile projects: a project you did not write builds safely or fails with one located line.

Each case is one hostile project, record or environment (issue 19's classes). A case passes
only when it is handled cleanly: the documented exit code with a located one-line error, or
a correct build. An internal error (exit 4, an escaping exception) fails it, a hang fails it
through an alarm (`run_bounded`), an exfiltration through the secret checks, a stale output
through the rebuild checks.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import main as cli_module
from briefgen.cli.main import cli
from tests.sample_project import BRIEF_FULL, BRIEF_SHORT
from tests.test_refresh import (
    PARAGRAPHS,
    Server,
    html,
    server,  # noqa: F401 - the fixture `web` asks for
)

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


# --- special files, damaged records and the environment: bounded, located, never exit 4 ----

BOUND = 60  # seconds: a run taking longer is a hang


class Hang(BaseException):
    """Raised by the alarm: the command ran over BOUND seconds."""


def run_bounded(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """The CLI, stopped by an alarm after BOUND seconds (a hang fails the test, it never blocks).

    An exception escaping the command (an internal error) fails the test too.
    """

    def on_alarm(_signum: int, _frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(BOUND)
    try:
        result = CliRunner().invoke(cli, ["--project", str(root), *args], env=env)
    except Hang:
        pytest.fail(f"hang: {' '.join(args)} ran over {BOUND} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail(f"internal error: {result.exception!r}")
    return result.exit_code, result.stdout + result.stderr


def make_special(path: Path, kind: str) -> None:
    """Put a FIFO, a link to a device, a folder or a huge sparse file at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "huge":
        with path.open("wb") as f:
            f.truncate(3 * 1024**3)


SNAPSHOT_SOURCES = "snapshot: texts/wire.txt"


@pytest.fixture
def built(project: Callable[..., Path]) -> Path:
    """The HTML-only sample project after one build (editions, build.json and state exist)."""
    from tests.sample_project import SOURCES

    sources = SOURCES.replace(
        "    url: https://wire.example/river-talks\n",
        f"    url: https://wire.example/river-talks\n    {SNAPSHOT_SOURCES}\n",
    )
    root = project({"content/sources.yaml": sources, "texts/wire.txt": "The 1950 treaty.\n"})
    assert run(root, "build")[0] == 0
    return root


# every file the tool reads besides content and briefs, with what a special file there means
READ_FILES = {
    # the fast-path state and build.json are records: a bad one is ignored and rebuilt
    "output/.briefgen-state.json": (0, ""),
    "output/short/build.json": (0, ""),
    # an edition is history the brief reports: a bad one is a located error
    "editions/short/0001.json": (3, "editions/short/0001.json: error:"),
    # a source's text: a located error
    "texts/wire.txt": (1, "content/sources.yaml:"),
    "snapshots/verification.json": (0, ""),
    "templates/assets/brief.css": (0, ""),  # not a regular file: the built-in one is used
}


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "huge"])
@pytest.mark.parametrize("where", sorted(READ_FILES))
def test_special_files_where_the_tool_reads_are_refused_without_hanging(
    built: Path, where: str, kind: str
) -> None:
    code, words = READ_FILES[where]
    if where == "texts/wire.txt" and kind == "dev-zero":
        code, words = 1, "leads outside the project"
    if where == "output/short/build.json" and kind == "folder":  # it cannot be replaced
        code, words = 3, "output/short/build.json: Is a directory"
    if where.startswith("templates/") and kind == "dev-zero":
        code, words = 3, "templates/assets/brief.css: error: is a link leading out"
    if where.startswith("templates/") and kind == "huge":
        code, words = 3, "templates/assets/brief.css: error: is larger than"
    make_special(built / where, kind)
    got, output = run_bounded(built, "build")
    assert got == code, output
    assert words in output, output


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "huge"])
def test_a_special_snapshot_version_is_refused(built: Path, kind: str) -> None:
    version = built / "snapshots/wire-2021/20260101T000000Z-0123456789ab.txt"
    make_special(version, kind)
    for command in (["build"], ["sources", "verify"]):
        code, output = run_bounded(built, *command)
        assert code == 1, output
        assert "content/sources.yaml:" in output and "snapshot" in output, output


DAMAGED_RECORDS = {
    "not-json": "{oops",
    "a-list": "[]",
    "deep": "[" * 100_000,
    "wrong-shapes": '{"outputs": {"html": 1}, "pages": "x", "results": 5, "inputs": 1}',
    "paths-out": '{"inputs": "x", "results": [], "outputs": ["../../x"], "warnings": [],'
    ' "extra": ["/etc", "../../.."]}',
    "binary": "\udcff\udcfe\x00\x01",
}


@pytest.mark.parametrize("damage", sorted(DAMAGED_RECORDS))
@pytest.mark.parametrize("record", ["output/.briefgen-state.json", "output/full/build.json"])
def test_a_damaged_build_record_means_a_rebuild(built: Path, record: str, damage: str) -> None:
    (built / record).write_bytes(DAMAGED_RECORDS[damage].encode("utf-8", "surrogateescape"))
    code, out, err = run(built, "build", "--no-cache")  # past the no-op state too
    assert code == 0 and "internal error" not in err, err
    if "full" in record:
        assert re.search(r"^full .* built$", out, re.MULTILINE), out
    assert run(built, "build")[1].endswith("nothing changed: every output is up to date\n")


@pytest.mark.parametrize("damage", sorted(DAMAGED_RECORDS))
def test_a_damaged_edition_is_a_located_error(built: Path, damage: str) -> None:
    edition = built / "editions/short/0001.json"
    edition.write_bytes(DAMAGED_RECORDS[damage].encode("utf-8", "surrogateescape"))
    (built / "output/.briefgen-state.json").unlink()
    code, out, err = run(built, "build")
    assert code == 3, err
    assert "editions/short/0001.json: error:" in err and "internal error" not in err
    assert "full" in out  # the other brief is fine
    code, _, err = run(built, "diff", "short")
    assert code == 3 and "editions/short/0001.json: error:" in err


def test_an_edition_linked_to_a_secret_is_not_read(built: Path, secret: Path) -> None:
    edition = built / "editions/short/0001.json"
    edition.unlink()
    edition.symlink_to(secret)
    (built / "output/.briefgen-state.json").unlink()
    code, _, err = run(built, "build")
    assert code == 3 and "symbolic link" in err
    assert SECRET not in outputs_text(built) and SECRET not in err


@pytest.mark.parametrize("level", ["editions", "editions/short"])
def test_an_editions_folder_linked_outside_is_refused(
    project: Callable[..., Path], tmp_path: Path, level: str
) -> None:
    root = project()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / level).parent.mkdir(parents=True, exist_ok=True)
    (root / level).symlink_to(outside)
    code, _, err = run(root, "build")
    assert code == 3 and f"{level}: error: is a link leading outside the project" in err
    assert list(outside.iterdir()) == []


ENVIRONMENT_FAULTS: dict[str, tuple[Callable[[Path], None], dict[str, str], str]] = {
    "output-is-a-file": (
        lambda r: (r / "output").write_text("x"),
        {},
        "output: error: is a file, not a folder",
    ),
    "output-is-a-fifo": (lambda r: os.mkfifo(r / "output"), {}, "output: error: is a FIFO"),
    "lock-is-a-folder": (
        lambda r: (r / "output/.briefgen.lock").mkdir(parents=True),
        {},
        "output/.briefgen.lock: error:",
    ),
    "lock-is-a-fifo": (
        lambda r: ((r / "output").mkdir(), os.mkfifo(r / "output/.briefgen.lock")),
        {},
        "output/.briefgen.lock: error: is a FIFO",
    ),
    "lock-wait-nan": (lambda r: None, {"BRIEFGEN_LOCK_WAIT": "nan"}, "BRIEFGEN_LOCK_WAIT: error:"),
    "lock-wait-inf": (lambda r: None, {"BRIEFGEN_LOCK_WAIT": "inf"}, "BRIEFGEN_LOCK_WAIT: error:"),
    "lock-wait-negative": (
        lambda r: None,
        {"BRIEFGEN_LOCK_WAIT": "-1"},
        "BRIEFGEN_LOCK_WAIT: error:",
    ),
    "lock-wait-words": (
        lambda r: None,
        {"BRIEFGEN_LOCK_WAIT": "soon"},
        "BRIEFGEN_LOCK_WAIT: error:",
    ),
}


@pytest.mark.parametrize("fault", sorted(ENVIRONMENT_FAULTS))
def test_environment_faults_are_clean_errors(project: Callable[..., Path], fault: str) -> None:
    root = project()
    plant, env, words = ENVIRONMENT_FAULTS[fault]
    plant(root)
    code, output = run_bounded(root, "build", env=env)
    assert code == 3, output
    assert words in output, output


def test_an_output_folder_that_cannot_be_written_fails_cleanly(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only output folder (simulated: the tests may run as root, who may write anyway)."""
    from briefgen import write

    root = project()

    def refused(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(write, "complete_temp", refused)
    code, _, err = run(root, "build")
    assert code == 3 and "Permission denied" in err and "internal error" not in err
    assert not (root / "output/.briefgen-state.json").exists()


def test_watch_survives_a_bug_and_a_template_mistake(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen.builder import watch

    root = project()
    said: list[str] = []
    real = watch.open_workspace

    def broken(where: Path) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(watch, "open_workspace", broken)
    assert watch.rebuild(root, said.append, 10) == []
    assert said[-1].startswith("internal error: RuntimeError: a bug") and "waiting" in said[-1]
    monkeypatch.setattr(watch, "open_workspace", real)
    (root / "templates/parts").mkdir(parents=True)
    (root / "templates/parts/timeline.html.j2").write_text("{% if %}")
    watch.rebuild(root, said.append, 10)
    assert any(line.startswith("failed full") for line in said), said
    (root / "templates/parts/timeline.html.j2").write_text("<p>ok</p>")
    results = watch.rebuild(root, said.append, 10)
    assert {r.brief: r.status for r in results}["full"] == "built"


# --- terminal output --------------------------------------------------------------------

ESC = "\x1b]0;owned\x07\x1b[2J"


def test_control_characters_from_content_never_reach_the_terminal(
    project: Callable[..., Path],
) -> None:
    from tests.sample_project import SOURCES

    sources = SOURCES.replace(
        'title: "River talks stall as drought bites"',
        'title: "River talks\\e]0;owned\\a\\e[2J"\n    colour\\e[31m: red',
    ).replace(
        "publisher: Example Wire",
        'publisher: "Example\\e[31m Wire"',
    )
    root = project({"content/sources.yaml": sources, f"content/x\n{ESC}.yaml": "oops: [\n"})
    code, out, err = run(root, "check")
    assert code == 1
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\\x1b" in err
    lines = [line for line in err.splitlines() if line]
    assert all(re.match(r"^content/\S+:\d+:\d+: (error|warning): ", line) for line in lines), lines
    (root / f"content/x\n{ESC}.yaml").unlink()
    clean = project({"content/sources.yaml": sources.replace("\n    colour\\e[31m: red", "")})
    code, out, err = run(clean, "list")
    assert code == 0, err
    assert "\x1b" not in out and "Example\\x1b[31m Wire" in out


def test_both_x_yml_and_x_yaml_for_one_brief_is_an_error(project: Callable[..., Path]) -> None:
    root = project({"briefs/short.yml": BRIEF_SHORT})
    code, _, err = run(root, "check")
    assert code == 1 and "brief 'short' is also defined by briefs/short." in err


# --- sources refresh against hostile servers and addresses (a server on 127.0.0.1 only) ----


@pytest.fixture
def web(request: pytest.FixtureRequest) -> Server:
    """The local web server of tests/test_refresh.py (127.0.0.1, a port of its own)."""
    found: Server = request.getfixturevalue("server")
    return found


@pytest.fixture
def refresh_project(make_project: Callable[..., Path]) -> Callable[[str], Path]:
    """The sample project with wire-2021's url set to the given address."""
    from tests.sample_project import SOURCES

    def make(url: str) -> Path:
        sources = SOURCES.replace("https://wire.example/river-talks", url)
        return make_project({"content/sources.yaml": sources})

    return make


def refresh(root: Path, *args: str, timeout: str = "5") -> tuple[int, str]:
    return run_bounded(root, "sources", "refresh", "wire-2021", "--timeout", timeout, *args)


@pytest.mark.parametrize("path", ["/wire", "/redirect-to-loopback"])
def test_refresh_refuses_loopback_and_private_addresses_by_default(
    refresh_project: Callable[[str], Path], web: Server, path: str
) -> None:
    web.routes["/wire"] = html(PARAGRAPHS)
    web.routes["/redirect-to-loopback"] = (302, {"Location": f"{web.base}/wire"}, b"")
    root = refresh_project(f"{web.base}{path}")
    code, output = refresh(root)
    assert code == 3 and "a loopback, private or local address: refused" in output, output
    assert not (root / "snapshots").exists()
    code, output = refresh(root, "--allow-private")
    assert code == 0, output


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/x",
        "http://192.168.1.1/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/x",
        "http://[::ffff:127.0.0.1]/x",
        "http://0.0.0.0/x",
        "http://localhost/x",
    ],
)
def test_refresh_refuses_internal_addresses(
    refresh_project: Callable[[str], Path], url: str
) -> None:
    code, output = refresh(refresh_project(url))
    assert code == 3 and "refused" in output, output


@pytest.mark.parametrize(
    "url", ["http://[::1/x", "http://[12345::]/x", "http://xn--a.xn--/x", "http://a..b/x"]
)
def test_refresh_of_an_unusable_address_is_a_clean_error(
    refresh_project: Callable[[str], Path], url: str
) -> None:
    code, output = refresh(refresh_project(url))
    assert code in (1, 3) and ": error: " in output, output


def test_a_server_sending_headers_a_byte_at_a_time_meets_the_deadline(
    refresh_project: Callable[[str], Path], web: Server
) -> None:
    import time

    def trickle(handler: BaseHTTPRequestHandler) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: " + b"a" * 1000:
            if web.stop.is_set():
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.05)

    web.routes["/slow"] = trickle
    code, output = refresh(refresh_project(f"{web.base}/slow"), "--allow-private", timeout="0.5")
    assert code == 3 and "no complete answer within 1.5 s" in output, output


def test_a_password_in_a_source_url_is_never_printed_or_stored(
    refresh_project: Callable[[str], Path], web: Server
) -> None:
    """Refused at validation: never fetched, stored, printed or put in a brief."""
    web.routes["/wire"] = html(PARAGRAPHS)
    root = refresh_project(web.base.replace("//", "//reader:s3cr3t-pw@") + "/wire")
    code, output = refresh(root, "--allow-private")
    assert code == 1 and "s3cr3t-pw" not in output, output
    assert "content/sources.yaml:6:10: error: 'url' must not hold a user name or password" in output
    assert "***@127.0.0.1" in output and not (root / "snapshots").exists()
    for command in (["check"], ["build"], ["list"], ["sources", "verify"]):
        code, output = run_bounded(root, *command)
        assert code == 1 and "s3cr3t-pw" not in output, (command, output)
    assert not (root / "output").exists() or "s3cr3t-pw" not in outputs_text(root)


@pytest.mark.parametrize(
    "url",
    [
        "https://reader:pw-9q@wire.example/x",
        "https://pw-9q@wire.example/x",
        "http://a:b@c:pw-9q@wire.example/x?q=@",
        "ftp://reader:pw-9q@wire.example/x",
        "https://reader:pw-9q@[::1/x",
    ],
)
def test_a_user_or_password_in_any_source_url_is_a_located_error(
    refresh_project: Callable[[str], Path], url: str
) -> None:
    root = refresh_project(url)
    code, output = run_bounded(root, "check")
    assert code == 1 and "pw-9q" not in output, output
    assert "content/sources.yaml:6:10: error: 'url' must not hold a user name or password" in output


@pytest.mark.parametrize("charset", ["no-such-charset", "base64", "rot13", "utf-7"])
def test_an_unknown_or_non_text_charset_is_read_as_utf8(
    refresh_project: Callable[[str], Path], web: Server, charset: str
) -> None:
    body = "The 1950 treaty split the river\u2019s flow evenly.\n".encode()
    web.routes["/wire"] = (200, {"Content-Type": f"text/plain; charset={charset}"}, body)
    code, output = refresh(refresh_project(f"{web.base}/wire"), "--allow-private")
    assert code in (0, 1), output
    assert "stored version 1" in output


@pytest.mark.parametrize("where", ["texts/wire.txt", "templates", "editions", "editions/short"])
def test_a_symlink_loop_is_a_clean_error(built: Path, where: str) -> None:
    import shutil

    path = built / where
    if path.is_dir():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(path.name)  # a link to itself
    (built / "output/.briefgen-state.json").unlink()
    code, output = run_bounded(built, "build")
    assert code in (1, 3), output
    shown = "content/sources.yaml:" if where.startswith("texts") else f"{where}: error:"
    assert shown in output, output


def test_a_cached_check_prints_its_warnings_as_the_first(project: Callable[..., Path]) -> None:
    """Problems read back from the workspace cache keep their severity (a StrEnum)."""
    root = project()
    first = run(root, "check")
    assert first[0] == 0 and ": warning: " in first[2], first
    assert run(root, "check") == first


YAML_REFUSALS = {
    "fifo": "error: file is a FIFO (named pipe), not a regular file",
    "dev-zero": "error: is a link to a file outside the project",
    "huge": "error: file is 3221225472 bytes; the limit is 2097152: split it into smaller files",
    "socket": "error: file is a socket, not a regular file",
    "loop": "error: is a symbolic link loop",
    "two-link-loop": "error: is a symbolic link loop",
}


@pytest.mark.parametrize("kind", sorted(YAML_REFUSALS))
@pytest.mark.parametrize("where", ["content/x.yaml", "briefs/x.yaml", "content/sources.yaml"])
def test_special_content_and_brief_files_are_located_errors(
    project: Callable[..., Path], where: str, kind: str
) -> None:
    import socket

    root = project()
    path = root / where
    if kind == "socket":
        path.unlink(missing_ok=True)
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(path))
    elif kind == "loop":
        path.unlink(missing_ok=True)
        path.symlink_to(path.name)
    elif kind == "two-link-loop":
        path.unlink(missing_ok=True)
        path.symlink_to("y.yml")
        path.with_name("y.yml").symlink_to(path.name)
    else:
        make_special(path, kind)
    for command in ("check", "build"):
        code, output = run_bounded(root, command)
        assert code == 1, output
        assert f"{where}:1:1: {YAML_REFUSALS[kind]}" in output, output


def test_a_snapshot_without_whitespace_is_verified_in_bounded_time(
    project: Callable[..., Path],
) -> None:
    """One 4 MiB 'word' (text without spaces): the approximate search stays linear."""
    import random

    from tests.sample_project import SOURCES

    sources = SOURCES.replace(
        "    url: https://wire.example/river-talks\n",
        f"    url: https://wire.example/river-talks\n    {SNAPSHOT_SOURCES}\n",
    )
    rng = random.Random(19)
    filler = "".join(rng.choice("水资源条约规定两国平分河流流量北方大坝") for _ in range(700_000))
    text = filler + "The1950treatysplittheriver'sflowevenly." + filler
    root = project({"content/sources.yaml": sources, "texts/wire.txt": text})
    code, output = run_bounded(root, "sources", "verify")
    assert code == 1, output  # the dam quote is missing
    assert "changed" in output and "line 1" in output, output


# --- element ids the templates derive from content ids -------------------------------

CLAIM = """
  - id: {id}
    text: Another claim about the river.
    attributions:
      - source: wire-2021
        quote: "The 1950 treaty split the river's flow evenly."
        locator: para 3
"""
ID_COLLISIONS = {
    # content/history.yaml gets a claim with this id; the error names what it collides with
    "contested-question": ("dam-effect-q", "as does contested claim 'dam-effect'"),
    "section-heading": ("heading", "as does section 'history'"),
    "chart-caption": ("chart-caption", "as does section 'history'"),
    "chart-data": ("chart-data", "as does section 'history'"),
    "subsection": ("sub-1", "its own numbered elements"),
    "another-section": ("x", "as does section 'history-x'"),
}


@pytest.mark.parametrize("name", sorted(ID_COLLISIONS))
def test_a_content_id_colliding_with_a_derived_element_id_is_refused(
    project: Callable[..., Path], name: str
) -> None:
    from tests.sample_project import HISTORY

    cid, words = ID_COLLISIONS[name]
    files = {"content/history.yaml": HISTORY + CLAIM.format(id=cid)}
    if name == "another-section":  # part-history-x: section history-x and claim x in history
        files["content/sections.yaml"] = "sections:\n" + "".join(
            f"  - id: {s}\n    title: {s}\n" for s in ("history", "contested", "history-x")
        )
    root = project(files)
    code, output = run_bounded(root, "check")
    assert code == 1, output
    errors = [line for line in output.splitlines() if "would give the element id" in line]
    assert errors and re.match(r"^content/\S+:\d+:\d+: error: ", errors[0]), output
    assert words in errors[0], output


def element_ids(html_text: str) -> list[str]:
    return re.findall(r"""\sid=["']([^"']+)["']""", html_text)


def test_the_built_html_has_unique_element_ids(project: Callable[..., Path]) -> None:
    from tests.sample_project import HISTORY

    # ids next to the derived ones that are still fine: no element id is used twice
    root = project({"content/history.yaml": HISTORY + CLAIM.format(id="dam-effect-x")})
    code, output = run_bounded(root, "build")
    assert code == 0, output
    pages = list((root / "output").rglob("*.html"))
    assert len(pages) == 2
    for page in pages:
        ids = element_ids(page.read_text())
        assert ids and len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


# --- deeply nested Markdown ---------------------------------------------------------------


@pytest.mark.parametrize("stars", [34, 200, 2400])
def test_deeply_nested_emphasis_is_a_located_error(
    project: Callable[..., Path], stars: int
) -> None:
    """`**` pairs inside each other: 17, 100 and 1,200 deep (PDF and Word hit RecursionError)."""
    from tests.sample_project import HISTORY

    marks = "*" * stars + "x" + "*" * stars
    history = HISTORY.replace(
        "text: The two states signed a *water-sharing* treaty in 1950.",
        f'text: "The two states signed a {marks} treaty in 1950."',
    )
    root = project({"content/history.yaml": history})
    for command in ("check", "build"):
        code, output = run_bounded(root, command)
        assert code == 1, output
        assert (
            f"content/history.yaml:4:11: error: 'text' nests emphasis or links {stars // 2} deep;"
            " the limit is 16"
        ) in output, output


def test_emphasis_nested_up_to_the_limit_builds(project: Callable[..., Path]) -> None:
    from tests.sample_project import BRIEF_FULL, HISTORY

    marks = "*" * 32 + "x" + "*" * 32  # 16 deep: strong inside strong
    history = HISTORY.replace(
        "text: The two states signed a *water-sharing* treaty in 1950.",
        f'text: "The two states signed a {marks} treaty in 1950."',
    )
    full = BRIEF_FULL + "formats: [html, json, docx]\n"
    root = project({"content/history.yaml": history, "briefs/full.yaml": full})
    code, output = run_bounded(root, "build")
    assert code == 0, output
    assert "<strong>" * 16 + "x" + "</strong>" * 16 in (root / "output/full/full.html").read_text()


# --- other readers: the preview server and the PDF's asset fetcher ------------------------


@pytest.mark.parametrize("kind", ["fifo", "huge", "loop", "dev-zero", "folder"])
def test_serve_refuses_special_and_huge_files_in_output(tmp_path: Path, kind: str) -> None:
    import urllib.error
    import urllib.request

    from briefgen.builder.preview import LiveState, start_server, url_of

    output = tmp_path / "output"
    (output / "full").mkdir(parents=True)
    (output / "full/full.html").write_text("<html><body><p>fine</p></body></html>")
    stray = output / "full/stray.pdf"
    if kind == "loop":
        stray.symlink_to(stray.name)
    elif kind == "huge":
        with stray.open("wb") as f:
            f.truncate(3 * 1024**3)
    else:
        make_special(stray, kind)
    httpd, thread = start_server(output, LiveState(), port=0)
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url_of(httpd) + "full/stray.pdf", timeout=20)
        refused.value.close()  # the error response holds the connection's socket
        assert refused.value.code == 404
        with urllib.request.urlopen(url_of(httpd) + "full/full.html", timeout=20) as page:
            assert page.status == 200 and "fine" in page.read().decode()
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


@pytest.mark.parametrize("kind", ["fifo", "huge", "loop", "folder"])
def test_the_pdf_asset_fetcher_refuses_special_and_huge_files(tmp_path: Path, kind: str) -> None:
    from briefgen.render.pdf import ConfinedFetcher

    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "ok.css").write_text("p { color: black }")
    target = assets / "x.woff2"
    if kind == "loop":
        target.symlink_to(target.name)
    elif kind == "huge":
        with target.open("wb") as f:
            f.truncate(3 * 1024**3)
    else:
        make_special(target, kind)
    fetcher = ConfinedFetcher([assets])
    assert fetcher.fetch((assets / "ok.css").as_uri()).read() == b"p { color: black }"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="only template assets"):
        fetcher.fetch(target.as_uri())
    assert fetcher.refused == [target.as_uri()]


@pytest.mark.parametrize("folder", ["content", "briefs"])
def test_a_content_or_briefs_folder_that_is_a_link_loop_is_a_located_error(
    project: Callable[..., Path], folder: str
) -> None:
    import shutil

    root = project()
    shutil.rmtree(root / folder)
    (root / folder).symlink_to(folder)
    code, output = run_bounded(root, "check")
    assert code == 1 and f"{folder}: error: is a symbolic link loop" in output, output
