"""The demo's sample recognition decks: real Japanese and Chinese vocabulary, written as data.

`seed(col)` adds them to a collection (once; a second call adds nothing) and makes most cards
"known" (interval 21-60 days, as after months of recognition reviews) so the conversion has
something to convert; a few stay new, to show the known-only filter at work.
"""

from __future__ import annotations

from anki.collection import AddNoteRequest, Collection
from collection_fixtures import recognition_notetype

JA_DECK = "Sample Japanese Vocabulary"
ZH_DECK = "Sample Chinese Vocabulary (HSK)"

# expression, reading, meaning, example sentence (target in <b>, as Core-style decks do)
JAPANESE = [
    ("学生", "がくせい", "student", "私は<b>学生</b>です。"),
    ("先生", "せんせい", "teacher", "<b>先生</b>に聞きました。"),
    ("日本語", "にほんご", "Japanese (language)", "<b>日本語</b>を勉強しています。"),
    ("水", "みず", "water", "<b>水</b>を飲みます。"),
    ("山", "やま", "mountain", "<b>山</b>に登りました。"),
    ("川", "かわ", "river", "<b>川</b>で泳ぎます。"),
    ("花", "はな", "flower", "きれいな<b>花</b>ですね。"),
    ("食べる", "たべる", "to eat", "朝ご飯を<b>食べる</b>。"),
    ("飲む", "のむ", "to drink", "お茶を<b>飲む</b>。"),
    ("書く", "かく", "to write", "手紙を<b>書く</b>。"),
    ("読む", "よむ", "to read", "本を<b>読む</b>。"),
    ("友達", "ともだち", "friend", "<b>友達</b>と映画を見ました。"),
    ("電車", "でんしゃ", "train", "<b>電車</b>で行きます。"),
    ("時間", "じかん", "time", "<b>時間</b>がありません。"),
    ("天気", "てんき", "weather", "今日はいい<b>天気</b>です。"),
    ("休む", "やすむ", "to rest; to take a day off", "明日は<b>休む</b>つもりです。"),
    ("明日", "あした", "tomorrow", "<b>明日</b>また来ます。"),
    ("雨", "あめ", "rain", "<b>雨</b>が降っています。"),
    ("人", "ひと", "person", "あの<b>人</b>は誰ですか。"),
    ("大きい", "おおきい", "big", "<b>大きい</b>犬がいます。"),
    ("小さい", "ちいさい", "small", "<b>小さい</b>猫です。"),
    ("駅", "えき", "station", "<b>駅</b>まで歩きます。"),
    ("会社", "かいしゃ", "company", "<b>会社</b>に勤めています。"),
    ("言語", "げんご", "language", "好きな<b>言語</b>は何ですか。"),
    ("右", "みぎ", "right (side)", "<b>右</b>に曲がってください。"),
    ("左", "ひだり", "left (side)", "<b>左</b>を見てください。"),
    ("口", "くち", "mouth", "<b>口</b>を開けてください。"),
    ("目", "め", "eye", "<b>目</b>が痛いです。"),
    ("手", "て", "hand", "<b>手</b>を洗いましょう。"),
    ("思う", "おもう", "to think", "私もそう<b>思う</b>。"),
    ("想像", "そうぞう", "imagination", "<b>想像</b>してみてください。"),
    ("漢字", "かんじ", "kanji (Chinese character)", "<b>漢字</b>を書く練習をします。"),
]

# hanzi, pinyin, meaning
CHINESE = [
    ("我", "wǒ", "I; me"),
    ("你好", "nǐ hǎo", "hello"),
    ("谢谢", "xièxie", "thank you"),
    ("妈妈", "māma", "mother"),
    ("学生", "xuésheng", "student"),
    ("老师", "lǎoshī", "teacher"),
    ("中国", "Zhōngguó", "China"),
    ("喝", "hē", "to drink"),
    ("吃", "chī", "to eat"),
    ("水", "shuǐ", "water"),
    ("爱", "ài", "to love"),
    ("朋友", "péngyou", "friend"),
    ("今天", "jīntiān", "today"),
    ("明天", "míngtiān", "tomorrow"),
    ("书", "shū", "book"),
    ("汉字", "hànzì", "Chinese character"),
    ("电脑", "diànnǎo", "computer"),
    ("天气", "tiānqì", "weather"),
    ("好", "hǎo", "good"),
    ("人", "rén", "person"),
    ("大", "dà", "big"),
    ("小", "xiǎo", "small"),
    ("看", "kàn", "to look; to watch"),
    ("说话", "shuōhuà", "to speak"),
    ("飞机", "fēijī", "airplane"),
    ("猫", "māo", "cat"),
    ("狗", "gǒu", "dog"),
    ("月", "yuè", "moon; month"),
]

# How many of each deck stay new (not yet known): the conversion skips them by default.
NEW_PER_DECK = 4


def seed(col: Collection) -> dict[str, int]:
    """Add the sample decks (idempotent). Returns the number of notes added per deck."""
    added: dict[str, int] = {}
    ja_type = recognition_notetype(
        col,
        "Japanese Vocab (sample)",
        ["Expression", "Reading", "Meaning", "Sentence"],
        front='<div style="font-size:48px">{{Expression}}</div>',
        back='{{FrontSide}}<hr id="answer">{{Reading}}<br>{{Meaning}}<br><div>{{Sentence}}</div>',
    )
    zh_type = recognition_notetype(
        col,
        "Chinese Vocab (sample)",
        ["Hanzi", "Pinyin", "English"],
        front='<div style="font-size:48px">{{Hanzi}}</div>',
        back='{{FrontSide}}<hr id="answer">{{Pinyin}}<br>{{English}}',
    )
    for deck_name, notetype, rows in ((JA_DECK, ja_type, JAPANESE), (ZH_DECK, zh_type, CHINESE)):
        if col.decks.id_for_name(deck_name):
            added[deck_name] = 0
            continue
        deck_id = col.decks.id(deck_name)
        requests = []
        for row in rows:
            note = col.new_note(notetype)
            for i, value in enumerate(row):
                note.fields[i] = value
            requests.append(AddNoteRequest(note, deck_id))
        col.add_notes(requests)
        card_ids = list(col.find_cards(f'"deck:{deck_name}"', order="c.id"))
        known = card_ids[: len(card_ids) - NEW_PER_DECK]
        # Known for weeks to months ("!" sets the interval too), as after real recognition reviews.
        col.sched.set_due_date(known, "21-60!")
        added[deck_name] = len(rows)
    return added
