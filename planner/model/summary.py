"""A trip in a few plain values: what ``planner trips`` lists, and which days the trip can touch.

The trip cache keeps one :class:`TripSummary` per trip file in its small
index (:mod:`planner.storage.cache`), so ``planner trips`` never has to
unpickle 10,000 events, and ``planner agenda DAY`` unpickles only the trips
whose days can include ``DAY``. It is a plain class of strings, numbers and
dates rather than a dataclass holding zones: building dataclasses and loading
the zone database are start-up time that listing trips does not need.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.model.trip import Trip

SLACK_DAYS = 3
"""Days added on each side of a trip's days. An instant's calendar day differs
between any two zones by at most two (UTC-12 against UTC+14 is 26 hours); the
third day is a margin, since being wrong here would drop events from an agenda."""

NO_DAYS = (1, 0)
"""The ordinal range of a trip with nothing on any day (only months and unscheduled items)."""


class TripSummary:
    """What the trips table shows of a trip, and the ordinals of the days its events can fall on."""

    __slots__ = (
        "days",
        "event_count",
        "first",
        "home_zone",
        "id",
        "last",
        "local_zone",
        "month_only",
        "organisations",
        "people",
        "status",
        "title",
        "title_ko",
    )

    def __init__(
        self,
        id: str,
        title: str,
        title_ko: str,
        status: str,
        home_zone: str,
        local_zone: str | None,
        first: date,
        last: date,
        month_only: bool,
        event_count: int,
        people: tuple[str, ...],
        organisations: tuple[str, ...],
        days: tuple[int, int] | None,
    ):
        self.id = id
        self.title = title
        self.title_ko = title_ko
        self.status = status
        self.home_zone = home_zone
        self.local_zone = local_zone
        """The events' default zone, or ``None`` when the trip gives none (the home zone is used)."""
        self.first = first
        self.last = last
        self.month_only = month_only
        """Whether only the month is known (a draft): ``first`` and ``last`` are the month's ends."""
        self.event_count = event_count
        self.people = people
        """Ids of the people the trip file describes (not only its members)."""
        self.organisations = organisations
        self.days = days
        """Ordinals ``(first, last)`` no occurrence of any event can fall outside of, in any zone;
        ``None`` when unknown (the trip is then always looked at)."""

    @classmethod
    def of(cls, trip: Trip, *, with_days: bool = False) -> TripSummary:
        """The summary of ``trip``; ``with_days`` also works out its days (expanding every series)."""
        from planner.model.when import InMonth, zone_name

        return cls(
            trip.id,
            trip.title,
            trip.title_ko,
            trip.status,
            zone_name(trip.home_tz),
            None if trip.local_tz is None else zone_name(trip.local_tz),
            trip.first_day,
            trip.last_day,
            isinstance(trip.dates, InMonth),
            len(trip.events),
            tuple(p.id for p in trip.people),
            tuple(o.id for o in trip.organisations),
            day_span(trip) if with_days else None,
        )

    def may_fall_on(self, day: date) -> bool:
        """Whether an occurrence of one of the trip's events can cover ``day`` read in some zone."""
        return self.days is None or self.days[0] <= day.toordinal() <= self.days[1]

    def to_record(self) -> tuple[Any, ...]:
        """Plain values (strings, numbers, tuples) for the cache index: unpickling them builds no class."""
        return (
            self.id,
            self.title,
            self.title_ko,
            self.status,
            self.home_zone,
            self.local_zone,
            self.first.toordinal(),
            self.last.toordinal(),
            self.month_only,
            self.event_count,
            self.people,
            self.organisations,
            self.days,
        )

    @classmethod
    def from_record(cls, record: Any) -> TripSummary:
        """The summary :meth:`to_record` gave; ``ValueError`` for anything else."""
        if not isinstance(record, tuple) or len(record) != 13:
            raise ValueError("not a trip summary")
        (id_, title, title_ko, status, home, local, first, last, month_only, count, people, orgs, days) = record
        texts_ok = all(isinstance(v, str) for v in (id_, title, title_ko, status, home))
        ids_ok = all(isinstance(v, tuple) and all(isinstance(i, str) for i in v) for v in (people, orgs))
        days_ok = days is None or (isinstance(days, tuple) and len(days) == 2 and all(type(d) is int for d in days))
        if not (
            texts_ok
            and ids_ok
            and days_ok
            and (local is None or isinstance(local, str))
            and type(first) is int
            and type(last) is int
            and type(month_only) is bool
            and type(count) is int
        ):
            raise ValueError("malformed trip summary")
        return cls(
            id_,
            title,
            title_ko,
            status,
            home,
            local,
            date.fromordinal(first),
            date.fromordinal(last),
            month_only,
            count,
            people,
            orgs,
            days,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TripSummary):
            return NotImplemented
        return self.to_record() == other.to_record()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TripSummary({self.id!r}, days={self.days!r})"


def day_span(trip: Trip) -> tuple[int, int] | None:
    """Ordinals of the first and last day any occurrence of ``trip`` can cover, read in any zone.

    Every occurrence a query could ever produce is one of the first
    :data:`~planner.model.timeline.MAX_OCCURRENCES` of its series, so the
    series are expanded without a window (once, when the cache entry is
    written). Days are those :func:`~planner.model.days.days_covered` gives in
    the event's zone (months and unscheduled items are on none), widened by
    :data:`SLACK_DAYS` for every other zone. ``None`` when
    the days cannot be worked out: then the trip is looked at for every day.
    """
    from planner.model.days import days_covered
    from planner.model.timeline import expand

    lo: date | None = None
    hi: date | None = None
    try:
        for ev in trip.events:
            whens = [o.when for o in expand(trip, ev, None, date.max)] if ev.repeat is not None else [ev.when]
            for w in whens:
                covered = days_covered(w, ev.tz)  # the slack covers reading it in any other zone
                if covered is None:
                    continue
                first, last = covered
                lo = first if lo is None or first < lo else lo
                hi = last if hi is None or last > hi else hi
    except Exception:
        return None
    if lo is None or hi is None:
        return NO_DAYS
    return lo.toordinal() - SLACK_DAYS, hi.toordinal() + SLACK_DAYS
