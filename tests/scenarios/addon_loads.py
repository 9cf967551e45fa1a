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


def config_saved(driver):
    """Save the add-on's config the way its settings dialog does; report where Anki put it."""
    from pathlib import Path

    manager = driver.mw.addonManager
    config = manager.getConfig("write_practice")
    config["leniency"] = float(driver.args[0])
    manager.writeConfig("write_practice", config)
    folder = Path(manager.addonsFolder("write_practice"))
    return {"meta": str(folder / "meta.json"), "saved": (folder / "meta.json").read_text(encoding="utf-8")}
