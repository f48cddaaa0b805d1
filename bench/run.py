"""Benchmark briefgen on this machine and write docs/performance.md.

Run: .venv/bin/python bench/run.py [--quick]

Every figure is wall-clock time of real commands (or of in-process calls where
noted), repeated; the table gives the median and the range. Nothing here is a
test: tests check behaviour, this measures speed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
sys.path.insert(0, str(REPO))

Row = tuple[str, str, str, str]  # what, measured, target, verdict

NOTES = """
## The fast paths

- **No WeasyPrint unless rendering.** `--help`, `check`, `list`, `explain`, `compare` and
  `diff` import neither WeasyPrint nor Jinja2 (a test checks the imports, not the time).
- **libyaml events.** YAML is read from libyaml's event stream (CSafeLoader's parser) into
  the project's own tree; PyYAML's Python constructors are never run.
- **No-op build.** A full `build` first hashes its input files and compares one digest with
  `output/.briefgen-state.json`; when nothing changed it prints the recorded table without
  loading the pipeline.
- **Workspace cache.** The loaded and validated project is kept in the user's cache folder,
  signed with a per-user key and keyed by the digest of every content and brief file;
  unchanged inputs are read back instead of parsed and validated again.
- **Per-brief digests.** A build renders only the briefs whose selected items, sources,
  brief chain or templates changed; `--jobs` renders PDFs in parallel processes.
- **Watch.** `watch` keeps WeasyPrint imported and rebuilds only the affected briefs.

## Before and after (recorded 2026-11-23, same script, same machine)

| figure | before | after | what changed |
|---|---|---|---|
| large corpus load + validate | 4.36 s (machine busy), 2.49 s (quiet), every run | 0.65 s in-process, 0.48 s cold `check` | workspace cache; tags and ids computed once per project instead of once per brief (300 set-builds over 10,000 items) |
| overhead over raw WeasyPrint, analyst brief | 1.153 | 0.96 | the raw side now makes the same tagged PDF as briefgen; our own work is about 0.4 s of the 12 s (profiled: load, select, render HTML, digests, editions) |
| parallel build, 2 cores | 1.27× (machine busy) | 1.41–1.78× | longest brief rendered first |

What stays above target and why:
- **watch → fresh 4-page PDF.** The row below it is the floor: WeasyPrint alone, warm, on the
  same HTML. A page of footnotes costs WeasyPrint far more than the 0.12 s of a plain page
  (profiled: most of it re-lays the footnote area once per note); our part of a rebuild (load,
  select, render the HTML, digests, write) is about 0.15 s.
- **no-op build** measured 0.092, 0.105, 0.128 and 0.140 s in four runs of this script on
  2026-11-23, as `--help` alone moved between 0.086 and 0.127 s: its cost is Python start-up
  plus click, with the input digest a few milliseconds on top. This shared 2-core machine is
  noisy; compare rows of one run, not figures across runs.
- **parallel speed-up** measured 1.27×, 1.78×, 1.70× and 1.41× in the same four runs: the
  ideal here is about 1.9× (the analyst brief alone is half the work), and each worker imports
  WeasyPrint (about 1 s) before its first page.
