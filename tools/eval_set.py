"""Evaluation set for the stroke grader: simulated handwriting of real characters, correct and
with each kind of mistake, from a fixed seed (the same set on every run and machine).

    .venv/bin/python tools/eval_set.py [--seed 3] [--limit N] [--out FILE.jsonl]

Characters: 130 jōyō kanji (every 16th of the list in tools/node_modules/joyo-kanji, plus hard
cases), 130 common simplified hanzi, 52 kana: 312 in all. Each gets, from its reference centre
lines (writing.strokes.lookup):
- `correct` written over the grid twice (scale 0.88-1.04, shift with σ 0.03 em, rotation ±3°, shear ±0.05)
  and written freely twice (scale 0.6-1.3, anywhere in the box, rotation ±6°, shear ±0.08);
- one case of each mistake, written over the grid: `order` (two strokes swapped), `reversed`,
  `missing`, `extra` (a stroke of another character added), `foreign` (a stroke replaced by one of
  another character), `merged` (two consecutive strokes drawn without lifting the pen),
  `misplaced` (a stroke moved 0.18-0.30 em away from where it belongs).
Every drawn stroke then gets human-like noise: per-stroke shift, scale and slant, over/undershoot
at both ends, low-frequency wobble and tremor, and uneven pen sampling (slow at the ends).

A mistake is only generated where a person could see it: swapped strokes differ, a reversed
stroke is at least 0.08 em long, and added, foreign or moved strokes lie at least 0.1 em (mean
point distance) from every stroke of the character.

Each case: {"id", "char", "script", "condition": "grid"|"free", "kind", "strokes" (em units,
drawing order), "wrong_drawn" (drawn index of the first wrong stroke, or null), "wrong_ref"
(reference index involved), "ref_count"}.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from writing.strokes import lookup  # noqa: E402

SEED = 3
ERROR_KINDS = ("order", "reversed", "missing", "extra", "foreign", "merged", "misplaced")

# Characters every grader stumbles on: parallel look-alikes, boxes, unusual orders, many strokes.
HARD_JA = "口田日月是九力三目書語我襲右左必飛馬母"
HARD_ZH = "口田日月是九力三目书语我爱电车长为必飞马"
COMMON_ZH = (
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她"
    "里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老"
    "从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机"
    "给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产"
)
HIRAGANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"


@dataclass
class Case:
    id: str
    char: str
    script: str
    condition: str
    kind: str
    strokes: list
    wrong_drawn: int | None
    wrong_ref: int | None
    ref_count: int


def joyo_kanji() -> list[str]:
    path = ROOT / "tools" / "node_modules" / "joyo-kanji" / "index.js"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return []
    return re.findall(r'"([\u3400-\u9fff])"', text)


def characters() -> list[tuple[str, str]]:
    """(char, script) pairs with stroke data: 130 kanji, 130 hanzi, 52 kana."""
    picked: list[tuple[str, str]] = []

    def take(chars, script, count):
        seen = {c for c, s in picked if s == script}
        added = 0
        for c in chars:
            if added == count:
                break
            if c not in seen and lookup(c, script).ok:
                picked.append((c, script))
                seen.add(c)
                added += 1

    joyo = joyo_kanji()
    take(list(HARD_JA) + joyo[::16], "ja", 130)
    take(list(HARD_ZH) + list(COMMON_ZH), "zh-Hans", 130)
    kana = [c for i, c in enumerate(HIRAGANA + KATAKANA) if i % 18 < 11 or c in "あしんアシン"]
    take(kana, "ja", 52)
    return picked


# ------------------------------------------------------------------ geometry helpers


def densify(points: np.ndarray, step: float = 0.004) -> np.ndarray:
    seg = np.hypot(*np.diff(points, axis=0).T)
    along = np.concatenate(([0.0], np.cumsum(seg)))
    if along[-1] <= 0:
        return points[:1].repeat(2, axis=0)
    t = np.linspace(0, along[-1], max(2, int(along[-1] / step) + 1))
    return np.column_stack((np.interp(t, along, points[:, 0]), np.interp(t, along, points[:, 1])))





def _resample(points: np.ndarray, n: int) -> np.ndarray:
    seg = np.hypot(*np.diff(points, axis=0).T)
    along = np.concatenate(([0.0], np.cumsum(seg)))
    if along[-1] <= 0:
        return np.repeat(points[:1], n, axis=0)
    t = np.linspace(0, along[-1], n)
    return np.column_stack((np.interp(t, along, points[:, 0]), np.interp(t, along, points[:, 1])))


def length(points: np.ndarray) -> float:
    return float(np.hypot(*np.diff(points, axis=0).T).sum()) if len(points) > 1 else 0.0


def mean_distance(a: np.ndarray, b: np.ndarray) -> float:
    """The generator's own notion of "visibly different strokes": mean distance between 20
    evenly spaced points of each, in em (direction-sensitive)."""
    return float(np.hypot(*(_resample(a, 20) - _resample(b, 20)).T).mean())


def rotation(theta: float) -> np.ndarray:
    c, s = math.cos(theta), math.sin(theta)
    return np.array([[c, -s], [s, c]])


# ------------------------------------------------------------------ human-like writing


def human_stroke(rng: np.random.Generator, stroke: np.ndarray) -> np.ndarray:
    """One stroke as a hand draws it: slightly off in place, size and slant, ends over- or
    undershot, wobbly, sampled unevenly."""
    line = densify(stroke)
    centre = line.mean(axis=0)
    size = length(line)
    local = rotation(rng.normal(0, math.radians(3))) * rng.normal(1.0, 0.06)
    line = (line - centre) @ local.T + centre + rng.normal(0, 0.014, 2)
    # Over/undershoot at each end, along the end's own direction.
    for end in (0, -1):
        inner = line[min(3, len(line) - 1)] if end == 0 else line[max(-4, -len(line))]
        direction = line[end] - inner
        norm = np.hypot(*direction)
        change = rng.uniform(-0.06, 0.08) * size
        if norm > 1e-9 and change > 0:
            extra = line[end] + direction / norm * np.linspace(0, change, 4)[1:, None]
            line = np.vstack((extra[::-1], line)) if end == 0 else np.vstack((line, extra))
        elif change < 0 and len(line) > 8:
            cut = min(int(-change / 0.004), len(line) // 4)
            line = line[cut:] if end == 0 else line[: len(line) - cut]
    # Wobble: slow waves plus tremor, across the whole stroke.
    t = np.linspace(0, 1, len(line))
    for _ in range(2):
        freq, phase = rng.uniform(0.5, 2.5), rng.uniform(0, 2 * math.pi)
        line = line + np.outer(np.sin(2 * math.pi * freq * t + phase), rng.normal(0, 0.004, 2))
    line = line + rng.normal(0, 0.0015, line.shape)
    # Uneven sampling: slow at both ends, fast in the middle, random point count.
    count = max(3, int(rng.uniform(0.5, 2.0) * max(length(line), 0.02) / 0.012))
    u = np.sort(rng.uniform(0, 1, count))
    u = np.concatenate(([0.0], u, [1.0]))
    eased = 0.5 - 0.5 * np.cos(math.pi * u)
    return _at_fraction(line, eased)


def _at_fraction(line: np.ndarray, fractions: np.ndarray) -> np.ndarray:
    seg = np.hypot(*np.diff(line, axis=0).T)
    along = np.concatenate(([0.0], np.cumsum(seg)))
    target = fractions * along[-1]
    return np.column_stack((np.interp(target, along, line[:, 0]), np.interp(target, along, line[:, 1])))


def place(rng: np.random.Generator, strokes: list[np.ndarray], condition: str) -> list[np.ndarray]:
    """The whole drawing's size, slant and place in the box."""
    if condition == "grid":
        scale, angle, shear = rng.uniform(0.88, 1.04), math.radians(rng.uniform(-3, 3)), rng.uniform(-0.05, 0.05)
    else:
        scale, angle, shear = rng.uniform(0.6, 1.3), math.radians(rng.uniform(-6, 6)), rng.uniform(-0.08, 0.08)
    matrix = scale * rotation(angle) @ np.array([[1.0, shear], [0.0, 1.0]])
    moved = [(s - 0.5) @ matrix.T + 0.5 for s in strokes]
    every = np.concatenate(moved)
    low, high = every.min(axis=0), every.max(axis=0)
    if condition == "grid":
        shift = rng.normal(0, 0.03, 2)
    else:
        # Anywhere in the box: the drawing's bounding box lands uniformly where it fits.
        shift = np.array([rng.uniform(min(-lo, 1 - hi), max(-lo, 1 - hi)) for lo, hi in zip(low, high)])
    return [s + shift for s in moved]


