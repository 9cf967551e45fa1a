"""Conversion speed and memory on a generated 100,000-note collection with 30,000 known
vocabulary notes, against the floor: a bare `col.add_notes` of the same new notes, in the same run.

    .venv/bin/python tools/bench_convert.py [--notes 100000] [--known 30000] [--rounds 3] [--keep DIR] [--automatic-gc]

Each measurement runs in its own process on its own copy of the collection, with an empty media
folder of its own (so each conversion's next step writes all its stroke-data files, as after a
first conversion; timed apart, as the GUI runs it in the background once the notes are in), and
peak memory (ru_maxrss) is that of the measured work alone. Media folders are removed at the
end, not between rounds: ext4 allocates inodes slowly next to many just-deleted ones (perf:
find_inode_bit -> recently_deleted, ~1 ms a file), which would charge a round for the last one's
clean-up. The rounds interleave floor, preview and conversion, and medians are printed, with CPU
time beside wall time: on a shared machine the wall-clock ratio of a single run swings by ±0.3.
Python's automatic garbage collection is off, as Anki runs add-ons (aqt turns it off and
collects on a timer); --automatic-gc leaves it on, as in `python -m writing convert`. Goals:
conversion ≤ 1.5× the floor and ≤ 10 s; peak memory ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from collection_fixtures import recognition_notetype

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIELDS = ["Expression", "Reading", "Meaning", "Sentence", "Audio"]
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"


def generate(path: Path, notes: int, known: int) -> None:
    from anki.collection import AddNoteRequest, Collection

    from writing import strokes

    chars = [chr(cp) for cp in range(0x4E00, 0x9FA0) if strokes.has_data(chr(cp), "ja")][:2500]
    col = Collection(str(path))
    nt = recognition_notetype(col, "Vocab", list(FIELDS))
    deck_ids = [col.decks.id(f"Japanese::Part {i}", create=True) for i in range(1, 6)]
    requests = []
    for i in range(notes):
        a, b = chars[i % len(chars)], chars[(i // len(chars) * 7 + i) % len(chars)]
        kana = KANA[i % len(KANA)] + KANA[(i // 7) % len(KANA)]
        note = col.new_note(nt)
        word = f"{a}{b}{kana[0]}" if i % 5 == 0 else f"{a}{b}"
        note.fields[:] = [
            f"<b>{word}</b>" if i % 3 == 0 else f" {word}[{kana}]",
            kana,
            f"meaning {i}",
            f"これは<b>{word}</b>です。" if i % 2 else "",
            f"[sound:w{i}.mp3]",
        ]
        requests.append(AddNoteRequest(note, deck_ids[i % len(deck_ids)]))
        if len(requests) == 10000:
            col.add_notes(requests)
            requests = []
    if requests:
        col.add_notes(requests)
    # The first `known` notes (by id) are known: review cards with intervals from 21 to 400 days.
    ids = col.db.list("select id from notes order by id")
    col.db.execute(
        f"update cards set type = 2, queue = 2, ivl = 21 + (nid % 380), due = 100 where nid <= {ids[known - 1]}"
    )
    col.db.execute(f"update cards set type = 2, queue = 2, ivl = nid % 21, due = 50 where nid > {ids[known - 1]} and nid % 2 = 0")
    col.close()


def measure(kind: str, path: Path, search: str, automatic_gc: bool) -> dict:
    from anki.collection import AddNoteRequest, Collection

    from writing import convert, media, notetype
    from writing.config import parse

    if not automatic_gc:
        gc.disable()  # as Anki runs add-ons: aqt turns automatic collection off and collects on a timer
    col = Collection(str(path))
    cfg, _ = parse({})
    options = convert.ConvertOptions.from_config(cfg, search=search)
    out: dict = {"kind": kind}
    if kind == "floor":
        # The same new notes, their field values already known: make the notes, one add_notes.
        planned = convert.preview(col, options).planned
        status = notetype.ensure(col)
        nt = col.models.get(status.id)
        deck_ids = {name: col.decks.id(name, create=True) for name in {p.deck_name for p in planned}}
        start, cpu_start = time.perf_counter(), time.process_time()
        # Notes built the way the conversion builds them (the fastest way found), so the ratio
        # compares the work around add_notes, not two ways of making notes.
        requests = [AddNoteRequest(note, deck_ids[p.deck_name]) for p, note in zip(planned, convert.new_notes(col, nt, planned))]
        built = time.perf_counter()
        col.add_notes(requests)
        done = time.perf_counter()
        out.update(build_seconds=built - start, add_notes_seconds=done - built, added=len(requests))
    elif kind == "preview":
        start, cpu_start = time.perf_counter(), time.process_time()
        p = convert.preview(col, options)
        done = time.perf_counter()
        out.update(matched=p.matched_notes, to_add=p.to_add)
    else:
        if kind == "convert_after_preview":
            convert.preview(col, options)  # the dialog's Preview, then Add: what that session has read stays warm
        adding_started: list[float] = []

        def note_phase(label: str, done: int, total: int) -> None:
            if label.startswith("Adding") and not adding_started:
                adding_started.append(time.perf_counter())

        start, cpu_start = time.perf_counter(), time.process_time()
        result = convert.convert(col, options, progress=note_phase)
        done = time.perf_counter()
        out.update(added=result.added, matched=result.matched_notes)
        out.update(planning_seconds=adding_started[0] - start, writing_seconds=done - adding_started[0])
    out.update(seconds=done - start, cpu_seconds=time.process_time() - cpu_start)
    if kind != "floor" and kind != "preview":
        # The step after the conversion (the GUI runs it in the background): the new notes'
        # stroke-data files, into this measurement's empty media folder, as a first conversion.
        stroke_start = time.perf_counter()
        stroke_status = media.ensure_stroke_media(col, result.stroke_targets)
        out.update(stroke_files=stroke_status.strokes_written, stroke_seconds=time.perf_counter() - stroke_start)
    if kind == "convert":  # once more: everything already added
        start = time.perf_counter()
        again = convert.convert(col, options)
        out.update(rerun_seconds=time.perf_counter() - start, rerun_added=again.added)
    col.close()
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--known", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=3, help="measure this many times; medians are printed (default 3)")
    parser.add_argument("--automatic-gc", action="store_true", help="leave Python's automatic garbage collection on (Anki turns it off)")
    parser.add_argument("--keep", type=Path, help="keep the generated collection in this folder (reused when present)")
    parser.add_argument("--measure", choices=["floor", "preview", "convert", "convert_after_preview"], help=argparse.SUPPRESS)
    parser.add_argument("--collection", type=Path, help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    search = "deck:Japanese"
    if opts.measure:
        print(json.dumps(measure(opts.measure, opts.collection, search, opts.automatic_gc)))
        return 0
    work = Path(tempfile.mkdtemp(prefix="bench_convert_"))
    base = (opts.keep or work) / f"generated-{opts.notes}-{opts.known}.anki2"
    base.parent.mkdir(parents=True, exist_ok=True)
    if not base.exists():
        start = time.perf_counter()
        generate(base, opts.notes, opts.known)
        print(f"generated {opts.notes} notes ({opts.known} known) in {time.perf_counter() - start:.1f} s")
    rounds: list[dict] = []
    for round_number in range(opts.rounds):
        results = {}
        for kind in ("floor", "preview", "convert", "convert_after_preview"):
            copy = work / f"{kind}-{round_number}.anki2"
            shutil.copy(base, copy)
            command = [sys.executable, __file__, "--measure", kind, "--collection", str(copy)] + ["--automatic-gc"] * opts.automatic_gc
            proc = subprocess.run(command, capture_output=True, text=True)
            copy.unlink()
            if proc.returncode:
                print(proc.stderr, file=sys.stderr)
                return 1
            results[kind] = json.loads(proc.stdout.strip().splitlines()[-1])
        rounds.append(results)

    def med(kind: str, key: str) -> float:
        return statistics.median(r[kind][key] for r in rounds)

    floor, prev, conv = rounds[0]["floor"], rounds[0]["preview"], rounds[0]["convert"]
    ratio = statistics.median(r["convert"]["seconds"] / r["floor"]["seconds"] for r in rounds)
    cpu_ratio = statistics.median(r["convert"]["cpu_seconds"] / r["floor"]["cpu_seconds"] for r in rounds)
    peak = max(r[kind]["peak_mb"] for r in rounds for kind in r)
    print(f"collection: {opts.notes} notes, {opts.known} known (interval ≥ 21 days); medians of {opts.rounds} rounds, "
          f"each measurement in a fresh process on a fresh copy; automatic GC {'on' if opts.automatic_gc else 'off, as in Anki'}")
    print(f"floor (bare add_notes of the same {floor['added']} notes): {med('floor', 'seconds'):.2f} s "
          f"(building notes {med('floor', 'build_seconds'):.2f} s + add_notes {med('floor', 'add_notes_seconds'):.2f} s; "
          f"CPU {med('floor', 'cpu_seconds'):.2f} s), peak {max(r['floor']['peak_mb'] for r in rounds):.0f} MB")
    print(f"preview: {med('preview', 'seconds'):.2f} s (CPU {med('preview', 'cpu_seconds'):.2f} s; {prev['matched']} notes matched, "
          f"{prev['to_add']} to add), peak {max(r['preview']['peak_mb'] for r in rounds):.0f} MB")
    print(f"conversion (preview + add): {med('convert', 'seconds'):.2f} s (planning {med('convert', 'planning_seconds'):.2f} s + "
          f"writing {med('convert', 'writing_seconds'):.2f} s; CPU {med('convert', 'cpu_seconds'):.2f} s), {conv['added']} added, "
          f"peak {max(r['convert']['peak_mb'] for r in rounds):.0f} MB")
    print(f"then, in the background: the new notes' stroke-data files, {conv['stroke_files']} written in {med('convert', 'stroke_seconds'):.2f} s")
    print(f"re-run (idempotent): {med('convert', 'rerun_seconds'):.2f} s, {conv['rerun_added']} added")
    after_ratio = statistics.median(r["convert_after_preview"]["seconds"] / r["floor"]["seconds"] for r in rounds)
    print(f"Add after Preview in the same session (the dialog's path): {med('convert_after_preview', 'seconds'):.2f} s, "
          f"{after_ratio:.2f}x the floor, peak {max(r['convert_after_preview']['peak_mb'] for r in rounds):.0f} MB")
    print(f"conversion / floor: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU (goal ≤ 1.5x); "
          f"conversion ≤ 10 s: {'yes' if med('convert', 'seconds') <= 10 else 'NO'}; peak ≤ 400 MB: {'yes' if peak <= 400 else 'NO'}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
