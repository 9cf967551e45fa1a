"""Review in real Anki 26.9 (offscreen): strokes drawn as pointer events into the reviewer page,
graded in Python, answers asserted on the review log; with SM-2 and with FSRS. Plus 2,000
hostile messages, the Previewer and Card Layout screens, and hostile field content."""

from __future__ import annotations

import pytest

from anki_harness import run_scenario

pytestmark = pytest.mark.gui

SCHEDULERS = ["sm2", "fsrs"]
# case: (ease in the review log, suggested ease or None when self-graded)
EXPECTED = {
    "clean": (3, 3),
    "two_misses": (2, 2),
    "two_misses_enter": (2, 2),
    "reveal": (1, 1),
    "override_easy": (4, 3),
    "override_again": (1, 3),
    "word": (3, 3),
    "chinese": (3, 3),
    "traditional": (3, 3),
    "no_data": (3, None),
    "hint_key": (2, 2),
    "component_hint": (2, 2),
    "single_part_hint": (2, 2),
    "colours_zh": (3, 3),
    "colours_night": (3, 3),
    "keys_undo_clear": (3, 3),
    "rerender": (3, 3),
    "free": (3, 3),
    "free_swapped": (2, 2),
    "auto_answer": (3, 3),
}


# The cases run in two Anki processes per scheduler, each well inside the harness's time limit.
GROUPS = [list(EXPECTED)[: len(EXPECTED) // 2], list(EXPECTED)[len(EXPECTED) // 2 :]]


@pytest.fixture(scope="module", params=SCHEDULERS)
def reviewed(request, tmp_path_factory):
    """Every case reviewed in real Anki with this scheduler (each case on its own deck)."""
    cases = {}
    for number, group in enumerate(GROUPS):
        base = tmp_path_factory.mktemp(f"review-{request.param}-{number}") / "base"
        result = run_scenario("tests/scenarios/review_e2e.py:run_all", base, args=[request.param, *group], timeout=300)
        assert result.get("ok"), f"{result.get('error')}\n{result.get('traceback', '')}\n{result.get('_stderr', '')[-3000:]}"
        cases.update(result["cases"])
    return request.param, cases


@pytest.mark.parametrize("case", list(EXPECTED))
def test_review_answers_into_the_scheduler(reviewed, case):
    scheduler, cases = reviewed
    result = cases[case]
    assert "error" not in result and "blocking_dialogs" not in result, result
    logged, suggested = EXPECTED[case]
    assert result["fsrs"] is (scheduler == "fsrs")
    assert result["eases"] == [logged]
    assert (result["suggested"] or {}).get("ease") == suggested
    assert result["suggested_button"] == suggested  # the bottom bar marks the suggestion
    if suggested is not None:
        assert result["question"]["graded"]
        label = {1: "Again", 2: "Hard", 3: "Good"}[suggested]
        assert result["panel"]["rating"].startswith(f"{label} — ")
        assert result["panel"]["yours"] == result["panel"]["reference"] == len(result["question"]["chars"])


def test_two_misses_are_shown_on_the_stroke(reviewed):
    _, cases = reviewed
    result = cases["two_misses"]
    assert result["miss_message"] == "wrong direction"
    assert result["panel"]["mistakes"] == ["stroke 1: reversed ×2"]


def test_reveal_traces_then_rewrites(reviewed):
    _, cases = reviewed
    assert cases["reveal"]["phase_after_trace"] == "rewrite"
    assert "revealed" in cases["reveal"]["panel"]["mistakes"][0]


def test_word_is_written_one_character_at_a_time(reviewed):
    _, cases = reviewed
    result = cases["word"]
    assert result["question"]["chars"] == ["学", "生"]
    assert result["panel"]["answerText"] == "学生"


def test_keys_and_buttons_act_on_the_character(reviewed):
    _, cases = reviewed
    assert cases["hint_key"]["component_message"] == "言 on the left; 五 over 口 on the right"
    assert cases["hint_key"]["hint_message"] == "Stroke 3"
    assert cases["hint_key"]["panel"]["mistakes"] == ["stroke 3: hint; parts hint"]
    assert cases["hint_key"]["suggested"]["reason"] == "1 hint, 1 component hint"
    assert (cases["keys_undo_clear"]["after_undo"], cases["keys_undo_clear"]["after_clear"]) == ([0, 1], [])


def test_question_rendered_again_resumes_the_writing(reviewed):
    _, cases = reviewed
    assert cases["rerender"]["resumed_accepted"] == [0, 1, 2, 3, 4]


def test_free_mode_checks_at_the_end(reviewed):
    _, cases = reviewed
    assert cases["free"]["free_phase"] == "free" and cases["free"]["drawn_before_check"] == 14
    assert cases["free_swapped"]["panel"]["mistakes"] and "order" in cases["free_swapped"]["panel"]["mistakes"][0]


def test_auto_answer_uses_the_suggestion_without_a_key(reviewed):
    _, cases = reviewed
    assert 0.8 < cases["auto_answer"]["answer_seconds"] < 10


def test_character_without_data_is_self_graded(reviewed):
    _, cases = reviewed
    result = cases["no_data"]
    assert not result["question"]["graded"]
    assert result["question_area"]["ink"] == 2
    assert result["panel"]["yours"] == 1  # the learner's own writing beside the answer
    assert result["panel"]["answerText"] == "𠮷"


def test_converted_deck_reviews_into_the_log(anki_gui):
    """Convert the demo's Japanese deck with the add-on's conversion, write the first card cleanly."""
    result = anki_gui("tests/scenarios/review_e2e.py:converted")
    assert result["added"] > 0
    assert result["suggested"]["ease"] == 3 and result["eases"] == [3]


@pytest.fixture(scope="module")
def robustness(tmp_path_factory):
    def run(function: str):
        base = tmp_path_factory.mktemp(function) / "base"
        result = run_scenario(f"tests/scenarios/review_robustness.py:{function}", base, timeout=300)
        assert result.get("ok"), f"{result.get('error')}\n{result.get('traceback', '')}\n{result.get('_stderr', '')[-3000:]}"
        return result

    return run


def test_two_thousand_hostile_messages_change_nothing(robustness):
    result = robustness("fuzz")
    assert result["sent"] == 2000
    assert result["unchanged"], (result["before"], result["after"])
    assert result["hook_still_registered"]
    assert all(handled is True and reply["ok"] is False for handled, reply in result["outside"])
    assert result["not_ours_untouched"] == [False, None]
    assert result["answer_shown"]


def test_previewer_and_card_layout_never_grade(robustness):
    result = robustness("other_contexts")
    for areas in (result["preview_areas"], result["layout_areas"]):
        assert [(a["side"], a["graded"]) for a in areas] == [("question", False)]
    assert result["preview_reply"] == {"ok": False, "error": "only the reviewer grades"}
    assert result["sessions_opened"] == 0
    assert result["revlog_added"] == 0


def test_hostile_field_content_does_not_break_the_page(robustness):
    result = robustness("hostile_fields")
    assert result["question"]["graded"] and result["question"]["chars"] == ["語"]
    assert set(result["host"]) == {"v", "card", "side", "graded", "mode", "grid"}
    assert result["suggested"]["ease"] == 3
    assert result["panel"]["rating"].startswith("Good")


def test_markup_spelled_in_text_fields_stays_text(robustness):
    result = robustness("markup_in_text_fields")
    assert result["pwned"] is None
    assert result["injected"] == []
    assert result["areas"] and result["areas"][0]["ready"]


def test_component_hint_marks_a_known_component_and_costs_less_than_a_stroke(reviewed):
    _, cases = reviewed
    result = cases["component_hint"]
    assert result["line_before"] is None  # nothing shown before the hint is asked for
    assert result["component_line"] == "言 on the left; 五 over 口 (known) on the right"
    assert result["after_hint_accepted"] == []  # no stroke was shown or given
    # a clean character after one component hint: Hard (cost 0.5), and the reason says why
    assert result["suggested"] == {"ease": 2, "label": "Hard", "reason": "1 component hint"}
    assert result["panel"]["rating"] == "Hard — 1 component hint (Space)"
    assert result["panel"]["mistakes"] == ["parts hint"]


def test_a_single_part_character_goes_straight_to_the_stroke_hint(reviewed):
    _, cases = reviewed
    result = cases["single_part_hint"]
    assert result["hint_message"] == "Stroke 1" and result["component_line"] is None
    assert result["suggested"]["reason"] == "1 hint"


def _rgb(colour: str) -> tuple[int, ...]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


@pytest.mark.parametrize("case", ["component_hint", "colours_zh", "colours_night"], ids=["ja-語", "zh-谢", "ja-明-night"])
def test_answer_reference_is_coloured_by_component(reviewed, case):
    _, cases = reviewed
    colours = cases[case]["colours"]
    palette = [_rgb(c) for c in colours["palette"]]
    assert len(set(palette)) == 6
    for k, strokes in enumerate(colours["components"]):
        for stroke in strokes:  # every stroke of component k in component k's colour (±2: blending)
            drawn = colours["pixels"][stroke]
            assert max(abs(a - b) for a, b in zip(drawn, palette[k])) <= 2, (k, stroke, drawn, palette[k])
    assert len(colours["components"]) >= 2
    # the legend under the reference names each component in its colour
    assert [name for name, _ in colours["legend"]] == colours["names"]
    assert [colour for _, colour in colours["legend"]] == [f"rgb({r}, {g}, {b})" for r, g, b in palette[: len(colours["names"])]]


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [c / 255 for c in _rgb(colour)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("case", ["component_hint", "colours_night"], ids=["day", "night"])
def test_component_colours_read_on_the_paper(reviewed, case):
    _, cases = reviewed
    colours = cases[case]["colours"]
    # every component colour (strokes and the legend's text) at least WCAG AA text contrast
    assert min(_contrast(c, colours["paper"]) for c in colours["palette"]) >= 4.5
    day, night = cases["component_hint"]["colours"], cases["colours_night"]["colours"]
    assert day["paper"] != night["paper"] and day["palette"] != night["palette"]
