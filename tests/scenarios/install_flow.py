"""Scenarios for installing the packaged add-on into real Anki through Anki's own installer, then
using it after a restart. Run by tests/test_install.py, usually under an interpreter with no
numpy (a stand-in for Anki's runtime). The review steps reuse tests/scenarios/review_e2e.py."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

ADDON = "write_practice"
USER_CSS = "\n/* my own addition */\n.card { letter-spacing: 0.01em; }\n"


def install(driver) -> dict[str, Any]:
    """driver.args[0]: the .ankiaddon file. Installs it the way "Install from file…" does."""
    from aqt.addons import InstallOk

    mw = driver.mw
    result = mw.addonManager.install(driver.args[0])
    folder = Path(mw.addonManager.addonsFolder(ADDON))
    return {
        "installed": isinstance(result, InstallOk),
        "result": repr(result),
        "compatible": getattr(result, "compatible", None),
        "top_level": sorted(p.name for p in folder.iterdir()) if folder.exists() else [],
        "is_symlink": folder.is_symlink(),
        "numpy_in_process": "numpy" in sys.modules,
    }


def _startup_facts(driver) -> dict[str, Any]:
    mw = driver.mw
    vendor = sys.modules.get(f"{ADDON}.writing.vendor")
    choice = vendor.prepare() if vendor else None
    return {
        "addons": {m.dir_name: m.enabled for m in mw.addonManager.all_addon_meta()},
        "human_version": mw.addonManager.addon_meta(ADDON).human_version,
        "addon_loaded": ADDON in sys.modules,
        "tools_menu": [a.text() for a in mw.form.menuTools.actions()],
        "config_action": mw.addonManager.configAction(ADDON) is not None,
        "numpy_at_startup": "numpy" in sys.modules,
        "vendor_folder": str(choice.folder) if choice and choice.folder else None,
        "vendor_reason": choice.reason if choice else None,
        "addon_folder": mw.addonManager.addonsFolder(ADDON),
    }


def started(driver) -> dict[str, Any]:
    return _startup_facts(driver)


def started_and_reviewed(driver) -> dict[str, Any]:
    """After the restart: what loaded, then one writing card reviewed end to end (driver.args =
    review_e2e case and scheduler), then where numpy came from."""
    import review_e2e

    facts = _startup_facts(driver)
    review = review_e2e.run(driver)
    vendor = sys.modules[f"{ADDON}.writing.vendor"]
    status = vendor.loaded_status()
    numpy = sys.modules.get("numpy")
    return {
        **facts,
        "review": review,
        "numpy_status": status.message if status else None,
        "numpy_file": getattr(numpy, "__file__", None),
    }


def self_graded_without_numpy(driver) -> dict[str, Any]:
    """A character that has stroke data, in an Anki where numpy cannot load: the card grades
    itself with the JS grader (stroke data from the collection media), a miss is called out, the
    answer shows the local grade, the learner's button records the review, and the add-on says
    why Python does not grade (once, no dialog)."""
    import review_e2e
    from aqt import utils

    facts = _startup_facts(driver)
    mw = driver.mw
    review_e2e.setup_deck(driver, "WP without numpy", [("語", "ja")])
    sys.modules[f"{ADDON}.writing.media"].ensure(mw.col)  # the note's stroke data, as the upkeep writes it
    review_e2e.open_review(driver)
    card_id = mw.reviewer.card.id
    question = review_e2e.wait_page(driver, lambda a: a and a[0]["ready"], "the card ready")[0]
    reference = sys.modules[f"{ADDON}.writing.strokes"].lookup("語", "ja").strokes
    after_miss = review_e2e.draw(driver, [[(0.8, 0.5), (0.2, 0.5)]])  # not 語's first stroke: the JS grader says so
    review_e2e.draw(driver, reference)  # the whole character: the card turns to its answer by itself
    review_e2e.wait_answer(driver)
    # the stroke-order animation beside the ink, its data from the collection media (Python sent none)
    driver.wait_until(
        lambda: driver.js(mw.reviewer.web, "document.querySelectorAll('.wp-area canvas.wp-reference').length") == 1, 20, "stroke order"
    )
    answer = review_e2e.answer_panel(driver)
    review_e2e.shortcut(driver, "3")  # the learner grades it
    eases = review_e2e.wait_answered(driver, card_id)
    vendor = sys.modules[f"{ADDON}.writing.vendor"]
    status = vendor.loaded_status()
    label = getattr(utils, "_tooltipLabel", None)
    return {
        **facts,
        "question": question,
        "miss": after_miss[0]["message"],
        "answer": answer,
        "eases": eases,
        "numpy_status": status.message if status else None,
        "tooltip": label.text() if label is not None else "",
        "numpy_file": getattr(sys.modules.get("numpy"), "__file__", None),
    }


# ------------------------------------------------------------------ upgrade drill


def _card_files_digest(driver) -> dict[str, str]:
    """The card script and style files in the media, of any build (their names carry a hash)."""
    media_dir = Path(driver.mw.col.media.dir())
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in media_dir.glob("_write_practice*")}


def _user_state(driver) -> dict[str, Any]:
    mw = driver.mw
    col = mw.col
    notetype = sys.modules[f"{ADDON}.writing.notetype"] if f"{ADDON}.writing.notetype" in sys.modules else None
    if notetype is None:
        import importlib

        notetype = importlib.import_module(f"{ADDON}.writing.notetype")
    nt = notetype.find(col)
    return {
        "notes": sorted(col.db.list("select id from notes")),
        "note_fields": sorted(col.db.all("select id, flds from notes")),
        "revlog": sorted(col.db.all("select id, cid, ease from revlog")),
        "css": nt["css"] if nt else None,
        "templates": [nt["tmpls"][0]["qfmt"], nt["tmpls"][0]["afmt"]] if nt else None,
        "schema": col.db.scalar("select scm from col"),
        "config": mw.addonManager.getConfig(ADDON),
        "media": _card_files_digest(driver),
    }


def use_previous_build(driver) -> dict[str, Any]:
    """With the previous build: writing cards reviewed, a config value set, the user's own CSS."""
    import review_e2e

    facts = _startup_facts(driver)
    driver.args = ["clean", "sm2"]
    review = review_e2e.run(driver)
    mw = driver.mw
    raw = mw.addonManager.getConfig(ADDON)
    raw["leniency"] = 1.75
    mw.addonManager.writeConfig(ADDON, raw)
    notetype = sys.modules[f"{ADDON}.writing.notetype"]
    nt = notetype.find(mw.col)
    nt["css"] += USER_CSS
    mw.col.models.update_dict(nt)
    return {**facts, "review": review, "state": _user_state(driver)}


def upgrade_in_place(driver) -> dict[str, Any]:
    """The new build installed over the running previous one (Anki applies it at the next start)."""
    before = _user_state(driver)
    return {"install": install(driver), "state": before}


def after_upgrade(driver) -> dict[str, Any]:
    driver.pump(1.0)  # start-up repairs run from profile_did_open
    facts = _startup_facts(driver)
    return {**facts, "state": _user_state(driver)}
