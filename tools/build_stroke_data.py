"""Build the bundled stroke data (writing/data/*.strokes) from pinned registry packages.

Sources (pinned in requirements-dev.txt and tools/package.json):
  ja       PyPI  kanjivg==20260714        KanjiVG, CC BY-SA 3.0 (c) Ulrich Apel
  zh-*     npm   hanzi-writer-data@2.0.1  Make Me a Hanzi, Arphic Public License

Output format ("WPSD" version 1), one file per source, all integers little-endian:
  header   b"WPSD" u8 version, u8 quant_max (255), u16 brush width in 1/1000 em, u32 count N
  index    N x u32 code points, ascending
           N+1 x u32 record offsets, relative to the end of the index
  records  u8 stroke count, then per stroke: u8 point count, then point count x (u8 x, u8 y)
Coordinates are the character's em box mapped to [0, 1]^2 with y pointing down, quantised as
round(v * 255). Each stroke is its centre line from start to end in writing order; strokes are in
writing order. The same centre lines serve grading and drawing (rendered with the brush width).

Re-running yields byte-identical output: inputs are read in sorted order and nothing depends on
time or hashing order. Run: .venv/bin/python tools/build_stroke_data.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "writing" / "data"
TOOLS_DIR = ROOT / "tools"

KANJIVG_VERSION = "20260714"
HANZI_WRITER_DATA_VERSION = "2.0.1"
MAGIC = b"WPSD"
FORMAT_VERSION = 1
QUANT_MAX = 255
# Drawing widths (fraction of the em box). KanjiVG draws its centre lines at 3/109; that is
# too thin for a reference on a card, so both sources use a brush close to a printed stroke.
BRUSH_WIDTH_JA = 0.055
BRUSH_WIDTH_ZH = 0.065
# Sampling and simplification of the centre lines, in em units.
BEZIER_STEP = 0.01
SIMPLIFY_TOLERANCE = 0.003


# ---------------------------------------------------------------- locating the sources


def locate_kanjivg() -> Path:
    """The `kanji/` folder of the installed kanjivg wheel; installs the pinned wheel if absent."""
    for entry in sys.path:
        candidate = Path(entry) / "kanji"
        if (candidate / "08a9e.svg").is_file():
            return candidate
    print(f"build: installing kanjivg=={KANJIVG_VERSION} from PyPI", file=sys.stderr)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", f"kanjivg=={KANJIVG_VERSION}"],
        check=True,
    )
    import site

    for entry in site.getsitepackages():
        candidate = Path(entry) / "kanji"
        if (candidate / "08a9e.svg").is_file():
            return candidate
    raise SystemExit("build: kanjivg installed but its kanji/ folder was not found")


def locate_hanzi_writer_data() -> Path:
    folder = TOOLS_DIR / "node_modules" / "hanzi-writer-data"
    if not (folder / "package.json").is_file():
        if shutil.which("npm") is None:
            raise SystemExit("build: npm is needed to fetch hanzi-writer-data (tools/package.json)")
        print(f"build: npm install hanzi-writer-data@{HANZI_WRITER_DATA_VERSION}", file=sys.stderr)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund"], cwd=TOOLS_DIR, check=True
        )
    version = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    if version != HANZI_WRITER_DATA_VERSION:
        raise SystemExit(
            f"build: tools/node_modules has hanzi-writer-data {version}, "
            f"pinned {HANZI_WRITER_DATA_VERSION}; run npm install in tools/"
        )
    return folder


# ---------------------------------------------------------------- geometry helpers


Point = tuple[float, float]

_PATH_TOKEN = re.compile(r"[MmCcSsLlHhVvZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _cubic(p0: Point, p1: Point, p2: Point, p3: Point) -> list[Point]:
    chord = math.dist(p0, p1) + math.dist(p1, p2) + math.dist(p2, p3)
    steps = max(2, math.ceil(chord / BEZIER_STEP))
    out = []
    for i in range(1, steps + 1):
        t = i / steps
        s = 1 - t
        out.append(
            (
                s**3 * p0[0] + 3 * s * s * t * p1[0] + 3 * s * t * t * p2[0] + t**3 * p3[0],
                s**3 * p0[1] + 3 * s * s * t * p1[1] + 3 * s * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return out


def svg_path_points(d: str, scale: float) -> list[Point]:
    """Sample an SVG path (M/C/S/L/H/V, absolute or relative) into a polyline, scaled."""
    tokens = _PATH_TOKEN.findall(d)
    pts: list[Point] = []
    cur = (0.0, 0.0)
    last_ctrl: Point | None = None
    cmd = ""
    i = 0

    def num() -> float:
        nonlocal i
        value = float(tokens[i]) * scale
        i += 1
        return value

    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                continue
        rel = cmd.islower()
        base = cur if rel else (0.0, 0.0)
        op = cmd.upper()
        if op == "M":
            cur = (base[0] + num(), base[1] + num())
            pts.append(cur)
            cmd = "l" if rel else "L"  # implicit lineto after moveto
            last_ctrl = None
        elif op == "L":
            nxt = (base[0] + num(), base[1] + num())
            pts.extend(_cubic(cur, cur, nxt, nxt))
            cur, last_ctrl = nxt, None
        elif op in "HV":
            value = num()
            if op == "H":
                nxt = ((cur[0] if rel else 0.0) + value, cur[1])
            else:
                nxt = (cur[0], (cur[1] if rel else 0.0) + value)
            pts.extend(_cubic(cur, cur, nxt, nxt))
            cur, last_ctrl = nxt, None
        elif op == "C":
            c1 = (base[0] + num(), base[1] + num())
            c2 = (base[0] + num(), base[1] + num())
            end = (base[0] + num(), base[1] + num())
            pts.extend(_cubic(cur, c1, c2, end))
            cur, last_ctrl = end, c2
        elif op == "S":
            c1 = (2 * cur[0] - last_ctrl[0], 2 * cur[1] - last_ctrl[1]) if last_ctrl else cur
            c2 = (base[0] + num(), base[1] + num())
            end = (base[0] + num(), base[1] + num())
            pts.extend(_cubic(cur, c1, c2, end))
            cur, last_ctrl = end, c2
        else:
            raise ValueError(f"unsupported path command {cmd!r} in {d[:60]!r}")
    return pts


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Ramer-Douglas-Peucker, iterative; keeps the first and last point."""
    if len(points) <= 2:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, best_i = -1.0, -1
        for k in range(a + 1, b):
            px, py = points[k]
            if norm == 0:
                dist = math.hypot(px - ax, py - ay)
            else:
                dist = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if dist > best:
                best, best_i = dist, k
        if best > tolerance:
            keep[best_i] = True
            stack.append((a, best_i))
            stack.append((best_i, b))
    return [p for p, k in zip(points, keep) if k]


