"""Build: load, validate, select, render and write each requested brief."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .errors import BriefgenError, BuildError, Location, Problem, Severity
from .load import load_briefs, load_content
from .model import Brief, Project
from .render import find_asset, render_html, template_dirs
from .select import Selection, select
from .validate import validate_brief, validate_project
from .write import atomic_write, clean_stale_temps


@dataclass(frozen=True)
class Workspace:
    """A loaded and validated project with its briefs and every problem found."""

    root: Path
    project: Project
    briefs: dict[str, Brief]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a build."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that only warn."""
        return [p for p in self.problems if p.severity is Severity.WARNING]


def open_workspace(root: Path) -> Workspace:
    """Load and validate content and briefs; never raises for bad input."""
    problems: list[Problem] = []
    project = load_content(root, problems)
    briefs = load_briefs(root, problems)
    problems += validate_project(project)
    for brief in briefs.values():
        problems += validate_brief(brief, project)
    ordered = sorted(problems, key=lambda p: (p.location, p.message))
    return Workspace(root, project, briefs, tuple(ordered))


@dataclass(frozen=True)
class BuiltBrief:
    """What one brief's build wrote."""

    brief: str
    files: tuple[Path, ...]
    pages: int | None
    seconds: float


def pick_briefs(ws: Workspace, names: tuple[str, ...]) -> list[Brief]:
    """The briefs named (all when none), or an error naming the unknown ones."""
    from .errors import suggest

    unknown = [n for n in names if n not in ws.briefs]
    if unknown:
        raise BriefgenError(
            [
                Problem(Location("briefs/"), f"no brief named '{n}'{suggest(n, ws.briefs)}")
                for n in unknown
            ]
        )
    return [ws.briefs[n] for n in names] if names else [ws.briefs[k] for k in sorted(ws.briefs)]


def output_dir(root: Path, brief: Brief) -> Path:
    """Where a brief's outputs go."""
    return root / "output" / brief.id


def build_brief(ws: Workspace, brief: Brief, formats: tuple[str, ...]) -> BuiltBrief:
    """Render and write one brief in the formats asked for (those of the brief by default)."""
    started = time.perf_counter()
    selection: Selection = select(brief, ws.project)
    html = render_html(selection, ws.root)
    out = output_dir(ws.root, brief)
    files, pages = [], None
    wanted = formats or brief.formats
    if "pdf" in wanted:
        from .pdf import render_pdf  # WeasyPrint is imported only when a PDF is made

        dirs = template_dirs(ws.root)
        pdf = render_pdf(html, dirs, find_asset("pdf.css", dirs), brief.edition)
        pages = pdf.pages
        atomic_write(out / f"{brief.id}.pdf", pdf.data)
        files.append(out / f"{brief.id}.pdf")
    if "html" in wanted:
        atomic_write(out / f"{brief.id}.html", html.encode("utf-8"))
        files.append(out / f"{brief.id}.html")
    return BuiltBrief(brief.id, tuple(files), pages, time.perf_counter() - started)


def build(
    ws: Workspace, names: tuple[str, ...] = (), formats: tuple[str, ...] = ()
) -> list[BuiltBrief]:
    """Build the named briefs (all when none); raises BriefgenError on input errors."""
    if ws.errors:
        raise BriefgenError(ws.errors)
    briefs = pick_briefs(ws, names)
    clean_stale_temps(ws.root / "output")
    built = []
    for brief in briefs:
        try:
            built.append(build_brief(ws, brief, formats))
        except (OSError, ValueError) as exc:
            raise BuildError(
                [Problem(brief.loc, f"cannot build brief '{brief.id}': {exc}")]
            ) from None
    return built
