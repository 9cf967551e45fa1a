"""Benchmark the stroke data: import time, lookup latency (cold and warm), memory, size on disk.

Goals (issue: foundation): import of `writing` <= 20 ms; cold lookup p99 <= 1 ms; memory after
2,000 lookups <= 20 MB above a bare interpreter; bundled data < 12 MB.
Run: .venv/bin/python tools/bench_strokes.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 30

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
import writing, writing.strokes as s
t1 = time.perf_counter()
t2 = time.perf_counter(); s.lookup("語", "ja"); t3 = time.perf_counter()
t4 = time.perf_counter(); s.lookup("我", "zh-Hans"); t5 = time.perf_counter()
cold = []
found = []
chars = [chr(c) for c in range(0x4E00, 0x9FA0)]
done = 0
for ch in chars:
    for script in ("ja", "zh-Hans"):
        a = time.perf_counter(); r = s.lookup(ch, script); b = time.perf_counter()
        if r.ok:
            cold.append(b - a); done += 1; found.append((ch, script))
    if done >= 2000:
        break
warm = []
for ch, script in found[:500]:
    a = time.perf_counter(); s.lookup(ch, script); b = time.perf_counter(); warm.append(b - a)
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"import": t1 - t0, "first_ja": t3 - t2, "first_zh": t5 - t4, "cold": cold, "warm": warm,
                  "rss_kb_bare": rss0, "rss_kb_after": rss1, "numpy": "numpy" in sys.modules}))
"""


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> int:
    runs = [json.loads(subprocess.run([sys.executable, "-c", _CHILD, str(ROOT)], capture_output=True, text=True, check=True).stdout) for _ in range(RUNS)]
    ms = 1000
    imports = [r["import"] * ms for r in runs]
    first = [r["first_ja"] * ms for r in runs] + [r["first_zh"] * ms for r in runs]
    cold = [v * ms for r in runs[:5] for v in r["cold"]]
    warm = [v * ms for r in runs[:5] for v in r["warm"]]
    mem = [(r["rss_kb_after"] - r["rss_kb_bare"]) / 1024 for r in runs]
    size = sum(p.stat().st_size for p in (ROOT / "writing" / "data").rglob("*") if p.is_file())
    print(f"import writing + writing.strokes: p50 {statistics.median(imports):.2f} ms, max {max(imports):.2f} ms (goal <= 20 ms); numpy imported: {runs[0]['numpy']}")
    print(f"first lookup in a process (index + record): p50 {statistics.median(first):.3f} ms, p99 {pct(first, 0.99):.3f} ms")
    print(f"cold lookup (record never read before), {len(cold)} lookups: p50 {statistics.median(cold):.4f} ms, p99 {pct(cold, 0.99):.4f} ms (goal p99 <= 1 ms)")
    print(f"warm lookup (same characters again), {len(warm)} lookups: p50 {statistics.median(warm):.4f} ms, p99 {pct(warm, 0.99):.4f} ms")
    print(f"memory after 2,000 lookups above a bare interpreter: {statistics.median(mem):.1f} MB (goal <= 20 MB)")
    print(f"bundled stroke data on disk: {size / 1e6:.2f} MB (goal < 12 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
