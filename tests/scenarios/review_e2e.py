"""Scenarios: review Write Practice cards in real Anki (offscreen), drawing with pointer events.

Run by tests/test_review_gui.py through tools/anki_harness.py. `driver.args` = [case, scheduler]
with scheduler "sm2" or "fsrs". Each case makes its own deck of writing cards (the add-on's note
type and media from writing.notetype / writing.media), reviews the first card the way a learner
would, and returns what the page showed and what the review log holds.

The helpers (`setup_deck`, `open_review`, `draw`, `press`, ...) are shared with
tests/scenarios/review_demo.py and tools/bench_review.py.
"""

from __future__ import annotations

import json
import time
from typing import Any

GRADER_IMPORT = "write_practice.writing.grading"


def addon_module(name: str):
    """The add-on's own module (so its session store is the one the hooks use)."""
    import importlib

    return importlib.import_module(f"write_practice.writing.{name}")


# ------------------------------------------------------------------ collection set-up


# Prompts for the words the scenarios use (others get a placeholder meaning).
PROMPTS = {
    "語": ("word; language", "ご"),
    "書": ("to write", "しょ・か(く)"),
    "学生": ("student", "がくせい"),
    "我": ("I; me", "wǒ"),
    "你好": ("hello", "nǐ hǎo"),
}


def setup_deck(driver, deck_name: str, words: list[tuple[str, str]], *, fsrs: bool = False) -> int:
    """A deck of new Write Practice cards, one per (target, script); returns the deck id."""
    mw = driver.mw
    col = mw.col
    notetype, media = addon_module("notetype"), addon_module("media")
    status = notetype.ensure(col)
    assert status.usable, status
    media_status = media.ensure(col)
    assert not media_status.problems, media_status
    deck_id = col.decks.id(deck_name)
    nt = col.models.get(status.id)
    for target, script in words:
        note = col.new_note(nt)
        note["Target"] = target
        note["Script"] = script
        note["Meaning"], note["Reading"] = PROMPTS.get(target, (f"word number {len(target)}", ""))
        col.add_note(note, deck_id)
    if fsrs:
        col.set_config("fsrs", True)
    col.decks.select(deck_id)
    return deck_id


def _page_settled(driver) -> None:
    web = driver.mw.web
    driver.wait_until(lambda: web._domDone and not web._pendingActions, 20, "main page loaded")
    driver.pump(0.2)


def open_review(driver) -> None:
    """Show the first card of the selected deck in the reviewer, with its writing area ready.

    Switching pages faster than a person does can race inside Anki (a late "domDone" from the
    page being replaced lets the reviewer's first eval run before its scripts load), so each
    step waits for the page to settle, and a lost first render is redrawn once."""
    mw = driver.mw
    if mw.state in ("review", "overview"):
        # A page still loading its data by fetch (the reviewer's translations, the overview's
        # "congratulations" info after the last card) makes Anki alert "Failed to fetch" when it
        # is replaced; no signal says it is done, so give it the time a person would.
        _page_settled(driver)
        driver.pump(1.5)
    mw.reset()
    _page_settled(driver)
    mw.moveToState("overview")
    _page_settled(driver)
    mw.moveToState("review")
    driver.wait_until(lambda: mw.state == "review" and mw.reviewer.state == "question", 20, "reviewer question")
    try:
        wait_page(driver, lambda a: a and a[0]["ready"] and a[0]["side"] == "question", "writing area ready", timeout=8)
    except TimeoutError:
        mw.reviewer._redraw_current_card()
        wait_page(driver, lambda a: a and a[0]["ready"] and a[0]["side"] == "question", "writing area ready (redrawn)")


def inspect(driver) -> list[dict[str, Any]]:
    return driver.js(driver.mw.reviewer.web, "window.WritePractice ? WritePractice.inspect() : null") or []


def wait_page(driver, condition, what: str, timeout: float = 20) -> list[dict[str, Any]]:
    box: dict[str, Any] = {}

    def check():
        box["areas"] = inspect(driver)
        return condition(box["areas"])

    driver.wait_until(check, timeout, what)
    return box["areas"]


def reference(char: str, script: str) -> list[list[tuple[float, float]]]:
    from write_practice.writing import strokes

    found = strokes.lookup(char, script)
    assert found.ok, found
    return [list(s) for s in found.strokes]


