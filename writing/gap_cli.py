"""`python -m writing gap COLLECTION.anki2 [--search ...]`

Prints one JSON object: {"recognised": N, "writable": M, "not_writable": ["…", ...]}: distinct
kanji/hanzi by the definitions in writing/gap.py, the not-writable ones most frequent first.
The collection is never modified: the report runs on a temporary copy of the file (with its
write-ahead log, so a collection open in Anki is read as Anki sees it). Errors print
{"error": "..."} and exit with status 1.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m writing gap", description="recognised vs writable characters")
    parser.add_argument("collection", type=Path, help="an Anki collection file (collection.anki2)")
    parser.add_argument("--search", default="", help='an Anki search, e.g. \'deck:"Japanese Core"\' (default: the whole collection)')
    args = parser.parse_args(argv)
    if not args.collection.is_file():
        return _fail(f"no such file: {args.collection}")
    try:
        report = _report(args.collection, args.search)
    except Exception as exc:  # a damaged file or a bad search: say so, touch nothing
        return _fail(f"{args.collection.name}: {exc}")
    sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
    return 0


def _report(path: Path, search: str):
    from anki.collection import Collection

    from .gap import writing_gap

    with tempfile.TemporaryDirectory(prefix="write-practice-gap-") as tmp:
        copy = Path(tmp) / "collection.anki2"
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        col = Collection(str(copy))
        try:
            return writing_gap(col, search)
        finally:
            col.close(downgrade=False)


def _fail(message: str) -> int:
    print(json.dumps({"error": message}, ensure_ascii=False))
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
