"""Review sessions: what the card page sends while the learner writes, and what Python answers.

Pure core (no aqt). The GUI layer (writing/gui/reviewer.py) binds messages to the card under
review and calls `SessionStore` / `ReviewSession.handle`; everything that decides a grade lives
here, computed from the strokes Python received. The page only ever receives verdicts and the
suggested rating; it cannot choose one.

Protocol: the page calls `pycmd("wp:" + JSON)`; the JSON object has `type` (one of
MESSAGE_TYPES), `card` (the card id the page was rendered for) and per type:
  start  {side: "question"|"answer"}       -> characters, reference strokes, state (or summary)
  stroke {char: i, points: [[x, y], ...]}   -> guided: the verdict; free/ungraded: recorded
  undo | clear | hint | reveal | check {char: i}
A guided character's first hint names its components and their layout ("言 on the left; 五 over
口 on the right", components the learner can already write marked "(known)") and counts as a
component hint; later hints, and every hint of a character without component data, show a stroke.
Points are em-box units of the character's grid square ([0, 1]^2, y down). Every reply is a JSON
object with `ok`; a rejected message gets `{"ok": false, "error": "..."}` and changes nothing.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from . import strokes as stroke_data
from . import vendor
from .config import Config

if TYPE_CHECKING:  # the grading package loads numpy: imported where a grade is made
    from .grading.rating import Rating

PREFIX = "wp:"
MESSAGE_TYPES = ("start", "stroke", "undo", "clear", "hint", "reveal", "check")
SIDES = ("question", "answer")

# Bounds on what the page may send. A real stroke at 120 Hz for 30 s stays under the point bound;
# the busiest characters have about 30 strokes, so 64 leaves room for misses and retries.
MAX_MESSAGE_CHARS = 200_000
MAX_POINTS_PER_STROKE = 4_000
MAX_STROKES_PER_CHAR = 64
MAX_CHARS_PER_WORD = 16
# Drawn points may leave the grid a little (the learner overshoots); far outside is not writing.
COORD_MIN, COORD_MAX = -1.0, 2.0
_ALLOWED_KEYS = {
    "start": {"type", "card", "side"},
    "stroke": {"type", "card", "char", "points"},
}
_CHAR_ONLY_KEYS = {"type", "card", "char"}


class BadMessage(ValueError):
    """A message that is not one the page sends; the text says what is wrong with it."""


@dataclass(frozen=True)
class Message:
    type: str
    card: int
    side: str | None = None
    char: int | None = None
    points: tuple[tuple[float, float], ...] = ()


def _reject_constant(name: str) -> float:
    raise BadMessage(f"{name} is not a number the page sends")


def _whole_number(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadMessage(f"{what} must be a whole number")
    if not low <= value <= high:
        raise BadMessage(f"{what} out of range")
    return value


def parse_message(text: Any) -> Message:
    """The message after the prefix, validated; raises BadMessage saying why not."""
    return message_from(decode(text))


def decode(text: Any) -> dict[str, Any]:
    """The JSON object of a message (any type, bounded in size); raises BadMessage saying why not."""
    if not isinstance(text, str):
        raise BadMessage("message is not text")
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadMessage(f"message longer than {MAX_MESSAGE_CHARS} characters")
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except BadMessage:
        raise
    except (ValueError, RecursionError) as exc:
        raise BadMessage(f"message is not JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise BadMessage("message is not a JSON object")
    return data


def message_from(data: dict[str, Any]) -> Message:
    """A writing-area message from its decoded JSON object; raises BadMessage saying why not."""
    kind = data.get("type")
    if kind not in MESSAGE_TYPES:
        raise BadMessage("unknown message type")
    allowed = _ALLOWED_KEYS.get(kind, _CHAR_ONLY_KEYS)
    extra = set(data) - allowed
    if extra:
        raise BadMessage(f"unexpected field in {kind} message")
    missing = allowed - set(data)
    if missing:
        raise BadMessage(f"{kind} message lacks {', '.join(sorted(missing))}")
    card = _whole_number(data["card"], "card", 1, 2**63 - 1)
    if kind == "start":
        if data["side"] not in SIDES:
            raise BadMessage("side must be question or answer")
        return Message(kind, card, side=data["side"])
    char = _whole_number(data["char"], "char", 0, MAX_CHARS_PER_WORD - 1)
    if kind != "stroke":
        return Message(kind, card, char=char)
    return Message(kind, card, char=char, points=_parse_points(data["points"]))


def _parse_points(raw: Any) -> tuple[tuple[float, float], ...]:
    if not isinstance(raw, list) or not raw:
        raise BadMessage("points must be a non-empty list")
    if len(raw) > MAX_POINTS_PER_STROKE:
        raise BadMessage(f"stroke has more than {MAX_POINTS_PER_STROKE} points")
    points = []
    for point in raw:
        if not isinstance(point, list) or len(point) != 2:
            raise BadMessage("each point must be [x, y]")
        x, y = point
        for v in (x, y):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise BadMessage("point coordinates must be finite numbers")
            if not COORD_MIN <= v <= COORD_MAX:
                raise BadMessage("point outside the writing area")
        points.append((float(x), float(y)))
    return tuple(points)


def error_reply(text: str) -> dict[str, Any]:
    return {"ok": False, "error": text}


# ---------------------------------------------------------------------------- the card's word

# A tag never spans the field separator \x1f, so fields joined by it are read at once (writing/media.py).
_TAG = re.compile(r"<[^>\x1f]*>")


def target_characters(field_html: str) -> list[str]:
    """The characters to write, from the Target field (tags and spaces dropped, entities read)."""
    text = html.unescape(_TAG.sub("", field_html or ""))
    text = stroke_data.normalise_text(text)
    return [ch for ch in text if not ch.isspace()]


@dataclass
class CharState:
    """One character of the word: its reference and what the learner did with it."""

    char: str
    ref: tuple | None  # reference strokes; None = no data: written freely, graded by the learner
    brush_width: float = 0.05
    no_data_reason: str = ""
    # other standard ways of writing it (writing/strokes.py CharData.variants), accepted too
    variants: tuple = ()
    component_starts: tuple = ()  # where its components begin (CharData.component_starts), for the grader
    quiz: Any = None  # guided mode: writing.grading.CharacterQuiz
    drawn: list[tuple[tuple[float, float], ...]] = field(default_factory=list)  # free / ungraded ink
    # guided mode: which strokes were shown by a hint (the quiz counts hints, not which strokes;
    # its misses are the quiz's own `mistakes`)
    hinted: set[int] = field(default_factory=set)
    free_result: Any = None  # free mode: writing.grading.FreeResult once checked
    checked: bool = False  # free mode / ungraded: the learner pressed Check (or Next)
    component_hint: str = ""  # the component sentence, once the learner asked for it
    # writing.components result, looked up when first needed (a hint, the answer side), not per render
    _components: Any = None

    def components(self, script: str):
        if self._components is None:
            from . import components

            self._components = components.components(self.char, script)
        return self._components

    @property
    def graded(self) -> bool:
        return self.ref is not None

    @property
    def stroke_count(self) -> int:
        return len(self.ref) if self.ref else 0


def _round_points(points) -> list[list[float]]:
    return [[round(x, 4), round(y, 4)] for x, y in points]


def component_groups(found: Any, stroke_count: int) -> list[int] | None:
    """Each reference stroke's component (index into `found.parts`; -1 for a stroke no component
    claims), or None when one colour must do: no data, a single component, or stroke indices that
    are unknown or do not fit this character's strokes."""
    if not found.ok or len(found.parts) < 2:
        return None
    groups = [-1] * stroke_count
    for index, part in enumerate(found.parts):
        if part.strokes is None:
            return None
        for stroke in part.strokes:
            if not 0 <= stroke < stroke_count:
                return None
            groups[stroke] = index
    return groups


