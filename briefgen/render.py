"""Render: a Selection to one self-contained HTML document through Jinja2 templates."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from . import __version__
from .charts import coverage_chart, timeline_chart
from .model import RELIABILITY_GRADES, label
from .select import Selection, shown_ids

BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SAFE_LINK = re.compile(r"(https?://|mailto:)[^\s<>\"']+", re.IGNORECASE)


def template_dirs(project_root: Path) -> list[Path]:
    """Where templates and assets are looked up: the project's own first, then the built-in ones."""
    dirs = [project_root / "templates", BUILTIN_TEMPLATES]
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def find_asset(name: str, dirs: list[Path]) -> Path:
    """The first `assets/<name>` on the template path."""
    for d in dirs:
        candidate = d / "assets" / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"asset '{name}' not found in {', '.join(map(str, dirs))}")


@cache
def markdown() -> MarkdownIt:
    """Inline Markdown without raw HTML or images; links only to http(s) and mailto."""
    md = MarkdownIt("zero", {"html": False}).enable(["emphasis", "link", "backticks", "escape"])
    md.validateLink = lambda url: bool(SAFE_LINK.fullmatch(url))  # type: ignore[method-assign]
    return md


def inline_markdown(text: str) -> Markup:
    """Analyst text with inline Markdown, as safe HTML (any HTML in it stays text)."""
    return Markup(markdown().renderInline(text))


def environment(dirs: list[Path]) -> jinja2.Environment:
    """A Jinja2 environment with autoescape and strict undefined."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = inline_markdown
    env.globals["grades"] = RELIABILITY_GRADES
    return env


def render_html(selection: Selection, project_root: Path) -> str:
    """The brief as one self-contained HTML document."""
    dirs = template_dirs(project_root)
    env = environment(dirs)
    css = find_asset("brief.css", dirs).read_text(encoding="utf-8")
    timeline = next((p for p in selection.parts if p.kind == "timeline"), None)
    tags = sorted(
        {t for p in selection.parts for e in p.entries for t in getattr(e.item, "tags", ())}
    )
    keywords = [selection.topic or "", *(p.heading for p in selection.parts), *tags]
    return env.get_template("brief.html.j2").render(
        s=selection,
        brief=selection.brief,
        options=selection.brief.options,
        actors=selection.actors,
        shown=shown_ids(selection.parts),
        label=label,
        keywords=", ".join(k for k in keywords if k),
        css=Markup(css.replace("</", "<\\/")),
        timeline_svg=timeline_chart(timeline.entries) if timeline else Markup(""),
        coverage_svg=coverage_chart(selection.summary.coverage),
        version=__version__,
    )
