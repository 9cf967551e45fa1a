// Runs web/wp_grader.js (and wp_quiz.js) under node on conformance vectors written by
// tools/make_grader_vectors.py and prints one JSON object: per file the number of (case, mode,
// leniency) results compared, how many agree on ok, mistake kinds, drawn/ref indices and rating,
// and every disagreement. Used by tests/test_grader_conformance.py and tools/bench_phone.py.
//
//   node tests/grader_conformance.js FOLDER NAME   (reads FOLDER/NAME.jsonl, FOLDER/references-NAME.json)
//   node tests/grader_conformance.js FOLDER rating (reads FOLDER/rating.jsonl)
"use strict";
const fs = require("fs");
const path = require("path");
const grader = require(path.join(__dirname, "..", "web", "wp_grader.js"));
const { CharacterQuiz } = require(path.join(__dirname, "..", "web", "wp_quiz.js"));

const [folder, name] = process.argv.slice(2);
const lines = fs.readFileSync(path.join(folder, name + ".jsonl"), "utf8").split("\n").filter(Boolean).map(JSON.parse);

function mistakes(list, guided) {
  return list.map((m) => [m.kind, m.drawn, m.ref, guided ? m.expected : null]);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

const out = { file: name, compared: 0, agreed: 0, disagreements: [] };
if (name === "rating") {
  for (const row of lines) {
    const given = typeof row.mistakes === "number" ? row.mistakes
      : row.mistakes.map(([kind, drawn, ref, expected]) => ({ kind, drawn, ref, expected }));
    const r = grader.suggestRating({ stroke_count: row.stroke_count, mistakes: given, stroke_hints: row.stroke_hints,
      component_hints: row.component_hints, reveals: row.reveals });
    const got = [r.ease, r.label, r.reason];
    out.compared++;
    if (same(got, row.rating)) out.agreed++;
    else out.disagreements.push({ id: row.id, python: row.rating, js: got });
  }
} else {
  const references = JSON.parse(fs.readFileSync(path.join(folder, `references-${name}.json`), "utf8"));
  for (const row of lines) {
    const ref = references[row.ref];
    for (const expected of row.results) {
      let got;
      if (expected.mode === "guided") {
        const quiz = new CharacterQuiz(ref, grader.guidedVerdict, {
          leniency: expected.leniency, variants: row.variants || [], component_starts: row.component_starts || [],
        });
        const verdicts = row.strokes.map((s) => {
          const v = quiz.submit(s);
          return [v.accepted, v.ref, v.reason, v.expected, v.message];
        });
        const rating = grader.suggestRating({ stroke_count: ref.length, mistakes: quiz.mistakes });
        got = { ok: quiz.done && !quiz.mistakes.length, done: quiz.done, verdicts, mistakes: mistakes(quiz.mistakes, true),
                rating: [rating.ease, rating.label, rating.reason], variant: quiz.variant };
      } else {
        const free = grader.gradeFree(ref, row.strokes, expected.leniency, row.variants || [], row.component_starts || []);
        const rating = grader.suggestRating({ stroke_count: ref.length, mistakes: free.mistakes });
        got = { ok: free.ok, matches: free.matches, mistakes: mistakes(free.mistakes, false), rating: [rating.ease, rating.label, rating.reason],
                variant: free.variant || null };
      }
      out.compared++;
      const fields = Object.keys(got).filter((k) => !same(got[k], expected[k]));
      if (!fields.length) out.agreed++;
      else {
        const diff = {};
        fields.forEach((k) => { diff[k] = { python: expected[k], js: got[k] }; });
        out.disagreements.push({ id: row.id, kind: row.kind, mode: expected.mode, leniency: expected.leniency, diff });
      }
    }
  }
}
process.stdout.write(JSON.stringify(out) + "\n");
