"""Message catalogs (.po) as data: read within bounds, every message checked before it is used.

A project's `locale/xx.po` may come from anyone. Before anything large is made from it:
- its Plural-Forms header: `nplurals` a whole number from 1 to MAX_PLURALS (checked before
  Babel makes a list of that many forms for each message), the `plural` expression at most
  MAX_PLURAL_CHARS characters, parsed by gettext's own parser and evaluated for n from 0 to
  MAX_TESTED_N and beyond: a zero divisor or a form number outside nplurals is an error;
- each translation of a format message (one with `%(name)s` placeholders): its placeholders
  written exactly as in the message it translates (a name it has, the same type, no width or
  precision of its own: `%(num)999999999d` would make a page of a gigabyte), `%%` for a sign;
- control characters (which no output can hold) are a warning: they are shown as U+FFFD.

Every problem is `locale/xx.po:LINE:1: error: …`. `read_checked` is the one entry point, for
label catalogs (`formatted=True`) and content-translation catalogs (`formatted=False`: the
messages are text, never formatted, and only the header and control characters are checked).
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Callable, Iterable
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser

from briefgen.errors import BuildError, Location, Problem, Severity
from briefgen.text import control_problem

MAX_PLURALS = 6  # CLDR's most plural categories (Arabic); gettext catalogs use at most as many
MAX_PLURAL_CHARS = 400
MAX_TESTED_N = 1000
TESTED_N = (
    *range(MAX_TESTED_N + 1),
    *(10**k for k in range(4, 19)),
    *(10**k + 1 for k in range(4, 19)),
)
# a printf conversion as Python's % operator reads it (a lone '%' before anything else is an error)
SPEC = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +\-]*(?:\*|[0-9]+)?(?:\.(?:\*|[0-9]+))?[hlL]?"
    r"(?P<type>[diouxXeEfFgGcrsa%])"
)


class CatalogProblem(Exception):
    """A header value that stops the catalog from being read (before Babel uses it)."""


class BoundedCatalog(Catalog):
    """Babel's catalog, refusing a Plural-Forms header out of bounds before it is used."""

    def _set_mime_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        headers = list(headers)
        for name, value in headers:
            if str(name).lower() == "plural-forms":
                check_plural_forms(str(value))
            if str(name).lower() == "content-type":
                charset = str(value).lower().partition("charset=")[2].split(";")[0].strip()
                if charset not in ("", "charset", "utf-8", "utf8", "ascii", "us-ascii"):
                    raise CatalogProblem(
                        f"catalogs are read as UTF-8: charset={charset[:20]} is not supported"
                    )
        super()._set_mime_headers(headers)


def check_plural_forms(value: str) -> tuple[int, Callable[[int], int]]:
    """nplurals and the plural function of a Plural-Forms value; CatalogProblem if out of bounds."""
    fields = dict(
        (k.strip().lower(), v.strip())
        for k, _, v in (p.partition("=") for p in value.split(";"))
        if k.strip()
    )
    count = fields.get("nplurals", "")
    if not re.fullmatch(r"[0-9]{1,3}", count) or not 1 <= int(count) <= MAX_PLURALS:
        raise CatalogProblem(
            f"nplurals must be a whole number from 1 to {MAX_PLURALS}, not '{count[:20]}'"
        )
    nplurals = int(count)
    expression = (
        value.partition("plural=")[2].rstrip().rstrip(";").strip() if "plural=" in value else ""
    )
    if not expression:
        raise CatalogProblem("the Plural-Forms header has no plural= expression")
    if len(expression) > MAX_PLURAL_CHARS:
        raise CatalogProblem(
            f"the plural expression is {len(expression)} characters; the limit is {MAX_PLURAL_CHARS}"
        )
    try:
        plural = gettext.c2py(expression)
    except (ValueError, RecursionError) as exc:
        raise CatalogProblem(f"the plural expression cannot be read: {exc}") from None
    for n in TESTED_N:
        try:
            form = plural(n)
        except ArithmeticError:
            raise CatalogProblem(f"the plural expression divides by zero for n = {n}") from None
        if not 0 <= form < nplurals:
            raise CatalogProblem(
                f"the plural expression gives form {form} for n = {n}, but nplurals is {nplurals}"
            )
    return nplurals, plural


