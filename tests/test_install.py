"""The packaged add-on installed for real: built with tools/package.py, installed through Anki's own
`mw.addonManager.install(path)` into a fresh base folder, Anki restarted offscreen, all under an
interpreter that has aqt/anki but NO numpy (like Anki's own runtime): the add-on must load, grade
with the numpy it carries, and review a writing card end to end. Also the upgrade drill.

The no-numpy environment (same Anki line as the interpreter running the tests, so the version
matrix covers both installers) is built once under .cache/ (tools/venvs.py) and reused."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from pathlib import Path

import pytest

import package
import venvs
from anki_harness import run_scenario
from anki_isolation import own_instance_env

pytestmark = pytest.mark.gui

SCENARIOS = "tests/scenarios/install_flow.py"
WHEEL_CACHE = package.ROOT / ".cache" / "wheels"


def build(out: Path, platform: str, source: Path = package.ROOT) -> tuple[Path, str]:
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = package.main([f"--platform={platform}", "--out", str(out), "--vendor-dir", str(out.parent / "vendor"),
                             "--wheel-cache", str(WHEEL_CACHE), "--source", str(source)])
    assert code == 0, stdout.getvalue()
    return out, stdout.getvalue()


@pytest.fixture(scope="module")
def no_numpy_python() -> str:
    python = venvs.ensure(venvs.no_numpy_twin())  # same Anki line as the one running the tests
    assert run_python(python, "import importlib.util; print(importlib.util.find_spec('numpy') is None)") == "True"
    return str(python)


def run_python(python, code: str) -> str:
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def local_package(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("pkg") / "write_practice.ankiaddon", "local")[0]


def anki(python: str, base: Path, function: str, *args: str) -> dict:
    """One Anki process on `base` running a scenario; the add-on is whatever is installed there."""
    result = run_scenario(f"{SCENARIOS}:{function}", base, addon=False, python=python, args=list(args),
                          extra_env=own_instance_env(base))
    assert result.get("ok"), f"{result.get('error')}\n{result.get('traceback', '')}\n{result.get('_stderr', '')[-4000:]}"
    assert "Traceback" not in result["_stderr"], result["_stderr"][-4000:]
    return result


def test_installed_package_loads_and_grades_a_card_with_its_own_numpy(tmp_path, no_numpy_python, local_package):
    base = tmp_path / "base"
    installed = anki(no_numpy_python, base, "install", str(local_package))
    assert installed["installed"] and installed["compatible"], installed["result"]
    assert not installed["is_symlink"]
    assert {"__init__.py", "manifest.json", "writing", "web", "vendor"} <= set(installed["top_level"])
    assert not installed["numpy_in_process"], "the stand-in for Anki's runtime must have no numpy"

    after = anki(no_numpy_python, base, "started_and_reviewed", "clean", "sm2")
    folder = after["addon_folder"]
    assert after["addons"] == {"write_practice": True} and after["addon_loaded"]
    assert "Write Practice" in after["tools_menu"] and after["config_action"]
    assert not after["numpy_at_startup"], "numpy loads when grading first needs it, not at start-up"
    assert after["vendor_folder"].startswith(f"{folder}/vendor/cp3")
    review = after["review"]
    assert review["question"]["graded"] is True
    assert review["suggested"]["ease"] == 3 and review["eases"] == [3], review
    assert after["numpy_file"].startswith(f"{folder}/vendor/"), "graded with the numpy the package carries"


@pytest.fixture(scope="module")
def reviewed_without_numpy(tmp_path_factory, no_numpy_python) -> dict:
    """A package carrying no numpy, installed in a runtime with none; a card whose character HAS
    stroke data reviewed (the harness fails the run on any exception dialog)."""
    tmp = tmp_path_factory.mktemp("without-numpy")
    numpyless, _ = build(tmp / "pkg" / "write_practice.ankiaddon", "none")
    base = tmp / "base"
    assert anki(no_numpy_python, base, "install", str(numpyless))["installed"]
    return anki(no_numpy_python, base, "self_graded_without_numpy")


def test_without_a_usable_numpy_the_addon_loads_and_cards_grade_in_js(reviewed_without_numpy):
    after = reviewed_without_numpy
    assert after["addons"] == {"write_practice": True} and "Write Practice" in after["tools_menu"]
    assert after["vendor_folder"] is None and "carries no numpy" in after["vendor_reason"]
    assert after["question"]["graded"] is True, "without numpy the card grades itself with the JS grader"
    assert after["miss"] == "look at the shape", "the wrong first stroke is called out, as Python would"
    assert after["answer"]["rating"].startswith("Hard — 1 stroke needed a second try") and "Tap Hard" in after["answer"]["rating"], after["answer"]
    assert (after["answer"]["yours"], after["answer"]["reference"]) == (1, 1), "the ink beside the stroke order from the media"
    assert after["eases"] == [3], "the learner's own rating is recorded"
    assert after["numpy_file"] is None


def test_without_a_usable_numpy_the_reason_is_said(reviewed_without_numpy):
    status = reviewed_without_numpy["numpy_status"]
    assert status and "cannot load numpy" in status and "carries no numpy" in status


def _previous_build_source(tmp_path: Path) -> Path:
    """The previous release stands in as this source with an older version and older web files."""
    source = package.copy_runtime_tree(tmp_path / "previous-source")
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    manifest["human_version"] = "0.0.9"
    (source / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for name in ("write_practice.js", "write_practice.css"):
        path = source / "web" / name
        path.write_text(path.read_text(encoding="utf-8") + "\n/* previous build */\n", encoding="utf-8")
    return source


def test_upgrade_keeps_notes_history_config_and_user_css_and_updates_media(tmp_path, no_numpy_python, local_package):
    previous, _ = build(tmp_path / "previous" / "write_practice.ankiaddon", "local", _previous_build_source(tmp_path))
    base = tmp_path / "base"
    assert anki(no_numpy_python, base, "install", str(previous))["installed"]
    used = anki(no_numpy_python, base, "use_previous_build")
    assert used["human_version"] == "0.0.9" and used["review"]["eases"] == [3]
    old_state = used["state"]
    assert old_state["notes"] and old_state["revlog"]

    upgraded = anki(no_numpy_python, base, "upgrade_in_place", str(local_package))
    assert upgraded["install"]["installed"]

    after = anki(no_numpy_python, base, "after_upgrade")
    new = after["state"]
    assert after["human_version"] == json.loads((package.ROOT / "manifest.json").read_text())["human_version"]
    assert new["note_fields"] == old_state["note_fields"], "notes untouched"
    assert new["revlog"] == old_state["revlog"], "review history untouched"
    assert new["config"]["leniency"] == 1.75, "the user's config survives the update"
    assert "/* my own addition */" in new["css"], "the user's CSS additions survive"
    # Phones never receive an edited media file: the new build's script has a new name, the
    # template loads it, and the previous build's files are gone, all without a schema change.
    (old_script,) = [name for name in old_state["media"] if name.endswith(".js")]
    (new_script,) = [name for name in new["media"] if name.endswith(".js")]
    assert new_script != old_script and not set(new["media"]) & set(old_state["media"]), "the old files are gone"
    assert all(template.endswith(f'<script src="{new_script}"></script>') for template in new["templates"])
    assert new["schema"] == old_state["schema"], "pointing the templates at the new files is no schema change"
    expected_js = (package.ROOT / "web" / "write_practice.js").read_bytes()
    media_dir = base / "User 1" / "collection.media"
    assert expected_js in (media_dir / new_script).read_bytes()
    assert b"previous build" not in (media_dir / new_script).read_bytes()