def densify(points, step: float = 0.02) -> list[list[float]]:
    """Points along the stroke every `step` em, as a pen would report them."""
    out = [list(points[0])]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        n = max(1, int(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 / step))
        out += [[x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n] for k in range(1, n + 1)]
    return out


DRAW_JS = """
(function (strokes) {
  var canvas = document.querySelector('.wp-area .wp-ink');
  if (!canvas) return false;
  var r = canvas.getBoundingClientRect();
  strokes.forEach(function (s, k) {
    function ev(type, p) {
      return new PointerEvent(type, {pointerId: 7, pointerType: 'pen', isPrimary: true,
        clientX: r.left + p[0] * r.width, clientY: r.top + p[1] * r.height,
        button: 0, buttons: type === 'pointerup' ? 0 : 1, bubbles: true, cancelable: true});
    }
    canvas.dispatchEvent(ev('pointerdown', s[0]));
    for (var i = 1; i < s.length; i++) canvas.dispatchEvent(ev('pointermove', s[i]));
    canvas.dispatchEvent(ev('pointerup', s[s.length - 1]));
  });
  return true;
})(%s)
"""


def draw(driver, strokes, *, wait: bool = True) -> list[dict[str, Any]]:
    """Draw each stroke (em units) on the current character; wait for each verdict."""
    areas: list[dict[str, Any]] = []
    for stroke in strokes:
        assert driver.js(driver.mw.reviewer.web, DRAW_JS % json.dumps([densify(stroke)])), "no writing canvas"
        if wait:
            areas = wait_page(driver, lambda a: a and a[0]["pending"] == 0, "stroke verdict")
    return areas


def click(driver, action: str) -> None:
    ok = driver.js(
        driver.mw.reviewer.web,
        f"(function(){{var b=document.querySelector('.wp-area [data-action=\"{action}\"]'); if(!b) return false; b.click(); return true;}})()",
    )
    assert ok, f"no {action} button"


def shortcut(driver, key: str) -> None:
    """Press a reviewer key the way Qt delivers it: through the state shortcut Anki registered."""
    from aqt.qt import QKeySequence

    wanted = QKeySequence(key)
    for sc in driver.mw.stateShortcuts:
        if sc.key() == wanted:
            sc.activated.emit()
            return
    raise AssertionError(f"no reviewer shortcut {key!r}")


def wait_answer(driver) -> None:
    mw = driver.mw
    driver.wait_until(lambda: mw.reviewer.state == "answer", 20, "answer side")
    wait_page(driver, lambda a: any(x["side"] == "answer" for x in a), "answer area")
    driver.pump(0.3)


def answer_panel(driver) -> dict[str, Any]:
    return driver.js(
        driver.mw.reviewer.web,
        """(function(){
          var r = document.querySelector('.wp-area .wp-rating');
          return {rating: r ? r.textContent : null,
                  yours: document.querySelectorAll('.wp-area canvas.wp-yours').length,
                  reference: document.querySelectorAll('.wp-area canvas.wp-reference').length,
                  mistakes: Array.from(document.querySelectorAll('.wp-area .wp-mistakes')).map(function(n){return n.textContent;}),
                  answerText: (document.querySelector('.wp-answer') || {}).textContent || null};
        })()""",
    )


def bottom_buttons(driver) -> str:
    box: dict[str, Any] = {}
    driver.mw.reviewer.bottom.web.evalWithCallback("document.getElementById('middle').innerHTML", lambda v: box.setdefault("v", v))
    driver.wait_until(lambda: "v" in box, 10, "bottom bar")
    return box["v"] or ""


def answered_eases(driver, card_id: int) -> list[int]:
    return [row[0] for row in driver.mw.col.db.all("select ease from revlog where cid = ? order by id", card_id)]


def wait_answered(driver, card_id: int, count: int = 1) -> list[int]:
    mw = driver.mw
    driver.wait_until(lambda: len(answered_eases(driver, card_id)) >= count, 20, "revlog entry")
    # let the reviewer finish its answer (next card or overview) before anything closes
    driver.wait_until(lambda: mw.state != "review" or mw.reviewer.state != "transition", 20, "reviewer to move on")
    if mw.state == "review" and mw.reviewer.state == "question":
        # The next question's page fetches scheduling states from Anki's media server; leaving
        # the page before that finishes makes Anki alert "Failed to fetch". Let it finish.
        _page_settled(driver)
        driver.pump(0.5)
    else:
        driver.pump(0.3)
    return answered_eases(driver, card_id)


