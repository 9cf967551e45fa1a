/* Write Practice: guided-mode quiz state (pure: no window or document touched).
 *
 * A mirror of writing/grading/guided.py:CharacterQuiz with the same names (snake_case kept on
 * purpose: one vocabulary for both sides, so the conformance suite compares field by field).
 * The verdict itself comes from a function given to the constructor: the JS grader's
 * `guidedVerdict` on cards (wp_grader.js), or recorded Python verdicts in the tests.
 *
 * On cards it is `WritePractice.quiz`; under node, `module.exports`.
 */
(function (name, factory) { // module.exports under node; once per page on cards (caches survive re-runs)
  if (typeof window === "undefined") module.exports = factory();
  else if (!(window.WritePractice = window.WritePractice || {})[name]) window.WritePractice[name] = factory();
})("quiz", function () {
  "use strict";

  var PHASES = ["recall", "tracing", "rewrite", "done"];

  /** `verdict(refStrokes, accepted, points, leniency)` -> {accepted, ref, reason, message,
   * expected, points}; `points` is the stroke as the grader cleaned it (kept as accepted ink). */
  function CharacterQuiz(refStrokes, verdict, options) {
    options = options || {};
    this.ref_strokes = refStrokes;
    this.verdict = verdict;
    this.leniency = options.leniency > 0 && isFinite(options.leniency) ? options.leniency : 1.0;
    this.hint_after_misses = Math.max(1, Math.floor(options.hint_after_misses || 3));
    this.phase = refStrokes.length ? "recall" : "done";
    this.accepted = []; // [ref, points] per accepted stroke of the current pass
    this.mistakes = []; // {kind, drawn, ref, expected}, as writing/grading/types.py:Mistake
    this.stroke_hints = 0;
    this.component_hints = 0;
    this.reveals = 0;
    this._submitted = 0;
    this._misses_on = {};
  }

  function getter(name, get) {
    Object.defineProperty(CharacterQuiz.prototype, name, { get: get });
  }
  getter("stroke_count", function () { return this.ref_strokes.length; });
  getter("done", function () { return this.phase === "done"; });
  getter("expected", function () { return this.done ? null : this.accepted.length; });
  getter("hint_due", function () {
    var expected = this.expected;
    return expected !== null && (this._misses_on[expected] || 0) >= this.hint_after_misses;
  });

  CharacterQuiz.prototype.submit = function (points) {
    if (this.done) return { accepted: false, ref: null, reason: null, message: "the character is already complete", expected: null };
    var verdict = this.verdict(this.ref_strokes, this.accepted, points, this.leniency);
    var drawnIndex = this._submitted++;
    if (verdict.accepted) {
      this.accepted.push([verdict.ref, verdict.points || points]);
      if (this.accepted.length === this.stroke_count) this._finish_pass();
    } else {
      var expected = this.accepted.length;
      this._misses_on[expected] = (this._misses_on[expected] || 0) + 1;
      var ref = verdict.ref !== null && verdict.ref !== undefined ? verdict.ref : expected;
      this.mistakes.push({ kind: verdict.reason || "shape", drawn: drawnIndex, ref: ref, expected: expected });
    }
    return verdict;
  };

  CharacterQuiz.prototype._finish_pass = function () {
    if (this.phase === "tracing") {
      this.phase = "rewrite";
      this.accepted = [];
    } else {
      this.phase = "done";
    }
  };

  /** Count a stroke hint; the expected stroke's index (-1 when the character is done). */
  CharacterQuiz.prototype.hint = function () {
    if (this.done) return -1;
    this.stroke_hints += 1;
    return this.accepted.length;
  };

  CharacterQuiz.prototype.component_hint = function () {
    if (!this.done) this.component_hints += 1;
  };

  CharacterQuiz.prototype.reveal = function () {
    if (!this.stroke_count) return;
    this.reveals += 1;
    this.phase = "tracing";
    this.accepted = [];
  };

  CharacterQuiz.prototype.undo = function () {
    if (!this.accepted.length) return;
    if (this.done) this.phase = this.reveals ? "rewrite" : "recall";
    this.accepted.pop();
  };

  CharacterQuiz.prototype.clear = function () {
    if (this.done) this.phase = this.reveals ? "rewrite" : "recall";
    this.accepted = [];
  };

  return { PHASES: PHASES, CharacterQuiz: CharacterQuiz };
});
