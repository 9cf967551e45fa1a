"""CJK text out of real Anki field HTML: the words to write, readings, sentences with blanks.

Handles what shared decks contain: HTML markup and entities, `[sound:…]`, images, cloze
deletions `{{c1::answer::hint}}`, Anki furigana `漢字[かんじ]` (with the space before it),
`<ruby>` markup, full-width and half-width forms, CJK compatibility ideographs, variation
selectors, punctuation, Latin and digits, empty fields. Pure functions on strings.
"""

from __future__ import annotations

import html
import re
import unicodedata

from .strokes import FOLDED_BESIDES_NFC, normalise_text

# ------------------------------------------------------------------ character classes


def is_han(ch: str) -> bool:
    """An ideograph (kanji/hanzi), including the iteration marks written like one (々 〆 〇)."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x3FFFF
        or 0xF900 <= cp <= 0xFAFF
        or cp in (0x3005, 0x3006, 0x3007)
    )


def is_kana(ch: str) -> bool:
    """Hiragana or katakana letters, the prolonged sound mark ー and small ヶ (not the ・ dot)."""
    cp = ord(ch)
    return (0x3041 <= cp <= 0x3096) or (0x309D <= cp <= 0x309F) or (0x30A1 <= cp <= 0x30FA) or (0x30FC <= cp <= 0x30FF) or (0x31F0 <= cp <= 0x31FF)


def is_cjk(ch: str) -> bool:
    return is_han(ch) or is_kana(ch)


def has_kana(text: str) -> bool:
    return _KANA.search(text) is not None


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None



# ------------------------------------------------------------------ HTML to text

_SOUND = re.compile(r"\[sound:[^\]]*\]")
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_RUBY_ANNOTATION = re.compile(r"<(rt|rp)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_BLOCK_TAG = re.compile(r"<\s*(br|/?div|/?p|/?li|/?tr|/?h\d)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
# Whether _SCRIPT_STYLE or _RUBY_ANNOTATION can match: one search instead of two substitutions.
_DROPPED_ELEMENT = re.compile(r"<(?:script|style|rt|rp)\b", re.IGNORECASE)
# Anki furigana: an optional space, the base text, then the reading in square brackets.
_FURIGANA = re.compile(r" ?([^\s\[\]]+?)\[([^\[\]]*)\]")
_RUBY = re.compile(r"<ruby\b[^>]*>(.*?)</ruby\s*>", re.DOTALL | re.IGNORECASE)
_RT = re.compile(r"<rt\b[^>]*>(.*?)</rt\s*>", re.DOTALL | re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


def _fold_width(text: str) -> str:
    """Full-width ASCII (Ａ１！) to ASCII, so it is judged like Latin, digits and punctuation."""
    return "".join(chr(ord(ch) - 0xFEE0) if 0xFF01 <= ord(ch) <= 0xFF5E else ch for ch in text)


def _strip_markup(field_html: str) -> str:
    # The `in` tests skip regexes that cannot match: most fields are short plain text, and a
    # conversion reads tens of thousands of them.
    text = field_html
    if "[sound:" in text:
        text = _SOUND.sub(" ", text)
    if "{{c" in text:
        text = _CLOZE.sub(_cloze_answer, text)
    if "<" in text:
        if _DROPPED_ELEMENT.search(text):
            text = _SCRIPT_STYLE.sub(" ", text)
            text = _RUBY_ANNOTATION.sub("", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
    return html.unescape(text) if "&" in text else text


# Replacement functions rather than templates like r"\1": Python 3.11 expands a template in
# Python code for each match, three times slower than calling one of these.


def _cloze_answer(match: re.Match) -> str:
    return match.group(2)


def _furigana_base(match: re.Match) -> str:
    return match.group(1)


def _furigana_reading(match: re.Match) -> str:
    return match.group(2)


# Characters NFC and the folding leave alone and that never combine with what precedes them:
# Latin below the combining marks, CJK punctuation and kana (not the combining tone and voicing
# marks), unified ideographs, full-width forms. A field of only these (most fields) is checked
# in one pass instead of a search and an NFC check.
_UNCHANGED = re.compile("[\x00-\u02ff\u3000-\u3029\u3030-\u3098\u309b-\u30ff\u4e00-\u9fff\uff01-\uff60]*")


def _normalise(text: str) -> str:
    if _UNCHANGED.fullmatch(text) or (not FOLDED_BESIDES_NFC.search(text) and unicodedata.is_normalized("NFC", text)):
        return text
    return normalise_text(text)


# Anything `field_text` would change inside a field besides Unicode forms; fields without it
# (most meaning, reading and word fields) only need their ends stripped.
_NOT_PLAIN = re.compile(r"[<&\[{\n\t\u3000\xa0]|  ")


def field_text(field_html: str) -> str:
    """The field as plain text a person reads: no markup, no readings in brackets, no sound or
    images, cloze answers in place, forms normalised. Line breaks become newlines."""
    if not field_html:
        return ""
    if not _NOT_PLAIN.search(field_html):
        return _normalise(field_html).strip()
    text = _strip_markup(field_html)
    if "[" in text:
        text = _FURIGANA.sub(_furigana_base, text)
    text = _normalise(text)
    text = _SPACES.sub(" ", text)
    if "\n" not in text:
        return text.strip()
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def reading_text(field_html: str) -> str:
    """A reading out of a field: furigana `漢字[かんじ]` and `<ruby>` give their readings, other
    text stays (a plain kana or pinyin field comes back as it is, without markup)."""
    text = field_html or ""
    if not _NOT_PLAIN.search(text):  # a plain kana or pinyin field
        return _normalise(text).strip()
    if "<" in text:
        text = _RUBY.sub(lambda m: "".join(_RT.findall(m.group(1))) or m.group(1), text)
    text = _strip_markup(text)
    if "[" in text:
        text = _FURIGANA.sub(_furigana_reading, text)
    text = _normalise(text)
    if "\n" in text:
        text = " ".join(text.split("\n"))
    return _SPACES.sub(" ", text).strip()


def has_furigana(field_html: str) -> bool:
    return bool(_FURIGANA.search(_SOUND.sub(" ", field_html or ""))) or "<rt" in (field_html or "").lower()


# ------------------------------------------------------------------ words

# Annotations in brackets after a word: 食べる（たべる）, 学生 (noun), 【がくせい】.
_ANNOTATION = re.compile(r"\([^()]*\)|（[^（）]*）|【[^【】]*】|\[[^\[\]]*\]|〔[^〔〕]*〕")


def words(field_html: str) -> list[str]:
    """The CJK words in a vocabulary field, in order, each once. Everything that is not kana or
    an ideograph separates words (punctuation, Latin, digits, spaces); bracketed annotations are
    dropped when there is CJK text outside them."""
    return vocabulary(field_html)[0]


def vocabulary(field_html: str) -> tuple[list[str], bool]:
    """`words(field_html)`, and whether the field is a pattern with placeholders rather than a
    word: a wave dash or tilde (～まま, Aと同時に～), an ellipsis, or placeholder letters
    (Aすると同時に、Bする), outside bracketed annotations (`(花を〜) 生ける` is a word)."""
    text = field_text(field_html)
    if _CJK_RUN.fullmatch(text):  # the usual vocabulary field: one word and nothing else
        word = text.lstrip("ー")
        return ([word] if word else []), False
    text = _fold_width(text)
    outside = _ANNOTATION.sub(" ", text)
    pattern = _is_pattern(outside)
    if _CJK_RUN.search(outside):
        text = outside
    found: list[str] = []
    for match in _CJK_RUN.finditer(text):
        word = match.group().lstrip("ー")
        if not word or word in found:
            continue
        # Kana glued to digits or Latin (１つ, Tシャツ) are a fragment, not a word.
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        glued = (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())
        if glued and not has_han(word):
            continue
        found.append(word)
    return found, pattern


# Placeholders of grammar patterns: wave dash, full-width and ASCII tilde, ellipsis.
_PLACEHOLDER_MARK = re.compile(r"[～〜~…]|\.\.\.")
# A capital standing alone for a phrase (A, B, X, N, V): not part of a Latin word.
_PLACEHOLDER_LETTER = re.compile(r"(?<![A-Za-z])[ABXYNV](?![A-Za-z])")


def _is_pattern(text: str) -> bool:
    """Placeholders in `text` (annotations already removed): a mark, or two placeholder letters,
    or one joined to its phrase by a plus (N+の). One capital alone (Tシャツ, Aクラス) is a word."""
    if _PLACEHOLDER_MARK.search(text):
        return True
    if _PLACEHOLDER_LETTER.search(text):
        letters = _PLACEHOLDER_LETTER.findall(text)
        return len(set(letters)) >= 2 or "+" in text
    return False


_HAN_CLASS = "\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_KANA_CLASS = "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"
_CJK_RUN = re.compile(f"[{_HAN_CLASS}{_KANA_CLASS}]+")
# The classes of is_han and is_kana as patterns: one search instead of a Python loop per character.
_HAN = re.compile(f"[{_HAN_CLASS}]")
# `has_han` without a Python call around it (a match or None): the conversion tests every word.
find_han = _HAN.search
_KANA = re.compile(f"[{_KANA_CLASS}]")
_NOT_HAN = re.compile(f"[^{_HAN_CLASS}]+")


def cjk_count(text: str) -> int:
    """How many characters of `text` are kana or ideographs."""
    return sum(map(len, _CJK_RUN.findall(text)))


def cjk_share(text: str) -> float:
    """Share of CJK characters among the visible non-space characters (0 for empty text)."""
    visible = len("".join(text.split()))
    return cjk_count(text) / visible if visible else 0.0


def han_only(word: str) -> str:
    return _NOT_HAN.sub("", word)


def normalise_target(target: str) -> str:
    """The idempotence key's text: what `field_text` would make of it, without spaces."""
    return "".join(field_text(target).split())


