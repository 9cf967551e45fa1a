"""Preview and convert: known vocabulary becomes "Write Practice" notes.

    options = ConvertOptions.from_config(cfg, search='deck:"Core 2k"')
    preview(col, options)  -> Preview (counts, skip reasons, ten sample prompts, fields, scripts)
    convert(col, options)  -> ConvertResult (what was added; `.changes` for a CollectionOp)
    convert_deck(col, "Core 2k") -> ConvertResult with the config's defaults (used by the demo)

Idempotent: a target (normalised text + script) that already has a writing note, in any deck,
from any run or an imported package, is never added again. Atomic and one undo step ("Add
writing cards"): the note type, the writing decks, the notes (one `add_notes` call) and the
tags are written in one database transaction, so an error or Anki being killed halfway leaves
nothing behind. Source notes are only read, unless `tag_source_notes`.
"""

from __future__ import annotations

import operator
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, NamedTuple

from anki.collection import AddNoteRequest, Collection, OpChanges
from anki.notes import Note
from anki.utils import guid64

from . import extract, media, notetype, scan, strokes
from .config import Config, parse

UNDO_LABEL = "Add writing cards"
SOURCE_TAG = "write-practice::converted"
SAMPLE_COUNT = 10

# Skip reasons: the keys of `Preview.skipped` / `ConvertResult.skipped`.
NO_TARGET_FIELD = "no vocabulary field found in its note type"
NO_CJK = "no kanji, hanzi or kana in the vocabulary field"
PATTERN = "a pattern with placeholders (～, A/B): grammar or an affix, not a word to write"
KANA_WORD = "a word in kana only (kana_only_words is off)"
KANA_ONLY = "kana only (write_kana is off)"
NO_STROKE_DATA = "no stroke data for a character (no_stroke_data is skip)"
NO_PROMPT = "no meaning or reading left to recall it from once the answer is hidden"

Progress = Callable[[str, int, int], None]  # (label, done, total)


class ConversionError(Exception):
    """Conversion cannot run; the message is a sentence for the user."""


class Cancelled(Exception):
    """The user cancelled before anything was written."""


@dataclass(frozen=True)
class ConvertOptions:
    """What to convert and how. Build it with `from_config`."""

    search: str = ""
    note_ids: tuple[int, ...] | None = None  # exactly these notes (the Browser selection)
    source_deck: str | None = None  # the deck the user picked: writing cards go to its Writing subdeck
    min_interval: int = 21
    unit: str = "word"
    write_kana: bool = True
    kana_only_words: bool = False  # words without kanji/hanzi (これ, フィルム) get cards too
    no_stroke_data: str = "self_graded"
    tag_source_notes: bool = False
    writing_deck: str = ""  # "" = "<source deck>::Writing"
    config: Config = field(default_factory=Config)  # deck_scripts live here
    field_overrides: dict[int, scan.FieldMap] = field(default_factory=dict)  # note type id -> map
    # Character unit only: plan cards for just these characters (None = every character). The
    # gap report adds its top N this way, with the conversion's own checks, undo and atomicity.
    characters: frozenset[str] | None = None
    # Roles set by name for every note type that has a field of that name, over what was
    # detected or remembered: (role, field name) pairs, roles as in `scan.ROLES` ("" = none).
    field_roles: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.characters is not None and self.unit != "character":
            raise ValueError("ConvertOptions.characters needs unit='character'")

    @classmethod
    def from_config(cls, cfg: Config, *, search: str = "", note_ids=None, deck: str | None = None, **overrides) -> "ConvertOptions":
        if deck is not None:
            search = scan.search_for_deck(deck)
        base = cls(
            search=search,
            note_ids=tuple(note_ids) if note_ids is not None else None,
            source_deck=deck,
            min_interval=cfg.min_interval,
            unit=cfg.unit,
            write_kana=cfg.write_kana,
            kana_only_words=cfg.kana_only_words,
            no_stroke_data=cfg.no_stroke_data,
            tag_source_notes=cfg.tag_source_notes,
            writing_deck=cfg.writing_deck,
            config=cfg,
        )
        return replace(base, **overrides)


