"""Compiled templates kept between runs: read back when signed by this user and the source is
the same, compiled afresh otherwise; nothing kept when caching is off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from briefgen.render import compiled
from briefgen.render.html import environment


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A template folder of its own, and a fresh cache folder."""
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("BRIEFGEN_CACHE", raising=False)
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html.j2").write_text("<p>{{ who }} {{ 2 * 3 }}</p>\n", encoding="utf-8")
    return [folder]


def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates compiled from here on."""
    names: list[str] = []
    original: Any = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *a: Any) -> Any:
        names.append(str(name))
        return original(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def render(dirs: list[Path]) -> str:
    return environment(dirs).get_template("page.html.j2").render(who="<b>")


def test_a_template_compiled_once_is_read_back(
    dirs: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert render(dirs) == "<p>&lt;b&gt; 6</p>"
    assert len(list((tmp_path / "cache" / compiled.FOLDER).glob("*.code"))) == 1
    names = compiles(monkeypatch)
    assert render(dirs) == "<p>&lt;b&gt; 6</p>" and names == []


def test_an_edited_template_is_compiled_again(
    dirs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    render(dirs)
    (dirs[0] / "page.html.j2").write_text("<p>{{ who }} changed</p>\n", encoding="utf-8")
    names = compiles(monkeypatch)
    assert render(dirs) == "<p>&lt;b&gt; changed</p>" and names == ["page.html.j2"]


def test_code_not_signed_by_this_user_never_runs(
    dirs: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    render(dirs)
    (kept,) = (tmp_path / "cache" / compiled.FOLDER).glob("*.code")
    data = kept.read_bytes()
    kept.write_bytes(bytes(32) + data[32:])  # the same code under another signature
    names = compiles(monkeypatch)
    assert render(dirs) == "<p>&lt;b&gt; 6</p>" and names == ["page.html.j2"]
    key = tmp_path / "cache" / "key"
    key.write_bytes(b"x" * 32)  # another key: the files signed with the first are not ours
    names.clear()
    assert render(dirs) == "<p>&lt;b&gt; 6</p>" and names == ["page.html.j2"]


def test_nothing_is_kept_when_caching_is_off(
    dirs: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BRIEFGEN_CACHE", "0")
    assert render(dirs) == "<p>&lt;b&gt; 6</p>"
    assert not (tmp_path / "cache").exists()
