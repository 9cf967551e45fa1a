"""Conformance vectors for the JavaScript grader (web/wp_grader.js): Python's verdicts on recorded
writing, which the JS port must reproduce (tests/test_grader_conformance.py).

    .venv/bin/python tools/make_grader_vectors.py            # rewrite tests/vectors/ (simulated)
    .venv/bin/python tools/make_grader_vectors.py --real DIR  # real handwriting into DIR (not the repo)

Simulated writing (tools/eval_set.py: every error class, over the grid and free) plus cases made
near each threshold (one stroke of a correct drawing stretched, moved or turned to either side of
the length, position and shape limits, a free-standing dot turned to either side of its
direction limit, a component shifted as a whole, taps at tap_length), the characters of two strokes
that touch nothing with one stroke stretched and the other moved away, correct drawings with three
consecutive strokes written as one, correct drawings written the way a character's variant
(writing/data/ja_variant_orders.json) writes them and correct drawings with a tick's legs drawn in
other proportions and turned to either side of their limit, each graded in both modes at several
leniency values; rating vectors (mistakes, hints, reveals) for the rating policy. Real handwriting
(../shared/handwriting) is part GPL: its vectors are made at test time into a temporary folder and
never committed.

Each line: {"id", "char", "script", "kind", "strokes", "variants" and "component_starts" (the
character's, when it has any), "results": [{"mode", "leniency", "ok", "mistakes": [[kind, drawn, ref, expected]], "rating":
[ease, label, reason], guided: "verdicts": [[accepted, ref, reason, expected, message]],
"variant", free: "matches", "variant"}]}; references.json holds each character's reference
strokes once.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "tools"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from writing.grading import CharacterQuiz, grade_free, suggest_rating  # noqa: E402
from writing.grading.geometry import clean_stroke, polyline_length, reference_for, resample, tick_legs, variant_strokes  # noqa: E402
from writing.grading.matching import free_standing_dots  # noqa: E402
from writing.grading.thresholds import thresholds  # noqa: E402
from writing.strokes import lookup  # noqa: E402

OUT = ROOT / "tests" / "vectors"
LENIENCIES = (0.8, 1.0, 1.25)
SIM_CHARACTERS = 32  # of eval_set's 312, spread over the list: ~350 cases
NEAR_CHARACTERS = 24  # characters whose correct drawings get near-threshold variants
NEAR_STEPS = (0.92, 1.08)  # either side of a threshold
RATING_CASES = 400
SEED = 13
LOOPED = "ぱぴぷぺぽパピプペポ"  # every kana with a handakuten circle
# (character, script, stroke): simulated drawings where that stroke, drawn short and carried on
# into the next, also passes as the next stroke alone (free mode names it `merged` by its shape)
RUN_INTO_NEXT = (("猿", "ja", 6), ("気", "ja", 0), ("算", "ja", 3), ("跳", "ja", 2), ("排", "ja", 0),
                 ("版", "ja", 2), ("来", "zh-Hans", 4), ("子", "zh-Hans", 0))
REAL_SETS = ("learner", "kanji-test", "kana", "hiragana-test")


def _rounded(strokes) -> list:
    """Every third point (and the last) to 4 decimals (1/10,000 em), about a pen's sampling: the
    vectors stay small, and Python grades exactly what is stored."""
    out = []
    for stroke in strokes:
        points = np.asarray(stroke, dtype=float)
        keep = points[::3] if len(points) < 2 or (len(points) - 1) % 3 == 0 else np.vstack((points[::3], points[-1:]))
        out.append(np.round(keep, 4).tolist())
    return out


def _mistakes(mistakes) -> list:
    return [[m.kind, m.drawn, m.ref, m.expected] for m in mistakes]


def _rating(r) -> list:
    return [r.ease, r.label, r.reason]


def _groups(variant) -> list | None:
    return [list(group) for group in variant] if variant is not None else None


def results(ref: list, strokes: list, leniencies=LENIENCIES, variants=(), component_starts=()) -> list[dict]:
    out = []
    for leniency in leniencies:
        quiz = CharacterQuiz(ref, leniency=leniency, variants=variants, component_starts=component_starts)
        verdicts = []
        for stroke in strokes:
            v = quiz.submit(stroke)
            verdicts.append([v.accepted, v.ref, v.reason, v.expected, v.message])
        rating = suggest_rating(stroke_count=quiz.stroke_count, mistakes=quiz.mistakes)
        out.append({"mode": "guided", "leniency": leniency, "ok": quiz.done and not quiz.mistakes, "done": quiz.done,
                    "verdicts": verdicts, "mistakes": _mistakes(quiz.mistakes), "rating": _rating(rating),
                    "variant": _groups(quiz.variant)})
        free = grade_free(ref, strokes, leniency=leniency, variants=variants, component_starts=component_starts)
        rating = suggest_rating(stroke_count=len(ref), mistakes=free.mistakes)
        out.append({"mode": "free", "leniency": leniency, "ok": free.ok, "matches": free.matches,
                    "mistakes": _mistakes(free.mistakes), "rating": _rating(rating), "variant": _groups(free.variant)})
    return out


def _about(points: np.ndarray, factor: float = 1.0, shift=(0.0, 0.0), turn: float = 0.0) -> np.ndarray:
    centre = points.mean(axis=0)
    c, s = math.cos(turn), math.sin(turn)
    rotated = (points - centre) @ np.array([[c, s], [-s, c]])
    return rotated * factor + centre + np.asarray(shift)


def _one_per_character(cases, pick=lambda case: case):
    """(case, pick(case)) for the correct drawings written over the grid, one per character, for
    the first NEAR_CHARACTERS characters where `pick` finds something (anything but None)."""
    seen = set()
    for case in cases:
        if len(seen) >= NEAR_CHARACTERS:
            return
        if case.kind != "correct" or case.condition != "grid" or case.char in seen:
            continue
        found = pick(case)
        if found is not None:
            seen.add(case.char)
            yield case, found


def near_threshold_cases(cases) -> list[dict]:
    """Correct drawings with one stroke pushed to either side of a threshold (nominal values)."""
    t = thresholds(1.0)
    rng = np.random.default_rng(SEED)
    out = []
    for case, _ in _one_per_character(cases):
        strokes = [np.asarray(s, dtype=float) for s in case.strokes]
        k = int(rng.integers(len(strokes)))
        angle = float(rng.uniform(0, 2 * math.pi))
        direction = (math.cos(angle), math.sin(angle))
        data = lookup(case.char, case.script)
        starts = data.component_starts
        reference = reference_for(data.strokes)
        free_dots = np.flatnonzero(free_standing_dots(reference, t))
        free_lines = np.flatnonzero(~reference.touches_other & (reference.lengths >= t.dot_length))
        for step in NEAR_STEPS:
            variants = {
                "longer": _about(strokes[k], math.exp(t.length * step)),
                "shorter": _about(strokes[k], math.exp(-t.length * step)),
                "moved": _about(strokes[k], shift=(direction[0] * t.position * step, direction[1] * t.position * step)),
                "turned": _about(strokes[k], turn=0.35 * step),
                "tap": _about(strokes[k], t.tap_length * step / max(float(np.hypot(*np.diff(strokes[k], axis=0).T).sum()), 1e-9)),
            }
            if starts:  # the first stroke of a component, whose position tolerance is wider
                shift = t.position * t.component_position * step
                variants["moved-component-start"] = _about(strokes[starts[0]], shift=(direction[0] * shift, direction[1] * shift))
            if len(free_dots):  # a dot touching nothing, whose direction tolerance is wider
                variants["turned-free-dot"] = _about(strokes[free_dots[0]], turn=t.free_dot_angle * step)
            if len(free_lines):  # a line touching nothing, whose length tolerance is wider
                variants["shorter-free-line"] = _about(strokes[free_lines[0]], math.exp(-t.length * t.free_length * step))
            target = {"moved-component-start": starts[0] if starts else k,
                      "turned-free-dot": free_dots[0] if len(free_dots) else k,
                      "shorter-free-line": free_lines[0] if len(free_lines) else k}
            for name, stroke in variants.items():
                drawn = [s.tolist() for s in strokes]
                drawn[target.get(name, k)] = _rounded([stroke])[0]
                out.append({"id": f"{case.id}-near-{name}-{step}", "char": case.char, "script": case.script,
                            "kind": f"near-{name}", "strokes": drawn})
            if starts:  # a whole component shifted (free mode's component_shift)
                end = starts[1] if len(starts) > 1 else len(strokes)
                shift = (direction[0] * t.component_shift * step, direction[1] * t.component_shift * step)
                drawn = [s.tolist() for s in strokes]
                drawn[starts[0] : end] = _rounded([_about(s, shift=shift) for s in strokes[starts[0] : end]])
                out.append({"id": f"{case.id}-near-shifted-component-{step}", "char": case.char, "script": case.script,
                            "kind": "near-shifted-component", "strokes": drawn})
    return out


def run_together_cases(cases) -> list[dict]:
    """Correct drawings with three consecutive strokes written in one go (the pen kept down from
    one to the next), which the simulated set's merged class (two strokes) does not cover."""
    rng = np.random.default_rng(SEED + 1)
    out = []
    for case, _ in _one_per_character(cases, lambda case: case if len(case.strokes) >= 4 else None):
        k = int(rng.integers(len(case.strokes) - 2))
        joined = [p for stroke in case.strokes[k : k + 3] for p in stroke]
        drawn = [list(s) for s in case.strokes[:k]] + [joined] + [list(s) for s in case.strokes[k + 3 :]]
        out.append({"id": f"{case.id}-three-as-one", "char": case.char, "script": case.script,
                    "kind": "merged-three", "strokes": _rounded(drawn)})
    return out


