"""Reference stroke data: `lookup(char, script)` -> CharData | NoStrokeData.

Frame: the character's em box normalised to [0, 1]^2, x to the right, **y down**. Each stroke is
its centre line from its start to its end, strokes in writing order. Drawing uses the same centre
lines with a round brush of `CharData.brush_width` (fraction of the em box).

Sources: `ja` reads KanjiVG (kanji, hiragana, katakana); `zh-Hans` and `zh-Hant` both read Make
Me a Hanzi (it holds simplified and traditional forms). Files are built by
tools/build_stroke_data.py (format documented there).

Loading is lazy and stdlib-only: importing this module reads nothing; the first lookup in a source
reads that file's header and index; each lookup then reads one record. Never raises for bad input
or a damaged file: the result says why there is no data.
"""

from __future__ import annotations

import bisect
import json
import re
import struct
import threading
import unicodedata
from array import array
from dataclasses import dataclass
from pathlib import Path

SCRIPTS = ("ja", "zh-Hans", "zh-Hant")
DATA_DIR = Path(__file__).resolve().parent / "data"
VARIANT_ORDERS_FILE = "ja_variant_orders.json"  # built by tools/build_variant_orders.py
_SOURCE_FILE = {"ja": "ja.strokes", "zh-Hans": "zh.strokes", "zh-Hant": "zh.strokes"}
# Which data file serves a script, by its short name (zh-Hans and zh-Hant share one).
DATA_SOURCE = {script: name.split(".")[0] for script, name in _SOURCE_FILE.items()}
_SOURCE_NAME = {"ja.strokes": "KanjiVG", "zh.strokes": "Make Me a Hanzi"}
_MAGIC = b"WPSD"
_HEADER = struct.Struct("<4sBBHI")

Point = tuple[float, float]
Stroke = tuple[Point, ...]


@dataclass(frozen=True)
class CharData:
    """Reference strokes of one character."""

    char: str
    script: str
    source: str
    strokes: tuple[Stroke, ...]
    brush_width: float
    # Other standard ways of writing these strokes (writing/data/ja_variant_orders.json): each a
    # tuple of groups in writing order, a group the stroke indices written as one stroke.
    variants: tuple[tuple[tuple[int, ...], ...], ...] = ()
    # Where each component after the first begins (writing/components.py component_starts): the
    # grader places those strokes more loosely.
    component_starts: tuple[int, ...] = ()

    ok = True

    @property
    def stroke_count(self) -> int:
        return len(self.strokes)


@dataclass(frozen=True)
class NoStrokeData:
    """Why a lookup found nothing; `reason` is a sentence for the user."""

    char: str
    script: str
    reason: str

    ok = False


LookupResult = CharData | NoStrokeData


class StrokeDataError(Exception):
    """A bundled data file is missing or damaged (the message names the file)."""


# ------------------------------------------------------------------ normalisation

_VARIATION_SELECTOR = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]")
# Either of the two: what `normalise_text` changes besides NFC (one search tells whether to fold).
FOLDED_BESIDES_NFC = re.compile("[\ufe00-\ufe0f\uff61-\uff9f\U000e0100-\U000e01ef]")


def _full_width(match: re.Match) -> str:
    return unicodedata.normalize("NFKC", match.group())


def normalise_text(text: str) -> str:
    """Fold what real decks contain onto the code points the data uses.

    CJK compatibility ideographs -> unified (NFC), half-width katakana -> full width (NFKC on
    that block only, so e.g. full-width punctuation is left for callers to judge), variation
    selectors dropped.
    """
    if FOLDED_BESIDES_NFC.search(text):
        text = _HALF_WIDTH_KANA.sub(_full_width, _VARIATION_SELECTOR.sub("", text))
    return unicodedata.normalize("NFC", text)


# ------------------------------------------------------------------ file access


