"""Render: a Selection to one self-contained HTML document through Jinja2 templates."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from jinja2.loaders import split_template_path
from markupsafe import Markup

from briefgen import __version__
from briefgen.content_text import ContentText
from briefgen.errors import BuildError, Location, Problem
from briefgen.inline import parser
from briefgen.languages import primary
from briefgen.layout import ProjectLayout
from briefgen.load.digest import BUILTIN_TEMPLATES, folder_digest
from briefgen.model import RELIABILITY_GRADES, Theme, label
from briefgen.render.charts import coverage_chart, timeline_chart
from briefgen.render.compiled import bytecode_cache
from briefgen.render.css import css_string
from briefgen.render.i18n import Language, language, template_globals
from briefgen.render.markup import HtmlPhrases
from briefgen.render.phrases import CHANGES, Phrases
from briefgen.render.quotes import quote_marks
from briefgen.render.scripts import with_script_rules
from briefgen.render.theme import logo_uri, look, theme_css
from briefgen.safeio import MIB, FileRefused, read_capped, resolved
from briefgen.selection.select import Selection, calls, shown_ids
from briefgen.text import BIDI_CONTROLS, CONTROL_CHARACTERS, closed_bidi, without_controls
from briefgen.translate.apply import shown_texts

BUILTIN_PREFIX = "builtin"  # `builtin/x.html.j2`: the built-in x.html.j2, whatever the project has


MAX_TEMPLATE_BYTES = 4 * MIB


@dataclass(frozen=True, order=True)
class TemplateLine(Location):
    """A place in a template: `templates/x.html.j2:12` (templates have no useful column)."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def refuse(where: str, message: str) -> BuildError:
    """A one-line error about a template file or folder."""
    return BuildError([Problem(TemplateLine(where), message)])


def template_dirs(project_root: Path) -> list[Path]:
    """Where templates and assets are looked up: the project's own first, then the built-in ones.

    A project's templates/ folder that is a link leading out of the project is refused.
    """
    own = ProjectLayout(project_root).templates
    if os.path.lexists(own):
        real_root = project_root.resolve()
        real = resolved(own)
        if real is None or not real.is_relative_to(real_root) or real == real_root:
            raise refuse("templates", "is a link leading outside the project: refused")
        if not own.is_dir():
            raise refuse("templates", "is not a folder")
    dirs = [own, BUILTIN_TEMPLATES]
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def shown_template(path: str | Path, dirs: list[Path]) -> str:
    """A template file as the user should see it: `templates/…` or `<built-in templates>/…`."""
    for d in dirs:
        try:
            rel = Path(path).relative_to(d)
        except ValueError:
            continue
        return f"{'<built-in templates>' if d == BUILTIN_TEMPLATES else 'templates'}/{rel}"
    return str(path)


def confined(path: Path, folder: Path) -> bool:
    """True when `path` (links followed) lies inside `folder` (links followed)."""
    real = resolved(path)
    return real is not None and real.is_relative_to(folder.resolve())


def find_asset(name: str, dirs: list[Path]) -> Path:
    """The first `assets/<name>` on the template path; a link out of its folder is refused."""
    for d in dirs:
        candidate = d / "assets" / name
        if os.path.lexists(candidate) and not confined(candidate, d):
            raise refuse(
                shown_template(candidate, dirs), "is a link leading out of its templates folder"
            )
        if candidate.is_file():
            if candidate.stat().st_size > MAX_TEMPLATE_BYTES:
                raise refuse(
                    shown_template(candidate, dirs), f"is larger than {MAX_TEMPLATE_BYTES} bytes"
                )
            return candidate
    raise FileNotFoundError(f"asset '{name}' not found in {', '.join(map(str, dirs))}")


class TemplateRefused(jinja2.TemplateError):
    """A template file that may not be read (a link out, a special file, too large, not UTF-8)."""

    def __init__(self, filename: str, message: str) -> None:
        super().__init__(message)
        self.filename = filename