# ------------------------------------------------------------------ cloze

def cloze_answers(field_html: str) -> list[tuple[int, str]]:
    """(cloze number, answer text) for each deletion, in order."""
    return [(int(m.group(1)), field_text(m.group(2))) for m in _CLOZE.finditer(field_html or "")]


def cloze_hint(field_html: str, number: int) -> str:
    """The hint of deletion `number` (`{{c1::answer::hint}}`), "" if it has none."""
    for m in _CLOZE.finditer(field_html or ""):
        if int(m.group(1)) == number and m.group(3):
            return field_text(m.group(3))
    return ""


def cloze_context(field_html: str, number: int) -> str:
    """The cloze text as plain text with deletion `number` replaced by a marker that `blank_html`
    turns into blanks; the other deletions show their answers."""

    def replace(m: re.Match) -> str:
        return _CLOZE_MARK if int(m.group(1)) == number else m.group(2)

    return field_text(_CLOZE.sub(replace, field_html or ""))


_CLOZE_MARK = "\ue000"  # a private-use character: never in real text


# ------------------------------------------------------------------ blanks

BLANK = "＿"


def blank_span(length: int) -> str:
    return f'<span class="wp-blank">{BLANK * length}</span>'


HIDE = "\ue001"  # a character hidden on the front (private use: never in real text); see `hide`


