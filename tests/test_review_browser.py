"""The card without the add-on: the real templates and media files rendered in headless Chromium
(no pycmd, no host object), as AnkiDroid, AnkiMobile or a disabled add-on would show them.

The card must stay a self-graded writing card: a grid to write on, undo/clear (no hint, no
reveal: nothing to grade against), Show Answer reveals the character; nothing may throw."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from writing import media, notetype

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (tools/setup_env.sh installs Debian's chromium)")

# Runs after the card's own scripts: exercises the page as a learner would, then reports.
PROBE = r"""
<script>
function wpProbe() {
  var out = {errors: window.__wpErrors, areas: WritePractice.inspect()};
  var canvas = document.querySelector('.wp-area .wp-ink');
  if (canvas) {
    var r = canvas.getBoundingClientRect();
    function ev(type, x, y) {
      return new PointerEvent(type, {pointerId: 3, pointerType: 'touch', isPrimary: true, clientX: r.left + x * r.width,
        clientY: r.top + y * r.height, button: 0, buttons: type === 'pointerup' ? 0 : 1, bubbles: true, cancelable: true});
    }
    function stroke(y) {
      canvas.dispatchEvent(ev('pointerdown', 0.2, y));
      for (var i = 1; i <= 10; i++) canvas.dispatchEvent(ev('pointermove', 0.2 + i * 0.06, y));
      canvas.dispatchEvent(ev('pointerup', 0.8, y));
    }
    stroke(0.3); stroke(0.5); stroke(0.7);
    out.afterDrawing = WritePractice.inspect()[0].ink;
    document.dispatchEvent(new KeyboardEvent('keydown', {key: 'z', bubbles: true}));
    out.afterUndoKey = WritePractice.inspect()[0].ink;
    out.buttons = Array.from(document.querySelectorAll('.wp-area [data-action]')).map(function (b) { return b.getAttribute('data-action'); });
    out.touchAction = getComputedStyle(canvas).touchAction;
    var ctx = document.querySelector('.wp-area .wp-base').getContext('2d');
    var data = ctx.getImageData(0, 0, canvas.width, canvas.height).data, inked = 0;
    for (var k = 3; k < data.length; k += 4) if (data[k] > 0) inked++;
    out.inkedPixels = inked;
    out.canvasPixels = [canvas.width, canvas.height];
  }
  if (window.__wpShowAnswer) {  // what Anki's reviewer does: the back replaces #qa, scripts re-run
    var qa = document.getElementById('qa');
    qa.innerHTML = window.__wpShowAnswer;
    Array.from(qa.querySelectorAll('script')).forEach(function (old) {
      var s = document.createElement('script');
      if (old.src) s.src = old.src; else s.textContent = old.textContent;
      old.replaceWith(s);
    });
    return setTimeout(function () {
      out.answer = {
        areas: WritePractice.inspect(),
        answerText: (document.querySelector('.wp-answer') || {}).textContent,
        answerLang: (document.querySelector('.wp-answer') || {getAttribute: function () { return null; }}).getAttribute('lang'),
        yours: document.querySelectorAll('.wp-area canvas.wp-yours').length,
        errors: window.__wpErrors,
      };
      report(out);
    }, 300);
  }
  report(out);
}
function report(out) {
  var pre = document.createElement('pre');
  pre.id = 'wp-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}
window.addEventListener('load', function () { setTimeout(wpProbe, 100); });
</script>
"""


def _page(col, media_dir: Path, name: str, body: str, *, answer: str | None = None, classes: str = "card") -> Path:
    head = '<meta charset="utf-8"><script>window.__wpErrors = []; window.addEventListener("error", function (e) { __wpErrors.push(String(e.message)); });</script>'
    if answer is not None:
        head += f"<script>window.__wpShowAnswer = {json.dumps(answer).replace('<', chr(92) + 'u003c')};</script>"
    path = media_dir / name
    path.write_text(f'<!doctype html><html><head>{head}</head><body class="{classes}"><div id="qa">{body}</div>{PROBE}</body></html>', encoding="utf-8")
    return path


def _run(page: Path, screenshot: Path | None = None) -> dict:
    profile = tempfile.mkdtemp(prefix="wp-chromium-")
    common = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", "--window-size=600,900", "--virtual-time-budget=4000",
    ]
    try:
        if screenshot is not None:
            subprocess.run(common + [f"--screenshot={screenshot}", page.as_uri()], capture_output=True, timeout=120)
        proc = subprocess.run(common + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    found = re.search(r'<pre id="wp-result">(.*?)</pre>', proc.stdout, re.S)
    assert found, f"no probe result; chromium said:\n{proc.stderr[-3000:]}"
    import html

    return json.loads(html.unescape(found.group(1)))


def _card(col, target: str, script: str = "ja"):
    status = notetype.ensure(col)
    assert status.usable, status
    assert not media.ensure(col).problems
    note = col.new_note(col.models.get(status.id))
    note["Target"], note["Script"], note["Meaning"] = target, script, "meaning"
    col.add_note(note, col.decks.id("Writing"))
    return note.cards()[0]


@pytest.mark.parametrize("classes", ["card", "card nightMode"], ids=["day", "night"])
def test_question_is_a_self_graded_grid(col, tmp_path, classes):
    card = _card(col, "語")
    media_dir = Path(col.media.dir())
    result = _run(_page(col, media_dir, "wp-q.html", card.question(), classes=classes), tmp_path / "question.png")
    assert result["errors"] == []
    (area,) = result["areas"]
    assert (area["side"], area["graded"], area["ready"], area["chars"]) == ("question", False, True, ["語"])
    assert result["afterDrawing"] == 3 and result["afterUndoKey"] == 2
    assert result["buttons"] == ["undo", "clear"]  # no hint or reveal without stroke data to grade against
    assert result["touchAction"] == "none"
    assert result["inkedPixels"] > 1000  # the grid and the two remaining strokes are on the canvas
    assert (tmp_path / "question.png").stat().st_size > 0


def test_word_has_progress_and_next(col):
    card = _card(col, "学生")
    result = _run(_page(col, Path(col.media.dir()), "wp-word.html", card.question()))
    assert result["errors"] == []
    assert result["areas"][0]["chars"] == ["学", "生"]
    assert result["buttons"] == ["undo", "clear", "check"]


def test_show_answer_reveals_the_character_and_keeps_the_ink(col):
    card = _card(col, "語")
    result = _run(_page(col, Path(col.media.dir()), "wp-qa.html", card.question(), answer=card.answer()))
    answer = result["answer"]
    assert answer["errors"] == []
    assert answer["answerText"] == "語"
    assert answer["answerLang"] == "ja", "the card script picks the glyph forms from the Script field"
    assert [a["side"] for a in answer["areas"]] == ["answer"]
    assert answer["yours"] == 1  # the learner's own writing beside the answer (same page, as on desktop)


def test_answer_page_alone_is_clean(col):
    """A phone that loads the back as a new page: the character, no empty writing panel, no error."""
    card = _card(col, "語")
    result = _run(_page(col, Path(col.media.dir()), "wp-a.html", card.answer()))
    assert result["errors"] == []
    assert [a["side"] for a in result["areas"]] == ["answer"]
