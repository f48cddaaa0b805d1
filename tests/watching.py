"""Watching a project: `watch` or `serve` started, an edit made until it is seen, its output."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.sample_project import REPO


def started(root: Path, *args: str) -> subprocess.Popen[str]:
    """generate.py on the project with these arguments, its output (stdout and stderr, not
    buffered) read line by line as it comes."""
    return subprocess.Popen(
        [sys.executable, "generate.py", "--project", str(root), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def run_until_rebuilt(command: str, root: Path, edit: Callable[[], None]) -> str:
    """`watch` or `serve` with one rebuild: `edit` is made (again, until seen) once it watches."""
    args = [command, "--max-rebuilds", "1", *(["--port", "0"] if command == "serve" else [])]
    proc = started(root, *args)
    try:
        assert proc.stdout is not None
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            lines.append(proc.stdout.readline())
            if lines[-1].startswith("watching"):
                break
        assert lines[-1].startswith("watching"), lines
        deadline = time.monotonic() + 90
        while proc.poll() is None and time.monotonic() < deadline:
            edit()
            time.sleep(1.0)
        out, _ = proc.communicate(timeout=60)
    finally:
        proc.kill()
    return "".join(lines) + out
