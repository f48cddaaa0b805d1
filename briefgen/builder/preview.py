"""The preview's HTTP side: output/ served on 127.0.0.1 to this machine's browser, and nothing else.

What `serve` answers, and to whom:
- only regular files inside output/ (every link resolved; one leading out, a dot name, a
  FIFO, a folder or a file over 64 MiB is "not found"), HTML pages with the reload script;
- only requests whose Host is the address it is bound to (127.0.0.1, localhost or [::1] with
  its port): a web page elsewhere cannot read the previews through DNS rebinding (403);
- the reload channel only to pages of its own origin (a request from another site, said by
  its Origin or Sec-Fetch-Site header, is 403);
- at most MAX_CONNECTIONS connections at a time (the others wait in a listen backlog of
  BACKLOG), each closed after CONNECTION_SECONDS whatever it is doing, reads timing out
  after READ_SECONDS; no request, however malformed, prints a traceback.
"""

from __future__ import annotations

import contextlib
import html
import mimetypes
import socket
import stat
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from briefgen.safeio import MIB, read_capped, resolved

MAX_SERVED_BYTES = 64 * MIB  # a larger stray file in output/ is not served (nor read whole)
WAIT_SECONDS = 25.0  # a version request waits at most this long for a new version
BACKLOG = 256  # connections the kernel holds while every handler is busy
MAX_CONNECTIONS = 64  # handled at a time
MAX_WAITING = 32  # of which at most this many wait for a new version
READ_SECONDS = 10.0  # a request line or header arriving slower than this ends the connection
CONNECTION_SECONDS = WAIT_SECONDS + 15.0  # the longest any connection is kept, whatever it does
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
# The page asks for the next version (the server answers when it is written), then shows the
# new page in place: its head and body replaced from the served HTML, in the same document
# (no navigation: sooner, and the reader keeps their place). A page with scripts of its own is
# reloaded instead. It asks again once the new page has been drawn, which tells the server
# the reload is done (see LiveState.settle).
LIVE_JS = """(function () {
  var me = document.currentScript, brief = me.dataset.brief, seen = me.dataset.version;
  function later(then) {
    var go = setTimeout(then, 100);  // no frames in a hidden tab
    requestAnimationFrame(function () { clearTimeout(go); setTimeout(then, 0); });
  }
  function show(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var tag = doc.querySelector("script[data-brief]");
    if (!doc.body || !tag || doc.querySelectorAll("script").length !== 1) {
      location.reload();
      return;
    }
    seen = tag.dataset.version;
    tag.remove();
    var root = document.documentElement, from = doc.documentElement, i;
    for (i = root.attributes.length - 1; i >= 0; i--) {
      if (!from.hasAttribute(root.attributes[i].name)) {
        root.removeAttribute(root.attributes[i].name);
      }
    }
    for (i = 0; i < from.attributes.length; i++) {
      root.setAttribute(from.attributes[i].name, from.attributes[i].value);
    }
    document.head.replaceWith(doc.head);
    document.body.replaceWith(doc.body);
    later(poll);
  }
  function poll() {
    fetch("/__briefgen/version?brief=" + encodeURIComponent(brief) +
          "&seen=" + encodeURIComponent(seen), {cache: "no-store"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (v) {
        if (v === seen) { poll(); return; }
        return fetch(location.href, {cache: "no-store"})
          .then(function (r) { return r.text(); })
          .then(show);
      })
      .catch(function () { setTimeout(poll, 250); });
  }
  if (document.readyState === "complete") { later(poll); }
  else { addEventListener("load", function () { later(poll); }); }
})();
"""


