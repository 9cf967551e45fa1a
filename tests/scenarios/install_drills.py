"""Failure drills in real Anki: the user breaks what the add-on owns (renames its note type, edits
its templates, deletes its media file), with the add-on enabled or disabled at the time; at the
next start the add-on repairs what it owns, says so, and touches nothing else. And a conversion
running when Anki is killed. Run by tests/test_install_drills.py."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

ADDON = "write_practice"
USER_CSS = "\n/* mine */\n.card { font-size: 30px; }\n"
USER_MEDIA = "_my_own_style.css"


def _core(name: str):
    return importlib.import_module(f"{ADDON}.writing.{name}")


def _not_ours(driver) -> dict[str, Any]:
    """Everything the add-on must never touch, in comparable form."""
    col = driver.mw.col
    media_dir = Path(col.media.dir())
    user_notetypes = {nt["name"]: {k: nt[k] for k in ("tmpls", "css", "flds", "mod", "usn")} for nt in col.models.all() if "Write Practice" not in json.dumps(nt.get("name"))}
    ours_id = col.get_config("writePracticeNotetypeId", None)
    user_notetypes = {name: v for name, v in user_notetypes.items() if col.models.by_name(name)["id"] != ours_id}
    return {
        "notes": col.db.all("select id, mid, flds, tags, mod, usn from notes order by id"),
        "cards": col.db.all("select id, did, queue, type, ivl, due, mod from cards order by id"),
        "revlog": col.db.all("select * from revlog order by id"),
        "notetypes": json.dumps(user_notetypes, sort_keys=True),
        "decks": sorted(d.name for d in col.decks.all_names_and_ids()),
        "user_media": hashlib.sha256((media_dir / USER_MEDIA).read_bytes()).hexdigest(),
        "schema": col.db.scalar("select scm from col"),
    }


def set_up(driver) -> dict[str, Any]:
    """A collection with the add-on's note type, a writing note, and the user's own things."""
    col = driver.mw.col
    notetype, media = _core("notetype"), _core("media")
    status = notetype.ensure(col)
    media.ensure(col)
    ours = col.models.get(status.id)
    note = col.new_note(ours)
    note["Target"], note["Script"], note["Meaning"] = "語", "ja", "word"
    col.add_note(note, col.decks.id("Japanese::Writing"))
    basic = col.models.by_name("Basic")
    mine = col.models.copy(basic)
    mine["name"] = "My vocab"
    mine["css"] += "\n.mine { color: teal; }"
    col.models.update_dict(mine)
    user_note = col.new_note(col.models.by_name("My vocab"))
    user_note["Front"], user_note["Back"] = "猫", "cat"
    col.add_note(user_note, col.decks.id("Japanese"))
    col.media.write_data(USER_MEDIA, b".mine { font-weight: bold; }\n")
    return {"notetype_id": status.id}


def _card_style(media_dir: Path) -> Path:
    """The card style file in the media (its name carries its content's hash)."""
    (style,) = media_dir.glob("_write_practice.*.css")
    return style


def break_owned_things(driver) -> dict[str, Any]:
    """What a user might do: rename the note type, edit its templates and CSS, delete its media.
    Imports nothing of the add-on (importing it would load a disabled add-on)."""
    loaded = ADDON in sys.modules
    col = driver.mw.col
    ours = col.models.get(col.get_config("writePracticeNotetypeId"))
    ours["name"] = "My handwriting cards"
    ours["tmpls"][0]["qfmt"] = "<h1>my header</h1>\n" + re.sub(r'<script src="_write_practice[^"]*"></script>', "", ours["tmpls"][0]["qfmt"])
    ours["css"] += USER_CSS
    col.models.update_dict(ours)
    style = _card_style(Path(col.media.dir()))
    os.remove(style)
    return {"addon_loaded": loaded, "deleted_media": style.name, "not_ours": _not_ours(driver)}


def after_restart(driver) -> dict[str, Any]:
    """Wait for the start-up repair, then report what the add-on said and what the collection holds."""
    from aqt import utils

    col = driver.mw.col
    media_dir = Path(col.media.dir())
    said: list[str] = []

    def repaired() -> bool:
        label = getattr(utils, "_tooltipLabel", None)
        if label is not None and "Write Practice" in label.text() and label.text() not in said:
            said.append(label.text())
        return any(media_dir.glob("_write_practice.*.css")) and bool(said)

    driver.wait_until(repaired, 30, "start-up repair and its message")
    notetype, media = _core("notetype"), _core("media")
    ours = notetype.find(col)
    files = media.card_files()
    return {
        "said": said,
        "name": ours["name"],
        "id": ours["id"],
        "templates_restored": (ours["tmpls"][0]["qfmt"], ours["tmpls"][0]["afmt"])
        == (notetype.front_template(files.script.name), notetype.back_template(files.script.name)),
        "user_css_kept": USER_CSS.strip() in ours["css"],
        "managed_css_first": ours["css"].startswith(notetype.css_block(files.style.name)),
        "media_restored": _card_style(media_dir).read_bytes() == files.style.content,
        # the writing note (語) was added after the media upkeep ran: profile open writes its stroke data
        "stroke_data": sorted(p.name for p in media_dir.iterdir() if p.name.startswith(media.STROKE_MEDIA_PREFIX)),
        "stroke_data_wanted": [media.stroke_media_name("ja", ord("語"))],
        "not_ours": _not_ours(driver),
    }


# ------------------------------------------------------------------ killed mid-conversion


def convert_until_killed(driver) -> dict[str, Any]:
    """Convert every known note as the Tools menu does (a CollectionOp); each progress label is
    appended to driver.args[0] so the test can kill Anki at a chosen stage. Never returns normally
    unless the conversion finishes (then the test knows the full count)."""
    from aqt.operations import CollectionOp

    convert, config = _core("convert"), _core("config")
    marker = Path(driver.args[0])
    cfg, _ = config.parse({})
    options = convert.ConvertOptions.from_config(cfg, min_interval=0)
    mw = driver.mw
    box: dict[str, Any] = {}

    def progress(label: str, done: int, total: int) -> None:
        with open(marker, "a", encoding="utf-8") as out:
            out.write(f"{time.monotonic():.3f} {label}\n")

    def op(col):
        result = convert.convert(col, options, progress=progress)
        box["added"] = result.added
        return result.changes

    CollectionOp(mw, op).success(lambda _changes: box.setdefault("done", True)).failure(lambda exc: box.setdefault("error", repr(exc))).run_in_background()
    # Anki's own modal progress window is up meanwhile: expected here, so no modal check.
    end = time.monotonic() + 300
    while "done" not in box and "error" not in box and time.monotonic() < end:
        driver.pump(0.02)
    progress("finished", 0, 0)
    return {"added": box.get("added"), "error": box.get("error")}
