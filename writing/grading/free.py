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
    loop_aligned,
    polyline_length,
    reference_for,
    resample_many,
    variant_component_starts,
    variant_strokes,
)
from .guided import clean_leniency
from .thresholds import Thresholds, thresholds
from .types import FreeResult, Mistake

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


def _scores(ref: Reference, mapped: np.ndarray, t: Thresholds) -> tuple[matching.Scores, np.ndarray]:
    """Scores of every mapped drawn stroke (n, N, 2) against every reference stroke, placed by the
    whole character's fit (contacts with neighbours are judged once strokes are matched, in _judge)."""
    tolerance = matching.position_tolerance(ref.points.reshape(-1, 2), ref, t)
    return matching.score(mapped, ref, tolerance, t), tolerance


def _in_order(pair: np.ndarray, unmatched: float) -> tuple[float, list[int | None]]:
    """The cheapest reading that keeps the reference order (drawn strokes skipped as extra,
    reference strokes as missing): (its cost, reference per drawn stroke). Ties: match first."""
    n, m = pair.shape
    cost = np.zeros((n + 1, m + 1))
    cost[:, 0] = np.arange(n + 1) * unmatched
    cost[0, :] = np.arange(m + 1) * unmatched
    for d in range(1, n + 1):
        for r in range(1, m + 1):
            cost[d, r] = min(cost[d - 1, r - 1] + pair[d - 1, r - 1], cost[d - 1, r] + unmatched, cost[d, r - 1] + unmatched)
    matches: list[int | None] = [None] * n
    d, r = n, m
    while d and r:
        if cost[d, r] == cost[d - 1, r - 1] + pair[d - 1, r - 1]:
            matches[d - 1] = r - 1
            d, r = d - 1, r - 1
        elif cost[d, r] == cost[d - 1, r] + unmatched:
            d -= 1
        else:
            r -= 1
    return float(cost[n, m]), matches


def _assign(scores: matching.Scores, t: Thresholds) -> list[int | None]:
    """Drawn stroke -> reference stroke: the minimum-cost assignment in any order, unless keeping
    the reference order costs at most order_assignment_margin more."""
    n, m = scores.shape.shape
    pair = np.minimum(
        scores.shape + scores.position + scores.length,
        scores.reversed_shape + scores.position + scores.length + t.reversed_cost,
    )
    square = np.full((n + m, n + m), np.inf)
    square[:n, :m] = pair
    square[:n, m:] = np.where(np.eye(n, dtype=bool), t.unmatched_cost, np.inf)
    square[n:, :m] = np.where(np.eye(m, dtype=bool), t.unmatched_cost, np.inf)
    square[n:, m:] = 0.0
    # The Hungarian method needs finite costs; "impossible" is just very expensive.
    square[np.isinf(square)] = 1e6
    columns = min_cost_assignment(square)
    any_order = float(square[np.arange(n + m), columns].sum())
    in_order_cost, in_order = _in_order(pair, t.unmatched_cost)
    if in_order_cost <= any_order + t.order_assignment_margin:
        return in_order
    return [int(c) if c < m else None for c in columns[:n]]


def _refit(ref: Reference, drawn: np.ndarray, matches: list[int | None], costs: matching.Scores,
           transform: Similarity, t: Thresholds, leave_out: int | None = None,
           scale_from_one: float | None = None) -> tuple[Similarity, np.ndarray]:
    """Fit the writer's transform from matched strokes whose shape is right (a stroke drawn
    backwards is fitted backwards), trusting only the best-placed share of them, without the
    stroke `leave_out`. `scale_from_one`: the scale to place that stroke at when only one stroke is
    left to fit from (see below)."""
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
    points = np.stack([
        loop_aligned(drawn[d], ref.shapes[r]) if ref.closed[r] else drawn[d] if forward else drawn[d, ::-1]
        for d, r, forward in pairs
    ])
    mapped = transform.to_reference(points.reshape(-1, 2)).reshape(points.shape)
    residual = np.hypot(*(mapped.mean(axis=1) - ref.centroids[r_idx]).T)
    keep = residual <= np.quantile(residual, t.trusted_share) if len(pairs) > 3 else np.ones(len(pairs), bool)
    fitted_from = ref.points[r_idx[keep]].reshape(-1, 2)
    # One stroke cannot tell the drawing's rotation from its own slant. Nor, judging the stroke
    # left out, the writer's scale: placed against one other stroke (い's, こ's) it would be judged
    # by how long the writer made that one. It is placed at `scale_from_one` instead: _grade_free
    # passes the scale of all the ink, which where the strokes were put cannot move (the whole
    # character's fit can: a moved stroke stretches it to hide itself).
    refit = fit_similarity(
        fitted_from,
        points[keep].reshape(-1, 2),
        max_angle=t.max_rotation if keep.sum() >= 2 else 0.0,
        prior_weight=t.scale_prior_weight,
        fixed_scale=scale_from_one if keep.sum() == 1 else None,
    )
    return refit, fitted_from


