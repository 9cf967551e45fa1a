"""Our grader on real handwriting: every set in ../shared/handwriting/, both modes, through the
same path as `python -m writing grade` (writing.grading.cli.grade_line), one process, no node.

    .venv/bin/python tools/eval_real.py [--templates-every K] [--sets learner,kana,...]
                                         [--leniency X] [--failures K] [--sim N]

Prints per set (and per writer): how many labelled-correct samples pass cleanly in free and guided
mode, why the others were rejected (the first mistake's kind), how many suggested ratings are
Good or better, the labelled mistakes not passed (by label) and whether merged strokes are
reported as `merged`, the reference-variant samples separately (and how many order-only
rejections follow the Chinese data's order), and how many of Hanzi Writer's own stroke-matcher
checks (hanzi-writer-strokes.jsonl) our guided verdict agrees with. `--sim N` adds the simulated
set (tools/eval_set.py, first N characters) scored as bench_grader scores it.

Samples labelled `null` (kana, hiragana-test, templates: meant correct) count as correct when
their stroke count matches the reference; the others are left out and counted. The data is read
from ../shared/handwriting/ and never copied (part of it is GPL).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "tools"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from writing.config import parse  # noqa: E402
from writing.grading.cli import grade_line  # noqa: E402
from writing.strokes import lookup  # noqa: E402

HANDWRITING = ROOT.parent / "shared" / "handwriting"
SETS = ("learner", "kanji-test", "kana", "hiragana-test", "templates")
# Labels whose samples must not pass (the "order, direction, missing or extra").
MUST_FAIL = ("order", "direction", "missing", "extra", "merged")
MODES = ("free", "guided")


@dataclass
class Sample:
    id: str  # "learner 方 train/s1"
    set: str
    writer: str
    char: str
    script: str
    strokes: list
    label: str  # "correct" (also for null labels with the right stroke count) or the mistake
    details: str
    variant: bool
    ref_count: int


def load(sets=SETS, templates_every: int = 1) -> tuple[list[Sample], Counter]:
    """The samples of the chosen sets, and per set how many were left out (wrong stroke count on
    an unlabelled sample, split/malformed labels, no stroke data). Empty when the data is absent."""
    samples: list[Sample] = []
    skipped: Counter = Counter()
    for name in sets:
        path = HANDWRITING / (f"{name}.jsonl.gz" if name == "templates" else f"{name}.jsonl")
        if not path.exists():
            continue
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        if name == "templates" and templates_every > 1:
            rows = rows[::templates_every]
        for row in rows:
            data = lookup(row["char"], row["script"])
            if not data.ok:
                skipped[f"{name}: no stroke data"] += 1
                continue
            label = row.get("label") or "correct"
            if row.get("label") is None and len(row["strokes"]) != data.stroke_count:
                skipped[f"{name}: unlabelled, stroke count differs"] += 1
                continue
            samples.append(Sample(
                id=f"{name} {row['char']} {row['sample']}", set=name, writer=row["writer"], char=row["char"],
                script=row["script"], strokes=row["strokes"], label=label, details=row.get("label_details") or "",
                variant=bool(row.get("reference_variant")), ref_count=data.stroke_count,
            ))
    return samples, skipped


STROKE_CASES = HANDWRITING / "hanzi-writer-strokes.jsonl"


@dataclass
class StrokeCase:
    """One check of Hanzi Writer's own single-stroke matcher tests: a real drawn stroke, and a
    reference stroke it must (or must not) be taken for."""
    id: str  # "人 does not match using real data 4: not stroke 0"
    char: str
    points: list  # em box, y down
    index: int
    should_match: bool
    leniency: float


def load_stroke_cases() -> list[StrokeCase]:
    """Every check in hanzi-writer-strokes.jsonl (simplified Chinese, Make Me a Hanzi's 1024 frame,
    y up, mapped to the em box as the stroke data is). A test's `{ leniency: 2 }` option becomes
    ours; `isOutlineVisible` (Hanzi Writer is stricter then) is judged at the default. Empty
    when the data is absent."""
    if not STROKE_CASES.exists():
        return []
    cases = []
    with open(STROKE_CASES, encoding="utf-8") as handle:
        for row in (json.loads(line) for line in handle if line.strip()):
            points = [[x / 1024, (900 - y) / 1024] for x, y in row["points"]]
            name = f"{row['char']} {row['test']}"
            checks = [(i, True, 1.0) for i in row["matches"]] + [(i, False, 1.0) for i in row["not_matches"]]
            for option in row["options_cases"]:
                found = re.search(r"leniency:\s*([0-9.]+)", option["options"])
                checks.append((option["stroke"], option["match"], float(found.group(1)) if found else 1.0))
            for index, should_match, leniency in checks:
                what = f"stroke {index}" if should_match else f"not stroke {index}"
                suffix = f" at leniency {leniency:g}" if leniency != 1.0 else ""
                cases.append(StrokeCase(f"{name}: {what}{suffix}", row["char"], points, index, should_match, leniency))
    return cases


def judge_stroke(case: StrokeCase):
    """Our guided verdict on the case's stroke when reference stroke `index` is due and the strokes
    before it were written exactly as the reference (Hanzi Writer's test judges the stroke alone)."""
    from writing.grading import guided_verdict

    data = lookup(case.char, "zh-Hans")
    ref = data.strokes
    return guided_verdict(ref, [(j, ref[j]) for j in range(case.index)], case.points, leniency=case.leniency,
                          component_starts=data.component_starts)


def stroke_case_agrees(case: StrokeCase, verdict) -> bool:
    return (verdict.accepted and verdict.ref == case.index) == case.should_match


def grade(sample: Sample, mode: str, leniency: float = 1.0, policy=None) -> dict:
    """The CLI's answer for this sample (em units already, so the box is [0, 0, 1])."""
    if policy is None:
        policy = parse({})[0].rating
    request = {"char": sample.char, "script": sample.script, "mode": mode, "box": [0, 0, 1], "strokes": sample.strokes}
    return grade_line(json.dumps(request, ensure_ascii=False), leniency, policy)


def grade_all(samples: list[Sample], leniency: float = 1.0) -> tuple[dict, dict]:
    """{mode: {sample id: CLI answer}} and {mode: [seconds per sample]}."""
    policy = parse({})[0].rating
    answers: dict = {mode: {} for mode in MODES}
    seconds: dict = {mode: [] for mode in MODES}
    for sample in samples:
        for mode in MODES:
            t0 = time.perf_counter()
            answers[mode][sample.id] = grade(sample, mode, leniency, policy)
            seconds[mode].append(time.perf_counter() - t0)
    return answers, seconds


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "   - "


def first_kind(answer: dict) -> str:
    if "error" in answer:
        return "error"
    return answer["mistakes"][0]["kind"] if answer["mistakes"] else "-"


def report(samples: list[Sample], answers: dict, failures: int = 0) -> dict:
    """Print the tables; return {(group, mode): (passed, n)} for the correct samples per set and
    per writer (bench_grader and the tests read it)."""
    table: dict = {}
    print(f"{'correct, pass cleanly':<34}{'n':>6}  {'free':>7} {'guided':>7}   {'rating>=Good free/guided':>24}")
    groups: dict = defaultdict(list)
    for s in samples:
        if s.label == "correct":
            groups[f"set {s.set}"].append(s)
            groups[f"writer {s.writer}"].append(s)
            groups["all"].append(s)
    for group, subset in sorted(groups.items(), key=lambda item: (item[0].split()[0], SETS.index(item[0][4:]) if item[0].startswith("set ") else 0)):
        line = f"{group:<34}{len(subset):>6}  "
        good = []
        for mode in MODES:
            passed = sum(1 for s in subset if answers[mode][s.id].get("ok"))
            table[(group, mode)] = (passed, len(subset))
            line += f"{pct(passed, len(subset)):>7} "
            good.append(pct(sum(1 for s in subset if answers[mode][s.id].get("rating", 0) >= 3), len(subset)))
        print(line + f"   {good[0]:>11} / {good[1]}")
    print()
    print("why correct samples were rejected (first mistake's kind):")
    for mode in MODES:
        kinds = Counter(first_kind(answers[mode][s.id]) for s in samples if s.label == "correct" and not answers[mode][s.id].get("ok"))
        print(f"  {mode:<7}" + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    only_order = Counter(
        s.set for s in samples
        if s.label == "correct" and answers["free"][s.id].get("mistakes")
        and all(m["kind"] == "order" for m in answers["free"][s.id]["mistakes"])
    )
    print("  free, rejected for order alone (every stroke fits, the writer's order differs from the reference's): "
          + (", ".join(f"{k} {n}" for k, n in only_order.items()) or "none"))
    other = other_standard_orders([s for s in samples if (s.label == "correct" or s.variant) and answers["free"][s.id].get("mistakes")
                                   and all(m["kind"] == "order" for m in answers["free"][s.id]["mistakes"])])
    print(f"    of these and the variants, {other['clean']} of {other['n']} pass cleanly against the same character's "
          f"Chinese data (Make Me a Hanzi): a recognised standard order; {other['no data']} have no Chinese data with as many strokes")
    print()
    print(f"{'labelled mistakes, not passed':<34}{'n':>6}  {'free':>7} {'guided':>7}   reported as merged free/guided")
    mistakes = [s for s in samples if s.label != "correct" and not s.variant]
    for label in sorted({s.label for s in mistakes}):
        subset = [s for s in mistakes if s.label == label]
        line = f"{label:<34}{len(subset):>6}  "
        for mode in MODES:
            caught = sum(1 for s in subset if not answers[mode][s.id].get("ok", True))
            table[(f"mistake {label}", mode)] = (caught, len(subset))
            line += f"{pct(caught, len(subset)):>7} "
        if label == "merged":
            merged = [sum(1 for s in subset if any(m["kind"] == "merged" for m in answers[mode][s.id].get("mistakes", []))) for mode in MODES]
            line += f"   {pct(merged[0], len(subset))} / {pct(merged[1], len(subset))}"
        print(line)
    must = [s for s in mistakes if s.label in MUST_FAIL]
    line = f"{'order/direction/missing/extra/merged':<34}{len(must):>6}  "
    for mode in MODES:
        caught = sum(1 for s in must if not answers[mode][s.id].get("ok", True))
        table[("mistakes", mode)] = (caught, len(must))
        line += f"{pct(caught, len(must)):>7} "
    print(line)
    variants = [s for s in samples if s.variant]
    if variants:
        print()
        print("reference variants (an alternative standard order): first report free | guided")
        for s in variants:
            kinds = [first_kind(answers[mode][s.id]) if not answers[mode][s.id].get("ok") else "pass" for mode in MODES]
            print(f"  {s.id:<30} {s.label:<8} {kinds[0]:<10}| {kinds[1]}")
    if failures:
        print()
        for mode in MODES:
            bad = [s for s in samples if s.label == "correct" and not answers[mode][s.id].get("ok")]
            print(f"{mode}: failing correct samples, first {failures} of {len(bad)}:")
            for s in bad[:failures]:
                print(f"  {s.id:<34} {json.dumps(answers[mode][s.id]['mistakes'][:3] if 'mistakes' in answers[mode][s.id] else answers[mode][s.id], ensure_ascii=False)}")
    return table


def other_standard_orders(samples: list[Sample]) -> Counter:
    """How many Japanese samples the reference rejects for order alone pass cleanly in free mode
    against the same character's Make Me a Hanzi data (traditional, then simplified): the order
    of another standard rather than the writer's own (what a variant table would have to cover)."""
    from writing.grading import grade_free

    found: Counter = Counter()
    for s in samples:
        if s.script != "ja":
            continue
        found["n"] += 1
        others = [d for d in (lookup(s.char, "zh-Hant"), lookup(s.char, "zh-Hans")) if d.ok and d.stroke_count == len(s.strokes)]
        if not others:
            found["no data"] += 1
        elif any(grade_free(d.strokes, s.strokes).ok for d in others):
            found["clean"] += 1
    return found


def simulated(limit: int | None) -> None:
    """The simulated set scored as bench_grader scores it (our grader only)."""
    from bench_grader import guided_score, run_free, run_guided, score
    from eval_set import ERROR_KINDS, SEED, generate

    cases = generate(SEED, limit)
    data = {(c.char, c.script): lookup(c.char, c.script) for c in cases}
    rows = [("correct", "grid"), ("correct", "free")] + [(k, "grid") for k in ERROR_KINDS]
    results = {"guided": {}, "free": {}}
    timings: list = []
    for case in cases:
        found = data[(case.char, case.script)]
        results["guided"][case.id] = guided_score(case, run_guided(found, case, timings))
        results["free"][case.id] = score(case, run_free(found, case, []))
    print(f"\nsimulated set (seed {SEED}, {len(data)} characters): pass or detect / attributed, guided | free")
    for kind, condition in rows:
        subset = [c for c in cases if c.kind == kind and c.condition == condition]
        cells = []
        for mode in ("guided", "free"):
            scored = [results[mode][c.id] for c in subset]
            if kind == "correct":
                cells.append(f"{pct(sum(s[0] for s in scored), len(scored))}")
            else:
                cells.append(f"{pct(sum(s[1] for s in scored), len(scored))} {pct(sum(s[2] for s in scored), len(scored))}")
        print(f"  {kind + ' ' + condition:<18}{len(subset):>5}  {cells[0]:<16}| {cells[1]}")
    ms = sorted(t * 1000 for t in timings)
    print(f"  guided verdict per stroke: p50 {ms[len(ms) // 2]:.3f} ms, p99 {ms[int(0.99 * (len(ms) - 1))]:.3f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated subset of " + ", ".join(SETS))
    parser.add_argument("--templates-every", type=int, default=1, help="only every K-th template (quick runs)")
    parser.add_argument("--leniency", type=float, default=1.0)
    parser.add_argument("--failures", type=int, default=0, help="list up to K failing correct samples per mode")
    parser.add_argument("--sim", type=int, default=0, help="also the simulated set, first N characters (0: skip)")
    args = parser.parse_args(argv)
    if not HANDWRITING.is_dir():
        print(f"no real handwriting at {HANDWRITING}: nothing to evaluate")
        return 1
    t0 = time.perf_counter()
    samples, skipped = load([s for s in args.sets.split(",") if s], args.templates_every)
    answers, seconds = grade_all(samples, args.leniency)
    print(f"real handwriting: {len(samples)} samples from {HANDWRITING}"
          + (f" (left out: {', '.join(f'{k} {n}' for k, n in skipped.items())})" if skipped else ""))
    print()
    report(samples, answers, args.failures)
    cases = load_stroke_cases()
    if cases:
        disagree = [c.id for c in cases if not stroke_case_agrees(c, judge_stroke(c))]
        print(f"\nHanzi Writer's stroke-matcher checks: ours agrees with {len(cases) - len(disagree)} of {len(cases)}"
              + "".join(f"\n  disagrees: {i}" for i in disagree))
    for mode in MODES:
        ms = sorted(t * 1000 for t in seconds[mode])
        print(f"{mode} grading per character (CLI path): p50 {ms[len(ms) // 2]:.2f} ms, p99 {ms[int(0.99 * (len(ms) - 1))]:.2f} ms")
    if args.sim:
        simulated(args.sim)
    print(f"\ntotal {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
