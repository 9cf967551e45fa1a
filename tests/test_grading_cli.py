"""`python -m writing grade`: the stable JSON-lines contract, run for real in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from writing.strokes import lookup

ROOT = Path(__file__).resolve().parent.parent


def run_grade(lines: list[str], *args: str) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "-m", "writing", "grade", *args],
        input="".join(line + "\n" for line in lines), capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def in_canvas(strokes, box=(40, 30, 300)):
    x, y, size = box
    return [[[x + u * size, y + v * size] for u, v in s] for s in strokes]


def request(char, script, mode, strokes, box=(40, 30, 300)):
    return json.dumps({"char": char, "script": script, "mode": mode, "box": list(box), "strokes": strokes}, ensure_ascii=False)


def test_clean_and_mistaken_writing_in_both_modes():
    ref = [list(s) for s in lookup("口", "ja").strokes]
    swapped = [ref[0], ref[2], ref[1]]
    out = run_grade([
        request("口", "ja", "free", in_canvas(ref)),
        request("口", "ja", "guided", in_canvas(ref)),
        request("口", "ja", "free", in_canvas(swapped)),
        request("口", "ja", "guided", in_canvas(swapped)),
    ])
    assert out[0] == {"ok": True, "rating": 3, "mistakes": []}
    assert out[1] == {"ok": True, "rating": 3, "mistakes": []}
    assert out[2] == {"ok": False, "rating": 2, "mistakes": [{"kind": "order", "drawn": 1, "ref": 2}]}
    # Guided: the bottom line drawn early is rejected and does not advance; the box side is then
    # accepted, and the bottom line never comes again.
    assert out[3]["mistakes"] == [{"kind": "order", "drawn": 1, "ref": 2}, {"kind": "missing", "drawn": None, "ref": 2}]
    assert out[3]["ok"] is False


def test_guided_strokes_after_completion_are_extra():
    ref = [list(s) for s in lookup("一", "ja").strokes]
    (out,) = run_grade([request("一", "ja", "guided", in_canvas(ref + ref))])
    assert out["mistakes"] == [{"kind": "extra", "drawn": 1, "ref": None}]


def test_the_box_maps_canvas_pixels_to_the_em_box():
    ref = [list(s) for s in lookup("語", "ja").strokes]
    box = (500, 20, 80)
    (out,) = run_grade([request("語", "ja", "free", in_canvas(ref, box), box)])
    assert out["ok"]


@pytest.mark.parametrize(
    "line,message",
    [
        pytest.param("not json", "not valid JSON", id="not-json"),
        pytest.param("[1, 2]", "JSON object", id="not-an-object"),
        pytest.param(request("口", "ja", "free", [], box=(0, 0, 0)), "box size", id="box-size-zero"),
        pytest.param(json.dumps({"char": "口", "script": "ja", "mode": "free", "box": [0, 0], "strokes": []}), "box", id="short-box"),
        pytest.param(request("口", "ko", "free", []), "script", id="unknown-script"),
        pytest.param(request("口", "ja", "quiz", []), "mode", id="unknown-mode"),
        pytest.param(request("", "ja", "free", []), "char", id="no-char"),
        pytest.param(request("口", "ja", "free", [[["a", 1]]]), "non-numeric", id="text-coordinate"),
        pytest.param(request("口", "ja", "free", "strokes"), "strokes", id="strokes-not-a-list"),
        pytest.param(request("\U0001F600", "ja", "free", []), "no stroke data", id="character-without-data"),
    ],
)
def test_malformed_lines_get_an_error_and_the_run_goes_on(line, message):
    good = request("一", "ja", "free", in_canvas([list(s) for s in lookup("一", "ja").strokes]))
    out = run_grade([line, good])
    assert set(out[0]) == {"error"} and message in out[0]["error"]
    assert out[1]["ok"] is True


def test_nan_points_and_a_hundred_thousand_point_stroke_get_verdicts():
    ref = [list(s) for s in lookup("一", "ja").strokes]
    (x0, y0), (x1, y1) = ref[0][0], ref[0][-1]
    long_stroke = [[x0 + (x1 - x0) * i / 99_999, y0 + (y1 - y0) * i / 99_999] for i in range(100_000)]
    nan_line = '{"char": "一", "script": "ja", "mode": "free", "box": [0, 0, 1], "strokes": [[[NaN, 1], [Infinity, 2]]]}'
    out = run_grade([nan_line, request("一", "ja", "guided", [long_stroke], box=(0, 0, 1))])
    # Every point dropped: an empty stroke, read as a too-short one or as extra with the line missing.
    assert out[0]["ok"] is False and out[0]["rating"] < 3 and out[0]["mistakes"]
    assert out[1] == {"ok": True, "rating": 3, "mistakes": []}


def test_importing_writing_does_not_load_numpy():
    code = "import sys, writing, writing.config, writing.strokes, writing.__main__; print('numpy' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr
