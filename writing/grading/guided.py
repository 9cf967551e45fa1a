"""Guided (quiz) mode: one stroke at a time, judged against the stroke expected next after the
writer's own scale and placement are estimated from the strokes accepted so far."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from . import matching
from .geometry import (
    Reference,
    Similarity,
    clean_stroke,
    fit_similarity,
    polyline_length,
    reference_for,
    resample,
)
from .matching import Costs, stroke_costs
from .types import Mistake, StrokeVerdict

# A stroke shorter than this (em) is a tap, not a stroke. Bigger = more taps called too short.
TAP_LENGTH = 0.012
# Before any stroke is accepted the writer's scale is unknown: any scale in this range is
# believed (the learner may write small in a corner or overfill the box). Wider = more lenient.
FIRST_STROKE_SCALES = np.linspace(0.55, 1.45, 10)
# Since the scale range already absorbs the writer's size, the first stroke's length is held to a
# tighter ratio than matching.LENGTH_TOLERANCE (log 1.3: 77% to 130% of the reference at the most
# believable scale). Bigger = more lenient.
FIRST_STROKE_LENGTH_TOLERANCE = math.log(1.3)
# ...and the character implied by the first stroke may stick out of the grid box by this much
# (em) at the most believable scale. Bigger = more lenient.
FIRST_STROKE_OVERFLOW = 0.12
# Rotation of the whole drawing the fit may absorb, in radians (about 9°); a single stroke cannot
# tell rotation from its own slant, so rotation is only fitted from two strokes on.
# Bigger = more lenient.
MAX_ROTATION = 0.16
# How strongly the writer's scale is pulled towards the grid's (1.0), in em² of point spread: a
# long stroke outweighs it, a dot does not. Bigger = trusts the grid more.
SCALE_PRIOR_WEIGHT = 0.02
# A later stroke that fits at most this fraction of the expected stroke's cost means the learner
# drew that later stroke (look-alike parallel strokes then decide by position). Smaller = more
# lenient (fewer order objections).
ORDER_MARGIN = 0.45

_MESSAGES = {
    "reversed": "wrong direction",
    "shape": "look at the shape",
    "position": "right shape, wrong place",
    "too_short": "too short",
}


@dataclass
class _Accepted:
    """What the fit needs from accepted strokes: reference indices and resampled drawn points."""

    refs: list[int] = field(default_factory=list)
    drawn: list[np.ndarray] = field(default_factory=list)


def _first_stroke_costs(ref: Reference, candidates: np.ndarray, stroke: np.ndarray, leniency: float) -> Costs:
    """Costs when the writer's scale and placement are unknown: shape as drawn; length and
    position judged at the most believable scale in FIRST_STROKE_SCALES."""
    drawn = resample(stroke)
    drawn_length = polyline_length(stroke)
    scales = FIRST_STROKE_SCALES[:, None]  # (S, 1)
    ref_lengths = ref.lengths[candidates][None, :]  # (1, C)
    length = matching.length_cost(drawn_length / scales, ref_lengths, leniency)  # (S, C)
    length *= matching.LENGTH_TOLERANCE / FIRST_STROKE_LENGTH_TOLERANCE
    # Character box implied by matching the drawn centre to candidate j's centre at each scale.
    centre = drawn.mean(axis=0)
    low = centre[None, None, :] + scales[..., None] * (ref.bbox[0] - ref.centroids[candidates])[None]  # (S, C, 2)
    high = centre[None, None, :] + scales[..., None] * (ref.bbox[1] - ref.centroids[candidates])[None]
    overflow = np.maximum(np.maximum(-low, high - 1.0), 0.0).max(axis=-1)  # (S, C)
    position = overflow / (FIRST_STROKE_OVERFLOW * leniency)
    best = np.argmin(np.maximum(length, position), axis=0)
    columns = np.arange(len(candidates))
    costs = stroke_costs(
        drawn, ref.shapes[candidates], ref.reversed_shapes[candidates], ref.centroids[candidates],
        ref.lengths[candidates], 1.0, leniency,
    )
    costs.position = position[best, columns]
    costs.length = length[best, columns]
    return costs


def _fit(ref: Reference, accepted: _Accepted) -> tuple[Similarity, np.ndarray]:
    """The writer's transform and the reference points it was fitted from."""
    ref_points = ref.points[accepted.refs].reshape(-1, 2)
    transform = fit_similarity(
        ref_points,
        np.concatenate(accepted.drawn),
        max_angle=MAX_ROTATION if len(accepted.refs) >= 2 else 0.0,
        prior_weight=SCALE_PRIOR_WEIGHT,
    )
    return transform, ref_points


