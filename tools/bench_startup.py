"""What the add-on costs Anki: start-up with it enabled versus disabled, and the reviewer's time to
show a writing card versus a plain card, in real Anki offscreen on a 100,000-note collection.

    python tools/bench_startup.py [--notes 100000] [--rounds 7] [--cards 30] [--out result.json]

Start-up: the same base folder and collection are opened `--rounds` times with the add-on enabled
and as often with it disabled through Anki's own switch (meta.json "disabled"), interleaved so both
see the same machine load; time from starting Anki's main loop to the profile open and the deck
list shown (the harness's `startup_seconds`), and the whole process wall time. Goal: ≤ 50 ms added
(median enabled − median disabled).

Reviewer: in one Anki session, `--cards` plain (Basic) cards and as many writing cards are shown
one after another, timed from answering the previous card to the new card on screen: for a plain
card its text in the page, for a writing card its writing area ready (host answered, reference
loaded). Goal: ≤ 100 ms added (median writing − median plain).

The file is also the harness scenario for both measurements (functions `startup` and `reviewer`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

ADDON = "write_practice"
PLAIN_DECK = "Bench plain"
WRITING_DECK = "Bench writing"
WRITING_WORDS = ["語", "書", "学", "生", "日", "本", "人", "大", "中", "小", "山", "川", "水", "火", "木",
                 "金", "土", "月", "年", "見", "行", "来", "話", "読", "聞", "食", "飲", "買", "売", "会"]


# ------------------------------------------------------------------ the collection


def build_collection(path: Path, notes: int, cards: int) -> None:
    """`notes` notes: `cards` plain and `cards` writing cards due as new in their own decks, the rest
    Basic notes in a bulk deck (what a large real collection looks like to start-up)."""
    from anki.collection import AddNoteRequest, Collection

    from writing import media, notetype

    col = Collection(str(path))
    try:
        basic = col.models.by_name("Basic")
        bulk = col.decks.id("Bulk")
        plain = col.decks.id(PLAIN_DECK)
        writing = col.decks.id(WRITING_DECK)
        status = notetype.ensure(col)
        assert status.usable, status
        media.ensure(col)
        ours = col.models.get(status.id)
        requests = []
        for i in range(notes - 2 * cards):
            note = col.new_note(basic)
            note["Front"], note["Back"] = f"word {i}", f"meaning {i}"
            requests.append(AddNoteRequest(note, bulk))
        for i in range(cards):
            note = col.new_note(basic)
            note["Front"], note["Back"] = f"plain card {i}", "back"
            requests.append(AddNoteRequest(note, plain))
            note = col.new_note(ours)
            note["Target"], note["Script"], note["Meaning"] = WRITING_WORDS[i % len(WRITING_WORDS)], "ja", f"meaning {i}"
            requests.append(AddNoteRequest(note, writing))
        col.add_notes(requests)
        for deck_id in (plain, writing):  # every measured card shows today, whatever the new-card limit
            conf = col.decks.config_dict_for_deck_id(deck_id)
            conf["new"]["perDay"] = max(conf["new"]["perDay"], cards)
            col.decks.update_config(conf)
        # Bulk cards are reviewed long ago, so start-up sees a real collection, not a new one.
        col.db.execute("update cards set type = 2, queue = 2, ivl = 30, due = ? where did = ?", col.sched.today + 30, bulk)
    finally:
        col.close()


# ------------------------------------------------------------------ scenarios (inside Anki)


def startup(driver) -> dict[str, Any]:
    return {"addon_loaded": ADDON in sys.modules, "notes": driver.mw.col.note_count()}


def _page_shows(driver, code: str) -> Any:
    return driver.js(driver.mw.reviewer.web, code)


def _reviewer_state(mw, previous: int) -> str:
    """Where the reviewer stands, for a timeout's message (a stall after answering was seen once
    on Anki 25.7.5 and did not recur; this says where it stopped if it does)."""
    card = mw.reviewer.card
    return (f"main window {mw.state!r}, reviewer {mw.reviewer.state!r}, card {card.id if card else None} "
            f"(answered {previous}), background ops {getattr(mw, '_background_op_count', '?')}")


def reviewer(driver) -> dict[str, Any]:
    mw = driver.mw
    timings: dict[str, list[float]] = {}
    for deck, ready_js in (
        (PLAIN_DECK, "(function(){var q=document.getElementById('qa'); return !!q && q.textContent.indexOf('plain card')>=0 && '%s';})()"),
        (WRITING_DECK, "(function(){var a=window.WritePractice && WritePractice.inspect(); return !!(a && a[0] && a[0].ready && a[0].side==='question') && '%s';})()"),
    ):
        mw.col.decks.select(mw.col.decks.id(deck))
        # Through the overview, as a learner goes: straight from the deck list the reviewer page
        # can miss its first card offscreen.
        mw.reset()
        mw.moveToState("overview")
        driver.pump(0.5)
        mw.moveToState("review")
        driver.wait_until(lambda: mw.state == "review" and mw.reviewer.state == "question", 30, "first card")
        times = []
        count = min(int(driver.args[0]) if driver.args else 30, mw.col.decks.card_count(mw.col.decks.id(deck), include_subdecks=False))
        for _ in range(count - 1):
            previous = mw.reviewer.card.id
            driver.wait_until(lambda: _page_shows(driver, ready_js % previous) == str(previous), 30, "card on screen")
            mw.reviewer._showAnswer()
            driver.wait_until(lambda: mw.reviewer.state == "answer", 30, "answer side")
            driver.pump(0.05)
            started = time.perf_counter()
            mw.reviewer._answerCard(3)
            driver.wait_until(lambda: mw.reviewer.card is not None and mw.reviewer.card.id != previous and mw.reviewer.state == "question",
                              30, "next card", lambda: _reviewer_state(mw, previous))
            current = mw.reviewer.card.id
            driver.wait_until(lambda: _page_shows(driver, ready_js % current) == str(current), 30, "next card on screen")
            times.append(time.perf_counter() - started)
        timings[deck] = times
        mw.moveToState("deckBrowser")
        driver.pump(0.2)
    return {"plain_ms": [t * 1000 for t in timings[PLAIN_DECK]], "writing_ms": [t * 1000 for t in timings[WRITING_DECK]]}


# ------------------------------------------------------------------ driving it


def _run(base: Path, function: str, *args: str) -> tuple[dict[str, Any], float]:
    from anki_harness import run_scenario
    from anki_isolation import own_instance_env

    began = time.perf_counter()
    result = run_scenario(f"{Path(__file__)}:{function}", base, addon=False, args=list(args), extra_env=own_instance_env(base), timeout=600)
    wall = time.perf_counter() - began
    if not result.get("ok"):
        raise SystemExit(f"bench: Anki run failed: {result.get('error')}\n{result.get('traceback', '')}\n{result.get('_stderr', '')[-3000:]}")
    return result, wall


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    return f"median {statistics.median(ordered):7.1f} ms  (min {ordered[0]:.1f}, max {ordered[-1]:.1f}, n={len(ordered)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cards", type=int, default=30)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "bench-startup")
    opts = parser.parse_args(argv)

    import package

    work = opts.work
    if work.exists():
        shutil.rmtree(work)
    base = work / "base"
    folder = package.copy_runtime_tree(base / "addons21" / ADDON)
    collection = work / "collection.anki2"
    began = time.perf_counter()
    build_collection(collection, opts.notes, opts.cards)
    print(f"collection: {opts.notes:,} notes built in {time.perf_counter() - began:.1f} s")

    package.set_enabled(folder, True)
    _run(base, "startup")  # creates the profile; then our collection replaces its empty one
    profile = base / "User 1"
    for stale in profile.glob("collection.anki2*"):
        stale.unlink()
    shutil.copyfile(collection, profile / "collection.anki2")
    media_dir = profile / "collection.media"
    media_dir.mkdir(exist_ok=True)
    for media_file in (collection.parent / "collection.media").iterdir():
        shutil.copyfile(media_file, media_dir / media_file.name)
    _run(base, "startup")  # warm the file cache before measuring

    startup_s: dict[bool, list[float]] = {True: [], False: []}
    wall_s: dict[bool, list[float]] = {True: [], False: []}
    for round_index in range(opts.rounds):
        for enabled in ((True, False) if round_index % 2 == 0 else (False, True)):
            package.set_enabled(folder, enabled)
            result, wall = _run(base, "startup")
            assert result["addon_loaded"] is enabled and result["notes"] == opts.notes, result
            startup_s[enabled].append(result["startup_seconds"] * 1000)
            wall_s[enabled].append(wall * 1000)

    added_startup = statistics.median(startup_s[True]) - statistics.median(startup_s[False])
    added_wall = statistics.median(wall_s[True]) - statistics.median(wall_s[False])
    print("\n".join([
        f"start-up to deck list, {opts.notes:,} notes, {opts.rounds} interleaved rounds:",
        f"  add-on enabled   {_ms(startup_s[True])}",
        f"  add-on disabled  {_ms(startup_s[False])}",
        f"  added by the add-on: {added_startup:+.1f} ms (goal ≤ 50 ms)" + ("" if added_startup <= 50 else "  OVER GOAL"),
        f"  whole process wall time added: {added_wall:+.1f} ms",
    ]), flush=True)

    package.set_enabled(folder, True)
    shown, _ = _run(base, "reviewer", str(opts.cards))
    added_review = statistics.median(shown["writing_ms"]) - statistics.median(shown["plain_ms"])
    lines = [
        "reviewer, answer → next card on screen:",
        f"  plain card    {_ms(shown['plain_ms'])}",
        f"  writing card  {_ms(shown['writing_ms'])}",
        f"  added for a writing card: {added_review:+.1f} ms (goal ≤ 100 ms)" + ("" if added_review <= 100 else "  OVER GOAL"),
    ]
    print("\n".join(lines))
    if opts.out:
        opts.out.write_text(json.dumps({"startup_ms": {"enabled": startup_s[True], "disabled": startup_s[False]},
                                        "wall_ms": {"enabled": wall_s[True], "disabled": wall_s[False]},
                                        "reviewer_ms": shown, "added_startup_ms": added_startup,
                                        "added_review_ms": added_review}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
