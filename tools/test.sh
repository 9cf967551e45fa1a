#!/usr/bin/env bash
# The README's test command: installs the pinned environments if needed, then runs the tests on
# both ends of the supported Anki range (manifest min_point_version 250700):
#   1. Anki 26.9.3 (.venv, the newest line): every test;
#   2. Anki 25.7.5 (.cache/venv-anki-25.7.5, the oldest line): every test except those marked
#      `anki_independent` (packaging: same result whatever Anki runs them).
# Extra arguments go to pytest in both passes (e.g. `bash tools/test.sh -k grading`).
# WP_ANKI_MATRIX=newest runs only the first pass (quicker while developing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash tools/setup_env.sh
export QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1

echo "== tests on Anki 26.9.3 (newest supported line)"
status=0
.venv/bin/python -m pytest "$@" || status=$?

if [ "${WP_ANKI_MATRIX:-both}" != newest ]; then
  oldest="$(.venv/bin/python tools/venvs.py anki-25.7.5)"
  echo "== tests on Anki 25.7.5 (oldest supported line)"
  code=0
  "$oldest" -m pytest -m "not anki_independent" "$@" || code=$?
  # 5 = nothing selected: everything asked for was Anki-independent and ran in the first pass.
  if [ "$code" != 0 ] && [ "$code" != 5 ]; then status=$code; fi
fi
exit "$status"
