"""The guard every WeasyPrint patch of briefgen passes first: the installed WeasyPrint is a
version the patch was verified on and the functions it replaces or relies on have the source
it was verified against; otherwise the patch stays out and the build says why."""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Iterable
from typing import Any

VERIFIED_VERSIONS = ("70.0",)  # the WeasyPrint versions the patches were checked on


def source_digest(functions: Iterable[Callable[..., Any]]) -> str:
    """The sha256 of the functions' source, in order."""
    text = "".join(inspect.getsource(f) for f in functions)
    return hashlib.sha256(text.encode()).hexdigest()


def why_not(digest: Callable[[], str], verified: str, what: str) -> str | None:
    """None when the installed WeasyPrint is verified and `digest()` is `verified`; else why
    the patch stays out (`what`: the code it relies on, in the reader's words)."""
    import weasyprint

    if weasyprint.__version__ not in VERIFIED_VERSIONS:
        return f"WeasyPrint {weasyprint.__version__} is not one of {', '.join(VERIFIED_VERSIONS)}"
    try:
        found = digest()
    except (OSError, TypeError, AttributeError) as exc:
        return f"WeasyPrint's source cannot be checked: {exc}"
    if found != verified:
        return f"WeasyPrint's {what} differs from the verified one"
    return None
