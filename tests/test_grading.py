"""The stroke grader on real reference data: correct writing passes at any size and place, each
kind of mistake is caught and pinned on the stroke that was wrong, bad input gets a verdict."""

from __future__ import annotations

import math

import numpy as np
import pytest

from make_grader_vectors import reproportioned_tick  # tools/, on the path from conftest.py
from writing.grading import MISTAKE_KINDS, REASONS, CharacterQuiz, grade_free, guided_verdict
from writing.grading.geometry import MAX_RAW_POINTS, clean_stroke, loop_aligned, polyline_length, reference_for, variant_strokes
from writing.strokes import lookup


def ref_of(char: str, script: str):
    data = lookup(char, script)
    assert data.ok, data
    return [list(s) for s in data.strokes]


def placed(strokes, scale=1.0, dx=0.0, dy=0.0, angle_deg=0.0):
    """Strokes as a writer places them: scaled about the box centre, rotated, shifted."""
    c, s = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))
    out = []
    for stroke in strokes:
        pts = []
        for x, y in stroke:
            u, v = (x - 0.5) * scale, (y - 0.5) * scale
            pts.append((0.5 + c * u - s * v + dx, 0.5 + s * u + c * v + dy))
        out.append(pts)
    return out


def wobbly(strokes, seed=0, amount=0.008):
    """Deterministic hand-like wobble: densified, each point nudged by a slow wave."""
    rng = np.random.default_rng(seed)
    out = []
    for stroke in strokes:
        pts = np.asarray(stroke, dtype=float)
        dense = np.concatenate([np.linspace(a, b, 6, endpoint=False) for a, b in zip(pts[:-1], pts[1:])] + [pts[-1:]])
        t = np.linspace(0, 2 * math.pi, len(dense))
        dense = dense + amount * np.column_stack((np.sin(t + rng.uniform(0, 6)), np.cos(1.5 * t + rng.uniform(0, 6))))
        out.append(dense.tolist())
    return out


def guided_run(ref, strokes, component_starts=()):
    quiz = CharacterQuiz(ref, component_starts=component_starts)
    verdicts = [quiz.submit(s) for s in strokes]
    return quiz, verdicts


def assert_matches(ref, strokes, component_starts=()):
    quiz, verdicts = guided_run(ref, strokes, component_starts)
    rejected = [(i, v.reason, v.message) for i, v in enumerate(verdicts) if not v.accepted]
    assert not rejected and quiz.done, f"guided rejected {rejected}"
    free = grade_free(ref, strokes, component_starts=component_starts)
    assert free.ok, f"free found {free.mistakes}"
    assert free.matches == list(range(len(ref)))


def assert_rejects(ref, strokes, *, guided: tuple[str, int] | None, free: tuple[str, int | None, int | None],
                   component_starts=()):
    """guided: (reason, drawn index) of the first rejection; free: (kind, drawn, ref) of the first
    mistake reported."""
    if guided is not None:
        quiz, verdicts = guided_run(ref, strokes, component_starts)
        first = next((i for i, v in enumerate(verdicts) if not v.accepted), None)
        assert first is not None, "guided accepted every stroke"
        assert (verdicts[first].reason, first) == guided, verdicts[first]
        assert verdicts[first].reason in REASONS
        assert quiz.mistakes[0].drawn == first
    result = grade_free(ref, strokes, component_starts=component_starts)
    assert not result.ok
    first = result.mistakes[0]
    assert first.kind in MISTAKE_KINDS
    assert (first.kind, first.drawn, first.ref) == free, result.mistakes


# ------------------------------------------------------------------ correct writing passes

CHARACTERS = [
    pytest.param("語", "ja", id="kanjivg-go"),
    pytest.param("書", "ja", id="kanjivg-sho"),
    pytest.param("三", "ja", id="kanjivg-san-parallel"),
    pytest.param("目", "ja", id="kanjivg-me-parallel"),
    pytest.param("月", "ja", id="kanjivg-tsuki-parallel"),
    pytest.param("是", "ja", id="kanjivg-ze-parallel"),
    pytest.param("九", "ja", id="kanjivg-kyuu"),
    pytest.param("あ", "ja", id="kanjivg-hiragana-a"),
    pytest.param("ン", "ja", id="kanjivg-katakana-n"),
    pytest.param("一", "ja", id="kanjivg-ichi-one-stroke"),
    pytest.param("襲", "ja", id="kanjivg-shuu-22-strokes"),
    pytest.param("我", "zh-Hans", id="mmah-wo"),
    pytest.param("爱", "zh-Hans", id="mmah-ai-simplified"),
    pytest.param("愛", "zh-Hant", id="mmah-ai-traditional"),
    pytest.param("田", "zh-Hans", id="mmah-tian"),
    pytest.param("力", "zh-Hans", id="mmah-li"),
]

PLACEMENTS = [
    pytest.param(1.0, 0.0, 0.0, 0.0, id="over-the-grid"),
    pytest.param(0.6, -0.18, -0.17, 0.0, id="small-top-left"),
    pytest.param(0.6, 0.19, 0.2, 0.0, id="small-bottom-right"),
    pytest.param(1.25, 0.0, 0.03, 0.0, id="overfilling"),
    pytest.param(0.85, 0.05, -0.04, 5.0, id="rotated-5deg"),
]


@pytest.mark.parametrize("char,script", CHARACTERS)
@pytest.mark.parametrize("scale,dx,dy,angle", PLACEMENTS)
def test_reference_strokes_pass_at_any_size_and_place(char, script, scale, dx, dy, angle):
    ref = ref_of(char, script)
    assert_matches(ref, placed(ref, scale, dx, dy, angle))


@pytest.mark.parametrize("char,script", CHARACTERS)
def test_wobbly_correct_writing_passes(char, script):
    ref = ref_of(char, script)
    assert_matches(ref, wobbly(placed(ref, 0.8, 0.04, 0.02, -3.0), seed=len(ref)))


# ------------------------------------------------------------------ each mistake is caught


def swapped(strokes, i, j):
    out = list(strokes)
    out[i], out[j] = out[j], out[i]
    return out


