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

  /** The reference written another way (writing/grading/geometry.py:variant_strokes): one stroke
   * per group of reference strokes, the group's strokes joined end to start. */
  function variantStrokes(refStrokes, groups) {
    return groups.map(function (group) {
      var joined = [];
      group.forEach(function (j) { joined.push.apply(joined, refStrokes[j]); });
      return joined;
    });
  }

  /** The component starts in a variant's numbering (geometry.py:variant_component_starts): the
   * groups that begin with a stroke that begins a component. */
  function variantComponentStarts(groups, componentStarts) {
    var starts = componentStarts || [], out = [];
    groups.forEach(function (group, g) { if (group.length && starts.indexOf(group[0]) >= 0) out.push(g); });
    return out;
  }

  /** `verdict(refStrokes, accepted, points, leniency, componentStarts)` -> {accepted, ref, reason,
   * message, expected, points}; `points` is the stroke as the grader cleaned it (kept as accepted ink).
   * `options.variants`: other standard ways of writing the strokes (groups of reference strokes,
   * writing/strokes.py CharData.variants), followed as guided.py's CharacterQuiz follows them;
   * `options.component_starts`: where the character's components begin (CharData.component_starts). */
  function CharacterQuiz(refStrokes, verdict, options) {
    options = options || {};
    this.ref_strokes = refStrokes;
    this.verdict = verdict;
    this.leniency = options.leniency > 0 && isFinite(options.leniency) ? options.leniency : 1.0;
    this.hint_after_misses = Math.max(1, Math.floor(options.hint_after_misses || 3));
    var identity = refStrokes.map(function (s, j) { return [j]; });
    var starts = options.component_starts || [];
    // Each way of writing: [groups, its strokes, its component starts]; the reference first.
    this._orders = [[identity, refStrokes, starts]].concat((options.variants || []).map(function (groups) {
      return [groups, variantStrokes(refStrokes, groups), variantComponentStarts(groups, starts)];
    }));
    this._dropped_at = this._orders.map(function () { return null; }); // null: in play
    this.phase = refStrokes.length ? "recall" : "done";
    this._points = []; // the accepted strokes' points, current pass
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
  getter("_active", function () { return this._dropped_at.indexOf(null); });
  getter("_groups", function () { return this._orders[this._active][0]; });
  getter("stroke_count", function () { return this.ref_strokes.length; });
  getter("done", function () { return this.phase === "done"; });
  getter("accepted", function () {
    var groups = this._groups;
    return this._points.map(function (points, k) { return [groups[k][0], points]; });
  });
  getter("variant", function () { return this._active ? this._groups : null; });
  getter("covered", function () {
    var out = [];
    this._groups.slice(0, this._points.length).forEach(function (group) { out.push.apply(out, group); });
    return out;
  });
  getter("unwritten", function () {
    var covered = this.covered;
    return this.ref_strokes.map(function (s, j) { return j; }).filter(function (j) { return covered.indexOf(j) < 0; });
  });
  getter("expected", function () { return this.done ? null : this._groups[this._points.length][0]; });
  getter("hint_due", function () {
    var expected = this.expected;
    return expected !== null && (this._misses_on[expected] || 0) >= this.hint_after_misses;
  });

  /** A verdict judged against a variant, in the reference's numbering (guided.py's
   * _in_reference_numbering). */
  function inReferenceNumbering(verdict, groups) {
    var out = {};
    Object.keys(verdict).forEach(function (key) { out[key] = verdict[key]; });
    out.ref = verdict.ref !== null && verdict.ref !== undefined ? groups[verdict.ref][0] : null;
    out.expected = verdict.expected !== null && verdict.expected !== undefined ? groups[verdict.expected][0] : null;
    if (verdict.reason === "order") out.message = "that is stroke " + (out.ref + 1);
    return out;
  }

  CharacterQuiz.prototype.submit = function (points) {
    if (this.done) return { accepted: false, ref: null, reason: null, message: "the character is already complete", expected: null };
    var self = this, position = this._points.length, active = this._active, verdicts = {}, taking = [];
    var placed = this._points.map(function (p, k) { return [k, p]; });
    this._orders.forEach(function (order, index) {
      if (self._dropped_at[index] !== null) return;
      verdicts[index] = self.verdict(order[1], placed, points, self.leniency, order[2]);
      if (verdicts[index].accepted) taking.push(index);
    });
    if (taking.length) {
      Object.keys(verdicts).forEach(function (index) {
        if (taking.indexOf(Number(index)) < 0) self._dropped_at[index] = position;
      });
    }
    var verdict = verdicts[this._active];
    if (this._active) verdict = inReferenceNumbering(verdict, this._groups); // a variant's numbers are not the reference's
    if (this._active !== active) {
      verdict = { accepted: true, ref: verdict.ref, reason: null, message: "another standard stroke order", expected: verdict.expected, points: verdict.points };
    }
    var drawnIndex = this._submitted++;
    if (verdict.accepted) {
      this._points.push(verdict.points || points);
      if (this._points.length === this._groups.length) this._finish_pass();
    } else {
      var expected = verdict.expected;
      this._misses_on[expected] = (this._misses_on[expected] || 0) + 1;
      var ref = verdict.ref !== null && verdict.ref !== undefined ? verdict.ref : expected;
      this.mistakes.push({ kind: verdict.reason || "shape", drawn: drawnIndex, ref: ref, expected: expected });
    }
    return verdict;
  };

  CharacterQuiz.prototype._finish_pass = function () {
    if (this.phase === "tracing") {
      this.phase = "rewrite";
      this._restart_pass();
    } else {
      this.phase = "done";
    }
  };

  CharacterQuiz.prototype._restart_pass = function () {
    this._points = [];
    this._dropped_at = this._orders.map(function () { return null; });
  };

  /** Count a stroke hint; the expected stroke's index (-1 when the character is done). */
  CharacterQuiz.prototype.hint = function () {
    if (this.done) return -1;
    this.stroke_hints += 1;
    return this.expected;
  };

  CharacterQuiz.prototype.component_hint = function () {
    if (!this.done) this.component_hints += 1;
  };

  CharacterQuiz.prototype.reveal = function () {
    if (!this.stroke_count) return;
    this.reveals += 1;
    this.phase = "tracing";
    this._restart_pass();
  };

  CharacterQuiz.prototype.undo = function () {
    if (!this._points.length) return;
    if (this.done) this.phase = this.reveals ? "rewrite" : "recall";
    this._points.pop();
    // Ways of writing dropped by the stroke taken back are in play again.
    var position = this._points.length;
    this._dropped_at = this._dropped_at.map(function (at) { return at !== null && at >= position ? null : at; });
  };

  CharacterQuiz.prototype.clear = function () {
    if (this.done) this.phase = this.reveals ? "rewrite" : "recall";
    this._restart_pass();
  };

  return { PHASES: PHASES, CharacterQuiz: CharacterQuiz, variantStrokes: variantStrokes, variantComponentStarts: variantComponentStarts };
});
