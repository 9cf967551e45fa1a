"""Calibrate the grader's three main thresholds (shape, position, length in
writing/grading/thresholds.json) on data, and check them by leaving one writer out.

    .venv/bin/python tools/calibrate_grader.py [--sim N] [--templates-every K] 

For every stroke of the real samples labelled correct (../shared/handwriting/, read, never copied)
it measures, in guided mode's context (the strokes before it accepted as written), how big each
threshold would have to be for the stroke to pass: its shape distance (hooks trimmed; 0 for a dot
whose direction is right), its centre offset beyond the fit's own doubt (halved when it keeps its
contacts), its |log length ratio|. It measures the same for the simulated error strokes that must
fail (tools/eval_set.py: foreign and misplaced strokes). The three values are then chosen together
on a grid: the most correct real strokes pass (averaged over writers, so the big template set
does not decide alone) while at most 1% of the error strokes pass all three.

Leave one writer out: the thresholds are calibrated on the other writers and the held-out writer's
samples are graded with them (both modes, the CLI path); printed beside the committed values.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "tools"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import eval_real  # noqa: E402
from eval_set import SEED, generate  # noqa: E402
from writing.grading import geometry, guided, matching  # noqa: E402
from writing.grading import thresholds as thresholds_module  # noqa: E402
from writing.grading.geometry import clean_stroke, polyline_length, reference_for, resample  # noqa: E402
from writing.strokes import lookup  # noqa: E402

CALIBRATED = ("shape", "position", "length")


def needs(ref, drawn: list[np.ndarray], i: int, t) -> dict:
    """How big shape, position and length would have to be for drawn stroke i to pass as
    reference stroke i, the strokes before it accepted."""
    accepted = guided._Accepted(list(range(i)), drawn[:i])
    transform, fitted_from = guided._fit(ref, accepted, t)
    mapped = resample(transform.to_reference(drawn[i]))
    placed = np.stack([transform.to_reference(d) for d in drawn[:i]])
    raw = thresholds_module.Thresholds(1.0)
    raw.shape, raw.dot_length = 1.0, 0.0  # plain shape distance, no dot rule
    shape = float(matching.shape_scores(mapped[None], ref, raw)[0][0, i])
    turn = abs((geometry.chord_angles(mapped) - ref.chords[i] + np.pi) % (2 * np.pi) - np.pi)
    if ref.lengths[i] < t.dot_length and turn <= matching.dot_angles(ref, t)[i]:
        shape = 0.0  # a dot pointing the right way passes whatever its shape
    # the distance from where it belongs (em), after length_slide: placement over a tolerance of 1
    offset = float(matching.placement_scores(mapped.mean(axis=0)[None], np.array([polyline_length(mapped)]), ref,
                                             np.ones(1), t, slice(i, i + 1))[0, 0])
    # The tolerance is (position + doubt) x the loose-placement factor: solved for position.
    factor = float(matching.loose_placement(ref, t)[i])
    doubt = float(matching.position_tolerance(fitted_from, ref, t, slice(i, i + 1))[0]) / factor - t.position
    offset /= factor
    if matching.keeps_contacts(mapped, i, ref, np.arange(i), placed, t):
        offset /= t.contact_position
    length = abs(float(np.log((polyline_length(mapped) + t.length_floor) / (ref.lengths[i] + t.length_floor))))
    if ref.lengths[i] < t.dot_length and length <= t.dot_length_ratio:
        length = 0.0  # a dot has a length tolerance of its own
    return {"shape": shape, "position": max(offset - doubt, 0.0), "length": length}


def real_needs(samples, t) -> dict:
    """{writer: (k, 3) needed shape, position, length per stroke} over correct samples, strokes 2 on."""
    out: dict = defaultdict(list)
    for s in samples:
        if s.label != "correct":
            continue
        data = lookup(s.char, s.script)
        ref = reference_for(data.strokes, data.component_starts)
        drawn = [resample(clean_stroke(st)) for st in s.strokes]
        for i in range(1, min(ref.count, len(drawn))):
            values = needs(ref, drawn, i, t)
            out[s.writer].append([values[name] for name in CALIBRATED])
    return {w: np.array(v) for w, v in out.items()}


def error_needs(limit: int, t) -> np.ndarray:
    """(e, 3): what each simulated foreign or misplaced stroke would need to pass."""
    out = []
    for case in generate(SEED, limit):
        if case.kind not in ("foreign", "misplaced") or not case.wrong_drawn:
            continue
        data = lookup(case.char, case.script)
        ref = reference_for(data.strokes, data.component_starts)
        drawn = [resample(clean_stroke(st)) for st in case.strokes]
        values = needs(ref, drawn, case.wrong_drawn, t)
        out.append([values[name] for name in CALIBRATED])
    return np.array(out)


GRID = {
    "shape": np.arange(0.40, 0.91, 0.05),
    "position": np.arange(0.08, 0.201, 0.01),
    "length": np.arange(0.40, 0.81, 0.05),
}


def calibrate(per_writer: dict, writers: list[str], errors: np.ndarray, missed: float = 0.01) -> dict:
    """The grid point where the most correct strokes pass (mean over writers) and at most
    `missed` of the error strokes pass; ties go to the smaller values (stricter)."""
    best, best_score = None, -1.0
    for shape in GRID["shape"]:
        for position in GRID["position"]:
            limit = np.array([shape, position, 0.0])
            for length in GRID["length"]:
                limit[2] = length
                if (errors <= limit).all(axis=1).mean() > missed:
                    continue
                score = np.mean([(per_writer[w] <= limit).all(axis=1).mean() for w in writers])
                if score > best_score + 1e-12:
                    best, best_score = (shape, position, length), score
    if best is None:
        raise SystemExit(f"no grid point lets at most {100 * missed:.0f}% of the {len(errors)} error strokes pass: "
                         "raise --missed or --sim")
    return {name: round(float(v), 3) for name, v in zip(CALIBRATED, best)}


def graded_with(values: dict, samples) -> dict:
    """Pass rates {mode: share} of the correct samples graded with these threshold values."""
    entries = json.loads(thresholds_module._FILE.read_text(encoding="utf-8"))
    for name, value in values.items():
        entries["thresholds"][name]["value"] = value
    original = thresholds_module._FILE
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "thresholds.json"
        path.write_text(json.dumps(entries), encoding="utf-8")
        thresholds_module._FILE = path
        _clear_caches()
        try:
            answers, _ = eval_real.grade_all([s for s in samples if s.label == "correct"])
        finally:
            thresholds_module._FILE = original
            _clear_caches()
    return {mode: sum(a.get("ok", False) for a in answers[mode].values()) / max(len(answers[mode]), 1) for mode in answers}


def _clear_caches() -> None:
    thresholds_module.table.cache_clear()
    thresholds_module.thresholds.cache_clear()
    geometry._reference_cached.cache_clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sim", type=int, default=150, help="simulated characters for the error strokes")
    parser.add_argument("--templates-every", type=int, default=4)
    parser.add_argument("--missed", type=float, default=0.01, help="share of error strokes allowed to pass (stroke level)")
    args = parser.parse_args(argv)
    if not eval_real.HANDWRITING.is_dir():
        print(f"no real handwriting at {eval_real.HANDWRITING}")
        return 1
    t = thresholds_module.thresholds(1.0)
    samples, _ = eval_real.load(templates_every=args.templates_every)
    per_writer = real_needs(samples, t)
    errors = error_needs(args.sim, t)
    writers = sorted(per_writer)
    committed = {name: thresholds_module.table()[name]["value"] for name in CALIBRATED}
    print(f"needed per stroke, quantiles 50/90/99/99.5% (correct real strokes, strokes 2 on) and 1/5% (simulated "
          f"foreign and misplaced strokes); committed values {committed}")
    for k, name in enumerate(CALIBRATED):
        print(f"  {name}")
        for w in writers:
            q = np.quantile(per_writer[w][:, k], [0.5, 0.9, 0.99, 0.995])
            print(f"    {w:<28} n {len(per_writer[w]):>5}  " + " ".join(f"{v:6.3f}" for v in q))
        q = np.quantile(errors[:, k], [0.01, 0.05])
        print(f"    {'simulated errors':<28} n {len(errors):>5}  " + " ".join(f"{v:6.3f}" for v in q))
    print(f"\nleave one writer out (at most {100 * args.missed:g}% of error strokes pass): calibrated on the others, correct samples of the held-out writer pass")
    print(f"  {'held out':<28}{'calibrated values':<48}{'free':>8}{'guided':>8}   committed values: free / guided")
    for held in writers:
        values = calibrate(per_writer, [w for w in writers if w != held], errors, args.missed)
        theirs = [s for s in samples if s.writer == held]
        calibrated = graded_with(values, theirs)
        ours = graded_with(committed, theirs)
        print(f"  {held:<28}{json.dumps(values):<48}{100 * calibrated['free']:7.1f}%{100 * calibrated['guided']:7.1f}%"
              f"   {100 * ours['free']:5.1f}% / {100 * ours['guided']:5.1f}%")
    print(f"\ncalibrated on every writer: {calibrate(per_writer, writers, errors, args.missed)}")
    limit = np.array([committed[name] for name in CALIBRATED])
    print(f"committed values, stroke level: error strokes passing {100 * (errors <= limit).all(axis=1).mean():.1f}%, correct strokes passing "
          + ", ".join(f"{w} {100 * (per_writer[w] <= limit).all(axis=1).mean():.1f}%" for w in writers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
