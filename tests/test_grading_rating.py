"""Suggested ratings: the policy's promises, with its defaults from config.json."""

from __future__ import annotations

import pytest

from writing.config import RatingPolicy, parse
from writing.grading import CharacterQuiz, Mistake, suggest_rating
from writing.strokes import lookup

DEFAULT = parse({})[0].rating


def misses(n, kind="shape"):
    return [Mistake(kind, i, i) for i in range(n)]


def test_config_json_and_the_dataclass_agree():
    assert DEFAULT == RatingPolicy()


def test_clean_character_is_good():
    rating = suggest_rating(stroke_count=14, mistakes=[], policy=DEFAULT)
    assert (rating.ease, rating.label, rating.reason) == (3, "Good", "clean")


@pytest.mark.parametrize(
    "char,script",
    [
        pytest.param("語", "ja", id="go-14"),
        pytest.param("書", "ja", id="sho-10"),
        pytest.param("我", "zh-Hans", id="wo-7"),
    ],
)
def test_two_misses_on_a_character_of_seven_or_more_strokes_is_hard(char, script):
    count = lookup(char, script).stroke_count
    assert suggest_rating(stroke_count=count, mistakes=misses(2), policy=DEFAULT).ease == 2


def test_one_mistake_weighs_more_on_a_one_stroke_character_than_on_a_22_stroke_one():
    one, many = lookup("一", "ja").stroke_count, lookup("襲", "ja").stroke_count
    assert (one, many) == (1, 22)
    # A second mistake already sinks 一; 襲 still has room for four.
    assert suggest_rating(stroke_count=one, mistakes=misses(2), policy=DEFAULT).ease == 1
    assert suggest_rating(stroke_count=many, mistakes=misses(4), policy=DEFAULT).ease == 2
    assert suggest_rating(stroke_count=one, mistakes=misses(1), policy=DEFAULT).ease == 2


def test_beyond_the_budget_is_again():
    assert suggest_rating(stroke_count=14, mistakes=misses(5), policy=DEFAULT).ease == 1


def test_reveal_uses_the_policy_rating():
    assert suggest_rating(stroke_count=3, mistakes=[], reveals=1, policy=DEFAULT).label == "Again"
    lenient = RatingPolicy(reveal_rating=2)
    rating = suggest_rating(stroke_count=3, mistakes=[], reveals=1, policy=lenient)
    assert rating.ease == 2 and rating.reason.startswith("revealed")


def test_hints_cost_like_the_policy_says():
    # 3 strokes: budget 1 + 0.45; a stroke hint (1.0) fits, a stroke hint and a component hint do not.
    assert suggest_rating(stroke_count=3, mistakes=[], stroke_hints=1, policy=DEFAULT).ease == 2
    assert suggest_rating(stroke_count=3, mistakes=[], stroke_hints=1, component_hints=1, policy=DEFAULT).ease == 1
    free_hints = RatingPolicy(stroke_hint_cost=0, component_hint_cost=0)
    assert suggest_rating(stroke_count=3, mistakes=[], stroke_hints=5, policy=free_hints).ease == 3


def test_easy_is_never_suggested():
    ratings = {
        suggest_rating(stroke_count=n, mistakes=misses(k), stroke_hints=h, policy=DEFAULT).ease
        for n in (1, 5, 30) for k in (0, 1, 3) for h in (0, 2)
    }
    assert 4 not in ratings


@pytest.mark.parametrize(
    "mistakes,hints,reason",
    [
        pytest.param([Mistake("order", 2, 3), Mistake("order", 3, 2)], 0, "2 strokes out of order", id="free-two-order"),
        pytest.param(
            [Mistake("order", 1, 2, expected=1), Mistake("reversed", 5, 4, expected=4)], 1,
            "2 strokes needed a second try, 1 hint", id="guided-one-miss-each",
        ),
        pytest.param(
            [Mistake("order", 1, 2, expected=1), Mistake("shape", 2, 1, expected=1), Mistake("reversed", 5, 4, expected=4)], 1,
            "3 misses on 2 strokes, 1 hint", id="guided-a-stroke-missed-twice",
        ),
        pytest.param([Mistake("reversed", i, 6, expected=6) for i in range(4)], 0, "4 misses on 1 stroke", id="guided-four-misses-one-stroke"),
    ],
)
def test_reasons_read_like_a_sentence(mistakes, hints, reason):
    assert suggest_rating(stroke_count=10, mistakes=mistakes, stroke_hints=hints, policy=DEFAULT).reason == reason


def test_nothing_written_is_again_even_on_a_one_stroke_character():
    rating = suggest_rating(stroke_count=1, mistakes=[Mistake("missing", None, 0)], policy=DEFAULT)
    assert (rating.ease, rating.reason) == (1, "not written")


def test_a_real_quiz_with_two_misses_on_wo_is_hard():
    ref = lookup("我", "zh-Hans").strokes
    quiz = CharacterQuiz(ref)
    quiz.submit(ref[1])  # stroke 2 first: out of order
    # A square spiral: no stroke of 我. (A Z fits 戈's long hooked stroke closely enough for real
    # writing's tolerances.)
    quiz.submit([(0.3, 0.3), (0.7, 0.3), (0.7, 0.7), (0.35, 0.7), (0.35, 0.4), (0.6, 0.4), (0.6, 0.6)])
    for stroke in ref:
        assert quiz.submit(stroke).accepted
    rating = suggest_rating(stroke_count=len(ref), mistakes=quiz.mistakes, policy=DEFAULT)
    assert [m.kind for m in quiz.mistakes] == ["order", "shape"]
    assert (rating.ease, rating.reason) == (2, "2 misses on 1 stroke")
