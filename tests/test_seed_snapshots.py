"""The example content's quotes verify against the seed texts, through `sources verify`.

The seed texts stay outside the repository (../shared/seeds); tests/seed_sources.yaml maps
each source id to its file there, and the command reads them without recording anything.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli.main import cli

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
MAPPING = REPO / "tests" / "seed_sources.yaml"
PROJECT_FOLDERS = ("content", "briefs", "templates", "docs", "tests", "snapshots", "editions")


def test_example_quotes_verify_against_the_seed_texts() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS} (they are kept outside the repository)")
    had_snapshots = (REPO / "snapshots").exists()
    args = ["--project", str(REPO), "sources", "verify", "--snapshot-map", str(MAPPING)]
    result = CliRunner().invoke(cli, [*args, "--snapshot-dir", str(SEEDS)])
    assert result.exit_code == 0, result.stdout + result.stderr
    summary = next(line for line in result.stdout.splitlines() if " quote(s) of " in line)
    assert summary.endswith(
        "of 5 source(s) with a snapshot: " + summary.split()[0] + " verified, 0 changed, 0 missing"
    )
    assert "moved:" not in result.stdout  # every 'para N' locator points at the right paragraph
    assert "not recorded in snapshots/verification.json" in result.stdout
    assert (REPO / "snapshots").exists() == had_snapshots


def test_no_seed_text_is_copied_into_the_project() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS}")
    seeds = {hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt")}
    copies = [
        str(path.relative_to(REPO))
        for folder in PROJECT_FOLDERS
        for path in (REPO / folder).rglob("*")
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() in seeds
    ]
    assert not copies, f"seed texts copied into the project: {copies}"