class PlannedNote(NamedTuple):
    """One writing note to add (a tuple: a conversion makes tens of thousands)."""

    target: str
    script: str
    meaning: str
    reading: str
    context: str  # HTML with the target as blanks; "" when the source has no sentence
    source_id: int
    deck_name: str
    self_graded: bool  # some character has no stroke data
    notes: str = ""  # the answer side's notes: every spelling when the word field has several


@dataclass(frozen=True)
class SamplePrompt:
    target: str
    meaning: str
    reading: str
    context: str  # plain text, blanks as ＿
    script: str


@dataclass
class Preview:
    matched_notes: int
    to_add: int
    already_exist: int
    skipped: dict[str, int]
    self_graded: int  # targets kept without stroke data (no_stroke_data = self_graded)
    missing_stroke_data: dict[str, int]  # character -> how many targets contain it
    samples: list[SamplePrompt]
    fields: dict[int, scan.FieldMap]
    scripts: dict[str, scan.ScriptGuess]
    decks: list[str]  # decks that receive cards
    planned: list[PlannedNote] = field(repr=False, default_factory=list)

    def summary(self) -> str:
        lines = [
            f"{self.matched_notes} notes match; {self.to_add} writing cards to add; {self.already_exist} already exist.",
        ]
        lines += [f"skipped {count}: {reason}" for reason, count in sorted(self.skipped.items(), key=lambda kv: -kv[1])]
        if self.missing_stroke_data:
            chars = "".join(sorted(self.missing_stroke_data, key=lambda c: -self.missing_stroke_data[c])[:30])
            lines.append(
                f"{_count(len(self.missing_stroke_data), 'character')} without stroke data ({chars}); "
                f"self-graded cards with them: {self.self_graded}."
            )
        return "\n".join(lines)


@dataclass
class ConvertResult:
    added: int
    already_exist: int
    skipped: dict[str, int]
    self_graded: int
    missing_stroke_data: dict[str, int]
    note_ids: list[int]
    decks: list[str]
    matched_notes: int
    tagged_source_notes: int
    notetype_repairs: tuple[str, ...]
    media_problems: tuple[str, ...]
    seconds: float
    changes: OpChanges = field(default_factory=OpChanges, repr=False)
    # (target, script) of the added notes. Their stroke-data files are the caller's next step
    # (`media.ensure_stroke_media`), once the notes are in, so nobody waits for thousands of
    # file creations: the GUI writes them in the background, the command line before it exits,
    # and the upkeep at profile open writes any that are still missing.
    stroke_targets: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    def summary(self) -> str:
        lines = [f"Added {self.added} writing cards ({self.already_exist} already existed) from {self.matched_notes} notes."]
        if self.decks:
            lines.append("Decks: " + ", ".join(self.decks))
        lines += [f"skipped {count}: {reason}" for reason, count in sorted(self.skipped.items(), key=lambda kv: -kv[1])]
        if self.self_graded:
            lines.append(f"{_count(self.self_graded, 'card')} self-graded: {_count(len(self.missing_stroke_data), 'character')} without stroke data.")
        lines += list(self.notetype_repairs) + list(self.media_problems)
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# ------------------------------------------------------------------ planning


def _no_progress(label: str, done: int, total: int) -> None:
    pass


def _never() -> bool:
    return False


