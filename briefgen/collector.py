"""The garbage collector tuned for laying out a document, which makes millions of long-lived
boxes: the youngest objects collected every 50,000 allocations instead of 700, since each
collection walks them all again (about 7% of a PDF's time at the default)."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

DOCUMENT_THRESHOLD = (50_000, 20, 100)
_lock = threading.Lock()


class _Renders:
    """The renders running in this process and the threshold from before the first."""

    running = 0
    before: tuple[int, ...] = gc.get_threshold()


def tune_for_documents() -> None:
    """Tune the collector for the rest of this process (a command that builds documents)."""
    gc.set_threshold(*DOCUMENT_THRESHOLD)


@contextlib.contextmanager
def tuned_for_documents() -> Iterator[None]:
    """Tuned while the block runs, then as it was (a worker shared with other work, such as
    a Dask cluster's, whose processes collect at the default); renders in threads share it."""
    with _lock:
        if _Renders.running == 0:
            _Renders.before = gc.get_threshold()
            gc.set_threshold(*DOCUMENT_THRESHOLD)
        _Renders.running += 1
    try:
        yield
    finally:
        with _lock:
            _Renders.running -= 1
            if _Renders.running == 0:
                gc.set_threshold(*_Renders.before)
