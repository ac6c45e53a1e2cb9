"""Imports point one way, ``cli → ui → core``, and no module of ``editor`` imports itself
back through others: the window can be changed without the command line, the core
without either. Every import counts, also one inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "editor"
LAYER = {"core": 0, "ui": 1, "cli": 2, "__main__": 3}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each module of ``editor`` and the modules of ``editor`` it imports."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    found: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + [base]).strip(".")
                targets = [f"{base}.{a.name}" for a in node.names] + [base]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target != "editor":
                    found[name].add(target)
    return found


def layer(module: str) -> int:
    part = module.split(".")[1] if "." in module else module
    return LAYER.get(part, -1)


def test_imports_point_from_cli_to_ui_to_core() -> None:
    wrong = [
        f"{source} imports {target}"
        for source, targets in imports().items()
        for target in targets
        if layer(source) >= 0 and layer(target) > layer(source)
    ]
    assert wrong == []


def test_no_import_cycles() -> None:
    graph = imports()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert cycles == []


def test_the_checker_sees_imports() -> None:
    graph = imports()
    assert "editor.core.post" in graph["editor.cli"] or any("editor.core" in t for t in graph["editor.cli"])
    assert "editor.core.fileio" in graph["editor.core.post"]
    assert "editor.ui.main_window" in graph["editor.cli"]  # an import inside a function counts
