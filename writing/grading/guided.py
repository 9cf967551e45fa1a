"""Guided (quiz) mode: one stroke at a time, judged against the stroke expected next after the
writer's own scale and placement are estimated from the strokes accepted so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from . import matching
from .geometry import (
    Reference,
    Similarity,
    clean_stroke,
    fit_similarity,
    loop_aligned,
    polyline_length,
    reference_for,
    resample,
    variant_component_starts,
    variant_strokes,
)
from .matching import Scores
from .thresholds import Thresholds, thresholds
from .types import Mistake, StrokeVerdict

# Writer scales tried before any stroke is placed (between first_stroke_scale_min and _max).
FIRST_STROKE_SCALE_STEPS = 10

MESSAGES = {
    "reversed": "wrong direction",
    "shape": "look at the shape",
    "position": "right shape, wrong place",
    "too_short": "too short",
    "merged": "strokes drawn as one: lift the pen between them",
}


@dataclass
class _Accepted:
    """What the fit needs from accepted strokes: reference indices and resampled drawn points."""

    refs: list[int] = field(default_factory=list)
    drawn: list[np.ndarray] = field(default_factory=list)


def _first_stroke_scores(ref: Reference, stroke: np.ndarray, t: Thresholds) -> Scores:
    """Scores (1, m) when the writer's scale and placement are unknown: shape as drawn; length and
    position judged at the most believable scale between first_stroke_scale_min and _max."""
    drawn = resample(stroke)[None]
    scales = np.linspace(t.first_stroke_scale_min, t.first_stroke_scale_max, FIRST_STROKE_SCALE_STEPS)[:, None]  # (S, 1)
    # Plain ratio, dots included: the scale range already gives the first stroke its freedom.
    length = np.abs(np.log((polyline_length(stroke) / scales + t.length_floor) / (ref.lengths[None, :] + t.length_floor)))
    length /= t.first_stroke_length  # (S, m)
    # Character box implied by matching the drawn centre to stroke j's centre at each scale.
    centre = drawn[0].mean(axis=0)
    low = centre + scales[..., None] * (ref.bbox[0] - ref.centroids)[None]  # (S, m, 2)
    high = centre + scales[..., None] * (ref.bbox[1] - ref.centroids)[None]
    overflow = np.maximum(np.maximum(-low, high - 1.0), 0.0).max(axis=-1)  # (S, m)
    position = overflow / t.first_stroke_overflow
    best = np.argmin(np.maximum(length, position), axis=0)
    columns = np.arange(ref.count)
    scores = matching.score(drawn, ref, np.ones(ref.count), t)
    scores.position = position[best, columns][None]
    scores.length = length[best, columns][None]
    return scores


def _first_stroke_lookalike(ref: Reference, stroke: np.ndarray, scores: Scores, t: Thresholds) -> int | None:
    """A later stroke the first stroke plainly is, judged at the grid's own scale and place: it
    fits that stroke's shape and length, lies near it and far from the expected one (三 drawn
    middle line first)."""
    centre = resample(stroke).mean(axis=0)
    apart = np.hypot(*(ref.centroids - centre).T)
    length = matching.length_score(polyline_length(stroke), ref.lengths, t)
    # Dots are left out: a dot's direction alone fits many dots, so they cannot be told apart.
    lines = ref.lengths >= t.dot_length
    near = lines & (scores.shape[0] <= 1.0) & (length <= 1.0) & (apart <= t.first_stroke_order_near)
    near[0] = False
    if not lines[0] or apart[0] <= t.first_stroke_order_far or not near.any():
        return None
    return int(np.argmin(np.where(near, apart, np.inf)))


def _fit(ref: Reference, accepted: _Accepted, t: Thresholds) -> tuple[Similarity, np.ndarray]:
    """The writer's transform and the reference points it was fitted from."""
    ref_points = ref.points[accepted.refs].reshape(-1, 2)
    drawn = [loop_aligned(points, ref.shapes[r]) if ref.closed[r] else points
             for r, points in zip(accepted.refs, accepted.drawn)]
    transform = fit_similarity(
        ref_points,
        np.concatenate(drawn),
        max_angle=t.max_rotation if len(accepted.refs) >= 2 else 0.0,
        prior_weight=t.scale_prior_weight,
    )
    return transform, ref_points


