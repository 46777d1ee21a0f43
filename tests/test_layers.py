"""The package's layers run one way: no import cycle, and only the pytest layer imports pytest."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pytest_newsqa"
PYTEST_LAYER = {
    "pytest_newsqa.plugin",
    "pytest_newsqa.config",
    "pytest_newsqa.collection",
    "pytest_newsqa.items",
    "pytest_newsqa.controller",
    "pytest_newsqa.pytest_internals",
}


def module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_imports(path: Path) -> set[str]:
    """Every module imported when the code runs (``if TYPE_CHECKING:`` blocks aside), anywhere in the file."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    return {name: {m for m in runtime_imports(path) if m in modules and m != name} for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                cycle = walk(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = walk(node)
            if cycle:
                return cycle
    return None


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    assert len(graph) > 20  # the walk found the package
    assert find_cycle(graph) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_only_the_pytest_layer_imports_pytest() -> None:
    importers = {name for name, path in module_names().items() if {"pytest", "_pytest"} & runtime_imports(path)}
    assert importers == PYTEST_LAYER


def test_engine_and_outputs_know_no_rule_module() -> None:
    """Rules plug into the engine through the catalogue; nothing below the pytest layer imports a rule family."""
    graph = import_graph()
    for name in ("pytest_newsqa.engine", "pytest_newsqa.aggregate", "pytest_newsqa.merge", "pytest_newsqa.index"):
        assert not {m for m in graph[name] if m.startswith("pytest_newsqa.rules")}, name


def test_no_rule_code_is_written_in_the_machinery() -> None:
    """The engine, aggregate, outputs and merge name rules through :mod:`pytest_newsqa.codes`."""
    import re

    machinery = [PACKAGE / f"{name}.py" for name in ("engine", "aggregate", "merge", "index", "controller")]
    machinery += sorted((PACKAGE / "outputs").glob("*.py"))
    for path in machinery:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"[\"']NWS\d{3}[\"']", text), path.name
        if path.name != "index.py":  # the duplicate index writes the message; nobody parses it
            assert "is also in" not in text, path.name
