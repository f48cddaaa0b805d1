"""A cache of the loaded and validated workspace, keyed by the digest of the files it was read from.

Loading and validating 10,000 claims takes about a second; reading them back from the cache a
quarter of that. The cache lives in the user's cache folder (not the project, which many hands
may write to), one file per project, and is signed with a key only this user can read: a cache
file that was not written by this user's briefgen is never unpickled.

BRIEFGEN_CACHE=0 turns it off; BRIEFGEN_CACHE_DIR moves it (default $XDG_CACHE_HOME/briefgen or
~/.cache/briefgen).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import secrets
import time
from pathlib import Path

from . import __version__
from .filedigest import add_tree
from .workspace import Workspace, open_workspace

MAGIC = b"briefgen-workspace-1\n"
INPUT_FOLDERS = ("content", "briefs")


def cache_dir() -> Path | None:
    """Where cache files go, or None when caching is off."""
    if os.environ.get("BRIEFGEN_CACHE", "1").strip().lower() in ("0", "off", "no", "false"):
        return None
    chosen = os.environ.get("BRIEFGEN_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefgen"


def inputs_key(root: Path) -> bytes:
    """A digest of the tool version, the project's place and every content and brief file."""
    h = hashlib.sha256(f"{__version__}\0{root.resolve()}\0".encode())
    for folder in INPUT_FOLDERS:
        add_tree(h, root / folder, folder)
    return h.digest()


def signing_key(folder: Path) -> bytes:
    """This user's secret key for signing cache files, made on first use."""
    path = folder / "key"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_bytes()
        with os.fdopen(fd, "wb") as out:
            out.write(key)
        return key


def cache_file(folder: Path, root: Path) -> Path:
    """The one cache file of a project."""
    return folder / (hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32] + ".pickle")


def read_cached(path: Path, key: bytes, inputs: bytes) -> Workspace | None:
    """The cached workspace when the file is ours, intact and for these inputs; else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC)
    signature, body = data[head : head + 32], data[head + 32 :]
    if not data.startswith(MAGIC) or not body.startswith(inputs):
        return None
    if not hmac.compare_digest(signature, hmac.digest(key, body, "sha256")):
        return None
    try:
        ws = pickle.loads(body[len(inputs) :])
    except Exception:  # a file from another version of the model: load afresh
        return None
    return ws if isinstance(ws, Workspace) else None


def write_cached(path: Path, key: bytes, inputs: bytes, ws: Workspace) -> None:
    """Store the workspace, signed; a cache that cannot be written is simply skipped."""
    body = inputs + pickle.dumps(ws, protocol=pickle.HIGHEST_PROTOCOL)
    for stale in path.parent.glob(f".{path.name}.*.tmp"):  # left by a killed process
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > 600:
                stale.unlink()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(MAGIC + hmac.digest(key, body, "sha256") + body)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def load_workspace(root: Path) -> Workspace:
    """The project's workspace, from the cache when its input files are unchanged."""
    folder = cache_dir()
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
    write_cached(path, key, inputs, ws)
    return ws
