"""The settings dialog in real Anki (offscreen), and the corrupt-config drills at start-up.

The add-on is copied into each base folder (not linked): saving writes meta.json into the add-on's
own folder, which must not be the shared checkout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import package
from anki_harness import ADDON_NAME, run_scenario
from anki_isolation import own_instance_env

pytestmark = pytest.mark.gui

SCENARIOS = "tests/scenarios/settings_dialog.py"


def _base_with_copy(tmp_path: Path, meta_config=None, config_json_text: str | None = None) -> Path:
    base = tmp_path / "base"
    folder = package.copy_runtime_tree(base / "addons21" / ADDON_NAME)
    if meta_config is not None:
        (folder / "meta.json").write_text(json.dumps({"config": meta_config}), encoding="utf-8")
    if config_json_text is not None:
        (folder / "config.json").write_text(config_json_text, encoding="utf-8")
    return base


def _run(base: Path, function: str, args: list[str] | None = None) -> dict:
    result = run_scenario(f"{SCENARIOS}:{function}", base, args=args, extra_env=own_instance_env(base))
    assert result.get("ok"), f"{result.get('error')}\n{result.get('traceback', '')}\n{result.get('_stderr', '')[-3000:]}"
    assert "Traceback" not in result["_stderr"], result["_stderr"]
    return result


def test_config_button_opens_the_form_and_saving_persists_across_a_restart(tmp_path):
    base = _base_with_copy(tmp_path)
    saved = _run(base, "edit_and_save", [str(tmp_path / "settings.png")])
    before = saved["before"]
    assert before["title"] == "Write Practice settings"
    assert (before["mode"], before["leniency"], before["grid"], before["hint_after_misses"]) == ("guided", 1.0, "tian", 3)
    assert before["accept_variant_orders"] is True
    assert not before["problems_shown"]
    assert saved["problems"] == []
    assert saved["typed"] == {"mode": "free", "leniency": 2.0, "grid": "mi", "hint": 5, "variants": False, "auto": 3.5, "reveal": 2,
                              "per_stroke": 10.0, "scripts": {"Japanese::Core": "ja"}, "modes": {"Japanese::Core": "free"}}
    stored = saved["stored"]
    assert stored["leniency"] == 2.0 and stored["rating"]["reveal_rating"] == 2
    assert set(stored) == set(json.loads((package.ROOT / "config.json").read_text())), "every key written, none invented"
    assert Path(tmp_path / "settings.png").stat().st_size > 0

    again = _run(base, "show_saved")
    form = again["form"]
    assert (form["mode"], form["leniency"], form["grid"], form["hint_after_misses"], form["auto_answer_seconds"]) == ("free", 2.0, "mi", 5, 3.5)
    assert form["accept_variant_orders"] is False
    assert form["decks"] == [["Japanese::Core", "ja", "free"]]
    assert again["action_result"] is True, "True tells Anki not to open its JSON editor as well"


def test_bad_hand_edits_are_listed_and_saving_repairs_them_keeping_good_values(tmp_path):
    base = _base_with_copy(tmp_path, {"leniency": "high", "grid": "mi", "colour": "red", "rating": {"reveal_rating": 9}})
    result = _run(base, "fix_bad_config")
    text = result["form"]["problems_text"]
    assert result["form"]["problems_shown"]
    for key in ("'leniency'", "'colour'", "'rating.reveal_rating'"):
        assert key in text
    assert result["form"]["grid"] == "mi" and result["form"]["leniency"] == 1.0
    assert result["stored"]["leniency"] == 1.0 and result["stored"]["grid"] == "mi"
    assert "colour" not in result["stored"] and result["stored"]["rating"]["reveal_rating"] == 1
    assert result["problems_after"] == []


def test_restore_defaults_then_save_writes_the_defaults(tmp_path):
    base = _base_with_copy(tmp_path, {"leniency": 3.0, "grid": "none", "deck_scripts": {"Chinese": "zh-Hans"}})
    result = _run(base, "restore_defaults")
    assert (result["form"]["leniency"], result["form"]["grid"], result["form"]["decks"]) == (1.0, "tian", [])
    assert result["stored"] == json.loads((package.ROOT / "config.json").read_text())


def test_edit_as_json_opens_ankis_editor_and_one_dialog_at_a_time(tmp_path):
    base = _base_with_copy(tmp_path, {"leniency": 1.5})
    result = _run(base, "edit_as_json")
    assert json.loads(result["editor_text"])["leniency"] == 1.5
    assert _run(base, "second_open_raises_the_first")["same"]


@pytest.mark.parametrize(
    "meta_config, config_json_text, expected",
    [
        ({"leniency": "high"}, None, "config key 'leniency' should be a number"),
        (["not", "an", "object"], None, "the add-on config is not a JSON object"),
        (None, '{"leniency": 1.0,, broken', "config.json is not valid JSON"),
        (None, json.dumps({**json.loads((package.ROOT / "config.json").read_text()), "grid": "hexagon"}), "config key 'grid' must be one of"),
    ],
    ids=["meta-leniency-high", "meta-not-an-object", "config-json-not-json", "config-json-hand-edited"],
)
def test_corrupt_config_at_startup_is_said_once_without_a_dialog(tmp_path, meta_config, config_json_text, expected):
    """Anki starts, no modal dialog (the harness fails on one), the tooltip names the key, the
    add-on runs on defaults for that key, and its menu is there."""
    base = _base_with_copy(tmp_path, meta_config, config_json_text)
    result = _run(base, "startup_messages")
    assert expected in result["tooltip"], result["tooltip"]
    assert any(expected in p for p in result["problems"])
    assert result["leniency"] == 1.0 and result["grid"] == "tian"
    assert "Write Practice" in result["tools_menu"]
