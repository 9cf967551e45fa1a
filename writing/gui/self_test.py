"""Tools → Write Practice → Test my writing…: the window of writing/self_test.py (which chooses
the ten characters and grades them in free mode). The result ("7 of 10") is stored with
writing.gap.record_self_test as a CollectionOp, so the gap report shows it over time. No card,
note or review is touched.

The writing area is the card's own (web/write_practice.js, mounted with a host object for each
question); its "wp:" messages, validated by writing/gui/messages.py as the card's are, come to
this window, and each question is a `review.ReviewSession` in free mode. The page's own "wp:"
message is "again" (test again); "ans" (sent by the writing area when checked, as on a card) and
"close" are plain commands. The window is not modal.
"""

from __future__ import annotations

import json
from typing import Any

from anki.collection import Collection
from aqt import gui_hooks
from aqt.operations import CollectionOp, QueryOp
from aqt.qt import QDialog, QVBoxLayout, qconnect
from aqt.utils import restoreGeom, saveGeom, tooltip
from aqt.webview import AnkiWebView

from .. import gap, media, review
from ..self_test import Question, SelfTestRun, prepare_questions
from . import messages, state

log = state.log

WINDOW_TITLE = "Test my writing"
GEOMETRY_KEY = "writePracticeSelfTest"
_window: SelfTestWindow | None = None


def open_window(mw) -> SelfTestWindow:
    """Show the self-test (one at a time: a second menu click raises the open one)."""
    global _window
    if _window is None:
        _window = SelfTestWindow(mw)
    _window.show()
    _window.raise_()
    _window.activateWindow()
    return _window


# ------------------------------------------------------------------ the page

_PAGE_CSS = """
body { margin: 0; }
#wpst { max-width: 560px; margin: 0 auto; padding: 12px 16px; text-align: center; }
#wpst-progress { color: var(--fg-subtle, #888); font-size: 0.9em; }
#wpst-meaning { font-size: 1.35em; margin: 0.4em 0 0.1em; }
#wpst-reading { font-size: 1.1em; color: var(--fg-subtle, #777); }
#wpst-context { font-size: 1.3em; margin: 0.3em 0; }
#wpst-context .wp-blank { color: var(--fg-subtle, #888); }
#wpst-keys { font-size: 0.85em; color: var(--fg-subtle, #888); margin-top: 0.4em; }
#wpst-result h1 { font-size: 2.2em; margin: 0.4em 0 0.2em; }
#wpst-result table { margin: 0.6em auto; border-collapse: collapse; }
#wpst-result td { padding: 3px 10px; text-align: left; }
#wpst-result .wpst-char { font-size: 1.6em; }
#wpst-result .wpst-ok { color: var(--state-new, #2a9d74); font-weight: bold; }
#wpst-result .wpst-miss { color: var(--state-learn, #d33); font-weight: bold; }
#wpst-result button { margin: 0 6px; padding: 4px 14px; }
#wpst-note { margin: 1em; }
"""

_PAGE_HTML = """
<main id="wpst">
  <div id="wpst-note">Choosing characters…</div>
  <section id="wpst-question" hidden>
    <div id="wpst-progress"></div>
    <div id="wpst-meaning"></div>
    <div id="wpst-reading"></div>
    <div id="wpst-context"></div>
    <div class="wp-target" hidden>＿</div>
    <div class="wp-script" hidden></div>
    <div id="wpst-slot"></div>
    <div id="wpst-keys">Write the character, then Check (C or Enter). Undo Z, Clear X, Esc closes.</div>
  </section>
  <section id="wpst-result" hidden></section>
</main>
"""

