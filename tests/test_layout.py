"""One ProjectLayout names a project's folders for every reader, watcher and cache key: an edit
in any input folder (locale/ and translations/ included) is seen by the no-op fast path, the
workspace cache and `watch`/`serve`, and output/ may overlap none of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.builder import fastpath
from briefgen.builder.outputs import check_output_folder
from briefgen.errors import BuildError
from briefgen.layout import INPUTS, ProjectLayout
from briefgen.validate.cache import inputs_key
from tests.watching import run_until_rebuilt

CATALOG = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"

msgid "Contents"
msgstr "{contents}"
"""


def test_the_layout_names_every_folder(tmp_path: Path) -> None:
    layout = ProjectLayout(tmp_path, "texts/stored")
    assert layout.inputs() == (
        "content",
        "briefs",
        "templates",
        "locale",
        "translations",
        "texts/stored",
    )
    assert layout.snapshots == tmp_path / "texts/stored"
    assert layout.brief_output("full") == tmp_path / "output/full"
    (tmp_path / "locale").mkdir()
    (tmp_path / "texts/stored").mkdir(parents=True)
    assert layout.watched() == [tmp_path / "locale", tmp_path / "texts/stored"]


@pytest.mark.parametrize("folder", ["locale", "translations", "content", "templates"])
def test_an_edit_in_any_input_folder_changes_the_fast_path_digest(
    tmp_path: Path, folder: str
) -> None:
    assert folder in INPUTS
    before = fastpath.inputs_digest(tmp_path)
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "x.txt").write_text("one")
    edited = fastpath.inputs_digest(tmp_path)
    (tmp_path / folder / "x.txt").write_text("two")
    assert len({before, edited, fastpath.inputs_digest(tmp_path)}) == 3


@pytest.mark.parametrize("folder", ["content", "briefs", "locale", "translations"])
def test_the_workspace_cache_key_covers_what_validation_reads(tmp_path: Path, folder: str) -> None:
    (tmp_path / folder).mkdir()
    before = inputs_key(tmp_path)
    (tmp_path / folder / "x").write_text("x")
    assert inputs_key(tmp_path) != before


@pytest.mark.parametrize("folder", ["locale", "translations"])
def test_output_may_not_overlap_an_input_folder(tmp_path: Path, folder: str) -> None:
    (tmp_path / "output").mkdir()
    (tmp_path / folder).symlink_to(tmp_path / "output")
    with pytest.raises(BuildError) as caught:
        check_output_folder(ProjectLayout(tmp_path))
    assert str(caught.value.problems[0]) == (
        f"output: error: overlaps {folder}/: keep outputs and inputs in separate folders"
    )


@pytest.mark.slow
@pytest.mark.parametrize("command", ["watch", "serve"])
def test_watch_and_serve_rebuild_after_a_catalog_is_added_then_edited(
    make_project: Callable[..., Path], command: str
) -> None:
    """locale/ does not exist when watching starts: it is watched once made; then an edit of
    the catalog rebuilds the brief with the new label."""
    root = make_project({"briefs/full.yaml": "extends: short\nformats: [html]\n"})
    (root / "briefs/short.yaml").write_text(
        (root / "briefs/short.yaml").read_text() + "formats: [html]\noptions:\n  contents: true\n"
    )
    catalog = root / "locale" / "en.po"

    def add() -> None:
        catalog.parent.mkdir(exist_ok=True)
        catalog.write_text(CATALOG.format(contents="In this brief"), encoding="utf-8")

    out = run_until_rebuilt(command, root, add)
    # made before or after watching began: named by its folder or by its file
    changed = [line for line in out.splitlines() if line.startswith("changed: ")]
    assert changed and ("locale/" in changed[0] or "en.po" in changed[0]), out
    html = root / "output/short/short.html"
    assert "In this brief" in html.read_text(encoding="utf-8")

    def edit() -> None:
        catalog.write_text(CATALOG.format(contents="What follows"), encoding="utf-8")

    out = run_until_rebuilt(command, root, edit)
    assert "changed: en.po" in out, out
    assert "What follows" in html.read_text(encoding="utf-8")
