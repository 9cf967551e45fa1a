"""The review core (writing/review.py): message validation, sessions, grading through the real
grader, the suggested rating, and 2,000 hostile messages that must change nothing."""

from __future__ import annotations

import json
import random

import pytest

from writing import review
from writing.config import Config, RatingPolicy
from writing.grading.geometry import variant_strokes
from writing.strokes import lookup

CARD = 1_700_000_000_123


def msg(**fields) -> str:
    return json.dumps({"card": CARD, **fields})


def ref(char: str, script: str = "ja"):
    found = lookup(char, script)
    assert found.ok
    return [list(s) for s in found.strokes]


def session(target="語", script="ja", mode="guided", config=None) -> review.ReviewSession:
    return review.ReviewSession(CARD, target, script, mode, config or Config())


def send(s: review.ReviewSession, **fields) -> dict:
    return s.handle(review.parse_message(msg(**fields)))


def write(s: review.ReviewSession, char_index: int, strokes) -> list[dict]:
    return [send(s, type="stroke", char=char_index, points=[list(p) for p in stroke]) for stroke in strokes]


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"type": "start", "side": "question"}, review.Message("start", CARD, side="question")),
        ({"type": "start", "side": "answer"}, review.Message("start", CARD, side="answer")),
        ({"type": "stroke", "char": 0, "points": [[0.1, 0.2], [0.3, 0.4]]}, review.Message("stroke", CARD, char=0, points=((0.1, 0.2), (0.3, 0.4)))),
        ({"type": "stroke", "char": 15, "points": [[0, 1]]}, review.Message("stroke", CARD, char=15, points=((0.0, 1.0),))),
        ({"type": "undo", "char": 2}, review.Message("undo", CARD, char=2)),
        ({"type": "check", "char": 0}, review.Message("check", CARD, char=0)),
    ],
    ids=["start-question", "start-answer", "stroke", "stroke-last-char-int-coords", "undo", "check"],
)
def test_valid_messages_parse(fields, expected):
    assert review.parse_message(msg(**fields)) == expected


LONG_STROKE = [[0.5, 0.5]] * (review.MAX_POINTS_PER_STROKE + 1)


@pytest.mark.parametrize(
    "text, fragment",
    [
        (None, "not text"),
        ("x" * (review.MAX_MESSAGE_CHARS + 1), "longer than"),
        ("{not json", "not JSON"),
        ("[" * 50_000 + "]" * 50_000, "not JSON"),
        ('{"type":"stroke","card":1,"char":0,"points":[[NaN,0.5]]}', "not a number"),
        ('{"type":"stroke","card":1,"char":0,"points":[[Infinity,0.5]]}', "not a number"),
        ("[1, 2]", "not a JSON object"),
        (msg(type="delete_everything"), "unknown message type"),
        (json.dumps({"type": "start", "side": "question"}), "lacks card"),
        (msg(type="start", side="question", extra=1), "unexpected field"),
        (msg(type="start", side="sideways"), "side must be"),
        (json.dumps({"type": "undo", "card": True, "char": 0}), "card must be a whole number"),
        (json.dumps({"type": "undo", "card": 1.5, "char": 0}), "card must be a whole number"),
        (json.dumps({"type": "undo", "card": -4, "char": 0}), "card out of range"),
        (json.dumps({"type": "undo", "card": 2**64, "char": 0}), "card out of range"),
        (msg(type="undo", char=review.MAX_CHARS_PER_WORD), "char out of range"),
        (msg(type="undo", char="0"), "char must be a whole number"),
        (msg(type="stroke", char=0, points=[]), "non-empty list"),
        (msg(type="stroke", char=0, points={"0": [0, 0]}), "non-empty list"),
        (msg(type="stroke", char=0, points=LONG_STROKE), "more than"),
        (msg(type="stroke", char=0, points=[[0.1]]), "[x, y]"),
        (msg(type="stroke", char=0, points=[[0.1, 0.2, 0.3]]), "[x, y]"),
        (msg(type="stroke", char=0, points=[["0.1", 0.2]]), "finite numbers"),
        (msg(type="stroke", char=0, points=[[True, 0.2]]), "finite numbers"),
        (msg(type="stroke", char=0, points=[[0.1, 1e300]]), "outside the writing area"),
        (msg(type="stroke", char=0, points=[[-5, 0.2]]), "outside the writing area"),
    ],
    ids=[
        "not-text", "too-long", "not-json", "deep-nesting", "nan", "infinity", "array", "unknown-type",
        "no-card", "extra-field", "bad-side", "bool-card", "float-card", "negative-card", "huge-card",
        "char-past-bound", "string-char", "no-points", "points-object", "too-many-points", "one-coordinate",
        "three-coordinates", "string-coordinate", "bool-coordinate", "far-coordinate", "negative-far-coordinate",
    ],
)
def test_bad_messages_are_refused_with_a_reason(text, fragment):
    with pytest.raises(review.BadMessage) as err:
        review.parse_message(text)
    assert fragment in str(err.value)


