"""Check, on real commands, what issue 26 asks of source updates, and time them.

Run: .venv/bin/python bench/sources.py [--seeds DIR] [--pairs N] [--no-timing]

On a copy of the example project whose sources get their seed texts as snapshots (from
../shared/seeds, or --seeds), it serves one source's text on 127.0.0.1 with a quoted
sentence reworded, runs `sources refresh --allow-private` and `build`, and reads the new
edition and `diff`; it runs a `serve` session with one edit and counts the editions it
recorded; it verifies a Vietnamese quote typed in decomposed form, a Chinese quote two
characters of which the source changed, and a quote whose meaning the source inverted; it
builds a brief whose source filter drops a source named in a statement's words and looks
for sentences naming a source the brief does not cite, and for check's warnings; and it
times `sources refresh` + `build` after a one-source update against `build --force`, as
processes, pair by pair (interleaved), medians. Every line is what a command printed or
what a file holds; nothing is assumed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
if "--violations" not in sys.argv:  # that mode counts with whichever briefgen it is given
    sys.path.insert(0, str(REPO))

REFRESHED = "ap-2020"  # the source whose publisher rewords a quoted sentence


class Served:
    """A local web server answering every path with the text it holds now."""

    def __init__(self) -> None:
        self.text = ""
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                data = served.text.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/{REFRESHED}"


def cli(root: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    """One briefgen command as its own process."""
    env = {**os.environ, "BRIEFGEN_CACHE_DIR": str(root.parent / "cache")}
    return subprocess.run(
        [PY, str(REPO / "generate.py"), "--project", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        check=check,
    )


def seed_map() -> dict[str, str]:
    """Source id -> seed file name, from tests/seed_sources.yaml."""
    found = {}
    for line in (REPO / "tests/seed_sources.yaml").read_text().splitlines():
        if ":" in line and not line.startswith("#"):
            key, value = line.split(":", 1)
            found[key.strip()] = value.strip()
    return found


def example_copy(folder: Path, seeds: Path, url: str) -> Path:
    """The example project with each seeded source's text as its `snapshot:` file, and the
    refreshed source's url pointing at the local server."""
    root = folder / "example"
    for name in ("content", "briefs", "templates"):
        shutil.copytree(REPO / name, root / name)
    (root / "texts").mkdir()
    sources = (root / "content/sources.yaml").read_text()
    for source, name in seed_map().items():
        shutil.copy(seeds / name, root / "texts" / f"{source}.txt")
        entry = f"  - id: {source}\n"
        sources = sources.replace(entry, f"{entry}    snapshot: texts/{source}.txt\n")
    start = sources.index(f"  - id: {REFRESHED}\n")
    end = sources.find("\n  - id: ", start + 1)
    block = sources[start:end]
    block = re.sub(r"\n    url: .*", "", block) + f"\n    url: {url}"
    (root / "content/sources.yaml").write_text(sources[:start] + block + sources[end:])
    return root


def reworded(text: str, quote: str, word: str) -> str:
    """The text with `word` put after the quote's first word where the quote stands."""
    first, rest = quote.split(" ", 1)
    assert quote in text, quote
    return text.replace(quote, f"{first} {word} {rest}", 1)


def editions(root: Path) -> int:
    """How many edition files the project holds."""
    folder = root / "editions"
    return sum(1 for _ in folder.rglob("[0-9]*.json")) if folder.is_dir() else 0


def source_update(root: Path, served: Served, seeds: Path, report: list[str]) -> str:
    """A reworded sentence, refreshed and built: the new edition and diff. Returns a quote."""
    from briefgen.validate.workspace import open_workspace

    ws = open_workspace(root)
    quotes = [
        a.quote
        for s in ws.project.statements()
        for a in s.attributions
        if a.source == REFRESHED and " " in a.quote and not re.search(r"\d", a.quote)
    ]
    seed = (seeds / seed_map()[REFRESHED]).read_text()
    quote = next(q for q in quotes if q in seed)
    served.text = seed
    out = cli(root, "sources", "verify")
    report.append(
        f"- verify of the seeded copy: exit {out.returncode}; {out.stdout.splitlines()[-3]}"
    )
    first = cli(root, "build", "-f", "html")
    report.append(f"- first build: exit {first.returncode}; editions recorded: {editions(root)}")
    served.text = reworded(seed, quote, "also")
    before = editions(root)
    refresh = cli(root, "sources", "refresh", REFRESHED, "--allow-private")
    lines = refresh.stdout.splitlines()
    report.append(
        f"- `sources refresh {REFRESHED} --allow-private`: exit {refresh.returncode}; "
        + "; ".join(x.strip() for x in lines if x.startswith(("affected", f"{REFRESHED}: stored")))
    )
    changed = [x for x in lines if x.strip().startswith("changed")]
    report.append(f"  - quote report: {changed[0].strip() if changed else '(none changed)'}")
    build = cli(root, "build", "-f", "html")
    report.append(
        f"- `build`: exit {build.returncode}; new editions: {editions(root) - before} "
        f"(of {len(ws.briefs)} briefs)"
    )
    diff = cli(root, "diff", "analyst")
    body = diff.stdout.splitlines()
    report.append("- `diff analyst`:")
    report += [f"      {x}" for x in body[:8]]
    names_source = any(x.startswith("  source updated     AP") for x in body)
    names_passage = any(quote in x for x in body)
    ids = [x for x in body if re.search(rf"(?<![\w/-]){REFRESHED}(?![\w.-])", x)]
    report.append(
        f"  - names the source: {names_source}; quotes the passage: {names_passage}; "
        f"lines holding the source id: {len(ids)}"
    )
    return quote