def preview(col: Collection, options: ConvertOptions, progress: Progress = _no_progress, cancelled: Callable[[], bool] = _never) -> Preview:
    """What `convert` would do. Reads only."""
    progress("Finding notes…", 0, 0)
    notes = scan.find_source_notes(col, search=options.search, note_ids=options.note_ids, min_interval=options.min_interval)
    if cancelled():
        raise Cancelled()
    deck_names = {d.id: d.name for d in col.decks.all_names_and_ids()}

    def deck_name(deck_id: int) -> str:
        return options.source_deck or deck_names.get(deck_id, "Default")

    def deck_of(note: scan.SourceNote) -> str:
        return deck_name(note.deck_id)

    scripts = scan.guess_deck_scripts(notes, deck_of, options.config, scan.notetype_names(col))
    script_by_deck = {name: guess.script for name, guess in scripts.items()}

    def script_of(note: scan.SourceNote) -> str:
        return script_by_deck[deck_of(note)]

    maps = scan.field_maps(col, notes, script_of)
    maps.update({k: v for k, v in options.field_overrides.items() if k in maps})
    if options.field_roles:
        maps = _with_roles(maps, options.field_roles)
    fields_of = {notetype_id: SourceFields.of(fmap) for notetype_id, fmap in maps.items() if fmap.index("target") is not None}
    existing = existing_targets(col)
    planned: list[PlannedNote] = []
    planned_keys: set[tuple[str, str]] = set()
    already_keys: set[tuple[str, str]] = set()  # counted once each, however many notes have them
    skipped: Counter = Counter()
    missing: Counter = Counter()
    self_graded = 0
    decks: dict[int, tuple[str, str, frozenset[str]]] = {}  # source deck id -> (script, writing deck, writable characters)
    whole_words = options.unit == "word" and options.write_kana  # the default: each word is its own target
    kana_words = options.kana_only_words
    find_han = extract.find_han
    # The loop unpacks each note and reads locals: attribute lookups cost here, tens of
    # thousands of times (see "where the time goes" in docs/conversion.md).
    for i, (note_id, notetype_id, fields, _interval, deck_id) in enumerate(notes):
        if i % 2000 == 0:
            progress("Reading notes…", i, len(notes))
            if cancelled():
                raise Cancelled()
        roles = fields_of.get(notetype_id)
        if roles is None:
            skipped[NO_TARGET_FIELD] += 1
            continue
        found, pattern = roles.vocabulary(fields)
        if not found:
            skipped[NO_CJK] += 1
            continue
        if pattern:
            skipped[PATTERN] += 1
            continue
        deck = decks.get(deck_id)
        if deck is None:
            name = deck_name(deck_id)
            script = script_by_deck[name]
            deck = decks[deck_id] = (script, options.writing_deck or name + "::Writing", strokes.characters(script))
        script, writing_deck, writable = deck
        source: SourceText | None = None  # read once, when the note gives a card
        several = len(found) > 1
        for word, cloze_number in found:
            if not kana_words and find_han(word) is None:
                skipped[KANA_WORD] += 1
                continue
            spellings = _spellings(found, cloze_number) if several else ()
            for target, blank_in in ((word, "word"),) if whole_words else _targets(word, options):
                if target is None:
                    skipped[blank_in] += 1
                    continue
                key = (target, script)
                if key in existing:
                    already_keys.add(key)
                    continue
                if key in planned_keys:  # one card per target, from its most mature note
                    continue
                lacking = not writable.issuperset(target)
                if lacking and options.no_stroke_data == "skip":
                    _count_missing(target, writable, missing)
                    skipped[NO_STROKE_DATA] += 1
                    continue
                if source is None:
                    source = roles.text(fields, writing_deck)
                note = plan_note(note_id, source, word, target, blank_in, cloze_number, script, lacking, spellings)
                if not (note.meaning or note.reading):
                    skipped[NO_PROMPT] += 1
                    continue
                if lacking:
                    _count_missing(target, writable, missing)
                    self_graded += 1
                planned_keys.add(key)
                planned.append(note)
    progress("Reading notes…", len(notes), len(notes))
    _tell_apart(planned)
    samples = [
        SamplePrompt(p.target, p.meaning, p.reading, extract.field_text(p.context), p.script) for p in planned[:SAMPLE_COUNT]
    ]
    return Preview(
        matched_notes=len(notes),
        to_add=len(planned),
        already_exist=len(already_keys),
        skipped=dict(skipped),
        self_graded=self_graded,
        missing_stroke_data=dict(missing),
        samples=samples,
        fields=maps,
        scripts=scripts,
        decks=sorted({p.deck_name for p in planned}),
        planned=planned,
    )


