"""The conversion on real shared decks (../shared/decks, read where they are) and on notes
written the way real decks write them, audited note by note with tools/audit_conversion.py:
the front has a meaning or reading, shows nothing of the answer, uses the source sentence
(blanked, inflected forms too), and kana-only words and grammar patterns are skipped."""

from __future__ import annotations

import pytest

import audit_conversion
from audit_conversion import DECKS, audit_deck, audit_path, make_known

from writing import convert, notetype

from collection_fixtures import recognition_notetype

SHARED = ["jlpt/n5.csv", "jlpt/n4.csv", "jlpt/n3.csv", "jlpt/n2.csv", "jlpt/n1.csv", "xiehanzi/xiehanzi_HSK1.apkg", "xiehanzi/xiehanzi_HSK3.apkg", "xiehanzi/HSK_4_Write.apkg"]


@pytest.mark.parametrize("unit", ["word", "character"])
@pytest.mark.parametrize("relative", SHARED, ids=[name.split("/")[-1] for name in SHARED])
def test_real_shared_deck_converts_into_prompts_a_learner_can_answer(relative, unit, tmp_path):
    path = DECKS / relative
    if not path.exists():
        pytest.skip(f"{path} is absent: the real decks are read from ../shared/decks at test time, never copied into the project")
    report = audit_path(path, tmp_path, unit=unit)
    assert report.problems == [], report.line()
    # Half the notes were made known (every other note in id order: intervals 21-220 days, with revlog rows).
    assert report.known == (report.notes + 1) // 2
    assert report.added > 0.5 * (report.known - report.kana_notes - report.pattern_notes)
    if relative.startswith("jlpt/"):
        assert report.kana_notes and report.skipped[convert.KANA_WORD] >= report.kana_notes
        if report.pattern_notes:
            assert report.skipped[convert.PATTERN] >= report.pattern_notes


@pytest.mark.parametrize("relative", ["jlpt/n5.csv", "jlpt/n4.csv"], ids=["n5", "n4"])
def test_kana_words_on_request_do_not_show_their_answer(relative, tmp_path):
    """With kana_only_words on, kana words are cards, and their readings (～まま, ございます (かん))
    must not show them either."""
    path = DECKS / relative
    if not path.exists():
        pytest.skip(f"{path} is absent: the real decks are read from ../shared/decks at test time, never copied into the project")
    report = audit_path(path, tmp_path, kana_only_words=True)
    assert report.problems == [], report.line()
    assert convert.KANA_WORD not in report.skipped and report.added > report.known - report.pattern_notes - 10


# ------------------------------------------------------------------ content as real decks write it

FIELDS = ["Word", "Reading", "Meaning", "Sentence", "Audio"]
# (word, reading, meaning, sentence): verbs and adjectives used inflected (as Kaishi 1.5k's
# sentences use them), furigana and ruby in the word field, sound tags in every field, images,
# a dialogue on two lines, several spellings, kana words and a grammar pattern.
ROWS = [
    ("見る", "みる", "to see", "兄は毎日テレビを見ます。"),
    ("食べる", "たべる", "to eat", "朝ご飯を<b>食べました</b>。"),
    ("高い", "たかい", "expensive; high", "この本は高かったです。"),
    ("勉強する", "べんきょうする", "to study", "毎日日本語を勉強しています。"),
    ("飲む", "のむ", "to drink", "水を飲みたい。"),
    (" 日本[にほん]", "", "Japan", "日本に行きます。"),
    ("<ruby>学校<rt>がっこう</rt></ruby>", "がっこう", "school", "[sound:s.mp3]学校は<b>大きい</b>です。"),
    ("[sound:w.mp3]元気", "[sound:r.mp3]げんき", "[sound:m.mp3]healthy, well", "A: 元気ですか。<br>B: はい、元気です。[sound:s2.mp3]"),
    ('<img src="neko.jpg">猫', "ねこ", '<img src="cat.png">cat (猫)', "猫が好きです。"),
    ("沸く / 湧く", "わく", "to boil", "お湯が沸いた。"),
    ("これ", "これ", "this", "これは本です。"),
    ("ください", "ください", "please give me", "水をください。"),
    ("Aすると同時に、Bする", "", "at the same time as", "ドアを開けると同時に、猫が入った。"),
    ("～まま", "～まま", "as it is", "そのままでいい。"),
]
# (cloze text, back extra): the second deletion has a hint, the first nothing to recall from.
CLOZE = [("{{c1::電車}}で{{c2::会社::company}}へ行く。[sound:c.mp3]", ""), ("私は{{c1::先生}}です。", "I am a teacher.")]


