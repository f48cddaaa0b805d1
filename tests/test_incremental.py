"""Incremental builds: only what changed is rebuilt, a no-op writes nothing, failures are isolated."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.builder.live import Live
from briefgen.builder.options import BuildOptions
from briefgen.builder.run import build
from briefgen.cli.main import cli
from briefgen.selection.select import Selection
from briefgen.validate.workspace import open_workspace
from tests.sample_project import HISTORY


def mtimes(root: Path) -> dict[str, int]:
    return {
        str(p.relative_to(root)): p.stat().st_mtime_ns
        for p in (root / "output").rglob("*")
        if p.is_file()
    }


def statuses(
    root: Path, *names: str, formats: tuple[str, ...] = ("html",), jobs: int = 1
) -> dict[str, str]:
    results = build(
        open_workspace(root), options=BuildOptions(briefs=names, formats=formats, jobs=jobs)
    )
    return {r.brief: r.status for r in results}


def test_noop_build_writes_nothing(make_project: Callable[..., Path]) -> None:
    root = make_project()
    assert statuses(root) == {"full": "built", "short": "built"}
    before = mtimes(root)
    result = CliRunner().invoke(cli, ["--project", str(root), "build", "--format", "html"])
    assert result.exit_code == 0
    assert "nothing changed: every output is up to date" in result.stdout
    assert mtimes(root) == before


def test_editing_one_claim_rebuilds_only_the_briefs_that_include_it(
    make_project: Callable[..., Path],
) -> None:
    root = make_project()
    statuses(root)
    history = root / "content/history.yaml"
    # dam-built is a detail item: only the full brief shows it
    history.write_text(HISTORY.replace("does not reduce the flow", "does not lower the flow"))
    assert statuses(root) == {"full": "built", "short": "up to date"}
    # treaty-1950 is a key item: both briefs show it
    history.write_text(HISTORY.replace("in 1950.", "in March 1950."))
    assert statuses(root) == {"full": "built", "short": "built"}


def test_template_change_rebuilds_all(make_project: Callable[..., Path]) -> None:
    root = make_project()
    statuses(root)
    own = root / "templates/assets/brief.css"
    own.parent.mkdir(parents=True)
    own.write_text("body { color: black; }\n")
    assert statuses(root) == {"full": "built", "short": "built"}
    assert "color: black" in (root / "output/short/short.html").read_text()


def rendered_in(root: Path, monkeypatch: pytest.MonkeyPatch, formats: tuple[str, ...]) -> list[str]:
    """The briefs whose HTML a one-off build renders (in this process)."""
    from briefgen.builder import run

    seen: list[str] = []
    real = run.render_html

    def spy(selection: Selection, project_root: Path) -> str:
        seen.append(selection.brief.id)
        return real(selection, project_root)

    monkeypatch.setattr(run, "render_html", spy)
    build(open_workspace(root), options=BuildOptions(formats=formats))
    monkeypatch.setattr(run, "render_html", real)
    return sorted(seen)


def test_a_build_renders_only_the_briefs_whose_inputs_changed(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project()
    assert rendered_in(root, monkeypatch, ("html", "json")) == ["full", "short"]
    assert rendered_in(root, monkeypatch, ("html", "json")) == []  # nothing changed
    history = root / "content/history.yaml"
    # dam-built is a detail item: only the full brief shows it
    history.write_text(HISTORY.replace("does not reduce the flow", "does not lower the flow"))
    assert rendered_in(root, monkeypatch, ("html", "json")) == ["full"]
    assert "does not lower the flow" in (root / "output/full/full.html").read_text()
    # the project's catalogs are part of what the HTML is made from
    (root / "locale").mkdir()
    (root / "locale/fr.po").write_text('msgid ""\nmsgstr ""\n')
    assert rendered_in(root, monkeypatch, ("html", "json")) == ["full", "short"]
    # their HTML was the same, so nothing was written, but the new digest was recorded
    assert rendered_in(root, monkeypatch, ("html", "json")) == []
    # a manifest from before this digest was recorded: the HTML is rendered and compared
    manifest = root / "output/short/build.json"
    data = json.loads(manifest.read_text())
    for output in data["outputs"].values():
        del output["made_from"]
    manifest.write_text(json.dumps(data))
    before = mtimes(root)
    assert rendered_in(root, monkeypatch, ("html", "json")) == ["short"]
    assert mtimes(root)["output/short/short.html"] == before["output/short/short.html"]


def test_a_library_upgrade_renders_every_brief_again(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen.builder import state

    root = make_project()
    assert rendered_in(root, monkeypatch, ("html",)) == ["full", "short"]
    assert rendered_in(root, monkeypatch, ("html",)) == []
    upgraded = {**state.library_versions(), "babel": "99.0"}  # CLDR's dates may read otherwise
    monkeypatch.setattr(state, "library_versions", lambda: upgraded)
    assert rendered_in(root, monkeypatch, ("html",)) == ["full", "short"]


def test_a_format_built_alone_does_not_vouch_for_the_others(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project()
    assert rendered_in(root, monkeypatch, ("html", "json")) == ["full", "short"]
    history = root / "content/history.yaml"
    history.write_text(HISTORY.replace("in 1950.", "in March 1950."))  # both briefs show it
    assert rendered_in(root, monkeypatch, ("html",)) == ["full", "short"]
    # the evidence files were made from the old selection: still stale, so rendered and rebuilt
    assert statuses(root, formats=("html", "json")) == {"full": "built", "short": "built"}
    assert "March 1950" in (root / "output/short/short.json").read_text()


def test_force_and_new_format_rebuild(make_project: Callable[..., Path]) -> None:
    root = make_project()
    statuses(root)
    assert (
        build(open_workspace(root), options=BuildOptions(formats=("html",), force=True))[0].status
        == "built"
    )


def test_one_failing_brief_does_not_stop_the_others(make_project: Callable[..., Path]) -> None:
    root = make_project()
    blocked = root / "output/short/short.pdf"
    blocked.mkdir(parents=True)  # a folder where the PDF must go: writing it fails
    result = CliRunner().invoke(cli, ["--project", str(root), "build", "--jobs", "2"])
    assert result.exit_code == 3
    assert "output/short: error:" in result.stderr
    table = {line.split()[0]: line.split()[-1] for line in result.stdout.splitlines()[1:]}
    assert table == {"full": "built", "short": "failed"}
    assert (root / "output/full/full.pdf").stat().st_size > 1000


def test_full_noop_build_takes_the_fast_path_without_loading(
    make_project: Callable[..., Path],
) -> None:
    import subprocess
    import sys

    root = make_project()
    first = CliRunner().invoke(cli, ["--project", str(root), "build", "--format", "html"])
    assert first.exit_code == 0
    args = [
        sys.executable,
        "-c",
        (
            "import sys\nfrom briefgen.cli.main import main\nsys.argv=['generate.py','--project',sys.argv[1],'build']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED' if 'briefgen.load.content' in sys.modules else 'FAST')\n"
        ),
        str(root),
    ]
    repo = Path(__file__).resolve().parents[1]
    run = lambda: subprocess.run(args, capture_output=True, text=True, cwd=repo, check=False)  # noqa: E731
    assert run().stdout.splitlines()[-1] == "LOADED"  # first full build (PDFs made)
    before = mtimes(root)
    out = run().stdout.splitlines()
    assert out[-2:] == ["nothing changed: every output is up to date", "FAST"]
    assert mtimes(root) == before
    (root / "content/history.yaml").write_text(HISTORY.replace("in 1950.", "in 1951."))
    assert run().stdout.splitlines()[-1] == "LOADED"


def test_live_rebuild_renders_only_the_briefs_whose_selection_changed(
    make_project: Callable[..., Path],
) -> None:
    root = make_project()
    html: list[str] = []
    live = Live(on_html=lambda r: html.append(r.brief))

    def live_build() -> dict[str, str]:
        html.clear()
        results = build(
            open_workspace(root), options=BuildOptions(formats=("html",)), schedule=live
        )
        return {r.brief: r.status for r in results}

    assert live_build() == {"full": "built", "short": "built"}
    assert html == ["full", "short"]  # each written (and told) as it was rendered
    short, full = (len((root / f"output/{b}/{b}.html").read_bytes()) for b in ("short", "full"))
    assert short < full
    assert live_build() == {"full": "up to date", "short": "up to date"}
    assert live.rendered == [] and html == []  # nothing changed: nothing rendered
    history = root / "content/history.yaml"
    # treaty-1950 is a key item: both briefs show it; the smaller brief is rendered first
    march = HISTORY.replace("in 1950.", "in March 1950.")
    history.write_text(march)
    assert live_build() == {"full": "built", "short": "built"}
    assert live.rendered == ["short", "full"] and html == ["short", "full"]
    # dam-built is a detail item: only the full brief shows it
    history.write_text(march.replace("does not reduce the flow", "does not lower the flow"))
    assert live_build() == {"full": "built", "short": "up to date"}
    assert live.rendered == ["full"] and html == ["full"]
    assert "does not lower the flow" in (root / "output/full/full.html").read_text()
    # a template change renders every brief again, though no selection changed
    (root / "templates").mkdir()
    (root / "templates/unused.html.j2").write_text("{# not included anywhere #}")
    assert live_build() == {"full": "built", "short": "built"}
    assert live.rendered == ["short", "full"]
    # as does a change to the project's catalogs (the English HTML stays the same)
    (root / "locale").mkdir()
    (root / "locale/fr.po").write_text('msgid ""\nmsgstr ""\n')
    assert live_build() == {"full": "up to date", "short": "up to date"}
    assert live.rendered == ["short", "full"]


def test_what_a_brief_is_made_from_is_the_same_in_every_process() -> None:
    """The digest that lets a build skip an unchanged brief's HTML does not depend on the
    process's hash seed (set and dict orders): the example project, two seeds."""
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from briefgen.builder.editions import prepare\n"
        "from briefgen.builder.run import Shared\n"
        "from briefgen.builder.state import made_from\n"
        "from briefgen.validate.workspace import open_workspace\n"
        "ws = open_workspace(Path(sys.argv[1]))\nshared = Shared.of(ws)\n"
        "for bid in sorted(ws.briefs):\n"
        "    selection, _ = prepare(ws, ws.briefs[bid], shared.checks)\n"
        "    print(bid, made_from(selection, shared.templates, shared.catalogs))\n"
    )
    seen = []
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", code, str(repo)],
            capture_output=True,
            text=True,
            cwd=repo,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        seen.append(result.stdout)
    assert len(seen[0].split()) >= 8 and all(len(w) == 64 for w in seen[0].split()[1::2])
    assert seen[0] == seen[1]
