"""The gap report's date axis (web/gap_report.js's timeTicks) under node: distinct labels on
calendar boundaries at a granularity that suits the span, in time zones with and without a
daylight-saving change. A history of one day once drew "Nov 22" five times."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node not installed (tools/setup_env.sh expects Node.js)")

# The page under node: the script only needs a window to attach its one object to.
RUN_TICKS = """
const vm = require("vm"), fs = require("fs");
const page = { window: { addEventListener() {} } };
vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), page);
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([from, to, most]) => {
  const ticks = page.window.WritePracticeGap.timeTicks(new Date(from).getTime(), new Date(to).getTime(), most);
  return ticks.map((tick) => {
    const d = new Date(tick.t);
    return { label: tick.label, local: [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()], t: tick.t };
  });
})));
"""


def ticks(cases: list[tuple[str, str, int]], tz: str) -> list[list[dict]]:
    """timeTicks for each (from, to, max ticks), local times as node reads them in `tz`."""
    env = {"TZ": tz, "LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([NODE, "-e", RUN_TICKS, str(ROOT / "web" / "gap_report.js")], input=json.dumps(cases), capture_output=True, text=True, env=env, check=True)
    return json.loads(proc.stdout)


# (from, to) in local time, the most ticks the width allows, the labels expected
SPANS = {
    "one-day-history": ("2026-11-22T00:00", "2026-11-23T00:00", 6, ["Nov 22", "Nov 23"]),
    "five-days": ("2026-11-20T00:00", "2026-11-25T00:00", 6, ["Nov 20", "Nov 21", "Nov 22", "Nov 23", "Nov 24", "Nov 25"]),
    "a-week-in-four-ticks": ("2026-11-20T00:00", "2026-11-27T00:00", 4, ["Nov 20", "Nov 22", "Nov 24", "Nov 26"]),
    "self-tests-one-day-padded": ("2026-11-21T09:30", "2026-11-23T15:00", 6, ["Nov 22", "Nov 23"]),
    "seven-weeks": ("2026-11-01T00:00", "2026-12-20T00:00", 6, ["Nov 1", "Nov 15", "Nov 29", "Dec 13"]),
    "a-year-in-months": ("2026-01-01T00:00", "2026-12-20T00:00", 6, ["Jan 2026", "Mar 2026", "May 2026", "Jul 2026", "Sep 2026", "Nov 2026"]),
    "over-new-year": ("2026-12-15T00:00", "2027-02-10T00:00", 6, ["Dec 15", "Dec 29", "Jan 12", "Jan 26", "Feb 9"]),
    "years": ("2020-03-01T00:00", "2026-12-20T00:00", 6, ["2021", "2022", "2023", "2024", "2025", "2026"]),
}
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland"]


@pytest.mark.parametrize("tz", ZONES, ids=ZONES)
def test_ticks_are_distinct_calendar_boundaries_in_the_expected_granularity(tz):
    results = ticks([(start, end, most) for start, end, most, _labels in SPANS.values()], tz)
    for (name, (start, end, most, labels)), got in zip(SPANS.items(), results):
        assert [tick["label"] for tick in got] == labels, name
        assert len(got) <= most, name
        assert [tick["t"] for tick in got] == sorted({tick["t"] for tick in got}), name
        for tick in got:
            year, month, day, hour, minute = tick["local"]
            assert (hour, minute) == (0, 0), (name, tick)  # a local midnight, also across a DST change
            assert datetime.fromisoformat(start) <= datetime(year, month, day) <= datetime.fromisoformat(end), (name, tick)


def test_over_a_daylight_saving_change_days_stay_on_midnight():
    # Berlin leaves summer time on 25 October 2026: that day has 25 hours
    (got,) = ticks([("2026-10-23T00:00", "2026-10-28T00:00", 6)], "Europe/Berlin")
    assert [tick["label"] for tick in got] == ["Oct 23", "Oct 24", "Oct 25", "Oct 26", "Oct 27", "Oct 28"]
    assert got[3]["t"] - got[2]["t"] == 25 * 3600 * 1000


@pytest.mark.parametrize("most", [2, 3, 4, 5, 6, 7, 8], ids=lambda n: f"at-most-{n}")
def test_labels_never_repeat_whatever_the_width(most):
    spans = [(f"2026-0{m}-01T00:00", f"2026-0{m}-{d:02d}T00:00", most) for m in (1, 6) for d in (2, 3, 5, 9, 17, 28)]
    spans += [("2024-01-01T00:00", end, most) for end in ("2024-05-01T00:00", "2025-01-01T00:00", "2030-06-01T00:00")]
    for span, got in zip(spans, ticks(spans, "UTC")):
        labels = [tick["label"] for tick in got]
        assert 1 <= len(labels) <= most and len(set(labels)) == len(labels), (span, labels)
