"""Content translation catalogs: translations/<lang>.po, read and written with Babel.

One gettext catalog per language holds every translatable text of the content, each entry's
msgctxt the item's id and field (briefgen/translate/apply.py), its msgid the original and
its msgstr the translation. `update_catalog` writes or updates one with Babel's own catalog
update: existing translations are kept, a new text is added untranslated, and an entry whose
original changed keeps its translation marked fuzzy with the previous original (`#| msgid`),
which Poedit, Weblate and Lokalize show beside the new one. A fuzzy entry is never printed.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import __version__
from briefgen.errors import BriefgenError, Location, Problem
from briefgen.languages import TRANSLATIONS_FOLDER, catalog_names, parse_locale
from briefgen.safeio import MIB, FileRefused, read_capped
from briefgen.translate.apply import Catalog, Original, Translation
from briefgen.write import atomic_write

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog as PoCatalog
    from babel.messages.catalog import Message

MAX_CATALOG_BYTES = 32 * MIB
WIDTH = 76  # Babel's and msgmerge's line width


def catalog_file(root: Path, tag: str) -> Path:
    """Where a language's content catalog is: the first of translations/pt_BR.po, pt.po that
    exists, else the most specific name."""
    folder = root / TRANSLATIONS_FOLDER
    names = catalog_names(tag)
    found = next((folder / f"{n}.po" for n in names if (folder / f"{n}.po").is_file()), None)
    return found or folder / f"{names[0]}.po"


def shown(path: Path, root: Path) -> str:
    """A catalog's path as the user sees it."""
    return (
        f"{TRANSLATIONS_FOLDER}/{path.name}"
        if path.parent == root / TRANSLATIONS_FOLDER
        else str(path)
    )


def read_po_file(path: Path, where: str) -> PoCatalog:
    """The Babel catalog in a .po file; a located error when it cannot be read."""
    from babel.messages.pofile import read_po

    if not path.resolve().is_relative_to(path.parent.parent.resolve()):
        raise BriefgenError([Problem(Location(where), "is a link leading outside the project")])
    try:
        data = read_capped(path, MAX_CATALOG_BYTES)
    except FileRefused as exc:
        raise BriefgenError([Problem(Location(where), str(exc))]) from None
    except OSError as exc:
        raise BriefgenError([Problem(Location(where), f"cannot read: {exc.strerror}")]) from None
    try:
        po = read_po(io.BytesIO(data), abort_invalid=True)
    except Exception as exc:  # Babel's PoFileError (it names the line), or a decoding error
        line = getattr(exc, "lineno", 0) or 0
        message = f"cannot read translation catalog: {exc}"
        raise BriefgenError([Problem(Location(where, line, 1 if line else 0), message)]) from None
    for message in [*po, *po.obsolete.values()]:
        restore_previous(message)
    return po


def restore_previous(message: Message) -> None:
    """Babel (2.19) reads a fuzzy entry's previous original (`#| msgid "…"`, as Babel, Poedit
    and msgmerge write it) as a translator comment, and would write it back as `# | msgid`:
    give it back to the entry as its previous_id."""
    from babel.messages.pofile import denormalize

    lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not lines:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    previous: list[str] = []
    for line in lines:
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgid", "msgid_plural"):
            previous.append(rest)
        elif previous and line.startswith('"'):
            previous[-1] += "\n" + line
    try:
        message.previous_id = [denormalize(p) for p in previous]
    except (ValueError, IndexError):  # not a previous msgid after all: dropped
        message.previous_id = []


def read_translations(root: Path, tag: str) -> Catalog | None:
    """A language's content translations (None when the project has no catalog for it)."""
    path = catalog_file(root, tag)
    if not path.is_file():
        return None
    where = shown(path, root)
    po = read_po_file(path, where)
    entries: dict[str, dict[str, Translation]] = {}
    for message in po:
        if not message.id or not isinstance(message.id, str) or message.context is None:
            continue
        text = message.string if isinstance(message.string, str) else ""
        loc = Location(where, message.lineno or 0, 1 if message.lineno else 0)
        entries.setdefault(message.context, {})[message.id] = Translation(
            message.id, text, message.fuzzy, loc
        )
    return Catalog(tag, where, entries)


@dataclass(frozen=True)
class Updated:
    """What `update_catalog` did to one language's catalog."""

    language: str
    path: Path
    written: bool  # False: already up to date, nothing written
    added: int
    fuzzy: int  # entries whose original changed: their translation kept, marked fuzzy
    obsolete: int  # entries no text needs any more (kept at the end of the file, as #~)


