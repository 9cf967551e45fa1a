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

    from .writing import vendor

    vendor.prepare()  # numpy: use one that imports, else put the bundled build on sys.path; imports nothing

    from .writing.gui import addon, settings

    addon.setup_menu(mw)  # Tools menu exists before add-ons load
    settings.setup(mw)  # Tools → Add-ons → Config opens the settings dialog
    gui_hooks.profile_did_open.append(addon.on_profile_did_open)

    from .writing.gui import convert_dialog

    gui_hooks.profile_did_open.append(convert_dialog.on_profile_did_open)  # update/repair note type + media
    gui_hooks.browser_menus_did_init.append(convert_dialog.on_browser_menus_did_init)

    from .writing.gui import messages, reviewer

    gui_hooks.webview_did_receive_js_message.append(messages.on_js_message)  # every "wp:" message
    gui_hooks.profile_did_open.append(reviewer.on_profile_did_open)  # the reviewer takes its card's messages
    gui_hooks.state_shortcuts_will_change.append(reviewer.on_state_shortcuts)
    gui_hooks.card_will_show.append(reviewer.on_card_will_show)
    gui_hooks.reviewer_will_init_answer_buttons.append(reviewer.on_answer_buttons)
    gui_hooks.reviewer_did_show_answer.append(reviewer.on_did_show_answer)
    gui_hooks.reviewer_will_answer_card.append(reviewer.on_will_answer)
    gui_hooks.reviewer_did_answer_card.append(reviewer.on_did_answer)
    gui_hooks.reviewer_will_end.append(reviewer.on_reviewer_will_end)
