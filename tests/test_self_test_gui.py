"""The self-test in real Anki 26.9 offscreen (tests/scenarios/self_test.py): ten characters
written with pointer events on the card's writing area, some right and some wrong, the stored
result, and proof that no card, note or review changed."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def tested(tmp_path_factory):
    from anki_harness import run_scenario

    base = tmp_path_factory.mktemp("self-test") / "base"
    result = run_scenario("tests/scenarios/self_test.py:run", base, timeout=300)
    assert result.get("ok"), f"{result.get('error')}\n{result.get('traceback', '')}\n{result.get('_stderr', '')[-3000:]}"
    return result


def test_ten_recognised_characters_never_written_are_asked_in_free_mode(tested):
    chars = [q[0] for q in tested["questions"]]
    assert len(chars) == 10 == len(set(chars))
    assert set(chars) <= set(tested["recognised"])
    assert not set(chars) & set(tested["written"])
    for asked in tested["asked"]:
        assert asked["mode"] == "free" and asked["graded"]
        assert asked["char"] not in asked["prompt"] and "＿" in asked["prompt"]


def test_drawn_answers_are_graded_and_the_result_stored(tested):
    assert tested["recalled"] == [q[0] in tested["expected_recalled"] for q in tested["questions"]]
    assert tested["summary"] == "6 of 10" == tested["page"]["summary"] == tested["stored"]["summary"]
    assert tested["stored_count"] == 1
    assert tested["stored"]["chars"] == "".join(q[0] for q in tested["questions"])
    assert tested["stored"]["recalled"] == "".join(tested["expected_recalled"])
    assert tested["page"]["marks"] == ["wpst-ok" if ok else "wpst-miss" for ok in tested["recalled"]]
    assert tested["page"]["stored"].startswith("Saved: 6 of 10")


def test_no_card_note_or_review_changes(tested):
    assert tested["cards_unchanged"] and tested["revlog_unchanged"] and tested["notes_unchanged"]


def test_night_mode_and_closing(tested):
    assert tested["night"]["night"] and not tested["light"]["night"]
    assert tested["night"]["ink"] != tested["light"]["ink"]
    assert tested["night"]["text"] != tested["light"]["text"]
    assert tested["stale_reply"] == {"ok": False, "error": "not the character being asked"}
    assert tested["foreign_reply"]["ok"] is False
    assert tested["stored_after_close"] == 1  # the unfinished second test stored nothing
    assert tested["host_released"]


def test_the_gap_report_shows_the_new_result(tested):
    # build_history stored 4, 6 and 7 of 10 before; the test just taken comes last
    assert tested["report_self_tests"] == ["4 of 10", "6 of 10", "7 of 10", "6 of 10"]
    assert "Latest: 6 of 10" in tested["report_self_test_rows"]