def _ink_scale(ref: Reference, drawn: np.ndarray, pairs: list[tuple[int, int]]) -> float:
    """The writer's scale told by stroke lengths alone: drawn ink over the matched reference's
    (`pairs`: the matched (drawn, reference) strokes)."""
    ink = sum(polyline_length(drawn[d]) for d, _ in pairs)
    return max(ink / max(float(sum(ref.lengths[r] for _, r in pairs)), 1e-9), 0.05) if ink > 0 else 1.0


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


def grade_free(ref_strokes: Sequence, strokes: Sequence, *, leniency: float = 1.0, variants: Sequence = (),
               component_starts: Sequence[int] = ()) -> FreeResult:
    """Grade a whole drawing (strokes in drawing order, em units) against the reference.

    `variants` are other standard ways of writing the same strokes (writing/strokes.py
    CharData.variants): a drawing with mistakes against the reference that one of them grades
    cleanly is accepted, with `variant` set and `matches` in the reference's own numbering.
    `component_starts`: where the character's components begin (CharData.component_starts)."""
    result = _grade_free(reference_for(ref_strokes, component_starts), strokes, leniency)
    if result.ok:
        return result
    for groups in variants:
        variant = reference_for(variant_strokes(ref_strokes, groups), variant_component_starts(groups, component_starts))
        other = _grade_free(variant, strokes, leniency)
        if other.ok:
            return FreeResult(True, [], [groups[r][0] for r in other.matches], variant=tuple(map(tuple, groups)))
    return result


def _grade_free(ref: Reference, strokes: Sequence, leniency: float) -> FreeResult:
    t = thresholds(clean_leniency(leniency))
    cleaned = [clean_stroke(s) for s in (strokes if isinstance(strokes, (list, tuple)) else [])]
    n, m = len(cleaned), ref.count
    if n == 0 or m == 0:
        mistakes = [Mistake("missing", None, r) for r in range(m)] + [Mistake("extra", d, None) for d in range(n)]
        return FreeResult(not mistakes, mistakes, [None] * n)
    drawn = resample_many(cleaned)
    lengths = np.array([polyline_length(s) for s in cleaned])
    transform = _initial_transform(ref, drawn, lengths)
    for _ in range(ROUNDS):
        scores, _, _ = _evaluate(ref, drawn, transform, t)
        transform = _refit(ref, drawn, _assign(scores, t), scores, transform, t)[0]
    result, matches, scores, mapped = _grade_under(ref, drawn, transform, t)
    flagged = {m.drawn for m in result.mistakes}
    # A misplaced stroke pulls a fit of all strokes towards itself, hiding itself and making
    # neighbours look misplaced. So each stroke is also judged the way guided mode judges it:
    # against a fit of the others, and, as there, a stroke that keeps its contacts gets
    # contact_position. Any stroke out of place that way is a suspect; the reading refitted
    # without a suspect that has the fewest mistakes wins (ties: the one closer to writing over
    # the grid, which is what decides between the two strokes of 人).
    placed_wrong = [m.drawn for m in result.mistakes if m.kind == "position"]
    suspects = list(placed_wrong)
    pairs = [(d, r) for d, r in enumerate(matches) if r is not None]
    ink_scale = _ink_scale(ref, drawn, pairs)
    for d, r in pairs:
        if d in flagged:
            continue
        refit, fitted_from = _refit(ref, drawn, matches, scores, transform, t, leave_out=d, scale_from_one=ink_scale)
        alone = refit.to_reference(drawn[d])
        tolerance = matching.position_tolerance(fitted_from, ref, t, slice(r, r + 1))
        placement = matching.placement_scores(alone.mean(axis=0)[None], np.array([polyline_length(alone)]), ref,
                                              tolerance, t, slice(r, r + 1))[0, 0]
        if placement > 1.0 and _keeps_contacts(ref, mapped, pairs, d, r, t):
            placement /= t.contact_position
        if placement > 1.0:
            suspects.append(d)
    if suspects:
        readings = [(len(result.mistakes), _grid_distance(transform), result)] if placed_wrong else []
        for suspect in suspects[:6]:
            refit = _refit(ref, drawn, matches, scores, transform, t, leave_out=suspect)[0]
            candidate = _grade_under(ref, drawn, refit, t)[0]
            readings.append((len(candidate.mistakes), _grid_distance(refit), candidate))
        result = min(readings, key=lambda reading: reading[:2])[2]
    return result


