"""Scenarios for the settings dialog, in real Anki: opened the way a user does (Tools → Add-ons →
select Write Practice → Config), edited through its widgets, saved."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ADDON = "write_practice"


def _settings_module():
    return sys.modules[f"{ADDON}.writing.gui.settings"]


def _open_from_addons_dialog(driver):
    import aqt

    addons_dialog = aqt.dialogs.open("AddonsDialog", driver.mw.addonManager)
    addons_dialog._harness_allowed = True  # Anki's Add-ons window is modal; the user opened it on purpose
    driver.wait_until(lambda: addons_dialog.isVisible(), what="Add-ons dialog")
    row = [a.dir_name for a in addons_dialog.addons].index(ADDON)
    addons_dialog.form.addonList.setCurrentRow(row)
    addons_dialog.form.config.click()
    dialog = driver.wait_until(lambda: _settings_module()._open_dialog, what="settings dialog")
    driver.wait_until(dialog.isVisible, what="settings dialog visible")
    return addons_dialog, dialog


def _form(dialog) -> dict:
    return {
        "mode": dialog.mode.currentData(),
        "leniency": dialog.leniency.value(),
        "grid": dialog.grid.currentData(),
        "hint_after_misses": dialog.hint_after_misses.value(),
        "accept_variant_orders": dialog.accept_variant_orders.isChecked(),
        "auto_answer_seconds": dialog.auto_answer.value(),
        "reveal_rating": dialog.reveal_rating.currentData(),
        "miss_budget_per_stroke": dialog.miss_budget_per_stroke.value(),
        "decks": dialog._deck_rows(),
        "problems_shown": dialog.problems_label.isVisible(),
        "problems_text": dialog.problems_label.text(),
        "grading_status": dialog.grading_label.text(),
        "title": dialog.windowTitle(),
    }


def _stored(driver) -> dict:
    meta = Path(driver.mw.addonManager.addonsFolder(ADDON)) / "meta.json"
    return json.loads(meta.read_text(encoding="utf-8")).get("config") if meta.exists() else None


def edit_and_save(driver):
    addons_dialog, dialog = _open_from_addons_dialog(driver)
    before = _form(dialog)
    if driver.args:
        driver.screenshot(dialog, driver.args[0])
    dialog.mode.setCurrentIndex(dialog.mode.findData("free"))
    dialog.leniency.setValue(2.0)
    dialog.grid.setCurrentIndex(dialog.grid.findData("mi"))
    dialog.hint_after_misses.setValue(5)
    dialog.accept_variant_orders.setChecked(False)
    dialog.auto_answer.setValue(3.5)
    dialog.reveal_rating.setCurrentIndex(dialog.reveal_rating.findData(2))
    dialog.miss_budget_per_stroke.setValue(99)  # beyond the rule's range: the widget clamps it
    dialog.add_deck_button.click()
    row = dialog.deck_table.rowCount() - 1
    dialog.deck_table.cellWidget(row, 0).setCurrentText("Japanese::Core")
    dialog.deck_table.cellWidget(row, 1).setCurrentIndex(dialog.deck_table.cellWidget(row, 1).findData("ja"))
    dialog.deck_table.cellWidget(row, 2).setCurrentIndex(dialog.deck_table.cellWidget(row, 2).findData("free"))
    dialog.add_deck_button.click()  # an empty row is ignored on save
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    driver.wait_until(lambda: _settings_module()._open_dialog is None, what="dialog closed after save")
    addons_dialog.reject()
    state = sys.modules[f"{ADDON}.writing.gui.state"]
    cfg, problems = state.config_and_problems()
    return {
        "before": before,
        "stored": _stored(driver),
        "typed": {"mode": cfg.mode, "leniency": cfg.leniency, "grid": cfg.grid, "hint": cfg.hint_after_misses,
                  "variants": cfg.accept_variant_orders,
                  "auto": cfg.auto_answer_seconds, "reveal": cfg.rating.reveal_rating,
                  "per_stroke": cfg.rating.miss_budget_per_stroke, "scripts": cfg.deck_scripts, "modes": cfg.deck_modes},
        "problems": problems,
    }


def show_saved(driver):
    """After a restart: the dialog shows what was saved."""
    ok = driver.mw.addonManager.configAction(ADDON)()
    dialog = driver.wait_until(lambda: _settings_module()._open_dialog, what="settings dialog")
    form = _form(dialog)
    dialog.reject()
    return {"form": form, "action_result": ok}


def fix_bad_config(driver):
    """Hand-edited bad values: listed in the dialog; saving writes valid ones, keeps the good ones."""
    addons_dialog, dialog = _open_from_addons_dialog(driver)
    form = _form(dialog)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    driver.wait_until(lambda: _settings_module()._open_dialog is None, what="dialog closed after save")
    addons_dialog.reject()
    state = sys.modules[f"{ADDON}.writing.gui.state"]
    return {"form": form, "stored": _stored(driver), "problems_after": state.config_and_problems()[1]}


def restore_defaults(driver):
    addons_dialog, dialog = _open_from_addons_dialog(driver)
    dialog.buttons.button(dialog.buttons.StandardButton.RestoreDefaults).click()
    form = _form(dialog)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    driver.wait_until(lambda: _settings_module()._open_dialog is None, what="dialog closed after save")
    addons_dialog.reject()
    return {"form": form, "stored": _stored(driver)}


def edit_as_json(driver):
    """The raw editor stays reachable; closing it closes the settings dialog too."""
    from aqt.addons import ConfigEditor
    from aqt.qt import QApplication

    addons_dialog, dialog = _open_from_addons_dialog(driver)
    dialog.json_button.click()
    editor = driver.wait_until(lambda: next((w for w in QApplication.topLevelWidgets() if isinstance(w, ConfigEditor) and w.isVisible()), None),
                               what="Anki's JSON config editor")
    text = editor.form.editor.toPlainText()
    editor.reject()
    driver.wait_until(lambda: _settings_module()._open_dialog is None, what="settings dialog closed with the editor")
    addons_dialog.reject()
    return {"editor_text": text}


def second_open_raises_the_first(driver):
    settings = _settings_module()
    settings.open_settings()
    first = settings._open_dialog
    settings.open_settings()
    same = settings._open_dialog is first
    first.reject()
    return {"same": same}


def startup_messages(driver):
    """What the add-on said about its config at start-up (a tooltip, never a dialog)."""
    from aqt import utils

    label = getattr(utils, "_tooltipLabel", None)
    state = sys.modules[f"{ADDON}.writing.gui.state"]
    cfg, problems = state.config_and_problems()
    return {
        "tooltip": label.text() if label is not None else "",
        "problems": problems,
        "leniency": cfg.leniency,
        "grid": cfg.grid,
        "tools_menu": [a.text() for a in driver.mw.form.menuTools.actions()],
    }