# ------------------------------------------------------------------ mistakes


def make_mistake(rng, kind: str, ref: list[np.ndarray], donors: list[np.ndarray]):
    """(strokes in drawing order, wrong_drawn, wrong_ref) or None when this character cannot
    show this mistake visibly."""
    m = len(ref)
    order = list(range(m))
    if kind == "order":
        pairs = [(i, j) for i in range(m) for j in range(i + 1, m) if mean_distance(ref[i], ref[j]) >= 0.1]
        if not pairs:
            return None
        adjacent = [p for p in pairs if p[1] == p[0] + 1]
        i, j = adjacent[rng.integers(len(adjacent))] if adjacent and rng.random() < 0.5 else pairs[rng.integers(len(pairs))]
        order[i], order[j] = order[j], order[i]
        return [ref[k] for k in order], i, j
    if kind == "reversed":
        long_enough = [i for i in range(m) if length(ref[i]) >= 0.08]
        if not long_enough:
            return None
        i = int(rng.choice(long_enough))
        return [ref[k][::-1] if k == i else ref[k] for k in order], i, i
    if kind == "missing":
        if m < 2:
            return None
        i = int(rng.integers(m))
        return [ref[k] for k in order if k != i], (i if i < m - 1 else None), i
    if kind in ("extra", "foreign"):
        for _ in range(200):
            donor = donors[rng.integers(len(donors))]
            if min(mean_distance(donor, r) for r in ref) >= 0.1:
                break
        else:
            return None
        i = int(rng.integers(m + 1 if kind == "extra" else m))
        if kind == "extra":
            return ref[:i] + [donor] + ref[i:], i, None
        return ref[:i] + [donor] + ref[i + 1 :], i, i
    if kind == "merged":
        if m < 2:
            return None
        i = int(rng.integers(m - 1))
        joined = np.vstack((densify(ref[i]), densify(np.vstack((ref[i][-1:], ref[i + 1][:1]))), densify(ref[i + 1])))
        return ref[:i] + [joined] + ref[i + 2 :], i, i
    if kind == "misplaced":
        if m < 2:  # a lone stroke has no "others" to be misplaced against
            return None
        for _ in range(200):
            i = int(rng.integers(m))
            angle = rng.uniform(0, 2 * math.pi)
            moved = ref[i] + rng.uniform(0.18, 0.30) * np.array([math.cos(angle), math.sin(angle)])
            centre = moved.mean(axis=0)
            if not ((0.05 <= centre).all() and (centre <= 0.95).all()):
                continue
            if min(mean_distance(moved, r) for r in ref) >= 0.1:
                return ref[:i] + [moved] + ref[i + 1 :], i, i
        return None
    raise ValueError(kind)


