"""The writing-gap report: its data and "add the top N" (writing/gap_report.py, no Qt) on real
temp collections with a crafted review history, then the window itself in real Anki offscreen (opened from the Tools
menu, numbers against writing.gap, a bad search, night mode, add + one undo, the screenshot)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from anki.collection import Collection
from anki.errors import SearchError

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
sys.path.insert(0, str(SCENARIOS))

import gap_report as history  # noqa: E402  (tests/scenarios/gap_report.py: the crafted collection)

from writing import convert, gap  # noqa: E402
from writing.config import Config  # noqa: E402
from writing import gap_report  # noqa: E402

SCENARIO = f"{SCENARIOS / 'gap_report.py'}"
JA_SEARCH = 'deck:"Japanese Core"'


@pytest.fixture
def built(col: Collection) -> tuple[Collection, dict]:
    return col, history.build_history(col)


def options(search: str = JA_SEARCH, **overrides) -> convert.ConvertOptions:
    """What the window passes for a deck (its cards go to <deck>::Writing) or the whole collection."""
    deck = "Japanese Core" if search == JA_SEARCH else None
    return convert.ConvertOptions.from_config(Config(), deck=deck, min_interval=gap.MATURE_DAYS, **overrides)


def writing_notes(col: Collection) -> dict[str, list]:
    nt_id = col.get_config("writePracticeNotetypeId")
    notes: dict[str, list] = {}
    for nid in col.find_notes(f"mid:{nt_id}"):
        note = col.get_note(nid)
        notes.setdefault(note["Target"], []).append(note)
    return notes


def source_rows(col: Collection, made: dict) -> list:
    ids = ",".join(str(i) for deck in (history.JA_DECK, history.ZH_DECK) for i in made[deck])
    return col.db.all(f"select id, mod, usn, flds, tags from notes where id in ({ids}) order by id")


# ------------------------------------------------------------------ the page's data


@pytest.mark.parametrize("search", ["", JA_SEARCH], ids=["whole-collection", "one-deck"])
def test_page_data_is_what_writing_gap_computes(built, search):
    col, _ = built
    report = gap.writing_gap(col, search)
    data = gap_report.page_data(gap_report.read_report(col, search), 20, date(2026, 1, 2))
    assert (data["recognised"], data["writable"]) == (len(report.recognised), len(report.writable))
    assert [ch for ch, _count, _carded in data["notWritable"]] == list(report.not_writable)
    assert [count for _ch, count, _carded in data["notWritable"]] == [report.frequency[ch] for ch in report.not_writable]
    # 学 (last answered Again) and 山 (young) have writing cards: in the gap, marked as being learnt
    assert sorted(ch for ch, _count, carded in data["notWritable"] if carded) == ["学", "山"]
    assert data["writable"] == 6  # 日 本 人 大, and 先 生 from the word card 先生
    assert data["series"]["recognised"][-1] == data["recognised"]
    assert data["series"]["writable"][-1] == data["writable"]
    assert [t["summary"] for t in data["selfTests"]] == ["4 of 10", "6 of 10", "7 of 10"]
    assert (data["today"], data["topN"]) == ("2026-01-02", 20)


def test_series_grows_over_the_crafted_history(built):
    col, _ = built
    series = gap_report.read_report(col, "").series
    assert list(series.days) == sorted(series.days) and len(series.days) > 10
    assert series.recognised[0] < series.recognised[-1]
    assert series.writable[0] == 0 and max(series.writable) == series.writable[-1] == 6


def test_a_bad_search_is_a_sentence_not_an_exception_dialog(built):
    col, _ = built
    with pytest.raises(SearchError) as raised:
        gap_report.read_report(col, 'deck:"unbalanced')
    message = gap_report.failure_sentence(raised.value)
    assert message.startswith("Anki cannot read this search: ") and "double quote" in message


# ------------------------------------------------------------------ adding the top N


def test_adds_the_top_n_in_list_order_passing_over_characters_with_a_card(built):
    col, made = built
    report = gap.writing_gap(col, JA_SEARCH)
    assert report.not_writable[:7] == ("学", "中", "会", "国", "気", "水", "社")
    cards_before, sources_before = col.card_count(), source_rows(col, made)

    added = gap_report.add_top_characters(col, options(), report.not_writable, 5)

    assert added.chars == ("中", "会", "国", "気", "水")
    assert added.already_carded == ("学",) and added.not_possible == ()
    assert added.decks == ("Japanese Core::Writing",)
    assert col.card_count() == cards_before + 5
    notes = writing_notes(col)
    for ch in added.chars:
        (note,) = notes[ch]
        assert note["Script"] == "ja" and col.decks.name(note.cards()[0].did) == "Japanese Core::Writing"
    # the prompt is the most mature word holding the character, with the character blanked
    assert notes["気"][0]["Meaning"] == "weather" and notes["気"][0]["Context"] == '天<span class="wp-blank">＿</span>'
    assert notes["国"][0]["Context"] == '中<span class="wp-blank">＿</span>' and notes["国"][0]["Reading"] == "ちゅうごく"
    assert source_rows(col, made) == sources_before, "source notes are only read"
    assert "Added 5 writing cards for 5 characters: 中会国気水" in added.summary()
    assert "Passed over 1 that already have a writing card: 学" in added.summary()

    assert col.undo_status().undo == convert.UNDO_LABEL
    col.undo()
    assert col.card_count() == cards_before
    assert not set(added.chars) & set(writing_notes(col))
    assert col.undo_status().undo != convert.UNDO_LABEL, "the whole addition was one undo step"


def test_whole_collection_gives_a_character_a_card_per_script(built):
    col, _ = built
    report = gap.writing_gap(col, "")
    assert report.not_writable[:2] == ("学", "中")  # 中 is in 中国, 中国語 (ja) and 中文 (zh)
    added = gap_report.add_top_characters(col, options(""), report.not_writable, 1)
    assert added.chars == ("中",) and len(added.note_ids) == 2
    notes = writing_notes(col)["中"]
    assert sorted((n["Script"], col.decks.name(n.cards()[0].did)) for n in notes) == [
        ("ja", "Japanese Core::Writing"),
        ("zh-Hans", "Chinese HSK::Writing"),
    ]
    assert added.decks == ("Chinese HSK::Writing", "Japanese Core::Writing")


def test_asking_for_more_than_the_list_adds_each_once_then_nothing(built):
    col, _ = built
    report = gap.writing_gap(col, JA_SEARCH)
    first = gap_report.add_top_characters(col, options(), report.not_writable, len(report.not_writable) + 10)
    assert first.chars == tuple(ch for ch in report.not_writable if ch not in ("学", "山"))
    again = gap_report.add_top_characters(col, options(), report.not_writable, len(report.not_writable) + 10)
    assert again.chars == () and again.note_ids == ()
    assert set(again.already_carded) == set(report.not_writable)
    assert again.summary().startswith("No writing cards were added.")


def test_tags_the_source_notes_when_the_config_says_so_and_undo_removes_the_tag(built):
    col, _ = built
    report = gap.writing_gap(col, JA_SEARCH)
    gap_report.add_top_characters(col, options(tag_source_notes=True), report.not_writable, 2)  # 中 (中国), 会 (会社)
    tagged = sorted(col.get_note(nid)["Expression"] for nid in col.find_notes(f"tag:{convert.SOURCE_TAG}"))
    assert tagged == ["中国", "会社"]
    col.undo()
    assert col.find_notes(f"tag:{convert.SOURCE_TAG}") == []


def test_a_filtered_writing_deck_is_refused_and_nothing_changes(built):
    col, _ = built
    col.decks.new_filtered("Cram")
    report = gap.writing_gap(col, JA_SEARCH)
    cards_before, undo_before = col.card_count(), col.undo_status().undo
    with pytest.raises(convert.ConversionError, match="'Cram' is a filtered deck"):
        gap_report.add_top_characters(col, options(writing_deck="Cram"), report.not_writable, 3)
    assert col.card_count() == cards_before and col.undo_status().undo == undo_before


# ------------------------------------------------------------------ the window in real Anki


@pytest.mark.gui
def test_window_from_the_tools_menu_shows_what_writing_gap_computes(anki_gui):
    result = anki_gui(f"{SCENARIO}:report")
    empty = result["empty"]
    assert (empty["recognised"], empty["writable"], empty["missing"], empty["chars"]) == ("0", "0", "0", [])
    assert [text.split(":")[0].split(".")[0] for text in empty["texts"]] == [
        "No review history yet",
        "No recognised characters in these notes yet",
        "No self-test results yet",
    ]
    assert result["empty_add_enabled"] is False

    assert result["modal"] is False
    for scope in ("whole", "deck"):
        page, expected = result[scope]["page"], result[scope]["expected"]
        assert (page["recognised"], page["writable"]) == (str(expected["recognised"]), str(expected["writable"]))
        assert page["missing"] == str(len(expected["not_writable"]))
        assert page["chars"] == expected["not_writable"]
        assert page["carded"] == ["学", "山"]
        assert page["next"] == [ch for ch in expected["not_writable"] if ch not in ("学", "山")][:20]
        assert page["chartLines"] == 2
        assert page["chartLegend"] == [f"Recognised: {expected['recognised']}", f"Writable: {expected['writable']}"]
        assert page["selfTestLabels"] == ["4 of 10", "6 of 10", "7 of 10"]
        for axis in ("chartDates", "selfTestDates"):
            assert len(page[axis]) >= 2 and len(set(page[axis])) == len(page[axis]), (scope, axis, page[axis])
        assert page["error"] is None and page["externalImages"] == 0
        assert all(src.startswith("http://127.0.0.1:") for src in page["scripts"]), "only Anki's own local scripts"
    assert result["deck"]["search"] == 'deck:"Japanese Core"'
    assert result["whole"]["expected"]["recognised"] > result["deck"]["expected"]["recognised"]
    assert result["next_after_spin"] == ["中", "会", "国"]

    bad = result["bad_search"]
    assert bad["status"].startswith("Anki cannot read this search:")
    assert bad["page"]["error"] == bad["status"] and bad["page"]["recognised"] == "–" and bad["page"]["chars"] == []
    assert bad["add_enabled"] is False
    assert result["after_bad_search"]["chars"] == result["whole"]["expected"]["not_writable"]

    short = result["short_history"]  # one day of counts, one self-test: still distinct dates
    assert short["chartLegend"] == result["whole"]["page"]["chartLegend"] and short["selfTestLabels"] == ["7 of 10"]
    for axis in ("chartDates", "selfTestDates"):
        assert len(short[axis]) >= 2 and len(set(short[axis])) == len(short[axis]), (axis, short[axis])

    night, light = result["night"], result["light"]
    assert night["nightClass"] and not light["nightClass"]
    assert brightness(night["background"]) < 80 < 200 < brightness(night["color"])
    assert brightness(light["background"]) > 200 > 80 > brightness(light["color"])
    assert night["chars"] == light["chars"] == result["whole"]["page"]["chars"], "the theme change keeps the report"

    assert result["browse"]["search"] == "学"  # Anki's normal form of the whole-collection query "学"
    assert result["browse"]["rows"] >= 5  # 学生 学校 大学 学习 and the writing card 学
    assert result["closed"]
    assert result["closed_with_profile"], "the window closes before the collection does"


def brightness(css_rgb: str) -> float:
    r, g, b = (int(v) for v in css_rgb[css_rgb.index("(") + 1 : css_rgb.index(")")].split(",")[:3])
    return (r + g + b) / 3


@pytest.mark.gui
def test_add_top_n_from_the_window_then_one_undo(anki_gui):
    result = anki_gui(f"{SCENARIO}:add_top")
    before, after, undone = result["before"], result["after"], result["undone"]
    expected_chars = [ch for ch in before["not_writable"] if ch not in before["carded"]][:5]
    assert after["chars"] == expected_chars == ["中", "会", "国", "気", "水"]
    assert after["passed_over"] == ["学"]
    assert sorted(after["targets"]) == sorted(expected_chars)
    assert after["contexts"]["気"] == '天<span class="wp-blank">＿</span>'
    assert after["decks"] == ["Japanese Core::Writing"]
    assert after["cards"] == before["cards"] + 5
    assert after["undo_label"] == "Add writing cards"
    assert after["status"].startswith("Added 5 writing cards for 5 characters: 中会国気水")
    # refreshed: the new cards are not mature, so the numbers stay; the list marks them as carded
    assert after["page_now"]["recognised"] == str(after["expected_now"]["recognised"])
    assert after["page_now"]["chars"] == after["expected_now"]["not_writable"]
    assert set(expected_chars) <= set(after["page_now"]["carded"])
    assert after["page_next"] == ["社", "語", "電", "今", "前"]

    assert undone["cards"] == before["cards"] and undone["targets"] == before["targets"]
    assert undone["sources"] == before["sources"]
    assert undone["redo_label"] == "Add writing cards"
    assert undone["stale_after_undo"], "the window knows the collection changed under it"
    assert undone["not_writable"] == before["not_writable"]


@pytest.mark.gui
def test_screenshot_for_the_readme(anki_gui, tmp_path):
    from PyQt6.QtGui import QImage

    path = tmp_path / "shots" / "gap-report.png"
    result = anki_gui(f"{SCENARIO}:screenshot", args=[str(path)])
    night = path.with_name("gap-report-night.png")
    assert result["gap_report_screenshots"] == [str(path), str(night)]
    light_image, night_image = QImage(str(path)), QImage(str(night))
    assert light_image.width() >= 900 and light_image.height() >= 900
    # a point of page background beside the tiles: light, then dark
    assert QImage(light_image).pixelColor(30, 300).lightness() > 200
    assert QImage(night_image).pixelColor(30, 300).lightness() < 80
