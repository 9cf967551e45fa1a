"""The design's layout rules, checked on the real files."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE_FILES = sorted(p for p in (ROOT / "writing").rglob("*.py") if "gui" not in p.relative_to(ROOT / "writing").parts)


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", CORE_FILES, ids=[str(p.relative_to(ROOT)) for p in CORE_FILES])
def test_core_never_imports_aqt(path):
    assert not {"aqt", "PyQt6", "PyQt5"} & _imported_modules(path)


def test_importing_the_core_pulls_in_no_gui():
    modules = " ".join(
        "writing." + ".".join(p.relative_to(ROOT / "writing").with_suffix("").parts)
        for p in CORE_FILES
        if p.name not in ("__main__.py",) and "grading" not in p.parts
    ).replace(".__init__", "")
    code = f"import sys, importlib\nfor m in '{modules}'.split(): importlib.import_module(m)\nprint(sorted(m for m in ('aqt', 'PyQt6') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_addon_entry_point_does_nothing_outside_anki():
    """Imported the way a tool would (package name as AnkiWeb might pick), it registers no hook."""
    from aqt import gui_hooks

    before = len(gui_hooks.profile_did_open._hooks)
    spec = importlib.util.spec_from_file_location("addon_under_test_1234", ROOT / "__init__.py", submodule_search_locations=[str(ROOT)])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert len(gui_hooks.profile_did_open._hooks) == before
    assert "addon_under_test_1234.writing.gui.addon" not in sys.modules


ADDON_FILES = [ROOT / "__init__.py", *(p for p in (ROOT / "writing").rglob("*.py") if p.name != "__main__.py")]


@pytest.mark.parametrize("path", ADDON_FILES, ids=[str(p.relative_to(ROOT)) for p in ADDON_FILES])
def test_addon_imports_its_own_modules_relatively(path):
    """Inside Anki the package is `write_practice.writing` (or a number, from AnkiWeb): an
    absolute `import writing...` works in tests and fails for users."""
    assert "writing" not in _imported_modules(path), f"{path.name}: use relative imports (AnkiWeb renames the folder)"


def test_manifest():
    manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["package"] == "write_practice"
    assert manifest["name"] == "Write Practice"
    assert manifest["min_point_version"] == 250700
    assert manifest["human_version"]


def test_config_md_documents_every_key():
    defaults = json.loads((ROOT / "config.json").read_text(encoding="utf-8"))
    doc = (ROOT / "config.md").read_text(encoding="utf-8")
    keys = list(defaults) + [f"rating.{k}" for k in defaults["rating"]]
    undocumented = [k for k in keys if f"`{k.split('.')[-1]}`" not in doc]
    assert undocumented == []


def test_config_json_and_typed_defaults_agree():
    """config.json is the schema; the dataclass defaults (used by code that builds a Config
    directly) must not drift from it."""
    from writing import config

    parsed, problems = config.parse({})
    assert problems == []
    assert parsed == config.Config()
