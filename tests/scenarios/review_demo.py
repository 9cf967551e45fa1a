"""Screenshots of the review screen in real Anki, for the demo and the README.

    screenshots(driver)  with driver.args = [OUTPUT_FOLDER]

Saves, for a Japanese card (語) reviewed in guided mode: the question, mid-writing feedback (some
strokes accepted, a wrong-direction stroke flashing red with its reason, the start hint after
repeated misses), and the answer side (the learner's ink with the mistake marked, the stroke-order
animation, the suggested rating highlighted in the bottom bar); then the same answer in night
mode, and a Chinese two-character word mid-way. Returns the file paths and the suggested ratings.
"""

from __future__ import annotations

import json
from pathlib import Path

import review_e2e as e


def _shot(driver, out: Path, name: str) -> str:
    driver.pump(0.25)
    return driver.screenshot(driver.mw, out / name)


def screenshots(driver) -> dict:
    out = Path(driver.args[0]) if driver.args else Path("demo/screenshots")
    mw = driver.mw
    mw.resize(900, 1000)
    result: dict = {}
    e.setup_deck(driver, "Write Practice demo::語", [("語", "ja")])
    e.open_review(driver)
    _shot(driver, out, "review-1-question.png")

    strokes = e.reference("語", "ja")
    e.draw(driver, strokes[:6])
    wrong = list(reversed(strokes[6]))
    e.draw(driver, [wrong, wrong, wrong])  # three misses: the start of stroke 7 is hinted
    # draw a wrong stroke without waiting, and shoot while it flashes red
    driver.js(mw.reviewer.web, e.DRAW_JS % json.dumps([e.densify(wrong)]))
    driver.screenshot(mw, out / "review-2-feedback.png")  # within the 0.7 s flash
    e.wait_page(driver, lambda a: a[0]["pending"] == 0, "verdict")
    e.draw(driver, strokes[6:])
    e.wait_answer(driver)
    driver.pump(1.2)  # part of the stroke-order animation
    _shot(driver, out, "review-3-answer.png")
    result["suggested_ja"] = e.addon_module("gui.reviewer").suggestion_for(mw.reviewer.card).as_dict()

    from aqt.theme import Theme

    mw.set_theme(Theme.DARK)
    mw.reviewer._redraw_current_card()  # what Anki does when the card changes under it
    e.wait_page(driver, lambda a: any(x["side"] == "answer" for x in a), "answer redrawn")
    driver.pump(1.2)
    _shot(driver, out, "review-4-answer-night.png")
    mw.set_theme(Theme.LIGHT)
    e.shortcut(driver, " ")
    driver.wait_until(lambda: mw.reviewer.state != "transition", 20, "answer recorded")

    e.setup_deck(driver, "Write Practice demo::你好", [("你好", "zh-Hans")])
    e.open_review(driver)
    e.draw(driver, e.reference("你", "zh-Hans"))
    e.draw(driver, e.reference("好", "zh-Hans")[:2])
    _shot(driver, out, "review-5-word.png")
    result["screenshots_folder"] = str(out)
    return result
