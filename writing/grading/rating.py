"""Suggested Anki rating from what happened while writing: mistakes, hints and reveals."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from ..config import RatingPolicy

from .types import Mistake

LABELS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}

# How each kind of mistake is said in the reason line: (one, many).
_PHRASES = {
    "order": ("1 stroke out of order", "{n} strokes out of order"),
    "reversed": ("1 stroke backwards", "{n} strokes backwards"),
    "shape": ("1 stroke misshapen", "{n} strokes misshapen"),
    "position": ("1 stroke misplaced", "{n} strokes misplaced"),
    "too_short": ("1 stroke too short", "{n} strokes too short"),
    "missing": ("1 stroke missing", "{n} strokes missing"),
    "extra": ("1 extra stroke", "{n} extra strokes"),
    "merged": ("2 strokes run together", "{n} pairs of strokes run together"),
}


@dataclass(frozen=True)
class Rating:
    ease: int  # 1..4 (Again, Hard, Good, Easy)
    label: str
    reason: str  # short and human

    def as_dict(self) -> dict[str, int | str]:
        """The rating as the card page receives it (writing/review.py's answer summary)."""
        return {"ease": self.ease, "label": self.label, "reason": self.reason}


def _count(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=n)


def _describe(mistakes: Sequence[Mistake]) -> list[str]:
    guided = [m for m in mistakes if m.expected is not None]
    parts = []
    if guided:
        # In guided mode a rejected stroke is retried: say how many strokes needed another go,
        # and how many misses that took when some needed more than one.
        retried = len({m.expected for m in guided})
        if len(guided) == retried:
            parts.append(_count(retried, "1 stroke needed a second try", "{n} strokes needed a second try"))
        else:
            parts.append(f"{len(guided)} misses on " + _count(retried, "1 stroke", "{n} strokes"))
    kinds = Counter(m.kind for m in mistakes if m.expected is None)
    for kind, n in kinds.most_common():
        one, many = _PHRASES.get(kind, ("1 mistake", "{n} mistakes"))
        parts.append(_count(n, one, many))
    return parts


def suggest_rating(
    *,
    stroke_count: int,
    mistakes: Sequence[Mistake] | int,
    stroke_hints: int = 0,
    component_hints: int = 0,
    reveals: int = 0,
    policy: RatingPolicy = RatingPolicy(),
) -> Rating:
    """Clean → Good; a reveal → policy.reveal_rating; otherwise the cost of mistakes and hints
    against a miss budget that grows with the number of strokes: within it Hard, beyond it Again.
    Easy is never suggested: a clean character is what Good means; Easy is the learner's call.
    `mistakes` is the list of Mistake (summed over a word's characters) or just their number."""
    mistake_list = list(mistakes) if not isinstance(mistakes, int) else []
    mistake_count = mistakes if isinstance(mistakes, int) else len(mistake_list)
    stroke_hints, component_hints, reveals = (max(0, int(x)) for x in (stroke_hints, component_hints, reveals))
    parts = _describe(mistake_list) if mistake_list else (
        [_count(mistake_count, "1 mistake", "{n} mistakes")] if mistake_count else []
    )
    if stroke_hints:
        parts.append(_count(stroke_hints, "1 hint", "{n} hints"))
    if component_hints:
        parts.append(_count(component_hints, "1 component hint", "{n} component hints"))
    if reveals:
        ease = min(max(int(policy.reveal_rating), 1), 4)
        return Rating(ease, LABELS[ease], ", ".join(["revealed"] + parts))
    missing = sum(1 for m in mistake_list if m.kind == "missing")
    if stroke_count > 0 and missing >= stroke_count:
        # Nothing of the character was written: not a near miss, whatever the budget.
        return Rating(1, LABELS[1], "not written")
    cost = mistake_count + stroke_hints * policy.stroke_hint_cost + component_hints * policy.component_hint_cost
    if cost <= 0:
        return Rating(3, LABELS[3], "clean")
    budget = policy.miss_budget_base + policy.miss_budget_per_stroke * max(0, int(stroke_count))
    ease = 2 if cost <= budget else 1
    return Rating(ease, LABELS[ease], ", ".join(parts))
