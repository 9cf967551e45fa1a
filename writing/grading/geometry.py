"""Stroke geometry in numpy: cleaning raw input, arc-length resampling, per-character reference
preprocessing (cached) and the similarity transform between a drawing and its reference.

Every point is in em-box units (the reference character's em box is [0, 1]^2, y down)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

import numpy as np

from .thresholds import thresholds

# Points per resampled stroke: enough for hooks and curves of the reference data, few enough that
# comparing one stroke with every reference stroke stays well under a millisecond.
RESAMPLE_POINTS = 20
# Raw strokes longer than this are thinned (evenly, keeping both ends) before any numpy work, so a
# runaway pointer stream costs bounded time.
MAX_RAW_POINTS = 2000
# Coordinates beyond this many em boxes from the origin are garbage (overflowed pointer values).
ABSURD_COORDINATE = 1e4
# Smallest size a stroke's own shape is normalised by, in em: below it, wobble inside a dot would
# be magnified into shape differences.
SHAPE_SCALE_FLOOR = 0.03
# A stroke whose ends are closer than this share of its length is a loop: where a writer starts
# a small circle (the handakuten) varies, so loops are compared from every starting point.
CLOSED_GAP = 0.15
# How many consecutive reference strokes a stroke drawn in one go may cover: real writers join two
# (口's vertical and ㇕) and, writing cursively, three (幺, 糸's top, 子).
MERGED_SPANS = (2, 3)


def clean_stroke(points: Any) -> np.ndarray:
    """(k, 2) float array of the usable points of one raw stroke (possibly k = 0). Never raises:
    non-numeric, non-finite and absurd points are dropped, consecutive duplicates merged, very
    long strokes thinned."""
    if isinstance(points, np.ndarray):
        raw = points
    else:
        try:
            raw = list(points)
        except TypeError:
            return np.zeros((0, 2))
    if len(raw) > MAX_RAW_POINTS:
        keep = np.linspace(0, len(raw) - 1, MAX_RAW_POINTS).round().astype(int)
        raw = raw[keep] if isinstance(raw, np.ndarray) else [raw[i] for i in keep]
    try:
        arr = np.asarray(raw, dtype=float)
    except (TypeError, ValueError):
        arr = np.asarray([_point_or_nan(p) for p in raw], dtype=float).reshape(-1, 2)
    if arr.ndim != 2 or arr.shape[1] != 2:
        if arr.size == 0:
            return np.zeros((0, 2))
        arr = np.asarray([_point_or_nan(p) for p in raw], dtype=float).reshape(-1, 2)
    usable = np.isfinite(arr).all(axis=1) & (np.abs(arr) < ABSURD_COORDINATE).all(axis=1)
    arr = arr[usable]
    if len(arr) > 1:
        moved = np.any(arr[1:] != arr[:-1], axis=1)
        arr = arr[np.concatenate(([True], moved))]
    return arr


def _point_or_nan(point: Any) -> tuple[float, float]:
    try:
        x, y = point
        return float(x), float(y)
    except (TypeError, ValueError):
        return math.nan, math.nan


def polyline_length(points: np.ndarray) -> float:
    if len(points) < 2:
        return 0.0
    return float(np.hypot(*np.diff(points, axis=0).T).sum())


def resample(points: np.ndarray, n: int = RESAMPLE_POINTS) -> np.ndarray:
    """n points evenly spaced by arc length from the first point to the last."""
    if len(points) == 0:
        return np.zeros((n, 2))
    if len(points) == 1:
        return np.repeat(points[:1], n, axis=0)
    seg = np.hypot(*np.diff(points, axis=0).T)
    along = np.concatenate(([0.0], np.cumsum(seg)))
    if along[-1] <= 0:
        return np.repeat(points[:1], n, axis=0)
    targets = np.linspace(0.0, along[-1], n)
    return np.column_stack((np.interp(targets, along, points[:, 0]), np.interp(targets, along, points[:, 1])))


def resample_many(strokes: Sequence[np.ndarray], n: int = RESAMPLE_POINTS) -> np.ndarray:
    """(len(strokes), n, 2)."""
    if not strokes:
        return np.zeros((0, n, 2))
    return np.stack([resample(s, n) for s in strokes])


def angle_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How far apart two headings are (radians, 0 to pi), broadcast."""
    return np.abs((a - b + np.pi) % (2 * np.pi) - np.pi)


def turning(resampled: np.ndarray) -> np.ndarray:
    """Total absolute turn (radians) along each resampled stroke (..., N, 2)."""
    steps = np.diff(resampled, axis=-2)
    heading = np.arctan2(steps[..., 1], steps[..., 0])
    return angle_between(heading[..., 1:], heading[..., :-1]).sum(axis=-1)


