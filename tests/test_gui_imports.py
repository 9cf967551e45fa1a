"""The aqt layer's modules import each other in one direction: writing/gui/addon.py (the Tools
menu) opens the windows, the windows and the reviewer use writing/gui/state.py (config, log), and
nothing imports back up. Read from the source (every import, also those inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GUI = Path(__file__).resolve().parent.parent / "writing" / "gui"
MODULES = sorted(p.stem for p in GUI.glob("*.py"))


def gui_imports(module: str) -> set[str]:
    """The writing/gui modules `module` imports (`from . import x`, `from .x import y`)."""
    found = set()
    for node in ast.walk(ast.parse((GUI / f"{module}.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.update([node.module.split(".")[0]] if node.module else [alias.name for alias in node.names])
    return found & set(MODULES)


GRAPH = {module: gui_imports(module) for module in MODULES}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as [a, b, ..., a], or [] when there is none."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str]:
        if module in path:
            return path[path.index(module) :] + [module]
        if module in done:
            return []
        for imported in sorted(graph[module]):
            cycle = visit(imported, path + [module])
            if cycle:
                return cycle
        done.add(module)
        return []

    for module in sorted(graph):
        cycle = visit(module, [])
        if cycle:
            return cycle
    return []


def test_the_gui_import_graph_has_no_cycle():
    assert find_cycle(GRAPH) == [], " -> ".join(find_cycle(GRAPH))


def test_the_cycle_check_finds_the_cycle_there_was():
    """The old graph (addon opened the windows, the windows read addon's config) is a cycle."""
    old = {**GRAPH, "self_test": GRAPH["self_test"] | {"addon"}}
    assert find_cycle(old) == ["addon", "self_test", "addon"]


@pytest.mark.parametrize("module", [m for m in MODULES if m not in ("addon", "__init__")])
def test_no_window_imports_the_menu(module):
    assert "addon" not in GRAPH[module]


def test_the_menu_opens_the_windows_and_they_share_the_state():
    assert {"convert_dialog", "gap_report", "self_test", "settings"} <= GRAPH["addon"]
    for window in ("convert_dialog", "gap_report", "self_test", "settings", "reviewer"):
        assert "state" in GRAPH[window], window
    assert GRAPH["state"] == set()