class ConfinedLoader(jinja2.FileSystemLoader):
    """Templates from the template folders only: no '..', no link out, regular files, capped.

    `builtin/<name>` is always the built-in template of that name, so a project's own
    `brief.html.j2` can `{% extends "builtin/brief.html.j2" %}` and replace only some blocks.
    """

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, or TemplateNotFound / TemplateRefused."""
        pieces = split_template_path(template)  # TemplateNotFound for '..'
        folders = self.searchpath
        if pieces[0] == BUILTIN_PREFIX and len(pieces) > 1:
            pieces, folders = pieces[1:], [str(BUILTIN_TEMPLATES)]
        for folder in folders:
            filename = os.path.normpath(os.path.join(folder, *pieces))
            if not os.path.lexists(filename):
                continue
            if not confined(Path(filename), Path(folder)):
                raise TemplateRefused(filename, "is a link leading out of its templates folder")
            try:
                source = read_capped(Path(filename), MAX_TEMPLATE_BYTES).decode("utf-8")
            except FileRefused as exc:
                raise TemplateRefused(filename, str(exc)) from None
            except UnicodeDecodeError as exc:
                raise TemplateRefused(filename, f"is not UTF-8 text (byte {exc.start})") from None
            mtime = os.path.getmtime(filename)
            return source, filename, lambda f=filename, m=mtime: os.path.getmtime(f) == m
        raise jinja2.TemplateNotFound(template)


def template_problem(exc: BaseException, dirs: list[Path]) -> Problem | None:
    """A template mistake as one located line, or None when the fault is not the template's.

    Jinja's own errors (syntax, undefined names, sandbox refusals, missing includes) always
    are; another exception only when it was raised by the template's own code (`1/0`), not by
    Python the template called (that is a bug in briefgen).
    """
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    in_template = [(f, n) for f, n in frames if any(Path(f).is_relative_to(d) for d in dirs)]
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where = TemplateLine(shown_template(exc.filename, dirs), exc.lineno or 0)
    elif isinstance(exc, TemplateRefused):
        where = TemplateLine(shown_template(exc.filename, dirs))
    elif in_template and (isinstance(exc, jinja2.TemplateError) or frames[-1] == in_template[-1]):
        file, line = in_template[-1]
        where = TemplateLine(shown_template(file, dirs), line)
    elif isinstance(exc, jinja2.TemplateError):
        where = TemplateLine("templates")
    else:
        return None
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"template '{exc.name}' not found (names are relative to a templates folder)"
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        message = f"refused by the template sandbox: {exc}"
    elif isinstance(exc, jinja2.TemplateError):
        message = exc.message or type(exc).__name__
    else:
        message = f"{type(exc).__name__}: {exc}"
    return Problem(where, message)


class LocatedTemplate(jinja2.Template):
    """A template whose mistakes come out as a located BuildError (see `template_problem`)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render, turning a template mistake into a BuildError naming file and line."""
        try:
            return super().render(*args, **kwargs)
        except Exception as exc:
            problem = template_problem(exc, self.environment.template_dirs)  # type: ignore[attr-defined]
            if problem is None:
                raise
            raise BuildError([problem]) from exc


class BriefEnvironment(jinja2.sandbox.SandboxedEnvironment):
    """Jinja's sandbox (no attributes starting with '_', no unsafe callables), located errors."""

    template_class = LocatedTemplate

    def __init__(self, dirs: list[Path], **options: Any) -> None:
        super().__init__(loader=ConfinedLoader([str(d) for d in dirs]), **options)
        self.template_dirs = dirs

    def get_template(
        self,
        name: str | jinja2.Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        """Load a template; a syntax error or refused file becomes a located BuildError.

        An include (which names its parent) raises Jinja's own error instead, so that the
        including template's line is found from the traceback.
        """
        try:
            return super().get_template(name, parent, globals)
        except jinja2.TemplateError as exc:
            if parent is not None:
                raise
            problem = template_problem(exc, self.template_dirs)
            assert problem is not None
            raise BuildError([problem]) from exc


TAG = re.compile(r"(<[^>]*>)")


def no_controls(value: Any) -> Any:
    """Every value a template prints: control characters made visible as U+FFFD, and each
    bidi embedding, override or isolate closed inside the element that holds it (in each
    text between the tags of markup), so none reverses the text after it (Trojan Source)."""
    if not isinstance(value, str):
        return value
    markup = isinstance(value, Markup)
    if CONTROL_CHARACTERS.search(value):
        value = without_controls(value)
    if BIDI_CONTROLS.search(value):
        pieces = TAG.split(value) if markup else [value]
        value = "".join(p if p.startswith("<") else closed_bidi(p) for p in pieces)
    return Markup(value) if markup else value


def inline_markdown(text: str, language: str | None = None) -> Markup:
    """Analyst text with inline Markdown, as safe HTML (any HTML in it stays text), its quotes
    in the marks of its language (an original's, else `language`); an original shown
    untranslated in a brief of another language isolated in its language and direction."""
    own = text.lang if isinstance(text, ContentText) else language
    marks = quote_marks(own).four() if own else None
    html = Markup(parser(marks, french=own is not None and primary(own) == "fr").renderInline(text))
    if isinstance(text, ContentText) and text.isolated:
        return Markup("<span%s>%s</span>") % (Markup(text.attributes()), html)
    return html


@jinja2.pass_context
def markdown_in_brief_language(context: jinja2.runtime.Context, text: str) -> Markup:
    """The `md` filter: `inline_markdown` with the rendered brief's language."""
    brief = context.get("brief")
    return inline_markdown(text, getattr(brief, "language", None))


def own_language(texts: str | Iterable[str]) -> Markup:
    """` lang="en" dir="ltr"` for the element holding content texts (a sentence with its note
    calls, a paragraph) that are all originals of one language shown untranslated, so that
    their note calls and punctuation stay at their own end; '' otherwise."""
    found = [texts] if isinstance(texts, str) else list(texts)
    if not found or not all(isinstance(t, ContentText) and t.isolated for t in found):
        return Markup("")
    shown = {t.attributes() for t in found if isinstance(t, ContentText)}
    return Markup(shown.pop()) if len(shown) == 1 else Markup("")


def environment(dirs: list[Path]) -> jinja2.Environment:
    """A sandboxed Jinja2 environment with autoescape and strict undefined.

    Project templates are not trusted: they run in Jinja's sandbox, are read only from the
    template folders (no '..', no link leading out, regular files of at most 4 MiB), and
    their mistakes are located errors (`templates/x.html.j2:12: error: …`). Their compiled
    code is kept between runs, signed (render/compiled.py).
    """
    env = BriefEnvironment(
        dirs,
        bytecode_cache=bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=no_controls,
    )
    env.filters["md"] = markdown_in_brief_language
    env.globals["own_language"] = own_language
    env.filters["plain"] = str  # content text in an attribute or <title>: never isolated markup
    env.filters["css_string"] = lambda text: Markup(css_string(str(text)))
    env.globals["grades"] = RELIABILITY_GRADES
    return env


_environments: dict[tuple[tuple[str, ...], str], jinja2.Environment] = {}
MAX_ENVIRONMENTS = 4


def cached_environment(dirs: list[Path]) -> jinja2.Environment:
    """The environment of `environment(dirs)`, kept while the template folders' files are the
    same (keyed by the digest of their names and bytes): Jinja then compiles each template
    once per process instead of once per brief (most of the time of rendering a small brief).
    """
    key = (tuple(str(d) for d in dirs), folder_digest(dirs))
    env = _environments.get(key)
    if env is None:
        if len(_environments) >= MAX_ENVIRONMENTS:
            _environments.pop(next(iter(_environments)))
        env = _environments[key] = environment(dirs)
    return env


def note_language(selection: Selection, lang: Language) -> Markup:
    """The brief's own `lang` and `dir` for each footnote body, in a brief that shows originals
    untranslated: a note called from an English sentence of a French brief is in French."""
    if not any(t.isolated for t in shown_texts(selection.parts)):
        return Markup("")
    return Markup(' lang="%s" dir="%s"') % (selection.brief.language, lang.direction)


def logo(theme: Theme, dirs: list[Path]) -> str | None:
    """The theme's logo from templates/assets/ as a data: URI; a missing one is a located error."""
    if not theme.logo:
        return None
    try:
        return logo_uri(find_asset(theme.logo, dirs))
    except FileNotFoundError:
        where = theme.loc or Location("theme")
        raise BuildError(
            [Problem(where, f"logo '{theme.logo}' not found in templates/assets/: add it there")]
        ) from None


def render_html(selection: Selection, project_root: Path) -> str:
    """The brief as one self-contained HTML document, in the brief's language and direction."""
    lang = language(selection.brief.language, project_root)
    return render_in(selection, project_root, lang)


def render_in(selection: Selection, project_root: Path, lang: Language) -> str:
    """The brief as HTML, every label, date and number in `lang`."""
    dirs = template_dirs(project_root)
    env = cached_environment(dirs)
    css = find_asset("brief.css", dirs).read_text(encoding="utf-8")
    lk = look(selection.brief.theme)
    phrases = Phrases(selection, lang)
    timeline = next((p for p in selection.parts if p.kind == "timeline"), None)
    tags = sorted(
        {t for p in selection.parts for e in p.entries for t in getattr(e.item, "tags", ())}
    )
    headings = {p.anchor: phrases.heading(p) for p in selection.parts}
    keywords = [selection.topic or "", *headings.values(), *tags]
    drafts = selection.drafts
    marking = selection.brief.marking
    if drafts:
        marking = lang.text("DRAFT – %(marking)s", marking=marking)
    coverage = tuple((headings.get(a, a), counts) for a, counts in selection.summary.coverage)
    html = env.get_template("brief.html.j2").render(
        s=selection,
        brief=selection.brief,
        options=selection.brief.options,
        actors=selection.actors,
        shown=shown_ids(selection.parts),
        label=label,
        keywords=", ".join(k for k in keywords if k),
        css=Markup(css.replace("</", "<\\/")),
        timeline_svg=timeline_chart(timeline.entries, lang, lk.accent) if timeline else Markup(""),
        coverage_svg=coverage_chart(coverage, lang, lk.chart),
        look=lk,
        theme_css=Markup(theme_css(lk)),
        logo=logo(selection.brief.theme, dirs),
        version=__version__,
        page_css=lang.page_css(),
        P=HtmlPhrases(
            phrases,
            partial(inline_markdown, language=selection.brief.language),
            note_language(selection, lang),
        ),
        date=lang.date,
        heading=phrases.heading,
        part_headings=headings,
        note_groups=calls(selection.notes),
        change_kinds=tuple(CHANGES),
        drafts=drafts,
        marking=marking,
        **template_globals(lang),
    )
    return with_script_rules(html, marking, selection.brief.organisation)
