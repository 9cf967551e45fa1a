"""Shared fixtures: real Anki collections on temp files, and real Anki GUI runs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "tools"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


@pytest.fixture
def col(tmp_path):
    """A fresh, real Anki collection on a temp file."""
    from anki.collection import Collection

    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    collection.close()


@pytest.fixture
def anki_gui(tmp_path):
    """Run a scenario ("file.py:function") in real Anki offscreen; returns its result dict."""
    from anki_harness import run_scenario

    def run(scenario: str, **kwargs):
        result = run_scenario(scenario, tmp_path / "base", **kwargs)
        assert result.get("ok"), f"Anki scenario failed: {result.get('error')}\n{result.get('traceback', '')}\n{result.get('_stderr', '')[-3000:]}"
        return result

    return run
