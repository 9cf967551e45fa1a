"""Component hints in the review core (writing/review.py): the first hint of a guided character
names its components and layout, marks the ones the learner can write, and counts as a
component hint in the rating; the answer side gets each reference stroke's component."""

from __future__ import annotations

import json

import pytest

from writing import review
from writing.config import Config, RatingPolicy
from writing.strokes import lookup

CARD = 1_700_000_000_456


def session(target="語", script="ja", mode="guided", config=None, known=None) -> review.ReviewSession:
    return review.ReviewSession(CARD, target, script, mode, config or Config(), known)


def send(s: review.ReviewSession, **fields) -> dict:
    return s.handle(review.parse_message(json.dumps({"card": CARD, **fields})))


def write_clean(s: review.ReviewSession, char_index: int, char: str, script: str = "ja") -> dict:
    reply = {}
    for stroke in lookup(char, script).strokes:
        reply = send(s, type="stroke", char=char_index, points=[list(p) for p in stroke])
        assert reply["verdict"]["accepted"], reply
    return reply


class CountingKnown:
    """A known-components provider that counts how often the session asks."""

    def __init__(self, chars: set[str]) -> None:
        self.chars = chars
        self.calls = 0

    def __call__(self) -> set[str]:
        self.calls += 1
        return self.chars


def test_first_hint_names_the_components_and_marks_known_ones():
    known = CountingKnown({"口", "言"})
    s = session(known=known)
    send(s, type="start", side="question")
    assert known.calls == 0  # rendering the card does not look the learner's cards up
    reply = send(s, type="hint", char=0)
    assert reply["componentHint"] == "言 (known) on the left; 五 over 口 (known) on the right"
    assert "hintStroke" not in reply
    assert reply["state"]["componentHint"] == reply["componentHint"]
    assert s.chars[0].quiz.component_hints == 1 and s.chars[0].quiz.stroke_hints == 0
    second = send(s, type="hint", char=0)
    assert second["hintStroke"] == 0 and "componentHint" not in second
    assert s.chars[0].quiz.component_hints == 1 and s.chars[0].quiz.stroke_hints == 1
    assert known.calls == 1


def test_without_known_components_nothing_is_marked():
    reply = send(session(), type="hint", char=0)
    assert reply["componentHint"] == "言 on the left; 五 over 口 on the right"


@pytest.mark.parametrize(
    "char, script",
    [("千", "ja"), ("五", "ja"), ("一", "zh-Hans")],
    ids=["single-part-ja-千", "single-part-ja-五", "single-part-zh-一"],
)
def test_a_character_that_is_one_part_goes_straight_to_the_stroke_hint(char, script):
    # Naming its only component would name the character itself.
    s = session(char, script, known=CountingKnown(set()))
    reply = send(s, type="hint", char=0)
    assert reply["hintStroke"] == 0 and "componentHint" not in reply
    assert s.chars[0].quiz.component_hints == 0


def test_clean_character_after_one_component_hint_is_hard_and_says_so():
    s = session()
    send(s, type="hint", char=0)
    write_clean(s, 0, "語")
    rating = s.finish()
    assert (rating.ease, rating.label) == (2, "Hard")
    assert rating.reason == "1 component hint"
    char = s.summary()["chars"][0]
    assert char["componentHint"] == "言 on the left; 五 over 口 on the right"
    assert char["status"] == "mistakes"


def test_component_hint_is_cheaper_than_a_stroke_hint():
    # With the budget set so one stroke hint is too many, one component hint still passes as Hard.
    policy = RatingPolicy(miss_budget_base=0.6, miss_budget_per_stroke=0.0)
    with_component = session(config=Config(rating=policy))
    send(with_component, type="hint", char=0)
    write_clean(with_component, 0, "語")
    with_stroke = session("明", config=Config(rating=policy))
    send(with_stroke, type="hint", char=0)  # component hint
    send(with_stroke, type="hint", char=0)  # stroke hint
    write_clean(with_stroke, 0, "明")
    assert with_component.finish().ease == 2
    assert with_stroke.finish().ease == 1


