"""Run real Anki (aqt) with this add-on, headless, and drive it from a scenario.

    python tools/anki_harness.py --base DIR --scenario FILE.py:function [--out result.json]
        [--no-addon] [--keep-open]

Anki starts on the base folder DIR (created if needed, with the language chosen and the update
checks off, so no modal dialog appears), the repo is linked in as add-on `write_practice` (a
folder of DIR whose entries link to the repo's, so the add-on's config, meta.json, stays in DIR),
and once the profile is open `function(driver)` is called on the main thread. The driver spins the
Qt event loop while waiting (`driver.wait_until`), evaluates JS in web views (`driver.js`),
saves screenshots, and collects results; the result dict is written as JSON to --out. A modal
dialog left open, an exception, or the timeout ends the run with an error in the result.

Tests call `run_scenario(...)` which runs this file in a subprocess (one Anki per process).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable

from anki_isolation import own_instance_env

ROOT = Path(__file__).resolve().parent.parent
ADDON_NAME = "write_practice"


def offscreen_env(env: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if env is None else env)
    platform = env.get("QT_QPA_PLATFORM") or ""
    # "offscreen:configfile=screens.json" (a given screen size) stays as it is.
    if not platform.startswith("offscreen") and (not env.get("DISPLAY") or not platform):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


def run_scenario(
    scenario: str,
    base: Path,
    *,
    addon: bool = True,
    timeout: float = 240,
    extra_env: dict[str, str] | None = None,
    python: str | None = None,
    args: list[str] | None = None,
) -> dict[str, Any]:
    """Run `scenario` ("path.py:function") in a fresh Anki process; return its result dict."""
    out = base.parent / f"{base.name}-result.json"
    if out.exists():
        out.unlink()
    cmd = [python or sys.executable, str(Path(__file__)), "--base", str(base), "--scenario", scenario, "--out", str(out)]
    cmd += ["--timeout", str(timeout)]
    if not addon:
        cmd.append("--no-addon")
    for a in args or []:
        cmd += ["--arg", a]
    env = offscreen_env()
    env.update(own_instance_env(base))  # overlapping runs must not hand over to each other's Anki
    env.update(extra_env or {})
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout + 30)
    if not out.exists():
        raise RuntimeError(
            f"Anki scenario {scenario} wrote no result (exit {proc.returncode})\n"
            f"stdout:\n{proc.stdout[-4000:]}\nstderr:\n{proc.stderr[-6000:]}"
        )
    result = json.loads(out.read_text(encoding="utf-8"))
    result.setdefault("_stderr", proc.stderr[-6000:])
    return result


# ----------------------------------------------------------------------- inside Anki


# Repo entries not linked into a base folder's add-on folder: Anki writes the add-on's config to
# meta.json in that folder (concurrent runs sharing the checkout's would see each other's values),
# user_files is the add-on's own data, and dot folders (.git, .venv, .cache) are no part of it.
_KEPT_PER_RUN = {"meta.json", "user_files"}


def prepare_base(base: Path, link_addon: bool) -> None:
    """A base folder Anki opens without questions. With `link_addon` its add-on folder is a real
    folder whose entries link to the repo's (edits in the checkout take effect at once) while
    meta.json and user_files are the run's own: nothing a run writes lands in the checkout."""
    addons = base / "addons21"
    addons.mkdir(parents=True, exist_ok=True)
    folder = addons / ADDON_NAME
    if folder.is_symlink():  # an earlier harness linked the whole checkout
        folder.unlink()
    init = folder / "__init__.py"
    if init.exists() and not init.is_symlink():
        return  # a copy a test installed: Anki loads it as it is
    if not link_addon:
        if folder.exists():
            shutil.rmtree(folder)  # removes the links, never what they point to
        return
    (folder / "user_files").mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        link = folder / entry.name
        if entry.name in _KEPT_PER_RUN or entry.name.startswith(".") or link.is_symlink():
            continue
        link.symlink_to(entry, target_is_directory=entry.is_dir())