def apart_pair_cases(cases) -> list[dict]:
    """Correct drawings of the characters of two strokes that touch nothing (い, こ, り), one stroke
    drawn longer or shorter and the other moved away from it, about where free mode's check of
    each stroke against the other (placed at the scale of all the ink) changes its mind."""
    t = thresholds(1.0)
    out = []
    seen = set()
    for case in cases:
        if case.kind != "correct" or case.condition != "grid" or len(case.strokes) != 2 or case.char in seen:
            continue
        if reference_for(lookup(case.char, case.script).strokes).touches_other.any():
            continue
        seen.add(case.char)
        first, second = (np.asarray(s, dtype=float) for s in case.strokes)
        away = second.mean(axis=0) - first.mean(axis=0)
        away /= max(float(np.hypot(*away)), 1e-9)
        for factor in (0.75, 1.35):
            for apart in (1.5, 2.0, 2.5, 3.0):
                shift = away * t.position * apart
                drawn = [_about(first, factor), _about(second, shift=(shift[0], shift[1]))]
                out.append({"id": f"{case.id}-apart-{factor}-{apart}", "char": case.char, "script": case.script,
                            "kind": "apart-pair", "strokes": _rounded(drawn)})
    return out


def variant_order_cases(cases) -> list[dict]:
    """Correct drawings of characters that have a variant, written the variant's way: its order,
    and each group of reference strokes in one go."""
    out = []
    seen = set()
    for case in cases:
        variants = lookup(case.char, case.script).variants if case.script == "ja" else ()
        if case.kind != "correct" or case.condition != "grid" or not variants or case.char in seen:
            continue
        seen.add(case.char)
        drawn = variant_strokes(case.strokes, variants[0])
        out.append({"id": f"{case.id}-variant", "char": case.char, "script": case.script,
                    "kind": "variant", "strokes": _rounded(drawn)})
    return out


