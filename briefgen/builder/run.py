"""Build a loaded workspace's briefs: plan, select, render and write those whose inputs changed."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.builder.editions import EditionState, content_record, edition_state, record_edition
from briefgen.builder.executors import warm_pool
from briefgen.builder.outputs import check_output_folder, project_lock, safe_brief_folder
from briefgen.builder.state import (
    folder_digest,
    output_digest,
    read_manifest,
    selection_inputs,
    write_manifest,
)
from briefgen.errors import BriefgenError, BuildError
from briefgen.load.workspace import Workspace, pick_briefs
from briefgen.model import Brief, SourceCheck
from briefgen.render.evidence import csl_json, evidence_json
from briefgen.render.html import find_asset, render_html, template_dirs
from briefgen.selection.select import Selection, select
from briefgen.sources.verify import source_checks
from briefgen.write import atomic_write, clean_stale_temps

FORMATS = ("html", "pdf", "docx", "json")
DEFAULT_TIMEOUT = 300.0


@dataclass(frozen=True)
class BriefResult:
    """What happened to one brief: built, up to date or failed."""

    brief: str
    status: str
    formats: tuple[str, ...]
    files: tuple[Path, ...] = ()
    pages: int | None = None
    seconds: float = 0.0
    error: str | None = None
    warning: str | None = None


@dataclass
class Plan:
    """One brief's rendered HTML and which of its formats are stale."""

    brief: Brief
    html: str
    digests: dict[str, str]
    stale: tuple[str, ...]
    manifest: dict[str, Any]
    inputs: dict[str, Any] = field(default_factory=dict)
    parts: tuple[tuple[str, str], ...] = ()
    edition: EditionState | None = None
    selection: Selection | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # file suffix -> bytes (json, docx)


def plan_brief(
    ws: Workspace,
    brief: Brief,
    formats: tuple[str, ...],
    templates: str,
    force: bool,
    checks: dict[str, SourceCheck],
) -> Plan:
    """Select and render the HTML (cheap), then compare digests with the last build."""
    selection = select(brief, ws.project)
    edition = edition_state(ws.root, brief.id, content_record(selection))
    selection = replace(
        selection,
        changes=edition.changes,
        changes_since=edition.since,
        edition_number=edition.number,
        checks={s.id: checks[s.id] for s in selection.sources if s.id in checks},
    )
    html = render_html(selection, ws.root)
    wanted = formats or brief.formats
    folder = ws.root / "output" / brief.id
    manifest = read_manifest(folder)
    recorded = manifest.get("outputs", {}) if isinstance(manifest.get("outputs"), dict) else {}
    files: dict[str, bytes] = {}
    if "json" in wanted:  # the evidence is cheap: made now, and its own bytes decide staleness
        files["json"] = evidence_json(selection)
        files["csl.json"] = csl_json(selection)
    digests = {
        fmt: output_digest(
            files["json"].decode() if fmt == "json" else html,
            templates,
            (fmt, brief.options.pdf_variant) if fmt == "pdf" else (fmt,),
        )
        for fmt in wanted
    }
    stale = tuple(
        fmt
        for fmt in wanted
        if force
        or recorded.get(fmt, {}).get("digest") != digests[fmt]
        or not (folder / f"{brief.id}.{fmt}").is_file()
        or (fmt == "json" and not (folder / f"{brief.id}.csl.json").is_file())
    )
    parts = tuple((p.anchor, p.heading) for p in selection.parts)
    return Plan(
        brief,
        html,
        digests,
        stale,
        manifest,
        selection_inputs(selection),
        parts,
        edition,
        selection,
        files,
    )


def render_pdf_job(args: tuple[str, list[Path], Path, Any, float, tuple[str, ...], str]) -> Any:
    """Render one PDF (runs in a worker process when building in parallel).

    A timeout comes back as an ordinary exception, so one slow brief fails alone.
    """
    from briefgen.render.pdf import (  # WeasyPrint is imported only when a PDF is made
        RenderTimeout,
        render_pdf,
    )

    try:
        return render_pdf(*args)
    except RenderTimeout as exc:
        raise TimeoutError(str(exc)) from None


def pdf_work(
    plans: list[Plan], root: Path, timeout: float, smallest_first: bool = False
) -> dict[str, tuple[str, list[Path], Path, Any, float, tuple[str, ...], str]]:
    """The arguments of render_pdf_job for each plan that needs a PDF, in rendering order.

    Longest first (HTML size stands in for pages) ends a parallel build soonest; smallest
    first gives the quick briefs' PDFs soonest (watch).
    """
    dirs = template_dirs(root)
    stylesheet = find_asset("pdf.css", dirs)
    sign = 1 if smallest_first else -1
    todo = sorted((p for p in plans if "pdf" in p.stale), key=lambda p: sign * len(p.html))
    return {
        p.brief.id: (
            p.html,
            dirs,
            stylesheet,
            p.brief.edition,
            timeout,
            tuple(a for a, _ in p.parts),
            p.brief.options.pdf_variant,
        )
        for p in todo
    }


