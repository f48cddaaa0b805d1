"""Golden HTML: the built HTML of a small fixture project, compared byte for byte.

A change to the templates or the selection shows up here as a diff to review. When the change is
meant, regenerate the files with `make golden` and commit them with the change. The built-in
stylesheet every page carries is left out of the files (a line names it): a change to it is
reviewed in brief.css itself. One brief is in Arabic, right to left.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.render.html import BUILTIN_TEMPLATES
from briefgen.validate.workspace import open_workspace
from tests.sample_project import BASE_FILES, BRIEF_FULL, write_project
from tests.test_prose import NUMBERED, PARAGRAPHS, REGISTER

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("BRIEFGEN_UPDATE_GOLDEN") == "1"
FILES = {
    **BASE_FILES,
    "content/history.yaml": PARAGRAPHS,
    "briefs/numbered.yaml": NUMBERED,
    "briefs/register.yaml": REGISTER,
    "briefs/memo.yaml": BRIEF_FULL.replace(
        "sections:", "options:\n  cover_page: false\n  note_quotes: false\nsections:"
    ),
    # right to left: labels, dates, numbers and the direction from the Arabic catalog and CLDR
    "briefs/arabic.yaml": "extends: full\nlanguage: ar\n",
}
BRIEF_CSS = (BUILTIN_TEMPLATES / "assets" / "brief.css").read_text(encoding="utf-8")
CSS_LINE = "/* the built-in assets/brief.css (left out of the golden files) */"
BRIEFS = sorted(Path(k).stem for k in FILES if k.startswith("briefs/"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("golden") / "fixture", FILES)
    results = build(open_workspace(root), options=BuildOptions(formats=("html",)))
    assert all(r.status == "built" for r in results), results
    return root


@pytest.mark.parametrize("brief", BRIEFS)
def test_html_matches_the_golden_file(built: Path, brief: str) -> None:
    made = (built / "output" / brief / f"{brief}.html").read_text(encoding="utf-8")
    assert made.count(BRIEF_CSS) == 1, "the page does not carry the built-in brief.css whole"
    made = made.replace(BRIEF_CSS, CSS_LINE)
    golden = GOLDEN / f"{brief}.html"
    if UPDATE:
        golden.write_text(made, encoding="utf-8")
        return
    assert golden.is_file(), f"no golden file {golden.name}: run `make golden`"
    expected = golden.read_text(encoding="utf-8")
    if made != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), made.splitlines(), f"golden/{brief}.html", "built", lineterm=""
        )
        shown = "\n".join(list(diff)[:80])
        pytest.fail(f"{brief}.html differs from its golden file (`make golden` if meant):\n{shown}")
