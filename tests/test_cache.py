"""The workspace cache: used when nothing changed, refreshed when a file did, never trusted blindly."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen import cache
from briefgen.cache import cache_file, load_workspace
from tests.sample_project import HISTORY


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


def test_a_cache_file_not_signed_with_the_users_key_is_never_unpickled(
    make_project: Callable[..., Path], loads: list[Path], tmp_path: Path
) -> None:
    root = make_project()
    load_workspace(root)
    path = cache_file(tmp_path / "cache", root)
    canary = tmp_path / "unpickled"

    class Planted:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (canary.write_text, ("code ran",))

    data = path.read_bytes()
    head = len(cache.MAGIC) + 32 + 32  # magic, signature, inputs digest
    path.write_bytes(data[:head] + pickle.dumps(Planted()))
    ws = load_workspace(root)
    assert not canary.exists()
    assert len(loads) == 2 and "short" in ws.briefs


def test_the_cache_can_be_turned_off(
    make_project: Callable[..., Path], loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFGEN_CACHE", "0")
    root = make_project()
    load_workspace(root)
    load_workspace(root)
    assert len(loads) == 2
    assert not (Path(cache.os.environ["BRIEFGEN_CACHE_DIR"]) / "key").exists()