def other_way_round_cases() -> list[dict]:
    """Correct drawings of the handakuten kana with the circle going round the other way from a
    third of the way along (simulated like tools/eval_set.py's grid writing, whose characters have
    no loop): the fit must line a loop up with the reference's before it uses its points."""
    import eval_set

    rng = np.random.default_rng(SEED + 2)
    out = []
    for char in LOOPED:
        ref = [np.asarray(s, dtype=float) for s in lookup(char, "ja").strokes]
        closed = reference_for(ref).closed
        drawn = []
        for k, stroke in enumerate(ref):
            if closed[k]:
                back = stroke[::-1]
                stroke = np.vstack((back[len(back) // 3 :], back[1 : len(back) // 3 + 1]))
            drawn.append(eval_set.human_stroke(rng, stroke))
        out.append({"id": f"ja-{char}-loop-other-way", "char": char, "script": "ja", "kind": "loop-other-way",
                    "strokes": _rounded(eval_set.place(rng, drawn, "grid"))})
    return out


def moved_ring_cases() -> list[dict]:
    """Correct drawings of the handakuten kana with the circle moved to either side of its position
    tolerance (a free-standing mark's: position times dot_position), four ways."""
    import eval_set

    t = thresholds(1.0)
    rng = np.random.default_rng(SEED + 3)
    out = []
    for char in LOOPED:
        ref = [np.asarray(s, dtype=float) for s in lookup(char, "ja").strokes]
        ring = int(np.flatnonzero(reference_for(ref).closed)[0])
        drawn = [eval_set.human_stroke(rng, stroke) for stroke in ref]
        for step in NEAR_STEPS:
            for way, (dx, dy) in {"left": (-1, 0), "down": (0, 1), "right": (1, 0), "up": (0, -1)}.items():
                shift = t.position * t.dot_position * step
                moved = list(drawn)
                moved[ring] = _about(drawn[ring], shift=(dx * shift, dy * shift))
                out.append({"id": f"ja-{char}-ring-{way}-{step}", "char": char, "script": "ja", "kind": "near-moved-ring",
                            "strokes": _rounded(moved)})
    return out


def run_into_next_cases(cases) -> list[dict]:
    """Correct drawings with one stroke (RUN_INTO_NEXT) cut to half or 70% of its path and carried
    on into the next without lifting the pen."""
    out = []
    wanted = {(char, script): stroke for char, script, stroke in RUN_INTO_NEXT}
    for case in cases:
        k = wanted.pop((case.char, case.script), None) if case.kind == "correct" and case.condition == "grid" else None
        if k is None:
            continue
        for fraction in (0.5, 0.7):
            points = np.asarray(case.strokes[k], dtype=float)
            along = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(points, axis=0).T))])
            joined = np.vstack((points[along <= fraction * along[-1]], np.asarray(case.strokes[k + 1], dtype=float)))
            drawn = [list(s) for s in case.strokes[:k]] + [joined] + [list(s) for s in case.strokes[k + 2 :]]
            out.append({"id": f"{case.id}-run-into-next-{fraction}", "char": case.char, "script": case.script,
                        "kind": "run-into-next", "strokes": _rounded(drawn)})
    return out


