"""The JavaScript grader (web/wp_grader.js, run by node) against the Python grader's verdicts.

Vectors (tools/make_grader_vectors.py): simulated writing of every error class and cases near each
threshold, both modes, three leniency values, committed in tests/vectors/; rating-policy cases;
real handwriting from ../shared/handwriting, made at test time into a temporary folder (part of it
is GPL: never copied into the repo). The JS port must give the same ok, mistake kinds, drawn/ref
indices, matches, verdicts and rating on >= 99.5% of the results; every disagreement is printed.
The committed vectors must be what the current Python grader says, so a change to one side only
fails here."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
RUNNER = ROOT / "tests" / "grader_conformance.js"
HANDWRITING = ROOT.parent / "shared" / "handwriting"
NODE = shutil.which("node")
AGREEMENT = 0.995

pytestmark = pytest.mark.skipif(NODE is None, reason="node not installed (the JS grader runs under node here)")

sys.path.insert(0, str(ROOT / "tools"))
import make_grader_vectors  # noqa: E402


def _run(folder: Path, name: str) -> dict:
    proc = subprocess.run([NODE, str(RUNNER), str(folder), name], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def _report(result: dict) -> None:
    print(f"\n{result['file']}: {result['agreed']}/{result['compared']} agree "
          f"({100 * result['agreed'] / max(result['compared'], 1):.2f}%)")
    for item in result["disagreements"]:
        print("  disagreement:", json.dumps(item, ensure_ascii=False)[:2000])


def _fresh(folder: Path, name: str) -> None:
    fingerprint = (folder / f"{name}.thresholds").read_text().strip()
    assert fingerprint == make_grader_vectors.thresholds_fingerprint(), (
        "writing/grading/thresholds.json changed since the vectors were made: run tools/make_grader_vectors.py"
    )


@pytest.mark.parametrize("name", ["simulated", "rating"], ids=["simulated-writing", "rating-policy"])
def test_js_grader_agrees_with_python_on_committed_vectors(name):
    if name == "simulated":
        _fresh(VECTORS, name)
    result = _run(VECTORS, name)
    _report(result)
    assert result["compared"] >= 400
    assert result["agreed"] / result["compared"] >= AGREEMENT, "see the disagreements printed above"
    if name == "simulated":
        # Each family of cases is built about one rule (a few hundred results): a rule left out of
        # the JS shows in its own family even when it is under the 0.5% the whole file allows.
        rows = [json.loads(line) for line in (VECTORS / "simulated.jsonl").read_text(encoding="utf-8").splitlines()]
        compared = Counter(row["kind"] for row in rows for _ in row["results"])
        wrong = Counter(item["kind"] for item in result["disagreements"])
        short = {kind: f"{n - wrong[kind]}/{n}" for kind, n in compared.items() if (n - wrong[kind]) / n < AGREEMENT}
        assert not short, f"families where the JS grader agrees less than {AGREEMENT:.1%}: {short}"


def test_js_grader_agrees_with_python_on_real_handwriting(tmp_path):
    if not HANDWRITING.is_dir():
        pytest.skip(f"no real handwriting at {HANDWRITING} (../shared/handwriting): real-writing conformance not run")
    count = make_grader_vectors.write(make_grader_vectors.real_cases(HANDWRITING), tmp_path, "real")
    assert count >= 100
    result = _run(tmp_path, "real")
    _report(result)
    assert result["agreed"] / result["compared"] >= AGREEMENT, "see the disagreements printed above"


def test_committed_vectors_are_what_the_python_grader_says_now(tmp_path):
    """A grader change that updates only one side fails: Python's side here, the JS side above."""
    make_grader_vectors.write_simulated(tmp_path)
    stale = [f.name for f in sorted(VECTORS.iterdir()) if (tmp_path / f.name).read_bytes() != f.read_bytes()]
    assert not stale, f"{stale} differ from what the Python grader says now: run tools/make_grader_vectors.py and commit tests/vectors/"


