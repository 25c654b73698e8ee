"""The month calendar's model: six-or-so weeks of days, each with what is on it, without Textual.

The TUI's month screen (:mod:`planner.tui.screens.month`) only draws this
grid. Every day of the weeks that touch the month is a cell, empty days
included; an event covering several days is listed on each of them; what the
timeline's filter hides is left out here too.

>>> from planner.model.trip import Trip
>>> from planner.model.when import Span
>>> from zoneinfo import ZoneInfo
>>> trip = Trip(id="t", title="T", home_tz=ZoneInfo("UTC"), dates=Span(date(2021, 10, 18), date(2021, 10, 27)))
>>> grid = month_grid([trip], 2021, 10)
>>> grid.title, len(grid.weeks), grid.weeks[0][0].day, grid.weeks[0][0].in_month
('October 2021 · 2021년 10월', 5, datetime.date(2021, 9, 27), False)
>>> [c.trips for c in grid.weeks[3]][:2]
[('t',), ('t',)]
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from planner.model.timeline import Occurrence, ZoneView, occurrences
from planner.model.trip import Trip
from planner.model.when import Exact
from planner.views.filtering import Filter, keeps

WEEKDAYS = ("Mon 월", "Tue 화", "Wed 수", "Thu 목", "Fri 금", "Sat 토", "Sun 일")
"""Column headings, Monday first, in English and Korean."""


@dataclass(frozen=True)
class Entry:
    """One thing on a day: its time (``""`` when it has no clock time) and title."""

    time: str
    title: str
    key: str
    """The timeline row key of the occurrence."""


@dataclass(frozen=True)
class DayCell:
    day: date
    in_month: bool
    entries: tuple[Entry, ...] = ()
    trips: tuple[str, ...] = ()
    """Ids of the trips whose dates cover the day (an empty day of a trip is still the trip's)."""


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    weeks: tuple[tuple[DayCell, ...], ...]

    @property
    def title(self) -> str:
        return f"{date(self.year, self.month, 1):%B %Y} · {self.year}년 {self.month}월"

    def cell(self, day: date) -> DayCell | None:
        for week in self.weeks:
            for c in week:
                if c.day == day:
                    return c
        return None


def shift_month(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), kept within the month: 31 Jan + 1 → 28 Feb."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _title(occ: Occurrence) -> str:
    ev = occ.event
    return " ".join((ev.title or ev.title_ko).split())


def month_grid(
    trips: Iterable[Trip], year: int, month: int, flt: Filter = Filter(), view: ZoneView = "event"
) -> MonthGrid:
    """The weeks (Monday to Sunday) that touch ``year``-``month``, each day with what ``flt`` keeps on it."""
    trips = list(trips)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    on: dict[date, list[Entry]] = {}
    found = occurrences(trips, start=first, end=last, view=view, trip_id=flt.trip, include_unscheduled=False)
    narrowing = flt.without_trip()
    for occ in sorted(found, key=lambda o: o.sort_key(view)):
        if narrowing and not (keeps(occ, narrowing) and narrowing.matches_text(occ)):
            continue
        covered = occ.days(view)
        if covered is None:
            continue
        time = ""
        if occ.when.precision == "exact":
            time = cast(Exact, occ.when).start.astimezone(occ.zone(view)).strftime("%H:%M")
        entry = Entry(time, _title(occ), occ.key)
        day = max(covered[0], first)
        while day <= min(covered[1], last):
            on.setdefault(day, []).append(entry)
            day += timedelta(days=1)
    shown = [t for t in trips if flt.trip is None or t.id == flt.trip]
    cells = tuple(
        tuple(
            DayCell(
                d,
                d.month == month,
                tuple(on.get(d, ())),
                tuple(t.id for t in shown if t.first_day <= d <= t.last_day),
            )
            for d in week
        )
        for week in weeks
    )
    return MonthGrid(year, month, cells)
