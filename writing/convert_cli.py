"""`python -m writing convert COLLECTION.anki2|DECK.apkg [--search ...] [--min-interval N]
[--unit word|character] [--out OUT.apkg] [--field ROLE=FIELD ...] [--kana-words]`

A .anki2 collection is converted in place (close Anki first), or, with --out, a copy is
converted and exported as a package. A .apkg is never modified: it is imported into a temporary
collection, converted, and exported to --out (default: DECK-writing.apkg next to it); when no
card was added, no package is written. `--field meaning=Keyword` sets a field's role where
detection got it wrong. Prints a summary; errors are one clear message and exit status 1 (2
for bad arguments).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
from pathlib import Path

from . import convert, media
from .config import parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m writing convert", description="Add writing cards for known vocabulary.")
    parser.add_argument("input", type=Path, metavar="COLLECTION.anki2|DECK.apkg")
    parser.add_argument("--search", default="", help="Anki search for the notes to convert (default: all notes)")
    parser.add_argument("--min-interval", type=int, default=None, help="only notes with a card interval ≥ N days (0 = all; default 21)")
    parser.add_argument("--unit", choices=["word", "character"], default=None, help="write whole words (default) or each character once")
    parser.add_argument("--out", type=Path, help="write the result as this .apkg instead of changing the input")
    parser.add_argument(
        "--field",
        action="append",
        default=[],
        type=_field_role,
        metavar="ROLE=FIELD",
        help="use the field of this name for a role (word, meaning, reading or sentence; FIELD empty = none), "
        "in every note type that has one, e.g. --field meaning=Keyword; repeat for more roles",
    )
    parser.add_argument("--kana-words", action="store_true", help="also add cards for words written in kana only (これ, フィルム)")
    return parser


def _field_role(value: str) -> tuple[str, str]:
    role, equals, name = value.partition("=")
    role = role.strip().lower()
    if not equals or role not in convert.ROLE_NAMES:
        raise argparse.ArgumentTypeError(f"{value!r} is not ROLE=FIELD with ROLE one of word, meaning, reading, sentence")
    return role, name.strip()


def main(argv: list[str]) -> int:
    # Automatic garbage collection off while converting, as Anki runs add-ons: the conversion
    # makes no reference cycles, and collections over its tens of thousands of notes slow it
    # by a fifth (tools/bench_convert.py --automatic-gc).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if was_enabled:
            gc.enable()


def _main(argv: list[str]) -> int:
    opts = _parser().parse_args(argv)
    if opts.min_interval is not None and opts.min_interval < 0:
        print("error: --min-interval must be 0 or more", file=sys.stderr)
        return 2
    source: Path = opts.input
    suffix = source.suffix.lower()
    if not source.is_file():
        print(f"error: {source} does not exist", file=sys.stderr)
        return 1
    if suffix not in (".anki2", ".apkg", ".colpkg", ".anki21"):
        print(f"error: {source} is neither a collection (.anki2) nor a deck package (.apkg)", file=sys.stderr)
        return 1
    if suffix == ".colpkg":
        print("error: .colpkg backups are not supported; open the backup in Anki, or pass its collection.anki2", file=sys.stderr)
        return 1
    is_package = suffix == ".apkg"
    out = opts.out
    if is_package and out is None:
        out = source.with_name(source.stem + "-writing.apkg")
    if out is not None and out.resolve() == source.resolve():
        print("error: --out must not be the input file", file=sys.stderr)
        return 1

    cfg, problems = parse({})
    overrides = {}
    if opts.min_interval is not None:
        overrides["min_interval"] = opts.min_interval
    if opts.unit:
        overrides["unit"] = opts.unit
    if opts.field:
        overrides["field_roles"] = tuple(opts.field)
    if opts.kana_words:
        overrides["kana_only_words"] = True
    options = convert.ConvertOptions.from_config(cfg, search=opts.search, **overrides)

    from anki.collection import Collection
    from anki.errors import AnkiException, DBError

    workdir = Path(tempfile.mkdtemp(prefix="write_practice_convert_")) if out is not None else None
    try:
        if workdir is not None:
            path = workdir / "collection.anki2"
            if not is_package:
                shutil.copy(source, path)
        else:
            path = source
        try:
            col = Collection(str(path))
        except (AnkiException, DBError) as exc:
            print(f"error: cannot open {source}: {exc} (is Anki still running with it open?)", file=sys.stderr)
            return 1
        try:
            if is_package:
                _import_package(col, source)
            result = convert.convert(col, options)
            result.media_problems += media.ensure_stroke_media(col, result.stroke_targets).problems
            print(result.summary())
            if result.matched_notes == 0 and options.min_interval > 0:
                print(f"No note has a card with an interval of {options.min_interval} days or more; shared decks carry no reviews: use --min-interval 0 to convert every note.")
            if out is not None and not result.added:
                print(f"Nothing was added, so {out} was not written.")
            elif out is not None:
                _export(col, out)
                print(f"Wrote {out}")
        except convert.ConversionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        except AnkiException as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        finally:
            col.close()
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _import_package(col, package: Path) -> None:
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(package),
            options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True, merge_notetypes=True),
        )
    )


def _export(col, out: Path) -> None:
    from anki.collection import ExportAnkiPackageOptions

    out.parent.mkdir(parents=True, exist_ok=True)
    col.export_anki_package(
        out_path=str(out),
        options=ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False),
        limit=None,
    )
    # Anki writes the package through a private temporary file (mode 0600); a package is for
    # sharing, so it gets the mode any new file would (0644 under the usual umask).
    umask = os.umask(0)
    os.umask(umask)
    out.chmod(0o666 & ~umask)
