"""Build a loaded workspace's briefs: plan each, write what needs no PDF, then the PDFs.

`build()` is the library's entry: one `BuildOptions` (what is asked), a `Schedule` (in which
order the briefs are planned and their PDFs handed over: a batch build's here, a live
preview's in briefgen.builder.live) and where the PDFs render.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.builder.editions import EditionState, prepare, record_edition
from briefgen.builder.executors import LocalPool, grow_warm, submit_limited, warm_pool
from briefgen.builder.failures import RenderTooLong, failure
from briefgen.builder.options import DEFAULTS, BuildOptions
from briefgen.builder.outputs import check_output_folder, project_lock, safe_brief_folder
from briefgen.builder.state import (
    made_from,
    output_digest,
    read_manifest,
    selection_inputs,
    write_manifest,
)
from briefgen.collector import tuned_for_documents
from briefgen.errors import BriefgenError, Location, Problem, Severity
from briefgen.load.digest import folder_digest
from briefgen.model import Brief, SourceCheck
from briefgen.render.evidence import csl_json, evidence_json
from briefgen.render.html import find_asset, render_html, template_dirs
from briefgen.render.i18n import language
from briefgen.render.phrases import PART_HEADINGS, Phrases, as_text
from briefgen.selection.fitting import levels, rule_names, tightened
from briefgen.selection.select import Selection
from briefgen.sources.verify import source_checks
from briefgen.validate.workspace import Workspace, pick_briefs
from briefgen.write import atomic_write, clean_stale_temps

FORMATS = ("html", "pdf", "docx", "json")


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
    problems: tuple[str, ...] = ()  # what rendering reported, one located line each
    traceback: str | None = None  # a bug (exit 4): where it happened


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
    made_from: str = ""  # the digest of what the HTML is made from (state.made_from)
    written: Brief | None = None  # the brief as written, before fitting it to its page budget
    problems: dict[str, tuple[Problem, ...]] = field(default_factory=dict)  # by format (docx)
    seconds: float = 0.0  # the time its HTML, evidence and Word file took (the PDF's is its own)


@dataclass(frozen=True)
class Shared:
    """What every brief of one build is made from besides its selection: the digests of the
    template folders and of the project's catalogs (locale/), and the quote checks."""

    templates: str = ""
    catalogs: str = ""
    checks: dict[str, SourceCheck] = field(default_factory=dict)

    @classmethod
    def of(cls, ws: Workspace) -> Shared:
        """The workspace's, read now."""
        return cls(
            folder_digest(template_dirs(ws.root)),
            folder_digest([ws.project.layout.locale]),  # translations/: in the selection
            source_checks(ws.project),
        )


@dataclass(kw_only=True)
class Schedule:
    """In which order a build plans its briefs and hands their PDFs over, and what it keeps.

    A batch build plans the briefs as asked, writes every brief that needs no PDF, then hands
    the PDFs over largest first (HTML size stands in for pages: a parallel build ends
    soonest), or `smallest_first` (the quick briefs' PDFs soonest), and records editions. A
    live preview schedules otherwise: briefgen.builder.live.Live.
    """

    smallest_first: bool = False
    record: bool = True  # record an edition of each brief whose content changed

    def begin(self, briefs: list[Brief], root: Path) -> list[Brief]:
        """The briefs in the order they are planned (a build starts)."""
        return briefs

    def known_html(self, brief_id: str, source: str) -> str | None:
        """The brief's HTML when it was last rendered from the same inputs (`source`: what
        it is made from), else None: rendered again."""
        return None

    def remember_html(self, brief_id: str, source: str, html: str) -> None:
        """The brief's HTML was rendered from `source`."""

    def planned(self, run: Run, plan: Plan) -> Plan | None:
        """What is left to do of a brief whose outputs are stale, once it is planned (None:
        nothing)."""
        return plan

    def pdfs(self, run: Run, plans: list[Plan]) -> Iterator[tuple[str, Any]]:
        """(brief id, PDF or its exception) for the plans that need one, as each is ready."""
        return iter_pdfs(
            plans,
            run.ws.root,
            options=run.options,
            executor=run.executor,
            smallest_first=self.smallest_first,
        )


