"""The Tools → Write Practice menu: the top of the GUI layer. It opens the windows (each imported
on first use, so nothing loads at start-up); they import the shared state (writing/gui/state.py),
never this module."""

from __future__ import annotations

from aqt import mw as _mw
from aqt.qt import QMenu

from . import state


def setup_menu(mw) -> QMenu:
    menu = QMenu("Write Practice", mw)
    mw.form.menuTools.addMenu(menu)
    menu.addAction("Add writing cards…", _open_convert_dialog)
    menu.addAction("Writing gap…", _open_gap_report)
    menu.addAction("Test my writing…", _open_self_test)
    menu.addAction("Settings…", _open_settings)
    return menu


def _open_convert_dialog() -> None:
    from . import convert_dialog

    convert_dialog.open_dialog(_mw)


def _open_gap_report() -> None:
    from . import gap_report

    gap_report.open_window(_mw)


def _open_self_test() -> None:
    from . import self_test

    self_test.open_window(_mw)


def _open_settings() -> None:
    from . import settings

    settings.open_settings()


def on_profile_did_open() -> None:
    state.current_config()  # report config problems early, once
