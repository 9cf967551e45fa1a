"""Audit what the conversion makes of real shared decks: every writing note it adds is checked
against what a learner needs, and the figures are printed per deck.

    .venv/bin/python tools/audit_conversion.py [--decks ../shared/decks] [--unit word|character] [--kana-words] [DECK ...]

DECK is a .csv (open-anki-jlpt-decks columns: expression,reading,meaning,tags,guid), an .apkg
(imported with Anki's importer) or a .anki2 collection (copied first); without any, every deck
in --decks (`jlpt/*.csv`, `xiehanzi/*.apkg`). The decks are read where they are, never copied
into the project (their licences travel with them). tests/test_convert_real_decks.py runs the
same audit.

Shared decks carry no reviews, so half of each deck is made known first: the notes in id order
(the file's order for a CSV), every other one from the first, get review cards with intervals
of 21 to 220 days and a review row in the revlog, as months of recognition reviews would leave.
Then the deck is converted with the add-on's defaults (min_interval 21), and each writing note
is checked:
- its front has a meaning or a reading (more than blanks and symbols);
- no other writing note of the deck has the same front (which answer would be wanted?);
- no ideograph of the target (of any of its spellings) is on the front, nor a kana target as a
  whole (meaning, reading, sentence);
- when its source's sentence contains the word, as written or inflected (the word up to its
  last kana, followed by kana: 見る in 見ます), the context is that sentence with blanks;
and of the source notes of the known half:
- a word without a kanji or hanzi got no writing note (kana words are off by default);
- a pattern with a placeholder (～, 〜, ~ or a phrase letter A/B outside brackets) got none.
The checks are written from the rules, apart from the conversion's code: `extract.field_text`
(HTML to text) and the detected field map are all they share with it.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

DECKS = ROOT.parent / "shared" / "decks"
KNOWN_EVERY = 2  # every other note (in id order) is made known
FIRST_REVIEW_MS = 1_700_000_000_000  # revlog ids are millisecond timestamps; fixed, so runs agree

_TAG = re.compile(r"<[^>]*>")
_BRACKETS = re.compile(r"\([^()]*\)|（[^（）]*）|【[^【】]*】|\[[^\[\]]*\]")
_PLACEHOLDER = re.compile(r"[～〜~]|(?<![A-Za-z])[AB](?![A-Za-z]).*(?<![A-Za-z])[AB](?![A-Za-z])")
_CUE = re.compile(r"[^\W_＿]")
_HAN = re.compile(r"[\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_KANA_RUN = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc]")


@dataclass
class DeckAudit:
    """The figures for one deck; the lists name the writing notes (targets) that fail a check."""

    deck: str
    notes: int
    known: int
    added: int = 0
    no_prompt: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    same_front: list[str] = field(default_factory=list)  # a front another writing note has too: which answer?
    with_sentence: int = 0  # writing notes whose source sentence holds the word (any form)
    sentence_not_blanked: list[str] = field(default_factory=list)
    kana_notes: int = 0  # known source notes whose word has no kanji/hanzi
    kana_converted: list[str] = field(default_factory=list)
    kana_asked: bool = False  # kana_only_words on: kana words are cards like others
    pattern_notes: int = 0  # known source notes holding a placeholder pattern
    pattern_converted: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    rerun_added: int = 0
    sources_unchanged: bool = True

    @property
    def problems(self) -> list[str]:
        found = []
        for label, items in (
            ("fronts with neither meaning nor reading", self.no_prompt),
            ("fronts showing a character of the answer", self.leaks),
            ("fronts identical to another one's", self.same_front),
            ("source sentences not used, blanked", self.sentence_not_blanked),
            ("kana-only words converted", [] if self.kana_asked else self.kana_converted),
            ("patterns converted", self.pattern_converted),
        ):
            if items:
                found.append(f"{len(items)} {label}: {', '.join(items[:12])}")
        if self.rerun_added:
            found.append(f"a second run added {self.rerun_added}")
        if not self.sources_unchanged:
            found.append("source notes changed")
        return found

    def line(self) -> str:
        return (
            f"{self.deck}: {self.notes} notes, {self.known} known -> {self.added} writing notes; "
            f"no meaning or reading {len(self.no_prompt)}; answer on the front {len(self.leaks)}; same front twice {len(self.same_front)}; "
            f"sentence blanked {self.with_sentence - len(self.sentence_not_blanked)}/{self.with_sentence}; "
            f"kana-only converted {len(self.kana_converted)}/{self.kana_notes}; "
            f"patterns converted {len(self.pattern_converted)}/{self.pattern_notes}; "
            f"second run added {self.rerun_added}"
        )


# ------------------------------------------------------------------ building collections


def add_jlpt_csv(col, path: Path, deck_name: str) -> list[int]:
    """The CSV's rows as notes of a note type with its columns as fields (tags and guid go where
    Anki keeps them), in the file's order. Returns the note ids."""
    from anki.collection import AddNoteRequest

    from collection_fixtures import recognition_notetype

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    nt = recognition_notetype(col, "JLPT Vocabulary", ["Expression", "Reading", "Meaning"])
    deck_id = col.decks.id(deck_name, create=True)
    requests = []
    for row in rows:
        note = col.new_note(nt)
        note.fields[:] = [row["expression"], row["reading"], row["meaning"]]
        note.tags = row["tags"].split()
        requests.append(AddNoteRequest(note, deck_id))
    col.add_notes(requests)
    # The deck's own guids, so the collection is the shared deck's notes (set after adding:
    # add_notes gives new ones).
    for request, row in zip(requests, rows):
        col.db.execute("update notes set guid = ? where id = ?", row["guid"], request.note.id)
    return [request.note.id for request in requests]


