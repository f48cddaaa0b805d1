"""briefgen init: a starter project that checks clean and builds at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli.main import cli


def test_init_makes_a_project_that_checks_clean_and_builds(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "new"
    result = runner.invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert "next: briefgen --project" in result.output
    result = runner.invoke(cli, ["--project", str(folder), "check", "--strict"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output
    result = runner.invoke(cli, ["--project", str(folder), "build", "--format", "html"])
    assert result.exit_code == 0, result.output
    html = (folder / "output/full/full.html").read_text(encoding="utf-8")
    assert "Bottom line" in html and '<span class="num">1.1</span> The treaty and the dam' in html
    assert (folder / "output/memo/memo.html").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine\n")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not an empty folder" in result.output
    assert (tmp_path / "keep.txt").read_text() == "mine\n"
    assert not (tmp_path / "content").exists()


INIT_FAULTS = {
    "under-a-file": (lambda t: (t / "file").write_text("x"), "file/new", "lies under a file"),
    "a-file": (lambda t: (t / "file").write_text("x"), "file", "is a file, not a folder"),
    "a-fifo": (lambda t: os.mkfifo(t / "pipe"), "pipe", "is a FIFO (named pipe), not a folder"),
    "dangling-link": (
        lambda t: (t / "link").symlink_to(t / "nowhere"),
        "link",
        "is a symbolic link to nothing",
    ),
    "link-loop": (lambda t: (t / "loop").symlink_to("loop"), "loop", "is a symbolic link loop"),
    "under-a-loop": (lambda t: (t / "loop").symlink_to("loop"), "loop/new", "cannot be used"),
    "link-to-a-file": (
        lambda t: ((t / "file").write_text("x"), (t / "link").symlink_to(t / "file")),
        "link",
        "is a file, not a folder",
    ),
}


@pytest.mark.parametrize("fault", sorted(INIT_FAULTS))
def test_init_into_an_unusable_place_is_one_line_never_exit_4(tmp_path: Path, fault: str) -> None:
    plant, name, words = INIT_FAULTS[fault]
    plant(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(cli, ["init", str(tmp_path / name)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"{tmp_path / name}: error: {words}" in lines[0], lines
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written anywhere


def test_init_through_a_link_to_an_empty_folder_writes_there(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "link")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "real/content/history.yaml").is_file()


def test_init_prints_a_hostile_folder_name_escaped(tmp_path: Path) -> None:
    name = "new\x1b]0;owned\x07\x1b[2J"
    result = CliRunner().invoke(cli, ["init", str(tmp_path / name)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "new\\x1b]0;owned\\x07" in result.output


def test_init_that_cannot_write_is_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_open = builtins.open

    def full(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if "x" in mode:
            raise OSError(28, "No space left on device", str(file))
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", full)
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "new")])
    assert result.exit_code == 3, result.output
    assert "error: cannot be written: No space left on device" in result.output
