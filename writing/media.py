"""The card's script and style as collection media files (`_write_practice.js`, `_write_practice.css`).

Names start with `_` so they sync to phones and survive Check Media. Each file we write starts
with a header line carrying a marker; a file of that name without the marker was not written by
the add-on and is never overwritten. A file is rewritten only when its content changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from anki.collection import Collection

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
# media file name -> source file in web/
MEDIA_FILES = {
    "_write_practice.js": "write_practice.js",
    "_write_practice.css": "write_practice.css",
}
MARKER = "write-practice-addon:managed"


@dataclass(frozen=True)
class MediaStatus:
    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # sentences for the user


def header(name: str) -> bytes:
    return f"/* {MARKER} {name}: written by the Write Practice add-on, replaced when it updates. */\n".encode()


def is_ours(data: bytes) -> bool:
    first_line = data.split(b"\n", 1)[0]
    return MARKER.encode() in first_line


def wanted_content(name: str, web_dir: Path = WEB_DIR) -> bytes:
    return header(name) + (web_dir / MEDIA_FILES[name]).read_bytes()


def needed_writes(col: Collection, web_dir: Path = WEB_DIR) -> list[str]:
    """Media files that `ensure` would write (missing or outdated and ours). Reads only."""
    needed = []
    for name in MEDIA_FILES:
        try:
            wanted = wanted_content(name, web_dir)
            current = _read(Path(col.media.dir()) / name)
        except OSError:
            continue
        if current is None or (current != wanted and is_ours(current)):
            needed.append(name)
    return needed


def ensure(col: Collection, web_dir: Path = WEB_DIR) -> MediaStatus:
    """Write each media file that is missing or outdated; never raises for file problems."""
    written, unchanged, problems = [], [], []
    media_dir = Path(col.media.dir())
    for name, source in MEDIA_FILES.items():
        try:
            wanted = wanted_content(name, web_dir)
        except OSError as exc:
            problems.append(f"the add-on file web/{source} cannot be read ({exc.strerror or exc}); reinstall the add-on")
            continue
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
    return MediaStatus(tuple(written), tuple(unchanged), tuple(problems))


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None if it does not exist (other read errors propagate)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
