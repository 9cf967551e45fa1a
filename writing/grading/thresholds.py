"""The grader's thresholds: read once from thresholds.json and scaled by the leniency setting once.

thresholds.json is the single source (a port of the grader reads the same file): each entry has a
`value`, the direction that is more `lenient` ("bigger", "smaller" or "none") and `why`. Leniency
multiplies "bigger" thresholds and divides "smaller" ones, so raising it makes every verdict more
lenient; "none" entries (fit and message parameters) are left as they are."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

_FILE = Path(__file__).with_name("thresholds.json")
DIRECTIONS = ("bigger", "smaller", "none")


@lru_cache(maxsize=1)
def table() -> MappingProxyType:
    """{name: {"value", "lenient", "why"}} as written in thresholds.json."""
    entries = json.loads(_FILE.read_text(encoding="utf-8"))["thresholds"]
    for name, entry in entries.items():
        if entry.get("lenient") not in DIRECTIONS or not isinstance(entry.get("value"), (int, float)) or not entry.get("why"):
            raise ValueError(f"thresholds.json: {name} needs a numeric value, lenient in {DIRECTIONS} and why")
    return MappingProxyType(entries)


class Thresholds:
    """Attribute access to every threshold, already scaled by `leniency`."""

    def __init__(self, leniency: float) -> None:
        self.leniency = leniency
        for name, entry in table().items():
            value = float(entry["value"])
            if entry["lenient"] == "bigger":
                value *= leniency
            elif entry["lenient"] == "smaller":
                value /= leniency
            setattr(self, name, value)


@lru_cache(maxsize=16)
def thresholds(leniency: float = 1.0) -> Thresholds:
    return Thresholds(leniency)