def _evaluate(ref: Reference, drawn: np.ndarray, transform: Similarity, t: Thresholds):
    mapped = transform.to_reference(drawn.reshape(-1, 2)).reshape(drawn.shape)
    scores, tolerance = _scores(ref, mapped, t)
    return scores, tolerance, mapped


def _grade_under(ref: Reference, drawn: np.ndarray, transform: Similarity, t: Thresholds):
    scores, tolerance, mapped = _evaluate(ref, drawn, transform, t)
    matches = _assign(scores, t)
    return _judge(ref, mapped, matches, scores, tolerance, t), matches, scores, mapped


def _keeps_contacts(ref: Reference, mapped: np.ndarray, pairs: list[tuple[int, int]], d: int, r: int,
                    t: Thresholds) -> bool:
    """matching.keeps_contacts for drawn stroke d read as reference stroke r, against the other
    matched (drawn, reference) `pairs`, all mapped into the reference's frame."""
    others = [(other, other_ref) for other, other_ref in pairs if other != d]
    return matching.keeps_contacts(mapped[d], r, ref, np.array([q for _, q in others], dtype=int),
                                   mapped[[other for other, _ in others]], t)


def _judge(ref: Reference, mapped: np.ndarray, matches: list[int | None], scores: matching.Scores,
           tolerance: np.ndarray, t: Thresholds) -> FreeResult:
    """Each matched pair through the shared classify; a stroke that keeps its contacts with the
    other matched strokes gets the wider position tolerance, as in guided mode, and a stroke of a
    component shifted as a whole is placed relative to its component (matching.shifted_components:
    the whole character's fit follows the bigger components, where guided mode follows the strokes
    written before)."""
    pairs = [(d, r) for d, r in enumerate(matches) if r is not None]
    placed_refs = np.array([r for _, r in pairs], dtype=int)
    missing = set(range(ref.count)) - set(placed_refs.tolist())
    matches = list(matches)
    found: dict[int, tuple[str, int | None]] = {}
    shifted = matching.shifted_components(ref, mapped, pairs, tolerance, t)
    for d in range(len(matches)):
        r = matches[d]
        pair = None
        if r is not None:
            position = float(scores.position[d, r])
            if position > 1.0 and _keeps_contacts(ref, mapped, pairs, d, r, t):
                position /= t.contact_position
            if position > 1.0 and d in shifted:
                position = min(position, shifted[d])
            pair = scores.pair(d, r).with_position(position)
        # Consecutive reference strokes drawn as one: the drawn stroke is extra or poor, and the
        # references it would cover are missing or its own, at least one missing.
        own = {r} if r is not None else set()

        def coverable(first: int, span: int) -> bool:
            covered = set(range(first, first + span))
            return covered <= (missing | own) and bool(covered & missing)

        merged, first_merged, span, merged_shape = (
            matching.best_merged(mapped[d], ref, tolerance, t, coverable) if missing else (np.inf, None, 0, np.inf)
        )
        if pair is None:
            kind = "merged" if merged <= 1.0 else None  # else: extra
        else:
            kind = matching.classify(pair, merged=merged, later=None, drawn_length=polyline_length(mapped[d]),
                                     ref_length=ref.lengths[r], t=t, merged_shape=merged_shape)
        if kind == "merged":
            found[d] = ("merged", first_merged)
            missing -= set(range(first_merged, first_merged + span))
            matches[d] = first_merged
        elif kind is not None:
            found[d] = (kind, r)
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
