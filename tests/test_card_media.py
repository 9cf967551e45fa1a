"""Stroke data as collection media (writing/media.py) on real collections, and its second reader
(web/wp_strokes.js) under node: one record format, read the same by Python and by the card."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from writing import media, notetype, strokes

ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node not installed (tools/setup_env.sh expects Node.js)")


def add_writing_note(col, target: str, script: str):
    status = notetype.ensure(col)
    note = col.new_note(col.models.get(status.id))
    note["Target"], note["Script"], note["Meaning"] = target, script, "meaning"
    col.add_note(note, col.decks.id("Writing"))
    return note


def stroke_files(col) -> dict[str, bytes]:
    folder = Path(col.media.dir())
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name.startswith(media.STROKE_MEDIA_PREFIX)}


def call_arguments(content: bytes) -> list:
    text = content.decode()
    return json.loads(text[text.index("receive(") + len("receive(") : text.rindex(")")])


def trailing_arguments(found) -> list:
    """What a media file carries after the record: the variants, then the component starts, each
    only when needed (found: a CharData or a RawRecord)."""
    variants = [[list(group) for group in groups] for groups in found.variants]
    if found.component_starts:
        return [variants, list(found.component_starts)]
    return [variants] if variants else []


def node_decode(args_list: list) -> list:
    """web/wp_strokes.js's decode of each media file's arguments, under node."""
    script = "const s = require(process.argv[1]); const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));" \
        "process.stdout.write(JSON.stringify(input.map(a => s.decode(a))));"
    proc = subprocess.run([NODE, "-e", script, str(ROOT / "web" / "wp_strokes.js")], input=json.dumps(args_list), capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


@pytest.mark.parametrize(("target", "script", "names"), [
    ("語", "ja", ["_wp-ja-8a9e"]),
    ("学生", "ja", ["_wp-ja-5b66", "_wp-ja-751f"]),
    ("谢", "zh-Hans", ["_wp-zh-8c22"]),
    ("謝", "zh-Hant", ["_wp-zh-8b1d"]),
    ("<b>語</b>", "ja", ["_wp-ja-8a9e"]),
    ("Ω語", "ja", ["_wp-ja-8a9e"]),  # no data for Ω: nothing written for it
], ids=["kanji", "word", "simplified", "traditional", "html-in-field", "char-without-data"])
def test_each_character_of_the_writing_notes_gets_one_file(col, target, script, names):
    note = add_writing_note(col, target, script)
    before = (note.fields[:], col.get_note(note.id).mod)
    status = media.ensure(col)
    assert not status.problems and status.strokes_written == len(names)
    tag = media.stroke_media_tag()
    files = stroke_files(col)
    assert sorted(files) == [f"{n}.{tag}.js" for n in names]
    for content in files.values():
        assert media.is_ours(content)
        source, codepoint, quant_max, brush_milli, record, *rest = call_arguments(content)
        found = strokes.lookup(chr(codepoint), script)
        assert rest == trailing_arguments(found)
        # Python's own reader reads the file's bytes as it reads the bundled data
        assert strokes._parse_record(base64.b64decode(record), quant_max) == list(found.strokes)
        assert brush_milli / 1000 == found.brush_width and source == strokes.DATA_SOURCE[script]
    assert (col.get_note(note.id).fields, col.get_note(note.id).mod) == before, "user notes are never modified"


def test_second_upkeep_writes_nothing_and_needs_nothing(col):
    add_writing_note(col, "勉強", "ja")
    assert media.ensure(col).strokes_written == 2
    mtimes = {p.name: p.stat().st_mtime_ns for p in Path(col.media.dir()).iterdir()}
    again = media.ensure(col)
    assert (again.strokes_written, again.strokes_removed, again.written) == (0, 0, ())
    assert media.needed_writes(col) == []
    assert {p.name: p.stat().st_mtime_ns for p in Path(col.media.dir()).iterdir()} == mtimes


def test_a_new_note_is_needed_then_written(col):
    add_writing_note(col, "語", "ja")
    media.ensure(col)
    add_writing_note(col, "書", "ja")
    name = f"_wp-ja-{ord('書'):x}.{media.stroke_media_tag()}.js"
    assert media.needed_writes(col) == [name]
    assert media.ensure(col).strokes_written == 1 and name in stroke_files(col)


def test_files_of_another_tag_are_removed_and_foreign_files_kept(col):
    add_writing_note(col, "語", "ja")
    folder = Path(col.media.dir())
    old = folder / "_wp-ja-8a9e.00000000.js"
    old.write_bytes(b"/*" + media.MARKER.encode() + b"*/old data\n")
    foreign = folder / "_wp-ja-8a9f.11111111.js"
    foreign.write_bytes(b"// a file the user made\n")
    assert old.name in media.needed_writes(col)
    status = media.ensure(col)
    assert status.strokes_removed == 1 and not status.problems
    assert not old.exists() and foreign.read_bytes() == b"// a file the user made\n"
    assert f"_wp-ja-8a9e.{media.stroke_media_tag()}.js" in stroke_files(col)


def test_the_tag_follows_the_recorded_data():
    sources = json.loads((strokes.DATA_DIR / "sources.json").read_text())
    assert len(media.stroke_media_tag()) == 8
    for name, entry in sources["files"].items():  # the files the tag was made from are these
        import hashlib

        assert hashlib.sha256((strokes.DATA_DIR / name).read_bytes()).hexdigest() == entry["sha256"], name


@pytest.mark.parametrize("script", ["ja", "zh-Hans"], ids=["kanjivg", "make-me-a-hanzi"])
def test_two_thousand_characters_fit_the_budget(col, script, capsys):
    chars = sorted(strokes.characters(script))
    chars = [c for c in chars if 0x4E00 <= ord(c) <= 0x9FFF][:2000]
    status = media.ensure_stroke_media(col, [(c, script) for c in chars])
    assert status.strokes_written == 2000 and not status.problems
    total = sum(len(b) for b in stroke_files(col).values())
    with capsys.disabled():
        print(f"\nstroke media, {script}: 2,000 characters = {total:,} bytes ({total / 2000:.0f} bytes a file)")
    assert total <= 3 * 1024 * 1024


@pytest.mark.parametrize("script", ["ja", "zh-Hans"], ids=["kanjivg", "make-me-a-hanzi"])
def test_every_records_file_holds_one_call_with_json_arguments(script):
    """The call's arguments are formatted directly, not by json.dumps: each record's must read back."""
    records = strokes.raw_records(sorted(strokes.characters(script)), script)
    assert len(records) > 5000
    for record in records:
        content = media.stroke_media_content(record)
        assert media.is_ours(content) and content.endswith(b"]);\n") and content.count(b"\n") == 1
        want = [record.source, record.codepoint, record.quant_max, record.brush_milli, base64.b64encode(record.data).decode()]
        assert call_arguments(content) == want + trailing_arguments(record), chr(record.codepoint)


@needs_node
def test_node_reads_every_file_as_python_does(col):
    """The second reader: wp_strokes.js decodes 600 media files to Python's strokes."""
    chars = sorted(strokes.characters("ja"))[::11][:300] + sorted(strokes.characters("zh-Hans"))[::31][:300]
    targets = [(c, "ja") for c in chars[:300]] + [(c, "zh-Hans") for c in chars[300:]]
    media.ensure_stroke_media(col, targets)
    files = stroke_files(col)
    args = [call_arguments(b) for b in files.values()]
    decoded = node_decode(args)
    assert len(decoded) == len(args) >= 590
    for a, got in zip(args, decoded):
        script = "ja" if a[0] == "ja" else "zh-Hans"
        want = strokes.lookup(chr(a[1]), script)
        assert got["brushWidth"] == want.brush_width
        assert [[tuple(p) for p in s] for s in got["strokes"]] == [list(s) for s in want.strokes], chr(a[1])
        assert got["variants"] == [[list(group) for group in groups] for groups in want.variants], chr(a[1])
        assert got["componentStarts"] == list(want.component_starts), chr(a[1])
    assert any(got["variants"] for got in decoded) and any(got["componentStarts"] for got in decoded)


