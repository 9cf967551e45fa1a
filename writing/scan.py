"""Which notes to convert, which of their fields hold the word, meaning, reading and sentence,
and which script each deck is written in. Reads only (except `remember_fields`).

Notes are read with `col.db` queries (fields split on \\x1f, cards joined for the most mature
interval), never with a `get_note` loop: a 100,000-note collection scans in well under a second.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Callable, Iterable, NamedTuple

from anki.collection import Collection

from . import extract, notetype
from .config import Config

FIELDS_CONFIG_KEY = "writePracticeFields"
ROLES = ("target", "meaning", "reading", "context")
CLOZE_NOTETYPE = 1
_SAMPLE_SIZE = 200


class SourceNote(NamedTuple):
    """One candidate note: its fields split, its most mature card's interval and deck."""

    id: int
    notetype_id: int
    fields: list[str]
    interval: int
    deck_id: int


@dataclass(frozen=True)
class FieldMap:
    """Field names for each role in one note type (None: no such field). `remembered` is True
    when the user chose them (kept in collection config), False when detected."""

    notetype_id: int
    notetype_name: str
    field_names: tuple[str, ...]
    target: str | None
    meaning: str | None = None
    reading: str | None = None
    context: str | None = None
    cloze: bool = False
    remembered: bool = False

    def index(self, role: str) -> int | None:
        name = getattr(self, role)
        return self._indices.get(name) if name is not None else None

    @property
    def _indices(self) -> dict[str, int]:
        try:
            return self.__dict__["_index_cache"]
        except KeyError:
            cache = {name: i for i, name in enumerate(self.field_names)}
            object.__setattr__(self, "_index_cache", cache)  # frozen: cached once, derived data
            return cache


@dataclass(frozen=True)
class ScriptGuess:
    deck_name: str
    script: str
    reason: str
    confirmed: bool = False  # from the user's config or their choice in the dialog


# ------------------------------------------------------------------ which notes


def search_for_deck(deck_name: str) -> str:
    return 'deck:"' + deck_name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def find_source_notes(
    col: Collection, *, search: str = "", note_ids: Iterable[int] | None = None, min_interval: int = 0
) -> list[SourceNote]:
    """Notes matching `search` (any Anki search) or exactly `note_ids`, with at least one card
    whose interval is ≥ `min_interval` days (0: every note), excluding the add-on's own notes.
    Most mature first; ties keep the notes' creation order."""
    own = set(notetype.our_notetype_ids(col))
    if note_ids is not None:
        ids = ",".join(map(str, map(int, note_ids)))
        if not ids:
            return []
        which = f"c.nid in ({ids})"
    else:
        # Anki searches cards faster than notes (a note search joins and de-duplicates); the
        # query below goes from the matching cards to their notes.
        several_cards = _several_card_notetypes(col)
        card_ids = _matching_cards(col, search, min_interval, several_cards)
        if not card_ids:
            return []
        ids = ",".join(map(str, card_ids))
        # When every note has one card, a matching card is its note's only card.
        which = f"c.nid in (select nid from cards where id in ({ids}))" if several_cards else f"c.id in ({ids})"
    rows = col.db.all(
        # SQLite takes a bare column from the row holding max(ivl): the deck of the most mature
        # card. A card in a filtered deck counts for its home deck (odid, 0 when not filtered).
        "select n.id, n.mid, n.flds, max(c.ivl), coalesce(nullif(c.odid, 0), c.did) from cards c join notes n on n.id = c.nid "
        f"where {which} group by c.nid having max(c.ivl) >= ? order by 4 desc, 1",
        min_interval,
    )
    # tuple.__new__ skips the NamedTuple's Python constructor: half the cost, for every note read.
    new = tuple.__new__
    notes = [new(SourceNote, (nid, mid, flds.split("\x1f"), ivl, deck_id)) for nid, mid, flds, ivl, deck_id in rows if mid not in own]
    del rows
    return notes


def _several_card_notetypes(col: Collection) -> list[int]:
    """Note types in use whose notes can have more than one card: cloze, or several templates
    (every collection has such stock note types, and often no notes of them)."""
    possible = [nt["id"] for nt in col.models.all() if nt.get("type") == CLOZE_NOTETYPE or len(nt["tmpls"]) > 1]
    if not possible:
        return []
    return col.db.list(f"select distinct mid from notes where mid in ({','.join(map(str, possible))})")


