"""Free mode: the whole character is written first, then every drawn stroke is assigned to a
reference stroke (a minimum-cost assignment, not a greedy walk) under the writer's own scale and
placement, fitted robustly from all strokes, and each mistake is named."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from . import matching
from .assignment import min_cost_assignment
from .geometry import (
    Reference,
    Similarity,
    clean_stroke,
    fit_similarity,
    normalised_shapes,
    polyline_length,
    reference_for,
    resample_many,
)
from .guided import MAX_ROTATION, SCALE_PRIOR_WEIGHT, _clean_leniency
from .matching import shape_distance
from .types import FreeResult, Mistake

# Cost of leaving a drawn stroke unmatched (extra) or a reference stroke unmatched (missing), in
# the same units as a pair's summed normalised costs: a pair costing more than both together is
# split into an extra and a missing stroke. Bigger = poor strokes are kept as "shape"/"position"
# mistakes rather than "extra" + "missing" (it never makes a mistake pass).
UNMATCHED_COST = 2.5
# Extra assignment cost of pairing a stroke with a reference drawn the other way round, so the
# assignment prefers a forward match when one exists. Bigger = fewer strokes called reversed.
REVERSED_COST = 0.5
# The writer's transform is refitted from the best-placed share of matched strokes, so one
# misplaced stroke does not drag the others. Bigger = more strokes trusted.
TRUSTED_SHARE = 0.7
# Refinement rounds of assignment and fit.
ROUNDS = 3


def _initial_transform(ref: Reference, drawn: np.ndarray, lengths: np.ndarray) -> Similarity:
    """Match the drawing's ink-weighted centre and spread to the reference's."""
    def moments(points: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, float]:
        w = np.repeat(np.maximum(weights, 1e-3), points.shape[1])
        flat = points.reshape(-1, 2)
        centre = w @ flat / w.sum()
        return centre, float(np.sqrt(w @ ((flat - centre) ** 2).sum(axis=1) / w.sum()))

    ref_centre, ref_spread = moments(ref.points, ref.lengths)
    drawn_centre, drawn_spread = moments(drawn, lengths)
    scale = drawn_spread / ref_spread if ref_spread > 1e-6 and drawn_spread > 1e-6 else 1.0
    shift = drawn_centre - scale * ref_centre
    return Similarity(scale, 0.0, (float(shift[0]), float(shift[1])))


def _cost_matrices(ref: Reference, mapped: np.ndarray, leniency: float) -> tuple[matching.Costs, np.ndarray]:
    """Normalised costs of every mapped drawn stroke (n, N, 2) against every reference stroke."""
    shapes = normalised_shapes(mapped)[:, None]  # (n, 1, N, 2)
    shape = shape_distance(shapes, ref.shapes[None]) / (matching.SHAPE_TOLERANCE * leniency)
    backward = shape_distance(shapes, ref.reversed_shapes[None]) / (matching.SHAPE_TOLERANCE * leniency)
    tolerance = matching.position_tolerance(ref.points.reshape(-1, 2), ref.centroids)
    offsets = np.hypot(*(mapped.mean(axis=1)[:, None] - ref.centroids[None]).transpose(2, 0, 1))
    position = offsets / (tolerance[None] * leniency)
    lengths = np.array([polyline_length(s) for s in mapped])
    length = matching.length_cost(lengths[:, None], ref.lengths[None], leniency)
    return matching.Costs(shape, backward, position, length), tolerance


def _assign(costs: matching.Costs) -> list[int | None]:
    n, m = costs.shape.shape
    pair = np.minimum(
        costs.shape + costs.position + costs.length,
        costs.reversed_shape + costs.position + costs.length + REVERSED_COST,
    )
    square = np.full((n + m, n + m), np.inf)
    square[:n, :m] = pair
    square[:n, m:] = np.where(np.eye(n, dtype=bool), UNMATCHED_COST, np.inf)
    square[n:, :m] = np.where(np.eye(m, dtype=bool), UNMATCHED_COST, np.inf)
    square[n:, m:] = 0.0
    # The Hungarian method needs finite costs; "impossible" is just very expensive.
    square[np.isinf(square)] = 1e6
    columns = min_cost_assignment(square)
    return [int(c) if c < m else None for c in columns[:n]]


def _refit(ref: Reference, drawn: np.ndarray, matches: list[int | None], costs: matching.Costs,
           transform: Similarity, leave_out: int | None = None) -> tuple[Similarity, np.ndarray]:
    """Fit the writer's transform from matched strokes whose shape is right (a stroke drawn
    backwards is fitted backwards), trusting only the best-placed share of them."""
    pairs = []
    for d, r in enumerate(matches):
        if r is None or d == leave_out:
            continue
        forward = costs.shape[d, r] <= costs.reversed_shape[d, r]
        if min(costs.shape[d, r], costs.reversed_shape[d, r]) <= 1.0 and costs.length[d, r] <= 1.0:
            pairs.append((d, r, forward))
    if not pairs:
        return transform, ref.points.reshape(-1, 2)
    d_idx = np.array([d for d, _, _ in pairs])
    r_idx = np.array([r for _, r, _ in pairs])
    points = np.stack([drawn[d] if forward else drawn[d, ::-1] for d, _, forward in pairs])
    mapped = transform.to_reference(points.reshape(-1, 2)).reshape(points.shape)
    residual = np.hypot(*(mapped.mean(axis=1) - ref.centroids[r_idx]).T)
    keep = residual <= np.quantile(residual, TRUSTED_SHARE) if len(pairs) > 3 else np.ones(len(pairs), bool)
    fitted_from = ref.points[r_idx[keep]].reshape(-1, 2)
    refit = fit_similarity(
        fitted_from,
        points[keep].reshape(-1, 2),
        # One stroke cannot tell the drawing's rotation from its own slant.
        max_angle=MAX_ROTATION if keep.sum() >= 2 else 0.0,
        prior_weight=SCALE_PRIOR_WEIGHT,
    )
    return refit, fitted_from


def _grid_distance(transform: Similarity) -> float:
    """How far a transform is from writing exactly over the grid (breaks ties between fits)."""
    centre = np.array([0.5, 0.5])
    c, s = math.cos(transform.angle), math.sin(transform.angle)
    mapped_centre = transform.scale * np.array([c * 0.5 - s * 0.5, s * 0.5 + c * 0.5]) + np.asarray(transform.shift)
    return abs(math.log(transform.scale)) + float(np.hypot(*(mapped_centre - centre)))


def _longest_increasing_keep(values: list[int]) -> set[int]:
    """Positions of a longest strictly increasing subsequence, keeping later positions on ties (so
    of two adjacent swapped strokes the earlier drawn one is the one called out of order)."""
    n = len(values)
    run_from = [1] * n
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n):
            if values[j] > values[i] and run_from[j] + 1 > run_from[i]:
                run_from[i] = run_from[j] + 1
    need = max(run_from, default=0)
    keep: set[int] = set()
    last_value, last_pos = -1, -1
    while need:
        pos = max(k for k in range(last_pos + 1, n) if run_from[k] == need and values[k] > last_value)
        keep.add(pos)
        last_value, last_pos, need = values[pos], pos, need - 1
    return keep


def grade_free(ref_strokes: Sequence, strokes: Sequence, *, leniency: float = 1.0) -> FreeResult:
    """Grade a whole drawing (strokes in drawing order, em units) against the reference."""
    ref = reference_for(ref_strokes)
    leniency = _clean_leniency(leniency)
    cleaned = [clean_stroke(s) for s in (strokes if isinstance(strokes, (list, tuple)) else [])]
    n, m = len(cleaned), ref.count
    if n == 0 or m == 0:
        mistakes = [Mistake("missing", None, r) for r in range(m)] + [Mistake("extra", d, None) for d in range(n)]
        return FreeResult(not mistakes, mistakes, [None] * n)
    drawn = resample_many(cleaned)
    lengths = np.array([polyline_length(s) for s in cleaned])
    transform = _initial_transform(ref, drawn, lengths)
    for _ in range(ROUNDS):
        costs, _, _ = _evaluate(ref, drawn, transform, leniency)
        transform = _refit(ref, drawn, _assign(costs), costs, transform)[0]
    result, matches, costs = _grade_under(ref, drawn, transform, leniency)
    flagged = {m.drawn for m in result.mistakes}
    # A misplaced stroke pulls a fit of all strokes towards itself, hiding itself and making
    # neighbours look misplaced. So each stroke is also judged the way guided mode judges it:
    # against a fit of the others. Any stroke out of place that way is a suspect; the reading
    # refitted without a suspect that has the fewest mistakes wins (ties: the one closer to
    # writing over the grid, which is what decides between the two strokes of 人).
    placed_wrong = [m.drawn for m in result.mistakes if m.kind == "position"]
    suspects = list(placed_wrong)
    for d, r in enumerate(matches):
        if r is None or d in flagged:
            continue
        refit, fitted_from = _refit(ref, drawn, matches, costs, transform, leave_out=d)
        alone = resample_many([refit.to_reference(drawn[d])])[0]
        offset = float(np.hypot(*(alone.mean(axis=0) - ref.centroids[r])))
        if offset > matching.position_tolerance(fitted_from, ref.centroids[r : r + 1])[0] * leniency:
            suspects.append(d)
    if suspects:
        readings = [(len(result.mistakes), _grid_distance(transform), result)] if placed_wrong else []
        for suspect in suspects[:6]:
            refit = _refit(ref, drawn, matches, costs, transform, leave_out=suspect)[0]
            candidate = _grade_under(ref, drawn, refit, leniency)[0]
            readings.append((len(candidate.mistakes), _grid_distance(refit), candidate))
        result = min(readings, key=lambda reading: reading[:2])[2]
    return result


def _evaluate(ref: Reference, drawn: np.ndarray, transform: Similarity, leniency: float):
    mapped = transform.to_reference(drawn.reshape(-1, 2)).reshape(drawn.shape)
    costs, tolerance = _cost_matrices(ref, mapped, leniency)
    return costs, tolerance, mapped


def _grade_under(ref: Reference, drawn: np.ndarray, transform: Similarity, leniency: float):
    costs, tolerance, mapped = _evaluate(ref, drawn, transform, leniency)
    matches = _assign(costs)
    return _judge(ref, mapped, matches, costs, tolerance, leniency), matches, costs


def _judge(ref: Reference, mapped: np.ndarray, matches: list[int | None], costs: matching.Costs,
           tolerance: np.ndarray, leniency: float) -> FreeResult:
    found: dict[int, tuple[str, int | None]] = {}
    for d, r in enumerate(matches):
        if r is None:
            continue
        if max(costs.shape[d, r], costs.position[d, r], costs.length[d, r]) <= 1.0:
            continue
        if max(costs.reversed_shape[d, r], costs.position[d, r], costs.length[d, r]) <= 1.0:
            found[d] = ("reversed", r)
        elif costs.shape[d, r] <= 1.0 and costs.length[d, r] <= 1.0:
            found[d] = ("position", r)
        else:
            found[d] = ("shape", r)
    missing = set(range(ref.count)) - {r for r in matches if r is not None}
    matches = list(matches)
    # Two consecutive reference strokes drawn as one: the drawn stroke is extra or poor, and the
    # references it would cover are missing or its own.
    for d in range(len(matches)):
        if matches[d] is not None and d not in found:
            continue
        for first in range(ref.count - 1):
            pair = {first, first + 1}
            own = {matches[d]} if matches[d] is not None else set()
            if not pair <= (missing | own) or not (pair & missing):
                continue
            merged = matching.stroke_costs(
                mapped[d], ref.merged_shapes[first : first + 1], None,
                ref.merged_points[first : first + 1].mean(axis=1), ref.merged_lengths[first : first + 1],
                max(tolerance[first], tolerance[first + 1]), leniency,
            )
            if merged.forward[0] <= 1.0:
                found[d] = ("merged", first)
                missing -= pair
                matches[d] = first
                break
    ordered = [(d, r) for d, r in enumerate(matches) if r is not None]
    keep = _longest_increasing_keep([r for _, r in ordered])
    for k, (d, r) in enumerate(ordered):
        if k not in keep and d not in found:
            found[d] = ("order", r)
    mistakes = [Mistake(kind, d, r) for d, (kind, r) in sorted(found.items())]
    mistakes += [Mistake("extra", d, None) for d, r in enumerate(matches) if r is None]
    mistakes.sort(key=lambda mk: mk.drawn)
    mistakes += [Mistake("missing", None, r) for r in sorted(missing)]
    return FreeResult(not mistakes, mistakes, matches)
