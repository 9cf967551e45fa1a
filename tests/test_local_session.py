"""The card's local session (web/wp_grader.js: createJudge) answers the page's messages as
writing/review.py:ReviewSession does: the same message sequence goes to both, and every reply
(verdicts, snapshots, hints, errors, the answer summary with its rating) must be the same.
Single-part characters only: Python's first hint on a character with parts names them, which the
card cannot (it has no component data) — the one documented difference."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from writing.config import Config
from writing.review import ReviewSession, message_from
from writing.strokes import lookup

ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node not installed (the JS grader runs under node here)")

SESSION_JS = r"""
const path = require("path");
const [web, input] = process.argv.slice(1);
const grader = require(path.join(web, "wp_grader.js"));
const { target, mode, refs, variants, starts, messages } = JSON.parse(input);
const judge = grader.createJudge({ target, script: "ja", mode,
  load: (ch, cb) => cb(refs[ch] ? { strokes: refs[ch], brushWidth: 0.05, variants: variants[ch] || [], componentStarts: starts[ch] || [] } : null) });
const replies = [];
for (const message of messages) judge.send(message, (reply) => replies.push(reply));
process.stdout.write(JSON.stringify(replies));
"""


def _refs(word: str) -> dict:
    return {ch: [[list(p) for p in s] for s in lookup(ch, "ja").strokes] for ch in word if lookup(ch, "ja").ok}


def _variants(word: str) -> dict:
    """What the media files carry beside the strokes (writing/media.py): each character's variants."""
    return {ch: [[list(group) for group in groups] for groups in lookup(ch, "ja").variants] for ch in word if lookup(ch, "ja").ok}


def _component_starts(word: str) -> dict:
    """... and where its components begin."""
    return {ch: list(lookup(ch, "ja").component_starts) for ch in word if lookup(ch, "ja").ok}


def _shifted(stroke, dx=0.0, dy=0.0):
    return [[round(x + dx, 4), round(y + dy, 4)] for x, y in stroke]


def _scenario(name: str) -> tuple[str, str, list[dict]]:
    ten, day = _refs("十")["十"], _refs("日")["日"]
    stroke = lambda char, points: {"type": "stroke", "char": char, "points": [[round(x, 4), round(y, 4)] for x, y in points]}  # noqa: E731
    act = lambda kind, char=0: {"type": kind, "char": char}  # noqa: E731
    if name == "guided-mistakes-hint-undo":
        return "十日", "guided", [
            {"type": "start", "side": "question"},
            stroke(0, ten[0][::-1]), stroke(0, ten[1]), act("hint"), stroke(0, ten[0]), act("undo"), stroke(0, ten[0]),
            stroke(1, day[0]), stroke(0, ten[1]), act("clear", 1), stroke(1, _shifted(day[0], 0.35)),
            *[stroke(1, s) for s in day], stroke(1, day[0]), act("hint", 1),
            {"type": "start", "side": "answer"}, stroke(1, day[0]),
        ]
    if name == "guided-reveal":
        return "十", "guided", [
            {"type": "start", "side": "question"}, act("reveal"), stroke(0, ten[0]), act("reveal"), stroke(0, ten[1]),
            stroke(0, ten[0]), stroke(0, ten[1]), act("check"), {"type": "start", "side": "answer"},
        ]
    if name == "guided-answer-before-writing":
        return "十日", "guided", [{"type": "start", "side": "question"}, stroke(0, ten[0]), {"type": "start", "side": "answer"}]
    if name == "free-missing-extra-order":
        return "日十", "free", [
            {"type": "start", "side": "question"},
            stroke(0, day[0]), stroke(0, day[2]), stroke(0, day[1]), stroke(0, _shifted(day[3], 0.0, 0.4)), act("undo"),
            act("hint"), act("reveal"), act("check"),
            stroke(1, ten[1]), stroke(1, ten[0]), stroke(1, [[0.1, 0.1], [0.3, 0.9]]),
            {"type": "start", "side": "answer"},
        ]
    if name in ("guided-variant-undo", "free-variant"):
        # 右 the horizontal first (the Chinese order), then 陽 with 阝 in two strokes
        right, sun = _refs("右")["右"], _refs("陽")["陽"]
        moves = [{"type": "start", "side": "question"}, stroke(0, right[1]), stroke(0, right[3])]
        if name == "guided-variant-undo":
            moves += [act("undo"), act("undo"), stroke(0, right[0]), act("undo"), stroke(0, right[1])]
        moves += [stroke(0, right[0]), stroke(0, right[2]), stroke(0, right[3]), stroke(0, right[4])]
        moves += [act("check")] if name == "free-variant" else []
        moves += [stroke(1, sun[0] + sun[1])] + [stroke(1, s) for s in sun[2:]] + ([act("check", 1)] if name == "free-variant" else [])
        return "右陽", name.split("-")[0], moves + [{"type": "start", "side": "answer"}]
    if name in ("guided-component-start-moved", "free-component-start-moved"):
        # 語 with 五 started 0.18 em right: passes for its component's first stroke, not for another
        word = _refs("語")["語"]
        drawn = [_shifted(s, 0.18) if j == 7 else s for j, s in enumerate(word)]
        return "語", name.split("-")[0], [{"type": "start", "side": "question"}, *[stroke(0, s) for s in drawn],
                                          *([act("check")] if name.startswith("free") else []), {"type": "start", "side": "answer"}]
    if name == "free-unchecked-answer":
        return "十", "free", [{"type": "start", "side": "question"}, stroke(0, ten[0]), {"type": "start", "side": "answer"}]
    raise ValueError(name)


def _python(target: str, mode: str, messages: list[dict]) -> list[dict]:
    session = ReviewSession(1, target, "ja", mode, Config())
    return [session.handle(message_from({**m, "card": 1})) for m in messages]


def _comparable(reply: dict) -> dict:
    """What both sides decide: everything but the start reply's echo of the references (Python
    rounds them, the card has them from its media) and answer-side component colours."""
    reply = json.loads(json.dumps(reply))
    for entry in reply.get("chars", []):
        for key in ("strokes", "parts", "components", "brushWidth", "reason"):
            entry.pop(key, None)
    reply.pop("reason", None)
    for entry in (reply.get("summary") or {}).get("chars", []):
        entry.pop("componentHint", None)
    return reply


@pytest.mark.parametrize("name", ["guided-mistakes-hint-undo", "guided-reveal", "guided-answer-before-writing",
                                  "free-missing-extra-order", "free-unchecked-answer", "guided-variant-undo", "free-variant",
                                  "guided-component-start-moved", "free-component-start-moved"])
def test_local_session_replies_as_review_session_does(name):
    target, mode, messages = _scenario(name)
    expected = [_comparable(r) for r in _python(target, mode, messages)]
    proc = subprocess.run([NODE, "-e", SESSION_JS, str(ROOT / "web"), json.dumps({"target": target, "mode": mode, "refs": _refs(target),
                                                                                 "variants": _variants(target), "starts": _component_starts(target),
                                                                                 "messages": messages})],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = [_comparable(r) for r in json.loads(proc.stdout)]
    assert len(got) == len(expected)
    for i, (js, py) in enumerate(zip(got, expected)):
        assert js == py, f"reply {i} to {messages[i]['type']}: JS {js} != Python {py}"
    assert expected[-1].get("summary") or expected[-1]["ok"] is False