def quantise(points: list[Point]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for x, y in points:
        q = (
            min(QUANT_MAX, max(0, round(x * QUANT_MAX))),
            min(QUANT_MAX, max(0, round(y * QUANT_MAX))),
        )
        if not out or out[-1] != q:
            out.append(q)
    if len(out) == 1:  # a dot-like stroke keeps two points so it has a direction slot
        out.append(out[0])
    return out


# ---------------------------------------------------------------- readers


def wanted_codepoint(cp: int) -> bool:
    """Characters the add-on writes: CJK symbols/kana/ideographs (not Latin, digits, ASCII)."""
    return cp >= 0x2E80


def read_kanjivg(folder: Path) -> dict[int, list[list[tuple[int, int]]]]:
    out: dict[int, list[list[tuple[int, int]]]] = {}
    for path in sorted(folder.glob("*.svg")):
        stem = path.stem
        if "-" in stem:  # variant forms (-Kaisho, -Vt, ...) are not the default form
            continue
        cp = int(stem, 16)
        if not wanted_codepoint(cp):
            continue
        strokes = read_kanjivg_file(path)
        if strokes:
            out[cp] = strokes
    return out


def read_kanjivg_file(path: Path) -> list[list[tuple[int, int]]]:
    """One KanjiVG file's strokes in their numbered order, simplified and quantised as shipped."""
    strokes = []
    for el in ET.parse(path).iter("{http://www.w3.org/2000/svg}path"):
        m = re.search(r"-s(\d+)$", el.get("id", ""))
        if not m:
            continue
        raw = svg_path_points(el.get("d", ""), 1 / 109)
        strokes.append((int(m.group(1)), quantise(simplify(raw, SIMPLIFY_TOLERANCE))))
    strokes.sort(key=lambda s: s[0])
    return [s for _, s in strokes]


def read_hanzi_writer_data(folder: Path) -> dict[int, list[list[tuple[int, int]]]]:
    out: dict[int, list[list[tuple[int, int]]]] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name == "package.json" or len(path.stem) != 1:
            continue
        cp = ord(path.stem)
        if not wanted_codepoint(cp):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        strokes = []
        for median in data["medians"]:
            pts = [(x / 1024, (900 - y) / 1024) for x, y in median]
            strokes.append(quantise(pts))
        if strokes:
            out[cp] = strokes
    return out


# ---------------------------------------------------------------- writing


def encode(records: dict[int, list[list[tuple[int, int]]]], brush_width: float) -> bytes:
    cps = sorted(records)
    blobs = []
    for cp in cps:
        strokes = records[cp]
        if len(strokes) > 255:
            raise ValueError(f"U+{cp:04X}: {len(strokes)} strokes")
        blob = bytearray([len(strokes)])
        for stroke in strokes:
            if len(stroke) > 255:
                raise ValueError(f"U+{cp:04X}: a stroke with {len(stroke)} points")
            blob.append(len(stroke))
            for x, y in stroke:
                blob += bytes((x, y))
        blobs.append(bytes(blob))
    offsets = [0]
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    header = MAGIC + struct.pack("<BBHI", FORMAT_VERSION, QUANT_MAX, round(brush_width * 1000), len(cps))
    index = struct.pack(f"<{len(cps)}I", *cps) + struct.pack(f"<{len(offsets)}I", *offsets)
    return header + index + b"".join(blobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    kvg = locate_kanjivg()
    hwd = locate_hanzi_writer_data()
    outputs = {
        "ja.strokes": (read_kanjivg(kvg), BRUSH_WIDTH_JA),
        "zh.strokes": (read_hanzi_writer_data(hwd), BRUSH_WIDTH_ZH),
    }
    summary: dict[str, object] = {
        "format": FORMAT_VERSION,
        "sources": {
            "ja.strokes": f"PyPI kanjivg=={KANJIVG_VERSION} (KanjiVG, CC BY-SA 3.0)",
            "zh.strokes": f"npm hanzi-writer-data@{HANZI_WRITER_DATA_VERSION} (Make Me a Hanzi, Arphic Public License)",
        },
        "files": {},
    }
    for name, (records, width) in outputs.items():
        blob = encode(records, width)
        (args.out / name).write_bytes(blob)
        summary["files"][name] = {  # type: ignore[index]
            "characters": len(records),
            "bytes": len(blob),
            "sha256": hashlib.sha256(blob).hexdigest(),
        }
        print(f"{name}: {len(records)} characters, {len(blob) / 1e6:.2f} MB")
    (args.out / "sources.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    licence_dir = args.out / "licenses"
    licence_dir.mkdir(exist_ok=True)
    for src, dst in (
        (kvg.parent / f"kanjivg-{KANJIVG_VERSION}.dist-info" / "licenses" / "COPYING", "KanjiVG-CC-BY-SA-3.0.txt"),
        (hwd / "ARPHICPL.TXT", "MakeMeAHanzi-ARPHICPL.txt"),
    ):
        shutil.copyfile(src, licence_dir / dst)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