def plan_brief(
    ws: Workspace,
    brief: Brief,
    *,
    options: BuildOptions,
    shared: Shared,
    schedule: Schedule | None = None,
    over_budget: int | None = None,
) -> Plan:
    """Select, then compare digests with the last build: what the HTML is made from, and
    when that changed (or was not recorded), the rendered HTML itself.

    The `schedule` may know the HTML of an unchanged selection (a live preview's last). A
    brief with a page budget starts from the fitting level its last build needed
    (`brief.fitted`, else the manifest's; `options.force` starts again from the brief as
    written). `options.release`: no workflow marks; `over_budget`: the pages of a brief that
    still does not fit (a draft says so).
    """
    written = brief
    force = options.force
    folder = ws.project.layout.brief_output(brief.id)
    manifest = read_manifest(folder)
    level = manifest.get("fitted", 0) if not force else 0
    if brief.max_pages and not brief.fitted and isinstance(level, int) and level > 0:
        brief = tightened(brief, min(level, levels(brief)), ws.project)
    selection, edition = prepare(ws, brief, shared.checks)
    selection = replace(selection, release=options.release, over_budget=over_budget)
    wanted = options.formats or brief.formats
    recorded = manifest.get("outputs", {}) if isinstance(manifest.get("outputs"), dict) else {}
    source = made_from(selection, shared.templates, shared.catalogs)
    inputs = selection_inputs(selection)
    parts = tuple(
        (p.anchor, p.heading or PART_HEADINGS.get(p.kind, p.kind)) for p in selection.parts
    )
    if (
        not force
        and source
        and all(
            isinstance(recorded.get(fmt), dict)
            and recorded[fmt].get("made_from") == source
            and output_present(folder, brief.id, fmt)
            for fmt in wanted
        )
    ):  # the same HTML as last time: nothing to render
        digests = {fmt: recorded[fmt]["digest"] for fmt in wanted}
        return Plan(
            brief, "", digests, (), manifest, inputs, parts, edition, selection, {}, source, written
        )
    kept = schedule.known_html(brief.id, source) if schedule is not None else None
    if kept is not None:
        html = kept
    else:
        html = render_html(selection, ws.root)
        if schedule is not None:
            schedule.remember_html(brief.id, source, html)
    files: dict[str, bytes] = {}
    if "json" in wanted:  # the evidence is cheap: made now, and its own bytes decide staleness
        files["json"] = evidence_json(selection, ws.root)
        files["csl.json"] = csl_json(selection)
    digests = {
        fmt: output_digest(
            files["json"].decode() if fmt == "json" else html,
            shared.templates,
            (fmt, brief.options.pdf_variant) if fmt == "pdf" else (fmt,),
        )
        for fmt in wanted
    }
    stale = tuple(
        fmt
        for fmt in wanted
        if force
        or recorded.get(fmt, {}).get("digest") != digests[fmt]
        or not output_present(folder, brief.id, fmt)
    )
    return Plan(
        brief,
        html,
        digests,
        stale,
        manifest,
        inputs,
        parts,
        edition,
        selection,
        files,
        source,
        written,
    )


def record_made_from(root: Path, plan: Plan) -> None:
    """Note in an up-to-date brief's manifest what its outputs are made from, when that
    changed but the HTML did not (a catalog or template edit that changed no brief's text):
    the next build then need not render its HTML to learn that again."""
    outputs = plan.manifest.get("outputs")
    if not plan.made_from or not isinstance(outputs, dict):
        return
    known = {fmt: outputs[fmt] for fmt in plan.digests if isinstance(outputs.get(fmt), dict)}
    if all(o.get("made_from") == plan.made_from for o in known.values()):
        return
    known = {fmt: {**o, "made_from": plan.made_from} for fmt, o in known.items()}
    write_manifest(
        safe_brief_folder(root, plan.brief.id), {**plan.manifest, "outputs": {**outputs, **known}}
    )


