"""Where briefgen keeps its caches (the user's cache folder, never the project) and the key that signs them."""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.safeio import read_capped

KEY_BYTES = 32


def cache_dir() -> Path | None:
    """Where cache files go, or None when caching is off."""
    if os.environ.get("BRIEFGEN_CACHE", "1").strip().lower() in ("0", "off", "no", "false"):
        return None
    chosen = os.environ.get("BRIEFGEN_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefgen"


def signing_key(folder: Path) -> bytes:
    """This user's secret key for signing cache files, made on first use (OSError when unusable)."""
    path = folder / "key"
    try:
        key = read_capped(path, KEY_BYTES, follow=False)
    except FileNotFoundError:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        import secrets  # only when the key is made

        key = secrets.token_bytes(KEY_BYTES)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            key = read_capped(path, KEY_BYTES, follow=False)
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(key)
    if len(key) != KEY_BYTES:
        raise OSError("the cache key is not one briefgen made")
    return key
