"""The card's script and style as collection media files (`_write_practice.<hash>.js`,
`_write_practice.<hash>.css`), and one small stroke-data file per character of the writing notes
(`_wp-ja-8a9e.<tag>.js`).

Names start with `_` so they sync to phones and survive Check Media. Each file we write starts
with a header line carrying a marker; a file of that name without the marker was not written by
the add-on and is never overwritten or removed. A file is rewritten only when its content changed.

The card script is every `web/wp_*.js` module (pure parts, node-importable) in name order, then
`web/write_practice.js` (the page), after one generated line telling the page how stroke-data files
are named. A stroke-data file holds the character's record exactly as writing/data/*.strokes
stores it (base64), inside a call the card script answers (web/wp_strokes.js reads it; so does
writing/strokes.py). Edited media files do not sync, so the name carries a tag of the data it was
made from: rebuilt stroke data gets new names, and files of other tags are removed.

For the same reason the script's and the style's names carry 8 hex digits of their content's
SHA-256: an add-on update that changes them writes files of new names, the note type's templates
are pointed at them (writing/notetype.py; template text is no schema change), and our files of
older names (`_write_practice.js` before names were versioned) are removed once no note type
refers to them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from anki.collection import Collection

from . import notetype, strokes

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
MARKER = "write-practice-addon:managed"
CARD_PAGE = "write_practice.js"  # web/: the page, last in the card script
CARD_STYLE = "write_practice.css"  # web/: the card's style
CARD_MODULES = "wp_*.js"  # web/ modules that precede write_practice.js in the card script
THRESHOLDS = Path(__file__).resolve().parent / "grading" / "thresholds.json"  # read as data: no numpy

# Stroke-data files: _wp-<source>-<hex code point>.<tag>.js (source "ja" or "zh").
STROKE_MEDIA_PREFIX = "_wp-"
STROKE_MEDIA_FORMAT = 3  # the wrapper below; part of the tag (2: variants added, 3: component starts)
_STROKE_MEDIA_NAME = re.compile(r"_wp-(?:ja|zh)-[0-9a-f]+\.([0-9a-f]{8})\.js")


@dataclass(frozen=True)
class MediaStatus:
    written: tuple[str, ...] = ()  # card script and style
    unchanged: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # sentences for the user
    strokes_written: int = 0  # stroke-data files (too many to name one by one)
    strokes_removed: int = 0  # of an older tag
    removed: tuple[str, ...] = ()  # card script and style of older builds


@dataclass(frozen=True)
class CardFile:
    name: str  # _write_practice.<8 hex digits of the body's SHA-256>.<js|css>
    content: bytes  # the header line, then the body


@dataclass(frozen=True)
class CardFiles:
    """This build's card script and style, as the media should hold them."""

    script: CardFile
    style: CardFile

    def __iter__(self):
        return iter((self.script, self.style))


def header(name: str) -> bytes:
    return f"/* {MARKER} {name}: written by the Write Practice add-on, replaced when it updates. */\n".encode()


def is_ours(data: bytes) -> bool:
    first_line = data.split(b"\n", 1)[0]
    return MARKER.encode() in first_line


def card_files(web_dir: Path = WEB_DIR) -> CardFiles:
    """This build's card script and style with their versioned names (OSError if web/ cannot be read)."""
    return CardFiles(_card_file("js", card_script(web_dir)), _card_file("css", (web_dir / CARD_STYLE).read_bytes()))


def _card_file(extension: str, body: bytes) -> CardFile:
    name = f"_write_practice.{hashlib.sha256(body).hexdigest()[:8]}.{extension}"
    return CardFile(name, header(name) + body)


def card_script(web_dir: Path = WEB_DIR) -> bytes:
    """The card's whole script: the generated lines, the modules, then the page (also what
    windows of the add-on that mount a writing area inline)."""
    modules = sorted(web_dir.glob(CARD_MODULES))
    return generated_lines() + b"".join(path.read_bytes() for path in modules) + (web_dir / CARD_PAGE).read_bytes()


def generated_lines() -> bytes:
    """`WritePractice.media`: how stroke-data files are named; `WritePractice.thresholds`: the
    grader's thresholds file as it is, for the JS grader (one source for the numbers)."""
    settings = {"strokes": f"{STROKE_MEDIA_PREFIX}{{source}}-{{hex}}.{stroke_media_tag()}.js", "sources": strokes.DATA_SOURCE}
    thresholds = json.dumps(json.loads(THRESHOLDS.read_text(encoding="utf-8")), ensure_ascii=False, separators=(",", ":"))
    return (
        f"(window.WritePractice = window.WritePractice || {{}}).media = {json.dumps(settings)};\n"
        # "<" escaped: the self-test puts the script inline, where "</script>" in a string would end it
        f"window.WritePractice.thresholds = {thresholds.replace('<', chr(92) + 'u003c')};\n"
    ).encode()


_tag: list[str] = []


