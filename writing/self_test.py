"""The self-test's logic, without the GUI (writing/gui/self_test.py shows it): ten characters the
learner recognises but has never written in the add-on (writing.gap.pick_self_test, topped up with
other recognised ones), each asked from the meaning and reading of the word that holds it, the
way the conversion prompts a character card, and graded in free mode by a `review.ReviewSession`
(no stroke feedback; the learner presses Check). Reads only: the result is stored by the window
with writing.gap.record_self_test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from anki.collection import Collection

from . import convert, gap, review, scan, strokes
from .config import Config

# pick_self_test is asked for more than are needed: characters without stroke data in their
# deck's script cannot be graded and are passed over.
PICK_SPARE = 2

# ------------------------------------------------------------------ the questions


@dataclass(frozen=True)
class Question:
    """One character to write, with the prompt of the word that holds it."""

    char: str
    script: str
    word: str
    meaning: str  # HTML
    reading: str  # HTML
    context: str  # HTML: the word (and its sentence) with the character blanked

    def page_data(self) -> dict[str, str]:
        return {"script": self.script, "meaning": self.meaning, "reading": self.reading, "context": self.context}


def prepare_questions(col: Collection, cfg: Config, size: int = gap.SELF_TEST_SIZE, rng: random.Random | None = None) -> list[Question]:
    """Up to `size` questions from `gap.pick_self_test`, prompted the way the conversion prompts a
    character card (the word with the character blanked, its meaning and reading; the script
    from the config's deck_scripts or guessed per deck). Reads only."""
    items = gap.pick_self_test(col, "", size=size * PICK_SPARE, rng=rng)
    if not items:
        return []
    notes = scan.find_source_notes(col, note_ids=[item.note_id for item in items], min_interval=0)
    by_id = {note.id: note for note in notes}
    deck_names = {d.id: d.name for d in col.decks.all_names_and_ids()}

    def deck_of(note: scan.SourceNote) -> str:
        return deck_names.get(note.deck_id, "Default")

    scripts = scan.guess_deck_scripts(notes, deck_of, cfg, scan.notetype_names(col))

    def script_of(note: scan.SourceNote) -> str:
        return scripts[deck_of(note)].script

    maps = scan.field_maps(col, notes, script_of)
    questions: list[Question] = []
    for item in items:
        note = by_id.get(item.note_id)
        fmap = maps.get(note.notetype_id) if note is not None else None
        if note is None or fmap is None or fmap.index("target") is None:
            continue
        script = script_of(note)
        if not strokes.has_data(item.char, script):
            continue
        source_fields = convert.SourceFields.of(fmap)
        word, cloze = next(((w, n) for w, n in source_fields.words(note.fields) if item.char in w), (item.char, None))
        source = source_fields.text(note.fields, deck_of(note))
        planned = convert.plan_note(note.id, source, word, item.char, "character", cloze, script, False)
        questions.append(Question(item.char, script, word, planned.meaning, planned.reading, planned.context))
        if len(questions) == size:
            break
    return questions


class SelfTestRun:
    """The questions and the answers so far. Question i's page sends card id i + 1, so a late
    message from the previous question is refused rather than graded against this one."""

    def __init__(self, questions: list[Question], config: Config) -> None:
        self.questions = questions
        self.config = config
        self.index = 0
        self.recalled: list[bool] = []
        self.session = self._session() if questions else None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.questions)

    @property
    def card_id(self) -> int:
        return self.index + 1

    @property
    def current(self) -> Question:
        return self.questions[self.index]

    def _session(self) -> review.ReviewSession:
        q = self.current
        return review.ReviewSession(self.card_id, q.char, q.script, "free", self.config)

    def handle(self, msg: review.Message) -> dict[str, Any]:
        if self.finished or self.session is None:
            return review.error_reply("the self-test is over")
        if msg.card != self.card_id:
            return review.error_reply("not the character being asked")
        if msg.type == "start" and msg.side != "question":
            return review.error_reply("the self-test has no answer side")
        return self.session.handle(msg)

    def next(self) -> bool:
        """Record the checked character and move on; False (nothing changes) before Check."""
        if self.finished or self.session is None:
            return False
        state = self.session.chars[0]
        if not state.checked:
            return False
        self.recalled.append(bool(state.free_result is not None and state.free_result.ok))
        self.index += 1
        if not self.finished:
            self.session = self._session()
        return True

    @property
    def chars(self) -> list[str]:
        return [q.char for q in self.questions[: len(self.recalled)]]

    @property
    def recalled_chars(self) -> list[str]:
        return [q.char for q, ok in zip(self.questions, self.recalled) if ok]

    def summary(self) -> str:
        return f"{len(self.recalled_chars)} of {len(self.recalled)}"

    def results_page_data(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "rows": [
                {"char": q.char, "word": q.word, "meaning": q.meaning, "ok": ok} for q, ok in zip(self.questions, self.recalled)
            ],
        }
