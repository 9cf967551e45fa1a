"""Build writing/data/ja_variant_orders.json: for each Japanese character, the other standard way
of writing its KanjiVG strokes that Make Me a Hanzi's stroke data records, when that way is the
same strokes in another order, or with consecutive strokes joined into one (阝 in two strokes).

Why: the Chinese standard orders some characters differently (感 with the horizontal before ノ,
右 with the horizontal first) and writes 阝 as ㇋ + 丨. Writers taught that way are not making a
mistake, so the grader accepts that way too (writing/grading: grade_free and CharacterQuiz take
`variants`). Only what both data sets agree on becomes a variant: the Make Me a Hanzi strokes,
graded in free mode against the KanjiVG strokes, must differ only by `order` and `merged`
mistakes, and the variant built from KanjiVG's own strokes must then grade them cleanly. Whatever
else differs (a stroke split in two, another shape) is left out.

A variant is a list of groups in writing order; a group lists the KanjiVG stroke indices
(0-based) written as one stroke, in their own order: 防 → [[0, 1], [2], [3], ...].

Output (UTF-8 JSON, keys sorted, re-running yields byte-identical output):
    {"format": 1, "derived_from": {"ja.strokes": sha256, "zh.strokes": sha256},
     "variants": {"感": [[[1], [0], [2], ...]], ...}}
Run: .venv/bin/python tools/build_variant_orders.py   (about 2 minutes, one core)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from writing import strokes  # noqa: E402
from writing.grading import grade_free  # noqa: E402
from writing.grading.geometry import MERGED_SPANS, variant_strokes  # noqa: E402

OUTPUT = strokes.DATA_DIR / strokes.VARIANT_ORDERS_FILE
FORMAT = 1


def derive(ja_strokes, zh_strokes) -> list[list[int]] | None:
    """The groups of KanjiVG strokes the Make Me a Hanzi strokes write, in their order, or None
    when they are not the same strokes reordered or joined."""
    result = grade_free(ja_strokes, zh_strokes)
    if result.ok or any(m.kind not in ("order", "merged") for m in result.mistakes):
        return None
    starts = sorted(r for r in result.matches if r is not None)
    if len(starts) != len(result.matches) or len(set(starts)) != len(starts) or starts[0] != 0:
        return None
    ends = {start: end for start, end in zip(starts, starts[1:] + [len(ja_strokes)])}
    merged_at = {m.drawn for m in result.mistakes if m.kind == "merged"}
    groups = []
    for drawn, start in enumerate(result.matches):
        span = ends[start] - start
        if span != 1 and (drawn not in merged_at or span not in MERGED_SPANS):
            return None
        groups.append(list(range(start, ends[start])))
    if groups == [[j] for j in range(len(ja_strokes))]:
        return None
    # The variant must stand on its own: KanjiVG's strokes in that order grade the Chinese cleanly.
    if not grade_free(variant_strokes(ja_strokes, groups), zh_strokes).ok:
        return None
    return groups


def build() -> dict:
    variants: dict[str, list] = {}
    ja_chars = sorted(strokes.characters("ja"))
    started = time.perf_counter()
    for n, char in enumerate(ja_chars):
        ja, zh = strokes.lookup(char, "ja"), strokes.lookup(char, "zh-Hant")
        if ja.ok and zh.ok and zh.stroke_count <= ja.stroke_count:
            groups = derive(ja.strokes, zh.strokes)
            if groups is not None:
                variants[char] = [groups]
        if n % 500 == 0:
            print(f"  {n}/{len(ja_chars)} characters, {len(variants)} variants, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    digests = {name: hashlib.sha256((strokes.DATA_DIR / name).read_bytes()).hexdigest() for name in ("ja.strokes", "zh.strokes")}
    return {"format": FORMAT, "derived_from": digests, "variants": variants}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    table = build()
    text = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    args.output.write_text(text, encoding="utf-8")
    joined = sum(1 for v in table["variants"].values() if any(len(g) > 1 for g in v[0]))
    print(f"{args.output}: {len(table['variants'])} characters with a variant ({joined} join strokes), {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
