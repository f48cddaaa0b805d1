"""Fetch: a source's web page as article text (the only module that touches the network).

http(s) only at every hop, at most MAX_REDIRECTS redirects, connect and read timeouts
plus a deadline for the whole transfer, a size cap checked while the body streams in.
HTML goes through trafilatura's article extraction; text/plain is taken as it is; any
other content type is refused.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from . import __version__

MAX_REDIRECTS = 5
MAX_BYTES = 5 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
USER_AGENT = f"briefgen/{__version__} (source snapshots)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


class FetchError(Exception):
    """A page could not be fetched or read; the message says why, on one line."""


@dataclass(frozen=True)
class Page:
    """A fetched page: where it ended up, its content type and its article text."""

    url: str
    content_type: str
    text: str


def check_scheme(url: str) -> None:
    """Refuse anything but an http(s) address with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url[:200]}: only http and https addresses are fetched")


def media_type(response: httpx.Response) -> str:
    """The response's media type, lower case, without parameters."""
    header: str = response.headers.get("content-type", "")
    return header.split(";")[0].strip().lower()


def read_body(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    """The body, streamed: refused past `max_bytes` or after the deadline."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"the page is {int(declared)} bytes; the limit is {max_bytes}")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"the page is over the limit of {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError("the transfer took too long")
        chunks.append(chunk)
    return b"".join(chunks)


def extract(body: bytes, content_type: str, charset: str | None) -> str:
    """Article text from an HTML page, or a text/plain body as it is."""
    if content_type in TEXT_TYPES:
        text = body.decode(charset or "utf-8", errors="replace")
    else:
        import trafilatura

        found = trafilatura.extract(
            body.decode(charset, errors="replace") if charset else body,
            include_comments=False,
            include_tables=True,
        )
        if not found:
            raise FetchError("no article text found in the page")
        text = found
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES) -> Page:
    """Fetch a page and extract its text; FetchError (one line) for every kind of failure."""
    deadline = time.monotonic() + 3 * timeout
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9"}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers) as client:
            return fetch_with(client, url, max_bytes, deadline)
    except httpx.TimeoutException:
        raise FetchError(f"no answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from None


def fetch_with(client: httpx.Client, url: str, max_bytes: int, deadline: float) -> Page:
    """Follow at most MAX_REDIRECTS redirects, checking every address, then read the page."""
    for _hop in range(MAX_REDIRECTS + 1):
        check_scheme(url)
        with client.stream("GET", url) as response:
            if response.is_redirect:
                target = response.headers["location"]
                url = urljoin(url, target)
                continue
            if response.status_code >= 300:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
            kind = media_type(response)
            if kind not in HTML_TYPES + TEXT_TYPES:
                raise FetchError(
                    f"content type '{kind or 'not stated'}' is not a web page or plain text: "
                    "save the text by hand and name it in the source's 'snapshot' field"
                )
            body = read_body(response, max_bytes, deadline)
            return Page(str(response.url), kind, extract(body, kind, response.charset_encoding))
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")