def normalised_shapes(resampled: np.ndarray) -> np.ndarray:
    """Each stroke centred on its own centroid and divided by its own RMS radius (floored), so
    strokes can be compared by shape and direction regardless of size and place."""
    centred = resampled - resampled.mean(axis=-2, keepdims=True)
    radius = np.sqrt((centred**2).sum(axis=-1).mean(axis=-1))
    return centred / np.maximum(radius, SHAPE_SCALE_FLOOR)[..., None, None]


def loop_aligned(points: np.ndarray, ref_shape: np.ndarray) -> np.ndarray:
    """A drawn loop's resampled points (N, 2) started where, and run the way round that, the
    reference loop's normalised shape `ref_shape` (N, 2) does, so that point i of each is the same
    place on the loop when a transform is fitted from them. (Point by point, a circle drawn
    from the top anticlockwise against one drawn from the bottom clockwise fits a scale near 0.)"""
    ways = (points, points[::-1])
    shapes = normalised_shapes(np.stack(ways))
    candidates = np.stack([np.roll(shape, k, axis=0) for shape in shapes for k in range(len(points))])
    best = int(np.argmin(np.sqrt(((candidates - ref_shape) ** 2).sum(axis=-1)).mean(axis=-1)))
    return np.roll(ways[best // len(points)], best % len(points), axis=0)


def trim_hooks(line: np.ndarray, turn: float, region: float, n: int = RESAMPLE_POINTS) -> np.ndarray:
    """A resampled stroke without the hook or flick at its ends: cut at the first turn sharper
    than `turn` (radians) within the last `region` of its length, and at the last such turn within
    the first 0.6 * `region`. The stroke itself when nothing is cut or too little would be left."""
    steps = np.diff(line, axis=0)
    lengths = np.hypot(*steps.T)
    total = lengths.sum()
    if total <= 0 or len(line) < 4:
        return line
    heading = np.arctan2(steps[:, 1], steps[:, 0])
    turns = angle_between(heading[1:], heading[:-1])  # at interior points 1..k-2
    along = np.cumsum(lengths)[:-1] / total
    start, end = 0, len(line)
    tail = np.flatnonzero((along > 1 - region) & (turns > turn))
    if len(tail):
        end = int(tail[0]) + 2
    head = np.flatnonzero((along < 0.6 * region) & (turns > turn))
    if len(head):
        start = int(head[-1]) + 1
    if end - start < 3 or (start == 0 and end == len(line)):
        return line
    return resample(line[start:end], n)


def closest_approach(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where resampled polylines a and b (..., N, 2, broadcast over leading axes) come closest:
    (distance, fraction along a, fraction along b), over their resampled points."""
    n = a.shape[-2]
    apart = np.sqrt(((a[..., :, None, :] - b[..., None, :, :]) ** 2).sum(-1))  # (..., N, N)
    flat = apart.reshape(apart.shape[:-2] + (-1,)).argmin(axis=-1)
    along_a, along_b = np.divmod(flat, n)
    return np.take_along_axis(apart.reshape(apart.shape[:-2] + (-1,)), flat[..., None], -1)[..., 0], along_a / (n - 1), along_b / (n - 1)


def tick_legs(resampled: np.ndarray, leg_share: float, turn: float) -> np.ndarray:
    """(..., 2) headings (radians) of the two legs of each resampled stroke (..., N, 2): from its
    start to its corner (the point farthest from its chord) and from there to its end; NaN where
    the stroke has no corner: a leg shorter than `leg_share` of the two together, or legs that
    turn less than `turn` radians."""
    start, end = resampled[..., :1, :], resampled[..., -1:, :]
    chord = end - start  # (..., 1, 2)
    span = np.hypot(chord[..., 0], chord[..., 1])  # (..., 1)
    off = np.abs((resampled[..., 0] - start[..., 0]) * chord[..., 1] - (resampled[..., 1] - start[..., 1]) * chord[..., 0])
    corner = np.take_along_axis(resampled, np.argmax(off, axis=-1)[..., None, None], axis=-2)
    first, second = (corner - start)[..., 0, :], (end - corner)[..., 0, :]
    lengths = np.hypot(first[..., 0], first[..., 1]), np.hypot(second[..., 0], second[..., 1])
    headings = np.stack((np.arctan2(first[..., 1], first[..., 0]), np.arctan2(second[..., 1], second[..., 0])), axis=-1)
    has_corner = (np.minimum(*lengths) >= leg_share * (lengths[0] + lengths[1])) & (angle_between(headings[..., 1], headings[..., 0]) >= turn) & (span[..., 0] > 1e-9)
    return np.where(has_corner[..., None], headings, np.nan)


def chord_angles(resampled: np.ndarray) -> np.ndarray:
    """Direction (radians) from each stroke's first point to its last."""
    chord = resampled[..., -1, :] - resampled[..., 0, :]
    return np.arctan2(chord[..., 1], chord[..., 0])


@dataclass(frozen=True)
class Reference:
    """A character's reference strokes, preprocessed once and shared by every comparison."""

    points: np.ndarray  # (m, N, 2) resampled centre lines
    shapes: np.ndarray  # (m, N, 2) normalised shapes
    reversed_shapes: np.ndarray  # (m, N, 2) normalised shapes drawn end to start
    lengths: np.ndarray  # (m,)
    centroids: np.ndarray  # (m, 2)
    bbox: np.ndarray  # (2, 2): [[xmin, ymin], [xmax, ymax]] of the whole character
    merged_points: dict  # {span: (m-span+1, N, 2)}: strokes j .. j+span-1 drawn as one line
    merged_shapes: dict  # {span: normalised shapes of those}
    merged_lengths: dict  # {span: (m-span+1,)}
    trimmed_shapes: np.ndarray  # (m, N, 2) normalised shapes with end hooks trimmed
    trimmed_reversed_shapes: np.ndarray
    turning: np.ndarray  # (m,) total turn (radians), the smaller of with and without end hooks
    # {span: (m-span+1,)} the strokes' own turning summed, for strokes drawn as one line (without
    # the turns into and out of the joins, which depend on how the pen got across)
    merged_turning: dict
    chords: np.ndarray  # (m,) direction from first to last point
    legs: np.ndarray  # (m, 2) headings of the two legs of a stroke with one corner (tick_legs), else NaN
    chord_directions: np.ndarray  # (m, 2) the same as unit vectors
    straight: np.ndarray  # (m,) bool: chord at least slide_straightness of the length (it has a direction)
    closed: np.ndarray  # (m,) bool: loops (the handakuten circle), whose starting point is free
    extents: np.ndarray  # (m,) the larger side of each stroke's bounding box
    contacts: tuple  # (m, m) arrays: closest approach of each pair of strokes, and where along each
    touches_other: np.ndarray  # (m,) bool: within the `contact` threshold of another stroke
    # (m,) bool: the first stroke of each component after the first (reference_for's
    # component_starts), placed more loosely (matching.position_tolerance)
    component_starts: np.ndarray

    @property
    def count(self) -> int:
        return len(self.points)


def variant_strokes(ref_strokes: Sequence[Sequence[Sequence[float]]], groups: Sequence[Sequence[int]]) -> list[list]:
    """The reference written another way (writing/strokes.py CharData.variants): one stroke per
    group, the group's strokes joined end to start as Reference.merged_points joins them."""
    return [[tuple(point) for j in group for point in ref_strokes[j]] for group in groups]


def _key(ref_strokes: Sequence[Sequence[Sequence[float]]]) -> tuple:
    return tuple(tuple((float(x), float(y)) for x, y in stroke) for stroke in ref_strokes)


def variant_component_starts(groups: Sequence[Sequence[int]], component_starts: Sequence[int]) -> tuple[int, ...]:
    """The component starts in a variant's numbering (see variant_strokes): the groups that begin
    with a stroke that begins a component."""
    starts = set(component_starts)
    return tuple(g for g, group in enumerate(groups) if group and group[0] in starts)


def reference_for(ref_strokes: Sequence[Sequence[Sequence[float]]], component_starts: Sequence[int] = ()) -> Reference:
    """The preprocessed reference (cached by content, so repeated calls are cheap).
    `component_starts`: stroke indices where a component other than the first begins
    (writing/strokes.py CharData.component_starts); indices out of range are ignored."""
    key = _key(ref_strokes)
    starts = tuple(sorted({int(j) for j in component_starts if 0 < int(j) < len(key)}))
    return _reference_cached(key, starts)


@lru_cache(maxsize=512)
def _reference_cached(key: tuple, component_starts: tuple[int, ...]) -> Reference:
    raw = [clean_stroke(stroke) for stroke in key]
    points = resample_many(raw)
    all_points = np.concatenate([r for r in raw if len(r)] or [np.zeros((1, 2))])
    merged_raw = {span: [np.concatenate(raw[j : j + span]) for j in range(len(raw) - span + 1)] for span in MERGED_SPANS}
    merged_points = {span: resample_many(lines) for span, lines in merged_raw.items()}
    definitions = thresholds(1.0)  # hooks, contacts and corners are definitions: the same at every leniency
    contacts = closest_approach(points[:, None], points[None]) if len(points) else (np.zeros((0, 0)),) * 3
    trimmed = np.stack([trim_hooks(p, definitions.hook_turn, definitions.hook_region) for p in points]) if len(points) else points
    lengths = np.array([polyline_length(r) for r in raw])
    chords = chord_angles(points)
    own_turning = np.minimum(turning(points), turning(trimmed)) if len(points) else np.zeros(0)
    return Reference(
        points=points,
        shapes=normalised_shapes(points),
        reversed_shapes=normalised_shapes(points[:, ::-1]),
        lengths=lengths,
        centroids=points.mean(axis=1) if len(points) else np.zeros((0, 2)),
        bbox=np.stack((all_points.min(axis=0), all_points.max(axis=0))),
        merged_points=merged_points,
        merged_shapes={span: normalised_shapes(points) for span, points in merged_points.items()},
        merged_lengths={span: np.array([polyline_length(r) for r in lines]) for span, lines in merged_raw.items()},
        trimmed_shapes=normalised_shapes(trimmed),
        trimmed_reversed_shapes=normalised_shapes(trimmed[:, ::-1]),
        turning=own_turning,
        merged_turning={span: np.array([own_turning[j : j + span].sum() for j in range(len(points) - span + 1)])
                        for span in MERGED_SPANS},
        chords=chords,
        legs=tick_legs(points, definitions.tick_leg_share, definitions.tick_turn) if len(points) else np.zeros((0, 2)),
        chord_directions=np.stack((np.cos(chords), np.sin(chords)), axis=-1),
        straight=np.hypot(*(points[:, -1] - points[:, 0]).T) >= definitions.slide_straightness * lengths
        if len(points) else np.zeros(0, bool),
        closed=np.hypot(*(points[:, -1] - points[:, 0]).T) < CLOSED_GAP * np.maximum(lengths, 1e-9)
        if len(points) else np.zeros(0, bool),
        extents=np.ptp(points, axis=1).max(axis=1) if len(points) else np.zeros(0),
        contacts=contacts,
        touches_other=((contacts[0] <= definitions.contact) & ~np.eye(len(points), dtype=bool)).any(axis=1),
        component_starts=np.isin(np.arange(len(points)), component_starts),
    )


@dataclass(frozen=True)
class Similarity:
    """drawn = scale * R(angle) @ reference + shift; `to_reference` inverts it."""

    scale: float = 1.0
    angle: float = 0.0
    shift: tuple[float, float] = (0.0, 0.0)

    def to_reference(self, drawn: np.ndarray) -> np.ndarray:
        c, s = math.cos(self.angle), math.sin(self.angle)
        inverse_rotation = np.array([[c, s], [-s, c]])
        return ((drawn - np.asarray(self.shift)) @ inverse_rotation.T) / self.scale


def fit_similarity(
    ref_points: np.ndarray,
    drawn_points: np.ndarray,
    *,
    max_angle: float,
    prior_weight: float,
    prior_scale: float = 1.0,
    weights: np.ndarray | None = None,
    fixed_scale: float | None = None,
) -> Similarity:
    """Least-squares similarity from point pairs (Umeyama, 2-D), rotation clamped to
    ±max_angle, scale pulled towards `prior_scale` with `prior_weight` (in em² of point spread):
    a dot alone says little about the writer's scale, a long stroke says a lot. `fixed_scale`:
    the scale is known; only rotation and shift are fitted."""
    if weights is None:
        weights = np.ones(len(ref_points))
    total = weights.sum()
    if total <= 0 or len(ref_points) == 0:
        return Similarity(prior_scale)
    mu_r = weights @ ref_points / total
    mu_d = weights @ drawn_points / total
    r = ref_points - mu_r
    d = drawn_points - mu_d
    spread = float(weights @ (r**2).sum(axis=1))
    dot = float(weights @ (r * d).sum(axis=1))
    cross = float(weights @ (r[:, 0] * d[:, 1] - r[:, 1] * d[:, 0]))
    angle = min(max(math.atan2(cross, dot), -max_angle), max_angle) if max_angle > 0 else 0.0
    along = dot * math.cos(angle) + cross * math.sin(angle)
    if fixed_scale is not None:
        scale = fixed_scale
    else:
        scale = max((along + prior_weight * prior_scale) / (spread + prior_weight), 0.05)
    c, s = math.cos(angle), math.sin(angle)
    rotated_mu = np.array([c * mu_r[0] - s * mu_r[1], s * mu_r[0] + c * mu_r[1]])
    shift = mu_d - scale * rotated_mu
    return Similarity(scale, angle, (float(shift[0]), float(shift[1])))


def spread_radius(points: np.ndarray) -> float:
    """RMS distance of points from their centroid."""
    if len(points) == 0:
        return 0.0
    return float(np.sqrt(((points - points.mean(axis=0)) ** 2).sum(axis=1).mean()))
