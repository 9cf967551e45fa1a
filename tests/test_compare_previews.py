"""tools/compare_previews.py: the check that a faster conversion plans exactly what it planned before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import compare_previews

ROOT = Path(__file__).resolve().parent.parent
PREVIEW = [5, 3, 1, {"no vocabulary field found in its note type": 1}, 0, {}, [], [["学生", "ja"]], {}, {}, ["A::Writing"]]


def _changed(part: int, value) -> list:
    changed = list(PREVIEW)
    changed[part] = value
    return changed


@pytest.mark.parametrize(
    "after,expected",
    [
        pytest.param({"k": PREVIEW}, [], id="same"),
        pytest.param({"k": _changed(7, [["学生", "zh-Hans"]])}, ["k: planned notes differ"], id="a-planned-note"),
        pytest.param({"k": _changed(3, {})}, ["k: skipped differ"], id="skip-reasons"),
        pytest.param({"k": PREVIEW, "extra": PREVIEW}, ["only in the second: extra"], id="a-preview-only-one-side-has"),
    ],
)
def test_differences_name_the_preview_and_the_part(after, expected):
    found = compare_previews.differences({"k": PREVIEW}, after)
    assert len(found) == len(expected), found
    assert all(line.startswith(start) for line, start in zip(found, expected)), found


def test_a_commit_compared_with_itself_is_identical():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "compare_previews.py"), "HEAD", "--with", "HEAD", "--notes", "150"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert proc.stdout.startswith("identical: 48 previews, "), proc.stdout
