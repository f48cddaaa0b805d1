"""Init: a small working project to start from (one source, a paragraph of claims, two briefs)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NoReturn

from briefgen.errors import BriefgenError, BuildError, Location, Problem
from briefgen.safeio import kind_of, refusal, resolved

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
    """Write the starter project into a new or empty folder; the files written, in order.

    A FOLDER that is a file, lies under a file, or is a link leading nowhere (dangling, a
    loop) is a one-line error (exit 1); a failure to write is one too (exit 3).
    """
    where = Location(str(folder))
    target = usable_folder(folder, where)
    written = []
    try:
        for name, text in FILES.items():
            path = folder / name
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            # O_EXCL: a file planted meanwhile is an error, never written through
            with open(target / name, "x", encoding="utf-8") as handle:
                handle.write(text)
            written.append(path)
    except OSError as exc:
        shown = exc.filename if isinstance(exc.filename, str) else str(folder)
        raise BuildError([Problem(Location(shown), f"cannot be written: {refusal(exc)}")]) from None
    return written


def usable_folder(folder: Path, where: Location) -> Path:
    """Where the starter files go: `folder` itself, or the empty folder its link leads to."""

    def refuse(message: str) -> NoReturn:
        raise BriefgenError([Problem(where, message + ": choose a new or empty folder")])

    try:
        info = folder.lstat()
    except FileNotFoundError:
        return folder
    except NotADirectoryError:
        refuse("lies under a file, not a folder")
    except OSError as exc:
        refuse(f"cannot be used ({refusal(exc)})")
    target = folder
    if stat.S_ISLNK(info.st_mode):
        real = resolved(folder)
        if real is None:
            refuse("is a symbolic link loop")
        assert real is not None
        if not os.path.lexists(real):
            refuse("is a symbolic link to nothing (dangling)")
        target, info = real, real.stat()
    if not stat.S_ISDIR(info.st_mode):
        refuse(f"is {kind_of(info.st_mode)}, not a folder")
    if any(target.iterdir()):
        refuse("is not an empty folder")
    return target