def _verdict(ref: Reference, accepted: _Accepted, stroke: np.ndarray, leniency: float) -> StrokeVerdict:
    expected = len(accepted.refs)
    if expected >= ref.count:
        return StrokeVerdict(False, None, None, "the character is already complete", None)
    if polyline_length(stroke) < TAP_LENGTH:
        return StrokeVerdict(False, None, "too_short", _MESSAGES["too_short"], expected)
    candidates = np.arange(expected, ref.count)
    if expected == 0:
        costs = _first_stroke_costs(ref, candidates, stroke, leniency)
        drawn = resample(stroke)
        tolerance = np.inf
    else:
        transform, fitted_from = _fit(ref, accepted)
        drawn = resample(transform.to_reference(stroke))
        tolerance = matching.position_tolerance(fitted_from, ref.centroids[candidates])
        costs = stroke_costs(
            drawn, ref.shapes[candidates], ref.reversed_shapes[candidates], ref.centroids[candidates],
            ref.lengths[candidates], tolerance, leniency,
        )
    forward = costs.forward
    own = forward[0]
    later = forward[1:]
    best_later = int(np.argmin(later)) if len(later) else -1
    later_cost = later[best_later] if len(later) else np.inf
    if own <= 1.0:
        # Only once placement is known can a look-alike later stroke be told apart by position.
        if expected > 0 and later_cost <= 1.0 and later_cost < ORDER_MARGIN * own:
            return _order(expected, expected + 1 + best_later)
        return StrokeVerdict(True, expected, None, "", expected)
    if expected + 1 < ref.count and _is_merged(ref, expected, drawn, tolerance, leniency):
        return StrokeVerdict(False, expected, "shape", "two strokes drawn as one: lift the pen between them", expected)
    if later_cost <= 1.0:
        return _order(expected, expected + 1 + best_later)
    if costs.backward[0] <= 1.0:
        return StrokeVerdict(False, expected, "reversed", _MESSAGES["reversed"], expected)
    if polyline_length(drawn) < matching.TOO_SHORT_FRACTION * ref.lengths[expected] and expected > 0:
        return StrokeVerdict(False, expected, "too_short", _MESSAGES["too_short"], expected)
    if costs.shape[0] <= 1.0 and costs.length[0] <= 1.0:
        return StrokeVerdict(False, expected, "position", _MESSAGES["position"], expected)
    if expected == 0 and polyline_length(stroke) < matching.TOO_SHORT_FRACTION * FIRST_STROKE_SCALES[0] * ref.lengths[0]:
        return StrokeVerdict(False, expected, "too_short", _MESSAGES["too_short"], expected)
    return StrokeVerdict(False, expected, "shape", _MESSAGES["shape"], expected)


def _order(expected: int, matched: int) -> StrokeVerdict:
    return StrokeVerdict(False, matched, "order", f"that is stroke {matched + 1}", expected)


def _is_merged(ref: Reference, expected: int, drawn: np.ndarray, tolerance: Any, leniency: float) -> bool:
    """Does the stroke look like the expected stroke and the next one drawn without lifting the
    pen? (Before the first stroke is placed, tolerance is infinite: position cannot be judged.)"""
    pair = slice(expected, expected + 1)
    costs = stroke_costs(
        drawn, ref.merged_shapes[pair], None, ref.merged_points[pair].mean(axis=1),
        ref.merged_lengths[pair], np.atleast_1d(tolerance)[0], leniency,
    )
    return bool(costs.forward[0] <= 1.0)


