"""The add-on's note type and media files on real collections: creation, upgrade, repair,
and never a schema change or a write over something the add-on does not own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from writing import media, notetype


def mark_synced(col) -> None:
    """Make the collection look freshly synced, so `schema_changed()` can turn true."""
    col.db.execute("update col set ls = scm")
    assert not col.schema_changed()


def test_created_with_the_contract_fields_and_one_card_type(col):
    mark_synced(col)
    status = notetype.ensure(col)
    assert status.created and status.usable
    nt = col.models.get(status.id)
    assert nt["name"] == "Write Practice"
    assert [f["name"] for f in nt["flds"]] == list(notetype.FIELDS)
    assert [t["name"] for t in nt["tmpls"]] == ["Write"]
    assert col.get_config(notetype.CONFIG_KEY) == status.id
    assert nt["css"].startswith(notetype.CSS_BLOCK_START)
    assert not col.schema_changed(), "adding a new note type must not force a full sync"


def test_second_ensure_changes_nothing(col):
    first = notetype.ensure(col)
    mod = col.models.get(first.id)["mod"]
    again = notetype.ensure(col)
    assert (again.id, again.created, again.repairs, again.problems) == (first.id, False, (), ())
    assert col.models.get(first.id)["mod"] == mod


def test_card_renders_prompt_hidden_target_area_and_script(col):
    status = notetype.ensure(col)
    note = col.new_note(col.models.get(status.id))
    note["Target"], note["Meaning"], note["Reading"] = "勉強", "study", "べんきょう"
    note["Context"], note["Script"] = '毎日<span class="wp-blank">＿＿</span>する', "ja"
    col.add_note(note, 1)
    card = note.cards()[0]
    question, answer = card.question(), card.answer()
    assert '<div class="wp-target" hidden>勉強</div>' in question
    assert '<div class="wp-script" hidden>ja</div>' in question
    assert '<div class="wp-area"></div>' in question and "study" in question and "べんきょう" in question
    files = media.card_files()
    assert re.fullmatch(r"_write_practice\.[0-9a-f]{8}\.js", files.script.name), "a new build's script gets a new name"
    assert re.fullmatch(r"_write_practice\.[0-9a-f]{8}\.css", files.style.name)
    assert question.count(f'<script src="{files.script.name}"></script>') == 1
    visible_front = question.replace('<div class="wp-target" hidden>勉強</div>', "")
    assert "勉強" not in visible_front, "the target is only in the hidden element on the front"
    assert '<hr id="answer">' in answer and '<div class="wp-answer">勉強</div>' in answer, "lang is set by the card script, not from a field in an attribute"
    assert f'@import url("{files.style.name}")' in card.css()


def test_user_edits_are_repaired_and_user_css_and_name_kept(col):
    status = notetype.ensure(col)
    nt = col.models.get(status.id)
    nt["name"] = "My writing"
    nt["tmpls"][0]["qfmt"] = "{{Target}} oops"
    nt["css"] = nt["css"].replace("font-size: 22px", "font-size: 99px") + "\n.mine { color: red; }\n"
    col.models.update_dict(nt)
    mark_synced(col)
    repaired = notetype.ensure(col)
    assert repaired.id == status.id and not repaired.created
    assert any("card template" in r for r in repaired.repairs)
    assert any("styling" in r for r in repaired.repairs)
    nt = col.models.get(status.id)
    assert nt["name"] == "My writing", "a rename is the user's choice; the id finds the note type"
    files = media.card_files()
    assert nt["tmpls"][0]["qfmt"] == notetype.front_template(files.script.name)
    assert nt["css"].startswith(notetype.css_block(files.style.name)) and ".mine { color: red; }" in nt["css"]
    assert "99px" not in nt["css"]
    assert not col.schema_changed()


def test_upgrade_from_an_older_version_keeps_notes_and_user_css(col):
    status = notetype.ensure(col)
    nt = col.models.get(status.id)
    nt[notetype.VERSION_KEY] = 0
    nt["css"] = "/* Write Practice: managed block start. old */\n.card{}\n/* Write Practice: managed block end */\n.mine{}"
    col.models.update_dict(nt)
    note = col.new_note(nt)
    note["Target"] = "書"
    col.add_note(note, 1)
    upgraded = notetype.ensure(col)
    assert any("version" in r for r in upgraded.repairs)
    nt = col.models.get(status.id)
    assert nt[notetype.VERSION_KEY] == notetype.VERSION and ".mine{}" in nt["css"] and "old" not in nt["css"]
    assert col.get_note(note.id)["Target"] == "書"


def test_a_users_own_note_type_called_write_practice_is_not_taken_over(col):
    basic = col.models.by_name("Basic")
    basic["name"] = "Write Practice"
    col.models.update_dict(basic)
    status = notetype.ensure(col)
    assert status.id != basic["id"]
    assert col.models.get(status.id)["name"] == "Write Practice (2)"
    assert [f["name"] for f in col.models.get(basic["id"])["flds"]] == ["Front", "Back"]


def test_changed_fields_are_reported_not_repaired(col):
    status = notetype.ensure(col)
    nt = col.models.get(status.id)
    col.models.rename_field(nt, nt["flds"][1], "English")
    col.models.update_dict(nt)
    mark_synced(col)
    again = notetype.ensure(col)
    assert not again.usable
    assert "fields" in again.problems[0] and "English" in again.problems[0]
    assert not col.schema_changed(), "the add-on itself makes no schema change"


def test_lost_config_id_finds_the_marked_note_type(col):
    status = notetype.ensure(col)
    col.remove_config(notetype.CONFIG_KEY)
    again = notetype.ensure(col)
    assert again.id == status.id and not again.created
    assert col.get_config(notetype.CONFIG_KEY) == status.id


# ------------------------------------------------------------------ media


def media_path(col, name: str) -> Path:
    return Path(col.media.dir()) / name


def names(files) -> set[str]:
    return {file.name for file in files}


def media_names(col) -> set[str]:
    return {p.name for p in Path(col.media.dir()).iterdir()}


def test_media_written_once_then_unchanged(col):
    files = media.card_files()
    first = media.ensure(col)
    assert set(first.written) == names(files) and not first.problems
    js = media_path(col, files.script.name).read_bytes()
    assert media.is_ours(js) and js.endswith((media.WEB_DIR / "write_practice.js").read_bytes())
    mtime = media_path(col, files.script.name).stat().st_mtime_ns
    second = media.ensure(col)
    assert second.written == () and set(second.unchanged) == names(files)
    assert media_path(col, files.script.name).stat().st_mtime_ns == mtime
    assert media.needed_writes(col) == []


def new_build_web(tmp_path) -> Path:
    """web/ of a build whose card script changed and whose style did not."""
    web = tmp_path / "web"
    web.mkdir()
    (web / "write_practice.js").write_text("// version 2\n")
    (web / "write_practice.css").write_bytes((media.WEB_DIR / "write_practice.css").read_bytes())
    return web


def test_a_new_build_writes_its_script_under_a_new_name_points_the_template_at_it_and_removes_the_old(col, tmp_path):
    notetype.ensure(col)
    media.ensure(col)
    old, new = media.card_files(), media.card_files(new_build_web(tmp_path))
    assert new.script.name != old.script.name and new.style == old.style
    mark_synced(col)
    nt = notetype.find(col)
    assert notetype.needed_repairs(col, nt, new) == ["pointed the card template of the 'Write Practice' note type at the updated card script"]
    assert media.needed_writes(col, tmp_path / "web") == [new.script.name], "the old script stays while the template loads it"

    status = notetype.ensure(col, new)
    files = media.ensure(col, tmp_path / "web")
    assert status.repairs and not status.problems and not files.problems
    assert files.written == (new.script.name,) and files.removed == (old.script.name,)
    nt = notetype.find(col)
    assert nt["tmpls"][0]["qfmt"].endswith(f'<script src="{new.script.name}"></script>')
    assert nt["tmpls"][0]["afmt"].endswith(f'<script src="{new.script.name}"></script>')
    assert media_names(col) == names(new), "the old script is gone"
    assert media_path(col, new.script.name).read_text().endswith("// version 2\n")
    assert not col.schema_changed(), "a template edit, no full sync"
    assert notetype.needed_repairs(col, nt, new) == [] and media.needed_writes(col, tmp_path / "web") == []


def unversioned(text: str) -> str:
    """The note type's text as builds before versioned names wrote it."""
    return notetype.CARD_FILE_NAME.sub(r"_write_practice.\1", text)


