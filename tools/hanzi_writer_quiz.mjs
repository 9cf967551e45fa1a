// Drives Hanzi Writer 3.7.3's own quiz (npm `hanzi-writer`, tools/node_modules) from node, for
// tools/bench_grader.py: one JSON case per stdin line, one JSON result per stdout line.
//
// In:  {"id", "char", "medians": [[[x, y], ...], ...] (Hanzi Writer's 1024 frame, y up) | null,
//       "strokes": [[[u, v], ...], ...] (em box, y down, drawing order)}
//      `medians` null: the character's data from hanzi-writer-data is used as is.
// Out: {"id", "complete": bool, "mistakes": [{"drawn": i, "expected": j, "backwards": bool}],
//       "stroke_ms": [per drawn stroke, time inside the quiz's pointer-end handler]}
//      or {"id", "error": "..."}.
// Only public API: a HanziWriter whose renderer draws nothing (rendererOverride), its quiz() fed
// pointer events in canvas pixels. The outline is hidden (showOutline: false), as when a learner
// writes from memory.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const HanziWriter = require(join(here, "node_modules", "hanzi-writer"));
const dataDir = join(here, "node_modules", "hanzi-writer-data");

const SIZE = 400;
const PADDING = 20;
const BOX = SIZE - 2 * PADDING; // the em box, as Hanzi Writer's positioner places its 1024 frame

function loadData(char) {
  try {
    return JSON.parse(readFileSync(join(dataDir, `${char}.json`), "utf8"));
  } catch {
    return null;
  }
}

function silentRenderer() {
  let listeners = {};
  const target = {
    addPointerStartListener: (cb) => (listeners.start = cb),
    addPointerMoveListener: (cb) => (listeners.move = cb),
    addPointerEndListener: (cb) => (listeners.end = cb),
    getBoundingClientRect: () => ({ left: 0, top: 0, width: SIZE, height: SIZE, right: SIZE, bottom: SIZE }),
    updateDimensions: () => {},
    createSubRenderTarget: () => target,
  };
  class Renderer {
    mount() {}
    render() {}
    destroy() {}
  }
  return { target, listeners, override: { createRenderTarget: () => target, HanziWriterRenderer: Renderer } };
}

const event = (u, v) => ({ getPoint: () => ({ x: PADDING + u * BOX, y: PADDING + v * BOX }), preventDefault: () => {} });

async function runCase(c) {
  const own = loadData(c.char);
  let data = own;
  if (c.medians) {
    const outlines = own && own.strokes.length === c.medians.length ? own.strokes : c.medians.map(() => "");
    data = { strokes: outlines, medians: c.medians, radStrokes: [] };
  }
  if (!data) return { id: c.id, error: `no Hanzi Writer data for ${c.char}` };
  const { listeners, override } = silentRenderer();
  const writer = new HanziWriter(null, {
    width: SIZE,
    height: SIZE,
    padding: PADDING,
    showOutline: false,
    showCharacter: false,
    strokeAnimationSpeed: 1000,
    strokeFadeDuration: 0,
    strokeHighlightDuration: 0,
    delayBetweenStrokes: 0,
    drawingFadeDuration: 0,
    charDataLoader: (_char, onLoad) => onLoad(data),
    rendererOverride: override,
  });
  await writer.setCharacter(c.char);
  const mistakes = [];
  const stroke_ms = [];
  let complete = false;
  let drawn = 0;
  await writer.quiz({
    onMistake: (s) => mistakes.push({ drawn, expected: s.strokeNum, backwards: !!s.isBackwards }),
    onComplete: () => (complete = true),
  });
  for (const stroke of c.strokes) {
    if (complete) break;
    listeners.start(event(...stroke[0]));
    for (const p of stroke.slice(1)) listeners.move(event(...p));
    const t0 = performance.now();
    listeners.end(event(...stroke[stroke.length - 1]));
    stroke_ms.push(performance.now() - t0);
    drawn += 1;
  }
  writer.cancelQuiz();
  return { id: c.id, complete, mistakes, stroke_ms };
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  let c;
  try {
    c = JSON.parse(line);
    process.stdout.write(JSON.stringify(await runCase(c)) + "\n");
  } catch (err) {
    process.stdout.write(JSON.stringify({ id: c ? c.id : null, error: String(err) }) + "\n");
  }
}
process.exit(0);
