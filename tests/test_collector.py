"""The collector tuned while a document renders, then as it was, with renders in threads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from briefgen.collector import DOCUMENT_THRESHOLD, tuned_for_documents


@pytest.fixture(autouse=True)
def default_threshold() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_tuned_while_rendering_then_restored() -> None:
    with tuned_for_documents():
        assert gc.get_threshold() == DOCUMENT_THRESHOLD
        with tuned_for_documents():
            assert gc.get_threshold() == DOCUMENT_THRESHOLD
        assert gc.get_threshold() == DOCUMENT_THRESHOLD
    assert gc.get_threshold() == (700, 10, 10)


def test_restored_after_a_failure_and_only_when_the_last_render_ends() -> None:
    entered, leave = threading.Event(), threading.Event()

    def other() -> None:
        with tuned_for_documents():
            entered.set()
            leave.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    entered.wait(10)
    with pytest.raises(RuntimeError), tuned_for_documents():
        raise RuntimeError("render failed")
    assert gc.get_threshold() == DOCUMENT_THRESHOLD  # the other render still runs
    leave.set()
    thread.join(10)
    assert gc.get_threshold() == (700, 10, 10)