def merged(strokes, i):
    return strokes[:i] + [list(strokes[i]) + list(strokes[i + 1])] + strokes[i + 2 :]


def moved(strokes, i, dx, dy):
    return strokes[:i] + [[(x + dx, y + dy) for x, y in strokes[i]]] + strokes[i + 1 :]


@pytest.mark.parametrize(
    "char,script,i,j",
    [
        pytest.param("口", "ja", 1, 2, id="kou-box-before-bottom"),
        pytest.param("田", "zh-Hans", 2, 3, id="tian-inner-cross"),
        pytest.param("日", "ja", 2, 3, id="nichi-parallel-inner-and-bottom"),
        pytest.param("月", "ja", 2, 3, id="tsuki-short-parallel-inner"),
        pytest.param("是", "zh-Hans", 2, 3, id="shi-short-parallel-inner"),
        pytest.param("三", "ja", 1, 2, id="san-middle-and-bottom"),
        pytest.param("九", "ja", 0, 1, id="kyuu-hook-written-first"),
        pytest.param("力", "zh-Hans", 0, 1, id="li-sweep-written-first"),
    ],
)
def test_order_swaps_are_caught_on_the_first_swapped_stroke(char, script, i, j):
    ref = ref_of(char, script)
    assert_rejects(ref, placed(swapped(ref, i, j), 0.9), guided=("order", i), free=("order", i, j))


@pytest.mark.parametrize(
    "char,script,i",
    [
        pytest.param("一", "ja", 0, id="ichi-right-to-left"),
        pytest.param("九", "zh-Hans", 0, id="kyuu-sweep-upwards"),
        pytest.param("語", "ja", 9, id="go-inner-vertical-upwards"),
        pytest.param("あ", "ja", 1, id="hiragana-a-second-stroke-upwards"),
    ],
)
def test_reversed_strokes_are_caught(char, script, i):
    ref = ref_of(char, script)
    drawn = [s[::-1] if k == i else s for k, s in enumerate(ref)]
    assert_rejects(ref, placed(drawn, 0.95), guided=("reversed", i), free=("reversed", i, i))


@pytest.mark.parametrize(
    "char,script,i",
    [
        pytest.param("口", "ja", 1, id="kou-right-side-and-bottom"),
        pytest.param("田", "ja", 1, id="ta-frame-and-inner-vertical"),
        pytest.param("日", "zh-Hans", 2, id="ri-middle-and-bottom-zigzag"),
    ],
)
def test_merged_strokes_are_caught(char, script, i):
    ref = ref_of(char, script)
    assert_rejects(ref, placed(merged(ref, i), 0.9), guided=("merged", i), free=("merged", i, i))


@pytest.mark.parametrize(
    "char,script,i",
    [
        pytest.param("三", "ja", 0, id="san-three-lines-in-one-go"),
        pytest.param("言", "ja", 1, id="gen-three-short-lines-in-one-go"),
        pytest.param("川", "ja", 0, id="kawa-three-verticals-in-one-go"),
        pytest.param("子", "ja", 0, id="ko-cursive-in-one-go"),
        pytest.param("幺", "ja", 0, id="you-cursive-in-one-go"),
    ],
)
def test_three_strokes_drawn_as_one_are_one_merged_mistake(char, script, i):
    """Three consecutive strokes written without lifting the pen: one `merged` mistake on the
    stroke, nothing missing (it used to be `shape`, or `extra` with the strokes `missing`)."""
    ref = ref_of(char, script)
    drawn = placed(ref[:i] + [[p for stroke in ref[i : i + 3] for p in stroke]] + ref[i + 3 :], 0.9)
    assert_rejects(ref, drawn, guided=("merged", i), free=("merged", i, i))
    assert [(m.kind, m.drawn, m.ref) for m in grade_free(ref, drawn).mistakes] == [("merged", i, i)]


def path_start(stroke, fraction):
    """The first `fraction` of a stroke's path."""
    points = np.asarray(stroke, dtype=float)
    along = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(points, axis=0).T))])
    return points[along <= fraction * along[-1]].tolist()


@pytest.mark.parametrize(
    "char,script,i,fraction",
    [
        pytest.param("数", "ja", 10, 0.5, id="kazu-short-no-of-攵-half-drawn-into-its-horizontal"),
        pytest.param("数", "ja", 10, 0.85, id="kazu-short-no-of-攵-nearly-whole-into-its-horizontal"),
        pytest.param("数", "ja", 10, 0.7, id="kazu-short-no-of-攵-two-thirds-into-its-horizontal"),
    ],
)
def test_a_short_stroke_run_into_the_next_is_merged_even_where_the_next_alone_fits(char, script, i, fraction):
    """Free mode: a stroke drawn short and carried on into the next stroke also passes as the next
    stroke alone. The joined line's shape fits better, and the short stroke is otherwise missing,
    so it is one `merged` mistake, not a `missing` one (kanji-test 確's tick and ㇖ in one stroke)."""
    ref = ref_of(char, script)
    drawn = placed(ref[:i] + [path_start(ref[i], fraction) + ref[i + 1]] + ref[i + 2 :], 0.9)
    assert [(m.kind, m.drawn, m.ref) for m in grade_free(ref, drawn).mistakes] == [("merged", i, i)]


@pytest.mark.parametrize(
    "char,script,i",
    [
        pytest.param("田", "zh-Hans", 2, id="tian-inner-vertical"),
        pytest.param("月", "ja", 2, id="tsuki-first-inner-line"),
        pytest.param("語", "ja", 0, id="go-first-dot"),
    ],
)
def test_missing_strokes_are_caught(char, script, i):
    ref = ref_of(char, script)
    drawn = placed([s for k, s in enumerate(ref) if k != i], 0.9)
    quiz, verdicts = guided_run(ref, drawn)
    first = next(k for k, v in enumerate(verdicts) if not v.accepted)
    assert first == i and verdicts[first].reason == "order" and verdicts[first].ref == i + 1
    result = grade_free(ref, drawn)
    assert [(m.kind, m.drawn, m.ref) for m in result.mistakes] == [("missing", None, i)]


