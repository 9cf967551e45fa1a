"""Bundled stroke data: real facts about real characters, normalisation, bad input, laziness."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from writing import strokes

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "char,script,count",
    [
        pytest.param("語", "ja", 14, id="kanjivg-go-14"),
        pytest.param("書", "ja", 10, id="kanjivg-sho-10"),
        pytest.param("侮", "ja", 8, id="kanjivg-bu-8"),
        pytest.param("あ", "ja", 3, id="kanjivg-hiragana-a-3"),
        pytest.param("ア", "ja", 2, id="kanjivg-katakana-a-2"),
        pytest.param("我", "zh-Hans", 7, id="mmah-wo-7"),
        pytest.param("爱", "zh-Hans", 10, id="mmah-ai-simplified-10"),
        pytest.param("愛", "zh-Hant", 13, id="mmah-ai-traditional-13"),
    ],
)
def test_stroke_counts_match_the_sources(char, script, count):
    result = strokes.lookup(char, script)
    assert result.ok, result
    assert result.stroke_count == count


@pytest.mark.parametrize("script", ["ja", "zh-Hans"])
def test_first_stroke_of_one_goes_left_to_right(script):
    (stroke,) = strokes.lookup("一", script).strokes
    (x0, y0), (x1, y1) = stroke[0], stroke[-1]
    assert x1 - x0 > 0.5, "一 is drawn from left to right across most of the box"
    assert abs(y1 - y0) < 0.1
    assert 0.3 < y0 < 0.7, "in the middle of the em box, y down"


def test_frame_is_unit_box_y_down():
    # 三's strokes are written top to bottom: y grows stroke by stroke in a y-down frame.
    for script in ("ja", "zh-Hans"):
        ys = [s[0][1] for s in strokes.lookup("三", script).strokes]
        assert ys == sorted(ys), script
        assert all(0 <= x <= 1 and 0 <= y <= 1 for s in strokes.lookup("三", script).strokes for x, y in s)


@pytest.mark.parametrize(
    "given,expected",
    [
        pytest.param("\ufa30", "侮", id="compatibility-ideograph"),
        pytest.param("葛\U000e0100", "葛", id="ideographic-variation-selector"),
        pytest.param("神\ufe00", "神", id="standard-variation-selector"),
        pytest.param("ｱ", "ア", id="half-width-katakana"),
    ],
)
def test_input_is_normalised(given, expected):
    result = strokes.lookup(given, "ja")
    assert result.ok, result
    assert result.char == expected


@pytest.mark.parametrize(
    "given,script,reason",
    [
        pytest.param("", "ja", "no character", id="empty"),
        pytest.param("語彙", "ja", "one character at a time", id="two-characters"),
        pytest.param("a", "ja", "no stroke data for a", id="latin"),
        pytest.param("\ud800", "ja", "not a valid character", id="unpaired-surrogate"),
        pytest.param("語", "ko", "unknown script", id="unknown-script"),
        pytest.param(None, "ja", "no character", id="not-a-string"),
    ],
)
def test_bad_input_gives_a_reason_not_an_exception(given, script, reason):
    result = strokes.lookup(given, script)
    assert not result.ok
    assert reason in result.reason


def test_character_in_one_source_only():
    # ゑ (kana) is in KanjiVG but not in Make Me a Hanzi; 们 is Chinese-only.
    assert strokes.lookup("ゑ", "ja").ok
    missing = strokes.lookup("ゑ", "zh-Hans")
    assert not missing.ok and "Make Me a Hanzi" in missing.reason
    assert strokes.lookup("们", "zh-Hans").ok
    assert not strokes.lookup("们", "ja").ok


def _joyo_kanji() -> list[str]:
    source = (ROOT / "tools" / "node_modules" / "joyo-kanji" / "index.js").read_text(encoding="utf-8")
    kanji = re.findall(r'"(.)"', source.split('"kanji"', 1)[1])
    assert len(kanji) == 2136, len(kanji)
    return kanji


def test_every_joyo_kanji_has_japanese_data():
    missing = [k for k in _joyo_kanji() if not strokes.lookup(k, "ja").ok]
    assert missing == []


def test_coverage_counts(capsys):
    ja, zh = strokes.coverage("ja"), strokes.coverage("zh-Hans")
    kana = [chr(c) for c in list(range(0x3041, 0x3097)) + list(range(0x30A1, 0x30FB))]
    kana_missing = [k for k in kana if not strokes.lookup(k, "ja").ok]
    joyo_in_zh = sum(strokes.lookup(k, "zh-Hant").ok for k in _joyo_kanji())
    with capsys.disabled():
        print(f"\ncoverage: ja {ja} characters, zh {zh}; kana without data {kana_missing}; jōyō in Make Me a Hanzi {joyo_in_zh}/2136")
    assert ja > 6000 and zh > 9000
    assert kana_missing == []


def _write_file(path: Path, data: bytes) -> strokes.StrokeFile:
    path.write_bytes(data)
    return strokes.StrokeFile(path)


def test_truncated_file_names_the_file(tmp_path):
    good = (strokes.DATA_DIR / "ja.strokes").read_bytes()
    damaged = _write_file(tmp_path / "ja.strokes", good[: len(good) // 2])
    message = damaged.record(ord("語"))
    assert isinstance(message, str) and "ja.strokes" in message and "truncated" in message


@pytest.mark.parametrize(
    "blob", [pytest.param(b"", id="empty-file"), pytest.param(b"GARBAGE" * 10, id="bad-magic")]
)
def test_corrupt_file_names_the_file(tmp_path, blob):
    message = _write_file(tmp_path / "zh.strokes", blob).record(ord("我"))
    assert isinstance(message, str) and "zh.strokes" in message


def test_missing_file_is_a_reason(tmp_path):
    message = strokes.StrokeFile(tmp_path / "nope.strokes").record(ord("我"))
    assert isinstance(message, str) and "nope.strokes" in message


def test_import_loads_no_data_and_no_numpy():
    code = (
        "import sys, writing, writing.strokes, writing.config;"
        "print(int('numpy' in sys.modules), len(writing.strokes._files))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0"]


def test_a_lookup_reads_one_record_not_the_whole_file(monkeypatch):
    """Count the bytes read from the data file during one cold lookup."""
    import builtins

    f = strokes.StrokeFile(strokes.DATA_DIR / "zh.strokes")
    read_bytes = []
    real_open = builtins.open

    class Counting:
        def __init__(self, fh):
            self.fh = fh

        def read(self, n=-1):
            data = self.fh.read(n)
            read_bytes.append(len(data))
            return data

        def __getattr__(self, name):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    monkeypatch.setattr(builtins, "open", lambda *a, **k: Counting(real_open(*a, **k)))
    assert isinstance(f.record(ord("我")), list)
    size = (strokes.DATA_DIR / "zh.strokes").stat().st_size
    index_size = 12 + 4 * (2 * strokes.coverage("zh-Hans") + 1)
    assert sum(read_bytes) < index_size + 1000
    assert sum(read_bytes) < size / 10


def test_sources_manifest_matches_the_files():
    import hashlib

    manifest = json.loads((strokes.DATA_DIR / "sources.json").read_text(encoding="utf-8"))
    for name, info in manifest["files"].items():
        assert hashlib.sha256((strokes.DATA_DIR / name).read_bytes()).hexdigest() == info["sha256"], name
    for licence in ("KanjiVG-CC-BY-SA-3.0.txt", "MakeMeAHanzi-ARPHICPL.txt"):
        assert (strokes.DATA_DIR / "licenses" / licence).stat().st_size > 1000


def test_bundled_data_is_small():
    total = sum(p.stat().st_size for p in strokes.DATA_DIR.rglob("*") if p.is_file())
    assert total < 12_000_000


@pytest.mark.parametrize(
    "char,script",
    [
        pytest.param("語", "ja", id="kanji"),
        pytest.param("\ufa30", "ja", id="compatibility-form"),
        pytest.param("ｱ", "ja", id="half-width"),
        pytest.param("ゑ", "zh-Hans", id="kana-not-in-chinese"),
        pytest.param("们", "zh-Hant", id="hanzi"),
        pytest.param("a", "ja", id="latin"),
        pytest.param("語彙", "ja", id="two-characters"),
        pytest.param("", "ja", id="empty"),
        pytest.param("\ud800", "ja", id="unpaired-surrogate"),
        pytest.param("語", "ko", id="unknown-script"),
    ],
)
def test_has_data_agrees_with_lookup(char, script):
    assert strokes.has_data(char, script) == strokes.lookup(char, script).ok


@pytest.mark.parametrize("script", strokes.SCRIPTS)
def test_characters_is_what_has_data_finds(script):
    every_bmp_and_cjk_extension = map(chr, range(0x20000 + 0x10000))
    found = frozenset(ch for ch in every_bmp_and_cjk_extension if not 0xD800 <= ord(ch) <= 0xDFFF and strokes.has_data(ch, script))
    # has_data also folds forms (compatibility ideographs, half-width kana) onto characters in
    # the set: the set holds the folded forms only, which is what conversion targets are.
    assert strokes.characters(script) == {strokes.normalise_text(ch) for ch in found}


def test_has_data_on_a_damaged_file_is_false(tmp_path):
    damaged = _write_file(tmp_path / "ja.strokes", b"GARBAGE" * 10)
    assert damaged.contains(ord("語")) is False


# ------------------------------------------------------------------ other standard orders


@pytest.mark.anki_independent  # needs the kanjivg wheel (requirements-dev.txt), as the build does
def test_variant_table_was_derived_from_the_bundled_data_and_rederives_the_same():
    """writing/data/ja_variant_orders.json names the data files and the KanjiVG release it was
    derived from; a sample of its entries (and of characters without one) comes out the same when
    derived again."""
    import hashlib

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    import build_stroke_data
    import build_variant_orders

    table = json.loads((strokes.DATA_DIR / strokes.VARIANT_ORDERS_FILE).read_text(encoding="utf-8"))
    for name, digest in table["derived_from"].items():
        assert hashlib.sha256((strokes.DATA_DIR / name).read_bytes()).hexdigest() == digest, name
    assert table["kanjivg_forms"] == f"kanjivg=={build_stroke_data.KANJIVG_VERSION}"
    assert 500 < len(table["variants"]) < 2000
    forms = build_variant_orders.kanjivg_forms(build_stroke_data.locate_kanjivg())
    for char in ["右", "防", "感", "店", "働", "馬", "左", "何", "日", "あ"] + sorted(table["variants"])[::97]:
        assert (build_variant_orders.variants_for(char, forms) or None) == table["variants"].get(char), char


@pytest.mark.parametrize(("char", "groups"), [
    ("店", [[0], [1], [2], [4], [3], [5], [6], [7]]),
    ("働", [[0], [1], [2], [3], [4], [5], [6], [7], [9], [10], [8], [11], [12]]),
], ids=["店-占-horizontal-first-KanjiVG-HzFst", "働-重-vertical-last-KanjiVG-VtLst"])
def test_kanjivg_own_other_forms_are_variants(char, groups):
    """KanjiVG ships other standard forms beside the default one (店-KaishoHzFst.svg,
    働-KaishoVtLst.svg): the same strokes in another order become variants, as Make Me a Hanzi's
    Chinese orders do."""
    assert tuple(map(tuple, groups)) in strokes.lookup(char, "ja").variants


@pytest.mark.parametrize(("char", "script", "variants"), [
    ("右", "ja", (((1,), (0,), (2,), (3,), (4,)),)),
    ("防", "ja", (((0, 1), (2,), (3,), (4,), (5,), (6,)),)),
    ("左", "ja", ()),
    ("右", "zh-Hans", ()),  # a variant of the Japanese reference only
], ids=["右-chinese-order", "防-阝-in-two-strokes", "左-same-in-both", "chinese-script-none"])
def test_lookup_carries_the_variants(char, script, variants):
    assert strokes.lookup(char, script).variants == variants


@pytest.mark.parametrize("entry", [
    [[[0], [0], [2], [3], [4]]], [[[0], [1], [2], [3]]], [[[0], [1], [2], [3], [9]]], [[["x"], [1], [2], [3], [4]]],
    [[[0, 1, 2, 3], []]], "junk", [None],
], ids=["repeated", "incomplete", "out-of-range", "not-a-number", "empty-group", "not-a-list", "null"])
def test_a_bad_variant_entry_is_left_out_and_the_character_still_graded(monkeypatch, entry):
    good = [[1], [0], [2], [3], [4]]
    listed = entry + [good] if isinstance(entry, list) else entry
    monkeypatch.setattr(strokes, "_variant_table", {"右": listed})
    found = strokes.lookup("右", "ja")
    assert found.ok and found.stroke_count == 5
    assert found.variants == ((tuple(map(tuple, good)),) if isinstance(entry, list) else ())


def test_an_unreadable_variant_table_means_no_variants(monkeypatch, tmp_path):
    (tmp_path / strokes.VARIANT_ORDERS_FILE).write_text("{not json", encoding="utf-8")
    for name in ("ja.strokes",):
        (tmp_path / name).write_bytes((strokes.DATA_DIR / name).read_bytes())
    monkeypatch.setattr(strokes, "DATA_DIR", tmp_path)
    monkeypatch.setattr(strokes, "_variant_table", None)
    monkeypatch.setattr(strokes, "_files", {})
    found = strokes.lookup("右", "ja")
    assert found.ok and found.variants == ()
