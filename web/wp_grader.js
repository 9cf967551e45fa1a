/* Write Practice: the grader module (pure: no window or document touched).
 *
 * The slot for the JavaScript port of writing/grading (issue 13), used only where Python cannot
 * grade: phones, AnkiWeb, a desktop whose numpy does not load. Until the port lands it holds the
 * stroke geometry the card draws with, and `available` is false: cards then stay self-graded.
 *
 * The port plugs in here and nowhere else:
 *  - `guidedVerdict(refStrokes, accepted, points, leniency)` -> {accepted, ref, reason, message,
 *    expected}, the same fields as writing/grading/types.py:StrokeVerdict; `accepted` is the
 *    CharacterQuiz's list of [ref, points] (wp_quiz.js keeps it as Python's quiz does);
 *  - `gradeFree(refStrokes, strokes, leniency)` and `suggestRating(...)`, as in Python;
 *  - thresholds read from writing/grading/thresholds.json: on cards the card script carries the
 *    file as it is (`WritePractice.thresholds`, written by writing/media.py); under node, require it;
 *  - `createJudge({target, script, mode})` -> {send(message, callback)}: the local session that
 *    answers the page's messages as writing/review.py does (CharacterQuiz from wp_quiz.js);
 *  - `available: true`. The page (write_practice.js: localJudge) uses these and nothing else.
 *
 * On cards it is `WritePractice.grader`; under node, `module.exports`.
 */
(function (name, factory) { // module.exports under node; once per page on cards (caches survive re-runs)
  if (typeof window === "undefined") module.exports = factory();
  else if (!(window.WritePractice = window.WritePractice || {})[name]) window.WritePractice[name] = factory();
})("grader", function () {
  "use strict";

  /** Split a polyline where it turns sharply, so corners stay corners when smoothed. */
  function splitAtCorners(points) {
    var pieces = [];
    var piece = [points[0]];
    for (var i = 1; i < points.length; i++) {
      piece.push(points[i]);
      if (i < points.length - 1) {
        var ax = points[i][0] - points[i - 1][0], ay = points[i][1] - points[i - 1][1];
        var bx = points[i + 1][0] - points[i][0], by = points[i + 1][1] - points[i][1];
        var la = Math.hypot(ax, ay), lb = Math.hypot(bx, by);
        if (la > 0 && lb > 0 && (ax * bx + ay * by) / (la * lb) < 0.35) {
          pieces.push(piece);
          piece = [points[i]];
        }
      }
    }
    pieces.push(piece);
    return pieces;
  }

  /** A smooth, dense polyline through the points (Catmull-Rom within each corner-free piece). */
  function densify(points) {
    if (!points || points.length < 2) return points ? points.slice() : [];
    var out = [];
    splitAtCorners(points).forEach(function (piece, index) {
      if (piece.length === 2) {
        if (index === 0) out.push(piece[0]);
        out.push(piece[1]);
        return;
      }
      for (var i = 0; i < piece.length - 1; i++) {
        var p0 = piece[Math.max(0, i - 1)], p1 = piece[i], p2 = piece[i + 1];
        var p3 = piece[Math.min(piece.length - 1, i + 2)];
        var steps = Math.max(2, Math.ceil(Math.hypot(p2[0] - p1[0], p2[1] - p1[1]) / 0.01));
        for (var s = (i === 0 && index === 0) ? 0 : 1; s <= steps; s++) {
          var t = s / steps, t2 = t * t, t3 = t2 * t;
          out.push([
            0.5 * (2 * p1[0] + (-p0[0] + p2[0]) * t + (2 * p0[0] - 5 * p1[0] + 4 * p2[0] - p3[0]) * t2 + (-p0[0] + 3 * p1[0] - 3 * p2[0] + p3[0]) * t3),
            0.5 * (2 * p1[1] + (-p0[1] + p2[1]) * t + (2 * p0[1] - 5 * p1[1] + 4 * p2[1] - p3[1]) * t2 + (-p0[1] + 3 * p1[1] - 3 * p2[1] + p3[1]) * t3),
          ]);
        }
      }
    });
    return out;
  }

  function pathLength(points) {
    var total = 0;
    for (var i = 1; i < points.length; i++) total += Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
    return total;
  }

  return { available: false, splitAtCorners: splitAtCorners, densify: densify, pathLength: pathLength };
});