def test_a_missing_last_stroke_leaves_the_quiz_waiting_for_it():
    ref = ref_of("口", "zh-Hans")
    quiz, verdicts = guided_run(ref, ref[:2])
    assert all(v.accepted for v in verdicts) and not quiz.done and quiz.expected == 2


@pytest.mark.parametrize(
    "char,script,at,extra",
    [
        pytest.param("口", "ja", 3, [(0.3, 0.4), (0.6, 0.65)], id="kou-diagonal-inside-after"),
        pytest.param("日", "ja", 1, [(0.7, 0.1), (0.75, 0.05)], id="nichi-tick-above"),
    ],
)
def test_extra_strokes_are_caught(char, script, at, extra):
    ref = ref_of(char, script)
    drawn = ref[:at] + [extra] + ref[at:]
    result = grade_free(ref, drawn)
    assert [(m.kind, m.drawn, m.ref) for m in result.mistakes] == [("extra", at, None)]
    if at < len(ref):
        quiz, verdicts = guided_run(ref, drawn)
        assert not verdicts[at].accepted and all(v.accepted for k, v in enumerate(verdicts) if k != at)


@pytest.mark.parametrize(
    "char,script,i,dx,dy",
    [
        # Pushed down it lands on 口's bottom line, where guided mode reads it as that stroke (order).
        pytest.param("語", "ja", 5, 0.0, -0.25, id="go-言-口-corner-pushed-up"),
        pytest.param("是", "zh-Hans", 4, -0.22, 0.0, id="shi-long-horizontal-pushed-left"),
        pytest.param("我", "zh-Hans", 6, 0.0, -0.25, id="wo-last-dot-too-high"),
    ],
)
def test_misplaced_strokes_are_caught(char, script, i, dx, dy):
    ref = ref_of(char, script)
    assert_rejects(ref, placed(moved(ref, i, dx, dy), 0.9), guided=("position", i), free=("position", i, i))


def test_misplaced_stroke_in_a_small_off_centre_character_is_still_caught():
    ref = ref_of("語", "ja")
    drawn = placed(moved(ref, 12, 0.25, 0.0), 0.6, -0.18, 0.15)
    assert_rejects(ref, drawn, guided=("position", 12), free=("position", 12, 12))


def test_a_stroke_of_another_character_is_caught():
    ref = ref_of("語", "ja")
    foreign = ref_of("九", "ja")[1]
    drawn = ref[:4] + [foreign] + ref[5:]
    quiz, verdicts = guided_run(ref, drawn)
    assert not verdicts[4].accepted and all(v.accepted for v in verdicts[:4])
    result = grade_free(ref, drawn)
    assert result.mistakes[0].drawn == 4


# ------------------------------------------------------------------ the guided quiz state


# ------------------------------------------------------------------ one decision for both modes


def shortened(strokes, i, keep=0.3):
    stroke = np.asarray(strokes[i], dtype=float)
    end = stroke[0] + keep * (stroke[-1] - stroke[0])
    return strokes[:i] + [[tuple(stroke[0]), tuple(end)]] + strokes[i + 1 :]


def reversed_stroke(strokes, i):
    return strokes[:i] + [strokes[i][::-1]] + strokes[i + 1 :]


def turned(strokes, i):
    """Stroke i turned 90 degrees about its centre: right place and length, wrong shape."""
    stroke = np.asarray(strokes[i], dtype=float)
    centre = stroke.mean(axis=0)
    u = stroke - centre
    return strokes[:i] + [(centre + np.column_stack((-u[:, 1], u[:, 0]))).tolist()] + strokes[i + 1 :]


@pytest.mark.parametrize(
    "char,i,change,kind",
    [
        pytest.param("語", 5, lambda s, i: merged(s, i), "merged", id="go-two-strokes-as-one"),
        pytest.param("口", 1, lambda s, i: merged(s, i), "merged", id="kou-two-strokes-as-one"),
        pytest.param("語", 7, shortened, "too_short", id="go-too-short"),
        pytest.param("書", 3, reversed_stroke, "reversed", id="sho-reversed"),
        pytest.param("語", 13, lambda s, i: moved(s, i, 0.0, -0.25), "position", id="go-last-stroke-moved"),
        pytest.param("三", 2, turned, "shape", id="san-bottom-line-turned-upright"),
    ],
)
def test_guided_and_free_give_the_same_verdict_on_the_same_stroke(char, i, change, kind):
    """Strokes before i drawn as the reference (so both modes place the drawing alike), stroke i
    changed: guided mode's rejection of stroke i and free mode's mistake on drawn stroke i agree."""
    ref = ref_of(char, "ja")
    drawn = change(ref, i)
    quiz = CharacterQuiz(ref)
    verdicts = [quiz.submit(s) for s in drawn[: i + 1]]
    assert all(v.accepted for v in verdicts[:i]), verdicts
    free = grade_free(ref, drawn)
    free_kinds = [m.kind for m in free.mistakes if m.drawn == i]
    assert (verdicts[i].reason, free_kinds) == (kind, [kind]), (verdicts[i], free.mistakes)


def test_quiz_counts_misses_and_hint_becomes_due():
    ref = ref_of("三", "ja")
    quiz = CharacterQuiz(ref, hint_after_misses=2)
    assert quiz.submit(ref[0]).accepted
    wrong = [(0.5, 0.1), (0.5, 0.9)]  # a vertical where a horizontal is due
    for _ in range(2):
        verdict = quiz.submit(wrong)
        assert not verdict.accepted and verdict.expected == 1
    assert quiz.hint_due and quiz.expected == 1
    assert [(m.drawn, m.expected) for m in quiz.mistakes] == [(1, 1), (2, 1)]
    assert quiz.hint() == 1 and quiz.stroke_hints == 1
    quiz.component_hint()
    assert quiz.component_hints == 1
    assert quiz.submit(ref[1]).accepted and not quiz.hint_due