def stroke_media_tag() -> str:
    """8 hex digits naming the stroke data and the file format: from the data files' hashes that
    tools/build_stroke_data.py records in writing/data/sources.json."""
    if not _tag:
        files = json.loads((strokes.DATA_DIR / "sources.json").read_text(encoding="utf-8"))["files"]
        variants = hashlib.sha256((strokes.DATA_DIR / strokes.VARIANT_ORDERS_FILE).read_bytes()).hexdigest()
        # the component data decides the component starts the files carry
        components = json.loads((strokes.DATA_DIR / "components_sources.json").read_text(encoding="utf-8"))["files"]
        seed = (f"{STROKE_MEDIA_FORMAT}:" + ",".join(f"{name}={files[name]['sha256']}" for name in sorted(files))
                + f",variants={variants}," + ",".join(f"{name}={components[name]['sha256']}" for name in sorted(components)))
        _tag.append(hashlib.sha256(seed.encode()).hexdigest()[:8])
    return _tag[0]


def stroke_media_name(source: str, codepoint: int) -> str:
    return f"{STROKE_MEDIA_PREFIX}{source}-{codepoint:x}.{stroke_media_tag()}.js"


_RECEIVE = f"/*{MARKER}*/window.WritePractice && WritePractice.strokes && WritePractice.strokes.receive("


def stroke_media_content(record: strokes.RawRecord) -> bytes:
    """One line: the marker, then the call web/wp_strokes.js answers (guarded, so a page
    without the card script ignores it) with a JSON array: [source, code point, quant_max,
    brush_milli, base64 record] and, for a character with other standard orders or with
    components, their groups (RawRecord.variants, [] when none) and where its components begin
    (RawRecord.component_starts). Formatted directly, not by json.dumps (6 -> 1 ms for the 2,500
    files a large first conversion writes): two letters, integers and base64 need no escaping."""
    data = base64.b64encode(record.data).decode()
    extra = ""
    if record.variants or record.component_starts:
        extra = f",{json.dumps(record.variants, separators=(',', ':'))}"
    if record.component_starts:
        extra += f",{json.dumps(record.component_starts, separators=(',', ':'))}"
    return f'{_RECEIVE}["{record.source}",{record.codepoint},{record.quant_max},{record.brush_milli},"{data}"{extra}]);\n'.encode()


def writing_characters(col: Collection, targets: Iterable[tuple[str, str]] | None = None) -> set[tuple[str, str]]:
    """(character, script) of every character with stroke data in `targets` ((Target field,
    Script field) pairs), by default those of every writing note in the collection."""
    if targets is None:
        ids = notetype.our_notetype_ids(col)
        if not ids:
            return set()
        target_index, script_index = notetype.FIELDS.index("Target"), notetype.FIELDS.index("Script")
        rows = col.db.list(f"select flds from notes where mid in ({','.join(map(str, ids))})")
        targets = ((fields[target_index], fields[script_index]) for fields in (row.split("\x1f") for row in rows))
    by_script: dict[str, list[str]] = {}
    for target, script in targets:
        by_script.setdefault(script.strip(), []).append(target)
    if not by_script:
        return set()
    from .review import target_characters  # not before it is needed: a collection without writing notes

    found = set()
    for script, texts in by_script.items():
        if script in strokes.SCRIPTS:
            # one pass over the joined fields (thousands of notes at profile open)
            chars = strokes.characters(script).intersection(target_characters("\x1f".join(texts)))
            found.update((ch, script) for ch in chars)
    return found


def _our_names(col: Collection) -> set[str]:
    """Names in the media folder that may be ours: stroke data and card files (one listing)."""
    return {entry.name for entry in os.scandir(col.media.dir()) if entry.name.startswith((STROKE_MEDIA_PREFIX, "_write_practice"))}


def _stroke_media_plan(
    col: Collection, characters: set[tuple[str, str]], listing: set[str] | None = None
) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """(files to write: name -> (character, script), stale files to remove), from one listing of
    the folder (`_our_names`, taken here if not given); no record is read for a file that is there."""
    media_dir = col.media.dir()
    present = {name for name in (_our_names(col) if listing is None else listing) if name.startswith(STROKE_MEDIA_PREFIX)}
    tag = stroke_media_tag()
    missing = {}
    for char, script in characters:
        name = stroke_media_name(strokes.DATA_SOURCE[script], ord(char))
        if name not in present:
            missing.setdefault(name, (char, script))
    stale = []
    for name in present:
        found = _STROKE_MEDIA_NAME.fullmatch(name)
        if found and found.group(1) != tag and _first_line_is_ours(Path(media_dir) / name):
            stale.append(name)
    return missing, sorted(stale)


