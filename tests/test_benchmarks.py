"""The benchmarks run in CI, small, so they cannot rot unnoticed: each must finish and print the
numbers it exists for. (Speed goals are judged from their full runs, not here.)"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"\d+(\.\d+)?"


@pytest.mark.parametrize(
    "args,expected",
    [
        pytest.param(["bench_strokes.py"], [rf"cold lookup .* p99 {NUMBER} ms", rf"memory .*: {NUMBER} MB"], id="strokes"),
        pytest.param(
            ["bench_grader.py", "--limit", "12"] + ([] if shutil.which("node") else ["--no-hanzi-writer"]),
            [r"correct", rf"{NUMBER}%"],
            id="grader-with-hanzi-writer-peer",
        ),
        pytest.param(["bench_convert.py", "--notes", "3000", "--known", "900", "--rounds", "1"], [r"floor", r"conversion / floor: " + NUMBER + "x"], id="convert"),
        pytest.param(["bench_gap.py", "--notes", "3000", "--revlog", "30000", "--runs", "1"], [rf"{NUMBER} s"], id="gap"),
        pytest.param(["bench_review.py", "--strokes", "40"], [r"p95", rf"{NUMBER} ms"], id="review-in-real-anki"),
        pytest.param(["bench_startup.py", "--notes", "2000", "--rounds", "1", "--cards", "3"], [r"added by the add-on", rf"{NUMBER} ms"], id="startup-in-real-anki"),
    ],
)
def test_benchmark_runs_and_prints_its_numbers(args, expected, capsys):
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / args[0]), *args[1:]], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for pattern in expected:
        assert re.search(pattern, proc.stdout), f"{pattern!r} not in:\n{proc.stdout[-3000:]}"
    with capsys.disabled():
        print(f"\n--- tools/{' '.join(args)}\n{proc.stdout.strip()[-2500:]}")
