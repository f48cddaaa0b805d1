#!/usr/bin/env python3
"""The share of a built brief's body text in the brief's own language.

Counts the letters of the text in <main> (and the notes), each by the language of its nearest
`lang` attribute, leaving out quotes (<q>, verbatim in their source's language) and cited
titles (<cite>, as published). A fully translated brief is at 100 %; an untranslated original
printed in a brief of another language carries its own `lang` and counts against it.

    .venv/bin/python scripts/language_share.py output/public-ar/public-ar.html [...]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import lxml.html

SKIPPED = {"q", "cite", "script", "style"}


def primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def letters(text: str | None) -> int:
    return sum(c.isalpha() for c in text or "")


def letters_by_language(html: str) -> tuple[str, Counter[str]]:
    """The brief's language, and the letters of its body text per language."""
    root = lxml.html.fromstring(html.encode("utf-8"))
    own = primary(root.get("lang", ""))
    counts: Counter[str] = Counter()

    def walk(element: lxml.html.HtmlElement, lang: str) -> None:
        if element.tag in SKIPPED:
            return
        lang = primary(element.get("lang") or lang)
        counts[lang] += letters(element.text)
        for child in element:
            if isinstance(child.tag, str):
                walk(child, lang)
            counts[lang] += letters(child.tail)  # the text after a child is this element's

    for part in root.xpath("//main | //aside[@id='notes']"):
        inherited = next((a.get("lang") for a in part.iterancestors() if a.get("lang")), own)
        walk(part, primary(inherited))
    return own, counts


def share(html: str) -> tuple[str, float, Counter[str]]:
    """The brief's language, the share of its body text's letters in it, and every count."""
    own, counts = letters_by_language(html)
    total = sum(counts.values())
    return own, (counts[own] / total if total else 1.0), counts


def main(paths: list[str]) -> int:
    for path in paths:
        own, part, counts = share(Path(path).read_text(encoding="utf-8"))
        detail = ", ".join(f"{lang}: {n}" for lang, n in counts.most_common() if n)
        print(f"{path}: {100 * part:.1f} % of the body text's letters in {own} ({detail})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
