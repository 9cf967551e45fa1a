"""Scenario: real Anki started with the add-on; report what a user would see."""


def loaded(driver):
    mw = driver.mw
    addons = {m.dir_name: m.enabled for m in mw.addonManager.all_addon_meta()}
    tools_menu = [a.text() for a in mw.form.menuTools.actions()]
    import sys

    return {
        "addons": addons,
        "tools_menu": tools_menu,
        "numpy_loaded_at_startup": "numpy" in sys.modules,
        "addon_module_loaded": "write_practice" in sys.modules,
    }
