"""Fixtures: small projects built in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.sample_project import BASE_FILES, write_project


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A factory: the base project, with files replaced or added by keyword."""

    def make(files: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> Path:
        chosen = {k: v for k, v in {**BASE_FILES, **(files or {})}.items() if k not in drop}
        return write_project(tmp_path / "project", chosen)

    return make
