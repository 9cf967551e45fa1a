"""`python -m writing convert`: the command-line contract, run as a real subprocess."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "scenarios"))

from convert_decks import add_core_deck, add_hsk_deck  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "writing", "convert", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def targets_in(path: Path) -> set[str]:
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        ids = col.find_notes('"note:Write Practice"')
        return {col.get_note(i)["Target"] for i in ids}
    finally:
        col.close()


@pytest.fixture
def collection_file(tmp_path):
    from anki.collection import Collection

    path = tmp_path / "user.anki2"
    col = Collection(str(path))
    add_core_deck(col)
    add_hsk_deck(col)
    col.close()
    return path


def test_collection_converted_in_place_with_a_search(collection_file):
    proc = run_cli(str(collection_file), "--search", 'deck:"HSK 1"')
    assert proc.returncode == 0, proc.stderr
    assert "Added 5 writing cards" in proc.stdout and "HSK 1::Writing" in proc.stdout
    assert targets_in(collection_file) == {"爱", "学习", "你好", "垃圾", "电话"}
    again = run_cli(str(collection_file), "--search", 'deck:"HSK 1"')
    assert "Added 0 writing cards (5 already existed)" in again.stdout


def test_unit_and_min_interval(collection_file):
    proc = run_cli(str(collection_file), "--search", 'deck:"HSK 1"', "--unit", "character", "--min-interval", "0")
    assert proc.returncode == 0, proc.stderr
    assert targets_in(collection_file) == set("爱学习你好垃圾电话谢")


def test_apkg_is_never_modified_and_out_holds_the_cards(collection_file, tmp_path):
    from anki.collection import Collection, ExportAnkiPackageOptions

    package = tmp_path / "shared.apkg"
    col = Collection(str(collection_file))
    col.export_anki_package(out_path=str(package), options=ExportAnkiPackageOptions(with_scheduling=False, with_media=True), limit=None)
    col.close()
    digest = hashlib.sha256(package.read_bytes()).hexdigest()
    out = tmp_path / "out" / "with-writing.apkg"
    proc = run_cli(str(package), "--min-interval", "0", "--search", 'deck:"HSK 1"', "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert hashlib.sha256(package.read_bytes()).hexdigest() == digest
    assert f"Wrote {out}" in proc.stdout
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask, "a package to share gets a new file's usual mode, not 0600"
    fresh = tmp_path / "fresh.anki2"
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(fresh))
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(out), options=ImportAnkiPackageOptions()))
    media_dir = Path(col.media.dir())
    col.close()
    assert targets_in(fresh) == {"爱", "学习", "你好", "垃圾", "电话", "谢谢"}
    # The package's media list is compressed (a file name can be a back-reference to the other
    # one's), so look where the import put the files.
    from writing import media

    for file in media.card_files():
        assert (media_dir / file.name).read_bytes() == file.content, f"{file.name} travels with the package"


def test_shared_deck_without_reviews_gets_a_hint(collection_file, tmp_path):
    from anki.collection import Collection, ExportAnkiPackageOptions

    package = tmp_path / "shared.apkg"
    col = Collection(str(collection_file))
    col.export_anki_package(out_path=str(package), options=ExportAnkiPackageOptions(with_scheduling=False), limit=None)
    col.close()
    proc = run_cli(str(package))
    assert proc.returncode == 0, proc.stderr
    assert "--min-interval 0" in proc.stdout
    out = tmp_path / "shared-writing.apkg"
    assert f"Nothing was added, so {out} was not written." in proc.stdout
    assert not out.exists()


def notes_in(path: Path) -> dict[str, dict[str, str]]:
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        return {col.get_note(i)["Target"]: dict(col.get_note(i).items()) for i in col.find_notes('"note:Write Practice"')}
    finally:
        col.close()


def test_field_option_sets_a_role_by_name(collection_file):
    proc = run_cli(str(collection_file), "--search", 'deck:"HSK 1"', "--field", "sentence=", "--field", "reading=Audio")
    assert proc.returncode == 0, proc.stderr
    study = notes_in(collection_file)["学习"]
    assert study["Context"] == "", "no sentence field"
    assert study["Reading"] == "" and study["Meaning"] == "to study", "the Audio field holds only a sound"


def test_kana_words_option(collection_file):
    proc = run_cli(str(collection_file), "--search", 'deck:"Core 2k"', "--kana-words")
    assert proc.returncode == 0, proc.stderr
    assert {"これ", "カタカナ"} <= targets_in(collection_file)
    without = run_cli(str(collection_file), "--search", 'deck:"Core 2k"')
    assert "Added 0 writing cards" in without.stdout and "skipped 2: a word in kana only" in without.stdout


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["missing.anki2"], 1, "does not exist"),
        (["README.md"], 1, "neither a collection"),
        (["x.anki2", "--unit", "stroke"], 2, "invalid choice"),
        (["x.anki2", "--field", "colour=Kanji"], 2, "is not ROLE=FIELD"),
    ],
    ids=["missing-file", "not-a-collection", "bad-unit", "bad-field-role"],
)
def test_errors_are_clear_messages(args, code, message):
    proc = run_cli(*args)
    assert proc.returncode == code
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_a_field_no_note_type_has_is_a_clear_error(collection_file):
    proc = run_cli(str(collection_file), "--field", "meaning=Keyword")
    assert proc.returncode == 1 and "no note type among the matched notes has a field named 'Keyword'" in proc.stderr
    assert targets_in(collection_file) == set(), "nothing converted"
