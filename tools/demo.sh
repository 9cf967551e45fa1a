#!/usr/bin/env bash
# The README's main command: installs the pinned environment if needed, then launches real Anki
# with the add-on on a demo profile holding sample Japanese and Chinese vocabulary decks.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash tools/setup_env.sh
exec .venv/bin/python tools/demo.py "$@"
