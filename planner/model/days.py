"""Which calendar days something covers: the one day rule of every view, agenda, check and index.

Days are half-open at their end: a time range covers the days from the day
of its start up to, but not including, the moment it ends. A dinner from
22:00 to 00:00 is on the day it started and nowhere else; from 23:00 to
01:00 it is on both days. The end is read in the same zone as the start (the
zone the days are read in), so an event that ends at midnight *in the view's
zone* stops there too: a Seoul meeting 13:00–14:00 read in Chicago (23:00–
00:00) is on one Chicago day.

Untimed kinds keep their own days in every zone (a date, a part of a day, a
span, whose last day is inclusive as people say it). A month, or an item with
no date at all, is never on a day: ``None``. Every place that asks "which days
does this cover?" calls :func:`days_covered` (through
:meth:`planner.model.timeline.Occurrence.days` where an occurrence and a view
are at hand).

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> seoul, chicago = ZoneInfo("Asia/Seoul"), ZoneInfo("America/Chicago")
>>> dinner = Exact(datetime(2021, 10, 19, 22, tzinfo=seoul), datetime(2021, 10, 20, 0, tzinfo=seoul))
>>> [d.isoformat() for d in days_covered(dinner, seoul)]
['2021-10-19', '2021-10-19']
>>> late = Exact(datetime(2021, 10, 19, 23, tzinfo=seoul), datetime(2021, 10, 20, 1, tzinfo=seoul))
>>> [d.isoformat() for d in days_covered(late, seoul)]
['2021-10-19', '2021-10-20']
>>> [d.isoformat() for d in days_covered(dinner, chicago)]
['2021-10-19', '2021-10-19']
>>> days_covered(InMonth(2023, 10), seoul) is None, days_covered(Unscheduled(), seoul) is None
(True, True)
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled, When

DayRange = tuple[date, date]
"""First and last day covered, both inclusive."""

_MIDNIGHT = time(0)


def days_covered(when: When, tz: tzinfo | None = None) -> DayRange | None:
    """The first and last day ``when`` covers read in ``tz``; ``None`` for a month or no date.

    ``tz`` matters only for exact times. ``None`` reads each time in its own
    zone, as the trip file writes it (a flight leaving Seoul and landing in
    Dallas: its departure day in Seoul and its landing day in Dallas).
    """
    if isinstance(when, Exact):
        start = when.start if tz is None else when.start.astimezone(tz)
        first = start.date()
        if when.end is None or when.end <= when.start:
            return first, first
        end = when.end if tz is None else when.end.astimezone(tz)
        return first, max(first, last_day_before(end))
    if isinstance(when, (OnDate, PartOfDay)):
        return when.day, when.day
    if isinstance(when, Span):
        return when.first, when.last
    if isinstance(when, (InMonth, Unscheduled)):
        return None
    raise TypeError(f"not a When: {when!r}")  # pragma: no cover


def last_day_before(end: datetime) -> date:
    """The last day a range ending (exclusively) at ``end`` touches: the day before, at exactly 00:00."""
    day = end.date()
    if end.time() == _MIDNIGHT:
        return day - timedelta(days=1)
    return day


def outside_trip(when: When, trip_dates: Span | InMonth) -> str | None:
    """Why ``when`` does not fit the trip's dates, or ``None`` when it does.

    Mirrors what loading a trip file checks, so a form or a draft refuses
    what a save would.
    """
    if isinstance(when, Unscheduled):
        return None
    first_day, last_day = trip_dates.first, trip_dates.last
    if isinstance(when, InMonth):
        if when.last < first_day or when.first > last_day:
            return f"{when.label()} does not overlap the trip ({first_day} to {last_day})"
        return None
    if isinstance(when, Exact):
        covered = days_covered(when)  # half-open: a dinner ending at 00:00 stays on its own day
        assert covered is not None
        first, last = covered
    elif isinstance(when, Span):
        first, last = when.first, when.last
    else:
        first = last = when.day
    if first < first_day or last > last_day:
        shown = f"{first}" if first == last else f"{first} to {last}"
        return f"{shown} is outside the trip ({first_day} to {last_day})"
    return None
