"""Property: any valid trip round-trips through .ics (export, import into an empty trip, export)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ical_lines import assert_says_what_icalendar_says

from planner.ical.reader import merge, parse
from planner.ical.writer import refresh, to_bytes, trip_calendar, trip_calendar_bytes
from planner.model.timeline import expand
from planner.model.trip import EVENT_KINDS, STATUSES, Event, Person, Place, Recurrence, Source, Trip
from planner.model.when import PARTS_OF_DAY, Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled
from planner.storage.reader import parse_trip
from planner.storage.todict import event_data, section_items, trip_header
from planner.storage.writer import render

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
ZONES = [
    ZoneInfo(z)
    for z in (
        "Asia/Seoul",
        "America/Chicago",
        "America/New_York",
        "America/Los_Angeles",
        "Europe/London",
        "Australia/Sydney",
        "Asia/Kolkata",
        "UTC",
    )
]
ids = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5})?", fullmatch=True)
# Titles and notes with what breaks naive writers: commas, semicolons, backslashes, colons, quotes, Hangul.
alphabet = st.sampled_from([*list("abcXYZ 019,;:\\\"'()·—-"), "가", "한", "국", "김", "서", "é", "😀"])
line = st.text(alphabet, min_size=1, max_size=40).map(str.strip).filter(bool)
free = st.text(st.one_of(alphabet, st.just("\n")), max_size=120)


@st.composite
def trips(draw) -> Trip:
    home = draw(st.sampled_from(ZONES))
    local = draw(st.sampled_from([None, *ZONES]))
    event_tz = local or home
    if draw(st.booleans()):
        first = draw(st.dates(date(2001, 1, 1), date(2035, 12, 1)))
        dates: Span | InMonth = Span(first, first + timedelta(days=draw(st.integers(0, 40))))
    else:
        d = draw(st.dates(date(2001, 1, 1), date(2035, 12, 1)))
        dates = InMonth(d.year, d.month)
    people = tuple(
        Person(f"p{i}", draw(line), draw(st.sampled_from(["", "김현겸", "박 영남"])))
        for i in range(draw(st.integers(0, 3)))
    )
    places = tuple(
        Place(
            f"pl{i}",
            draw(line),
            draw(st.sampled_from(["", "롯데호텔"])),
            draw(st.sampled_from(["", "30 Eulji-ro, Seoul"])),
            tz=draw(st.sampled_from(ZONES)),
            lat=draw(st.sampled_from([None, 37.5651])),
            lon=draw(st.sampled_from([None, 126.9811])),
        )
        for i in range(draw(st.integers(0, 2)))
    )
    sources = tuple(
        Source(f"s{i}", draw(line), draw(st.sampled_from(["", "A headline; with, punctuation"])))
        for i in range(draw(st.integers(0, 2)))
    )
    events = []
    for eid in draw(st.lists(ids, min_size=1, max_size=5, unique=True)):
        place = draw(st.sampled_from([None, *places]))
        tz = draw(st.sampled_from([(place.tz if place else None) or event_tz, *ZONES]))
        day = dates.first + timedelta(days=draw(st.integers(0, (dates.last - dates.first).days)))
        kind = draw(st.sampled_from(["exact", "date", "part", "span", "month", "unscheduled"]))
        if kind == "span" and day == dates.last:
            kind = "date"
        if kind == "exact":
            start = datetime.combine(day, time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30]))), tzinfo=tz)
            end = None
            if draw(st.booleans()):
                end_tz = draw(st.sampled_from([tz, *ZONES]))
                end = (start.astimezone(UTC) + timedelta(minutes=draw(st.integers(0, 600)))).astimezone(end_tz)
                if end.date() > dates.last or (end.replace(tzinfo=None) < start.replace(tzinfo=None) and end_tz is tz):
                    end = None
            when = Exact(start, end)
        elif kind == "date":
            when = OnDate(day)
        elif kind == "part":
            when = PartOfDay(day, draw(st.sampled_from(PARTS_OF_DAY)))
        elif kind == "span":
            when = Span(day, day + timedelta(days=draw(st.integers(1, (dates.last - day).days))))
        elif kind == "month":
            when = InMonth(day.year, day.month)
        else:
            when = Unscheduled()
        repeat = None
        if kind in ("exact", "date", "part") and draw(st.booleans()):
            rule = draw(
                st.sampled_from(
                    [
                        "FREQ=WEEKLY;COUNT=6",
                        "FREQ=MONTHLY;BYDAY=+3TH;COUNT=4",
                        "FREQ=DAILY;INTERVAL=2;COUNT=5",
                        "FREQ=YEARLY;COUNT=2",
                    ]
                )
            )
            if draw(st.booleans()):
                rule = f"FREQ=WEEKLY;UNTIL={day + timedelta(days=50):%Y%m%d}"
            skips = tuple(sorted({day + timedelta(days=7 * k) for k in draw(st.lists(st.integers(1, 4), max_size=2))}))
            repeat = Recurrence(rule, skips)
        events.append(
            Event(
                id=eid,
                title=draw(line),
                when=when,
                tz=tz,
                title_ko=draw(st.sampled_from(["", "조찬 회의"])),
                kind=draw(st.sampled_from(EVENT_KINDS)),
                status=draw(st.sampled_from(STATUSES)),
                place=place.id if place else "",
                people=tuple(draw(st.lists(st.sampled_from([p.id for p in people]), unique=True))) if people else (),
                counterparts=tuple(draw(st.lists(st.sampled_from([p.id for p in people]), unique=True, max_size=1)))
                if people
                else (),
                outcome=draw(free),
                notes=draw(free),
                sources=tuple(s.id for s in sources[: draw(st.integers(0, len(sources)))]),
                repeat=repeat,
            )
        )
    trip = Trip(
        id=draw(ids),
        title=draw(line),
        home_tz=home,
        dates=dates,
        local_tz=local,
        title_ko=draw(st.sampled_from(["", "달라스 상공회 한국 방문"])),
        status=draw(st.sampled_from(["draft", "planned"])),
        members=tuple(p.id for p in people[:2]),
        notes=draw(free),
        sources=sources,
        people=people,
        places=places,
        events=tuple(events),
    )
    return parse_trip(render(trip))  # exactly what a trip file holds


def _occurrences(trip: Trip, ev: Event) -> list:
    return [(o.when, o.recurrence_date) for o in expand(trip, ev)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trips())
def test_any_valid_trip_round_trips_through_ics(trip):
    trip = refresh(trip, NOW)[0]
    data = to_bytes(trip_calendar(trip))
    # What `planner export` writes (events formatted as text) is the same file, folded as
    # RFC 5545 says, with the content lines icalendar writes.
    assert trip_calendar_bytes(trip) == data
    assert_says_what_icalendar_says(data, trip_calendar(trip).to_ical())
    back = merge(parse(data, "t.ics"), "t.ics", trip.id, None, now=NOW).trip
    assert parse_trip(render(back)) == back  # the new trip file `planner import` writes
    assert trip_header(back) == trip_header(trip)
    for name in ("sources", "people", "organisations", "places"):
        assert section_items(back, name) == section_items(trip, name)
    assert sorted(e.id for e in back.events) == sorted(e.id for e in trip.events)
    for ev in trip.events:
        got = back.event(ev.id)
        a, b = event_data(trip, ev), event_data(back, got)
        a.pop("repeat", None), b.pop("repeat", None)
        assert a == b
        # A rule may come back spelled differently, never meaning something else.
        assert _occurrences(back, got) == _occurrences(trip, ev)
    assert to_bytes(trip_calendar(back)) == data
