"""Hostile values at the edges: dates at the ends of the calendar, CSS values, theme sizes.

A case passes when the project builds and draws what it holds, or stops with a located
line; never an internal error (exit 4) or a hang.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.render.charts import tick_step
from tests.sample_project import BRIEF_FULL, BRIEF_SHORT, EVENTS, HISTORY
from tests.test_hostile import run_bounded

ALL_BUT_PDF = "formats: [html, docx, json]\n"


@pytest.mark.parametrize(
    ("first", "last"),
    [("0001-01-01", "9999-12-31"), ("0001", "0002"), ("9998-12", "9999"), ("1999", "1999")],
)
def test_a_timeline_at_the_ends_of_the_calendar_is_drawn(
    make_project: Callable[..., Path], first: str, last: str
) -> None:
    events = EVENTS.replace("1950-03-01", first).replace("date: 2019", f"date: {last}")
    root = make_project(
        {
            "content/timeline.yaml": events,
            "briefs/full.yaml": BRIEF_FULL.replace("2026-11-23", "9999-12-31") + ALL_BUT_PDF,
            "briefs/short.yaml": BRIEF_SHORT.replace("2026-11-23", "0001-01-01") + ALL_BUT_PDF,
        }
    )
    code, output = run_bounded(root, "build")
    assert code == 0, output
    page = (root / "output/full/full.html").read_text()
    assert 'class="chart timeline"' in page
    ticks = (
        page.split('class="chart timeline"')[1].split("</svg>")[0].count('text-anchor="middle">')
    )
    assert 2 <= ticks <= 11 + 2, ticks  # the axis' ticks and the two numbered markers
    for brief in ("full", "short"):
        with zipfile.ZipFile(io.BytesIO((root / f"output/{brief}/{brief}.docx").read_bytes())) as z:
            assert z.testzip() is None
            stamp = z.infolist()[0].date_time
            assert 1980 <= stamp[0] <= 2107
        evidence = json.loads((root / f"output/{brief}/{brief}.json").read_text())
        assert evidence


@pytest.mark.parametrize("date", ["0000", "0000-01", "0000-02-29"])
@pytest.mark.parametrize("where", ["claim", "event", "edition"])
def test_year_zero_is_a_located_error(
    make_project: Callable[..., Path], date: str, where: str
) -> None:
    if where == "claim":
        files = {"content/history.yaml": HISTORY.replace("date: 1950", f"date: {date}")}
        shown = "content/history.yaml:5:"
    elif where == "event":
        files = {"content/timeline.yaml": EVENTS.replace("date: 2019", f"date: {date}")}
        shown = "content/timeline.yaml:12:"
    else:
        files = {"briefs/short.yaml": BRIEF_SHORT.replace("2026-11-23", date)}
        shown = "briefs/short.yaml:4:"
    code, output = run_bounded(make_project(files), "build")
    assert code == 1, output
    assert f"{shown}" in output and "is not a real date" in output and f"'{date}'" in output


def test_the_axis_never_has_more_than_ten_steps() -> None:
    for span in [*range(1, 2000), 9998, 9999, 10_000, 123_456]:
        step = tick_step(span)
        assert span / step <= 10 and (span <= 10 or span / step > 2), (span, step)
