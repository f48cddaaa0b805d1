"""Evidence: one brief's selection as data (JSON), and its sources as CSL-JSON.

The document follows `evidence.schema.json` (shipped beside this module).  It is built from
the same Selection as the HTML, PDF and Word outputs: only what the brief shows is in it, in
the brief's reading order, and the same input always gives the same bytes.

The Selection is walked defensively (getattr with defaults) so that fields added to it later
do not break the export; unknown entry kinds are exported as generic statements.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.model import (
    RELIABILITY_GRADES,
    Change,
    Claim,
    ContestedClaim,
    Event,
    Figure,
    Judgment,
    PartialDate,
    Position,
    Source,
    Table,
    Term,
    TermName,
    label,
)
from briefgen.render.i18n import Language, language
from briefgen.render.phrases import Phrases, as_text
from briefgen.selection.select import Note, Selection
from briefgen.translate.apply import shown_texts

SCHEMA_PATH = Path(__file__).resolve().parent / "evidence.schema.json"
FORMAT_NAME = "briefgen-evidence"
FORMAT_VERSION = 1
VERIFICATION_STATES = ("verified", "changed", "missing", "unchecked", "no-snapshot")

# Source kinds mapped to CSL item types; any other kind is a "document".
CSL_TYPES = {
    "wire": "article-newspaper",
    "news": "article-newspaper",
    "newspaper": "article-newspaper",
    "magazine": "article-magazine",
    "journal": "article-journal",
    "academic": "article-journal",
    "book": "book",
    "report": "report",
    "government": "report",
    "official": "report",
    "think-tank": "report",
    "ngo": "report",
    "advocacy": "report",
    "international-organisation": "report",
    "legal": "legislation",
    "treaty": "treaty",
    "website": "webpage",
    "web": "webpage",
    "speech": "speech",
    "interview": "interview",
    "dataset": "dataset",
    "statistics": "dataset",
}


def date_text(value: object) -> str | None:
    """A partial date as written (2020, 2020-10, 2020-10-02), or None."""
    return str(value) if isinstance(value, PartialDate) else None


def verification(selection: Selection, note: Note) -> str:
    """The state of one note's quote against its source's current snapshot."""
    check = selection.checks.get(note.source.id)
    if check is None or check.snapshot is None:
        return "no-snapshot"
    state = check.quotes.get(note.attribution.quote, "unchecked")
    return state if state in VERIFICATION_STATES else "unchecked"


def attributions(selection: Selection, notes: Iterable[Note]) -> list[dict[str, Any]]:
    """Each note of a statement: source, quote, locator, who holds it, the quote's state."""
    result = []
    for n in notes:
        a = n.attribution
        result.append(
            {
                "note": n.number,
                "source": n.source.id,
                "quote": a.quote,
                "locator": a.locator,
                "held_by": a.held_by,
                "held_by_name": n.holder.name if n.holder else None,
                "verification": verification(selection, n),
            }
        )
    return result


def actor_name(selection: Selection, actor: str | None) -> str | None:
    """The display name of an actor id (the brief's preferred terms applied)."""
    if actor is None:
        return None
    found = selection.actors.get(actor)
    return found.name if found else None


