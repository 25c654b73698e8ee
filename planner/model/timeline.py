"""Queries over trips: the ordered timeline, a day's events in any zone, filters.

Recurring events are expanded here with :mod:`dateutil.rrule`, keeping the
wall-clock time in the event's own zone across DST changes (a 07:30 meeting in
Richardson stays 07:30 in summer and winter). Expansion is always bounded: by
the query window, the rule's own COUNT/UNTIL, a horizon after the trip, and
:data:`MAX_OCCURRENCES`.

Days of untimed items (a date, a part of day, a span) do not move with the
viewing zone: "morning of 7 November in Gwangju" stays on 7 November even when
the agenda is read in Dallas. Only exact times are converted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Literal

from planner.model.rules import involves, takes_part_in_trip
from planner.model.trip import Event, Trip
from planner.model.when import (
    PARTS_OF_DAY,
    Exact,
    InMonth,
    OnDate,
    PartOfDay,
    Span,
    Unscheduled,
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

    def day(self, view: ZoneView = "event") -> date | None:
        """The calendar day this occurrence falls on, as read in ``view``."""
        return self.when.day_in(self.zone(view))

    def last_day(self, view: ZoneView = "event") -> date | None:
        w = self.when
        if isinstance(w, Exact):
            end = w.end or w.start
            return end.astimezone(self.zone(view)).date()
        if isinstance(w, Span):
            return w.last
        if isinstance(w, InMonth):
            return w.last
        return w.local_date()

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
        return (
            d is None,
            d or date.max,
            self.order_in_day(view),
            self.trip.id,
            self.event.id,
            self.recurrence_date or date.min,
        )

    def involves(self, person_id: str) -> bool:
        """Whether the person takes part; an event naming no one is the whole delegation's."""
        return involves(self.trip, self.event, person_id)

    def covers(self, day: date, view: ZoneView = "event") -> bool:
        first = self.day(view)
        if first is None:
            return False
        if isinstance(self.when, InMonth):
            return False  # a month is not a day: it is listed with the month, not each day
        last = self.last_day(view) or first
        return first <= day <= last


def expand(trip: Trip, event: Event, start: date | None = None, end: date | None = None) -> list[Occurrence]:
    """All occurrences of ``event`` whose day lies in ``[start, end]`` (either may be open)."""
    if event.repeat is None:
        return [Occurrence(trip, event, event.when)]
    base_day = event.when.local_date()
    if base_day is None:
        return [Occurrence(trip, event, event.when)]
    # dateutil.rrule (and the calendar and locale modules it brings) is imported only
    # when a series is expanded: commands over one-off events never pay for it.
    from dateutil.rrule import rrulestr

    if isinstance(event.when, Exact):
        dtstart = event.when.start.replace(tzinfo=None)
    else:
        dtstart = datetime.combine(base_day, time())
    rule = rrulestr(event.repeat.rule, dtstart=dtstart, ignoretz=True)
    horizon = end or max(trip.last_day, base_day) + HORIZON
    skip = set(event.repeat.exceptions)
    out: list[Occurrence] = []
    for n, occ in enumerate(_series(rule, dtstart, horizon)):
        if n >= MAX_OCCURRENCES or occ.date() > horizon:
            break
        day = occ.date()
        if day in skip or (start is not None and day < start - timedelta(days=1)):
            continue
        out.append(Occurrence(trip, event, _moved(event.when, occ, base_day), recurrence_date=day))
    return out


_FILTERS = (
    "byweekday",
    "bymonthday",
    "byyearday",
    "byweekno",
    "bymonth",
    "byeaster",
    "bysetpos",
    "byhour",
    "byminute",
    "bysecond",
)


_DAY_FILTERS = ("byweekday", "bymonthday", "byyearday", "byweekno", "byeaster")


