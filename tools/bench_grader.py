"""Stroke grader benchmark: our grader and Hanzi Writer 3.7.3's quiz on the same evaluation set
(tools/eval_set.py), side by side, in one run.

    .venv/bin/python tools/bench_grader.py [--limit N] [--seed S] [--no-hanzi-writer] [--failures K]
                                           [--real-every K] [--no-real]

Prints, per condition and mistake class: how often a correct character passes cleanly, how often
a mistake is detected, how often the first objection lands on the stroke that was wrong; then
per-stroke timings. Our grader runs in guided mode (CharacterQuiz, strokes fed one by one, as the
reviewer does) and in free mode (grade_free); Hanzi Writer only has its guided quiz. Needs node
and tools/node_modules (tools/setup_env.sh) for the Hanzi Writer column; installs nothing.

Then the real handwriting in ../shared/handwriting/ (tools/eval_real.py reads it; never copied
into the repository): per set and per writer, how many samples labelled correct pass cleanly in
our free and guided mode (through the `grade` CLI's own path) and in Hanzi Writer's quiz, and how
many labelled mistakes are not passed. `--real-every K` takes every K-th sample of each set
(with --limit: every 25th unless given).

Scoring: a case passes when no mistake is reported and every stroke was accepted. A mistake is
detected when anything is reported (or the character is left incomplete). It is attributed when
the first report names the drawn stroke that was wrong (a missing stroke: the reference stroke
that is missing, when nothing else was reported before it). In guided mode a misplaced *first*
stroke cannot be told from a writer who writes off-centre (nothing else is on the page yet): the
first objection can only come at the next stroke, which then counts as the right place. The same
holds for a foreign first stroke with the first stroke's shape and length (within a factor of 2):
it is the first stroke moved.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "tools"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import eval_real  # noqa: E402
from eval_set import ERROR_KINDS, SEED, generate  # noqa: E402
from writing.grading import CharacterQuiz, grade_free  # noqa: E402
from writing.strokes import lookup  # noqa: E402

NODE_DRIVER = ROOT / "tools" / "hanzi_writer_quiz.mjs"


def run_guided(data, case, timings):
    """Our quiz as the reviewer runs it on the character's data (writing/strokes.py CharData:
    its variants and component starts too)."""
    quiz = CharacterQuiz(data.strokes, variants=data.variants, component_starts=data.component_starts)
    extra = []
    for drawn, stroke in enumerate(case.strokes):
        if quiz.done:
            extra.append(("extra", drawn, None))
            continue
        t0 = time.perf_counter()
        quiz.submit(stroke)
        timings.append(time.perf_counter() - t0)
    reports = [(m.kind, m.drawn, m.ref) for m in quiz.mistakes] + extra
    if not quiz.done:
        reports += [("missing", None, j) for j in quiz.unwritten]
    return reports


def run_free(data, case, timings):
    t0 = time.perf_counter()
    result = grade_free(data.strokes, case.strokes, variants=data.variants, component_starts=data.component_starts)
    timings.append(time.perf_counter() - t0)
    return [(m.kind, m.drawn, m.ref) for m in result.mistakes]


def run_hanzi_writer(cases, refs):
    """Hanzi Writer's verdicts per case id, as reports like ours, plus its per-stroke times (ms)."""
    if not shutil.which("node") or not (ROOT / "tools" / "node_modules" / "hanzi-writer").is_dir():
        return None, "node or tools/node_modules/hanzi-writer missing (run tools/setup_env.sh)"
    lines = []
    for case in cases:
        medians = None
        if case.script == "ja":
            # Japanese: KanjiVG centre lines as its medians, in its frame (1024 wide, y up from -124).
            medians = [[[x * 1024, 900 - y * 1024] for x, y in s] for s in refs[(case.char, case.script)]]
        lines.append(json.dumps({"id": case.id, "char": case.char, "medians": medians, "strokes": case.strokes}, ensure_ascii=False))
    proc = subprocess.run(
        ["node", str(NODE_DRIVER)], input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=ROOT / "tools"
    )
    if proc.returncode != 0:
        return None, f"hanzi writer driver failed: {proc.stderr[-500:]}"
    by_id = {case.id: case for case in cases}
    results, times = {}, []
    for line in proc.stdout.splitlines():
        row = json.loads(line)
        if "error" in row:
            continue
        case = by_id[row["id"]]
        reports = [("reversed" if m["backwards"] else "mistake", m["drawn"], m["expected"]) for m in row["mistakes"]]
        # Strokes drawn after the quiz completed are extra, as in our guided mode.
        reports += [("extra", drawn, None) for drawn in range(len(row["stroke_ms"]), len(case.strokes))]
        if not row["complete"]:
            accepted = len(row["stroke_ms"]) - len(row["mistakes"])
            reports += [("missing", None, j) for j in range(max(accepted, 0), case.ref_count)]
        results[row["id"]] = reports
        times.extend(row["stroke_ms"])
    return (results, times), None