def test_free_cost_policy_makes_a_component_hint_free():
    s = session(config=Config(rating=RatingPolicy(component_hint_cost=0.0)))
    send(s, type="hint", char=0)
    write_clean(s, 0, "語")
    assert s.finish().ease == 3


def test_component_hint_survives_the_question_rendering_again():
    s = session()
    send(s, type="hint", char=0)
    again = send(s, type="start", side="question")
    assert again["state"]["componentHint"] == "言 on the left; 五 over 口 on the right"


def test_each_character_of_a_word_gets_its_own_component_hint():
    s = session("学生")
    first = send(s, type="hint", char=0)
    assert "componentHint" in first
    write_clean(s, 0, "学")
    reply = send(s, type="hint", char=1)
    # 生 is one familiar part: its first hint is a stroke
    assert reply.get("hintStroke") == 0 and "componentHint" not in reply


def test_hint_in_free_mode_is_still_refused():
    assert send(session(mode="free"), type="hint", char=0)["ok"] is False


@pytest.mark.parametrize(
    "char, script, groups, components",
    [
        ("語", "ja", [0] * 7 + [1] * 4 + [2] * 3, ["言", "五", "口"]),
        ("明", "ja", [0] * 4 + [1] * 4, ["日", "月"]),
        ("好", "zh-Hans", [0] * 3 + [1] * 3, ["女", "子"]),
        ("谢", "zh-Hans", [0] * 2 + [1] * 7 + [2] * 3, ["讠", "身", "寸"]),
        ("国", "zh-Hans", None, []),  # enclosure written around its inside: stroke indices unknown
        ("千", "ja", None, []),  # one part: one colour
    ],
    ids=["ja-語", "ja-明", "zh-好", "zh-谢", "zh-国-unknown-strokes", "ja-千-one-part"],
)
def test_answer_side_gives_each_stroke_its_component(char, script, groups, components):
    s = session(char, script)
    reply = send(s, type="start", side="answer")
    entry = reply["chars"][0]
    assert entry["parts"] == groups
    assert entry["components"] == components
    if groups is not None:
        assert len(groups) == len(entry["strokes"])


def test_question_side_does_not_look_components_up():
    s = session()
    reply = send(s, type="start", side="question")
    assert "parts" not in reply["chars"][0]
    assert s.chars[0]._components is None


def test_component_groups_refuses_indices_outside_the_character():
    from writing import components

    found = components.components("語", "ja")
    assert review.component_groups(found, 14) is not None
    assert review.component_groups(found, 10) is None  # data for more strokes than drawn: one colour


# ------------------------------------------------------------------ known components (GUI layer's reading)

from tests.test_gap import japanese  # noqa: E402,F401  (fixture: writing cards in every state)


def test_known_components_are_the_gap_reports_writable_characters(japanese):
    from writing import gap
    from writing.gui import reviewer

    known = reviewer.writable_characters(japanese)
    assert known == frozenset(gap.writing_gap(japanese).writable) == {"日", "猫"}


def test_no_writing_notes_means_nothing_known(col):
    from writing.gui import reviewer

    assert reviewer.writable_characters(col) == frozenset()


@pytest.mark.parametrize(
    "known, interval, ease, chars, after",
    [
        ({"口"}, 30, 3, {"語"}, {"口", "語"}),  # now mature and not Again: writable
        ({"口", "語"}, 1, 1, {"語"}, None),  # lapsed while known: read again at the next hint
        ({"口"}, 1, 1, {"明"}, {"口"}),  # not writable and never was: nothing changes
        ({"口"}, 30, 1, {"明"}, {"口"}),  # Again with a long interval is not writable either
        (None, 30, 3, {"語"}, None),  # not read yet: stays unread
    ],
    ids=["matured-adds", "lapsed-known-rereads", "young-unknown-unchanged", "again-long-interval-unchanged", "unread-stays-unread"],
)
def test_an_answered_writing_card_keeps_the_known_set_right(known, interval, ease, chars, after):
    from writing.gui import reviewer

    reviewer._known_components = frozenset(known) if known is not None else None
    try:
        reviewer._update_known_components(interval, ease, chars)
        assert reviewer._known_components == (frozenset(after) if after is not None else None)
    finally:
        reviewer._forget_known_components()