def _verdict(ref: Reference, accepted: _Accepted, stroke: np.ndarray, t: Thresholds) -> StrokeVerdict:
    expected = len(accepted.refs)
    if expected >= ref.count:
        return StrokeVerdict(False, None, None, "the character is already complete", None)
    if polyline_length(stroke) < t.tap_length:
        return StrokeVerdict(False, None, "too_short", MESSAGES["too_short"], expected)
    if expected == 0:
        scores = _first_stroke_scores(ref, stroke, t)
        drawn = resample(stroke)
        tolerance = np.full(ref.count, np.inf)
        drawn_length, ref_length = polyline_length(stroke), t.first_stroke_scale_min * ref.lengths[0]
    else:
        transform, fitted_from = _fit(ref, accepted, t)
        drawn = resample(transform.to_reference(stroke))
        placed_strokes = transform.to_reference(np.concatenate(accepted.drawn)).reshape(len(accepted.drawn), -1, 2)
        tolerance = matching.position_tolerance(fitted_from, ref, t)
        scores = matching.score(drawn[None], ref, tolerance, t)
        if scores.position[0, expected] > 1.0 and matching.keeps_contacts(
            drawn, expected, ref, np.array(accepted.refs), placed_strokes, t
        ):
            scores.position[0, expected] /= t.contact_position
        drawn_length, ref_length = polyline_length(drawn), ref.lengths[expected]
        _allow_twin_place(ref, scores, expected, t)
    forward = scores.forward[0]
    own = forward[expected]
    later = forward[expected + 1 :]
    best_later = expected + 1 + int(np.argmin(later)) if len(later) else None
    later_cost = forward[best_later] if best_later is not None else np.inf
    merged = matching.best_merged(drawn, ref, tolerance, t, lambda first, span: first == expected)[0]
    kind = matching.classify(
        scores.pair(0, expected), merged=merged, later=best_later if later_cost <= 1.0 else None,
        drawn_length=drawn_length, ref_length=ref_length, t=t,
    )
    if kind is None:
        if expected == 0:
            lookalike = _first_stroke_lookalike(ref, stroke, scores, t)
            if lookalike is not None:
                return _order(expected, lookalike)
        # Once placement is known a look-alike later stroke is told apart by position.
        elif later_cost <= 1.0 and later_cost < t.order_margin * own and not _twins(ref, expected, best_later, t):
            return _order(expected, best_later)
        return StrokeVerdict(True, expected, None, "", expected)
    if kind == "order":
        return _order(expected, best_later)
    return StrokeVerdict(False, expected, kind, MESSAGES[kind], expected)


def _allow_twin_place(ref: Reference, scores: Scores, expected: int, t: Thresholds) -> None:
    """A stroke may sit where its later twin belongs (_twins: the two ticks of a dakuten): where a
    writer puts them cannot tell them apart, so the one written first is not an `order` mistake
    for landing on the other's place. Free mode's assignment already reads them this way."""
    twins = [r for r in range(expected + 1, ref.count)
             if _twins(ref, expected, r, t) and scores.shape[0, r] <= 1.0 and scores.length[0, r] <= 1.0]
    if twins and scores.position[0, expected] > 1.0:
        scores.position[0, expected] = min(scores.position[0, expected], *(scores.position[0, r] for r in twins))


def _twins(ref: Reference, a: int, b: int, t: Thresholds) -> bool:
    """Two dots closer than order_separation (the ticks of a dakuten)."""
    return bool(ref.lengths[a] < t.dot_length and ref.lengths[b] < t.dot_length
                and np.hypot(*(ref.centroids[a] - ref.centroids[b])) < t.order_separation)


def _order(expected: int, matched: int) -> StrokeVerdict:
    return StrokeVerdict(False, matched, "order", f"that is stroke {matched + 1}", expected)


def guided_verdict(ref_strokes: Sequence, accepted: Sequence, stroke: Any, *, leniency: float = 1.0,
                   component_starts: Sequence[int] = ()) -> StrokeVerdict:
    """Judge one new stroke given the strokes accepted so far (list of (ref_index, points));
    `component_starts`: where the character's components begin (CharData.component_starts)."""
    ref = reference_for(ref_strokes, component_starts)
    state = _Accepted()
    for ref_index, points in accepted:
        state.refs.append(int(ref_index))
        state.drawn.append(resample(clean_stroke(points)))
    return _verdict(ref, state, clean_stroke(stroke), thresholds(clean_leniency(leniency)))


