"""`python -m writing components CHAR [--script ja|zh-Hans|zh-Hant]`

Prints one JSON object: {"char": "語", "components": ["言", "五", "口"], "tree": {...}} where
`components` are the smallest familiar parts in writing order and `tree` the nested layout
(see writing/components.py, Part.to_json). Without --script: KanjiVG (ja) when it has the
character, else the Chinese data. No data: {"char": ..., "error": "..."} and exit status 1.
"""

from __future__ import annotations

import argparse
import json
import sys

from .components import components
from .strokes import SCRIPTS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m writing components", description="components of one character")
    parser.add_argument("char", help="one character, e.g. 語")
    parser.add_argument("--script", choices=SCRIPTS, help="ja, zh-Hans or zh-Hant (default: ja if KanjiVG has it, else zh-Hans)")
    args = parser.parse_args(argv)
    result = components(args.char, args.script or "ja")
    if not result.ok and args.script is None:
        fallback = components(args.char, "zh-Hans")
        result = fallback if fallback.ok else result
    if not result.ok:
        print(json.dumps({"char": result.char, "error": result.reason}, ensure_ascii=False))
        return 1
    out = {"char": result.char, "components": list(result.components), "tree": result.tree.to_json()}
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
