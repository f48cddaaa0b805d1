"""Projects for the output-quality tests, built once per test module through the CLI.

`sample_files()` is the sample project of tests/sample_project.py plus content and briefs that
reach every template part (key judgments, figures, a reference table, terms, endnotes, a memo
without grades or contents) and the Azerbaijani and Turkish letters a PDF font must carry.
`example_root()` copies the repository's own content/ and briefs/ when they check cleanly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.tools import in_ci
from tests.sample_project import BASE_FILES, REPO, write_project

# Letters of Azerbaijani and Turkish that Latin fonts often lack (ə, Ə) or that are easy to
# lose in a PDF's text layer (dotless ı, dotted İ).
LETTERS = ("ə", "ş", "ğ", "ı", "İ", "ç", "ö", "ü", "Ə", "Ş", "Ğ")

LETTER_CLAIM = "Gauges at Şəki, Ağdam, Iğdır and İskele read low; the Amə çayı and Gölcük ponds dried up (Ə, Ş, Ğ)."
LETTER_QUOTE = (
    "Gauges at Şəki and İskele read low; Iğdır reported the Amə çayı dry at Gölcük (Ə Ş Ğ ü)."
)

EXTRA_HISTORY = f"""\
section: history
claims:
  - id: letters
    text: "{LETTER_CLAIM}"
    date: 2021-06
    tags: [drought]
    weight: key
    attributions:
      - source: wire-2021
        quote: "{LETTER_QUOTE}"
        locator: para 7
figures:
  - id: flow-2021
    measure: River flow at the border
    value: "310"
    unit: cubic metres per second
    as_of: 2021
    note: dry-season average
    tags: [drought]
    weight: key
    attributions:
      - source: wire-2021
        quote: "The flow at the border fell to 310 cubic metres per second."
        locator: para 4
tables:
  - id: gauges
    title: Gauging stations on the Ama
    columns: [Station, Opened, Country, Remarks]
    rows:
      - ["Ağsu", "1950-03-01", "Southland", "Oldest station on the river, moved twice after floods"]
      - ["İskele", "1962", "Northland", "Upstream of the dam"]
    attributions:
      - source: north-gov-2022
        quote: "Our gauges at İskele and Ağsu are open to inspection."
        locator: annex
"""

EXTRA_PARTS = """\
terms:
  - id: river-name
    concept: The river that forms the border
    names:
      - name: Ama
        used_by: Northland and the wire service
        attributions:
          - source: wire-2021
            quote: "The 1950 treaty split the river's flow evenly."
            locator: para 3
      - name: Amə
        used_by: Southland advocacy groups
        attributions:
          - source: south-ngo
            quote: "Since the dam opened, the flow has halved."
            locator: para 1
    note: This brief uses Ama, the form of the treaty text.
judgments:
  - id: kj-dam
    text: Whether the dam reduces the flow is unresolved; the only measurement comes from one wire report.
    confidence: moderate
    rests_on: [dam-effect, treaty-1950, flow-2021]
"""

BRIEF_EVERYTHING = """\
title: The Ama river dispute
subtitle: Every part
audience: Testers
edition: 2026-11-23
marking: RESTRICTED
organisation: Test Office
author: A. Tester
sections:
  - judgments
  - section: history
    heading: History of the Ama (ə ş ğ ı İ ç ö ü Ə Ş Ğ)
    intro: Everything the sources say, *with* the letters of both languages.
  - contested
  - timeline
  - terms
  - summary
  - sources
"""

BRIEF_MEMO = """\
title: The Ama river dispute
subtitle: Memo with endnotes
edition: 2026-11-23
marking: FOR INTERNAL USE
options:
  reliability: false
  notes: endnotes
  cover_page: false
  contents: false
sections:
  - section: history
  - terms
  - sources
"""

SAMPLE_EXTRA = {
    "content/history-extra.yaml": EXTRA_HISTORY,
    "content/parts.yaml": EXTRA_PARTS,
    "briefs/everything.yaml": BRIEF_EVERYTHING,
    "briefs/memo.yaml": BRIEF_MEMO,
}


def generate(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the CLI (generate.py) the way a user does; raise with its output when it fails."""
    cmd = [sys.executable, str(REPO / "generate.py"), *map(str, args)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(cmd)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def sample_root(base: Path) -> Path:
    """The extended sample project written under base."""
    return write_project(base / "sample", {**BASE_FILES, **SAMPLE_EXTRA})


def example_root(base: Path) -> tuple[Path | None, str]:
    """A copy of the repository's example project (content/, briefs/ and, where it has them,
    its translations/, locale/ and templates/) under base, or None and why not."""
    if not (REPO / "content").is_dir() or not (REPO / "briefs").is_dir():
        return None, "the repository has no content/ or briefs/"
    root = base / "examples"
    for name in ("content", "briefs", "translations", "locale", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    proc = generate("--project", root, "check", check=False)
    if proc.returncode != 0:
        why = f"the example content does not check cleanly:\n{proc.stdout}{proc.stderr}"
        if in_ci():  # in CI an example that stopped validating fails its output tests
            pytest.fail(why, pytrace=False)
        return None, why
    return root, ""


def built_files(root: Path, suffix: str) -> list[Path]:
    """Every output/<brief>/<brief><suffix> of a built project, sorted by brief."""
    return sorted(p for p in (root / "output").glob(f"*/*{suffix}") if p.stem == p.parent.name)
