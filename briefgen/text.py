"""Text rules every step shares: the quote normaliser of verification and selection, the control
characters no output keeps, and the closing of bidi controls."""

from __future__ import annotations

import re

MARKS = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)


def normalise(text: str) -> str:
    """Straight quote marks, '-' for dashes, single spaces; case is kept."""
    return " ".join(text.translate(MARKS).split())


# Characters no output keeps as they are: the C0 controls but tab and line breaks (XML 1.0
# cannot hold them; Word refuses a file that does), DEL and the C1 controls, the surrogates a
# mis-decoded file leaves and the two noncharacters XML 1.0 excludes. Shown as U+FFFD.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
SHOWN_INSTEAD = "\ufffd"


def without_controls(text: str) -> str:
    """`text` with every character of CONTROL_CHARACTERS replaced by U+FFFD."""
    return CONTROL_CHARACTERS.sub(SHOWN_INSTEAD, text)


def control_problem(text: str) -> str | None:
    """What is wrong with the text's first control character, in words; None when it has none."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return None
    count = len(CONTROL_CHARACTERS.findall(text))
    more = f" and {count - 1} more" if count > 1 else ""
    return (
        f"holds U+{ord(found.group()):04X}{more}, a control character no output can hold:"
        " shown as U+FFFD (remove it)"
    )


# Bidirectional formatting characters: the embeddings and overrides (closed by PDF U+202C) and
# the isolates (closed by PDI U+2069). The marks (LRM, RLM, ALM) need no closing.
EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")
ISOLATES = frozenset("\u2066\u2067\u2068")
PDF, PDI = "\u202c", "\u2069"
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def closed_bidi(text: str) -> str:
    """`text` with every bidi embedding, override and isolate it opens closed at its end, and
    every closing character that closes nothing of its own removed: whatever it holds, the
    text around it keeps its direction (an unclosed U+202E would reverse the rest of the line)."""
    if not BIDI_CONTROLS.search(text):
        return text
    out: list[str] = []
    open_: list[str] = []
    for char in text:
        if char in EMBEDDINGS or char in ISOLATES:
            open_.append(char)
        elif char == PDF:
            if not open_ or open_[-1] in ISOLATES:  # closes nothing in this text: dropped
                continue
            open_.pop()
        elif char == PDI:
            if not any(c in ISOLATES for c in open_):
                continue
            while open_.pop() not in ISOLATES:  # the embeddings inside the isolate end first
                out.append(PDF)
        out.append(char)
    out.extend(PDI if c in ISOLATES else PDF for c in reversed(open_))
    return "".join(out)
