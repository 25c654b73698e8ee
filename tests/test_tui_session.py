"""The TUI's headless parts: typed dates and times, the editing session, timeline rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled
from planner.storage import FileChangedError, load_file, load_workspace
from planner.text.dates import TripDays, WhenError, format_when, parse_when
from planner.usecases.editing import EditError, Session
from planner.views.filtering import Filter
from planner.views.rows import timeline_rows

SEOUL = ZoneInfo("Asia/Seoul")
CHICAGO = ZoneInfo("America/Chicago")
DAY = date(2021, 10, 21)
KOREA = (TripDays("korea-2021", date(2021, 10, 18), date(2021, 10, 22)),)
"""The trip in view: a day typed without its year is in it (the reader asks otherwise)."""
TODAY = date(2021, 10, 19)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2021-10-21 07:30", datetime(2021, 10, 21, 7, 30), None),
        ("Oct 21 7:30am", datetime(2021, 10, 21, 7, 30), None),
        ("7:30-9:00", datetime(2021, 10, 21, 7, 30), datetime(2021, 10, 21, 9, 0)),
        ("7:30 – 9pm", datetime(2021, 10, 21, 7, 30), datetime(2021, 10, 21, 21, 0)),
        ("tomorrow 10am", datetime(2021, 10, 20, 10, 0), None),
        ("2021-10-21 22:00 to 2021-10-22 01:00", datetime(2021, 10, 21, 22, 0), datetime(2021, 10, 22, 1, 0)),
        ("21 October 2021 18:00-20:30", datetime(2021, 10, 21, 18, 0), datetime(2021, 10, 21, 20, 30)),
    ],
)
def test_exact_times_people_type(text, start, end):
    when = parse_when(text, "exact", SEOUL, day=DAY, today=TODAY, trips=KOREA)
    assert when == Exact(start.replace(tzinfo=SEOUL), end.replace(tzinfo=SEOUL) if end else None)


def test_end_in_another_zone():
    when = parse_when("2021-10-27 10:00 to 2021-10-27 09:00", "exact", SEOUL, end_tz=CHICAGO, day=DAY)
    assert when.end.tzinfo is CHICAGO and when.end > when.start


@pytest.mark.parametrize(
    ("text", "precision", "message"),
    [
        ("2021-10-21", "exact", "no time given"),
        ("9:00-7:30", "exact", "before the start"),
        ("2021-10-21 10:00", "date", "a time was typed"),
        ("Oct 21", "span", "first and the last day"),
        ("Oct 21 to Oct 18", "span", "before the first"),
        ("next blursday", "date", "cannot read"),
        ("", "date", "type a date"),
    ],
)
def test_what_cannot_be_read_says_why(text, precision, message):
    with pytest.raises(WhenError, match=message):
        parse_when(text, precision, SEOUL, day=DAY, today=TODAY, part="morning", trips=KOREA)


def test_each_precision_round_trips_through_the_form_text():
    for when in (
        Exact(datetime(2021, 10, 21, 7, 30, tzinfo=SEOUL), datetime(2021, 10, 21, 9, 0, tzinfo=SEOUL)),
        Exact(datetime(2021, 10, 21, 22, 0, tzinfo=SEOUL), datetime(2021, 10, 22, 1, 0, tzinfo=SEOUL)),
        OnDate(DAY),
        Span(date(2021, 10, 18), date(2021, 10, 21)),
        InMonth(2023, 10),
        Unscheduled(),
    ):
        assert parse_when(format_when(when), when.precision, SEOUL, day=DAY) == when
    part = PartOfDay(DAY, "evening")
    assert parse_when(format_when(part), "part", SEOUL, part="evening") == part


def test_undo_redo_and_unsaved_state(workspace: Path):
    session = Session(load_workspace(workspace))
    korea = session.trips["korea-2021"]
    session.move_event("korea-2021", "robot-mou", timedelta(days=1))
    assert session.dirty() == ["korea-2021"]
    assert session.trips["korea-2021"].event("robot-mou").when == OnDate(date(2021, 10, 20))
    session.undo()
    assert session.trips["korea-2021"] is korea and session.dirty() == []
    session.redo()
    assert session.dirty() == ["korea-2021"]
    assert session.undo() is not None and session.undo() is None


def test_changes_that_would_break_the_file_are_refused(workspace: Path):
    session = Session(load_workspace(workspace))
    with pytest.raises(EditError, match="outside the trip"):
        session.move_event("korea-2021", "robot-mou", timedelta(days=-2))
    with pytest.raises(EditError, match="no clock time"):
        session.move_event("korea-2021", "robot-mou", timedelta(hours=1))
    with pytest.raises(EditError, match="no day to move"):
        session.move_event("la-2023", "wkbc-2023", timedelta(days=1))
    assert session.dirty() == [] and not session.can_undo


def test_save_writes_only_the_change_and_refuses_a_file_changed_on_disk(workspace: Path):
    session = Session(load_workspace(workspace))
    session.duplicate_event("korea-2021", "robot-mou")
    path = workspace / "korea-2021.toml"
    before = path.read_text(encoding="utf-8")
    session.save("korea-2021")
    assert session.dirty() == []
    assert path.read_text(encoding="utf-8").startswith(before.rstrip("\n"))
    assert load_file(path).trip.event("robot-mou-2") is not None
    # Undo after a save makes the trip unsaved again.
    session.undo()
    assert session.dirty() == ["korea-2021"]

    path.write_text(path.read_text(encoding="utf-8") + "# elsewhere\n", encoding="utf-8")
    assert session.changed_on_disk() == ["korea-2021"]
    with pytest.raises(FileChangedError):
        session.save("korea-2021")
    assert path.read_text(encoding="utf-8").endswith("# elsewhere\n")
    edited = session.trips["korea-2021"]
    session.reload("korea-2021")
    assert session.dirty() == [] and session.can_undo
    session.undo()  # a reload is undone like any change: the edited trip is back, unsaved
    assert session.trips["korea-2021"] == edited and session.dirty() == ["korea-2021"]


def test_rows_group_each_trip_by_day_with_undated_items_last(workspace: Path):
    trips = load_workspace(workspace).trips
    rows = timeline_rows(trips, Filter(trip="korea-2021"))
    kinds = [r.kind for r in rows]
    assert kinds[0] == "trip" and kinds[1] == "day"
    assert rows[-1].day is None and rows[-1].occurrence.when == Unscheduled()
    days = [r.day for r in rows if r.kind == "day" and r.day]
    assert days == sorted(days) and days[0] == date(2021, 10, 18)
    assert {r.occurrence.event.kind for r in timeline_rows(trips, Filter.parse("kind:mou")) if r.occurrence} == {"mou"}
    assert timeline_rows(trips, Filter.parse("로봇"))[2].occurrence.event.id == "robot-mou"
