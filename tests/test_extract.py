"""CJK extraction from field HTML as real shared decks write it."""

from __future__ import annotations

import pytest

from writing import extract


@pytest.mark.parametrize(
    "field_html,expected",
    [
        pytest.param("<b>学生</b>", ["学生"], id="bold"),
        pytest.param("<div>勉強</div><div><br></div>", ["勉強"], id="div-and-br"),
        pytest.param("日本語&nbsp;", ["日本語"], id="nbsp-entity"),
        pytest.param("&lt;b&gt;猫&lt;/b&gt;", ["猫"], id="escaped-tags-are-text"),
        pytest.param(" 漢字[かんじ]", ["漢字"], id="furigana-with-leading-space"),
        pytest.param(" 食[た]べ 物[もの]", ["食べ物"], id="furigana-split-word"),
        pytest.param("<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>", ["漢字"], id="ruby"),
        pytest.param("<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>", ["漢字"], id="ruby-with-rp"),
        pytest.param("{{c1::勉強::study}}", ["勉強"], id="cloze-with-hint"),
        pytest.param("{{c2::猫}}", ["猫"], id="cloze"),
        pytest.param("犬[sound:inu.mp3]", ["犬"], id="sound"),
        pytest.param('<img src="inu.jpg">犬', ["犬"], id="image"),
        pytest.param("ｶﾀｶﾅ", ["カタカナ"], id="half-width-katakana"),
        pytest.param("\ufa30", ["侮"], id="compatibility-ideograph"),
        pytest.param("葛\U000e0100城", ["葛城"], id="ideographic-variation-selector"),
        pytest.param("神\ufe00社", ["神社"], id="standard-variation-selector"),
        pytest.param("食べる（たべる）", ["食べる"], id="full-width-parenthesised-reading"),
        pytest.param("学生 (noun)", ["学生"], id="latin-annotation"),
        pytest.param("書く、描く", ["書く", "描く"], id="two-words-ideographic-comma"),
        pytest.param("お茶<br>お菓子", ["お茶", "お菓子"], id="two-lines"),
        pytest.param("「本」。", ["本"], id="punctuation-dropped"),
        pytest.param("ＣＤ３枚", ["枚"], id="full-width-latin-and-digits-dropped"),
        pytest.param("１つ", [], id="kana-glued-to-digit-is-no-word"),
        pytest.param("コーヒー", ["コーヒー"], id="prolonged-sound-mark-kept"),
        pytest.param("これ", ["これ"], id="kana-only-word"),
        pytest.param("Hello 123", [], id="latin-and-digits-only"),
        pytest.param("", [], id="empty"),
        pytest.param("<div></div>[sound:a.mp3]", [], id="markup-only"),
        pytest.param("爱", ["爱"], id="simplified"),
        pytest.param("學習", ["學習"], id="traditional"),
    ],
)
def test_words(field_html, expected):
    assert extract.words(field_html) == expected


@pytest.mark.parametrize(
    "field_html,expected",
    [
        pytest.param(" 勉強[べんきょう]", "べんきょう", id="furigana"),
        pytest.param(" 食[た]べ 物[もの]", "たべもの", id="furigana-split"),
        pytest.param("<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>", "かんじ", id="ruby"),
        pytest.param('<span class="tone3">nǐ</span><span class="tone3">hǎo</span>', "nǐhǎo", id="tone-coloured-pinyin"),
        pytest.param("xué xí", "xué xí", id="plain-pinyin"),
        pytest.param("がくせい[sound:x.mp3]", "がくせい", id="kana-with-sound"),
    ],
)
def test_reading_text(field_html, expected):
    assert extract.reading_text(field_html) == expected


def test_field_text_keeps_sentences_readable():
    html = '<div>好きな<b>食べ物</b>は何ですか？</div><div>[sound:s.mp3]<img src="x.jpg"></div>'
    assert extract.field_text(html) == "好きな食べ物は何ですか？"
    assert extract.field_text("私は 学生[がくせい]です。") == "私は学生です。"


def blanked(text: str, *forms: str, hidden: str = "", **kw) -> str | None:
    marked, found = extract.hide(text, forms, hidden, **kw)
    return extract.hidden_html(marked) if found else None


def test_blanks_have_the_target_length_and_escape_the_rest():
    assert blanked("a<b 学生です", "学生") == 'a&lt;b <span class="wp-blank">＿＿</span>です'
    assert blanked("私は先生です", "学生") is None


def test_only_kanji_blanked_when_kana_are_given():
    assert blanked("食べ物を買う", "食べ物", han_only_blanks=True) == (
        '<span class="wp-blank">＿</span>べ<span class="wp-blank">＿</span>を買う'
    )


def test_cloze_context_blanks_one_deletion_and_shows_the_others():
    field_html = "{{c1::毎朝}}{{c2::新聞}}を読みます。"
    assert extract.cloze_answers(field_html) == [(1, "毎朝"), (2, "新聞")]
    assert blanked(extract.cloze_context(field_html, 2), "新聞") == '毎朝<span class="wp-blank">＿＿</span>を読みます。'
    assert extract.cloze_hint("{{c1::勉強::study}}と{{c2::猫}}", 1) == "study"
    assert extract.cloze_hint("{{c1::勉強::study}}と{{c2::猫}}", 2) == ""


B = '<span class="wp-blank">'


