"""Helpers several checks share: references to events, people's names, event times and durations as written in messages."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from planner.checks.findings import EventRef, Finding
from planner.model.days import days_covered
from planner.model.timeline import Occurrence
from planner.model.trip import Event, Trip
from planner.model.when import Exact, OnDate, PartOfDay, When
from planner.text.labels import zone_abbrev
from planner.text.safe import clean

EN_WEEKDAY_PATTERN = (
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
)
"""English weekday names and their usual abbreviations, as a regular expression (weekdays and look-alike titles)."""

ASSUMED_LENGTH = timedelta(hours=1)
"""How long an event with a start time but no end is taken to last."""

MAX_PAIRS = 100_000
"""Pairs of events a pairwise check (look-alike per trip; overlap and travel per run) examines at most.

Each of those checks only compares events that could be a finding (sharing a
party, a person, a time or a day), so real trips stay far below this; a trip
of thousands of events all sharing one person at one time would need millions
of comparisons (and print as many findings). Past the limit, the check stops
and says so in one information finding (:func:`stopped`)."""


def stopped(check: str, trip_id: str, what: str) -> Finding:
    """The information finding of a pairwise check that reached :data:`MAX_PAIRS`."""
    return Finding(
        "info",
        check,
        trip_id,
        f"stopped after {MAX_PAIRS:,} pairs of events ({what}): the findings of this check are incomplete",
    )


def is_live(occ: Occurrence) -> bool:
    """Whether an occurrence counts for the overlap and travel checks (neither it nor its trip is cancelled)."""
    return occ.event.status != "cancelled" and occ.trip.status != "cancelled"


def occurrence_ref(occ: Occurrence) -> EventRef:
    return EventRef(occ.trip.id, occ.event.id, occ.day("event"), clean(occ.event.title, single_line=True))


def event_ref(trip: Trip, ev: Event) -> EventRef:
    covered = days_covered(ev.when)  # a month or no date: no day
    day = covered[0] if covered else None
    return EventRef(trip.id, ev.id, day, clean(ev.title, single_line=True))


def person_name(trips: dict[str, Trip], pid: str) -> str:
    """The display name of person ``pid`` from the first trip that knows them, else the id."""
    for t in trips.values():
        p = t.person(pid)
        if p is not None:
            return clean(p.display(), single_line=True)
    return pid


def interval(w: Exact) -> tuple[datetime, datetime, bool]:
    """Start, end and whether the end is assumed (:data:`ASSUMED_LENGTH`)."""
    if w.end is not None:
        return w.start, w.end, False
    return w.start, w.start + ASSUMED_LENGTH, True


def clock(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%H:%M} {zone_abbrev(local)}"


def duration(td: timedelta) -> str:
    """``2 h 05 min``, ``40 min``; negative spans read as their size."""
    minutes = abs(int(td.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def is_single_day(w: When) -> bool:
    return isinstance(w, (Exact, OnDate, PartOfDay))
