"""Queries over the seeded workspace: recurrence, filters by person, organisation and trip."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from planner.model import Event, Exact, Recurrence, Span, Trip
from planner.model.timeline import MAX_OCCURRENCES, expand, occurrences, on_day, trips_of_person
from planner.storage import load_workspace

CHICAGO = ZoneInfo("America/Chicago")


def test_monthly_series_keeps_wall_clock_across_dst():
    start = Exact(datetime(2019, 11, 21, 7, 30, tzinfo=CHICAGO), datetime(2019, 11, 21, 9, 0, tzinfo=CHICAGO))
    series = Event(id="rt", title="rt", when=start, tz=CHICAGO,
                   repeat=Recurrence("FREQ=MONTHLY;BYDAY=+3TH;COUNT=6", (date(2020, 1, 16),)))
    trip = Trip(id="r", title="R", home_tz=CHICAGO, dates=Span(date(2019, 11, 21), date(2019, 11, 21)), events=(series,))
    occs = expand(trip, series)
    days = [o.recurrence_date for o in occs]
    # Third Thursdays, with the January exception skipped.
    assert days == [date(2019, 11, 21), date(2019, 12, 19), date(2020, 2, 20), date(2020, 3, 19), date(2020, 4, 16)]
    march = occs[3].when
    assert (march.start.hour, march.start.minute, march.start.tzname()) == (7, 30, "CDT")
    assert march.start.utcoffset() != start.start.utcoffset()
    assert march.end - march.start == start.end - start.start


def test_open_ended_series_is_bounded():
    start = Exact(datetime(2019, 11, 21, 7, 30, tzinfo=CHICAGO))
    daily = Event(id="d", title="d", when=start, tz=CHICAGO, repeat=Recurrence("FREQ=MINUTELY"))
    trip = Trip(id="r", title="R", home_tz=CHICAGO, dates=Span(date(2019, 11, 21), date(2019, 11, 21)), events=(daily,))
    assert len(expand(trip, daily)) == MAX_OCCURRENCES


def test_person_filter_follows_the_chamber_president_across_trips(workspace):
    ws = load_workspace(workspace)
    trips = {t.id for t in trips_of_person(ws.trips, "kim-hyun-kyum")}
    assert {"korea-2021", "richardson-2019"} <= trips
    occs = occurrences(ws.trips, person="kim-hyun-kyum")
    assert {o.trip.id for o in occs} == trips
    assert all(o.involves("kim-hyun-kyum") for o in occs)


def test_org_and_trip_filters(workspace):
    ws = load_workspace(workspace)
    korea = ws.trip("korea-2021")
    assert korea is not None
    by_trip = occurrences(ws.trips, trip_id="korea-2021")
    assert {o.trip.id for o in by_trip} == {"korea-2021"}
    assert len(by_trip) == len(korea.events)
    robot = next(e for e in korea.events if e.when.local_date() == date(2021, 10, 19) and e.kind == "mou")
    org = robot.orgs[0]
    assert all(org in o.event.orgs for o in occurrences(ws.trips, org=org))
    assert robot.id in {o.event.id for o in occurrences(ws.trips, org=org)}


def test_agenda_day_of_the_robot_mou(workspace):
    ws = load_workspace(workspace)
    day = on_day(ws.trips, date(2021, 10, 19))
    mou = [o for o in day if o.event.kind == "mou"]
    assert len(mou) == 1
    place = o = mou[0]
    place = o.trip.place(o.event.place)
    assert place is not None and "Lotte" in place.name and place.city == "Seoul"
    # The convention spans 18-21 October, so it is on the 19th's agenda too.
    assert any(o.when.precision == "span" for o in day)
