"""Match: find a quote in a source's text, exactly or else approximately, in any script.

Quote and text are compared after briefgen.text.normalise (NFC, compatibility forms, quote
marks, dashes, whitespace, Thai and Lao SARA AM). A quote not found exactly gets its best
approximate match: a similarity score (0-1), where it is (line and paragraph, a paragraph
being a non-empty line) and the passage found. Text in a script written without spaces
between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar, Tibetan) is searched character
by character, other text word by word. A changed passage whose numbers, negations or names
differ from the quote's is `severe`: what it says is no longer what the quote says.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from briefgen.text import normalise, spaceless

CHANGED_AT = 0.6  # a best match scoring at least this is the quote reworded; below, it is missing
WORD = re.compile(r"\S+")
CANDIDATES = 3
CHAR_CANDIDATES = 8
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
TOKEN = re.compile(r"\w+(?:'\w+)?")
SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"(]\s*)(\w+)")
# words that turn a statement into its opposite, in the languages briefs are often made from
NEGATIONS = frozenset(
    (  # noqa: SIM905 - one line per language reads better than a list
        "not no never none nothing nobody nowhere neither nor without cannot "  # en
        "ne pas jamais aucun aucune sans non ni rien "  # fr
        "nunca jamás sin nada nadie ningún ninguna "  # es
        "nicht kein keine keinen keinem keiner nie niemals ohne nichts "  # de
        "mai senza nessuno nessuna não nenhum nenhuma sem "  # it, pt
        "не нет ни никогда без ничего ніколи немає "  # ru, uk
        "değil yok hiç asla deyil yox "  # tr, az
        "không chưa chẳng chả "  # vi
        "tidak bukan belum "  # id, ms
        "لا لم لن ليس ليست غير "  # ar
        "نه نیست هرگز "  # fa
        "לא אין "  # he
    ).split()
)
# negations in scripts without spaces: counted as substrings
SPACELESS_NEGATIONS = (
    "不",
    "没",
    "沒",
    "无",
    "無",
    "未",
    "非",
    "别",
    "別",
    "莫",
    "勿",
    "ไม่",
    "มิ",
    "ບໍ່",
    "មិន",
    "ពុំ",
    "ឥត",
)


def fold(word: str) -> str:
    """A word reduced for overlap counting: lower case, letters and digits only."""
    return "".join(c for c in word.lower() if c.isalnum())


@dataclass(frozen=True)
class Place:
    """Where in a snapshot: the line number and the paragraph (non-empty line) number."""

    line: int
    para: int

    def __str__(self) -> str:
        return f"line {self.line}, para {self.para}"


@dataclass(frozen=True)
class QuoteCheck:
    """One quote against one text: status, similarity, place, the passage found and, for a
    changed passage, what in it changes the meaning (empty: a rewording only)."""

    status: str
    score: float
    place: Place | None = None
    found: str = ""
    severe: tuple[str, ...] = ()


class Prepared:
    """A snapshot text normalised once for searching, with a way back to its lines."""

    def __init__(self, text: str) -> None:
        paras, self.lines, self.starts = [], [], []
        offset = 0
        for number, line in enumerate(text.splitlines(), start=1):
            norm = normalise(line)
            if norm:
                paras.append(norm)
                self.lines.append(number)
                self.starts.append(offset)
                offset += len(norm) + 1
        self.text = " ".join(paras)
        self.spans = [m.span() for m in WORD.finditer(self.text)]
        self.words = [fold(self.text[a:b]) for a, b in self.spans]

    def place(self, offset: int) -> Place:
        """The line and paragraph holding a character of the normalised text."""
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return Place(self.lines[i], i + 1)

    def window(self, start: int, length: int) -> tuple[str, int]:
        """The text of `length` words from word `start`, and its character offset."""
        end = min(start + length, len(self.spans)) - 1
        return self.text[self.spans[start][0] : self.spans[end][1]], self.spans[start][0]

    def candidates(self, words: list[str]) -> list[int]:
        """Word positions where a window of the quote's length shares the most words with it."""
        wanted, k = set(words) - {""}, min(len(words), len(self.words))
        hits = [0, *itertools.accumulate(map(wanted.__contains__, self.words))]
        counts = [b - a for a, b in zip(hits, hits[k:], strict=False)]
        top = max(counts)
        near = [i for i, c in enumerate(counts) if c >= top - 1]
        near.sort(key=lambda i: -counts[i])
        chosen: list[int] = []
        for i in near:
            if all(abs(i - c) >= max(k // 2, 1) for c in chosen):
                chosen.append(i)
            if len(chosen) == CANDIDATES:
                break
        return chosen

    def closest(self, quote: str) -> tuple[float, int, str]:
        """The best approximate match of a normalised quote: score, offset and passage.

        Text without spaces is searched character by character over the whole text. Other
        text: candidate windows are compared word by word (fast); the best is refined by
        moving its start and end by up to two words, then scored character by character.
        """
        if spaceless(quote):
            offset, passage = narrow(quote, self.text, CHAR_CANDIDATES)
        else:
            offset, passage = self.closest_words(quote)
        chars = SequenceMatcher(None, quote.casefold(), passage.casefold(), autojunk=False)
        return chars.ratio(), offset, passage

    def closest_words(self, quote: str) -> tuple[int, str]:
        """The best window of words for a quote written with spaces: offset and passage."""
        words = [fold(w) for w in quote.split()]
        matcher: SequenceMatcher[str] = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(words)

        def score(window: tuple[int, int]) -> tuple[int, float, int]:
            """Quote words matched, then similarity (the tighter window), then the earlier one."""
            start, length = window
            matcher.set_seq1(self.words[start : start + length])
            matched = sum(block.size for block in matcher.get_matching_blocks())
            return matched, matcher.ratio(), -start

        k = len(words)
        first = max(self.candidates(words), key=lambda c: score((c, k)))
        windows = [
            (s, n)
            for s in range(max(first - 2, 0), min(first + 3, len(self.spans)))
            for n in range(max(k - 2, 1), k + 3)
        ]
        start, length = max(windows, key=score)
        passage, offset = self.window(start, length)
        if len(passage) > 2 * len(quote) + 40:  # long words: a text mostly without spaces
            at, passage = narrow(quote, passage)
            offset += at
        return offset, passage

    def check(self, quote: str) -> QuoteCheck:
        """Verified when found exactly; else changed or missing, with the best match."""
        wanted = normalise(quote)
        at = self.text.find(wanted) if wanted else -1
        if at >= 0:
            return QuoteCheck("verified", 1.0, self.place(at), wanted)
        if not self.spans:
            return QuoteCheck("missing", 0.0)
        score, offset, passage = self.closest(wanted)
        if score < CHANGED_AT:
            return QuoteCheck("missing", round(score, 2), self.place(offset), passage)
        severe = meaning_changes(wanted, passage)
        return QuoteCheck("changed", round(score, 2), self.place(offset), passage, severe)


def narrow(quote: str, passage: str, candidates: int = CANDIDATES) -> tuple[int, str]:
    """The part of a long passage most like the quote, character by character, and its offset.

    Linear in the passage: windows of the quote's length, a quarter of it apart, are ranked by
    how many of their character pairs occur in the quote; the best few, widened by that step on
    each side, are compared with SequenceMatcher (a whole 4 MiB passage would take minutes).
    """
    m = len(quote)
    step = max(m // 4, 1)
    folded = quote.casefold()
    wanted = {folded[j : j + 2] for j in range(len(folded) - 1)}
    low = passage.casefold()
    if len(low) != len(passage):  # 'ß' to 'ss': keep one character for each
        low = "".join(c.casefold()[:1] or " " for c in passage)
    pairs = map(operator.add, low, low[1:])
    hits = [0, *itertools.accumulate(map(wanted.__contains__, pairs))]
    starts = range(0, max(len(passage) - m, 0) + 1, step)
    best = sorted(starts, key=lambda i: hits[min(i + m - 1, len(hits) - 1)] - hits[i], reverse=True)

    def ratio(i: int) -> float:
        part = low[max(i - step, 0) : i + m + step]
        return SequenceMatcher(None, folded, part, autojunk=False).ratio()

    i = max(best[:candidates], key=ratio)
    lo = max(i - step, 0)
    matcher = SequenceMatcher(None, low[lo : i + m + step], folded, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    # a few letters matched further away than they are long, before or after the match: stray
    while len(blocks) > 1 and blocks[0].size < blocks[1].a - blocks[0].a - blocks[0].size:
        blocks.pop(0)
    while len(blocks) > 1 and blocks[-1].size < blocks[-1].a - blocks[-2].a - blocks[-2].size:
        blocks.pop()
    if not blocks:
        return i, passage[i : i + m]
    start, end = lo + blocks[0].a, lo + blocks[-1].a + blocks[-1].size
    if blocks[-1].b + blocks[-1].size < m:  # the quote's end was changed: to where it ends now
        end = boundary_after(passage, end, m - blocks[-1].b - blocks[-1].size + step)
    if blocks[0].b > 0:  # and its start
        start = boundary_before(passage, start, blocks[0].b + step)
    return start, passage[start:end]


SENTENCE_END = frozenset(".!?;。！？；។៕။")


def boundary_after(text: str, end: int, limit: int) -> int:
    """Where the words running on from `end` stop: before a space, after a sentence's end
    (`end` itself when neither comes within `limit` characters)."""
    for j in range(end, min(end + limit, len(text))):
        if text[j].isspace():
            return j
        if text[j] in SENTENCE_END:
            return j + 1
    return len(text) if len(text) - end <= limit else end


def boundary_before(text: str, start: int, limit: int) -> int:
    """Where the words running back from `start` begin: after a space or a sentence's end."""
    for j in range(start - 1, max(start - limit, 0) - 1, -1):
        if text[j].isspace() or text[j] in SENTENCE_END:
            return j + 1
    return 0 if start <= limit else start


def digits(number: str) -> str:
    """A number with its digits in ASCII and without grouping marks ('١٢' and '12' are equal)."""
    return "".join(str(unicodedata.digit(c)) for c in number if c.isdigit())


def names(text: str) -> set[str]:
    """Capitalised words not opening a sentence: the names a text mentions (cased scripts)."""
    openers = {m.start(1) for m in SENTENCE_START.finditer(text)}
    return {
        m.group()
        for m in TOKEN.finditer(text)
        if m.group()[0].isupper() and m.start() not in openers
    }


def negations(text: str) -> Counter[str]:
    """The negating words of a text, counted."""
    low = text.casefold()
    found = Counter(
        w
        for w in TOKEN.findall(low)
        if w in NEGATIONS or w.endswith("n't") or w.startswith("n'")  # don't, n'est
    )
    for word in SPACELESS_NEGATIONS:
        if word in low:
            found[word] += low.count(word)
    return found


def meaning_changes(quote: str, passage: str) -> tuple[str, ...]:
    """What in a changed passage says something else than the quote: numbers, negations, names."""
    reasons = []
    was = sorted(digits(n) for n in NUMBER.findall(quote))
    now = sorted(digits(n) for n in NUMBER.findall(passage))
    if was != now:
        reasons.append(f"numbers {' '.join(was) or 'none'} → {' '.join(now) or 'none'}")
    if negations(quote) != negations(passage):
        reasons.append("a negation differs")
    words_was = {w.casefold() for w in TOKEN.findall(quote)}
    words_now = {w.casefold() for w in TOKEN.findall(passage)}
    gone = sorted(n for n in names(quote) if n.casefold() not in words_now)
    new = sorted(n for n in names(passage) if n.casefold() not in words_was)
    if gone or new:
        reasons.append(f"names {', '.join(gone) or 'none'} → {', '.join(new) or 'none'}")
    return tuple(reasons)
