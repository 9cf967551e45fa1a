"""The self-test in real Anki (offscreen): Tools → Write Practice → Test my writing… on the gap
report's collection (tests/scenarios/gap_report.py:build_history), ten characters written with
pointer events on the card's own writing area — some from the reference strokes, some wrongly,
one left blank — checked with C, Enter and the Check button; then the stored result, the page,
night mode, and proof that no card or review changed.

Run by tests/test_self_test_gui.py through tools/anki_harness.py.
"""

from __future__ import annotations

import gap_report as history
from anki_harness import find_action
import review_e2e as e

# question index -> how it is answered; the others are written from the reference strokes
WRONG = {1: "reversed, last stroke missing", 4: "reversed, last stroke missing", 8: "half the strokes"}
BLANK = {6}
CHECK_WITH = ("c", "Enter", "button")  # cycled over the questions


def _snapshot(col) -> dict:
    return {
        "cards": col.db.all("select * from cards order by id"),
        "revlog": col.db.all("select * from revlog order by id"),
        "notes": col.db.all("select id, mod, flds from notes order by id"),
    }


def _inspect(driver, window) -> list:
    return driver.js(window.web, "window.WritePractice ? WritePractice.inspect() : null") or []


def _wait_question(driver, window, number: int) -> dict:
    def ready():
        areas = _inspect(driver, window)
        return areas and areas[-1]["ready"] and areas[-1]["graded"] and areas[-1]["state"].get("current") == 0 and driver.js(
            window.web, f"document.getElementById('wpst-progress').textContent.indexOf('{number} of') === 0"
        )

    driver.wait_until(ready, 20, f"question {number}")
    return _inspect(driver, window)[-1]


def _draw(driver, window, strokes) -> None:
    for count, stroke in enumerate(strokes, 1):
        assert driver.js(window.web, e.DRAW_JS % e.json.dumps([e.densify(stroke)])), "no writing canvas"
        driver.wait_until(lambda: _inspect(driver, window)[-1]["state"].get("drawn") == count, 10, "stroke recorded")


def _check(driver, window, how: str) -> None:
    if how == "button":
        assert driver.js(window.web, "(function(){var b=document.querySelector('.wp-area [data-action=check]'); if(!b) return false; b.click(); return true;})()")
    else:
        driver.js(window.web, f"document.dispatchEvent(new KeyboardEvent('keydown', {{key: {e.json.dumps(how)}, bubbles: true}})) || true")


def _wrong(strokes: list, how: str) -> list:
    if how == "half the strokes":
        return strokes[: len(strokes) // 2]
    return [list(reversed(s)) for s in strokes[:-1]]


def run(driver) -> dict:
    from aqt.theme import Theme

    mw = driver.mw
    history._setup(driver)
    gap = history.addon("gap")
    col = mw.col
    before = _snapshot(col)
    stored_before = len(gap.self_tests(col))

    action = find_action(mw.form.menuTools, "Test my writing…")
    assert action is not None, "Tools → Write Practice → Test my writing… exists"
    action.trigger()
    module = history.addon("gui.self_test")
    window = driver.wait_until(lambda: module._window, what="the self-test window")
    driver.wait_until(lambda: window.run is not None, 60, "questions chosen")
    test = window.run
    questions = [(q.char, q.script, q.word) for q in test.questions]
    asked = []
    expected_recalled = []
    for i, (char, script, _word) in enumerate(questions):
        area = _wait_question(driver, window, i + 1)
        prompt = driver.js(window.web, "document.getElementById('wpst-context').textContent")
        asked.append({"char": char, "prompt": prompt, "mode": area["mode"], "graded": area["graded"], "chars_on_page": area["chars"]})
        strokes = e.reference(char, script)
        if i in BLANK:
            pass
        elif i in WRONG:
            _draw(driver, window, _wrong(strokes, WRONG[i]))
        else:
            _draw(driver, window, strokes)
            expected_recalled.append(char)
        _check(driver, window, CHECK_WITH[i % len(CHECK_WITH)])
        driver.wait_until(lambda: test.index == i + 1, 20, f"question {i + 1} checked")

    driver.wait_until(lambda: window.last_saved is not None, 30, "the result saved")
    driver.wait_until(lambda: "Saved" in (driver.js(window.web, "(document.getElementById('wpst-stored')||{}).textContent") or ""), 10, "page says saved")
    page = driver.js(
        window.web,
        """({summary: document.querySelector('#wpst-result h1').textContent,
             marks: Array.from(document.querySelectorAll('#wpst-result td.wpst-ok, #wpst-result td.wpst-miss')).map(td => td.className),
             stored: document.getElementById('wpst-stored').textContent})""",
    )
    after = _snapshot(col)
    results = gap.self_tests(col)
    last = results[-1]
    outcome = {
        "questions": questions,
        "asked": asked,
        "expected_recalled": expected_recalled,
        "recalled": test.recalled,
        "summary": test.summary(),
        "page": page,
        "stored_count": len(results) - stored_before,
        "stored": {"chars": "".join(last.chars), "recalled": "".join(last.recalled), "summary": last.summary},
        "cards_unchanged": before["cards"] == after["cards"],
        "revlog_unchanged": before["revlog"] == after["revlog"],
        "notes_unchanged": before["notes"] == after["notes"],
        # every writing card of the collection has been answered: these were written in the add-on
        "written": sorted({ch for target, _days, _ease in history.WRITING for ch in target}),
        "recognised": sorted(gap.writing_gap(col).recognised),
    }

    # Enter on the results: a new test; then night mode on a question
    driver.js(window.web, "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true})) || true")
    driver.wait_until(lambda: window.run is not None and window.run is not test, 60, "a second test")
    _wait_question(driver, window, 1)
    mw.set_theme(Theme.DARK)
    driver.pump(0.8)
    style_js = """({night: document.body.classList.contains('nightMode'),
                   ink: getComputedStyle(document.querySelector('.wp-area')).getPropertyValue('--wp-ink').trim(),
                   text: getComputedStyle(document.getElementById('wpst-meaning')).color})"""
    outcome["night"] = driver.js(window.web, style_js)
    mw.set_theme(Theme.LIGHT)
    driver.pump(0.8)
    outcome["light"] = driver.js(window.web, style_js)

    # a message from the previous test's page is refused, and the reviewer's path is unaffected
    messages = history.addon("gui.messages")
    stale = messages.on_js_message((False, None), 'wp:{"type":"check","card":5,"char":0}', window)
    outcome["stale_reply"] = stale[1]
    outcome["foreign_reply"] = messages.on_js_message((False, None), 'wp:{"type":"check","card":1,"char":0}', object())[1]

    # Escape closes; nothing is stored for the unfinished second test
    driver.js(window.web, "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})) || true")
    driver.wait_until(lambda: module._window is None, 10, "the window to close")
    driver.pump(0.3)
    outcome["stored_after_close"] = len(gap.self_tests(col)) - stored_before
    outcome["host_released"] = window not in messages._routes

    # the gap report shows the stored result among the self-tests
    report = history.open_from_tools_menu(driver)
    outcome["report_self_tests"] = history.page_state(driver, report)["selfTestLabels"]
    outcome["report_self_test_rows"] = driver.js(report.web, "document.getElementById('gap-self-tests').textContent")
    report.reject()
    driver.pump(0.3)
    return outcome