class LiveState:
    """What the server shows: a version per brief, the content's errors and each brief's own
    (a template mistake), if any."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.versions: dict[str, int] = {}
        self.errors: tuple[str, ...] = ()
        self.error_version = 0
        self.brief_errors: dict[str, tuple[str, ...]] = {}
        self.waiting: dict[str, int] = {}  # pages waiting for a new version, by brief
        self.arrived: dict[str, int] = {}  # pages of the current version that asked since

    def bump(self, brief: str) -> int:
        """The brief's HTML was written again (waiting pages are answered at once); returns
        how many pages were waiting, and now reload."""
        with self.lock:
            self.brief_errors.pop(brief, None)
            self.versions[brief] = self.versions.get(brief, 0) + 1
            self.arrived[brief] = 0
            self.lock.notify_all()
            return self.waiting.get(brief, 0)

    def settle(self, brief: str, pages: int, seconds: float) -> bool:
        """Wait until `pages` pages of the brief's current version have loaded (each asks for
        the next version once it has), or `seconds`: the browser then has the processor to
        itself while it reloads, instead of sharing it with the next brief's rendering."""
        with self.lock:
            return self.lock.wait_for(lambda: self.arrived.get(brief, 0) >= pages, seconds)

    def set_errors(self, errors: list[str]) -> None:
        """The content's errors now (none when it is fine)."""
        with self.lock:
            if tuple(errors) != self.errors:
                self.errors = tuple(errors)
                self.error_version += 1
                self.lock.notify_all()

    def set_brief_errors(self, brief: str, errors: list[str]) -> None:
        """The brief could not be rendered (a template mistake): its pages show why, not the
        stale page, until its HTML is written again."""
        with self.lock:
            if self.brief_errors.get(brief) != tuple(errors):
                self.brief_errors[brief] = tuple(errors)
                self.versions[brief] = self.versions.get(brief, 0) + 1
                self.lock.notify_all()

    def shown_errors(self, brief: str) -> tuple[str, ...]:
        """What a page of the brief shows instead of the brief: the content's errors, else its own."""
        with self.lock:
            return self.errors or self.brief_errors.get(brief, ())

    def version(self, brief: str) -> str:
        """The token a page of this brief compares with the one it was served with."""
        with self.lock:
            return self._version(brief)

    def _version(self, brief: str) -> str:
        return f"{self.versions.get(brief, 0)}.{self.error_version}"

    def wait(self, brief: str, seen: str, seconds: float = WAIT_SECONDS) -> str:
        """The brief's version as soon as it is not `seen`, or after `seconds` (long polling:
        a page learns of a new version the moment it is written, with no polling delay)."""
        with self.lock:
            if seen == self._version(brief):  # a page showing the current version
                self.arrived[brief] = self.arrived.get(brief, 0) + 1
                self.lock.notify_all()
            self.waiting[brief] = self.waiting.get(brief, 0) + 1
            try:
                self.lock.wait_for(lambda: self._version(brief) != seen, timeout=seconds)
            finally:
                self.waiting[brief] -= 1
                if not self.waiting[brief]:
                    del self.waiting[brief]
            return self._version(brief)


def live_tag(brief: str, version: str) -> str:
    """The script element added to a served page (async: the page shows before it loads)."""
    return (
        f'<script async src="/__briefgen/live.js" data-brief="{html.escape(brief)}" '
        f'data-version="{html.escape(version)}"></script>'
    )


def with_live_reload(page: str, brief: str, version: str) -> str:
    """The page with the reload script before its closing body tag (or at its end)."""
    tag = live_tag(brief, version)
    at = page.rfind("</body>")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


def error_page(brief: str, errors: tuple[str, ...], version: str) -> str:
    """A page listing the located errors, shown instead of a stale brief."""
    items = "".join(f"<li><code>{html.escape(e)}</code></li>" for e in errors)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Errors: {html.escape(brief)}</title></head><body>"
        f"<main><h1>{len(errors)} error{'s' if len(errors) != 1 else ''}</h1>"
        f"<p>{html.escape(brief)} is not rebuilt until they are fixed; this page reloads then.</p>"
        f'<ul class="errors">{items}</ul></main>{live_tag(brief, version)}</body></html>'
    )


