"""Build state: canonical data and digests of what each output was built from."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from briefgen.errors import Location
from briefgen.load.digest import tool_digest
from briefgen.model import PartialDate
from briefgen.safeio import MIB, read_json
from briefgen.selection.select import Selection
from briefgen.write import atomic_write

MANIFEST = "build.json"
MAX_MANIFEST_BYTES = 16 * MIB


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


def made_from(selection: Selection, templates: str, catalogs: str) -> str:
    """A digest of everything a brief's HTML is made from: its selection (with the edition's
    changes and the quote checks), the templates, the project's catalogs, the tool and the
    versions of the libraries that shape the outputs.

    Equal digests mean equal HTML, so a build need not render it to learn nothing changed.
    The selection is digested as its pickle (a few ms, where its HTML takes up to 0.5 s);
    "" (never equal) when it cannot be pickled.
    """
    try:
        state = pickle.dumps(selection, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return ""
    return digest(
        {
            "selection": digest(state),
            "templates": templates,
            "catalogs": catalogs,
            "tool": tool_digest(),
            "libraries": library_versions(),
        }
    )


# the libraries whose upgrade can change an output's bytes for the same inputs
SHAPING_LIBRARIES = (
    "babel",
    "jinja2",
    "markdown-it-py",
    "markupsafe",
    "weasyprint",
    "pikepdf",
    "pypandoc-binary",
    "cairosvg",
)


@cache
def library_versions() -> dict[str, str]:
    """The installed versions of the libraries that shape the outputs ("" when not found)."""

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return ""

    return {name: version(name) for name in SHAPING_LIBRARIES}


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


def output_digest(html: str, templates: str, formats: tuple[str, ...]) -> str:
    """What decides whether outputs are stale: the HTML, the templates, the formats, the tool.

    The tool is its code and built-in templates, not its version number: a change to the
    PDF code rebuilds the PDFs even when the HTML is the same.
    """
    return digest(
        {
            "html": digest(html.encode()),
            "templates": templates,
            "formats": list(formats),
            "tool": tool_digest(),
        }
    )


def read_manifest(folder: Path) -> dict[str, Any]:
    """The recorded state of a brief's last build ({} when none, damaged or not a regular file).

    Only well-formed records are kept: a damaged one means the brief is built again.
    """
    try:
        data = read_json(folder / MANIFEST, MAX_MANIFEST_BYTES, follow=False)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    outputs = data.get("outputs", {})
    if not isinstance(outputs, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("digest"), str) for v in outputs.values()
    ):
        return {}
    if not isinstance(data.get("pages"), int | None) or not isinstance(
        data.get("warning"), str | None
    ):
        return {}
    return data


def write_manifest(folder: Path, data: dict[str, Any]) -> None:
    """Record a brief's build state, atomically."""
    text = json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    atomic_write(folder / MANIFEST, text.encode("utf-8"))
