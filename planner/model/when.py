"""When an event happens, stated only as precisely as the source allows.

A press report may give an exact time ("07:30-09:00"), a date alone, a part of
the day ("오전", morning), a span of days, a month, or nothing but "during the
trip". Each is its own type, so no code path can quietly turn "morning" into an
invented 09:00. All types are frozen and hashable.

The inclusive-versus-exclusive rule for days lives here and only here: a
:class:`Span` stores its *inclusive* last day, as people say it ("18-21
October"); the iCalendar writer adds one day for the exclusive DTEND. Which
days any of these covers (an exact end is exclusive: 22:00-00:00 is one day;
a month is on no day) is :func:`planner.model.days.days_covered`.

>>> from zoneinfo import ZoneInfo
>>> seoul = ZoneInfo("Asia/Seoul")
>>> w = Exact(datetime(2021, 10, 19, 10, 0, tzinfo=seoul))
>>> w.precision
'exact'
>>> w.local_date()
datetime.date(2021, 10, 19)
>>> w.day_in(ZoneInfo("America/Chicago"))
datetime.date(2021, 10, 18)
>>> PartOfDay(date(2022, 11, 7), "morning").label()
'morning'
>>> Span(date(2021, 10, 18), date(2021, 10, 21)).days()[-1]
datetime.date(2021, 10, 21)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

YEARS = range(1900, 2201)
"""Years a trip's dates may fall in; far-off years are typing mistakes (and overflow date arithmetic)."""

PARTS_OF_DAY: tuple[str, ...] = ("early morning", "morning", "midday", "afternoon", "evening", "night")
"""Parts of day the planner understands, in the order they fall in a day."""

PartName = Literal["early morning", "morning", "midday", "afternoon", "evening", "night"]


def zone_name(tz: tzinfo | None) -> str:
    """The IANA name of a zone (``Asia/Seoul``), or its ``str`` if it has none."""
    if tz is None:
        return "floating"
    return getattr(tz, "key", None) or str(tz)


@dataclass(frozen=True)
class Exact:
    """A known start (and perhaps end), each with its own IANA zone.

    The end's zone may differ from the start's, as on a flight from Seoul to
    Dallas. ``end`` is ``None`` when the source gives a start time only.
    """

    start: datetime
    """Aware start time in the zone where it happens."""
    end: datetime | None = None
    """Aware end time, possibly in another zone, or ``None`` if not given."""

    precision = "exact"

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError("an exact time needs a time zone")
        if self.end is not None:
            if self.end.tzinfo is None:
                raise ValueError("an exact end time needs a time zone")
            if self.end < self.start:
                raise ValueError("the end is before the start")

    def local_date(self) -> date:
        return self.start.date()

    def day_in(self, tz: tzinfo) -> date:
        """The calendar day of the start as seen in ``tz``."""
        return self.start.astimezone(tz).date()

    def label(self) -> str:
        return self.start.strftime("%H:%M") + (f"–{self.end.strftime('%H:%M')}" if self.end else "")

    def shifted(self, delta: timedelta) -> Exact:
        return Exact(self.start + delta, self.end + delta if self.end else None)


@dataclass(frozen=True)
class OnDate:
    """A known calendar day with no time given."""

    day: date
    precision = "date"

    def local_date(self) -> date:
        return self.day

    def day_in(self, tz: tzinfo) -> date:
        return self.day

    def label(self) -> str:
        return "time not given"

    def shifted(self, delta: timedelta) -> OnDate:
        return OnDate(self.day + timedelta(days=delta.days))


@dataclass(frozen=True)
class PartOfDay:
    """A known day and a part of it ("morning"), but no clock time."""

    day: date
    part: str
    precision = "part"

    def __post_init__(self) -> None:
        if self.part not in PARTS_OF_DAY:
            raise ValueError(f"unknown part of day {self.part!r}; use one of: {', '.join(PARTS_OF_DAY)}")

    def local_date(self) -> date:
        return self.day

    def day_in(self, tz: tzinfo) -> date:
        return self.day

    def label(self) -> str:
        return self.part

    def shifted(self, delta: timedelta) -> PartOfDay:
        return PartOfDay(self.day + timedelta(days=delta.days), self.part)


@dataclass(frozen=True)
class Span:
    """Several whole days, ``first`` to ``last`` inclusive ("18-21 October")."""

    first: date
    last: date
    precision = "span"

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("the span ends before it starts")

    def local_date(self) -> date:
        return self.first

    def day_in(self, tz: tzinfo) -> date:
        return self.first

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    def label(self) -> str:
        n = (self.last - self.first).days + 1
        return f"{self.first:%d %b}–{self.last:%d %b} ({n} days)"

    def shifted(self, delta: timedelta) -> Span:
        d = timedelta(days=delta.days)
        return Span(self.first + d, self.last + d)


@dataclass(frozen=True)
class InMonth:
    """Some time in a month; the day is not known yet."""

    year: int
    month: int
    precision = "month"

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not between 1 and 12")

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        import calendar  # imported here: only a month's last day needs it, and it imports locale

        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def local_date(self) -> date:
        return self.first

    def day_in(self, tz: tzinfo) -> date:
        return self.first

    def label(self) -> str:
        return f"sometime in {self.first:%B %Y}"

    def shifted(self, delta: timedelta) -> InMonth:
        return self


@dataclass(frozen=True)
class Unscheduled:
    """Happens during the trip; the source gives no date."""

    precision = "unscheduled"

    def local_date(self) -> None:
        return None

    def day_in(self, tz: tzinfo) -> None:
        return None

    def label(self) -> str:
        return "unscheduled"

    def shifted(self, delta: timedelta) -> Unscheduled:
        return self


When = Exact | OnDate | PartOfDay | Span | InMonth | Unscheduled
"""Any of the precision kinds above."""

PRECISIONS: tuple[str, ...] = ("exact", "date", "part", "span", "month", "unscheduled")