def index_page(output: Path, state: LiveState) -> str:
    """Links to every built brief."""
    links = "".join(
        f'<li><a href="/{html.escape(p.parent.name)}/{html.escape(p.name)}">'
        f"{html.escape(p.parent.name)}</a></li>"
        for p in sorted(output.glob("*/*.html"))
        if p.stem == p.parent.name
    )
    errors = "".join(f"<li><code>{html.escape(e)}</code></li>" for e in state.errors)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>briefgen</title>'
        f"</head><body><main><h1>Briefs</h1><ul>{links}</ul>"
        + (f'<h2>Errors</h2><ul class="errors">{errors}</ul>' if errors else "")
        + f"</main>{live_tag('', state.version(''))}</body></html>"
    )


def served_file(root: Path, path: str) -> Path | None:
    """The regular file inside `root` that a URL path names, or None (every link resolved)."""
    names = [n for n in path.split("/") if n]
    if not names or any(n.startswith(".") or "\x00" in n or "\\" in n for n in names):
        return None
    target = resolved(root.joinpath(*names))
    if target is None or not target.is_relative_to(root):
        return None
    try:
        mode = target.lstat().st_mode  # resolved: a link no more
    except OSError:
        return None
    return target if stat.S_ISREG(mode) else None


def allowed_hosts(port: int) -> frozenset[str]:
    """The Host header values of a request to this server (any case)."""
    hosts = {f"{name}:{port}" for name in LOOPBACK_NAMES}
    if port == 80:
        hosts.update(LOOPBACK_NAMES)
    return frozenset(hosts)


