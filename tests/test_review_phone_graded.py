"""Phones grade in the card: the JS grader's local session in a phone-like headless Chromium
(390x844 CSS px, devicePixelRatio 3, touch pointers), the card's HTML as the client renders it,
the media over http on loopback (AnkiDroid >= 2.19) and from file://.

The learner's strokes are played as touch pointer events from a plan (reference strokes, and each
kind of mistake made from them); the same plan goes through the Python grader (CharacterQuiz and
suggest_rating), whose messages and rating the card must show. The front carries the grade to the
back in sessionStorage; on the back AnkiDroid's stand-in (exactly its documented showAnswer and
buttonAnswerEase1-4, recording calls) must be answered with Python's ease."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.test_review_browser import (
    CHROMIUM,
    NEW_STUDY_SCREEN,
    PHONE_PROBE,
    REPORT,
    STAND_IN,
    _phone_card,
    _phone_page,
    _phone_run,
    served,  # noqa: F401 (the fixture: media over http on loopback and from file://)
)
from writing.strokes import lookup

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (tools/setup_env.sh installs Debian's chromium)")

WORD = "十日"

PLAN_PROBE = REPORT + r"""
<script>
function wpPlanProbe() {
  var out = {errors: window.__wpErrors, steps: [], dpr: window.devicePixelRatio, width: document.body.clientWidth};
  function area() { return WritePractice.inspect()[0]; }
  var began = performance.now();
  (function waitReady() {
    if (!(area() && area().ready)) return setTimeout(waitReady, 2);
    out.readyMs = performance.now() - began;
    out.graded = area().graded;
    out.mode = area().mode;
    var canvas = document.querySelector('.wp-area .wp-ink');
    function stroke(points) {
      canvas.dispatchEvent(touchPointer(canvas, 'pointerdown', points[0][0], points[0][1]));
      for (var i = 1; i < points.length; i++) canvas.dispatchEvent(touchPointer(canvas, 'pointermove', points[i][0], points[i][1]));
      var last = points[points.length - 1];
      canvas.dispatchEvent(touchPointer(canvas, 'pointerup', last[0], last[1]));
    }
    window.__plan.forEach(function (step) {
      if (step.stroke) stroke(step.stroke);
      else document.querySelector('.wp-area [data-action=' + step.act + ']').click();
      var a = area();
      out.steps.push({message: a.message, current: a.state.current, phase: a.state.phase || null});
    });
    setTimeout(function () {
      out.carry = sessionStorage.getItem('wp:carry');
      out.calls = window.__calls || null;
      report(out);
    }, 900);
  })();
}
window.addEventListener('load', function () { setTimeout(wpPlanProbe, 0); });
</script>
"""


def _densify(stroke, step: float = 0.01) -> list:
    """A reference centre line as a finger sends it: points every `step` em."""
    points = np.asarray(stroke, dtype=float)
    out = [points[0]]
    for a, b in zip(points[:-1], points[1:]):
        k = max(1, int(np.ceil(np.hypot(*(b - a)) / step)))
        out.extend(a + (b - a) * (i / k) for i in range(1, k + 1))
    return np.round(np.array(out), 4).tolist()


def _refs(ch: str) -> list:
    return [[list(p) for p in s] for s in lookup(ch, "ja").strokes]


def _moved(stroke, dx: float, dy: float) -> list:
    return [[x + dx, y + dy] for x, y in stroke]


def _plan(scenario: str) -> list[dict]:
    """What the learner does: the word written cleanly, with one thing changed on 十."""
    ten, day = [_densify(s) for s in _refs("十")], [_densify(s) for s in _refs("日")]
    first = {
        "clean": [],
        "reversed": [{"stroke": ten[0][::-1]}],
        "order": [{"stroke": ten[1]}],
        # A square drawn round the box: no stroke of 十 has that shape. (Left open at the bottom left
        # it comes within the shape tolerance of the vertical line, and is read as stroke 2 early.)
        "shape": [{"stroke": _densify([[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.25]])}],
        "too_short": [{"stroke": [[0.5, 0.5], [0.505, 0.5]]}],
        "merged": [{"stroke": ten[0] + ten[1]}],
        "hint": [{"act": "hint"}],
        "reveal": [{"act": "reveal"}, {"stroke": ten[0]}, {"stroke": ten[1]}],
    }
    if scenario == "position":  # the vertical line, a third of the box to the right
        return [{"stroke": ten[0]}, {"stroke": _moved(ten[1], 0.33, 0.0)}, {"stroke": ten[1]}] + [{"stroke": s} for s in day]
    return first[scenario] + [{"stroke": s} for s in ten + day]


def _python(plan: list[dict]) -> tuple[list[str], dict]:
    """Python's message after each step and its rating for the word (writing/review.py's rules)."""
    from writing.grading import CharacterQuiz, suggest_rating
    from writing.grading.guided import MESSAGES

    quizzes = [CharacterQuiz(_refs(ch)) for ch in WORD]
    messages = []
    for step in plan:
        quiz = next(q for q in quizzes if not q.done)
        if step.get("act") == "hint":
            messages.append(f"Stroke {quiz.hint() + 1}")
        elif step.get("act") == "reveal":
            quiz.reveal()
            messages.append("Trace it, then write it once more")
        else:
            verdict = quiz.submit(step["stroke"])
            messages.append("" if verdict.accepted else verdict.message)
            if all(q.done for q in quizzes):
                messages[-1] = "Done"
    rating = suggest_rating(stroke_count=sum(q.stroke_count for q in quizzes), mistakes=[m for q in quizzes for m in q.mistakes],
                            stroke_hints=sum(q.stroke_hints for q in quizzes), reveals=sum(q.reveals for q in quizzes))
    assert all(q.done for q in quizzes)
    return messages, rating.as_dict()


SCENARIOS = ["clean", "reversed", "order", "shape", "position", "too_short", "merged", "hint", "reveal"]
EXPECTED_KIND = {"reversed": "wrong direction", "order": "that is stroke 2", "shape": "look at the shape",
                 "position": "right shape, wrong place", "too_short": "too short", "merged": "strokes drawn as one",
                 "hint": "Stroke 1", "reveal": "Trace it"}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_phone_grades_the_word_as_python_does_and_ankidroid_gets_its_ease(col, served, scenario):
    card = _phone_card(col, WORD)
    folder = Path(col.media.dir())
    plan = _plan(scenario)
    messages, rating = _python(plan)
    head = STAND_IN + f"<script>window.__plan = {json.dumps(plan)};</script>"
    name = _phone_page(folder, f"wp-graded-{scenario}.html", card.question(), head)
    page = folder / name
    page.write_text(page.read_text(encoding="utf-8").replace(PHONE_PROBE, PLAN_PROBE), encoding="utf-8")
    front = _phone_run(served(name))
    assert front["errors"] == [] and (front["dpr"], front["width"]) == (3, 390)
    assert front["graded"] and front["mode"] == "guided", "graded on the phone, in the add-on's default mode"
    assert [s["message"] for s in front["steps"]] == messages, "the card says what Python says, step by step"
    if scenario in EXPECTED_KIND:
        assert EXPECTED_KIND[scenario] in messages[0 if scenario != "position" else 1]
    assert front["calls"] == ["showAnswer"], "the word done, the legacy reviewer is asked to show the answer"
    carry = json.loads(front["carry"])
    assert carry["key"] == f"ja|{WORD}" and carry["result"]["rating"] == rating, "the front carries Python's rating"
    kept = f"<script>sessionStorage.setItem('wp:carry', {json.dumps(front['carry'])});</script>"
    back = _phone_run(served(_phone_page(folder, f"wp-graded-{scenario}-back.html", card.answer(), kept + STAND_IN)))
    assert back["errors"] == [] and back["side"] == "answer"
    assert back["rating"].startswith(f"{rating['label']} — {rating['reason']}")
    assert back["yours"] == 2 and back["references"] == 2, "each character: the learner's ink beside its stroke-order animation"
    assert back["calls"] == [f"buttonAnswerEase{rating['ease']}"], "AnkiDroid answered with the suggested ease after the countdown"


@pytest.mark.parametrize("client", ["ankidroid-new", "ankimobile"])
def test_other_clients_show_the_local_grade_and_leave_the_tap(col, served, client):
    card = _phone_card(col, WORD)
    folder = Path(col.media.dir())
    plan = _plan("reversed")
    _, rating = _python(plan)
    api = STAND_IN + NEW_STUDY_SCREEN if client == "ankidroid-new" else ""
    name = _phone_page(folder, "wp-graded-other.html", card.question(), api + f"<script>window.__plan = {json.dumps(plan)};</script>")
    page = folder / name
    page.write_text(page.read_text(encoding="utf-8").replace(PHONE_PROBE, PLAN_PROBE), encoding="utf-8")
    front = _phone_run(served(name))
    assert front["errors"] == [] and front["graded"]
    assert front["calls"] == (["showAnswer"] if client == "ankidroid-new" else None)
    kept = f"<script>sessionStorage.setItem('wp:carry', {json.dumps(front['carry'])});</script>"
    back = _phone_run(served(_phone_page(folder, "wp-graded-other-back.html", card.answer(), kept + api)))
    assert back["errors"] == [] and back["suggested"]
    assert back["rating"].startswith(f"{rating['label']} — {rating['reason']}") and f"Tap {rating['label']}" in back["ratingAtEnd"]
    assert back["calls"] == ([] if client == "ankidroid-new" else None), "no answer API used: the learner taps"


def test_turning_the_card_before_writing_carries_the_reveal_rating(col, served):
    """Show Answer pressed at once (AnkiMobile's own button): Python's 'answer shown before'."""
    card = _phone_card(col, WORD)
    folder = Path(col.media.dir())
    name = _phone_page(folder, "wp-graded-unwritten.html", card.question(), "<script>window.__plan = [];</script>")
    page = folder / name
    page.write_text(page.read_text(encoding="utf-8").replace(PHONE_PROBE, PLAN_PROBE), encoding="utf-8")
    front = _phone_run(served(name))
    assert front["errors"] == [] and front["graded"]
    rating = json.loads(front["carry"])["result"]["rating"]
    assert rating == {"ease": 1, "label": "Again", "reason": f"answer shown before {WORD} was written"}
