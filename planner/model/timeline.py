"""Queries over trips: the ordered timeline, a day's events in any zone, filters.

Recurring events are expanded here, keeping the wall-clock time in the event's
own zone across DST changes (a 07:30 meeting in Richardson stays 07:30 in summer
and winter); their rules are read and walked by :mod:`planner.model.repeats`.
Expansion is always bounded: by the query window, the rule's own COUNT/UNTIL, a
horizon after the trip, and :data:`MAX_OCCURRENCES`.

Days of untimed items (a date, a part of day, a span) do not move with the
viewing zone: "morning of 7 November in Gwangju" stays on 7 November even when
the agenda is read in Dallas. Only exact times are converted. Which days an
occurrence covers is :func:`planner.model.days.days_covered` (ends exclusive:
an event ending at 00:00 is not on the next day; a month is on no day).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Literal

from planner.model.days import DayRange, days_covered
from planner.model.repeats import series_of
from planner.model.rules import involves, takes_part_in_trip
from planner.model.trip import Event, Override, Trip
from planner.model.when import (
    PARTS_OF_DAY,
    Exact,
    InMonth,
    OnDate,
    PartOfDay,
    When,
)

MAX_OCCURRENCES = 2000
"""Upper bound on the occurrences one recurring event may expand to."""

HORIZON = timedelta(days=366)
"""How far past its trip an open-ended series is expanded when no window is given."""

ZoneView = Literal["event", "home"] | tzinfo
"""Which zone a day is read in: the event's own, the trip's home zone, or any zone."""


@dataclass(frozen=True)
class Occurrence:
    """One dated (or undated) happening of an event; a series yields several."""

    trip: Trip
    event: Event
    when: When
    recurrence_date: date | None = None
    """For a repeated event, the local date of this occurrence."""

    @property
    def key(self) -> str:
        suffix = f"@{self.recurrence_date.isoformat()}" if self.recurrence_date else ""
        return f"{self.trip.id}/{self.event.id}{suffix}"

    def zone(self, view: ZoneView) -> tzinfo:
        if view == "event":
            return self.event.tz
        if view == "home":
            return self.trip.home_tz
        return view

    def days(self, view: ZoneView = "event") -> DayRange | None:
        """The first and last day this occurrence covers read in ``view`` (see :func:`days_covered`).

        ``None`` for a month or an unscheduled item: those are never on a day.
        Kept for the last view asked: sorting, windowing, grouping and labelling
        an occurrence all ask, a listing of a thousand occurrences four times each.
        """
        memo = self.__dict__.get("_days")
        if memo is not None and memo[0] is view:
            return memo[1]  # type: ignore[no-any-return]
        covered = days_covered(self.when, self.zone(view))
        object.__setattr__(self, "_days", (view, covered))
        return covered

    def day(self, view: ZoneView = "event") -> date | None:
        """The first calendar day this occurrence covers, as read in ``view``; ``None`` if none."""
        covered = self.days(view)
        return None if covered is None else covered[0]

    def last_day(self, view: ZoneView = "event") -> date | None:
        """The last calendar day this occurrence covers (an end at 00:00 is the day before)."""
        covered = self.days(view)
        return None if covered is None else covered[1]

    def order_in_day(self, view: ZoneView = "event") -> int:
        """Minutes used only to order a day: all-day first, then by time or part of day."""
        w = self.when
        if isinstance(w, Exact):
            t = w.start.astimezone(self.zone(view))
            return t.hour * 60 + t.minute
        if isinstance(w, PartOfDay):
            # The start of each part's range; for ordering, never for display.
            return (5, 6, 12, 13, 18, 21)[PARTS_OF_DAY.index(w.part)] * 60
        if isinstance(w, OnDate):
            # "Time not given" could be any hour: list it after what is known.
            return 24 * 60
        return -1  # spans and months lead the day

    def sort_key(self, view: ZoneView = "event") -> tuple:
        d = self.day(view)
        # What is on no day comes last: months in order, then the unscheduled.
        return (
            d is None,
            d or self.when.local_date() or date.max,
            self.order_in_day(view),
            self.trip.id,
            self.event.id,
            self.recurrence_date or date.min,
        )

    def involves(self, person_id: str) -> bool:
        """Whether the person takes part; an event naming no one is the whole delegation's."""
        return involves(self.trip, self.event, person_id)

    def covers(self, day: date, view: ZoneView = "event") -> bool:
        """Whether ``day`` (read in ``view``) is one of the days this occurrence covers."""
        covered = self.days(view)
        return covered is not None and covered[0] <= day <= covered[1]