def make_handler(output: Path, state: LiveState) -> type[BaseHTTPRequestHandler]:
    """A request handler serving `output` (and nothing outside it) with live reload."""
    root = output.resolve()
    waiting = threading.BoundedSemaphore(MAX_WAITING)

    class Handler(BaseHTTPRequestHandler):
        server_version = "briefgen"
        sys_version = ""
        timeout = READ_SECONDS  # each read of the request
        server: PreviewServer

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def send(self, status: int, body: bytes, kind: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.send_header("X-Content-Type-Options", "nosniff")
                self.send_header("Cross-Origin-Resource-Policy", "same-origin")
                self.send_header("Referrer-Policy", "no-referrer")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
            except OSError:
                # the page went away first (a reload, a closed tab): often so for a waiting
                # version request, answered when the next save comes
                self.close_connection = True

        def refuse(self, status: int, why: str) -> None:
            self.send(status, why.encode(), "text/plain; charset=utf-8")

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            try:
                self.answer()
            except Exception:  # a request we did not foresee: refused, never a traceback
                self.refuse(HTTPStatus.BAD_REQUEST, "bad request")

        def own_origin(self) -> bool:
            """False for a request another site's page made (its Origin or Sec-Fetch-Site)."""
            origin = self.headers.get("Origin")
            if origin is not None:
                parts = urlsplit(origin)
                if parts.scheme != "http" or parts.netloc.lower() not in self.server.hosts:
                    return False
            site = self.headers.get("Sec-Fetch-Site")
            return site in (None, "same-origin", "none")

        def answer(self) -> None:
            host = self.headers.get("Host", "").strip().lower()
            if host not in self.server.hosts:
                self.refuse(
                    HTTPStatus.FORBIDDEN,
                    f"this preview answers only {self.server.url}: open that address",
                )
                return
            parts = urlsplit(self.path)
            path = unquote(parts.path, errors="strict")
            text = "text/html; charset=utf-8"
            if path == "/":
                self.send(HTTPStatus.OK, index_page(output, state).encode(), text)
            elif path == "/__briefgen/live.js":
                self.send(HTTPStatus.OK, LIVE_JS.encode(), "text/javascript; charset=utf-8")
            elif path == "/__briefgen/version":
                self.send_version(parts.query)
            else:
                self.send_file(path)

        def send_version(self, query_text: str) -> None:
            if not self.own_origin():
                self.refuse(HTTPStatus.FORBIDDEN, "the reload channel answers its own pages only")
                return
            query = parse_qs(query_text, max_num_fields=4)
            brief = query.get("brief", [""])[0][:200]
            seen = query.get("seen", [None])[0]
            if seen is None:
                self.send(HTTPStatus.OK, state.version(brief).encode(), "text/plain")
                return
            if not waiting.acquire(blocking=False):  # the page asks again a little later
                self.refuse(HTTPStatus.SERVICE_UNAVAILABLE, "too many pages waiting")
                return
            try:
                version = state.wait(brief, seen[:40])
            finally:
                waiting.release()
            self.send(HTTPStatus.OK, version.encode(), "text/plain")

        def send_file(self, path: str) -> None:
            target = served_file(root, path)
            data = None
            if target is not None:
                with contextlib.suppress(OSError):  # FileRefused: a FIFO, a device, too large
                    data = read_capped(target, MAX_SERVED_BYTES, follow=False)
            if target is None or data is None:
                self.refuse(HTTPStatus.NOT_FOUND, "not found")
                return
            brief = target.parent.name
            if target.suffix == ".html":
                version = state.version(brief)
                errors = state.shown_errors(brief)
                if errors:
                    page = error_page(brief, errors, version)
                else:
                    page = with_live_reload(data.decode("utf-8", "replace"), brief, version)
                self.send(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8")
                return
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            self.send(HTTPStatus.OK, data, kind)

    return Handler


class PreviewServer(ThreadingHTTPServer):
    """A threaded HTTP server with a real backlog, a bound on connections handled at once and
    on each connection's life, and no traceback for anything a client does."""

    request_queue_size = BACKLOG
    daemon_threads = True
    hosts: frozenset[str]
    url: str

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.open: dict[socket.socket, float] = {}
        self.open_lock = threading.Lock()
        self.closing = threading.Event()
        super().__init__(address, handler)
        port = self.server_address[1]
        self.hosts = allowed_hosts(port)
        self.url = f"http://127.0.0.1:{port}/"
        threading.Thread(target=self.reap, name="briefgen-serve-reaper", daemon=True).start()

    def process_request(self, request: Any, client_address: Any) -> None:
        """Handle the connection in a thread once one of the MAX_CONNECTIONS slots is free."""
        while not self.slots.acquire(timeout=0.5):
            if self.closing.is_set():
                self.shutdown_request(request)
                return
        with self.open_lock:
            self.open[request] = time.monotonic() + CONNECTION_SECONDS
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.forget(request)
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.forget(request)

    def forget(self, request: socket.socket) -> None:
        with self.open_lock:
            if self.open.pop(request, None) is not None:
                self.slots.release()

    def reap(self) -> None:
        """Every second, end the connections older than CONNECTION_SECONDS (a client sending
        a byte at a time, or never reading its answer)."""
        while not self.closing.wait(1.0):
            now = time.monotonic()
            with self.open_lock:
                late = [s for s, deadline in self.open.items() if deadline < now]
            for sock in late:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def shutdown(self) -> None:
        """Stop serving: open connections are ended, so that no slot is waited for."""
        self.closing.set()
        with self.open_lock:
            ending = list(self.open)
        for sock in ending:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        super().shutdown()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that misbehaves (or vanishes) costs its own connection, and no traceback."""
        return


def start_server(
    output: Path, state: LiveState, port: int = 8000
) -> tuple[PreviewServer, threading.Thread]:
    """The server on 127.0.0.1:`port` (0: any free port), answering in a background thread.

    OSError when the port cannot be had (in use, or reserved)."""
    server = PreviewServer(("127.0.0.1", port), make_handler(output, state))
    thread = threading.Thread(target=server.serve_forever, name="briefgen-serve", daemon=True)
    thread.start()
    return server, thread


def url_of(server: PreviewServer) -> str:
    """The address the server answers on."""
    return server.url


def port_problem(port: int, exc: OSError) -> str:
    """Why the port could not be had, in one line."""
    import errno

    if exc.errno == errno.EADDRINUSE:
        why = "is in use by another program"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = "is reserved (ports below 1024 need root)"
    else:
        why = f"cannot be used: {exc.strerror or exc}"
    return f"port {port} on 127.0.0.1 {why}: choose another with --port (0: any free port)"