def generate(seed: int = SEED, limit: int | None = None) -> list[Case]:
    rng = np.random.default_rng(seed)
    chars = characters()
    if limit:
        chars = [chars[i] for i in np.linspace(0, len(chars) - 1, min(limit, len(chars))).round().astype(int)]
    refs = {(c, s): [np.asarray(st, dtype=float) for st in lookup(c, s).strokes] for c, s in chars}
    donors = [st for strokes in refs.values() for st in strokes]
    cases: list[Case] = []
    for char, script in chars:
        ref = refs[(char, script)]
        base = f"{script}-{char}"

        def add(kind, condition, drawn, wrong_drawn, wrong_ref, n=0):
            placed = place(rng, [human_stroke(rng, s) for s in drawn], condition)
            cases.append(
                Case(f"{base}-{kind}-{condition}{n}", char, script, condition, kind,
                     [np.round(s, 5).tolist() for s in placed], wrong_drawn, wrong_ref, len(ref))
            )

        for condition in ("grid", "free"):
            for n in range(2):
                add("correct", condition, ref, None, None, n)
        for kind in ERROR_KINDS:
            made = make_mistake(rng, kind, ref, donors)
            if made is not None:
                add(kind, "grid", *made)
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--limit", type=int, help="only N characters (spread over the list)")
    parser.add_argument("--out", type=Path, help="write JSON lines here (default: stdout)")
    args = parser.parse_args(argv)
    cases = generate(args.seed, args.limit)
    lines = "".join(json.dumps(asdict(c), ensure_ascii=False) + "\n" for c in cases)
    if args.out:
        args.out.write_text(lines, encoding="utf-8")
        print(f"{len(cases)} cases, {len({(c.char, c.script) for c in cases})} characters -> {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
