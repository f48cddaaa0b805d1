"""The package's imports run one way, with the data: foundation < load < selection, translate <
validate < render < builder < cli, `sources` a side flow of load that only builder and cli call;
and no two modules import each other, directly or around a cycle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "briefgen"
# each layer may import the layers before it in this order (and itself)
LAYERS = ("foundation", "load", "selection", "translate", "validate", "render", "builder", "cli")
SIDE = {"sources": ("foundation", "load")}  # what a side flow may import
CALLERS = {"sources": ("builder", "cli")}  # who may import a side flow
ENTRY = {"briefgen.__main__"}  # `python -m briefgen` starts the CLI: the one import upwards


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def layer(module: str) -> str:
    """The layer of a module: its subpackage, or 'foundation' for a top-level module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (PACKAGE / parts[-1]).is_dir() else "foundation"


def imports(path: Path, top_level_only: bool = False) -> Iterator[tuple[str, int]]:
    """The briefgen modules a file imports, with the line (only those run on import when
    `top_level_only`: a function's own import is not a cycle)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.If) and top_level_only:
            continue  # `if TYPE_CHECKING:` imports run only for the type checker
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("briefgen."):
                for alias in node.names:  # `from briefgen.builder import fastpath`: a module
                    sub = f"{node.module}.{alias.name}"
                    yield (sub if is_module(sub) else node.module), node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("briefgen."):
                    yield alias.name, node.lineno


def allowed(importer: str, imported: str) -> bool:
    a, b = layer(importer), layer(imported)
    if a == b or importer in ENTRY:
        return True
    if b in SIDE:
        return a in CALLERS[b]
    if a in SIDE:
        return b in SIDE[a]
    return LAYERS.index(b) < LAYERS.index(a)


def test_imports_run_with_the_data() -> None:
    against = [
        f"{module_name(path)}:{line} imports {imported}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for imported, line in imports(path)
        if not allowed(module_name(path), imported)
    ]
    assert against == []


def test_no_import_cycles() -> None:
    graph = {
        module_name(path): {m for m, _ in imports(path, top_level_only=True)}
        for path in PACKAGE.rglob("*.py")
    }
    cycles = []
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            cycles.append(" -> ".join([*trail[trail.index(node) :], node]))
            return
        if node in done or node not in graph:
            return
        for nxt in sorted(graph[node]):
            visit(nxt, [*trail, node])
        done.add(node)

    for module in sorted(graph):
        visit(module, [])
    assert cycles == []


def test_the_layer_rule_catches_an_upward_import() -> None:
    assert not allowed("briefgen.load.content", "briefgen.render.html")
    assert not allowed("briefgen.sources.verify", "briefgen.builder.run")
    assert not allowed("briefgen.selection.select", "briefgen.sources.match")
    assert allowed("briefgen.cli.main", "briefgen.sources.verify")
    assert allowed("briefgen.render.html", "briefgen.text")