def _matching_cards(col: Collection, search: str, min_interval: int, several_cards: list[int]) -> list[int]:
    """Cards whose notes match `search` and have a card with an interval ≥ `min_interval`
    (with some card of each such note; the caller reads the notes' maturity itself). The same
    notes as searching alone and then checking intervals, but without listing every matching
    card (in a big deck most cards are not known yet, and that list costs more than the rest).

    Anki matches each card against the whole search, so `(search) prop:ivl>=N` finds the notes
    where one card both matches and is known. The others are notes matched through one card
    and known through another (a production card in another deck): only notes with several
    cards can be such (of the note types in `several_cards`), and those are checked against
    the search by id."""
    if min_interval <= 0:
        return list(col.find_cards(search))
    if not search.strip():
        return list(col.find_cards(f"prop:ivl>={min_interval}"))
    found = list(col.find_cards(f"({search}) prop:ivl>={min_interval}"))
    if not several_cards:  # every note has one card: its match is its maturity
        return found
    multi_card_known = col.db.list(
        "select distinct c.nid from cards c join notes n on n.id = c.nid "
        f"where n.mid in ({','.join(map(str, several_cards))}) and c.ivl >= ? "
        "and exists (select 1 from cards d where d.nid = c.nid and d.id != c.id)",
        min_interval,
    )
    if not multi_card_known:
        return found
    found_notes = set(col.db.list(f"select distinct nid from cards where id in ({','.join(map(str, found))})")) if found else set()
    other_known = [nid for nid in multi_card_known if nid not in found_notes]
    if other_known:
        found += col.find_cards(f"({search}) nid:{','.join(map(str, other_known))}")
    return found


# ------------------------------------------------------------------ which fields

_NAME_HINTS = {
    "context": re.compile(r"sentence|example|context|phrase|例文|例句|文", re.IGNORECASE),
    # "Keyword" (Heisig/RTK decks) is a meaning, though it contains "word".
    "meaning": re.compile(r"meaning|keyword|english|definition|gloss|translat|back|意味|意思|英", re.IGNORECASE),
    "reading": re.compile(r"reading|kana|furigana|pinyin|pronunc|romaji|zhuyin|bopomofo|読み|拼音", re.IGNORECASE),
    "other": re.compile(r"audio|sound|image|picture|photo|note|tag|freq|rank|id$|number|音声|画像", re.IGNORECASE),
    "target": re.compile(r"vocab|word|expression|kanji|hanzi|simplified|traditional|character|term|front|单词|單詞|単語|漢字|汉字|字", re.IGNORECASE),
}
_TRADITIONAL_NAME = re.compile(r"trad|繁", re.IGNORECASE)
_SIMPLIFIED_NAME = re.compile(r"simp|简", re.IGNORECASE)
_MEANING_LENGTH = 80  # a meaning is a gloss; longer Latin text is a story or notes (RTK decks)
_PINYIN = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]|[a-z]+[1-5]\b", re.IGNORECASE)


def _name_role(name: str) -> str | None:
    for role in ("context", "meaning", "reading", "other", "target"):
        if _NAME_HINTS[role].search(name):
            return role
    return None