def test_a_wrong_expectation_is_reported(tmp_path):
    """The runner can fail: one Python verdict changed in a copy of the vectors is a disagreement."""
    lines = (VECTORS / "simulated.jsonl").read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[0])
    row["results"][1]["ok"] = not row["results"][1]["ok"]
    (tmp_path / "simulated.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.copy(VECTORS / "references-simulated.json", tmp_path)
    result = _run(tmp_path, "simulated")
    assert result["compared"] == len(row["results"]) and result["agreed"] == result["compared"] - 1
    assert result["disagreements"][0]["diff"]["ok"]["js"] is (not row["results"][1]["ok"])


def test_vectors_hold_every_error_class_both_modes_and_several_leniencies():
    rows = [json.loads(line) for line in (VECTORS / "simulated.jsonl").read_text(encoding="utf-8").splitlines()]
    kinds = {row["kind"] for row in rows}
    assert {"correct", "order", "reversed", "missing", "extra", "foreign", "merged", "misplaced"} <= kinds
    assert {"near-longer", "near-shorter", "near-moved", "near-turned", "near-tap", "near-moved-component-start"} <= kinds
    assert any(row.get("component_starts") for row in rows)
    results = [r for row in rows for r in row["results"]]
    assert {(r["mode"], r["leniency"]) for r in results} == {(m, x) for m in ("guided", "free") for x in make_grader_vectors.LENIENCIES}
    found = {m[0] for r in results for m in r["mistakes"]}
    assert {"order", "reversed", "shape", "position", "too_short", "merged", "missing", "extra"} <= found


def test_js_rating_defaults_are_config_json_defaults():
    """The JS session's rating policy where no config reaches the card (phones) is config.json's."""
    proc = subprocess.run([NODE, "-e", "process.stdout.write(JSON.stringify(require(process.argv[1]).DEFAULT_POLICY))",
                           str(ROOT / "web" / "wp_grader.js")], capture_output=True, text=True, timeout=60)
    assert json.loads(proc.stdout) == json.loads((ROOT / "config.json").read_text(encoding="utf-8"))["rating"]


CARD_THRESHOLDS_JS = r"""
// The card's way in: the modules find window.WritePractice.thresholds (writing/media.py's line).
const fs = require("fs"), vm = require("vm");
const [web, file, scale] = process.argv.slice(1);
const thresholds = JSON.parse(fs.readFileSync(file, "utf8"));
thresholds.thresholds.position.value *= Number(scale);
const window = { WritePractice: { thresholds } };
const context = vm.createContext({ window, Math, JSON, Object, Array, Number, String, Infinity, NaN, isFinite, parseFloat,
                                   Float64Array, Int32Array, Uint8Array, Error });
for (const name of ["wp_grader.js", "wp_quiz.js"]) vm.runInContext(fs.readFileSync(`${web}/${name}`, "utf8"), context);
const ref = [[[0.1, 0.3], [0.9, 0.3]], [[0.1, 0.7], [0.9, 0.7]]];
const grader = window.WritePractice.grader;
const second = grader.guidedVerdict(ref, [[0, [[0.1, 0.3], [0.9, 0.3]]]], [[0.1, 0.78], [0.9, 0.78]], 1.0);
process.stdout.write(JSON.stringify([second.accepted, second.reason]));
"""


@pytest.mark.parametrize(("scale", "expected"), [(1.0, [True, None]), (0.2, [False, "position"])],
                         ids=["thresholds-as-shipped", "position-threshold-tightened"])
def test_on_cards_the_js_grader_reads_the_thresholds_the_card_script_carries(scale, expected):
    """A line moved 0.08 em passes at position 0.12 em and fails when the card's thresholds say
    0.024: the numbers come from WritePractice.thresholds, not from a copy in the script."""
    proc = subprocess.run([NODE, "-e", CARD_THRESHOLDS_JS, str(ROOT / "web"), str(ROOT / "writing" / "grading" / "thresholds.json"),
                           str(scale)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout) == expected


TIES_JS = r"""
const path = require("path");
const ties = require(path.join(process.argv[1], "wp_grader.js")).ties;
const cases = JSON.parse(process.argv[2]);
const out = cases.map(([name, args]) => {
  if (name === "inOrder") return ties.inOrder(args[0], args[0].length, args[0][0].length, args[1]);
  if (name === "longestIncreasingKeep") { const keep = ties.longestIncreasingKeep(args[0]); return Object.keys(keep).map(Number).sort((a, b) => a - b); }
  return ties[name](...args);
});
process.stdout.write(JSON.stringify(out));
"""


def _tie_cases():
    """Inputs where the order of equal candidates decides, each with numpy's / Python's answer."""
    import numpy as np

    from writing.grading import free
    from writing.grading.assignment import min_cost_assignment
    from writing.grading.geometry import resample

    flat = [[1.0] * 4 for _ in range(4)]
    two_ways = [[0.0, 1.0, 1.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
    pair_ties = [[0.5, 0.5, 2.0], [0.5, 0.5, 0.5], [2.0, 0.5, 0.5]]
    cases = [
        ("argminFirst", [[3.0, 1.0, 1.0, 2.0]], int(np.argmin([3.0, 1.0, 1.0, 2.0]))),
        ("argminFirst", [[2.0, 2.0]], int(np.argmin([2.0, 2.0]))),
        ("minCostAssignment", [flat], min_cost_assignment(np.array(flat)).tolist()),
        ("minCostAssignment", [two_ways], min_cost_assignment(np.array(two_ways)).tolist()),
        ("minCostAssignment", [[[1e6, 2.5, 1e6], [2.5, 1e6, 0.0], [0.0, 0.0, 0.0]]],
         min_cost_assignment(np.array([[1e6, 2.5, 1e6], [2.5, 1e6, 0.0], [0.0, 0.0, 0.0]])).tolist()),
        ("inOrder", [pair_ties, 1.0], list(free._in_order(np.array(pair_ties), 1.0))),
        ("inOrder", [[[2.5, 2.5], [2.5, 2.5]], 2.5], list(free._in_order(np.array([[2.5, 2.5], [2.5, 2.5]]), 2.5))),
        ("longestIncreasingKeep", [[1, 0, 3, 2]], sorted(free._longest_increasing_keep([1, 0, 3, 2]))),
        ("longestIncreasingKeep", [[2, 1, 0]], sorted(free._longest_increasing_keep([2, 1, 0]))),
        ("roundHalfEven", [2.5], int(np.round(2.5))), ("roundHalfEven", [3.5], int(np.round(3.5))),
        ("pyMod", [-7.5, 2 * np.pi], -7.5 % (2 * np.pi)), ("pyMod", [7.5, -2.0], 7.5 % -2.0),
    ]
    for values, q in (([0.3, 0.1, 0.2, 0.4, 0.5], 0.7), ([0.1, 0.1, 0.1, 0.9], 0.7), ([0.2, 0.6, 0.4, 0.1, 0.3, 0.5, 0.7], 0.5),
                      ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 0.7)):
        cases.append(("quantile", [values, q], float(np.quantile(values, q))))
    line = [[0.0, 0.0], [0.3, 0.0], [0.3, 0.0 + 1e-9], [1.0, 0.0]]
    cases.append(("resample", [line, 20], resample(np.array(line)).tolist()))
    return cases


def test_tie_breaks_are_pinned_on_both_sides():
    """argmin order, quantiles, minima and the assignment's choices between equal costs: the JS
    steps give numpy's and Python's answers exactly, on inputs built so that ties decide."""
    cases = _tie_cases()
    proc = subprocess.run([NODE, "-e", TIES_JS, str(ROOT / "web"), json.dumps([[name, args] for name, args, _ in cases])],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for (name, args, expected), got in zip(cases, json.loads(proc.stdout)):
        assert got == json.loads(json.dumps(expected)), f"{name}{args}: JS {got} != Python {expected}"