def score(case, reports):
    """(passed, detected, attributed) for one case."""
    if case.kind == "correct":
        return not reports, None, None
    detected = bool(reports)
    if not detected:
        return False, False, False
    kind, drawn, ref = reports[0]
    if case.wrong_drawn is None or (case.kind == "missing" and drawn is None):
        attributed = drawn is None and ref == case.wrong_ref
    else:
        attributed = drawn == case.wrong_drawn
    return False, detected, attributed


def guided_score(case, reports):
    passed, detected, attributed = score(case, reports)
    if case.wrong_drawn == 0 and detected and not attributed and (
        case.kind == "misplaced" or (case.kind == "foreign" and _has_first_stroke_shape(case))
    ):
        attributed = reports[0][1] == 1
    return passed, detected, attributed


def _has_first_stroke_shape(case) -> bool:
    """Is a foreign first stroke the reference's first stroke moved (its shape by our shape score,
    its length within a factor of 2)? Then, as for a misplaced first stroke, nothing on the page
    tells it apart from a writer who writes off-centre."""
    from writing.grading.geometry import clean_stroke, polyline_length, reference_for, resample
    from writing.grading.matching import shape_scores
    from writing.grading.thresholds import thresholds

    ref = reference_for(lookup(case.char, case.script).strokes)
    stroke = clean_stroke(case.strokes[0])
    shape = shape_scores(resample(stroke)[None], ref, thresholds(1.0))[0][0, 0]
    return bool(shape <= 1.0 and 0.5 <= polyline_length(stroke) / ref.lengths[0] <= 2.0)


