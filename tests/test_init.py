"""briefgen init: a starter project that checks clean and builds at once."""

from __future__ import annotations

from pathlib import Path

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
