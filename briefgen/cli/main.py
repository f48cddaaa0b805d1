"""The command line: a thin click layer over the library (exit codes in README)."""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefgen.builder.options import DEFAULT_TIMEOUT, BuildOptions
from briefgen.cli.common import echo, report, workspace
from briefgen.cli.translate import translate
from briefgen.errors import BriefgenError, printable

if TYPE_CHECKING:  # the pipeline is imported by the commands that run it, keeping --help fast
    from briefgen.builder.run import BriefResult
    from briefgen.validate.workspace import Workspace

EXIT_INPUT, EXIT_BUILD, EXIT_INTERNAL = 1, 3, 4
LOCATED = re.compile(r"(templates|<built-in templates>|editions|locale)[^\n]*?: error: ")


def no_cache_flag(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Record --no-cache for the workspace loader (and the build's no-op fast path)."""
    if value:
        ctx.ensure_object(dict)["no_cache"] = True


no_cache_option = click.option(
    "--no-cache",
    is_flag=True,
    expose_value=False,
    callback=no_cache_flag,
    help="Load and validate everything afresh: neither read nor answer from a cache.",
)

# build, watch and serve
pdf_timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(0),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds one PDF may take to render (0: no limit).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    "-p",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder holding content/, briefs/ and templates/.",
)
@click.version_option(package_name="briefgen")
@click.pass_context
def cli(ctx: click.Context, project: Path) -> None:
    """Build printable, source-attributed briefs (HTML and PDF) from YAML content.

    \b
    Examples:
      python generate.py check
      python generate.py build
      python generate.py build executive --format pdf
      python generate.py --project ../other-topic list
    """
    from briefgen.safeio import resolved

    root = resolved(project)
    if root is None:
        raise click.BadParameter(
            f"{printable(str(project))!r} is a symbolic link loop", param_hint="'--project'"
        )
    # the command as the user runs it (main() passes it; `briefgen` when called as a library)
    program = (ctx.obj or {}).get("program", "briefgen")
    ctx.obj = {"root": root, "program": program}


@cli.command()
@click.argument("briefs", nargs=-1)
@click.option(
    "--format",
    "-f",
    "formats",
    type=click.Choice(["html", "pdf", "docx", "json"]),
    multiple=True,
    help="Only these formats (repeatable). Default: the formats each brief asks for.",
)
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="PDFs (and Word files) made in parallel. Default: the number of cores.",
)
@pdf_timeout_option
@click.option(
    "--strict", is_flag=True, help="Treat warnings (and briefs over max_pages) as errors."
)
@click.option(
    "--release",
    is_flag=True,
    help="Build for release: refuse a draft (quotes not found in their sources' current text, "
    "no bottom line up front or for a section, over its page budget) and say why; a released "
    "brief carries no workflow marks.",
)
@click.option(
    "--scheduler",
    envvar="BRIEFGEN_SCHEDULER",
    metavar="ADDRESS",
    default=None,
    help="Render the PDFs on a Dask distributed cluster (e.g. tcp://host:8786; or set "
    "BRIEFGEN_SCHEDULER). Needs the dask extra, and the project on storage the workers share.",
)
@click.option(
    "--pdf-variant",
    # schema.PDF_VARIANTS, spelled out: the CLI imports no more than it needs to start
    type=click.Choice(
        ("pdf/ua-1", "pdf/a-2b", "pdf/a-2u", "pdf/a-3b", "pdf/a-3u", "pdf/a-2a", "pdf/a-3a")
    ),
    default=None,
    help="The PDFs' conformance for this build (default: each brief's options.pdf_variant, "
    "pdf/ua-1 unless it says otherwise), e.g. pdf/a-3u for an archive copy.",
)
@no_cache_option
@click.pass_context
def build(
    ctx: click.Context,
    briefs: tuple[str, ...],
    formats: tuple[str, ...],
    force: bool,
    jobs: int | None,
    timeout: float,
    strict: bool,
    release: bool,
    scheduler: str | None,
    pdf_variant: str | None,
) -> None:
    """Build briefs into output/<brief>/ (all briefs when none are named).

    Only briefs whose inputs changed are rebuilt; `--force` rebuilds all.

    \b
    Examples:
      python generate.py build
      python generate.py build executive public --format pdf
      python generate.py build --force --jobs 2
      python generate.py build --release      # refuse drafts, no workflow marks
    """

    from briefgen.builder.executors import SchedulerError, default_jobs
    from briefgen.builder.project import build_project

    def progress(result: BriefResult) -> None:
        if result.status == "built":
            echo(f"  built {result.brief} ({result.seconds:.2f} s)", err=True)

    options = BuildOptions(
        briefs=briefs,
        formats=formats,
        force=force,
        jobs=jobs or default_jobs(),
        timeout=timeout,
        strict=strict,
        release=release,
        pdf_variant=pdf_variant,
        scheduler=scheduler,
        use_cache=not ctx.obj.get("no_cache"),
    )
    try:
        report = build_project(
            ctx.obj["root"], options=options, on_result=progress, program=ctx.obj["program"]
        )
    except SchedulerError as exc:
        if ctx.get_parameter_source("scheduler") is click.core.ParameterSource.ENVIRONMENT:
            exc.where = "BRIEFGEN_SCHEDULER"
        raise
    for line in report.warnings:
        echo(line, err=True)
    if report.refused:
        echo(report.refused, err=True)
        sys.exit(EXIT_INPUT)
    print_table(list(report.rows), list(report.errors), list(report.bugs))
    if report.up_to_date:
        echo("nothing changed: every output is up to date")
    if report.hint:
        click.echo(report.hint, err=True)
    for line in report.notices:
        echo(line, err=True)
    if report.bugs:
        sys.exit(EXIT_INTERNAL)
    if report.failed:
        sys.exit(EXIT_BUILD)


