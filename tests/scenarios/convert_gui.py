"""Scenarios in real Anki: the Tools menu dialog (preview, then convert) and the Browser action."""

from __future__ import annotations

import os

from convert_decks import add_core_deck, add_hsk_deck
from anki_harness import find_action


def _writing_targets(col) -> list[str]:
    nt_id = col.get_config("writePracticeNotetypeId", None)
    if nt_id is None:
        return []
    return sorted(col.get_note(i)["Target"] for i in col.find_notes(f"mid:{nt_id}"))


def _open_dialog_from_tools_menu(driver):
    from aqt import mw

    action = find_action(mw.form.menuTools, "Add writing cards…")
    assert action is not None, "Tools → Write Practice → Add writing cards… exists"
    action.trigger()
    convert_dialog = __import__("write_practice.writing.gui.convert_dialog", fromlist=["x"])
    return driver.wait_until(lambda: convert_dialog._open_dialogs and convert_dialog._open_dialogs[-1], what="the dialog")


def dialog(driver):
    mw = driver.mw
    col = mw.col
    core_ids = add_core_deck(col)
    add_hsk_deck(col)
    mw.reset()
    source_before = col.db.all(f"select id, mod, usn, tags, flds from notes where id in ({','.join(map(str, core_ids))}) order by id")

    dlg = _open_dialog_from_tools_menu(driver)
    assert not dlg.isModal()
    dlg.deck_combo.setCurrentText("Core 2k")
    dlg.preview_button.click()
    driver.wait_until(lambda: dlg.preview_result is not None, 60, "preview")
    preview = dlg.preview_result
    dlg.adjustSize()
    if driver.args:  # an output folder: the demo keeps a screenshot of the preview
        driver.screenshot(dlg, driver.args[0] + "/convert_dialog_preview.png")
    summary_after_preview = dlg.summary.toPlainText()
    assert col.note_count() == 18, "preview changes nothing"
    dlg.convert_button.click()
    driver.wait_until(lambda: dlg.last_result is not None, 60, "conversion")
    result = dlg.last_result
    # The new notes' stroke-data files are written in the background once the notes are in.
    media = __import__("write_practice.writing.media", fromlist=["x"])
    wanted_stroke_files = {media.stroke_media_name("ja", ord(ch)) for ch, _ in media.writing_characters(col)}
    driver.wait_until(lambda: wanted_stroke_files <= set(os.listdir(col.media.dir())), 30, "the stroke-data files")
    targets = _writing_targets(col)
    undo_label = col.undo_status().undo
    source_after = col.db.all(f"select id, mod, usn, tags, flds from notes where id in ({','.join(map(str, core_ids))}) order by id")
    deck_names = sorted(d.name for d in col.decks.all_names_and_ids())

    # A writing card renders in the reviewer with its prompt and the writing area (opened the way
    # the review scenarios do: switching pages faster than a person can lose the first render).
    from review_e2e import open_review

    col.decks.select(col.decks.id_for_name("Core 2k::Writing"))
    open_review(driver)
    card_dom = driver.js(
        mw.reviewer.web,
        "{area: !!document.querySelector('.wp-area'), target: (document.querySelector('.wp-target')||{}).textContent,"
        " meaning: (document.querySelector('.wp-meaning')||{}).textContent,"
        " scripts: Array.from(document.scripts, s => s.getAttribute('src')).filter(src => src && src.startsWith('_write_practice'))}",
    )
    card_dom["card_script"] = __import__("write_practice.writing.media", fromlist=["x"]).card_files().script.name
    mw.moveToState("deckBrowser")
    dlg.close()
    return {
        "preview": {"matched": preview.matched_notes, "to_add": preview.to_add, "samples": len(preview.samples)},
        "summary_after_preview": summary_after_preview,
        "added": result.added,
        "targets": targets,
        "undo_label": undo_label,
        "sources_unchanged": source_before == source_after,
        "decks": deck_names,
        "card_dom": card_dom,
        "stroke_files": len(wanted_stroke_files),
        "summary_after_convert": dlg.summary.toPlainText(),
    }


