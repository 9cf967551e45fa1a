"""The writing-gap report in real Anki, and the collection it is shown on.

    build_history(col)   vocabulary decks and writing cards with a crafted review history
                         (review-log rows over five months), and three stored self-tests;
                         also used by tests/test_gap_report.py outside Anki
    report(driver)       opens Tools → Write Practice → Writing gap…, compares what the page
                         shows with writing.gap on the same collection (whole collection, a deck),
                         a bad search, night mode
    add_top(driver)      "Add writing cards for the top N", then one undo
    screenshot(driver)   the window for the README: driver.args[0] is the PNG path (a night-mode
                         copy goes beside it with "-night" before the suffix)
"""

from __future__ import annotations

import importlib
import itertools
import json
import random
import time
from datetime import date
from pathlib import Path

from anki.collection import AddNoteRequest, Collection
from anki_harness import find_action
from collection_fixtures import recognition_notetype

_find_action = find_action  # the self-test scenario reaches it through this module

JA_DECK = "Japanese Core"
ZH_DECK = "Chinese HSK"
WRITING_DECK = JA_DECK + "::Writing"
DAY_S = 86400
# Intervals a card is given at successive correct reviews (days): the fourth crosses 21.
INTERVALS = (1, 3, 8, 20, 45, 100, 220)

# (word, reading, meaning, days since the first review, lapses: how many times answered Again)
JA_WORDS = [
    ("日本", "にほん", "Japan", 150, 0),
    ("日本語", "にほんご", "Japanese language", 148, 0),
    ("日本人", "にほんじん", "Japanese person", 140, 0),
    ("今日", "きょう", "today", 145, 0),
    ("毎日", "まいにち", "every day", 130, 1),
    ("学生", "がくせい", "student", 138, 0),
    ("先生", "せんせい", "teacher", 136, 0),
    ("学校", "がっこう", "school", 120, 0),
    ("大学", "だいがく", "university", 110, 0),
    ("大きい", "おおきい", "big", 128, 0),
    ("人", "ひと", "person", 150, 0),
    ("中国", "ちゅうごく", "China", 100, 0),
    ("中国語", "ちゅうごくご", "Chinese language", 95, 1),
    ("水", "みず", "water", 90, 0),
    ("水曜日", "すいようび", "Wednesday", 85, 0),
    ("時間", "じかん", "time", 80, 0),
    ("電話", "でんわ", "telephone", 76, 0),
    ("電車", "でんしゃ", "train", 70, 0),
    ("新聞", "しんぶん", "newspaper", 66, 0),
    ("勉強", "べんきょう", "study", 62, 0),
    ("食べる", "たべる", "to eat", 58, 0),
    ("飲む", "のむ", "to drink", 55, 1),
    ("見る", "みる", "to see", 50, 0),
    ("会社", "かいしゃ", "company", 46, 0),
    ("会社員", "かいしゃいん", "office worker", 44, 0),
    ("名前", "なまえ", "name", 40, 0),
    ("天気", "てんき", "weather", 36, 0),
    ("元気", "げんき", "healthy", 30, 0),
    ("雨", "あめ", "rain", 20, 0),  # too recent to be known (interval < 21)
    ("山", "やま", "mountain", 100, 0),
    ("ひらがな", "ひらがな", "hiragana", 120, 0),  # kana only: counts no character
]
ZH_WORDS = [
    ("你好", "nǐ hǎo", "hello", 120, 0),
    ("谢谢", "xièxie", "thanks", 110, 0),
    ("学习", "xuéxí", "to study", 100, 0),
    ("中文", "zhōngwén", "Chinese", 90, 0),
    ("朋友", "péngyou", "friend", 80, 0),
    ("电话", "diànhuà", "telephone", 60, 0),
]
# Writing cards (target, days since the first review, last answer): 日 本 人 大 and the word 先生
# are mature and last answered Good; 学 is mature but last answered Again; 山 is young.
WRITING = [
    ("日", 120, 3),
    ("本", 110, 3),
    ("人", 100, 3),
    ("大", 90, 3),
    ("先生", 80, 3),
    ("学", 75, 1),
    ("山", 8, 3),
]
# (days ago, the ten characters asked, those written correctly): 4 of 10, 6 of 10, 7 of 10
SELF_TESTS = [(60, "日本人大学生時間電話", "日本人大"), (30, "日本人大先生会社名前", "日本人大先生"), (4, "日本人大先生学校中国", "日本人大先生学")]