def write_clean(driver, chars: list[tuple[str, str]]) -> None:
    for char, script in chars:
        draw(driver, reference(char, script))


# ------------------------------------------------------------------ cases


def _case_clean(driver, script_rows):
    write_clean(driver, script_rows)


def _case_two_misses(driver, script_rows):
    char, script = script_rows[0]
    ref = reference(char, script)
    reversed_first = list(reversed(ref[0]))
    areas = draw(driver, [reversed_first])
    first_message = areas[0]["message"]
    draw(driver, [reversed_first])
    draw(driver, ref)
    return {"miss_message": first_message}


def _case_reveal(driver, script_rows):
    char, script = script_rows[0]
    ref = reference(char, script)
    click(driver, "reveal")
    areas = wait_page(driver, lambda a: a[0]["state"].get("phase") == "tracing", "tracing phase")
    draw(driver, ref)  # trace over the guide
    areas = wait_page(driver, lambda a: a[0]["state"].get("phase") in ("rewrite", "done"), "rewrite phase")
    phase_after_trace = areas[0]["state"].get("phase")
    draw(driver, ref)  # once more without the guide
    return {"phase_after_trace": phase_after_trace}


def _case_no_data(driver, script_rows):
    areas = inspect(driver)
    draw(driver, [[(0.2, 0.5), (0.8, 0.5)], [(0.5, 0.2), (0.5, 0.8)]], wait=False)
    areas = wait_page(driver, lambda a: a[0]["ink"] == 2, "self-graded ink")
    shortcut(driver, " ")  # Show Answer, as the learner would
    return {"question_area": areas[0]}


def _case_hint_key(driver, script_rows):
    char, script = script_rows[0]
    ref = reference(char, script)
    draw(driver, ref[:2])
    press_key(driver, "h")  # first hint: the parts and their layout (a component hint)
    parts = wait_component_hint(driver)
    press_key(driver, "h")  # then the whole next stroke, faintly (a stroke hint)
    areas = wait_page(driver, lambda a: "Stroke 3" in a[0]["message"], "stroke hint shown")
    draw(driver, ref[2:])
    return {"component_message": parts, "hint_message": areas[0]["message"]}


def _case_keys_undo_clear(driver, script_rows):
    char, script = script_rows[0]
    ref = reference(char, script)
    draw(driver, ref[:3])
    press_key(driver, "z")
    after_undo = wait_page(driver, lambda a: a[0]["state"]["accepted"] == [0, 1], "undo")[0]["state"]["accepted"]
    press_key(driver, "x")
    after_clear = wait_page(driver, lambda a: a[0]["state"]["accepted"] == [], "clear")[0]["state"]["accepted"]
    draw(driver, ref)
    return {"after_undo": after_undo, "after_clear": after_clear}


def _case_rerender(driver, script_rows):
    """Anki shows the same question again (the queue or note refreshed): the writing resumes."""
    char, script = script_rows[0]
    ref = reference(char, script)
    before = draw(driver, ref[:5])[0]["serial"]
    driver.mw.reviewer._redraw_current_card()
    areas = wait_page(
        driver, lambda a: a and a[0]["serial"] > before and a[0]["ready"] and a[0]["state"]["accepted"] == [0, 1, 2, 3, 4], "resumed"
    )
    draw(driver, ref[5:])
    return {"resumed_accepted": areas[0]["state"]["accepted"]}


def _case_free(driver, script_rows):
    char, script = script_rows[0]
    draw(driver, reference(char, script))
    areas = inspect(driver)
    press_key(driver, "c")  # Check
    return {"drawn_before_check": areas[0]["state"].get("drawn"), "free_phase": areas[0]["state"].get("phase")}


def _case_free_swapped(driver, script_rows):
    char, script = script_rows[0]
    ref = reference(char, script)
    ref[3], ref[4] = ref[4], ref[3]
    draw(driver, ref)
    click(driver, "check")



