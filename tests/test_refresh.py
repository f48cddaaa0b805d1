"""`sources refresh` against a local HTTP server started by each test (no other network)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.cli.main import cli
from briefgen.sources.snapshots import version_names
from briefgen.validate.workspace import open_workspace
from tests.sample_project import BRIEF_FULL, SOURCES

REPO = Path(__file__).resolve().parents[1]
PARAGRAPHS = [
    "The delegations met for a third day on Friday, without agreement on the flow.",
    "The 1950 treaty split the river\u2019s flow evenly.",
    "Northland insists the dam changes nothing downstream.",
]
Route = tuple[int, dict[str, str], bytes]
REWORDED = [*PARAGRAPHS[:2], "Northland insists that its dam changes nothing downstream."]


def article(paragraphs: list[str]) -> bytes:
    """A news page: navigation, the article, a footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>River talks</title></head>"
        "<body><nav><a href='/'>Home</a></nav><article><h1>River talks stall as drought bites</h1>"
        f"{body}</article><footer>Example Wire</footer></body></html>"
    ).encode()


def html(paragraphs: list[str]) -> Route:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, article(paragraphs)


@dataclass
class Server:
    """A local web server whose answers the test sets per path."""

    base: str
    routes: dict[str, Route | Callable[[BaseHTTPRequestHandler], None]] = field(
        default_factory=dict
    )
    stop: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    state = Server("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            route = state.routes.get(self.path)
            if callable(route):
                route(self)
                return
            status, headers, body = route or (404, {"Content-Type": "text/plain"}, b"not here")
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if "Content-Length" not in headers and status not in (301, 302, 303, 307, 308):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    state.stop.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def project(make_project: Callable[..., Path], server: Server) -> Path:
    """The sample project with wire-2021 at the local server, and a brief that does not cite it."""
    sources = SOURCES.replace("https://wire.example/river-talks", f"{server.base}/wire")
    disputes = BRIEF_FULL.replace("  - history\n", "").replace("  - timeline\n", "")
    return make_project({"content/sources.yaml": sources, "briefs/disputes.yaml": disputes})


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--project", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def refresh(root: Path, *args: str) -> tuple[int, str, str]:
    return run(root, "sources", "refresh", "wire-2021", "--timeout", "2", "--allow-private", *args)


def versions(root: Path) -> list[str]:
    return version_names(root / "snapshots/wire-2021")


def statuses(root: Path) -> dict[str, str]:
    return {
        r.brief: r.status
        for r in build(open_workspace(root), options=BuildOptions(formats=("html",)))
    }


def test_changed_page_is_stored_diffed_verified_and_rebuilds_the_briefs_citing_it(
    project: Path, server: Server
) -> None:
    server.routes["/wire"] = html(PARAGRAPHS)
    code, out, err = refresh(project)
    assert code == 0, err
    assert "wire-2021: stored version 1 (" in out and f"from {server.base}/wire" in out
    assert "(the first snapshot: nothing to compare with)" in out
    assert statuses(project) == dict.fromkeys(("disputes", "full", "short"), "built")
    first = versions(project)
    first_text = (project / "snapshots/wire-2021" / first[0]).read_bytes()

    server.routes["/wire"] = html(REWORDED)
    code, out, err = refresh(project)
    assert code == 0, err
    assert "wire-2021: stored version 2 (" in out
    assert "    -Northland insists the dam changes nothing downstream." in out
    assert "    +Northland insists that its dam changes nothing downstream." in out
    assert (
        "  changed   content/history.yaml:16:9  score 0.94 at line 4, para 4 "
        "(the source's text changed)" in out
    )
    assert "affected claims: dam-built" in out
    # short cites wire-2021 for a quote still found: its source has a new version all the same,
    # which its next edition records; disputes does not cite it (what each brief is made from,
    # against its build.json)
    assert "affected briefs: full, short (run: python generate.py build)" in out
    assert "content/history.yaml:16:9: warning: quote reworded in the snapshot" in err
    assert "the source's text changed since the quote was verified" in err
    names = versions(project)
    assert len(names) == 2 and names[0] == first[0]
    assert (project / "snapshots/wire-2021" / names[0]).read_bytes() == first_text  # kept as it was
    assert statuses(project) == {"disputes": "up to date", "full": "built", "short": "built"}
    assert "[quote differs from source]" in (project / "output/full/full.html").read_text()


def test_unchanged_page_stores_nothing_and_affects_nothing(project: Path, server: Server) -> None:
    server.routes["/wire"] = html(PARAGRAPHS)
    assert refresh(project)[0] == 0
    statuses(project)
    record = (project / "snapshots/verification.json").read_bytes()
    code, out, _ = refresh(project)
    assert code == 0
    assert f"wire-2021: unchanged: {server.base}/wire is the same text as version 1 (" in out
    assert "affected briefs: none" in out
    assert len(versions(project)) == 1
    assert (project / "snapshots/verification.json").read_bytes() == record
    assert set(statuses(project).values()) == {"up to date"}


def test_plain_text_is_taken_as_it_is(project: Path, server: Server) -> None:
    body = "Plain wire copy\r\n\r\nThe 1950 treaty split the river's flow evenly.\r\n"
    server.routes["/wire"] = (200, {"Content-Type": "text/plain; charset=utf-8"}, body.encode())
    code, out, _ = refresh(project)
    assert code == 1  # the dam quote is not in this text
    (name,) = versions(project)
    text = (project / "snapshots/wire-2021" / name).read_text()
    assert text == "Plain wire copy\n\nThe 1950 treaty split the river's flow evenly.\n"
    assert ": 1 verified, 0 changed, 1 missing" in out


def test_redirects_are_followed_and_the_final_address_recorded(
    project: Path, server: Server
) -> None:
    server.routes["/wire"] = (301, {"Location": "/moved"}, b"")
    server.routes["/moved"] = (302, {"Location": f"{server.base}/final"}, b"")
    server.routes["/final"] = html(PARAGRAPHS)
    code, out, err = refresh(project)
    assert code == 0, err
    assert f"from {server.base}/final" in out
    index = (project / "snapshots/wire-2021/versions.json").read_text()
    assert f'"url": "{server.base}/final"' in index


@pytest.mark.parametrize(
    ("routes", "message"),
    [
        ({"/wire": (404, {}, b"gone")}, "HTTP 404 Not Found"),
        ({"/wire": (302, {"Location": "/wire"}, b"")}, "more than 5 redirects"),
        (
            {"/wire": (302, {"Location": "file:///etc/passwd"}, b"")},
            "file:///etc/passwd: only http and https addresses are fetched",
        ),
        (
            {"/wire": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7")},
            "content type 'application/pdf' is not a web page or plain text",
        ),
        (
            {"/wire": (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 5000 + b"</p>")},
            "the page is 5007 bytes; the limit is 1000",
        ),
        ({"/wire": (200, {"Content-Type": "text/html"}, b"<html></html>")}, "no article text"),
    ],
)
def test_fetch_failures_are_one_line_each_and_store_nothing(
    project: Path, server: Server, routes: dict[str, Route], message: str
) -> None:
    server.routes.update(routes)
    code, _, err = refresh(project, "--max-bytes", "1000")
    assert code == 3
    (line,) = err.splitlines()
    assert line.startswith(
        f"content/sources.yaml:2:5: error: wire-2021: cannot fetch {server.base}/wire: "
    )
    assert message in line and line.endswith("(--timeout for a slow server)")
    assert not (project / "snapshots/wire-2021").exists()


def test_a_body_without_a_length_is_still_capped(project: Path, server: Server) -> None:
    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"word " * 200)

    server.routes["/wire"] = endless
    code, _, err = refresh(project, "--max-bytes", "5000")
    assert code == 3 and "the page is over the limit of 5000 bytes" in err


def test_a_slow_server_hits_the_timeout(project: Path, server: Server) -> None:
    def slow(handler: BaseHTTPRequestHandler) -> None:
        server.stop.wait(30)  # until the test ends

    server.routes["/wire"] = slow
    code, _, err = run(
        project, "sources", "refresh", "wire-2021", "--timeout", "0.2", "--allow-private"
    )
    assert code == 3 and "no answer within 0.2 s" in err


def test_refreshing_all_skips_sources_without_a_url_and_inputs_stay_unchanged(
    project: Path, server: Server
) -> None:
    server.routes["/wire"] = html(PARAGRAPHS)
    inputs = sorted(p for folder in ("content", "briefs") for p in (project / folder).rglob("*"))
    before = [p.read_bytes() for p in inputs]
    code, out, _ = run(project, "sources", "refresh", "--timeout", "2", "--allow-private")
    assert code == 0
    assert "north-gov-2022: no url: not fetched" in out and "south-ngo: no url: not fetched" in out
    assert [p.read_bytes() for p in inputs] == before


def test_naming_a_source_without_a_url_is_an_error(project: Path) -> None:
    code, _, err = run(project, "sources", "refresh", "south-ngo")
    assert code == 1
    assert err.strip() == "content/sources.yaml:21:5: error: source 'south-ngo' has no url to fetch"
    code, _, err = run(project, "sources", "refresh", "wire-2012")
    assert code == 1 and "no source 'wire-2012' (did you mean 'wire-2021'?)" in err


@pytest.mark.parametrize("command", [["sources"], ["sources", "verify"], ["sources", "refresh"]])
def test_sources_commands_have_help_with_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and "python generate.py sources" in result.stdout


@pytest.mark.parametrize(
    "args", [["--help"], ["check"], ["list"], ["build", "--format", "html"], ["sources", "verify"]]
)
def test_only_refresh_imports_the_network_libraries(
    make_project: Callable[..., Path], args: list[str]
) -> None:
    code = (
        "import sys\nfrom briefgen.cli.main import main\n"
        "sys.argv = ['generate.py', '--project', sys.argv[1], *sys.argv[2:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('httpx', 'trafilatura') if m in sys.modules]\n"
        "print(','.join(loaded) or 'CLEAN')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(make_project()), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "CLEAN"


def test_the_diff_shows_a_long_line_around_its_change(project: Path, server: Server) -> None:
    long = "Background words repeat here. " * 20
    server.routes["/wire"] = html([long + "The river was low in May.", *PARAGRAPHS])
    refresh(project)
    server.routes["/wire"] = html([long + "The river was high in May.", *PARAGRAPHS])
    code, out, _ = refresh(project)
    assert code == 0
    (removed,) = [
        x for x in out.splitlines() if x.startswith("    -Back") or x.startswith("    -…")
    ]
    assert removed.startswith("    -…") and "The river was low in May." in removed
    assert "    +…" in out and "The river was high in May." in out
    assert all(len(line) <= 4 + 160 for line in out.splitlines() if line.startswith("    +…"))


def test_a_source_update_is_an_edition_that_diff_and_the_brief_name(
    project: Path, server: Server
) -> None:
    (project / "briefs/full.yaml").write_text(BRIEF_FULL + "  - changes\n")
    server.routes["/wire"] = html(PARAGRAPHS)
    assert refresh(project)[0] == 0
    statuses(project)
    editions = project / "editions/full"
    assert [p.name for p in editions.iterdir()] == ["0001.json"]

    server.routes["/wire"] = html(REWORDED)  # the publisher rewords the quoted sentence
    assert refresh(project)[0] == 0
    assert statuses(project)["full"] == "built"  # no content file changed: still an edition
    assert sorted(p.name for p in editions.iterdir()) == ["0001.json", "0002.json"]
    assert (project / "editions/short/0002.json").is_file()  # short cites the source too
    assert not (project / "editions/disputes/0002.json").exists()  # disputes does not

    code, out, _ = run(project, "diff", "full")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "full: 2 change(s) from edition 1 to the current content (edition 2)"
    assert lines[1].startswith("  source updated     Example Wire: version 2 of ")
    assert lines[1].endswith("(was version 1); 1 quoted passage(s) unchanged")
    assert lines[2:] == [
        "  passage changed    Example Wire, in the source's new text",
        '      was: "Northland insists the dam changes nothing downstream."',
        '      now: "Northland insists that its dam changes nothing downstream."',
        "      rests on it: Northland says its dam does not reduce the flow downstream.",
        "      the brief marks the quote [quote differs from source]",
    ]
    assert "wire-2021" not in out and "dam-built" not in out  # names, never ids
    page = (project / "output/full/full.html").read_text()
    part = page[page.index('id="part-changes"') :]
    assert "Compared with edition 1: 2 changes." in part
    assert (
        "<dt>Sources updated (1)</dt>" in part
        and "<b>Example Wire</b>: version 2, stored on" in part
    )
    assert (
        '<b>Example Wire</b><br>was: <q dir="ltr">Northland insists the dam changes nothing '
        'downstream.</q><br>now: <q dir="ltr">Northland insists that its dam changes nothing downstream.</q><br>'
        "Resting on it: Northland says its dam does not reduce the flow downstream<br>"
        "The brief marks the quotation “quote differs from source”." in part
    )

    # the Word file says the same
    build(open_workspace(project), options=BuildOptions(briefs=("full",), formats=("docx",)))
    text = [p.text for p in docx.Document(str(project / "output/full/full.docx")).paragraphs]
    changes = text[text.index("Changes since the last edition") :]
    assert changes[1:4] == [
        "Compared with edition 1: 2 changes.",
        "Sources updated (1)",
        changes[3],
    ]
    assert changes[3].startswith("Example Wire: version 2, stored on ")
    assert changes[5].split("\n") == [  # one item, a line each
        "Example Wire",
        "was: “Northland insists the dam changes nothing downstream.”",
        "now: “Northland insists that its dam changes nothing downstream.”",
        "Resting on it: Northland says its dam does not reduce the flow downstream",
        "The brief marks the quotation “quote differs from source”.",
    ]

    # the analyst re-anchors the quote to the new wording: the next edition says so
    history = project / "content/history.yaml"
    history.write_text(
        history.read_text().replace("insists the dam changes", "insists that its dam changes")
    )
    assert run(project, "sources", "verify")[0] == 0
    assert statuses(project)["full"] == "built"
    code, out, _ = run(project, "diff", "full")
    assert out.splitlines()[1:] == [
        "  quote replaced     Northland says its dam does not reduce the flow downstream.: "
        "Example Wire",
        '      was: "Northland insists the dam changes nothing downstream."',
        '      now: "Northland insists that its dam changes nothing downstream."',
        "      re-anchored: verified against the source's current text",
    ]


def test_a_meaning_changed_by_the_publisher_fails_refresh(project: Path, server: Server) -> None:
    server.routes["/wire"] = html(PARAGRAPHS)
    refresh(project)
    inverted = [*PARAGRAPHS[:2], "Northland insists the dam changes everything downstream."]
    server.routes["/wire"] = html(inverted)
    code, out, err = refresh(project)
    assert code == 1
    assert "      meaning changed: a negation differs" in out
    assert "content/history.yaml:16:9: error: quote changed in meaning" in err


def test_refresh_fix_moves_the_locators_of_a_passage_that_moved(
    project: Path, server: Server
) -> None:
    server.routes["/wire"] = html(PARAGRAPHS)  # the treaty sentence is para 3, as cited
    refresh(project)
    server.routes["/wire"] = html(["A paragraph inserted at the top.", *PARAGRAPHS])
    history = (project / "content/history.yaml").read_text()
    code, out, err = refresh(project, "--fix")
    assert code == 0, err
    assert "content/history.yaml: 1 locator moved to its passage (para 3 → para 4)" in out
    assert "content/timeline.yaml: 1 locator moved to its passage (para 3 → para 4)" in out
    assert (project / "content/history.yaml").read_text() == history.replace(
        "locator: para 3", "locator: para 4"
    )
    assert "locator says" not in err
    code, _, err = run(project, "check")
    assert "locator says" not in err
