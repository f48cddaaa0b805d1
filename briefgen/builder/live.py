"""How a live preview (`serve`, `watch`) schedules a rebuild after a save.

The batch build (briefgen.builder.run) plans the briefs as asked and renders the PDFs once
every other output is written. A preview wants the page the author is looking at soonest:
`Live` plans the briefs smallest first (by their last HTML), writes each brief's HTML as soon
as it is rendered (`html_first`; `on_html` is told), hands the smallest PDF to the executor
once its HTML is written and its open pages have reloaded (it renders beside the other
briefs' HTML, and alone before the larger PDFs start), and does not render again the HTML of
a brief made from the same inputs as last time (`memo`, by state.made_from: the selection
with its edition changes and quote checks, the templates, the project's catalogs). A preview
is not a publication: no edition is recorded unless `record` is set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefgen.builder.run import (
    BriefResult,
    Plan,
    Run,
    Schedule,
    failed,
    iter_pdfs,
    pdf_args,
    submit_pdf,
    write_plan,
)
from briefgen.builder.state import read_manifest
from briefgen.layout import ProjectLayout
from briefgen.model import Brief


@dataclass(kw_only=True)
class Live(Schedule):
    """A preview's schedule, kept from one rebuild to the next (see the module)."""

    smallest_first: bool = True
    record: bool = False  # a preview records no edition (watch --record, serve --record do)
    on_html: Callable[[BriefResult], None] | None = None
    html_first: bool = True
    memo: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> made_from, HTML
    rendered: list[str] = field(default_factory=list)  # the briefs the last build rendered
    started: dict[Future[Any], str] = field(default_factory=dict)  # PDFs handed over early

    def size(self, root: Path, brief_id: str) -> float:
        """The brief's last HTML size (unknown: last)."""
        if brief_id in self.memo:
            return len(self.memo[brief_id][1])
        try:
            return (ProjectLayout(root).brief_output(brief_id) / f"{brief_id}.html").stat().st_size
        except OSError:
            return float("inf")

    def begin(self, briefs: list[Brief], root: Path) -> list[Brief]:
        """The briefs smallest first (by their last HTML)."""
        self.rendered, self.started = [], {}
        return sorted(briefs, key=lambda b: (self.size(root, b.id), b.id))

    def known_html(self, brief_id: str, source: str) -> str | None:
        kept = self.memo.get(brief_id)
        return kept[1] if source and kept is not None and kept[0] == source else None

    def remember_html(self, brief_id: str, source: str, html: str) -> None:
        self.memo[brief_id] = (source, html)
        self.rendered.append(brief_id)

    def planned(self, run: Run, plan: Plan) -> Plan | None:
        """Its HTML written now; the first PDF that needs nothing else handed over at once."""
        if self.html_first and "html" in plan.stale:
            left = self.write_html_first(run, plan)
            if left is None:
                return None
            plan = left
        executor = run.pdf_executor() if "pdf" in plan.stale else None
        early = "pdf" in plan.stale and "docx" not in plan.stale
        if executor is not None and early and not self.started:
            # the smallest PDF starts once its page has reloaded, beside the next brief's
            # HTML (sooner, before the page reloads, made the page later)
            args = pdf_args(plan, run.ws.root)
            self.started = {submit_pdf(executor, args, run.options.timeout): plan.brief.id}
        return plan

    def write_html_first(self, run: Run, plan: Plan) -> Plan | None:
        """Write the plan's HTML now; the plan of what is left to write, or None."""
        on_html = self.on_html
        folder = run.ws.project.layout.brief_output(plan.brief.id)

        def html_written() -> None:  # the pages reload now: the manifest follows
            if on_html is not None:
                path = folder / f"{plan.brief.id}.html"
                on_html(BriefResult(plan.brief.id, "built", ("html",), (path,)))

        if plan.stale == ("html",):
            run.write(plan, None, html_written)
            return None
        try:
            write_plan(
                run.ws,
                replace(plan, stale=("html",), files={}),
                None,
                strict=False,
                html_written=html_written,
                record=self.record,
            )
        except Exception as exc:  # an OSError in one line; a bug: this brief alone fails
            run.report(failed(plan.brief.id, plan.stale, exc))
            return None
        rest = tuple(f for f in plan.stale if f != "html")
        return replace(plan, stale=rest, manifest=read_manifest(folder), edition=None)

    def pdfs(self, run: Run, plans: list[Plan]) -> Iterator[tuple[str, Any]]:
        """The smallest PDF alone first (the one handed over early, if any), then the rest."""
        return iter_pdfs(
            plans,
            run.ws.root,
            options=run.options,
            executor=run.executor,
            smallest_first=self.smallest_first,
            first_alone=True,
            started=self.started,
        )
