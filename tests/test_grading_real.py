"""The grader on real pen recordings (../shared/handwriting/, read at test time, never copied into
the repository): correct samples that the grader used to reject (at 060ca39 or later) now pass in
both modes (or in the one mode named, where the other still rejects them for another reason), and
labelled mistakes stay caught. Every case goes through the `grade` CLI's own path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import eval_real  # noqa: E402

from writing.grading import CharacterQuiz, grade_free  # noqa: E402
from writing.strokes import lookup  # noqa: E402

pytestmark = pytest.mark.skipif(
    not eval_real.HANDWRITING.is_dir(),
    reason=f"real handwriting not found at {eval_real.HANDWRITING} (shared data, not in the repository)",
)


def sample(sample_id: str) -> eval_real.Sample:
    name = sample_id.split(" ", 1)[0]
    found = [s for s in _samples(name) if s.id == sample_id]
    assert found, f"{sample_id} is not in {eval_real.HANDWRITING}"
    return found[0]


_CACHE: dict = {}


def _samples(name: str) -> list:
    if name not in _CACHE:
        _CACHE[name] = eval_real.load([name])[0]
    return _CACHE[name]


# Correct writing each mode rejected at 060ca39, and why.
USED_TO_FAIL = [
    pytest.param("learner 神 train/s1", id="learner 神 礻 dot written as a tick"),
    pytest.param("learner 訪 train/s2", id="learner 訪 言 first dot as a tick"),
    pytest.param("learner 福 train/s4", id="learner 福 first dot taken for a later one"),
    pytest.param("learner 業 train/s2", id="learner 業 short stroke shaped freely"),
    pytest.param("learner 集 train/s1", id="learner 集 short stroke as a tick"),
    pytest.param("learner 安 train/s3", id="learner 安 宀 tick"),
    pytest.param("learner 泣 train/s2", id="learner 泣 氵 written small and apart"),
    pytest.param("learner 族 train/s3", id="learner 族 方 placed apart from 𠂉"),
    pytest.param("learner 坂 eval/s1", id="learner 坂 土 proportioned differently"),
    pytest.param("kanji-test 日 057", id="kanji-test 日 inner line off the middle"),
    pytest.param("kanji-test 町 031", id="kanji-test 町 丁 placed off"),
    pytest.param("kana ぽ writer1", id="kana ぽ handakuten circle started elsewhere"),
    pytest.param("kana パ writer1", id="kana パ handakuten circle"),
    pytest.param("templates ぺ template", id="templates ぺ handakuten from the top anticlockwise"),
    pytest.param("kana ぢ writer1", id="kana ぢ first dakuten tick where the second belongs"),
    pytest.param("learner 忘 eval/s1", id="learner 忘 心 middle dot placed right, held-out writing"),
    pytest.param("learner 想 train/s3", id="learner 想 心 middle dot placed right"),
    pytest.param("learner 漢 eval/s1", id="learner 漢 氵 second dot placed loosely, held-out writing"),
    pytest.param("kana だ writer1", id="kana だ dakuten placed high"),
    pytest.param("kana ぜ writer1", id="kana ぜ dakuten placed high"),
    pytest.param("kana ぼ writer1", id="kana ぼ first dakuten tick where the second belongs"),
    pytest.param("templates ポ template", id="templates ポ handakuten from the top anticlockwise"),
    pytest.param("kana て writer1", id="kana て curved stroke with a flick"),
    pytest.param("hiragana-test そ so", id="hiragana-test そ cursive first stroke"),
    pytest.param("hiragana-test す su", id="hiragana-test す loop placed low"),
    pytest.param("learner 初 train/s1", id="learner 初 刀 placed apart from 衤"),
    pytest.param("learner 初 train/s2", id="learner 初 刀 placed apart from 衤, again"),
    pytest.param("learner 泣 train/s3", id="learner 泣 立 started apart from 氵"),
    pytest.param("learner 錬 eval/s1", id="learner 錬 東 started apart from 金, held-out writing"),
    pytest.param("learner 駅 train/s1", id="learner 駅 尺 started apart from 馬"),
    pytest.param("kana ピ writer1", id="kana ピ handakuten placed apart from ヒ"),
    pytest.param("kana り writer1", id="kana り right stroke drawn much longer"),
    pytest.param("templates り template", id="templates り right stroke drawn longer"),
    pytest.param("kanji-test い 074", id="kanji-test い right stroke drawn longer"),
    pytest.param("learner 坊 train/s2", id="learner 坊 方 ㇆ drawn longer"),
    pytest.param("learner 歯 train/s3", id="learner 歯 止 vertical drawn longer"),
    pytest.param("learner 発 eval/s1", id="learner 発 癶 stroke drawn longer, held-out writing"),
    pytest.param("kanji-test 場 040", id="kanji-test 場 勿 last 丿 drawn half as long"),
    pytest.param("kanji-test 票 060", id="kanji-test 票 示 left stroke written as a short dot"),
    pytest.param("learner 泣 train/s4", id="learner 泣 氵 rising stroke shaped loosely"),
    pytest.param("learner 温 train/s3", id="learner 温 氵 written lower as a whole"),
    pytest.param("learner 泣 eval/s1", id="learner 泣 氵 written lower as a whole, held-out writing"),
    pytest.param("kana ギ writer1", id="kana ギ dakuten shifted as a whole"),
    pytest.param("kana ボ writer1", id="kana ボ dakuten shifted as a whole"),
    pytest.param("learner 忘 train/s1", id="learner 忘 心 middle dot written down-left"),
    pytest.param("learner 想 train/s2", id="learner 想 心 middle dot written down-left"),
    pytest.param("kana こ writer1", id="kana こ lines farther apart than the font's"),
    pytest.param("templates 店 template", id="templates 店 占 horizontal first (KanjiVG's HzFst form)"),
    pytest.param("templates 働 template", id="templates 働 重 vertical last (KanjiVG's VtLst form)"),
    pytest.param("hiragana-test い i", id="hiragana-test い right stroke far apart and high"),
    pytest.param("kana ぴ writer1", id="kana ぴ handakuten ring placed low and in"),
    pytest.param("hiragana-test き ki", id="hiragana-test き last stroke a short tick"),
    pytest.param("hiragana-test さ sa", id="hiragana-test さ slanted, last stroke short"),
    pytest.param("kana ぶ writer1", id="kana ぶ left dot long down with a short flick up"),
    pytest.param("kana ぷ writer1", id="kana ぷ left dot long down with a short flick up"),
    pytest.param("kana ら writer1", id="kana ら top tick's first leg slanted down 45 degrees"),
]

# Correct writing one mode rejected (the other still does, for another reason).
USED_TO_FAIL_IN_ONE_MODE = [
    pytest.param("kanji-test 名 038", "free", id="kanji-test 名 夕 slanted and 口 upright, free mode"),
    pytest.param("kana ふ writer1", "guided", id="kana ふ left dot long down with a short flick up, guided mode"),
]


@pytest.mark.parametrize("sample_id", USED_TO_FAIL)
@pytest.mark.parametrize("mode", eval_real.MODES)
def test_correct_real_writing_that_used_to_fail_passes(sample_id, mode):
    _assert_passes_cleanly(sample_id, mode)


@pytest.mark.parametrize("sample_id, mode", USED_TO_FAIL_IN_ONE_MODE)
def test_correct_real_writing_that_used_to_fail_in_one_mode_passes_there(sample_id, mode):
    _assert_passes_cleanly(sample_id, mode)


def _assert_passes_cleanly(sample_id: str, mode: str) -> None:
    s = sample(sample_id)
    assert s.label == "correct"
    answer = eval_real.grade(s, mode)
    assert answer["ok"] and answer["rating"] == 3, answer


# Labelled mistakes: each must not pass, in either mode.
MISTAKES = [
    pytest.param("learner 近 train/s2", id="learner 近 斤 first stroke drawn left to right"),
    pytest.param("learner 駅 train/s3", id="learner 駅 馬 horizontal before the vertical"),
    pytest.param("learner 金 eval/s1", id="learner 金 vertical after the dots"),
    pytest.param("kanji-test 花 018", id="kanji-test 花 化 丿 drawn backwards"),
    pytest.param("kanji-test 氏 022", id="kanji-test 氏 top 丿 as a flat horizontal"),
    pytest.param("kanji-test 所 017", id="kanji-test 所 戸 丿 written second"),
    pytest.param("kanji-test 党 062", id="kanji-test 党 dot before the vertical"),
    pytest.param("kanji-test 議 068", id="kanji-test 議 我 丿 missing"),
    pytest.param("kanji-test 保 008", id="kanji-test 保 木 丿 missing"),
    pytest.param("kanji-test 日 047", id="kanji-test 日 vertical and ㇕ as one stroke"),
    pytest.param("kanji-test 回 051", id="kanji-test 回 inner 口 two strokes as one"),
    pytest.param("kanji-test 確 007", id="kanji-test 確 冖 tick and ㇖ as one stroke"),
]


@pytest.mark.parametrize("sample_id", MISTAKES)
@pytest.mark.parametrize("mode", eval_real.MODES)
def test_real_mistakes_stay_caught(sample_id, mode):
    s = sample(sample_id)
    assert s.label in eval_real.MUST_FAIL and not s.variant
    answer = eval_real.grade(s, mode)
    assert not answer["ok"] and answer["rating"] < 3, answer


def test_an_order_labelled_a_mistake_that_kanjivg_records_as_another_form_is_that_variant():
    """learner 歯 train/s4 was labelled an order mistake against KanjiVG's default form (止's short
    horizontal before its vertical). KanjiVG itself records that order as another form of 歯
    (06b6f-HzFst.svg), so the variant table accepts it as it accepts 感's Chinese order; against
    the default form alone it is still the order mistake the label says."""
    s = sample("learner 歯 train/s4")
    assert s.label == "order" and not s.variant
    data = lookup(s.char, s.script)
    assert ((1,), (0,)) + tuple((j,) for j in range(2, data.stroke_count)) in data.variants
    for mode in eval_real.MODES:
        assert eval_real.grade(s, mode)["ok"], mode
    result = grade_free(data.strokes, s.strokes)
    assert [m.kind for m in result.mistakes] == ["order"], result.mistakes


@pytest.mark.parametrize(
    "sample_id",
    [
        pytest.param("kanji-test 日 047", id="kanji-test 日 vertical and ㇕ as one stroke"),
        pytest.param("kanji-test 回 051", id="kanji-test 回 inner 口 two strokes as one"),
        pytest.param("kanji-test 選 055", id="kanji-test 選 辶 ㇋ and ㇏ as one stroke"),
        pytest.param("kanji-test 後 025", id="kanji-test 後 幺 three strokes as one"),
        pytest.param("kanji-test 後 049", id="kanji-test 後 幺 three strokes as one, second writing"),
        pytest.param("kanji-test 石 019", id="kanji-test 石 口 vertical and ㇕ as one, drawn back up the vertical"),
        pytest.param("kanji-test 確 007", id="kanji-test 確 冖 tick and ㇖ as one, the ㇖ alone fits too"),
        pytest.param("kanji-test 独 064", id="kanji-test 独 虫's 口 vertical and ㇕ as one, the ㇕ alone fits too"),
    ],
)
@pytest.mark.parametrize("mode", eval_real.MODES)
def test_real_merged_strokes_are_named_merged(sample_id, mode):
    answer = eval_real.grade(sample(sample_id), mode)
    assert answer["mistakes"][0]["kind"] == "merged", answer


@pytest.mark.parametrize(
    "sample_id",
    [
        pytest.param("learner 感 train/s2", id="learner 感 咸 horizontal before 丿 (Chinese order)"),
        pytest.param("learner 感 eval/s1", id="learner 感 咸 horizontal before 丿 (Chinese order), held-out writing"),
        pytest.param("learner 感 train/s3", id="learner 感 咸 horizontal before 丿 (Chinese order), slanted"),
        pytest.param("learner 防 train/s1", id="learner 防 阝 in two strokes (Chinese convention)"),
        pytest.param("learner 防 eval/s1", id="learner 防 阝 in two strokes (Chinese convention), held-out writing"),
    ],
)
def test_reference_variants_are_accepted_through_the_variant_table(sample_id):
    """Decided: a recognised variant is accepted (docs/grading.md). The variant table
    (writing/data/ja_variant_orders.json) is what accepts it: against the reference alone it is
    still the order or merged mistake it is."""
    s = sample(sample_id)
    assert s.variant
    data = lookup(s.char, s.script)
    assert data.variants
    for mode in eval_real.MODES:
        answer = eval_real.grade(s, mode)
        assert answer["ok"] and answer["rating"] >= 3, (mode, answer)
    assert not grade_free(data.strokes, s.strokes).ok
    strict = CharacterQuiz(data.strokes)
    for stroke in s.strokes:
        if not strict.done:
            strict.submit(stroke)
    assert strict.mistakes and strict.mistakes[0].kind in ("order", "merged")


# Hanzi Writer's own single-stroke matcher tests (hanzi-writer-strokes.jsonl): real strokes and the
# reference stroke each must, or must not, be taken for. Ours is more lenient on shape than Hanzi
# Writer in these four (natural writing needs it; docs/grading.md): strict xfail, so a fix shows.
HANZI_WRITER_DISAGREES = {
    "人 does not match using real data 4: not stroke 0": "first stroke far right of the grid: believable for some writer scale",
    "小 matches using real data 8: not stroke 0": "a short diagonal taken for the vertical hook: a first stroke is judged as drawn (31° off) and at the smallest writer scale",
    "那 matches using real data 24: not stroke 4": "阝's ㇋ without its second bend: it keeps 0.47-0.60 of the ㇋'s turning, as much as real correct を keeps of its loop (corner_loss)",
    "那 matches using real data 26: not stroke 4": "阝's ㇋ as one curve: the same",
}


def _stroke_cases():
    cases = eval_real.load_stroke_cases()
    return [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=HANZI_WRITER_DISAGREES[c.id])]
                         if c.id in HANZI_WRITER_DISAGREES else []) for c in cases] or [
        pytest.param(None, id="absent", marks=pytest.mark.skip(reason=f"{eval_real.STROKE_CASES} not found"))]


@pytest.mark.parametrize("case", _stroke_cases())
def test_hanzi_writer_stroke_matcher_cases(case):
    verdict = eval_real.judge_stroke(case)
    assert eval_real.stroke_case_agrees(case, verdict), (verdict.accepted, verdict.ref, verdict.reason)
