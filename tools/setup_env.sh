#!/usr/bin/env bash
# Creates (or reuses) the pinned development environment:
#   .venv/            Python with anki/aqt/PyQt6/numpy/pytest (requirements-dev.txt)
#   tools/node_modules hanzi-writer-data (stroke data source) and hanzi-writer (benchmark peer)
#   Debian fonts for CJK screenshots (only when root and apt is available; optional)
# Idempotent: a stamp holding the requirements' hash skips work that is already done.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/.venv"
stamp="$venv/.write-practice-stamp"
want="$(cat requirements-dev.txt tools/package.json | sha256sum | cut -d' ' -f1)"

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: creating Python environment in .venv (pinned, requirements-dev.txt)" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" || true; } >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" || true; } >&2
  if command -v npm >/dev/null 2>&1; then
    echo "setup: installing pinned npm tool packages (tools/package.json)" >&2
    (cd tools && npm install --silent --no-audit --no-fund --loglevel=error >/dev/null)
  else
    echo "setup: npm not found; tools that need hanzi-writer(-data) will say so" >&2
  fi
  echo "$want" > "$stamp"
fi

# CJK glyphs for screenshots; tests do not depend on them. (grep reads all of fc-list's output:
# with -q it would stop early, fc-list would die of SIGPIPE, and pipefail would reinstall every run.)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && ! fc-list 2>/dev/null | grep -i "noto.*cjk\|wqy" >/dev/null; then
  echo "setup: installing CJK fonts (fonts-noto-cjk) for screenshots" >&2
  (apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1) \
    || echo "setup: could not install fonts-noto-cjk; screenshots will show boxes for CJK" >&2
fi

# Headless Chromium renders the card as a phone would, without the add-on (tests/test_review_browser.py;
# those tests skip, saying so, where it is missing).
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing Debian's chromium for the card-without-add-on tests" >&2
  (apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1) \
    || echo "setup: could not install chromium; tests/test_review_browser.py will skip" >&2
fi

# The other environments the tests use (tools/venvs.py): the oldest supported Anki line for the
# version matrix, and numpy-less twins of both lines for the install test. Reused once built.
"$venv/bin/python" tools/venvs.py >/dev/null