def header_line(text: str, name: str = "plural-forms") -> int:
    """The line of a header (Plural-Forms), else 1, for messages."""
    for i, line in enumerate(text.splitlines(), start=1):
        if name in line.lower():
            return i
    return 1


def read_checked(
    data: bytes, where: str, formatted: bool = True
) -> tuple[Catalog | None, list[Problem]]:
    """The catalog in `data` and every problem found in it (None when it cannot be read)."""
    text = data.decode("utf-8", "replace")
    catalog = BoundedCatalog()
    parser = PoFileParser(catalog, ignore_obsolete=True, abort_invalid=True)
    try:
        parser.parse(io.BytesIO(data))
    except CatalogProblem as exc:
        header = "content-type" if "charset" in str(exc) else "plural-forms"
        return None, [Problem(Location(where, header_line(text, header)), str(exc))]
    except PoFileError as exc:
        line = int(getattr(exc, "lineno", 0) or 0) + 1
        why = re.sub(r" on \d+$", "", str(exc))  # Babel's own line, counted from 0
        return None, [Problem(Location(where, line), f"cannot read message catalog: {why}")]
    except (ValueError, LookupError, UnicodeError, TypeError, RecursionError, MemoryError) as exc:
        line = parser.offset + 1 if isinstance(parser.offset, int) else 1
        return None, [Problem(Location(where, line), f"cannot read message catalog: {exc}")]
    problems: list[Problem] = []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        problems += message_problems(message, where, formatted)
    return catalog, problems


def message_problems(message: Message, where: str, formatted: bool) -> list[Problem]:
    """What is wrong with one translation: placeholders, control characters."""
    loc = Location(where, message.lineno or 1)
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    problems = []
    for translated in strings:
        if not translated:
            continue
        if (why := control_problem(translated)) is not None:
            problems.append(Problem(loc, f"the translation {why}", Severity.WARNING))
        named = formatted and any("%(" in i for i in ids)
        if named and (why := placeholder_problem(ids, translated)) is not None:
            problems.append(Problem(loc, why))
    return problems


def placeholder_problem(ids: Iterable[str], translated: str) -> str | None:
    """Why the translation's placeholders do not fit the message's (None when they do)."""
    allowed = {m.group() for i in ids for m in SPEC.finditer(i) if m["type"] != "%"}
    shown = ", ".join(sorted(allowed)) or "none"
    at = 0
    while (at := translated.find("%", at)) >= 0:
        spec = SPEC.match(translated, at)
        if spec is None:
            return f"a '%' that starts no placeholder at '{translated[at : at + 12]}': write %% for a percent sign"
        if spec["type"] != "%" and spec.group() not in allowed:
            named = [
                a
                for a in allowed
                if spec["name"] is not None and a.startswith(f"%({spec['name']})")
            ]
            if named:
                return (
                    f"placeholder {spec.group()[:40]} must be written as in the message it"
                    f" translates: {named[0]} (no width, precision or other type)"
                )
            return (
                f"placeholder {spec.group()[:40]} is not in the message it translates"
                f" (its placeholders: {shown})"
            )
        at = spec.end()
    return None


def safe_plural(plural_forms: str, loc: Location) -> Callable[[Any], int]:
    """The catalog's plural function (from its Plural-Forms value), raising BuildError,
    located, instead of dividing by zero or choosing a form the catalog does not have, for an
    n beyond those tried when it was read."""
    nplurals, plural = check_plural_forms(plural_forms)

    def choose(n: Any) -> int:
        try:
            form = plural(n)
        except ArithmeticError:
            problem = Problem(loc, f"the plural expression divides by zero for n = {n}")
            raise BuildError([problem]) from None
        if not 0 <= form < nplurals:
            message = (
                f"the plural expression gives form {form} for n = {n}, but nplurals is {nplurals}"
            )
            raise BuildError([Problem(loc, message)])
        return form

    return choose