def import_apkg(col, path: Path) -> list[int]:
    """The package imported as Anki imports it; returns the ids of the notes it brought."""
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    before = set(col.db.list("select id from notes"))
    col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=True, merge_notetypes=True))
    )
    return sorted(set(col.db.list("select id from notes")) - before)


def make_known(col, note_ids: list[int], every: int = KNOWN_EVERY) -> list[int]:
    """Every `every`-th note in id order, from the first, becomes known: its cards are review
    cards with an interval of 21-220 days (21 + position % 200) and one review each in the
    revlog. Returns the known note ids."""
    known = sorted(note_ids)[::every]
    revlog_id = FIRST_REVIEW_MS + col.db.scalar("select count() from revlog")
    for position, note_id in enumerate(known):
        interval = 21 + position % 200
        col.db.execute("update cards set type = 2, queue = 2, ivl = ?, due = ?, factor = 2500, reps = 5 where nid = ?", interval, interval, note_id)
        for card_id in col.db.list("select id from cards where nid = ?", note_id):
            revlog_id += 1
            col.db.execute(
                "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?, ?, -1, 3, ?, ?, 2500, 6000, 1)",
                revlog_id, card_id, interval, interval // 2,
            )
    return known


def load_deck(col, path: Path) -> tuple[str, list[int]]:
    """Put one deck into `col`: (its deck name, its note ids)."""
    if path.suffix.lower() == ".csv":
        name = f"JLPT {path.stem.upper()}"
        return name, add_jlpt_csv(col, path, name)
    note_ids = import_apkg(col, path)
    decks = col.db.list(f"select distinct did from cards where nid in ({','.join(map(str, note_ids))})") if note_ids else []
    names = sorted(col.decks.name(deck_id) for deck_id in decks)
    return (names[0] if names else path.stem), note_ids


def shared_decks(folder: Path = DECKS) -> list[Path]:
    return sorted(folder.glob("jlpt/*.csv")) + sorted(folder.glob("xiehanzi/*.apkg"))


# ------------------------------------------------------------------ the audit


def plain(field_html: str) -> str:
    from writing import extract

    return extract.field_text(field_html)


def _target_shown(target: str, spellings: list[str], front: str) -> bool:
    han = {ch for form in spellings for ch in form if _HAN.match(ch)}
    if han:
        return any(ch in front for ch in han)
    return any(form in front for form in spellings)


def _inflected_in(sentence: str, word: str) -> bool:
    """The word as written, or its stem (up to the last kana) followed by a kana."""
    if word in sentence:
        return True
    stem = word[:-2] if word.endswith("する") and len(word) > 2 else word[:-1]
    if not word or not _KANA_RUN.match(word[-1]) or not _HAN.search(stem):
        return False
    return any(_KANA_RUN.match(sentence[m.end()]) for m in re.finditer(re.escape(stem), sentence) if m.end() < len(sentence))


def _blanked_sentence(context_html: str, sentence: str) -> bool:
    """The context ends with `sentence` (all its lines) with some characters, at least one,
    blanked (lines before it may be a hint or the word)."""
    lines = plain(re.sub(r"<br\s*/?>", "\n", context_html)).split("\n")
    for first in range(len(lines)):
        text = "\n".join(lines[first:])
        if len(text) == len(sentence) and "＿" in text and all(a == b or a == "＿" for a, b in zip(text, sentence)):
            return True
    return False


