"""Tools → Write Practice → Add writing cards… and the Browser's "Add writing cards for selected
notes": choose notes, check the detected fields and scripts, preview, convert.

The dialog is not modal. Preview runs as a QueryOp, conversion as a CollectionOp (one undo step)
with a progress window whose closing cancels before anything is written. The core modules are
imported when first needed, so loading this module at start-up costs nothing.
"""

from __future__ import annotations

import dataclasses

from aqt import mw as _mw
from aqt.operations import CollectionOp, QueryOp
from aqt.qt import (
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    qconnect,
)
from aqt.utils import tooltip

from . import state

log = state.log

SCRIPT_LABELS = {"ja": "Japanese (ja)", "zh-Hans": "Chinese, simplified (zh-Hans)", "zh-Hant": "Chinese, traditional (zh-Hant)"}
ROLE_LABELS = {"target": "Word", "meaning": "Meaning", "reading": "Reading", "context": "Sentence"}
NO_FIELD = "(none)"

_open_dialogs: list["ConvertDialog"] = []


def open_dialog(mw=None, note_ids: list[int] | None = None, parent: QWidget | None = None) -> "ConvertDialog":
    mw = mw or _mw
    dialog = ConvertDialog(mw, note_ids=note_ids, parent=parent or mw)
    _open_dialogs.append(dialog)
    dialog.show()
    return dialog


def on_browser_menus_did_init(browser) -> None:
    action = browser.form.menu_Notes.addAction("Add writing cards for selected notes")
    qconnect(action.triggered, lambda: _from_browser(browser))


def _from_browser(browser) -> None:
    note_ids = list(browser.selected_notes())
    if not note_ids:
        tooltip("Select the notes to add writing cards for.", parent=browser)
        return
    open_dialog(browser.mw, note_ids=note_ids, parent=browser)


def on_profile_did_open() -> None:
    """After an add-on update (or a user's edit): bring the note type and media files up to
    date, if the note type exists, and say what was repaired. The check reads every writing
    note's characters (stroke-data files), so it runs in the background, not in Anki's start-up."""
    from .. import media, notetype

    def needs(col) -> list[str]:
        existing = notetype.find(col)
        if existing is None:
            return []
        return notetype.needed_repairs(col, existing) + media.needed_writes(col)

    def repair(col):
        pos = col.add_custom_undo_entry("Update Write Practice note type")
        status = notetype.ensure(col)
        files = media.ensure(col)
        messages = list(status.repairs) + list(status.problems) + list(files.problems)
        messages += [f"updated the media file {name}" for name in files.written]
        return _Repaired(col.merge_undo_entries(pos), messages)

    def checked(found: list[str]) -> None:
        if not found:
            return
        CollectionOp(_mw, repair).success(lambda r: r.messages and tooltip("Write Practice: " + "<br>".join(r.messages), period=8000)).failure(
            lambda exc: tooltip(f"Write Practice could not update its note type: {exc}", period=8000)
        ).run_in_background()

    # never an error dialog at start-up: a failed check is logged, and the next profile open retries
    QueryOp(parent=_mw, op=needs, success=checked).failure(lambda exc: log.warning("Write Practice: checking the note type failed: %s", exc)).run_in_background()


def write_stroke_media(targets: tuple[tuple[str, str], ...]) -> None:
    """Write the stroke-data files of notes just added ((target, script) pairs), in the background:
    cards need them on phones and where numpy cannot load, and nobody should wait for a few
    thousand file creations. Anything still missing is written by the upkeep at profile open."""
    if not targets:
        return
    from .. import media

    def said(status) -> None:
        if status.problems:
            tooltip("Write Practice: " + "<br>".join(status.problems), period=8000)

    QueryOp(parent=_mw, op=lambda col: media.ensure_stroke_media(col, targets), success=said).failure(
        lambda exc: tooltip(f"Write Practice could not write stroke data to the collection media: {exc}", period=8000)
    ).run_in_background()


