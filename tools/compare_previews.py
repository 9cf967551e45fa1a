"""Check that conversion planning still gives exactly what an earlier commit gave.

    .venv/bin/python tools/compare_previews.py REF [--with REF2] [--notes 3000] [--collection PATH ...]

Builds a collection that holds the demo's sample decks and a fuzz of what real decks contain
(markup, furigana, ruby, cloze, entities, width forms, compatibility ideographs, variation
selectors, two-card notes and cloze notes known through another card, cards in a filtered
deck), then runs `convert.preview` over it (and over each `--collection`, e.g. the one
`bench_convert.py --keep` leaves) with several searches and option sets, once with the code of
REF (taken with `git archive`) and once with the working tree (or REF2), each in its own process. Prints
how many previews and planned notes were compared; exit 1 and the first differences if any
preview differs (counts, skip reasons, samples, every planned note, field maps, scripts).
Speed work on the conversion is checked with it: a faster plan must be the same plan.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SEARCHES = ["", "deck:Fuzz", "deck:Fuzz::A", 'deck:"Chinese Fuzz"', "deck:Cram", "Fuzz OR 学", "card:Production", 'deck:"Sample Japanese Vocabulary"']
BIG_COLLECTION_SEARCHES = ["", "deck:Japanese"]
OPTION_SETS = [
    {},
    {"unit": "character"},
    {"write_kana": False},
    {"no_stroke_data": "skip"},
    {"min_interval": 0},
    {"min_interval": 100, "unit": "character", "write_kana": False},
]
# Pieces of field HTML the fuzz strings are made of: what shared decks contain, in any order.
FUZZ_PIECES = [
    "学生", "先生", "食べる", "ｶﾞｸｾｲ", "\ufa30", "語\ufe00", "ー", "・", "Ａ１！", "１つ", "Tシャツ", "&amp;", "&lt;b&gt;",
    "<b>", "</b>", "<br>", "<div>", "</div>", " 漢字[かんじ]", "<ruby>漢字<rt>かんじ</rt></ruby>", "[sound:x.mp3]",
    '<img src="a.png">', "{{c1::電車}}", "{{c2::学校::school}}", "(noun)", "（めいし）", "【がくせい】", "  ", "\u3000",
    "\xa0", "\n", "abc", "123", "我们", "們", "這個", "医学", "働く", "々", "〆", "𠮟る", "駅", "<script>x</script>",
    "<span style='color:red'>赤</span>", "ヶ月", "ゐ",
]


def build_fuzz_collection(path: Path, notes: int) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    from anki.collection import Collection
    from collection_fixtures import recognition_notetype

    import demo_deck

    col = Collection(str(path))
    demo_deck.seed(col)
    rnd = random.Random(7)

    def fuzz(pieces: int) -> str:
        return "".join(rnd.choice(FUZZ_PIECES) for _ in range(rnd.randint(0, pieces)))

    vocab = recognition_notetype(col, "Fuzz Vocab", ["Word", "Reading", "Meaning", "Sentence", "Extra"])
    two_cards = recognition_notetype(col, "Fuzz Two", ["Vocab", "Kana", "English"], production_front="{{English}}")
    cloze = col.models.by_name("Cloze")
    decks = [col.decks.id(name, create=True) for name in ("Fuzz::A", "Fuzz::B", "Chinese Fuzz", "Fuzz::A::Deep")]
    for i in range(notes):
        if i % 3 == 0:
            note = col.new_note(vocab)
            note.fields[:] = [fuzz(3), fuzz(2), fuzz(2) or f"meaning {i}", fuzz(6), fuzz(1)]
        elif i % 3 == 1:
            note = col.new_note(two_cards)
            note.fields[:] = [fuzz(3), fuzz(2), fuzz(3)]
        else:
            note = col.new_note(cloze)
            note.fields[0] = fuzz(5) + "{{c1::" + (fuzz(2) or "猫") + "}}" + fuzz(3)
        col.add_note(note, decks[i % len(decks)])
    for card_id in col.db.list("select id from cards where ivl = 0 order by id"):
        if rnd.random() < 0.7:
            col.db.execute("update cards set type = 2, queue = 2, ivl = ?, due = 10 where id = ?", rnd.randint(0, 200), card_id)
    cram = col.decks.new_filtered("Cram")
    deck = col.decks.get(cram)
    deck["terms"] = [['deck:"Fuzz::B"', max(1, notes // 10), 0]]
    col.decks.save(deck)
    col.sched.rebuild_filtered_deck(cram)
    col.close()


def run_previews(code_dir: Path, collections: list[Path], work: Path) -> dict[str, list]:
    """Every preview's result as JSON-ready lists, keyed by collection, search and options."""
    sys.path.insert(0, str(code_dir))
    from anki.collection import Collection

    from writing import convert
    from writing.config import parse

    cfg, _problems = parse({})
    results = {}
    for index, base in enumerate(collections):
        copy = work / f"preview-{index}.anki2"
        shutil.copy(base, copy)
        col = Collection(str(copy))
        for search in SEARCHES if index == 0 else BIG_COLLECTION_SEARCHES:
            for overrides in OPTION_SETS:
                p = convert.preview(col, convert.ConvertOptions.from_config(cfg, search=search, **overrides))
                key = json.dumps([index, search, overrides], sort_keys=True, ensure_ascii=False)
                results[key] = [
                    p.matched_notes, p.to_add, p.already_exist, p.skipped, p.self_graded, p.missing_stroke_data,
                    [dataclasses.astuple(s) for s in p.samples], [list(n) for n in p.planned],
                    {str(k): [f.target, f.meaning, f.reading, f.context, f.cloze] for k, f in p.fields.items()},
                    {k: [g.script, g.reason] for k, g in p.scripts.items()}, p.decks,
                ]
        col.close()
    return json.loads(json.dumps(results, ensure_ascii=False))  # tuples as lists, as read back


