"""The settings dialog: Tools → Add-ons → Write Practice → Config (and Tools → Write Practice →
Settings…). A form for the common options instead of raw JSON; "Edit as JSON…" still opens Anki's
own editor with config.md beside it for every key.

Saving writes the whole config, checked by the same parser the add-on reads it with, so what the
dialog saves always loads without a problem. Values the dialog does not show are kept (when valid).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from aqt import mw as _mw
from aqt.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    Qt,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from aqt.utils import tooltip

from .. import config as config_core
from .. import vendor
from . import state

MODE_LABELS = {"guided": "Guided: each stroke is checked as you write it", "free": "Free: the whole character is graded at the end"}
GRID_LABELS = {"tian": "田  cross", "mi": "米  cross and diagonals", "none": "none"}
RATING_LABELS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
SCRIPT_LABELS = {"": "(guess from the text)", "ja": "Japanese (ja)", "zh-Hans": "Chinese, simplified (zh-Hans)", "zh-Hant": "Chinese, traditional (zh-Hant)"}
DECK_MODE_LABELS = {"": "(default)", **{m: m for m in config_core.MODES}}

_open_dialog: SettingsDialog | None = None


def _combo(labels: dict[Any, str]) -> QComboBox:
    box = QComboBox()
    for value, label in labels.items():
        box.addItem(label, value)
    return box


def _select(box: QComboBox, value: Any) -> None:
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))


def _number(key: str, decimals: int, step: float, tip: str) -> QDoubleSpinBox | QSpinBox:
    low, high = config_core.RANGES[key]
    box: QDoubleSpinBox | QSpinBox
    if decimals:
        box = QDoubleSpinBox()
        box.setDecimals(decimals)
    else:
        box = QSpinBox()
    box.setRange(low, high)  # type: ignore[arg-type]
    box.setSingleStep(step)  # type: ignore[arg-type]
    box.setToolTip(tip)
    return box


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.mgr = _mw.addonManager  # Anki's JSON ConfigEditor expects its parent to carry `mgr`
        self.setWindowTitle("Write Practice settings")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        cfg, problems = state.config_and_problems()
        self._kept = asdict(cfg)  # keys the form does not show keep their (valid) values

        layout = QVBoxLayout(self)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.problems_label)
        self._show_problems(problems)

        writing = QGroupBox("Writing")
        form = QFormLayout(writing)
        self.mode = _combo(MODE_LABELS)
        form.addRow("Mode", self.mode)
        self.leniency = _number("leniency", 2, 0.25, "Higher is more lenient: strokes further from the model shape and place are accepted.")
        form.addRow("Leniency", self.leniency)
        self.grid = _combo(GRID_LABELS)
        form.addRow("Grid", self.grid)
        self.hint_after_misses = _number("hint_after_misses", 0, 1, "In guided mode, show where the stroke starts after this many misses on it. Higher gives the hint later.")
        self.hint_after_misses.setSuffix(" misses")
        form.addRow("Hint after", self.hint_after_misses)
        self.accept_variant_orders = QCheckBox("Accept other standard stroke orders")
        self.accept_variant_orders.setToolTip(
            "Japanese characters written in the Chinese stroke order where it differs (感, 右, 馬) or with 阝 in two "
            "strokes are accepted and noted. Off: the KanjiVG (Japanese school) order only."
        )
        form.addRow("", self.accept_variant_orders)
        self.auto_answer = _number("auto_answer_seconds", 1, 0.5, "Answer with the suggested rating this many seconds after the answer shows; Off waits for you.")
        self.auto_answer.setSpecialValueText("Off")
        self.auto_answer.setSuffix(" s")
        form.addRow("Auto-answer after", self.auto_answer)
        layout.addWidget(writing)

        rating = QGroupBox("Suggested rating")
        form = QFormLayout(rating)
        self.miss_budget_base = _number("rating.miss_budget_base", 2, 0.25, "A clean character is Good; up to this many misses (plus the per-stroke part) it is Hard, beyond it Again. Higher is more lenient.")
        form.addRow("Misses still rated Hard", self.miss_budget_base)
        self.miss_budget_per_stroke = _number("rating.miss_budget_per_stroke", 3, 0.025, "Extra misses still rated Hard per stroke of the character, so long characters allow more. Higher is more lenient.")
        form.addRow("…plus per stroke", self.miss_budget_per_stroke)
        self.stroke_hint_cost = _number("rating.stroke_hint_cost", 2, 0.25, "How many misses a stroke hint counts as. Lower is more lenient.")
        form.addRow("A stroke hint counts as", self.stroke_hint_cost)
        self.component_hint_cost = _number("rating.component_hint_cost", 2, 0.25, "How many misses a component hint counts as. Lower is more lenient.")
        form.addRow("A component hint counts as", self.component_hint_cost)
        self.reveal_rating = _combo(RATING_LABELS)
        self.reveal_rating.setToolTip("The rating suggested after the character was revealed.")
        form.addRow("After a reveal", self.reveal_rating)
        layout.addWidget(rating)

        decks = QGroupBox("Per deck (applies to its subdecks too)")
        deck_layout = QVBoxLayout(decks)
        self.deck_table = QTableWidget(0, 3)
        self.deck_table.setHorizontalHeaderLabels(["Deck", "Script", "Mode"])
        self.deck_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.deck_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        deck_layout.addWidget(self.deck_table)
        row_buttons = QHBoxLayout()
        self.add_deck_button = QPushButton("Add deck")
        self.add_deck_button.clicked.connect(lambda: self._add_deck_row("", "", ""))
        self.remove_deck_button = QPushButton("Remove selected")
        self.remove_deck_button.clicked.connect(self._remove_selected_rows)
        row_buttons.addWidget(self.add_deck_button)
        row_buttons.addWidget(self.remove_deck_button)
        row_buttons.addStretch()
        deck_layout.addLayout(row_buttons)
        layout.addWidget(decks)

        self.grading_label = QLabel(_grading_status())
        self.grading_label.setWordWrap(True)
        layout.addWidget(self.grading_label)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.json_button = buttons.addButton("Edit as JSON…", QDialogButtonBox.ButtonRole.ActionRole)
        self.json_button.clicked.connect(self._edit_as_json)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(lambda: self._load(config_core.Config()))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self._load(cfg)

    # ------------------------------------------------------------------ form <-> config

    def _load(self, cfg: config_core.Config) -> None:
        _select(self.mode, cfg.mode)
        self.leniency.setValue(cfg.leniency)
        _select(self.grid, cfg.grid)
        self.hint_after_misses.setValue(cfg.hint_after_misses)
        self.accept_variant_orders.setChecked(cfg.accept_variant_orders)
        self.auto_answer.setValue(cfg.auto_answer_seconds)
        self.miss_budget_base.setValue(cfg.rating.miss_budget_base)
        self.miss_budget_per_stroke.setValue(cfg.rating.miss_budget_per_stroke)
        self.stroke_hint_cost.setValue(cfg.rating.stroke_hint_cost)
        self.component_hint_cost.setValue(cfg.rating.component_hint_cost)
        _select(self.reveal_rating, cfg.rating.reveal_rating)
        self.deck_table.setRowCount(0)
        for deck in sorted(set(cfg.deck_scripts) | set(cfg.deck_modes)):
            self._add_deck_row(deck, cfg.deck_scripts.get(deck, ""), cfg.deck_modes.get(deck, ""))

    def _add_deck_row(self, deck: str, script: str, mode: str) -> None:
        row = self.deck_table.rowCount()
        self.deck_table.insertRow(row)
        deck_box = QComboBox()
        deck_box.setEditable(True)  # a deck may be typed before it exists, or be renamed later
        deck_box.addItems(_deck_names())
        deck_box.setCurrentText(deck)
        script_box = _combo(SCRIPT_LABELS)
        _select(script_box, script)
        mode_box = _combo(DECK_MODE_LABELS)
        _select(mode_box, mode)
        for column, widget in enumerate((deck_box, script_box, mode_box)):
            self.deck_table.setCellWidget(row, column, widget)

    def _remove_selected_rows(self) -> None:
        for row in sorted({index.row() for index in self.deck_table.selectedIndexes()}, reverse=True):
            self.deck_table.removeRow(row)

    def _deck_rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for row in range(self.deck_table.rowCount()):
            deck = self.deck_table.cellWidget(row, 0).currentText().strip()
            if deck:
                rows.append((deck, self.deck_table.cellWidget(row, 1).currentData(), self.deck_table.cellWidget(row, 2).currentData()))
        return rows

    def values(self) -> dict[str, Any]:
        """The config the form describes, in config.json's layout."""
        new = {**self._kept, "rating": dict(self._kept["rating"])}
        new.update(
            mode=self.mode.currentData(),
            leniency=round(self.leniency.value(), 2),
            grid=self.grid.currentData(),
            hint_after_misses=self.hint_after_misses.value(),
            accept_variant_orders=self.accept_variant_orders.isChecked(),
            auto_answer_seconds=round(self.auto_answer.value(), 1),
            deck_scripts={deck: script for deck, script, _ in self._deck_rows() if script},
            deck_modes={deck: mode for deck, _, mode in self._deck_rows() if mode},
        )
        new["rating"].update(
            miss_budget_base=round(self.miss_budget_base.value(), 2),
            miss_budget_per_stroke=round(self.miss_budget_per_stroke.value(), 3),
            stroke_hint_cost=round(self.stroke_hint_cost.value(), 2),
            component_hint_cost=round(self.component_hint_cost.value(), 2),
            reveal_rating=self.reveal_rating.currentData(),
        )
        return new

    def save(self) -> None:
        new = self.values()
        _, problems = config_core.parse(new)
        if problems:  # the widgets' ranges come from the same rules, so this means a bug: keep the dialog open
            self._show_problems(problems, saving=True)
            return
        self.mgr.writeConfig(state.ADDON_MODULE, new)
        tooltip("Write Practice settings saved", parent=self.parentWidget())
        self.accept()

    # ------------------------------------------------------------------ the rest

    def _show_problems(self, problems: list[str], saving: bool = False) -> None:
        if not problems:
            self.problems_label.hide()
            return
        intro = "Not saved:" if saving else "Your config had problems; saving replaces these values with the ones shown:"
        self.problems_label.setText(intro + "\n• " + "\n• ".join(problems))
        self.problems_label.setStyleSheet("color: #b3261e;")
        self.problems_label.show()

    def _edit_as_json(self) -> None:
        """Anki's own JSON editor (config.md beside it); this dialog closes when it does, unsaved."""
        from aqt.addons import ConfigEditor

        raw = self.mgr.getConfig(state.ADDON_MODULE) or {}
        editor = ConfigEditor(self, state.ADDON_MODULE, raw)  # type: ignore[arg-type]
        editor.finished.connect(lambda _result: self.reject())

    def done(self, result: int) -> None:
        global _open_dialog
        _open_dialog = None
        super().done(result)


def _deck_names() -> list[str]:
    if _mw is None or _mw.col is None:
        return []
    return sorted(d.name for d in _mw.col.decks.all_names_and_ids(include_filtered=False))


def _grading_status() -> str:
    """Where grading gets numpy from, without importing it (that happens at the first review)."""
    status = vendor.loaded_status()
    if status is not None:
        return status.message
    choice = vendor.prepare()
    if choice.numpy_found or choice.folder is not None:
        return f"Grading: {choice.reason}; it loads at the first writing card."
    return f"Grading is off, writing cards are self-graded: {choice.reason}"


def setup(mw) -> None:
    """Anki's Config button opens the dialog (so does Tools → Write Practice → Settings…)."""
    mw.addonManager.setConfigAction(state.ADDON_MODULE, open_settings)


def open_settings() -> bool:
    """Anki's config action (Tools → Add-ons → Config) and the Tools menu entry. One dialog at a time."""
    global _open_dialog
    if _open_dialog is not None:
        _open_dialog.raise_()
        _open_dialog.activateWindow()
        return True
    from aqt.qt import QApplication

    parent = QApplication.activeWindow() or _mw
    _open_dialog = SettingsDialog(parent)
    _open_dialog.show()
    return True