def pct(values):
    values = [v for v in values if v is not None]
    return f"{100 * sum(values) / len(values):5.1f}%" if values else "   - "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only N characters (quick run)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-hanzi-writer", action="store_true", help="skip the Hanzi Writer column")
    parser.add_argument("--failures", type=int, default=0, help="list up to K failing case ids per row")
    parser.add_argument("--real-every", type=int, help="every K-th real sample of each set (default 1; 25 with --limit)")
    parser.add_argument("--no-real", action="store_true", help="skip the real handwriting")
    args = parser.parse_args(argv)

    t_start = time.perf_counter()
    cases = generate(args.seed, args.limit)
    found = {}
    for case in cases:
        if (case.char, case.script) not in found:
            found[(case.char, case.script)] = lookup(case.char, case.script)
    refs = {key: data.strokes for key, data in found.items()}
    print(f"evaluation set: {len(cases)} cases, {len(refs)} characters "
          f"({sum(1 for c, s in refs if s == 'zh-Hans')} zh-Hans, {sum(1 for c, s in refs if s == 'ja')} ja incl. kana), "
          f"seed {args.seed}, generated in {time.perf_counter() - t_start:.1f} s")

    guided_times, free_times = [], []
    ours_guided, ours_free = {}, {}
    t0 = time.perf_counter()
    for case in cases:
        data = found[(case.char, case.script)]
        ours_guided[case.id] = run_guided(data, case, guided_times)
        ours_free[case.id] = run_free(data, case, free_times)
    ours_seconds = time.perf_counter() - t0

    hw = None
    if not args.no_hanzi_writer:
        t0 = time.perf_counter()
        hw, problem = run_hanzi_writer(cases, refs)
        hw_seconds = time.perf_counter() - t0
        if problem:
            print(f"Hanzi Writer column skipped: {problem}")

    rows = [("correct", "grid"), ("correct", "free")] + [(k, "grid") for k in ERROR_KINDS]
    columns = [("ours guided", ours_guided, guided_score), ("ours free", ours_free, score)]
    if hw:
        columns.append(("Hanzi Writer 3.7.3", hw[0], guided_score))
    print()
    header = f"{'case':<22}{'n':>5}  " + "".join(f"{name:<28}" for name, _, _ in columns)
    print(header)
    print(f"{'':<29}" + "".join(f"{'pass/detect  attributed':<28}" for _ in columns))
    failures = {}
    for kind, condition in rows:
        subset = [c for c in cases if c.kind == kind and c.condition == condition]
        label = f"{kind} ({'over grid' if condition == 'grid' else 'free, 0.6-1.3'})"
        line = f"{label:<22}{len(subset):>5}  "
        for name, results, scorer in columns:
            scored = [(c, scorer(c, results.get(c.id, [("error", None, None)]))) for c in subset]
            if kind == "correct":
                line += f"{pct([s[0] for _, s in scored]):<13}{'':<15}"
                bad = [c.id for c, s in scored if not s[0]]
            else:
                line += f"{pct([s[1] for _, s in scored]):<13}{pct([s[2] for _, s in scored]):<15}"
                bad = [c.id for c, s in scored if not s[2]]
            failures[(name, kind, condition)] = bad
        print(line)
    print()
    ms = sorted(t * 1000 for t in guided_times)
    print(f"ours, guided verdict per stroke (in-process, {len(ms)} strokes): "
          f"p50 {statistics.median(ms):.3f} ms, p99 {ms[int(0.99 * (len(ms) - 1))]:.3f} ms, mean {statistics.fmean(ms):.3f} ms")
    fs = sorted(t * 1000 for t in free_times)
    print(f"ours, free grading per character ({len(fs)} characters): p50 {statistics.median(fs):.2f} ms, "
          f"p99 {fs[int(0.99 * (len(fs) - 1))]:.2f} ms")
    if hw:
        hs = sorted(hw[1])
        print(f"Hanzi Writer, quiz pointer-end per stroke (node, {len(hs)} strokes): p50 {statistics.median(hs):.3f} ms, "
              f"p99 {hs[int(0.99 * (len(hs) - 1))]:.3f} ms, mean {statistics.fmean(hs):.3f} ms")
        print(f"time: ours {ours_seconds:.1f} s (guided + free), Hanzi Writer {hw_seconds:.1f} s")
    if args.failures:
        print()
        for (name, kind, condition), bad in failures.items():
            if bad:
                print(f"{name} / {kind} / {condition}: {len(bad)} e.g. {' '.join(bad[: args.failures])}")
    if not args.no_real:
        print()
        real(args.real_every or (25 if args.limit else 1), not args.no_hanzi_writer)
    return 0


