"""Builds to kill: a process that imports briefgen and WeasyPrint once, then for each request
forks a build (`briefgen ARGS`, as the command line runs it) and kills it with SIGKILL after
the delay asked for, unless it ended first. Each request is one line of JSON on stdin,
`{"args": [...], "kill_after": seconds}`; the answer one line on stdout: `killed` or `ended N S`
(the exit code and the seconds the build took). A build killed here is killed at any point of its work, without paying a
Python start and the imports for each one (tests/test_safety.py).

    python -m tests.forked_builds
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

from briefgen.cli.main import main
from briefgen.render import pdf  # noqa: F401 - WeasyPrint imported once, before the forks


def run(args: list[str]) -> None:
    """In the child: the build, its output thrown away; never returns."""
    code = 4
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        sys.argv = ["briefgen", *args]
        main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    finally:
        os._exit(code)


def answer(line: str) -> str:
    """Fork the build asked for, kill it after the delay unless it ended, say which."""
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        run(request["args"])
    began = time.monotonic()
    deadline = began + float(request["kill_after"])
    while time.monotonic() < deadline:
        ended, status = os.waitpid(pid, os.WNOHANG)
        if ended:
            return f"ended {os.waitstatus_to_exitcode(status)} {time.monotonic() - began:.3f}"
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)  # not yet reaped: the pid is still this child's
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    took = time.monotonic() - began
    return "killed" if code == -signal.SIGKILL else f"ended {code} {took:.3f}"


if __name__ == "__main__":
    for request in sys.stdin:
        print(answer(request), flush=True)
