"""What the demo does inside real Anki (run by tools/demo.py through tools/anki_harness.py)."""

from __future__ import annotations

from pathlib import Path

import demo_deck


def _seed(driver) -> dict[str, int]:
    mw = driver.mw
    added = demo_deck.seed(mw.col)
    mw.reset()
    driver.pump(0.5)
    return added


def interactive(driver) -> dict:
    """With a display: add the sample decks and leave Anki open for the user."""
    return {"seeded": _seed(driver)}


def tour(driver) -> dict:
    """Without a display: add the sample decks, walk through the add-on, save screenshots."""
    out = Path(driver.args[0]) if driver.args else Path("demo/screenshots")
    result: dict = {"seeded": _seed(driver)}
    driver.screenshot(driver.mw, out / "01-decks.png")
    return result
