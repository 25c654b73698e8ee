"""What is on now and next, for the organiser on the ground: ``planner today`` and ``planner next``.

Everything is read at one moment, ``now`` (an aware date-time). A trip is
*under way* when the day ``now`` falls on in the trip's local zone is one of
its days. Each item is placed honestly, as precisely as the trip knows it:

* an exact time with an end is ``now`` while ``start <= now < end``, ``done``
  after its end, ``later`` before its start;
* an exact time without an end is ``started`` once its start has passed (the
  planner does not know when it ends) and ``later`` before;
* a day, a part of a day or a span covering today has no clock time, so it is
  ``today`` (with the part of day when known), never "now" or "next" at an
  invented hour.

:func:`upcoming` lists what comes next: today's items without a clock time
first (any of them may be next), then the exact times after ``now``, then
later days' items, in timeline order. Outside any trip, :func:`situation`
names the next trip and when it starts (or the last one, when none is ahead).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from planner.model.timeline import Occurrence, occurrences
from planner.model.trip import Trip
from planner.model.when import Exact, InMonth

STATES = ("done", "now", "started", "today", "later")


@dataclass(frozen=True)
class Placed:
    """One occurrence and where it stands at the moment asked about."""

    occ: Occurrence
    state: str
    """One of :data:`STATES`."""


@dataclass(frozen=True)
class Situation:
    """Where the organiser is in the plan at ``now``."""

    now: datetime
    under_way: tuple[Trip, ...]
    """Trips one of whose days is today (in the trip's local zone)."""
    today: tuple[Placed, ...]
    """Every occurrence of those trips on today's date (in each event's own zone)."""
    next_trip: Trip | None = None
    """With no trip under way: the next trip to start (``None`` if none is ahead)."""
    last_trip: Trip | None = None
    """With no trip under way and none ahead: the one that ended last."""


def local_day(trip: Trip, now: datetime) -> date:
    """The day ``now`` falls on where the trip's events happen."""
    return now.astimezone(trip.event_tz).date()


def is_under_way(trip: Trip, now: datetime) -> bool:
    if isinstance(trip.dates, InMonth):
        return False  # a month is no day: the trip's days are not known
    return trip.first_day <= local_day(trip, now) <= trip.last_day


def state(occ: Occurrence, now: datetime) -> str:
    """Where ``occ`` stands at ``now`` (see the module's description)."""
    w = occ.when
    if isinstance(w, Exact):
        if now < w.start:
            return "later"
        if w.end is None:
            return "started"
        return "now" if now < w.end else "done"
    day = now.astimezone(occ.event.tz).date()
    covered = occ.days()
    if covered is None or covered[1] < day:
        return "done"
    return "today" if covered[0] <= day else "later"


def situation(trips: Sequence[Trip], now: datetime) -> Situation:
    """The trips under way at ``now`` and their items today; else the next (or last) trip."""
    if now.tzinfo is None:
        raise ValueError("now must carry its zone")
    under_way = tuple(t for t in trips if is_under_way(t, now))
    today: list[Placed] = []
    for trip in under_way:
        day = local_day(trip, now)
        for occ in occurrences([trip], start=day, end=day, include_unscheduled=False):
            if occ.covers(now.astimezone(occ.event.tz).date()):
                today.append(Placed(occ, state(occ, now)))
    today.sort(key=lambda p: p.occ.sort_key())
    if under_way:
        return Situation(now, under_way, tuple(today))
    ahead = [t for t in trips if t.first_day > local_day(t, now)]
    if ahead:
        return Situation(now, (), (), next_trip=min(ahead, key=lambda t: (t.first_day, t.id)))
    behind = [t for t in trips if t.last_day < local_day(t, now)]
    last = max(behind, key=lambda t: (t.last_day, t.id)) if behind else None
    return Situation(now, (), (), last_trip=last)


def upcoming(trips: Sequence[Trip], now: datetime, count: int = 5) -> list[Placed]:
    """The next ``count`` items from ``now``: today's without a clock time, then what starts later.

    Items already done, running or started are left out (``planner today`` shows them).
    """
    if now.tzinfo is None:
        raise ValueError("now must carry its zone")
    out: list[Placed] = []
    first = min((now.astimezone(t.event_tz).date() for t in trips), default=now.date()) - timedelta(days=1)
    found = occurrences(trips, start=first, include_unscheduled=False)
    for occ in found:
        if isinstance(occ.when, InMonth):
            continue  # a month is on no day: never "next"
        where = state(occ, now)
        if where in ("today", "later"):
            out.append(Placed(occ, where))
    out.sort(key=_order)
    return out[:count]


def _order(p: Placed) -> tuple:
    """Today's untimed items first; then by day; in a day, exact times by the moment, then the untimed."""
    w = p.occ.when
    moment = w.start.timestamp() if isinstance(w, Exact) else float(p.occ.order_in_day())
    return (p.state != "today", p.occ.day() or date.max, not isinstance(w, Exact), moment, p.occ.key)


def home_zone(trip: Trip | None, fallback: tzinfo | None) -> tzinfo | None:
    """The zone shown beside local times: the trip's home zone, else the configured one."""
    return trip.home_tz if trip is not None else fallback


__all__ = ["STATES", "Placed", "Situation", "home_zone", "is_under_way", "local_day", "situation", "state", "upcoming"]
