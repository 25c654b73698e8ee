"""Hostile sizes of output (issue 10): an agenda is bounded in days, and refused with a clear message past that."""

from __future__ import annotations

from pathlib import Path

from conftest import bounded

SPAN_TRIP = """
[trip]
id = "forever"
title = "Forever"
home_tz = "Asia/Seoul"
start = 1900-01-01
end = 2200-12-31

[[events]]
id = "always"
title = "Always on"
date = 1900-01-01
end_date = 2200-12-31
"""


def test_an_agenda_of_a_300_year_span_is_refused_with_a_message_not_written(tmp_path: Path, run_cli):
    """Was 110,000 day sections: a 72 MB page and 809 MB of memory."""
    folder = tmp_path / "trips"
    folder.mkdir()
    (folder / "forever.toml").write_text(SPAN_TRIP, encoding="utf-8")
    out = tmp_path / "agenda.html"
    with bounded(60):
        done = run_cli("--dir", str(folder), "agenda", "--trip", "forever", "--format", "html", "--out", str(out))
    assert done.returncode == 1
    assert "more than 1,000 days with events" in done.stderr
    assert "planner agenda DATE" in done.stderr
    assert not out.exists()


def test_an_agenda_just_under_the_limit_is_written_whole():
    from datetime import date, timedelta

    from planner.agenda.gather import MAX_DAY_SECTIONS, build_trip_agenda
    from planner.model.validate import build_trip

    first = date(2024, 1, 1)
    last = first + timedelta(days=MAX_DAY_SECTIONS - 1)
    trip = build_trip(
        {
            "trip": {"id": "t", "title": "T", "home_tz": "Asia/Seoul", "start": first, "end": last},
            "events": [{"id": "long", "title": "Long", "date": first, "end_date": last}],
        }
    )
    with bounded(30):
        agenda = build_trip_agenda(trip)
    assert len(agenda.days) == MAX_DAY_SECTIONS
    assert agenda.days[-1].entries[0].time_note == f"day {MAX_DAY_SECTIONS} of {MAX_DAY_SECTIONS}"