def hide(text: str, forms: tuple[str, ...], hidden: str | None = None, *, han_only_blanks: bool = False, inflect: bool = False) -> tuple[str, bool]:
    """Plain `text` with the answer hidden, and whether one of `forms` (the words to write,
    spellings of one word) occurred in it. Every occurrence of each form, and with `inflect`
    of its inflected forms (見る in 見ます: the stem is hidden, the ending stays), becomes `HIDE`
    marks of its length (with `han_only_blanks` only its ideographs do); a cloze marker from
    `cloze_context` becomes the first form; then every remaining character of `hidden` (by
    default the forms' ideographs: 迷 of 萬人迷 in "heartthrob (迷 -mí)") becomes a mark.
    `hidden_html` makes HTML of the result."""
    found = False
    if _CLOZE_MARK in text:
        found = True
        text = text.replace(_CLOZE_MARK, _marks(forms[0], han_only_blanks))
    if len(forms) > 1:  # longest first: キログラム before キロ
        forms = tuple(sorted(forms, key=len, reverse=True))
    for form in forms:
        if form in text:
            found = True
            text = text.replace(form, _marks(form, han_only_blanks))
        elif inflect:
            inflected = _hide_inflected(text, form, han_only_blanks)
            if inflected is not None:
                found, text = True, inflected
    if hidden is None:
        if _HAN.search(text) is None:  # the usual case, worked out only when needed
            return text, found
        hidden = han_only("".join(forms))
    for ch in hidden:
        if ch in text:
            text = text.replace(ch, HIDE)
    return text, found


def _marks(form: str, han_only_blanks: bool) -> str:
    if not han_only_blanks:
        return HIDE * len(form)
    return "".join(HIDE if is_han(ch) else ch for ch in form)


# What may follow a verb's or i-adjective's stem in its inflected forms, by the dictionary
# form's last kana: 飲む → 飲ま/飲み/飲め/飲も/飲ん(だ); 見る → 見ます/見ない/見た (ichidan) and
# 帰ります/帰らない/帰った (godan); 行く → 行って; 高い → 高く/高かった/高ければ/高さ/高そう/高すぎる.
_INFLECTED_NEXT = {
    "う": "わいえおっ", "く": "かきけこいっ", "ぐ": "がぎげごい", "す": "さしせそ", "つ": "たちてとっ",
    "ぬ": "なにねのん", "ぶ": "ばびべぼん", "む": "まみめもん", "る": "らりれろっまなたてよさずん",
    "い": "くかけさそす",
}
_SURU_NEXT = "しさせす"  # 勉強する → 勉強します/勉強させる/勉強せず/勉強すれば


