"""No import circles in sitegen/ and checker/, and no project import hidden in a
function (the usual way to keep a circle alive).

The import graph is read from the sources with ast (nothing is imported): an edge
for every `import` and `from … import` of a project module, wherever it stands,
type-checking-only imports included, since a circle there is still a circle in
the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("sitegen", "checker")


def _module_files() -> dict[str, Path]:
    files = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).glob("*.py")):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            files[name] = path
    return files


def _imports(tree: ast.Module, modules: dict[str, Path], own: str) -> list[tuple[str, ast.stmt]]:
    """(imported project module, the statement) for every import in the tree."""
    found = []
    package = own if own in PACKAGES else own.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([package, *([base] if base else [])])
            # `from checker import rules` imports the module checker.rules.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                       for alias in node.names]
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != own:
                found.append((target, node))
    return found


def _graph() -> tuple[dict[str, set[str]], dict[str, ast.Module]]:
    modules = _module_files()
    trees = {name: ast.parse(path.read_text(encoding="utf-8"), str(path))
             for name, path in modules.items()}
    graph = {name: {target for target, _ in _imports(tree, modules, name)}
             for name, tree in trees.items()}
    return graph, trees


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each as a
    closed path through it, e.g. ['a', 'b', 'a']."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_closed_path(graph, sorted(group)) for group in groups]


def _closed_path(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """A shortest path from the group's first member back to itself."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    raise AssertionError(group)  # a strongly connected group always closes


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e", "f"}, "f": set()}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"x": {"y"}, "y": {"x"}}) == [["x", "y", "x"]]
    assert find_cycles({"x": {"y"}, "y": set()}) == []


def test_import_resolution_sees_every_form() -> None:
    modules = {name: Path() for name in ("pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.d")}
    tree = ast.parse("import pkg.a\nfrom pkg import b\nfrom pkg.c import thing\n"
                     "def f():\n    from . import d\n")
    assert sorted(t for t, _ in _imports(tree, modules, "pkg.x")) == [
        "pkg.a", "pkg.b", "pkg.c", "pkg.d"]


def test_no_import_cycles() -> None:
    graph, _ = _graph()
    assert "sitegen.build" in graph and "checker.flow" in graph, "the sources were not found"
    cycles = find_cycles(graph)
    assert not cycles, "import circles: " + "; ".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("package", PACKAGES)
def test_project_modules_are_imported_at_the_top(package: str) -> None:
    """An import of our own modules inside a function hides a dependency (and so a
    circle) from the reader; third-party ones may be deferred for start-up time."""
    modules = _module_files()
    _, trees = _graph()
    hidden = []
    for name, tree in trees.items():
        if not name.startswith(package):
            continue
        top_level = set(tree.body)
        for statement in tree.body:
            if isinstance(statement, ast.If):  # `if TYPE_CHECKING:` blocks
                top_level.update(statement.body)
        for target, node in _imports(tree, modules, name):
            if node not in top_level:
                hidden.append(f"{modules[name].relative_to(ROOT)}:{node.lineno} imports "
                              f"{target} inside a function")
    assert not hidden, hidden