def real(every: int, with_hanzi_writer: bool) -> None:
    """The real handwriting sets: ours (free, guided, through the CLI path) and Hanzi Writer."""
    if not eval_real.HANDWRITING.is_dir():
        print(f"real handwriting skipped: {eval_real.HANDWRITING} is absent")
        return
    samples, _ = eval_real.load()
    samples = [s for k, s in enumerate(samples) if k % every == 0]
    t0 = time.perf_counter()
    answers, _ = eval_real.grade_all(samples)
    ours_seconds = time.perf_counter() - t0
    columns = [("ours free", {i: not a.get("ok") for i, a in answers["free"].items()}),
               ("ours guided", {i: not a.get("ok") for i, a in answers["guided"].items()})]
    if with_hanzi_writer:
        refs = {(s.char, s.script): lookup(s.char, s.script).strokes for s in samples}
        hw, problem = run_hanzi_writer(samples, refs)
        if problem:
            print(f"Hanzi Writer column skipped: {problem}")
        else:
            columns.append(("Hanzi Writer 3.7.3", {i: bool(reports) for i, reports in hw[0].items()}))
    print(f"real handwriting ({eval_real.HANDWRITING}, every {every} sample(s) of each set, {len(samples)} samples; "
          f"ours in {ours_seconds:.1f} s): samples labelled correct that pass cleanly, labelled mistakes not passed, variants accepted")
    print(f"{'':<40}{'n':>6}  " + "".join(f"{name:>20}" for name, _ in columns))
    groups: dict = {}
    for s in samples:
        if s.label == "correct":
            groups.setdefault(f"correct, set {s.set}", []).append(s)
    for s in samples:
        if s.label == "correct":
            groups.setdefault(f"correct, writer {s.writer}", []).append(s)
    for s in samples:
        if s.label != "correct" and not s.variant:
            groups.setdefault(f"mistake: {s.label}", []).append(s)
    for s in samples:
        if s.variant:
            groups.setdefault("reference variant (accepted)", []).append(s)
    for group, subset in groups.items():
        line = f"{group:<40}{len(subset):>6}  "
        passes = group.startswith(("correct", "reference variant"))
        for _, flagged in columns:
            wanted = [not flagged.get(s.id, True) for s in subset] if passes else [flagged.get(s.id, False) for s in subset]
            line += f"{pct(wanted):>20}"
        print(line)
    stroke_cases(with_hanzi_writer)


def stroke_cases(with_hanzi_writer: bool) -> None:
    """Hanzi Writer's own single-stroke matcher tests (hanzi-writer-strokes.jsonl): each real stroke
    judged as the reference stroke it must, or must not, be taken for, the strokes before it
    written as the reference. Hanzi Writer's quiz gets the same strokes (checks at its default
    leniency only: its quiz driver passes no leniency)."""
    cases = eval_real.load_stroke_cases()
    if not cases:
        print(f"Hanzi Writer's stroke tests skipped: {eval_real.STROKE_CASES} is absent")
        return
    ours = {c.id: eval_real.stroke_case_agrees(c, eval_real.judge_stroke(c)) for c in cases}
    columns = [("ours, guided", ours)]
    if with_hanzi_writer:
        drawings = []
        for c in cases:
            if c.leniency != 1.0:
                continue
            ref = lookup(c.char, "zh-Hans").strokes
            drawings.append(SimpleNamespace(id=c.id, char=c.char, script="zh-Hans", ref_count=len(ref),
                                            strokes=[list(map(list, ref[j])) for j in range(c.index)] + [c.points]))
        hw, problem = run_hanzi_writer(drawings, {})
        if problem:
            print(f"Hanzi Writer column skipped: {problem}")
        else:
            by_id = {c.id: c for c in cases}
            # Taken for the due stroke: no report on the drawn stroke (it is the last one drawn).
            columns.append(("Hanzi Writer 3.7.3", {
                i: (not any(r[1] == by_id[i].index for r in reports if r[0] != "missing")) == by_id[i].should_match
                for i, reports in hw[0].items()}))
    print()
    print(f"Hanzi Writer's stroke-matcher tests ({eval_real.STROKE_CASES.name}): checks where the verdict agrees with the test")
    print(f"{'':<40}{'n':>6}  " + "".join(f"{name:>20}" for name, _ in columns))
    for label, wanted in (("stroke taken for the one it is", True), ("stroke not taken for another", False)):
        subset = [c for c in cases if c.should_match == wanted]
        line = f"{label:<40}{len(subset):>6}  "
        for _, agrees in columns:
            line += f"{pct([agrees[c.id] for c in subset if c.id in agrees]):>20}"
        print(line)
    for c in cases:
        if not ours[c.id]:
            print(f"  ours disagrees: {c.id}")


if __name__ == "__main__":
    raise SystemExit(main())