"""


def cli(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run generate.py against a project."""
    return subprocess.run(
        [PY, str(REPO / "generate.py"), "--project", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def timed(
    action: Callable[[], object], runs: int, setup: Callable[[], object] | None = None
) -> list[float]:
    """Wall-clock seconds of `action`, `runs` times (setup not timed)."""
    times = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> str:
    """Median and range, in seconds."""
    med = statistics.median(times)
    if len(times) == 1:
        return f"{med:.3f} s (1 run)"
    return f"{med:.3f} s (range {min(times):.3f}–{max(times):.3f}, {len(times)} runs)"


def verdict(value: float, target: float, higher_is_better: bool = False) -> str:
    """'met' or 'missed' against a target."""
    ok = value >= target if higher_is_better else value <= target
    return "met" if ok else "missed"


def copy_example(tmp: Path) -> Path:
    """A copy of the example project (content, briefs; the repo's templates are built in)."""
    root = tmp / "example"
    for name in ("content", "briefs"):
        shutil.copytree(REPO / name, root / name)
    return root


def generate_corpus(
    root: Path, claims: int, sources: int, briefs: int, per_brief: int = 12
) -> None:
    """A large synthetic project: `claims` claims over 20 sections, `sources` sources, `briefs` briefs."""
    rng = random.Random(7)
    (root / "content").mkdir(parents=True)
    (root / "briefs").mkdir(parents=True)
    sections = [f"s{i:02d}" for i in range(20)]
    lines = ["sections:"] + [f"  - id: {s}\n    title: Section {s}" for s in sections]
    (root / "content/project.yaml").write_text("\n".join(lines) + "\n")
    groups = ["alpha", "beta", "gamma", "delta"]
    src = ["sources:"]
    for i in range(sources):
        src.append(
            f"  - id: src-{i}\n    title: Source number {i}\n    publisher: Publisher {i % 40}\n"
            f"    published: {2000 + i % 25}-{1 + i % 12:02d}\n    kind: {['wire', 'newspaper', 'academic'][i % 3]}\n"
            f"    perspective: Outlook {groups[i % 4]}\n    perspective_group: {groups[i % 4]}\n"
            f"    reliability: {'ABCDEF'[i % 6]}\n    reliability_note: synthetic"
        )
    (root / "content/sources.yaml").write_text("\n".join(src) + "\n")
    per_file = claims // len(sections)
    for s in sections:
        out = [f"section: {s}", "claims:"]
        for j in range(per_file):
            out.append(
                f"  - id: {s}-c{j}\n    text: Statement {j} of section {s}, written in the analyst's own words for the benchmark.\n"
                f"    date: {1990 + j % 35}\n    tags: [t{j % 10}]\n    weight: {'key' if j % 7 == 0 else 'detail'}\n"
                f"    attributions:\n      - source: src-{rng.randrange(sources)}\n"
                f'        quote: "A short quoted sentence number {j}."\n        locator: para {j % 30}'
            )
        (root / f"content/{s}.yaml").write_text("\n".join(out) + "\n")
    for b in range(briefs):
        brief = (
            f"title: Brief {b}\nedition: 2026-11-23\nmarking: TEST\nsections:\n"
            f"  - section: {sections[b % 20]}\n    tags: [t{b % 10}]\n    max_items: {per_brief}\n  - sources\n"
        )
        (root / f"briefs/b{b:03d}.yaml").write_text(brief)


def pages_project(root: Path, claims: int) -> None:
    """A one-brief project whose PDF grows with `claims`."""
    (root / "content").mkdir(parents=True)
    (root / "briefs").mkdir(parents=True)
    (root / "content/sources.yaml").write_text(
        "sources:\n  - id: s\n    title: T\n    kind: wire\n    perspective: p\n    perspective_group: g\n"
        "    reliability: B\n    reliability_note: n\n"
    )
    body = ["section: history", "claims:"]
    for j in range(claims):
        body.append(
            f"  - id: c{j}\n    text: Claim {j}, a statement long enough to fill most of a line of the printed page.\n"
            f'    attributions:\n      - source: s\n        quote: "Quote {j}."\n        locator: para {j}'
        )
    (root / "content/history.yaml").write_text("\n".join(body) + "\n")
    (root / "briefs/long.yaml").write_text(
        "title: Long\nedition: 2026-11-23\nmarking: TEST\nsections: [history, sources]\n"
    )


def bench(quick: bool) -> list[Row]:
    runs = 3 if quick else 5
    rows: list[Row] = []
    tmp = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    os.environ["BRIEFGEN_CACHE_DIR"] = str(tmp / "cache")  # starts empty, gone afterwards
    try:
        root = copy_example(tmp)
        assert cli(root, "build").returncode == 0
        cli(root, "build")  # settle editions so the next no-op takes the fast path

        no_cache = {**os.environ, "BRIEFGEN_CACHE": "0"}
        for what, args, target, env in (
            ("cold `--help`", ["--help"], 0.1, None),
            ("cold `check`, workspace cache off", ["check"], 0.3, no_cache),
            ("cold `check`", ["check"], 0.3, None),
            ("cold `list`", ["list"], 0.3, None),
        ):
            t = timed(lambda a=args, e=env: cli(root, *a, env=e), runs)
            rows.append((what, summary(t), f"≤ {target} s", verdict(statistics.median(t), target)))
        t = timed(lambda: cli(root, "build"), runs)
        rows.append(
            (
                "no-op `build`, 4 example briefs",
                summary(t),
                "≤ 0.1 s",
                verdict(statistics.median(t), 0.1),
            )
        )

        history = root / "content/history.yaml"
        original = history.read_text()
        counter = iter(range(1000))

        def edit_one_claim() -> None:
            history.write_text(
                original.replace(
                    "USC Dornsife traces", f"USC Dornsife (v{next(counter)}) traces", 1
                )
            )

        last: list[str] = []

        def rebuild() -> None:
            result = cli(root, "build")
            last[:] = [
                line.split()[0] for line in result.stdout.splitlines() if line.endswith(" built")
            ]

        t = timed(rebuild, runs, setup=edit_one_claim)
        rows.append(
            (
                f"rebuild after editing one claim (rebuilt: {', '.join(last)})",
                summary(t),
                "only affected briefs",
                "met" if "executive" not in last else "missed",
            )
        )

        serial = timed(lambda: cli(root, "build", "--force", "--jobs", "1"), 2 if quick else 3)
        parallel = timed(lambda: cli(root, "build", "--force", "--jobs", "2"), 2 if quick else 3)
        speedup = statistics.median(serial) / statistics.median(parallel)
        rows.append(("full build of 4 briefs, `--jobs 1`", summary(serial), "", ""))
        rows.append(("full build of 4 briefs, `--jobs 2`", summary(parallel), "", ""))
        rows.append(
            (
                "parallel speed-up on 2 cores",
                f"{speedup:.2f}×",
                "≥ 1.8×",
                verdict(speedup, 1.8, True),
            )
        )

        rows += overhead_rows(root, runs)
        rows += watch_rows(tmp, runs)
        rows += corpus_rows(tmp, quick)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


def raw_pdf(html: str, base: Path, css: Path) -> int:
    """Raw WeasyPrint with briefgen's document options (print stylesheet, tagged PDF); pages."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=base.as_uri() + "/").render(
        stylesheets=[weasyprint.CSS(filename=str(css))]
    )
    document.write_pdf(pdf_tags=True)
    return len(document.pages)


def overhead_rows(root: Path, runs: int) -> list[Row]:
    """Our PDF build of the analyst brief against raw WeasyPrint on the same HTML, in one process."""
    import weasyprint

    from briefgen.build import build
    from briefgen.render import find_asset, render_html, template_dirs
    from briefgen.select import select
    from briefgen.workspace import open_workspace

    ws = open_workspace(root)
    dirs = template_dirs(root)
    html = render_html(select(ws.briefs["analyst"], ws.project), root)
    css = find_asset("pdf.css", dirs)

    def raw() -> None:
        raw_pdf(html, dirs[0], css)

    def ours() -> None:
        build(open_workspace(root), ("analyst",), ("pdf",), force=True)

    raw()  # warm both
    raw_t, our_t = timed(raw, runs), timed(ours, runs)
    pages = len(
        weasyprint.HTML(string=html, base_url=dirs[0].as_uri() + "/")
        .render(stylesheets=[weasyprint.CSS(filename=str(css))])
        .pages
    )
    ratio = statistics.median(our_t) / statistics.median(raw_t)
    return [
        (f"raw WeasyPrint, analyst brief ({pages} pages), in-process", summary(raw_t), "", ""),
        (
            "briefgen build of the same brief (load → PDF → write), in-process",
            summary(our_t),
            "",
            "",
        ),
        (
            "overhead ratio briefgen / raw WeasyPrint",
            f"{ratio:.3f}",
            "≤ 1.05 from 16 pages",
            verdict(ratio, 1.05),
        ),
    ]


def watch_rows(tmp: Path, runs: int) -> list[Row]:
    """From saving a changed claim to a fresh 4-page PDF, with `watch` running."""
    root = tmp / "watch"
    pages_project(root, 40)
    proc = subprocess.Popen(
        [PY, str(REPO / "generate.py"), "--project", str(root), "watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    times = []
    try:
        assert proc.stdout is not None
        while not proc.stdout.readline().startswith("watching"):
            pass
        time.sleep(1.0)
        pdf = root / "output/long/long.pdf"
        history = root / "content/history.yaml"
        text = history.read_text()
        for i in range(runs):
            before = pdf.stat().st_mtime_ns
            history.write_text(text.replace("Claim 3,", f"Claim 3 (edit {i}),"))
            start = time.perf_counter()
            while pdf.stat().st_mtime_ns == before and time.perf_counter() - start < 30:
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
            time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    from briefgen.render import find_asset, template_dirs

    dirs = template_dirs(root)
    html = (root / "output/long/long.html").read_text(encoding="utf-8")
    pages = raw_pdf(html, dirs[0], find_asset("pdf.css", dirs))
    floor = timed(lambda: raw_pdf(html, dirs[0], find_asset("pdf.css", dirs)), runs)
    return [
        (
            f"watch: save a changed claim → fresh {pages}-page PDF",
            summary(times),
            "≤ 1 s",
            verdict(statistics.median(times), 1.0),
        ),
        (
            f"  the floor: raw WeasyPrint on the same {pages}-page HTML, warm, in-process",
            summary(floor),
            "",
            "",
        ),
    ]


def corpus_rows(tmp: Path, quick: bool) -> list[Row]:
    """The generated large corpus: load + validate, peak memory, growth with briefs and pages."""
    from briefgen.cache import load_workspace
    from briefgen.workspace import open_workspace

    big = tmp / "big"
    generate_corpus(big, 10_000, 500, 100)
    t = timed(lambda: open_workspace(big), 3)
    ws = open_workspace(big)
    assert not ws.errors, ws.errors[:3]
    load_workspace(big)  # fills the workspace cache
    cached = timed(lambda: load_workspace(big), 3)
    check = timed(lambda: cli(big, "check"), 3)
    rows: list[Row] = [
        (
            "large corpus (10,000 claims, 500 sources, 100 briefs): load + validate, no cache, in-process",
            summary(t),
            "",
            "",
        ),
        (
            "large corpus: load + validate from the workspace cache (inputs unchanged), in-process",
            summary(cached),
            "≤ 1 s",
            verdict(statistics.median(cached), 1.0),
        ),
        (
            "large corpus: cold `check` command, workspace cache warm",
            summary(check),
            "≤ 1 s",
            verdict(statistics.median(check), 1.0),
        ),
    ]
    t10 = timed(lambda: cli(big, "build", *[f"b{i:03d}" for i in range(10)], "--force"), 1)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t100 = timed(lambda: cli(big, "build", "--force"), 1)
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    rows.append(("large corpus: build 10 briefs (HTML + PDF, 2 jobs)", summary(t10), "", ""))
    rows.append(
        (
            "large corpus: build 100 briefs (HTML + PDF, 2 jobs)",
            summary(t100),
            "≈ 10× the 10-brief time",
            f"{statistics.median(t100) / statistics.median(t10):.1f}×",
        )
    )
    rows.append(
        ("large corpus: peak memory of one process during the builds", f"{peak:.0f} MB", "", "")
    )
    page_times = {}
    for claims in (60, 1200):
        root = tmp / f"pages{claims}"
        pages_project(root, claims)
        cli(root, "build")
        page_times[claims] = timed(
            lambda r=root: cli(r, "build", "--force", "--format", "pdf"), 1 if quick else 2
        )
        pages = len(PdfReader(root / "output/long/long.pdf").pages)
        rows.append(
            (
                f"one brief of {claims} claims ({pages} pages), PDF",
                summary(page_times[claims]),
                "",
                "",
            )
        )
    ratio = statistics.median(page_times[1200]) / statistics.median(page_times[60])
    rows.append(
        ("growth from the small to the large brief", f"{ratio:.1f}×", "linear in pages", "")
    )
    return rows


def machine() -> str:
    """What the figures were measured on."""
    import weasyprint

    cpu = "unknown CPU"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--out", default=str(REPO / "docs/performance.md"))
    args = parser.parse_args()
    rows = bench(args.quick)
    table = ["| what | measured | target | |", "|---|---|---|---|"] + [
        f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows
    ]
    text = "\n".join(table)
    print(text)
    Path(args.out).write_text(
        "# Performance\n\n"
        f"Measured by `bench/run.py` on {time.strftime('%Y-%m-%d')}: {machine()}.\n"
        "Times are wall clock: median and range over the runs shown. Cold commands include\n"
        "Python start-up. Other work on the machine adds noise; rerun to compare.\n\n"
        + text
        + "\n"
        + NOTES
    )


if __name__ == "__main__":
    main()