@dataclass(frozen=True)
class RuleFields:
    """What dateutil parsed a rule into, as the shortcuts below need it."""

    freq: int
    """``YEARLY`` (0) ... ``SECONDLY`` (6)."""
    interval: int
    wkst: int
    """First day of the week, 0 for Monday."""
    count: int | None
    byweekday: tuple[int, ...] | None
    """Plain weekdays of BYDAY (0 for Monday); ``+3TH`` and the like are not here."""
    filters: frozenset[str]
    """Which of :data:`_FILTERS` the rule itself gives (dateutil fills some in from DTSTART)."""


def rule_fields(rule: Any) -> RuleFields | None:
    """The fields of a dateutil ``rrule``, or ``None`` when this dateutil does not keep them as expected.

    dateutil has no public way to read a rule's frequency, interval and filters
    back, only private attributes (``_freq``, ``_original_rule``, ...). They are
    read here and nowhere else, and checked: with ``None`` the callers take the
    public way, slower on some rules but with the same results. A test
    (``tests/test_rrule_fields.py``) notices when dateutil changes them.
    """
    from dateutil.rrule import rrule

    if not isinstance(rule, rrule):
        return None
    try:
        freq, interval, wkst, count = rule._freq, rule._interval, rule._wkst, rule._count
        byweekday, original = rule._byweekday, rule._original_rule
    except AttributeError:
        return None
    if not (
        all(type(v) is int for v in (freq, interval, wkst))
        and (count is None or type(count) is int)
        and (byweekday is None or (isinstance(byweekday, tuple) and all(type(d) is int for d in byweekday)))
        and isinstance(original, dict)
    ):
        return None
    return RuleFields(freq, interval, wkst, count, byweekday, frozenset(k for k in _FILTERS if original.get(k)))


def _series(rule: Any, dtstart: datetime, horizon: date) -> Iterator[datetime]:
    """The occurrences of a dateutil ``rrule`` from ``dtstart`` on, in order (to ``horizon`` at least).

    With an INTERVAL and a day filter that never line up (``FREQ=DAILY;
    INTERVAL=7;BYDAY=TU`` from a Monday: every seventh day is a Monday),
    dateutil looks for the next match period by period up to the year 9999,
    seconds per expansion, before it says there is none. The same occurrences
    are the INTERVAL=1 rule's (which has matches regularly, or the reader
    refused it: :func:`never_happens`) that fall in every INTERVAL-th period
    counted from ``dtstart``'s, which is how dateutil steps; so this walks
    those and stops at the caller's horizon like any other series. COUNT is
    counted here, on the kept occurrences; UNTIL stays in the rule.
    """
    from itertools import islice, takewhile

    from dateutil.rrule import HOURLY

    start = dtstart - timedelta(seconds=1)
    fields = rule_fields(rule)
    if fields is None or fields.interval <= 1 or fields.freq > HOURLY or not fields.filters:
        # Minutely and secondly: walking every minute or second to the horizon would
        # cost more than dateutil's own search (about 1.3 s when it finds nothing).
        # Without the rule's fields (another dateutil): dateutil's own walk, same occurrences.
        it: Iterator[datetime] = rule.xafter(start, inc=True)
        return it
    freq, wkst, interval, count = fields.freq, fields.wkst, fields.interval, fields.count
    every = rule.replace(interval=1, count=None)
    candidates = takewhile(lambda occ: occ.date() <= horizon, every.xafter(start, inc=True))
    kept = (occ for occ in candidates if _period(freq, wkst, dtstart, occ) % interval == 0)
    return islice(kept, count) if count else kept


def _period(freq: int, wkst: int, first: datetime, occ: datetime) -> int:
    """How many ``freq`` periods (years ... seconds; weeks starting on ``wkst``) ``occ`` lies after ``first``."""
    from dateutil.rrule import DAILY, HOURLY, MINUTELY, MONTHLY, WEEKLY, YEARLY

    if freq == YEARLY:
        return occ.year - first.year
    if freq == MONTHLY:
        return (occ.year - first.year) * 12 + occ.month - first.month
    if freq == WEEKLY:

        def week(d: datetime) -> date:
            return d.date() - timedelta(days=(d.weekday() - wkst) % 7)

        return (week(occ) - week(first)).days // 7
    days = (occ.date() - first.date()).days
    if freq == DAILY:
        return days
    hours = days * 24 + occ.hour - first.hour
    if freq == HOURLY:
        return hours
    minutes = hours * 60 + occ.minute - first.minute
    if freq == MINUTELY:
        return minutes
    return minutes * 60 + occ.second - first.second