def statement(selection: Selection, part: Any, entry: Any, shown: frozenset[str]) -> dict[str, Any]:
    """One shown item, except contested claims, as a statement record."""
    item = entry.item
    record: dict[str, Any] = {
        "id": item.id,
        "kind": str(getattr(entry, "kind", "")) or type(item).__name__.lower(),
        "part": part.anchor,
        "section": getattr(item, "section", None),
        "text": getattr(item, "text", None) or label(item),
        "date": date_text(getattr(item, "date", None)),
        "tags": sorted(getattr(item, "tags", ())),
        "weight": getattr(item, "weight", None),
        "attributions": attributions(selection, getattr(entry, "notes", ())),
    }
    if isinstance(item, Figure):
        record["text"] = f"{item.measure}: {item.value} {item.unit}"  # its date: "date"
        record["date"] = str(item.as_of)
        record["figure"] = {
            "measure": item.measure,
            "value": item.value,
            "unit": item.unit,
            "as_of": str(item.as_of),
            "note": item.note,
        }
    elif isinstance(item, Table):
        record["text"] = item.title
        record["table"] = {
            "title": item.title,
            "columns": list(item.columns),
            "rows": [list(r) for r in item.rows],
            "note": item.note,
        }
    elif isinstance(item, Term):
        record["text"] = item.concept
        groups = getattr(entry, "groups", ())
        record["attributions"] = [a for g in groups for a in attributions(selection, g)]
        record["term"] = {
            "concept": item.concept,
            "note": item.note,
            "names": [
                {
                    "name": m.name,
                    "used_by": m.used_by,
                    "attributions": attributions(selection, g),
                }
                for m, g in zip(getattr(entry, "members", ()), groups, strict=False)
                if isinstance(m, TermName)
            ],
        }
    elif isinstance(item, Judgment):
        refs = getattr(entry, "refs", ())
        record["judgment"] = {
            "confidence": item.confidence,
            # only statements this brief shows: the others are not part of its evidence
            "rests_on": [r.id for r in refs if r.id in shown],
            "rests_on_count": len(refs),
            "strands": [
                {
                    "label": s.label,
                    "rests_on": [r.id for r in s.refs],
                    "shown": [r.id for r in s.shown],
                    "notes": sorted({n.number for n in s.notes}),
                }
                for s in entry.strands
            ],
        }
    elif not isinstance(item, Claim | Event):
        record["text"] = str(getattr(item, "text", None) or label(item))
    return record


def contested(selection: Selection, part: Any, entry: Any, lang: Language) -> dict[str, Any]:
    """A contested claim with its shown positions, each attributed."""
    item: ContestedClaim = entry.item
    positions = []
    for member, notes in zip(
        getattr(entry, "members", ()), getattr(entry, "groups", ()), strict=False
    ):
        if not isinstance(member, Position):
            continue
        positions.append(
            {
                "stance": member.stance,
                "summary": member.summary,
                "held_by": member.held_by,
                "held_by_name": actor_name(selection, member.held_by),
                "date": date_text(member.date),
                "attributions": attributions(selection, notes),
            }
        )
    return {
        "id": item.id,
        "part": part.anchor,
        "section": item.section,
        "question": item.question,
        "status": item.status,
        "context": item.context,
        "tags": sorted(item.tags),
        "weight": item.weight,
        "positions": positions,
        "positions_left_out": [
            {
                "stance": p.stance,
                "held_by": p.held_by,
                "held_by_name": actor_name(selection, p.held_by),
            }
            for p in getattr(entry, "omitted", ())
        ],
        "notice": as_text(Phrases(selection, lang).omitted(entry), lang) if entry.omitted else None,
    }


def source_record(selection: Selection, src: Source, lang: Language) -> dict[str, Any]:
    """A cited source; its reliability only when the brief shows grades."""
    check = selection.checks.get(src.id)
    show_grades = selection.brief.options.reliability
    return {
        "id": src.id,
        "title": src.title,
        "short_name": src.short_name,
        "publisher": src.publisher,
        "author": src.author,
        "published": date_text(src.published),
        "date_note": src.date_note,
        "url": src.url,
        "kind": src.kind,
        "perspective": src.perspective,
        "perspective_group": src.perspective_group,
        "reliability": (
            {
                "grade": src.reliability,
                "meaning": lang.text(RELIABILITY_GRADES.get(src.reliability, "")),
                "note": src.reliability_note,
            }
            if show_grades
            else None
        ),
        "note": src.note,
        "quotes_checked": {
            "snapshot": check.snapshot if check else None,
            "verified": check.verified if check else None,
        },
    }


def change_record(c: Change) -> dict[str, Any]:
    """One change since the compared edition, as its data (names, never ids, but `item`)."""
    return {
        "kind": c.kind,
        "item": c.item,
        "label": c.label,
        "was": c.was,
        "now": c.now,
        "source": c.source,
        "holder": c.holder,
        "version": c.version,
        "date": str(c.date) if c.date else None,
        "outcome": c.outcome,
        "rests_on": list(c.rests_on),
        "count": c.count,
        "counts": dict(c.counts),
    }