# The page's own part: show a question (mounting the card's writing area with a host object),
# the results, and the keys. The writing area itself is web/write_practice.js, unchanged.
_PAGE_JS = """
(function () {
  "use strict";
  if (window.WritePracticeSelfTest) return;
  function byId(id) { return document.getElementById(id); }
  function show(section) {
    ["wpst-note", "wpst-question", "wpst-result"].forEach(function (id) { byId(id).hidden = id !== section; });
  }
  var asking = false;
  var AGAIN = 'wp:{"type":"again"}';
  window.WritePracticeSelfTest = {
    ask: function (q) {
      byId("wpst-progress").textContent = q.number + " of " + q.total;
      byId("wpst-meaning").innerHTML = q.meaning;
      byId("wpst-reading").innerHTML = q.reading;
      byId("wpst-context").innerHTML = q.context;
      document.querySelector(".wp-script").textContent = q.script;
      var slot = byId("wpst-slot");
      slot.textContent = "";
      var area = slot.appendChild(document.createElement("div"));
      area.className = "wp-area";
      show("wpst-question");
      asking = true;
      window.WritePractice.mount(area, {
        side: "question",
        host: { v: 1, card: q.card, side: "question", graded: true, mode: "free", grid: q.grid },
      });
    },
    results: function (data) {
      asking = false;
      byId("wpst-slot").textContent = "";
      var box = byId("wpst-result");
      box.textContent = "";
      box.appendChild(document.createElement("h1")).textContent = data.summary;
      box.appendChild(document.createElement("div")).textContent = "characters written correctly from memory";
      var table = box.appendChild(document.createElement("table"));
      data.rows.forEach(function (row) {
        var tr = table.appendChild(document.createElement("tr"));
        var mark = tr.appendChild(document.createElement("td"));
        mark.className = row.ok ? "wpst-ok" : "wpst-miss";
        mark.textContent = row.ok ? "\\u2713" : "\\u2717";
        var ch = tr.appendChild(document.createElement("td"));
        ch.className = "wpst-char";
        ch.textContent = row.char;
        tr.appendChild(document.createElement("td")).textContent = row.word;
        tr.appendChild(document.createElement("td")).innerHTML = row.meaning;
      });
      var stored = box.appendChild(document.createElement("p"));
      stored.id = "wpst-stored";
      stored.textContent = data.stored || "Saving…";
      var buttons = box.appendChild(document.createElement("div"));
      [[AGAIN, "again", "Test again (Enter)"], ["close", "close", "Close (Esc)"]].forEach(function (spec) {
        var b = buttons.appendChild(document.createElement("button"));
        b.type = "button";
        b.textContent = spec[2];
        b.setAttribute("data-action", spec[1]);
        b.addEventListener("click", function () { pycmd(spec[0]); });
      });
      show("wpst-result");
    },
    stored: function (text) {
      var line = byId("wpst-stored");
      if (line) line.textContent = text;
    },
    note: function (text) {
      asking = false;
      byId("wpst-note").textContent = text;
      show("wpst-note");
    },
  };
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      pycmd("close");
    } else if (event.key === "Enter" && !event.repeat) {
      event.preventDefault();
      if (asking) {
        var check = document.querySelector(".wp-area [data-action=check]");
        if (check) check.click();
      } else if (!byId("wpst-result").hidden) {
        pycmd(AGAIN);
      }
    }
  });
})();
"""


def _page_html() -> str:
    card_css = (media.WEB_DIR / "write_practice.css").read_text(encoding="utf-8")
    card_js = media.card_script().decode("utf-8")  # the modules (web/wp_*.js) and the page
    # The card script first (it mounts nothing: the page has no .wp-area until a question).
    return f"<style>{card_css}{_PAGE_CSS}</style>\n{_PAGE_HTML}\n<script>{card_js}</script>\n<script>{_PAGE_JS}</script>"


# ------------------------------------------------------------------ the window