def print_table(
    rows: list[dict[str, Any]],
    errors: list[tuple[str, str]],
    bugs: list[tuple[str, str]] | None = None,
) -> None:
    """The closing table: brief, formats, pages, time, status; then what rendering reported,
    warnings, failures and bugs (a bug's traceback under BRIEFGEN_DEBUG=1)."""
    echo(f"{'brief':<16} {'formats':<9} {'pages':>5} {'time':>7}  status")
    for r in rows:
        pages = "" if r.get("pages") is None else str(r["pages"])
        seconds = f"{r['seconds']:.2f} s" if r.get("status") == "built" else ""
        formats = ",".join(r.get("formats", ()))
        echo(
            f"{r['brief']:<16} {formats:<9} {pages:>5} {seconds:>7}  {r.get('status', 'up to date')}"
        )
    for r in rows:
        problems = r.get("problems")
        for line in problems if isinstance(problems, list) else ():
            if isinstance(line, str):  # located already (a recorded state is read back)
                echo(line, err=True)
        if r.get("warning"):
            echo(f"output/{r['brief']}: warning: {r['warning']}", err=True)
    traced = dict(bugs or ())
    for brief, error in errors:  # a template mistake comes located already
        if brief in traced:
            echo(bug_line(brief, error, traced[brief]), err=True)
        else:
            echo(error if LOCATED.match(error) else f"output/{brief}: error: {error}", err=True)