def straightened_cases(cases) -> list[dict]:
    """Correct drawings with a stroke that has several corners (reference turning at least
    corner_turning: ㇋, 乙, loops) flattened towards its chord, about where corner_loss decides."""
    t = thresholds(1.0)

    def first_cornered(case) -> int | None:
        cornered = np.flatnonzero(reference_for(lookup(case.char, case.script).strokes).turning >= t.corner_turning)
        return int(cornered[0]) if len(cornered) else None

    out = []
    for case, k in _one_per_character(cases, first_cornered):
        points = np.asarray(case.strokes[k], dtype=float)
        start, chord = points[0], points[-1] - points[0]
        chord = chord / max(float(np.hypot(*chord)), 1e-9)
        along = (points - start) @ chord
        on_chord = start + along[:, None] * chord
        for keep in (0.2, 0.3, 0.45):
            drawn = [list(s) for s in case.strokes]
            drawn[k] = on_chord + keep * (points - on_chord)
            out.append({"id": f"{case.id}-straightened-{keep}", "char": case.char, "script": case.script,
                        "kind": "near-straightened", "strokes": _rounded(drawn)})
    return out


def reproportioned_tick(stroke, first_share: float, second_share: float, first_turn: float = 0.0,
                        second_turn: float = 0.0) -> np.ndarray | None:
    """A stroke with one corner (a tick: geometry.tick_legs) drawn again with straight legs along
    its own, each turned by its angle (radians) and `first_share` / `second_share` of the stroke's
    length long, centred where the stroke's points are; None when the stroke has no corner."""
    t = thresholds(1.0)
    points = np.asarray(stroke, dtype=float)
    legs = tick_legs(resample(clean_stroke(points)), t.tick_leg_share, t.tick_turn)
    if np.isnan(legs).any():
        return None
    length = polyline_length(points)
    corner = np.array([math.cos(legs[0] + first_turn), math.sin(legs[0] + first_turn)]) * first_share * length
    end = corner + np.array([math.cos(legs[1] + second_turn), math.sin(legs[1] + second_turn)]) * second_share * length
    drawn = np.vstack([np.linspace((0.0, 0.0), corner, 8), np.linspace(corner, end, 8)[1:]])
    return drawn - drawn.mean(axis=0) + points.mean(axis=0)