def test_reveal_goes_through_tracing_and_rewriting_before_done():
    ref = ref_of("十", "ja")
    quiz = CharacterQuiz(ref)
    quiz.submit(ref[0])
    quiz.reveal()
    assert quiz.phase == "tracing" and quiz.expected == 0 and quiz.reveals == 1
    for s in ref:
        assert quiz.submit(s).accepted
    assert quiz.phase == "rewrite" and not quiz.done and quiz.accepted == []
    for s in ref:
        assert quiz.submit(s).accepted
    assert quiz.done and quiz.phase == "done" and quiz.expected is None


def test_undo_and_clear_restart_strokes_but_keep_the_misses():
    ref = ref_of("口", "ja")
    quiz = CharacterQuiz(ref)
    quiz.submit(ref[0])
    quiz.submit(ref[2])  # out of order: a miss
    quiz.submit(ref[1])
    quiz.undo()
    assert quiz.expected == 1 and len(quiz.accepted) == 1
    quiz.clear()
    assert quiz.expected == 0 and quiz.accepted == [] and len(quiz.mistakes) == 1
    for s in ref:
        assert quiz.submit(s).accepted
    assert quiz.done
    quiz.undo()
    assert not quiz.done and quiz.expected == 2


def test_after_done_strokes_are_ignored_not_counted():
    ref = ref_of("一", "ja")
    quiz = CharacterQuiz(ref)
    quiz.submit(ref[0])
    verdict = quiz.submit(ref[0])
    assert not verdict.accepted and quiz.mistakes == [] and quiz.hint() == -1


def test_guided_verdict_function_matches_the_quiz():
    ref = ref_of("語", "ja")
    accepted = [(k, ref[k]) for k in range(3)]
    assert guided_verdict(ref, accepted, ref[3]).accepted
    verdict = guided_verdict(ref, accepted, ref[5])
    assert (verdict.accepted, verdict.reason, verdict.ref, verdict.expected) == (False, "order", 5, 3)
    assert verdict.message == "that is stroke 6"


def test_leniency_widens_every_tolerance():
    ref = ref_of("語", "ja")
    drawn = placed(moved(ref, 5, 0.0, 0.12), 0.9)
    strict = grade_free(ref, drawn, leniency=0.5)
    lenient = grade_free(ref, drawn, leniency=3.0)
    assert not strict.ok and lenient.ok


# ------------------------------------------------------------------ bad input gets a verdict

BAD_STROKES = [
    pytest.param([], id="empty-stroke"),
    pytest.param([(0.3, 0.3)], id="one-point"),
    pytest.param([(0.3, 0.3)] * 50, id="duplicate-points"),
    pytest.param([(math.nan, 0.2), (math.inf, 0.3), (0.2, -math.inf)], id="nan-and-inf"),
    pytest.param([(1e300, 1e300), (-1e300, 5.0)], id="absurd-coordinates"),
    pytest.param([("a", None), {"x": 1}, 7], id="not-points"),
    pytest.param(None, id="none"),
    pytest.param("stroke", id="a-string"),
]


@pytest.mark.parametrize("stroke", BAD_STROKES)
def test_bad_strokes_are_rejected_with_a_reason(stroke):
    ref = ref_of("語", "ja")
    quiz = CharacterQuiz(ref)
    verdict = quiz.submit(stroke)
    assert not verdict.accepted and verdict.reason in REASONS and verdict.message
    result = grade_free(ref, [stroke])
    assert not result.ok


def test_no_strokes_in_free_mode_means_everything_missing():
    ref = ref_of("口", "ja")
    result = grade_free(ref, [])
    assert [(m.kind, m.ref) for m in result.mistakes] == [("missing", 0), ("missing", 1), ("missing", 2)]


def test_a_hundred_thousand_points_are_thinned_and_still_graded():
    ref = ref_of("一", "ja")
    (x0, y0), (x1, y1) = ref[0][0], ref[0][-1]
    huge = [(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t) for t in np.linspace(0, 1, 100_000)]
    assert len(clean_stroke(huge)) <= MAX_RAW_POINTS
    assert CharacterQuiz(ref).submit(huge).accepted
    assert grade_free(ref, [huge]).ok


def test_no_reference_strokes_never_raises():
    quiz = CharacterQuiz([])
    assert quiz.done
    assert not quiz.submit([(0, 0), (1, 1)]).accepted
    assert [(m.kind, m.drawn) for m in grade_free([], [[(0, 0), (1, 1)]]).mistakes] == [("extra", 0)]


def test_every_threshold_says_its_lenient_direction_and_leniency_moves_it_that_way():
    from writing.grading.thresholds import table, thresholds

    strict, lenient = thresholds(0.5), thresholds(2.0)
    for name, entry in table().items():
        low, high = getattr(strict, name), getattr(lenient, name)
        expected = {"bigger": high > low, "smaller": high < low, "none": high == low}[entry["lenient"]]
        assert expected, (name, entry["lenient"], low, high)


@pytest.mark.parametrize(
    "char,first_drawn",
    [
        pytest.param("三", 1, id="san-middle-line-first"),
        pytest.param("三", 2, id="san-bottom-line-first"),
        pytest.param("い", 1, id="i-right-stroke-first"),
    ],
)
def test_a_first_stroke_swapped_with_a_look_alike_is_flagged_at_once(char, first_drawn):
    """Guided mode used to accept it (nothing placed yet) and object only at the next stroke."""
    ref = ref_of(char, "ja")
    verdict = CharacterQuiz(ref).submit(placed([ref[first_drawn]], 0.95)[0])
    assert (verdict.accepted, verdict.reason, verdict.ref) == (False, "order", first_drawn)


