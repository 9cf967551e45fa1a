/* Write Practice: the grader module (pure: no window or document touched).
 *
 * The JavaScript port of writing/grading (guided verdict, free grading, rating policy), used only
 * where Python cannot grade: phones, AnkiWeb, a desktop whose numpy does not load. Desktop Anki
 * with numpy keeps grading in Python. The two are held together by the conformance suite
 * (tools/make_grader_vectors.py writes Python's verdicts, tests/test_grader_conformance.py runs
 * this file under node against them), so every step here follows its Python original, named in
 * the comments, including its tie-breaks: argmin = first minimum, np.quantile's linear method,
 * np.interp, np.linspace, np.roll and Python's float modulo.
 *
 * The numbers are read, never copied: on cards from `WritePractice.thresholds` (writing/media.py
 * puts writing/grading/thresholds.json into the card script as it is), under node from the file.
 *
 * The page (write_practice.js: localJudge) uses:
 *  - `createJudge({target, script, mode, leniency, hintAfterMisses, policy, load})` ->
 *    {send(message, callback)}: a local session answering the page's messages as
 *    writing/review.py:ReviewSession does (`load(char, callback)` gives a character's reference);
 *  - `available: true`;
 *  - `densify`, `pathLength`: the stroke geometry the card draws with.
 * The conformance suite uses `guidedVerdict(refStrokes, accepted, points, leniency, componentStarts)`,
 * `gradeFree(refStrokes, strokes, leniency, variants, componentStarts)` and `suggestRating({...})`.
 *
 * On cards it is `WritePractice.grader`; under node, `module.exports`.
 */