def component_line(driver) -> str | None:
    """The component hint under the grid, or None while it is hidden."""
    return driver.js(
        driver.mw.reviewer.web, "(function(){var n=document.querySelector('.wp-area .wp-components'); return n && !n.hidden ? n.textContent : null;})()"
    )


def wait_component_hint(driver) -> str:
    return driver.wait_until(lambda: component_line(driver), 10, "component hint shown")


def _case_component_hint(driver, script_rows):
    """語 with a mature writing card for 口 (in another deck): one component hint, then clean."""
    before = component_line(driver)
    press_key(driver, "h")
    line = wait_component_hint(driver)
    accepted = inspect(driver)[0]["state"]["accepted"]
    write_clean(driver, script_rows)
    return {"line_before": before, "component_line": line, "after_hint_accepted": accepted}


def _case_single_part_hint(driver, script_rows):
    """生 is one familiar part: its first hint is already a stroke."""
    press_key(driver, "h")
    areas = wait_page(driver, lambda a: "Stroke 1" in a[0]["message"], "stroke hint shown")
    line = component_line(driver)
    write_clean(driver, script_rows)
    return {"hint_message": areas[0]["message"], "component_line": line}


# The colour of the drawn reference at given em points (the canvas is scaled for the screen).
SAMPLE_REFERENCE_JS = """
(function (points) {
  var canvas = document.querySelector('.wp-area canvas.wp-reference');
  if (!canvas) return null;
  var ctx = canvas.getContext('2d');
  var css = canvas.getBoundingClientRect().width;
  var scale = canvas.width / css;
  return points.map(function (p) {
    var d = ctx.getImageData(Math.round(p[0] * css * scale), Math.round(p[1] * css * scale), 1, 1).data;
    return [d[0], d[1], d[2], d[3]];
  });
})(%s)
"""