@pytest.mark.parametrize(
    "text,word,expected",
    [
        ("兄は毎日テレビを見ます", "見る", f"兄は毎日テレビを{B}＿</span>ます"),
        ("水を飲みました。", "飲む", f"水を{B}＿</span>みました。"),
        ("昨日は寒かった", "寒い", f"昨日は{B}＿</span>かった"),
        ("朝ご飯を食べない", "食べる", f"朝ご飯を{B}＿＿</span>ない"),
        ("毎日勉強しています", "勉強する", f"毎日{B}＿＿</span>しています"),
        ("学校に行って", "行く", f"学校に{B}＿</span>って"),
        ("家に帰ります", "帰る", f"家に{B}＿</span>ります"),
        ("テレビを見る", "見る", f"テレビを{B}＿＿</span>"),
        ("意見がある", "見る", None),  # 見 followed by が: not an inflection of 見る
        ("いますか", "いる", None),  # a kana stem is not searched for
    ],
    ids=["ichidan-masu", "godan-mu", "i-adjective-past", "ichidan-nai", "suru-verb", "iku-te", "godan-ru", "dictionary-form", "compound-is-not-inflection", "kana-stem"],
)
def test_inflected_forms_are_blanked_by_their_stem(text, word, expected):
    assert blanked(text, word, inflect=True) == expected


@pytest.mark.parametrize(
    "text,forms,hidden,expected",
    [
        ("heartthrob (迷 -mí, charmer)", ("萬人迷",), "萬人迷", f"heartthrob ({B}＿</span> -mí, charmer)"),
        ("～まま", ("まま",), "", f"～{B}＿＿</span>"),
        ("私は学生で学校へ", ("学生",), "学生", f"私は{B}＿＿</span>で{B}＿</span>校へ"),
        ("キログラムとキロ", ("キロ", "キログラム"), "", f"{B}＿＿＿＿＿</span>と{B}＿＿</span>"),
        ("一行目\n二行目", ("x",), "", "一行目<br>二行目"),
    ],
    ids=["ideograph-in-meaning", "kana-word-in-reading", "stray-target-character", "longest-form-first", "line-break"],
)
def test_nothing_of_the_answer_is_left(text, forms, hidden, expected):
    assert extract.hidden_html(extract.hide(text, forms, hidden)[0]) == expected


@pytest.mark.parametrize(
    "field_html,words,pattern",
    [
        pytest.param("Aすると同時に、Bする", ["すると同時に"], True, id="a-b-placeholders"),
        pytest.param("～まま", ["まま"], True, id="wave-dash-prefix"),
        pytest.param("〜てから", ["てから"], True, id="wave-dash-u301c"),
        pytest.param("～光", ["光"], True, id="affix"),
        pytest.param("N+の代わりに", ["の代わりに"], True, id="letter-plus"),
        pytest.param("(花を〜) 生ける, 活ける", ["生ける", "活ける"], False, id="placeholder-inside-annotation"),
        pytest.param("こす (みずを～)", ["こす"], False, id="annotation-after-word"),
        pytest.param("A 型", ["型"], False, id="one-capital-is-a-word"),
        pytest.param("基準 / 規準", ["基準", "規準"], False, id="two-spellings"),
    ],
)
def test_vocabulary_tells_patterns_from_words(field_html, words, pattern):
    assert extract.vocabulary(field_html) == (words, pattern)


@pytest.mark.parametrize(
    "ch,han,kana",
    [("語", True, False), ("々", True, False), ("𠮟", True, False), ("あ", False, True), ("ー", False, True), ("・", False, False), ("A", False, False)],
    ids=["kanji", "iteration-mark", "extension-b", "hiragana", "prolonged-mark", "middle-dot", "latin"],
)
def test_character_classes(ch, han, kana):
    assert (extract.is_han(ch), extract.is_kana(ch)) == (han, kana)


def test_text_tests_agree_with_the_character_classes():
    """has_han/has_kana search with patterns; they must say what is_han/is_kana say of each character."""
    every_character = [chr(cp) for cp in range(0x40000) if not 0xD800 <= cp <= 0xDFFF]
    assert [ch for ch in every_character if extract.has_han(ch) != extract.is_han(ch)] == []
    assert [ch for ch in every_character if extract.has_kana(ch) != extract.is_kana(ch)] == []


@pytest.mark.parametrize(
    "text,count,share",
    [
        ("学生", 2, 1.0),
        ("学生 (student)", 2, 2 / 11),
        ("ｶﾞｸｾｲ", 0, 0.0),  # half-width kana are folded by field_text before they are counted
        ("々 ー\u3000・", 2, 2 / 3),
        ("𠮟る", 2, 1.0),
        ("", 0, 0.0),
        (" \n ", 0, 0.0),
    ],
    ids=["word", "word-and-english", "half-width-not-yet-folded", "marks-and-spaces", "extension-b", "empty", "only-spaces"],
)
def test_cjk_count_and_share(text, count, share):
    assert extract.cjk_count(text) == count
    assert extract.cjk_share(text) == pytest.approx(share)


def test_fields_taken_as_already_normal_are():
    """`field_text` skips the folding and NFC for text of characters that neither changes nor
    lets combine with what precedes them; check every such character."""
    import unicodedata

    from writing import strokes

    accepted = [chr(cp) for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF and extract._UNCHANGED.fullmatch(chr(cp))]
    assert len(accepted) > 20000
    changed = [ch for ch in accepted if strokes.normalise_text(ch) != ch or unicodedata.combining(ch)]
    assert changed == []
    # Nor does any of them compose with the character before it (a composition's second part).
    composes = [ch for ch in accepted if unicodedata.normalize("NFC", "あ" + ch) != "あ" + ch or unicodedata.normalize("NFC", "e" + ch) != "e" + ch]
    assert composes == []
    assert extract.field_text("\ufa30か\u3099") == "侮が", "text with other characters is still normalised"
