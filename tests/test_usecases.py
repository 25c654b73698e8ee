"""The use cases both front ends call, tested without either: export plans, calendar import, drafts to add.

The CLI and TUI tests drive these through their front ends; here each use case
is called alone, as a third front end would, and its results are read back with
an independent parser (icalendar) or from the bytes on disk.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from planner.ical.reader import IcsError
from planner.model.rules import involves
from planner.storage import load_workspace
from planner.usecases.export import plan_export, write_export
from planner.usecases.importing import NothingToImport, import_calendar, read_calendar

ICS = Path(__file__).parent / "ics"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _events(data: bytes) -> list[icalendar.cal.Component]:
    cal = icalendar.Calendar.from_ical(data)
    return [c for c in cal.walk() if c.name in ("VEVENT", "VTODO")]


def test_a_trip_export_plan_writes_nothing_until_asked(workspace: Path, tmp_path: Path):
    ws = load_workspace(workspace)
    out = tmp_path / "out"
    plan = plan_export([ws.trip("korea-2021")], out=out, now=NOW)
    assert plan.problem is None
    assert [f.path.name for f in plan.files] == ["korea-2021.ics"]
    assert not out.exists()  # a plan is only a plan
    assert write_export(plan) == [True]
    data = (out / "korea-2021.ics").read_bytes()
    assert data == plan.files[0].data
    assert len(_events(data)) == plan.event_count == len(ws.trip("korea-2021").events)
    # The same plan again leaves the file alone (same bytes).
    assert write_export(plan) == [False]


def test_a_persons_export_holds_exactly_the_events_they_take_part_in(workspace: Path, tmp_path: Path):
    ws = load_workspace(workspace)
    person = "kim-hyun-kyum"
    plan = plan_export(ws.trips, person=person, out=tmp_path, now=NOW)
    (file,) = plan.files
    assert file.path == tmp_path / f"{person}.ics"
    wanted = {(t.id, e.id) for t in plan.trips for e in t.events if involves(t, e, person)}
    assert {(t.id, e.id) for t in plan.trips for e in t.events if e in file.events} == wanted
    assert len(_events(file.data)) == len(wanted) > 0


def test_one_ics_path_for_several_trips_is_a_problem_not_a_file(workspace: Path, tmp_path: Path):
    ws = load_workspace(workspace)
    plan = plan_export(ws.trips, out=tmp_path / "all.ics", now=NOW)
    assert plan.problem == "one-file-many-trips"
    assert plan.files == ()


def test_an_unknown_person_matches_no_event(workspace: Path, tmp_path: Path):
    ws = load_workspace(workspace)
    plan = plan_export(ws.trips, person="nobody-at-all", out=tmp_path, now=NOW)
    assert plan.problem == "no-events"
    assert plan.files == ()


def test_import_creates_a_trip_then_leaves_it_unchanged_on_the_same_file(workspace: Path):
    data = read_calendar(ICS / "import_google.ics")
    done = import_calendar(workspace, None, "google-trip", data, "import_google.ics")
    assert done.created and done.verb == "created"
    assert done.target == workspace / "google-trip.toml"
    before = done.target.read_bytes()
    assert done.outcome.added
    # Again, into the trip as now loaded: merged by UID, nothing new, the file untouched.
    loaded = load_workspace(workspace).files["google-trip"]
    again = import_calendar(workspace, loaded, "google-trip", data, "import_google.ics")
    assert again.verb == "unchanged"
    assert not again.outcome.added and not again.outcome.updated
    assert done.target.read_bytes() == before


def test_a_calendar_without_events_creates_no_trip(workspace: Path):
    empty = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"
    with pytest.raises((NothingToImport, IcsError), match="no event"):
        import_calendar(workspace, None, "empty-trip", empty, "empty.ics", tz=ZoneInfo("Asia/Seoul"))
    assert not (workspace / "empty-trip.toml").exists()


def test_an_oversized_calendar_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from planner.ical import reader

    big = tmp_path / "big.ics"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1024)
    with pytest.raises(ValueError, match="more than a calendar file can be"):
        read_calendar(big)
