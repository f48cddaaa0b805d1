"""Text rules every step shares: the quote normaliser of verification and selection, the control
characters no output keeps, and the closing of bidi controls.

The normaliser makes two texts a reader sees as the same compare equal: composed and decomposed
letters (NFC), compatibility forms that only change the look (ligatures, full- and half-width
forms, Arabic presentation forms, mathematical letters), Thai and Lao SARA AM typed as two
characters, invisible format characters (soft hyphen, zero-width space and joiners, BOM), curly
and straight quote marks and guillemets, dashes, the ellipsis, and runs of whitespace. Case is
kept. Superscripts, fractions, circled and small forms are not folded: they can change what a
number says.
"""

from __future__ import annotations

import re
import unicodedata

MARKS = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a\u02bc\u2032\uff07", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u300c\u300d\u300e\u300f\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63", "-"),
        "\u2026": "...",
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None),  # invisible
    }
)
# ligatures, Arabic presentation forms, full- and half-width forms, mathematical letters
COMPAT = re.compile("[\ufb00-\ufdff\ufe70-\ufefe\uff00-\uffef\U0001d400-\U0001d7ff]+")
SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")  # Thai NIKHAHIT (+ tone) + SARA AA
LAO_AM = re.compile("\u0ecd([\u0ec8-\u0ecb]?)\u0eb2")  # Lao NIGGAHITA (+ tone) + SARA AA


def normalise(text: str) -> str:
    """The text as compared: the forms above folded, single spaces; case is kept."""
    if not text.isascii():
        text = COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        text = unicodedata.normalize("NFC", text.translate(MARKS))
        if "\u0e32" in text or "\u0eb2" in text:
            text = LAO_AM.sub("\\1\u0eb3", SARA_AM.sub("\\1\u0e33", text))
    return " ".join(text.split())


# scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar,
# Tibetan): searched character by character, and a name in them is found without word bounds
SPACELESS = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u2e80-\u2fdf"
    "\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003134f]"
)


def spaceless(text: str) -> bool:
    """True when the text holds a script written without spaces between words."""
    return SPACELESS.search(text) is not None


def mentions(text: str, name: str) -> bool:
    """Whether a text names `name` (case and Unicode forms aside): as whole words, or anywhere
    when the name is in a script written without spaces."""
    wanted = normalise(name).casefold()
    if len(wanted) < 2:
        return False
    folded = normalise(text).casefold()
    if spaceless(wanted):
        return wanted in folded
    return re.search(r"(?<!\w)" + re.escape(wanted) + r"(?!\w)", folded) is not None


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
