"""A cache of the loaded and validated workspace, keyed by the digest of everything it depends on.

Loading and validating 10,000 claims takes about a second; reading them back from the cache
much less. The cache lives in the user's cache folder (not the project, which many hands may
write to), one file per project, and is signed with a key only this user can read.

The key is a digest of the tool's own code and built-in templates, the project's place, every
content and brief file and the snapshot files validation looks at; a cache file is only used
when all of these are unchanged. It holds data, never code: JSON in which each value is tagged
with its type, read back only into the model's own dataclasses (never a pickle). A cache file
that is not ours (garbage, a FIFO, a device, too large, a link) is ignored, read with a size cap.

BRIEFGEN_CACHE=0 or `--no-cache` turns it off; BRIEFGEN_CACHE_DIR moves it (default
$XDG_CACHE_HOME/briefgen or ~/.cache/briefgen).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import json
import os
import time
from enum import Enum
from pathlib import Path
from typing import Any

from briefgen import errors, model
from briefgen.layout import VALIDATED
from briefgen.load.digest import tree_digest
from briefgen.safeio import MIB, read_capped
from briefgen.validate.cachedir import cache_dir, signing_key
from briefgen.validate.workspace import Workspace, open_workspace

MAGIC = b"briefgen-workspace-2\n"
MAX_CACHE_BYTES = 256 * MIB


def inputs_key(root: Path) -> bytes:
    """A digest of the tool's code and templates, the project's place and every file the
    workspace is read and checked from (content, briefs, catalogs, translations)."""
    return hashlib.sha256(f"{root.resolve()}\0{tree_digest(root, VALIDATED)}".encode()).digest()


def extra_digest(root: Path, extra: list[str]) -> str:
    """A digest of the snapshot files and folders validation read (named by the workspace)."""
    return tree_digest(root, extra)


def cache_file(folder: Path, root: Path) -> Path:
    """The one cache file of a project."""
    return folder / (hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32] + ".json")


def known_types() -> dict[str, type]:
    """The only types a cache file may name: the model's dataclasses and enums, and Workspace."""
    found: dict[str, type] = {"Workspace": Workspace}
    for module in (model, errors):
        for name, value in vars(module).items():
            ours = isinstance(value, type) and value.__module__ == module.__name__
            if ours and (dataclasses.is_dataclass(value) or issubclass(value, Enum)):
                found[name] = value
    return found


def encode(value: Any) -> Any:
    """Model data as JSON-able data, each container and object tagged with its type."""
    if isinstance(value, Enum):  # before str: Severity is a StrEnum
        return ["E", type(value).__name__, value.value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Path):
        return ["P", str(value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return ["C", type(value).__name__, {f.name: encode(getattr(value, f.name)) for f in fields}]
    if isinstance(value, tuple):
        return ["T", [encode(v) for v in value]]
    if isinstance(value, list):
        return ["L", [encode(v) for v in value]]
    if isinstance(value, frozenset):
        return ["F", [encode(v) for v in sorted(value)]]
    if isinstance(value, dict):
        return ["D", [[encode(k), encode(v)] for k, v in value.items()]]
    raise TypeError(f"cannot store a {type(value).__name__} in the cache")


def decode(node: Any, types: dict[str, type]) -> Any:
    """The value `encode` made; ValueError for anything else (a type not in `types` above all)."""
    if node is None or isinstance(node, bool | int | str):
        return node
    if not isinstance(node, list) or not node:
        raise ValueError("not a cache value")
    tag = node[0]
    if tag == "P" and len(node) == 2 and isinstance(node[1], str):
        return Path(node[1])
    if tag in ("T", "L", "F") and len(node) == 2 and isinstance(node[1], list):
        items = [decode(v, types) for v in node[1]]
        return tuple(items) if tag == "T" else items if tag == "L" else frozenset(items)
    if tag == "D" and len(node) == 2 and isinstance(node[1], list):
        pairs = node[1]
        if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
            raise ValueError("not a cache value")
        return {decode(k, types): decode(v, types) for k, v in pairs}
    if tag in ("C", "E") and len(node) == 3 and node[1] in types:
        cls = types[node[1]]
        if tag == "E" and issubclass(cls, Enum):
            return cls(node[2])
        if tag == "C" and dataclasses.is_dataclass(cls) and isinstance(node[2], dict):
            return cls(**{str(k): decode(v, types) for k, v in node[2].items()})
    raise ValueError("not a cache value")


def read_cached(path: Path, key: bytes, inputs: bytes) -> Workspace | None:
    """The cached workspace when the file is ours, intact and for these inputs; else None."""
    try:
        data = read_capped(path, MAX_CACHE_BYTES, follow=False)
    except OSError:
        return None
    head = len(MAGIC)
    signature, body = data[head : head + 32], data[head + 32 :]
    if not data.startswith(MAGIC) or not body.startswith(inputs):
        return None
    if not hmac.compare_digest(signature, hmac.digest(key, body, "sha256")):
        return None
    try:
        record = json.loads(body[len(inputs) :])
        extra = record["extra"]
        if not isinstance(extra, list) or not all(isinstance(p, str) for p in extra):
            return None
        ws = decode(record["workspace"], known_types())
        if extra_digest(ws.root, extra) != record["extra_digest"]:
            return None  # a snapshot file validation looked at changed
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # a file from another version of the model: load afresh
    return ws if isinstance(ws, Workspace) else None


def write_cached(path: Path, key: bytes, inputs: bytes, ws: Workspace, extra: list[str]) -> None:
    """Store the workspace, signed; a cache that cannot be written is simply skipped."""
    record = {"extra": extra, "extra_digest": extra_digest(ws.root, extra), "workspace": encode(ws)}
    body = inputs + json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
    for stale in path.parent.glob(f".{path.name}.*.tmp"):  # left by a killed process
        with contextlib.suppress(OSError):
            if time.time() - stale.lstat().st_mtime > 600:
                stale.unlink()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + hmac.digest(key, body, "sha256") + body)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def load_workspace(root: Path, use_cache: bool = True) -> Workspace:
    """The project's workspace, from the cache when nothing it depends on changed."""
    from briefgen.load.snapshots import snapshot_inputs

    folder = cache_dir() if use_cache else None
    if folder is None:
        return open_workspace(root)
    try:
        key = signing_key(folder)
    except OSError:
        return open_workspace(root)
    inputs = inputs_key(root)
    path = cache_file(folder, root)
    cached = read_cached(path, key, inputs)
    if cached is not None:
        return cached
    ws = open_workspace(root)
    if inputs_key(root) == inputs:  # not stored when a file changed while it was read
        write_cached(path, key, inputs, ws, snapshot_inputs(ws.project))
    return ws
