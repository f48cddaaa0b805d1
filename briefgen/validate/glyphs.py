"""Glyph coverage: every character of the content and briefs that no installed font can draw.

The templates' font stacks name the Noto families for each script and end in a generic family,
through which fontconfig (WeasyPrint's and the browser's font lookup) reaches every installed
font: a character no installed font covers prints as an empty box (.notdef) in the PDF, or not at
all. `check` and `build` report each such character where it is written, as a warning.

The installed fonts' coverage is read from fontconfig (`fc-list`), at most once per run and
not again while the font configuration is the same (validate/fontcache.py); without
fontconfig nothing is reported (WeasyPrint needs it anyway).
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from pathlib import Path

import yaml

from briefgen.errors import Location, Problem, Severity
from briefgen.layout import LOADED
from briefgen.safeio import read_capped
from briefgen.validate import fontcache
from briefgen.validate.fontcache import Coverage

# control, format (joiners, bidi marks, byte-order mark) and space characters draw no glyph
INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
MAX_BYTES = 2 * 1024 * 1024  # as the YAML reader: larger files are refused there
FOLDERS = LOADED


_read: dict[str, Coverage | None] = {}  # this process's reading


def installed_coverage(fresh: bool = False) -> Coverage | None:
    """The code points the installed fonts cover, as sorted (starts, ends); None without
    fontconfig. Read once per process, from the user's cache folder while the font
    configuration is the same; `fresh`: from fontconfig, now (`--no-cache`)."""
    if fresh or "fonts" not in _read:
        _read["fonts"] = read_coverage(use_cache=not fresh)
    return _read["fonts"]


def read_coverage(use_cache: bool) -> Coverage | None:
    """The installed fonts' coverage, from the cache (when `use_cache`) or fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    kept = fontcache.cached(fc_list) if use_cache else None
    if kept is not None:
        return kept
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{file}\t%{charset}\n"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files: list[str] = []
    ranges: list[tuple[int, int]] = []
    for line in out.splitlines():
        name, _, charset = line.rpartition("\t")
        files.append(name)
        for token in charset.split():
            first, _, last = token.partition("-")
            try:
                ranges.append((int(first, 16), int(last or first, 16)))
            except ValueError:
                continue
    ranges.sort()
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    coverage = tuple(m[0] for m in merged), tuple(m[1] for m in merged)
    fontcache.store(fc_list, [f for f in files if f], coverage)
    return coverage


def drawable(char: str, coverage: Coverage) -> bool:
    """True when some installed font has a glyph for the character (or it needs none)."""
    if unicodedata.category(char) in INVISIBLE:
        return True
    starts, ends = coverage
    code = ord(char)
    i = bisect.bisect_right(starts, code) - 1
    return i >= 0 and code <= ends[i]


def script_name(char: str) -> str:
    """The character's script in words ('Ethiopic'), or what kind of character it is."""
    category = unicodedata.category(char)
    if category == "Co":
        return "private use"
    if category == "Cn":
        return "unassigned"
    try:
        from fontTools import unicodedata as ft_unicodedata

        name = str(ft_unicodedata.script_name(ft_unicodedata.script(char)))
    except (ImportError, KeyError):
        return "unknown script"
    return {"Common": "symbol", "Inherited": "combining mark", "Unknown": "unknown script"}.get(
        name, name
    )


def scalar_spans(text: str) -> list[tuple[int, int]] | None:
    """The character ranges of the YAML scalars (values and keys, not comments); None if unreadable."""
    try:
        return [
            (token.start_mark.index, token.end_mark.index)
            for token in yaml.scan(text, Loader=yaml.SafeLoader)
            if isinstance(token, yaml.ScalarToken)
        ]
    except yaml.YAMLError:
        return None


def file_problems(text: str, shown: str, coverage: Coverage) -> list[Problem]:
    """A warning for each character of the file's text that no installed font draws."""
    missing = {c for c in set(text) if not drawable(c, coverage)}
    if not missing:
        return []
    spans = scalar_spans(text)
    if spans is None:
        spans = [(0, len(text))]
    problems = []
    for start, end in spans:
        for index in range(start, end):
            char = text[index]
            if char not in missing:
                continue
            line = text.count("\n", 0, index) + 1
            column = index - (text.rfind("\n", 0, index) + 1) + 1
            message = f"no font for '{char}' (U+{ord(char):04X}, {script_name(char)})"
            problems.append(Problem(Location(shown, line, column), message, Severity.WARNING))
    return problems


def glyph_problems(root: Path) -> list[Problem]:
    """Every character of content/ and briefs/ that no installed font can draw, where it is."""
    coverage = installed_coverage()
    if coverage is None:
        return []
    problems: list[Problem] = []
    for folder in FOLDERS:
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix not in (".yaml", ".yml") or not path.is_file():
                continue
            if not path.resolve().is_relative_to(root.resolve()):
                continue  # the loader refuses it
            try:
                text = read_capped(path, MAX_BYTES).decode("utf-8")  # size checked first
            except (OSError, UnicodeDecodeError):  # FileRefused too: too large, not a file
                continue  # the loader reports it
            problems += file_problems(text, f"{folder}/{path.name}", coverage)
    return problems
