"""What the demo does inside real Anki (run by tools/demo.py through tools/anki_harness.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import demo_deck
from anki_harness import find_action

# The review walk-through is shared with the end-to-end tests, which draw strokes the same way.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "scenarios"))


def _seed(driver) -> dict[str, int]:
    mw = driver.mw
    added = demo_deck.seed(mw.col)
    mw.reset()
    driver.pump(0.5)
    return added


def _convert_with_dialog(driver, deck: str, shots: Path | None) -> dict:
    """What a user does: Tools → Write Practice → Add writing cards…, Preview, Add."""
    from write_practice.writing.gui import convert_dialog

    find_action(driver.mw.form.menuTools, "Add writing cards…").trigger()
    dialog = driver.wait_until(lambda: convert_dialog._open_dialogs and convert_dialog._open_dialogs[-1], what="the dialog")
    dialog.deck_combo.setCurrentText(deck)
    dialog.preview_button.click()
    driver.wait_until(lambda: dialog.preview_result is not None, 60, "preview")
    if shots:
        driver.screenshot(dialog, shots)
    dialog.convert_button.click()
    driver.wait_until(lambda: dialog.last_result is not None, 120, "conversion")
    added = dialog.last_result.added
    dialog.close()
    return {"deck": deck, "writing cards added": added}


def interactive(driver) -> dict:
    """With a display: add the sample decks and leave Anki open for the user."""
    return {"seeded": _seed(driver)}


def tour(driver) -> dict:
    """Without a display: add the sample decks, walk through the add-on, save screenshots."""
    out = Path(driver.args[0]) if driver.args else Path("demo/screenshots")
    result: dict = {"seeded": _seed(driver)}
    driver.screenshot(driver.mw, out / "01-decks.png")
    result["converted"] = [
        _convert_with_dialog(driver, demo_deck.JA_DECK, out / "02-add-writing-cards.png"),
        _convert_with_dialog(driver, demo_deck.ZH_DECK, None),
    ]
    driver.mw.reset()
    driver.pump(0.5)
    driver.screenshot(driver.mw, out / "03-decks-with-writing.png")
    import gap_report
    import review_demo

    result["review"] = review_demo.screenshots(driver)
    # The writing-gap report on the demo's own decks: everything recognised, nothing written yet.
    window = gap_report.open_from_tools_menu(driver)
    window.resize(920, 1010)
    gap_report.wait_loaded(driver, window)
    driver.pump(0.8)
    driver.screenshot(window, out / "gap-report.png")
    window.reject()
    return result