@needs_node
@pytest.mark.parametrize("variants", [
    [[[0], [0], [2]]], [[[0], [1]]], [[[0], [1], [3]]], [[[0], [1.5], [2]]], [[[0, 1, 2], []]], [[]], "junk", [[["0"], [1], [2]]],
], ids=["repeated", "incomplete", "out-of-range", "fraction", "empty-group", "empty-variant", "not-a-list", "string-index"])
def test_junk_variants_are_dropped_by_both_readers_and_the_strokes_kept(variants):
    """A media file's variants that do not write each stroke once (工 has three) are left out; the
    good one beside them is kept."""
    record = strokes.raw_records(["工"], "ja")[0]
    blob = base64.b64encode(record.data).decode()
    good = [[1], [0], [2]]
    listed = variants + [good] if isinstance(variants, list) else variants
    (got,) = node_decode([["ja", record.codepoint, record.quant_max, record.brush_milli, blob, listed]])
    assert len(got["strokes"]) == 3
    assert got["variants"] == ([good] if isinstance(variants, list) else [])


@needs_node
@pytest.mark.parametrize("starts", [
    [0, 2], [2, 1], [1, 1], [3], [1.5], ["1"], "junk", None,
], ids=["the-first-stroke", "descending", "repeated", "out-of-range", "fraction", "string-index", "not-a-list", "null"])
def test_junk_component_starts_are_dropped_and_the_strokes_kept(starts):
    """Component starts must be strokes 1 .. count-1, ascending: anything else in the list drops
    the list (the grader then places every stroke as strictly as before), never the strokes."""
    record = strokes.raw_records(["工"], "ja")[0]
    blob = base64.b64encode(record.data).decode()
    good, bad = node_decode([["ja", record.codepoint, record.quant_max, record.brush_milli, blob, [], arg]
                             for arg in ([1, 2], starts)])
    assert good["componentStarts"] == [1, 2]
    assert len(bad["strokes"]) == 3 and bad["componentStarts"] == []