# Called on the first component hint of a session: the characters the learner can write
# (writing.gap's definition), to mark components as known.
KnownComponents = Callable[[], "frozenset[str] | set[str]"]


class ReviewSession:
    """The state of one card's review, from its first question render to its answer."""

    def __init__(
        self, card_id: int, target: str, script: str, mode: str, config: Config, known_components: KnownComponents | None = None
    ) -> None:
        self.card_id = card_id
        self.known_components: KnownComponents = known_components or frozenset
        self.target = target
        self.script = script
        self.mode = mode
        self.config = config
        self.chars: list[CharState] = []
        self.reason_ungraded = ""
        self.outcome: Rating | None = None
        self.finished = False
        chars = target_characters(target)
        if not chars:
            self.reason_ungraded = "the Target field is empty"
        elif len(chars) > MAX_CHARS_PER_WORD:
            self.reason_ungraded = f"words longer than {MAX_CHARS_PER_WORD} characters are graded by you"
            chars = []
        elif script not in stroke_data.SCRIPTS:
            self.reason_ungraded = f"unknown script {script!r} in the Script field (use ja, zh-Hans or zh-Hant)"
        elif any(stroke_data.has_data(ch, script) for ch in chars):
            numpy_status = vendor.load_numpy()  # grading needs numpy; Anki does not ship it
            if not numpy_status.ok:
                self.reason_ungraded = numpy_status.message
        for ch in chars:
            found = stroke_data.lookup(ch, script) if not self.reason_ungraded else None
            if found is not None and found.ok:
                variants = found.variants if config.accept_variant_orders else ()
                self.chars.append(CharState(ch, found.strokes, found.brush_width, variants=variants,
                                            component_starts=found.component_starts))
            else:
                reason = found.reason if found is not None else self.reason_ungraded
                self.chars.append(CharState(ch, None, no_data_reason=reason))
        if self.chars and not any(c.graded for c in self.chars) and not self.reason_ungraded:
            self.reason_ungraded = self.chars[0].no_data_reason if len(self.chars) == 1 else "no stroke data for these characters"

    # ------------------------------------------------------------------ state

    @property
    def graded(self) -> bool:
        return any(c.graded for c in self.chars)

    def matches(self, target: str, script: str, mode: str) -> bool:
        return (self.target, self.script, self.mode) == (target, script, mode)

    def char_done(self, state: CharState) -> bool:
        if state.graded and self.mode == "guided":
            return state.quiz is not None and state.quiz.done
        return state.checked

    @property
    def current(self) -> int:
        """Index of the character being written (len(chars) when all are done)."""
        for i, state in enumerate(self.chars):
            if not self.char_done(state):
                return i
        return len(self.chars)

    def _quiz(self, state: CharState):
        if state.quiz is None:
            from .grading import CharacterQuiz

            state.quiz = CharacterQuiz(
                state.ref, leniency=self.config.leniency, hint_after_misses=self.config.hint_after_misses,
                variants=state.variants, component_starts=state.component_starts,
            )
        return state.quiz

    def snapshot(self) -> dict[str, Any]:
        """What the page needs to draw the current character (small: sent after every stroke)."""
        current = self.current
        out: dict[str, Any] = {"current": current, "wordDone": current >= len(self.chars)}
        if current < len(self.chars):
            state = self.chars[current]
            if state.graded and self.mode == "guided":
                quiz = self._quiz(state)
                out.update(
                    phase=quiz.phase,
                    expected=quiz.expected,
                    accepted=quiz.covered,
                    hintDue=bool(quiz.hint_due),
                )
                if state.component_hint:
                    out["componentHint"] = state.component_hint
            else:
                out.update(phase="free", drawn=len(state.drawn))
        return out

    # ------------------------------------------------------------------ messages

    def handle(self, msg: Message) -> dict[str, Any]:
        """Apply one validated message; returns the reply (never raises for a stale message)."""
        if msg.type == "start":
            return self.start_reply(msg.side or "question")
        if self.finished:
            return error_reply("the answer is already shown")
        if msg.char != self.current:
            return {**error_reply("not the character being written"), "state": self.snapshot()}
        state = self.chars[msg.char]
        guided = state.graded and self.mode == "guided"
        handler = getattr(self, f"_on_{msg.type}")
        return handler(state, msg, guided)

    def _on_stroke(self, state: CharState, msg: Message, guided: bool) -> dict[str, Any]:
        if not guided:
            if len(state.drawn) >= MAX_STROKES_PER_CHAR:
                return error_reply(f"more than {MAX_STROKES_PER_CHAR} strokes on one character")
            state.drawn.append(msg.points)
            return {"ok": True, "state": self.snapshot()}
        quiz = self._quiz(state)
        if len(quiz.accepted) + len(quiz.mistakes) >= MAX_STROKES_PER_CHAR * 4:
            return error_reply("too many strokes on one character")
        verdict = quiz.submit(list(msg.points))
        reply: dict[str, Any] = {
            "ok": True,
            "verdict": {
                "accepted": bool(verdict.accepted),
                "ref": verdict.ref,
                "reason": verdict.reason,
                "message": verdict.message,
                "expected": verdict.expected,
            },
            "state": self.snapshot(),
        }
        return reply

    def _on_undo(self, state: CharState, msg: Message, guided: bool) -> dict[str, Any]:
        if guided:
            self._quiz(state).undo()
        elif state.drawn:
            state.drawn.pop()
        return {"ok": True, "state": self.snapshot()}

    def _on_clear(self, state: CharState, msg: Message, guided: bool) -> dict[str, Any]:
        if guided:
            self._quiz(state).clear()
        else:
            state.drawn.clear()
        return {"ok": True, "state": self.snapshot()}

    def _on_hint(self, state: CharState, msg: Message, guided: bool) -> dict[str, Any]:
        if not guided:
            return error_reply("hints are for guided mode")
        quiz = self._quiz(state)
        if quiz.expected is None:
            return {"ok": True, "state": self.snapshot()}
        if not state.component_hint:
            sentence = self._component_sentence(state)
            if sentence:
                quiz.component_hint()
                state.component_hint = sentence
                return {"ok": True, "componentHint": sentence, "state": self.snapshot()}
        stroke = quiz.hint()
        state.hinted.add(stroke)
        return {"ok": True, "hintStroke": stroke, "state": self.snapshot()}

    def _component_sentence(self, state: CharState) -> str:
        """The hint sentence, or "" when the character has no components to name (no data, or
        one part: naming it would give the character away)."""
        found = state.components(self.script)
        if not found.ok or len(found.parts) < 2:
            return ""
        return found.describe(frozenset(self.known_components()))

    def _on_reveal(self, state: CharState, msg: Message, guided: bool) -> dict[str, Any]:
        if not guided:
            return error_reply("reveal is for guided mode")
        quiz = self._quiz(state)
        if quiz.phase == "recall" or quiz.phase == "rewrite":
            quiz.reveal()
        return {"ok": True, "state": self.snapshot()}

    def _on_check(self, state: CharState, msg: Message, guided: bool) -> dict[str, Any]:
        if guided:
            return error_reply("guided mode checks every stroke")
        if state.graded:
            self._grade_free(state)
        state.checked = True
        return {"ok": True, "state": self.snapshot()}

    def _grade_free(self, state: CharState) -> None:
        from .grading import grade_free

        state.free_result = grade_free(state.ref, list(state.drawn), leniency=self.config.leniency, variants=state.variants,
                                       component_starts=state.component_starts)

    # ------------------------------------------------------------------ replies

    def start_reply(self, side: str) -> dict[str, Any]:
        chars = [
            {
                "char": c.char,
                "graded": c.graded,
                "strokes": [_round_points(s) for s in c.ref] if c.ref else None,
                "brushWidth": c.brush_width,
                "reason": c.no_data_reason,
            }
            for c in self.chars
        ]
        if side == "answer":  # the reference is coloured by component
            for entry, c in zip(chars, self.chars):
                found = c.components(self.script) if c.graded else None
                groups = component_groups(found, c.stroke_count) if found is not None else None
                entry["parts"] = groups
                entry["components"] = list(found.components) if groups is not None else []
        reply: dict[str, Any] = {
            "ok": True,
            "side": side,
            "mode": self.mode,
            "graded": self.graded,
            "reason": self.reason_ungraded,
            "chars": chars,
        }
        if side == "answer":
            reply["summary"] = self.summary()
            return reply
        reply["state"] = self.snapshot()
        current = reply["state"]["current"]
        if current < len(self.chars):  # resuming after a re-render: the ink Python holds
            reply["ink"] = [_round_points(s) for s in self.chars[current].drawn]
        return reply

    def finish(self) -> Rating | None:
        """Called once the answer side is shown: the suggested rating from what Python saw.

        Idempotent (the answer may render twice). Characters not finished count as revealed: the
        learner asked for the answer before writing them. None when nothing could be graded.
        """
        if self.finished:
            return self.outcome
        self.finished = True
        graded = [c for c in self.chars if c.graded]
        if not graded:
            return None
        from .grading.rating import LABELS, Rating, suggest_rating

        mistakes: list[Any] = []
        stroke_hints = component_hints = reveals = 0
        unfinished: list[str] = []
        for state in graded:
            if self.mode == "guided":
                quiz = self._quiz(state)
                mistakes.extend(quiz.mistakes)
                stroke_hints += quiz.stroke_hints
                component_hints += getattr(quiz, "component_hints", 0)
                reveals += quiz.reveals
                if not quiz.done:
                    unfinished.append(state.char)
            else:
                if not state.checked and not state.drawn:
                    unfinished.append(state.char)
                if state.free_result is None:  # answer shown without Check: grade what was drawn
                    self._grade_free(state)
                mistakes.extend(state.free_result.mistakes)
        rating = suggest_rating(
            stroke_count=sum(c.stroke_count for c in graded),
            mistakes=mistakes,
            stroke_hints=stroke_hints,
            component_hints=component_hints,
            reveals=reveals,
            policy=self.config.rating,
        )
        if unfinished:
            ease = min(int(rating.ease), self.config.rating.reveal_rating)
            rating = Rating(ease, LABELS[ease], f"answer shown before {''.join(unfinished)} was written")
        self.outcome = rating
        return self.outcome

    def summary(self) -> dict[str, Any]:
        """The answer side: the learner's ink per character with its mistakes, and the rating."""
        self.finish()
        chars = []
        for state in self.chars:
            chars.append(self._char_summary(state))
        return {
            "rating": self.outcome.as_dict() if self.outcome else None,
            "chars": chars,
        }

    def _char_summary(self, state: CharState) -> dict[str, Any]:
        if not state.graded:
            return {"ink": [_round_points(s) for s in state.drawn], "marks": [], "missing": [], "status": "ungraded"}
        if self.mode == "guided":
            quiz = self._quiz(state)
            misses_by_ref: dict[int, list[str]] = {}
            for mistake in quiz.mistakes:
                if mistake.expected is not None:
                    misses_by_ref.setdefault(mistake.expected, []).append(mistake.kind)
            ink, marks = [], []
            for ref, points in quiz.accepted:
                ink.append(_round_points(points))
                kinds = misses_by_ref.get(ref, [])
                marks.append({"ref": ref, "misses": len(kinds), "kinds": sorted(set(kinds)), "hinted": ref in state.hinted})
            missing = quiz.unwritten
            status = "clean" if quiz.done and not quiz.mistakes and not quiz.reveals and not quiz.stroke_hints and not quiz.component_hints else "mistakes"
            if not quiz.done:
                status = "unfinished"
            return {
                "ink": ink, "marks": marks, "missing": missing, "status": status, "revealed": quiz.reveals > 0,
                "componentHint": state.component_hint, "variant": quiz.variant is not None,
            }
        result = state.free_result
        ink = [_round_points(s) for s in state.drawn]
        kinds_by_drawn: dict[int, list[str]] = {}
        missing = []
        for mistake in result.mistakes:
            if mistake.drawn is None:
                if mistake.ref is not None:
                    missing.append(mistake.ref)
            else:
                kinds_by_drawn.setdefault(mistake.drawn, []).append(mistake.kind)
        marks = [
            {
                "ref": result.matches[i] if i < len(result.matches) else None,
                "misses": len(kinds_by_drawn.get(i, [])),
                "kinds": sorted(set(kinds_by_drawn.get(i, []))),
                "hinted": False,
            }
            for i in range(len(ink))
        ]
        return {"ink": ink, "marks": marks, "missing": sorted(set(missing)), "status": "clean" if result.ok else "mistakes",
                "variant": result.variant is not None}


class SessionStore:
    """Review sessions keyed by card id. Only the card under review keeps one."""

    def __init__(self) -> None:
        self._sessions: dict[int, ReviewSession] = {}

    def open(
        self, card_id: int, target: str, script: str, mode: str, config: Config, known_components: KnownComponents | None = None
    ) -> ReviewSession:
        """The card's session; the same one when its question renders again unchanged."""
        session = self._sessions.get(card_id)
        # A question shown again after its answer (the queue refreshed) is a new attempt.
        if session is None or session.finished or not session.matches(target, script, mode):
            session = ReviewSession(card_id, target, script, mode, config, known_components)
        self._sessions = {card_id: session}
        return session

    def get(self, card_id: int) -> ReviewSession | None:
        return self._sessions.get(card_id)

    def drop(self, card_id: int) -> None:
        self._sessions.pop(card_id, None)

    def clear(self) -> None:
        self._sessions.clear()

    def __len__(self) -> int:
        return len(self._sessions)