def browser_action(driver):
    import aqt
    from aqt import mw

    col = mw.col
    hsk_ids = add_hsk_deck(col)
    mw.reset()
    browser = aqt.dialogs.open("Browser", mw)
    driver.wait_until(lambda: browser.isVisible(), what="browser")
    browser.search_for(f"nid:{hsk_ids[0]},{hsk_ids[1]}")
    driver.pump(0.5)
    browser.table.select_all()
    driver.pump(0.3)
    selected = list(browser.selected_notes())
    action = find_action(browser.form.menu_Notes, "Add writing cards for selected notes")
    assert action is not None, "the Browser's Notes menu has the action"
    action.trigger()
    convert_dialog = __import__("write_practice.writing.gui.convert_dialog", fromlist=["x"])
    dlg = driver.wait_until(lambda: convert_dialog._open_dialogs and convert_dialog._open_dialogs[-1], what="the dialog")
    dlg.preview_button.click()
    driver.wait_until(lambda: dlg.preview_result is not None, 60, "preview")
    dlg.convert_button.click()
    driver.wait_until(lambda: dlg.last_result is not None, 60, "conversion")
    targets = _writing_targets(col)
    dlg.close()
    browser.close()
    driver.pump(0.5)
    return {"selected": len(selected), "added": dlg.last_result.added, "targets": targets}


def _layout_facts(dlg) -> dict:
    """What a user sees at the dialog's own size: tables without horizontal scrolling, the deck
    name not cut off."""
    facts = {
        "size": [dlg.width(), dlg.height()],
        "scrolls_sideways": {
            name: table.horizontalScrollBar().isVisible()
            for name, table in (("scripts", dlg.script_table), ("fields", dlg.field_table))
        },
    }
    if dlg.note_ids is None:
        combo = dlg.deck_combo
        facts["deck_name_fits"] = combo.fontMetrics().horizontalAdvance(combo.currentText()) <= combo.width() - 30
    return facts


def _press(driver, widget, key) -> None:
    from PyQt6.QtTest import QTest

    QTest.keyClick(widget, key)
    driver.pump(0.1)


def keyboard_and_look(driver):
    """The dialog as it opens (its own default size) and after a preview, driven by the keyboard
    (Enter previews, then adds; Esc closes), in day and then night mode. With driver.args, its
    screenshots go to that folder."""
    from aqt.qt import Qt
    from aqt.theme import Theme

    mw = driver.mw
    col = mw.col
    add_core_deck(col, "Sample Japanese Vocabulary")
    add_hsk_deck(col)
    mw.reset()
    out = {}
    for theme, name in ((Theme.LIGHT, "day"), (Theme.DARK, "night")):
        mw.set_theme(theme)
        driver.pump(0.5)
        dlg = _open_dialog_from_tools_menu(driver)
        dlg.deck_combo.setCurrentText("Sample Japanese Vocabulary")
        driver.pump(0.3)
        facts = {"opened": _layout_facts(dlg)}
        _press(driver, dlg, Qt.Key.Key_Return)
        driver.wait_until(lambda: dlg.preview_result is not None, 60, "preview by Enter")
        driver.pump(0.3)
        facts["previewed"] = _layout_facts(dlg)
        palette = dlg.summary.palette()
        facts["lightness"] = {
            "window": dlg.palette().color(dlg.backgroundRole()).lightnessF(),
            "summary_base": palette.color(palette.ColorRole.Base).lightnessF(),
            "summary_text": palette.color(palette.ColorRole.Text).lightnessF(),
            "table_base": dlg.field_table.palette().color(palette.ColorRole.Base).lightnessF(),
            "whole_dialog": _mean_lightness(dlg.grab().toImage()),
        }
        if driver.args:
            driver.screenshot(dlg, f"{driver.args[0]}/convert_dialog_{name}.png")
        if name == "day":
            # A changed option makes the preview stale: Enter previews again before it adds.
            dlg.interval_spin.setValue(dlg.interval_spin.value() + 1)
            facts["add_after_change"] = dlg.convert_button.isEnabled()
            dlg.preview_result = None
            _press(driver, dlg, Qt.Key.Key_Return)
            driver.wait_until(lambda: dlg.preview_result is not None, 60, "preview again by Enter")
            facts["add_after_second_preview"] = dlg.convert_button.isEnabled()
            _press(driver, dlg, Qt.Key.Key_Return)
            driver.wait_until(lambda: dlg.last_result is not None, 60, "conversion by Enter")
            facts["added"] = dlg.last_result.added
            facts["enter_previews_after_adding"] = dlg.preview_button.isDefault()
        _press(driver, dlg, Qt.Key.Key_Escape)
        driver.pump(0.3)
        facts["closed_by_esc"] = not dlg.isVisible()
        out[name] = facts
    mw.set_theme(Theme.LIGHT)
    return out