def iter_pdfs(
    plans: list[Plan],
    root: Path,
    jobs: int,
    timeout: float,
    executor: Executor | None = None,
    smallest_first: bool = False,
) -> Iterator[tuple[str, Any]]:
    """(brief id, PDF) for the plans that need one, each as soon as it is ready; a failure
    comes as its exception. With an executor (or jobs > 1) the PDFs render there."""
    work = pdf_work(plans, root, timeout, smallest_first)
    if executor is None and jobs > 1 and len(work) > 1:
        with warm_pool(min(jobs, len(work))) as pool:
            yield from iter_pdfs(plans, root, jobs, timeout, pool, smallest_first)
        return
    if executor is None or not work:
        for bid, args in work.items():
            try:
                yield bid, render_pdf_job(args)
            except Exception as exc:  # one failing brief must not stop the others
                yield bid, exc
        return
    futures = {executor.submit(render_pdf_job, args): bid for bid, args in work.items()}
    for future in as_completed(futures):
        try:
            yield futures[future], future.result()
        except Exception as exc:  # one failing brief must not stop the others
            yield futures[future], exc


def render_pdfs(plans: list[Plan], root: Path, jobs: int, timeout: float) -> dict[str, Any]:
    """PDFs for the plans that need one, by brief id; a failure is kept as its exception."""
    return dict(iter_pdfs(plans, root, jobs, timeout))


def render_docxs(plans: list[Plan], root: Path, jobs: int, timeout: float) -> dict[str, Exception]:
    """Word files for the plans that need one, into plan.files; failures by brief id.

    Pandoc runs as a subprocess, so `jobs` threads convert that many briefs at a time.
    """
    todo = [p for p in plans if "docx" in p.stale and p.selection is not None]
    failures: dict[str, Exception] = {}
    if not todo:
        return failures
    from briefgen.render.word import (
        render_docx,  # pandoc and cairosvg are loaded only when a .docx is made
    )

    dirs = template_dirs(root)

    def one(plan: Plan) -> None:
        assert plan.selection is not None
        try:
            plan.files["docx"] = render_docx(plan.selection, dirs, timeout, root)
        except Exception as exc:  # one failing brief must not stop the others
            failures[plan.brief.id] = exc

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
        list(pool.map(one, todo))
    return failures


def over_budget(plan: Plan, pdf: Any) -> str | None:
    """A message naming the parts that take most room, when the PDF exceeds max_pages."""
    budget = plan.brief.max_pages
    if budget is None or pdf is None or pdf.pages <= budget:
        return None
    starts = dict(pdf.part_pages)
    located = [(starts[a], heading) for a, heading in plan.parts if a in starts]
    sizes = []
    for i, (start, heading) in enumerate(located):
        end = located[i + 1][0] if i + 1 < len(located) else pdf.pages + 1
        sizes.append((max(end - start, 1), heading))
    largest = sorted(sizes, key=lambda s: -s[0])[:3]
    named = ", ".join(f"{h} (about {n} page{'s' if n != 1 else ''})" for n, h in largest)
    return f"{pdf.pages} pages, over the budget of {budget} (max_pages); the largest parts: {named}"


def write_plan(ws: Workspace, plan: Plan, pdf: Any, started: float, strict: bool) -> BriefResult:
    """Write one brief's stale outputs and its manifest."""
    brief = plan.brief
    if isinstance(pdf, Exception):
        return BriefResult(brief.id, "failed", plan.stale, error=f"{type(pdf).__name__}: {pdf}")
    budget = over_budget(plan, pdf)
    if budget and strict:
        return BriefResult(
            brief.id, "failed", plan.stale, pages=pdf.pages, error=budget + " (--strict)"
        )
    folder = safe_brief_folder(ws.root, brief.id)
    outputs = dict(plan.manifest.get("outputs", {}))
    files, pages = [], plan.manifest.get("pages")
    if "pdf" in plan.stale:
        atomic_write(folder / f"{brief.id}.pdf", pdf.data)
        pages = pdf.pages
        files.append(folder / f"{brief.id}.pdf")
    if "html" in plan.stale:
        atomic_write(folder / f"{brief.id}.html", plan.html.encode("utf-8"))
        files.append(folder / f"{brief.id}.html")
    for suffix, data in plan.files.items():  # docx; json with its csl.json
        if suffix.rsplit(".", 1)[-1] in plan.stale:
            atomic_write(folder / f"{brief.id}.{suffix}", data)
            files.append(folder / f"{brief.id}.{suffix}")
    for fmt in plan.stale:
        outputs[fmt] = {"digest": plan.digests[fmt]}
    write_manifest(
        folder,
        {
            "brief": brief.id,
            "tool": __version__,
            "pages": pages,
            "outputs": outputs,
            "inputs": plan.inputs,
            "warning": budget,
        },
    )
    if plan.edition is not None:
        record_edition(ws.root, brief.id, plan.edition, str(brief.edition))
    seconds = pdf.seconds if pdf is not None else time.perf_counter() - started
    return BriefResult(brief.id, "built", plan.stale, tuple(files), pages, seconds, warning=budget)


