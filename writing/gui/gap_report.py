"""Tools → Write Practice → Writing gap…: how many characters the learner recognises versus can
write (writing/gap.py), the recognised-but-not-writable list by frequency, both counts over time,
the self-test history, and one click to add writing cards for the top N of the list. What it
shows and adds is writing/gap_report.py; this is the window.

The window is not modal. Reading runs as a QueryOp; adding cards as one CollectionOp (one undo
step, "Add writing cards"). The page (web/gap_report.html/.css/.js) is inlined into an
AnkiWebView and draws its charts as SVG, so nothing is fetched from anywhere; its colours are
Anki's theme variables, so it follows night mode (also when the theme changes while it is open).
"""

from __future__ import annotations

import json
from datetime import date

from anki.collection import OpChanges
from aqt import gui_hooks
from aqt.operations import CollectionOp, QueryOp
from aqt.qt import (
    QComboBox,
    QDialog,
    QEvent,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    Qt,
    qconnect,
)
from aqt.utils import restoreGeom, saveGeom, tooltip
from aqt.webview import AnkiWebView

from .. import convert, gap, media, scan
from ..gap_report import EXPECTED_FAILURES, CardsAdded, ReportView, add_top_characters, failure_sentence, page_data, read_report
from . import messages, state
from .convert_dialog import write_stroke_media

log = state.log

WINDOW_TITLE = "Writing gap"
WHOLE_COLLECTION = "Whole collection"
TOP_N_DEFAULT = 20
TOP_N_MAX = 1000
GEOMETRY_KEY = "writePracticeGapReport"

_window: GapReportWindow | None = None


def open_window(mw) -> GapReportWindow:
    """Show the report window (one at a time: a second menu click raises the open one)."""
    global _window
    if _window is None:
        _window = GapReportWindow(mw)
    else:
        _window.load()  # the numbers may have changed since it was opened
    _window.show()
    _window.raise_()
    _window.activateWindow()
    return _window


# ------------------------------------------------------------------ the window


def describe_failure(exc: Exception) -> str:
    """A sentence for the user instead of an exception dialog; anything unexpected is logged."""
    if not isinstance(exc, EXPECTED_FAILURES):
        log.exception("Write Practice: writing gap report failed", exc_info=exc)
    return failure_sentence(exc)


def _page_html() -> str:
    parts = {ext: (media.WEB_DIR / f"gap_report.{ext}").read_text(encoding="utf-8") for ext in ("html", "css", "js")}
    return f"<style>{parts['css']}</style>\n{parts['html']}\n<script>{parts['js']}</script>"