def test_upgrade_from_the_unversioned_names_keeps_the_users_css_and_the_schema(col):
    nt = col.models.get(notetype.ensure(col).id)
    for template in nt["tmpls"]:
        template["qfmt"], template["afmt"] = unversioned(template["qfmt"]), unversioned(template["afmt"])
    nt["css"] = unversioned(nt["css"]) + "\n.mine { color: red; }\n"
    col.models.update_dict(nt)
    for legacy in ("_write_practice.js", "_write_practice.css"):
        media_path(col, legacy).write_bytes(media.header(legacy) + b"/* an older build */\n")
    mark_synced(col)

    status = notetype.ensure(col)
    files = media.ensure(col)
    assert status.repairs == (
        "pointed the card template of the 'Write Practice' note type at the updated card script",
        "pointed the styling of the 'Write Practice' note type at the updated card style",
    )
    assert set(files.removed) == {"_write_practice.js", "_write_practice.css"} and not files.problems
    assert media_names(col) == names(media.card_files())
    nt = notetype.find(col)
    assert ".mine { color: red; }" in nt["css"] and "_write_practice.css" not in nt["css"]
    assert not col.schema_changed()


@pytest.mark.parametrize("kept_because", ["a-copy-of-the-note-type-loads-it", "the-add-on-did-not-write-it"])
def test_an_older_script_is_kept_when_it_is_not_ours_to_remove(col, kept_because):
    nt = col.models.get(notetype.ensure(col).id)
    content = b"/* my own script */\n"
    if kept_because == "a-copy-of-the-note-type-loads-it":
        copy = col.models.copy(nt)
        copy["tmpls"][0]["qfmt"] = unversioned(copy["tmpls"][0]["qfmt"])
        col.models.update_dict(copy)
        content = media.header("_write_practice.js") + b"/* an older build */\n"
    media_path(col, "_write_practice.js").write_bytes(content)
    users = [(m["id"], m["mod"], m["tmpls"]) for m in col.models.all() if m["id"] != nt["id"]]
    assert "_write_practice.js" not in media.needed_writes(col)
    status = media.ensure(col)
    assert status.removed == () and not status.problems
    assert media_path(col, "_write_practice.js").read_bytes() == content
    assert [(m["id"], m["mod"], m["tmpls"]) for m in col.models.all() if m["id"] != nt["id"]] == users, "other note types untouched"


def test_deleted_media_file_is_written_again(col):
    style = media.card_files().style.name
    media.ensure(col)
    media_path(col, style).unlink()
    status = media.ensure(col)
    assert status.written == (style,)


@pytest.mark.parametrize("foreign", [b"/* my own script */\n", b""], ids=["user-script", "empty-file"])
def test_a_file_the_add_on_did_not_write_is_never_overwritten(col, foreign):
    files = media.card_files()
    media_path(col, files.script.name).write_bytes(foreign)
    status = media.ensure(col)
    assert media_path(col, files.script.name).read_bytes() == foreign
    assert files.script.name not in status.written and "did not write" in status.problems[0]
    assert files.style.name in status.written


def test_missing_web_source_is_a_message_not_an_exception(col, tmp_path):
    status = media.ensure(col, tmp_path / "nowhere")
    assert status.written == () and len(status.problems) == 1 and "reinstall" in status.problems[0]
