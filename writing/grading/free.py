"""Free mode: the whole character is written first, then every drawn stroke is assigned to a
reference stroke (a minimum-cost assignment, not a greedy walk) under the writer's own scale and
placement, fitted robustly from all strokes, and each mistake is named."""

from __future__ import annotations

from typing import Any, Sequence

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
    spread_radius,
)
from .guided import MAX_ROTATION, _clean_leniency
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
    centre = ref.centroids.mean(axis=0)
    tolerance = matching.POSITION_TOLERANCE + _doubt(ref) * np.hypot(*(ref.centroids - centre).T)
    offsets = np.hypot(*(mapped.mean(axis=1)[:, None] - ref.centroids[None]).transpose(2, 0, 1))
    position = offsets / (tolerance[None] * leniency)
    lengths = np.array([polyline_length(s) for s in mapped])
    length = matching.length_cost(lengths[:, None], ref.lengths[None], leniency)
    return matching.Costs(shape, backward, position, length), tolerance


def _doubt(ref: Reference) -> float:
    return min(matching.POSITION_NOISE / max(spread_radius(ref.points.reshape(-1, 2)), 1e-6), matching.SCALE_DOUBT_MAX)


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


def _refit(ref: Reference, drawn: np.ndarray, matches: list[int | None], transform: Similarity) -> Similarity:
    pairs = [(d, r) for d, r in enumerate(matches) if r is not None]
    if not pairs:
        return transform
    d_idx = np.array([d for d, _ in pairs])
    r_idx = np.array([r for _, r in pairs])
    mapped = transform.to_reference(drawn[d_idx].reshape(-1, 2)).reshape(len(pairs), -1, 2)
    residual = np.hypot(*(mapped.mean(axis=1) - ref.centroids[r_idx]).T)
    keep = residual <= np.quantile(residual, TRUSTED_SHARE) if len(pairs) > 2 else np.ones(len(pairs), bool)
    return fit_similarity(
        ref.points[r_idx[keep]].reshape(-1, 2),
        drawn[d_idx[keep]].reshape(-1, 2),
        max_angle=MAX_ROTATION,
        prior_weight=0.0,
    )


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
    matches: list[int | None] = [None] * n
    for _ in range(ROUNDS):
        mapped = transform.to_reference(drawn.reshape(-1, 2)).reshape(drawn.shape)
        costs, tolerance = _cost_matrices(ref, mapped, leniency)
        matches = _assign(costs)
        transform = _refit(ref, drawn, matches, transform)
    mapped = transform.to_reference(drawn.reshape(-1, 2)).reshape(drawn.shape)
    costs, tolerance = _cost_matrices(ref, mapped, leniency)
    matches = _assign(costs)
    return _judge(ref, mapped, matches, costs, tolerance, leniency)


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