def output_present(folder: Path, brief_id: str, fmt: str) -> bool:
    """The brief's file of this format is in its output folder (json: with its csl.json)."""
    names = (
        (f"{brief_id}.{fmt}", f"{brief_id}.csl.json") if fmt == "json" else (f"{brief_id}.{fmt}",)
    )
    return all((folder / name).is_file() for name in names)


def render_pdf_job(args: PdfArgs) -> Any:
    """Render one PDF (in a worker process when a time limit is kept or PDFs render in
    parallel: a render that takes too long is ended with its worker). A worker keeps the
    document until its next PDF: its last is never freed, its process ends first."""
    from briefgen.render.pdf import render_pdf  # WeasyPrint is imported only when a PDF is made

    with tuned_for_documents():  # a Dask worker collects at the default: 20% slower
        return render_pdf(*args, keep=multiprocessing.parent_process() is not None)


PdfArgs = tuple[str, list[Path], Path, Any, tuple[str, ...], str, str]


def pdf_args(plan: Plan, root: Path) -> PdfArgs:
    """The arguments of render_pdf_job for one plan."""
    dirs = template_dirs(root)
    bid = plan.brief.id
    return (
        plan.html,
        dirs,
        find_asset("pdf.css", dirs),
        plan.brief.edition,
        tuple(a for a, _ in plan.parts),
        plan.brief.options.pdf_variant,
        f"output/{bid}/{bid}.pdf",
    )


def pdf_work(plans: list[Plan], root: Path, smallest_first: bool = False) -> dict[str, PdfArgs]:
    """The arguments of render_pdf_job for each plan that needs a PDF, in rendering order.

    Longest first (HTML size stands in for pages) ends a parallel build soonest; smallest
    first gives the quick briefs' PDFs soonest (watch).
    """
    sign = 1 if smallest_first else -1
    todo = sorted((p for p in plans if "pdf" in p.stale), key=lambda p: sign * len(p.html))
    return {p.brief.id: pdf_args(p, root) for p in todo}


def submit_pdf(executor: Executor, args: PdfArgs, timeout: float) -> Future[Any]:
    """Hand one PDF to the executor, to be ended after `timeout` seconds (0: no limit)."""
    return submit_limited(executor, render_pdf_job, timeout, args)


def iter_pdfs(
    plans: list[Plan],
    root: Path,
    *,
    options: BuildOptions,
    executor: Executor | None = None,
    smallest_first: bool = False,
    first_alone: bool = False,
    started: dict[Future[Any], str] | None = None,
) -> Iterator[tuple[str, Any]]:
    """(brief id, PDF) for the plans that need one, each as soon as it is ready; a failure
    comes as its exception. With an executor the PDFs render there; without one, in warm
    local workers when a time limit is kept or `options.jobs` > 1, else here.

    `first_alone`: the first PDF in order is finished before the others are handed over, so
    that it has a core to itself (serve: the smallest brief's PDF soonest). `started`: PDFs
    already handed to `executor` (serve hands the smallest over as soon as its HTML is
    written); they count as the first.
    """
    timeout, jobs = options.timeout, options.jobs
    work = pdf_work(plans, root, smallest_first)
    if started:
        for bid in started.values():
            work.pop(bid, None)
        assert executor is not None, "started PDFs come with their executor"
        if first_alone:
            yield from finished(started, timeout)
            started = {}
    if executor is None and work and (timeout > 0 or (jobs > 1 and len(work) > 1)):
        with warm_pool(max(1, min(jobs, len(work)))) as pool:
            yield from iter_pdfs(
                plans,
                root,
                options=options,
                executor=pool,
                smallest_first=smallest_first,
                first_alone=first_alone,
            )
        return
    if executor is None or not work:
        yield from finished(started or {}, timeout)
        for bid, args in work.items():  # no time limit: here, in this process
            try:
                yield bid, render_pdf_job(args)
            except Exception as exc:  # one failing brief must not stop the others
                yield bid, exc
        return
    todo = list(work)
    if first_alone and not started:
        first = todo.pop(0)
        yield from finished({submit_pdf(executor, work[first], timeout): first}, timeout)
    rest = {submit_pdf(executor, work[bid], timeout): bid for bid in todo}
    yield from finished({**(started or {}), **rest}, timeout)


