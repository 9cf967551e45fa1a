"""Extra Python environments for the tests, built on demand under .cache/ and reused.

    python tools/venvs.py [NAME ...]     # build (or check) them; no NAME: all

  anki-25.7.5  the oldest supported Anki line (tools/requirements-anki-25.7.txt), for the
               version matrix in tools/test.sh
  no-numpy     aqt/anki as pinned in requirements-dev.txt but no numpy: a stand-in for Anki's
               own runtime, which has none, for the install test (tests/test_install.py)
  no-numpy-anki-25.7.5   the same for the oldest line

A stamp holding the requirements' hash skips work already done; a lock lets parallel test
processes share one build. Prints the interpreter path of each.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"


def _without_numpy(requirements_file: Path) -> str:
    keep = []
    for line in requirements_file.read_text(encoding="utf-8").splitlines():
        name = re.split(r"[=<>!~\[ ]", line.strip(), maxsplit=1)[0].lower()
        # numpy is what this environment must lack; the others are for tests and data builds.
        if name not in ("numpy", "kanjivg", "pytest"):
            keep.append(line)
    return "\n".join(keep) + "\n"


OLDEST_REQUIREMENTS = ROOT / "tools" / "requirements-anki-25.7.txt"
NEWEST_REQUIREMENTS = ROOT / "requirements-dev.txt"
NAMES = ("anki-25.7.5", "no-numpy", "no-numpy-anki-25.7.5")


def requirements(name: str) -> str:
    if name == "anki-25.7.5":
        return OLDEST_REQUIREMENTS.read_text(encoding="utf-8")
    if name == "no-numpy":
        return _without_numpy(NEWEST_REQUIREMENTS)
    if name == "no-numpy-anki-25.7.5":
        return _without_numpy(OLDEST_REQUIREMENTS)
    raise KeyError(f"unknown environment {name!r} (known: {', '.join(NAMES)})")


def no_numpy_twin() -> str:
    """The numpy-less environment with the same Anki as the one running (for the install test)."""
    from anki.buildinfo import version

    return "no-numpy-anki-25.7.5" if version.startswith("25.") else "no-numpy"


def python_of(name: str) -> Path:
    return CACHE / f"venv-{name}" / "bin" / "python"


def ensure(name: str) -> Path:
    """The environment's interpreter, building the environment first if needed."""
    text = requirements(name)
    want = hashlib.sha256(text.encode()).hexdigest()
    venv = CACHE / f"venv-{name}"
    stamp = venv / ".write-practice-stamp"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"venv-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.exists() and stamp.read_text() == want:
            return python_of(name)
        print(f"venvs: building {venv} (pinned; reused afterwards)", file=sys.stderr)
        base_python = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base_python, "-m", "venv", "--clear", str(venv)], check=True)
        req = venv / "requirements.txt"
        req.write_text(text, encoding="utf-8")
        proc = subprocess.run(
            [str(python_of(name)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(req)],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            detail = "\n".join(l for l in proc.stderr.splitlines() if "is ignored" not in l)
            raise RuntimeError(f"could not build {venv}:\n{detail[-3000:]}")
        stamp.write_text(want)
    return python_of(name)


def main(argv: list[str] | None = None) -> int:
    names = (sys.argv[1:] if argv is None else argv) or list(NAMES)
    try:
        for name in names:
            print(ensure(name))
    except (KeyError, RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"venvs: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