@pytest.mark.parametrize(
    "char",
    [
        pytest.param("ぢ", id="ji-ticks-0.080-apart"),
        pytest.param("ぼ", id="bo-ticks-0.081-apart"),
        pytest.param("ガ", id="ga-ticks-0.079-apart-already-twins"),
    ],
)
def test_a_dakuten_tick_written_where_its_twin_belongs_passes(char):
    """The two ticks of a dakuten lie under order_separation apart, so where a writer puts them
    cannot tell them apart: the first tick drawn on the second's place used to be `order` in guided
    mode (free mode's assignment passed it)."""
    ref = ref_of(char, "ja")
    first_tick = np.asarray(ref[-2], dtype=float)
    towards_twin = (np.mean(ref[-1], axis=0) - first_tick.mean(axis=0)) * 0.9
    strokes = [list(s) for s in ref[:-2]] + [(first_tick + towards_twin).tolist(), list(ref[-1])]
    assert_matches(ref, wobbly(placed(strokes, 0.92)))


def test_free_standing_dots_are_the_dots_that_touch_nothing():
    from writing.grading.matching import free_standing_dots
    from writing.grading.thresholds import thresholds

    # 心's first "dot" is a 0.22 em stroke, longer than dot_length; the hook touches nothing but is long.
    assert free_standing_dots(reference_for(ref_of("心", "ja")), thresholds(1.0)).tolist() == [False, False, True, True]
    # 吗's small 口 has a bottom line as short as a dot, but it touches the sides.
    assert not free_standing_dots(reference_for(ref_of("吗", "zh-Hans")), thresholds(1.0))[2]


@pytest.mark.parametrize(
    "dx,dy,passes",
    [
        pytest.param(0.14, 0.0, True, id="middle-dot-0.14em-right-passes"),
        pytest.param(0.0, -0.14, True, id="middle-dot-0.14em-up-passes"),
        pytest.param(0.0, 0.26, False, id="middle-dot-0.26em-down-caught"),
    ],
)
def test_a_free_standing_dot_is_placed_more_loosely_than_a_line(dx, dy, passes):
    """Nothing pins a dot that touches no stroke (心, 氵, a dakuten), and writers place them
    loosely (real learner 忘 and 想): its position tolerance is dot_position times wider."""
    ref = ref_of("心", "ja")
    strokes = [list(s) for s in ref]
    strokes[2] = [(x + dx, y + dy) for x, y in ref[2]]
    strokes = placed(strokes, 0.9)
    if passes:
        assert_matches(ref, strokes)
    else:
        assert_rejects(ref, strokes, guided=("position", 2), free=("position", 2, 2))


def test_component_starts_come_from_the_component_data():
    from writing.components import component_starts

    assert lookup("語", "ja").component_starts == (7, 11)  # 五 and 口 after 言
    assert lookup("语", "zh-Hans").component_starts == (2, 6)  # 五 and 口 after 讠
    assert lookup("心", "ja").component_starts == ()  # one component
    assert lookup("あ", "ja").component_starts == ()  # no component data
    # a dakuten or handakuten is a component of its own after the plain kana
    assert [lookup(k, "ja").component_starts for k in "でボパ"] == [(1,), (4,), (2,)]
    assert component_starts("語", "ja", 10) == ()  # data that does not fit the strokes is not used
    assert reference_for(ref_of("語", "ja"), (7, 11, 0, 99)).component_starts.nonzero()[0].tolist() == [7, 11]


def test_a_variant_numbers_component_starts_by_its_groups():
    from writing.grading.geometry import variant_component_starts

    # 防 with 阝 in two strokes: 方 starts at reference stroke 3, the variant's third stroke
    assert variant_component_starts(((0, 1), (2,), (3,), (4,), (5,), (6,)), (3,)) == (2,)


@pytest.mark.parametrize(
    "stroke,distance,starts,passes",
    [
        pytest.param(7, 0.18, (7, 11), True, id="五-first-stroke-0.18em-passes"),
        pytest.param(7, 0.18, (), False, id="same-stroke-without-component-data-caught"),
        pytest.param(8, 0.18, (7, 11), False, id="五-second-stroke-0.18em-caught"),
        pytest.param(7, 0.28, (7, 11), False, id="五-first-stroke-0.28em-caught"),
    ],
)
def test_a_components_first_stroke_is_placed_more_loosely(stroke, distance, starts, passes):
    """Writers proportion and place components their own way (real learner 初's 刀, 駅's 尺), but
    inside a component a stroke follows the ones before it: only the first stroke of each
    component after the first gets component_position's wider tolerance."""
    ref = ref_of("語", "ja")
    strokes = [list(s) for s in ref]
    strokes[stroke] = [(x + distance, y) for x, y in ref[stroke]]
    strokes = placed(strokes, 0.9)
    if passes:
        assert_matches(ref, strokes, starts)
    else:
        assert_rejects(ref, strokes, guided=("position", stroke), free=("position", stroke, stroke), component_starts=starts)


@pytest.mark.parametrize(
    "moved_strokes,dy,passes",
    [
        pytest.param((0, 1, 2), 0.2, True, id="温-氵-shifted-down-0.2em-as-a-whole-passes"),
        pytest.param((1,), 0.2, False, id="温-氵-middle-dot-moved-alone-caught"),
        pytest.param((1, 2), 0.2, False, id="温-氵-two-of-three-strokes-moved-caught"),
        pytest.param((0, 1, 2), 0.32, False, id="温-氵-shifted-down-0.32em-caught"),
    ],
)
def test_free_mode_places_a_component_shifted_as_a_whole_relative_to_itself(moved_strokes, dy, passes):
    """The whole character's fit follows its bigger components, so a small one written lower as a
    whole (real learner 温 and 泣: 氵 0.16-0.17 em low) had every stroke out of place in free mode,
    where guided mode, judging each stroke against the strokes before it, passes it. Its strokes
    are placed relative to the component when they agree with one another (component_rigid) and
    the shift is within component_shift; a stroke moved on its own is still caught."""
    ref = ref_of("温", "ja")
    starts = lookup("温", "ja").component_starts
    assert starts[0] == 3
    strokes = [[(x, y + dy) for x, y in s] if i in moved_strokes else list(s) for i, s in enumerate(ref)]
    result = grade_free(ref, placed(strokes, 0.9), component_starts=starts)
    if passes:
        assert result.ok, result.mistakes
    else:
        assert not result.ok and {m.kind for m in result.mistakes} == {"position"}, result.mistakes
        assert {m.drawn for m in result.mistakes} <= set(moved_strokes), result.mistakes