@pytest.mark.parametrize(
    "field, chars",
    [
        ("語", ["語"]),
        ("<b>日本</b>語", ["日", "本", "語"]),
        ("学 生&nbsp;", ["学", "生"]),
        ("&lt;&amp;", ["<", "&"]),
        ("\uFA30", ["侮"]),  # compatibility ideograph folded onto the unified one
        ("", []),
    ],
    ids=["one", "html", "spaces-nbsp", "entities", "compatibility-form", "empty"],
)
def test_target_characters(field, chars):
    assert review.target_characters(field) == chars


# ------------------------------------------------------------------ sessions


def test_session_knows_which_characters_have_data():
    s = session("語𠮷")
    assert [c.graded for c in s.chars] == [True, False]
    assert "no stroke data" in s.chars[1].no_data_reason
    assert s.graded


@pytest.mark.parametrize(
    "target, script, reason",
    [
        ("", "ja", "empty"),
        ("語" * (review.MAX_CHARS_PER_WORD + 1), "ja", "longer than"),
        ("語", "klingon", "unknown script"),
        ("𠮷", "ja", "no stroke data"),
    ],
    ids=["empty", "too-long", "bad-script", "no-data"],
)
def test_sessions_that_cannot_be_graded_say_why(target, script, reason):
    s = session(target, script)
    assert not s.graded
    assert reason in s.reason_ungraded
    assert s.finish() is None


def test_start_reply_carries_reference_strokes_and_state():
    s = session("学生")
    reply = send(s, type="start", side="question")
    assert reply["ok"] and reply["graded"] and reply["mode"] == "guided"
    assert [c["char"] for c in reply["chars"]] == ["学", "生"]
    assert len(reply["chars"][0]["strokes"]) == 8
    assert reply["state"] == {"current": 0, "wordDone": False, "phase": "recall", "expected": 0, "accepted": [], "hintDue": False}


def test_clean_character_is_good():
    s = session("語")
    replies = write(s, 0, ref("語"))
    assert all(r["verdict"]["accepted"] for r in replies)
    assert replies[-1]["state"]["wordDone"]
    rating = s.finish()
    assert (rating.ease, rating.label) == (3, "Good")
    assert s.summary()["chars"][0]["status"] == "clean"


def test_two_misses_are_hard_and_marked_on_the_stroke():
    s = session("語")
    strokes = ref("語")
    first = write(s, 0, [list(reversed(strokes[0]))] * 2)
    assert [r["verdict"]["accepted"] for r in first] == [False, False]
    assert first[0]["verdict"]["reason"] == "reversed"
    write(s, 0, strokes)
    rating = s.finish()
    assert rating.ease == 2, rating
    marks = s.summary()["chars"][0]["marks"]
    assert marks[0] == {"ref": 0, "misses": 2, "kinds": ["reversed"], "hinted": False}
    assert all(m["misses"] == 0 for m in marks[1:])


def test_hint_after_misses_is_due_and_counts():
    s = session("語", config=Config(hint_after_misses=2))
    wrong = [list(reversed(ref("語")[0]))]
    assert not write(s, 0, wrong)[0]["state"]["hintDue"]
    assert write(s, 0, wrong)[0]["state"]["hintDue"]
    assert "componentHint" in send(s, type="hint", char=0)  # the first hint names 語's parts
    hint = send(s, type="hint", char=0)
    assert hint["hintStroke"] == 0
    write(s, 0, ref("語"))
    assert s.summary()["chars"][0]["marks"][0]["hinted"]
    assert s.finish().ease in (1, 2)


def test_reveal_needs_tracing_then_rewriting_and_is_again():
    s = session("書")
    strokes = ref("書")
    assert send(s, type="reveal", char=0)["state"]["phase"] == "tracing"
    assert write(s, 0, strokes)[-1]["state"]["phase"] == "rewrite"
    last = write(s, 0, strokes)[-1]
    assert last["state"]["wordDone"]
    rating = s.finish()
    assert rating.ease == RatingPolicy().reveal_rating == 1
    assert s.summary()["chars"][0]["revealed"]