def bug_line(brief: str, error: str, traceback: str) -> str:
    """How a bug met while building one brief is told (the traceback under BRIEFGEN_DEBUG=1)."""
    from briefgen.builder.failures import debugging

    line = (
        f"output/{brief}: internal error: {error} (please report it with the input that caused it;"
        " BRIEFGEN_DEBUG=1 shows where it happened)"
    )
    return f"{traceback.rstrip()}\n{line}" if debugging() else line


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Start a project in FOLDER: one source, a paragraph of claims, two briefs.

    \b
    Example:
      briefgen init ama-river && briefgen --project ama-river build
    """
    from briefgen.starter import init_project

    for path in init_project(folder):
        echo(f"  wrote {path}")
    program = click.get_current_context().obj["program"]
    echo(f"next: {program} --project {folder} build")


@cli.command()
@click.argument("which", type=click.Choice(["content", "brief"]), default="content")
def schema(which: str) -> None:
    """Print the JSON Schema of content files (default) or brief files, for editors.

    \b
    Example: save it in the project, and name it in the first line of each file
      briefgen schema content > schemas/content.schema.json
      briefgen schema brief > schemas/brief.schema.json
      # yaml-language-server: $schema=../schemas/content.schema.json
    """
    from briefgen.load.schema import shipped

    click.echo(shipped(which).read_text(encoding="utf-8"), nl=False)


@cli.command()
@click.option("--strict", is_flag=True, help="Exit non-zero on warnings too.")
@no_cache_option
@click.pass_context
def check(ctx: click.Context, strict: bool) -> None:
    """Validate content and briefs without rendering anything.

    Prints every problem as `file:line:column: severity: message`.

    \b
    Example:
      python generate.py check --strict
    """
    from briefgen.load.snapshots import snapshot_inputs
    from briefgen.validate import checkrecord

    root: Path = ctx.obj["root"]
    started = None if ctx.obj.get("no_cache") else checkrecord.inputs_now(root)
    ws = workspace(ctx)
    lines = [printable(str(problem)) for problem in ws.problems]
    for line in lines:
        click.echo(line, err=True)
    statements = sum(1 for _ in ws.project.statements())
    summary = printable(
        f"checked {len(ws.briefs)} briefs, {statements} statements, {len(ws.project.sources)} sources: "
        f"{len(ws.errors)} errors, {len(ws.warnings)} warnings"
    )
    click.echo(summary)
    if started is not None and checkrecord.inputs_now(root) == started:  # none changed meanwhile
        counts = {"errors": len(ws.errors), "warnings": len(ws.warnings)}
        report = {"stderr": lines, "stdout": summary, **counts}
        checkrecord.store(root, started, snapshot_inputs(ws.project), report)
    if ws.errors or (strict and ws.warnings):
        sys.exit(EXIT_INPUT)


@cli.command(name="list")
@no_cache_option
@click.pass_context
def list_(ctx: click.Context) -> None:
    """List briefs, sections and sources with counts.

    \b
    Example:
      python generate.py list
    """
    ws = workspace(ctx)
    if ws.errors:
        raise BriefgenError(ws.errors)
    p = ws.project
    echo("Briefs:")
    for b in sorted(ws.briefs.values(), key=lambda b: b.id):
        parts = ", ".join(part.name for part in b.parts)
        echo(f"  {b.id:<14} {b.title} [{', '.join(b.formats)}] — {parts}")
    per_section = Counter(i.section for i in p.items)
    echo("Sections:")
    for s in p.sections:
        echo(f"  {s.id:<14} {s.title} ({per_section[s.id]} items)")
    echo(f"  (also {len(p.events)} events, {len(p.terms)} terms, {len(p.judgments)} judgments)")
    cites = Counter(a.source for s in p.statements() for a in s.attributions)
    echo("Sources:")
    for src in sorted(p.sources.values(), key=lambda s: s.id):
        date = str(src.published) if src.published else "undated"
        echo(
            f"  {src.id:<24} {src.reliability} {src.kind:<10} {date:<10} {cites[src.id]:>3} citations — {src.short_name}"
        )


def brief_language(ws: Workspace, brief: Any) -> Any:
    """A brief's language (its label catalogs, CLDR), for the words explain and compare show
    as the brief does: built-in part headings and dates."""
    from briefgen.render.i18n import language

    return language(brief.language, ws.root)


@cli.command()
@click.argument("brief")
@no_cache_option
@click.pass_context
def explain(ctx: click.Context, brief: str) -> None:
    """Show what a brief includes and excludes, and which rule decided each item.

    \b
    Example:
      python generate.py explain executive
    """
    from briefgen.selection.explain import explain as explain_brief
    from briefgen.validate.workspace import pick_briefs

    ws = workspace(ctx)
    if ws.errors:
        raise BriefgenError(ws.errors)
    (chosen,) = pick_briefs(ws, (brief,))
    lang = brief_language(ws, chosen)  # the brief's texts and headings as it shows them
    echo("\n".join(explain_brief(*ws.view(chosen), headings=part_headings(lang), date=lang.date)))


def part_headings(lang: Any) -> Callable[[str], str]:
    """A part's heading as a brief in `lang` shows it (a built-in part's by its name)."""
    from briefgen.render.phrases import PART_HEADINGS

    return lambda heading: lang.text(PART_HEADINGS.get(heading, heading))


@cli.command()
@click.argument("first")
@click.argument("second")
@no_cache_option
@click.pass_context
def compare(ctx: click.Context, first: str, second: str) -> None:
    """Show what one audience gets that the other does not.

    \b
    Example:
      python generate.py compare executive public
    """
    from briefgen.selection.explain import compare as compare_briefs
    from briefgen.validate.workspace import pick_briefs

    ws = workspace(ctx)
    if ws.errors:
        raise BriefgenError(ws.errors)
    a, b = pick_briefs(ws, (first, second))
    # the texts as the first brief shows them (its language); the report's own words English
    (a, project), (b, _) = ws.view(a), ws.view(b)
    lang = brief_language(ws, a)
    echo("\n".join(compare_briefs(a, b, project, headings=part_headings(lang), date=lang.date)))


@cli.command()
@click.argument("brief")
@click.option(
    "--since", type=click.IntRange(1), default=None, help="Compare with this edition number."
)
@no_cache_option
@click.pass_context
def diff(ctx: click.Context, brief: str, since: int | None) -> None:
    """Show what changed in a brief since its last recorded edition.

    Editions are recorded in editions/<brief>/ by each build that changes what
    the brief says.

    \b
    Examples:
      python generate.py diff executive
      python generate.py diff executive --since 1
    """
    from briefgen.builder.editions import edition_files, prepare
    from briefgen.cli.changes import diff_lines
    from briefgen.sources.verify import source_checks
    from briefgen.validate.workspace import pick_briefs

    ws = workspace(ctx)
    if ws.errors:
        raise BriefgenError(ws.errors)
    (chosen,) = pick_briefs(ws, (brief,))
    numbers = [int(p.stem) for p in edition_files(ws.root, chosen.id)]
    if since is not None and since not in numbers:
        known = ", ".join(map(str, numbers)) or "none yet"
        echo(f"editions/{chosen.id}: error: no edition {since} (recorded: {known})", err=True)
        sys.exit(EXIT_INPUT)
    _, state = prepare(ws, chosen, source_checks(ws.project), since)
    now = f"the current content (edition {state.number}{', not yet built' if state.is_new else ''})"
    if state.since is None:
        echo(f"{chosen.id}: no earlier edition to compare {now} with")
        return
    listed = sum(c.substantive for c in state.changes)
    echo(f"{chosen.id}: {listed} change(s) from edition {state.since} to {now}")
    for line in diff_lines(state.changes):
        echo(line)


record_option = click.option(
    "--record",
    is_flag=True,
    help="Record an edition of each brief whose content changed, as build does (a preview "
    "records none: the changes part compares with the last recorded edition).",
)


@cli.command()
@pdf_timeout_option
@record_option
@click.option("--max-rebuilds", type=click.IntRange(1), default=None, hidden=True)
@click.pass_context
def watch(ctx: click.Context, timeout: float, record: bool, max_rebuilds: int | None) -> None:
    """Rebuild the affected briefs whenever an input folder changes.

    The input folders: content/, briefs/, templates/, locale/ (label catalogs),
    translations/ (content translations) and the snapshots folder (one made while watching
    is watched from then on).

    Errors are printed and watching goes on; WeasyPrint stays loaded between rebuilds.
    No edition is recorded (only build records them) unless --record is given.

    \b
    Example:
      python generate.py watch
    """
    from briefgen.builder.watch import watch as run_watch

    run_watch(
        ctx.obj["root"],
        lambda line: echo(line, err=line.count(": error: ") > 0),
        timeout,
        max_rebuilds,
        record,
    )


@cli.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@pdf_timeout_option
@record_option
@click.option("--max-rebuilds", type=click.IntRange(1), default=None, hidden=True)
@click.pass_context
def serve(
    ctx: click.Context, port: int, timeout: float, record: bool, max_rebuilds: int | None
) -> None:
    """Preview the briefs in a browser, reloaded after every save (127.0.0.1 only).

    Serves output/ and rebuilds like watch: the HTML of the affected briefs first (open
    pages reload), then their PDFs, smallest first. While the content has errors, the pages
    show them. The written HTML files never contain the reload script. No edition is
    recorded (a preview is not a publication) unless --record is given.

    \b
    Example:
      python generate.py serve --port 8000
    """
    from briefgen.builder.serve import serve as run_serve

    def say(line: str) -> None:
        echo(line, err=": error: " in line)

    run_serve(ctx.obj["root"], say, port, timeout, max_rebuilds, record)


fix_option = click.option(
    "--fix",
    is_flag=True,
    help="Rewrite the locators (para N, line N) of verified quotes whose passage moved, in "
    "place in the content files (nothing else in them changes).",
)


@cli.group()
def sources() -> None:
    """Check attribution quotes against local snapshots of their sources, and refresh them.

    A source's snapshot is its latest version in snapshots/<source-id>/ (stored by
    `sources refresh`), else the file named by its `snapshot:` field.

    \b
    Examples:
      python generate.py sources verify
      python generate.py sources refresh ap-2020
    """


@sources.command(name="verify")
@click.argument("names", nargs=-1, metavar="[SOURCE]...")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit non-zero when a quote changed, not only when one is missing.",
)
@click.option(
    "--snapshot-map",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="A YAML file mapping source ids to snapshot files, used instead of the project's snapshots (nothing is recorded).",
)
@click.option(
    "--snapshot-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="The folder the --snapshot-map file names are in. Default: the map's own folder.",
)
@fix_option
@no_cache_option
@click.pass_context
def sources_verify(
    ctx: click.Context,
    names: tuple[str, ...],
    strict: bool,
    snapshot_map: Path | None,
    snapshot_dir: Path | None,
    fix: bool,
) -> None:
    """Check every attribution quote against its source's snapshot.

    Each quote is verified (found after normalising Unicode forms, whitespace, quote marks
    and dashes), changed (only an approximate match: was / now, score, where, and which side
    changed since the last verification) or missing. A changed quote whose numbers, negations
    or names differ is changed in meaning. The results are recorded in the snapshots folder's
    verification.json, which builds read. A verified quote whose locator (para N, line N)
    points elsewhere is listed at every place citing it; --fix rewrites those locators. Exits
    1 when a quote is missing or changed in meaning (with --strict also when one changed).

    \b
    Examples:
      python generate.py sources verify
      python generate.py sources verify ap-2020 --strict
      python generate.py sources verify --fix
      python generate.py sources verify --snapshot-map tests/seed_sources.yaml --snapshot-dir ../shared/seeds
    """
    from datetime import UTC, datetime

    from briefgen.builder.refresh import run_verify

    if snapshot_dir is not None and snapshot_map is None:
        raise click.UsageError("--snapshot-dir needs --snapshot-map")
    ws = workspace(ctx)
    if ws.errors:
        raise BriefgenError(ws.errors)
    pair = None
    if snapshot_map is not None:
        pair = (snapshot_map.resolve(), (snapshot_dir or snapshot_map.parent).resolve())
    if fix and snapshot_map is not None:
        raise click.UsageError("--fix works with the project's own snapshots, not --snapshot-map")
    result = run_verify(ws, names, strict, pair, datetime.now(UTC), echo, fix)
    report(result.problems)
    sys.exit(result.code)


@sources.command(name="refresh")
@click.argument("names", nargs=-1, metavar="[SOURCE]...")
@click.option(
    "--timeout",
    type=click.FloatRange(0.01),
    default=20.0,
    show_default=True,
    help="Seconds to wait for a connection or for data; a whole request may take three times that.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=5 * 1024 * 1024,
    show_default=True,
    help="Largest page accepted.",
)
@click.option(
    "--diff-lines",
    type=click.IntRange(0),
    default=40,
    show_default=True,
    help="Lines of the diff against the previous snapshot to show.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also fetch loopback, private and link-local addresses (refused by default: a "
    "source's url could point at a service inside your network).",
)
@fix_option
@no_cache_option
@click.pass_context
def sources_refresh(
    ctx: click.Context,
    names: tuple[str, ...],
    timeout: float,
    max_bytes: int,
    diff_lines: int,
    allow_private: bool,
    fix: bool,
) -> None:
    """Fetch each source's url and store its text as a new snapshot version.

    HTML pages are reduced to their article text, plain text is kept as it is; other
    content types are refused. A text identical to the current snapshot is reported
    "unchanged" and not stored again. Each new version is shown as a diff against the
    previous one, the quotes are verified again, and the claims affected and the briefs the
    next `build` rebuilds are named (that build records a new edition of each, saying which
    source was updated and which quoted passages changed). --fix rewrites the locators of
    passages that moved. Exits 3 when a source could not be fetched, 1 when a quote is
    missing from its new snapshot or changed in meaning.

    \b
    Examples:
      python generate.py sources refresh
      python generate.py sources refresh al-monitor-2024 --timeout 5
    """
    from datetime import UTC, datetime

    from briefgen.builder.refresh import run_refresh
    from briefgen.sources.workflows import FetchOptions

    ws = workspace(ctx)
    if ws.errors:
        raise BriefgenError(ws.errors)
    options = FetchOptions(timeout, max_bytes, diff_lines, allow_private)
    result = run_refresh(ws, names, options, datetime.now(UTC), echo, fix)
    report(result.problems)
    sys.exit(result.code)


cli.add_command(translate)


def program_name() -> str:
    """The command as the user ran it: `briefgen`, `python generate.py`, `python -m briefgen`."""
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else "briefgen"
    name = Path(argv0).name
    if name == "__main__.py":
        return "python -m briefgen"
    return f"python {argv0}" if name.endswith(".py") else name


def named_examples(group: click.Group, program: str) -> None:
    """Write the examples of every command's help with the command as the user runs it."""
    for command in [group, *group.commands.values()]:
        if command.help:
            command.help = command.help.replace("python generate.py", program)
        if isinstance(command, click.Group) and command is not group:
            named_examples(command, program)


def main() -> None:
    """Run the CLI; an unexpected failure is still one line, never a traceback (raises
    SystemExit with the exit code, so a caller in the same process carries on)."""
    program = program_name()
    named_examples(cli, program)
    try:
        # the usage line: `generate.py build`, `briefgen build`, `python -m briefgen build`
        cli.main(
            prog_name=program if " -m " in program else program.removeprefix("python "),
            obj={"program": program},
        )
    except Exception as exc:
        if os.environ.get("BRIEFGEN_DEBUG", "").strip() not in ("", "0"):
            import traceback

            traceback.print_exc()
        echo(
            f"internal error: {type(exc).__name__}: {exc} (please report it with the input that caused it;"
            " BRIEFGEN_DEBUG=1 shows where it happened)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
