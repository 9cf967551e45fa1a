"""The writing-gap report's data, without the GUI (writing/gui/gap_report.py shows it): one reading
of the collection (writing/gap.py's counts, their series over time, the self-tests, which
characters have writing cards), the JSON the page draws, and "add writing cards for the top N"
through the conversion core (one undo step, all or nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from anki.collection import Collection, OpChanges
from anki.errors import SearchError

from . import convert, gap

# ------------------------------------------------------------------ what the page shows


@dataclass(frozen=True)
class ReportView:
    """One reading of the collection for the report."""

    search: str
    report: gap.GapReport
    series: gap.GapSeries
    self_tests: tuple[gap.SelfTestResult, ...]
    # Characters that already have a writing card of their own (character unit): in the gap
    # they are being learnt, and "add top N" passes over them.
    carded: frozenset[str]


def read_report(col: Collection, search: str) -> ReportView:
    """Everything the page shows, from one scan of the notes. Reads only."""
    report, series = gap.report_data(col, search)
    carded = frozenset(target for target, _script in convert.existing_targets(col) if len(target) == 1)
    return ReportView(search, report, series, tuple(gap.self_tests(col)), carded)


def page_data(view: ReportView, top_n: int, today: date) -> dict:
    """The JSON the page's `WritePracticeGap.render` draws."""
    report = view.report
    return {
        "recognised": len(report.recognised),
        "writable": len(report.writable),
        "notWritable": [[ch, report.frequency.get(ch, 0), ch in view.carded] for ch in report.not_writable],
        "series": {"days": list(view.series.days), "recognised": list(view.series.recognised), "writable": list(view.series.writable)},
        "selfTests": [{"t": t.time, "recalled": len(t.recalled), "total": len(t.chars), "summary": t.summary} for t in view.self_tests],
        "today": today.isoformat(),
        "topN": top_n,
    }


# ------------------------------------------------------------------ adding the top N


@dataclass
class CardsAdded:
    changes: OpChanges
    chars: tuple[str, ...]  # characters that got writing cards, in the list's order
    note_ids: tuple[int, ...]
    already_carded: tuple[str, ...]  # passed over: they have a character writing card already
    not_possible: tuple[str, ...]  # passed over: the conversion plans no card (see its skip reasons)
    decks: tuple[str, ...]
    stroke_targets: tuple[tuple[str, str], ...] = ()  # the new notes' stroke data to write (ConvertResult's)

    def summary(self) -> str:
        if not self.chars:
            lines = ["No writing cards were added."]
        else:
            lines = [f"Added {len(self.note_ids)} writing cards for {len(self.chars)} characters: {''.join(self.chars)}"]
            lines.append("Decks: " + ", ".join(self.decks))
        if self.already_carded:
            lines.append(f"Passed over {len(self.already_carded)} that already have a writing card: {''.join(self.already_carded)}")
        if self.not_possible:
            lines.append(f"Passed over {len(self.not_possible)} the conversion skips (Add writing cards… shows why): {''.join(self.not_possible)}")
        return "\n".join(lines)


def add_top_characters(
    col: Collection, options: convert.ConvertOptions, not_writable: tuple[str, ...], count: int, progress: convert.Progress | None = None
) -> CardsAdded:
    """Writing cards for the first `count` characters of `not_writable` that have no writing card
    of their own yet, planned by the conversion core with the character unit (each prompted by
    the most mature word that holds it, the character blanked; one card per script the character
    is recognised in), added as one undo step ("Add writing cards"); all or nothing."""
    progress = progress or (lambda label, done, total: None)
    options = replace(options, unit="character")
    plan = convert.preview(col, replace(options, characters=frozenset(not_writable)), progress)
    planned_chars = {planned_note.target for planned_note in plan.planned}
    existing = {target for target, _script in convert.existing_targets(col)}
    chosen: list[str] = []
    already: list[str] = []
    not_possible: list[str] = []
    for ch in not_writable:
        if len(chosen) == count:
            break
        # A character with a writing card of its own in any script is being learnt: the gap
        # counts characters, not scripts (the page marks these the same way).
        if ch in existing:
            already.append(ch)
        elif ch in planned_chars:
            chosen.append(ch)
        else:
            not_possible.append(ch)
    if not chosen:
        return CardsAdded(OpChanges(), (), (), tuple(already), tuple(not_possible), ())
    # The conversion plans these characters again exactly as above (same collection, same
    # options) and adds them with its refusals, note type and media upkeep, as one undo step,
    # all or nothing.
    result = convert.convert(col, replace(options, characters=frozenset(chosen)), progress)
    return CardsAdded(
        result.changes, tuple(chosen), tuple(result.note_ids), tuple(already), tuple(not_possible), tuple(result.decks), result.stroke_targets
    )


# ------------------------------------------------------------------ failures

# What the user can cause and fix (a search Anki cannot read, a conversion refused): a sentence
# is enough. Anything else is also logged by the window.
EXPECTED_FAILURES = (SearchError, convert.ConversionError)


def failure_sentence(exc: Exception) -> str:
    """A sentence for the user instead of an exception dialog."""
    if isinstance(exc, SearchError):
        return f"Anki cannot read this search: {exc}"
    if isinstance(exc, convert.ConversionError):
        return str(exc)
    return f"The report failed ({type(exc).__name__}: {exc}); nothing was changed. Details are in the add-on log."
