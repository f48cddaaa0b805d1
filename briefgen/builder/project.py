"""The whole build of a project folder, read top to bottom: fast path, load, build, record.

`build_project()` is what `briefgen build` runs: when no input changed since the last full
build it answers from the recorded state without importing the pipeline; otherwise it loads
and validates the workspace, builds the briefs whose inputs changed (briefgen.builder.run),
and records the inputs for the next no-op answer. It prints nothing: the command line
shows the returned BuildReport.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.builder import fastpath
from briefgen.builder.options import DEFAULTS, BuildOptions
from briefgen.errors import BriefgenError
from briefgen.layout import ProjectLayout

if TYPE_CHECKING:  # the pipeline is imported only when something must be built
    from briefgen.builder.run import BriefResult


@dataclass(frozen=True)
class BuildReport:
    """What one build did, for a caller to show: a row per brief, warnings, notices."""

    rows: tuple[dict[str, Any], ...] = ()  # brief, formats, pages, seconds, status, warning,
    # problems (what rendering reported, one located line each)
    errors: tuple[tuple[str, str], ...] = ()  # (brief, message) for each brief that failed
    bugs: tuple[tuple[str, str], ...] = ()  # (brief, traceback) for each that failed by a bug
    warnings: tuple[str, ...] = ()  # the input's warnings, one line each
    notices: tuple[str, ...] = ()  # about the build itself (an input edited meanwhile, …)
    hint: str = ""  # what to run next, if anything
    refused: str = ""  # why nothing was built (--strict with warnings)
    up_to_date: bool = False  # every output was already up to date
    results: tuple[BriefResult, ...] = field(default=(), repr=False)

    @property
    def failed(self) -> bool:
        """A brief failed to build, or the build was refused."""
        return bool(self.refused) or any(r.get("status") == "failed" for r in self.rows)


def build_project(
    root: Path,
    *,
    options: BuildOptions = DEFAULTS,
    on_result: Callable[[BriefResult], None] | None = None,
    program: str = "briefgen",
) -> BuildReport:
    """Build the project at `root`: the briefs `options` names (all when none) whose inputs
    changed, the PDFs on `options.scheduler`'s Dask cluster when it names one.

    `on_result` is told of each brief as it is written; `program` is the command as the user
    runs it, named in the hints (`python generate.py`).

    Raises BriefgenError (every located problem, warnings first) when the input has errors,
    SchedulerError when the scheduler cannot be used.
    """
    if options.scheduler:  # a malformed address or an unknown scheme: said at once
        from briefgen.builder.executors import scheduler_address

        options = replace(options, scheduler=scheduler_address(options.scheduler))
    full_build = options.full
    answer_from_state = full_build and options.use_cache
    state = fastpath.read_state(root) if answer_from_state else {}
    extra = fastpath.extra_inputs(state)
    digest = fastpath.inputs_digest(root, extra) if full_build else ""
    if answer_from_state and fastpath.up_to_date(root, state, digest):
        return BuildReport(
            rows=tuple(state["results"]), warnings=tuple(state["warnings"]), up_to_date=True
        )

    from briefgen.builder.executors import remote_executor
    from briefgen.builder.hints import verify_hint
    from briefgen.builder.run import build
    from briefgen.load.snapshots import snapshot_inputs
    from briefgen.validate.cache import load_workspace

    # the inputs the build reads (not editions/, which it writes), to see edits made meanwhile
    read_before = fastpath.inputs_digest(root, extra, read_only=True) if full_build else ""
    ws = load_workspace(root, use_cache=options.use_cache)
    warnings = tuple(str(p) for p in ws.warnings)
    if ws.errors:
        raise BriefgenError([*ws.warnings, *ws.errors])
    if options.strict and ws.warnings:
        return BuildReport(
            warnings=warnings, refused=f"{len(warnings)} warning(s) and --strict: nothing built"
        )
    with remote_executor(options.scheduler, options.timeout) as executor:
        results = build(ws, options=options, executor=executor, on_result=on_result)
    report = BuildReport(
        rows=tuple(result_row(r) for r in results),
        errors=tuple((r.brief, r.error) for r in results if r.error),
        bugs=tuple((r.brief, r.traceback) for r in results if r.traceback),
        warnings=warnings,
        hint=verify_hint(ws, options.briefs, program) or "",
        up_to_date=bool(results) and all(r.status == "up to date" for r in results),
        results=tuple(results),
    )
    if not full_build:
        return report
    notices = record_inputs(root, report, extra, read_before, snapshot_inputs(ws.project), state)
    return replace(report, notices=notices)


def record_inputs(
    root: Path,
    report: BuildReport,
    extra: list[str],
    read_before: str,
    snapshots: list[str],
    state: dict[str, Any],
) -> tuple[str, ...]:
    """After a full build, record its inputs so the next build can answer "nothing changed".

    An input edited while the build ran means the outputs may lack the edit: then nothing is
    recorded, and the notice says to build again.
    """
    if fastpath.inputs_digest(root, extra, read_only=True) != read_before:
        fastpath.forget(root)
        return ("warning: input files changed during the build: run build again",)
    if report.failed:
        fastpath.forget(root)
        return ()
    digest = fastpath.inputs_digest(root, snapshots)  # with the editions this build recorded
    if state.get("inputs") == digest:
        return ()
    rows = [{k: r[k] for k in ("brief", "pages", "warning", "problems")} for r in report.rows]
    outputs = [
        str(f.relative_to(ProjectLayout(root).output)) for r in report.results for f in r.files
    ]
    outputs += [f"{r['brief']}/build.json" for r in report.rows]
    try:
        fastpath.write_state(root, digest, rows, outputs, list(report.warnings), snapshots)
    except OSError as exc:  # the outputs are written; only the no-op shortcut is lost
        return (f"output/{fastpath.STATE}: warning: not recorded: {exc.strerror}",)
    return ()


def result_row(result: BriefResult) -> dict[str, Any]:
    """A brief's row in the closing table."""
    return {
        "brief": result.brief,
        "formats": result.formats,
        "pages": result.pages,
        "seconds": result.seconds,
        "status": result.status,
        "warning": result.warning,
        "problems": list(result.problems),
    }