class GapReportWindow(QDialog):
    def __init__(self, mw) -> None:
        super().__init__(mw)
        self.mw = mw
        self.view: ReportView | None = None
        self.last_added: CardsAdded | None = None
        self.last_error: str | None = None
        self.loading = False
        self.load_again = False  # a reload was asked for while one ran
        self.adding = False
        self.closed = False
        self.stale = False  # the collection changed since the last reading
        self.notice = ""  # what the last action did, shown with the next reading
        self.setWindowTitle(WINDOW_TITLE)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self._build()
        restoreGeom(self, GEOMETRY_KEY, default_size=(860, 760))
        gui_hooks.operation_did_execute.append(self._on_operation)
        gui_hooks.profile_will_close.append(self.reject)  # the collection goes away
        qconnect(self.finished, self._on_finished)
        self.load()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        source = QHBoxLayout()
        source.addWidget(QLabel("Notes from:"))
        self.deck_radio = QRadioButton("Deck")
        self.deck_combo = QComboBox()
        self.deck_combo.addItem(WHOLE_COLLECTION, "")
        for deck in self.mw.col.decks.all_names_and_ids(include_filtered=False):
            self.deck_combo.addItem(deck.name, deck.name)
        self.search_radio = QRadioButton("Search")
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText('any Anki search, e.g. "deck:Core 2k" tag:N5')
        self.refresh_button = QPushButton("Refresh")
        self.deck_radio.setChecked(True)
        for widget in (self.deck_radio, self.deck_combo, self.search_radio, self.search_edit, self.refresh_button):
            source.addWidget(widget)
        source.setStretchFactor(self.search_edit, 1)
        layout.addLayout(source)

        self.web = AnkiWebView(parent=self, title="write practice gap report")
        self.web.set_bridge_command(self._on_bridge, self)
        messages.register(self, {"browse": self._on_browse})  # a click on a character
        self.web.stdHtml(_page_html(), css=[], js=[], context=self)
        layout.addWidget(self.web, 1)

        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        actions = QHBoxLayout()
        self.add_button = QPushButton("Add writing cards for the top")
        self.add_button.setEnabled(False)
        self.top_spin = QSpinBox()
        self.top_spin.setRange(1, TOP_N_MAX)
        self.top_spin.setValue(TOP_N_DEFAULT)
        self.top_spin.setSuffix(" characters")
        close = QPushButton("Close")
        actions.addWidget(self.add_button)
        actions.addWidget(self.top_spin)
        actions.addStretch(1)
        actions.addWidget(close)
        layout.addLayout(actions)

        qconnect(self.deck_combo.currentIndexChanged, lambda _i: self._use(self.deck_radio))
        qconnect(self.search_edit.returnPressed, lambda: self._use(self.search_radio))
        qconnect(self.deck_radio.toggled, lambda on: on and self.load())
        qconnect(self.search_radio.toggled, lambda on: on and self.load())
        qconnect(self.refresh_button.clicked, lambda: self.load())
        qconnect(self.add_button.clicked, self.on_add)
        qconnect(self.top_spin.valueChanged, lambda n: self.web.eval(f"WritePracticeGap.setTopN({int(n)})"))
        qconnect(close.clicked, self.reject)

    # ------------------------------------------------------------------ reading

    def search(self) -> str:
        if self.search_radio.isChecked():
            return self.search_edit.text().strip()
        deck = self.deck_combo.currentData()
        return scan.search_for_deck(deck) if deck else ""

    def _use(self, radio: QRadioButton) -> None:
        if radio.isChecked():
            self.load()
        else:
            radio.setChecked(True)  # its toggled signal loads

    def load(self, notice: str = "") -> None:
        """Read the collection for the chosen notes; `notice` is shown above the result."""
        self.notice = notice
        if self.loading:
            self.load_again = True
            return
        self.loading = True
        self.stale = False
        self.add_button.setEnabled(False)
        search = self.search()
        self.status.setText("Reading the collection…")
        QueryOp(parent=self, op=lambda col: read_report(col, search), success=self._loaded).failure(self._load_failed).with_progress(
            "Reading the review history…"
        ).run_in_background()

    def _finish_loading(self) -> bool:
        """After a reading: False when the window is gone or another reading was asked for
        meanwhile (it starts now)."""
        self.loading = False
        if self.closed:
            self._release()
            return False
        if self.load_again:
            self.load_again = False
            self.load(self.notice)
            return False
        return True

    def _loaded(self, view: ReportView) -> None:
        if not self._finish_loading():
            return
        self.view = view
        self.last_error = None
        self.web.eval(f"WritePracticeGap.render({json.dumps(page_data(view, self.top_spin.value(), date.today()))})")
        self.add_button.setEnabled(bool(view.report.not_writable))
        scope = "Whole collection" if not view.search else view.search
        self.status.setText(
            (self.notice + "\n" if self.notice else "") + f"{scope}. Recognised: in the word field of a note with a card at {gap.MATURE_DAYS}+ days. "
            f"Writable: in a writing card at {gap.MATURE_DAYS}+ days whose last answer was not Again. Click a character to see its notes."
        )

    def _load_failed(self, exc: Exception) -> None:
        if not self._finish_loading():
            return
        self.view = None
        self.last_error = describe_failure(exc)
        self.status.setText(self.last_error)
        self.web.eval(f"WritePracticeGap.showError({json.dumps(self.last_error)})")

    def _on_operation(self, changes: OpChanges, handler: object | None) -> None:
        """Another change (a review, an undo, an edit) makes the numbers old: read again when the
        window is next activated, not on every review (a large collection takes a second)."""
        if handler is not self and (changes.card or changes.note_text or changes.notetype):
            self.stale = True

    def changeEvent(self, event: QEvent | None) -> None:
        super().changeEvent(event)
        if event is not None and event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.stale:
            self.load()

    # ------------------------------------------------------------------ adding cards

    def convert_options(self) -> convert.ConvertOptions:
        """The conversion's options for this report's notes: the config's (scripts per deck,
        writing deck, tagging), known = the report's 21 days; a deck's cards go to its ::Writing."""
        cfg = state.current_config()
        if self.search_radio.isChecked():
            return convert.ConvertOptions.from_config(cfg, search=self.search(), min_interval=gap.MATURE_DAYS)
        return convert.ConvertOptions.from_config(cfg, deck=self.deck_combo.currentData() or None, min_interval=gap.MATURE_DAYS)

    def on_add(self) -> None:
        if self.view is None or self.loading or self.adding:
            return
        options = self.convert_options()
        chars = self.view.report.not_writable
        count = self.top_spin.value()
        mw = self.mw
        self.adding = True
        self.add_button.setEnabled(False)

        def report(label: str, done: int, total: int) -> None:
            mw.taskman.run_on_main(lambda: mw.progress.update(label=label, value=done, max=total))

        CollectionOp(self, lambda col: add_top_characters(col, options, chars, count, report)).success(self._added).failure(
            self._add_failed
        ).run_in_background(initiator=self)

    def _added(self, result: CardsAdded) -> None:
        self.adding = False
        self.last_added = result
        write_stroke_media(result.stroke_targets)
        message = result.summary()
        tooltip(message.replace("\n", "<br>"), period=6000)
        if self.closed:
            self._release()
            return
        self.load(notice=message)

    def _add_failed(self, exc: Exception) -> None:
        self.adding = False
        self.last_error = describe_failure(exc)
        tooltip(self.last_error, period=8000)
        if self.closed:
            self._release()
            return
        self.status.setText(self.last_error)
        self.add_button.setEnabled(self.view is not None)

    # ------------------------------------------------------------------ page and closing

    def _on_bridge(self, message: str) -> None:
        if message == "close":  # Escape in the page
            self.reject()

    def _on_browse(self, msg: messages.PageMessage) -> dict:
        self.browse(msg.char or "")
        return {"ok": True}

    def browse(self, char: str) -> None:
        """The Browser on the notes of this report that hold `char`."""
        import aqt

        if len(char) != 1 or self.view is None:
            return
        query = f'({self.view.search}) "{char}"' if self.view.search else f'"{char}"'
        aqt.dialogs.open("Browser", self.mw, search=(query,))

    def _on_finished(self, _result: int) -> None:
        global _window
        if self.closed:
            return
        saveGeom(self, GEOMETRY_KEY)
        gui_hooks.operation_did_execute.remove(self._on_operation)
        gui_hooks.profile_will_close.remove(self.reject)
        messages.unregister(self)
        self.closed = True
        if _window is self:
            _window = None
        self._release()

    def _release(self) -> None:
        """Free the web view once nothing running still reports to this window."""
        if self.closed and not self.loading and not self.adding:
            self.web.cleanup()
            self.deleteLater()
