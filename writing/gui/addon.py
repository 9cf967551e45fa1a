"""Add-on wide GUI state: the Tools menu and the current config."""

from __future__ import annotations

import logging

from aqt import mw as _mw
from aqt.qt import QMenu
from aqt.utils import tooltip

from .. import config as config_core

ADDON_MODULE = __name__.split(".")[0]
log = logging.getLogger(ADDON_MODULE)

_menu: QMenu | None = None
_reported_problems: set[str] = set()


def current_config() -> config_core.Config:
    """The user's config, typed; problems are reported once each, without a modal dialog."""
    raw = _mw.addonManager.getConfig(ADDON_MODULE) if _mw else None
    cfg, problems = config_core.parse(raw if raw is not None else {})
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
    return _menu


def menu() -> QMenu:
    assert _menu is not None, "setup_menu() runs when the add-on loads"
    return _menu


def on_profile_did_open() -> None:
    current_config()  # report config problems early, once
