"""The writing gap: characters the learner recognises versus characters they can write.

Definitions (issue 7), for the notes matching an Anki search ("" = the whole collection; a deck
search includes its subdecks, where writing cards go by default):
  recognised  a kanji/hanzi (kana are not counted) in the vocabulary field (the field the
              conversion detects, writing/scan.py) of a note with a card whose interval is
              ≥ 21 days;
  writable    a kanji/hanzi in the Target of a "Write Practice" note with a card whose interval
              is ≥ 21 days and whose last answer was not Again.
The recognised-but-not-writable characters are ordered by how often they occur in the vocabulary
fields of all the notes searched (mature or not), most frequent first.

The chart series replays the review log: each day on which either count changed, with both
counts at the end of that day. Reads only: nothing here changes the collection except
`record_self_test`, which stores a self-test result in the collection config.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from datetime import date, datetime, timedelta
from typing import Iterable

from anki.collection import Collection

from . import extract, notetype, scan

# Anki calls a card mature from this interval on; the issue defines "recognised" with it.
MATURE_DAYS = 21
AGAIN = 1
SELF_TEST_CONFIG_KEY = "writePracticeSelfTests"
SELF_TEST_SIZE = 10
# Results kept in the collection config (it syncs): a daily test for years stays small.
SELF_TEST_KEEP = 1000


@dataclass(frozen=True)
class GapReport:
    recognised: tuple[str, ...]  # most frequent first
    writable: tuple[str, ...]  # in first-seen order of the writing notes
    not_writable: tuple[str, ...]  # recognised and not writable, most frequent first
    frequency: dict[str, int]  # occurrences in the vocabulary fields of the notes searched

    def to_json(self) -> dict:
        """What `python -m writing gap` prints."""
        return {"recognised": len(self.recognised), "writable": len(self.writable), "not_writable": list(self.not_writable)}


@dataclass(frozen=True)
class GapSeries:
    """Both counts at the end of each day on which one of them changed (ISO dates, ascending)."""

    days: tuple[str, ...]
    recognised: tuple[int, ...]
    writable: tuple[int, ...]


@dataclass(frozen=True)
class SelfTestItem:
    """A character to write from memory, and the source note whose word prompts it."""

    char: str
    note_id: int
    word: str


@dataclass(frozen=True)
class SelfTestResult:
    time: int  # seconds since the epoch
    chars: tuple[str, ...]
    recalled: tuple[str, ...]

    @property
    def summary(self) -> str:
        return f"{len(self.recalled)} of {len(self.chars)}"


# ------------------------------------------------------------------ reading the collection


# extract.is_han's ranges as one character class: a regex finds them several times faster than a
# per-character call, which matters across 100,000 notes.
_HAN = re.compile(f"[{extract._HAN_CLASS}]")


def han_chars(text: str) -> list[str]:
    """The kanji/hanzi of a field's visible text (markup already removed), in order."""
    return _HAN.findall(text)


@dataclass
class _Scope:
    """The notes a report covers: source notes' vocabulary characters and their cards' state, the
    writing notes' target characters and their cards' state."""

    source_chars: dict[int, list[str]]  # note id -> characters of its vocabulary field
    source_words: dict[int, str]  # note id -> its vocabulary field as text
    source_interval: dict[int, int]  # note id -> most mature card's interval
    writing_chars: dict[int, list[str]]  # note id -> characters of its Target
    writing_cards: list[tuple[int, int, int, int | None]]  # card id, note id, interval, last ease