@needs_node
@pytest.mark.parametrize("blob", [b"", b"\x01", b"\x01\x00", b"\x01\x02\x10\x10\x20", b"\x01\x01\x10\x10\x00"],
                         ids=["empty", "no-stroke-header", "zero-points", "truncated", "trailing-bytes"])
def test_damaged_records_are_refused_by_both_readers(blob):
    assert strokes._parse_record(blob, 255) is None
    assert node_decode([["ja", 0x8a9e, 255, 55, base64.b64encode(blob).decode()]]) == [None]


def test_a_conversions_stroke_targets_give_every_new_note_its_stroke_data_and_sources_stay_alone(col):
    """A real conversion (tests/scenarios/convert_decks.py's Core deck), then its stroke targets
    written as the GUI and the command line do: every character of every new writing note with
    stroke data has its file, the source notes stay byte-identical."""
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "scenarios"))
    from convert_decks import add_core_deck, snapshot

    from writing import convert
    from writing.config import parse

    source_ids = add_core_deck(col)
    before = snapshot(col, source_ids)
    result = convert.convert(col, convert.ConvertOptions.from_config(parse({})[0], deck="Core 2k"))
    assert result.added and not result.media_problems
    assert not stroke_files(col), "the conversion leaves its stroke data to the caller's next step"
    status = media.ensure_stroke_media(col, result.stroke_targets)
    assert status.strokes_written and not status.problems
    wanted = {f"_wp-ja-{ord(ch):x}.{media.stroke_media_tag()}.js" for ch, _ in media.writing_characters(col)}
    assert wanted and wanted <= set(stroke_files(col))
    assert media.needed_writes(col) == []
    assert snapshot(col, source_ids) == before


def test_the_card_script_carries_the_grader_thresholds_and_the_media_names():
    """The JS grader reads the numbers from the card script, which holds the file as it is."""
    script = media.card_script().decode()
    lines = script.split("\n")
    settings = json.loads(lines[0].split(".media = ", 1)[1].rstrip(";"))
    thresholds = json.loads(lines[1].split(".thresholds = ", 1)[1].rstrip(";"))
    assert thresholds == json.loads(media.THRESHOLDS.read_text(encoding="utf-8"))
    assert settings["strokes"] == media.stroke_media_name("{source}", 0).replace("-0.", "-{hex}.")
    assert script.endswith((media.WEB_DIR / "write_practice.js").read_text(encoding="utf-8"))
