"""Write Practice, an Anki add-on: handwriting-from-memory cards from recognition decks.

This file only wires hooks, in the order Anki fires them. Imported outside a running Anki
(tests, tools, `python -m writing`) it does nothing.
"""


def _inside_running_anki() -> bool:
    import os

    if "PYTEST_CURRENT_TEST" in os.environ:
        return False
    try:
        from aqt import mw
    except Exception:
        return False
    return mw is not None


if _inside_running_anki():
    from aqt import gui_hooks, mw

    from .writing.gui import addon

    addon.setup_menu(mw)  # Tools menu exists before add-ons load
    gui_hooks.profile_did_open.append(addon.on_profile_did_open)