def _hide_inflected(text: str, word: str, han_only_blanks: bool) -> str | None:
    """`text` with each inflected occurrence of `word`'s stem hidden, or None if there is none.
    Only stems with an ideograph: a kana stem (い of いる) would match inside other words."""
    if len(word) > 2 and word.endswith("する"):
        stem, following = word[:-2], _SURU_NEXT
    else:
        following = _INFLECTED_NEXT.get(word[-1:])
        stem = word[:-1]
        if following is None or not stem:
            return None
    if stem not in text or not has_han(stem):
        return None
    pieces, done, at = [], 0, text.find(stem)
    while at >= 0:
        end = at + len(stem)
        if end < len(text) and text[end] in following:
            pieces += (text[done:at], _marks(stem, han_only_blanks))
            done = end
        at = text.find(stem, at + 1)
    if not pieces:
        return None
    pieces.append(text[done:])
    return "".join(pieces)


def contains_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as it is or inflected (見る in 見ます)."""
    return word in text or _hide_inflected(text, word, False) is not None


_ONE_BLANK = blank_span(1)
_BETWEEN_BLANKS = '</span><span class="wp-blank">'  # escaped text has no markup: only blanks end and start here


def hidden_html(marked: str) -> str:
    """HTML of text from `hide`: escaped, line breaks as <br>, each run of marks one blank."""
    if "<" in marked or ">" in marked or "&" in marked:
        marked = html.escape(marked, quote=False)
    if "\n" in marked:
        marked = marked.replace("\n", "<br>")
    if HIDE not in marked:
        return marked
    # A blank per mark, then adjacent blanks joined: two replaces instead of a regex callback per run.
    return marked.replace(HIDE, _ONE_BLANK).replace(_BETWEEN_BLANKS, "")


# Something to recall from: a letter, digit, kana or ideograph (not a mark, blank or symbol).
_CUE = re.compile(r"[^\W_\uff3f]")


def has_cue(marked: str) -> bool:
    """Whether text from `hide` still says something once the answer is hidden."""
    return _CUE.search(marked) is not None


def plain_to_html(text: str) -> str:
    if "<" not in text and ">" not in text and "&" not in text and "\n" not in text:
        return text
    return html.escape(text, quote=False).replace("\n", "<br>")


# ------------------------------------------------------------------ scripts

# Common characters written differently in the two Chinese standards (pairs written out by hand:
# simplified, traditional). Enough to tell a deck's standard from a few dozen words.
_SIMPLIFIED_TRADITIONAL = (
    "这這 们們 来來 时時 说說 会會 对對 国國 过過 发發 么麼 还還 没沒 经經 现現 样樣 关關 长長 让讓 见見 "
    "点點 开開 问問 东東 车車 书書 电電 话話 学學 习習 语語 汉漢 爱愛 边邊 号號 机機 钱錢 买買 卖賣 "
    "饭飯 吗嗎 个個 认認 识識 谢謝 请請 欢歡 乐樂 为為 从從 后後 气氣 马馬 鱼魚 鸟鳥 门門 间間 听聽 "
    "读讀 写寫 难難 题題 准準 备備 师師 业業 员員 动動 场場 热熱 冻凍 脑腦 医醫 药藥 觉覺 应應 该該"
)
SIMPLIFIED_ONLY = frozenset(pair[0] for pair in _SIMPLIFIED_TRADITIONAL.split())
TRADITIONAL_ONLY = frozenset(pair[1] for pair in _SIMPLIFIED_TRADITIONAL.split())

# Of those, the ones modern Japanese writes the same way (学生, 電話): no evidence against Japanese.
_ALSO_JAPANESE = frozenset(
    "学来国会点号医写机准后没"
    "時長見開問東車書電話習語漢愛機買飯個認識謝請為後過還現馬魚鳥門間難題準備師業員動場熱凍該這"
)
CHINESE_ONLY = (SIMPLIFIED_ONLY | TRADITIONAL_ONLY) - _ALSO_JAPANESE

# Common characters only Japanese writes: shinjitai that neither Chinese standard uses (駅, not
# 驿/驛) and kokuji (込 働 峠). Chosen by hand; tests check each has KanjiVG data and none in Make
# Me a Hanzi. A kanji-only Japanese deck (no kana anywhere) is told from Chinese by these.
JAPANESE_ONLY = frozenset(
    "駅図気楽売読広関様発戦経歩歳変単辺対験児実権伝転黒帰営労栄桜恵徳続緑絵薬険覚両乗価駆銭団隠"
    "沢滝渋拝挙拠択拡捜掲揺斉検歓毎弾従応悩悪戻戸剣効収圧塩壊姉専帯庁廃抜晩歴涙済満焼畳稲継総縁"
    "縄縦聴脳臓覧観訳証譲軽遅酔釈闘雑鶏齢仮巻増"
    "込働峠匂枠辻凪榊躾"
)
