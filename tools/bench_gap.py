"""Benchmark the writing-gap report's data on a large collection.

Builds (or reuses, with --keep) a real collection of 100,000 vocabulary notes plus 10,000 writing
notes with 1,000,000 review-log rows spread over three years, then times
`writing.gap.report_data` (the counts, the frequency-ordered list and the chart series, which is
what the report page needs) and its parts. Goal (issue 7): report data <= 2 s.
Run: .venv/bin/python tools/bench_gap.py [--notes 100000] [--revlog 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from anki.collection import AddNoteRequest, Collection  # noqa: E402

from writing import gap, notetype  # noqa: E402

from collection_fixtures import recognition_notetype

GOAL_SECONDS = 2.0
DAY_MS = 86_400_000
START_MS = 1_640_995_200_000  # 2022-01-01
SPAN_DAYS = 3 * 365
# Common characters to draw words from: the first 3,000 code points of the unified block.
CHARS = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def build(path: Path, notes: int, revlog: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    col = Collection(str(path))
    try:
        vocab_nt = recognition_notetype(col, "Bench Vocab", ["Expression", "Meaning", "Reading"])
        writing_nt = col.models.get(notetype.ensure(col).id)
        deck = col.decks.id("Bench")
        writing_deck = col.decks.id("Bench::Writing")
        requests = []
        for i in range(notes):
            note = col.new_note(vocab_nt)
            word = "".join(rng.choice(CHARS) for _ in range(rng.choice((1, 2, 2, 3))))
            note["Expression"] = f"<b>{word}</b>" if i % 10 == 0 else word
            note["Meaning"] = f"meaning {i}"
            note["Reading"] = "よみ"
            requests.append(AddNoteRequest(note, deck))
        for i in range(notes // 10):
            note = col.new_note(writing_nt)
            note["Target"] = CHARS[i % len(CHARS)]
            note["Script"] = "ja"
            requests.append(AddNoteRequest(note, writing_deck))
        col.add_notes(requests)
        card_ids = col.db.list("select id from cards")
        # Three in four cards are review cards; intervals spread so about half are mature. Rows go
        # in as literal multi-row statements: a parameter list per row through the backend is
        # minutes for a million rows.
        by_interval: dict[int, list[int]] = {}
        for cid in card_ids:
            if rng.random() < 0.75:
                by_interval.setdefault(rng.choice((1, 5, 15, 25, 40, 90, 200)), []).append(cid)
        for ivl, cids in by_interval.items():
            col.db.execute(f"update cards set type = 2, queue = 2, ivl = {ivl}, due = 100 where id in ({','.join(map(str, cids))})")
        rows = review_history(card_ids, revlog, rng)
        for start in range(0, len(rows), 2000):
            values = ",".join(f"({rid},{cid},-1,{ease},{ivl},{last},2500,5000,1)" for rid, cid, ease, ivl, last in rows[start : start + 2000])
            col.db.execute(f"insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values {values}")
    finally:
        col.close(downgrade=False)


def review_history(card_ids: list[int], total: int, rng: random.Random) -> list[tuple[int, int, int, int, int]]:
    """About `total` review-log rows (id, card, ease, interval, last interval) shaped like real
    study: each card starts in the first half year and is reviewed when due until the three years
    end, its interval growing on Hard/Good/Easy and dropping to a day on Again (10% of answers),
    so cards mature, lapse and mature again."""
    rows: list[tuple[int, int, int, int, int]] = []
    used: set[int] = set()
    while len(rows) < total:
        for cid in card_ids:
            day = rng.randrange(180)
            ivl = 0
            while day < SPAN_DAYS:
                ease = rng.choices((1, 2, 3, 4), weights=(10, 5, 75, 10))[0]
                last, ivl = ivl, 1 if ease == 1 else max(1, round(max(ivl, 1) * {2: 1.2, 3: 1.8, 4: 2.5}[ease]))
                rid = START_MS + day * DAY_MS + rng.randrange(DAY_MS)
                while rid in used:
                    rid += 1
                used.add(rid)
                rows.append((rid, cid, ease, ivl, last))
                day += ivl
            if len(rows) >= total:
                break
    return rows[:total]


def timed(fn, runs: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of `runs` calls (CPU time shows the cost when other work
    shares the machine's two cores), and the last result."""
    walls, cpus = [], []
    result = None
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--revlog", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the generated collection in")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-gap-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"gap-{args.notes}-{args.revlog}.anki2"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, args.notes, args.revlog)
        print(f"built {path.name} in {time.perf_counter() - t0:.1f} s")
    col = Collection(str(path))
    try:
        notes = col.note_count()
        rows = col.db.scalar("select count() from revlog")
        print(f"collection: {notes:,} notes, {col.card_count():,} cards, {rows:,} revlog rows")
        t_report = timed(lambda: gap.writing_gap(col), args.runs)
        t_series = timed(lambda: gap.gap_series(col), args.runs)
        t_data = timed(lambda: gap.report_data(col), args.runs)
        t_search = timed(lambda: gap.report_data(col, 'deck:"Bench"'), args.runs)
        report, series = t_report[2], t_series[2]
        print(f"recognised {len(report.recognised):,}, writable {len(report.writable):,}, not writable {len(report.not_writable):,}; series {len(series.days):,} days")
        print(f"median of {args.runs}            wall      cpu")
        for label, (wall, cpu, _) in (("writing_gap", t_report), ("gap_series", t_series), ("report_data", t_data), ("report_data (deck)", t_search)):
            print(f"{label:20s} {wall:6.2f} s  {cpu:6.2f} s")
        verdict = "met" if t_data[0] <= GOAL_SECONDS else "NOT met"
        print(f"goal: report_data <= {GOAL_SECONDS:.1f} s wall: {verdict} ({t_data[0]:.2f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    finally:
        col.close(downgrade=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
