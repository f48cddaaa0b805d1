"""Fetch: a source's web page as article text (the only module that touches the network).

http(s) only at every hop, at most MAX_REDIRECTS redirects, connect and read timeouts
plus a deadline for the whole request (headers included: a server that sends a byte at a
time is cut off), a size cap checked while the body streams in. Loopback, private,
link-local and other non-global addresses are refused at every hop unless allowed
explicitly, and a user name or password in an address is never printed or stored.
HTML goes through trafilatura's article extraction; text/plain is taken as it is; any
other content type is refused.
"""

from __future__ import annotations

import codecs
import contextlib
import ipaddress
import signal
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from briefgen import __version__

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


class TransferDeadline(BaseException):
    """The whole request took too long (a BaseException: no library may swallow it)."""


def redact(url: str) -> str:
    """The address without its user name and password, for messages and records."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an address that cannot be read)"
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]).geturl()


def check_scheme(url: str) -> None:
    """Refuse anything but an http(s) address with a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise FetchError(f"{redact(url)[:200]}: not a valid address ({exc})") from None
    if parts.scheme not in ("http", "https") or not host:
        raise FetchError(f"{redact(url)[:200]}: only http and https addresses are fetched")


def check_host(url: str, allow_private: bool) -> None:
    """Refuse an address whose host is or resolves to a loopback, private or other local address."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as exc:
        raise FetchError(f"cannot resolve the host of {redact(url)[:200]}: {exc}") from None
    if allow_private:
        return
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if not ip.is_global or ip.is_multicast:
            raise FetchError(
                f"{redact(url)[:200]} leads to {ip}, a loopback, private or local address: "
                "refused (sources refresh --allow-private fetches it anyway)"
            )


@contextlib.contextmanager
def overall_deadline(seconds: float) -> Iterator[None]:
    """Raise TransferDeadline after `seconds` (in the main thread; elsewhere reads are timed)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(_signum: int, _frame: object) -> None:
        raise TransferDeadline

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


def text_charset(charset: str | None) -> str | None:
    """The charset when it names a text encoding Python knows, else None (UTF-8 is assumed)."""
    if not charset:
        return None
    try:
        info = codecs.lookup(charset)
    except (LookupError, ValueError):
        return None
    # base64, rot13 and the like are codecs but not text encodings
    return charset if getattr(info, "_is_text_encoding", True) else None


def extract(body: bytes, content_type: str, charset: str | None) -> str:
    """Article text from an HTML page, or a text/plain body as it is."""
    charset = text_charset(charset)
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


def fetch(
    url: str,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    allow_private: bool = False,
) -> Page:
    """Fetch a page and extract its text; FetchError (one line) for every kind of failure.

    The whole request, redirects and headers included, may take three times `timeout`.
    """
    limit = 3 * timeout
    deadline = time.monotonic() + limit
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9"}
    try:
        with (
            overall_deadline(limit),
            httpx.Client(timeout=timeout, follow_redirects=False, headers=headers) as client,
        ):
            return fetch_with(client, url, max_bytes, deadline, allow_private)
    except TransferDeadline:
        raise FetchError(f"no complete answer within {limit:g} s") from None
    except httpx.TimeoutException:
        raise FetchError(f"no answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {redact(str(exc))}") from None
    except (UnicodeError, ValueError) as exc:  # an address httpx cannot use (bad IPv6, IDNA)
        raise FetchError(f"{redact(url)[:200]}: not a usable address ({exc})") from None


def fetch_with(
    client: httpx.Client, url: str, max_bytes: int, deadline: float, allow_private: bool = False
) -> Page:
    """Follow at most MAX_REDIRECTS redirects, checking every address, then read the page."""
    for _hop in range(MAX_REDIRECTS + 1):
        check_scheme(url)
        check_host(url, allow_private)
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
            text = extract(body, kind, response.charset_encoding)
            return Page(redact(str(response.url)), kind, text)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")
