"""The process's entry point: `check` of an unchanged project answered from its record, before
click or the pipeline is imported; every other command through the command line, in a process
tuned for one document build."""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import sys
import threading
from pathlib import Path
from typing import NoReturn

from briefgen.collector import tune_for_documents

UTF8 = "utf8"


def run() -> NoReturn:
    """`main()` with the collector tuned for one document build, then out without freeing
    every object one by one once the outputs are written."""
    tune_for_documents()
    code = recalled_check(sys.argv[1:])
    if code is not None:
        leave(code)
    from briefgen.cli.main import main

    try:
        main()
    except SystemExit as exc:
        leave(exc.code)
    leave(0)


def recalled_check(argv: list[str]) -> int | None:
    """The exit code of `[--project P] check [--strict]` after printing the report the last
    check kept, when nothing it depends on changed; None for anything else (then the command
    line runs it afresh)."""
    rest, project = list(argv), "."
    while rest and rest[0].startswith("-"):
        option = rest.pop(0)
        if option in ("--project", "-p") and rest:
            project = rest.pop(0)
        elif option.startswith("--project="):
            project = option.partition("=")[2]
        else:
            return None
    if rest not in (["check"], ["check", "--strict"]) or not project:
        return None
    streams = (sys.stdout, sys.stderr)
    if any((s.encoding or "").lower().replace("-", "") != UTF8 for s in streams):
        return None  # click's own encoding rules for other terminals
    from briefgen.safeio import resolved
    from briefgen.validate.checkrecord import recalled

    root = resolved(Path(project))
    record = None if root is None else recalled(root)
    if record is None:
        return None
    try:
        sys.stderr.writelines(line + "\n" for line in record["stderr"])
        sys.stdout.write(record["stdout"] + "\n")
        sys.stdout.flush()
    except OSError as exc:  # a closed pipe ends quietly, as click does; a full disk says so
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - open until the process ends
        if exc.errno != errno.EPIPE:
            with contextlib.suppress(OSError):
                sys.stderr.write(f"check: error: cannot print the report: {exc.strerror}\n")
        return 1
    strict = rest[-1] == "--strict"
    return 1 if record["errors"] or (strict and record["warnings"]) else 0


def leave(code: str | int | None) -> NoReturn:
    """Exit with `code` as `sys.exit` would, skipping only the interpreter's teardown: the
    exit handlers run (worker pools, temp folders, logs), stdout and stderr are flushed; every
    output was written by `atomic_write` and closed before this. With other threads still
    running it is a plain `sys.exit`, which waits for them; so it is under a profiler or a
    tracer (coverage), which report as the interpreter ends."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    if any(
        t.is_alive() and not t.daemon
        for t in threading.enumerate()
        if t is not threading.main_thread()
    ):
        sys.exit(code)
    if code is not None and not isinstance(code, int):
        from briefgen.cli.common import echo

        echo(str(code), err=True)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code or 0)
