"""The README's main command (via tools/demo.sh): real Anki with the add-on on a demo profile.

Creates demo/anki (an Anki base folder: profile "User 1", the add-on linked in, the sample
Japanese and Chinese recognition decks from tools/demo_deck.py) and starts Anki on it.
With a display, Anki opens normally and stays open. Without one (no $DISPLAY, or --offscreen),
Anki runs offscreen, walks through the add-on, writes screenshots and exits, printing where.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from anki_harness import run_scenario  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=ROOT / "demo" / "anki")
    parser.add_argument("--screenshots", type=Path, default=ROOT / "demo" / "screenshots")
    parser.add_argument("--offscreen", action="store_true", help="run the scripted tour even with a display")
    opts = parser.parse_args()
    scenarios = ROOT / "tools" / "demo_scenarios.py"
    if os.environ.get("DISPLAY") and not opts.offscreen:
        print(f"demo: starting Anki on {opts.base} (close Anki to finish)")
        from anki_harness import main as harness_main

        os.environ["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM") or "xcb"
        return harness_main(["--base", str(opts.base), "--scenario", f"{scenarios}:interactive", "--keep-open", "--timeout", "86400"])
    print("demo: no display; running Anki offscreen and saving screenshots (QT_QPA_PLATFORM=offscreen)")
    # The scripted tour always starts from a new profile, so running it twice shows the same thing.
    shutil.rmtree(opts.base, ignore_errors=True)
    result = run_scenario(f"{scenarios}:tour", opts.base, args=[str(opts.screenshots)], timeout=600)
    if not result.get("ok"):
        print(f"demo: failed: {result.get('error')}\n{result.get('traceback', '')}", file=sys.stderr)
        return 1
    for key, value in result.items():
        if key not in ("ok", "screenshots", "_stderr", "traceback"):
            print(f"demo: {key}: {value}")
    print("demo: screenshots:")
    for shot in result.get("screenshots", []):
        print(f"  {shot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
