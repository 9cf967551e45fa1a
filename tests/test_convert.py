"""Conversion on real temp collections built like shared decks: preview, convert, idempotence,
undo, atomicity, untouched source notes, no schema change."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "scenarios"))

from convert_decks import add_cloze_deck, add_core_deck, add_hsk_deck, snapshot  # noqa: E402

from writing import convert, notetype, scan  # noqa: E402
from writing.config import parse  # noqa: E402

from collection_fixtures import recognition_notetype

CFG, _ = parse({})


def options(**kw) -> convert.ConvertOptions:
    deck = kw.pop("deck", "Core 2k")
    return convert.ConvertOptions.from_config(CFG, deck=deck, **kw)


def writing_notes(col) -> dict[str, dict[str, str]]:
    nt = notetype.find(col)
    if nt is None:
        return {}
    notes = {}
    for nid in col.find_notes(f"mid:{nt['id']}"):
        note = col.get_note(nid)
        notes[note["Target"]] = dict(note.items())
    return notes


@pytest.fixture
def decks(col):
    return {"core": add_core_deck(col), "hsk": add_hsk_deck(col), "cloze": add_cloze_deck(col)}


def mark_synced(col) -> None:
    col.db.execute("update col set ls = scm")
    assert not col.schema_changed()


# ------------------------------------------------------------------ preview


def test_preview_counts_skips_and_samples(col, decks):
    before = snapshot(col, decks["core"])
    p = convert.preview(col, options())
    assert p.matched_notes == 10, "12 notes, 2 not yet known (interval 10 and new)"
    assert p.to_add == 7 and p.already_exist == 0
    assert p.skipped == {convert.NO_CJK: 1, convert.KANA_WORD: 2}, "これ and カタカナ: kana only"
    assert p.missing_stroke_data == {"髙": 1} and p.self_graded == 1
    assert [s.target for s in p.samples][:3] == ["勉強", "食べ物", "学生"], "most mature first"
    for sample in p.samples:
        assert sample.target not in sample.context, "the prompt never shows the target"
    assert p.samples[0].context == "毎日＿＿します。"
    assert p.decks == ["Core 2k::Writing"]
    assert snapshot(col, decks["core"]) == before and notetype.find(col) is None, "preview only reads"


@pytest.mark.parametrize(
    "deck,target,meaning,reading,context,script",
    [
        ("Core 2k", "Vocabulary-Kanji", "Vocabulary-English", "Vocabulary-Furigana", "Sentence-Kanji", "ja"),
        ("HSK 1", "Hanzi", "Meaning", "Pinyin", "Example", "zh-Hans"),
        ("Japanese Cloze", "Text", "Back Extra", None, "Text", "ja"),
    ],
    ids=["core-japanese", "hsk-chinese", "cloze"],
)
def test_fields_and_script_detected(col, decks, deck, target, meaning, reading, context, script):
    p = convert.preview(col, options(deck=deck))
    (fmap,) = p.fields.values()
    assert (fmap.target, fmap.meaning, fmap.reading, fmap.context) == (target, meaning, reading, context)
    assert p.scripts[deck].script == script and not p.scripts[deck].confirmed


RTK_ROWS = [["1", "一", "one", "A single stroke lying down: the number one, as in the Roman numeral turned on its side."],
            ["2", "二", "two", ""], ["17", "口", "mouth", "The shape of an open mouth."], ["18", "日", "day", ""],
            ["19", "月", "month", "The moon, seen as a crescent."], ["58", "見", "see", ""]]


@pytest.mark.parametrize(
    "names,rows,roles",
    [
        (["Frame", "Kanji", "Keyword", "Story"], RTK_ROWS, ("Kanji", "Keyword", None, None)),
        (["Keyword", "Kanji", "Frame", "Story"], [[r[2], r[1], r[0], r[3]] for r in RTK_ROWS], ("Kanji", "Keyword", None, None)),
        # A production deck: English on the front, the word on the back.
        (["Front", "Back"], [["to eat", "食べる"], ["water", "水"], ["school", "学校"]], ("Back", "Front", None, None)),
        # Named "Word", holding English: never the word to write.
        (["Word", "Kanji", "Kana"], [["mountain", "山", "やま"], ["river", "川", "かわ"], ["tree", "木", "き"]], ("Kanji", "Word", "Kana", None)),
    ],
    ids=["rtk-keyword-is-the-meaning", "rtk-keyword-first", "english-front-is-the-meaning", "word-field-of-english"],
)
def test_field_roles_come_from_content_names_are_a_hint(names, rows, roles):
    fmap = scan.detect_fields(1, "Deck", names, rows)
    assert (fmap.target, fmap.meaning, fmap.reading, fmap.context) == roles


@pytest.mark.parametrize(
    "texts,names,script",
    [
        (["學習", "電話", "謝謝"], (), "zh-Hant"),
        (["学习", "电话", "谢谢"], (), "zh-Hans"),
        (["勉強\x1fべんきょう", "学生\x1fがくせい"], (), "ja"),
        (["山", "水"], (), "zh-Hans"),
        # Kanji-only Japanese: 学 and 国 are also simplified forms, 電話 also traditional ones.
        (["駅\x1fstation", "天気\x1fweather", "電話\x1ftelephone", "学生\x1fstudent", "国\x1fcountry"], (), "ja"),
        (["込む\x1fto be crowded", "働\x1fwork"], (), "ja"),
        (["学生\x1fstudent", "電話\x1ftelephone"], ("Kanji deck", "Basic", "Front", "Back"), "ja"),
        (["学生\x1fstudent", "電話\x1ftelephone"], ("Vocab", "Word", "Furigana", "Meaning"), "ja"),
        (["学生\x1fstudent", "電話\x1ftelephone"], ("Vocab", "Word", "Meaning"), "zh-Hant"),
        (["学生\x1fstudent", "电话\x1ftelephone"], ("Japanese", "Word", "Meaning"), "zh-Hans"),
        (["學習", "電話", "謝謝", "說話"], ("Kanji", "Hanzi", "Pinyin"), "zh-Hant"),
        (["我们的驿站", "这是说的"], ("Kanji",), "zh-Hans"),
    ],
    ids=[
        "traditional",
        "simplified",
        "kana-means-japanese",
        "undecidable-defaults-to-simplified",
        "japanese-only-forms-without-kana",
        "kokuji-without-kana",
        "kanji-in-the-deck-name",
        "furigana-field",
        "no-name-no-japanese-form-stays-chinese",
        "chinese-only-form-beats-a-japanese-name",
        "chinese-names-beat-kanji",
        "chinese-only-forms-beat-a-stray-name",
    ],
)
def test_guess_script(texts, names, script):
    assert scan.guess_script(texts, names)[0] == script


def test_japanese_only_forms_are_not_chinese_and_chinese_only_forms_are_not_japanese():
    from writing import extract, strokes

    not_in_kanjivg = [ch for ch in extract.JAPANESE_ONLY if not strokes.has_data(ch, "ja")]
    in_make_me_a_hanzi = [ch for ch in extract.JAPANESE_ONLY if strokes.has_data(ch, "zh-Hans")]
    assert not not_in_kanjivg and not in_make_me_a_hanzi, (not_in_kanjivg, in_make_me_a_hanzi)
    assert not extract.JAPANESE_ONLY & extract.CHINESE_ONLY
    assert not {"学", "国", "電", "話"} & extract.CHINESE_ONLY, "forms Japanese writes too are no evidence"


def test_kanji_only_japanese_deck_is_guessed_japanese(col):
    """A deck of kanji with English meanings and no kana anywhere, named for what it is."""
    nt = recognition_notetype(col, "Kanji (recognition)", ["Kanji", "Meaning"])
    deck = col.decks.id("Kanji 1", create=True)
    for kanji, meaning in (("学生", "student"), ("電話", "telephone"), ("先生", "teacher"), ("時間", "time")):
        note = col.new_note(nt)
        note["Kanji"], note["Meaning"] = kanji, meaning
        col.add_note(note, deck)
    p = convert.preview(col, options(deck="Kanji 1", min_interval=0))
    guess = p.scripts["Kanji 1"]
    assert guess.script == "ja" and "Kanji" in guess.reason, guess
    assert {x.script for x in p.planned} == {"ja"}


def _two_card_notes(col) -> dict[str, int]:
    """Notes with a recognition card in "Reading" and a production card in "Production"; which
    card is known differs per note."""
    nt = recognition_notetype(col, "Two cards", ["Word", "Meaning"], production_front="{{Meaning}}")
    reading, production = col.decks.id("Reading", create=True), col.decks.id("Production", create=True)
    ids = {}
    # word: (recognition interval, production interval)
    for word, (recognition_ivl, production_ivl) in {"電車": (90, 0), "自転車": (0, 40), "歩道": (5, 3)}.items():
        note = col.new_note(nt)
        note["Word"], note["Meaning"] = word, "x"
        col.add_note(note, reading)
        ids[word] = note.id
        for ord_, ivl in ((0, recognition_ivl), (1, production_ivl)):
            col.db.execute("update cards set type = 2, queue = 2, ivl = ?, did = ? where nid = ? and ord = ?", ivl, production if ord_ else reading, note.id, ord_)
    single = col.new_note(col.models.by_name("Basic"))
    single["Front"] = "地下鉄"
    col.add_note(single, reading)
    col.db.execute("update cards set type = 2, queue = 2, ivl = 60 where nid = ?", single.id)
    ids["地下鉄"] = single.id
    return ids


@pytest.mark.parametrize(
    "search,known",
    [
        ('deck:"Production"', {"電車", "自転車"}),  # 電車 matches by its production card, known by its recognition card
        ('deck:"Reading"', {"電車", "自転車", "地下鉄"}),
        ('deck:"Reading" OR deck:"Production"', {"電車", "自転車", "地下鉄"}),
        ("", {"電車", "自転車", "地下鉄"}),
        ("card:Production", {"電車", "自転車"}),
    ],
    ids=["matched-and-known-through-different-cards", "deck", "or-search-keeps-its-precedence", "whole-collection", "card-search"],
)
def test_known_notes_are_those_matching_the_search_with_any_known_card(col, search, known):
    ids = _two_card_notes(col)
    found = scan.find_source_notes(col, search=search, min_interval=21)
    assert {n.id for n in found} == {ids[w] for w in known}
    everything = scan.find_source_notes(col, search=search, min_interval=0)
    assert {n.id for n in everything} == set(col.find_notes(search))


def test_a_cloze_note_matched_through_one_deletion_and_known_through_another_is_found(col):
    """Cloze note types have one template but a card per deletion, so they can be known through
    a card the search does not match, like notes of note types with several templates."""
    reading, production = col.decks.id("Reading", create=True), col.decks.id("Production", create=True)
    note = col.new_note(col.models.by_name("Cloze"))
    note["Text"] = "{{c1::電車}}で{{c2::学校}}へ行く"
    col.add_note(note, reading)
    col.db.execute("update cards set type = 2, queue = 2, ivl = 90 where nid = ? and ord = 0", note.id)
    col.db.execute("update cards set did = ? where nid = ? and ord = 1", production, note.id)
    assert [n.id for n in scan.find_source_notes(col, search='deck:"Production"', min_interval=21)] == [note.id]
    assert scan.find_source_notes(col, search='deck:"Production"', min_interval=100) == []


def test_configured_deck_script_wins_and_is_confirmed(col, decks):
    cfg, _ = parse({"deck_scripts": {"HSK": "zh-Hant", "HSK 1": "zh-Hant"}})
    p = convert.preview(col, convert.ConvertOptions.from_config(cfg, deck="HSK 1"))
    assert p.scripts["HSK 1"].script == "zh-Hant" and p.scripts["HSK 1"].confirmed
    assert {x.script for x in p.planned} == {"zh-Hant"}


def test_remembered_field_choice_overrides_detection(col, decks):
    detected = next(iter(convert.preview(col, options()).fields.values()))
    scan.remember_fields(col, scan.FieldMap(detected.notetype_id, detected.notetype_name, detected.field_names, "Vocabulary-Kana", "Vocabulary-English"))
    fmap = next(iter(convert.preview(col, options()).fields.values()))
    assert fmap.remembered and fmap.target == "Vocabulary-Kana" and fmap.reading is None
    assert convert.preview(col, options(kana_only_words=True)).samples[0].target == "べんきょう"


# ------------------------------------------------------------------ convert


def test_convert_adds_new_cards_in_the_writing_subdeck_most_mature_first(col, decks):
    mark_synced(col)
    result = convert.convert(col, options())
    assert result.added == 7 and result.decks == ["Core 2k::Writing"]
    notes = writing_notes(col)
    assert set(notes) == {"勉強", "食べ物", "学生", "日本語", "侮辱", "葛城", "髙橋"}
    study = notes["勉強"]
    assert (study["Meaning"], study["Reading"], study["Script"]) == ("study", "べんきょう", "ja")
    assert study["Context"] == '毎日<span class="wp-blank">＿＿</span>します。'
    assert study["Source"] == str(decks["core"][0])
    deck_id = col.decks.id_for_name("Core 2k::Writing")
    cards = col.db.all(f"select n.flds, c.type, c.queue, c.due from cards c join notes n on n.id = c.nid where c.did = {deck_id} order by c.due")
    assert all(t == 0 and q == 0 for _, t, q, _ in cards), "new cards"
    assert [f.split("\x1f")[0] for f, *_ in cards][:4] == ["勉強", "食べ物", "学生", "日本語"]
    assert not col.schema_changed(), "no schema change, including the note type's creation"


def test_source_notes_stay_byte_identical(col, decks):
    all_ids = decks["core"] + decks["hsk"] + decks["cloze"]
    before = snapshot(col, all_ids)
    for deck in ("Core 2k", "HSK 1", "Japanese Cloze"):
        convert.convert(col, options(deck=deck))
    assert snapshot(col, all_ids) == before


def test_tag_source_notes_tags_only_the_converted_ones(col, decks):
    result = convert.convert(col, options(tag_source_notes=True))
    assert result.tagged_source_notes == 7
    tagged = set(col.find_notes(f'tag:"{convert.SOURCE_TAG}"'))
    assert tagged == {int(n["Source"]) for n in writing_notes(col).values()}


def test_idempotent_across_runs_and_decks(col, decks):
    first = convert.convert(col, options())
    again = convert.convert(col, options())
    assert (again.added, again.already_exist) == (0, first.added)
    # the same words in another deck are not added twice
    nt = col.models.by_name("Core 2000")
    other = col.new_note(nt)
    other["Vocabulary-Kanji"], other["Vocabulary-Kana"], other["Vocabulary-English"] = "<div>学生</div>", "がくせい", "pupil"
    col.add_note(other, col.decks.id("Other", create=True))
    result = convert.convert(col, options(deck="Other", min_interval=0))
    assert (result.added, result.already_exist) == (0, 1)
    assert len(writing_notes(col)) == first.added


def test_one_undo_step_removes_everything(col, decks):
    notes_before, decks_before = col.note_count(), sorted(d.name for d in col.decks.all_names_and_ids())
    result = convert.convert(col, options())
    assert result.added and col.undo_status().undo == convert.UNDO_LABEL
    col.undo()
    assert col.note_count() == notes_before
    assert sorted(d.name for d in col.decks.all_names_and_ids()) == decks_before
    assert notetype.find(col) is None


def test_a_failure_halfway_leaves_nothing(col, decks):
    notes_before, decks_before = col.note_count(), sorted(d.name for d in col.decks.all_names_and_ids())
    undo_before = col.undo_status()
    seen = []

    def fail_after_adding(label, done, total):
        seen.append(label)
        if label.startswith("Tagging"):  # the notes are in, the source tags not yet
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        convert.convert(col, options(tag_source_notes=True), progress=fail_after_adding)
    assert any(label.startswith("Adding") for label in seen)
    assert col.note_count() == notes_before
    assert sorted(d.name for d in col.decks.all_names_and_ids()) == decks_before, "no empty writing decks"
    assert not col.find_notes(f'tag:"{convert.SOURCE_TAG}"')
    assert notetype.find(col) is None and not col.models.by_name(notetype.NOTETYPE_NAME)
    # no step of the rolled-back run is offered: undoing it would act on rows that are gone
    status = col.undo_status()
    assert status.last_step <= undo_before.last_step and not status.redo, status
    assert col.fix_integrity()[1]


def test_cancel_before_writing_changes_nothing(col, decks):
    before = col.note_count()
    with pytest.raises(convert.Cancelled):
        convert.convert(col, options(), cancelled=lambda: True)
    assert col.note_count() == before and notetype.find(col) is None


def test_filtered_target_deck_is_a_clear_error_and_changes_nothing(col, decks):
    col.sched.get_or_create_filtered_deck(0)  # "Filtered Deck 1"
    filtered = col.sched.get_or_create_filtered_deck(0)
    filtered.name = "Drill"
    filtered.config.search_terms[0].search = "deck:HSK*"
    col.sched.add_or_update_filtered_deck(filtered)
    before = col.note_count()
    with pytest.raises(convert.ConversionError, match="filtered deck"):
        convert.convert(col, options(writing_deck="Drill"))
    assert col.note_count() == before


def test_broken_note_type_is_reported_not_converted_into(col, decks):
    status = notetype.ensure(col)
    nt = col.models.get(status.id)
    col.models.rename_field(nt, nt["flds"][0], "Word")
    col.models.update_dict(nt)
    with pytest.raises(convert.ConversionError, match="fields"):
        convert.convert(col, options())


@pytest.mark.parametrize(
    "overrides,expected_targets,skip_reason",
    [
        ({"write_kana": False, "kana_only_words": True}, {"勉強", "食物", "学生", "日本語", "侮辱", "葛城", "髙橋"}, convert.KANA_ONLY),
        ({"no_stroke_data": "skip"}, {"勉強", "食べ物", "学生", "日本語", "侮辱", "葛城"}, convert.NO_STROKE_DATA),
        ({"min_interval": 0}, {"勉強", "食べ物", "学生", "日本語", "侮辱", "葛城", "髙橋", "飲む", "本"}, convert.KANA_WORD),
        ({"kana_only_words": True}, {"勉強", "食べ物", "学生", "日本語", "これ", "カタカナ", "侮辱", "葛城", "髙橋"}, convert.NO_CJK),
    ],
    ids=["write-kana-off", "no-stroke-data-skip", "min-interval-all", "kana-only-words-on"],
)
def test_options_change_the_targets(col, decks, overrides, expected_targets, skip_reason):
    result = convert.convert(col, options(**overrides))
    assert set(writing_notes(col)) == expected_targets
    assert result.skipped.get(skip_reason)


def test_kana_words_on_request_hide_their_reading(col, decks):
    convert.convert(col, options(kana_only_words=True))
    this = writing_notes(col)["これ"]
    assert this["Reading"] == "", "a kana word's reading is the answer"
    assert this["Meaning"] == "this" and this["Context"] == '<span class="wp-blank">＿＿</span>は本です。'


def test_write_kana_off_keeps_the_kana_as_given(col, decks):
    convert.convert(col, options(write_kana=False))
    food = writing_notes(col)["食物"]
    assert food["Context"] == '好きな<span class="wp-blank">＿</span>べ<span class="wp-blank">＿</span>は何ですか？'


def test_character_unit_each_character_once_with_its_best_example(col, decks):
    result = convert.convert(col, options(unit="character", min_interval=0))
    notes = writing_notes(col)
    assert "本" in notes and "勉" in notes and "髙" in notes
    assert all(len(t) == 1 for t in notes)
    assert result.added == len(notes) and list(writing_notes(col)).count("本") == 1, "本 of 日本語 and 本 comes once"
    again = convert.convert(col, options(unit="character", min_interval=0))
    assert (again.added, again.already_exist) == (0, result.added), "a re-run counts the same characters"
    study = notes["勉"]
    assert study["Context"].startswith('<span class="wp-blank">＿</span>強<br>毎日')
    assert study["Meaning"] == "study"


def test_characters_option_adds_only_those_characters_as_the_full_plan_would(col, decks):
    full = convert.preview(col, options(unit="character", min_interval=0)).planned
    chosen = frozenset("本勉髙")
    result = convert.convert(col, options(unit="character", min_interval=0, characters=chosen))
    assert result.added == 3 and col.undo_status().undo == convert.UNDO_LABEL
    notes = writing_notes(col)
    assert set(notes) == chosen
    # each prompt is the one the unrestricted plan makes: the best example word, not the only one left
    expected = {p.target: (p.meaning, p.reading, p.context, str(p.source_id)) for p in full if p.target in chosen}
    assert {t: (n["Meaning"], n["Reading"], n["Context"], n["Source"]) for t, n in notes.items()} == expected
    assert len(full) > len(chosen)


def test_characters_option_needs_the_character_unit():
    with pytest.raises(ValueError, match="unit='character'"):
        options(characters=frozenset("本"))


def test_browser_selection_and_cloze(col, decks):
    result = convert.convert(col, convert.ConvertOptions.from_config(CFG, note_ids=decks["cloze"]))
    assert result.added == 3 and result.decks == ["Japanese Cloze::Writing"]
    notes = writing_notes(col)
    assert notes["新聞"]["Context"] == '毎朝<span class="wp-blank">＿＿</span>を読みます。'


def test_chinese_prompt_has_pinyin_and_sentence(col, decks):
    convert.convert(col, options(deck="HSK 1"))
    notes = writing_notes(col)
    assert set(notes) == {"爱", "学习", "你好", "垃圾", "电话"}
    assert notes["学习"]["Reading"] == "xuéxí" and notes["学习"]["Script"] == "zh-Hans"
    assert notes["学习"]["Context"] == '我们<span class="wp-blank">＿＿</span>汉语。'


def test_convert_deck_with_defaults_is_the_demo_entry_point(col, decks):
    result = convert.convert_deck(col, "HSK 1")
    assert result.added == 5 and "Added 5 writing cards" in result.summary()
