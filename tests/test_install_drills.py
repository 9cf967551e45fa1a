"""Failure drills in real Anki (offscreen), on an installed copy of the add-on:

- the user renames the add-on's note type, edits its template and CSS, deletes its media file,
  with the add-on enabled, or while it is disabled and then re-enabled: at the next start it
  repairs what it owns, says so in a tooltip, keeps the user's rename and CSS, and leaves every
  note, card, review, other note type, other media file and the schema as they were;
- Anki killed during a large conversion: reopened, the collection holds all the writing notes or
  none, and passes Anki's Check Database.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import package
from anki_harness import ADDON_NAME, offscreen_env, run_scenario
from anki_isolation import own_instance_env

pytestmark = pytest.mark.gui

DRILLS = "tests/scenarios/install_drills.py"
HARNESS = package.ROOT / "tools" / "anki_harness.py"


def _installed_base(tmp_path: Path) -> tuple[Path, Path]:
    base = tmp_path / "base"
    return base, package.copy_runtime_tree(base / "addons21" / ADDON_NAME)


def _run(base: Path, function: str, *args: str) -> dict:
    result = run_scenario(f"{DRILLS}:{function}", base, addon=False, args=list(args), extra_env=own_instance_env(base))
    assert result.get("ok"), f"{result.get('error')}\n{result.get('traceback', '')}\n{result.get('_stderr', '')[-4000:]}"
    assert "Traceback" not in result["_stderr"], result["_stderr"][-4000:]
    return result


@pytest.mark.parametrize("while_disabled", [False, True], ids=["addon-enabled", "addon-disabled-then-reenabled"])
def test_what_the_user_broke_of_ours_is_repaired_and_said_and_nothing_else_touched(tmp_path, while_disabled):
    base, folder = _installed_base(tmp_path)
    _run(base, "set_up")
    package.set_enabled(folder, not while_disabled)
    broken = _run(base, "break_owned_things")
    assert broken["addon_loaded"] is (not while_disabled)
    package.set_enabled(folder, True)

    after = _run(base, "after_restart")
    said = " ".join(after["said"])
    assert "restored the card template" in said and broken["deleted_media"] in said, said
    assert after["templates_restored"] and after["media_restored"]
    assert after["stroke_data"] == after["stroke_data_wanted"], "the upkeep at profile open writes the writing notes' stroke data"
    assert after["managed_css_first"] and after["user_css_kept"]
    assert after["name"] == "My handwriting cards", "the user's name for the note type is theirs to choose"
    assert after["not_ours"] == broken["not_ours"], "notes, cards, reviews, other note types, other media, schema untouched"


# ------------------------------------------------------------------ killed mid-conversion


@pytest.fixture(scope="module")
def big_collection(tmp_path_factory) -> Path:
    """40,000 vocabulary notes, 20,000 of them known: a conversion that takes a few seconds."""
    import bench_convert

    path = tmp_path_factory.mktemp("big") / "collection.anki2"
    bench_convert.generate(path, 40_000, 20_000)
    return path


def _profile_with(tmp_path: Path, collection: Path) -> tuple[Path, Path]:
    base, _ = _installed_base(tmp_path)
    run_scenario("tests/scenarios/install_flow.py:started", base, addon=False, extra_env=own_instance_env(base))
    profile = base / "User 1"
    for stale in profile.glob("collection.anki2*"):
        stale.unlink()
    shutil.copyfile(collection, profile / "collection.anki2")
    return base, profile / "collection.anki2"


def _writing_note_count(path: Path) -> tuple[int, list[str], tuple[str, bool]]:
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        ours = col.get_config("writePracticeNotetypeId", None)
        count = col.db.scalar("select count() from notes where mid = ?", ours) if ours else 0
        decks = sorted(d.name for d in col.decks.all_names_and_ids())
        check = col.fix_integrity()
    finally:
        col.close()
    return count, decks, check


def _start_conversion(base: Path, marker: Path) -> subprocess.Popen:
    env = offscreen_env()
    env.update(own_instance_env(base))
    cmd = [sys.executable, str(HARNESS), "--base", str(base), "--scenario", f"{DRILLS}:convert_until_killed",
           "--out", str(base.parent / "result.json"), "--no-addon", "--arg", str(marker)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _wait_for(marker: Path, text: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if marker.exists() and text in marker.read_text(encoding="utf-8"):
            return
        assert proc.poll() is None, f"Anki exited before {text!r}: {marker.read_text() if marker.exists() else ''}"
        time.sleep(0.01)
    raise TimeoutError(f"no {text!r} in {marker}")


@pytest.fixture(scope="module")
def full_conversion(big_collection, tmp_path_factory) -> tuple[int, list[str]]:
    """The same conversion left to finish: how many notes and which decks a whole one makes."""
    tmp = tmp_path_factory.mktemp("full")
    base, collection = _profile_with(tmp, big_collection)
    marker = tmp / "progress.txt"
    proc = _start_conversion(base, marker)
    _wait_for(marker, "finished", proc, timeout=200)
    proc.wait(timeout=120)
    count, decks, check = _writing_note_count(collection)
    assert count > 10_000 and check[1], (count, check)
    return count, decks


def _kill_during(tmp_path: Path, collection_source: Path, stage: str, delay: float) -> tuple[Path, list[str]]:
    """Start a conversion in real Anki, SIGKILL it `delay` seconds after progress says `stage`."""
    base, collection = _profile_with(tmp_path, collection_source)
    _, decks_before, _ = _writing_note_count(collection)
    marker = tmp_path / "progress.txt"
    proc = _start_conversion(base, marker)
    try:
        _wait_for(marker, stage, proc)
        time.sleep(delay)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    return collection, decks_before


@pytest.mark.parametrize(
    "stage, delay",
    [("Reading notes", 0.3), ("Adding", 0.0), ("Adding", 0.4), ("Adding", 1.2)],
    ids=["while-reading", "as-adding-starts", "adding-0.4s", "adding-1.2s"],
)
def test_anki_killed_mid_conversion_leaves_all_notes_or_none_and_a_sound_database(tmp_path, big_collection, full_conversion, stage, delay):
    full_count, full_decks = full_conversion
    collection, _ = _kill_during(tmp_path, big_collection, stage, delay)
    count, decks, (report, ok) = _writing_note_count(collection)
    assert count in (0, full_count), f"partial conversion: {count} of {full_count} writing notes"
    assert ok, f"Check Database found problems: {report}"
    if count == full_count:
        assert decks == full_decks


def test_anki_killed_mid_conversion_leaves_no_empty_writing_decks(tmp_path, big_collection, full_conversion):
    # 0.4 s after "Adding": inside the conversion's one transaction (decks made, notes not yet added; ~1.5 s).
    collection, decks_before = _kill_during(tmp_path, big_collection, "Adding", 0.4)
    count, decks, _ = _writing_note_count(collection)
    assert count == 0, "this kill point should fall before the notes are committed"
    assert decks == decks_before, f"left behind: {sorted(set(decks) - set(decks_before))}"
