/* The writing-gap report page: tiles, the counts over time and the self-test history as inline
   SVG, the recognised-but-not-writable list. Python (writing/gui/gap_report.py) calls
   WritePracticeGap.render(data), .setTopN(n) and .showError(message); .timeTicks is the date
   axis (its tests run it in node). A click on a character sends 'wp:{"type": "browse", "char": …}'
   to open the Browser. Nothing is fetched from anywhere. */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const DAY_MS = 86400000;
  const CHART_HEIGHT = 230;
  const SELF_TEST_HEIGHT = 150;
  const MARGIN = { left: 46, right: 18, top: 26, bottom: 26 };
  const TICK_SPACING = 100; // px per date label at most ("Nov 2026" is about 60)

  let data = null;
  let topN = 0;

  function byId(id) {
    return document.getElementById(id);
  }

  function svgNode(tag, attrs, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function localDay(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return new Date(y, m - 1, d).getTime();
  }

  /* A tick step of 1, 2 or 5 times a power of ten giving about `count` ticks up to `max`. */
  function niceStep(max, count) {
    const raw = Math.max(max, 1) / count;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw);
    return Math.max(1, step);
  }

  /* Date-axis steps, shortest first: whole days, then months, then years, so every tick falls on
     a local midnight, the first of a month or New Year and no two ticks share a label. */
  const TIME_STEPS = [
    [1, "day"], [2, "day"], [7, "day"], [14, "day"],
    [1, "month"], [2, "month"], [3, "month"], [6, "month"],
    [1, "year"], [2, "year"], [5, "year"], [10, "year"], [25, "year"], [50, "year"], [100, "year"],
  ];
  const TICK_FORMATS = { day: { month: "short", day: "numeric" }, month: { month: "short", year: "numeric" }, year: { year: "numeric" } };

  /* The i-th calendar boundary of `unit` every `n` from the one at or before `ms` (local time, so
     a daylight-saving change does not move a tick off midnight). */
  function boundary(ms, n, unit, i) {
    const d = new Date(ms);
    if (unit === "day") return new Date(d.getFullYear(), d.getMonth(), d.getDate() + i * n).getTime();
    if (unit === "month") return new Date(d.getFullYear(), d.getMonth() - (d.getMonth() % n) + i * n, 1).getTime();
    return new Date(d.getFullYear() - (d.getFullYear() % n) + i * n, 0, 1).getTime();
  }

  /* Ticks for a time axis from t0 to t1 (ms): [{t, label}], at most `maxTicks`, at the shortest
     step of TIME_STEPS that fits (a few days' history gets one tick a day). */
  function timeTicks(t0, t1, maxTicks) {
    for (const [n, unit] of TIME_STEPS) {
      const ticks = [];
      for (let i = 0, t = boundary(t0, n, unit, 0); t <= t1 && ticks.length <= maxTicks; t = boundary(t0, n, unit, ++i)) {
        if (t >= t0) ticks.push(t);
      }
      if (ticks.length <= maxTicks) {
        return ticks.map((t) => ({ t, label: new Date(t).toLocaleDateString(undefined, TICK_FORMATS[unit]) }));
      }
    }
    return [];
  }

  /* series: [{name, cls, values, latest?}] over times `xs` (ms); `step` holds each value until the
     next time and on to `xEnd`; `labels` writes each point's label above it. The legend names
     each series with its latest value (or `latest`). */
  function lineChart(box, { xs, xEnd, series, yMax, height, step, labels }) {
    box.textContent = "";
    const width = Math.max(box.clientWidth || 0, 320);
    const svg = svgNode("svg", { viewBox: `0 0 ${width} ${height}`, height, role: "img" });
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = height - MARGIN.top - MARGIN.bottom;
    // Points (not steps) get room on both sides so the first and last labels stay readable.
    const pad = step ? 0 : Math.max((xEnd - xs[0]) * 0.06, DAY_MS);
    const t0 = xs[0] - pad;
    const t1 = Math.max(xEnd + pad, t0 + DAY_MS);
    const yStep = niceStep(yMax, 4);
    const yTop = Math.max(yStep, Math.ceil(yMax / yStep) * yStep);
    const x = (t) => MARGIN.left + ((t - t0) / (t1 - t0)) * plotW;
    const y = (v) => MARGIN.top + plotH - (v / yTop) * plotH;

    const axis = svgNode("g", { class: "gap-axis" });
    for (let v = 0; v <= yTop; v += yStep) {
      axis.appendChild(svgNode("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(v), y2: y(v), class: "gap-grid" }));
      axis.appendChild(svgNode("text", { x: MARGIN.left - 6, y: y(v) + 4, "text-anchor": "end" }, String(v)));
    }
    const maxTicks = Math.min(8, Math.max(2, Math.floor(plotW / TICK_SPACING)));
    for (const tick of timeTicks(t0, t1, maxTicks)) {
      // A label at either end of the axis grows inwards so it is not cut off.
      const px = x(tick.t);
      const anchor = px - MARGIN.left < TICK_SPACING / 2 ? "start" : width - MARGIN.right - px < TICK_SPACING / 2 ? "end" : "middle";
      axis.appendChild(svgNode("text", { x: px, y: height - 6, "text-anchor": anchor, class: "gap-date" }, tick.label));
    }
    svg.appendChild(axis);

    series.forEach((s, index) => {
      let line = "";
      s.values.forEach((v, i) => {
        if (i === 0) line = `M${x(xs[0])},${y(v)}`;
        else line += step ? `H${x(xs[i])}V${y(v)}` : `L${x(xs[i])},${y(v)}`;
      });
      if (step) line += `H${x(t1)}`;
      if (step) svg.appendChild(svgNode("path", { d: `${line}V${y(0)}H${x(xs[0])}Z`, class: `gap-area ${s.cls}` }));
      svg.appendChild(svgNode("path", { d: line, class: `gap-line ${s.cls}` }));
      s.values.forEach((v, i) => {
        if (!step || xs.length === 1) svg.appendChild(svgNode("circle", { cx: x(xs[i]), cy: y(v), r: 3.5, class: s.cls }));
        if (labels) svg.appendChild(svgNode("text", { x: x(xs[i]), y: y(v) - 8, class: "gap-point-label" }, labels[i]));
      });
      const legendX = MARGIN.left + index * 190;
      svg.appendChild(svgNode("rect", { x: legendX, y: 4, width: 12, height: 12, rx: 2, class: s.cls }));
      const latest = s.latest || String(s.values[s.values.length - 1]);
      svg.appendChild(svgNode("text", { x: legendX + 18, y: 14, class: "gap-legend-text" }, `${s.name}: ${latest}`));
    });
    box.appendChild(svg);
  }

  function empty(box, text) {
    box.textContent = "";
    const p = document.createElement("p");
    p.className = "gap-empty";
    p.textContent = text;
    box.appendChild(p);
  }

  function renderChart() {
    const box = byId("gap-chart");
    const s = data.series;
    if (!s.days.length) {
      empty(box, "No review history yet: the chart starts on the day a card first reaches a 21-day interval.");
      return;
    }
    lineChart(box, {
      xs: s.days.map(localDay),
      xEnd: Math.max(localDay(data.today), localDay(s.days[s.days.length - 1])),
      series: [
        { name: "Recognised", cls: "gap-series-recognised", values: s.recognised },
        { name: "Writable", cls: "gap-series-writable", values: s.writable },
      ],
      yMax: Math.max(...s.recognised, ...s.writable),
      height: CHART_HEIGHT,
      step: true,
    });
  }

  function renderList() {
    const box = byId("gap-list");
    box.textContent = "";
    if (!data.notWritable.length) {
      empty(box, data.recognised ? "None: you can write every character you recognise." : "No recognised characters in these notes yet.");
      return;
    }
    const fragment = document.createDocumentFragment();
    data.notWritable.forEach(([ch, count, carded], index) => {
      const button = document.createElement("button");
      button.className = "gap-char" + (carded ? " gap-carded" : "");
      button.dataset.char = ch;
      button.title = `#${index + 1} ${ch}: ${count} in your notes` + (carded ? " · has a writing card, not mature yet" : "");
      button.append(ch);
      const small = document.createElement("small");
      small.textContent = String(count);
      button.appendChild(small);
      button.addEventListener("click", () => typeof pycmd === "function" && pycmd("wp:" + JSON.stringify({ type: "browse", char: ch })));
      fragment.appendChild(button);
    });
    box.appendChild(fragment);
    markTop();
  }

  function markTop() {
    let left = topN;
    for (const button of document.querySelectorAll("#gap-list .gap-char")) {
      const next = left > 0 && !button.classList.contains("gap-carded");
      button.classList.toggle("gap-next", next);
      if (next) left--;
    }
  }

  function renderSelfTests() {
    const box = byId("gap-self-tests");
    const tests = data.selfTests;
    box.textContent = "";
    if (!tests.length) {
      empty(box, "No self-test results yet: Tools → Write Practice → Test my writing… asks you to write ten characters you recognise from memory.");
      return;
    }
    const chart = document.createElement("div");
    chart.className = "gap-chart";
    box.appendChild(chart);
    const xs = tests.map((t) => t.t * 1000);
    lineChart(chart, {
      xs,
      xEnd: xs[xs.length - 1],
      series: [{ name: "Latest", cls: "gap-series-recalled", values: tests.map((t) => t.recalled), latest: tests[tests.length - 1].summary }],
      yMax: Math.max(...tests.map((t) => t.total)),
      height: SELF_TEST_HEIGHT,
      step: false,
      labels: tests.map((t) => t.summary),
    });
    const list = document.createElement("ul");
    list.className = "gap-self-tests-list";
    for (const t of tests.slice(-5).reverse()) {
      const item = document.createElement("li");
      item.textContent = `${t.summary} on ${new Date(t.t * 1000).toLocaleDateString()}`;
      list.appendChild(item);
    }
    box.appendChild(list);
  }

  function render(newData) {
    data = newData;
    topN = newData.topN;
    byId("gap-error").hidden = true;
    byId("gap-report").classList.remove("loading");
    byId("gap-recognised").textContent = String(data.recognised);
    byId("gap-writable").textContent = String(data.writable);
    byId("gap-missing").textContent = String(data.notWritable.length);
    renderChart();
    renderList();
    renderSelfTests();
  }

  function setTopN(n) {
    topN = n;
    markTop();
  }

  function showError(message) {
    data = null;
    const box = byId("gap-error");
    box.textContent = message;
    box.hidden = false;
    byId("gap-report").classList.remove("loading");
    for (const id of ["gap-recognised", "gap-writable", "gap-missing"]) byId(id).textContent = "–";
    for (const id of ["gap-chart", "gap-list", "gap-self-tests"]) byId(id).textContent = "";
  }

  let resizeQueued = false;
  window.addEventListener("resize", () => {
    if (!data || resizeQueued) return;
    resizeQueued = true;
    requestAnimationFrame(() => {
      resizeQueued = false;
      if (data) {
        renderChart();
        renderSelfTests();
      }
    });
  });

  window.WritePracticeGap = { render, setTopN, showError, timeTicks };
})();
