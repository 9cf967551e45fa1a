"""The GUI state every window shares: the add-on's name, its log and the current config.

Every module of writing/gui may import this one, and it imports none of them: the windows and
the reviewer read the config and log here, and writing/gui/addon.py (the Tools menu, which opens
the windows) sits above them, so no import goes back up.
"""

from __future__ import annotations

from typing import Any

from aqt import mw as _mw
from aqt.addons import AddonManager
from aqt.utils import tooltip

from .. import config as config_core

ADDON_MODULE = __name__.split(".")[0]
# Anki's per-add-on logger: it writes to logs/addons/<folder>/ in the Anki base folder, which
# is where error messages on the card tell the user to look.
log = AddonManager.get_logger(ADDON_MODULE)

_reported_problems: set[str] = set()


def _raw_config() -> tuple[Any, list[str]]:
    """The user's config as Anki merges it. Anki's reader returns None for a config.json that is not
    JSON and raises when meta.json's "config" is not an object (both only happen by hand-editing)."""
    manager = _mw.addonManager
    try:
        raw = manager.getConfig(ADDON_MODULE)
    except Exception:
        return manager.addonMeta(ADDON_MODULE).get("config"), []
    if raw is None:
        return {}, ["the add-on's config.json is not valid JSON; using the defaults (reinstalling the add-on restores it)"]
    return raw, []


def config_and_problems() -> tuple[config_core.Config, list[str]]:
    """The user's config, typed, and every problem found in it (reported by nobody)."""
    raw, problems = _raw_config() if _mw else ({}, [])
    cfg, parse_problems = config_core.parse(raw)
    return cfg, problems + parse_problems


def current_config() -> config_core.Config:
    """The user's config, typed; problems are reported once each, without a modal dialog."""
    cfg, problems = config_and_problems()
    fresh = [p for p in problems if p not in _reported_problems]
    if fresh:
        _reported_problems.update(fresh)
        for problem in fresh:
            log.warning("Write Practice: %s", problem)
        tooltip("Write Practice config: " + "<br>".join(fresh), period=8000)
    return cfg
