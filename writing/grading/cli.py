"""`python -m writing grade [--leniency X]`: grade JSON lines of strokes from stdin.

In, one JSON object per line:
    {"char": "語", "script": "ja"|"zh-Hans"|"zh-Hant", "mode": "free"|"guided",
     "box": [x, y, size], "strokes": [[[x, y], ...], ...]}
strokes in drawing order, in canvas pixels (y down); `box` is the square of the canvas that shows
the character's em box (the grid).
Out, one JSON line per input line:
    {"ok": bool, "rating": 1-4, "mistakes": [{"kind": "...", "drawn": i|null, "ref": j|null}, ...]}
or {"error": "..."} for a line that cannot be graded; the run goes on. Guided mode feeds the
strokes one by one as a learner draws them (a rejected stroke is a mistake and does not advance;
strokes after the character is complete are "extra"; strokes never written are "missing").
Both modes accept a Japanese character written in another standard way that the bundled table
records (writing/data/ja_variant_orders.json: the Chinese order of 感 or 右, 阝 in two strokes);
indices in the output are always the reference's own."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from ..config import parse
from ..strokes import SCRIPTS, lookup

from . import CharacterQuiz, Mistake, grade_free, suggest_rating

# Bounds on one input line, so a hostile or broken producer costs bounded time.
MAX_STROKES = 256
MAX_LINE_CHARS = 20_000_000


class BadInput(ValueError):
    """A line that cannot be graded; the message says why."""


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BadInput(f"{what} must be a finite number")
    return float(value)


def _strokes_in_em(strokes: Any, box: Any) -> list[list[tuple[float, float]]]:
    if not isinstance(box, list) or len(box) != 3:
        raise BadInput("box must be [x, y, size]")
    left, top, size = (_number(v, "box value") for v in box)
    if size <= 0:
        raise BadInput("box size must be greater than 0")
    if not isinstance(strokes, list):
        raise BadInput("strokes must be a list of strokes")
    if len(strokes) > MAX_STROKES:
        raise BadInput(f"too many strokes ({len(strokes)}; at most {MAX_STROKES})")
    em: list[list[tuple[float, float]]] = []
    for i, stroke in enumerate(strokes):
        if not isinstance(stroke, list):
            raise BadInput(f"stroke {i} must be a list of [x, y] points")
        points = []
        for point in stroke:
            if not isinstance(point, list) or len(point) != 2:
                raise BadInput(f"stroke {i} has a point that is not [x, y]")
            x, y = point
            if isinstance(x, bool) or isinstance(y, bool) or not isinstance(x, (int, float)) or not isinstance(y, (int, float)):
                raise BadInput(f"stroke {i} has a point with a non-numeric coordinate")
            # Non-finite values (JSON NaN/Infinity) are kept here and dropped by the grader.
            points.append(((x - left) / size, (y - top) / size))
        em.append(points)
    return em


def _guided(data, strokes, leniency: float) -> list[Mistake]:
    quiz = CharacterQuiz(data.strokes, leniency=leniency, variants=data.variants, component_starts=data.component_starts)
    extra = []
    for drawn, stroke in enumerate(strokes):
        if quiz.done:
            extra.append(Mistake("extra", drawn, None))
        else:
            quiz.submit(stroke)
    missing = [] if quiz.done else [Mistake("missing", None, j) for j in quiz.unwritten]
    return list(quiz.mistakes) + extra + missing


def grade_line(line: str, leniency: float, policy) -> dict:
    """The output object for one input line (never raises for bad input)."""
    if len(line) > MAX_LINE_CHARS:
        return {"error": f"line too long ({len(line)} characters)"}
    try:
        request = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return {"error": f"not valid JSON: {exc}"}
    if not isinstance(request, dict):
        return {"error": "each line must be a JSON object"}
    try:
        char, script, mode = request.get("char"), request.get("script"), request.get("mode")
        if not isinstance(char, str) or not char:
            raise BadInput("char must be one character")
        if script not in SCRIPTS:
            raise BadInput(f"script must be one of {', '.join(SCRIPTS)}")
        if mode not in ("free", "guided"):
            raise BadInput("mode must be free or guided")
        strokes = _strokes_in_em(request.get("strokes"), request.get("box"))
    except BadInput as exc:
        return {"error": str(exc)}
    data = lookup(char, script)
    if not data.ok:
        return {"error": data.reason}
    if mode == "free":
        mistakes = grade_free(data.strokes, strokes, leniency=leniency, variants=data.variants,
                              component_starts=data.component_starts).mistakes
    else:
        mistakes = _guided(data, strokes, leniency)
    rating = suggest_rating(stroke_count=data.stroke_count, mistakes=mistakes, policy=policy)
    return {
        "ok": not mistakes,
        "rating": rating.ease,
        "mistakes": [{"kind": m.kind, "drawn": m.drawn, "ref": m.ref} for m in mistakes],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m writing grade", description=__doc__.split("\n\n")[0])
    parser.add_argument("--leniency", type=float, help="scale every tolerance (default: the config's leniency)")
    args = parser.parse_args(argv)
    config, _problems = parse({})
    leniency = args.leniency if args.leniency and args.leniency > 0 else config.leniency
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            result = grade_line(line, leniency, config.rating)
        except Exception as exc:  # a grader bug must not end the run for the lines after it
            result = {"error": f"internal error: {type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0
