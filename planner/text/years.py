"""What a date typed without its year (or month) means, from the trips in view; else the question to ask.

``Oct 19`` is 19 October of the year whose trip in view contains it; if several
trips in different years do, or none does, the reader asks rather than
guessing, and names the days it could mean:
``Oct 19: which year? 19 Oct 2021 (korea-2021), 19 Oct 2022 (us-2022)``.
The same goes for ``22일(금)`` (which month?) and ``Fri`` (which Friday?).

>>> ctx = Context(date(2030, 1, 1), trips=(TripDays("korea-2021", date(2021, 10, 18), date(2021, 10, 21)),))
>>> resolve(ctx, "Oct 19", month=10, day=19)
datetime.date(2021, 10, 19)
>>> resolve(ctx, "Thu", weekday=3)
datetime.date(2021, 10, 21)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from planner.text.words import WhenError, day_text

if TYPE_CHECKING:
    from planner.model.trip import Trip

MAX_TRIP_DAYS = 1000
"""Days of one trip looked through for a candidate (a trip is weeks long; a longer one is cut)."""
SHOWN = 5
"""Candidates named in a question; more are counted."""

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class TripDays(NamedTuple):
    """A trip as the reader needs it: its id and its first and last day."""

    id: str
    first: date
    last: date

    @classmethod
    def of(cls, trip: Trip) -> TripDays:
        return cls(trip.id, trip.first_day, trip.last_day)


@dataclass(frozen=True)
class Context:
    """What a front end knows when someone types a date: passed to every reading.

    Attributes:
        today: what ``today``/``tomorrow``/``오늘`` count from.
        day: the day in view; a bare time (``3pm``) falls on it.
        trips: the trips in view (the form's trip; every trip for the command
            line and "go to date"), or a callable giving them when first needed.
        tz: the zone a time is in when none is typed.
    """

    today: date
    day: date | None = None
    trips: Sequence[TripDays] | Callable[[], Sequence[TripDays]] = ()
    tz: tzinfo | None = None

    def trips_in_view(self) -> Sequence[TripDays]:
        return self.trips() if callable(self.trips) else self.trips


def resolve(
    ctx: Context,
    typed: str,
    *,
    month: int | None = None,
    day: int | None = None,
    weekday: int | None = None,
) -> date:
    """The one day, of those the trips in view hold, with this month, day of month and weekday.

    Raises:
        WhenError: ``problem="ambiguous"``, with ``candidates``, when the trips
            hold several such days or none (and the trips do not all lie in
            one year, which a month and day are then read in).
    """
    trips = list(ctx.trips_in_view())
    found: dict[date, list[str]] = {}
    for trip in trips:
        for d in _days(trip, month, day, weekday):
            found.setdefault(d, []).append(trip.id)
    what = "year" if month is not None and day is not None else "month" if day is not None else "day"
    if len(found) == 1:
        return next(iter(found))
    if not found and month is not None and day is not None:
        years = {y for t in trips for y in (t.first.year, t.last.year)}
        if len(years) == 1:
            year = years.pop()
            try:
                return date(year, month, day)
            except ValueError:
                raise WhenError(f"{typed}: there is no such day in {year}", "unreadable") from None
    hint = {"year": "type the year too", "month": "type the month too", "day": "type the date"}[what]
    if not found:
        where = "no trip in view has that day" if trips else "no trip to take it from"
        raise WhenError(f"{typed}: which {what}? {where}; {hint}", "ambiguous")
    days = sorted(found)
    named = ", ".join(f"{day_text(d)} ({', '.join(found[d])})" for d in days[:SHOWN])
    more = f" and {len(days) - SHOWN} more" if len(days) > SHOWN else ""
    raise WhenError(f"{typed}: which {what}? {named}{more}; {hint}", "ambiguous", tuple(days))


def _days(trip: TripDays, month: int | None, day: int | None, weekday: int | None) -> list[date]:
    if month is not None and day is not None:
        out = []
        for year in range(trip.first.year, trip.last.year + 1):
            try:
                d = date(year, month, day)
            except ValueError:
                continue
            if trip.first <= d <= trip.last and (weekday is None or d.weekday() == weekday):
                out.append(d)
        return out
    n = min((trip.last - trip.first).days + 1, MAX_TRIP_DAYS)
    every = (trip.first + timedelta(days=i) for i in range(max(n, 0)))
    return [
        d
        for d in every
        if (month is None or d.month == month)
        and (day is None or d.day == day)
        and (weekday is None or d.weekday() == weekday)
    ]


def check_weekday(found: date, weekday: int | None) -> date:
    """``found``, if ``weekday`` (as typed beside it) is its weekday; else say which day it is."""
    if weekday is not None and found.weekday() != weekday:
        raise WhenError(
            f"{day_text(found)} is a {WEEKDAY_NAMES[found.weekday()]}, not a {WEEKDAY_NAMES[weekday]}", "weekday"
        )
    return found
