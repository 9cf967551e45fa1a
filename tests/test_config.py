"""Config drills: hand-edited, corrupt or partial config gives one clear message per bad key
naming it, that key falls back to its default, the rest is kept, and nothing raises."""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from writing import config as config_core
from writing.config import Config, RatingPolicy, parse

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = json.loads((ROOT / "config.json").read_text(encoding="utf-8"))


def test_config_json_is_exactly_the_builtin_defaults():
    """config.json is what Anki shows and merges; the typed defaults must not drift from it."""
    assert DEFAULTS == asdict(Config())


def test_the_shipped_config_parses_without_a_problem():
    cfg, problems = parse(DEFAULTS)
    assert problems == [] and cfg == Config()


@pytest.mark.parametrize(
    "raw, key, fragment",
    [
        ({"leniency": "high"}, "leniency", "should be a number"),
        ({"leniency": 10}, "leniency", "between 0.25 and 4"),
        ({"leniency": float("nan")}, "leniency", "between"),
        ({"leniency": True}, "leniency", "should be a number"),
        ({"hint_after_misses": 2.5}, "hint_after_misses", "a whole number"),
        ({"hint_after_misses": None}, "hint_after_misses", "a whole number"),
        ({"mode": "Guided"}, "mode", "must be one of guided, free"),
        ({"grid": "dots"}, "grid", "must be one of tian, mi, none"),
        ({"write_kana": "yes"}, "write_kana", "true or false"),
        ({"writing_deck": 5}, "writing_deck", "should be text"),
        ({"deck_scripts": ["ja"]}, "deck_scripts", "should be an object"),
        ({"auto_answer_seconds": -1}, "auto_answer_seconds", "between 0 and 60"),
        ({"rating": 3}, "rating", "should be an object"),
        ({"rating": {"reveal_rating": 7}}, "rating.reveal_rating", "between 1 and 4"),
        ({"rating": {"reveal_rating": "again"}}, "rating.reveal_rating", "a whole number"),
        ({"rating": {"miss_budget_base": -0.5}}, "rating.miss_budget_base", "between 0 and 100"),
    ],
    ids=["leniency-high", "leniency-out-of-range", "leniency-nan", "leniency-bool", "hints-fraction", "hints-null",
         "mode-wrong-case", "grid-unknown", "kana-text", "deck-number", "deck-scripts-list", "auto-answer-negative",
         "rating-not-object", "rating-reveal-out-of-range", "rating-reveal-text", "rating-negative-budget"],
)
def test_a_bad_value_is_named_and_replaced_by_its_default(raw, key, fragment):
    cfg, problems = parse({**DEFAULTS, **raw, "leniency": raw.get("leniency", 1.5)})
    assert len(problems) == 1, problems
    assert f"'{key}'" in problems[0] and fragment in problems[0]
    assert "default" in problems[0] or "ignored" in problems[0]
    top, _, sub = key.partition(".")
    default = DEFAULTS[top][sub] if sub else DEFAULTS[top]
    value = getattr(cfg.rating, sub) if sub else getattr(cfg, top)
    assert (asdict(value) if top == "rating" and not sub else value) == default
    if key != "leniency":
        assert cfg.leniency == 1.5, "the other keys keep the user's values"


def test_unknown_keys_are_named_and_ignored():
    cfg, problems = parse({"leniency": 2.0, "colour": "red", "rating": {"reveal_rating": 2, "bonus": 1}})
    assert sorted(problems) == ["config key 'colour' is unknown and was ignored",
                                "config key 'rating.bonus' is unknown and was ignored"]
    assert cfg.leniency == 2.0 and cfg.rating.reveal_rating == 2


def test_missing_keys_take_their_defaults_silently():
    cfg, problems = parse({"grid": "mi", "rating": {"stroke_hint_cost": 2.0}})
    assert problems == []
    assert cfg.grid == "mi" and cfg.rating.stroke_hint_cost == 2.0
    assert cfg.leniency == DEFAULTS["leniency"] and cfg.rating.reveal_rating == DEFAULTS["rating"]["reveal_rating"]


@pytest.mark.parametrize("raw", [None, [], "leniency=2", 3, True], ids=["null", "list", "text", "number", "bool"])
def test_a_config_that_is_not_an_object_gives_all_defaults(raw):
    cfg, problems = parse(raw)
    assert problems == ["the add-on config is not a JSON object; using all defaults"]
    assert cfg == Config()


def test_per_deck_maps_keep_good_entries_and_name_the_bad_ones():
    cfg, problems = parse({"deck_scripts": {"Japanese": "ja", "Chinese": "zh", "HSK": "zh-Hans"},
                           "deck_modes": {"Kanji": "free", "Other": 1}})
    assert cfg.deck_scripts == {"Japanese": "ja", "HSK": "zh-Hans"}
    assert cfg.deck_modes == {"Kanji": "free"}
    assert len(problems) == 2
    assert any("'deck_scripts'" in p and '"Chinese"' in p for p in problems)
    assert any("'deck_modes'" in p and '"Other"' in p for p in problems)


