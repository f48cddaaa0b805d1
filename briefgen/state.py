"""Build state: canonical data and digests of what each output was built from."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from . import __version__
from .errors import Location
from .filedigest import add_tree
from .model import PartialDate
from .select import Selection
from .write import atomic_write

MANIFEST = "build.json"


def plain(value: Any) -> Any:
    """A JSON-able copy of model data, without source-file locations."""
    if isinstance(value, Location | Path):
        return None
    if isinstance(value, PartialDate):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.endswith("loc")
        }
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def digest(data: Any) -> str:
    """A stable sha256 of JSON-able data or bytes."""
    raw = (
        data
        if isinstance(data, bytes)
        else json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    )
    return hashlib.sha256(raw).hexdigest()


def selection_inputs(selection: Selection) -> dict[str, Any]:
    """Digests of what a brief selected: the brief, each item, each source with its quotes' checks."""
    return {
        "brief": digest(plain(selection.brief)),
        "items": {e.item.id: digest(plain(e.item)) for p in selection.parts for e in p.entries},
        "sources": {
            s.id: digest({"source": plain(s), "check": plain(selection.checks.get(s.id))})
            for s in selection.sources
        },
    }


def folder_digest(folders: list[Path]) -> str:
    """One digest over every file's name and bytes below the folders (templates, assets)."""
    h = hashlib.sha256()
    for rank, folder in enumerate(folders):  # the rank too: the first folder's files win
        add_tree(h, folder, str(rank))
    return h.hexdigest()


def output_digest(html: str, templates: str, formats: tuple[str, ...]) -> str:
    """What decides whether outputs are stale: the HTML, the templates, the formats, the tool."""
    return digest(
        {
            "html": digest(html.encode()),
            "templates": templates,
            "formats": list(formats),
            "tool": __version__,
        }
    )


def read_manifest(folder: Path) -> dict[str, Any]:
    """The recorded state of a brief's last build ({} when none or unreadable)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(folder: Path, data: dict[str, Any]) -> None:
    """Record a brief's build state, atomically."""
    text = json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    atomic_write(folder / MANIFEST, text.encode("utf-8"))