class SelfTestWindow(QDialog):
    def __init__(self, mw) -> None:
        super().__init__(mw)
        self.mw = mw
        self.config = state.current_config()
        self.run: SelfTestRun | None = None
        self.preparing = False
        self.saving = False
        self.closed = False
        self.last_saved: str | None = None
        self.setWindowTitle(WINDOW_TITLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.web = AnkiWebView(parent=self, title="write practice self-test")
        self.web.set_bridge_command(self._on_bridge, self)
        messages.register(self, {**{kind: self._on_message for kind in messages.WRITING_TYPES}, "again": self._on_again})
        self.web.stdHtml(_page_html(), css=[], js=[], context=self)
        layout.addWidget(self.web)
        restoreGeom(self, GEOMETRY_KEY, default_size=(600, 820))
        gui_hooks.profile_will_close.append(self.reject)  # the collection goes away
        qconnect(self.finished, self._on_finished)
        self.start()

    # ------------------------------------------------------------------ flow

    def start(self) -> None:
        """Pick new questions (in the background: it reads the whole collection)."""
        if self.preparing or self.saving:
            return
        self.preparing = True
        self.run = None
        cfg = self.config
        self.web.eval("window.WritePracticeSelfTest && WritePracticeSelfTest.note('Choosing characters…')")
        QueryOp(parent=self, op=lambda col: prepare_questions(col, cfg), success=self._prepared).failure(self._failed).with_progress(
            "Choosing characters…"
        ).run_in_background()

    def _prepared(self, questions: list[Question]) -> None:
        self.preparing = False
        if self.closed:
            self._release()
            return
        if not questions:
            self._page(
                "note",
                "Nothing to test yet: the self-test asks for characters in the words of notes whose cards have an "
                f"interval of {gap.MATURE_DAYS} days or more (and that have stroke data).",
            )
            return
        self.run = SelfTestRun(questions, self.config)
        self._ask()

    def _failed(self, exc: Exception) -> None:
        self.preparing = False
        log.exception("Write Practice: choosing self-test characters failed", exc_info=exc)
        if self.closed:
            self._release()
            return
        self._page("note", f"The self-test could not start ({type(exc).__name__}: {exc}). Details are in the add-on log.")

    def _ask(self) -> None:
        run = self.run
        assert run is not None and not run.finished
        q = run.current
        data = {**q.page_data(), "card": run.card_id, "number": run.index + 1, "total": len(run.questions), "grid": self.config.grid}
        self._page("ask", data)
        self.web.setFocus()

    def _answered(self) -> None:
        """The page says the character was checked (its "ans", as on a card)."""
        run = self.run
        if run is None or not run.next():
            return
        if not run.finished:
            self._ask()
            return
        self._page("results", run.results_page_data())
        self._save(run)

    def _save(self, run: SelfTestRun) -> None:
        chars, recalled = run.chars, run.recalled_chars
        mw = self.mw
        self.saving = True

        def op(col: Collection):
            mw.taskman.run_on_main(lambda: mw.progress.update(label="Saving the self-test result…"))
            return gap.record_self_test(col, chars, recalled)

        CollectionOp(self, op).success(lambda _changes: self._saved(run)).failure(self._save_failed).run_in_background(initiator=self)

    def _saved(self, run: SelfTestRun) -> None:
        self.saving = False
        self.last_saved = run.summary()
        tooltip(f"Self-test: {self.last_saved} (the writing gap report shows it)", period=4000)
        if self.closed:
            self._release()
            return
        self._page("stored", f"Saved: {self.last_saved}. Tools → Write Practice → Writing gap… shows your self-tests over time.")

    def _save_failed(self, exc: Exception) -> None:
        self.saving = False
        log.exception("Write Practice: saving the self-test failed", exc_info=exc)
        if self.closed:
            self._release()
            return
        self._page("stored", f"The result could not be saved ({type(exc).__name__}: {exc}); nothing was changed.")

    # ------------------------------------------------------------------ page messages

    def _page(self, function: str, data: Any) -> None:
        self.web.eval(f"WritePracticeSelfTest.{function}({json.dumps(data, ensure_ascii=False)})")

    def _on_message(self, msg: review.Message) -> dict[str, Any]:
        """A validated "wp:" message from the writing area."""
        if self.run is None:
            return review.error_reply("no question is being asked")
        return self.run.handle(msg)

    def _on_again(self, _msg: messages.PageMessage) -> dict[str, Any]:
        if self.run is None or not self.run.finished:
            return review.error_reply("the test is not over")
        self.start()
        return {"ok": True}

    def _on_bridge(self, message: str) -> None:
        if message == "ans":
            self._answered()
        elif message == "close":
            self.reject()

    # ------------------------------------------------------------------ closing

    def _on_finished(self, _result: int) -> None:
        global _window
        if self.closed:
            return
        saveGeom(self, GEOMETRY_KEY)
        gui_hooks.profile_will_close.remove(self.reject)
        messages.unregister(self)
        self.closed = True
        if _window is self:
            _window = None
        self._release()

    def _release(self) -> None:
        """Free the web view once nothing running still reports to this window."""
        if self.closed and not self.preparing and not self.saving:
            self.web.cleanup()
            self.deleteLater()
