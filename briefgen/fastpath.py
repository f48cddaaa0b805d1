"""The no-op fast path: when no input file changed since the last full build, say so at once.

It reads and hashes the input files (a few milliseconds) and imports nothing of the
pipeline; any doubt falls back to the normal build, which checks every brief itself.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import __version__
from .filedigest import add_tree

STATE = ".briefgen-state.json"
INPUT_FOLDERS = ("content", "briefs", "templates", "editions")
BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def inputs_digest(root: Path, extra: list[str] | tuple[str, ...] = ()) -> str:
    """One digest over the tool version and every input file's path and bytes.

    `extra` names more files or folders (relative to the project) that the last full build
    found it depends on: the snapshots folder and the sources' own snapshot files.
    """
    h = hashlib.sha256(__version__.encode())
    for name in (*INPUT_FOLDERS, *extra):
        add_tree(h, root / name, name)
    add_tree(h, BUILTIN_TEMPLATES, "<built-in templates>")
    return h.hexdigest()


def extra_inputs(state: dict[str, Any]) -> list[str]:
    """The extra input paths a recorded state names (none when it names none)."""
    extra = state.get("extra", [])
    return [p for p in extra if isinstance(p, str)] if isinstance(extra, list) else []


def read_state(root: Path) -> dict[str, Any]:
    """The state the last full build left ({} when none)."""
    try:
        data = json.loads((root / "output" / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def up_to_date(root: Path, state: dict[str, Any], digest: str) -> bool:
    """True when the recorded state is for these inputs and its outputs are all there."""
    if not state or state.get("inputs") != digest:
        return False
    return all((root / "output" / path).is_file() for path in state.get("outputs", []))


def write_state(
    root: Path,
    digest: str,
    results: list[dict[str, Any]],
    outputs: list[str],
    warnings: list[str],
    extra: list[str],
) -> None:
    """Record a full build's input digest and results (the caller writes it atomically)."""
    from .write import atomic_write

    data = {
        "inputs": digest,
        "results": results,
        "outputs": outputs,
        "warnings": warnings,
        "extra": extra,
    }
    atomic_write(root / "output" / STATE, json.dumps(data, indent=1).encode())


def forget(root: Path) -> None:
    """Drop the fast-path state (after a partial or failed build)."""
    (root / "output" / STATE).unlink(missing_ok=True)
