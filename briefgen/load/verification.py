"""The quote verification record, snapshots/verification.json: written by `sources verify` and
`sources refresh`, read by builds (which quotes to mark) and by validation (stale locators)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from briefgen.load.snapshots import store_folder
from briefgen.model import Project
from briefgen.safeio import MIB, read_json
from briefgen.text import normalise

RECORD = "verification.json"
MAX_RECORD_BYTES = 64 * MIB
LOCATOR = re.compile(r"(para|paragraph|line)(\s+)(\d+)", re.IGNORECASE)
WHERE = re.compile(r"line (\d+), para (\d+)")


def quote_key(quote: str) -> str:
    """The key a quote is recorded under: a digest of its normalised text."""
    return hashlib.sha256(normalise(quote).encode()).hexdigest()[:16]


def recorded_quotes(entry: Any) -> dict[str, dict[str, Any]]:
    """A source's recorded quotes by key (well-formed ones only)."""
    quotes = entry.get("quotes") if isinstance(entry, dict) else None
    if not isinstance(quotes, dict):
        return {}
    return {k: v for k, v in quotes.items() if isinstance(v, dict)}


def read_record(project: Project) -> dict[str, Any]:
    """The recorded verification results by source id ({} when none or unreadable)."""
    try:
        data = read_json(store_folder(project) / RECORD, MAX_RECORD_BYTES, follow=False)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recorded_place(found: Any) -> tuple[int, int] | None:
    """(line, paragraph) where a recorded quote was found, or None."""
    if not isinstance(found, dict):
        return None
    line, para = found.get("line"), found.get("para")
    if isinstance(line, int) and isinstance(para, int):
        return line, para
    match = WHERE.fullmatch(str(found.get("where", "")))  # a record written before 'line'/'para'
    return (int(match.group(1)), int(match.group(2))) if match else None


def relocated(locator: str, line: int, para: int) -> str | None:
    """The locator rewritten to point at (line, para) when it is a 'para N' or 'line N' that
    points elsewhere; None when it is right or of another form ('section 2')."""
    match = LOCATOR.fullmatch(locator.strip())
    if match is None:
        return None
    word, space, number = match.groups()
    at = line if word.lower() == "line" else para
    return None if at == int(number) else f"{word}{space}{at}"
