"""How well one drawn stroke fits reference strokes: shape, position and length, each divided by
its tolerance so that 1.0 is the edge of acceptance and all components read the same way.

All tolerances are in the reference character's em box (after the writer's own scale and
placement have been taken out), so they are relative to the character, never to pixels. Every
tolerance is multiplied by the leniency setting."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .geometry import normalised_shapes, polyline_length, spread_radius

# Mean distance between the drawn and reference stroke after each is centred and scaled to unit
# RMS radius. A straight stroke drawn 20° off gives about 0.3; drawn backwards about 1.5.
# Bigger = more lenient.
SHAPE_TOLERANCE = 0.42
# Distance between the drawn stroke's centre and the reference stroke's centre, in em, once the
# writer's scale and placement are known from several strokes. Bigger = more lenient.
POSITION_TOLERANCE = 0.085
# How far the writer's scale estimate may be off, per em of distance from the strokes it was
# estimated from, added to POSITION_TOLERANCE: a guess from one dot is loose, from ten strokes
# tight. It is `POSITION_NOISE / spread of the accepted strokes`, capped at SCALE_DOUBT_MAX.
# Bigger = more lenient.
POSITION_NOISE = 0.025
SCALE_DOUBT_MAX = 0.45
# Allowed ratio between drawn and reference stroke length, as |log ratio| (log 1.75: from 57% to
# 175% of the reference length). Bigger = more lenient.
LENGTH_TOLERANCE = math.log(1.75)
# Added to both lengths before the ratio so dots (a few hundredths of an em) are not judged by a
# ratio of tiny numbers. Bigger = more lenient for short strokes.
LENGTH_FLOOR = 0.05
# A stroke shorter than this fraction of the stroke it should be, and matching nothing, is
# reported as "too short" rather than as a shape mistake. Bigger = the gentler message more often.
TOO_SHORT_FRACTION = 0.4


def position_tolerance(fitted_from: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Position tolerance (em, before leniency) for strokes centred at `centroids` when the
    writer's transform was fitted from the reference points `fitted_from`: the farther a stroke
    is from what the fit saw, and the smaller what it saw, the looser."""
    doubt = min(POSITION_NOISE / max(spread_radius(fitted_from), 1e-6), SCALE_DOUBT_MAX)
    return POSITION_TOLERANCE + doubt * np.hypot(*(centroids - fitted_from.mean(axis=0)).T)


@dataclass
class Costs:
    """Normalised costs (<= 1 passes) of one drawn stroke against candidate reference strokes."""

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


def shape_distance(drawn_shape: np.ndarray, ref_shapes: np.ndarray) -> np.ndarray:
    """Mean point distance between one normalised shape (N, 2) and many (k, N, 2)."""
    return np.sqrt(((ref_shapes - drawn_shape) ** 2).sum(axis=-1)).mean(axis=-1)


def length_cost(drawn_length: float | np.ndarray, ref_lengths: np.ndarray, leniency: float) -> np.ndarray:
    ratio = np.log((drawn_length + LENGTH_FLOOR) / (ref_lengths + LENGTH_FLOOR))
    return np.abs(ratio) / (LENGTH_TOLERANCE * leniency)


def stroke_costs(
    drawn: np.ndarray,
    ref_shapes: np.ndarray,
    ref_reversed_shapes: np.ndarray | None,
    ref_centroids: np.ndarray,
    ref_lengths: np.ndarray,
    position_tolerance: np.ndarray | float,
    leniency: float,
) -> Costs:
    """`drawn` is one resampled stroke (N, 2) already mapped into the reference frame."""
    shape = normalised_shapes(drawn)
    shape_cost = shape_distance(shape, ref_shapes) / (SHAPE_TOLERANCE * leniency)
    reversed_cost = (
        shape_distance(shape, ref_reversed_shapes) / (SHAPE_TOLERANCE * leniency)
        if ref_reversed_shapes is not None
        else np.full(len(ref_shapes), np.inf)
    )
    offset = np.hypot(*(ref_centroids - drawn.mean(axis=0)).T)
    return Costs(
        shape=shape_cost,
        reversed_shape=reversed_cost,
        position=offset / (np.asarray(position_tolerance) * leniency),
        length=length_cost(polyline_length(drawn), ref_lengths, leniency),
    )
