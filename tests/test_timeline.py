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
    series = Event(
        id="rt",
        title="rt",
        when=start,
        tz=CHICAGO,
        repeat=Recurrence("FREQ=MONTHLY;BYDAY=+3TH;COUNT=6", (date(2020, 1, 16),)),
    )
    trip = Trip(
        id="r", title="R", home_tz=CHICAGO, dates=Span(date(2019, 11, 21), date(2019, 11, 21)), events=(series,)
    )
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


# ---------------------------------------------------------------- intervals that never line up

from datetime import timedelta  # noqa: E402

import pytest  # noqa: E402
from conftest import Hang, bounded  # noqa: E402
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SEOUL = ZoneInfo("Asia/Seoul")


def _series_event(rule: str, start: datetime) -> tuple[Trip, Event]:
    ev = Event("e", "series", Exact(start.replace(tzinfo=SEOUL)), SEOUL, repeat=Recurrence(rule))
    return Trip("t", "trip", SEOUL, Span(start.date(), start.date()), events=(ev,)), ev


@pytest.mark.parametrize(
    ("rule", "start"),
    [
        ("FREQ=DAILY;INTERVAL=7;BYDAY=TU", datetime(2021, 10, 18, 9)),  # every 7th day from a Monday: Mondays
        ("FREQ=MONTHLY;INTERVAL=2;BYMONTH=2", datetime(2021, 1, 5, 9)),  # odd months only: never February
        ("FREQ=DAILY;INTERVAL=14;BYDAY=SA;COUNT=3", datetime(2021, 10, 18, 9)),
        ("FREQ=HOURLY;INTERVAL=168;BYDAY=TU", datetime(2021, 10, 18, 9)),  # a week of hours: Mondays only
    ],
)
def test_an_interval_that_never_meets_its_filter_expands_to_nothing_at_once(rule, start):
    """dateutil alone searches period by period to the year 9999 (seconds) before it finds nothing."""
    trip, ev = _series_event(rule, start)
    with bounded(1.0):
        assert expand(trip, ev) == []


@settings(max_examples=100, deadline=None)
@given(
    freq=st.sampled_from(["HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    interval=st.sampled_from([2, 3, 5, 7, 9, 14, 24, 48]),
    byday=st.lists(
        st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU", "+1MO", "-1FR", "+3TH"]), max_size=3, unique=True
    ),
    bymonthday=st.lists(st.integers(1, 31), max_size=2, unique=True),
    bymonth=st.lists(st.integers(1, 12), max_size=2, unique=True),
    wkst=st.sampled_from(["", ";WKST=SU", ";WKST=WE"]),
    count=st.sampled_from(["", ";COUNT=4", ";COUNT=1"]),
    day=st.dates(min_value=date(2019, 1, 1), max_value=date(2024, 12, 31)),
)
def test_expanding_with_an_interval_gives_what_dateutil_gives(
    freq, interval, byday, bymonthday, bymonth, wkst, count, day
):
    """Where dateutil answers in good time, expand() gives exactly its occurrences up to the horizon."""
    from dateutil.rrule import rrulestr

    from planner.model.timeline import HORIZON

    if freq not in ("MONTHLY", "YEARLY"):
        byday = [d for d in byday if d[0] not in "+-"]
    parts = [f"FREQ={freq}", f"INTERVAL={interval}"]
    if byday:
        parts.append("BYDAY=" + ",".join(byday))
    if bymonthday:
        parts.append("BYMONTHDAY=" + ",".join(map(str, bymonthday)))
    if bymonth:
        parts.append("BYMONTH=" + ",".join(map(str, bymonth)))
    rule = ";".join(parts) + wkst + count
    start = datetime(day.year, day.month, day.day, 9, 30)
    try:
        reference = rrulestr(rule, dtstart=start)
    except ValueError:
        return  # dateutil refuses the rule; so does the trip reader
    want = []
    try:
        with bounded(1.5):
            for occ in reference.xafter(start - timedelta(seconds=1), inc=True):
                if occ.date() > day + HORIZON or len(want) == MAX_OCCURRENCES:
                    break
                want.append(occ.date())
    except Hang:
        assume(False)  # dateutil is searching towards 9999: no reference to compare with
    trip, ev = _series_event(rule, start)
    assert [o.recurrence_date for o in expand(trip, ev)] == want, rule