PART_NAMES = ["matched notes", "to add", "already exist", "skipped", "self-graded", "missing stroke data", "samples", "planned notes", "field maps", "scripts", "decks"]


def differences(before: dict[str, list], after: dict[str, list]) -> list[str]:
    """One line per preview part that differs (and per preview only one side has)."""
    lines = [f"only in {side}: {key}" for side, a, b in (("the first", before, after), ("the second", after, before)) for key in a if key not in b]
    for key in before.keys() & after.keys():
        for name, old, new in zip(PART_NAMES, before[key], after[key]):
            if old != new:
                lines.append(f"{key}: {name} differ: {json.dumps(old, ensure_ascii=False)[:300]} -> {json.dumps(new, ensure_ascii=False)[:300]}")
    return sorted(lines)


def code_of(ref: str, into: Path) -> Path:
    archive = subprocess.run(["git", "archive", ref, "writing"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ref", nargs="?", help="the commit to compare the working tree with (e.g. HEAD~3)")
    parser.add_argument("--with", dest="other", metavar="REF2", help="compare with this commit instead of the working tree")
    parser.add_argument("--notes", type=int, default=3000, help="fuzz notes to generate (default 3000)")
    parser.add_argument("--collection", type=Path, action="append", default=[], help="another collection to preview (searches: all, deck:Japanese)")
    parser.add_argument("--run-previews", type=Path, help=argparse.SUPPRESS)  # internal: code dir, prints JSON
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.run_previews:
        print(json.dumps(run_previews(opts.run_previews, opts.collection, opts.work), ensure_ascii=False))
        return 0
    if not opts.ref:
        parser.error("give the commit to compare with")
    with tempfile.TemporaryDirectory(prefix="compare_previews_") as tmp:
        work = Path(tmp)
        fuzz = work / "fuzz.anki2"
        build_fuzz_collection(fuzz, opts.notes)
        collections = [fuzz, *opts.collection]
        outputs = {}
        other = code_of(opts.other, work / "other") if opts.other else ROOT
        for label, code_dir in (("REF", code_of(opts.ref, work / "ref")), ("other", other)):
            command = [sys.executable, __file__, "--run-previews", str(code_dir), "--work", str(work)]
            command += [arg for path in collections for arg in ("--collection", str(path))]
            proc = subprocess.run(command, capture_output=True, text=True)
            if proc.returncode:
                print(f"previews with the {label} code failed:\n{proc.stderr[-3000:]}", file=sys.stderr)
                return 2
            outputs[label] = json.loads(proc.stdout)
    before, after = outputs["REF"], outputs["other"]
    names = f"{opts.ref} and {opts.other or 'the working tree'}"
    planned = sum(result[1] for result in before.values())
    found = differences(before, after)
    if found:
        print(f"{len(found)} differences between {names}:")
        print("\n".join(found[:40]))
        return 1
    print(f"identical: {len(before)} previews, {planned} planned notes ({names})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