class IndexedFile:
    """A bundled data file laid out as header, sorted code point index, records (the layout is
    documented in tools/build_stroke_data.py; tools/build_components.py reuses it). The header and
    index are read on first use, then each lookup reads one record. `label` names the kind of data
    in error sentences."""

    def __init__(self, path: Path, magic: bytes = _MAGIC, label: str = "stroke data") -> None:
        self.path = path
        self.magic = magic
        self.label = label
        self._lock = threading.Lock()
        self._loaded = False
        self._error: str | None = None
        self._codepoints = array("I")
        self._offsets = array("I")
        self._records_start = 0
        # The header's two source-specific numbers (stroke files: quantisation and brush width).
        self.header_byte = 0
        self.header_word = 0

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as f:
                head = f.read(_HEADER.size)
                if len(head) < _HEADER.size:
                    raise StrokeDataError("file is truncated (no header)")
                magic, version, header_byte, header_word, count = _HEADER.unpack(head)
                if magic != self.magic or version != 1 or not self._header_ok(header_byte, header_word):
                    raise StrokeDataError(f"not a Write Practice {self.label} file (bad header)")
                index = f.read(4 * (2 * count + 1))
                if len(index) != 4 * (2 * count + 1):
                    raise StrokeDataError("file is truncated (index)")
                codepoints = array("I", index[: 4 * count])
                offsets = array("I", index[4 * count :])
                if array("I").itemsize != 4:  # pragma: no cover - every supported platform
                    raise StrokeDataError("unsupported platform word size")
                if _is_big_endian():  # pragma: no cover
                    codepoints.byteswap()
                    offsets.byteswap()
                f.seek(0, 2)
                size = f.tell()
            records_start = _HEADER.size + len(index)
            if records_start + offsets[-1] != size:
                raise StrokeDataError(
                    f"file is truncated or damaged (expected {records_start + offsets[-1]} bytes, found {size})"
                )
            self._codepoints, self._offsets = codepoints, offsets
            self._records_start = records_start
            self.header_byte, self.header_word = header_byte, header_word
        except OSError as exc:
            self._error = f"{self.label} file {self.path.name} cannot be read: {exc.strerror or exc}"
        except StrokeDataError as exc:
            self._error = f"{self.label} file {self.path.name}: {exc}"
        self._loaded = True

    def _header_ok(self, header_byte: int, header_word: int) -> bool:
        return True

    def _position(self, codepoint: int) -> int | None:
        """Index slot of `codepoint`, None if absent; the caller holds the lock, index loaded."""
        i = bisect.bisect_left(self._codepoints, codepoint)
        return i if i < len(self._codepoints) and self._codepoints[i] == codepoint else None

    def contains(self, codepoint: int) -> bool:
        """Whether the file has a record for `codepoint`, from the index alone."""
        with self._lock:
            if not self._loaded:
                self._load()
            return not self._error and self._position(codepoint) is not None

    def raw_record(self, codepoint: int) -> bytes | str | None:
        """The record's bytes, None if the character is absent, or an error sentence."""
        with self._lock:
            if not self._loaded:
                self._load()
            if self._error:
                return self._error
            i = self._position(codepoint)
            if i is None:
                return None
            start, end = self._offsets[i], self._offsets[i + 1]
            try:
                with open(self.path, "rb") as f:
                    f.seek(self._records_start + start)
                    return f.read(end - start)
            except OSError as exc:
                return f"{self.label} file {self.path.name} cannot be read: {exc.strerror or exc}"

    def raw_records(self, codepoints: list[int]) -> dict[int, bytes]:
        """The records of those of `codepoints` the file holds, read through one open file
        (thousands at once when a conversion writes stroke-data media); {} if it is unusable."""
        with self._lock:
            if not self._loaded:
                self._load()
            if self._error:
                return {}
            spans = {}
            for codepoint in codepoints:
                i = self._position(codepoint)
                if i is not None:
                    spans[codepoint] = (self._offsets[i], self._offsets[i + 1])
            found = {}
            try:
                with open(self.path, "rb") as f:
                    for codepoint, (start, end) in sorted(spans.items(), key=lambda item: item[1]):
                        f.seek(self._records_start + start)
                        found[codepoint] = f.read(end - start)
            except OSError:
                return {}
            return found

    def count(self) -> int:
        """How many characters the file holds (0 if it is unusable)."""
        return len(self.codepoints())

    def codepoints(self) -> array:
        """Every code point the file has a record for, ascending (empty if it is unusable)."""
        with self._lock:
            if not self._loaded:
                self._load()
            return array("I") if self._error else self._codepoints


class StrokeFile(IndexedFile):
    """One stroke data file: header and index read on first use, then one record per lookup."""

    def _header_ok(self, header_byte: int, header_word: int) -> bool:
        return header_byte != 0  # the quantisation maximum divides every coordinate

    @property
    def brush_width(self) -> float:
        return self.header_word / 1000 if self._loaded and not self._error else 0.06

    def record(self, codepoint: int) -> list[Stroke] | str | None:
        """The strokes, None if the character is absent, or an error sentence."""
        blob = self.raw_record(codepoint)
        if blob is None or isinstance(blob, str):
            return blob
        parsed = _parse_record(blob, self.header_byte)
        if parsed is None:
            return f"stroke data file {self.path.name}: record for U+{codepoint:04X} is damaged"
        return parsed


def _is_big_endian() -> bool:
    import sys

    return sys.byteorder == "big"


def _parse_record(blob: bytes, quant_max: int) -> list[Stroke] | None:
    if not blob:
        return None
    n = blob[0]
    pos = 1
    strokes: list[Stroke] = []
    scale = 1.0 / quant_max
    for _ in range(n):
        if pos >= len(blob):
            return None
        count = blob[pos]
        pos += 1
        end = pos + 2 * count
        if end > len(blob) or count == 0:
            return None
        coords = blob[pos:end]
        strokes.append(tuple((coords[k] * scale, coords[k + 1] * scale) for k in range(0, 2 * count, 2)))
        pos = end
    return strokes if pos == len(blob) else None


_files: dict[str, StrokeFile] = {}
_files_lock = threading.Lock()


