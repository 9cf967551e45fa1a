/* Write Practice (_write_practice.js): the writing grid of a Write Practice card.
 *
 * The card script is the pure modules web/wp_*.js (stroke records, grader, quiz state: each adds
 * itself to window.WritePractice, and node can require them) followed by this file, the page:
 * drawing, input and the answer side. Anki re-runs the script on every render (question, answer,
 * each card) while `window` may persist, so the page's half of the one object,
 * window.WritePractice, is made once, then every `.wp-area` not yet mounted is mounted.
 *
 * Strokes are judged behind one interface, `judge.send(message, callback)`, with the messages of
 * writing/review.py:
 *  - graded on desktop Anki with the add-on: the add-on puts a host object
 *    <script type="application/json" class="wp-host"> before the card; the judge is pycmd, and
 *    Python keeps the state per card and computes the rating (the page never chooses one);
 *  - graded where Python cannot (phones, AnkiWeb, a desktop without numpy): the local judge of
 *    the JS grader (`localJudge`: wp_grader.js's session, references from the collection media);
 *  - self-graded (no judge; previewers, add-on off, no stroke data): the learner writes on the
 *    grid, Show Answer reveals the character beside their ink and its stroke-order animation
 *    (stroke data from the collection media), the normal buttons grade.
 * What the front leaves for the back (the ink, or the local grade) travels in
 * sessionStorage: on AnkiDroid each side is a new page.
 * All coordinates in the model are em-box units: the grid square is [0,1]^2, y down.
 */