def _table(headers: list[str]) -> QTableWidget:
    """A table as tall and wide as its rows and columns (the dialog grows to fit it), the last
    column taking any spare width, no row numbers."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    return table


def _fit_table(table: QTableWidget, widest: int, most_rows: int = 6) -> None:
    """Columns as wide as their contents; the table as tall as its rows (up to `most_rows`, then
    it scrolls: a scroll area's own minimum would leave empty rows below one or two note types)
    and never narrower than its columns (up to `widest`, a small screen's limit, beyond which it
    scrolls sideways). The minimum width is what keeps names and columns whole: the dialog's own
    minimum includes it, so no size the dialog takes (its default, a window manager's, the
    user's) can cut one off."""
    for column in range(table.columnCount() - 1):  # the last one stretches over the rest
        table.resizeColumnToContents(column)
    table.resizeRowsToContents()
    header = table.horizontalHeader()
    frame = 2 * table.frameWidth()
    rows = sum(table.rowHeight(r) for r in range(min(table.rowCount(), most_rows)))
    table.setFixedHeight(header.sizeHint().height() + rows + frame)
    columns = sum(max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(table.columnCount()))
    scroll_bar = table.verticalScrollBar().sizeHint().width() if table.rowCount() > most_rows else 0
    table.setMinimumWidth(min(columns + scroll_bar + frame, widest))


@dataclasses.dataclass
class _Repaired:
    changes: object
    messages: list[str]


class ConvertDialog(QDialog):
    def __init__(self, mw, note_ids: list[int] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mw = mw
        self.note_ids = note_ids
        self.cfg = state.current_config()
        self.preview_result = None
        self.last_result = None
        self.script_choice: dict[str, str] = {}  # deck name -> script the user picked
        self.field_choice: dict[int, dict[str, str | None]] = {}  # note type id -> role -> field
        self.setWindowTitle("Add writing cards")
        self._build()
        self._fit_to_contents(default=True)
        qconnect(self.finished, lambda _: _open_dialogs.remove(self) if self in _open_dialogs else None)

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        if self.note_ids is not None:
            form.addRow("Notes:", QLabel(f"{len(self.note_ids)} selected in the Browser"))
        else:
            source = QWidget()
            grid = QGridLayout(source)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setColumnStretch(1, 1)
            self.deck_radio = QRadioButton("Deck")
            self.search_radio = QRadioButton("Search")
            self.deck_combo = QComboBox()
            # Wide enough for the longest deck name: "Sample Japanese Vocabulary" is not cut off.
            self.deck_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            names = [d.name for d in self.mw.col.decks.all_names_and_ids(include_filtered=False)]
            self.deck_combo.addItems(names)
            current = self.mw.col.decks.current()["name"]
            if current in names:
                self.deck_combo.setCurrentText(current)
            self.search_edit = QLineEdit()
            self.search_edit.setPlaceholderText('any Anki search, e.g. "deck:Core 2k" tag:N5')
            self.deck_radio.setChecked(True)
            grid.addWidget(self.deck_radio, 0, 0)
            grid.addWidget(self.deck_combo, 0, 1)
            grid.addWidget(self.search_radio, 1, 0)
            grid.addWidget(self.search_edit, 1, 1)
            # Picking a deck or typing a search chooses that source.
            qconnect(self.deck_combo.activated, lambda _i: self.deck_radio.setChecked(True))
            qconnect(self.search_edit.textEdited, lambda _t: self.search_radio.setChecked(True))
            form.addRow("Notes from:", source)
        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(0, 36500)
        self.interval_spin.setSpecialValueText("all notes")
        self.interval_spin.setSuffix(" days")
        self.interval_spin.setValue(self.cfg.min_interval)
        form.addRow("Known: card interval at least", self.interval_spin)
        self.unit_combo = QComboBox()
        self.unit_combo.addItem("Whole words", "word")
        self.unit_combo.addItem("Each character once", "character")
        self.unit_combo.setCurrentIndex(0 if self.cfg.unit == "word" else 1)
        form.addRow("Write:", self.unit_combo)
        self.deck_edit = QLineEdit(self.cfg.writing_deck)
        self.deck_edit.setPlaceholderText("<source deck>::Writing")
        form.addRow("Put the cards in deck:", self.deck_edit)
        self.kana_check = QCheckBox("Words in kana only too (これ, フィルム)")
        self.kana_check.setChecked(self.cfg.kana_only_words)
        form.addRow("", self.kana_check)
        self.tag_check = QCheckBox("Tag the source notes (the only change made to them)")
        self.tag_check.setChecked(self.cfg.tag_source_notes)
        form.addRow("", self.tag_check)
        layout.addLayout(form)

        layout.addWidget(QLabel("Script per deck (guessed; check it):"))
        self.script_table = _table(["Deck", "Script", "Why"])
        layout.addWidget(self.script_table)
        layout.addWidget(QLabel("Fields per note type (detected; your changes are remembered):"))
        self.field_table = _table(["Note type", *ROLE_LABELS.values()])
        layout.addWidget(self.field_table)
        for table in (self.script_table, self.field_table):
            self._fit_table(table)
        self.summary = QTextBrowser()
        self.summary.setPlainText("Press Preview (Enter) to see what would be added.")
        self.summary.setMinimumHeight(5 * self.fontMetrics().height())  # a shrunk dialog still shows some of it
        layout.addWidget(self.summary, 1)  # the summary takes the height the tables do not need

        buttons = QDialogButtonBox()
        self.preview_button = QPushButton("Preview")
        self.convert_button = QPushButton("Add writing cards")
        self.convert_button.setEnabled(False)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.convert_button, QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        qconnect(self.preview_button.clicked, self.on_preview)
        qconnect(self.convert_button.clicked, self.on_convert)
        qconnect(buttons.rejected, self.reject)  # Esc too (QDialog rejects on Esc)
        layout.addWidget(buttons)
        self._set_enter_button(self.preview_button)
        # A changed choice makes the preview stale: Add waits for a new preview.
        for signal in (self.interval_spin.valueChanged, self.unit_combo.currentIndexChanged, self.deck_edit.textEdited, self.kana_check.toggled):
            qconnect(signal, self._options_changed)
        if self.note_ids is None:
            for signal in (self.deck_combo.currentIndexChanged, self.search_edit.textEdited, self.deck_radio.toggled):
                qconnect(signal, self._options_changed)

    def _set_enter_button(self, button: QPushButton) -> None:
        """Enter presses `button`: Preview until there is a plan to add, then Add."""
        for other in (self.preview_button, self.convert_button):
            other.setDefault(other is button)

    def _largest_size(self) -> tuple[int, int]:
        """The most of the screen the dialog takes."""
        screen = (self.screen() or self.mw.screen()).availableGeometry()
        return int(screen.width() * 0.95), int(screen.height() * 0.9)

    def _fit_table(self, table: QTableWidget) -> None:
        margins = self.layout().contentsMargins()
        _fit_table(table, widest=self._largest_size()[0] - margins.left() - margins.right())

    def _fit_to_contents(self, default: bool = False) -> None:
        """Grow (never shrink) so the tables and the deck list show without sideways scrolling,
        within the screen. `default`: the size the dialog opens at."""
        hint = self.sizeHint()
        em = self.fontMetrics().height()
        width, height = max(hint.width(), self.width()), max(hint.height(), self.height())
        if default:
            width, height = max(width, 52 * em), max(height, 40 * em)
        largest_width, largest_height = self._largest_size()
        self.resize(min(width, largest_width), min(height, largest_height))

    # ------------------------------------------------------------------ options

    def options(self):
        from .. import convert

        scripts = {**self.cfg.deck_scripts, **self.script_choice}
        cfg = dataclasses.replace(self.cfg, deck_scripts=scripts)
        overrides = dict(
            min_interval=self.interval_spin.value(),
            unit=self.unit_combo.currentData(),
            writing_deck=self.deck_edit.text().strip(),
            tag_source_notes=self.tag_check.isChecked(),
            kana_only_words=self.kana_check.isChecked(),
        )
        if self.preview_result is not None:
            maps = {}
            for nt_id, choice in self.field_choice.items():
                detected = self.preview_result.fields.get(nt_id)
                if detected is not None:
                    maps[nt_id] = dataclasses.replace(detected, remembered=True, **choice)
            overrides["field_overrides"] = maps
        if self.note_ids is not None:
            return convert.ConvertOptions.from_config(cfg, note_ids=self.note_ids, **overrides)
        if self.search_radio.isChecked():
            return convert.ConvertOptions.from_config(cfg, search=self.search_edit.text().strip(), **overrides)
        return convert.ConvertOptions.from_config(cfg, deck=self.deck_combo.currentText(), **overrides)

    # ------------------------------------------------------------------ preview

    def on_preview(self) -> None:
        from .. import convert

        options = self.options()
        self.preview_button.setEnabled(False)
        self.convert_button.setEnabled(False)
        QueryOp(parent=self, op=lambda col: convert.preview(col, options), success=self.show_preview).failure(self._preview_failed).with_progress(
            "Reading notes…"
        ).run_in_background()

    def _preview_failed(self, exc: Exception) -> None:
        self.preview_button.setEnabled(True)
        self.summary.setPlainText(f"Preview failed: {exc}")

    def show_preview(self, preview) -> None:
        self.preview_result = preview
        self.preview_button.setEnabled(True)
        self.convert_button.setEnabled(preview.to_add > 0)
        self._set_enter_button(self.convert_button if preview.to_add > 0 else self.preview_button)
        self._fill_scripts(preview)
        self._fill_fields(preview)
        self._fit_to_contents()
        lines = [preview.summary(), "", "Sample prompts:"]
        for s in preview.samples:
            prompt = " · ".join(x for x in (s.meaning, s.reading, s.context) if x)
            lines.append(f"  {s.target}  ←  {prompt}")
        self.summary.setPlainText("\n".join(lines))

    def _fill_scripts(self, preview) -> None:
        table = self.script_table
        table.setRowCount(len(preview.scripts))
        for row, (deck, guess) in enumerate(sorted(preview.scripts.items())):
            table.setCellWidget(row, 0, QLabel(deck))
            combo = QComboBox()
            for script, label in SCRIPT_LABELS.items():
                combo.addItem(label, script)
            combo.setCurrentIndex(list(SCRIPT_LABELS).index(self.script_choice.get(deck, guess.script)))
            qconnect(combo.currentIndexChanged, lambda _i, deck=deck, combo=combo: self._script_changed(deck, combo.currentData()))
            table.setCellWidget(row, 1, combo)
            table.setCellWidget(row, 2, QLabel(guess.reason))
        self._fit_table(table)

    def _script_changed(self, deck: str, script: str) -> None:
        self.script_choice[deck] = script
        self._plan_changed("Script changed")

    def _options_changed(self, *_signal_args) -> None:
        if self.preview_result is not None and self.convert_button.isEnabled():
            self._plan_changed("Options changed")

    def _plan_changed(self, what: str) -> None:
        """The shown preview no longer says what Add would do: preview again first."""
        self.convert_button.setEnabled(False)
        self._set_enter_button(self.preview_button)
        self.summary.append(f"\n{what}: press Preview again.")

    def _fill_fields(self, preview) -> None:
        table = self.field_table
        table.setRowCount(len(preview.fields))
        for row, (nt_id, fmap) in enumerate(preview.fields.items()):
            table.setCellWidget(row, 0, QLabel(fmap.notetype_name + (" (remembered)" if fmap.remembered else "")))
            for col, role in enumerate(ROLE_LABELS, start=1):
                combo = QComboBox()
                combo.addItem(NO_FIELD, None)
                for name in fmap.field_names:
                    combo.addItem(name, name)
                current = self.field_choice.get(nt_id, {}).get(role, getattr(fmap, role))
                combo.setCurrentIndex(0 if current is None else 1 + fmap.field_names.index(current))
                qconnect(combo.currentIndexChanged, lambda _i, nt_id=nt_id, role=role, combo=combo: self._field_changed(nt_id, role, combo.currentData()))
                table.setCellWidget(row, col, combo)
        self._fit_table(table)

    def _field_changed(self, nt_id: int, role: str, name: str | None) -> None:
        detected = self.preview_result.fields[nt_id]
        choice = self.field_choice.setdefault(nt_id, {r: getattr(detected, r) for r in ROLE_LABELS})
        choice[role] = name
        self._plan_changed("Field changed")

    # ------------------------------------------------------------------ convert

    def on_convert(self) -> None:
        from .. import convert, scan

        options = self.options()
        self._remember_scripts()
        chosen_maps = list(options.field_overrides.values())
        mw = self.mw
        self.convert_button.setEnabled(False)
        self.preview_button.setEnabled(False)

        def report(label: str, done: int, total: int) -> None:
            mw.taskman.run_on_main(lambda: mw.progress.update(label=label, value=done, max=total))

        def op(col):
            for fmap in chosen_maps:
                scan.remember_fields(col, fmap)
            return convert.convert(col, options, progress=report, cancelled=mw.progress.want_cancel)

        CollectionOp(self, op).success(self.on_converted).failure(self.on_failed).run_in_background()

    def _remember_scripts(self) -> None:
        """Scripts the user confirmed by converting become config (per deck)."""
        if not self.preview_result:
            return
        chosen = {deck: self.script_choice.get(deck, guess.script) for deck, guess in self.preview_result.scripts.items() if not guess.confirmed or deck in self.script_choice}
        if not chosen:
            return
        raw = self.mw.addonManager.getConfig(state.ADDON_MODULE) or {}
        scripts = dict(raw.get("deck_scripts") or {})
        scripts.update(chosen)
        raw["deck_scripts"] = scripts
        self.mw.addonManager.writeConfig(state.ADDON_MODULE, raw)
        self.cfg = state.current_config()

    def on_converted(self, result) -> None:
        self.last_result = result
        write_stroke_media(result.stroke_targets)
        self.preview_button.setEnabled(True)
        self._set_enter_button(self.preview_button)
        self.summary.setPlainText(result.summary())
        tooltip(f"Write Practice: added {result.added} writing cards ({result.already_exist} already existed).", period=6000)

    def on_failed(self, exc: Exception) -> None:
        from .. import convert

        self.preview_button.setEnabled(True)
        self.convert_button.setEnabled(True)
        if isinstance(exc, convert.Cancelled):
            message = "Cancelled; nothing was changed."
        elif isinstance(exc, convert.ConversionError):
            message = str(exc)
        else:
            log.exception("Write Practice: conversion failed", exc_info=exc)
            message = f"The conversion failed and was rolled back; nothing was changed. ({type(exc).__name__}: {exc})"
        self.summary.setPlainText(message)
        tooltip(message, period=8000)