def clean_leniency(leniency: Any) -> float:
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
    only then is the character done.

    `variants` are other standard ways of writing the same strokes (writing/strokes.py
    CharData.variants), `component_starts` where its components begin (CharData.component_starts).
    Every way of writing that accepted each stroke so far stays in play; a
    stroke is accepted when one of them accepts it, and the reference is followed while it is in
    play. Everything the quiz reports is in the reference's own numbering: `accepted` holds the
    first reference stroke of each accepted stroke, `covered` every reference stroke written."""

    def __init__(self, ref_strokes: Sequence, *, leniency: float = 1.0, hint_after_misses: int = 3,
                 variants: Sequence = (), component_starts: Sequence[int] = ()) -> None:
        self._ref = reference_for(ref_strokes, component_starts)
        count = self._ref.count
        # Each way of writing: (groups of reference strokes, its Reference); the reference first.
        self._orders = [(tuple((j,) for j in range(count)), self._ref)] + [
            (tuple(map(tuple, groups)),
             reference_for(variant_strokes(ref_strokes, groups), variant_component_starts(groups, component_starts)))
            for groups in variants
        ]
        # Per way of writing: None while in play, else the stroke position it rejected.
        self._dropped_at: list[int | None] = [None] * len(self._orders)
        self.leniency = clean_leniency(leniency)
        self._thresholds = thresholds(self.leniency)
        self.hint_after_misses = max(1, int(hint_after_misses))
        self.phase = "recall" if count else "done"
        self._points: list[list[tuple[float, float]]] = []
        self._state = _Accepted()
        self.mistakes: list[Mistake] = []
        self.stroke_hints = 0
        self.component_hints = 0
        self.reveals = 0
        self._submitted = 0
        self._misses_on: dict[int, int] = {}

    @property
    def _active(self) -> int:
        return self._dropped_at.index(None)

    @property
    def stroke_count(self) -> int:
        return self._ref.count

    @property
    def done(self) -> bool:
        return self.phase == "done"

    @property
    def accepted(self) -> list[tuple[int, list[tuple[float, float]]]]:
        """(first reference stroke it wrote, points) per accepted stroke of the current pass."""
        groups = self._orders[self._active][0]
        return [(groups[k][0], points) for k, points in enumerate(self._points)]

    @property
    def variant(self) -> tuple[tuple[int, ...], ...] | None:
        """The variant being followed (its groups), or None while the reference is."""
        return self._orders[self._active][0] if self._active else None

    @property
    def covered(self) -> list[int]:
        """Every reference stroke the accepted strokes wrote, in writing order."""
        groups = self._orders[self._active][0]
        return [j for k in range(len(self._points)) for j in groups[k]]

    @property
    def unwritten(self) -> list[int]:
        """The reference strokes no accepted stroke wrote (the missing ones if it ends here)."""
        covered = set(self.covered)
        return [j for j in range(self.stroke_count) if j not in covered]

    @property
    def expected(self) -> int | None:
        return None if self.done else self._orders[self._active][0][len(self._points)][0]

    @property
    def hint_due(self) -> bool:
        expected = self.expected
        return expected is not None and self._misses_on.get(expected, 0) >= self.hint_after_misses

    def submit(self, points: Any) -> StrokeVerdict:
        if self.done:
            return StrokeVerdict(False, None, None, "the character is already complete", None)
        stroke = clean_stroke(points)
        position = len(self._points)
        active = self._active
        verdicts = {
            index: _verdict(ref, self._state, stroke, self._thresholds)
            for index, (_, ref) in enumerate(self._orders) if self._dropped_at[index] is None
        }
        taking = [index for index, verdict in verdicts.items() if verdict.accepted]
        if taking:
            for index in verdicts:
                if index not in taking:
                    self._dropped_at[index] = position
        verdict = verdicts[self._active]
        if self._active:  # a variant: its stroke numbers are not the reference's
            verdict = _in_reference_numbering(verdict, self._orders[self._active][0])
        if self._active != active:
            verdict = StrokeVerdict(True, verdict.ref, None, "another standard stroke order", verdict.expected)
        drawn_index = self._submitted
        self._submitted += 1
        if verdict.accepted:
            self._points.append([(float(x), float(y)) for x, y in stroke])
            self._state.refs.append(position)
            self._state.drawn.append(resample(stroke))
            if len(self._points) == len(self._orders[self._active][0]):
                self._finish_pass()
        else:
            self._misses_on[verdict.expected] = self._misses_on.get(verdict.expected, 0) + 1
            ref = verdict.ref if verdict.ref is not None else verdict.expected
            self.mistakes.append(Mistake(verdict.reason or "shape", drawn_index, ref, verdict.expected))
        return verdict

    def _finish_pass(self) -> None:
        if self.phase == "tracing":
            self.phase = "rewrite"
            self._restart_pass()
        else:
            self.phase = "done"

    def _restart_pass(self) -> None:
        self._points = []
        self._state = _Accepted()
        self._dropped_at = [None] * len(self._orders)

    def hint(self) -> int:
        """Count a stroke hint; the expected stroke's index (-1 when the character is done)."""
        if self.done:
            return -1
        self.stroke_hints += 1
        return self.expected

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
        if not self._points:
            return
        if self.done:
            self.phase = "rewrite" if self.reveals else "recall"
        self._points.pop()
        self._state.refs.pop()
        self._state.drawn.pop()
        # Ways of writing dropped by the stroke taken back are in play again.
        position = len(self._points)
        self._dropped_at = [None if at is not None and at >= position else at for at in self._dropped_at]

    def clear(self) -> None:
        if self.done:
            self.phase = "rewrite" if self.reveals else "recall"
        self._restart_pass()


def _in_reference_numbering(verdict: StrokeVerdict, groups: tuple) -> StrokeVerdict:
    """A verdict judged against a variant (groups of reference strokes), told in the reference's
    numbering: each stroke by the first reference stroke of its group."""
    ref = groups[verdict.ref][0] if verdict.ref is not None else None
    expected = groups[verdict.expected][0] if verdict.expected is not None else None
    if verdict.reason == "order":
        return _order(expected, ref)
    return StrokeVerdict(verdict.accepted, ref, verdict.reason, verdict.message, expected)
