"""Component data: known characters, the layout tree and sentence, stroke indices, the CLI
contract, laziness, and damaged or missing data files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from writing import components as comp
from writing import strokes

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "char, script, expected",
    [
        pytest.param("語", "ja", ["言", "五", "口"], id="ja-語-descends-through-吾"),
        pytest.param("休", "ja", ["亻", "木"], id="ja-休-radical-variant"),
        pytest.param("明", "ja", ["日", "月"], id="ja-明"),
        pytest.param("想", "ja", ["木", "目", "心"], id="ja-想-descends-through-相"),
        pytest.param("妈", "zh-Hans", ["女", "马"], id="zh-妈"),
        pytest.param("好", "zh-Hans", ["女", "子"], id="zh-好"),
        pytest.param("谢", "zh-Hans", ["讠", "身", "寸"], id="zh-谢-descends-through-射"),
        pytest.param("語", "zh-Hant", ["言", "五", "口"], id="zh-Hant-語"),
        pytest.param("这", "zh-Hans", ["文", "辶"], id="zh-这-enclosure-written-last"),
        pytest.param("國", "zh-Hant", ["囗", "或"], id="zh-Hant-國-enclosure"),
    ],
)
def test_smallest_familiar_parts(char, script, expected):
    result = comp.components(char, script)
    assert result.ok, result
    assert list(result.components) == expected


@pytest.mark.parametrize(
    "char, script",
    [
        pytest.param("五", "ja", id="ja-五-loose-strokes-between-二's-parts"),
        pytest.param("千", "zh-Hans", id="zh-千-a-single-stroke-on-十"),
        pytest.param("言", "ja", id="ja-言-strokes-around-口"),
    ],
)
def test_characters_drawn_as_one_shape_are_one_part(char, script):
    result = comp.components(char, script)
    assert result.components == (char,)
    assert result.tree.parts == ()
    assert result.describe() == f"{char} is one familiar part"


def test_the_root_is_split_even_when_it_is_a_radical():
    assert comp.components("音", "ja").components == ("立", "日")


def test_tree_of_語_is_言_left_of_五_over_口():
    tree = comp.components("語", "ja").tree
    assert tree.layout == "⿰"
    left, right = tree.parts
    assert (left.char, left.position, left.is_component) == ("言", "left", True)
    assert (right.char, right.position, right.layout) == ("吾", "right", "⿱")
    assert [(p.char, p.position) for p in right.parts] == [("五", "top"), ("口", "bottom")]


@pytest.mark.parametrize(
    "char, script, sentence",
    [
        pytest.param("語", "ja", "言 on the left; 五 over 口 on the right", id="ja-語"),
        pytest.param("想", "ja", "木 beside 目 on top; 心 at the bottom", id="ja-想"),
        pytest.param("国", "ja", "囗 around 玉", id="ja-国-enclosure"),
        pytest.param("囚", "ja", "囗 around 人", id="ja-囚-enclosure-found-from-stroke-extents"),
        pytest.param("这", "zh-Hans", "辶 around 文", id="zh-这-enclosure-written-last"),
        pytest.param("谢", "zh-Hans", "讠 on the left; 身 beside 寸 on the right", id="zh-谢"),
        pytest.param("墮", "ja", "⻖ beside (左 over 月) on top; 土 at the bottom", id="ja-墮-nested-group-in-brackets"),
    ],
)
def test_layout_sentence(char, script, sentence):
    assert comp.components(char, script).describe() == sentence


def test_known_components_are_marked():
    assert comp.components("語", "ja").describe({"口"}) == "言 on the left; 五 over 口 (known) on the right"


@pytest.mark.parametrize(
    "char, expected",
    [
        pytest.param("語", {"言": range(0, 7), "五": range(7, 11), "口": range(11, 14)}, id="ja-語"),
        pytest.param("国", {"囗": [0, 1, 7], "玉": range(2, 7)}, id="ja-国-enclosure-closed-last"),
    ],
)
def test_japanese_stroke_indices_follow_kanjivg(char, expected):
    parts = comp.components(char, "ja").parts
    assert {p.char: list(p.strokes) for p in parts} == {k: list(v) for k, v in expected.items()}


def test_stroke_indices_cover_the_character_exactly_once():
    for char, script in (("語", "ja"), ("想", "ja"), ("谢", "zh-Hans"), ("妈", "zh-Hans"), ("湖", "zh-Hans")):
        parts = comp.components(char, script).parts
        indices = sorted(i for p in parts for i in p.strokes)
        assert indices == list(range(strokes.lookup(char, script).stroke_count)), char


def test_chinese_stroke_indices_are_unknown_where_parts_interleave():
    # 国: the enclosure's closing stroke comes after the inside; counting cannot place it.
    parts = comp.components("国", "zh-Hans").parts
    assert [p.strokes for p in parts] == [None, None]


def test_traditional_and_compatibility_forms_fold():
    assert comp.components("\uFA30", "ja").char == "侮"  # compatibility ideograph → unified


@pytest.mark.parametrize(
    "char, script, reason",
    [
        pytest.param("語", "xx", "unknown script", id="bad-script"),
        pytest.param("", "ja", "no character", id="empty"),
        pytest.param("語語", "ja", "one character at a time", id="two-characters"),
        pytest.param("a", "ja", "no component data", id="latin-letter"),
        pytest.param("妈", "ja", "no component data for 妈 in KanjiVG", id="simplified-only-in-ja"),
        pytest.param("\ud800", "ja", "not a valid character", id="lone-surrogate"),
        pytest.param(None, "ja", "no character", id="none"),
    ],
)
def test_bad_input_gives_a_reason(char, script, reason):
    result = comp.components(char, script)
    assert not result.ok and reason in result.reason


def _joyo_kanji() -> list[str]:
    """The jōyō list reader of tests/test_strokes.py (one reader for both tests)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_strokes_tests", ROOT / "tests" / "test_strokes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._joyo_kanji()