def test_whole_numbers_given_as_floats_are_accepted_and_typed():
    cfg, problems = parse({"hint_after_misses": 4.0, "min_interval": 30.0})
    assert problems == []
    assert cfg.hint_after_misses == 4 and isinstance(cfg.hint_after_misses, int)
    assert isinstance(cfg.min_interval, int)


def test_deck_settings_apply_to_subdecks():
    cfg, _ = parse({"mode": "guided", "deck_modes": {"Japanese": "free"}, "deck_scripts": {"Chinese::HSK": "zh-Hans"}})
    assert cfg.mode_for_deck("Japanese::Core 2k") == "free"
    assert cfg.mode_for_deck("Chinese") == "guided"
    assert cfg.script_for_deck("Chinese::HSK::Level 1") == "zh-Hans"
    assert cfg.script_for_deck("Chinese") is None


def _valid(cfg: Config) -> list[str]:
    """Every rule the parser promises, checked on its output."""
    broken = []
    for key, (low, high) in config_core.RANGES.items():
        top, _, sub = key.partition(".")
        value = getattr(cfg.rating, sub) if sub else getattr(cfg, top)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (low <= value <= high):
            broken.append(key)
    for key, choices in config_core.CHOICES.items():
        if getattr(cfg, key) not in choices:
            broken.append(key)
    for key, choices in config_core.MAP_CHOICES.items():
        if not all(v in choices for v in getattr(cfg, key).values()):
            broken.append(key)
    for key, default in asdict(Config()).items():
        if key != "rating" and type(getattr(cfg, key)) is not type(default):
            broken.append(key)
    return broken


HOSTILE_VALUES = [None, True, False, 0, -1, 1, 2.5, 1e308, -1e308, math.inf, float("nan"), "", "high", "ja",
                  "guided", "<script>", "x" * 10_000, [], [1, 2], {}, {"ja": "ja"}, {"a": None}, {"Deck": "free"}]


def test_random_hand_edits_never_raise_and_always_give_a_valid_config():
    rng = random.Random(20260906)
    keys = list(DEFAULTS) + ["unknown_key", "rating"]
    for _ in range(3000):
        raw = {}
        for key in rng.sample(keys, rng.randint(0, len(keys))):
            if key == "rating" and rng.random() < 0.7:
                raw[key] = {k: rng.choice(HOSTILE_VALUES) for k in rng.sample([*DEFAULTS["rating"], "zzz"], 3)}
            else:
                raw[key] = rng.choice(HOSTILE_VALUES)
        cfg, problems = parse(raw)
        assert _valid(cfg) == [], (raw, cfg)
        assert isinstance(cfg.rating, RatingPolicy)
        for problem in problems:
            assert problem.startswith("config key '") or problem.startswith("the add-on config")


def _parse_in_addon_copy(tmp_path: Path, config_json_text: str, raw_expr: str) -> dict:
    """Parse in a copy of the add-on whose config.json holds `config_json_text` (as a user left it)."""
    addon = tmp_path / "addon"
    shutil.copytree(ROOT / "writing", addon / "writing", ignore=shutil.ignore_patterns("__pycache__", "data"))
    (addon / "config.json").write_text(config_json_text, encoding="utf-8")
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(addon)!r})\n"
        "from writing.config import parse\n"
        f"cfg, problems = parse({raw_expr})\n"
        "print(json.dumps({'leniency': cfg.leniency, 'grid': cfg.grid, 'problems': problems}))\n"
    )
    proc = subprocess.run([sys.executable, "-B", "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_a_hand_edited_config_json_does_not_change_the_rules(tmp_path):
    """Users edit config.json in the add-on folder; Anki then hands its values over as if they were
    defaults. The rules come from the code, so a bad value there is caught like any other."""
    edited = {**DEFAULTS, "leniency": "high", "grid": "hexagon"}
    result = _parse_in_addon_copy(tmp_path, json.dumps(edited), repr(edited))
    assert result["leniency"] == 1.0 and result["grid"] == "tian"
    assert len(result["problems"]) == 2
    assert any("'leniency'" in p for p in result["problems"]) and any("'grid'" in p for p in result["problems"])


def test_a_config_json_that_is_not_json_does_not_break_parsing(tmp_path):
    """Anki's getConfig() returns None for it; the add-on then parses an empty config."""
    result = _parse_in_addon_copy(tmp_path, '{"leniency": 1.0,, oops', "{}")
    assert result["leniency"] == 1.0 and result["problems"] == []


def test_number_keys_take_fractions_and_whole_number_keys_do_not():
    cfg, problems = parse({"auto_answer_seconds": 2.5, "leniency": 2})
    assert problems == [] and cfg.auto_answer_seconds == 2.5 and cfg.leniency == 2.0
    cfg, problems = parse({"min_interval": 1.5})
    assert len(problems) == 1 and "'min_interval'" in problems[0] and cfg.min_interval == 21
