"""The conversion dialog and the Browser action in real Anki, offscreen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).resolve().parent / "scenarios" / "convert_gui.py"

pytestmark = pytest.mark.gui


def own_instance(tmp_path) -> dict[str, str]:
    """Anki lets one instance run per user; others' GUI tests may be running at the same time."""
    return {"ANKI_SINGLE_INSTANCE_KEY": f"write-practice-test-{tmp_path.name}"}


def test_tools_menu_dialog_previews_then_converts(anki_gui, tmp_path):
    result = anki_gui(f"{SCENARIOS}:dialog", extra_env=own_instance(tmp_path))
    # これ and カタカナ are kana only: no cards unless kana_only_words is on
    assert result["preview"] == {"matched": 10, "to_add": 7, "samples": 7}
    assert "7 writing cards to add" in result["summary_after_preview"]
    assert result["added"] == 7
    assert result["targets"] == sorted(["勉強", "食べ物", "学生", "日本語", "侮辱", "葛城", "髙橋"])
    assert result["undo_label"] == "Add writing cards"
    assert result["sources_unchanged"]
    assert result["stroke_files"] > 0, "the new notes' stroke data was written to the media"
    assert "Core 2k::Writing" in result["decks"] and "HSK 1::Writing" not in result["decks"]
    assert result["card_dom"]["area"]
    assert result["card_dom"]["scripts"] == [result["card_dom"]["card_script"]], "the card loads this build's script"
    assert result["card_dom"]["target"] == "勉強" and result["card_dom"]["meaning"] == "study"
    assert "Added 7 writing cards" in result["summary_after_convert"]


def test_browser_action_converts_the_selected_notes(anki_gui, tmp_path):
    result = anki_gui(f"{SCENARIOS}:browser_action", extra_env=own_instance(tmp_path))
    assert result["selected"] == 2
    assert result["added"] == 2 and result["targets"] == sorted(["爱", "学习"])


def test_dialog_fits_its_contents_works_from_the_keyboard_and_follows_night_mode(anki_gui, tmp_path):
    result = anki_gui(f"{SCENARIOS}:keyboard_and_look", extra_env=own_instance(tmp_path))
    for mode in ("day", "night"):
        for moment in ("opened", "previewed"):
            facts = result[mode][moment]
            assert facts["scrolls_sideways"] == {"scripts": False, "fields": False}, (mode, moment, facts)
            assert facts["deck_name_fits"], ("Sample Japanese Vocabulary is cut off", mode, moment, facts)
        assert result[mode]["closed_by_esc"], mode
    day = result["day"]
    assert day["add_after_change"] is False, "a changed option makes the preview stale"
    assert day["add_after_second_preview"] and day["added"] == 7, "Enter previewed, then Enter added"
    assert day["enter_previews_after_adding"]
    light, dark = day["lightness"], result["night"]["lightness"]
    assert light["whole_dialog"] > 0.7 and light["summary_text"] < 0.3
    # Night mode: Anki's dark palette everywhere (nothing of the dialog's own stays light).
    assert dark["whole_dialog"] < 0.35, dark
    assert dark["window"] < 0.35 and dark["summary_base"] < 0.35 and dark["table_base"] < 0.35, dark
    assert dark["summary_text"] > 0.7, dark


SCREENS = {"offscreen-800x800": None, "laptop-1280x800": (1280, 800)}


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_nothing_is_cut_off_at_any_size(anki_gui, tmp_path, screen):
    """The README screenshot's dialog (the demo decks): note type names, headers, every column
    of the fields table and every label show whole when it opens, after a preview, at 1280×800,
    shrunk to its minimum and after adjustSize (what the demo did for its screenshot)."""
    env = own_instance(tmp_path)
    if SCREENS[screen]:
        width, height = SCREENS[screen]
        config = tmp_path / "screens.json"
        config.write_text(json.dumps({"screens": [{"name": screen, "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}]}))
        env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    result = anki_gui(f"{SCENARIOS}:sizes", extra_env=env)
    if SCREENS[screen]:
        assert result["screen"] == list(SCREENS[screen]), "the screen the test asked for"
    assert "Japanese Vocab (sample)" in result["note_types"]
    assert set(result["at"]) == {"opened", "previewed", "1280x800", "smallest", "adjusted"}
    for moment, facts in result["at"].items():
        assert facts["cut_off"] == [], (moment, facts)
    opened = result["at"]["opened"]["size"]
    assert opened[0] <= result["screen"][0] and opened[1] <= result["screen"][1], "the default size fits the screen"