def build(
    ws: Workspace,
    names: tuple[str, ...] = (),
    formats: tuple[str, ...] = (),
    force: bool = False,
    jobs: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
    strict: bool = False,
    on_result: Callable[[BriefResult], None] | None = None,
    executor: Executor | None = None,
    smallest_first: bool = False,
    pdf_variant: str | None = None,
) -> list[BriefResult]:
    """Build the named briefs (all when none) whose inputs changed; raises on input errors.

    PDFs render in `executor` when given (any concurrent.futures.Executor whose workers see
    this project folder), else in `jobs` warm local processes (started as soon as one brief
    needs a PDF, so they import WeasyPrint while the others are planned), else here. Each brief is written as soon as its outputs are ready: the briefs
    without a new PDF first, then each PDF as it comes (`smallest_first`: the smallest
    brief's first). The project lock is held here throughout, as in a local build.
    `pdf_variant` overrides each brief's options.pdf_variant (e.g. pdf/a-3u for an archive).
    """
    if ws.errors:
        raise BriefgenError(ws.errors)
    briefs = pick_briefs(ws, names)
    if pdf_variant is not None:
        briefs = [replace(b, options=replace(b.options, pdf_variant=pdf_variant)) for b in briefs]
    check_output_folder(ws.root)
    with contextlib.ExitStack() as stack:

        def pool() -> Executor:
            # started at the first brief that needs a PDF: its workers import WeasyPrint
            # while the other briefs are planned; a build with no PDF to make starts none
            return stack.enter_context(warm_pool(min(jobs, len(briefs))))

        start = pool if executor is None and jobs > 1 and len(briefs) > 1 else None
        return _build(
            ws, briefs, formats, force, jobs, timeout, strict, on_result, executor, smallest_first,
            start,
        )


def _build(
    ws: Workspace,
    briefs: list[Brief],
    formats: tuple[str, ...],
    force: bool,
    jobs: int,
    timeout: float,
    strict: bool,
    on_result: Callable[[BriefResult], None] | None,
    executor: Executor | None,
    smallest_first: bool,
    start_pool: Callable[[], Executor] | None,
) -> list[BriefResult]:
    with project_lock(ws.root):
        clean_stale_temps(ws.root / "output")
        templates = folder_digest(template_dirs(ws.root))
        checks = source_checks(ws.project)
        results: list[BriefResult] = []
        plans = []
        for brief in briefs:
            try:
                plan = plan_brief(ws, brief, formats, templates, force, checks)
            except BuildError as exc:  # a template mistake: this brief fails, the others build
                failed = BriefResult(
                    brief.id, "failed", (), error="; ".join(map(str, exc.problems))
                )
                results.append(failed)
                if on_result:
                    on_result(failed)
                continue
            if plan.stale:
                plans.append(plan)
                if "pdf" in plan.stale and executor is None and start_pool is not None:
                    executor = start_pool()
            else:
                pages = plan.manifest.get("pages")
                warning = plan.manifest.get("warning")
                results.append(
                    BriefResult(brief.id, "up to date", (), pages=pages, warning=warning)
                )
        started = time.perf_counter()
        docx_failures = render_docxs(plans, ws.root, jobs, timeout)
        by_id = {plan.brief.id: plan for plan in plans}

        def write(plan: Plan, pdf: Any) -> None:
            # a brief whose Word file failed writes nothing, like one whose PDF failed
            pdf = docx_failures.get(plan.brief.id) or pdf
            try:
                result = write_plan(ws, plan, pdf, started, strict)
            except OSError as exc:
                result = BriefResult(plan.brief.id, "failed", plan.stale, error=str(exc))
            results.append(result)
            if on_result:
                on_result(result)

        for plan in plans:
            if "pdf" not in plan.stale:
                write(plan, None)
        for bid, pdf in iter_pdfs(plans, ws.root, jobs, timeout, executor, smallest_first):
            write(by_id[bid], pdf)
    order = {b.id: i for i, b in enumerate(briefs)}
    return sorted(results, key=lambda r: order[r.brief])
