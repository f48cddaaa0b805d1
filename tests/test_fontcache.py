"""The installed fonts' coverage kept between runs while the font configuration is the same."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefgen.validate import fontcache, glyphs

pytestmark = pytest.mark.skipif(shutil.which("fc-list") is None, reason="needs fontconfig")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("BRIEFGEN_CACHE", raising=False)
    glyphs._read.clear()
    yield tmp_path / "cache" / "fonts.json"
    glyphs._read.clear()


def fresh() -> glyphs.Coverage | None:
    glyphs._read.clear()  # as a new process
    return glyphs.installed_coverage()


def no_fc_list(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        calls.append(args)
        raise subprocess.SubprocessError("fc-list must not run")

    monkeypatch.setattr(glyphs.subprocess, "run", refuse)
    return calls


def test_the_coverage_is_read_once_then_from_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = fresh()
    assert first is not None and cache.is_file()
    assert glyphs.drawable("A", first) and not glyphs.drawable("\U0010fffd", first)
    calls = no_fc_list(monkeypatch)
    assert fresh() == first and calls == []


def test_a_changed_font_folder_reads_the_fonts_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    roots = fontcache.font_roots
    monkeypatch.setattr(fontcache, "font_roots", lambda: [*roots(), fonts])
    assert fresh() is not None
    time.sleep(0.01)
    (fonts / "New.ttf").write_bytes(b"")  # the folder's time changes
    calls = no_fc_list(monkeypatch)
    assert fresh() is None and len(calls) == 1  # read again (here refused: no coverage)


def test_another_font_configuration_reads_the_fonts_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fresh() is not None
    monkeypatch.setenv("FONTCONFIG_PATH", os.devnull)
    calls = no_fc_list(monkeypatch)
    assert fresh() is None and len(calls) == 1


@pytest.mark.parametrize(
    "text",
    [
        b"\x00garbage",
        b'{"key": ',
        b'{"key": {}, "starts": [1], "ends": [2]}',
        b"[]",
    ],
)
def test_a_broken_cache_is_ignored_and_written_again(cache: Path, text: bytes) -> None:
    first = fresh()
    cache.write_bytes(text)
    assert fresh() == first
    assert json.loads(cache.read_bytes())["starts"] == list(first[0] if first else [])


def test_a_cache_with_wrong_values_is_ignored(cache: Path) -> None:
    first = fresh()
    record = json.loads(cache.read_bytes())
    record["starts"] = record["starts"][:-1]
    cache.write_text(json.dumps(record))
    assert fresh() == first


def test_no_cache_when_caching_is_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFGEN_CACHE", "0")
    assert fresh() is not None and not cache.exists()


def test_no_cache_reads_the_fonts_afresh(
    cache: Path, monkeypatch: pytest.MonkeyPatch, make_project: Callable[..., Path]
) -> None:
    from click.testing import CliRunner

    from briefgen.cli.main import cli

    assert fresh() is not None and cache.is_file()
    glyphs._read.clear()
    calls = no_fc_list(monkeypatch)
    result = CliRunner().invoke(cli, ["--project", str(make_project()), "check", "--no-cache"])
    assert len(calls) == 1 and result.exit_code == 0
    calls.clear()
    glyphs._read.clear()
    result = CliRunner().invoke(cli, ["--project", str(make_project()), "check"])
    assert calls == [] and result.exit_code == 0