def audit_deck(col, deck_name: str, note_ids: list[int], known_ids: list[int], **overrides) -> DeckAudit:
    """Convert `deck_name` with the defaults (and `overrides`), then check every writing note
    it added and the known source notes it did not convert."""
    from writing import convert, scan
    from writing.config import parse

    cfg, _problems = parse({})
    report = DeckAudit(deck_name, len(note_ids), len(known_ids), kana_asked=overrides.get("kana_only_words", False))
    snapshot = col.db.all(f"select id, guid, mid, mod, usn, tags, flds from notes where id in ({','.join(map(str, note_ids))}) order by id")
    options = convert.ConvertOptions.from_config(cfg, deck=deck_name, **overrides)
    maps = convert.preview(col, options).fields  # the fields the conversion reads
    result = convert.convert(col, options)
    report.added, report.skipped = result.added, dict(result.skipped)

    sources = scan.find_source_notes(col, search=scan.search_for_deck(deck_name), min_interval=options.min_interval)
    by_id = {note.id: note for note in sources}
    converted_sources: dict[int, list[str]] = {}
    fronts: dict[tuple[str, str, str], list[str]] = {}
    for note_id in result.note_ids:
        note = col.get_note(note_id)
        target = note["Target"]
        converted_sources.setdefault(int(note["Source"]), []).append(target)
        spellings = [form.strip() for form in plain(note["Notes"]).removeprefix("Spellings:").split("/")] if note["Notes"] else [target]
        meaning, reading, context = plain(note["Meaning"]), plain(note["Reading"]), note["Context"]
        fronts.setdefault((meaning, reading, plain(context)), []).append(target)
        if not (_CUE.search(meaning) or _CUE.search(reading)):
            report.no_prompt.append(target)
        if _target_shown(target, spellings, meaning + "\n" + reading + "\n" + plain(context)):
            report.leaks.append(target)
        source = by_id.get(int(note["Source"]))
        fmap = maps.get(source.notetype_id) if source else None
        sentence_index = fmap.index("context") if fmap and not fmap.cloze else None
        if source is None or sentence_index is None or sentence_index >= len(source.fields) or options.unit != "word":
            continue
        sentence = plain(source.fields[sentence_index])
        word = next((form for form in spellings if _inflected_in(sentence, form)), None) if sentence else None
        if word is not None:
            report.with_sentence += 1
            if not _blanked_sentence(context, sentence):
                report.sentence_not_blanked.append(target)

    report.same_front = [target for targets in fronts.values() if len(targets) > 1 for target in targets]
    for source in sources:
        fmap = maps.get(source.notetype_id)
        index = fmap.index("target") if fmap else None
        if index is None or index >= len(source.fields):
            continue
        word_field = plain(source.fields[index])
        converted = converted_sources.get(source.id, [])
        if _PLACEHOLDER.search(_BRACKETS.sub(" ", word_field)):
            report.pattern_notes += 1
            report.pattern_converted += converted
        elif _KANA_RUN.search(word_field) and not _HAN.search(word_field):
            report.kana_notes += 1
            report.kana_converted += converted

    report.rerun_added = convert.convert(col, options).added
    report.sources_unchanged = snapshot == col.db.all(
        f"select id, guid, mid, mod, usn, tags, flds from notes where id in ({','.join(map(str, note_ids))}) order by id"
    )
    return report


def audit_path(path: Path, work: Path, **overrides) -> DeckAudit:
    """Build a fresh collection in `work` from one deck file, make half of it known, audit it."""
    from anki.collection import Collection

    collection = work / f"{path.stem}.anki2"
    if path.suffix.lower() == ".anki2":
        shutil.copy(path, collection)
    col = Collection(str(collection))
    try:
        if path.suffix.lower() == ".anki2":
            note_ids = col.db.list("select id from notes")
            decks = col.db.list("select distinct did from cards")
            deck_name = col.decks.name(decks[0]) if len(decks) == 1 else ""
            known = col.db.list("select distinct nid from cards where ivl >= 21")
            return audit_deck(col, deck_name, note_ids, known, **overrides) if deck_name else DeckAudit(path.name, len(note_ids), len(known))
        deck_name, note_ids = load_deck(col, path)
        known = make_known(col, note_ids)
        return audit_deck(col, deck_name, note_ids, known, **overrides)
    finally:
        col.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("decks", nargs="*", type=Path, help="deck files (default: every deck in --decks)")
    parser.add_argument("--decks", dest="folder", type=Path, default=DECKS, help="the shared decks folder (default ../shared/decks)")
    parser.add_argument("--unit", choices=["word", "character"], default="word")
    parser.add_argument("--kana-words", action="store_true", help="convert kana-only words too (kana_only_words), and audit their fronts")
    opts = parser.parse_args(argv)
    paths = opts.decks or shared_decks(opts.folder)
    if not paths:
        print(f"no decks found in {opts.folder} (expected jlpt/*.csv and xiehanzi/*.apkg)", file=sys.stderr)
        return 1
    failed = 0
    with tempfile.TemporaryDirectory(prefix="audit_conversion_") as tmp:
        for path in paths:
            report = audit_path(path, Path(tmp), unit=opts.unit, kana_only_words=opts.kana_words)
            print(report.line())
            for reason, count in sorted(report.skipped.items(), key=lambda kv: -kv[1]):
                print(f"    skipped {count}: {reason}")
            for problem in report.problems:
                print(f"    PROBLEM {problem}")
            failed += bool(report.problems)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
