"""The writing gap on real temp collections with crafted cards and review-log rows: counts, the
frequency order, the chart series, the self-test picks and storage, and the read-only CLI."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from anki.collection import Collection

from writing import gap, notetype

from collection_fixtures import recognition_notetype

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------ building collections


def vocab_notetype(col: Collection) -> dict:
    return recognition_notetype(col, "Core Vocab", ["Expression", "Meaning", "Reading"])


def add_note(col: Collection, nt: dict, fields: dict[str, str], deck: str = "Japanese") -> int:
    note = col.new_note(nt)
    for name, value in fields.items():
        note[name] = value
    col.add_note(note, col.decks.id(deck))
    return note.id


def card_of(col: Collection, nid: int) -> int:
    return col.db.scalar("select id from cards where nid = ?", nid)


def set_interval(col: Collection, nid: int, ivl: int) -> None:
    """Make the note's card a review card with this interval (as if reviewed)."""
    col.db.execute("update cards set type = 2, queue = 2, ivl = ?, due = 1000 where nid = ?", ivl, nid)


def review(col: Collection, nid: int, day: int, ivl: int, ease: int) -> None:
    """A review-log row for the note's card at noon on 2024-01-`day` (local time), its last
    interval taken from the card's previous row as Anki records it (reviews added in order)."""
    cid = card_of(col, nid)
    when = int(datetime(2024, 1, day, 12, 0).timestamp() * 1000) + nid % 1000
    last = col.db.scalar("select ivl from revlog where cid = ? order by id desc limit 1", cid) or 0
    col.db.execute(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?, ?, -1, ?, ?, ?, 2500, 6000, 1)",
        when, cid, ease, ivl, last,
    )


def vocab(col: Collection, nt: dict, word: str, ivl: int, deck: str = "Japanese", meaning: str = "meaning") -> int:
    nid = add_note(col, nt, {"Expression": word, "Meaning": meaning, "Reading": "よみ"}, deck)
    set_interval(col, nid, ivl)
    return nid


def writing_note(col: Collection, target: str, ivl: int, last_ease: int | None, deck: str = "Japanese::Writing") -> int:
    nt = col.models.get(notetype.ensure(col).id)
    nid = add_note(col, nt, {"Target": target, "Meaning": "m", "Script": "ja"}, deck)
    set_interval(col, nid, ivl)
    if last_ease is not None:
        review(col, nid, 1, ivl, 3)
        review(col, nid, 2, ivl, last_ease)
    return nid


@pytest.fixture
def japanese(col):
    """Vocabulary with known frequencies and writing cards in every state."""
    nt = vocab_notetype(col)
    vocab(col, nt, "日本語", 30)
    vocab(col, nt, "学生", 30)
    vocab(col, nt, "先生", 5)  # immature: 先 not recognised, 生 already is
    vocab(col, nt, "語学", 2)  # immature, but its characters still count for frequency
    vocab(col, nt, "生活", 1)  # makes 生 the most frequent (3); 学 本 語 occur twice
    vocab(col, nt, "ひらがな", 40)  # kana only: not counted
    vocab(col, nt, "本[ほん]<b></b> [sound:漢字.mp3]", 60, meaning="book (also 書)")  # markup, sound, kanji in meaning
    writing_note(col, "日", 30, 3)  # writable
    writing_note(col, "本", 30, 1)  # interval ≥ 21 but last answer Again: not writable
    writing_note(col, "語", 10, 3)  # immature: not writable
    writing_note(col, "猫", 25, 4)  # writable though not recognised
    writing_note(col, "学", 0, None)  # new, never answered
    return col


# ------------------------------------------------------------------ the report


def test_counts_by_the_definitions(japanese):
    report = gap.writing_gap(japanese)
    assert sorted(report.recognised) == sorted("日本語学生")
    assert sorted(report.writable) == ["日", "猫"]
    assert report.to_json() == {"recognised": 5, "writable": 2, "not_writable": ["生", "学", "本", "語"]}


def test_not_writable_is_ordered_by_frequency_in_the_notes(japanese):
    report = gap.writing_gap(japanese)
    assert [report.frequency[ch] for ch in report.not_writable] == [3, 2, 2, 2]


def test_meaning_field_markup_and_sound_names_are_not_vocabulary(japanese):
    report = gap.writing_gap(japanese)
    assert not {"書", "漢", "字"} & set(report.frequency)


def test_search_limits_both_sides(japanese):
    nt = japanese.models.by_name("Core Vocab")
    vocab(japanese, nt, "中国", 50, deck="Chinese")
    writing_note(japanese, "中", 50, 3, deck="Chinese::Writing")
    report = gap.writing_gap(japanese, 'deck:"Chinese"')
    assert report.to_json() == {"recognised": 2, "writable": 1, "not_writable": ["国"]}
    assert "中" not in gap.writing_gap(japanese, 'deck:"Japanese"').writable


def test_empty_collection(col):
    assert gap.writing_gap(col).to_json() == {"recognised": 0, "writable": 0, "not_writable": []}
    assert gap.gap_series(col) == gap.GapSeries((), (), ())


def test_report_changes_nothing(japanese):
    before = japanese.db.all("select * from cards order by id"), japanese.db.all("select * from notes order by id")
    modified = japanese.mod
    gap.writing_gap(japanese)
    gap.gap_series(japanese)
    gap.pick_self_test(japanese, rng=random.Random(1))
    assert (japanese.db.all("select * from cards order by id"), japanese.db.all("select * from notes order by id")) == before
    assert japanese.mod == modified


