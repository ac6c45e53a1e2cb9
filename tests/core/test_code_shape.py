"""Files a person can hold in their head: no module of ``editor`` over 500 lines, no
function over 80, and the window has no base class but QMainWindow."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "editor"
MODULE_LINES = 500
FUNCTION_LINES = 80


def test_modules_and_functions_stay_small() -> None:
    too_long: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE.parent)
        if text.count("\n") > MODULE_LINES:
            too_long.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > FUNCTION_LINES:
                    too_long.append(f"{name}: {node.name}() is {length} lines")
    assert too_long == []


def test_the_window_composes_parts_instead_of_inheriting_them() -> None:
    tree = ast.parse((PACKAGE / "ui" / "main_window.py").read_text(encoding="utf-8"))
    (window,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "MainWindow"]
    assert [ast.unparse(base) for base in window.bases] == ["QMainWindow"]
