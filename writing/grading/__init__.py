"""The stroke grader (numpy): guided quiz, free grading and the rating policy.

Import it lazily: it loads numpy, which must never happen at add-on start-up. Points are in the
character's em box ([0, 1]^2, y down); drawn points may fall outside it."""

from .free import grade_free
from .guided import CharacterQuiz, guided_verdict
from .rating import Rating, suggest_rating
from .types import MISTAKE_KINDS, REASONS, FreeResult, Mistake, StrokeVerdict

__all__ = [
    "CharacterQuiz",
    "FreeResult",
    "MISTAKE_KINDS",
    "Mistake",
    "REASONS",
    "Rating",
    "StrokeVerdict",
    "grade_free",
    "guided_verdict",
    "suggest_rating",
]
