"""Init: a small working project to start from (one source, a paragraph of claims, two briefs)."""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import BriefgenError, Location, Problem

# A fictional topic, so nothing in a new project is borrowed from a real source.
FILES = {
    "content/project.yaml": """\
# Project settings: the topic and the sections content can belong to.
topic: The Ama river
sections:
  - id: history
    title: History
  - id: contested
    title: Contested claims
""",
    "content/sources.yaml": """\
# Every statement names its source; a source says who wrote it and how far to trust it.
sources:
  - id: wire-2021
    title: River talks stall as drought bites
    publisher: Example Wire
    published: 2021-06-03
    kind: wire
    perspective: International wire service
    perspective_group: international-media
    reliability: B
    reliability_note: Established wire service, single-day report

perspective_groups:
  - id: international-media
    label: International news media
""",
    "content/actors.yaml": """\
# Who holds a position (a government, a ministry, a person); an actor is never a source.
actors:
  - id: north-gov
    name: Government of Northland
    kind: government
""",
    "content/history.yaml": """\
# A section as paragraphs: each claim is one attributed sentence that filters keep or drop.
section: history
bottom_line: >-
  The 1950 treaty still frames the dispute, but the two governments read it differently.
paragraphs:
  - heading: The treaty and the dam
    claims:
      - id: treaty-1950
        text: According to Example Wire, the two states signed a water-sharing treaty in 1950.
        date: 1950
        tags: [treaty]
        weight: key
        attributions:
          - source: wire-2021
            quote: "The 1950 treaty split the river's flow evenly."
            locator: para 3
      - id: dam-no-effect
        text: The Government of Northland says its dam does not reduce the flow downstream.
        tags: [dam]
        attributions:
          - source: wire-2021
            quote: "Northland insists the dam changes nothing downstream."
            locator: para 5
            held_by: north-gov
""",
    "briefs/full.yaml": """\
# A brief: which sections an audience gets, in what order, under what title and marking.
title: The Ama river
subtitle: Full brief
audience: Analysts
edition: 2026-01-01
marking: FOR OFFICIAL USE ONLY
options:
  numbering: true
sections:
  - overview
  - section: history
  - summary
  - sources
""",
    "briefs/memo.yaml": """\
# Another audience: start from the full brief and change only what differs.
extends: full
subtitle: Memo
audience: Senior readers
options:
  cover_page: false
  contents: false
  note_quotes: false
sections:
  - section: history
    depth: key
  - sources
""",
}


def init_project(folder: Path) -> list[Path]:
    """Write the starter project into a new or empty folder; the files written, in order."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BriefgenError(
            [Problem(Location(str(folder)), "is not an empty folder: choose a new folder")]
        )
    written = []
    for name, text in FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
