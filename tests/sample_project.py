"""A small sample project on a fictional topic (so nothing in the tool is Turkey-specific)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SOURCES = """\
sources:
  - id: wire-2021
    title: "River talks stall as drought bites"
    publisher: Example Wire
    published: 2021-06-03
    url: https://wire.example/river-talks
    kind: wire
    perspective: International wire service
    perspective_group: international
    reliability: B
    reliability_note: Established wire service, single-day report
  - id: north-gov-2022
    title: Statement on the Ama river
    publisher: Northland Ministry of Water
    published: 2022-01
    kind: government
    perspective: Northland government
    perspective_group: northland
    reliability: C
    reliability_note: Official statement of a party to the dispute
  - id: south-ngo
    title: The Ama fact sheet
    date_note: not stated in the text
    kind: advocacy
    perspective: Southland advocacy group
    perspective_group: southland
    reliability: D
    reliability_note: Advocacy text of one side; publisher not stated
"""

GROUPS = """\
perspective_groups:
  - id: international
    label: International media
  - id: northland
    label: Northland government
  - id: southland
    label: Southland advocacy
"""

ACTORS = """\
actors:
  - id: north-gov
    name: Government of Northland
    kind: government
  - id: south-gov
    name: Government of Southland
    kind: government
"""

HISTORY = """\
section: history
claims:
  - id: treaty-1950
    text: The two states signed a *water-sharing* treaty in 1950.
    date: 1950
    tags: [treaty]
    weight: key
    attributions:
      - source: wire-2021
        quote: "The 1950 treaty split the river's flow evenly."
        locator: para 3
  - id: dam-built
    text: Northland says its dam does not reduce the flow downstream.
    tags: [dam]
    attributions:
      - source: wire-2021
        quote: "Northland insists the dam changes nothing downstream."
        locator: para 5
        held_by: north-gov
"""

CONTESTED = """\
contested:
  - id: dam-effect
    question: Does the Northland dam reduce the river's flow?
    tags: [dam]
    weight: key
    positions:
      - held_by: north-gov
        stance: No effect
        summary: The dam only stores winter floods.
        date: 2022-01
        attributions:
          - source: north-gov-2022
            quote: "The dam stores only winter flood water."
            locator: section 2
      - held_by: south-gov
        stance: Severe effect
        summary: Southland says the flow has halved since the dam opened.
        attributions:
          - source: south-ngo
            quote: "Since the dam opened, the flow has halved."
            locator: para 1
            held_by: south-gov
"""

EVENTS = """\
events:
  - id: ev-treaty
    date: 1950-03-01
    text: Water-sharing treaty signed.
    tags: [treaty]
    weight: key
    attributions:
      - source: wire-2021
        quote: "The 1950 treaty split the river's flow evenly."
        locator: para 3
  - id: ev-dam
    date: 2019
    text: The Northland dam opens.
    tags: [dam]
    attributions:
      - source: south-ngo
        quote: "Since the dam opened, the flow has halved."
        locator: para 1
"""

# the analyst's assessments: the point up front and each section's bottom line
LINES = {
    "content/lines-history.yaml": "section: history\nbottom_line: The 1950 treaty still frames"
    " the dispute, but the dam has reopened it.\n",
    "content/lines-contested.yaml": "section: contested\nbottom_line: The two governments"
    " disagree on what the dam does to the flow downstream.\n",
}
PROJECT = """\
standfirst:
  bottom_line: The Ama dispute turns on whether the Northland dam cuts the river's flow.
  outlook: Talks are stalled while the drought lasts.
"""

BRIEF_SHORT = """\
title: The Ama river dispute
subtitle: Short brief
audience: Ministers
edition: 2026-11-23
marking: FOR OFFICIAL USE ONLY
organisation: Test Office
sections:
  - section: history
    depth: key
  - contested
  - summary
  - sources
"""

BRIEF_FULL = """\
title: The Ama river dispute
subtitle: Full brief
edition: 2026-11-23
marking: FOR PUBLIC RELEASE
sections:
  - history
  - contested
  - timeline
  - summary
  - sources
"""


def write_project(root: Path, files: dict[str, str]) -> Path:
    """Write files (relative path -> text) under root and return root (less the base project's
    bottom-line files of the sections another file gives a bottom line: a section has one)."""
    own = {
        m.group(1)
        for name, text in files.items()
        if name not in LINES
        and "bottom_line:" in text
        and (m := re.search(r"^section: *([\w-]+)", text, re.M))
    }
    files = {k: v for k, v in files.items() if not (k in LINES and LINES[k].split()[1] in own)}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


BASE_FILES = {
    "content/project.yaml": PROJECT,
    "content/sources.yaml": SOURCES,
    "content/groups.yaml": GROUPS,
    "content/actors.yaml": ACTORS,
    "content/history.yaml": HISTORY,
    "content/contested.yaml": CONTESTED,
    "content/timeline.yaml": EVENTS,
    "briefs/short.yaml": BRIEF_SHORT,
    "briefs/full.yaml": BRIEF_FULL,
    **LINES,
}
