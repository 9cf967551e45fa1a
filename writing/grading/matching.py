"""The one scoring step and the one decision step both modes use.

`score` turns drawn strokes (already mapped into the reference frame) into normalised scores
against reference strokes: shape, shape drawn backwards, position and length, each divided by its
threshold so that 1.0 is the edge of acceptance. `classify` turns one stroke's scores against the
stroke it should be into a verdict: None (passes) or one of the mistake kinds. Guided mode calls
them for the expected stroke, free mode for each assigned pair, so the same stroke in the same
context gets the same verdict in both. Thresholds come from thresholds.json (thresholds.py),
already scaled by leniency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .geometry import (
    MERGED_SPANS,
    Reference,
    angle_between,
    chord_angles,
    closest_approach,
    normalised_shapes,
    polyline_length,
    spread_radius,
    tick_legs,
    trim_hooks,
    turning,
)
from .thresholds import Thresholds, thresholds


@dataclass
class Scores:
    """Normalised scores (<= 1 passes) of drawn strokes against reference strokes, (n, m)."""

    shape: np.ndarray
    reversed_shape: np.ndarray
    position: np.ndarray
    length: np.ndarray

    @property
    def forward(self) -> np.ndarray:
        return np.maximum(np.maximum(self.shape, self.position), self.length)

    @property
    def backward(self) -> np.ndarray:
        return np.maximum(np.maximum(self.reversed_shape, self.position), self.length)

    def pair(self, d: int, r: int) -> "PairScore":
        return PairScore(float(self.shape[d, r]), float(self.reversed_shape[d, r]), float(self.position[d, r]),
                         float(self.length[d, r]))


class PairScore(NamedTuple):
    """One drawn stroke against one reference stroke."""

    shape: float
    reversed_shape: float
    position: float
    length: float

    @property
    def forward(self) -> float:
        return max(self.shape, self.position, self.length)

    @property
    def backward(self) -> float:
        return max(self.reversed_shape, self.position, self.length)

    def with_position(self, position: float) -> "PairScore":
        return self._replace(position=position)


def shape_distance(drawn_shape: np.ndarray, ref_shapes: np.ndarray) -> np.ndarray:
    """Mean point distance between normalised shapes, broadcast over leading axes."""
    return np.sqrt(((ref_shapes - drawn_shape) ** 2).sum(axis=-1)).mean(axis=-1)


def shape_scores(mapped: np.ndarray, ref: Reference, t: Thresholds) -> tuple[np.ndarray, np.ndarray]:
    """(forward, backward) shape scores (n, m): the better of the strokes as drawn and with end
    hooks trimmed (each side); a dot (short reference stroke) also passes on its direction alone
    (within dot_angle, or free_dot_angle for a free-standing dot), and a tick (a short stroke with
    one corner) on the directions of its two legs (_tick_scores)."""
    hooks = thresholds(1.0)  # hooks are a shape definition, the same at every leniency
    trimmed = np.stack([trim_hooks(s, hooks.hook_turn, hooks.hook_region) for s in mapped])
    variants = np.stack((normalised_shapes(mapped), normalised_shapes(trimmed)))[:, :, None, None]  # (2, n, 1, 1, N, 2)
    forward_refs = np.stack((ref.shapes, ref.trimmed_shapes))[None, None]  # (1, 1, 2, m, N, 2)
    backward_refs = np.stack((ref.reversed_shapes, ref.trimmed_reversed_shapes))[None, None]
    forward = shape_distance(variants, forward_refs).min(axis=(0, 2)) / t.shape
    backward = shape_distance(variants, backward_refs).min(axis=(0, 2)) / t.shape
    if ref.closed.any():
        # A loop may start anywhere along it and go round either way: Japanese writers split on
        # the handakuten (from the bottom clockwise, or from the top anticlockwise), and no
        # standard settles it. So compare from every starting point, both ways round.
        shapes = normalised_shapes(mapped)
        starts = np.stack([np.roll(way, k, axis=-2) for way in (shapes, shapes[:, ::-1]) for k in range(mapped.shape[-2])])  # (2N, n, N, 2)
        looped = shape_distance(starts[:, :, None], ref.shapes[ref.closed][None, None]).min(axis=0) / t.shape
        forward[:, ref.closed] = np.minimum(forward[:, ref.closed], looped)
    dots = ref.lengths < t.dot_length
    if dots.any():
        direction = chord_angles(mapped)[:, None]
        angle = dot_angles(ref, t)[dots]
        forward[:, dots] = np.minimum(forward[:, dots], angle_between(direction, ref.chords[dots]) / angle)
        backward[:, dots] = np.minimum(backward[:, dots], angle_between(direction, ref.chords[dots] + np.pi) / angle)
    ticks = (ref.lengths < t.tick_length) & ~np.isnan(ref.legs[:, 0])
    if ticks.any():
        forward[:, ticks], backward[:, ticks] = _tick_scores(mapped, ref.legs[ticks], forward[:, ticks], backward[:, ticks], t)
    corners = corner_scores(turning(mapped), ref.turning, t)
    return np.maximum(forward, corners), np.maximum(backward, corners)


def _tick_scores(mapped: np.ndarray, ref_legs: np.ndarray, forward: np.ndarray, backward: np.ndarray,
                 t: Thresholds) -> tuple[np.ndarray, np.ndarray]:
    """(forward, backward) shape scores (n, k) against k short reference strokes with one corner
    (ticks: ふ's left dot, う's top; legs (k, 2)), improved by the directions of the drawn strokes'
    legs: each within dot_angle of the reference leg's, whatever the two legs' proportions (a tick
    written long down with a short flick up is still that tick). A drawn stroke without a corner
    keeps its scores. The legs only count where they tell the direction apart: a hairpin's legs
    fit it both ways round, and it must still be `reversed` when drawn backwards."""
    corner = thresholds(1.0)  # what a corner is is a definition, the same at every leniency
    drawn = tick_legs(mapped, corner.tick_leg_share, corner.tick_turn)[:, None]  # (n, 1, 2)
    ahead = np.maximum(angle_between(drawn[..., 0], ref_legs[None, :, 0]),
                       angle_between(drawn[..., 1], ref_legs[None, :, 1])) / t.dot_angle
    back = np.maximum(angle_between(drawn[..., 0], ref_legs[None, :, 1] + np.pi),
                      angle_between(drawn[..., 1], ref_legs[None, :, 0] + np.pi)) / t.dot_angle
    return (np.where((ahead <= 1.0) & (back > 1.0), np.minimum(forward, ahead), forward),
            np.where((back <= 1.0) & (ahead > 1.0), np.minimum(backward, back), backward))


def corner_scores(drawn_turning: np.ndarray, ref_turning: np.ndarray, t: Thresholds) -> np.ndarray:
    """(n, m) how much of its turning a reference stroke with several corners (at least
    corner_turning radians in all: ㇋, 乙, 阝's ㇇ and bulge drawn as one) has lost in each drawn
    stroke (n,), over corner_loss; 0 for the other strokes. Mean point distance cannot see the
    corners of a narrow zigzag: a straight line fits 阝's ㇇ and bulge joined at 0.75 of `shape`."""
    lost = np.clip(1.0 - drawn_turning[:, None] / np.maximum(ref_turning[None], 1e-9), 0.0, None)
    return np.where(ref_turning[None] >= t.corner_turning, lost / t.corner_loss, 0.0)


def length_score(drawn_length: float | np.ndarray, ref_lengths: np.ndarray, t: Thresholds,
                 standing: bool | np.ndarray = False) -> np.ndarray:
    """|log length ratio| over its tolerance: `length`, or `dot_length_ratio` for dots (reference
    strokes under dot_length), which writers draw anywhere from a point to a tick; `length` times
    free_length for a line that touches no other stroke (`standing`, broadcast with ref_lengths):
    nothing holds its ends (き's and さ's last stroke)."""
    ratio = np.log((drawn_length + t.length_floor) / (ref_lengths + t.length_floor))
    line = np.where(standing, t.length * t.free_length, t.length)
    return np.abs(ratio) / np.where(ref_lengths < t.dot_length, t.dot_length_ratio, line)


def score(mapped: np.ndarray, ref: Reference, tolerance: np.ndarray, t: Thresholds) -> Scores:
    """Scores of mapped drawn strokes (n, N, 2) against every reference stroke; `tolerance` (m,)
    is the position tolerance in em (see position_tolerance)."""
    forward, backward = shape_scores(mapped, ref, t)
    lengths = np.array([polyline_length(s) for s in mapped])
    return Scores(
        shape=forward,
        reversed_shape=backward,
        position=placement_scores(mapped.mean(axis=1), lengths, ref, tolerance, t),
        length=length_score(lengths[:, None], ref.lengths[None], t, ~ref.touches_other[None]),
    )


def placement_scores(centres: np.ndarray, lengths: np.ndarray, ref: Reference, tolerance: np.ndarray, t: Thresholds,
                     strokes=slice(None)) -> np.ndarray:
    """(n, m'): how far each drawn stroke (centre (n, 2), length (n,)) sits from each reference
    stroke `strokes` (all by default), over its position tolerance (m',). A stroke drawn longer
    or shorter than the reference moves its centre along its own direction, by half the
    difference when one end stays put: length_slide of the difference along the reference's chord
    is not counted as misplacement (either way, since which end moved is not known), for a stroke
    straight enough (chord at least slide_straightness of its length) to have a direction."""
    direction = ref.chord_directions[strokes]  # (m', 2)
    offset = centres[:, None] - ref.centroids[strokes][None]  # (n, m', 2)
    room = t.length_slide * np.abs(lengths[:, None] - ref.lengths[strokes][None]) * ref.straight[strokes][None]
    slide = np.clip((offset * direction[None]).sum(axis=-1), -room, room)
    return np.hypot(*np.moveaxis(offset - slide[..., None] * direction[None], -1, 0)) / tolerance[None]


def position_scores(centres: np.ndarray, targets: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """(n, m): distance of each drawn centre (n, 2) from each target centre (m, 2), divided by
    the target's position tolerance (m,)."""
    return np.hypot(*np.moveaxis(centres[:, None] - targets[None], -1, 0)) / tolerance[None]


def position_tolerance(fitted_from: np.ndarray, ref: Reference, t: Thresholds, strokes=slice(None)) -> np.ndarray:
    """Position tolerance (em) for reference strokes `strokes` (all by default) when the writer's
    transform was fitted from the reference points `fitted_from`: the farther a stroke is from
    what the fit saw, and the smaller what it saw, the looser; times loose_placement's factor.
    (Measured per axis, with room for the aspect ratio one horizontal line cannot show, it traded
    real passes for simulated misplaced strokes one for one, so it stays one radius.)"""
    doubt = min(t.position_noise / max(spread_radius(fitted_from), 1e-6), t.scale_doubt_max)
    tolerance = t.position + doubt * np.hypot(*(ref.centroids[strokes] - fitted_from.mean(axis=0)).T)
    return tolerance * loose_placement(ref, t)[strokes]


def loose_placement(ref: Reference, t: Thresholds) -> np.ndarray:
    """(m,) factor on each reference stroke's position tolerance: dot_position for a free-standing
    mark (a dot, or the handakuten's ring), component_position for the first stroke of a component
    other than the first (nothing of its own component is placed before it), both for a dot that
    is both (心 under 想)."""
    return (np.where(free_standing_marks(ref, t), t.dot_position, 1.0)
            * np.where(ref.component_starts, t.component_position, 1.0))


def dot_angles(ref: Reference, t: Thresholds) -> np.ndarray:
    """(m,) how far (radians) each reference stroke, taken as a dot, may point from its direction:
    free_dot_angle for a free-standing dot (心, 氵, a dakuten: nothing around it shows which way it
    points), dot_angle otherwise."""
    return np.where(free_standing_dots(ref, t), t.free_dot_angle, t.dot_angle)


def free_standing_dots(ref: Reference, t: Thresholds) -> np.ndarray:
    """(m,) bool: dots (reference strokes under dot_length) that touch no other stroke, like the
    dots of 心 and 氵 and a dakuten. Nothing pins where they sit (a stroke that touches others is
    placed by its contacts, see keeps_contacts), and writers place them loosely."""
    return (ref.lengths < t.dot_length) & ~ref.touches_other


def free_standing_marks(ref: Reference, t: Thresholds) -> np.ndarray:
    """(m,) bool: free-standing dots, and small rings that touch no other stroke: a loop no wider
    or taller than a dot is long (the handakuten of ぱ, ピ). Nothing pins where such a ring sits
    either, and writers place it as loosely as a dakuten; by its length (0.4 em) it would be a
    line. In the bundled data exactly the handakuten and ゜・！ are such rings."""
    rings = ref.closed & (ref.extents < t.dot_length) & ~ref.touches_other
    return free_standing_dots(ref, t) | rings


def shifted_components(ref: Reference, mapped: np.ndarray, pairs: list[tuple[int, int]], tolerance: np.ndarray,
                       t: Thresholds) -> dict[int, float]:
    """Free mode: {drawn stroke: position score relative to its component} for the strokes of every
    component (writing/components.py, split at ref.component_starts) shifted as a whole: at least
    two placed strokes (`pairs`: (drawn, ref) of mapped (n, N, 2)), their mean offset from where
    they belong at most component_shift (em), and each within component_rigid of its position
    tolerance (`tolerance`, (m,) em) of that mean offset. A single stroke moved leaves its
    component's strokes out of place with one another, so it is not excused."""
    component = np.cumsum(ref.component_starts)
    relative: dict[int, float] = {}
    for c in np.unique(component):
        members = [(d, r) for d, r in pairs if component[r] == c]
        if len(members) < 2:
            continue
        drawn, refs = [d for d, _ in members], [r for _, r in members]
        offsets = mapped[drawn].mean(axis=1) - ref.centroids[refs]
        shift = offsets.mean(axis=0)
        residual = np.hypot(*(offsets - shift).T) / tolerance[refs]
        if np.hypot(*shift) <= t.component_shift and (residual <= t.component_rigid).all():
            relative.update(zip(drawn, residual.tolist()))
    return relative


def keeps_contacts(stroke: np.ndarray, target: int, ref: Reference, placed_refs: np.ndarray,
                   placed_strokes: np.ndarray, t: Thresholds) -> bool:
    """Does the mapped stroke (N, 2), as reference stroke `target`, touch every placed stroke
    (refs `placed_refs`, mapped points (k, N, 2)) that the reference stroke touches, at about the
    same place along both, and is there at least one? Then it is in place relative to its
    neighbours (see contact_position)."""
    if len(placed_refs) == 0:
        return False
    gap, along_own, along_other = (c[target, placed_refs] for c in ref.contacts)
    touching = gap <= t.contact
    if not touching.any():
        return False
    drawn_gap, drawn_own, drawn_other = closest_approach(stroke[None], placed_strokes[touching])
    slide_own = np.abs(drawn_own - along_own[touching]) * ref.lengths[target]
    slide_other = np.abs(drawn_other - along_other[touching]) * ref.lengths[placed_refs[touching]]
    return bool((drawn_gap <= t.contact_drawn).all() and (np.maximum(slide_own, slide_other) <= t.contact_slide).all())


def best_merged(mapped: np.ndarray, ref: Reference, tolerance: np.ndarray, t: Thresholds,
                allowed=lambda first, span: True) -> tuple[float, int | None, int, float]:
    """(score, first, span, shape) of the best run of consecutive reference strokes (span in
    MERGED_SPANS) the mapped stroke (N, 2) fits drawn as one line, among the runs
    `allowed(first, span)` accepts ((inf, None, 0, inf): none). A run's score is the forward score
    against the joined line, its position tolerance merged_position times the loosest of the
    covered strokes' (`tolerance`, (m,), em); `shape` is that score's shape part. The first minimum
    wins, shorter runs before longer ones."""
    shape, centre, length = normalised_shapes(mapped), mapped.mean(axis=0)[None], polyline_length(mapped)
    drawn_turning = turning(mapped)[None]
    best = (np.inf, None, 0, np.inf)
    for span in MERGED_SPANS:
        for first in range(ref.count - span + 1):
            if not allowed(first, span):
                continue
            shape_cost = max(float(shape_distance(shape, ref.merged_shapes[span][first]) / t.shape),
                             float(corner_scores(drawn_turning, ref.merged_turning[span][first : first + 1], t)[0, 0]))
            cost = max(
                shape_cost,
                float(position_scores(centre, ref.merged_points[span][first].mean(axis=0)[None],
                                      np.array([tolerance[first : first + span].max() * t.merged_position]))[0, 0]),
                float(length_score(length, ref.merged_lengths[span][first : first + 1], t)[0]),
            )
            if cost < best[0]:
                best = (cost, first, span, shape_cost)
    return best


def classify(score: PairScore, *, merged: float, later: int | None, drawn_length: float, ref_length: float,
             t: Thresholds, merged_shape: float | None = None) -> str | None:
    """The verdict on one drawn stroke judged as the reference stroke it should be: None when it
    passes, else the mistake. `merged` is its score as that stroke and its neighbour drawn as one
    (inf when that cannot be); it wins when it fits better than the stroke alone. `merged_shape`,
    that score's shape part, is given only where the neighbour is known to be missing (free mode;
    in guided mode it is still due): then the joined line also wins when it passes and its shape
    fits better than the stroke's own, because the stroke then runs along its missing neighbour
    too (確's tick and ㇖ in one stroke fit the ㇖ alone, at a worse shape). (Calling it merged
    whenever the neighbour is missing and the joined line passes catches more but blames a drawn
    stroke for every short stroke left out next to it.) `later` is a stroke due later that it fits
    instead (None: none)."""
    if merged <= 1.0 and (merged < score.forward or (merged_shape is not None and merged_shape < score.shape)):
        return "merged"
    if score.forward <= 1.0:
        return None
    if later is not None:
        return "order"
    if score.backward <= 1.0:
        return "reversed"
    if drawn_length < t.too_short_fraction * ref_length:
        return "too_short"
    if score.shape <= 1.0 and score.length <= 1.0:
        return "position"
    return "shape"
