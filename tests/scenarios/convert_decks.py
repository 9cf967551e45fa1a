"""Recognition decks built like real shared decks, as test data: a Core-style Japanese
vocabulary deck (furigana fields, sentences with <b>, audio and images), an HSK-style Chinese
deck (pinyin with tone colouring), a Japanese cloze deck. Used by the pytest tests and by the
GUI scenarios (which run inside Anki, so this module imports only `anki`)."""

from __future__ import annotations

from anki.collection import AddNoteRequest, Collection

from collection_fixtures import recognition_notetype

CORE_FIELDS = [
    "Vocabulary-Kanji",
    "Vocabulary-Furigana",
    "Vocabulary-Kana",
    "Vocabulary-English",
    "Vocabulary-Audio",
    "Sentence-Kanji",
    "Sentence-Furigana",
    "Sentence-English",
    "Sentence-Audio",
    "Image",
]

# (kanji field, furigana, kana, english, sentence (with <b>), interval days)
CORE_ROWS = [
    ("勉強", " 勉強[べんきょう]", "べんきょう", "study", "毎日<b>勉強</b>します。", 120),
    ("食べ物", " 食[た]べ 物[もの]", "たべもの", "food", "<div>好きな<b>食べ物</b>は何ですか？</div>", 90),
    ("<b>学生</b>", " 学生[がくせい]", "がくせい", "student", "私は<b>学生</b>です。", 60),
    ("日本語&nbsp;", " 日本語[にほんご]", "にほんご", "Japanese language", "<b>日本語</b>を話します。", 45),
    ("ｶﾀｶﾅ", "ｶﾀｶﾅ", "かたかな", "katakana", "", 30),  # half-width katakana
    ("\ufa30辱", " 侮辱[ぶじょく]", "ぶじょく", "insult", "", 30),  # compatibility ideograph 侮
    ("葛\U000e0100城", " 葛城[かつらぎ]", "かつらぎ", "Katsuragi (place)", "", 25),  # variation selector
    ("これ", "これ", "これ", "this", "<b>これ</b>は本です。", 40),  # kana only
    ("髙橋", " 髙橋[たかはし]", "たかはし", "Takahashi (name)", "", 22),  # 髙 has no KanjiVG data
    ("", "", "", "(empty card)", "", 100),  # empty vocabulary field
    ("飲む", " 飲[の]む", "のむ", "to drink", "水を<b>飲みます</b>。", 10),  # not yet known (ivl 10)
    ("本", " 本[ほん]", "ほん", "book", "これは<b>本</b>です。", 0),  # new card
]

HSK_FIELDS = ["Hanzi", "Pinyin", "Meaning", "Audio", "Example"]
HSK_ROWS = [
    ("爱", '<span class="tone4">ài</span>', "to love", "[sound:ai4.mp3]", "我<b>爱</b>你。", 200),
    ("学习", '<span class="tone2">xué</span><span class="tone2">xí</span>', "to study", "[sound:xuexi.mp3]", "我们<b>学习</b>汉语。", 150),
    ("你好", "nǐ hǎo", "hello", "", "<b>你好</b>！", 80),
    ("垃圾", "lā jī", "rubbish", '<img src="lese.jpg">', "", 35),
    ("电话", "diàn huà", "telephone", "", "他在打<b>电话</b>。", 21),
    ("谢谢", "xiè xie", "thanks", "", "", 5),
]

CLOZE_ROWS = [
    ("私は{{c1::先生}}です。<br>[sound:sensei.mp3]", "I am a teacher.", 50),
    ("{{c1::毎朝}}{{c2::新聞}}を読みます。", "I read the newspaper every morning.", 70),
]


def set_interval(col: Collection, note_ids: list[int], days: int) -> None:
    """Make the notes' cards review cards with this interval (0 leaves them new)."""
    if days <= 0:
        return
    col.db.execute(
        f"update cards set type = 2, queue = 2, ivl = ?, due = ? where nid in ({','.join(map(str, note_ids))})",
        days,
        days,
    )


def _add_rows(col: Collection, nt: dict, deck: str, rows: list[tuple], field_count: int) -> list[int]:
    deck_id = col.decks.id(deck, create=True)
    ids = []
    for row in rows:
        note = col.new_note(nt)
        for i, value in enumerate(row[:field_count]):
            note.fields[i] = value
        col.add_notes([AddNoteRequest(note, deck_id)])
        set_interval(col, [note.id], row[-1])
        ids.append(note.id)
    return ids


def add_core_deck(col: Collection, deck: str = "Core 2k") -> list[int]:
    nt = recognition_notetype(col, "Core 2000", CORE_FIELDS)
    rows = [
        (kanji, furigana, kana, english, "[sound:v.mp3]", sentence, "", "", "[sound:s.mp3]", '<img src="pic.jpg">', ivl)
        for kanji, furigana, kana, english, sentence, ivl in CORE_ROWS
    ]
    return _add_rows(col, nt, deck, rows, len(CORE_FIELDS))


def add_hsk_deck(col: Collection, deck: str = "HSK 1") -> list[int]:
    nt = recognition_notetype(col, "HSK Vocabulary", HSK_FIELDS)
    return _add_rows(col, nt, deck, HSK_ROWS, len(HSK_FIELDS))


def add_cloze_deck(col: Collection, deck: str = "Japanese Cloze") -> list[int]:
    nt = col.models.by_name("Cloze")
    return _add_rows(col, nt, deck, CLOZE_ROWS, 2)


def snapshot(col: Collection, note_ids: list[int]) -> list[tuple]:
    """Everything about the notes and their cards that must stay byte-identical."""
    ids = ",".join(map(str, note_ids))
    notes = col.db.all(f"select id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data from notes where id in ({ids}) order by id")
    cards = col.db.all(f"select * from cards where nid in ({ids}) order by id")
    return notes + cards
