"""The workspace cache: used when nothing changed, refreshed when a file did, never trusted blindly."""

from __future__ import annotations

import hmac
import json
import os
import pickle
import resource
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.builder import fastpath, state
from briefgen.builder import run as build_module
from briefgen.cli.main import cli
from briefgen.load import digest as filedigest
from briefgen.validate import cache
from briefgen.validate.cache import cache_file, load_workspace
from briefgen.validate.workspace import open_workspace
from tests.sample_project import BRIEF_FULL, BRIEF_SHORT, HISTORY, SOURCES


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Each real load (not from the cache) is recorded; the cache is a fresh folder."""
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[Path] = []
    real = cache.open_workspace

    def counting(root: Path) -> cache.Workspace:
        calls.append(root)
        return real(root)

    monkeypatch.setattr(cache, "open_workspace", counting)
    return calls


def test_unchanged_inputs_come_from_the_cache(
    make_project: Callable[..., Path], loads: list[Path]
) -> None:
    root = make_project()
    first = load_workspace(root)
    second = load_workspace(root)
    assert len(loads) == 1
    assert second.project == first.project and second.briefs == first.briefs
    assert second.problems == first.problems


def test_an_edited_or_added_file_is_loaded_again(
    make_project: Callable[..., Path], loads: list[Path]
) -> None:
    root = make_project()
    load_workspace(root)
    (root / "content/history.yaml").write_text(HISTORY.replace("in 1950", "in 1951"))
    edited = load_workspace(root)
    assert any("1951" in c.text for c in edited.project.items if hasattr(c, "text"))
    (root / "briefs/extra.yaml").write_text("extends: short\n")
    assert "extra" in load_workspace(root).briefs
    assert len(loads) == 3


def test_a_planted_pickle_is_never_unpickled(
    make_project: Callable[..., Path], loads: list[Path], tmp_path: Path
) -> None:
    """The cache holds JSON data: even a pickle signed with the user's own key runs nothing."""
    root = make_project()
    load_workspace(root)
    path = cache_file(tmp_path / "cache", root)
    canary = tmp_path / "unpickled"

    class Planted:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (canary.write_text, ("code ran",))

    key = cache.signing_key(tmp_path / "cache")
    inputs = cache.inputs_key(root)
    for body in (inputs + pickle.dumps(Planted()), pickle.dumps(Planted())):
        path.write_bytes(cache.MAGIC + hmac.digest(key, body, "sha256") + body)
        ws = load_workspace(root)
        assert not canary.exists() and "short" in ws.briefs
    assert len(loads) == 3


def test_a_signed_file_naming_a_foreign_type_is_refused(
    make_project: Callable[..., Path], loads: list[Path], tmp_path: Path
) -> None:
    root = make_project()
    load_workspace(root)
    path = cache_file(tmp_path / "cache", root)
    key, inputs = cache.signing_key(tmp_path / "cache"), cache.inputs_key(root)
    record = {
        "extra": [],
        "extra_digest": cache.extra_digest(root, []),
        "workspace": ["C", "Popen", {"args": "id"}],
    }
    body = inputs + json.dumps(record).encode()
    path.write_bytes(cache.MAGIC + hmac.digest(key, body, "sha256") + body)
    assert "short" in load_workspace(root).briefs
    assert len(loads) == 2


def test_the_cache_round_trips_the_model_exactly(make_project: Callable[..., Path]) -> None:
    root = make_project()
    ws = open_workspace(root)
    again = cache.decode(json.loads(json.dumps(cache.encode(ws))), cache.known_types())
    assert again == ws