ONE = ("--max-rebuilds", "1")


def preview_session(root: Path, report: list[str]) -> None:
    """`serve` with one edit: how many editions it records."""
    before = editions(root)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "BRIEFGEN_CACHE_DIR": str(root.parent / "cache")}
    proc = subprocess.Popen(
        [PY, str(REPO / "generate.py"), "--project", str(root), "serve", "--port", "0", *ONE],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("watching") or not line:
            break
    history = root / "content/history.yaml"
    text = history.read_text()
    edited = text.replace("text: ", "text: Indeed, ", 1)
    while proc.poll() is None and time.monotonic() < deadline:
        history.write_text(edited)
        time.sleep(1.0)
    proc.communicate(timeout=60)
    recorded = editions(root) - before
    report.append(f"- `serve` session with one edit: editions recorded: {recorded}")
    history.write_text(text)


VIETNAMESE = "Hà Nội khẳng định mực nước sông Mê Kông đã giảm mạnh trong mùa khô."
CHINESE = "中国水利部表示，低降雨量是下游水位下降的主要原因。"
INVERTED = "The rice was sold to Thailand at the agreed price."


def scripts_project(folder: Path) -> Path:
    """A project of three sources whose snapshots differ from the content as the issue found."""
    from tests.sample_project import BASE_FILES, write_project

    root = folder / "scripts"
    sources = "sources:\n" + "".join(
        f"  - id: {sid}\n    title: {sid}\n    kind: wire\n    perspective: p\n"
        f"    perspective_group: international\n    reliability: B\n"
        f"    reliability_note: n\n    snapshot: texts/{sid}.txt\n"
        for sid in ("vn", "zh", "en")
    )
    claims = "section: history\nclaims:\n" + "".join(
        f"  - id: c-{sid}\n    text: Statement {sid}.\n    attributions:\n"
        f"      - source: {sid}\n        quote: {json.dumps(q, ensure_ascii=False)}\n"
        f"        locator: para 2\n"
        for sid, q in (
            ("vn", unicodedata.normalize("NFD", VIETNAMESE)),
            ("zh", CHINESE),
            ("en", INVERTED),
        )
    )
    files = {k: v for k, v in BASE_FILES.items() if k.startswith("content/groups")}
    files |= {
        "content/sources.yaml": sources,
        "content/history.yaml": claims,
        "briefs/b.yaml": "title: T\nedition: 2026-11-23\nmarking: M\nsections:\n  - history\n",
        "texts/vn.txt": f"Tin tức\n{VIETNAMESE}\n",
        "texts/zh.txt": f"新闻\n{CHINESE.replace('主要', '部分')}\n",
        "texts/en.txt": f"Wire\n{INVERTED.replace('Thailand', 'Vietnam and China')}\n",
    }
    return write_project(root, files)


def scripts(folder: Path, report: list[str]) -> None:
    """Verify the three quotes; the report's lines for each."""
    root = scripts_project(folder)
    out = cli(root, "sources", "verify")
    lines = out.stdout.splitlines()
    for sid in ("vn", "zh", "en"):
        head = next(x for x in lines if x.startswith(f"{sid}: snapshot"))
        report.append(f"- {sid}: {head.split(': ', 2)[-1]}")
        at = lines.index(head) + 1
        while at < len(lines) and lines[at].startswith("  "):  # its quotes' lines
            report.append(f"      {lines[at].strip()}")
            at += 1
    report.append(f"- `sources verify` exit code: {out.returncode} (1: a quote fails)")
    report += [f"      {x}" for x in out.stderr.splitlines() if ": error: " in x]


NAMING = """\
section: history
claims:
  - id: rain-cause
    text: Low rainfall drove the fall in the river, according to both The Associated Press and USC Dornsife.
    weight: key
    attributions:
      - source: ap-2020
        quote: "Turkey has been a strong supporter of Azerbaijan"
        locator: para 3
      - source: usc-dornsife
        quote: "Turkey was the first country to recognize Azerbaijan's independence in 1991"
        locator: para 2
"""


def filtered(root: Path, report: list[str]) -> None:
    """A filtered brief: sentences naming a source it does not cite, and check's warnings."""
    added = root / "content/bench-naming.yaml"
    added.write_text(NAMING)
    (root / "briefs/graded.yaml").write_text(
        "extends: analyst\nsubtitle: Graded B or better\nfilters:\n  min_reliability: B\n"
    )
    check = cli(root, "check")
    warned = [x for x in check.stderr.splitlines() if "leaves out" in x]
    report.append(f"- `check` warnings for statements left out whole: {len(warned)}")
    report += [f"      {x}" for x in warned]
    explain = cli(root, "explain", "graded")
    report += [f"      {x.strip()}" for x in explain.stdout.splitlines() if "rain-cause" in x]
    mine = violations_in(root, REPO)
    report.append(
        f"- graded brief, this code: {mine[0]} statements shown whose words name a source or "
        f"holder they no longer cite ({mine[1]} statements shown)"
    )
    other = os.environ.get("BENCH_COMPARE_REPO", str(REPO.parent.parent / "main"))
    if Path(other, "briefgen").is_dir() and Path(other).resolve() != REPO:
        theirs = violations_in(root, Path(other))
        report.append(
            f"- graded brief, the code at {other}: {theirs[0]} such statements "
            f"({theirs[1]} statements shown)"
        )
    added.unlink()
    (root / "briefs/graded.yaml").unlink()


VIOLATIONS = ("--violations",)


def violations_in(root: Path, repo: Path) -> tuple[int, int]:
    """(statements shown in the graded brief whose words name a source or holder of one of
    their attributions that the brief does not cite for them, statements shown), by the
    selection of the code in `repo` (run in its own process)."""
    python = repo / ".venv/bin/python"  # that checkout's own install of briefgen
    out = subprocess.run(
        [
            str(python if python.is_file() else PY),
            str(Path(__file__).resolve()),
            *VIOLATIONS,
            str(root),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(repo), "BRIEFGEN_CACHE": "0"},
        check=True,
        cwd=repo,
    )
    found, shown, where = out.stdout.split()
    assert Path(where).resolve().is_relative_to(repo.resolve()), where
    return int(found), int(shown)


def count_violations(root: Path) -> None:
    """Print the counts of `violations_in` with whichever briefgen is importable."""
    from briefgen.selection.select import select
    from briefgen.validate.workspace import open_workspace

    ws = open_workspace(root)
    project = ws.project
    found = shown = 0
    for part in select(ws.briefs["graded"], project).parts:
        for entry in part.entries:
            item = entry.item
            text = getattr(item, "text", None)
            if not isinstance(text, str) or entry.kind == "judgment":
                continue
            shown += 1
            kept = {n.source.id for n in entry.notes}
            holders = {n.attribution.held_by for n in entry.notes}
            names = []
            for a in item.attributions:
                source = project.sources[a.source]
                if a.source not in kept:
                    names += [n for n in (source.publisher, source.abbreviation) if n]
                actor = project.actors.get(a.held_by) if a.held_by else None
                if actor is not None and a.held_by not in holders and a.source not in kept:
                    names.append(actor.name)
            plain = unicodedata.normalize("NFC", text).casefold()
            if any(re.search(rf"(?<!\w){re.escape(n.casefold())}(?!\w)", plain) for n in names):
                found += 1
    print(found, shown, Path(select.__code__.co_filename).parent.parent)


def timing(
    root: Path, served: Served, seed: str, quote: str, pairs: int, report: list[str]
) -> None:
    """refresh + build after a one-source update against a forced build, interleaved pairs."""
    incremental, refreshing, forced, rebuilt = [], [], [], []
    for i in range(pairs):
        served.text = reworded(seed, quote, f"again{i}")
        started = time.perf_counter()
        cli(root, "sources", "refresh", REFRESHED, "--allow-private")
        refreshing.append(time.perf_counter() - started)
        build = cli(root, "build", check=True)
        incremental.append(time.perf_counter() - started)
        rebuilt.append(sum(1 for x in build.stdout.splitlines() if x.endswith("  built")))
        started = time.perf_counter()
        cli(root, "build", "--force", check=True)
        forced.append(time.perf_counter() - started)
    a, b = statistics.median(incremental), statistics.median(forced)

    def listed(values: list[float]) -> str:
        return ", ".join(f"{x:.1f}" for x in values)

    report.append(
        f"- refresh + build after a one-source update: median {a:.1f} s ({listed(incremental)}; "
        f"of which refresh {statistics.median(refreshing):.1f} s; briefs rebuilt: {rebuilt}); "
        f"build --force: median {b:.1f} s ({listed(forced)}); ratio {a / b:.2f} ({pairs} pairs, "
        "processes, interleaved)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--violations", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.violations:
        count_violations(args.violations)
        return
    seeds = args.seeds if args.seeds.is_dir() else Path("/work/shared/seeds")
    if not seeds.is_dir():
        sys.exit(f"no seed texts at {args.seeds}: give --seeds DIR")
    report: list[str] = []
    served = Served()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        root = example_copy(folder, seeds, served.url)
        report.append("## A publisher rewords a quoted sentence")
        quote = source_update(root, served, seeds, report)
        report.append("## Preview is not publication")
        preview_session(root, report)
        report.append("## Quotes in other scripts, and a meaning inverted")
        scripts(folder, report)
        report.append("## A filter and the sentences that name sources")
        filtered(root, report)
        if not args.no_timing:
            report.append("## Time")
            seed = (seeds / seed_map()[REFRESHED]).read_text()
            timing(root, served, seed, quote, args.pairs, report)
    print("\n".join(report))


if __name__ == "__main__":
    main()
