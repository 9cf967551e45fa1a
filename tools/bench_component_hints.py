"""Benchmark what component hints and the component-coloured answer add to a review.

- per card render (answer side): the components lookup and per-stroke groups that the answer's
  start reply now carries, for 40 real characters (each a fresh session: nothing cached);
- per hint press: a character's first hint (components lookup + the layout sentence, known
  components already read);
- once per reviewer session (first component hint, and again after a writing card is answered):
  reading which characters the learner can write (`reviewer.writable_characters`, writing.gap's
  definition) on tools/bench_gap.py's collection (100,000 vocabulary notes, 10,000 writing
  notes, 1,000,000 review-log rows), built with bench_gap.build or reused with --keep DIR.

Run: .venv/bin/python tools/bench_component_hints.py [--keep DIR] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "tools"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from anki.collection import Collection  # noqa: E402

import bench_gap  # noqa: E402
from writing import review  # noqa: E402
from writing.config import Config  # noqa: E402

CARD = 1_700_000_000_000
CHARS = [
    ("語", "ja"), ("書", "ja"), ("明", "ja"), ("休", "ja"), ("想", "ja"), ("読", "ja"), ("働", "ja"), ("聞", "ja"),
    ("館", "ja"), ("曜", "ja"), ("驚", "ja"), ("襲", "ja"), ("森", "ja"), ("議", "ja"), ("薬", "ja"), ("鏡", "ja"),
    ("国", "ja"), ("道", "ja"), ("起", "ja"), ("時", "ja"),
    ("妈", "zh-Hans"), ("好", "zh-Hans"), ("谢", "zh-Hans"), ("我", "zh-Hans"), ("说", "zh-Hans"), ("喝", "zh-Hans"),
    ("得", "zh-Hans"), ("您", "zh-Hans"), ("铁", "zh-Hans"), ("国", "zh-Hans"), ("这", "zh-Hans"), ("医", "zh-Hans"),
    ("語", "zh-Hant"), ("謝", "zh-Hant"), ("愛", "zh-Hant"), ("學", "zh-Hant"), ("讀", "zh-Hant"), ("聽", "zh-Hant"),
    ("體", "zh-Hant"), ("龍", "zh-Hant"),
]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:.3f} ms, p95 {p95 * 1000:.3f} ms, max {ordered[-1] * 1000:.3f} ms"


def per_card(config: Config) -> tuple[list[float], list[float], int]:
    """Answer-side start reply with and without the component part, per character."""
    with_parts: list[float] = []
    components_only: list[float] = []
    coloured = 0
    for char, script in CHARS:
        session = review.ReviewSession(CARD, char, script, "guided", config)
        t0 = time.perf_counter()
        found = session.chars[0].components(script)
        groups = review.component_groups(found, session.chars[0].stroke_count)
        components_only.append(time.perf_counter() - t0)
        coloured += groups is not None
        session = review.ReviewSession(CARD, char, script, "guided", config)
        t0 = time.perf_counter()
        json.dumps(session.start_reply("answer"), ensure_ascii=False)
        with_parts.append(time.perf_counter() - t0)
    return components_only, with_parts, coloured


def per_hint(config: Config, known: frozenset[str]) -> list[float]:
    times = []
    for char, script in CHARS:
        session = review.ReviewSession(CARD, char, script, "guided", config, lambda: known)
        message = review.parse_message(json.dumps({"type": "hint", "card": CARD, "char": 0}))
        t0 = time.perf_counter()
        session.handle(message)
        times.append(time.perf_counter() - t0)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="bench_gap's folder to keep (and reuse) the big collection in")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    config = Config()

    components_only, start_reply, coloured = per_card(config)  # first pass: files' indexes read
    print(f"first lookups (index read): {sum(components_only) * 1000:.1f} ms for {len(CHARS)} characters")
    components_only, start_reply, coloured = per_card(config)
    print(f"per card render, answer side ({len(CHARS)} characters, {coloured} coloured by component):")
    print(f"  components + stroke groups   {percentiles(components_only)}")
    print(f"  whole answer start reply     {percentiles(start_reply)}")
    hints = per_hint(config, frozenset("言口日月木"))
    print(f"per first hint press (components + sentence): {percentiles(hints)}")

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-gap-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "gap-100000-1000000.anki2"
    if not path.exists():
        t0 = time.perf_counter()
        bench_gap.build(path, 100_000, 1_000_000)
        print(f"built {path.name} in {time.perf_counter() - t0:.1f} s")
    from writing.gui import reviewer  # aqt is importable in the venv; nothing GUI runs here

    col = Collection(str(path))
    try:
        wall, cpu, known = bench_gap.timed(lambda: reviewer.writable_characters(col), args.runs)
        print(
            f"known components (writable characters) on {col.note_count():,} notes: {len(known):,} characters, "
            f"median wall {wall * 1000:.0f} ms, cpu {cpu * 1000:.0f} ms (once per reviewer session, on the first component hint)"
        )
    finally:
        col.close(downgrade=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