def addon(name: str):
    """The add-on's module: inside Anki the package is write_practice; in pytest, the repo root."""
    try:
        return importlib.import_module(f"write_practice.writing.{name}")
    except ModuleNotFoundError:
        return importlib.import_module(f"writing.{name}")


def _vocab_notetype(col: Collection) -> dict:
    return recognition_notetype(col, "Vocabulary", ["Expression", "Reading", "Meaning"])


def _review(col: Collection, card_id: int, first_day: int, lapses: int, last_ease: int, now: float, rng: random.Random, tick: itertools.count) -> int:
    """Review-log rows for a card first reviewed `first_day` days ago, reviewed again each time
    its interval came due (answered Again `lapses` times along the way, and `last_ease` at the
    last review); the card gets the interval of its last row. Returns that interval. `tick` makes
    the review-log ids (milliseconds) of reviews on the same day unique."""
    rows = []
    day = first_day
    step = 0
    last_ivl = 0
    again_at = set(rng.sample(range(2, 5), lapses))
    review_count = 0
    while day >= 0:
        review_count += 1
        next_day = day - INTERVALS[step]
        is_last = next_day < 0
        ease = last_ease if is_last else (1 if review_count in again_at else 3)
        if ease == 1:
            step = 0
            ivl = 1
        else:
            ivl = INTERVALS[step]
            step = min(step + 1, len(INTERVALS) - 1)
        when_ms = int((now - day * DAY_S) * 1000) + next(tick)
        rows.append((when_ms, card_id, ease, ivl, last_ivl))
        last_ivl = ivl
        day = day - ivl
    col.db.executemany(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?, ?, -1, ?, ?, ?, 2500, 6000, 1)", rows
    )
    col.db.execute("update cards set type = 2, queue = 2, ivl = ?, due = ? where id = ?", last_ivl, col.sched.today + last_ivl, card_id)
    return last_ivl


def _add(col: Collection, nt: dict, deck: str, fields: list[str]) -> tuple[int, int]:
    note = col.new_note(nt)
    for i, value in enumerate(fields):
        note.fields[i] = value
    col.add_notes([AddNoteRequest(note, col.decks.id(deck, create=True))])
    return note.id, col.db.scalar("select id from cards where nid = ?", note.id)


def build_history(col: Collection) -> dict:
    """The report's test collection. Returns {deck: [note ids]} and the writing note ids."""
    rng = random.Random(7)
    tick = itertools.count()
    now = time.time()
    nt = _vocab_notetype(col)
    made: dict = {}
    for deck, words in ((JA_DECK, JA_WORDS), (ZH_DECK, ZH_WORDS)):
        ids = made[deck] = []
        for word, reading, meaning, first_day, lapses in words:
            nid, cid = _add(col, nt, deck, [word, reading, meaning])
            _review(col, cid, first_day, lapses, 3, now, rng, tick)
            ids.append(nid)
    writing_nt = col.models.get(addon("notetype").ensure(col).id)
    made["writing"] = []
    for target, first_day, last_ease in WRITING:
        nid, cid = _add(col, writing_nt, WRITING_DECK, [target, "meaning", "reading", "", "ja", "", ""])
        _review(col, cid, first_day, 0, last_ease, now, rng, tick)
        made["writing"].append(nid)
    gap = addon("gap")
    for days_ago, chars, recalled in SELF_TESTS:
        gap.record_self_test(col, chars, recalled, when=int(now - days_ago * DAY_S))
    return made


# ------------------------------------------------------------------ in real Anki


def _setup(driver):
    mw = driver.mw
    made = build_history(mw.col)
    mw.reset()
    driver.pump(0.3)
    return made


def open_from_tools_menu(driver):
    window_module = addon("gui.gap_report")
    action = find_action(driver.mw.form.menuTools, "Writing gap…")
    assert action is not None, "Tools → Write Practice → Writing gap… exists"
    action.trigger()
    window = driver.wait_until(lambda: window_module._window, what="the report window")
    wait_loaded(driver, window)
    return window