def finished(futures: dict[Future[Any], str], timeout: float = 0) -> Iterator[tuple[str, Any]]:
    """(brief id, PDF or its exception) of each future as it completes."""
    for future in as_completed(futures):
        try:
            yield futures[future], future.result()
        except TimeoutError:  # the worker was ended at the time limit
            yield futures[future], RenderTooLong(timeout)
        except Exception as exc:  # one failing brief must not stop the others
            yield futures[future], exc


def render_docxs(plans: list[Plan], root: Path, *, options: BuildOptions) -> dict[str, Exception]:
    """Word files for the plans that need one, into plan.files (Pandoc's warnings into
    plan.problems); failures by brief id.

    Pandoc runs as a subprocess, so `options.jobs` threads convert that many briefs at a time.
    """
    jobs, timeout = options.jobs, options.timeout
    todo = [p for p in plans if "docx" in p.stale and p.selection is not None]
    failures: dict[str, Exception] = {}
    if not todo:
        return failures
    from briefgen.render.pdf_problems import captured
    from briefgen.render.word import (
        LOGGER,
        render_docx,  # pandoc and cairosvg are loaded only when a .docx is made
    )

    dirs = template_dirs(root)

    def one(plan: Plan) -> None:
        assert plan.selection is not None
        where = Location(f"output/{plan.brief.id}/{plan.brief.id}.docx")
        started = time.perf_counter()
        try:
            with captured(LOGGER.name) as logged:
                plan.files["docx"] = render_docx(plan.selection, dirs, timeout, root)
        except Exception as exc:  # one failing brief must not stop the others
            failures[plan.brief.id] = exc
            return
        plan.seconds += time.perf_counter() - started
        plan.problems["docx"] = tuple(
            Problem(where, m.message, Severity.WARNING) for m in dict.fromkeys(logged)
        )

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
        list(pool.map(one, todo))
    return failures


def over_budget(plan: Plan, pdf: Any) -> str | None:
    """A message naming the parts that take most room, when the PDF exceeds max_pages."""
    budget = plan.brief.max_pages
    if budget is None or pdf is None or isinstance(pdf, Exception) or pdf.pages <= budget:
        return None
    starts = dict(pdf.part_pages)
    located = [(starts[a], heading) for a, heading in plan.parts if a in starts]
    sizes = []
    for i, (start, heading) in enumerate(located):
        end = located[i + 1][0] if i + 1 < len(located) else pdf.pages + 1
        sizes.append((max(end - start, 1), heading))
    largest = sorted(sizes, key=lambda s: -s[0])[:3]
    named = ", ".join(f"{h} (about {n} page{'s' if n != 1 else ''})" for n, h in largest)
    rules = rule_names(plan.written or plan.brief, plan.brief.fitted)
    fitted = f" after the fitting rules ({', '.join(rules)})" if rules else ""
    return (
        f"{pdf.pages} pages, over the budget of {budget} (max_pages){fitted}; "
        f"cut from the largest parts: {named}"
    )


