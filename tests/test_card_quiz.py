"""web/wp_quiz.js mirrors writing/grading/guided.py:CharacterQuiz: the same operations, given
Python's real verdicts in the same order, leave the same state after every step (node).
The verdicts themselves are the JS grader's job (issue 13); this pins the state around them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from writing import strokes

ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node not installed (tools/setup_env.sh expects Node.js)")

FORWARD, BACKWARD = "forward", "backward"
# (operation, argument): submit draws reference stroke `n` forward or backward.
SCRIPTS = {
    "clean": [("submit", (0, FORWARD)), ("submit", (1, FORWARD))],
    "misses-then-hint-due": [("submit", (0, BACKWARD))] * 3 + [("submit", (0, FORWARD)), ("submit", (1, BACKWARD)), ("submit", (1, FORWARD))],
    "hints": [("component_hint", None), ("hint", None), ("submit", (0, FORWARD)), ("hint", None), ("submit", (1, FORWARD)), ("hint", None)],
    "reveal-trace-rewrite": [("submit", (0, FORWARD)), ("reveal", None), ("submit", (0, FORWARD)), ("submit", (1, FORWARD)),
                             ("submit", (0, FORWARD)), ("submit", (1, FORWARD))],
    "undo-clear": [("submit", (0, FORWARD)), ("undo", None), ("undo", None), ("submit", (0, FORWARD)), ("submit", (1, FORWARD)),
                   ("undo", None), ("clear", None), ("submit", (1, FORWARD)), ("submit", (0, FORWARD)), ("submit", (1, FORWARD))],
    "order": [("submit", (1, FORWARD)), ("submit", (0, FORWARD)), ("submit", (1, FORWARD)), ("submit", (1, FORWARD))],
}


def state(quiz) -> dict:
    return {
        "phase": quiz.phase, "done": quiz.done, "expected": quiz.expected, "hint_due": bool(quiz.hint_due),
        "stroke_count": quiz.stroke_count, "accepted": [ref for ref, _ in quiz.accepted],
        "mistakes": [[m.kind, m.drawn, m.ref, m.expected] for m in quiz.mistakes],
        "stroke_hints": quiz.stroke_hints, "component_hints": quiz.component_hints, "reveals": quiz.reveals,
    }


NODE_SIDE = r"""
const { CharacterQuiz } = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
let next = 0;
const quiz = new CharacterQuiz(input.ref, () => input.verdicts[next++], { leniency: 1, hint_after_misses: 3 });
const out = [];
for (const [op, arg] of input.ops) {
  const value = op === 'submit' ? quiz.submit(arg) : quiz[op]();
  out.push({ value: op === 'hint' ? value : null, state: {
    phase: quiz.phase, done: quiz.done, expected: quiz.expected, hint_due: quiz.hint_due, stroke_count: quiz.stroke_count,
    accepted: quiz.accepted.map(a => a[0]), mistakes: quiz.mistakes.map(m => [m.kind, m.drawn, m.ref, m.expected]),
    stroke_hints: quiz.stroke_hints, component_hints: quiz.component_hints, reveals: quiz.reveals } });
}
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.parametrize("name", list(SCRIPTS), ids=list(SCRIPTS))
def test_js_quiz_state_follows_python(name):
    pytest.importorskip("numpy", reason="the Python grader needs numpy")
    from writing.grading import CharacterQuiz

    ref = [list(s) for s in strokes.lookup("十", "ja").strokes]
    quiz = CharacterQuiz(ref, leniency=1.0, hint_after_misses=3)
    ops, verdicts, expected = [], [], []
    for op, arg in SCRIPTS[name]:
        value = None
        if op == "submit":
            index, direction = arg
            points = ref[index] if direction == FORWARD else ref[index][::-1]
            v = quiz.submit(points)
            verdicts.append({"accepted": v.accepted, "ref": v.ref, "reason": v.reason, "message": v.message, "expected": v.expected})
            ops.append([op, points])
        else:
            value = getattr(quiz, op)()
            ops.append([op, None])
        expected.append({"value": value if op == "hint" else None, "state": state(quiz)})
    proc = subprocess.run([NODE, "-e", NODE_SIDE, str(ROOT / "web" / "wp_quiz.js")],
                          input=json.dumps({"ref": ref, "ops": ops, "verdicts": verdicts}), capture_output=True, text=True, check=True)
    got = json.loads(proc.stdout)
    for step, (want, have) in enumerate(zip(expected, got)):
        assert have == want, f"step {step} ({SCRIPTS[name][step][0]})"
    assert len(got) == len(expected)
    assert any(v["accepted"] for v in verdicts)  # the real grader took part