def _sample_points(strokes) -> list[list[float]]:
    """One point per reference stroke, the one farthest from every other stroke, so its pixel
    shows that stroke's colour whatever is drawn around it. The page draws a smooth curve
    through a stroke's points, passing exactly through its inner points; a straight two-point
    stroke is exact all along."""
    dense = [densify(s, 0.01) for s in strokes]
    points = []
    for i, raw in enumerate(strokes):
        others = [p for j, s in enumerate(dense) if j != i for p in s]
        stroke = dense[i]
        candidates = [list(p) for p in raw[1:-1]] if len(raw) > 2 else stroke[len(stroke) // 5 : max(len(stroke) // 5 + 1, len(stroke) * 4 // 5)]

        def clearance(p):
            return min(((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 for q in others), default=1.0)

        points.append(max(candidates, key=clearance))
    return points


def reference_colours(driver, char: str, script: str) -> dict[str, Any]:
    """The answer's reference colour at one point of each stroke once the animation has drawn
    every stroke (it loops; the whole character shows in its pause), the theme's component
    colours, the legend, and writing.components' parts to compare with."""
    points = _sample_points(reference(char, script))

    def drawn():
        pixels = driver.js(driver.mw.reviewer.web, SAMPLE_REFERENCE_JS % json.dumps(points))
        # opaque and not the faint grey guide: a component colour, or the dark reference ink
        if pixels and all(p[3] == 255 and (max(p[:3]) - min(p[:3]) > 40 or max(p[:3]) < 80) for p in pixels):
            return pixels
        return None

    pixels = driver.wait_until(drawn, 20, "the whole reference drawn")
    web = driver.mw.reviewer.web
    palette = driver.js(
        web,
        "(function(){var s=getComputedStyle(document.querySelector('.wp-area')); return [1,2,3,4,5,6].map(function(k){return s.getPropertyValue('--wp-part-'+k).trim();});})()",
    )
    paper = driver.js(web, "getComputedStyle(document.querySelector('.wp-area')).getPropertyValue('--wp-paper').trim()")
    legend = driver.js(web, "Array.from(document.querySelectorAll('.wp-area .wp-part')).map(function(n){return [n.textContent, getComputedStyle(n).color];})")
    found = addon_module("components").components(char, script)
    return {
        "pixels": [p[:3] for p in pixels],
        "palette": palette,
        "paper": paper,
        "legend": legend,
        "components": [list(p.strokes) for p in found.parts],
        "names": list(found.components),
    }


def add_mature_writing_cards(driver, deck_name: str, targets: list[str]) -> None:
    """Writing cards the learner can write (interval 30 days, last answered Good), not due."""
    col = driver.mw.col
    nt = col.models.get(addon_module("notetype").ensure(col).id)
    deck_id = col.decks.id(deck_name)
    for target in targets:
        note = col.new_note(nt)
        note["Target"], note["Script"], note["Meaning"] = target, "ja", "known"
        col.add_note(note, deck_id)
        cid = note.cards()[0].id
        col.db.execute("update cards set type = 2, queue = 2, ivl = 30, due = ? where id = ?", col.sched.today + 100, cid)
        col.db.execute(
            "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?, ?, -1, 3, 30, 12, 2500, 6000, 1)",
            int(time.time() * 1000) - 86_400_000, cid,
        )


CASES = {
    # case: (words on the deck, how the card is written, key pressed on the answer side, options)
    # options: mode (the deck's mode), auto_answer (seconds; no key is pressed)
    "clean": ([("語", "ja")], _case_clean, " ", {}),
    "two_misses": ([("語", "ja")], _case_two_misses, " ", {}),
    "two_misses_enter": ([("語", "ja")], _case_two_misses, "Return", {}),
    "reveal": ([("書", "ja")], _case_reveal, " ", {}),
    "override_easy": ([("語", "ja")], _case_clean, "4", {}),
    "override_again": ([("語", "ja")], _case_clean, "1", {}),
    "word": ([("学生", "ja")], _case_clean, " ", {}),
    "chinese": ([("我", "zh-Hans")], _case_clean, " ", {}),
    "traditional": ([("愛", "zh-Hant")], _case_clean, " ", {}),
    "no_data": ([("𠮷", "ja")], _case_no_data, " ", {}),
    "hint_key": ([("語", "ja")], _case_hint_key, " ", {}),
    "component_hint": ([("語", "ja")], _case_component_hint, " ", {"known": ["口"], "colours": True}),
    "single_part_hint": ([("生", "ja")], _case_single_part_hint, " ", {}),
    "colours_zh": ([("谢", "zh-Hans")], _case_clean, " ", {"colours": True}),
    "colours_night": ([("明", "ja")], _case_clean, " ", {"colours": True, "night": True}),
    "keys_undo_clear": ([("語", "ja")], _case_keys_undo_clear, " ", {}),
    "rerender": ([("語", "ja")], _case_rerender, " ", {}),
    "free": ([("語", "ja")], _case_free, " ", {"mode": "free"}),
    "free_swapped": ([("語", "ja")], _case_free_swapped, " ", {"mode": "free"}),
    "auto_answer": ([("語", "ja")], _case_clean, None, {"auto_answer": 1}),
}


FILLER = ("一", "ja")


def press_key(driver, key: str) -> None:
    """A key the page handles itself (Anki has no shortcut on it), as the keyboard delivers it."""
    driver.js(driver.mw.reviewer.web, f"document.dispatchEvent(new KeyboardEvent('keydown', {{key: {json.dumps(key)}, bubbles: true}})) || true")


def run(driver) -> dict[str, Any]:
    case, scheduler = (list(driver.args) + ["clean", "sm2"][len(driver.args) :])[:2]
    words, write, answer_key, options = CASES[case]
    mw = driver.mw
    saved_config = mw.addonManager.getConfig("write_practice")
    try:
        if options:
            config = dict(saved_config or {})
            deck = f"WP e2e {case}"
            if "mode" in options:
                config["deck_modes"] = {deck: options["mode"]}
            if "auto_answer" in options:
                config["auto_answer_seconds"] = options["auto_answer"]
            mw.addonManager.writeConfig("write_practice", config)
        if options.get("known"):
            add_mature_writing_cards(driver, f"WP e2e {case} known", options["known"])
        if options.get("night"):
            from aqt.theme import Theme

            mw.set_theme(Theme.DARK)
        result = _review_one(driver, case, scheduler, words, write, answer_key, options)
    finally:
        mw.addonManager.writeConfig("write_practice", saved_config)
        if options.get("night"):
            from aqt.theme import Theme

            mw.set_theme(Theme.LIGHT)
    return result


def _review_one(driver, case, scheduler, words, write, answer_key, options=None) -> dict[str, Any]:
    mw = driver.mw
    # A second card keeps the reviewer open after the answer: the overview that would follow the
    # last card loads its "congratulations" data by fetch, and Anki alerts "Failed to fetch" when
    # the next case replaces that page mid-load (a person never switches pages that fast).
    setup_deck(driver, f"WP e2e {case}", words + [FILLER], fsrs=scheduler == "fsrs")
    open_review(driver)
    card_id = mw.reviewer.card.id
    question = inspect(driver)[0]
    chars = [(ch, script) for target, script in words[:1] for ch in target]
    extra = write(driver, chars) or {}
    wait_answer(driver)
    panel = answer_panel(driver)
    if (options or {}).get("colours"):
        extra["colours"] = reference_colours(driver, *chars[0])
    buttons = bottom_buttons(driver)
    reviewer_mod = addon_module("gui.reviewer")
    suggestion = reviewer_mod.suggestion_for(mw.reviewer.card)
    before = time.monotonic()
    if answer_key is not None:
        shortcut(driver, answer_key)
    eases = wait_answered(driver, card_id)
    return {
        "case": case,
        "scheduler": scheduler,
        "fsrs": bool(mw.col.get_config("fsrs", False)),
        "question": question,
        "panel": panel,
        "suggested": suggestion.as_dict() if suggestion else None,
        "suggested_button": suggested_button(buttons),
        "eases": eases,
        "answer_seconds": time.monotonic() - before,
        **extra,
    }


def suggested_button(buttons_html: str) -> int | None:
    """The ease whose button the add-on marked in the bottom bar's HTML."""
    import re

    found = re.search(r'button\[data-ease="(\d)"\]\{box-shadow', buttons_html)
    return int(found.group(1)) if found else None


def converted(driver) -> dict[str, Any]:
    """The issue's path: a recognition deck converted by the add-on's own conversion, then its
    first writing card written cleanly in the reviewer and answered with Space."""
    import demo_deck  # tools/: the demo's sample recognition decks

    mw = driver.mw
    demo_deck.seed(mw.col)
    result = addon_module("convert").convert_deck(mw.col, demo_deck.JA_DECK)
    writing_decks = [d for d in mw.col.decks.all_names_and_ids() if d.name.startswith(demo_deck.JA_DECK + "::")]
    assert writing_decks, "the conversion made no writing deck"
    mw.col.decks.select(writing_decks[0].id)
    open_review(driver)
    note = mw.reviewer.card.note()
    target, script = note["Target"], note["Script"]
    card_id = mw.reviewer.card.id
    write_clean(driver, [(ch, script) for ch in target])
    wait_answer(driver)
    suggestion = addon_module("gui.reviewer").suggestion_for(mw.reviewer.card)
    shortcut(driver, " ")
    return {"added": result.added, "target": target, "script": script,
            "suggested": suggestion.as_dict() if suggestion else None, "eases": wait_answered(driver, card_id)}


def run_all(driver) -> dict[str, Any]:
    """Every case in one Anki (args: [scheduler, case, ...]); one case failing does not hide the rest."""
    import traceback

    from aqt.qt import QTimer

    scheduler, *cases = driver.args or ["sm2"]
    results = {}
    # A dialog opened with exec() inside an event handler blocks the driver without a time-out;
    # this timer still fires in that dialog's loop: it records and closes it, and the case fails.
    blocked: list[str] = []

    def close_blocking_dialog() -> None:
        modal = driver.app.activeModalWidget()
        if modal is not None and not getattr(modal, "_harness_allowed", False):
            text = getattr(modal, "text", None)
            blocked.append(f"{modal.windowTitle()!r}: {text() if callable(text) else ''} (in state {driver.mw.state}/{driver.mw.reviewer.state})")
            modal.close()

    watchdog = QTimer()
    watchdog.timeout.connect(close_blocking_dialog)
    watchdog.start(2_000)
    for case in cases or list(CASES):
        print(f"review_e2e: case {case} ({scheduler})", flush=True)  # in the output: where a hang was
        driver.args = [case, scheduler]
        try:
            results[case] = run(driver)
        except Exception as exc:
            results[case] = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
            driver.mw.moveToState("deckBrowser")
            driver.pump(0.5)
        if blocked:
            results[case]["blocking_dialogs"] = blocked[:]
            blocked.clear()
    watchdog.stop()
    return {"cases": results}
