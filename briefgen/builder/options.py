"""What a build is asked to do, shared by the whole build and each brief's run."""

from __future__ import annotations

DEFAULT_TIMEOUT = 300.0  # seconds one PDF may take