def guided_verdict(ref_strokes: Sequence, accepted: Sequence, stroke: Any, *, leniency: float = 1.0) -> StrokeVerdict:
    """Judge one new stroke given the strokes accepted so far (list of (ref_index, points))."""
    ref = reference_for(ref_strokes)
    state = _Accepted()
    for ref_index, points in accepted:
        state.refs.append(int(ref_index))
        state.drawn.append(resample(clean_stroke(points)))
    return _verdict(ref, state, clean_stroke(stroke), _clean_leniency(leniency))


def _clean_leniency(leniency: Any) -> float:
    try:
        value = float(leniency)
    except (TypeError, ValueError):
        return 1.0
    return value if np.isfinite(value) and value > 0 else 1.0


PHASES = ("recall", "tracing", "rewrite", "done")


class CharacterQuiz:
    """Guided-mode state for one character (pure, no I/O).

    Rejected strokes do not advance. A reveal sends the learner through two more passes:
    "tracing" (the guide is shown, every stroke traced) then "rewrite" (from memory again);
    only then is the character done."""

    def __init__(self, ref_strokes: Sequence, *, leniency: float = 1.0, hint_after_misses: int = 3) -> None:
        self._ref = reference_for(ref_strokes)
        self.leniency = _clean_leniency(leniency)
        self.hint_after_misses = max(1, int(hint_after_misses))
        self.phase = "recall" if self._ref.count else "done"
        self.accepted: list[tuple[int, list[tuple[float, float]]]] = []
        self._state = _Accepted()
        self.mistakes: list[Mistake] = []
        self.stroke_hints = 0
        self.component_hints = 0
        self.reveals = 0
        self._submitted = 0
        self._misses_on: dict[int, int] = {}

    @property
    def stroke_count(self) -> int:
        return self._ref.count

    @property
    def done(self) -> bool:
        return self.phase == "done"

    @property
    def expected(self) -> int | None:
        return None if self.done else len(self.accepted)

    @property
    def hint_due(self) -> bool:
        expected = self.expected
        return expected is not None and self._misses_on.get(expected, 0) >= self.hint_after_misses

    def submit(self, points: Any) -> StrokeVerdict:
        if self.done:
            return StrokeVerdict(False, None, None, "the character is already complete", None)
        stroke = clean_stroke(points)
        verdict = _verdict(self._ref, self._state, stroke, self.leniency)
        drawn_index = self._submitted
        self._submitted += 1
        if verdict.accepted:
            self.accepted.append((verdict.ref, [(float(x), float(y)) for x, y in stroke]))
            self._state.refs.append(verdict.ref)
            self._state.drawn.append(resample(stroke))
            if len(self.accepted) == self._ref.count:
                self._finish_pass()
        else:
            expected = len(self.accepted)
            self._misses_on[expected] = self._misses_on.get(expected, 0) + 1
            ref = verdict.ref if verdict.ref is not None else expected
            self.mistakes.append(Mistake(verdict.reason or "shape", drawn_index, ref, expected))
        return verdict

    def _finish_pass(self) -> None:
        if self.phase == "tracing":
            self.phase = "rewrite"
            self._restart_pass()
        else:
            self.phase = "done"

    def _restart_pass(self) -> None:
        self.accepted = []
        self._state = _Accepted()

    def hint(self) -> int:
        """Count a stroke hint; the expected stroke's index (-1 when the character is done)."""
        if self.done:
            return -1
        self.stroke_hints += 1
        return len(self.accepted)

    def component_hint(self) -> None:
        if not self.done:
            self.component_hints += 1

    def reveal(self) -> None:
        if self._ref.count == 0:
            return
        self.reveals += 1
        self.phase = "tracing"
        self._restart_pass()

    def undo(self) -> None:
        if not self.accepted:
            return
        if self.done:
            self.phase = "rewrite" if self.reveals else "recall"
        self.accepted.pop()
        self._state.refs.pop()
        self._state.drawn.pop()

    def clear(self) -> None:
        if self.done:
            self.phase = "rewrite" if self.reveals else "recall"
        self._restart_pass()


