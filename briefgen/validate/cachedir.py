"""Where briefgen keeps its caches: the user's cache folder, never the project."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """Where cache files go, or None when caching is off."""
    if os.environ.get("BRIEFGEN_CACHE", "1").strip().lower() in ("0", "off", "no", "false"):
        return None
    chosen = os.environ.get("BRIEFGEN_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefgen"