def _file_for(script: str) -> StrokeFile:
    name = _SOURCE_FILE[script]
    with _files_lock:
        if name not in _files:
            _files[name] = StrokeFile(DATA_DIR / name)
        return _files[name]


# ------------------------------------------------------------------ public API


def single_character(char: object, script: object) -> tuple[str, str]:
    """Check one per-character lookup's input: (the normalised character, "") when it is usable,
    else (the input as it can be shown, why not). Shared by every per-character data file."""
    if script not in SCRIPTS:
        return str(char), f"unknown script {script!r} (use ja, zh-Hans or zh-Hant)"
    if not isinstance(char, str) or not char:
        return "", "no character given"
    try:
        char.encode("utf-8")
    except UnicodeEncodeError:
        return char.encode("utf-8", "backslashreplace").decode(), "not a valid character"
    folded = normalise_text(char)
    if len(folded) != 1:
        return char, f"one character at a time (got {len(folded)})"
    return folded, ""


def lookup(char: str, script: str) -> LookupResult:
    """Reference strokes for one character in `script` ("ja", "zh-Hans", "zh-Hant")."""
    folded, problem = single_character(char, script)
    if problem:
        return NoStrokeData(folded, str(script), problem)
    name = _SOURCE_FILE[script]
    found = _file_for(script).record(ord(folded))
    if found is None:
        return NoStrokeData(folded, script, f"no stroke data for {folded} in {_SOURCE_NAME[name]}")
    if isinstance(found, str):
        return NoStrokeData(folded, script, found)
    from .components import component_starts  # it reads this module's files: imported late

    return CharData(folded, script, _SOURCE_NAME[name], tuple(found), _file_for(script).brush_width,
                    variant_orders(folded, len(found)) if script == "ja" else (),
                    component_starts(folded, script, len(found)))


_variant_table: dict[str, list] | None = None


def _variant_orders_table() -> dict[str, list]:
    """The variant table, read once; an unreadable table means no variants (strict grading), never
    an error: it only ever widens what is accepted."""
    global _variant_table
    with _files_lock:
        if _variant_table is None:
            try:
                table = json.loads((DATA_DIR / VARIANT_ORDERS_FILE).read_text(encoding="utf-8"))
                _variant_table = table["variants"] if isinstance(table, dict) and isinstance(table.get("variants"), dict) else {}
            except (OSError, ValueError):
                _variant_table = {}
        return _variant_table


def variant_orders(char: str, stroke_count: int) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """The Japanese character's other standard orders (see CharData.variants); a listed variant
    that does not write each of the `stroke_count` strokes exactly once is left out."""
    found = []
    for variant in _variant_orders_table().get(char, ()):
        try:
            groups = tuple(tuple(int(j) for j in group) for group in variant)
        except (TypeError, ValueError):
            continue
        if groups and all(groups) and sorted(j for group in groups for j in group) == list(range(stroke_count)):
            found.append(groups)
    return tuple(found)


@dataclass(frozen=True)
class RawRecord:
    """One character's record as stored (the bytes `_parse_record` reads), with what reading it
    needs from its file's header: the collection media carry it as is (writing/media.py)."""

    source: str  # "ja" or "zh": the data file, which zh-Hans and zh-Hant share
    codepoint: int
    quant_max: int
    brush_milli: int  # brush width in 1/1000 em
    data: bytes
    variants: tuple = ()  # CharData.variants of the character (Japanese only)
    component_starts: tuple = ()  # CharData.component_starts


def raw_records(chars: list[str], script: str) -> list[RawRecord]:
    """The stored records of those of `chars` (normalised characters) that have data in `script`."""
    from .components import component_starts  # it reads this module's files: imported late

    source = _file_for(script)
    found = source.raw_records([ord(ch) for ch in chars])
    return [
        RawRecord(DATA_SOURCE[script], codepoint, source.header_byte, source.header_word, blob,
                  variant_orders(chr(codepoint), blob[0]) if script == "ja" and blob else (),
                  component_starts(chr(codepoint), script, blob[0]) if blob else ())
        for codepoint, blob in found.items()
    ]


def has_data(char: str, script: str) -> bool:
    """Whether `lookup(char, script)` finds strokes, from the index alone: the conversion checks
    thousands of characters and needs no strokes parsed for that."""
    folded, problem = single_character(char, script)
    return not problem and _file_for(script).contains(ord(folded))


def characters(script: str) -> frozenset[str]:
    """Every character `has_data` finds for `script`, in normalised form (what `normalise_text`
    returns): a conversion tests whole words against it at once. Built once per script."""
    found = _characters.get(script)
    if found is None:
        # KanjiVG also has records under compatibility code points, which `has_data` folds away.
        every = map(chr, _file_for(script).codepoints())
        found = _characters[script] = frozenset(ch for ch in every if normalise_text(ch) == ch)
    return found


_characters: dict[str, frozenset[str]] = {}


def coverage(script: str) -> int:
    """How many characters the source for `script` holds (0 if its file is unusable)."""
    return _file_for(script).count()