_FRONT = operator.itemgetter(2, 3, 4)  # a PlannedNote's meaning, reading and context


def _tell_apart(planned: list[PlannedNote]) -> None:
    """Notes of this run with the same front (two notes of one word, 伯父さん and 叔父さん both
    "uncle, おじさん") are told apart as the spellings in one field are: "2 forms: write the
    1st", every form on the answer side. In place; most runs have no such notes."""
    fronts = list(map(_FRONT, planned))
    if len(set(fronts)) == len(fronts):  # the usual case, checked in C
        return
    first: dict[tuple, int] = {}
    groups: dict[int, list[int]] = {}
    for index, front in enumerate(fronts):
        seen = first.setdefault(front, index)
        if seen != index:
            groups.setdefault(seen, [seen]).append(index)
    for indices in groups.values():
        forms = tuple(planned[i].target for i in indices)
        for position, i in enumerate(indices):
            note = planned[i]
            hint = _form_hint(position, len(forms))
            planned[i] = note._replace(context=hint + "<br>" + note.context if note.context else hint, notes=_spellings_note(forms))


def _count_missing(target: str, writable: frozenset[str], missing: Counter) -> None:
    for ch in dict.fromkeys(target):
        if ch not in writable:
            missing[ch] += 1


def _spellings(found: list[tuple[str, int | None]], cloze_number: int | None) -> tuple[str, ...]:
    """Every form in the word field (of one cloze deletion) when it has several: 基準 / 規準,
    "足; 脚", 書く、描く. Empty when there is one."""
    forms = tuple(word for word, number in found if number == cloze_number)
    return forms if len(forms) > 1 else ()


# The names the command line and the docs use for the roles, beside scan.ROLES' own.
ROLE_NAMES = {"word": "target", "target": "target", "meaning": "meaning", "reading": "reading", "sentence": "context", "context": "context"}


def _with_roles(maps: dict[int, scan.FieldMap], roles: tuple[tuple[str, str], ...]) -> dict[int, scan.FieldMap]:
    """`maps` with each (role, field name) of `roles` set in every note type that has a field of
    that name ("" sets the role to no field). A name no note type has is an error: a typo would
    otherwise convert with the detected field without a word."""
    result = dict(maps)
    for role, name in roles:
        if role not in ROLE_NAMES:
            raise ConversionError(f"unknown field role {role!r}: use one of {', '.join(sorted(ROLE_NAMES))}")
        having = [notetype_id for notetype_id, fmap in result.items() if not name or name in fmap.field_names]
        if result and not having:
            names = sorted({n for fmap in result.values() for n in fmap.field_names})
            raise ConversionError(f"no note type among the matched notes has a field named {name!r} (fields: {', '.join(names)})")
        for notetype_id in having:
            result[notetype_id] = replace(result[notetype_id], **{ROLE_NAMES[role]: name or None})
    return result


def existing_targets(col: Collection) -> set[tuple[str, str]]:
    """(normalised target, script) of every writing note of the add-on's note types."""
    keys = set()
    for notetype_id in notetype.our_notetype_ids(col):
        nt = col.models.get(notetype_id)
        names = [f["name"] for f in nt["flds"]]
        if "Target" not in names or "Script" not in names:
            continue
        t, s = names.index("Target"), names.index("Script")
        for (flds,) in col.db.execute("select flds from notes where mid = ?", notetype_id):
            parts = flds.split("\x1f")
            keys.add((extract.normalise_target(parts[t]), extract.field_text(parts[s]).strip()))
    return keys


