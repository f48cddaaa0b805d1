"""The label messages: every word briefgen itself writes into a brief, found in its templates
and code with Babel's extractors, and a project's label catalog (locale/<lang>.po) made from them.

`label_messages()` is the recipe `pybabel extract` would need (the built-in templates live in
the package, the Word writer has its own keywords): `briefgen translate labels LANG` writes
its result as a catalog to translate, and `check` counts what a project's catalog leaves out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from briefgen import __version__
from briefgen.errors import BriefgenError, Location, Problem
from briefgen.languages import CATALOGS, LABELS_FOLDER, SHIPPED, catalog_names, parse_locale
from briefgen.load.digest import BUILTIN_TEMPLATES
from briefgen.write import atomic_write

Message = str | tuple[str, ...]  # a message, or its singular and plural
RENDER = Path(__file__).resolve().parent.parent / "render"
# the Python modules that show messages, with the keywords that mark them: N_ (data shown
# through a catalog), the phrases' say / text (text) and nsay (plurals), the Word writer's tx
SAYS: dict[str, tuple[int, ...] | None] = {"N_": None, "say": None, "text": None, "tx": None}
PYTHON_SOURCES: dict[str, dict[str, tuple[int, ...] | None]] = {
    module: {**SAYS, "nsay": (1, 2)}
    for module in ("i18n.py", "phrases.py", "markup.py", "word_ast.py")
}


@cache
def label_messages() -> dict[Message, str]:
    """Every message the built-in templates and briefgen's code show, with where it is used."""
    shown = "briefgen/render/templates"  # no space: Babel would isolate the location's text
    return {**template_messages(BUILTIN_TEMPLATES, shown), **code_messages()}


def template_messages(folder: Path, shown: str) -> dict[Message, str]:
    """The messages of the templates in a folder (`_`, `gettext`, `ngettext`)."""
    from babel.messages.extract import extract_from_dir

    found: dict[Message, str] = {}
    if not folder.is_dir():
        return found
    for name, line, message, _comments, _context in extract_from_dir(
        folder, method_map=[("**.j2", "jinja2")]
    ):
        found.setdefault(message, f"{shown}/{name}:{line}")
    return found


def code_messages() -> dict[Message, str]:
    """The messages briefgen's Python code marks for the catalogs."""
    from babel.messages.extract import extract_from_file

    found: dict[Message, str] = {}
    for module, keywords in PYTHON_SOURCES.items():
        for line, message, _comments, _context in extract_from_file(
            "python", RENDER / module, keywords=keywords
        ):
            found.setdefault(message, f"briefgen/render/{module}:{line}")
    return found


def project_messages(root: Path) -> dict[Message, str]:
    """The label messages a project's briefs can show: briefgen's, and its own templates'."""
    return {**label_messages(), **template_messages(root / "templates", "templates")}


def key(message: Message) -> str:
    """A message's msgid (its singular)."""
    return message[0] if isinstance(message, tuple) else message


@dataclass(frozen=True)
class LabelsWritten:
    """What `write_labels` did: the catalog, how many messages, how many still to translate."""

    path: Path
    messages: int
    untranslated: int
    written: bool


def label_catalog_file(root: Path, tag: str) -> Path:
    """The project's label catalog of a language: locale/pt_BR.po (the first that exists)."""
    folder = root / LABELS_FOLDER
    names = catalog_names(tag)
    found = next((folder / f"{n}.po" for n in names if (folder / f"{n}.po").is_file()), None)
    return found or folder / f"{names[0]}.po"


def write_labels(root: Path, tag: str) -> LabelsWritten:
    """Write or update the project's locale/<lang>.po with every label message: its own
    translations kept, a shipped catalog's translation where it has none, the others empty
    (printed in English until translated)."""
    from babel.messages.catalog import Catalog as PoCatalog
    from babel.messages.pofile import read_po, write_po

    locale = parse_locale(tag)
    if locale is None:
        message = f"'{tag}' is not a language CLDR knows: give a tag such as hy, am or pt-BR"
        raise BriefgenError([Problem(Location(LABELS_FOLDER), message)])
    path = label_catalog_file(root, tag)
    where = f"{LABELS_FOLDER}/{path.name}"
    messages = project_messages(root)
    template = PoCatalog(locale=locale, project="briefgen labels", version=__version__)
    for msgid, used in messages.items():
        file, line = used.rsplit(":", 1)
        template.add(msgid, locations=[(file, int(line))])
    catalog = PoCatalog(
        locale=locale,
        project="briefgen labels",
        version=__version__,
        fuzzy=False,
        header_comment=(
            f"# The labels of briefs in {locale.english_name}: the words briefgen\n"
            "# writes into a brief. Written by `briefgen translate labels`:\n"
            "# translate each msgstr, keeping each %(name)s; an empty one is\n"
            "# printed in English.\n"
        ),
    )
    before = b""
    if path.is_file():
        before = path.read_bytes()
        try:
            catalog = read_po(io.BytesIO(before), abort_invalid=True)
        except Exception as exc:  # Babel's PoFileError, or a decoding error
            raise BriefgenError([Problem(Location(where), f"cannot read: {exc}")]) from None
    shipped = next((n for n in catalog_names(tag) if n in SHIPPED), None)
    ours = None
    if shipped is not None:
        with (CATALOGS / f"{shipped}.po").open("rb") as fp:
            ours = read_po(fp)
        if not before:  # the shipped catalog's plural forms, which its plurals are written in
            catalog.mime_headers = [("Plural-Forms", ours.plural_forms)]
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    if ours is not None:
        for entry in catalog:
            found = ours.get(entry.id) if entry.id else None
            good = found is not None and translated(found.string) and not found.fuzzy
            if good and not translated(entry.string):
                entry.string = found.string  # type: ignore[union-attr]
    out = io.BytesIO()
    write_po(out, catalog, width=76, omit_header=False, ignore_obsolete=False)
    data = out.getvalue()
    untranslated = sum(1 for m in catalog if m.id and not translated(m.string))
    if data != before:
        atomic_write(path, data)
    return LabelsWritten(path, len(messages), untranslated, data != before)


def translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    """True for a msgstr with every form filled in."""
    if string is None:
        return False
    forms = (string,) if isinstance(string, str) else tuple(string)
    return bool(forms) and all(forms)


def missing_labels(root: Path, path: Path) -> tuple[int, int]:
    """How many of the project's label messages a catalog leaves untranslated (or fuzzy), of all."""
    from babel.messages.pofile import read_po

    try:
        with path.open("rb") as fp:
            catalog = read_po(fp)
    except Exception:  # an unreadable catalog: the build reports it, located
        return 0, 0
    messages = project_messages(root)
    left = 0
    for message in messages:
        entry = catalog.get(key(message))
        if entry is None or entry.fuzzy or not translated(entry.string):
            left += 1
    return left, len(messages)
