"""Scenarios: the review hooks under hostile input, outside the reviewer, and with hostile fields.

Run by tests/test_review_gui.py in real Anki (offscreen).
"""

from __future__ import annotations

import hashlib
import json
import random
from typing import Any

import review_e2e as e

FUZZ_COUNT = 2000


def collection_fingerprint(col) -> dict[str, Any]:
    """What must not change: cards, notes, review log, note types, decks (and the mod time)."""
    digest = {}
    for table in ("cards", "notes", "revlog", "notetypes", "decks", "deck_config"):
        rows = col.db.all(f"select * from {table} order by 1")
        digest[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    digest["mod"] = col.db.scalar("select mod from col")
    return digest


def hostile_messages(rng: random.Random, card_id: int, ref_points) -> list[str]:
    """Random and crafted messages as a broken or hostile page could send them."""
    shapes = [
        lambda: "wp:",
        lambda: "wp:" + "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(1, 60))),
        lambda: "wp:" + json.dumps(rng.choice([None, 1, "x", [], [1, 2], {"type": "start"}])),
        lambda: "wp:" + "[" * 3000 + "]" * 3000,
        lambda: "wp:" + json.dumps({"type": "stroke", "card": card_id, "char": 0, "points": [[0.5, 0.5]] * 4001}),
        lambda: "wp:" + json.dumps({"type": "stroke", "card": card_id, "char": 0, "points": [[0.1, 0.1]]})[:-3] + "NaN]]}",
        lambda: "wp:" + json.dumps({"type": "stroke", "card": card_id + 1, "char": 0, "points": ref_points}),
        lambda: "wp:" + json.dumps({"type": "start", "card": card_id, "side": "answer"}),
        lambda: "wp:" + json.dumps({"type": rng.choice(["eval", "answer", "ease", "rate"]), "card": card_id, "char": 0}),
        lambda: "wp:" + json.dumps({"type": "stroke", "card": card_id, "char": rng.choice([1, 15, 16, -1]), "points": ref_points}),
        lambda: "wp:" + json.dumps({"type": "stroke", "card": card_id, "char": 0, "points": [[rng.uniform(-9, 9), rng.uniform(-9, 9)] for _ in range(rng.randrange(1, 30))]}),
        lambda: "wp:" + json.dumps({"type": "stroke", "card": card_id, "char": 0, "points": ref_points, "rating": 4}),
        lambda: "wp:" + json.dumps({"type": rng.choice(["undo", "clear", "check"]), "card": str(card_id), "char": 0}),
        lambda: "wp:" + json.dumps({"type": "start", "card": True, "side": "question"}),
        lambda: "wp:" + "x" * 250_000 if rng.random() < 0.05 else "wp:{}",
    ]
    return [rng.choice(shapes)() for _ in range(FUZZ_COUNT)]


FUZZ_JS = """
(function (messages) {
  window.__wpFuzz = {sent: messages.length, replies: []};
  messages.forEach(function (m) {
    pycmd(m, function (reply) { window.__wpFuzz.replies.push(reply); });
  });
  return true;
})(%s)
"""


def fuzz(driver) -> dict[str, Any]:
    from aqt import gui_hooks

    mw = driver.mw
    e.setup_deck(driver, "WP fuzz", [("語", "ja")])
    e.open_review(driver)
    card_id = mw.reviewer.card.id
    messages_mod = e.addon_module("gui.messages")
    before = collection_fingerprint(mw.col)
    messages = hostile_messages(random.Random(5), card_id, e.densify(e.reference("語", "ja")[0]))
    for start in range(0, len(messages), 200):  # in batches: one eval per batch
        driver.js(mw.reviewer.web, FUZZ_JS % json.dumps(messages[start : start + 200]))
        driver.wait_until(
            lambda: driver.js(mw.reviewer.web, "window.__wpFuzz.replies.length === window.__wpFuzz.sent"), 60, "fuzz replies"
        )
        replies = driver.js(mw.reviewer.web, "window.__wpFuzz.replies")
        assert all(isinstance(r, dict) and "ok" in r for r in replies), replies[:5]
    # the other contexts: the same well-formed message from outside the reviewer
    start = "wp:" + json.dumps({"type": "start", "card": card_id, "side": "question"})
    outside = [gui_hooks.webview_did_receive_js_message((False, None), start, ctx) for ctx in (mw.deckBrowser, mw.overview, None, object())]
    untouched = gui_hooks.webview_did_receive_js_message((False, None), "ease3", mw.reviewer)
    after = collection_fingerprint(mw.col)
    hook_still_registered = messages_mod.on_js_message in gui_hooks.webview_did_receive_js_message._hooks
    # the page still works: clear whatever the fuzz drew and write the character
    e.click(driver, "clear")
    e.wait_page(driver, lambda a: a[0]["pending"] == 0, "clear")
    e.write_clean(driver, [("語", "ja")])
    e.wait_answer(driver)
    return {
        "sent": len(messages),
        "unchanged": before == after,
        "before": before,
        "after": after,
        "outside": [list(x) for x in outside],
        "not_ours_untouched": list(untouched),
        "hook_still_registered": hook_still_registered,
        "answer_shown": mw.reviewer.state == "answer",
    }


def other_contexts(driver) -> dict[str, Any]:
    """The Previewer and the Card Layout screen render the card self-graded and never grade."""
    from aqt.browser.previewer import Previewer
    from aqt.clayout import CardLayout

    mw = driver.mw
    deck_id = e.setup_deck(driver, "WP contexts", [("語", "ja")])
    card = mw.col.get_card(mw.col.find_cards(f"did:{deck_id}")[0])
    before = e.addon_module("gui.reviewer")._store.__len__()
    revlog_before = mw.col.db.scalar("select count() from revlog")

    class OneCardPreviewer(Previewer):
        def card(self):
            return card

        def card_changed(self):
            return False

    previewer = OneCardPreviewer(None, mw, lambda: None)
    previewer.open()
    driver.wait_until(lambda: previewer._web is not None and previewer._web._domDone, 20, "previewer page")

    def areas_in(web):
        box: dict[str, Any] = {}

        def check():
            box["v"] = driver.js(web, "window.WritePractice ? WritePractice.inspect() : []")
            return box["v"]

        driver.wait_until(check, 20, "writing area in preview")
        return box["v"]

    preview_areas = areas_in(previewer._web)
    start = json.dumps("wp:" + json.dumps({"type": "start", "card": card.id, "side": "question"}))
    driver.js(previewer._web, f"(pycmd({start}, function (r) {{ window.__wpReply = r; }}), true)")
    driver.wait_until(lambda: driver.js(previewer._web, "window.__wpReply || null"), 10, "previewer reply")
    preview_reply = driver.js(previewer._web, "window.__wpReply")
    previewer.close()

    layout = CardLayout(mw, card.note(), ord=0, parent=mw)
    layout._harness_allowed = True  # it is modal by design; closed below
    driver.wait_until(lambda: layout.preview_web._domDone, 20, "card layout page")
    layout_areas = areas_in(layout.preview_web)
    layout.reject()
    driver.pump(0.3)
    return {
        "preview_areas": preview_areas,
        "preview_reply": preview_reply,
        "layout_areas": layout_areas,
        "sessions_opened": e.addon_module("gui.reviewer")._store.__len__() - before,
        "revlog_added": mw.col.db.scalar("select count() from revlog") - revlog_before,
    }


HOSTILE_FIELDS = {
    "Target": '<span style="color: red">語</span>&nbsp;',
    "Meaning": 'a "quoted" meaning</script><i>and HTML</i> ' + "long " * 4000,
    "Reading": "</script>\"'<>&amp; </div></span>",
    "Context": "\u2028\u2029 line separators and `backticks` ${template} </div></div>",
    "Notes": "x" * 100_000,
}


def hostile_fields(driver) -> dict[str, Any]:
    """A note whose fields carry quotes, </script>, HTML and very long text still reviews."""
    mw = driver.mw
    deck_id = e.setup_deck(driver, "WP hostile", [])
    notetype = e.addon_module("notetype")
    note = mw.col.new_note(mw.col.models.get(notetype.find(mw.col)["id"]))
    for name, value in HOSTILE_FIELDS.items():
        note[name] = value
    note["Script"] = "ja"
    mw.col.add_note(note, deck_id)
    e.open_review(driver)
    question = e.inspect(driver)[0]
    host = driver.js(mw.reviewer.web, "JSON.parse(document.querySelector('script.wp-host').textContent)")
    e.write_clean(driver, [("語", "ja")])
    e.wait_answer(driver)
    panel = e.answer_panel(driver)
    suggestion = e.addon_module("gui.reviewer").suggestion_for(mw.reviewer.card)
    return {"question": question, "host": host, "panel": panel, "suggested": suggestion.as_dict() if suggestion else None}


def markup_in_text_fields(driver) -> dict[str, Any]:
    """Target and Script go into the template through {{text:...}}, which decodes entities: text
    that spells markup must stay text (no attribute, no element, no script)."""
    mw = driver.mw
    deck_id = e.setup_deck(driver, "WP markup", [])
    notetype = e.addon_module("notetype")
    note = mw.col.new_note(mw.col.models.get(notetype.find(mw.col)["id"]))
    note["Target"] = '語&lt;img src=x data-wp-injected="target" onerror="window.__wpPwned=1"&gt;'
    note["Script"] = 'ja" data-wp-injected="script'
    note["Meaning"] = "markup"
    mw.col.add_note(note, deck_id)
    e.open_review(driver)
    driver.pump(0.5)
    return driver.js(
        mw.reviewer.web,
        """({injected: Array.from(document.querySelectorAll('[data-wp-injected]')).map(function (n) { return n.tagName + ':' + n.getAttribute('data-wp-injected'); }),
             pwned: window.__wpPwned || null,
             areas: WritePractice.inspect()})""",
    )
