"""Checks need no ``members``: events are shared by everyone named on them.

An imported calendar has no members and usually names no one; a trip file may
name people on events without listing the delegation. Overlaps are then
found among those named (people and counterparts), and a trip naming no one
at all says so once instead of passing with a silent "0 errors".
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from planner.checks import run_checks
from planner.checks.overlaps import NOBODY_NAMED
from planner.model.rules import delegation, involves, names_anyone, participants
from planner.model.trip import Event, Person, Trip
from planner.model.when import Exact, OnDate, Span

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = date(2021, 1, 1)


def _at(hour: int, until: int) -> Exact:
    return Exact(datetime(2021, 10, 19, hour, tzinfo=SEOUL), datetime(2021, 10, 19, until, tzinfo=SEOUL))


def _trip(*events: Event, members: tuple[str, ...] = (), trip_id: str = "t") -> Trip:
    people = (Person("kim", "Kim"), Person("lee", "Lee"), Person("mayor", "Mayor"))
    return Trip(
        trip_id,
        "Trip",
        SEOUL,
        Span(date(2021, 10, 18), date(2021, 10, 22)),
        members=members,
        people=people,
        events=events,
    )


def _overlaps(*trips: Trip) -> list:
    return [f for f in run_checks(trips, today=TODAY, only=["overlap"]) if f.severity != "info"]


def _notices(*trips: Trip) -> list:
    return [f for f in run_checks(trips, today=TODAY, only=["overlap"]) if f.severity == "info"]


def test_without_members_an_event_is_shared_by_those_named_on_it():
    ev = Event("a", "A", _at(10, 12), SEOUL, people=("kim",), counterparts=("mayor",))
    bare = Event("b", "B", _at(10, 12), SEOUL)
    trip = _trip(ev, bare)
    assert delegation(trip, ev) == ("kim",) and participants(trip, ev) == {"kim", "mayor"}
    assert delegation(trip, bare) == () and participants(trip, bare) == set()
    assert not involves(trip, bare, "kim") and involves(trip, ev, "mayor")
    assert names_anyone(trip) and not names_anyone(_trip(bare))
    assert names_anyone(_trip(bare, members=("kim",)))


def test_overlap_of_two_events_naming_the_same_person_in_a_trip_without_members():
    a = Event("a", "Breakfast", _at(9, 11), SEOUL, people=("kim",))
    b = Event("b", "Factory visit", _at(10, 12), SEOUL, people=("kim", "lee"))
    c = Event("c", "Lunch", _at(12, 13), SEOUL, people=("kim",))  # starts as b ends: no overlap
    found = _overlaps(_trip(a, b, c))
    assert [(f.severity, [e.event for e in f.events]) for f in found] == [("error", ["a", "b"])]
    assert found[0].message.startswith("Kim would be in both")
    assert _notices(_trip(a, b, c)) == []


def test_overlap_through_a_counterpart_named_on_both_events():
    a = Event("a", "Courtesy call", _at(9, 11), SEOUL, counterparts=("mayor",))
    b = Event("b", "Press event", _at(10, 12), SEOUL, counterparts=("mayor",))
    found = _overlaps(_trip(a, b))
    assert len(found) == 1 and found[0].message.startswith("Mayor would be in both")


def test_an_event_naming_no_one_involves_nobody_known_without_members():
    a = Event("a", "Breakfast", _at(9, 11), SEOUL, people=("kim",))
    b = Event("b", "Reception", _at(10, 12), SEOUL)  # no one named, no members: nobody known
    assert _overlaps(_trip(a, b)) == []
    # With members, the same event is the whole delegation's: Kim is in both.
    assert len(_overlaps(_trip(a, b, members=("kim", "lee")))) == 1


def test_a_trip_naming_no_one_gets_one_notice_not_one_per_event():
    events = [Event(f"e{i}", f"E{i}", _at(9 + i % 3, 11 + i % 3), SEOUL) for i in range(6)]
    nobody = _trip(*events, trip_id="imported")
    named = _trip(
        Event("a", "A", _at(9, 10), SEOUL, people=("kim",)),
        Event("b", "B", _at(11, 12), SEOUL, people=("kim",)),
        trip_id="named",
    )
    notices = _notices(nobody, named)
    assert [(f.trip, f.check, f.message) for f in notices] == [("imported", "overlap", NOBODY_NAMED)]
    assert "no one is named on any event, so overlaps cannot be checked" in NOBODY_NAMED
    assert notices[0].events == ()
    # A trip with members, or with a single event, has nothing to say.
    assert _notices(_trip(*events, members=("kim",))) == []
    assert _notices(_trip(Event("x", "X", OnDate(date(2021, 10, 19)), SEOUL))) == []


IMPORTED = """\
[trip]
id = "imported"
title = "Imported calendar"
home_tz = "Asia/Seoul"
start = 2021-10-18
end = 2021-10-22

[[events]]
id = "one"
title = "One"
start = 2021-10-19T10:00:00
end = 2021-10-19T12:00:00

[[events]]
id = "two"
title = "Two"
start = 2021-10-19T11:00:00
end = 2021-10-19T13:00:00
"""


def test_planner_check_says_once_why_nothing_was_found(run_cli, tmp_path: Path):
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "imported.toml").write_text(IMPORTED, encoding="utf-8")
    out = run_cli("--dir", str(folder), "check", "--today", "2021-01-01")
    assert out.stdout.count("no one is named on any event") == 1, out.stdout
    assert out.returncode == 0, out.stderr
    # Once the people are named, the overlap is found.
    text = IMPORTED.replace('title = "One"', 'title = "One"\npeople = ["kim"]').replace(
        'title = "Two"', 'title = "Two"\npeople = ["kim"]'
    )
    text += '\n[[people]]\nid = "kim"\nname = "Kim"\n'
    (folder / "imported.toml").write_text(text, encoding="utf-8")
    out = run_cli("--dir", str(folder), "check", "--today", "2021-01-01")
    assert out.returncode == 1, out.stdout
    assert "Kim would be in both" in out.stdout and "no one is named" not in out.stdout