def detect_fields(
    notetype_id: int, notetype_name: str, field_names: list[str], samples: list[list[str]], *, cloze: bool = False, script: str | None = None
) -> FieldMap:
    """Guess each role's field from the content of sample notes, with names as a hint.

    Target: the field whose text is mostly CJK and short (a vocabulary word) in most notes,
    preferring ideographs over kana-only text; a field of mostly Latin text (English words) or
    without a single such word is never the target, whatever its name. Meaning: mostly Latin
    text. Reading: kana-only or pinyin text, or the target field itself when it carries
    furigana. Context: longer CJK text. A field named for one role ("Keyword", "Word") that its
    content does not fit is a candidate for the role its content fits.
    """
    names = tuple(field_names)
    count = max(1, len(samples))
    texts = [[extract.field_text(s[i]) if i < len(s) else "" for s in samples] for i in range(len(names))]
    roles = [_name_role(n) for n in names]

    def share(i: int, test) -> float:
        return sum(1 for t in texts[i] if t and test(t)) / count

    def short_word(t: str) -> bool:
        cjk = extract.cjk_count(t)
        return 1 <= cjk <= 8 and extract.cjk_share(t) >= 0.6

    def latin(t: str) -> bool:
        letters = [ch for ch in t if ch.isalpha()]
        return bool(letters) and sum(ch.isascii() for ch in letters) / len(letters) > 0.8 and not _PINYIN.search(t)

    if cloze:
        target = names[0] if names else None
        others = [i for i in range(len(names)) if names[i] != target]
    else:
        scores = []
        for i, name in enumerate(names):
            han = share(i, lambda t: short_word(t) and extract.has_han(t))
            word = share(i, short_word)
            if word == 0 or share(i, latin) >= 0.5:  # English words, or no word at all: never the word to write
                continue
            bonus = {"target": 0.25, None: 0.0}.get(roles[i], -0.3)
            if script == "zh-Hant" and _TRADITIONAL_NAME.search(name):
                bonus += 0.3
            if script == "zh-Hans" and _SIMPLIFIED_NAME.search(name):
                bonus += 0.3
            scores.append((0.7 * han + 0.3 * word + bonus, -i))
        best_score, best_negative_index = max(scores) if scores else (0.0, 0)
        target = names[-best_negative_index] if best_score >= 0.3 else None
        others = [i for i in range(len(names)) if names[i] != target]

    def pick(role: str, content_test, minimum: float = 0.4) -> str | None:
        by_name = [i for i in others if roles[i] == role and share(i, lambda t: True) > 0]
        if by_name:
            return names[by_name[0]]
        # A field named like a word field that is not the word field is judged by its content.
        scored = [(share(i, content_test), -i) for i in others if roles[i] in (None, role, "target")]
        scored = [s for s in scored if s[0] >= minimum]
        return names[-max(scored)[1]] if scored else None

    def reading_like(t: str) -> bool:
        no_space = "".join(t.split())
        return bool(no_space) and (all(extract.is_kana(ch) for ch in no_space) or bool(_PINYIN.search(t)) and extract.cjk_share(t) == 0)

    meaning = pick("meaning", lambda t: latin(t) and len(t) <= _MEANING_LENGTH)
    reading = pick("reading", reading_like)
    if reading is None and target is not None:
        target_index = names.index(target)
        if sum(1 for s in samples if target_index < len(s) and extract.has_furigana(s[target_index])) >= count / 2:
            reading = target
    context = target if cloze else pick("context", lambda t: extract.cjk_count(t) > 8)
    return FieldMap(notetype_id, notetype_name, names, target, meaning, reading, context, cloze)


def remembered_fields(col: Collection) -> dict[str, dict[str, str | None]]:
    value = col.get_config(FIELDS_CONFIG_KEY, {})
    return value if isinstance(value, dict) else {}


def remember_fields(col: Collection, field_map: FieldMap) -> None:
    """Keep the user's choice for this note type (by field name, so reordering fields is fine)."""
    stored = remembered_fields(col)
    stored[str(field_map.notetype_id)] = {role: getattr(field_map, role) for role in ROLES}
    col.set_config(FIELDS_CONFIG_KEY, stored)


def field_maps(
    col: Collection, notes: list[SourceNote], script_of: Callable[[SourceNote], str] | None = None
) -> dict[int, FieldMap]:
    """The field map of every note type among `notes`: remembered if the user chose one (and
    its fields still exist), else detected from up to 200 of the notes. `script_of` (a note's
    script) lets a Traditional/Simplified field pair be told apart."""
    samples: dict[int, list[list[str]]] = defaultdict(list)
    deck_votes: dict[int, Counter] = defaultdict(Counter)
    for note in notes:
        if len(samples[note.notetype_id]) < _SAMPLE_SIZE:
            samples[note.notetype_id].append(note.fields)
            if script_of:
                deck_votes[note.notetype_id][script_of(note)] += 1
    stored = remembered_fields(col)
    maps = {}
    for notetype_id, rows in samples.items():
        nt = col.models.get(notetype_id)
        if nt is None:
            continue
        names = [f["name"] for f in nt["flds"]]
        cloze = nt.get("type") == CLOZE_NOTETYPE
        script = deck_votes[notetype_id].most_common(1)[0][0] if deck_votes[notetype_id] else None
        detected = detect_fields(notetype_id, nt["name"], names, rows, cloze=cloze, script=script)
        choice = stored.get(str(notetype_id))
        if isinstance(choice, dict) and all(choice.get(r) in (None, *names) for r in ROLES) and choice.get("target"):
            detected = replace(detected, remembered=True, **{r: choice.get(r) for r in ROLES})
        maps[notetype_id] = detected
    return maps


# ------------------------------------------------------------------ which script