def untranslated(selection: Selection) -> list[dict[str, str]]:
    """The texts the brief shows in another language than its own, because their translation
    is missing or outdated: the catalog context, the language and why."""
    shown = {t.context: t for t in shown_texts(selection) if t.isolated}
    return [
        {"context": c, "language": shown[c].lang, "state": shown[c].state} for c in sorted(shown)
    ]


def evidence(selection: Selection, lang: Language) -> dict[str, Any]:
    """The brief's evidence as JSON-able data, in the brief's reading order (headings in `lang`)."""
    brief = selection.brief
    phrases = Phrases(selection, lang)
    shown = frozenset(e.item.id for p in selection.parts for e in p.entries)
    parts, statements, disputes = [], [], []
    for part in selection.parts:
        ids = []
        for entry in part.entries:
            item = entry.item
            ids.append(item.id)
            if isinstance(item, ContestedClaim):
                disputes.append(contested(selection, part, entry, lang))
            else:
                statements.append(statement(selection, part, entry, shown))
        record: dict[str, Any] = {
            "id": part.anchor,
            "kind": part.kind,
            "heading": phrases.heading(part),
            "intro": part.intro,
            "items": ids,
        }
        bottom = getattr(part, "bottom_line", None)
        bottom_text = bottom if isinstance(bottom, str) else getattr(bottom, "text", None)
        if isinstance(bottom_text, str) and bottom_text:
            record["bottom_line"] = bottom_text
        parts.append(record)
    cited_actors = sorted(
        {n.attribution.held_by for n in selection.notes if n.attribution.held_by}
        | {
            m.held_by
            for p in selection.parts
            for e in p.entries
            for m in getattr(e, "members", ())
            if isinstance(m, Position) and m.held_by
        }
    )
    actors = [
        {"id": a, "name": selection.actors[a].name, "kind": selection.actors[a].kind}
        for a in cited_actors
        if a in selection.actors
    ]
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "generator": f"briefgen {__version__}",
        "brief": {
            "id": brief.id,
            "title": brief.title,
            "subtitle": brief.subtitle,
            "audience": brief.audience,
            "organisation": brief.organisation,
            "author": brief.author,
            "marking": brief.marking,
            "language": brief.language,
            "topic": selection.topic,
        },
        "edition": {
            "date": str(brief.edition),
            "number": selection.edition_number,
            "compared_with": selection.changes_since,
            "changes": [change_record(c) for c in selection.changes],
        },
        "notes": len({n.number for n in selection.notes}),
        "parts": parts,
        "statements": statements,
        "contested": disputes,
        "sources": [source_record(selection, s, lang) for s in selection.sources],
        "untranslated": untranslated(selection),
        "actors": actors,
    }


def dumps(data: Any) -> bytes:
    """Stable JSON bytes: keys in a fixed order, UTF-8, one trailing newline."""
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def evidence_json(selection: Selection, root: Path | None = None) -> bytes:
    """The evidence document as bytes (byte-identical for identical input), its words in the
    brief's language (the project's own catalog under `root` over the shipped one)."""
    return dumps(evidence(selection, language(selection.brief.language, root)))


def csl_item(src: Source) -> dict[str, Any]:
    """One source as a CSL-JSON item, for reference managers."""
    item: dict[str, Any] = {
        "id": src.id,
        "type": CSL_TYPES.get(src.kind, "document"),
        "title": src.title,
    }
    if src.author:
        item["author"] = [{"literal": src.author}]
    if src.publisher:
        item["publisher"] = src.publisher
    if src.published:
        parts = [src.published.year]
        if src.published.month:
            parts.append(src.published.month)
            if src.published.day:
                parts.append(src.published.day)
        item["issued"] = {"date-parts": [parts]}
    if src.url:
        item["URL"] = src.url
    if src.abbreviation:
        item["title-short"] = src.abbreviation
    notes = [n for n in (src.date_note and f"Date: {src.date_note}", src.note) if n]
    if notes:
        item["note"] = "; ".join(notes)
    return item


def csl_json(selection: Selection) -> bytes:
    """The brief's cited sources as a CSL-JSON array, in the order the brief cites them."""
    return dumps([csl_item(s) for s in selection.sources])


def schema() -> dict[str, Any]:
    """The JSON Schema of the evidence document."""
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data
