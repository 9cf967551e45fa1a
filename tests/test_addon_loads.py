"""Real Anki 26.9 (offscreen) loads the add-on: listed, enabled, menu present, no error dialog
(the harness fails a run that leaves a modal dialog open), numpy not imported at start-up."""

import pytest

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
