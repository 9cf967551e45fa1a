"""Build writing/data/ja_variant_orders.json: for each Japanese character, the other standard ways
of writing its KanjiVG strokes, when such a way is the same strokes in another order, or with
consecutive strokes joined into one (阝 in two strokes). Two sources record them:
- Make Me a Hanzi's stroke data (the Chinese standard orders some characters differently: 感 with
  the horizontal before ノ, 右 with the horizontal first, 阝 as ㇋ + 丨);
- KanjiVG's own other forms of the character, shipped in the same kanjivg wheel as
  `<code>-<form>.svg` (VtLst: the vertical last, HzFst: the horizontal first, Kaisho: the
  handwritten form, ...): 店 with 占's horizontal first, 働 with 重's vertical last.

Why: writers taught one of these ways are not making a mistake, so the grader accepts that way
too (writing/grading: grade_free and CharacterQuiz take `variants`). Only what the data agrees on
becomes a variant: the other strokes, graded in free mode against the KanjiVG strokes, must
differ only by `order` and `merged` mistakes, and the variant built from KanjiVG's own strokes
must then grade them cleanly. Whatever else differs (a stroke split in two, another shape, another
stroke count) is left out.

A variant is a list of groups in writing order; a group lists the KanjiVG stroke indices
(0-based) written as one stroke, in their own order: 防 → [[0, 1], [2], [3], ...]. A character's
variants come Make Me a Hanzi's first, then KanjiVG's forms by file name, each once.

Output (UTF-8 JSON, keys sorted, re-running yields byte-identical output):
    {"format": 1, "derived_from": {"ja.strokes": sha256, "zh.strokes": sha256},
     "kanjivg_forms": "kanjivg==<version>", "variants": {"感": [[[1], [0], [2], ...]], ...}}
Run: .venv/bin/python tools/build_variant_orders.py   (about 3 minutes, one core)
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

from build_stroke_data import KANJIVG_VERSION, QUANT_MAX, locate_kanjivg, read_kanjivg_file  # noqa: E402

from writing import strokes  # noqa: E402
from writing.grading import grade_free  # noqa: E402
from writing.grading.geometry import MERGED_SPANS, variant_strokes  # noqa: E402

OUTPUT = strokes.DATA_DIR / strokes.VARIANT_ORDERS_FILE
FORMAT = 1


def derive(ja_strokes, other_strokes) -> list[list[int]] | None:
    """The groups of KanjiVG strokes the other strokes (Make Me a Hanzi's, or another KanjiVG form's)
    write, in their order, or None when they are not the same strokes reordered or joined."""
    result = grade_free(ja_strokes, other_strokes)
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
    # The variant must stand on its own: KanjiVG's strokes in that order grade the other cleanly.
    if not grade_free(variant_strokes(ja_strokes, groups), other_strokes).ok:
        return None
    return groups


def kanjivg_forms(folder: Path) -> dict[str, list[Path]]:
    """KanjiVG's other forms of each character (`<code>-<form>.svg`), by character, by file name."""
    forms: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*-*.svg")):
        forms.setdefault(chr(int(path.stem.split("-")[0], 16)), []).append(path)
    return forms


def variants_for(char: str, forms: dict[str, list[Path]]) -> list[list[list[int]]]:
    """The character's variants (see the module docstring), in the table's order."""
    ja = strokes.lookup(char, "ja")
    if not ja.ok:
        return []
    others = []
    zh = strokes.lookup(char, "zh-Hant")
    if zh.ok:
        others.append(zh.strokes)
    for path in forms.get(char, ()):
        others.append([[(x / QUANT_MAX, y / QUANT_MAX) for x, y in stroke] for stroke in read_kanjivg_file(path)])
    found: list[list[list[int]]] = []
    for other in others:
        if other and len(other) <= ja.stroke_count:
            groups = derive(ja.strokes, other)
            if groups is not None and groups not in found:
                found.append(groups)
    return found


def build(folder: Path) -> dict:
    variants: dict[str, list] = {}
    forms = kanjivg_forms(folder)
    ja_chars = sorted(strokes.characters("ja"))
    started = time.perf_counter()
    for n, char in enumerate(ja_chars):
        found = variants_for(char, forms)
        if found:
            variants[char] = found
        if n % 500 == 0:
            print(f"  {n}/{len(ja_chars)} characters, {len(variants)} with variants, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    digests = {name: hashlib.sha256((strokes.DATA_DIR / name).read_bytes()).hexdigest() for name in ("ja.strokes", "zh.strokes")}
    return {"format": FORMAT, "derived_from": digests, "kanjivg_forms": f"kanjivg=={KANJIVG_VERSION}", "variants": variants}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    table = build(locate_kanjivg())
    text = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    args.output.write_text(text, encoding="utf-8")
    every = [groups for found in table["variants"].values() for groups in found]
    joined = sum(1 for groups in every if any(len(g) > 1 for g in groups))
    print(f"{args.output}: {len(table['variants'])} characters with {len(every)} variants ({joined} join strokes), "
          f"{len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
