"""Serve: a live preview of the built briefs on 127.0.0.1, reloaded in the browser after a save.

`briefgen serve` builds, then serves output/ over HTTP on the loopback interface only, and
rebuilds on every change under content/, briefs/, templates/ or snapshots/: first the HTML
of the affected briefs, smallest first (each open page shows the new one as soon as its
brief's HTML is written), then their PDFs, smallest first, each written when it is ready.
While the content has errors, every served brief page shows the located errors instead of
the stale brief, and the brief again once they are fixed.

The reload script is added to the pages as they are served (a small external script that
waits for a new version number): the HTML files written to output/ never contain it.
"""

from __future__ import annotations

import contextlib
import html
import mimetypes
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from briefgen.builder.run import BriefResult, build
from briefgen.builder.watch import Kept, watch_executor, watched_folders
from briefgen.errors import BriefgenError
from briefgen.safeio import MIB, read_capped, resolved
from briefgen.validate.workspace import open_workspace

MAX_SERVED_BYTES = 64 * MIB  # a larger stray file in output/ is not served (nor read whole)
WAIT_SECONDS = 25.0  # a version request waits at most this long for a new version
RELOAD_GRACE = 0.3  # at most this long for open pages to reload before the next brief renders
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
      .then(function (r) { return r.text(); })
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
    """What the server shows: a version per brief, and the content's errors, if any."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.versions: dict[str, int] = {}
        self.errors: tuple[str, ...] = ()
        self.error_version = 0
        self.waiting: dict[str, int] = {}  # pages waiting for a new version, by brief
        self.arrived: dict[str, int] = {}  # pages of the current version that asked since

    def bump(self, brief: str) -> int:
        """The brief's HTML was written again (waiting pages are answered at once); returns
        how many pages were waiting, and now reload."""
        with self.lock:
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
        f"<main><h1>The content has {len(errors)} error{'s' if len(errors) != 1 else ''}</h1>"
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


def make_handler(output: Path, state: LiveState) -> type[BaseHTTPRequestHandler]:
    """A request handler serving `output` (and nothing outside it) with live reload."""
    root = output.resolve()

    class Handler(BaseHTTPRequestHandler):
        server_version = "briefgen"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def send(self, status: int, body: bytes, kind: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                # the page went away first (a reload, a closed tab): often so for a waiting
                # version request, answered when the next save comes
                self.close_connection = True

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            text = "text/html; charset=utf-8"
            if path == "/":
                self.send(HTTPStatus.OK, index_page(output, state).encode(), text)
            elif path == "/__briefgen/live.js":
                self.send(HTTPStatus.OK, LIVE_JS.encode(), "text/javascript; charset=utf-8")
            elif path == "/__briefgen/version":
                query = parse_qs(parts.query)
                brief = query.get("brief", [""])[0]
                seen = query.get("seen", [None])[0]
                version = state.version(brief) if seen is None else state.wait(brief, seen)
                self.send(HTTPStatus.OK, version.encode(), "text/plain")
            else:
                self.send_file(path)

        def send_file(self, path: str) -> None:
            names = [n for n in path.split("/") if n]
            target = resolved(root.joinpath(*names)) if names else root
            data = None
            if (
                target is not None
                and not any(n.startswith(".") for n in names)
                and target.is_relative_to(root)
            ):
                with contextlib.suppress(OSError):  # FileRefused: a folder, FIFO, too large
                    data = read_capped(target, MAX_SERVED_BYTES)
            if target is None or data is None:
                self.send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
                return
            brief = target.parent.name
            if target.suffix == ".html":
                version = state.version(brief)
                if state.errors:
                    page = error_page(brief, state.errors, version)
                else:
                    text = data.decode("utf-8", "replace")
                    page = with_live_reload(text, brief, version)
                self.send(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8")
                return
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            self.send(HTTPStatus.OK, data, kind)

    return Handler


def start_server(
    output: Path, state: LiveState, port: int = 8000
) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """The server on 127.0.0.1:`port` (0: any free port), answering in a background thread."""
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(output, state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="briefgen-serve", daemon=True)
    thread.start()
    return server, thread


def url_of(server: ThreadingHTTPServer) -> str:
    """The address the server answers on."""
    return f"http://127.0.0.1:{server.server_address[1]}/"


def rebuild(
    root: Path,
    state: LiveState,
    say: Callable[[str], None],
    timeout: float,
    kept: Kept | None = None,
) -> None:
    """The HTML of the affected briefs, smallest first, each written (and its pages reloaded)
    as soon as it is rendered; then their PDFs, the smallest alone first; errors go to the
    pages."""
    started = time.perf_counter()
    kept = kept or Kept(html_first=True)
    ws = open_workspace(root, kept.trees)
    for problem in ws.problems:
        say(str(problem))
    if ws.errors:
        state.set_errors([str(p) for p in ws.errors])
        say(f"not rebuilt: {len(ws.errors)} problem(s), shown in the pages")
        return
    state.set_errors([])

    def html_written(r: BriefResult) -> None:
        pages = state.bump(r.brief)
        say(f"html {r.brief} after {time.perf_counter() - started:.2f} s")
        if pages:  # open pages of this brief reload before anything else is rendered
            state.settle(r.brief, pages, RELOAD_GRACE)

    def written(r: BriefResult) -> None:
        if r.status == "up to date":
            return
        pages = f", {r.pages} pages" if r.pages is not None else ""
        say(
            f"{r.status} {r.brief} ({', '.join(r.formats)}{pages}) after "
            f"{time.perf_counter() - started:.2f} s" + (f": {r.error}" if r.error else "")
        )

    kept.live.on_html = html_written
    try:
        results = build(
            ws,
            timeout=timeout,
            on_result=written,
            executor=watch_executor(),
            smallest_first=True,
            live=kept.live,
        )
        built = sum(r.status != "up to date" for r in results)
        say(f"{built} of {len(results)} briefs rebuilt in {time.perf_counter() - started:.2f} s")
    except BriefgenError as exc:
        state.set_errors([str(p) for p in exc.problems])
        for problem in exc.problems:
            say(str(problem))


def serve(
    root: Path,
    say: Callable[[str], None],
    port: int = 8000,
    timeout: float = 300.0,
    max_rounds: int | None = None,
    record: bool = False,
) -> None:
    """Build, serve output/ on 127.0.0.1 and rebuild on every change until interrupted;
    editions are recorded only with `record` (a preview is not a publication)."""
    import watchfiles

    from briefgen.render import pdf  # noqa: F401 - import WeasyPrint once, so each rebuild starts warm

    watch_executor()  # the workers import WeasyPrint while the first build plans
    # the server's threads answer within a millisecond while this one renders the other
    # briefs' HTML (Python's default: up to 5 ms at each of a request's several waits)
    sys.setswitchinterval(0.001)
    (root / "output").mkdir(exist_ok=True)
    state = LiveState()
    server, _ = start_server(root / "output", state, port)
    try:
        kept = Kept(html_first=True, record=record)
        rebuild(root, state, say, timeout, kept)
        say(f"serving {url_of(server)} (Ctrl-C to stop)")
        folders = watched_folders(root)
        say(f"watching {', '.join(p.name + '/' for p in folders)}")
        # step: a save is seen 10 to 20 ms after the last change (a file written in pieces
        # is read again at its next change)
        changes_seen = watchfiles.watch(*folders, debounce=200, step=10, raise_interrupt=False)
        for rounds, changes in enumerate(changes_seen, start=1):
            say(f"changed: {', '.join(sorted({Path(p).name for _, p in changes}))}")
            rebuild(root, state, say, timeout, kept)
            if max_rounds is not None and rounds >= max_rounds:
                return
    finally:
        server.shutdown()
        server.server_close()