(function (name, factory) { // module.exports under node; once per page on cards (caches survive re-runs)
  if (typeof window === "undefined") {
    var path = require("path");
    var file = require(path.join(__dirname, "..", "writing", "grading", "thresholds.json")), quiz = require("./wp_quiz.js");
    module.exports = factory(function () { return file; }, function () { return quiz; });
  } else if (!(window.WritePractice = window.WritePractice || {})[name]) {
    // read when first needed: the modules load in name order, the quiz after this one
    window.WritePractice[name] = factory(function () { return window.WritePractice.thresholds; },
      function () { return window.WritePractice.quiz; });
  }
})("grader", function (thresholdsFile, quizModule) {
  "use strict";

  var PI = Math.PI, INF = Infinity;
  // geometry.py's constants (shape definitions of the port, not thresholds: thresholds.json has those)
  var RESAMPLE_POINTS = 20, MAX_RAW_POINTS = 2000, ABSURD_COORDINATE = 1e4, SHAPE_SCALE_FLOOR = 0.03, CLOSED_GAP = 0.15;
  var MERGED_SPANS = [2, 3]; // geometry.py
  var FIRST_STROKE_SCALE_STEPS = 10; // guided.py
  var ROUNDS = 3; // free.py
  var MESSAGES = { // guided.py:MESSAGES
    reversed: "wrong direction",
    shape: "look at the shape",
    position: "right shape, wrong place",
    too_short: "too short",
    merged: "strokes drawn as one: lift the pen between them",
  };
  var COMPLETE = "the character is already complete";

  // ------------------------------------------------------------------ thresholds (thresholds.py)

  var thresholdCache = {};

  /** Every threshold scaled by `leniency` once: "bigger" multiplied, "smaller" divided. */
  function thresholds(leniency) {
    if (thresholdCache[leniency]) return thresholdCache[leniency];
    var entries = thresholdsFile() && thresholdsFile().thresholds;
    if (!entries) throw new Error("WritePractice.thresholds is missing: the card script lacks its generated line");
    var t = { leniency: leniency };
    Object.keys(entries).forEach(function (key) {
      var entry = entries[key], value = +entry.value;
      if (entry.lenient === "bigger") value *= leniency;
      else if (entry.lenient === "smaller") value /= leniency;
      t[key] = value;
    });
    return (thresholdCache[leniency] = t);
  }

  /** guided.py:clean_leniency */
  function cleanLeniency(value) {
    var v = typeof value === "number" ? value : parseFloat(value);
    return isFinite(v) && v > 0 ? v : 1.0;
  }

  // ------------------------------------------------------------------ numeric helpers

  /** Python's float modulo (sign of the divisor), as numpy's remainder. */
  function pyMod(a, b) {
    var m = a % b;
    if (m !== 0 && (b < 0) !== (m < 0)) m += b;
    return m;
  }

  function angleBetween(a, b) {
    return Math.abs(pyMod(a - b + PI, 2 * PI) - PI);
  }

  /** np.linspace(start, stop, n): start + i * step, the last exactly stop. */
  function linspace(start, stop, n) {
    var out = new Array(n), step = (stop - start) / (n - 1);
    for (var i = 0; i < n; i++) out[i] = i * step + start;
    if (n > 1) out[n - 1] = stop;
    return out;
  }

  /** np.round: half to even. */
  function roundHalfEven(x) {
    var r = Math.round(x);
    if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) r -= 1;
    return r;
  }

  function argminFirst(values) {
    var best = 0;
    for (var i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
    return best;
  }

  /** np.quantile(values, q), linear method (numpy's _lerp included). */
  function quantile(values, q) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var virtual = (sorted.length - 1) * q, below = Math.floor(virtual);
    var above = Math.min(below + 1, sorted.length - 1), gamma = virtual - below;
    var a = sorted[below], b = sorted[above], diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }

  // ------------------------------------------------------------------ geometry (geometry.py)

  /** clean_stroke: the usable points of a raw stroke; never throws. */
  function cleanStroke(points) {
    if (!points || typeof points.length !== "number") return [];
    var raw = points;
    if (raw.length > MAX_RAW_POINTS) {
      var keep = linspace(0, raw.length - 1, MAX_RAW_POINTS);
      raw = keep.map(function (i) { return points[roundHalfEven(i)]; });
    }
    var out = [];
    for (var i = 0; i < raw.length; i++) {
      var p = raw[i], x = NaN, y = NaN;
      if (p && p.length === 2) { x = +p[0]; y = +p[1]; }
      if (!isFinite(x) || !isFinite(y) || Math.abs(x) >= ABSURD_COORDINATE || Math.abs(y) >= ABSURD_COORDINATE) continue;
      var last = out[out.length - 1];
      if (last && last[0] === x && last[1] === y) continue;
      out.push([x, y]);
    }
    return out;
  }

  function polylineLength(points) {
    var total = 0;
    for (var i = 1; i < points.length; i++) total += Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
    return total;
  }

  /** np.interp(x, xp, fp) at increasing x (numpy's rules: the last xp[j] <= x, exact hits exact). */
  function interpAll(xs, xp, fpx, fpy) {
    var out = new Array(xs.length), j = 0, last = xp.length - 1;
    for (var i = 0; i < xs.length; i++) {
      var x = xs[i];
      if (x <= xp[0] && x < xp[0]) { out[i] = [fpx[0], fpy[0]]; continue; }
      if (x >= xp[last]) { out[i] = x > xp[last] ? [fpx[last], fpy[last]] : [fpx[last], fpy[last]]; continue; }
      while (j + 1 <= last && xp[j + 1] <= x) j++;
      while (j > 0 && xp[j] > x) j--;
      if (xp[j] === x) { out[i] = [fpx[j], fpy[j]]; continue; }
      var dx = xp[j + 1] - xp[j];
      out[i] = [interpOne(x, xp, fpx, j, dx), interpOne(x, xp, fpy, j, dx)];
    }
    return out;
  }

  function interpOne(x, xp, fp, j, dx) {
    var slope = (fp[j + 1] - fp[j]) / dx;
    var value = slope * (x - xp[j]) + fp[j];
    if (value !== value) {
      value = slope * (x - xp[j + 1]) + fp[j + 1];
      if (value !== value && fp[j] === fp[j + 1]) value = fp[j];
    }
    return value;
  }

  /** resample: n points evenly spaced by arc length. */
  function resample(points, n) {
    n = n || RESAMPLE_POINTS;
    var out, k;
    if (!points.length) {
      out = [];
      for (k = 0; k < n; k++) out.push([0, 0]);
      return out;
    }
    if (points.length === 1) return repeatPoint(points[0], n);
    var along = [0], xs = [points[0][0]], ys = [points[0][1]];
    for (k = 1; k < points.length; k++) {
      along.push(along[k - 1] + Math.hypot(points[k][0] - points[k - 1][0], points[k][1] - points[k - 1][1]));
      xs.push(points[k][0]);
      ys.push(points[k][1]);
    }
    if (!(along[along.length - 1] > 0)) return repeatPoint(points[0], n);
    return interpAll(linspace(0, along[along.length - 1], n), along, xs, ys);
  }

  function repeatPoint(p, n) {
    var out = [];
    for (var k = 0; k < n; k++) out.push([p[0], p[1]]);
    return out;
  }

  function mean(points) {
    var sx = 0, sy = 0;
    for (var i = 0; i < points.length; i++) { sx += points[i][0]; sy += points[i][1]; }
    return [sx / points.length, sy / points.length];
  }

  /** normalised_shapes, one stroke: centred on its centroid, divided by its RMS radius (floored). */
  function normalisedShape(line) {
    var c = mean(line), sq = 0, centred = [];
    for (var i = 0; i < line.length; i++) {
      var x = line[i][0] - c[0], y = line[i][1] - c[1];
      centred.push([x, y]);
      sq += x * x + y * y;
    }
    var radius = Math.max(Math.sqrt(sq / line.length), SHAPE_SCALE_FLOOR);
    return centred.map(function (p) { return [p[0] / radius, p[1] / radius]; });
  }

  /** turning: total absolute turn (radians) along a resampled stroke. */
  function turning(line) {
    var total = 0, previous = null;
    for (var i = 1; i < line.length; i++) {
      var heading = Math.atan2(line[i][1] - line[i - 1][1], line[i][0] - line[i - 1][0]);
      if (previous !== null) total += Math.abs((((heading - previous + PI) % (2 * PI)) + 2 * PI) % (2 * PI) - PI);
      previous = heading;
    }
    return total;
  }

  /** corner_scores, one pair: how much of a corner_turning reference stroke's turn the drawn
   * stroke lost, over corner_loss (0 for a reference stroke that turns less). */
  function cornerScore(drawnTurning, refTurning, t) {
    if (!(refTurning >= t.corner_turning)) return 0;
    return Math.max(0, 1 - drawnTurning / Math.max(refTurning, 1e-9)) / t.corner_loss;
  }

  function reversed(line) {
    return line.slice().reverse();
  }

  /** trim_hooks */
  function trimHooks(line, turn, region) {
    if (line.length < 4) return line;
    var lengths = [], heading = [], total = 0, k;
    for (k = 1; k < line.length; k++) {
      var dx = line[k][0] - line[k - 1][0], dy = line[k][1] - line[k - 1][1];
      lengths.push(Math.hypot(dx, dy));
      heading.push(Math.atan2(dy, dx));
      total += lengths[k - 1];
    }
    if (!(total > 0)) return line;
    var start = 0, end = line.length, cumulative = 0, firstTail = -1, lastHead = -1;
    for (k = 0; k < heading.length - 1; k++) {
      cumulative += lengths[k];
      var along = cumulative / total;
      var bend = Math.abs(pyMod(heading[k + 1] - heading[k] + PI, 2 * PI) - PI);
      if (bend > turn) {
        if (along > 1 - region && firstTail < 0) firstTail = k;
        if (along < 0.6 * region) lastHead = k;
      }
    }
    if (firstTail >= 0) end = firstTail + 2;
    if (lastHead >= 0) start = lastHead + 1;
    if (end - start < 3 || (start === 0 && end === line.length)) return line;
    return resample(line.slice(start, end));
  }

  /** closest_approach of two resampled polylines: [distance, fraction along a, fraction along b]. */
  function closestApproach(a, b) {
    var n = a.length, best = INF, bi = 0, bj = 0;
    for (var i = 0; i < n; i++) {
      for (var j = 0; j < n; j++) {
        var dx = a[i][0] - b[j][0], dy = a[i][1] - b[j][1];
        var d = Math.sqrt(dx * dx + dy * dy);
        if (d < best) { best = d; bi = i; bj = j; }
      }
    }
    return [best, bi / (n - 1), bj / (n - 1)];
  }

  /** tick_legs: [first, second] headings of a resampled stroke's two legs (start to its corner,
   * the point farthest from its chord, and corner to end), or null when it has no corner: a leg
   * shorter than `legShare` of the two together, or legs turning less than `turn` radians. */
  function tickLegs(line, legShare, turn) {
    var start = line[0], end = line[line.length - 1];
    var cx = end[0] - start[0], cy = end[1] - start[1];
    if (!(Math.hypot(cx, cy) > 1e-9)) return null;
    var k = 0, far = -1;
    for (var i = 0; i < line.length; i++) {
      var off = Math.abs((line[i][0] - start[0]) * cy - (line[i][1] - start[1]) * cx);
      if (off > far) { far = off; k = i; }
    }
    var corner = line[k];
    var ax = corner[0] - start[0], ay = corner[1] - start[1], bx = end[0] - corner[0], by = end[1] - corner[1];
    var first = Math.hypot(ax, ay), second = Math.hypot(bx, by);
    var headings = [Math.atan2(ay, ax), Math.atan2(by, bx)];
    if (!(Math.min(first, second) >= legShare * (first + second))) return null;
    return angleBetween(headings[1], headings[0]) >= turn ? headings : null;
  }

  function chordAngle(line) {
    var last = line[line.length - 1];
    return Math.atan2(last[1] - line[0][1], last[0] - line[0][0]);
  }

  var referenceCache = {}, referenceKeys = [];

  /** reference_for: a character's reference strokes, preprocessed once (cached by content);
   * `componentStarts`: stroke indices where a component other than the first begins. */
  function referenceFor(refStrokes, componentStarts) {
    var starts = (componentStarts || []).filter(function (j) { return j > 0 && j < refStrokes.length; });
    var key = JSON.stringify([refStrokes, starts]);
    if (referenceCache[key]) return referenceCache[key];
    var raw = refStrokes.map(cleanStroke);
    var points = raw.map(function (s) { return resample(s); });
    var hooks = thresholds(1.0);
    var trimmed = points.map(function (p) { return trimHooks(p, hooks.hook_turn, hooks.hook_region); });
    var all = [];
    raw.forEach(function (s) { all.push.apply(all, s); });
    if (!all.length) all = [[0, 0]];
    var bbox = [[INF, INF], [-INF, -INF]];
    all.forEach(function (p) {
      bbox[0][0] = Math.min(bbox[0][0], p[0]); bbox[0][1] = Math.min(bbox[0][1], p[1]);
      bbox[1][0] = Math.max(bbox[1][0], p[0]); bbox[1][1] = Math.max(bbox[1][1], p[1]);
    });
    // {span: lines}: strokes j .. j+span-1 drawn as one line (geometry.py merged_points)
    var mergedPoints = {}, mergedShapes = {}, mergedLengths = {}, mergedTurning = {};
    MERGED_SPANS.forEach(function (span) {
      var lines = [];
      for (var j = 0; j + span <= raw.length; j++) lines.push([].concat.apply([], raw.slice(j, j + span)));
      mergedPoints[span] = lines.map(function (s) { return resample(s); });
      mergedShapes[span] = mergedPoints[span].map(normalisedShape);
      mergedLengths[span] = lines.map(polylineLength);
    });
    var lengths = raw.map(polylineLength);
    var ownTurning = points.map(function (p, i) { return Math.min(turning(p), turning(trimmed[i])); });
    MERGED_SPANS.forEach(function (span) { // the strokes' own turning summed, without the joins' turns
      mergedTurning[span] = [];
      for (var j = 0; j + span <= ownTurning.length; j++) {
        var sum = 0;
        for (var k = j; k < j + span; k++) sum += ownTurning[k];
        mergedTurning[span].push(sum);
      }
    });
    var ref = {
      count: points.length,
      points: points,
      shapes: points.map(normalisedShape),
      reversedShapes: points.map(function (p) { return normalisedShape(reversed(p)); }),
      lengths: lengths,
      centroids: points.map(mean),
      bbox: bbox,
      mergedPoints: mergedPoints,
      mergedShapes: mergedShapes,
      mergedLengths: mergedLengths,
      trimmedShapes: trimmed.map(normalisedShape),
      trimmedReversedShapes: trimmed.map(function (p) { return normalisedShape(reversed(p)); }),
      turning: ownTurning,
      mergedTurning: mergedTurning,
      chords: points.map(chordAngle),
      legs: points.map(function (p) { return tickLegs(p, hooks.tick_leg_share, hooks.tick_turn); }),
      chordDirections: points.map(function (p) { var a = chordAngle(p); return [Math.cos(a), Math.sin(a)]; }),
      straight: points.map(function (p, i) {
        var last = p[p.length - 1];
        return Math.hypot(last[0] - p[0][0], last[1] - p[0][1]) >= hooks.slide_straightness * lengths[i];
      }),
      closed: points.map(function (p, i) {
        var last = p[p.length - 1];
        return Math.hypot(last[0] - p[0][0], last[1] - p[0][1]) < CLOSED_GAP * Math.max(lengths[i], 1e-9);
      }),
      extents: points.map(function (p) {
        var extent = 0;
        for (var axis = 0; axis < 2; axis++) {
          var low = INF, high = -INF;
          for (var i = 0; i < p.length; i++) { low = Math.min(low, p[i][axis]); high = Math.max(high, p[i][axis]); }
          extent = Math.max(extent, high - low);
        }
        return extent;
      }),
      // closest approach of each pair of strokes, made when a pair is first asked for (the first
      // stroke needs none: the card takes it sooner)
      contacts: points.map(function () { return []; }),
      touchesOther: [],
      componentStarts: points.map(function (p, j) { return starts.indexOf(j) >= 0; }),
    };
    if (referenceKeys.push(key) > 64) delete referenceCache[referenceKeys.shift()];
    return (referenceCache[key] = ref);
  }

  /** Similarity: drawn = scale * R(angle) @ reference + shift; toReference inverts it. */
  function Similarity(scale, angle, shift) {
    this.scale = scale === undefined ? 1.0 : scale;
    this.angle = angle || 0.0;
    this.shift = shift || [0.0, 0.0];
  }

  Similarity.prototype.toReference = function (points) {
    var c = Math.cos(this.angle), s = Math.sin(this.angle), sx = this.shift[0], sy = this.shift[1], k = this.scale;
    return points.map(function (p) {
      var x = p[0] - sx, y = p[1] - sy;
      return [(x * c + y * s) / k, (x * -s + y * c) / k];
    });
  };

  /** fit_similarity (unit weights where none are given; a fixedScale is kept, not fitted). */
  function fitSimilarity(refPoints, drawnPoints, maxAngle, priorWeight, priorScale, weights, fixedScale) {
    priorScale = priorScale === undefined ? 1.0 : priorScale;
    var n = refPoints.length, i, total = 0;
    if (!weights) { weights = []; for (i = 0; i < n; i++) weights.push(1); }
    for (i = 0; i < n; i++) total += weights[i];
    if (!(total > 0) || n === 0) return new Similarity(priorScale);
    var mr = [0, 0], md = [0, 0];
    for (i = 0; i < n; i++) {
      mr[0] += weights[i] * refPoints[i][0]; mr[1] += weights[i] * refPoints[i][1];
      md[0] += weights[i] * drawnPoints[i][0]; md[1] += weights[i] * drawnPoints[i][1];
    }
    mr = [mr[0] / total, mr[1] / total];
    md = [md[0] / total, md[1] / total];
    var spread = 0, dot = 0, cross = 0;
    for (i = 0; i < n; i++) {
      var rx = refPoints[i][0] - mr[0], ry = refPoints[i][1] - mr[1];
      var dx = drawnPoints[i][0] - md[0], dy = drawnPoints[i][1] - md[1];
      spread += weights[i] * (rx * rx + ry * ry);
      dot += weights[i] * (rx * dx + ry * dy);
      cross += weights[i] * (rx * dy - ry * dx);
    }
    var angle = maxAngle > 0 ? Math.min(Math.max(Math.atan2(cross, dot), -maxAngle), maxAngle) : 0.0;
    var along = dot * Math.cos(angle) + cross * Math.sin(angle);
    var scale = fixedScale !== undefined && fixedScale !== null ? fixedScale
      : Math.max((along + priorWeight * priorScale) / (spread + priorWeight), 0.05);
    var c = Math.cos(angle), s = Math.sin(angle);
    return new Similarity(scale, angle, [md[0] - scale * (c * mr[0] - s * mr[1]), md[1] - scale * (s * mr[0] + c * mr[1])]);
  }

  function spreadRadius(points) {
    if (!points.length) return 0.0;
    var c = mean(points), sq = 0;
    for (var i = 0; i < points.length; i++) {
      var x = points[i][0] - c[0], y = points[i][1] - c[1];
      sq += x * x + y * y;
    }
    return Math.sqrt(sq / points.length);
  }

  function flatten(strokes) {
    var out = [];
    strokes.forEach(function (s) { out.push.apply(out, s); });
    return out;
  }

  // ------------------------------------------------------------------ scoring (matching.py)

  function shapeDistance(a, b) {
    var total = 0;
    for (var i = 0; i < a.length; i++) {
      var dx = b[i][0] - a[i][0], dy = b[i][1] - a[i][1];
      total += Math.sqrt(dx * dx + dy * dy);
    }
    return total / a.length;
  }

  /** loop_aligned: a drawn loop's points started where, and run the way round that, the reference loop's shape is. */
  function loopAligned(points, refShape) {
    var ways = [points, reversed(points)], best = INF, bestWay = 0, bestK = 0;
    for (var w = 0; w < 2; w++) {
      var shape = normalisedShape(ways[w]);
      for (var k = 0; k < points.length; k++) {
        var distance = shapeDistance(rolled(shape, k), refShape);
        if (distance < best) { best = distance; bestWay = w; bestK = k; }
      }
    }
    return rolled(ways[bestWay], bestK);
  }

  function rolled(line, k) {
    var n = line.length, out = new Array(n);
    for (var i = 0; i < n; i++) out[i] = line[pyMod(i - k, n)];
    return out;
  }

  /** shape_scores: [forward, backward] rows of one mapped drawn stroke against every reference stroke. */
  function shapeScores(mapped, ref, t) {
    var hooks = thresholds(1.0);
    var variants = [normalisedShape(mapped), normalisedShape(trimHooks(mapped, hooks.hook_turn, hooks.hook_region))];
    var forward = [], backward = [], r;
    for (r = 0; r < ref.count; r++) {
      var f = INF, b = INF;
      for (var v = 0; v < 2; v++) {
        f = Math.min(f, shapeDistance(variants[v], ref.shapes[r]), shapeDistance(variants[v], ref.trimmedShapes[r]));
        b = Math.min(b, shapeDistance(variants[v], ref.reversedShapes[r]), shapeDistance(variants[v], ref.trimmedReversedShapes[r]));
      }
      forward.push(f / t.shape);
      backward.push(b / t.shape);
    }
    if (ref.closed.some(Boolean)) { // a loop may start anywhere along it and go round either way
      var starts = [], backwards = variants[0].slice().reverse();
      for (var k = 0; k < mapped.length; k++) starts.push(rolled(variants[0], k), rolled(backwards, k));
      for (r = 0; r < ref.count; r++) {
        if (!ref.closed[r]) continue;
        var looped = INF;
        for (k = 0; k < starts.length; k++) looped = Math.min(looped, shapeDistance(starts[k], ref.shapes[r]));
        forward[r] = Math.min(forward[r], looped / t.shape);
      }
    }
    var direction = null;
    for (r = 0; r < ref.count; r++) {
      if (!(ref.lengths[r] < t.dot_length)) continue;
      if (direction === null) direction = chordAngle(mapped);
      var dotAngle = freeStandingDot(ref, r, t) ? t.free_dot_angle : t.dot_angle;
      forward[r] = Math.min(forward[r], angleBetween(direction, ref.chords[r]) / dotAngle);
      backward[r] = Math.min(backward[r], angleBetween(direction, ref.chords[r] + PI) / dotAngle);
    }
    var legs; // _tick_scores: a tick (a short stroke with one corner) passes on its legs' directions
    for (r = 0; r < ref.count; r++) {
      if (!(ref.lengths[r] < t.tick_length) || !ref.legs[r]) continue;
      if (legs === undefined) legs = tickLegs(mapped, hooks.tick_leg_share, hooks.tick_turn);
      if (!legs) break;
      var ahead = Math.max(angleBetween(legs[0], ref.legs[r][0]), angleBetween(legs[1], ref.legs[r][1])) / t.dot_angle;
      var back = Math.max(angleBetween(legs[0], ref.legs[r][1] + PI), angleBetween(legs[1], ref.legs[r][0] + PI)) / t.dot_angle;
      if (ahead <= 1 && back > 1) forward[r] = Math.min(forward[r], ahead);
      if (back <= 1 && ahead > 1) backward[r] = Math.min(backward[r], back);
    }
    var drawnTurning = turning(mapped);
    for (r = 0; r < ref.count; r++) {
      var corners = cornerScore(drawnTurning, ref.turning[r], t);
      forward[r] = Math.max(forward[r], corners);
      backward[r] = Math.max(backward[r], corners);
    }
    return [forward, backward];
  }

  /** length_score of one drawn length against one reference length; `standing`: the reference
   * stroke touches no other (a line's tolerance is then free_length times wider). */
  function lengthScore(drawnLength, refLength, t, standing) {
    var ratio = Math.log((drawnLength + t.length_floor) / (refLength + t.length_floor));
    var line = standing ? t.length * t.free_length : t.length;
    return Math.abs(ratio) / (refLength < t.dot_length ? t.dot_length_ratio : line);
  }

  /** score: per drawn stroke {shape, reversed, position, length} rows against every reference stroke. */
  function score(mappedStrokes, ref, tolerance, t) {
    return mappedStrokes.map(function (mapped) {
      var shapes = shapeScores(mapped, ref, t), centre = mean(mapped), drawnLength = polylineLength(mapped);
      return {
        shape: shapes[0],
        reversed: shapes[1],
        position: ref.centroids.map(function (c, r) { return placementScore(centre, drawnLength, ref, r, tolerance[r], t); }),
        length: ref.lengths.map(function (l, r) { return lengthScore(drawnLength, l, t, !touchesOther(ref, r, t)); }),
      };
    });
  }

  /** placement_scores, one drawn stroke (centre, length) against reference stroke r: the distance
   * of the centres over the tolerance, after up to length_slide of the length difference along a
   * straight enough reference stroke's chord is taken out (a longer or shorter stroke moves its centre). */
  function placementScore(centre, drawnLength, ref, r, tolerance, t) {
    var c = ref.centroids[r], u = ref.chordDirections[r];
    var dx = centre[0] - c[0], dy = centre[1] - c[1];
    var room = ref.straight[r] ? t.length_slide * Math.abs(drawnLength - ref.lengths[r]) : 0;
    var slide = Math.min(Math.max(dx * u[0] + dy * u[1], -room), room);
    return Math.hypot(dx - slide * u[0], dy - slide * u[1]) / tolerance;
  }

  function pair(row, r) {
    return { shape: row.shape[r], reversed: row.reversed[r], position: row.position[r], length: row.length[r] };
  }

  function forwardOf(p) { return Math.max(Math.max(p.shape, p.position), p.length); }
  function backwardOf(p) { return Math.max(Math.max(p.reversed, p.position), p.length); }

  /** position_tolerance (em) for reference strokes `strokes` (indices; all when omitted). */
  function positionTolerance(fittedFrom, ref, t, strokes) {
    var doubt = Math.min(t.position_noise / Math.max(spreadRadius(fittedFrom), 1e-6), t.scale_doubt_max);
    var centre = mean(fittedFrom);
    return (strokes || ref.centroids.map(function (c, r) { return r; })).map(function (r) {
      var c = ref.centroids[r];
      return (t.position + doubt * Math.hypot(c[0] - centre[0], c[1] - centre[1])) * loosePlacement(ref, r, t);
    });
  }

  /** loose_placement, one stroke: the factor on its position tolerance (a free-standing mark, the
   * first stroke of a component other than the first, or both). */
  function loosePlacement(ref, r, t) {
    return (freeStandingMark(ref, r, t) ? t.dot_position : 1) * (ref.componentStarts[r] ? t.component_position : 1);
  }

  /** free_standing_dots, one stroke: a dot (under dot_length) that touches no other stroke. */
  function freeStandingDot(ref, r, t) {
    return ref.lengths[r] < t.dot_length && !touchesOther(ref, r, t);
  }

  /** free_standing_marks, one stroke: a free-standing dot, or a ring (closed stroke) no wider or
   * taller than dot_length that touches no other stroke (the handakuten). */
  function freeStandingMark(ref, r, t) {
    return freeStandingDot(ref, r, t) || (ref.closed[r] && ref.extents[r] < t.dot_length && !touchesOther(ref, r, t));
  }

  /** Reference.touches_other, one stroke, made when first asked for (`contact` is a definition:
   * the same at every leniency). */
  function touchesOther(ref, r, t) {
    if (ref.touchesOther[r] === undefined) {
      ref.touchesOther[r] = false;
      for (var other = 0; other < ref.count; other++) {
        if (other !== r && contactOf(ref, r, other)[0] <= t.contact) { ref.touchesOther[r] = true; break; }
      }
    }
    return ref.touchesOther[r];
  }

  function contactOf(ref, a, b) {
    return ref.contacts[a][b] || (ref.contacts[a][b] = closestApproach(ref.points[a], ref.points[b]));
  }

  /** keeps_contacts */
  function keepsContacts(stroke, target, ref, placedRefs, placedStrokes, t) {
    var any = false;
    for (var k = 0; k < placedRefs.length; k++) {
      var other = placedRefs[k], contact = contactOf(ref, target, other);
      if (!(contact[0] <= t.contact)) continue;
      any = true;
      var drawn = closestApproach(stroke, placedStrokes[k]);
      var slideOwn = Math.abs(drawn[1] - contact[1]) * ref.lengths[target];
      var slideOther = Math.abs(drawn[2] - contact[2]) * ref.lengths[other];
      if (!(drawn[0] <= t.contact_drawn) || !(Math.max(slideOwn, slideOther) <= t.contact_slide)) return false;
    }
    return any;
  }

  /** best_merged: [score, first, span, shape] of the best allowed run (position within
   * merged_position times the loosest covered stroke's tolerance; shape: the score's shape part);
   * the first minimum wins, shorter runs first. The drawn stroke's shape, centre and length are
   * taken once. */
  function bestMerged(mapped, ref, tolerance, t, allowed) {
    var shape = normalisedShape(mapped), a = mean(mapped), length = polylineLength(mapped), drawnTurning = turning(mapped);
    var best = [INF, null, 0, INF];
    MERGED_SPANS.forEach(function (span) {
      for (var first = 0; first + span <= ref.count; first++) {
        if (!allowed(first, span)) continue;
        var b = mean(ref.mergedPoints[span][first]);
        var shapeCost = Math.max(shapeDistance(shape, ref.mergedShapes[span][first]) / t.shape,
                                 cornerScore(drawnTurning, ref.mergedTurning[span][first], t));
        var cost = Math.max(
          shapeCost,
          Math.hypot(a[0] - b[0], a[1] - b[1]) / (Math.max.apply(null, tolerance.slice(first, first + span)) * t.merged_position),
          lengthScore(length, ref.mergedLengths[span][first], t));
        if (cost < best[0]) best = [cost, first, span, shapeCost];
      }
    });
    return best;
  }

  /** classify: null when the stroke passes as the reference stroke it should be, else the mistake.
   * mergedShape: the joined line's shape score where the neighbour is known to be missing (free
   * mode), else null. */
  function classify(p, merged, later, drawnLength, refLength, t, mergedShape) {
    var forward = forwardOf(p);
    if (merged <= 1.0 && (merged < forward || (mergedShape !== null && mergedShape < p.shape))) return "merged";
    if (forward <= 1.0) return null;
    if (later !== null) return "order";
    if (backwardOf(p) <= 1.0) return "reversed";
    if (drawnLength < t.too_short_fraction * refLength) return "too_short";
    if (p.shape <= 1.0 && p.length <= 1.0) return "position";
    return "shape";
  }

  // ------------------------------------------------------------------ guided (guided.py)

  /** _first_stroke_scores: one row, length and position at the most believable scale. */
  function firstStrokeScores(ref, stroke, t) {
    var drawn = resample(stroke), strokeLength = polylineLength(stroke), centre = mean(drawn);
    var scales = linspace(t.first_stroke_scale_min, t.first_stroke_scale_max, FIRST_STROKE_SCALE_STEPS);
    // Only the shapes of score()'s row: position and length are judged here, over the scales (and
    // score()'s lengths would work out which strokes touch others, which the first stroke needs not).
    var shapes = shapeScores(drawn, ref, t);
    var row = { shape: shapes[0], reversed: shapes[1], position: [], length: [] };
    for (var r = 0; r < ref.count; r++) {
      var best = INF, bestLength = 0, bestPosition = 0;
      for (var s = 0; s < scales.length; s++) {
        var length = Math.abs(Math.log((strokeLength / scales[s] + t.length_floor) / (ref.lengths[r] + t.length_floor))) / t.first_stroke_length;
        var overflow = 0;
        for (var axis = 0; axis < 2; axis++) {
          var low = centre[axis] + scales[s] * (ref.bbox[0][axis] - ref.centroids[r][axis]);
          var high = centre[axis] + scales[s] * (ref.bbox[1][axis] - ref.centroids[r][axis]);
          overflow = Math.max(overflow, Math.max(Math.max(-low, high - 1.0), 0.0));
        }
        var position = overflow / t.first_stroke_overflow, worse = Math.max(length, position);
        if (worse < best) { best = worse; bestLength = length; bestPosition = position; }
      }
      row.position[r] = bestPosition;
      row.length[r] = bestLength;
    }
    return row;
  }

  /** _first_stroke_lookalike */
  function firstStrokeLookalike(ref, stroke, row, t) {
    var centre = mean(resample(stroke)), strokeLength = polylineLength(stroke);
    var apart = ref.centroids.map(function (c) { return Math.hypot(c[0] - centre[0], c[1] - centre[1]); });
    var best = -1;
    for (var r = 1; r < ref.count; r++) {
      var line = ref.lengths[r] >= t.dot_length;
      if (line && row.shape[r] <= 1.0 && lengthScore(strokeLength, ref.lengths[r], t) <= 1.0 && apart[r] <= t.first_stroke_order_near) {
        if (best < 0 || apart[r] < apart[best]) best = r;
      }
    }
    if (!(ref.lengths[0] >= t.dot_length) || apart[0] <= t.first_stroke_order_far || best < 0) return null;
    return best;
  }

  function verdictOf(accepted, ref, reason, message, expected, points) {
    return { accepted: accepted, ref: ref, reason: reason, message: message, expected: expected, points: points };
  }

  /** _allow_twin_place: a stroke may sit where its later twin belongs. */
  function allowTwinPlace(ref, row, expected, t) {
    if (!(row.position[expected] > 1.0)) return;
    var best = row.position[expected];
    for (var r = expected + 1; r < ref.count; r++) {
      if (twins(ref, expected, r, t) && row.shape[r] <= 1.0 && row.length[r] <= 1.0) best = Math.min(best, row.position[r]);
    }
    row.position[expected] = best;
  }

  /** _twins: two dots closer than order_separation (the ticks of a dakuten). */
  function twins(ref, a, b, t) {
    return ref.lengths[a] < t.dot_length && ref.lengths[b] < t.dot_length &&
      Math.hypot(ref.centroids[a][0] - ref.centroids[b][0], ref.centroids[a][1] - ref.centroids[b][1]) < t.order_separation;
  }

  function orderVerdict(expected, matched, points) {
    return verdictOf(false, matched, "order", "that is stroke " + (matched + 1), expected, points);
  }

  /** _verdict: `accepted` is [[ref, resampled drawn points], ...], `stroke` cleaned. */
  function verdict(ref, accepted, stroke, t) {
    var expected = accepted.length;
    if (expected >= ref.count) return verdictOf(false, null, null, COMPLETE, null, stroke);
    if (polylineLength(stroke) < t.tap_length) return verdictOf(false, null, "too_short", MESSAGES.too_short, expected, stroke);
    var row, drawn, tolerance, drawnLength, refLength;
    if (expected === 0) {
      row = firstStrokeScores(ref, stroke, t);
      drawn = resample(stroke);
      tolerance = ref.centroids.map(function () { return INF; });
      drawnLength = polylineLength(stroke);
      refLength = t.first_stroke_scale_min * ref.lengths[0];
    } else {
      var refs = accepted.map(function (a) { return a[0]; });
      var fittedFrom = flatten(refs.map(function (r) { return ref.points[r]; }));
      var transform = fitSimilarity(fittedFrom, flatten(accepted.map(function (a) {
        return ref.closed[a[0]] ? loopAligned(a[1], ref.shapes[a[0]]) : a[1];
      })),
        refs.length >= 2 ? t.max_rotation : 0.0, t.scale_prior_weight);
      drawn = resample(transform.toReference(stroke));
      var placed = accepted.map(function (a) { return transform.toReference(a[1]); });
      tolerance = positionTolerance(fittedFrom, ref, t);
      row = score([drawn], ref, tolerance, t)[0];
      if (row.position[expected] > 1.0 && keepsContacts(drawn, expected, ref, refs, placed, t)) {
        row.position[expected] /= t.contact_position;
      }
      drawnLength = polylineLength(drawn);
      refLength = ref.lengths[expected];
      allowTwinPlace(ref, row, expected, t);
    }
    var forward = ref.centroids.map(function (c, r) { return forwardOf(pair(row, r)); });
    var own = forward[expected];
    var bestLater = expected + 1 < ref.count ? expected + 1 + argminFirst(forward.slice(expected + 1)) : null;
    var laterCost = bestLater !== null ? forward[bestLater] : INF;
    var merged = bestMerged(drawn, ref, tolerance, t, function (first) { return first === expected; })[0];
    var kind = classify(pair(row, expected), merged, laterCost <= 1.0 ? bestLater : null, drawnLength, refLength, t, null);
    if (kind === null) {
      if (expected === 0) {
        var lookalike = firstStrokeLookalike(ref, stroke, row, t);
        if (lookalike !== null) return orderVerdict(expected, lookalike, stroke);
      } else if (laterCost <= 1.0 && laterCost < t.order_margin * own && !twins(ref, expected, bestLater, t)) {
        return orderVerdict(expected, bestLater, stroke);
      }
      return verdictOf(true, expected, null, "", expected, stroke);
    }
    if (kind === "order") return orderVerdict(expected, bestLater, stroke);
    return verdictOf(false, expected, kind, MESSAGES[kind], expected, stroke);
  }

  /** guided_verdict: one new stroke given the strokes accepted so far ([[ref, points], ...]).
   * The result has StrokeVerdict's fields and `points`, the stroke as cleaned (the quiz keeps it). */
  function guidedVerdict(refStrokes, accepted, points, leniency, componentStarts) {
    var ref = referenceFor(refStrokes, componentStarts);
    var state = (accepted || []).map(function (a) { return [a[0] | 0, resample(cleanStroke(a[1]))]; });
    return verdict(ref, state, cleanStroke(points), thresholds(cleanLeniency(leniency)));
  }

  // ------------------------------------------------------------------ free (free.py)

  function initialTransform(ref, drawn, lengths) {
    function moments(strokes, weights) {
      var sw = 0, cx = 0, cy = 0, i, k;
      var w = weights.map(function (x) { return Math.max(x, 1e-3); });
      for (i = 0; i < strokes.length; i++) {
        for (k = 0; k < strokes[i].length; k++) { cx += w[i] * strokes[i][k][0]; cy += w[i] * strokes[i][k][1]; sw += w[i]; }
      }
      cx /= sw; cy /= sw;
      var sq = 0;
      for (i = 0; i < strokes.length; i++) {
        for (k = 0; k < strokes[i].length; k++) {
          var x = strokes[i][k][0] - cx, y = strokes[i][k][1] - cy;
          sq += w[i] * (x * x + y * y);
        }
      }
      return [[cx, cy], Math.sqrt(sq / sw)];
    }
    var r = moments(ref.points, ref.lengths), d = moments(drawn, lengths);
    var scale = r[1] > 1e-6 && d[1] > 1e-6 ? d[1] / r[1] : 1.0;
    return new Similarity(scale, 0.0, [d[0][0] - scale * r[0][0], d[0][1] - scale * r[0][1]]);
  }

  /** assignment.py:min_cost_assignment (Hungarian with potentials; first minimum on ties). */
  function minCostAssignment(cost) {
    var n = cost.length, i, j;
    if (!n) return [];
    var u = new Float64Array(n + 1), v = new Float64Array(n + 1);
    var rowOfCol = new Int32Array(n + 1), way = new Int32Array(n + 1);
    for (var row = 1; row <= n; row++) {
      rowOfCol[0] = row;
      var col = 0;
      var minSlack = new Float64Array(n + 1).fill(INF), used = new Uint8Array(n + 1);
      for (;;) {
        used[col] = 1;
        var current = rowOfCol[col], next = 0, delta = INF;
        for (j = 0; j <= n; j++) {
          if (used[j]) continue;
          var slack = (j === 0 ? 0 : current === 0 ? 0 : cost[current - 1][j - 1]) - u[current] - v[j];
          if (slack < minSlack[j]) { minSlack[j] = slack; way[j] = col; }
        }
        for (j = 0; j <= n; j++) {
          var masked = used[j] ? INF : minSlack[j];
          if (j === 0 || masked < delta) { delta = masked; next = j; } // np.argmin: the first minimum
        }
        for (j = 0; j <= n; j++) {
          if (used[j]) { u[rowOfCol[j]] += delta; v[j] -= delta; } else minSlack[j] -= delta;
        }
        col = next;
        if (rowOfCol[col] === 0) break;
      }
      while (col) {
        var prev = way[col];
        rowOfCol[col] = rowOfCol[prev];
        col = prev;
      }
    }
    var assignment = new Array(n);
    for (i = 1; i <= n; i++) assignment[rowOfCol[i] - 1] = i - 1;
    return assignment;
  }

  /** _in_order: the cheapest reading keeping the reference order; ties: match first. */
  function inOrder(pairCost, n, m, unmatched) {
    var cost = [], d, r;
    for (d = 0; d <= n; d++) {
      cost.push(new Float64Array(m + 1));
      cost[d][0] = d * unmatched;
    }
    for (r = 0; r <= m; r++) cost[0][r] = r * unmatched;
    for (d = 1; d <= n; d++) {
      for (r = 1; r <= m; r++) {
        cost[d][r] = Math.min(cost[d - 1][r - 1] + pairCost[d - 1][r - 1], cost[d - 1][r] + unmatched, cost[d][r - 1] + unmatched);
      }
    }
    var matches = [];
    for (d = 0; d < n; d++) matches.push(null);
    d = n; r = m;
    while (d && r) {
      if (cost[d][r] === cost[d - 1][r - 1] + pairCost[d - 1][r - 1]) { matches[d - 1] = r - 1; d--; r--; }
      else if (cost[d][r] === cost[d - 1][r] + unmatched) d--;
      else r--;
    }
    return [cost[n][m], matches];
  }

  /** _assign */
  function assign(rows, m, t) {
    var n = rows.length, size = n + m, d, r;
    var pairCost = rows.map(function (row) {
      var out = [];
      for (var r = 0; r < m; r++) {
        out.push(Math.min(row.shape[r] + row.position[r] + row.length[r],
          row.reversed[r] + row.position[r] + row.length[r] + t.reversed_cost));
      }
      return out;
    });
    var square = [];
    for (d = 0; d < size; d++) {
      var line = [];
      for (r = 0; r < size; r++) {
        var value;
        if (d < n && r < m) value = pairCost[d][r];
        else if (d < n) value = r - m === d ? t.unmatched_cost : INF;
        else if (r < m) value = d - n === r ? t.unmatched_cost : INF;
        else value = 0.0;
        line.push(value === INF || value === -INF ? 1e6 : value);
      }
      square.push(line);
    }
    var columns = minCostAssignment(square);
    var anyOrder = 0;
    for (d = 0; d < size; d++) anyOrder += square[d][columns[d]];
    var ordered = inOrder(pairCost, n, m, t.unmatched_cost);
    if (ordered[0] <= anyOrder + t.order_assignment_margin) return ordered[1];
    return columns.slice(0, n).map(function (c) { return c < m ? c : null; });
  }

  /** _refit: [transform, reference points it was fitted from]. */
  function refit(ref, drawn, matches, rows, transform, t, leaveOut, scaleFromOne) {
    var pairs = [];
    matches.forEach(function (r, d) {
      if (r === null || d === leaveOut) return;
      var row = rows[d];
      if (Math.min(row.shape[r], row.reversed[r]) <= 1.0 && row.length[r] <= 1.0) pairs.push([d, r, row.shape[r] <= row.reversed[r]]);
    });
    if (!pairs.length) return [transform, flatten(ref.points)];
    var points = pairs.map(function (p) {
      if (ref.closed[p[1]]) return loopAligned(drawn[p[0]], ref.shapes[p[1]]);
      return p[2] ? drawn[p[0]] : reversed(drawn[p[0]]);
    });
    var residual = pairs.map(function (p, k) {
      var c = mean(transform.toReference(points[k])), target = ref.centroids[p[1]];
      return Math.hypot(c[0] - target[0], c[1] - target[1]);
    });
    var cut = pairs.length > 3 ? quantile(residual, t.trusted_share) : INF;
    var keep = residual.map(function (x) { return pairs.length > 3 ? x <= cut : true; });
    var kept = keep.filter(Boolean).length;
    var fittedFrom = flatten(pairs.filter(function (p, k) { return keep[k]; }).map(function (p) { return ref.points[p[1]]; }));
    // The stroke left out, placed against one other: at scaleFromOne, the ink's (free.py _refit).
    var fitted = fitSimilarity(fittedFrom, flatten(points.filter(function (p, k) { return keep[k]; })),
      kept >= 2 ? t.max_rotation : 0.0, t.scale_prior_weight, 1.0, null,
      kept === 1 && scaleFromOne !== undefined ? scaleFromOne : null);
    return [fitted, fittedFrom];
  }

  /** _ink_scale: the writer's scale told by stroke lengths alone (pairs: matched [drawn, ref]). */
  function inkScale(ref, drawn, pairs) {
    var ink = 0, reference = 0;
    pairs.forEach(function (p) {
      ink += polylineLength(drawn[p[0]]);
      reference += ref.lengths[p[1]];
    });
    return ink > 0 ? Math.max(ink / Math.max(reference, 1e-9), 0.05) : 1.0;
  }

  function gridDistance(transform) {
    var c = Math.cos(transform.angle), s = Math.sin(transform.angle);
    var x = transform.scale * (c * 0.5 - s * 0.5) + transform.shift[0];
    var y = transform.scale * (s * 0.5 + c * 0.5) + transform.shift[1];
    return Math.abs(Math.log(transform.scale)) + Math.hypot(x - 0.5, y - 0.5);
  }

  /** _longest_increasing_keep: positions of a longest increasing run, later positions on ties. */
  function longestIncreasingKeep(values) {
    var n = values.length, runFrom = values.map(function () { return 1; }), i, j;
    for (i = n - 1; i >= 0; i--) {
      for (j = i + 1; j < n; j++) if (values[j] > values[i] && runFrom[j] + 1 > runFrom[i]) runFrom[i] = runFrom[j] + 1;
    }
    var need = n ? Math.max.apply(null, runFrom) : 0, keep = {}, lastValue = -1, lastPos = -1;
    while (need) {
      var pos = -1;
      for (var k = lastPos + 1; k < n; k++) if (runFrom[k] === need && values[k] > lastValue) pos = k;
      keep[pos] = true;
      lastValue = values[pos]; lastPos = pos; need--;
    }
    return keep;
  }

  function evaluate(ref, drawn, transform, t) {
    var mapped = drawn.map(function (s) { return transform.toReference(s); });
    var tolerance = positionTolerance(flatten(ref.points), ref, t);
    return { rows: score(mapped, ref, tolerance, t), tolerance: tolerance, mapped: mapped };
  }

  function gradeUnder(ref, drawn, transform, t) {
    var e = evaluate(ref, drawn, transform, t);
    var matches = assign(e.rows, ref.count, t);
    return { result: judge(ref, e.mapped, matches, e.rows, e.tolerance, t), matches: matches, rows: e.rows, mapped: e.mapped };
  }

  function mistake(kind, drawn, ref, expected) {
    return { kind: kind, drawn: drawn, ref: ref, expected: expected === undefined ? null : expected };
  }

  /** shifted_components: {drawn stroke: position score relative to its component} for the strokes
   * of every component shifted as a whole (two placed strokes at least, mean offset within
   * component_shift, each stroke within component_rigid of its tolerance of that mean offset). */
  function shiftedComponents(ref, mapped, pairs, tolerance, t) {
    var component = [], c = 0, relative = {};
    ref.componentStarts.forEach(function (start) { if (start) c += 1; component.push(c); });
    for (var k = 0; k <= c; k++) {
      var members = pairs.filter(function (p) { return component[p[1]] === k; });
      if (members.length < 2) continue;
      var offsets = members.map(function (p) {
        var centre = mean(mapped[p[0]]), target = ref.centroids[p[1]];
        return [centre[0] - target[0], centre[1] - target[1]];
      });
      var shift = mean(offsets);
      var residual = offsets.map(function (o, i) { return Math.hypot(o[0] - shift[0], o[1] - shift[1]) / tolerance[members[i][1]]; });
      if (Math.hypot(shift[0], shift[1]) <= t.component_shift && residual.every(function (v) { return v <= t.component_rigid; })) {
        members.forEach(function (p, i) { relative[p[0]] = residual[i]; });
      }
    }
    return relative;
  }

  /** _keeps_contacts: keepsContacts for drawn stroke d read as r, against the other matched pairs. */
  function keepsContactsAmong(ref, mapped, pairs, d, r, t) {
    var others = pairs.filter(function (q) { return q[0] !== d; });
    return keepsContacts(mapped[d], r, ref, others.map(function (q) { return q[1]; }),
      others.map(function (q) { return mapped[q[0]]; }), t);
  }

  /** _judge */
  function judge(ref, mapped, matchesIn, rows, tolerance, t) {
    var pairs = [], d, r;
    matchesIn.forEach(function (r, d) { if (r !== null) pairs.push([d, r]); });
    var missing = {};
    for (r = 0; r < ref.count; r++) missing[r] = true;
    pairs.forEach(function (p) { delete missing[p[1]]; });
    var matches = matchesIn.slice(), found = {};
    var shifted = shiftedComponents(ref, mapped, pairs, tolerance, t);
    for (d = 0; d < matches.length; d++) {
      r = matches[d];
      var p = null;
      if (r !== null) {
        var position = rows[d].position[r];
        if (position > 1.0 && keepsContactsAmong(ref, mapped, pairs, d, r, t)) position /= t.contact_position;
        if (position > 1.0 && shifted.hasOwnProperty(d)) position = Math.min(position, shifted[d]);
        p = pair(rows[d], r);
        p.position = position;
      }
      // Consecutive reference strokes drawn as one (free.py: coverable)
      var coverable = function (first, span) {
        var covered = true, touchesMissing = false;
        for (var x = first; x < first + span; x++) {
          if (!(missing[x] || x === r)) covered = false;
          if (missing[x]) touchesMissing = true;
        }
        return covered && touchesMissing;
      };
      var best = Object.keys(missing).length > 0 ? bestMerged(mapped[d], ref, tolerance, t, coverable) : [INF, null, 0, INF];
      var merged = best[0], firstMerged = best[1], span = best[2];
      var kind = p === null ? (merged <= 1.0 ? "merged" : null)
        : classify(p, merged, null, polylineLength(mapped[d]), ref.lengths[r], t, best[3]);
      if (kind === "merged") {
        found[d] = ["merged", firstMerged];
        for (var x = firstMerged; x < firstMerged + span; x++) delete missing[x];
        matches[d] = firstMerged;
      } else if (kind !== null) {
        found[d] = [kind, r];
      }
    }
    var ordered = [];
    matches.forEach(function (r, d) { if (r !== null) ordered.push([d, r]); });
    var keep = longestIncreasingKeep(ordered.map(function (o) { return o[1]; }));
    ordered.forEach(function (o, k) { if (!keep[k] && !found[o[0]]) found[o[0]] = ["order", o[1]]; });
    var mistakes = [];
    Object.keys(found).map(Number).sort(function (a, b) { return a - b; }).forEach(function (d) {
      mistakes.push(mistake(found[d][0], d, found[d][1]));
    });
    matches.forEach(function (r, d) { if (r === null) mistakes.push(mistake("extra", d, null)); });
    mistakes.sort(function (a, b) { return a.drawn - b.drawn; }); // stable, as Python's sort
    Object.keys(missing).map(Number).sort(function (a, b) { return a - b; }).forEach(function (r) { mistakes.push(mistake("missing", null, r)); });
    return { ok: !mistakes.length, mistakes: mistakes, matches: matches };
  }

  /** grade_free: a whole drawing (strokes in drawing order) against the reference, or else one
   * of `variants` (other standard ways of writing the strokes) that grades it cleanly;
   * `componentStarts` where the character's components begin. */
  function gradeFree(refStrokes, strokes, leniency, variants, componentStarts) {
    var result = gradeFreeOne(referenceFor(refStrokes, componentStarts), strokes, leniency);
    if (result.ok) return result;
    for (var v = 0; v < (variants || []).length; v++) {
      var groups = variants[v], quiz = quizModule();
      var other = gradeFreeOne(referenceFor(quiz.variantStrokes(refStrokes, groups), quiz.variantComponentStarts(groups, componentStarts)), strokes, leniency);
      if (other.ok) return { ok: true, mistakes: [], matches: other.matches.map(function (r) { return groups[r][0]; }), variant: groups };
    }
    return result;
  }

  function gradeFreeOne(ref, strokes, leniency) {
    var t = thresholds(cleanLeniency(leniency));
    var cleaned = (Array.isArray(strokes) ? strokes : []).map(cleanStroke);
    var n = cleaned.length, m = ref.count, d, r;
    if (n === 0 || m === 0) {
      var none = [];
      for (r = 0; r < m; r++) none.push(mistake("missing", null, r));
      for (d = 0; d < n; d++) none.push(mistake("extra", d, null));
      return { ok: !none.length, mistakes: none, matches: cleaned.map(function () { return null; }) };
    }
    var drawn = cleaned.map(function (s) { return resample(s); });
    var transform = initialTransform(ref, drawn, cleaned.map(polylineLength));
    for (var round = 0; round < ROUNDS; round++) {
      var rows = evaluate(ref, drawn, transform, t).rows;
      transform = refit(ref, drawn, assign(rows, m, t), rows, transform, t, null)[0];
    }
    var graded = gradeUnder(ref, drawn, transform, t), result = graded.result, matches = graded.matches;
    var flagged = {};
    result.mistakes.forEach(function (mk) { flagged[mk.drawn] = true; });
    // A misplaced stroke pulls a fit of all strokes towards itself: each stroke is also judged
    // against a fit of the others, a stroke that keeps its contacts more loosely (see free.py).
    var placedWrong = result.mistakes.filter(function (mk) { return mk.kind === "position"; }).map(function (mk) { return mk.drawn; });
    var mapped = graded.mapped, pairs = [];
    matches.forEach(function (r, d) { if (r !== null) pairs.push([d, r]); });
    var suspects = placedWrong.slice(), ink = inkScale(ref, drawn, pairs);
    pairs.forEach(function (p) {
      var d = p[0], r = p[1];
      if (flagged[d]) return;
      var fit = refit(ref, drawn, matches, graded.rows, transform, t, d, ink);
      var alone = fit[0].toReference(drawn[d]);
      var tolerance = positionTolerance(fit[1], ref, t, [r])[0];
      var placement = placementScore(mean(alone), polylineLength(alone), ref, r, tolerance, t);
      if (placement > 1.0 && keepsContactsAmong(ref, mapped, pairs, d, r, t)) placement /= t.contact_position;
      if (placement > 1.0) suspects.push(d);
    });
    if (suspects.length) {
      var readings = placedWrong.length ? [[result.mistakes.length, gridDistance(transform), result]] : [];
      suspects.slice(0, 6).forEach(function (suspect) {
        var fitted = refit(ref, drawn, matches, graded.rows, transform, t, suspect)[0];
        var candidate = gradeUnder(ref, drawn, fitted, t).result;
        readings.push([candidate.mistakes.length, gridDistance(fitted), candidate]);
      });
      var best = readings[0];
      readings.forEach(function (reading) {
        if (reading[0] < best[0] || (reading[0] === best[0] && reading[1] < best[1])) best = reading;
      });
      result = best[2];
    }
    return result;
  }

  // ------------------------------------------------------------------ rating (rating.py)

  var LABELS = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };
  var PHRASES = {
    order: ["1 stroke out of order", "{n} strokes out of order"],
    reversed: ["1 stroke backwards", "{n} strokes backwards"],
    shape: ["1 stroke misshapen", "{n} strokes misshapen"],
    position: ["1 stroke misplaced", "{n} strokes misplaced"],
    too_short: ["1 stroke too short", "{n} strokes too short"],
    missing: ["1 stroke missing", "{n} strokes missing"],
    extra: ["1 extra stroke", "{n} extra strokes"],
    merged: ["2 strokes run together", "{n} pairs of strokes run together"],
  };
  // config.json's "rating" defaults (writing/config.py:RatingPolicy); a test holds them equal.
  var DEFAULT_POLICY = { miss_budget_base: 1.0, miss_budget_per_stroke: 0.15, stroke_hint_cost: 1.0, component_hint_cost: 0.5, reveal_rating: 1 };

  function count(n, one, many) {
    return n === 1 ? one : many.replace("{n}", String(n));
  }

  function describe(mistakes) {
    var guided = mistakes.filter(function (m) { return m.expected !== null && m.expected !== undefined; });
    var parts = [];
    if (guided.length) {
      var retried = {};
      guided.forEach(function (m) { retried[m.expected] = true; });
      var nRetried = Object.keys(retried).length;
      if (guided.length === nRetried) parts.push(count(nRetried, "1 stroke needed a second try", "{n} strokes needed a second try"));
      else parts.push(guided.length + " misses on " + count(nRetried, "1 stroke", "{n} strokes"));
    }
    var kinds = [], counts = {};
    mistakes.forEach(function (m) {
      if (m.expected !== null && m.expected !== undefined) return;
      if (!(m.kind in counts)) { counts[m.kind] = 0; kinds.push(m.kind); }
      counts[m.kind] += 1;
    });
    // Counter.most_common: by count, first seen first on ties (a stable sort)
    kinds.map(function (k, i) { return [k, i]; }).sort(function (a, b) { return counts[b[0]] - counts[a[0]] || a[1] - b[1]; })
      .forEach(function (entry) {
        var phrase = PHRASES[entry[0]] || ["1 mistake", "{n} mistakes"];
        parts.push(count(counts[entry[0]], phrase[0], phrase[1]));
      });
    return parts;
  }

  function rating(ease, reason) {
    return { ease: ease, label: LABELS[ease], reason: reason };
  }

  /** suggest_rating({stroke_count, mistakes (list or number), stroke_hints, component_hints,
   * reveals, policy}) -> {ease, label, reason}. */
  function suggestRating(options) {
    var policy = options.policy || DEFAULT_POLICY;
    var mistakes = options.mistakes || [];
    var list = typeof mistakes === "number" ? [] : mistakes;
    var mistakeCount = typeof mistakes === "number" ? mistakes : list.length;
    var strokeHints = Math.max(0, options.stroke_hints | 0), componentHints = Math.max(0, options.component_hints | 0);
    var reveals = Math.max(0, options.reveals | 0), strokeCount = options.stroke_count | 0;
    var parts = list.length ? describe(list) : mistakeCount ? [count(mistakeCount, "1 mistake", "{n} mistakes")] : [];
    if (strokeHints) parts.push(count(strokeHints, "1 hint", "{n} hints"));
    if (componentHints) parts.push(count(componentHints, "1 component hint", "{n} component hints"));
    if (reveals) {
      var revealEase = Math.min(Math.max(policy.reveal_rating | 0, 1), 4);
      return rating(revealEase, ["revealed"].concat(parts).join(", "));
    }
    var missing = list.filter(function (m) { return m.kind === "missing"; }).length;
    if (strokeCount > 0 && missing >= strokeCount) return rating(1, "not written");
    var cost = mistakeCount + strokeHints * policy.stroke_hint_cost + componentHints * policy.component_hint_cost;
    if (cost <= 0) return rating(3, "clean");
    var budget = policy.miss_budget_base + policy.miss_budget_per_stroke * Math.max(0, strokeCount);
    return rating(cost <= budget ? 2 : 1, parts.join(", "));
  }

  // ------------------------------------------------------------------ the local session (review.py)

  /** A judge answering the page's messages as writing/review.py:ReviewSession does, from a local
   * session: the same replies, hints, reveal and rating. Component hints need the component data
   * Python has, so the first Hint here shows a stroke. `load(char, callback)` gives a character's
   * reference ({strokes, brushWidth} or null) from the collection media. */
  function createJudge(options) {
    var session = new LocalSession(options);
    return {
      session: session,
      send: function (message, callback) { session.handle(message, callback); },
      /** What the answer side would show now (the session stays open). */
      summary: function () { return session.chars ? session.summary(false) : null; },
    };
  }

  function LocalSession(options) {
    this.mode = options.mode === "free" ? "free" : "guided";
    this.leniency = cleanLeniency(options.leniency === undefined ? 1.0 : options.leniency);
    this.hintAfterMisses = options.hintAfterMisses || 3;
    this.policy = options.policy || DEFAULT_POLICY;
    this.load = options.load;
    this.chars = null;
    this.outcome = null;
    this.finished = false;
    this.target = Array.from(options.target || "").filter(function (ch) { return !/\s/.test(ch); }).slice(0, 16);
  }

  LocalSession.prototype.handle = function (message, callback) {
    var self = this;
    if (message.type === "start" && this.chars === null) return this.loadChars(function () { callback(self.reply(message)); });
    if (this.chars === null) return callback({ ok: false, error: "the session has not started" });
    callback(this.reply(message));
  };

  LocalSession.prototype.loadChars = function (done) {
    var self = this, left = this.target.length;
    this.chars = this.target.map(function (ch) { return { char: ch, ref: null, variants: [], componentStarts: [], brushWidth: 0.05, quiz: null, drawn: [], hinted: {}, free: null, checked: false }; });
    if (!left) return done();
    this.chars.forEach(function (state) {
      self.load(state.char, function (data) {
        if (data && data.strokes && data.strokes.length) {
          state.ref = data.strokes;
          state.brushWidth = data.brushWidth || 0.05;
          state.variants = data.variants || [];
          state.componentStarts = data.componentStarts || [];
        }
        if (--left === 0) done();
      });
    });
  };

  LocalSession.prototype.graded = function () {
    return this.chars.some(function (c) { return c.ref; });
  };

  LocalSession.prototype.quiz = function (state) {
    if (!state.quiz) {
      var leniency = this.leniency;
      state.quiz = new (quizModule().CharacterQuiz)(state.ref, guidedVerdict, {
        leniency: leniency, hint_after_misses: this.hintAfterMisses, variants: state.variants, component_starts: state.componentStarts,
      });
    }
    return state.quiz;
  };

  LocalSession.prototype.charDone = function (state) {
    if (state.ref && this.mode === "guided") return !!state.quiz && state.quiz.done;
    return state.checked;
  };

  LocalSession.prototype.current = function () {
    for (var i = 0; i < this.chars.length; i++) if (!this.charDone(this.chars[i])) return i;
    return this.chars.length;
  };

  LocalSession.prototype.snapshot = function () {
    var current = this.current(), out = { current: current, wordDone: current >= this.chars.length };
    if (current < this.chars.length) {
      var state = this.chars[current];
      if (state.ref && this.mode === "guided") {
        var quiz = this.quiz(state);
        out.phase = quiz.phase;
        out.expected = quiz.expected;
        out.accepted = quiz.covered;
        out.hintDue = !!quiz.hint_due;
      } else {
        out.phase = "free";
        out.drawn = state.drawn.length;
      }
    }
    return out;
  };

  LocalSession.prototype.reply = function (message) {
    if (message.type === "start") return this.startReply(message.side || "question");
    if (this.finished) return { ok: false, error: "the answer is already shown" };
    if (message.char !== this.current()) return { ok: false, error: "not the character being written", state: this.snapshot() };
    var state = this.chars[message.char], guided = !!state.ref && this.mode === "guided";
    switch (message.type) {
      case "stroke": return this.onStroke(state, message, guided);
      case "undo":
        if (guided) this.quiz(state).undo(); else state.drawn.pop();
        return { ok: true, state: this.snapshot() };
      case "clear":
        if (guided) this.quiz(state).clear(); else state.drawn = [];
        return { ok: true, state: this.snapshot() };
      case "hint": return this.onHint(state, guided);
      case "reveal":
        if (!guided) return { ok: false, error: "reveal is for guided mode" };
        var quiz = this.quiz(state);
        if (quiz.phase === "recall" || quiz.phase === "rewrite") quiz.reveal();
        return { ok: true, state: this.snapshot() };
      case "check":
        if (guided) return { ok: false, error: "guided mode checks every stroke" };
        if (state.ref) state.free = gradeFree(state.ref, state.drawn, this.leniency, state.variants, state.componentStarts);
        state.checked = true;
        return { ok: true, state: this.snapshot() };
    }
    return { ok: false, error: "unknown message type" };
  };

  LocalSession.prototype.onStroke = function (state, message, guided) {
    if (!guided) {
      if (state.drawn.length >= 64) return { ok: false, error: "more than 64 strokes on one character" };
      state.drawn.push(message.points);
      return { ok: true, state: this.snapshot() };
    }
    var quiz = this.quiz(state);
    if (quiz.accepted.length + quiz.mistakes.length >= 64 * 4) return { ok: false, error: "too many strokes on one character" };
    var v = quiz.submit(message.points);
    return {
      ok: true,
      verdict: { accepted: !!v.accepted, ref: v.ref, reason: v.reason, message: v.message, expected: v.expected },
      state: this.snapshot(),
    };
  };

  LocalSession.prototype.onHint = function (state, guided) {
    if (!guided) return { ok: false, error: "hints are for guided mode" };
    var quiz = this.quiz(state);
    if (quiz.expected === null) return { ok: true, state: this.snapshot() };
    var stroke = quiz.hint();
    state.hinted[stroke] = true;
    return { ok: true, hintStroke: stroke, state: this.snapshot() };
  };

  function rounded(points) {
    return points.map(function (p) { return [Math.round(p[0] * 1e4) / 1e4, Math.round(p[1] * 1e4) / 1e4]; });
  }

  LocalSession.prototype.startReply = function (side) {
    var reply = {
      ok: true, side: side, mode: this.mode, graded: this.graded(),
      reason: this.graded() ? "" : "no stroke data for these characters",
      chars: this.chars.map(function (c) {
        return { char: c.char, graded: !!c.ref, strokes: c.ref, brushWidth: c.brushWidth, reason: c.ref ? "" : "no stroke data" };
      }),
    };
    if (side === "answer") {
      reply.summary = this.summary();
      return reply;
    }
    reply.state = this.snapshot();
    var current = reply.state.current;
    if (current < this.chars.length) reply.ink = this.chars[current].drawn.map(rounded); // resuming: the ink held
    return reply;
  };

  /** ReviewSession.finish: the suggested rating, once; unfinished characters count as revealed. */
  LocalSession.prototype.finish = function () {
    if (!this.finished) {
      this.finished = true;
      this.outcome = this.rate(true);
    }
    return this.outcome;
  };

  /** The rating from what happened so far; `final` keeps the free grade of characters not checked
   * (as finish does), otherwise they are graded for this answer only. */
  LocalSession.prototype.rate = function (final) {
    var self = this, graded = this.chars.filter(function (c) { return c.ref; });
    if (!graded.length) return null;
    var mistakes = [], strokeHints = 0, componentHints = 0, reveals = 0, unfinished = [], strokeCount = 0;
    graded.forEach(function (state) {
      strokeCount += state.ref.length;
      if (self.mode === "guided") {
        var quiz = self.quiz(state);
        mistakes.push.apply(mistakes, quiz.mistakes);
        strokeHints += quiz.stroke_hints;
        componentHints += quiz.component_hints;
        reveals += quiz.reveals;
        if (!quiz.done) unfinished.push(state.char);
      } else {
        if (!state.checked && !state.drawn.length) unfinished.push(state.char);
        mistakes.push.apply(mistakes, self.freeResult(state, final).mistakes);
      }
    });
    var result = suggestRating({ stroke_count: strokeCount, mistakes: mistakes, stroke_hints: strokeHints,
      component_hints: componentHints, reveals: reveals, policy: this.policy });
    if (unfinished.length) {
      var ease = Math.min(result.ease, this.policy.reveal_rating);
      result = rating(ease, "answer shown before " + unfinished.join("") + " was written");
    }
    return result;
  };

  /** Free mode: the character's grade (made now when the learner did not press Check). */
  LocalSession.prototype.freeResult = function (state, keep) {
    if (state.free) return state.free;
    var result = gradeFree(state.ref, state.drawn, this.leniency, state.variants, state.componentStarts);
    if (keep) state.free = result;
    return result;
  };

  /** ReviewSession.summary: per character the learner's ink and its marks, and the rating.
   * `final` false: what the answer would show now, the session left open (the page keeps it for
   * the back side after every step, since the learner may turn the card at any time). */
  LocalSession.prototype.summary = function (final) {
    var self = this, keep = final !== false;
    var outcome = keep ? this.finish() : this.rate(false);
    return { rating: outcome, chars: this.chars.map(function (state) { return self.charSummary(state, keep); }) };
  };

  LocalSession.prototype.charSummary = function (state, keep) {
    if (!state.ref) return { ink: state.drawn.map(rounded), marks: [], missing: [], status: "ungraded" };
    if (this.mode === "guided") {
      var quiz = this.quiz(state), missesByRef = {};
      quiz.mistakes.forEach(function (m) { (missesByRef[m.expected] = missesByRef[m.expected] || []).push(m.kind); });
      var ink = [], marks = [];
      quiz.accepted.forEach(function (a) {
        var kinds = missesByRef[a[0]] || [];
        ink.push(rounded(a[1]));
        marks.push({ ref: a[0], misses: kinds.length, kinds: uniqueSorted(kinds), hinted: !!state.hinted[a[0]] });
      });
      var clean = quiz.done && !quiz.mistakes.length && !quiz.reveals && !quiz.stroke_hints && !quiz.component_hints;
      return { ink: ink, marks: marks, missing: quiz.unwritten, status: !quiz.done ? "unfinished" : clean ? "clean" : "mistakes",
               revealed: quiz.reveals > 0, componentHint: "", variant: quiz.variant !== null };
    }
    var result = this.freeResult(state, keep), kindsByDrawn = {}, missingRefs = [];
    result.mistakes.forEach(function (m) {
      if (m.drawn === null) { if (m.ref !== null) missingRefs.push(m.ref); }
      else (kindsByDrawn[m.drawn] = kindsByDrawn[m.drawn] || []).push(m.kind);
    });
    return {
      ink: state.drawn.map(rounded),
      marks: state.drawn.map(function (s, k) {
        var kinds = kindsByDrawn[k] || [];
        return { ref: k < result.matches.length ? result.matches[k] : null, misses: kinds.length, kinds: uniqueSorted(kinds), hinted: false };
      }),
      missing: uniqueSorted(missingRefs).map(Number),
      status: result.ok ? "clean" : "mistakes",
      variant: !!result.variant,
    };
  };

  function uniqueSorted(values) {
    var seen = {};
    values.forEach(function (v) { seen[v] = true; });
    return Object.keys(seen).sort();
  }

  // ------------------------------------------------------------------ drawing geometry (the card's)

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

  return {
    available: true,
    guidedVerdict: guidedVerdict,
    gradeFree: gradeFree,
    suggestRating: suggestRating,
    createJudge: createJudge,
    DEFAULT_POLICY: DEFAULT_POLICY,
    // the tie-breaking steps, for tests/test_grader_conformance.py to pin against numpy's
    ties: { argminFirst: argminFirst, quantile: quantile, minCostAssignment: minCostAssignment, inOrder: inOrder,
            longestIncreasingKeep: longestIncreasingKeep, resample: resample, roundHalfEven: roundHalfEven, pyMod: pyMod },
    splitAtCorners: splitAtCorners,
    densify: densify,
    pathLength: polylineLength,
  };
});
