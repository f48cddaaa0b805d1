"""The HTML briefs through the W3C Nu HTML checker and axe-core in Debian's chromium.

Built once per module (HTML only, through the CLI): the extended sample project of
tests/browser/projects.py and, when content/ and briefs/ check cleanly, a copy of the example
briefs.  Then
- vnu.jar (npm vnu-jar) must report no error;
- axe-core, run by tests/browser/axe_check.mjs in chromium at 1280 and 375 px, must report no
  violation of impact serious or critical;
- at 375 px the page must not scroll sideways (wide tables and charts scroll in their own box).

The tools come from scripts/setup.sh (apt: chromium, a Java runtime; npm ci: vnu-jar, axe-core,
playwright-core).  A missing one skips these tests with the reason, or fails them in CI (CI=true).
Screenshots go to a temporary folder, or to $BRIEFGEN_SCREENSHOTS when set.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.browser.projects import SAMPLE_EXTRA
from tests.browser.tools import (
    AXE_CHECK,
    AXE_JS,
    PLAYWRIGHT,
    VNU_JAR,
    require,
    require_command,
    require_file,
)
from tests.sample_project import BASE_FILES, REPO

pytestmark = pytest.mark.browser

SAMPLE_BRIEFS = sorted(
    Path(k).stem for k in {**BASE_FILES, **SAMPLE_EXTRA} if k.startswith("briefs/")
)
EXAMPLE_BRIEFS = sorted(p.stem for p in (REPO / "briefs").glob("*.yaml"))
CASES = [("sample", b) for b in SAMPLE_BRIEFS] + [("examples", b) for b in EXAMPLE_BRIEFS]
IDS = [f"{p}/{b}" for p, b in CASES]
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def html_files(built_sample: Path, built_examples: Path | str) -> dict[str, Path | str]:
    """'sample/<brief>' and 'examples/<brief>' -> the built HTML file, or why there is none."""
    files: dict[str, Path | str] = {}
    projects = {"sample": built_sample, "examples": built_examples}
    for name, root in projects.items():
        if isinstance(root, str):
            files.update({f"{name}/{b}": root for p, b in CASES if p == name})
            continue
        for p, b in CASES:
            if p == name:
                path = root / "output" / b / f"{b}.html"
                files[f"{name}/{b}"] = path if path.is_file() else f"brief '{b}' asks for no HTML"
    return files


def _existing(files: dict[str, Path | str]) -> list[Path]:
    return [p for p in files.values() if isinstance(p, Path)]


def _html(files: dict[str, Path | str], case: str) -> Path:
    path = files[case]
    if isinstance(path, str):
        pytest.skip(path)
    return path


@pytest.fixture(scope="module")
def vnu_messages(html_files: dict[str, Path | str]) -> dict[Path, list[dict[str, Any]]]:
    """The Nu checker's errors per file, from one run over every built brief."""
    java = require_command("java", "default-jre-headless")
    jar = require_file(VNU_JAR, "the Nu HTML checker (npm vnu-jar)")
    paths = _existing(html_files)
    proc = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(proc.stderr or proc.stdout)  # vnu writes its JSON report to stderr
    by_file: dict[Path, list[dict[str, Any]]] = {p.resolve(): [] for p in paths}
    for message in report["messages"]:
        url = message.get("url", "")
        path = Path(url.removeprefix("file:")).resolve() if url.startswith("file:") else None
        by_file.setdefault(path or Path("?"), []).append(message)
    stray = by_file.get(Path("?"))
    assert not stray, f"the Nu checker failed: {stray}"
    return by_file


@pytest.mark.parametrize("case", IDS)
def test_nu_html_checker_finds_no_error(
    case: str, html_files: dict[str, Path | str], vnu_messages: dict[Path, list[dict[str, Any]]]
) -> None:
    path = _html(html_files, case)
    errors = [
        m for m in vnu_messages[path.resolve()] if m.get("type") in ("error", "non-document-error")
    ]
    lines = [
        f"{path.name}:{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}: "
        f"{m.get('message')}  [{m.get('extract', '').strip()}]"
        for m in errors
    ]
    assert not errors, f"{len(errors)} Nu checker error(s):\n" + "\n".join(lines)


@pytest.fixture(scope="module")
def axe_report(
    html_files: dict[str, Path | str], tmp_path_factory: pytest.TempPathFactory
) -> dict[Path, dict[str, Any]]:
    """axe-core and layout measurements per file, from one chromium session over every brief."""
    node = require_command("node", "nodejs")
    chromium = require_command("chromium", "chromium")
    require_file(AXE_JS, "axe-core (npm axe-core)")
    require_file(PLAYWRIGHT, "playwright-core (npm playwright-core)")
    require(AXE_CHECK.is_file(), f"{AXE_CHECK} is missing")
    shots = Path(os.environ.get("BRIEFGEN_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    paths = _existing(html_files)
    proc = subprocess.run(
        [node, str(AXE_CHECK), "--out", str(shots), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "CHROMIUM": chromium},
        cwd=REPO,
    )
    assert proc.returncode == 0, f"axe_check.mjs exited {proc.returncode}:\n{proc.stderr[-4000:]}"
    report = json.loads(proc.stdout)
    print(f"axe-core {report['axe']}; screenshots in {shots}")
    return {Path(f["file"]).resolve(): f for f in report["files"]}


def _describe(violations: list[dict[str, Any]]) -> str:
    out = []
    for v in violations:
        out.append(
            f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} node(s)) {v['helpUrl']}"
        )
        for node in v["nodes"][:5]:
            out.append(f"    {node['target']}: {node['html'][:160]}")
    return "\n".join(out)


@pytest.mark.parametrize("case", IDS)
def test_axe_finds_no_serious_violation(
    case: str, html_files: dict[str, Path | str], axe_report: dict[Path, dict[str, Any]]
) -> None:
    result = axe_report[_html(html_files, case).resolve()]
    assert not result["errors"], f"script errors in the page: {result['errors']}"
    assert not result["blocked"], f"the page tried to load: {result['blocked']}"
    for width in result["widths"]:
        blocking = [v for v in width["violations"] if v["impact"] in BLOCKING]
        others = [v for v in width["violations"] if v["impact"] not in BLOCKING]
        if others:
            print(f"{case} at {width['width']} px, minor:\n{_describe(others)}")
        assert not blocking, f"{case} at {width['width']} px:\n{_describe(blocking)}"


@pytest.mark.parametrize("case", IDS)
def test_no_horizontal_overflow_on_a_phone(
    case: str, html_files: dict[str, Path | str], axe_report: dict[Path, dict[str, Any]]
) -> None:
    result = axe_report[_html(html_files, case).resolve()]
    by_width = {w["width"]: w for w in result["widths"]}
    for width in (375, 1280):
        w = by_width[width]
        print(
            f"{case} at {width} px: scrollWidth {w['scrollWidth']}, viewport {w['clientWidth']}, screenshot {w['screenshot']}"
        )
        assert w["scrollWidth"] <= w["clientWidth"], (
            f"{case} scrolls sideways at {width} px: {w['scrollWidth']} > {w['clientWidth']}; "
            f"widest elements: {w['wide']}; see {w['screenshot']}"
        )
        assert not w["wide"], f"{case} at {width} px: elements past the viewport: {w['wide']}"