def _first_line_is_ours(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return is_ours(f.read(200))
    except OSError:
        return False


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # never over an existing file


def ensure_stroke_media(col: Collection, targets: Iterable[tuple[str, str]] | None = None) -> MediaStatus:
    """Write the stroke-data file of each character in `targets` ((Target, Script) pairs; by
    default every writing note) that is missing, and remove files of another tag. Never raises
    for file problems; never touches a file without the marker."""
    try:
        to_write, stale = _stroke_media_plan(col, writing_characters(col, targets))
    except OSError as exc:
        return MediaStatus(problems=(f"the collection media folder cannot be read ({exc.strerror or exc}); stroke data was not written",))
    media_dir = col.media.dir()
    written = 0
    problems: list[str] = []
    by_script: dict[str, list[str]] = {}
    for char, script in to_write.values():
        by_script.setdefault(script, []).append(char)
    records = [record for script, chars in by_script.items() for record in strokes.raw_records(chars, script)]
    for record in records:
        name = stroke_media_name(record.source, record.codepoint)
        # A plain write, not col.media.write_data: that costs 1.5 ms a file through the backend
        # (a conversion adds thousands); Anki registers new files in the folder when it next syncs
        # or checks media, as it does for files a user copies in.
        try:  # os-level calls: a buffered file object costs a third more, thousands of times
            fd = os.open(os.path.join(media_dir, name), _NEW_FILE, 0o644)
            try:
                os.write(fd, stroke_media_content(record))
            finally:
                os.close(fd)
            written += 1
        except OSError as exc:
            problems.append(f"could not write stroke data to the collection media ({exc.strerror or exc})")
            break
    if stale:
        try:
            col.media.trash_files(stale)
        except Exception as exc:
            problems.append(f"could not remove {len(stale)} outdated stroke-data files from the collection media: {exc}")
            stale = []
    return MediaStatus(problems=tuple(problems), strokes_written=written, strokes_removed=len(stale))


def needed_writes(col: Collection, web_dir: Path = WEB_DIR) -> list[str]:
    """Media files that `ensure` would write (missing or outdated and ours) or remove (stroke data
    of another tag, card files of older builds). Reads only."""
    try:
        listing = _our_names(col)
        to_write, stale = _stroke_media_plan(col, writing_characters(col), listing)
    except OSError:
        listing, to_write, stale = set(), {}, []
    try:
        files = tuple(card_files(web_dir))
    except OSError:
        files = ()
    needed = []
    for file in files:
        try:
            current = _read(Path(col.media.dir()) / file.name)
        except OSError:
            continue
        if current is None or (current != file.content and is_ours(current)):
            needed.append(file.name)
    if files:
        stale += _stale_card_files(col, listing, {file.name for file in files})
    return needed + sorted(to_write) + stale


def _stale_card_files(col: Collection, listing: set[str], current: set[str]) -> list[str]:
    """Our card files of older builds that no note type's templates or CSS name: a note type the
    add-on could not update (or a user's copy of it) keeps the file it loads."""
    older = sorted(name for name in listing if notetype.CARD_FILE_NAME.fullmatch(name) and name not in current)
    if not older:
        return []
    named = "\n".join(text for nt in col.models.all() for text in [nt["css"]] + [t[side] for t in nt["tmpls"] for side in ("qfmt", "afmt")])
    media_dir = Path(col.media.dir())
    return [name for name in older if name not in named and _first_line_is_ours(media_dir / name)]


def ensure(col: Collection, web_dir: Path = WEB_DIR) -> MediaStatus:
    """Write this build's card script and style if missing or outdated, remove our card files of
    older builds that nothing names any more, and write the stroke data of every writing note
    (`ensure_stroke_media`); never raises for file problems. Run after `notetype.ensure`, which
    points the templates at the new names, so the old files are free to go."""
    written, unchanged, problems = [], [], []
    media_dir = Path(col.media.dir())
    try:
        files = tuple(card_files(web_dir))
    except OSError as exc:
        problems.append(f"the add-on's card files in web/ cannot be read ({exc.strerror or exc}); reinstall the add-on")
        files = ()
    for file in files:
        name, wanted = file.name, file.content
        try:
            current = _read(media_dir / name)
        except OSError as exc:
            problems.append(f"the media file {name} cannot be read ({exc.strerror or exc}); it was left alone")
            continue
        if current == wanted:
            unchanged.append(name)
            continue
        if current is not None and not is_ours(current):
            problems.append(
                f"your collection media already holds a file named {name} that the add-on did not write; "
                "it was left alone, so writing cards cannot load it. Rename or delete that file."
            )
            continue
        try:
            if current is not None:
                # write_data would store changed content under a new name; replace ours instead.
                col.media.trash_files([name])
            stored_as = col.media.write_data(name, wanted)
        except Exception as exc:  # the media folder may be read-only or full
            problems.append(f"could not write {name} to the collection media: {exc}")
            continue
        if stored_as != name:
            col.media.trash_files([stored_as])
            problems.append(f"could not write {name} to the collection media (it was stored as {stored_as})")
            continue
        written.append(name)
    removed: list[str] = []
    if files:
        try:
            removed = _stale_card_files(col, _our_names(col), {file.name for file in files})
            if removed:
                col.media.trash_files(removed)
        except Exception as exc:
            problems.append(f"could not remove the add-on's outdated card files from the collection media: {exc}")
            removed = []
    stroke_status = ensure_stroke_media(col)
    return MediaStatus(
        tuple(written),
        tuple(unchanged),
        tuple(problems) + stroke_status.problems,
        stroke_status.strokes_written,
        stroke_status.strokes_removed,
        tuple(removed),
    )


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None if it does not exist (other read errors propagate)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