def about_centre(stroke, factor=1.0, dx=0.0, dy=0.0, degrees=0.0):
    """The stroke turned and scaled about its own centre, then shifted."""
    points = np.asarray(stroke, dtype=float)
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    centre = points.mean(axis=0)
    return ((points - centre) @ np.array([[c, s], [-s, c]]) * factor + centre + (dx, dy)).tolist()


def test_free_mode_judges_a_stroke_against_the_others_with_its_contacts_as_the_reading_does():
    """Free mode also judges each stroke against a fit of the others to find a misplaced stroke the
    whole character's fit hides. That check ignored contacts, which the reading itself and guided
    mode honour, so a correct stroke crossing its neighbours where it should became a suspect, and
    the reading refitted without it hid the moved one: the simulated 子 (seed 3) with its
    horizontal moved 0.2 em down-left passed."""
    import eval_set

    case = next(c for c in eval_set.generate(eval_set.SEED, None) if c.id == "zh-Hans-子-misplaced-grid0")
    result = grade_free(ref_of("子", "zh-Hans"), case.strokes)
    assert [(m.kind, m.drawn) for m in result.mistakes] == [("position", case.wrong_drawn)]


@pytest.mark.parametrize(
    "char,dx,dy,passes",
    [
        pytest.param("ぴ", -0.18, 0.0, True, id="ぴ-ring-0.18em-left-passes"),
        pytest.param("ぴ", 0.0, 0.18, True, id="ぴ-ring-0.18em-down-passes"),
        pytest.param("パ", -0.16, 0.0, True, id="パ-ring-0.16em-left-passes"),
        pytest.param("ぴ", 0.24, 0.0, False, id="ぴ-ring-0.24em-right-caught"),
        pytest.param("パ", 0.0, 0.2, False, id="パ-ring-0.2em-down-caught"),
    ],
)
def test_a_handakuten_ring_is_placed_as_loosely_as_a_dakuten(char, dx, dy, passes):
    """The handakuten's ring touches nothing, like a dakuten's ticks, and writers place it as
    loosely; by its length (0.4 em) it was judged as a line. A ring no wider or taller than a dot is
    long is now a free-standing mark (the real kana ぴ, its ring low and in, failed; the passing
    cases here failed in both modes)."""
    from writing.grading.matching import free_standing_marks
    from writing.grading.thresholds import thresholds

    ref = ref_of(char, "ja")
    assert free_standing_marks(reference_for(ref), thresholds(1.0)).tolist() == [False] * (len(ref) - 1) + [True]
    strokes = [list(s) for s in ref]
    strokes[-1] = about_centre(ref[-1], dx=dx, dy=dy)
    quiz, verdicts = guided_run(ref, strokes)
    result = grade_free(ref, strokes)
    if passes:
        assert all(v.accepted for v in verdicts) and result.ok, ([v.reason for v in verdicts], result.mistakes)
    else:
        assert verdicts[-1].reason == "position", verdicts[-1]
        assert not result.ok and {m.kind for m in result.mistakes} == {"position"}, result.mistakes


@pytest.mark.parametrize(
    "stroke,factor,passes",
    [
        pytest.param(3, 0.35, True, id="き-last-stroke-touching-nothing-at-35%-passes"),
        pytest.param(1, 0.35, False, id="き-second-line-crossing-the-vertical-at-35%-caught"),
        pytest.param(3, 0.2, False, id="き-last-stroke-touching-nothing-at-20%-caught"),
    ],
)
def test_a_line_that_touches_nothing_may_be_drawn_shorter(stroke, factor, passes):
    """Nothing holds the ends of a line that touches no other stroke, and writers vary its length
    more (the test-set writer's き and さ end in a short tick). Its length tolerance is free_length
    times wider; a line of the same length that crosses others keeps the plain one."""
    ref = ref_of("き", "ja")
    assert reference_for(ref).touches_other.tolist() == [True, True, True, False]
    strokes = [list(s) for s in ref]
    strokes[stroke] = about_centre(ref[stroke], factor)
    quiz, verdicts = guided_run(ref, strokes)
    result = grade_free(ref, strokes)
    if passes:
        assert all(v.accepted for v in verdicts) and result.ok, ([v.reason for v in verdicts], result.mistakes)
    else:
        assert not verdicts[stroke].accepted and not result.ok, ([v.reason for v in verdicts], result.mistakes)
        assert {m.drawn for m in result.mistakes if m.drawn is not None} == {stroke}, result.mistakes


@pytest.mark.parametrize(
    "char,resized,factor,moved,dx,dy,passes",
    [
        pytest.param("二", 0, 0.6, 1, 0.0, 0.1, True, id="二-top-line-short-bottom-line-0.1em-low-passes"),
        pytest.param("こ", 0, 1.5, 1, 0.0, 0.2, True, id="こ-top-line-long-bottom-line-0.2em-low-passes"),
        pytest.param("い", 1, 0.6, 0, -0.15, 0.0, True, id="い-right-stroke-short-left-stroke-0.15em-out-passes"),
        pytest.param("二", 0, 0.6, 1, 0.0, 0.2, False, id="二-top-line-short-bottom-line-0.2em-low-caught"),
        pytest.param("い", 0, 1.0, 1, 0.2, 0.0, False, id="い-right-stroke-0.2em-out-caught"),
        pytest.param("こ", 0, 1.0, 1, 0.2, 0.0, False, id="こ-bottom-line-0.2em-right-caught"),
    ],
)
def test_free_mode_places_a_stroke_against_one_other_at_the_scale_of_all_the_ink(char, resized, factor, moved, dx, dy,
                                                                                  passes):
    """Free mode judges each stroke against a fit of the others; when that is one stroke, its
    length alone set the writer's scale, so how long the writer drew it decided where the other
    belongs (real kana こ and hiragana-test い failed; guided mode passed them; the passing cases
    here failed too). The scale now comes from all the ink, which a moved stroke cannot stretch
    the way it stretches the whole character's fit: a stroke moved farther is still caught, and
    two that the old one-stroke scale let through (い's right stroke and こ's bottom line moved
    0.2 em) are caught now."""
    ref = ref_of(char, "ja")
    strokes = [list(s) for s in ref]
    strokes[resized] = about_centre(ref[resized], factor)
    strokes[moved] = about_centre(ref[moved], dx=dx, dy=dy)
    result = grade_free(ref, strokes)
    if passes:
        assert result.ok, result.mistakes
    else:
        assert not result.ok and {m.kind for m in result.mistakes} == {"position"}, result.mistakes