def wait_loaded(driver, window, timeout: float = 60) -> None:
    driver.wait_until(lambda: not window.loading, timeout, "the report to load")
    # the page applies the data when its JS has run: wait for the numbers
    driver.wait_until(lambda: not driver.js(window.web, "document.getElementById('gap-report').classList.contains('loading')"), 20, "page render")
    driver.pump(0.2)


PAGE_STATE_JS = """{
  recognised: document.getElementById('gap-recognised').textContent,
  writable: document.getElementById('gap-writable').textContent,
  missing: document.getElementById('gap-missing').textContent,
  chars: Array.from(document.querySelectorAll('#gap-list .gap-char')).map(b => b.dataset.char),
  carded: Array.from(document.querySelectorAll('#gap-list .gap-carded')).map(b => b.dataset.char),
  next: Array.from(document.querySelectorAll('#gap-list .gap-next')).map(b => b.dataset.char),
  chartLines: document.querySelectorAll('#gap-chart path.gap-line').length,
  chartLegend: Array.from(document.querySelectorAll('#gap-chart .gap-legend-text')).map(t => t.textContent),
  selfTestLabels: Array.from(document.querySelectorAll('#gap-self-tests .gap-point-label')).map(t => t.textContent),
  chartDates: Array.from(document.querySelectorAll('#gap-chart .gap-date')).map(t => t.textContent),
  selfTestDates: Array.from(document.querySelectorAll('#gap-self-tests .gap-date')).map(t => t.textContent),
  error: document.getElementById('gap-error').hidden ? null : document.getElementById('gap-error').textContent,
  nightClass: document.documentElement.classList.contains('night-mode'),
  background: getComputedStyle(document.body).backgroundColor,
  color: getComputedStyle(document.getElementById('gap-report')).color,
  scripts: Array.from(document.querySelectorAll('script[src]')).map(s => s.src),
  externalImages: document.querySelectorAll('img, link[href^="http"]:not([href*="127.0.0.1"])').length
}"""


def page_state(driver, window) -> dict:
    return driver.js(window.web, PAGE_STATE_JS)


def expected(col, search: str) -> dict:
    report = addon("gap").writing_gap(col, search)
    return {"recognised": len(report.recognised), "writable": len(report.writable), "not_writable": list(report.not_writable)}


def report(driver) -> dict:
    from aqt.theme import Theme

    mw = driver.mw
    empty_window = open_from_tools_menu(driver)  # a new profile: nothing reviewed yet
    result: dict = {"empty": page_state(driver, empty_window), "empty_add_enabled": empty_window.add_button.isEnabled()}
    result["empty"]["texts"] = driver.js(empty_window.web, "Array.from(document.querySelectorAll('.gap-empty')).map(p => p.textContent)")
    empty_window.reject()
    driver.pump(0.3)
    _setup(driver)
    window = open_from_tools_menu(driver)
    result["modal"] = window.isModal()
    result["whole"] = {"page": page_state(driver, window), "expected": expected(mw.col, ""), "series_days": len(window.view.series.days)}

    window.deck_combo.setCurrentIndex(window.deck_combo.findData(JA_DECK))
    wait_loaded(driver, window)
    result["deck"] = {"search": window.view.search, "page": page_state(driver, window), "expected": expected(mw.col, window.view.search)}

    window.top_spin.setValue(3)
    driver.pump(0.3)
    result["next_after_spin"] = page_state(driver, window)["next"]

    window.search_edit.setText('deck:"unbalanced')
    window.search_radio.setChecked(True)
    driver.wait_until(lambda: not window.loading, 30, "the bad search")
    driver.pump(0.3)
    result["bad_search"] = {"status": window.status.text(), "page": page_state(driver, window), "add_enabled": window.add_button.isEnabled()}

    window.search_edit.setText("")
    window.search_edit.returnPressed.emit()
    wait_loaded(driver, window)
    result["after_bad_search"] = page_state(driver, window)

    mw.set_theme(Theme.DARK)
    driver.pump(0.8)
    result["night"] = page_state(driver, window)
    mw.set_theme(Theme.LIGHT)
    driver.pump(0.8)
    result["light"] = page_state(driver, window)

    # A learner with one day of history and one self-test: the same page data, shortened.
    data = addon("gap_report").page_data(window.view, 20, date.today())
    data["series"] = {key: values[-1:] for key, values in data["series"].items()}
    data["selfTests"] = data["selfTests"][-1:]
    window.web.eval(f"WritePracticeGap.render({json.dumps(data)})")
    driver.pump(0.3)
    result["short_history"] = page_state(driver, window)

    first = result["whole"]["expected"]["not_writable"][0]
    driver.js(window.web, "document.querySelector('#gap-list .gap-char').click() || true")  # its "wp:" browse message
    browser = driver.wait_until(lambda: _open_browser(), what="the Browser")
    driver.pump(0.5)
    result["browse"] = {"char": first, "search": browser.current_search(), "rows": browser.table.len()}
    browser.close()
    window.reject()
    driver.pump(0.5)
    result["closed"] = addon("gui.gap_report")._window is None

    from aqt import gui_hooks

    open_from_tools_menu(driver)
    gui_hooks.profile_will_close()  # what Anki runs before it closes the collection (profile switch, sync)
    driver.pump(0.3)
    result["closed_with_profile"] = addon("gui.gap_report")._window is None
    return result


