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

# What the probes share: a touch pointer event at (x, y) of an element's box, in [0,1]^2, and
# how a probe hands its findings to the test (a <pre> that --dump-dom prints).
REPORT = r"""<script>
function touchPointer(target, type, x, y) {
  var r = target.getBoundingClientRect();
  return new PointerEvent(type, {pointerId: 3, pointerType: 'touch', isPrimary: true, clientX: r.left + x * r.width,
    clientY: r.top + y * r.height, button: 0, buttons: type === 'pointerup' ? 0 : 1, bubbles: true, cancelable: true});
}
function report(out) {
  var pre = document.createElement('pre');
  pre.id = 'wp-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}
</script>"""

# Runs after the card's own scripts: exercises the page as a learner would, then reports.
PROBE = REPORT + r"""
<script>
function wpProbe() {
  var out = {errors: window.__wpErrors, areas: WritePractice.inspect()};
  var canvas = document.querySelector('.wp-area .wp-ink');
  if (canvas) {
    function ev(type, x, y) { return touchPointer(canvas, type, x, y); }
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
    return _chromium(page.as_uri(), ["--window-size=600,900", "--virtual-time-budget=4000"], screenshot)


def _chromium(url: str, options: list[str], screenshot: Path | None = None) -> dict:
    """Headless Chromium on `url` with `options`; what the page's probe reported."""
    profile = tempfile.mkdtemp(prefix="wp-chromium-")
    common = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", *options,
    ]
    try:
        if screenshot is not None:
            subprocess.run(common + [f"--screenshot={screenshot}", url], capture_output=True, timeout=120)
        proc = subprocess.run(common + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
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


# ------------------------------------------------------------------ phones
# A phone-like Chromium (390x844 CSS px, devicePixelRatio 3, touch events) loads the card's HTML
# as the client renders it, with the media served over http on loopback (AnkiDroid >= 2.19) or
# from file:// (AnkiDroid <= 2.16 and 2.18). AnkiDroid's legacy reviewer is stood in for by
# exactly its documented globals, showAnswer() and buttonAnswerEase1..4, which record their
# calls; its new study screen adds globalThis.ankiPlatform = "ankidroid". AnkiMobile/AnkiWeb have
# no answer API. The back is a second page load, as on AnkiDroid's legacy reviewer: what the
# front left in sessionStorage is put into the back's sessionStorage, as the browser keeps it
# between page loads of one tab (headless Chromium hangs on a navigation under virtual time).

STAND_IN = r"""<script>
window.__calls = JSON.parse(sessionStorage.getItem('wp-test-calls') || '[]');
function __record(name) { __calls.push(name); sessionStorage.setItem('wp-test-calls', JSON.stringify(__calls)); }
window.showAnswer = function () { __record('showAnswer'); };
[1, 2, 3, 4].forEach(function (n) { window['buttonAnswerEase' + n] = function () { __record('buttonAnswerEase' + n); }; });
</script>"""
NEW_STUDY_SCREEN = "<script>globalThis.ankiPlatform = 'ankidroid';</script>"

PHONE_PROBE = REPORT + r"""
<script>
function wpPhoneProbe() {
  var out = {errors: window.__wpErrors, calls: window.__calls || null, side: document.getElementById('answer') ? 'answer' : 'question',
             dpr: window.devicePixelRatio, width: document.body.clientWidth, height: window.innerHeight, areas: WritePractice.inspect()};
  var area = document.querySelector('.wp-area');
  out.tappable = !!(area && area.classList.contains('tappable'));
  var canvas = document.querySelector('.wp-area .wp-ink');
  if (canvas) {
    var r = canvas.getBoundingClientRect();
    function pointer(type, x, y) { return touchPointer(canvas, type, x, y); }
    function touch(type, x, y) {
      var t = new Touch({identifier: 3, target: canvas, clientX: r.left + x * r.width, clientY: r.top + y * r.height});
      var e = new TouchEvent(type, {touches: type === 'touchend' ? [] : [t], changedTouches: [t], bubbles: true, cancelable: true});
      canvas.dispatchEvent(e);
      return e.defaultPrevented;
    }
    out.touchBlocked = [];
    function stroke(y) {
      out.touchBlocked.push(touch('touchstart', 0.2, y));
      canvas.dispatchEvent(pointer('pointerdown', 0.2, y));
      for (var i = 1; i <= 10; i++) {
        out.touchBlocked.push(touch('touchmove', 0.2 + i * 0.06, y));
        canvas.dispatchEvent(pointer('pointermove', 0.2 + i * 0.06, y));
      }
      canvas.dispatchEvent(pointer('pointerup', 0.8, y));
    }
    out.ink = [];
    out.buttons = [];
    var chars = WritePractice.inspect()[0].chars.length;
    for (var c = 0; c < chars; c++) {  // each character: two strokes, then Next (Done on the last, where the client allows)
      stroke(0.3); stroke(0.6);
      out.ink.push(WritePractice.inspect()[0].ink);
      var buttons = Array.from(document.querySelectorAll('.wp-area [data-action]'));
      out.buttons.push(buttons.map(function (b) { return b.getAttribute('data-action') + ':' + b.textContent.trim(); }).join(' '));
      out.canvasPixels = [canvas.width, canvas.height];
      out.touchAction = getComputedStyle(canvas).touchAction;
      var check = document.querySelector('.wp-area [data-action=check]');
      if (check) check.click();  // on AnkiDroid, Done calls showAnswer: the stand-in opens the back
    }
    out.carry = sessionStorage.getItem('wp:carry');
    out.calls = window.__calls || null;
    return report(out);
  }
  setTimeout(function () {  // the answer side: stroke data arrives from the media files, maybe a countdown runs
    out.yours = document.querySelectorAll('.wp-area canvas.wp-yours').length;
    out.references = document.querySelectorAll('.wp-area canvas.wp-reference').length;
    var yours = document.querySelector('.wp-area canvas.wp-yours');
    if (yours) {
      var data = yours.getContext('2d').getImageData(0, 0, yours.width, yours.height).data, inked = 0;
      for (var k = 3; k < data.length; k += 4) if (data[k] > 200) inked++;
      out.yoursInked = inked;
    }
    var line = document.querySelector('.wp-rating');
    out.rating = line ? line.textContent : null;
    out.suggested = !!document.querySelector('.wp-rating-suggested');
    if (window.__tapAfter) {
      setTimeout(function () { document.body.dispatchEvent(new PointerEvent('pointerdown', {pointerType: 'touch', bubbles: true})); }, window.__tapAfter);
    }
    setTimeout(function () {
      out.calls = window.__calls || null;
      out.errors = window.__wpErrors;
      out.ratingAtEnd = line ? line.textContent : null;
      report(out);
    }, 5000);
  }, 500);
}
window.addEventListener('load', function () { setTimeout(wpPhoneProbe, 100); });
</script>
"""


def _phone_page(folder: Path, name: str, body: str, head: str = "", html_classes: str = "android mobile") -> str:
    head = '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' \
        '<script>window.__wpErrors = []; window.addEventListener("error", function (e) { __wpErrors.push(String(e.message)); });</script>' + head
    # Headless Chromium keeps its window at least 500 px wide: the body is held to the phone's 390.
    (folder / name).write_text(f'<!doctype html><html class="{html_classes}"><head>{head}</head><body class="card" style="width:390px;margin:0">'
                               f'<div id="qa">{body}</div>{PHONE_PROBE}</body></html>', encoding="utf-8")
    return name


class _MediaServer:
    """The media folder over http on loopback, as AnkiDroid >= 2.19 serves it."""

    def __init__(self, folder: Path) -> None:
        import functools
        import http.server
        import threading

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{name}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _phone_run(url: str) -> dict:
    return _chromium(url, ["--window-size=390,844", "--force-device-scale-factor=3", "--touch-events=enabled", "--virtual-time-budget=9000"])


def _phone_card(col, target: str, script: str = "ja"):
    card = _card(col, target, script)
    assert media.ensure(col).strokes_written >= 1  # the note's stroke data, as the upkeep at profile open writes it
    return card


@pytest.fixture(params=["http", "file"], ids=["http-loopback", "file-url"])
def served(request, col):
    folder = Path(col.media.dir())
    if request.param == "file":
        yield lambda name: (folder / name).as_uri()
        return
    server = _MediaServer(folder)
    yield server.url
    server.close()


@pytest.mark.parametrize("client", ["ankidroid", "ankidroid-new", "ankimobile"])
def test_phone_without_stroke_data_is_self_graded_and_carries_the_ink(col, served, client):
    # Characters with no stroke data: the JS grader has nothing to grade with, so the card is
    # self-graded (graded phones: tests/test_review_phone_graded.py).
    card = _card(col, "𠀋龘")
    folder = Path(col.media.dir())
    api = {"ankidroid": STAND_IN, "ankidroid-new": STAND_IN + NEW_STUDY_SCREEN, "ankimobile": ""}[client]
    first = _phone_run(served(_phone_page(folder, "wp-phone-front.html", card.question(), api)))
    assert first["errors"] == [] and first["side"] == "question"
    kept = f"<script>sessionStorage.setItem('wp:carry', {json.dumps(first['carry'])});</script>"
    result = _phone_run(served(_phone_page(folder, "wp-phone-back.html", card.answer(), kept + (api if client != "ankimobile" else ""))))
    assert result["errors"] == []
    assert (first["dpr"], first["width"]) == (3, 390)
    assert first["canvasPixels"][0] >= 3 * 300, "the grid is drawn at the screen's density"
    assert first["tappable"] and first["touchAction"] == "none"
    assert all(first["touchBlocked"]), "the writing area keeps its touches from scrolling and swiping"
    assert first["ink"] == [2, 2]
    if client == "ankimobile":  # no answer API: Next between characters, the client's own Show Answer after
        assert first["buttons"] == ["undo:Undo Z clear:Clear X check:Next C", "undo:Undo Z clear:Clear X check:Next C"]
        assert first["calls"] is None and result["calls"] is None
    else:  # Next, then Done on the last character: it called showAnswer, and nothing answered the card
        assert first["buttons"] == ["undo:Undo Z clear:Clear X check:Next C", "undo:Undo Z clear:Clear X check:Done C"]
        assert first["calls"] == ["showAnswer"] and result["calls"] == []
    assert result["side"] == "answer"
    assert result["yours"] == 2 and result["references"] == 0, "each character: the learner's ink (no stroke order without data)"
    assert result["yoursInked"] > 500, "the ink crossed from the front page to the back (sessionStorage)"
    assert "grade yourself" in result["rating"]


# The grade the local judge carries (the JS grader; tests/test_review_phone_graded.py makes real ones):
# writing/review.py's answer summary, under sessionStorage's "wp:carry" for this card.
CARRIED_GRADE = {
    "key": "ja|語",
    "ink": {},
    "result": {"rating": {"ease": 3, "label": "Good", "reason": "clean"},
               "chars": [{"ink": [[[0.2, 0.3], [0.8, 0.3]]], "marks": [{"ref": 0, "misses": 0, "kinds": [], "hinted": False}],
                          "missing": [], "status": "clean"}]},
}


@pytest.mark.parametrize(("client", "tap_after", "calls", "note"), [
    ("ankidroid", None, ["buttonAnswerEase3"], ""),
    ("ankidroid", 1200, [], "Choose a button"),
    ("ankidroid-new", None, [], "Tap Good"),
    ("ankimobile", None, None, "Tap Good"),
], ids=["legacy-answers-after-countdown", "legacy-tap-cancels", "new-study-screen-highlights", "ankimobile-shows"])
def test_back_offers_the_carried_grade(col, served, client, tap_after, calls, note):
    card = _phone_card(col, "語")
    folder = Path(col.media.dir())
    head = {"ankidroid": STAND_IN, "ankidroid-new": STAND_IN + NEW_STUDY_SCREEN, "ankimobile": ""}[client]
    head += f"<script>sessionStorage.setItem('wp:carry', {json.dumps(json.dumps(CARRIED_GRADE))});</script>"
    if tap_after:
        head += f"<script>window.__tapAfter = {tap_after};</script>"
    result = _phone_run(served(_phone_page(folder, "wp-phone-graded.html", card.answer(), head)))
    assert result["errors"] == []
    assert result["rating"].startswith("Good — clean") and result["suggested"]
    assert note in result["ratingAtEnd"]
    assert result["calls"] == calls
    assert result["references"] == 1 and result["yours"] == 1