def template(originals: Iterable[Original], tag: str, topic: str | None) -> PoCatalog:
    """A Babel catalog of the texts to translate, in order, with their places and notes."""
    from babel.messages.catalog import Catalog as PoCatalog

    locale = parse_locale(tag)
    name = locale.english_name if locale else tag
    po = PoCatalog(
        locale=locale,
        project="briefgen content",
        version=__version__,
        fuzzy=False,
        header_comment=(
            f"# {name} translation of the content{f': {topic}' if topic else ''}.\n"
            "# Written by `briefgen translate update`: translate each msgstr.\n"
            "# The msgctxt names the item and its field. A fuzzy entry's original\n"
            "# changed: check its translation against the new original, then unmark\n"
            "# it. Fuzzy and empty entries are printed in the original language.\n"
        ),
    )
    for o in originals:
        po.add(
            o.text,
            context=o.context,
            locations=[(loc.file, loc.line) for loc in o.locations],
            auto_comments=o.comments,
        )
    return po


def po_bytes(po: PoCatalog) -> bytes:
    """A Babel catalog as .po text, wrapped as Babel writes it, obsolete entries last; each
    fuzzy entry's previous original as msgmerge writes it (`#| msgid ""` then its lines):
    Babel 2.19 wraps a long one as prose, which no tool reads back."""
    from babel.messages.pofile import normalize, write_po

    out = io.BytesIO()
    write_po(out, po, width=WIDTH)
    blocks = out.getvalue().decode("utf-8").split("\n\n")  # the last one empty
    messages = [m for m in po if m.id]
    if len(blocks) != 2 + len(messages) + len(po.obsolete):  # not as expected: left out
        return out.getvalue()
    for number, message in enumerate(messages, start=1):
        if not (message.fuzzy and message.previous_id):
            continue
        lines = normalize(message.previous_id[0], width=WIDTH).split("\n")
        previous = [f"#| msgid {lines[0]}", *(f"#| {line}" for line in lines[1:])]
        block = blocks[number].split("\n")
        at = next(i for i, line in enumerate(block) if not line.startswith("#"))
        blocks[number] = "\n".join([*block[:at], *previous, *block[at:]])
    return "\n\n".join(blocks).encode("utf-8")


def update_catalog(root: Path, tag: str, originals: list[Original], topic: str | None) -> Updated:
    """Write or update translations/<lang>.po with these texts (see the module's docstring)."""
    path = catalog_file(root, tag)
    new = template(originals, tag, topic)
    keys = {(o.context, o.text) for o in originals}
    if not path.is_file():
        data = po_bytes(new)
        atomic_write(path, data)
        return Updated(tag, path, True, len(keys), 0, 0)
    old = read_po_file(path, shown(path, root))
    known = {(m.context, m.id) for m in old if m.id}
    previous = {(m.context, m.id): m.previous_id for m in old if m.id and m.previous_id}
    created, revised = old.creation_date, old.revision_date
    old.update(new, no_fuzzy_matching=True, update_creation_date=False)
    for message in old:  # Babel's update keeps the flag, not the previous original
        if message.fuzzy and not message.previous_id:
            message.previous_id = previous.get((message.context, message.id), [])
    fuzzy = by_context(old)
    old.creation_date, old.revision_date = created, revised
    old.header_comment = new.header_comment
    data = po_bytes(old)
    if data == path.read_bytes():
        return Updated(tag, path, False, 0, 0, len(old.obsolete))
    old.creation_date = datetime.now(UTC)
    atomic_write(path, po_bytes(old))
    added = len(keys - known) - fuzzy
    return Updated(tag, path, True, added, fuzzy, len(old.obsolete))


def by_context(po: PoCatalog) -> int:
    """After Babel's update: each new, untranslated entry whose context an obsolete entry has
    (its original was edited) takes that entry's translation, marked fuzzy with the previous
    original. Babel's own fuzzy matching compares originals only, across contexts; the
    context says which item's text it is. Returns how many were carried over."""
    obsolete = po.obsolete
    old_by_context: dict[str, tuple[str | tuple[str, str], Message]] = {}
    for key, message in list(obsolete.items()):
        if message.context and message.string and not message.context.startswith("quote:"):
            old_by_context.setdefault(message.context, (key, message))
    carried = 0
    for message in po:
        if not message.id or message.string or message.context not in old_by_context:
            continue
        key, old = old_by_context.pop(message.context)
        message.string = old.string
        message.flags.add("fuzzy")
        message.previous_id = [old.id] if isinstance(old.id, str) else list(old.id)
        message.user_comments = list(old.user_comments)
        del obsolete[key]
        carried += 1
    return carried