# A NamedTuple's constructor is a Python function around this: called directly, it costs half
# (tens of thousands of notes per conversion). Every field must be given.
_new_tuple = tuple.__new__


class SourceText(NamedTuple):
    """What every writing note from one source note shares (plain text: each note hides its
    own answer in it)."""

    raw_target: str
    meaning: str
    reading: str
    sentence: str | None  # None when the note type has no sentence field
    deck_name: str


class SourceFields(NamedTuple):
    """Where one note type keeps each role: field indices (None: no such field). Its methods
    read a source note's fields (a list as stored; a field may be missing from a malformed note)."""

    target: int
    meaning: int | None
    reading: int | None
    context: int | None
    cloze: bool

    @classmethod
    def of(cls, fmap: scan.FieldMap) -> "SourceFields":
        """`fmap` must have a target field."""
        return cls(fmap.index("target"), fmap.index("meaning"), fmap.index("reading"), fmap.index("context"), fmap.cloze)

    def words(self, fields: list[str]) -> list[tuple[str, int | None]]:
        """(word, cloze number) pairs of the vocabulary field; the number is None unless the
        note is a cloze note (then each deletion gives its words)."""
        return self.vocabulary(fields)[0]

    def vocabulary(self, fields: list[str]) -> tuple[list[tuple[str, int | None]], bool]:
        """`words(fields)`, and whether the field (a cloze deletion) is a grammar pattern with
        placeholders (`extract.vocabulary`)."""
        target, _meaning, _reading, _context, cloze = self
        raw = fields[target] if target < len(fields) else ""
        if not cloze:
            found, pattern = extract.vocabulary(raw)
            if len(found) == 1:  # the usual field: a literal is cheaper than a comprehension
                return [(found[0], None)], pattern
            return [(word, None) for word in found], pattern
        pairs, pattern = [], False
        for number, answer in extract.cloze_answers(raw):
            found, answer_pattern = extract.vocabulary(answer)
            pairs += [(word, number) for word in found]
            pattern = pattern or answer_pattern
        return pairs, pattern

    def text(self, fields: list[str], deck_name: str) -> SourceText:
        target, meaning, reading, context, cloze = self
        count = len(fields)
        reading_text = extract.reading_text(fields[reading]) if reading is not None and reading < count else ""
        meaning_text = extract.field_text(fields[meaning]) if meaning is not None and meaning < count else ""
        sentence = extract.field_text(fields[context]) if not cloze and context is not None and context < count else None
        raw = fields[target] if target < count else ""
        if not reading_text and ("[" in raw or "<r" in raw) and extract.has_furigana(raw):
            reading_text = extract.reading_text(raw)  # an empty reading field, furigana in the word field
        return _new_tuple(SourceText, (raw, meaning_text, reading_text, sentence, deck_name))


def _targets(word: str, options: ConvertOptions) -> list[tuple[str | None, str]]:
    """(target, how to blank it) for a word; (None, skip reason) when it gives no target."""
    if options.unit == "character":
        wanted = options.characters
        return [(ch, "character") for ch in dict.fromkeys(word) if extract.is_han(ch) and (wanted is None or ch in wanted)]
    if options.write_kana:
        return [(word, "word")]
    if extract.has_han(word):
        return [(extract.han_only(word), "han")]
    return [(None, KANA_ONLY)]


_ORDINALS = ("1st", "2nd", "3rd")


def _form_hint(position: int, count: int) -> str:
    """Which of several forms (spellings) a card asks for: "2 forms: write the 1st"."""
    which = _ORDINALS[position] if position < len(_ORDINALS) else f"{position + 1}th"
    return f"{count} forms: write the {which}"


def _spellings_note(forms: tuple[str, ...]) -> str:
    """The answer side's list of every form."""
    return "Spellings: " + extract.plain_to_html(" / ".join(forms))