def test_answer_shown_before_finishing_is_again_with_reason():
    s = session("学生")
    write(s, 0, ref("学"))
    rating = s.finish()
    assert rating.ease == 1
    assert "生" in rating.reason and "before" in rating.reason
    assert s.summary()["chars"][1]["status"] == "unfinished"


def test_word_moves_to_the_next_character_and_refuses_stale_indices():
    s = session("学生")
    replies = write(s, 0, ref("学"))
    assert replies[-1]["state"]["current"] == 1
    stale = send(s, type="stroke", char=0, points=[[0.1, 0.1], [0.9, 0.9]])
    assert not stale["ok"] and stale["state"]["current"] == 1
    write(s, 1, ref("生"))
    assert s.finish().ease == 3


def test_undo_and_clear_in_guided_mode():
    s = session("語")
    strokes = ref("語")
    write(s, 0, strokes[:3])
    assert send(s, type="undo", char=0)["state"]["accepted"] == [0, 1]
    assert send(s, type="clear", char=0)["state"]["accepted"] == []
    write(s, 0, strokes)
    assert s.finish().ease == 3  # undo and clear are not mistakes


def test_free_mode_grades_on_check():
    s = session("語", mode="free")
    strokes = ref("語")
    for stroke in strokes:
        assert send(s, type="stroke", char=0, points=[list(p) for p in stroke])["state"]["drawn"] >= 1
    assert send(s, type="hint", char=0)["ok"] is False  # no feedback in free mode
    done = send(s, type="check", char=0)
    assert done["state"]["wordDone"]
    assert s.finish().ease == 3
    assert s.summary()["chars"][0]["status"] == "clean"


def test_free_mode_swapped_strokes_are_marked():
    s = session("語", mode="free")
    strokes = ref("語")
    strokes[3], strokes[4] = strokes[4], strokes[3]
    write(s, 0, strokes)
    send(s, type="check", char=0)
    rating = s.finish()
    assert rating.ease < 3
    marks = s.summary()["chars"][0]["marks"]
    assert any(m["kinds"] for m in marks[3:5])


@pytest.mark.parametrize("mode", ["guided", "free"])
def test_a_word_written_in_another_standard_order_is_good_and_says_so(mode):
    """陽 (阝 in two strokes) and 右 (the horizontal first), in a word: the page draws the accepted
    reference strokes (`accepted` lists every one a joined stroke covers) and the answer notes the
    variant; the rating is Good."""
    s = session("陽右", mode=mode)
    for index, char in enumerate("陽右"):
        data = lookup(char, "ja")
        strokes = ref(char)
        (groups,) = data.variants
        drawn = variant_strokes(strokes, groups)
        replies = write(s, index, drawn)
        if mode == "guided":
            assert all(r["verdict"]["accepted"] for r in replies), replies
            assert "another standard stroke order" in [r["verdict"]["message"] for r in replies]
            if index == 0:
                assert replies[0]["state"]["accepted"] == list(groups[0]) == [0, 1]
        else:
            send(s, type="check", char=index)
    rating = s.finish()
    assert (rating.ease, rating.label) == (3, "Good")
    for summary in s.summary()["chars"]:
        assert summary["status"] == "clean" and summary["variant"] is True and summary["missing"] == []


@pytest.mark.parametrize("mode", ["guided", "free"])
def test_with_variants_turned_off_only_the_reference_order_passes(mode):
    """accept_variant_orders false: 右 with the horizontal first is the order mistake it is."""
    s = session("右", mode=mode, config=Config(accept_variant_orders=False))
    strokes = ref("右")
    (groups,) = lookup("右", "ja").variants
    replies = write(s, 0, [strokes[group[0]] for group in groups])
    if mode == "guided":
        assert replies[0]["verdict"]["reason"] == "order"
    else:
        send(s, type="check", char=0)
    assert s.finish().ease < 3
    assert s.summary()["chars"][0]["variant"] is False


def test_free_mode_nothing_written_is_again():
    s = session("語", mode="free")
    assert s.finish().ease == 1
    assert s.summary()["chars"][0]["missing"] == list(range(14))


def test_ungraded_character_in_a_word_is_written_freely_and_skipped_by_the_rating():
    s = session("語𠮷")
    write(s, 0, ref("語"))
    assert send(s, type="stroke", char=1, points=[[0.2, 0.5], [0.8, 0.5]])["ok"]
    assert send(s, type="check", char=1)["state"]["wordDone"]
    assert s.finish().ease == 3
    assert s.summary()["chars"][1]["status"] == "ungraded"


