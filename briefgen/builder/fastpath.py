"""The no-op fast path: when no input file changed since the last full build, say so at once.

It reads and hashes the input files (a few milliseconds) and imports nothing of the
pipeline; any doubt falls back to the normal build, which checks every brief itself.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from briefgen.layout import EDITIONS, INPUTS, OUTPUT
from briefgen.load.digest import tree_digest
from briefgen.safeio import MIB, read_json, relative_inside

STATE = ".briefgen-state.json"
INPUT_FOLDERS = (*INPUTS, EDITIONS)  # the snapshots come as `extra` (their folder is configurable)
WRITTEN = EDITIONS
MAX_STATE_BYTES = 16 * MIB


def inputs_digest(
    root: Path, extra: list[str] | tuple[str, ...] = (), read_only: bool = False
) -> str:
    """One digest over the tool (code and built-in templates) and every input file's path and bytes.

    `extra` names more files or folders (relative to the project) that the last full build
    found it depends on: the snapshots folder and the sources' own snapshot files.
    `read_only` leaves out editions/, which a build writes as well as reads.
    """
    folders = [f for f in INPUT_FOLDERS if not (read_only and f == WRITTEN)]
    return tree_digest(root, (*folders, *extra))


def extra_inputs(state: dict[str, Any]) -> list[str]:
    """The extra input paths a recorded state names (a damaged state's paths out are dropped)."""
    extra = state.get("extra", [])
    return (
        [p for p in extra if isinstance(p, str) and relative_inside(p)]
        if isinstance(extra, list)
        else []
    )


def read_state(root: Path) -> dict[str, Any]:
    """The state the last full build left ({} when none, damaged or not a regular file)."""
    try:
        data = read_json(root / OUTPUT / STATE, MAX_STATE_BYTES, follow=False)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    shapes = {"results": list, "outputs": list, "warnings": list, "inputs": str}
    if not all(isinstance(data.get(k), t) for k, t in shapes.items()):
        return {}
    if not all(isinstance(r, dict) and isinstance(r.get("brief"), str) for r in data["results"]):
        return {}
    if not all(isinstance(w, str) for w in data["warnings"]):
        return {}
    if not all(isinstance(p, str) and relative_inside(p) for p in data["outputs"]):
        return {}
    return data


def up_to_date(root: Path, state: dict[str, Any], digest: str) -> bool:
    """True when the recorded state is for these inputs and its outputs are all there."""
    if not state or state.get("inputs") != digest:
        return False
    return all((root / OUTPUT / path).is_file() for path in state.get("outputs", []))


def write_state(
    root: Path,
    digest: str,
    results: list[dict[str, Any]],
    outputs: list[str],
    warnings: list[str],
    extra: list[str],
) -> None:
    """Record a full build's input digest and results (the caller writes it atomically)."""
    from briefgen.write import atomic_write

    data = {
        "inputs": digest,
        "results": results,
        "outputs": outputs,
        "warnings": warnings,
        "extra": extra,
    }
    atomic_write(root / OUTPUT / STATE, json.dumps(data, indent=1).encode())


def forget(root: Path) -> None:
    """Drop the fast-path state (after a partial or failed build)."""
    with contextlib.suppress(OSError):  # a state it cannot remove no longer matches the inputs
        (root / OUTPUT / STATE).unlink()