def test_every_joyo_kanji_has_components():
    missing = [k for k in _joyo_kanji() if not comp.components(k, "ja").ok]
    assert missing == []


def test_coverage_counts():
    assert comp.coverage("ja") > 6000
    assert comp.coverage("zh-Hans") > 9000


def _write(tmp_path: Path, blob: bytes, monkeypatch) -> None:
    (tmp_path / "components_ja.data").write_bytes(blob)
    monkeypatch.setattr(comp, "DATA_DIR", tmp_path)
    monkeypatch.setattr(comp, "_files", {})


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b"WPSD" + b[4:], id="stroke-file-magic"),
    ],
)
def test_damaged_file_names_the_file(tmp_path, monkeypatch, damage):
    _write(tmp_path, damage((comp.DATA_DIR / "components_ja.data").read_bytes()), monkeypatch)
    result = comp.components("語", "ja")
    assert not result.ok and "components_ja.data" in result.reason


def test_damaged_record_is_a_reason(tmp_path, monkeypatch):
    good = (comp.DATA_DIR / "components_ja.data").read_bytes()
    f = strokes.IndexedFile(comp.DATA_DIR / "components_ja.data", b"WPCD", "component data")
    f.count()
    i = list(f._codepoints).index(ord("語"))
    start = f._records_start + f._offsets[i]
    damaged = good[:start] + b"{" + good[start + 1 :]
    _write(tmp_path, damaged, monkeypatch)
    result = comp.components("語", "ja")
    assert not result.ok and "damaged" in result.reason
    assert comp.components("休", "ja").ok  # other records still read


def test_missing_file_is_a_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(comp, "DATA_DIR", tmp_path)
    monkeypatch.setattr(comp, "_files", {})
    result = comp.components("語", "ja")
    assert not result.ok and "components_ja.data" in result.reason and "cannot be read" in result.reason


def test_import_reads_no_data():
    code = "import writing.components as c; print(len(c._files))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_manifest_matches_files_and_licences_ship():
    import hashlib

    manifest = json.loads((comp.DATA_DIR / "components_sources.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {"components_ja.data", "components_zh.data"}
    for name, info in manifest["files"].items():
        assert hashlib.sha256((comp.DATA_DIR / name).read_bytes()).hexdigest() == info["sha256"], name
    for licence in ("cjk-decomp-Apache-2.0.txt", "HanziJS-MIT.txt", "KanjiVG-CC-BY-SA-3.0.txt"):
        assert (comp.DATA_DIR / "licenses" / licence).stat().st_size > 1000


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "writing", "components", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_prints_the_contract():
    out = _cli("語")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data) == ["char", "components", "tree"]
    assert data["char"] == "語" and data["components"] == ["言", "五", "口"]
    assert data["tree"]["layout"] == "⿰"
    assert [p["char"] for p in data["tree"]["parts"]] == ["言", "吾"]
    assert data["tree"]["parts"][1]["parts"][0] == {"char": "五", "position": "top", "strokes": [7, 8, 9, 10]}


@pytest.mark.parametrize(
    "args, components",
    [
        pytest.param(("谢", "--script", "zh-Hans"), ["讠", "身", "寸"], id="explicit-script"),
        pytest.param(("妈",), ["女", "马"], id="no-script-falls-back-to-chinese"),
        pytest.param(("休", "--script", "ja"), ["亻", "木"], id="ja"),
    ],
)
def test_cli_scripts(args, components):
    out = _cli(*args)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["components"] == components


def test_cli_error_is_json_and_status_1():
    out = _cli("xyz")
    assert out.returncode == 1
    assert "one character at a time" in json.loads(out.stdout)["error"]