def _scope(col: Collection, search: str) -> _Scope:
    note_ids = col.find_notes(search)
    notes = scan.find_source_notes(col, note_ids=note_ids, min_interval=0)
    maps = scan.field_maps(col, notes)
    source_chars: dict[int, list[str]] = {}
    source_words: dict[int, str] = {}
    source_interval: dict[int, int] = {}
    seen: dict[str, tuple[str, list[str]]] = {}  # shared decks repeat field HTML; parse it once
    target_index = {mid: m.index("target") for mid, m in maps.items()}
    for note in notes:
        index = target_index.get(note.notetype_id)
        if index is None or index >= len(note.fields):
            continue
        html = note.fields[index]
        if html not in seen:
            text = extract.field_text(html)
            seen[html] = (text, han_chars(text))
        text, chars = seen[html]
        if chars:
            source_chars[note.id] = chars
            source_words[note.id] = text
            source_interval[note.id] = note.interval
    writing_chars: dict[int, list[str]] = {}
    writing_cards: list[tuple[int, int, int, int | None]] = []
    ours = notetype.our_notetype_ids(col)
    if ours and note_ids:
        wanted = set(note_ids)
        for mid in ours:
            nt = col.models.get(mid)
            names = [f["name"] for f in nt["flds"]] if nt else []
            if "Target" not in names:
                continue
            target = names.index("Target")
            for nid, flds in col.db.all(f"select id, flds from notes where mid = {int(mid)}"):
                if nid in wanted:
                    fields = flds.split("\x1f")
                    chars = han_chars(extract.field_text(fields[target])) if target < len(fields) else []
                    if chars:
                        writing_chars[nid] = chars
        if writing_chars:
            writing_cards = col.db.all(
                "select c.id, c.nid, c.ivl, (select r.ease from revlog r where r.cid = c.id and r.ease > 0 "
                "order by r.id desc limit 1) from cards c "
                f"where c.nid in ({','.join(str(i) for i in writing_chars)})"
            )
    return _Scope(source_chars, source_words, source_interval, writing_chars, writing_cards)


def writable_now(ivl: int, last_ease: int | None) -> bool:
    """Whether a writing card with this interval and last answer counts as writable: mature,
    and not failed at its last review (the report's rule; the reviewer keeps its set by it)."""
    return ivl >= MATURE_DAYS and last_ease != AGAIN


# ------------------------------------------------------------------ the report


def writing_gap(col: Collection, search: str = "") -> GapReport:
    """Recognised vs writable characters of the notes matching `search` (see module docstring)."""
    return _report(_scope(col, search))


def report_data(col: Collection, search: str = "") -> tuple[GapReport, GapSeries]:
    """What the report page shows, from one scan of the notes."""
    scope = _scope(col, search)
    return _report(scope), _series(col, scope)


def _report(scope: _Scope) -> GapReport:
    frequency = Counter(chain.from_iterable(scope.source_chars.values()))
    recognised = set(
        chain.from_iterable(chars for nid, chars in scope.source_chars.items() if scope.source_interval[nid] >= MATURE_DAYS)
    )
    writable_notes = {nid for _, nid, ivl, ease in scope.writing_cards if writable_now(ivl, ease)}
    writable: dict[str, None] = {}
    for nid, chars in scope.writing_chars.items():
        if nid in writable_notes:
            writable.update(dict.fromkeys(chars))
    by_frequency = sorted(recognised, key=lambda ch: (-frequency[ch], ch))
    return GapReport(
        recognised=tuple(by_frequency),
        writable=tuple(writable),
        not_writable=tuple(ch for ch in by_frequency if ch not in writable),
        frequency=dict(frequency),
    )


# ------------------------------------------------------------------ the chart series

# A card's maturity changes only at a review whose interval is on the other side of 21 days from
# the one before it, and each review-log row carries both (ivl, lastIvl): SQLite finds those rows
# in one pass in time order, without sorting or handing a million rows to Python. A writing card
# answered Again while keeping an interval >= 21 days (a gentle lapse setting) also changes state
# at rows where the interval does not cross 21, so such cards' rows all come along.
_TRANSITIONS_SQL = f"""
select r.cid, c.nid, r.id, r.ivl >= {MATURE_DAYS}, r.ease from revlog r join cards c on c.id = r.cid
where (r.ivl >= {MATURE_DAYS}) != (r.lastIvl >= {MATURE_DAYS})
   or r.cid in (select cid from revlog where ease = {AGAIN} and ivl >= {MATURE_DAYS})
order by r.id
"""


def gap_series(col: Collection, search: str = "") -> GapSeries:
    """Recognised and writable counts over time, replayed from the review log.

    A card counts from the review that gave it an interval ≥ 21 days until one that gave it less
    (writing cards: or was answered Again). A manual reschedule's row counts like a review that
    was not Again. Days are local calendar days of the reviews."""
    return _series(col, _scope(col, search))