def _mean_lightness(image) -> float:
    """Mean lightness of a sample of the image's pixels (0 black … 1 white)."""
    from aqt.qt import QColor

    total = count = 0
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            total += QColor(image.pixel(x, y)).lightnessF()
            count += 1
    return total / max(1, count)


def cut_off(dlg) -> list[str]:
    """Everything the dialog shows cut off at its current size: a header, a column, a name in a
    table (elided, behind a scroll bar or scrolled sideways), a row clipped, or a label, button or
    list elsewhere narrower than its text. Empty when everything shows whole."""
    from aqt.qt import QAbstractButton, QComboBox, QLabel, QStyle, QStyleOptionComboBox

    problems = []

    def text_of(widget) -> str:
        return widget.currentText() if isinstance(widget, QComboBox) else widget.text()

    def narrower_than_text(widget) -> bool:
        if isinstance(widget, QComboBox):  # the text is elided to the edit field
            option = QStyleOptionComboBox()
            widget.initStyleOption(option)
            field = widget.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, widget)
            return widget.fontMetrics().horizontalAdvance(widget.currentText()) > field.width()
        return widget.width() < widget.sizeHint().width()

    def hidden_part(widget) -> bool:
        return widget.visibleRegion().boundingRect() != widget.rect()

    tables = {"scripts": dlg.script_table, "fields": dlg.field_table}
    in_tables = set()
    for name, table in tables.items():
        header = table.horizontalHeader()
        if table.horizontalScrollBar().isVisible():
            problems.append(f"{name}: scrolls sideways")
        if header.length() > table.viewport().width():
            problems.append(f"{name}: columns {header.length()} px wide in {table.viewport().width()} px")
        for column in range(table.columnCount()):
            title = table.horizontalHeaderItem(column).text()
            if header.sectionSize(column) < header.sectionSizeHint(column):
                problems.append(f"{name}: header {title!r} elided")
            for row in range(min(table.rowCount(), 6)):
                widget = table.cellWidget(row, column)
                if widget is None:
                    continue
                in_tables.add(widget)
                what = f"{name}: {title} {text_of(widget)!r}"
                if narrower_than_text(widget):
                    problems.append(f"{what} elided ({widget.width()} px)")
                if table.rowHeight(row) < widget.sizeHint().height() or hidden_part(widget):
                    problems.append(f"{what} partly hidden")
    for widget in dlg.findChildren(QLabel) + dlg.findChildren(QAbstractButton) + dlg.findChildren(QComboBox):
        if widget in in_tables or not widget.isVisible() or (isinstance(widget, QLabel) and widget.wordWrap()):
            continue
        if type(widget).__name__ == "QComboBoxPrivateContainer" or not text_of(widget):
            continue
        if narrower_than_text(widget) or hidden_part(widget):
            problems.append(f"{type(widget).__name__} {text_of(widget)!r} cut off ({widget.width()}x{widget.height()} px)")
    return problems


def sizes(driver):
    """The README's dialog (the demo's decks, the demo's steps) at the size it opens at, after a
    preview, at 1280×800 and shrunk as far as it goes: what is cut off at each. With driver.args,
    screenshots go to that folder."""
    import demo_deck

    mw = driver.mw
    demo_deck.seed(mw.col)
    mw.reset()
    dlg = _open_dialog_from_tools_menu(driver)
    dlg.deck_combo.setCurrentText(demo_deck.JA_DECK)
    driver.pump(0.3)
    screen = dlg.screen().availableGeometry()
    out = {"screen": [screen.width(), screen.height()], "at": {}}

    def record(moment: str) -> None:
        driver.pump(0.3)
        out["at"][moment] = {"size": [dlg.width(), dlg.height()], "cut_off": cut_off(dlg)}
        if driver.args:
            driver.screenshot(dlg, f"{driver.args[0]}/convert_dialog_{moment}.png")

    record("opened")
    dlg.preview_button.click()
    driver.wait_until(lambda: dlg.preview_result is not None, 60, "preview")
    out["note_types"] = [f.notetype_name for f in dlg.preview_result.fields.values()]
    record("previewed")
    dlg.resize(1280, 800)
    record("1280x800")
    dlg.resize(1, 1)  # the minimum size: what a window manager or the user can shrink it to
    record("smallest")
    dlg.adjustSize()
    record("adjusted")
    dlg.close()
    return out