def test_messages_after_the_answer_change_nothing():
    s = session("語")
    s.finish()
    assert not send(s, type="stroke", char=0, points=[[0.1, 0.1], [0.5, 0.5]])["ok"]
    assert send(s, type="start", side="answer")["summary"]["rating"]["ease"] == 1


def test_finish_is_idempotent():
    s = session("語")
    write(s, 0, ref("語"))
    assert s.finish() is s.finish()


def test_store_keeps_the_session_when_the_question_renders_again():
    store = review.SessionStore()
    first = store.open(CARD, "語", "ja", "guided", Config())
    write(first, 0, ref("語")[:2])
    again = store.open(CARD, "語", "ja", "guided", Config())
    assert again is first
    assert send(again, type="start", side="question")["state"]["accepted"] == [0, 1]


@pytest.mark.parametrize(
    "change",
    [("書", "ja", "guided"), ("語", "zh-Hans", "guided"), ("語", "ja", "free")],
    ids=["target-edited", "script-edited", "mode-changed"],
)
def test_store_starts_over_when_the_card_changed(change):
    store = review.SessionStore()
    first = store.open(CARD, "語", "ja", "guided", Config())
    assert store.open(CARD, *change, Config()) is not first


def test_store_starts_over_after_the_answer_and_keeps_one_card():
    store = review.SessionStore()
    first = store.open(CARD, "語", "ja", "guided", Config())
    first.finish()
    assert store.open(CARD, "語", "ja", "guided", Config()) is not first
    store.open(CARD + 1, "書", "ja", "guided", Config())
    assert store.get(CARD) is None and len(store) == 1


# ------------------------------------------------------------------ fuzz


def _hostile_messages(rng: random.Random, n: int):
    strokes = ref("語")
    valid_points = [list(p) for p in strokes[0]]
    values = [None, True, False, 0, -1, 1.5, 2**70, "", "語", "x" * 300, [], {}, [[0.5, 0.5]], float("inf"), CARD, CARD + 1]
    for i in range(n):
        kind = rng.randrange(6)
        if kind == 0:  # random bytes / text
            yield "".join(chr(rng.randrange(0, 0x3000)) for _ in range(rng.randrange(0, 80)))
        elif kind == 1:  # well-formed JSON of the wrong shape
            yield json.dumps(rng.choice(values[:-4] + [[1, 2], {"type": "start"}]), default=str)
        else:  # the page's own message shapes, with one field spoiled half the time
            kind = rng.choice(review.MESSAGE_TYPES)
            fields = {"type": kind, "card": rng.choice([CARD, CARD, CARD, CARD + 1])}
            if kind == "start":
                fields["side"] = rng.choice(["question", "answer"])
            else:
                fields["char"] = rng.choice([0, 0, 0, 1])
            if kind == "stroke":
                fields["points"] = rng.choice(
                    [valid_points, list(reversed(valid_points)), [[rng.uniform(-1, 2), rng.uniform(-1, 2)] for _ in range(rng.randrange(1, 60))]]
                )
            if rng.random() < 0.5:
                spoil = rng.choice(["type", "card", "char", "side", "points", "extra"])
                fields[spoil] = rng.choice(
                    values[:-2]
                    + [[[0.5, 0.5]] * 4001, [[0.1, "x"]], [0.1, 0.2], [[float("nan"), 0.5]], [[-3, 9]], "eval", 16, -1]
                )
            yield json.dumps(fields, allow_nan=True)


def test_fuzz_two_thousand_hostile_messages():
    """Nothing but BadMessage escapes parsing; a session only changes through valid messages
    for its own card, and a rejected message leaves it exactly as it was."""
    rng = random.Random(20261122)
    s = session("語")
    refused = accepted = 0
    for text in _hostile_messages(rng, 2000):
        before = json.dumps(s.snapshot())
        try:
            message = review.parse_message(text)
        except review.BadMessage:
            refused += 1
            assert json.dumps(s.snapshot()) == before
            continue
        if message.card != CARD:  # the GUI layer drops these before a session sees them
            continue
        reply = s.handle(message)
        assert isinstance(reply, dict) and "ok" in reply
        json.dumps(reply)  # every reply can go back to the page
        if not reply["ok"]:
            assert json.dumps(s.snapshot()) == before
        accepted += 1
    assert refused > 500 and accepted > 300, (refused, accepted)