def expand(trip: Trip, event: Event, start: date | None = None, end: date | None = None) -> list[Occurrence]:
    """All occurrences of ``event`` whose day lies in ``[start, end]`` (either may be open)."""
    if event.repeat is None:
        return [Occurrence(trip, event, event.when)]
    base_day = event.when.local_date()
    if base_day is None:
        return [Occurrence(trip, event, event.when)]
    if isinstance(event.when, Exact):
        dtstart = event.when.start.replace(tzinfo=None)
    else:
        dtstart = datetime.combine(base_day, time())
    horizon = end or max(trip.last_day, base_day) + HORIZON
    if end is not None and event.repeat.overrides:
        # An occurrence due after the window may have been moved into it: walk the
        # series to the last changed one (the caller keeps what lands in the window).
        horizon = max(horizon, max(o.of for o in event.repeat.overrides))
    series = series_of(event.repeat.rule, dtstart, horizon)
    skip = set(event.repeat.exceptions)
    changed = {o.of: o for o in event.repeat.overrides}
    out: list[Occurrence] = []
    before = None if start is None else start - timedelta(days=1)
    for n, occ in enumerate(series):
        day = occ.date()
        if n >= MAX_OCCURRENCES or day > horizon:
            break
        if day in skip or (before is not None and day < before and day not in changed):
            continue
        override = changed.get(day)
        if override is None:
            out.append(Occurrence(trip, event, _moved(event.when, occ, base_day), recurrence_date=day))
        else:
            out.append(_overridden(trip, event, override, _moved(event.when, occ, base_day)))
    return out


def _overridden(trip: Trip, event: Event, o: Override, usual: When) -> Occurrence:
    """The occurrence due on ``o.of``, at its new time and with its own title, status and notes."""
    shown = event
    if o.title or o.status or o.notes:
        shown = replace(
            event, title=o.title or event.title, status=o.status or event.status, notes=o.notes or event.notes
        )
    return Occurrence(trip, shown, o.when or usual, recurrence_date=o.of)


def _moved(when: When, occ: datetime, base_day: date) -> When:
    delta = occ.date() - base_day
    if isinstance(when, Exact):
        tz = when.start.tzinfo
        start = occ.replace(tzinfo=tz)
        end = None
        if when.end is not None:
            length = when.end - when.start
            end = (start + length).astimezone(when.end.tzinfo)
        return Exact(start, end)
    return when.shifted(delta)


def occurrences(
    trips: Iterable[Trip],
    *,
    start: date | None = None,
    end: date | None = None,
    view: ZoneView = "event",
    trip_id: str | None = None,
    person: str | None = None,
    org: str | None = None,
    include_unscheduled: bool = True,
) -> list[Occurrence]:
    """Every occurrence across ``trips`` in timeline order, filtered.

    ``start``/``end`` are inclusive days read in ``view``. Unscheduled items
    and months have no day: they are kept when their trip overlaps the window.
    """
    out: list[Occurrence] = []
    windowed = start is not None or end is not None
    for trip in trips:
        if trip_id is not None and trip.id != trip_id:
            continue
        for ev in trip.events:
            if org is not None and org not in ev.orgs:
                continue
            if windowed and _surely_outside(ev, start, end):
                continue
            for occ in expand(trip, ev, start, end):
                if person is not None and not occ.involves(person):
                    continue
                if not _in_window(occ, start, end, view, include_unscheduled):
                    continue
                out.append(occ)
    out.sort(key=lambda o: o.sort_key(view))
    return out


_SLACK = timedelta(days=2)
"""More than any two zones' calendar days can differ (UTC+14 against UTC-12 is 26 hours)."""


def _surely_outside(ev: Event, start: date | None, end: date | None) -> bool:
    """A cheap test that a one-off dated event cannot touch ``[start, end]`` in any view.

    Only skips work: anything it is unsure of (repeats, months, undated items)
    goes through :func:`expand` and :func:`_in_window` as before.
    """
    if ev.repeat is not None:
        return False
    covered = days_covered(ev.when)
    if covered is None:
        return False
    first, last = covered
    return (start is not None and last + _SLACK < start) or (end is not None and first - _SLACK > end)


def _in_window(occ: Occurrence, start: date | None, end: date | None, view: ZoneView, unscheduled: bool) -> bool:
    covered = occ.days(view)
    if covered is None:
        if isinstance(occ.when, InMonth):
            lo, hi = occ.when.first, occ.when.last
        elif not unscheduled:
            return False
        else:
            lo, hi = occ.trip.first_day, occ.trip.last_day
        return (start is None or hi >= start) and (end is None or lo <= end)
    first, last = covered
    return (start is None or last >= start) and (end is None or first <= end)


def on_day(trips: Iterable[Trip], day: date, view: ZoneView = "event", **filters: Any) -> list[Occurrence]:
    """The occurrences that fall on ``day`` as read in ``view`` (spans included)."""
    occs = occurrences(trips, start=day, end=day, view=view, include_unscheduled=False, **filters)
    return sorted((o for o in occs if o.covers(day, view)), key=lambda o: (o.order_in_day(view), o.sort_key(view)))


def by_day(occs: Iterable[Occurrence], view: ZoneView = "event") -> Iterator[tuple[date | None, list[Occurrence]]]:
    """Group ordered occurrences by the first day they cover; ``None`` collects, last, what is on no day.

    Months and unscheduled items are on no day (:func:`~planner.model.days.days_covered`).
    """
    groups: dict[date | None, list[Occurrence]] = {}
    for o in occs:
        d = o.day(view)
        groups.setdefault(d, []).append(o)
    for d in sorted(k for k in groups if k is not None):
        yield d, groups[d]
    if None in groups:
        yield None, groups[None]


def trips_of_person(trips: Iterable[Trip], person_id: str) -> list[Trip]:
    """Trips in which the person is a member or takes part in an event."""
    out = []
    for trip in trips:
        if takes_part_in_trip(trip, person_id):
            out.append(trip)
    return out
