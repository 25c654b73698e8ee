"""The precision kinds, zone conversion across DST, and reading days in another zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.model import Event, Exact, InMonth, OnDate, PartOfDay, Span, Trip, Unscheduled
from planner.model.timeline import by_day, occurrences, on_day

SEOUL = ZoneInfo("Asia/Seoul")
CHICAGO = ZoneInfo("America/Chicago")
NEW_YORK = ZoneInfo("America/New_York")


def make_trip(*events: Event, first=date(2021, 10, 18), last=date(2021, 10, 27)) -> Trip:
    return Trip(id="t", title="T", home_tz=CHICAGO, local_tz=SEOUL, dates=Span(first, last), events=events)


def ev(eid: str, when, tz=SEOUL, **kw) -> Event:
    return Event(id=eid, title=eid, when=when, tz=tz, **kw)


def test_each_precision_has_an_honest_label():
    assert (
        Exact(datetime(2019, 11, 21, 7, 30, tzinfo=CHICAGO), datetime(2019, 11, 21, 9, 0, tzinfo=CHICAGO)).label()
        == "07:30–09:00"
    )
    assert OnDate(date(2021, 10, 20)).label() == "time not given"
    assert PartOfDay(date(2022, 11, 7), "morning").label() == "morning"
    assert Span(date(2021, 10, 18), date(2021, 10, 21)).label() == "18 Oct–21 Oct (4 days)"
    assert InMonth(2023, 10).label() == "sometime in October 2023"
    assert Unscheduled().label() == "unscheduled"


def test_precisions_reject_impossible_values():
    with pytest.raises(ValueError, match="before the start"):
        Exact(datetime(2021, 10, 19, 10, tzinfo=SEOUL), datetime(2021, 10, 19, 9, tzinfo=SEOUL))
    with pytest.raises(ValueError, match="time zone"):
        Exact(datetime(2021, 10, 19, 10))
    with pytest.raises(ValueError, match="part of day"):
        PartOfDay(date(2021, 10, 19), "brunch")
    with pytest.raises(ValueError, match="ends before"):
        Span(date(2021, 10, 21), date(2021, 10, 18))
    with pytest.raises(ValueError):
        InMonth(2023, 13)


def test_flight_keeps_its_end_zone():
    # Depart Incheon 18:00 KST, land in Dallas 17:00 CDT the same calendar day.
    flight = Exact(datetime(2021, 10, 27, 18, 0, tzinfo=SEOUL), datetime(2021, 10, 27, 17, 0, tzinfo=CHICAGO))
    assert flight.end.tzinfo is CHICAGO
    assert flight.end - flight.start == timedelta(hours=13)


def test_conversion_follows_dst_in_chicago():
    # 19:00 in Seoul is 05:00 CDT in October 2021, but 04:00 CST after DST ended (7 Nov 2021).
    before = datetime(2021, 10, 19, 19, 0, tzinfo=SEOUL).astimezone(CHICAGO)
    after = datetime(2021, 11, 9, 19, 0, tzinfo=SEOUL).astimezone(CHICAGO)
    assert (before.hour, before.tzname()) == (5, "CDT")
    assert (after.hour, after.tzname()) == (4, "CST")


def test_day_grouping_in_another_zone_moves_exact_events_only():
    early = ev("early", Exact(datetime(2021, 10, 19, 8, 0, tzinfo=SEOUL)))
    dated = ev("dated", OnDate(date(2021, 10, 19)))
    morning = ev("morning", PartOfDay(date(2021, 10, 19), "morning"))
    trip = make_trip(early, dated, morning)
    seoul_days = {d: [o.event.id for o in g] for d, g in by_day(occurrences([trip]), "event")}
    assert seoul_days == {date(2021, 10, 19): ["morning", "early", "dated"]}
    # 08:00 KST is 18:00 CDT the day before; a day without a time does not move.
    chicago_days = {d: [o.event.id for o in g] for d, g in by_day(occurrences([trip], view="home"), "home")}
    assert chicago_days == {date(2021, 10, 18): ["early"], date(2021, 10, 19): ["morning", "dated"]}
    assert [o.event.id for o in on_day([trip], date(2021, 10, 18), view=NEW_YORK)] == ["early"]


def test_span_covers_each_of_its_days_and_unscheduled_comes_last():
    conv = ev("conv", Span(date(2021, 10, 18), date(2021, 10, 21)))
    later = ev("later", Unscheduled())
    trip = make_trip(conv, later)
    assert [o.event.id for o in on_day([trip], date(2021, 10, 20))] == ["conv"]
    assert on_day([trip], date(2021, 10, 22)) == []
    groups = list(by_day(occurrences([trip])))
    assert groups[-1][0] is None and groups[-1][1][0].event.id == "later"
