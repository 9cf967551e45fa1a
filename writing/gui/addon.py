"""Add-on wide GUI state: the Tools menu and the current config."""

from __future__ import annotations

from typing import Any

from aqt import mw as _mw
from aqt.addons import AddonManager
from aqt.qt import QMenu
from aqt.utils import tooltip

from .. import config as config_core

ADDON_MODULE = __name__.split(".")[0]
# Anki's per-add-on logger: it writes to logs/addons/<folder>/ in the Anki base folder, which
# is where error messages on the card tell the user to look.
log = AddonManager.get_logger(ADDON_MODULE)

_menu: QMenu | None = None
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


def setup_menu(mw) -> QMenu:
    global _menu
    _menu = QMenu("Write Practice", mw)
    mw.form.menuTools.addMenu(_menu)
    _menu.addAction("Add writing cards…", _open_convert_dialog)
    _menu.addAction("Writing gap…", _open_gap_report)
    _menu.addAction("Test my writing…", _open_self_test)
    return _menu


def _open_convert_dialog() -> None:
    from . import convert_dialog  # imported on first use: nothing to load at start-up

    convert_dialog.open_dialog(_mw)


def _open_gap_report() -> None:
    from . import gap_report  # imported on first use: nothing to load at start-up

    gap_report.open_window(_mw)


def _open_self_test() -> None:
    from . import self_test  # imported on first use: nothing to load at start-up

    self_test.open_window(_mw)


def menu() -> QMenu:
    assert _menu is not None, "setup_menu() runs when the add-on loads"
    return _menu


def on_profile_did_open() -> None:
    current_config()  # report config problems early, once
