"""The render timeout holds even when its exception is raised where Python swallows it."""

from __future__ import annotations

import gc
import time

import pytest

from briefgen.render.pdf import RenderTimeout, time_limit


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_timeout_raised_inside_a_gc_callback_still_ends_the_render() -> None:
    def slow_callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            time.sleep(0.5)  # the alarm fires here, and gc reports its exception as unraisable

    gc.callbacks.append(slow_callback)
    try:
        with pytest.raises(RenderTimeout), time_limit(0.05):
            gc.collect()
    finally:
        gc.callbacks.remove(slow_callback)


def test_no_timeout_when_the_work_is_done_in_time() -> None:
    with time_limit(5):
        total = sum(range(1000))
    assert total == 499500


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_swallowed_timeout_is_raised_again_while_the_work_goes_on() -> None:
    calls = []

    def swallow_once(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and not calls:
            calls.append(phase)
            time.sleep(0.5)  # the first alarm is raised (and swallowed) here

    reached_the_end = False
    gc.callbacks.append(swallow_once)
    try:
        with pytest.raises(RenderTimeout), time_limit(0.05):
            gc.collect()
            for _ in range(50):  # long work after the swallowed alarm: stopped part way
                time.sleep(0.1)
            reached_the_end = True
    finally:
        gc.callbacks.remove(swallow_once)
    assert calls and not reached_the_end