def never_happens(rule: str, first: date) -> bool:
    """Whether a valid repeat rule matches no day at all (``BYMONTH=2;BYMONTHDAY=30``).

    dateutil looks for the next match day by day up to the year 9999 and never
    gives up sooner, so such a rule would stall every expansion for seconds.
    The Gregorian calendar repeats every 400 years, so this looks at the rule's
    day filters (interval 1, no COUNT/UNTIL) over 800 years from 9200, the same
    point of the cycle as 2000, in a fraction of a second.

    >>> never_happens("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", date(2021, 1, 1))
    True
    >>> never_happens("FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=29", date(2021, 1, 1))
    False
    """
    from dateutil.rrule import MONTHLY, rrulestr

    start = datetime(9200, first.month, first.day)
    try:
        rule_ = rrulestr(rule, dtstart=start, ignoretz=True)
        changes: dict[str, Any] = {"dtstart": start, "interval": 1, "count": None, "until": None, "bysetpos": None}
        fields = rule_fields(rule_)
        # Without the rule's fields (another dateutil) the rule itself is probed: the same
        # answer, found more slowly for weekly and finer rules.
        if fields is not None and fields.freq > MONTHLY:  # weekly and finer: only the day filters matter
            if not fields.filters & frozenset(_DAY_FILTERS):
                return False  # at most BYMONTH: some day of every year matches
            changes.update(freq=MONTHLY, byhour=None, byminute=None, bysecond=None, byweekday=fields.byweekday or None)
        probe = rule_.replace(**changes)
        return next(iter(probe), None) is None
    except (ValueError, TypeError, OverflowError, KeyError):
        return False  # not this function's to judge: the readers check the rule itself


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
    w = ev.when
    if isinstance(w, Exact):
        first = w.start.date()
        last = w.end.date() if w.end is not None else first
    elif isinstance(w, (OnDate, PartOfDay)):
        first = last = w.day
    elif isinstance(w, Span):
        first, last = w.first, w.last
    else:
        return False
    return (start is not None and last + _SLACK < start) or (end is not None and first - _SLACK > end)


def _in_window(occ: Occurrence, start: date | None, end: date | None, view: ZoneView, unscheduled: bool) -> bool:
    first = occ.day(view)
    if first is None or isinstance(occ.when, InMonth):
        if first is None and not unscheduled:
            return False
        lo, hi = (
            (occ.when.first, occ.when.last)
            if isinstance(occ.when, InMonth)
            else (occ.trip.first_day, occ.trip.last_day)
        )
        return (start is None or hi >= start) and (end is None or lo <= end)
    last = occ.last_day(view) or first
    return (start is None or last >= start) and (end is None or first <= end)


def on_day(trips: Iterable[Trip], day: date, view: ZoneView = "event", **filters: Any) -> list[Occurrence]:
    """The occurrences that fall on ``day`` as read in ``view`` (spans included)."""
    occs = occurrences(trips, start=day, end=day, view=view, include_unscheduled=False, **filters)
    return sorted((o for o in occs if o.covers(day, view)), key=lambda o: (o.order_in_day(view), o.sort_key(view)))


def by_day(occs: Iterable[Occurrence], view: ZoneView = "event") -> Iterator[tuple[date | None, list[Occurrence]]]:
    """Group ordered occurrences by their first day; ``None`` collects unscheduled ones last."""
    groups: dict[date | None, list[Occurrence]] = {}
    for o in occs:
        d = None if isinstance(o.when, Unscheduled) else o.day(view)
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