@pytest.mark.parametrize(
    "char,dot,degrees,passes",
    [
        pytest.param("心", 2, 75, True, id="心-middle-dot-pointing-down-left-passes"),
        pytest.param("心", 2, -75, True, id="心-middle-dot-pointing-right-passes"),
        pytest.param("心", 2, 100, False, id="心-middle-dot-turned-past-a-right-angle-caught"),
        pytest.param("礼", 3, 75, False, id="礼-dot-touching-its-stroke-turned-as-far-caught"),
    ],
)
def test_a_free_standing_dot_may_point_more_loosely(char, dot, degrees, passes):
    """A dot that touches nothing (心, 氵, a dakuten) has nothing around it to show which way it
    points (real learner 忘 and 想: 心's middle dot written straight down): free_dot_angle, wider
    than the dot_angle of a dot written against another stroke."""
    ref = ref_of(char, "ja")
    strokes = [list(s) for s in ref]
    strokes[dot] = about_centre(ref[dot], degrees=degrees)
    if passes:
        assert_matches(ref, strokes)
    else:
        assert not guided_run(ref, strokes)[1][dot].accepted
        assert not grade_free(ref, strokes).ok


def drawn_longer(stroke, share):
    """The stroke carried on past its end, along its chord, by `share` of its length."""
    points = np.asarray(stroke, dtype=float)
    chord = (points[-1] - points[0]) / np.linalg.norm(points[-1] - points[0])
    return np.vstack((points, points[-1] + chord * share * polyline_length(points))).tolist()


def moved_along(stroke, share):
    """The stroke moved along its chord as far as drawn_longer moves its centre, its length kept."""
    points = np.asarray(stroke, dtype=float)
    chord = (points[-1] - points[0]) / np.linalg.norm(points[-1] - points[0])
    return (points + chord * share * polyline_length(points) / 2).tolist()


@pytest.mark.parametrize(
    "char,stroke,share,change,passes",
    [
        pytest.param("十", 1, 0.5, drawn_longer, True, id="十-vertical-half-as-long-again-passes"),
        pytest.param("ツ", 2, 0.6, drawn_longer, True, id="ツ-long-stroke-longer-passes"),
        pytest.param("十", 1, 0.5, moved_along, False, id="十-vertical-moved-as-far-without-being-longer-caught"),
    ],
)
def test_a_stroke_drawn_longer_is_not_taken_for_a_misplaced_one(char, stroke, share, change, passes):
    """Writers draw some strokes longer than the font (real り's right stroke): carried on past its
    end, a stroke's centre moves along it, which is no misplacement. length_slide of the length
    difference is taken out along the stroke; a stroke moved as far but no longer is still caught."""
    ref = ref_of(char, "ja")
    strokes = [list(s) for s in ref]
    strokes[stroke] = change(ref[stroke], share)
    strokes = placed(strokes, 0.9)
    if passes:
        assert_matches(ref, strokes)
    else:
        assert_rejects(ref, strokes, guided=("position", stroke), free=("position", stroke, stroke))


def rolled_backwards(stroke, start):
    """The stroke's points run the other way round, starting at point `start`."""
    back = list(stroke)[::-1]
    return back[start:] + back[:start]


@pytest.mark.parametrize("start", [0, 5, 9], ids=["from-its-end", "from-a-third-of-the-way", "from-half-way"])
@pytest.mark.parametrize(
    "char",
    [
        pytest.param("ぺ", id="pe-two-strokes"),  # the fit of the others is the circle alone
        pytest.param("ポ", id="po-katakana"),
        pytest.param("ぱ", id="pa-hiragana"),
    ],
)
def test_a_handakuten_drawn_the_other_way_round_passes(char, start):
    """Writers split on the circle (from the bottom clockwise, or from the top anticlockwise) and no
    standard settles it. It used to fail as `shape`, and in free mode a fit from the circle point
    by point came out near scale 0 and threw out the rest of the character."""
    ref = ref_of(char, "ja")
    circle = len(ref) - 1
    strokes = wobbly(placed(ref[:circle] + [rolled_backwards(ref[circle], start)], 0.9, 0.02, -0.01))
    assert_matches(ref, strokes)


def test_loop_aligned_restores_the_reference_start_and_direction():
    ref = ref_of("ぺ", "ja")
    reference = reference_for(ref)
    circle = reference.points[1]
    drawn = np.roll(circle[::-1], 7, axis=0)
    assert np.allclose(loop_aligned(drawn, reference.shapes[1]), circle, atol=1e-9)


# ------------------------------------------------------------------ other standard orders (variants)


@pytest.mark.parametrize(
    "char",
    [
        pytest.param("右", id="右 horizontal before ノ (Chinese order)"),
        pytest.param("必", id="必 the Chinese order of 必"),
        pytest.param("馬", id="馬 verticals before the horizontals (Chinese order)"),
        pytest.param("防", id="防 阝 in two strokes (Chinese convention)"),
        pytest.param("店", id="店 占 horizontal first (KanjiVG's HzFst form)"),
    ],
)
def test_a_variant_in_the_table_passes_both_modes_and_is_reported_in_reference_numbers(char):
    data = lookup(char, "ja")
    ref = ref_of(char, "ja")
    assert data.variants
    for groups in data.variants:  # 必 has two: Make Me a Hanzi's and KanjiVG's Ten3 form
        drawn = placed(wobbly(variant_strokes(ref, groups), seed=3), 0.8, 0.03, -0.02)
        # Without the table it is a mistake against the reference.
        assert not grade_free(ref, drawn).ok
        assert guided_run(ref, drawn)[0].mistakes

        free = grade_free(ref, drawn, variants=data.variants)
        assert free.ok and free.variant == groups
        assert free.matches == [group[0] for group in groups]
        quiz = CharacterQuiz(ref, variants=data.variants)
        for stroke in drawn:
            assert quiz.submit(stroke).accepted
        assert quiz.done and not quiz.mistakes and quiz.variant == groups
        assert [r for r, _ in quiz.accepted] == [group[0] for group in groups]
        assert quiz.covered == [j for group in groups for j in group]


