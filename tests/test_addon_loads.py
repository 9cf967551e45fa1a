"""Real Anki 26.9 (offscreen) loads the add-on: listed, enabled, menu present, no error dialog
(the harness fails a run that leaves a modal dialog open), numpy not imported at start-up."""

import json
from pathlib import Path

import pytest

from anki_harness import ADDON_NAME, ROOT, prepare_base

pytestmark = pytest.mark.gui


def test_real_anki_loads_the_addon(anki_gui):
    result = anki_gui("tests/scenarios/addon_loads.py:loaded")
    assert result["addons"] == {"write_practice": True}
    assert result["addon_module_loaded"]
    assert "Write Practice" in result["tools_menu"]
    assert not result["numpy_loaded_at_startup"]
    assert "Traceback" not in result["_stderr"], result["_stderr"]


def test_anki_without_the_addon_has_no_menu(anki_gui):
    """The control: the menu really comes from the add-on."""
    result = anki_gui("tests/scenarios/addon_loads.py:loaded", addon=False)
    assert result["addons"] == {}
    assert "Write Practice" not in result["tools_menu"]


def test_a_runs_config_stays_in_its_own_base_folder(anki_gui, tmp_path):
    """The add-on is linked into each base folder, not the checkout: concurrent runs share the
    checkout, and a config value one of them saved (meta.json) once changed another's reviews."""
    checkout_meta = ROOT / "meta.json"
    result = anki_gui("tests/scenarios/addon_loads.py:config_saved", args=["1.23"])
    base_meta = tmp_path / "base" / "addons21" / ADDON_NAME / "meta.json"
    assert Path(result["meta"]).resolve() == base_meta.resolve()
    assert json.loads(base_meta.read_text(encoding="utf-8"))["config"]["leniency"] == 1.23
    assert not checkout_meta.exists() or '"leniency": 1.23' not in checkout_meta.read_text(encoding="utf-8")


@pytest.mark.parametrize("before", ["fresh", "linked-by-an-older-harness", "linked-already"])
def test_the_base_folders_add_on_links_the_checkouts_entries_but_not_its_config(tmp_path, before):
    base = tmp_path / "base"
    folder = base / "addons21" / ADDON_NAME
    if before == "linked-by-an-older-harness":
        folder.parent.mkdir(parents=True)
        folder.symlink_to(ROOT, target_is_directory=True)
    elif before == "linked-already":
        prepare_base(base, link_addon=True)
    prepare_base(base, link_addon=True)
    assert not folder.is_symlink() and (folder / "user_files").is_dir() and not (folder / "user_files").is_symlink()
    assert (folder / "__init__.py").resolve() == ROOT / "__init__.py" and (folder / "writing").resolve() == ROOT / "writing"
    assert not (folder / "meta.json").exists() and not (folder / ".git").exists()
    prepare_base(base, link_addon=False)
    assert not folder.exists() and (ROOT / "writing" / "media.py").exists(), "the links go, the checkout stays"


@pytest.mark.parametrize("link_addon", [True, False], ids=["with-add-on", "no-add-on"])
def test_a_copy_a_test_installed_is_left_as_it_is(tmp_path, link_addon):
    folder = tmp_path / "base" / "addons21" / ADDON_NAME
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("# an installed copy\n")
    (folder / "meta.json").write_text('{"config": {}}')
    prepare_base(tmp_path / "base", link_addon=link_addon)
    assert sorted(p.name for p in folder.iterdir()) == ["__init__.py", "meta.json"]