def _open_browser():
    import aqt

    instance = aqt.dialogs._dialogs["Browser"][1]
    return instance if instance is not None and instance.isVisible() else None


def writing_targets(col) -> list[str]:
    nt_id = col.get_config("writePracticeNotetypeId")
    return sorted(col.get_note(i)["Target"] for i in col.find_notes(f"mid:{nt_id}"))


def add_top(driver) -> dict:
    mw = driver.mw
    made = _setup(driver)
    col = mw.col
    window = open_from_tools_menu(driver)
    window.deck_combo.setCurrentIndex(window.deck_combo.findData(JA_DECK))
    wait_loaded(driver, window)
    before = {
        "targets": writing_targets(col),
        "cards": col.card_count(),
        "not_writable": list(window.view.report.not_writable),
        "carded": sorted(window.view.carded),
        "sources": col.db.all(f"select id, mod, flds, tags from notes where id in ({','.join(map(str, made[JA_DECK]))}) order by id"),
    }
    window.top_spin.setValue(5)
    window.add_button.click()
    driver.wait_until(lambda: window.last_added is not None, 60, "adding cards")
    wait_loaded(driver, window)
    added = window.last_added
    new_notes = [col.get_note(i) for i in added.note_ids]
    after = {
        "chars": list(added.chars),
        "passed_over": list(added.already_carded),
        "targets": [n["Target"] for n in new_notes],
        "contexts": {n["Target"]: n["Context"] for n in new_notes},
        "decks": sorted({col.decks.name(c.did) for n in new_notes for c in n.cards()}),
        "cards": col.card_count(),
        "undo_label": col.undo_status().undo,
        "status": window.status.text(),
        "page_next": page_state(driver, window)["next"],
        "expected_now": expected(col, window.view.search),
        "page_now": page_state(driver, window),
    }
    mw.undo()
    driver.wait_until(lambda: col.card_count() == before["cards"], 30, "undo")
    driver.pump(0.3)
    stale = window.stale
    window.refresh_button.click()
    wait_loaded(driver, window)
    undone = {
        "targets": writing_targets(col),
        "cards": col.card_count(),
        "stale_after_undo": stale,
        "not_writable": list(window.view.report.not_writable),
        "sources": col.db.all(f"select id, mod, flds, tags from notes where id in ({','.join(map(str, made[JA_DECK]))}) order by id"),
        "redo_label": col.undo_status().redo,
    }
    window.reject()
    driver.pump(0.3)
    return {"before": before, "after": after, "undone": undone}


def screenshot(driver) -> dict:
    """The report window on the test collection, for the README."""
    from aqt.theme import Theme

    path = Path(driver.args[0]) if driver.args else Path(driver.mw.pm.base) / "gap_report.png"
    _setup(driver)
    window = open_from_tools_menu(driver)
    window.resize(920, 1010)
    wait_loaded(driver, window)
    window.web.eval("WritePracticeGap.render && window.dispatchEvent(new Event('resize'))")
    driver.pump(0.8)
    shots = [driver.screenshot(window, path)]
    driver.mw.set_theme(Theme.DARK)
    driver.pump(1.0)
    shots.append(driver.screenshot(window, path.with_name(path.stem + "-night" + path.suffix)))
    driver.mw.set_theme(Theme.LIGHT)
    window.reject()
    driver.pump(0.3)
    return {"gap_report_screenshots": shots}