# Words in deck, note type and field names that say which language a deck is in.
_JAPANESE_NAME = re.compile(r"japanese|nihongo|日本語|kanji|kana\b|furigana|ふりがな|振り仮名|hiragana|katakana|romaji|jlpt|kanken|漢検", re.IGNORECASE)
_CHINESE_NAME = re.compile(r"chinese|mandarin|cantonese|中文|汉语|漢語|华语|華語|普通话|hsk|tocfl|pinyin|拼音|zhuyin|注音|bopomofo|jyutping|hanzi|汉字", re.IGNORECASE)


def guess_script(texts: Iterable[str], names: Iterable[str] = ()) -> tuple[str, str]:
    """(script, reason) for a deck from its notes' text and `names` (its deck, note type and
    field names): kana present means Japanese; so do characters only Japanese writes (駅 気 働),
    or with neither, a Japanese name ("Kanji", "Furigana") and no character only Chinese writes;
    otherwise simplified or traditional Chinese by the characters only one standard uses."""
    notes = with_kana = 0
    counts: Counter = Counter()
    for text in texts:
        notes += 1
        if extract.has_kana(text):
            with_kana += 1
        counts.update(text)

    def among(chars: frozenset[str]) -> int:
        return sum(counts[ch] for ch in chars.intersection(counts))

    simplified, traditional = among(extract.SIMPLIFIED_ONLY), among(extract.TRADITIONAL_ONLY)
    japanese, chinese = among(extract.JAPANESE_ONLY), among(extract.CHINESE_ONLY)
    if notes and with_kana / notes >= 0.2:
        return "ja", f"kana in {round(100 * with_kana / notes)}% of the notes"
    if japanese > chinese:
        return "ja", f"forms only Japanese writes ({japanese}) outnumber forms only Chinese writes ({chinese}), no kana"
    names = list(names)
    japanese_names = [name for name in names if _JAPANESE_NAME.search(name)]
    if japanese_names and not chinese and not any(_CHINESE_NAME.search(name) for name in names):
        return "ja", f"the name {japanese_names[0]!r} says Japanese, no kana and no form only Chinese writes"
    if traditional > simplified:
        return "zh-Hant", f"traditional forms ({traditional}) outnumber simplified ones ({simplified}), no kana"
    if simplified:
        return "zh-Hans", f"simplified forms ({simplified}) outnumber traditional ones ({traditional}), no kana"
    if notes and with_kana:
        return "ja", f"kana in {with_kana} of {notes} notes"
    return "zh-Hans", "no kana and no telling simplified from traditional: assumed simplified"


def guess_deck_scripts(
    notes: list[SourceNote],
    deck_of: Callable[[SourceNote], str],
    config: Config,
    notetype_names: Callable[[int], Iterable[str]] = lambda _notetype_id: (),
) -> dict[str, ScriptGuess]:
    """The script of each deck among `notes` (`deck_of` names a note's deck): the one set in the
    config (a parent deck's applies to its subdecks), else a guess from up to 200 of its notes,
    the deck's name and `notetype_names` (a note type's name and field names)."""
    texts: dict[str, list[str]] = defaultdict(list)
    notetypes: dict[str, set[int]] = defaultdict(set)
    for note in notes:
        deck = deck_of(note)
        deck_texts = texts[deck]
        if len(deck_texts) < _SAMPLE_SIZE:
            deck_texts.append("\x1f".join(note.fields))
            notetypes[deck].add(note.notetype_id)
    guesses = {}
    for name, deck_texts in texts.items():
        chosen = config.script_for_deck(name)
        if chosen:
            guesses[name] = ScriptGuess(name, chosen, "set by you", confirmed=True)
        else:
            names = [name] + [n for notetype_id in sorted(notetypes[name]) for n in notetype_names(notetype_id)]
            script, reason = guess_script(deck_texts, names)
            guesses[name] = ScriptGuess(name, script, reason)
    return guesses


def notetype_names(col: Collection) -> Callable[[int], tuple[str, ...]]:
    """A note type's name and field names by id (for `guess_deck_scripts`), read once each."""
    cache: dict[int, tuple[str, ...]] = {}

    def names(notetype_id: int) -> tuple[str, ...]:
        if notetype_id not in cache:
            nt = col.models.get(notetype_id)
            cache[notetype_id] = (nt["name"], *(f["name"] for f in nt["flds"])) if nt else ()
        return cache[notetype_id]

    return names
