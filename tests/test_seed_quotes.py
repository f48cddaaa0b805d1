"""Every attribution quote in content/*.yaml occurs verbatim in its source's seed text.

The seed texts live outside the repository, in ../shared/seeds (see SOURCES.md
there); tests/seed_sources.yaml maps each source id to its seed file. Quotes are
compared after a light normalisation that keeps case: curly quotes become
straight, en/em dashes become '-', and runs of whitespace become one space.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CONTENT = REPO / "content"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
MAPPING_FILE = TESTS / "seed_sources.yaml"
MAX_QUOTE_CHARS = 300
PARA_LOCATOR = re.compile(r"^para (\d+)$")

_NO_SEEDS = f"seed texts not found at {SEEDS} (they are kept outside the repository)"


class _TextDatesLoader(yaml.SafeLoader):
    """A SafeLoader that reads dates such as 2020-10-02 as text, as briefgen does."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_QUOTE_MARKS = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def normalise(text: str) -> str:
    """Straight quotes, '-' for en/em dashes, single spaces; case is kept."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_MARKS)).strip()


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_TextDatesLoader)


def _walk(node: Any, owner: str, where: str) -> Iterator[tuple[str, str, Any]]:
    """Yield (owning item id, path, attribution) for every attributions list."""
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            owner = node["id"]
        for key, value in node.items():
            if key == "attributions" and isinstance(value, list):
                for i, attribution in enumerate(value):
                    yield owner, f"{where}.{key}[{i}]", attribution
            else:
                yield from _walk(value, owner, f"{where}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, owner, f"{where}[{i}]")


def _collect() -> list[Any]:
    params = []
    for path in sorted(CONTENT.glob("*.yaml")):
        for owner, where, attribution in _walk(_load(path), path.stem, path.name):
            quote = str(attribution.get("quote", "")) if isinstance(attribution, dict) else ""
            short = quote if len(quote) <= 50 else quote[:47] + "..."
            params.append(pytest.param(owner, where, attribution, id=f"{owner}: {short}"))
    return params


def _mapping() -> dict[str, str]:
    data = _load(MAPPING_FILE)
    assert isinstance(data, dict), f"{MAPPING_FILE} must be a mapping of source id to file name"
    return {str(k): str(v) for k, v in data.items()}


def _declared_sources() -> set[str]:
    ids: set[str] = set()
    for path in sorted(CONTENT.glob("*.yaml")):
        data = _load(path)
        if isinstance(data, dict):
            ids.update(str(s["id"]) for s in data.get("sources") or [] if isinstance(s, dict))
    return ids


@functools.cache
def _seed_paragraphs(source: str) -> tuple[str, ...]:
    """The seed text of a source as its non-empty lines ('para N' is line N), normalised."""
    text = (SEEDS / _mapping()[source]).read_text(encoding="utf-8")
    return tuple(normalise(line) for line in text.splitlines() if line.strip())


@functools.cache
def _seed_text(source: str) -> str:
    text = (SEEDS / _mapping()[source]).read_text(encoding="utf-8")
    return normalise(text)


def test_mapping_matches_declared_sources() -> None:
    mapping = _mapping()
    declared = _declared_sources()
    assert declared, "content/ declares no sources"
    assert not set(mapping) - declared, (
        f"mapped but not declared: {sorted(set(mapping) - declared)}"
    )
    assert not declared - set(mapping), (
        f"declared but not mapped: {sorted(declared - set(mapping))}"
    )


def test_mapped_seed_files_exist() -> None:
    if not SEEDS.is_dir():
        pytest.skip(_NO_SEEDS)
    missing = [name for name in _mapping().values() if not (SEEDS / name).is_file()]
    assert not missing, f"seed files missing from {SEEDS}: {missing}"


@pytest.mark.parametrize(("owner", "where", "attribution"), _collect())
def test_quote_is_verbatim(owner: str, where: str, attribution: Any) -> None:
    assert isinstance(attribution, dict), f"{where}: an attribution must be a mapping"
    source = str(attribution.get("source", ""))
    quote = str(attribution.get("quote", ""))
    locator = str(attribution.get("locator", ""))
    assert quote.strip(), f"{where} ({owner}): empty quote"
    assert len(quote) <= MAX_QUOTE_CHARS, (
        f"{where} ({owner}): quote is {len(quote)} characters (max {MAX_QUOTE_CHARS})"
    )
    mapping = _mapping()
    assert source in mapping, f"{where} ({owner}): source {source!r} not in {MAPPING_FILE.name}"
    if not SEEDS.is_dir():
        pytest.skip(_NO_SEEDS)
    wanted = normalise(quote)
    assert wanted in _seed_text(source), (
        f"{where} ({owner}): quote not found verbatim in {source} ({mapping[source]}): {quote!r}"
    )
    match = PARA_LOCATOR.match(locator)
    if match:
        paragraphs = _seed_paragraphs(source)
        n = int(match.group(1))
        assert 1 <= n <= len(paragraphs), f"{where} ({owner}): {locator!r} out of range"
        assert wanted in paragraphs[n - 1], (
            f"{where} ({owner}): quote is in {source} but not at {locator!r}: {quote!r}"
        )
