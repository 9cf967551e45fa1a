"""Conversion speed and memory on a generated 100,000-note collection with 30,000 known
vocabulary notes, against the floor: a bare `col.add_notes` of the same new notes, in the same run.

    .venv/bin/python tools/bench_convert.py [--notes 100000] [--known 30000] [--keep DIR]

Each measurement runs in its own process on its own copy of the collection, so peak memory
(ru_maxrss) is that of the measured work alone. Goals: conversion ≤ 1.5× the floor and ≤ 10 s;
peak memory ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIELDS = ["Expression", "Reading", "Meaning", "Sentence", "Audio"]
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"


def generate(path: Path, notes: int, known: int) -> None:
    from anki.collection import AddNoteRequest, Collection

    from writing import strokes

    chars = [chr(cp) for cp in range(0x4E00, 0x9FA0) if strokes.has_data(chr(cp), "ja")][:2500]
    col = Collection(str(path))
    models = col.models
    nt = models.new("Vocab")
    for name in FIELDS:
        models.add_field(nt, models.new_field(name))
    template = models.new_template("Recognition")
    template["qfmt"], template["afmt"] = "{{Expression}}", "{{FrontSide}}<hr id=answer>{{Meaning}}"
    models.add_template(nt, template)
    models.add_dict(nt)
    nt = models.by_name("Vocab")
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


def measure(kind: str, path: Path, search: str) -> dict:
    from anki.collection import AddNoteRequest, Collection

    from writing import convert, notetype
    from writing.config import parse

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
        start = time.perf_counter()
        # Notes built the way the conversion builds them (the fastest way found), so the ratio
        # compares the work around add_notes, not two ways of making notes.
        requests = [AddNoteRequest(note, deck_ids[p.deck_name]) for p, note in zip(planned, convert.new_notes(col, nt, planned))]
        built = time.perf_counter()
        col.add_notes(requests)
        done = time.perf_counter()
        out.update(seconds=done - start, build_seconds=built - start, add_notes_seconds=done - built, added=len(requests))
    elif kind == "preview":
        start = time.perf_counter()
        p = convert.preview(col, options)
        out.update(seconds=time.perf_counter() - start, matched=p.matched_notes, to_add=p.to_add)
    else:
        start = time.perf_counter()
        result = convert.convert(col, options)
        out.update(seconds=time.perf_counter() - start, added=result.added, matched=result.matched_notes)
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
    parser.add_argument("--keep", type=Path, help="keep the generated collection in this folder (reused when present)")
    parser.add_argument("--measure", choices=["floor", "preview", "convert"], help=argparse.SUPPRESS)
    parser.add_argument("--collection", type=Path, help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    search = "deck:Japanese"
    if opts.measure:
        print(json.dumps(measure(opts.measure, opts.collection, search)))
        return 0
    work = Path(tempfile.mkdtemp(prefix="bench_convert_"))
    base = (opts.keep or work) / f"generated-{opts.notes}-{opts.known}.anki2"
    base.parent.mkdir(parents=True, exist_ok=True)
    if not base.exists():
        start = time.perf_counter()
        generate(base, opts.notes, opts.known)
        print(f"generated {opts.notes} notes ({opts.known} known) in {time.perf_counter() - start:.1f} s")
    results = {}
    for kind in ("floor", "preview", "convert"):
        copy = work / f"{kind}.anki2"
        shutil.copy(base, copy)
        proc = subprocess.run([sys.executable, __file__, "--measure", kind, "--collection", str(copy)], capture_output=True, text=True)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return 1
        results[kind] = json.loads(proc.stdout.strip().splitlines()[-1])
    floor, prev, conv = results["floor"], results["preview"], results["convert"]
    ratio = conv["seconds"] / floor["seconds"]
    print(f"collection: {opts.notes} notes, {opts.known} known (interval ≥ 21 days)")
    print(f"floor (bare add_notes of the same {floor['added']} notes): {floor['seconds']:.2f} s "
          f"(building notes {floor['build_seconds']:.2f} s + add_notes {floor['add_notes_seconds']:.2f} s), peak {floor['peak_mb']:.0f} MB")
    print(f"preview: {prev['seconds']:.2f} s ({prev['matched']} notes matched, {prev['to_add']} to add), peak {prev['peak_mb']:.0f} MB")
    print(f"conversion (preview + add): {conv['seconds']:.2f} s, {conv['added']} added, peak {conv['peak_mb']:.0f} MB")
    print(f"re-run (idempotent): {conv['rerun_seconds']:.2f} s, {conv['rerun_added']} added")
    print(f"conversion / floor: {ratio:.2f}x (goal ≤ 1.5x); conversion ≤ 10 s: {'yes' if conv['seconds'] <= 10 else 'NO'}; "
          f"peak ≤ 400 MB: {'yes' if conv['peak_mb'] <= 400 else 'NO'}")
    if not opts.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        for kind in results:
            (work / f"{kind}.anki2").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