def reproportioned_tick_cases(cases) -> list[dict]:
    """Correct drawings with a tick (a reference stroke under tick_length with one corner) drawn
    long first leg, short second, its first leg turned to either side of dot_angle; and drawn
    backwards."""
    t = thresholds(1.0)

    def first_tick(case) -> int | None:
        """The first tick whose drawn stroke has a corner too."""
        reference = reference_for(lookup(case.char, case.script).strokes)
        ticks = np.flatnonzero((reference.lengths < t.tick_length) & ~np.isnan(reference.legs[:, 0]))
        return next((int(k) for k in ticks if reproportioned_tick(case.strokes[k], 0.7, 0.25) is not None), None)

    out = []
    for case, k in _one_per_character(cases, first_tick):
        variants = {f"{step}": reproportioned_tick(case.strokes[k], 0.7, 0.25, t.dot_angle * step) for step in NEAR_STEPS}
        variants["backwards"] = np.asarray(case.strokes[k], dtype=float)[::-1]
        for name, stroke in variants.items():
            drawn = [list(s) for s in case.strokes]
            drawn[k] = _rounded([stroke])[0]
            out.append({"id": f"{case.id}-tick-{name}", "char": case.char, "script": case.script,
                        "kind": "near-tick", "strokes": drawn})
    return out


def rating_vectors() -> list[dict]:
    """Random mistake lists, hints and reveals through suggest_rating."""
    from writing.grading.types import MISTAKE_KINDS, Mistake

    rng = np.random.default_rng(SEED)
    out = []
    for i in range(RATING_CASES):
        strokes = int(rng.integers(1, 25))
        guided = bool(rng.integers(2))
        mistakes = []
        for _ in range(int(rng.choice([0, 0, 1, 2, 3, 5, 8]))):
            kind = str(rng.choice(MISTAKE_KINDS))
            expected = int(rng.integers(strokes)) if guided else None
            mistakes.append(Mistake(kind, int(rng.integers(strokes)), int(rng.integers(strokes)), expected))
        if not guided and i % 17 == 0:
            mistakes = [Mistake("missing", None, r) for r in range(strokes)]
        hints = [int(rng.choice([0, 0, 0, 1, 2, 4])) for _ in range(3)]
        reveals = hints[2] if i % 5 == 0 else 0
        given = len(mistakes) if i % 11 == 0 else mistakes
        rating = suggest_rating(stroke_count=strokes, mistakes=given, stroke_hints=hints[0], component_hints=hints[1], reveals=reveals)
        out.append({"id": f"rating-{i}", "stroke_count": strokes,
                    "mistakes": given if isinstance(given, int) else _mistakes(given),
                    "stroke_hints": hints[0], "component_hints": hints[1], "reveals": reveals, "rating": _rating(rating)})
    return out


