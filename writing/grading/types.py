"""Result types shared by the guided quiz, free grading, the rating policy and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

# Why a guided stroke was rejected.
REASONS = ("order", "reversed", "shape", "position", "too_short", "merged")
# What a mistake in a graded character can be (free mode adds what only a whole drawing shows).
MISTAKE_KINDS = ("order", "reversed", "shape", "position", "too_short", "merged", "missing", "extra")


@dataclass(frozen=True)
class StrokeVerdict:
    accepted: bool
    ref: int | None  # reference stroke matched (accepted) or the one it looked like
    reason: str | None  # one of REASONS when rejected
    message: str  # one short line for the learner
    expected: int | None  # the stroke expected next


@dataclass(frozen=True)
class Mistake:
    kind: str  # one of MISTAKE_KINDS (guided mode: the rejection reason)
    drawn: int | None  # index into the drawn strokes, input order (None: missing)
    ref: int | None  # index into the reference strokes (None: extra)
    expected: int | None = None  # guided mode: the stroke that was expected when this happened


@dataclass(frozen=True)
class FreeResult:
    ok: bool  # clean pass, no mistake
    mistakes: list[Mistake]
    matches: list[int | None]  # per drawn stroke: its reference stroke (None: extra)
    # The other standard way of writing it that was followed (groups of reference strokes written
    # as one stroke, in writing order; writing/strokes.py CharData.variants), or None.
    variant: tuple[tuple[int, ...], ...] | None = None