class Driver:
    """What a scenario gets: the main window, waiting, JS, screenshots, results."""

    def __init__(self, mw: Any, app: Any, out: dict[str, Any], args: list[str]) -> None:
        self.mw = mw
        self.app = app
        self.result = out
        self.args = args

    def pump(self, seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.002)

    def wait_until(self, condition: Callable[[], Any], timeout: float = 20, what: str = "condition",
                   describe: Callable[[], str] | None = None) -> Any:
        """Pump events until `condition()` is truthy and return it; on timeout the error names
        `what`, and `describe()` (if given) says what state things were left in."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.app.processEvents()
            value = condition()
            if value:
                return value
            modal = self.app.activeModalWidget()
            if modal is not None and not getattr(modal, "_harness_allowed", False):
                raise RuntimeError(f"modal dialog open while waiting for {what}: {modal.windowTitle()!r} {_dialog_text(modal)}")
            time.sleep(0.005)
        state = f" ({describe()})" if describe is not None else ""
        raise TimeoutError(f"timed out after {timeout}s waiting for {what}{state}")

    def js(self, webview: Any, code: str, timeout: float = 10) -> Any:
        """Evaluate `code` (an expression) in `webview` and return its JSON-able value."""
        box: dict[str, Any] = {}
        webview.evalWithCallback(f"JSON.stringify((function(){{ return ({code}); }})())", lambda v: box.setdefault("v", v))
        self.wait_until(lambda: "v" in box, timeout, f"JS result of {code[:60]!r}")
        return None if box["v"] is None else json.loads(box["v"])

    def screenshot(self, widget: Any, path: str | Path) -> str:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.pump(0.3)
        widget.grab().save(str(path))
        self.result.setdefault("screenshots", []).append(str(path))
        return str(path)

    def wait_for_state(self, state: str, timeout: float = 20) -> None:
        self.wait_until(lambda: self.mw.state == state, timeout, f"main window state {state!r}")


def find_action(menu: Any, text: str) -> Any:
    """The QAction labelled `text` in `menu` or its submenus (as a user finds it), or None."""
    for action in menu.actions():
        if action.text() == text:
            return action
        if action.menu():
            found = find_action(action.menu(), text)
            if found:
                return found
    return None


def _dialog_text(widget: Any) -> str:
    text = getattr(widget, "text", None)
    try:
        return text() if callable(text) else ""
    except Exception:
        return ""


def _load_scenario(spec: str) -> Callable[[Driver], Any]:
    file, _, func = spec.rpartition(":")
    module_spec = importlib.util.spec_from_file_location("anki_scenario", file)
    assert module_spec and module_spec.loader, f"cannot load {file}"
    module = importlib.util.module_from_spec(module_spec)
    sys.path.insert(0, str(Path(file).resolve().parent))
    module_spec.loader.exec_module(module)
    return getattr(module, func)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--no-addon", action="store_true")
    parser.add_argument("--keep-open", action="store_true", help="leave Anki running after the scenario")
    parser.add_argument("--arg", action="append", default=[], help="passed to the scenario as driver.args")
    parser.add_argument("--timeout", type=float, default=240)
    opts = parser.parse_args(argv)
    os.environ.update(offscreen_env())
    prepare_base(opts.base, link_addon=not opts.no_addon)
    scenario = _load_scenario(opts.scenario)

    import aqt
    from aqt import gui_hooks
    from aqt.profiles import ProfileManager
    from aqt.qt import QTimer

    # First run asks for a language in a modal dialog; answer it. No outside network: no update checks.
    ProfileManager.setDefaultLang = lambda self, idx: self.setLang("en_US")  # type: ignore[method-assign]
    ProfileManager.check_for_updates = lambda self: False  # type: ignore[method-assign]
    ProfileManager.check_for_addon_updates = lambda self: False  # type: ignore[method-assign]

    result: dict[str, Any] = {"ok": False}
    started = time.monotonic()

    def finish() -> None:
        if opts.out:
            opts.out.write_text(json.dumps(result, ensure_ascii=False, default=str), encoding="utf-8")
        if not opts.keep_open:
            aqt.mw.unloadProfileAndExit()

    def run() -> None:
        driver = Driver(aqt.mw, app, result, opts.arg)
        try:
            driver.wait_until(lambda: aqt.mw.col is not None and aqt.mw.state in ("deckBrowser", "overview"), 60, "profile to open")
            driver.pump(0.2)
            result["startup_seconds"] = time.monotonic() - started
            value = scenario(driver)
            if isinstance(value, dict):
                result.update(value)
            result["ok"] = True
        except Exception as exc:
            result["error"] = f"{type(exc).__name__}: {exc}"
            result["traceback"] = traceback.format_exc()
        modal = app.activeModalWidget()
        if modal is not None:
            result["ok"] = False
            result.setdefault("error", f"modal dialog left open: {modal.windowTitle()!r} {_dialog_text(modal)}")
            modal.close()
        finish()

    def watchdog() -> None:
        result["error"] = f"timed out after {opts.timeout}s"
        finish()
        os._exit(3)

    def on_open() -> None:
        aqt.mw.fullscreen = False
        QTimer.singleShot(0, run)

    gui_hooks.profile_did_open.append(on_open)
    app = aqt._run(["anki", "-b", str(opts.base)], exec=False)
    if app is None:
        result["error"] = "Anki did not start"
        finish()
        return 1
    QTimer.singleShot(int(opts.timeout * 1000), watchdog)
    app.exec()
    return 0 if result.get("ok") else 1


if __name__ == "__main__":
    raise SystemExit(main())