def plan_note(
    source_id: int,
    source: SourceText,
    word: str,
    target: str,
    blank_in: str,
    cloze_number: int | None,
    script: str,
    self_graded: bool,
    spellings: tuple[str, ...] = (),
) -> PlannedNote:
    """The writing note for `target` out of `word` (its source's word with that cloze number):
    `blank_in` is "word" (blank the word), "han" (blank only its ideographs) or "character"
    (blank the target character, shown in the word and its sentence). `spellings`: every form
    of the word field when it has several (the word among them).

    Nothing on the front gives the answer away: the target's ideographs (a kana target: the
    word itself) are blanked in the meaning, reading and sentence, as the word is in the
    sentence; a meaning or reading with nothing else left is dropped. A note with neither
    left (`not (meaning or reading)`) has nothing to recall from and is not added."""
    raw_target, meaning, reading, sentence, deck_name = source
    forms = spellings or (word,)
    hidden = target if blank_in == "character" else None  # None: the ideographs of every form
    if cloze_number is not None and not meaning:
        meaning = extract.cloze_hint(raw_target, cloze_number)
    # An English meaning, a romanised or kana reading (most notes) show nothing of the answer.
    meaning_html = extract.plain_to_html(meaning) if meaning.isascii() else _front_field(meaning, forms, hidden)
    if not reading or reading.isascii() or (hidden is None and not spellings and word not in reading and extract.find_han(reading) is None):
        reading_html = extract.plain_to_html(reading)
    else:
        reading_html = _front_field(reading, forms, hidden)
    if blank_in == "character":
        parts = [extract.hidden_html(extract.hide(word, (), target)[0])]
        if cloze_number is not None:  # the whole cloze text, every deletion's answer in place
            parts.append(extract.hidden_html(extract.hide(extract.field_text(raw_target), (), target)[0]))
        elif sentence and extract.contains_word(sentence, word):
            parts.append(extract.hidden_html(extract.hide(sentence, (), target)[0]))
        context = "<br>".join(parts)
    else:
        context = ""
        context_text = extract.cloze_context(raw_target, cloze_number) if cloze_number is not None else sentence
        if context_text:
            marked, found = extract.hide(context_text, forms, hidden, han_only_blanks=blank_in == "han", inflect=True)
            if found:
                context = extract.hidden_html(marked)
        if not context and blank_in == "han":
            context = extract.hidden_html(extract.hide(word, (word,), han_only_blanks=True)[0])  # the word's kana as given
        if spellings:
            hint = _form_hint(forms.index(word), len(forms))
            context = hint + "<br>" + context if context else hint
    notes = _spellings_note(forms) if spellings and blank_in != "character" else ""
    return _new_tuple(PlannedNote, (target, script, meaning_html, reading_html, context, source_id, deck_name, self_graded, notes))


def _front_field(text: str, forms: tuple[str, ...], hidden: str | None) -> str:
    """A meaning or reading as front HTML with the answer hidden; "" if nothing else is left."""
    marked, _found = extract.hide(text, forms, hidden)
    if extract.HIDE not in marked:
        return extract.plain_to_html(text)
    return extract.hidden_html(marked) if extract.has_cue(marked) else ""


# ------------------------------------------------------------------ converting