@pytest.fixture
def written_like_real_decks(col):
    nt = recognition_notetype(col, "Kaishi-like", FIELDS)
    deck = col.decks.id("Kaishi", create=True)
    ids = []
    for word, reading, meaning, sentence in ROWS:
        note = col.new_note(nt)
        note.fields[:] = [word, reading, meaning, sentence, "[sound:a.mp3]"]
        col.add_note(note, deck)
        ids.append(note.id)
    for text, extra in CLOZE:
        note = col.new_note(col.models.by_name("Cloze"))
        note["Text"], note["Back Extra"] = text, extra
        col.add_note(note, deck)
        ids.append(note.id)
    return ids, make_known(col, ids, every=1)


def writing_notes(col) -> dict[str, dict[str, str]]:
    nt = notetype.find(col)
    return {col.get_note(i)["Target"]: dict(col.get_note(i).items()) for i in col.find_notes(f"mid:{nt['id']}")}


B = '<span class="wp-blank">'


def test_real_content_passes_the_audit_word_by_word(col, written_like_real_decks):
    ids, known = written_like_real_decks
    report = audit_deck(col, "Kaishi", ids, known)
    assert report.problems == [], report.line()
    notes = writing_notes(col)
    assert set(notes) == {"見る", "食べる", "高い", "勉強する", "飲む", "日本", "学校", "元気", "猫", "沸く", "湧く", "会社", "先生"}
    assert report.with_sentence == 11, "every sentence holding its word, inflected or not (沸く and 湧く share one)"
    assert notes["見る"]["Context"] == f"兄は毎日テレビを{B}＿</span>ます。"
    assert notes["食べる"]["Context"] == f"朝ご飯を{B}＿＿</span>ました。"
    assert notes["高い"]["Context"] == f"この本は{B}＿</span>かったです。"
    assert notes["勉強する"]["Context"] == f"毎日日本語を{B}＿＿</span>しています。"
    assert notes["元気"]["Context"] == f"A: {B}＿＿</span>ですか。<br>B: はい、{B}＿＿</span>です。", "the dialogue keeps its lines"
    assert notes["日本"]["Reading"] == "にほん", "furigana in the word field is its reading"
    assert notes["猫"]["Meaning"] == f"cat ({B}＿</span>)", "the answer in the meaning is blanked like the sentence"
    assert all("[sound:" not in n[f] and "<img" not in n[f] for n in notes.values() for f in ("Meaning", "Reading", "Context"))
    # several spellings: the learner is told which one; the answer side lists them all
    assert notes["沸く"]["Context"].startswith("2 forms: write the 1st<br>") and notes["湧く"]["Context"].startswith("2 forms: write the 2nd<br>")
    assert notes["沸く"]["Notes"] == notes["湧く"]["Notes"] == "Spellings: 沸く / 湧く"
    # cloze: the deletion's hint is the meaning; a deletion with neither meaning nor hint is skipped
    assert notes["会社"]["Meaning"] == "company" and notes["会社"]["Context"] == f"電車で{B}＿＿</span>へ行く。"
    assert report.skipped[convert.NO_PROMPT] == 1, "電車: no meaning, no reading, no hint"
    assert report.skipped[convert.KANA_WORD] == 2 and report.skipped[convert.PATTERN] == 2
    assert (report.kana_notes, report.pattern_notes) == (2, 2)


def test_real_content_in_character_unit_keeps_the_sentence(col, written_like_real_decks):
    ids, known = written_like_real_decks
    report = audit_deck(col, "Kaishi", ids, known, unit="character")
    assert report.problems == [], report.line()
    notes = writing_notes(col)
    assert notes["見"]["Context"] == f"{B}＿</span>る<br>兄は毎日テレビを{B}＿</span>ます。", "not ＿る alone: the sentence is there"
    assert notes["先"]["Context"] == f"{B}＿</span>生<br>私は{B}＿</span>生です。", "a cloze note: its text, every answer in place"


def test_audit_finds_what_the_conversion_would_get_wrong(col, written_like_real_decks):
    """The audit is a test of its own: a writing note with its answer on the front, with no
    prompt, or without its sentence, is reported."""
    ids, known = written_like_real_decks
    report = audit_deck(col, "Kaishi", ids, known)
    assert report.problems == []
    nt = notetype.find(col)
    for note_id in col.find_notes(f"mid:{nt['id']}"):
        note = col.get_note(note_id)
        if note["Target"] == "見る":
            note["Meaning"], note["Context"] = "to see (見)", ""
        elif note["Target"] == "猫":
            note["Meaning"] = note["Reading"] = ""
        col.update_note(note)
    leaked = audit_conversion.DeckAudit("Kaishi", 0, 0)
    for note_id in col.find_notes(f"mid:{nt['id']}"):
        note = col.get_note(note_id)
        front = audit_conversion.plain(note["Meaning"]) + audit_conversion.plain(note["Reading"]) + audit_conversion.plain(note["Context"])
        if audit_conversion._target_shown(note["Target"], [note["Target"]], front):
            leaked.leaks.append(note["Target"])
    assert leaked.leaks == ["見る"]