(function () {
  "use strict";
  var ns = window.WritePractice = window.WritePractice || {};
  if (!ns.mount) {
    var api = createWritePractice(ns);
    for (var name in api) ns[name] = api[name];
  }
  ns.autoMount(document);

  function createWritePractice(ns) {
    var PREFIX = "wp:";
    // Keys Anki's reviewer and main window leave free (they use e s r m u v o i d a b t y, 1-7,
    // Space, Enter, * = - ! @ and Ctrl combinations).
    var KEYS = { z: "undo", x: "clear", h: "hint", g: "reveal", c: "check" };
    var MAX_POINTS = 4000; // the add-on refuses longer strokes; keep well-formed messages
    var MAX_CHARS = 16;
    var instances = [];
    var mounted = 0; // mounts so far on this page: tells a fresh render from the one it replaces
    // pen-up -> reply from Python, and pen-up -> verdict drawn (tools/bench_review.py reads them)
    var stats = { replyMs: [], verdictMs: [] };
    var geometry = ns.grader; // densify, pathLength (wp_grader.js)
    var densify = geometry.densify, pathLength = geometry.pathLength;
    // Seconds the AnkiDroid back waits before answering with the suggested rating (a tap cancels).
    var AUTO_ANSWER_SECONDS = 3;
    var carried = {}; // what sessionStorage would hold, where it cannot be used

    document.addEventListener("keydown", onKeyDown);
    window.addEventListener("resize", function () {
      live().forEach(function (inst) { inst.layout(); });
    });

    // ------------------------------------------------------------------ helpers

    /** The one place that sizes a canvas for the screen's pixel density. */
    function fitCanvas(canvas, cssWidth, cssHeight) {
      var dpr = window.devicePixelRatio || 1;
      canvas.style.width = cssWidth + "px";
      canvas.style.height = cssHeight + "px";
      canvas.width = Math.max(1, Math.round(cssWidth * dpr));
      canvas.height = Math.max(1, Math.round(cssHeight * dpr));
      var ctx = canvas.getContext("2d");
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      return ctx;
    }

    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) node.textContent = text;
      return node;
    }

    function colors(root) {
      var style = getComputedStyle(root);
      function v(name, fallback) {
        var value = style.getPropertyValue(name).trim();
        return value || fallback;
      }
      return {
        ink: v("--wp-ink", "#222"),
        ref: v("--wp-ref", "#1b1b1b"),
        grid: v("--wp-grid", "#c9c9c9"),
        frame: v("--wp-frame", "#999"),
        miss: v("--wp-miss", "#d33"),
        warn: v("--wp-warn", "#e08a00"),
        ok: v("--wp-ok", "#2a8"),
        hint: v("--wp-hint", "#2a7fd4"),
        guide: v("--wp-guide", "rgba(0,0,0,0.16)"),
        // one colour per component on the answer side's reference (cycled past six)
        parts: [1, 2, 3, 4, 5, 6].map(function (k) { return v("--wp-part-" + k, "#1b1b1b"); }),
      };
    }

    /** A reference stroke's colour: its component's, or the plain reference colour. */
    function strokeColor(ch, index, c) {
      var part = ch.parts ? ch.parts[index] : -1;
      return typeof part === "number" && part >= 0 ? c.parts[part % c.parts.length] : c.ref;
    }

    // The data's brush width is the stroke's full body; drawn at that width the ink looks heavy
    // on a large grid, so all strokes (reference and ink alike) use this share of it.
    var INK_SCALE = 0.7;

    /** Stroke a polyline given in em units on a square of `size` px; `upTo` in [0,1] draws a prefix. */
    function strokePolyline(ctx, points, size, width, color, alpha, upTo) {
      if (!points || !points.length) return;
      ctx.save();
      ctx.globalAlpha = alpha === undefined ? 1 : alpha;
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = Math.max(1.5, width * INK_SCALE * size);
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      if (points.length === 1) {
        ctx.beginPath();
        ctx.arc(points[0][0] * size, points[0][1] * size, ctx.lineWidth / 2, 0, 2 * Math.PI);
        ctx.fill();
        ctx.restore();
        return;
      }
      var limit = upTo === undefined ? Infinity : upTo * pathLength(points);
      ctx.beginPath();
      ctx.moveTo(points[0][0] * size, points[0][1] * size);
      var walked = 0;
      for (var i = 1; i < points.length; i++) {
        var seg = Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
        if (walked + seg > limit) {
          var f = seg > 0 ? (limit - walked) / seg : 0;
          ctx.lineTo((points[i - 1][0] + f * (points[i][0] - points[i - 1][0])) * size, (points[i - 1][1] + f * (points[i][1] - points[i - 1][1])) * size);
          break;
        }
        walked += seg;
        ctx.lineTo(points[i][0] * size, points[i][1] * size);
      }
      ctx.stroke();
      ctx.restore();
    }

    /** Live ink: quadratic curves through the midpoints, smooth at any sampling rate. */
    function strokeInk(ctx, points, size, width, color, alpha) {
      if (points.length < 3) return strokePolyline(ctx, points, size, width, color, alpha);
      ctx.save();
      ctx.globalAlpha = alpha === undefined ? 1 : alpha;
      ctx.strokeStyle = color;
      ctx.lineWidth = Math.max(1.5, width * INK_SCALE * size);
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.beginPath();
      ctx.moveTo(points[0][0] * size, points[0][1] * size);
      for (var i = 1; i < points.length - 1; i++) {
        var mx = (points[i][0] + points[i + 1][0]) / 2, my = (points[i][1] + points[i + 1][1]) / 2;
        ctx.quadraticCurveTo(points[i][0] * size, points[i][1] * size, mx * size, my * size);
      }
      var last = points[points.length - 1];
      ctx.lineTo(last[0] * size, last[1] * size);
      ctx.stroke();
      ctx.restore();
    }

    function drawGrid(ctx, size, style, c) {
      ctx.save();
      ctx.strokeStyle = c.frame;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(0.75, 0.75, size - 1.5, size - 1.5);
      if (style === "tian" || style === "mi") {
        ctx.strokeStyle = c.grid;
        ctx.lineWidth = 1;
        ctx.setLineDash([5, 5]);
        ctx.beginPath();
        ctx.moveTo(size / 2, 0); ctx.lineTo(size / 2, size);
        ctx.moveTo(0, size / 2); ctx.lineTo(size, size / 2);
        if (style === "mi") {
          ctx.moveTo(0, 0); ctx.lineTo(size, size);
          ctx.moveTo(size, 0); ctx.lineTo(0, size);
        }
        ctx.stroke();
      }
      ctx.restore();
    }

    /** The start of a stroke: a dot and an arrow along its first part. */
    function drawStartHint(ctx, stroke, size, c) {
      var dense = densify(stroke);
      if (!dense.length) return;
      var start = dense[0];
      var along = dense[Math.min(dense.length - 1, Math.max(1, Math.round(dense.length * 0.3)))];
      ctx.save();
      ctx.fillStyle = c.hint;
      ctx.strokeStyle = c.hint;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(start[0] * size, start[1] * size, Math.max(5, size * 0.022), 0, 2 * Math.PI);
      ctx.fill();
      var dx = along[0] - start[0], dy = along[1] - start[1], len = Math.hypot(dx, dy);
      if (len > 0.01) {
        var ux = dx / len, uy = dy / len, reach = Math.min(0.14, Math.max(0.07, len));
        var tx = (start[0] + ux * reach) * size, ty = (start[1] + uy * reach) * size;
        ctx.beginPath();
        ctx.moveTo(start[0] * size, start[1] * size);
        ctx.lineTo(tx, ty);
        ctx.stroke();
        var head = size * 0.03;
        ctx.beginPath();
        ctx.moveTo(tx, ty);
        ctx.lineTo(tx - head * (ux - uy * 0.6), ty - head * (uy + ux * 0.6));
        ctx.lineTo(tx - head * (ux + uy * 0.6), ty - head * (uy - ux * 0.6));
        ctx.closePath();
        ctx.fill();
      }
      ctx.restore();
    }

    function drawStrokeNumber(ctx, stroke, n, size, color) {
      if (!stroke || !stroke.length) return;
      ctx.save();
      ctx.fillStyle = color;
      ctx.font = "bold " + Math.max(9, Math.round(size * 0.055)) + "px sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      var p = stroke[0];
      ctx.fillText(String(n), Math.min(size - 6, Math.max(6, p[0] * size - size * 0.035)), Math.min(size - 6, Math.max(6, p[1] * size - size * 0.035)));
      ctx.restore();
    }

    function hostFor(area) {
      var root = area.closest ? (area.closest("#qa") || document) : document;
      var node = root.querySelector("script.wp-host");
      if (!node) return null;
      try {
        var host = JSON.parse(node.textContent);
        return host && typeof host.card === "number" ? host : null;
      } catch (e) {
        return null;
      }
    }

    function hiddenText(area, className) {
      var root = area.closest ? (area.closest("#qa") || document) : document;
      var node = root.querySelector("." + className);
      return node ? node.textContent.trim() : "";
    }

    // The prompt's language picks the CJK glyph forms (語 in a Japanese or a Chinese font). It is
    // set here, not in the template: a field inside an HTML attribute would be an injection.
    var SCRIPT_LANGS = { "ja": "ja", "zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant" };
    function applyLang(area, script) {
      var lang = SCRIPT_LANGS[script];
      var root = area.closest ? (area.closest("#qa") || document) : document;
      if (!lang) return;
      root.querySelectorAll(".wp-prompt, .wp-answer").forEach(function (node) { node.setAttribute("lang", lang); });
    }

    function splitChars(text) {
      return Array.from(text).filter(function (ch) { return !/\s/.test(ch); });
    }

    // ------------------------------------------------------------------ judges and platforms

    /** Desktop Anki with the add-on (the reviewer's host object says so): Python judges. */
    function pycmdJudge(host) {
      if (!host || !host.graded || typeof window.pycmd !== "function") return null;
      return {
        send: function (message, callback) {
          message.card = host.card;
          window.pycmd(PREFIX + JSON.stringify(message), function (reply) {
            callback(reply && typeof reply === "object" ? reply : { ok: false, error: "no reply" });
          });
        },
      };
    }

    /** Where Python cannot judge (phones, AnkiWeb, a desktop without numpy), the JS grader's
     * local session answers the same messages (wp_grader.js: createJudge), with the references
     * from the collection media, loaded before its first reply. Question side only: after every
     * step it leaves what the answer would show in the carry, because the learner may turn the
     * card at any time and the back is a new page on some clients. Without a grader (an old card
     * script), none: the card stays self-graded. */
    function localJudge(area) {
      var grader = ns.grader;
      if (!grader.available || area.side !== "question") return null;
      // Desktop: only the reviewer grades (its host object says Python cannot); the Previewer
      // and Card Layout screen, which have pycmd and no host, never grade.
      if (platform() === "desktop" && !area.host) return null;
      var local = grader.createJudge({
        target: area.target, script: area.script,
        mode: (area.host && area.host.mode) || "guided", // phones: the add-on's default mode and leniency
        load: function (ch, callback) { loadStrokes(area.script, ch, callback); },
      });
      var timer = null;
      function keep() {
        clearTimeout(timer);
        timer = null;
        var summary = local.summary();
        if (summary && summary.rating) writeCarry({ key: area.inkKey, ink: {}, result: summary });
      }
      return {
        local: true,
        keep: keep,
        send: function (message, callback) {
          local.send(message, function (reply) {
            callback(reply);
            // off the verdict's path: free mode grades the whole character for it
            if (reply.ok && timer === null) timer = setTimeout(keep, 200);
          });
        },
      };
    }

    /** Where the card runs, as each client documents it (../shared/notes/mobile-facts.md):
     * "desktop" (pycmd), "ankidroid-new" (the new study screen: showAnswer only), "ankidroid"
     * (the legacy reviewer: showAnswer and buttonAnswerEase1-4), "other" (AnkiMobile, AnkiWeb:
     * no answer API). */
    function platform() {
      if (typeof window.pycmd === "function") return "desktop";
      if (window.ankiPlatform === "ankidroid") return "ankidroid-new";
      if (typeof window.showAnswer === "function" && typeof window.buttonAnswerEase1 === "function") return "ankidroid";
      return "other";
    }

    /** Turn to the answer side where the client lets a card do it; false where it cannot. */
    function showAnswerNow() {
      var where = platform();
      if (where === "desktop") window.pycmd("ans");
      else if (where === "ankidroid" || where === "ankidroid-new") window.showAnswer();
      else return false;
      return true;
    }

    // What the front leaves for the back, under one sessionStorage key (one card at a time):
    // {key: script|target, ink: {char index: strokes}, result: the local judge's answer summary}.
    var CARRY_KEY = "wp:carry";

    function readCarry(key) {
      var value = carried[CARRY_KEY];
      try {
        var text = window.sessionStorage.getItem(CARRY_KEY);
        if (text) value = JSON.parse(text);
      } catch (e) { /* storage off or damaged: the in-page copy */ }
      return value && value.key === key ? value : null;
    }

    function writeCarry(value) {
      carried[CARRY_KEY] = value;
      try {
        window.sessionStorage.setItem(CARRY_KEY, JSON.stringify(value));
      } catch (e) { /* storage off or full: the in-page copy serves a page that persists */ }
    }

    /** A character's reference from its collection media file (writing/media.py): <script>
     * insertion, which every AnkiDroid version allows, then fetch as the fallback. Calls back
     * with {strokes, brushWidth} or null. */
    function loadStrokes(script, ch, callback) {
      var settings = ns.media, records = ns.strokes;
      var source = settings && settings.sources[script];
      if (!source || !ch) return callback(null);
      var codePoint = ch.normalize("NFC").codePointAt(0);
      if (records.get(source, codePoint)) return callback(records.get(source, codePoint));
      var name = records.mediaName(settings.strokes, source, codePoint);
      if (loading[name]) return loading[name].push(callback); // already on its way (prefetch)
      loading[name] = [callback];
      var tag = document.createElement("script"), settled = false;
      function finish() {
        if (settled) return;
        settled = true;
        tag.remove();
        var waiting = loading[name];
        delete loading[name];
        waiting.forEach(function (cb) { cb(records.get(source, codePoint) || null); });
      }
      function viaFetch() {
        if (records.get(source, codePoint) || typeof fetch !== "function") return finish();
        fetch(name).then(function (response) { return response.ok ? response.text() : ""; }).then(function (text) {
          var args = records.argumentsOf(text);
          if (args) records.receive(args);
          finish();
        }, finish);
      }
      tag.onload = viaFetch;
      tag.onerror = viaFetch;
      tag.src = name;
      document.head.appendChild(tag);
    }

    var loading = {}; // media name -> callbacks waiting for it

    function loadAllStrokes(script, chars, callback) {
      var left = chars.length;
      if (!left) return callback();
      chars.forEach(function (ch) {
        loadStrokes(script, ch.char, function (data) {
          if (data) {
            ch.strokes = data.strokes;
            ch.dense = data.strokes.map(densify);
            ch.brushWidth = data.brushWidth;
          }
          if (--left === 0) callback();
        });
      });
    }

    function live() {
      instances = instances.filter(function (inst) { return document.body.contains(inst.root); });
      return instances;
    }

    function onKeyDown(event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      var action = KEYS[(event.key || "").toLowerCase()];
      if (!action) return;
      var active = live().filter(function (inst) { return inst.side === "question"; });
      if (!active.length) return;
      if (active[active.length - 1].act(action)) event.preventDefault();
    }

    // ------------------------------------------------------------------ one writing area

    function Area(area, options) {
      this.root = area;
      this.host = options.host || null;
      this.side = options.side;
      this.grid = (this.host && this.host.grid) || area.getAttribute("data-grid") || "tian";
      this.target = hiddenText(area, "wp-target");
      this.script = hiddenText(area, "wp-script");
      this.mode = (this.host && this.host.mode) || "self";
      this.judge = pycmdJudge(this.host) || localJudge(this);
      this.graded = !!this.judge;
      applyLang(area, this.script);
      this.inkKey = this.script + "|" + this.target;
      // the model (what the learner has done); rendering reads it
      this.chars = splitChars(this.target).slice(0, MAX_CHARS).map(function (ch) {
        return { char: ch, graded: false, strokes: null, dense: null, brushWidth: 0.05 };
      });
      this.state = { current: 0, wordDone: false, phase: "free", accepted: [], expected: null, hintDue: false };
      this.ink = []; // strokes of the current character not (yet) replaced by reference shapes
      this.inkByChar = {}; // finished characters' ink, for the progress boxes
      this.pending = []; // strokes sent, verdict not yet back (guided)
      this.live = null; // the stroke being drawn
      this.hintStroke = null;
      this.effects = [];
      this.message = "";
      this.ready = false;
      this.finishing = false;
      this.build();
    }

    Area.prototype.build = function () {
      var root = this.root;
      root.textContent = "";
      // "tappable": AnkiDroid's new study screen and AnkiMobile leave touches on it to the card.
      root.classList.add("wp-mounted", "tappable", this.side === "answer" ? "wp-side-answer" : "wp-side-question");
      if (this.side === "answer") {
        this.panel = root.appendChild(el("div", "wp-result"));
        return;
      }
      this.progress = root.appendChild(el("div", "wp-progress"));
      this.box = root.appendChild(el("div", "wp-box"));
      this.base = this.box.appendChild(el("canvas", "wp-base"));
      this.inkCanvas = this.box.appendChild(el("canvas", "wp-ink"));
      this.messageLine = root.appendChild(el("div", "wp-message"));
      this.componentLine = root.appendChild(el("div", "wp-components"));
      this.componentLine.setAttribute("aria-live", "polite");
      this.componentLine.hidden = true;
      this.messageLine.setAttribute("aria-live", "polite");
      this.buttons = root.appendChild(el("div", "wp-buttons"));
      this.bindPointer();
    };

    Area.prototype.setButtons = function () {
      var self = this;
      var specs = [["undo", "Undo", "Z"], ["clear", "Clear", "X"]];
      var guided = this.graded && this.mode === "guided" && this.currentChar() && this.currentChar().graded;
      var last = this.state.current >= this.chars.length - 1;
      if (guided) specs.push(["hint", "Hint", "H"], ["reveal", "Reveal", "G"]);
      else if (!this.graded && last && this.canFlip()) specs.push(["check", "Done", "C"]);
      else if (this.chars.length > 1 || (this.graded && this.mode === "free")) {
        specs.push(["check", this.graded && last ? "Check" : "Next", "C"]);
      }
      var signature = specs.map(function (s) { return s[0] + s[1]; }).join(",");
      if (signature === this.buttonSignature) return;
      this.buttonSignature = signature;
      this.buttons.textContent = "";
      specs.forEach(function (spec) {
        var button = el("button", "wp-btn wp-btn-" + spec[0]);
        button.type = "button";
        button.setAttribute("data-action", spec[0]);
        button.title = spec[1] + " (" + spec[2] + ")";
        button.appendChild(document.createTextNode(spec[1] + " "));
        button.appendChild(el("kbd", "", spec[2]));
        button.addEventListener("click", function (event) {
          event.preventDefault();
          button.blur(); // keep Space/Enter for Anki
          self.act(spec[0]);
        });
        self.buttons.appendChild(button);
      });
    };

    /** Self-graded, the word done: AnkiDroid lets the card show the answer (desktop keeps Space). */
    Area.prototype.canFlip = function () {
      var where = platform();
      return where === "ankidroid" || where === "ankidroid-new";
    };

    Area.prototype.currentChar = function () {
      return this.chars[this.state.current] || null;
    };

    Area.prototype.start = function () {
      var self = this;
      if (!this.graded) return this.startSelf();
      if (this.side === "question") this.layout(); // the grid at once; input once the judge answers
      this.judge.send({ type: "start", side: this.side }, function (reply) {
        if (!document.body.contains(self.root)) return;
        if (!reply.ok) {
          self.graded = false; // the card stays usable, graded by the learner
          self.judge = null;
          self.say(reply.error ? "Not graded: " + reply.error : "");
          return self.startSelf();
        }
        if (self.judge.local && !reply.graded) { // no stroke data in the media: graded by the learner
          self.graded = false;
          self.judge = null;
          return self.startSelf();
        }
        // A desktop whose numpy does not load: Python has no grade, the local judge (if any) does.
        var local = !reply.graded && self.side === "question" ? localJudge(self) : null;
        if (local) {
          self.judge = local;
          return self.start();
        }
        self.mode = reply.mode;
        if (reply.chars && reply.chars.length) {
          self.chars = reply.chars.map(function (c) {
            return {
              char: c.char, graded: !!c.graded, strokes: c.strokes, brushWidth: c.brushWidth || 0.05,
              dense: c.strokes ? c.strokes.map(densify) : null, reason: c.reason || "",
              parts: c.parts || null, // answer side: each reference stroke's component, for colour
              components: c.components || [], // their names, for the legend
            };
          });
        }
        if (self.side === "answer" && !reply.graded) {
          // Python could not grade (no numpy, no data): the reference comes from the media files.
          return loadAllStrokes(self.script, self.chars.filter(function (ch) { return !ch.dense; }), function () {
            if (document.body.contains(self.root)) self.renderAnswer(reply.summary);
          });
        }
        if (self.side === "answer") return self.renderAnswer(reply.summary);
        self.state = reply.state;
        self.ink = reply.ink || [];
        self.ready = true;
        if (self.judge.local) setTimeout(self.judge.keep, 0); // the back of a card turned unwritten: Python's "answer shown before"
        if (!reply.graded && reply.reason) self.say(reply.reason);
        self.layout();
      });
    };

    Area.prototype.startSelf = function () {
      if (this.side === "answer") return this.renderSelfAnswer();
      writeCarry({ key: this.inkKey, ink: {}, result: null }); // a fresh front: nothing stale for the back
      this.ready = true;
      this.layout();
    };

    Area.prototype.size = function () {
      var width = this.root.clientWidth || 320;
      var height = window.innerHeight || 600;
      return Math.floor(Math.max(160, Math.min(width - 8, height * 0.6, 520)));
    };

    Area.prototype.layout = function () {
      if (this.side === "answer") return;
      var size = this.size();
      this.px = size;
      this.box.style.width = size + "px";
      this.box.style.height = size + "px";
      this.baseCtx = fitCanvas(this.base, size, size);
      this.inkCtx = fitCanvas(this.inkCanvas, size, size);
      this.render();
    };

    // ------------------------------------------------------------------ drawing (question side)

    Area.prototype.render = function () {
      if (!this.baseCtx) return;
      var now = performance.now();
      var ctx = this.baseCtx, size = this.px, c = colors(this.root);
      ctx.clearRect(0, 0, size, size);
      drawGrid(ctx, size, this.grid, c);
      var ch = this.currentChar();
      var width = ch ? ch.brushWidth : 0.05;
      if (ch && ch.dense) {
        if (this.state.phase === "tracing") {
          ch.dense.forEach(function (s) { strokePolyline(ctx, s, size, width, c.guide, 1); });
        }
        if (this.hintStroke !== null && ch.dense[this.hintStroke]) {
          strokePolyline(ctx, ch.dense[this.hintStroke], size, width, c.hint, 0.3);
        }
        (this.state.accepted || []).forEach(function (ref) {
          if (ch.dense[ref]) strokePolyline(ctx, ch.dense[ref], size, width, c.ref, 1);
        });
      }
      var self = this;
      this.ink.forEach(function (s) { strokeInk(ctx, s, size, width, c.ink, 1); });
      this.pending.forEach(function (p) { strokeInk(ctx, p.points, size, width, c.ink, 0.85); });
      this.effects = this.effects.filter(function (e) { return now - e.start < e.duration; });
      this.effects.forEach(function (e) {
        var alpha = e.alpha * (1 - (now - e.start) / e.duration);
        strokeInk(ctx, e.points, size, width, e.color === "miss" ? c.miss : c.ink, alpha);
      });
      // on top of everything, so a miss fading over the expected stroke does not hide it
      if (ch && ch.strokes && this.state.hintDue && this.state.expected !== null && ch.strokes[this.state.expected]) {
        drawStartHint(ctx, ch.strokes[this.state.expected], size, c);
      }
      this.renderProgress();
      this.renderComponentHint();
      this.setButtons();
      if (this.effects.length && !this.animating) {
        this.animating = true;
        requestAnimationFrame(function () {
          self.animating = false;
          self.render();
        });
      }
    };

    Area.prototype.renderLive = function () {
      var ctx = this.inkCtx, size = this.px;
      ctx.clearRect(0, 0, size, size);
      if (this.live) {
        var ch = this.currentChar();
        strokeInk(ctx, this.live.points, size, ch ? ch.brushWidth : 0.05, colors(this.root).ink, 1);
      }
    };

    Area.prototype.renderProgress = function () {
      if (this.chars.length < 2) {
        this.progress.hidden = true;
        return;
      }
      this.progress.hidden = false;
      var signature = this.state.current + "/" + this.chars.length;
      if (signature === this.progressSignature) return;
      this.progressSignature = signature;
      this.progress.textContent = "";
      var c = colors(this.root);
      for (var i = 0; i < this.chars.length; i++) {
        var status = i < this.state.current ? "done" : i === this.state.current ? "current" : "todo";
        var cell = this.progress.appendChild(el("span", "wp-cell wp-cell-" + status));
        cell.title = status === "done" ? "written" : status === "current" ? "writing now" : "to do";
        if (status !== "done") continue;
        var canvas = cell.appendChild(el("canvas"));
        var ctx = fitCanvas(canvas, 34, 34);
        var ch = this.chars[i];
        // guided characters were accepted stroke by stroke in reference shape; free mode shows
        // the learner's own ink (its grade is for the answer side)
        var strokes = this.mode === "guided" && ch.dense ? ch.dense : this.inkByChar[i] || [];
        strokes.forEach(function (s) { strokePolyline(ctx, s, 34, 0.07, c.ink, 1); });
      }
    };

    /** The component hint stays under the grid while its character is being written (Python's
     * snapshot carries it, so a re-render shows it again). */
    Area.prototype.renderComponentHint = function () {
      var text = this.state.componentHint || "";
      if (this.componentLine.textContent === text) return;
      this.componentLine.textContent = text;
      this.componentLine.hidden = !text;
    };

    Area.prototype.say = function (text, kind) {
      this.message = text || "";
      if (!this.messageLine) return;
      this.messageLine.textContent = this.message;
      this.messageLine.className = "wp-message" + (kind ? " wp-message-" + kind : "");
    };

    // ------------------------------------------------------------------ input

    Area.prototype.bindPointer = function () {
      var self = this, canvas = this.inkCanvas;
      function point(event) {
        var rect = canvas.getBoundingClientRect();
        return [(event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height];
      }
      canvas.addEventListener("pointerdown", function (event) {
        if (!self.ready || self.live || self.state.wordDone || self.finishing) return;
        if (event.pointerType === "mouse" && event.button !== 0) return;
        event.preventDefault();
        try { canvas.setPointerCapture(event.pointerId); } catch (e) { /* synthetic pointers */ }
        self.live = { id: event.pointerId, points: [point(event)] };
        self.renderLive();
      });
      canvas.addEventListener("pointermove", function (event) {
        if (!self.live || event.pointerId !== self.live.id) return;
        event.preventDefault();
        var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
        if (!events.length) events = [event];
        var pts = self.live.points;
        events.forEach(function (e) {
          var p = point(e), last = pts[pts.length - 1];
          if (Math.hypot(p[0] - last[0], p[1] - last[1]) > 0.002 && pts.length < MAX_POINTS) pts.push(p);
        });
        if (!self.drawQueued) {
          self.drawQueued = true;
          requestAnimationFrame(function () {
            self.drawQueued = false;
            self.renderLive();
          });
        }
      });
      function end(event) {
        if (!self.live || event.pointerId !== self.live.id) return;
        event.preventDefault();
        var stroke = self.live.points;
        self.live = null;
        self.renderLive();
        if (event.type === "pointercancel") return;
        self.strokeDone(stroke.map(function (p) {
          return [Math.round(Math.min(2, Math.max(-1, p[0])) * 10000) / 10000, Math.round(Math.min(2, Math.max(-1, p[1])) * 10000) / 10000];
        }));
      }
      canvas.addEventListener("pointerup", end);
      canvas.addEventListener("pointercancel", end);
      canvas.addEventListener("contextmenu", function (event) { event.preventDefault(); });
      // No scrolling, zooming or swiping while writing: the client never sees these touches
      // (AnkiMobile would turn a tap into Show Answer, a swipe into an answer).
      ["touchstart", "touchmove"].forEach(function (type) {
        self.box.addEventListener(type, function (event) { event.preventDefault(); }, { passive: false });
      });
    };

    Area.prototype.guidedNow = function () {
      var ch = this.currentChar();
      return this.graded && this.mode === "guided" && ch && ch.graded;
    };

    Area.prototype.strokeDone = function (points) {
      var self = this;
      if (!this.graded) {
        this.ink.push(points);
        this.saveSelfInk();
        return this.render();
      }
      var index = this.state.current;
      if (!this.guidedNow()) {
        this.ink.push(points);
        this.render();
        this.judge.send({ type: "stroke", char: index, points: points }, function (reply) {
          if (!reply.ok) self.say(reply.error, "miss");
          else self.applyState(reply.state);
        });
        return;
      }
      var entry = { points: points, start: performance.now() };
      this.pending.push(entry);
      this.render();
      this.judge.send({ type: "stroke", char: index, points: points }, function (reply) {
        self.pending.splice(self.pending.indexOf(entry), 1);
        self.onVerdict(reply, entry);
      });
    };

    Area.prototype.onVerdict = function (reply, entry) {
      if (!document.body.contains(this.root)) return;
      var now = performance.now();
      stats.replyMs.push(now - entry.start);
      if (!reply.ok) {
        this.say(reply.error || "not graded", "miss");
        if (reply.state) this.applyState(reply.state);
        return this.render();
      }
      var verdict = reply.verdict;
      if (verdict.accepted) {
        this.effects.push({ points: entry.points, start: now, duration: 350, alpha: 0.55, color: "ink" });
        this.hintStroke = null;
        this.say(verdict.message && verdict.message !== "ok" ? verdict.message : "", "ok");
      } else {
        this.effects.push({ points: entry.points, start: now, duration: 700, alpha: 1, color: "miss" });
        this.say(verdict.message || "try again", "miss");
      }
      this.applyState(reply.state);
      this.render();
      stats.verdictMs.push(performance.now() - entry.start);
    };

    Area.prototype.applyState = function (state) {
      var before = this.state.current;
      this.state = state;
      if (state.current !== before) this.charFinished(before);
      if (state.wordDone) this.finishWord();
    };

    Area.prototype.charFinished = function (index) {
      this.inkByChar[index] = this.ink;
      this.ink = [];
      this.hintStroke = null;
      this.effects = [];
      if (!this.state.wordDone) this.say("");
    };

    Area.prototype.finishWord = function () {
      if (this.finishing) return;
      this.finishing = true;
      if (this.judge && this.judge.local) this.judge.keep(); // the grade, before the client turns the card
      this.say("Done", "ok");
      // Let the last stroke be seen, then the client's own Show Answer (same as pressing Space).
      var delay = this.mode === "guided" ? 500 : 0;
      setTimeout(showAnswerNow, delay);
    };

    Area.prototype.act = function (action) {
      if (!this.ready || this.side !== "question" || this.finishing) return false;
      var self = this;
      var ch = this.currentChar();
      if (!ch) return false;
      if (!this.graded) {
        if (action === "undo") this.ink.pop();
        else if (action === "clear") this.ink = [];
        else if (action === "check" && this.state.current >= this.chars.length - 1) {
          if (!this.canFlip()) return false;
          this.saveSelfInk();
          return showAnswerNow();
        } else if (action === "check" && this.chars.length > 1) {
          this.inkByChar[this.state.current] = this.ink;
          this.ink = [];
          this.state = { current: this.state.current + 1, wordDone: false, phase: "free", accepted: [] };
        } else return false;
        this.saveSelfInk();
        this.render();
        return true;
      }
      var guided = this.guidedNow();
      if ((action === "hint" || action === "reveal") && !guided) return false;
      if (action === "check" && guided) return false;
      if (action === "undo" && !guided) this.ink.pop();
      if (action === "clear" && !guided) this.ink = [];
      this.render();
      this.judge.send({ type: action, char: this.state.current }, function (reply) {
        if (!reply.ok) {
          self.say(reply.error, "miss");
          return;
        }
        if (action === "hint" && reply.componentHint) {
          // the first hint names the parts and their layout (shown under the grid by render)
          self.say("H again shows the next stroke", "hint");
        } else if (action === "hint" && typeof reply.hintStroke === "number") {
          self.hintStroke = reply.hintStroke;
          self.say("Stroke " + (reply.hintStroke + 1), "hint");
        } else if (action === "reveal") {
          self.say("Trace it, then write it once more", "hint");
        } else if (action === "clear" || action === "undo") {
          self.say("");
        }
        self.applyState(reply.state);
        self.render();
      });
      return true;
    };

    Area.prototype.saveSelfInk = function () {
      var all = {};
      for (var k in this.inkByChar) all[k] = this.inkByChar[k];
      all[this.state.current] = this.ink;
      writeCarry({ key: this.inkKey, ink: all, result: null });
    };

    // ------------------------------------------------------------------ the answer side

    /** No judge on this page: the ink the front carried over, beside each character's stroke-order
     * animation from the media files; the local judge's grade when one was carried. */
    Area.prototype.renderSelfAnswer = function () {
      var self = this;
      var carry = readCarry(this.inkKey);
      var ink = carry && carry.ink;
      loadAllStrokes(this.script, this.chars, function () {
        if (!document.body.contains(self.root)) return;
        if (carry && carry.result) {
          self.localGrade = true; // made on the card: no Python behind Space on a desktop without numpy
          return self.renderAnswer(carry.result);
        }
        var any = self.chars.some(function (ch, i) { return ch.dense || (ink && ink[i] && ink[i].length); });
        if (!ink && !any) return self.root.classList.add("wp-empty");
        self.renderAnswer({
          rating: null,
          chars: self.chars.map(function (ch, i) {
            return { ink: (ink && ink[i]) || [], marks: [], missing: [], status: "ungraded", hasInk: !!ink };
          }),
        });
      });
    };

    Area.prototype.answerSize = function () {
      var width = this.root.clientWidth || 320;
      return Math.floor(Math.max(110, Math.min(200, (width - 40) / 2)));
    };

    Area.prototype.renderAnswer = function (summary) {
      var panel = this.panel, self = this;
      panel.textContent = "";
      var rating = summary && summary.rating;
      var where = platform();
      if (rating) {
        var line = panel.appendChild(el("div", "wp-rating wp-rating-" + rating.label.toLowerCase()));
        line.appendChild(el("strong", "", rating.label));
        line.appendChild(document.createTextNode(" — " + rating.reason));
        line.appendChild(el("span", "wp-rating-key", where === "desktop" && !this.localGrade ? " (Space)" : ""));
      } else if (!this.graded && summary.chars.length && summary.chars[0].hasInk) {
        panel.appendChild(el("div", "wp-rating wp-rating-self", "Your writing — compare it with the answer and grade yourself"));
      } else {
        panel.appendChild(el("div", "wp-rating wp-rating-self", "Not checked — grade yourself"));
      }
      var c = colors(this.root);
      var size = this.answerSize();
      var row = panel.appendChild(el("div", "wp-chars"));
      this.animations = [];
      (summary ? summary.chars : []).forEach(function (result, i) {
        var ch = self.chars[i];
        var pair = row.appendChild(el("div", "wp-pair wp-status-" + result.status));
        // the learner's ink (a back page opened without a front, e.g. from a phone's browser, has none)
        var ctx = result.hasInk === false ? null : fitCanvas(figure(pair, "wp-yours", "yours"), size, size);
        if (ctx) drawGrid(ctx, size, self.grid, c);
        var width = ch.brushWidth;
        if (ctx) (result.missing || []).forEach(function (ref) {
          if (ch.dense && ch.dense[ref]) {
            ctx.save();
            ctx.setLineDash([4, 5]);
            strokePolyline(ctx, ch.dense[ref], size, 0.012, c.miss, 0.9);
            ctx.restore();
          }
        });
        if (ctx) result.ink.forEach(function (s, k) {
          var mark = result.marks[k] || {};
          var kinds = mark.kinds || [];
          var color = kinds.length ? (mark.misses > 1 || kinds.indexOf("order") < 0 ? c.miss : c.warn) : mark.hinted ? c.hint : c.ink;
          strokeInk(ctx, s, size, width, color, 1);
          if (kinds.length && typeof mark.ref === "number") drawStrokeNumber(ctx, s, mark.ref + 1, size, color);
        });
        if (ch.dense) {
          var refCanvas = figure(pair, "wp-reference", "stroke order");
          var ref = refCanvas.parentNode;
          if (ch.parts && ch.components.length) {
            var legend = ref.appendChild(el("div", "wp-part-legend"));
            ch.components.forEach(function (name, k) {
              var key = legend.appendChild(el("span", "wp-part", name));
              key.style.color = c.parts[k % c.parts.length];
            });
          }
          var refCtx = fitCanvas(refCanvas, size, size);
          var anim = { ctx: refCtx, size: size, ch: ch, start: performance.now() };
          refCanvas.addEventListener("click", function () { anim.start = performance.now(); });
          self.animations.push(anim);
        }
        var notes = describeMarks(result);
        if (notes) pair.appendChild(el("div", "wp-mistakes", notes));
      });
      if (this.animations.length) this.animate();
      if (rating && (where !== "desktop" || this.localGrade)) this.offerRating(rating, where === "desktop" ? "other" : where);
    };

    function figure(parent, canvasClass, caption) {
      var fig = parent.appendChild(el("figure", "wp-fig"));
      var canvas = fig.appendChild(el("canvas", canvasClass));
      fig.appendChild(el("figcaption", "", caption));
      return canvas;
    }

    /** A grade made on the card (the local judge), on a client without Python: AnkiDroid's legacy
     * reviewer answers with it after a countdown that any touch cancels; elsewhere (its new study
     * screen, AnkiMobile, AnkiWeb) the suggestion stays on screen and the learner taps. */
    Area.prototype.offerRating = function (rating, where) {
      var line = this.panel.querySelector(".wp-rating");
      line.classList.add("wp-rating-suggested");
      var note = line.appendChild(el("div", "wp-rating-note"));
      var ease = rating.ease;
      if (where !== "ankidroid" || !(ease >= 1 && ease <= 4)) {
        note.textContent = "Tap " + rating.label + " to accept, or choose another button";
        return;
      }
      var self = this, left = AUTO_ANSWER_SECONDS, timer = null;
      function cancel() {
        clearTimeout(timer);
        document.removeEventListener("pointerdown", cancel, true);
        note.textContent = "Choose a button";
      }
      function tick() {
        if (!document.body.contains(self.root)) return cancel();
        if (left <= 0) {
          document.removeEventListener("pointerdown", cancel, true);
          note.textContent = "";
          return window["buttonAnswerEase" + ease]();
        }
        note.textContent = "Answering " + rating.label + " in " + left + " s — tap to choose yourself";
        left -= 1;
        timer = setTimeout(tick, 1000);
      }
      document.addEventListener("pointerdown", cancel, true);
      tick();
    };

    function describeMarks(result) {
      var parts = [];
      (result.marks || []).forEach(function (mark) {
        if (!mark.kinds || !mark.kinds.length) return;
        var where = typeof mark.ref === "number" ? "stroke " + (mark.ref + 1) : "a stroke";
        parts.push(where + ": " + mark.kinds.join(", ") + (mark.misses > 1 ? " ×" + mark.misses : ""));
      });
      if (result.missing && result.missing.length) {
        parts.push("missing: " + result.missing.map(function (r) { return r + 1; }).join(", "));
      }
      (result.marks || []).forEach(function (mark) {
        if (mark.hinted && typeof mark.ref === "number") parts.push("stroke " + (mark.ref + 1) + ": hint");
      });
      if (result.componentHint) parts.push("parts hint");
      if (result.revealed) parts.push("revealed");
      // Accepted, and worth knowing: the reference (KanjiVG) order is the one drawn in the answer.
      if (result.variant) parts.push("another standard stroke order");
      if (result.status === "unfinished") parts.push("not finished");
      return parts.join("; ");
    }

    /** Stroke-order animation of the reference: stroke by stroke, numbered, then a pause. */
    Area.prototype.animate = function () {
      var self = this;
      var perStroke = 420, pause = 1400;
      function frame() {
        if (!document.body.contains(self.root)) return;
        var now = performance.now();
        var c = colors(self.root);
        self.animations.forEach(function (anim) {
          var strokes = anim.ch.dense, size = anim.size, ctx = anim.ctx;
          var total = strokes.length * perStroke + pause;
          var t = (now - anim.start) % total;
          ctx.clearRect(0, 0, size, size);
          drawGrid(ctx, size, self.grid, c);
          strokes.forEach(function (s) { strokePolyline(ctx, s, size, anim.ch.brushWidth, c.guide, 1); });
          for (var i = 0; i < strokes.length; i++) {
            var f = Math.min(1, Math.max(0, (t - i * perStroke) / perStroke));
            if (f <= 0) break;
            strokePolyline(ctx, strokes[i], size, anim.ch.brushWidth, strokeColor(anim.ch, i, c), 1, f);
            drawStrokeNumber(ctx, strokes[i], i + 1, size, c.hint);
          }
        });
        requestAnimationFrame(frame);
      }
      requestAnimationFrame(frame);
    };

    // ------------------------------------------------------------------ public

    function mount(area, options) {
      if (!area || area.getAttribute("data-wp-mounted")) return null;
      area.setAttribute("data-wp-mounted", "1");
      options = options || {};
      var side = options.side || (document.getElementById("answer") ? "answer" : "question");
      var inst = new Area(area, { host: options.host === undefined ? hostFor(area) : options.host, side: side });
      inst.serial = ++mounted;
      live();
      instances.push(inst);
      inst.start();
      return inst;
    }

    function autoMount(root) {
      if (document.readyState === "loading") {
        // A page parsed from the network (phones) runs the front's copy of this script before
        // the back's `#answer` exists: decide the side once the whole card is there. Both sides
        // need the stroke data: its loading starts now (the first stroke is taken sooner).
        document.addEventListener("DOMContentLoaded", function () { autoMount(root); });
        var parsed = (root || document).querySelectorAll(".wp-area");
        for (var k = 0; k < parsed.length; k++) {
          var script = hiddenText(parsed[k], "wp-script");
          splitChars(hiddenText(parsed[k], "wp-target")).slice(0, MAX_CHARS).forEach(function (ch) {
            loadStrokes(script, ch, function () {});
          });
        }
        return;
      }
      var areas = (root || document).querySelectorAll(".wp-area");
      for (var i = 0; i < areas.length; i++) mount(areas[i]);
    }

    /** What tests and the benchmark read: the state of the writing areas on the page. */
    function inspect() {
      return live().map(function (inst) {
        return {
          serial: inst.serial, side: inst.side, graded: inst.graded, mode: inst.mode, ready: inst.ready, grid: inst.grid,
          chars: inst.chars.map(function (c) { return c.char; }), state: inst.state,
          message: inst.message, pending: inst.pending.length, ink: inst.ink.length,
        };
      });
    }

    return { version: 1, keys: KEYS, mount: mount, autoMount: autoMount, inspect: inspect, stats: stats };
  }
})();
