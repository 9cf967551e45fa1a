"""Command line: `python -m writing COMMAND ...`. Each command lives in its own module, imported
only when it runs. The contracts are documented in the README."""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "grade": ("writing.grading.cli", "grade JSON lines of strokes from stdin (one JSON line out per line in)"),
    "convert": ("writing.convert_cli", "add writing cards to a collection or .apkg"),
    "components": ("writing.components_cli", "components and layout of one character, as JSON"),
    "gap": ("writing.gap_cli", "recognised vs writable characters of a collection, as JSON (read-only)"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print("usage: python -m writing COMMAND [ARGS]\n\ncommands:", file=sys.stderr)
        for name, (_, help_text) in COMMANDS.items():
            print(f"  {name:<12}{help_text}", file=sys.stderr)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module = importlib.import_module(COMMANDS[argv[0]][0])
    return module.main(argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
