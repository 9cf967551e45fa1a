"""Typed view of the add-on config. The dataclasses below hold the defaults and their types are
the types; the rules below add ranges and choices. `config.json` (next to `__init__.py`, what
Anki shows and merges the user's values into) must equal those defaults (a test checks it); it is
not read here, because users hand-edit it in the add-on folder and it would then carry its own
bad values past the rules. A bad or unknown key produces one clear message naming it, and only
that key falls back to its default."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCRIPTS = ("ja", "zh-Hans", "zh-Hant")
MODES = ("guided", "free")

# key -> (allowed choices) or (low, high) for numbers; keys not listed only need the right type.
CHOICES: dict[str, tuple[str, ...]] = {
    "mode": MODES,
    "grid": ("tian", "mi", "none"),
    "unit": ("word", "character"),
    "no_stroke_data": ("self_graded", "skip"),
}
RANGES: dict[str, tuple[float, float]] = {
    "leniency": (0.25, 4.0),
    "hint_after_misses": (1, 20),
    "auto_answer_seconds": (0, 60),
    "min_interval": (0, 36500),
    "rating.miss_budget_base": (0, 100),
    "rating.miss_budget_per_stroke": (0, 10),
    "rating.stroke_hint_cost": (0, 10),
    "rating.component_hint_cost": (0, 10),
    "rating.reveal_rating": (1, 4),
}
# Dict-valued keys whose values must be one of these choices (deck name -> value).
MAP_CHOICES: dict[str, tuple[str, ...]] = {"deck_scripts": SCRIPTS, "deck_modes": MODES}


@dataclass(frozen=True)
class RatingPolicy:
    """How mistakes become a suggested rating (see writing/grading and config.md)."""

    miss_budget_base: float = 1.0
    miss_budget_per_stroke: float = 0.15
    stroke_hint_cost: float = 1.0
    component_hint_cost: float = 0.5
    reveal_rating: int = 1


@dataclass(frozen=True)
class Config:
    leniency: float = 1.0
    mode: str = "guided"
    grid: str = "tian"
    hint_after_misses: int = 3
    accept_variant_orders: bool = True
    auto_answer_seconds: float = 0.0
    deck_modes: dict[str, str] = field(default_factory=dict)
    min_interval: int = 21
    unit: str = "word"
    write_kana: bool = True
    kana_only_words: bool = False
    no_stroke_data: str = "self_graded"
    tag_source_notes: bool = False
    writing_deck: str = ""
    deck_scripts: dict[str, str] = field(default_factory=dict)
    rating: RatingPolicy = field(default_factory=RatingPolicy)

    def mode_for_deck(self, deck_name: str) -> str:
        """The deck's own mode if set (a parent deck's applies to its subdecks), else `mode`."""
        parts = deck_name.split("::")
        for depth in range(len(parts), 0, -1):
            mode = self.deck_modes.get("::".join(parts[:depth]))
            if mode:
                return mode
        return self.mode

    def script_for_deck(self, deck_name: str) -> str | None:
        parts = deck_name.split("::")
        for depth in range(len(parts), 0, -1):
            script = self.deck_scripts.get("::".join(parts[:depth]))
            if script:
                return script
        return None


def builtin_defaults() -> dict[str, Any]:
    """The defaults as JSON-like data, in config.json's layout."""
    return asdict(Config())


def _type_ok(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return isinstance(value, int) or not isinstance(default, int) or float(value).is_integer()
    return isinstance(value, type(default))


def _type_name(default: Any) -> str:
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, int):
        return "a whole number"
    if isinstance(default, float):
        return "a number"
    if isinstance(default, str):
        return "text"
    return "an object" if isinstance(default, dict) else type(default).__name__


def _check(key: str, default: Any, value: Any, problems: list[str]) -> Any:
    if not _type_ok(default, value):
        problems.append(
            f"config key '{key}' should be {_type_name(default)}, got {json.dumps(value, ensure_ascii=False)}; using the default {json.dumps(default)}"
        )
        return default
    if key in CHOICES and value not in CHOICES[key]:
        problems.append(
            f"config key '{key}' must be one of {', '.join(CHOICES[key])}, got {json.dumps(value, ensure_ascii=False)}; using the default {json.dumps(default)}"
        )
        return default
    if key in RANGES:
        low, high = RANGES[key]
        if not (low <= value <= high):
            problems.append(
                f"config key '{key}' must be between {low:g} and {high:g}, got {value}; using the default {default}"
            )
            return default
    if key in MAP_CHOICES:
        clean = {}
        for deck, choice in value.items():
            if choice in MAP_CHOICES[key]:
                clean[deck] = choice
            else:
                problems.append(
                    f"config key '{key}' entry {json.dumps(deck, ensure_ascii=False)} must be one of {', '.join(MAP_CHOICES[key])}, got {json.dumps(choice, ensure_ascii=False)}; entry ignored"
                )
        return clean
    if isinstance(default, int) and not isinstance(default, bool):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value


def parse(raw: Any, defaults: dict[str, Any] | None = None) -> tuple[Config, list[str]]:
    """Typed config from the user's dict. Returns (config, problems); never raises."""
    defaults = builtin_defaults() if defaults is None else defaults
    problems: list[str] = []
    if not isinstance(raw, dict):
        problems.append("the add-on config is not a JSON object; using all defaults")
        raw = {}
    top: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in defaults:
            problems.append(f"config key '{key}' is unknown and was ignored")
            continue
        if key == "rating":
            continue
        top[key] = _check(key, defaults[key], value, problems)
    rating_raw = raw.get("rating", {})
    rating_values: dict[str, Any] = {}
    if not isinstance(rating_raw, dict):
        problems.append("config key 'rating' should be an object; using its defaults")
        rating_raw = {}
    for key, value in rating_raw.items():
        if key not in defaults["rating"]:
            problems.append(f"config key 'rating.{key}' is unknown and was ignored")
            continue
        rating_values[key] = _check(f"rating.{key}", defaults["rating"][key], value, problems)
    known = {f.name for f in fields(Config)}
    base = {k: v for k, v in defaults.items() if k in known and k != "rating"}
    base.update(top)
    policy = RatingPolicy(**{**defaults["rating"], **rating_values})
    return Config(**base, rating=policy), problems