def test_the_cache_can_be_turned_off(
    make_project: Callable[..., Path], loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFGEN_CACHE", "0")
    root = make_project()
    load_workspace(root)
    load_workspace(root)
    assert len(loads) == 2
    assert not (Path(cache.os.environ["BRIEFGEN_CACHE_DIR"]) / "key").exists()


@pytest.fixture
def tool_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The tool's digest is taken from a copy of its package (built-in templates included)."""
    copy = tmp_path / "tool"
    shutil.copytree(
        filedigest.PACKAGE, copy / "briefgen", ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(filedigest, "TOOL_PARTS", ((copy / "briefgen", "<package>"),))
    filedigest.tool_digest.cache_clear()
    yield copy
    filedigest.tool_digest.cache_clear()


def changed_tool(copy: Path, relative: str) -> None:
    """Edit one file of the copied tool and forget the digest, as a new process would."""
    path = copy / relative
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    filedigest.tool_digest.cache_clear()


@pytest.mark.parametrize(
    "edited", ["briefgen/validate/checks.py", "briefgen/render/templates/parts/section.html.j2"]
)
def test_an_edited_module_or_builtin_template_invalidates_every_cache(
    make_project: Callable[..., Path], loads: list[Path], tool_copy: Path, edited: str
) -> None:
    root = make_project()
    load_workspace(root)
    before = (
        fastpath.inputs_digest(root),
        state.output_digest("<p>x</p>", "t", ("pdf",)),
    )
    load_workspace(root)
    assert len(loads) == 1
    changed_tool(tool_copy, edited)
    load_workspace(root)
    assert len(loads) == 2
    assert fastpath.inputs_digest(root) != before[0]
    assert state.output_digest("<p>x</p>", "t", ("pdf",)) != before[1]


def test_an_edited_or_deleted_snapshot_file_is_validated_again(
    make_project: Callable[..., Path], loads: list[Path]
) -> None:
    sources = SOURCES.replace(
        "    url: https://wire.example/river-talks\n",
        "    url: https://wire.example/river-talks\n    snapshot: texts/wire.txt\n",
    )
    root = make_project({"content/sources.yaml": sources, "texts/wire.txt": "text\n"})
    assert not load_workspace(root).errors
    assert not load_workspace(root).errors and len(loads) == 1
    (root / "texts/wire.txt").unlink()
    errors = [str(p) for p in load_workspace(root).errors]
    assert len(loads) == 2 and any("snapshot file not found" in e for e in errors)
    (root / "texts/wire.txt").write_bytes(b"x" * (6 * 1024 * 1024))
    errors = [str(p) for p in load_workspace(root).errors]
    assert len(loads) == 3 and any("the limit is" in e for e in errors)


def test_an_edit_during_the_load_is_not_cached_under_the_old_digest(
    make_project: Callable[..., Path], loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project()
    real = cache.open_workspace

    def edit_while_loading(where: Path) -> cache.Workspace:
        ws = real(where)
        (root / "content/history.yaml").write_text(HISTORY.replace("in 1950", "in 1951"))
        return ws

    monkeypatch.setattr(cache, "open_workspace", edit_while_loading)
    load_workspace(root)
    monkeypatch.setattr(cache, "open_workspace", real)
    edited = load_workspace(root)
    assert any("1951" in c.text for c in edited.project.items if hasattr(c, "text"))


def test_no_cache_option_loads_afresh(make_project: Callable[..., Path], loads: list[Path]) -> None:
    root = make_project()
    runner = CliRunner()
    for command in (["check"], ["list"], ["check", "--no-cache"], ["list", "--no-cache"]):
        result = runner.invoke(cli, ["--project", str(root), *command])
        assert result.exit_code == 0, result.output
    assert len(loads) == 3  # the first load, then each --no-cache


NOT_OURS: dict[str, Callable[[Path], None]] = {
    "garbage": lambda p: p.write_bytes(os.urandom(4096)),
    "empty": lambda p: p.write_bytes(b""),
    "fifo": lambda p: os.mkfifo(p),
    "folder": lambda p: p.mkdir(),
    "dev-zero-link": lambda p: p.symlink_to("/dev/zero"),
    "huge-sparse": lambda p: (p.write_bytes(b""), os.truncate(p, 2 * 1024**3)),
    "link-to-a-real-cache": lambda p: p.symlink_to(p.with_name("elsewhere.json")),
    "truncated-json": lambda p: p.write_bytes(cache.MAGIC + b"\0" * 64 + b'["C", '),
}


@pytest.mark.parametrize("kind", sorted(NOT_OURS))
@pytest.mark.parametrize("which", ["cache file", "key"])
def test_a_cache_or_key_file_that_is_not_ours_is_ignored_safely(
    make_project: Callable[..., Path], loads: list[Path], tmp_path: Path, kind: str, which: str
) -> None:
    root = make_project()
    folder = tmp_path / "cache"
    folder.mkdir()
    target = cache_file(folder, root) if which == "cache file" else folder / "key"
    if kind == "link-to-a-real-cache":
        load_workspace(root)
        os.replace(target, target.with_name("elsewhere.json"))
    NOT_OURS[kind](target)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ws = load_workspace(root)
    assert "short" in ws.briefs and not ws.errors
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak
    assert grown_kib < 256 * 1024  # a 2 GiB file or /dev/zero was never read whole
    load_workspace(root)  # and the next load is not hurt by it


HTML_ONLY = {
    "briefs/short.yaml": BRIEF_SHORT + "formats: [html]\n",
    "briefs/full.yaml": BRIEF_FULL + "formats: [html]\n",
}


def test_an_edit_during_a_build_is_built_by_the_next_build(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(HTML_ONLY)
    real = build_module.render_html
    history = root / "content/history.yaml"

    def edit_while_rendering(*args: object) -> str:
        history.write_text(HISTORY.replace("in 1950.", "in 1951."))
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "render_html", edit_while_rendering)
    runner = CliRunner()
    first = runner.invoke(cli, ["--project", str(root), "build"])
    assert first.exit_code == 0, first.output
    assert "input files changed during the build" in first.stderr
    monkeypatch.setattr(build_module, "render_html", real)
    second = runner.invoke(cli, ["--project", str(root), "build"])
    assert "nothing changed" not in second.stdout
    assert "1951" in (root / "output/short/short.html").read_text()
    third = runner.invoke(cli, ["--project", str(root), "build"])
    assert "nothing changed" in third.stdout


def test_a_code_change_is_not_answered_by_the_fast_path(
    make_project: Callable[..., Path], tool_copy: Path, loads: list[Path]
) -> None:
    root = make_project(HTML_ONLY)
    runner = CliRunner()
    assert runner.invoke(cli, ["--project", str(root), "build"]).exit_code == 0
    assert "nothing changed" in runner.invoke(cli, ["--project", str(root), "build"]).stdout
    changed_tool(tool_copy, "briefgen/render/html.py")
    again = runner.invoke(cli, ["--project", str(root), "build"])
    assert "nothing changed" not in again.stdout and "built" in again.stdout
    assert "nothing changed" in runner.invoke(cli, ["--project", str(root), "build"]).stdout
    loaded = len(loads)
    again = runner.invoke(cli, ["--project", str(root), "build", "--no-cache"])
    assert again.exit_code == 0 and len(loads) == loaded + 1  # not answered from the state
