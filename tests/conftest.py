"""Fixtures: small projects built in tmp_path."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.sample_project import BASE_FILES, write_project


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The workspace cache of every command the tests run goes to a temporary folder."""
    before = os.environ.get("BRIEFGEN_CACHE_DIR")
    folder = tmp_path_factory.mktemp("workspace-cache")
    os.environ["BRIEFGEN_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["BRIEFGEN_CACHE_DIR"]
    else:
        os.environ["BRIEFGEN_CACHE_DIR"] = before


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A factory: the base project, with files replaced or added by keyword."""

    def make(files: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> Path:
        chosen = {k: v for k, v in {**BASE_FILES, **(files or {})}.items() if k not in drop}
        return write_project(tmp_path / "project", chosen)

    return make