def write_plan(
    ws: Workspace,
    plan: Plan,
    pdf: Any,
    *,
    strict: bool,
    html_written: Callable[[], None] | None = None,
    record: bool = True,
) -> BriefResult:
    """Write one brief's stale outputs and its manifest (`html_written` is called as soon as
    the HTML file is in place, before the manifest and edition are written); `record`: and
    the edition, when it is new."""
    brief = plan.brief
    if isinstance(pdf, BaseException):
        return failed(brief.id, plan.stale, pdf)
    problems = dict(plan.problems)
    if pdf is not None:
        problems["pdf"] = pdf.problems
    found = [p for fmt in plan.stale for p in problems.get(fmt, ())]
    lines = tuple(str(p) for p in found)
    errors = sum(p.severity is Severity.ERROR for p in found)
    if errors or (strict and found):
        why = f"{errors} error(s)" if errors else f"{len(found)} warning(s) and --strict"
        return BriefResult(
            brief.id, "failed", plan.stale, error=f"not written: {why} above", problems=lines
        )
    budget = over_budget(plan, pdf)
    if budget and strict:
        return BriefResult(
            brief.id,
            "failed",
            plan.stale,
            pages=pdf.pages,
            error=budget + " (--strict or --release)",
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
        if html_written is not None:
            html_written()
    for suffix, data in plan.files.items():  # docx; json with its csl.json
        if suffix.rsplit(".", 1)[-1] in plan.stale:
            atomic_write(folder / f"{brief.id}.{suffix}", data)
            files.append(folder / f"{brief.id}.{suffix}")
    recorded = recorded_problems(plan.manifest)
    for fmt in plan.stale:
        outputs[fmt] = {"digest": plan.digests[fmt], "made_from": plan.made_from}
        recorded[fmt] = [str(p) for p in problems.get(fmt, ())]
    write_manifest(
        folder,
        {
            "brief": brief.id,
            "tool": __version__,
            "pages": pages,
            "outputs": outputs,
            "inputs": plan.inputs,
            "warning": budget,
            "fitted": plan.brief.fitted,
            "problems": {fmt: lines for fmt, lines in recorded.items() if lines},
        },
    )
    if plan.edition is not None and record:
        record_edition(ws.root, brief.id, plan.edition, str(brief.edition))
    # the time this brief's outputs took: its HTML (and evidence, Word file), then its PDF
    seconds = plan.seconds + (pdf.seconds if pdf is not None else 0.0)
    return BriefResult(
        brief.id,
        "built",
        plan.stale,
        tuple(files),
        pages,
        seconds,
        warning=budget,
        problems=tuple(line for fmt in outputs if fmt in recorded for line in recorded[fmt]),
    )


def recorded_problems(manifest: dict[str, Any]) -> dict[str, list[str]]:
    """What rendering reported for each format of a brief, as its manifest records it."""
    kept = manifest.get("problems")
    if not isinstance(kept, dict):
        return {}
    return {
        str(fmt): [line for line in lines if isinstance(line, str)]
        for fmt, lines in kept.items()
        if isinstance(lines, list)
    }


def failed(brief_id: str, formats: tuple[str, ...], exc: BaseException) -> BriefResult:
    """The result of a brief that failed with `exc`: one line, and a bug's traceback."""
    what = failure(exc)
    return BriefResult(brief_id, "failed", formats, error=what.message, traceback=what.traceback)


def build(
    ws: Workspace,
    *,
    options: BuildOptions = DEFAULTS,
    schedule: Schedule | None = None,
    executor: Executor | None = None,
    on_result: Callable[[BriefResult], None] | None = None,
) -> list[BriefResult]:
    """Build the briefs `options` names (all when none) whose inputs changed; raises on input
    errors. `on_result` is told of each brief as it is written.

    PDFs render in `executor` when given (any concurrent.futures.Executor whose workers see
    this project folder), else in warm local processes (no more than `options.jobs`, and no
    more than there are PDFs to make: one started as soon as a brief needs a PDF, so it
    imports WeasyPrint while the others are planned, the others once the PDFs are counted),
    else here. The `schedule` orders the work (a
    batch build's by default; briefgen.builder.live.Live for serve and watch). The project
    lock is held here throughout, as in a local build.
    """
    if ws.errors:
        raise BriefgenError(ws.errors)
    briefs = pick_briefs(ws, options.briefs)
    if options.pdf_variant is not None:
        variant = options.pdf_variant
        briefs = [replace(b, options=replace(b.options, pdf_variant=variant)) for b in briefs]
    check_output_folder(ws.project.layout)
    with contextlib.ExitStack() as stack:

        def pool() -> LocalPool:
            # one worker started at the first brief that needs a PDF: it imports WeasyPrint
            # while the other briefs are planned; the rest once the PDFs are counted (Run.plan)
            return stack.enter_context(warm_pool(1))

        # a time limit is kept by ending a worker
        local = options.timeout > 0 or (options.jobs > 1 and len(briefs) > 1)
        run = Run(
            ws,
            options,
            schedule or Schedule(),
            on_result,
            executor,
            pool if executor is None and local else None,
        )
        return run.build(briefs)


@dataclass
class Run:
    """One build: its options, its schedule, where its PDFs render and what it has done."""

    ws: Workspace
    options: BuildOptions
    schedule: Schedule
    on_result: Callable[[BriefResult], None] | None
    executor: Executor | None  # where the PDFs render (None: here, or a pool once started)
    start_pool: Callable[[], LocalPool] | None  # starts the local workers (None: none)
    results: list[BriefResult] = field(default_factory=list)
    docx_failures: dict[str, Exception] = field(default_factory=dict)  # by brief id

    def build(self, briefs: list[Brief]) -> list[BriefResult]:
        """Plan each brief, write those that need no PDF, then each PDF as it comes; the
        results in the order of `briefs`."""
        order = {b.id: i for i, b in enumerate(briefs)}
        with project_lock(self.ws.root):
            clean_stale_temps(self.ws.project.layout.output)
            shared = Shared.of(self.ws)
            plans = self.plan(briefs, shared)
            self.write_without_pdf(plans)
            self.write_pdfs(plans, shared)
        return sorted(self.results, key=lambda r: order[r.brief])

    def plan(self, briefs: list[Brief], shared: Shared) -> list[Plan]:
        """The plans of the briefs with stale outputs, in the schedule's order; the others
        are reported up to date (or failed) as they come."""
        plans = []
        for brief in self.schedule.begin(briefs, self.ws.root):
            plan = self.plan_one(brief, shared)
            if plan is not None:
                plan = self.schedule.planned(self, plan)
            if plan is None:
                continue
            if "pdf" in plan.stale:  # its worker imports WeasyPrint while the others plan
                self.pdf_executor()
            plans.append(plan)
        if isinstance(self.executor, LocalPool) and self.start_pool is not None:
            # never more workers than PDFs: one PDF renders on the worker already started
            pdfs = sum("pdf" in plan.stale for plan in plans)
            grow_warm(self.executor, min(self.options.jobs, pdfs) - self.executor.jobs)
        return plans

    def plan_one(self, brief: Brief, shared: Shared) -> Plan | None:
        """The brief's plan when some output is stale; None when it is up to date or
        failed (its result reported)."""
        began = time.perf_counter()
        try:
            plan = plan_brief(
                self.ws, brief, options=self.options, shared=shared, schedule=self.schedule
            )
            plan.seconds = time.perf_counter() - began
        except Exception as exc:  # a template mistake, or a bug: the others build
            self.report(failed(brief.id, (), exc))
            return None
        refused = self.refused(plan)
        if refused:
            self.report(BriefResult(brief.id, "failed", (), error=refused))
            return None
        if not plan.stale:  # in the results, not reported as it comes
            record_made_from(self.ws.root, plan)
            if plan.edition is not None and self.schedule.record:  # e.g. previewed, then built
                record_edition(self.ws.root, brief.id, plan.edition, str(brief.edition))
            self.results.append(self.up_to_date(plan))
            return None
        return plan

    def write_without_pdf(self, plans: list[Plan]) -> None:
        """Make the Word files, then write every brief that needs no new PDF."""
        self.docx_failures = render_docxs(plans, self.ws.root, options=self.options)
        for plan in plans:
            if "pdf" not in plan.stale:
                self.write(plan, None)

    def write_pdfs(self, plans: list[Plan], shared: Shared) -> None:
        """Write each brief that needs a PDF as its PDF comes (fitted to its page budget)."""
        by_id = {plan.brief.id: plan for plan in plans}
        for bid, pdf in self.schedule.pdfs(self, plans):
            plan = by_id[bid]
            if not isinstance(pdf, Exception) and over_budget(plan, pdf):
                plan, pdf = self.fit(plan, pdf, shared)
                if "docx" in plan.stale:
                    one = replace(self.options, jobs=1)
                    self.docx_failures.update(render_docxs([plan], self.ws.root, options=one))
            self.write(plan, pdf)

    def pdf_executor(self) -> Executor | None:
        """Where the PDFs render: the executor handed in, the local workers (started now if
        they are not yet), or None (here)."""
        if self.executor is None and self.start_pool is not None:
            self.executor = self.start_pool()
        return self.executor

    def report(self, result: BriefResult) -> None:
        self.results.append(result)
        if self.on_result:
            self.on_result(result)

    def up_to_date(self, plan: Plan) -> BriefResult:
        """The result of a brief whose outputs are up to date, with what was reported when
        they were made (--strict: failed when that is anything)."""
        pages, warning = plan.manifest.get("pages"), plan.manifest.get("warning")
        kept = recorded_problems(plan.manifest)
        lines = tuple(line for fmt in plan.digests for line in kept.get(fmt, ()))
        if self.options.strict and (lines or warning):
            count = len(lines) + bool(warning)
            error = f"{count} warning(s) recorded when its outputs were made, and --strict"
            return BriefResult(plan.brief.id, "failed", (), pages=pages, error=error)
        return BriefResult(
            plan.brief.id, "up to date", (), pages=pages, warning=warning, problems=lines
        )

    def write(self, plan: Plan, pdf: Any, html_written: Callable[[], None] | None = None) -> None:
        """Write one brief's outputs (a brief whose Word file failed writes nothing, like one
        whose PDF failed) and report it."""
        pdf = self.docx_failures.get(plan.brief.id) or pdf
        # a release over its budget is refused too
        strict = self.options.strict or self.options.release
        try:
            result = write_plan(
                self.ws,
                plan,
                pdf,
                strict=strict,
                html_written=html_written,
                record=self.schedule.record,
            )
        except Exception as exc:  # an OSError in one line; a bug: this brief alone fails
            result = failed(plan.brief.id, plan.stale, exc)
        self.report(result)

    def refused(self, plan: Plan) -> str | None:
        """Why a release build refuses a brief: it is a draft (its reasons in words)."""
        if not self.options.release or plan.selection is None:
            return None
        drafts = replace(plan.selection, release=False).drafts
        if not drafts:
            return None
        english = Phrases(plan.selection, language("en"))
        return "a draft, not released: " + as_text(english.reasons(drafts), english.lang)

    def fit(self, plan: Plan, pdf: Any, shared: Shared) -> tuple[Plan, Any]:
        """A brief over its page budget, tightened rule by rule (selection/fitting.py) until its
        PDF fits; one that cannot fit is rendered again as a draft that says so (unless a
        --strict or --release build refuses it). Each PDF renders in the build's executor
        (within the time limit) when there is one, else here."""
        written = plan.written or plan.brief
        level = plan.brief.fitted
        forced = replace(self.options, force=True)
        timeout = self.options.timeout

        def again(level: int, over: int | None = None) -> tuple[Plan, Any]:
            brief = tightened(written, level, self.ws.project)
            new = plan_brief(self.ws, brief, options=forced, shared=shared, over_budget=over)
            new = replace(new, written=written)
            args = pdf_args(new, self.ws.root)
            if self.executor is not None:
                done = submit_pdf(self.executor, args, timeout)
                return new, next(finished({done: new.brief.id}, timeout))[1]
            try:
                return new, render_pdf_job(args)
            except Exception as exc:  # one failing brief must not stop the others
                return new, exc

        while level < levels(written) and over_budget(plan, pdf):
            level += 1
            plan, pdf = again(level)
            if isinstance(pdf, Exception):
                return plan, pdf
        if over_budget(plan, pdf) and not (self.options.strict or self.options.release):
            plan, pdf = again(level, pdf.pages)
        return plan, pdf