# ------------------------------------------------------------------ the chart series


def test_series_replays_the_review_log(col):
    nt = vocab_notetype(col)
    student = vocab(col, nt, "学生", 30)
    review(col, student, 1, 25, 3)  # matures: 学 生 recognised
    review(col, student, 3, 1, 1)  # lapses
    review(col, student, 5, 30, 3)  # matures again
    writing = writing_note(col, "学", 40, None)
    review(col, writing, 2, 30, 3)  # writable
    review(col, writing, 4, 22, 1)  # Again, interval still ≥ 21: no longer writable
    review(col, writing, 6, 40, 3)  # writable again
    series = gap.gap_series(col)
    assert series.days == tuple(f"2024-01-0{d}" for d in range(1, 7))
    assert series.recognised == (2, 2, 0, 0, 2, 2)
    assert series.writable == (0, 1, 1, 0, 0, 1)


def test_series_counts_a_character_once_across_notes(col):
    nt = vocab_notetype(col)
    first = vocab(col, nt, "学生", 30)
    second = vocab(col, nt, "先生", 30)
    review(col, first, 1, 30, 3)
    review(col, second, 2, 30, 3)  # adds 先; 生 already counted
    review(col, first, 3, 2, 1)  # 学 goes, 生 stays through 先生
    assert gap.gap_series(col).recognised == (2, 3, 2)


def test_series_ends_at_the_report_counts(japanese):
    series = gap.gap_series(japanese)
    assert series.writable[-1] == len(gap.writing_gap(japanese).writable)


# ------------------------------------------------------------------ the self-test


def test_self_test_prefers_characters_never_written(japanese):
    picked = gap.pick_self_test(japanese, size=3, rng=random.Random(7))
    # 日 本 and 語 have answered writing cards; 学 only a new one, which is not "written".
    assert {item.char for item in picked[:2]} == {"学", "生"}
    assert picked[-1].char in "日本語"


def test_self_test_items_carry_the_best_known_word(japanese):
    items = {item.char: item for item in gap.pick_self_test(japanese, size=10, rng=random.Random(1))}
    assert len(items) == 5  # every recognised character, never more
    assert items["生"].word == "学生"  # 学生 (30 days) is better known than 先生 (5 days)
    assert items["本"].word == "本"


def test_self_test_results_are_stored_and_read(col):
    cards_before = col.db.all("select * from cards")
    gap.record_self_test(col, "日本語学生猫山川火水", "日本語学生猫山", when=1_700_000_000)
    gap.record_self_test(col, "一二", "二x", when=1_700_086_400)
    results = gap.self_tests(col)
    assert [r.summary for r in results] == ["7 of 10", "1 of 2"]
    assert results[0].time == 1_700_000_000 and results[1].recalled == ("二",)
    assert col.db.all("select * from cards") == cards_before


def test_malformed_stored_results_are_skipped(col):
    col.set_config(gap.SELF_TEST_CONFIG_KEY, [{"t": "x"}, 5, {"t": 1, "chars": "日", "recalled": ""}])
    assert [r.summary for r in gap.self_tests(col)] == ["0 of 1"]
    col.set_config(gap.SELF_TEST_CONFIG_KEY, "garbage")
    assert gap.self_tests(col) == []


# ------------------------------------------------------------------ the CLI


def _closed_copy(col: Collection) -> Path:
    path = Path(col.path)
    col.close(downgrade=False)
    return path


def test_cli_prints_the_contract_and_leaves_the_file_untouched(japanese):
    path = _closed_copy(japanese)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    files = sorted(p.name for p in path.parent.rglob("*"))
    out = subprocess.run([sys.executable, "-m", "writing", "gap", str(path)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"recognised": 5, "writable": 2, "not_writable": ["生", "学", "本", "語"]}
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in path.parent.rglob("*")) == files  # no -wal, no media folder


def test_cli_search(japanese):
    path = _closed_copy(japanese)
    out = subprocess.run(
        [sys.executable, "-m", "writing", "gap", str(path), "--search", "Expression:学生"], cwd=ROOT, capture_output=True, text=True
    )
    assert json.loads(out.stdout) == {"recognised": 2, "writable": 0, "not_writable": ["学", "生"]}


@pytest.mark.parametrize(
    "make, message",
    [
        pytest.param(lambda tmp: tmp / "missing.anki2", "no such file", id="missing-file"),
        pytest.param(lambda tmp: (tmp / "junk.anki2", (tmp / "junk.anki2").write_bytes(b"not sqlite" * 100))[0], "junk.anki2", id="not-a-collection"),
    ],
)
def test_cli_errors_are_json(tmp_path, make, message):
    path = make(tmp_path)
    before = path.read_bytes() if path.exists() else None
    out = subprocess.run([sys.executable, "-m", "writing", "gap", str(path)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert message in json.loads(out.stdout)["error"]
    assert (path.read_bytes() if path.exists() else None) == before


def test_cli_bad_search_is_an_error(japanese):
    path = _closed_copy(japanese)
    out = subprocess.run([sys.executable, "-m", "writing", "gap", str(path), "--search", "deck:("], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1 and "error" in json.loads(out.stdout)


@pytest.mark.parametrize(
    "interval,last_ease,writable",
    [(21, 3, True), (20, 4, False), (90, 1, False), (90, None, True), (0, None, False)],
    ids=["mature-good", "young", "mature-but-failed-last", "mature-never-answered-here", "new"],
)
def test_writable_now_is_mature_and_not_failed_last(interval, last_ease, writable):
    assert gap.writable_now(interval, last_ease) is writable
