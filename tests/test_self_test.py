"""The self-test's questions and grading (writing/self_test.py, no Qt) on real temp collections:
characters recognised but never written come first, each prompted by its word with the
character blanked; answers go through the review core in free mode (grade_free)."""

from __future__ import annotations

import json
import random

import pytest

from tests.test_gap import vocab, vocab_notetype, writing_note
from writing import gap, review
from writing.config import Config
from writing import self_test
from writing.strokes import lookup

WORDS = ["日本語", "学生", "先生", "会社", "電車", "時間", "天気", "食事"]  # 15 distinct kanji


@pytest.fixture
def studied(col):
    nt = vocab_notetype(col)
    for word in WORDS:
        vocab(col, nt, word, 30)
    vocab(col, nt, "新聞", 3)  # not mature: not recognised, never asked
    writing_note(col, "日", 30, 3)  # written in the add-on
    writing_note(col, "本", 2, 1)  # answered (Again): written, though not writable
    return col


def test_ten_questions_never_written_first_with_the_character_blanked(studied):
    questions = self_test.prepare_questions(studied, Config(), rng=random.Random(7))
    chars = [q.char for q in questions]
    assert len(chars) == 10 == len(set(chars))
    assert not {"日", "本"} & set(chars)  # 13 never-written characters: no top-up needed
    assert not {"新", "聞"} & set(chars)
    for q in questions:
        assert q.script == "ja"
        assert q.char in q.word and q.word in WORDS
        assert q.char not in q.context and '<span class="wp-blank">＿</span>' in q.context
        assert q.meaning == "meaning" and q.reading == "よみ"


def test_topped_up_with_written_characters_when_too_few(col):
    nt = vocab_notetype(col)
    vocab(col, nt, "学生", 30)
    writing_note(col, "学", 30, 3)
    questions = self_test.prepare_questions(col, Config(), rng=random.Random(1))
    assert [q.char for q in questions] == ["生", "学"]  # the never-written one first


def test_nothing_recognised_means_no_questions(col):
    vocab(col, vocab_notetype(col), "学生", 5)
    assert self_test.prepare_questions(col, Config()) == []


def test_characters_without_stroke_data_are_passed_over(col):
    nt = vocab_notetype(col)
    vocab(col, nt, "𠮷野家", 30)  # 𠮷 has no stroke data
    assert sorted(q.char for q in self_test.prepare_questions(col, Config())) == ["家", "野"]


def test_choosing_questions_changes_nothing(studied):
    before = (studied.mod, studied.db.scalar("select count() from revlog"), studied.db.all("select * from cards order by id"))
    self_test.prepare_questions(studied, Config())
    after = (studied.mod, studied.db.scalar("select count() from revlog"), studied.db.all("select * from cards order by id"))
    assert before == after


# ------------------------------------------------------------------ answering


def question(char: str) -> self_test.Question:
    return self_test.Question(char, "ja", char, "m", "r", "＿")


def send(run: self_test.SelfTestRun, card: int | None = None, **fields) -> dict:
    return run.handle(review.parse_message(json.dumps({"card": run.card_id if card is None else card, **fields})))


def draw(run: self_test.SelfTestRun, strokes) -> None:
    for stroke in strokes:
        assert send(run, type="stroke", char=0, points=[list(p) for p in stroke])["ok"]


def reference(char: str):
    return [list(s) for s in lookup(char, "ja").strokes]


def test_right_wrong_and_blank_answers():
    run = self_test.SelfTestRun([question("語"), question("書"), question("明")], Config())
    assert send(run, type="start", side="question")["mode"] == "free"
    draw(run, reference("語"))
    assert send(run, type="check", char=0)["state"]["wordDone"]
    assert run.next()
    wrong = reference("書")
    wrong[0], wrong[5] = wrong[5], list(reversed(wrong[0]))
    draw(run, wrong)
    send(run, type="check", char=0)
    assert run.next()
    send(run, type="check", char=0)  # nothing written: "I don't know"
    assert run.next() and run.finished
    assert run.recalled == [True, False, False]
    assert (run.chars, run.recalled_chars, run.summary()) == (["語", "書", "明"], ["語"], "1 of 3")
    assert [row["ok"] for row in run.results_page_data()["rows"]] == [True, False, False]


def test_free_mode_gives_no_stroke_feedback():
    run = self_test.SelfTestRun([question("語")], Config())
    reply = send(run, type="stroke", char=0, points=[[0.1, 0.1], [0.9, 0.9]])
    assert reply["ok"] and "verdict" not in reply
    assert send(run, type="hint", char=0)["ok"] is False


def test_next_before_check_changes_nothing():
    run = self_test.SelfTestRun([question("語"), question("明")], Config())
    draw(run, reference("語"))
    assert not run.next()
    assert (run.index, run.recalled) == (0, [])


@pytest.mark.parametrize(
    "fields, card_offset",
    [
        ({"type": "check", "char": 0}, -1),  # a late message from the previous question
        ({"type": "start", "side": "answer"}, 0),
        ({"type": "check", "char": 1}, 0),
    ],
    ids=["previous-question", "answer-side", "second-character"],
)
def test_messages_that_do_not_fit_the_question_are_refused(fields, card_offset):
    run = self_test.SelfTestRun([question("語"), question("明")], Config())
    send(run, type="check", char=0)
    run.next()
    reply = send(run, card=run.card_id + card_offset, **fields)
    assert reply["ok"] is False
    assert (run.index, run.session.chars[0].checked) == (1, False)


def test_the_stored_result_reads_back_as_the_summary(col):
    run = self_test.SelfTestRun([question("語"), question("明")], Config())
    draw(run, reference("語"))
    send(run, type="check", char=0)
    run.next()
    send(run, type="check", char=0)
    run.next()
    gap.record_self_test(col, run.chars, run.recalled_chars)
    assert gap.self_tests(col)[-1].summary == run.summary() == "1 of 2"