def convert(col: Collection, options: ConvertOptions, progress: Progress = _no_progress, cancelled: Callable[[], bool] = _never) -> ConvertResult:
    """Add the writing notes `preview` plans, as one undo step; all or nothing.
    Cancelling is possible until the notes are written (raises `Cancelled`, nothing changed)."""
    started = time.perf_counter()
    plan = preview(col, options, progress, cancelled)
    if cancelled():
        raise Cancelled()
    existing_nt = notetype.find(col)
    if existing_nt is not None:
        problems = notetype.structure_problems(existing_nt)
        if problems:
            raise ConversionError(" ".join(problems))
    for name in plan.decks:
        deck = col.decks.by_name(name)
        if deck and deck.get("dyn"):
            raise ConversionError(f"{name!r} is a filtered deck, and new cards cannot go into one: choose another writing deck.")
    media_status = media.ensure(col)
    undo_start = col.add_custom_undo_entry(UNDO_LABEL)
    written: list[tuple[notetype.NotetypeStatus, list[int], int]] = []  # _write's result, once through
    try:
        # One database transaction around every change: the note type, the writing decks, the
        # notes and the tags. The backend's own operations nest inside it as savepoints, so
        # Anki killed or an error halfway leaves the collection as it was (no empty decks).
        col.db.transact(lambda: written.append(_write(col, plan, options, progress)))
    except BaseException:
        _forget_rolled_back_undo_steps(col)
        raise
    status, note_ids, tagged = written[0]
    changes = col.merge_undo_entries(undo_start)
    return ConvertResult(
        added=len(note_ids),
        already_exist=plan.already_exist,
        skipped=plan.skipped,
        self_graded=plan.self_graded,
        missing_stroke_data=plan.missing_stroke_data,
        note_ids=note_ids,
        decks=plan.decks,
        matched_notes=plan.matched_notes,
        tagged_source_notes=tagged,
        notetype_repairs=status.repairs,
        media_problems=media_status.problems,
        seconds=time.perf_counter() - started,
        changes=changes,
        stroke_targets=tuple((p.target, p.script) for p in plan.planned),
    )


def _write(col: Collection, plan: Preview, options: ConvertOptions, progress: Progress) -> tuple[notetype.NotetypeStatus, list[int], int]:
    status = notetype.ensure(col)
    if not plan.planned:
        return status, [], 0
    progress(f"Adding {plan.to_add} writing cards…", 0, 0)
    nt = col.models.get(status.id)
    deck_ids = {name: col.decks.id(name, create=True) for name in plan.decks}
    requests = [AddNoteRequest(note, deck_ids[p.deck_name]) for p, note in zip(plan.planned, new_notes(col, nt, plan.planned))]
    col.add_notes(requests)
    tagged = 0
    if options.tag_source_notes:
        progress("Tagging source notes…", 0, 0)
        source_ids = sorted({p.source_id for p in plan.planned})
        tagged = col.tags.bulk_add(source_ids, SOURCE_TAG).count
    return status, [r.note.id for r in requests], tagged


def new_notes(col: Collection, nt: dict, planned: list[PlannedNote]) -> list[Note]:
    """Unsaved writing notes for `planned`. One note comes from the backend; the others are
    shallow copies of it with their own guid and fields (a backend call per note would cost
    more than adding them; `copy.copy` costs ten times this, through Note's attribute lookups)."""
    blank = vars(col.new_note(nt))
    notes = []
    for p in planned:
        note = Note.__new__(Note)
        note.__dict__.update(blank)
        note.guid = guid64()
        note.tags = []
        note.fields = [p.target, p.meaning, p.reading, p.context, p.script, str(p.source_id), p.notes]
        notes.append(note)
    return notes


def _forget_rolled_back_undo_steps(col: Collection) -> None:
    """After the transaction was rolled back, the undo queue may still hold the steps of the
    changes that were undone on disk (a failing backend operation empties the queue itself; a
    Python error between two operations does not). Undoing them would act on rows that are no
    longer there, and leave a Redo that would add them again, so drop the queue: a statement
    through `col.db` that writes is how Anki's backend learns that its undo history is stale.
    It writes nothing (no row matches)."""
    try:
        col.db.execute("update col set mod = mod where 0")
    except Exception:
        pass  # the collection is already as it was, and the error being raised says why


def convert_deck(col: Collection, deck_name: str, raw_config: dict | None = None, **overrides) -> ConvertResult:
    """Convert one deck with the config's defaults, then write the new notes' stroke-data files
    (the demo's entry point)."""
    cfg, _problems = parse(raw_config or {})
    result = convert(col, ConvertOptions.from_config(cfg, deck=deck_name, **overrides))
    result.media_problems += media.ensure_stroke_media(col, result.stroke_targets).problems
    return result