def _series(col: Collection, scope: _Scope) -> GapSeries:
    # One pass over ~one row per card; kept lean (local names, no per-row allocation) because it
    # is half of the report's time on a large collection.
    writing_chars, source_chars = scope.writing_chars, scope.source_chars
    mature_cards = ({}, {})  # [writing?] char -> cards counting it
    distinct: dict[int, tuple[str, ...]] = {}  # note -> its characters, each once
    state: dict[int, bool] = {}
    counts = [0, 0]  # [writing?] distinct characters counted
    days: list[str] = []
    recognised: list[int] = []
    writable: list[int] = []
    day_end = 0  # ms: the end of the local day of the last row seen
    for cid, nid, rid, mature, ease in col.db.all(_TRANSITIONS_SQL):
        chars = writing_chars.get(nid)
        if chars is not None:
            kind, on = 1, mature == 1 and ease != AGAIN
        else:
            chars = source_chars.get(nid)
            if chars is None:
                continue  # outside the search, or a note without characters
            kind, on = 0, mature == 1
        if state.get(cid, False) is on:
            continue  # a row that changes nothing (the other kind of card's condition)
        state[cid] = on
        unique = distinct.get(nid)
        if unique is None:
            unique = distinct[nid] = tuple(dict.fromkeys(chars))
        table = mature_cards[kind]
        if on:
            for ch in unique:
                before = table.get(ch, 0)
                table[ch] = before + 1
                if before == 0:
                    counts[kind] += 1
        else:
            for ch in unique:
                before = table[ch]
                table[ch] = before - 1
                if before == 1:
                    counts[kind] -= 1
        if rid >= day_end:
            day = date.fromtimestamp(rid / 1000)
            day_end = int(datetime.combine(day + timedelta(days=1), datetime.min.time()).timestamp() * 1000)
            days.append(day.isoformat())
            recognised.append(0)
            writable.append(0)
        recognised[-1], writable[-1] = counts[0], counts[1]
    return GapSeries(tuple(days), tuple(recognised), tuple(writable))


# ------------------------------------------------------------------ the self-test


def pick_self_test(col: Collection, search: str = "", size: int = SELF_TEST_SIZE, rng: random.Random | None = None) -> list[SelfTestItem]:
    """`size` recognised characters never written in the add-on (no answered writing card holds
    them), topped up with other recognised characters when there are too few; each with the most
    mature note whose word prompts it. Reads only."""
    rng = rng or random.Random()
    scope = _scope(col, search)
    prompt_note: dict[str, int] = {}
    # Notes come most mature first (scan.find_source_notes), so the first note holding a
    # character is the one the learner knows best.
    for nid, chars in scope.source_chars.items():
        if scope.source_interval[nid] >= MATURE_DAYS:
            for ch in chars:
                prompt_note.setdefault(ch, nid)
    answered_notes = {nid for _, nid, _, ease in scope.writing_cards if ease is not None}
    written = {ch for nid in answered_notes for ch in scope.writing_chars.get(nid, ())}
    never_written = sorted(ch for ch in prompt_note if ch not in written)
    others = sorted(ch for ch in prompt_note if ch in written)
    picked = rng.sample(never_written, min(size, len(never_written)))
    picked += rng.sample(others, min(size - len(picked), len(others)))
    return [SelfTestItem(ch, prompt_note[ch], scope.source_words[prompt_note[ch]]) for ch in picked]


def record_self_test(col: Collection, chars: Iterable[str], recalled: Iterable[str], when: int | None = None):
    """Store one self-test result in the collection config (no card or scheduling change).
    Returns Anki's OpChanges, so the GUI can run it as a CollectionOp."""
    chars = list(chars)
    entry = {"t": int(time.time() if when is None else when), "chars": "".join(chars), "recalled": "".join(ch for ch in recalled if ch in chars)}
    kept = [e for e in _stored_self_tests(col)][-(SELF_TEST_KEEP - 1) :]
    return col.set_config(SELF_TEST_CONFIG_KEY, kept + [entry])


def self_tests(col: Collection) -> list[SelfTestResult]:
    """Stored self-test results, oldest first (malformed entries are skipped)."""
    return [SelfTestResult(e["t"], tuple(e["chars"]), tuple(e["recalled"])) for e in _stored_self_tests(col)]


def _stored_self_tests(col: Collection) -> list[dict]:
    value = col.get_config(SELF_TEST_CONFIG_KEY, [])
    if not isinstance(value, list):
        return []
    return [
        e for e in value
        if isinstance(e, dict) and isinstance(e.get("t"), int) and isinstance(e.get("chars"), str) and isinstance(e.get("recalled"), str)
    ]
