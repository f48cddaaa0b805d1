"""Text folded for comparing quotes: the one normaliser that verification and selection share."""

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
