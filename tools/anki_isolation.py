"""One Anki per test run, even with other Anki runs on the machine.

Anki allows one instance per user: at start it connects to a local socket named after the user
and, if another instance answers, hands over to it and quits (the harness then reports "Anki did
not start"). Test runs that overlap (another test file, another developer's run) collide on it.
`own_instance_env(base)` gives the run a key of its own: Anki 26.x reads ANKI_SINGLE_INSTANCE_KEY,
25.x derives the key from the user name, which getpass reads from LOGNAME first.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def own_instance_env(base: Path) -> dict[str, str]:
    key = "wp-test-" + hashlib.sha256(str(Path(base).resolve()).encode()).hexdigest()[:16]
    return {"ANKI_SINGLE_INSTANCE_KEY": key, "LOGNAME": key}