def simulated_cases() -> list[dict]:
    import eval_set

    cases = eval_set.generate(eval_set.SEED, SIM_CHARACTERS)
    rows = [{"id": c.id, "char": c.char, "script": c.script, "kind": c.kind, "strokes": _rounded(c.strokes)} for c in cases]
    # Few of the first characters have a variant or two strokes apart: those come from the whole set.
    every_case = eval_set.generate(eval_set.SEED)
    return (rows + near_threshold_cases(cases) + run_together_cases(cases)
            + variant_order_cases(every_case) + apart_pair_cases(every_case)
            + other_way_round_cases() + moved_ring_cases() + run_into_next_cases(every_case)
            + straightened_cases(every_case) + reproportioned_tick_cases(every_case))


def real_cases(folder: Path) -> list[dict]:
    rows = []
    for name in REAL_SETS:
        path = folder / f"{name}.jsonl"
        if not path.exists():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            row = json.loads(line)
            rows.append({"id": f"{name}-{n}-{row['char']}", "char": row["char"], "script": row["script"],
                         "kind": row.get("label") or "correct", "strokes": row["strokes"]})
    return rows


def thresholds_fingerprint() -> str:
    import hashlib

    return hashlib.sha256((ROOT / "writing" / "grading" / "thresholds.json").read_bytes()).hexdigest()[:16]


def write(rows: list[dict], out: Path, name: str, leniencies=LENIENCIES) -> int:
    """Grade every row, write <name>.jsonl and merge its references into references-<name>.json."""
    out.mkdir(parents=True, exist_ok=True)
    references = {}
    lines = []
    for row in rows:
        data = lookup(row["char"], row["script"])
        if not data.ok:
            continue
        key = f"{row['script']}:{row['char']}"
        references[key] = [[[float(x), float(y)] for x, y in stroke] for stroke in data.strokes]
        if data.variants:
            row = {**row, "variants": [_groups(v) for v in data.variants]}
        if data.component_starts:
            row = {**row, "component_starts": list(data.component_starts)}
        row = {**row, "ref": key,
               "results": results(references[key], row["strokes"], leniencies, data.variants, data.component_starts)}
        lines.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    (out / f"{name}.jsonl").write_text("".join(lines), encoding="utf-8")
    (out / f"{name}.thresholds").write_text(thresholds_fingerprint() + "\n", encoding="utf-8")
    (out / f"references-{name}.json").write_text(json.dumps(references, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    return len(lines)


def write_simulated(out: Path = OUT) -> None:
    count = write(simulated_cases(), out, "simulated")
    ratings = rating_vectors()
    (out / "rating.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in ratings), encoding="utf-8")
    print(f"{count} simulated cases x {len(LENIENCIES)} leniencies x 2 modes, {len(ratings)} rating cases -> {out}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the simulated vectors (default tests/vectors)")
    parser.add_argument("--real", type=Path, help="write real-handwriting vectors into this folder (never the repo)")
    parser.add_argument("--handwriting", type=Path, default=ROOT.parent / "shared" / "handwriting")
    args = parser.parse_args(argv)
    if args.real:
        if args.real.resolve().is_relative_to(ROOT):
            parser.error("real handwriting vectors must not go into the repository (licences)")
        count = write(real_cases(args.handwriting), args.real, "real")
        print(f"{count} real samples -> {args.real}", file=sys.stderr)
        return 0
    write_simulated(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