def test_a_variant_is_followed_only_from_a_stroke_the_reference_rejects():
    """右 written the Japanese way never switches; a variant's stroke order mistake is still named
    against the reference, and undoing back to before the switch follows the reference again."""
    data = lookup("右", "ja")
    ref = ref_of(data.char, "ja")
    (groups,) = data.variants
    quiz = CharacterQuiz(ref, variants=data.variants)
    for stroke in placed(ref, 0.9):
        assert quiz.submit(stroke).accepted
    assert quiz.variant is None and not quiz.mistakes

    quiz = CharacterQuiz(ref, variants=data.variants)
    first = quiz.submit(placed([ref[groups[0][0]]], 0.9)[0])
    assert first.accepted and first.ref == groups[0][0] and first.message == "another standard stroke order"
    assert quiz.variant == groups and quiz.expected == groups[1][0]
    quiz.undo()
    assert quiz.variant is None and quiz.expected == 0 and quiz.covered == []


def test_variant_order_mistakes_are_told_in_reference_numbers():
    """Following 馬's variant, a stroke that is a later stroke of it: `order`, naming the stroke by
    the reference's numbering (as the page numbers strokes)."""
    data = lookup("馬", "ja")
    ref = ref_of(data.char, "ja")
    groups = data.variants[0]  # the Chinese order (KanjiVG's Vt6 form is the second)
    quiz = CharacterQuiz(ref, variants=data.variants)
    strokes = placed(variant_strokes(ref, groups), 0.9)
    assert quiz.submit(strokes[0]).accepted and quiz.variant == groups
    skipped = quiz.submit(strokes[-1])
    assert not skipped.accepted and skipped.reason == "order"
    assert skipped.ref == groups[-1][0] and skipped.message == f"that is stroke {groups[-1][0] + 1}"
    assert skipped.expected == groups[1][0] == quiz.mistakes[0].expected


@pytest.mark.parametrize(
    "char,vertical",
    [
        pytest.param("院", 2, id="in-its-variant-takes-the-joined-stroke-first"),
        pytest.param("陽", 2, id="you-its-variant-takes-the-joined-stroke-first"),
        pytest.param("部", 10, id="bu-阝-on-the-right"),
        pytest.param("都", 10, id="to-阝-on-the-right"),
    ],
)
def test_a_straight_line_does_not_pass_for_a_stroke_with_corners(char, vertical):
    """阝's vertical written before its ㇇ and bulge is `order`. Mean point distance alone took the
    straight vertical for the ㇇ and bulge drawn as one (a narrow zigzag): 院 and 陽 accepted it as
    their two-stroke 阝 variant, 部 and 都 called it `merged`. It loses nearly all of that
    reference's turning (corner_turning, corner_loss)."""
    data = lookup(char, "ja")
    ref = ref_of(char, "ja")
    quiz = CharacterQuiz(ref, variants=data.variants, component_starts=data.component_starts)
    assert all(quiz.submit(stroke).accepted for stroke in placed(ref[: vertical - 2], 0.9))
    verdict = quiz.submit(placed([ref[vertical]], 0.9)[0])
    assert (verdict.accepted, verdict.reason, verdict.ref) == (False, "order", vertical)


@pytest.mark.parametrize(
    "first_share,second_share,first_turn,second_turn,passes",
    [
        pytest.param(0.65, 0.3, 30, 10, True, id="ふ-left-dot-long-down-short-flick-up-passes"),
        pytest.param(0.7, 0.25, 0, 0, True, id="ふ-left-dot-legs-as-the-font's-long-down-short-up-passes"),
        pytest.param(0.5, 0.45, 40, -20, True, id="ふ-left-dot-down-then-up-turned-apart-passes"),
        pytest.param(0.65, 0.3, 75, 10, False, id="ふ-left-dot-first-leg-turned-past-dot_angle-caught"),
        pytest.param(0.65, 0.3, 30, 75, False, id="ふ-left-dot-flick-turned-past-dot_angle-caught"),
    ],
)
def test_a_tick_passes_on_the_directions_of_its_legs(first_share, second_share, first_turn, second_turn, passes):
    """A short stroke with one corner (ふ's left dot: a little down, a long way up) is judged on
    which way its two legs point, not on their proportions: the real kana writer writes it a long
    way down with a short flick up, which mean point distance failed (tick_length)."""
    ref = ref_of("ふ", "ja")
    strokes = [list(s) for s in ref]
    strokes[2] = reproportioned_tick(ref[2], first_share, second_share, math.radians(first_turn), math.radians(second_turn)).tolist()
    if passes:
        assert_matches(ref, strokes)
    else:
        assert guided_run(ref, strokes)[1][2].reason == "shape"
        assert [(m.kind, m.drawn) for m in grade_free(ref, strokes).mistakes] == [("shape", 2)]


@pytest.mark.parametrize("char", ["う", "え"])
def test_a_hairpin_tick_drawn_backwards_is_still_reversed(char):
    """う's and え's top stroke turns back on itself: its legs fit it both ways round, so they
    cannot tell its direction and it is judged by its shape alone (seen in the simulated set)."""
    ref = ref_of(char, "ja")
    strokes = [list(s) for s in ref]
    strokes[0] = strokes[0][::-1]
    assert guided_run(ref, strokes)[1][0].reason == "reversed"
    assert [(m.kind, m.drawn) for m in grade_free(ref, strokes).mistakes] == [("reversed", 0)]
