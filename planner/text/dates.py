"""What people type for a date or time, turned into a :mod:`~planner.model.when` value.

This is the public face of the one reader of typed dates and times
(:mod:`planner.text.reader`, with its words in :mod:`planner.text.words`, the
Korean patterns in :mod:`planner.text.korean`, zones in
:mod:`planner.text.zones` and the year a day is in from :mod:`planner.text.years`).
The event and trip forms, "go to date" and the command line's ``--from``/
``--to``/``--today`` and ``agenda DATE`` all call it (the command line through
``planner.cli._common.parse_day``), each passing what it knows as a
:class:`Context`: today, the day in view, the trips in view. It never guesses:
a precision of "date only" with a time typed is an error, a day without a year
the trips in view do not settle is a question, a zone typed is used and said.

>>> from zoneinfo import ZoneInfo
>>> seoul = ZoneInfo("Asia/Seoul")
>>> korea = (TripDays("korea-2021", date(2021, 10, 18), date(2021, 10, 24)),)
>>> parse_when("2021-10-21 07:30", "exact", seoul).label()
'07:30'
>>> parse_when("7:30-9:00", "exact", seoul, day=date(2021, 10, 21)).label()
'07:30–09:00'
>>> parse_when("Oct 21 7:30am", "exact", seoul, trips=korea).start.isoformat()
'2021-10-21T07:30:00+09:00'
>>> parse_when("Oct 22 3pm CST", "exact", seoul, trips=korea).start.isoformat()
'2021-10-22T15:00:00-05:00'
>>> parse_when("10월 22일 오후 3시 +1:30", "exact", seoul, trips=korea).label()
'15:00–16:30'
>>> parse_when("tomorrow 10am", "exact", seoul, today=date(2021, 10, 18)).start.isoformat()
'2021-10-19T10:00:00+09:00'
>>> parse_when("Oct 18 to Oct 21", "span", seoul, trips=korea).label()
'18 Oct–21 Oct (4 days)'
>>> parse_when("2021-10-19", "date", seoul)
OnDate(day=datetime.date(2021, 10, 19))
>>> parse_when("9:00-7:30", "exact", seoul, day=date(2021, 10, 21))
Traceback (most recent call last):
...
planner.text.words.WhenError: the end (09:00 → 07:30) is before the start
>>> parse_day("Oct 19", None, date(2030, 1, 1))
Traceback (most recent call last):
...
planner.text.words.WhenError: Oct 19: which year? no trip to take it from; type the year too
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

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
from planner.text.reader import MAX_CHARS as MAX_CHARS
from planner.text.reader import Reading, read
from planner.text.words import Problem as Problem
from planner.text.words import WhenError as WhenError
from planner.text.years import Context as Context
from planner.text.years import TripDays as TripDays

PRECISION_CHOICES: tuple[tuple[str, str], ...] = (
    ("exact", "exact time"),
    ("date", "date only"),
    ("part", "part of day"),
    ("span", "span of days"),
    ("month", "month"),
    ("unscheduled", "unscheduled"),
)
"""Precision keys (as in :data:`planner.model.when.PRECISIONS`) and their labels."""

EXAMPLES: dict[str, str] = {
    "exact": "2021-10-21 07:30-09:00 · Oct 21 2pm-3:30pm · 10월 21일 오후 3시 · Fri 3pm CST · 15:00 +1:30",
    "date": "2021-10-21 · Oct 21 · 10/21 · 21일(목) · tomorrow",
    "part": "2021-10-21 · Oct 21 · 10월 21일 (pick the part below)",
    "span": "2021-10-18 to 2021-10-21 · Oct 18-21 · 10월 18일~21일",
    "month": "2023-10 · October 2023 · 2023년 10월",
    "unscheduled": "nothing to type: it happens during the trip",
}
"""A placeholder for the when field, per precision."""

Trips = Sequence[TripDays] | Callable[[], Sequence[TripDays]]
"""The trips in view, or a callable giving them when first needed (the command line's workspace)."""

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class WhenRead:
    """What :func:`read_when` understood: the value, and what to say beside the field."""

    when: When
    notes: tuple[str, ...] = ()
    """Which zone an abbreviation was read as ("CST read as America/Chicago")."""
    zone: ZoneInfo | None = None
    """The zone typed with the time (used for it), or ``None``."""
    end_zone: ZoneInfo | None = None
    open_end: bool = False
    """``+0`` was typed: no end, on purpose (the form then keeps no earlier length)."""


def parse_day(
    text: str,
    day: date | None = None,
    today: date | None = None,
    *,
    allow_time: bool = False,
    trips: Trips = (),
) -> date:
    """A calendar day from ``text``: ``2021-10-19``, ``Oct 19``, ``10/19``, ``10월 19일``, ``Tue``, ``tomorrow``.

    Args:
        text: what was typed (surrounding spaces do not matter).
        day: the day in view (a bare time, with ``allow_time``, is on it).
        today: what ``today``, ``tomorrow`` and ``yesterday`` (any case) count from.
        allow_time: a time typed with the day is ignored rather than refused
            (the command line has always taken ``2021-10-19 10:00`` as the day).
            A zone is never ignored: it is refused.
        trips: the trips in view; a day typed without a year (or month) is
            the one they hold, else refused with the candidates.

    Raises:
        WhenError: too long, unreadable, ambiguous, a time typed (unless
            ``allow_time``), a zone typed, or a year outside
            :data:`~planner.model.when.YEARS`.

    >>> parse_day(" Tomorrow ", None, date(2021, 10, 18))
    datetime.date(2021, 10, 19)
    >>> parse_day("Oct 19", None, date(2030, 1, 1), trips=[TripDays("korea-2021", date(2021, 10, 18), date(2021, 10, 21))])
    datetime.date(2021, 10, 19)
    >>> parse_day("0001-01-01", None, date(2021, 1, 1))
    Traceback (most recent call last):
    ...
    planner.text.words.WhenError: the year 1 is not between 1900 and 2200
    """
    today = today or date.today()
    return _day(read(text, Context(today, day, trips)), day or today, allow_time=allow_time)


def _day(r: Reading, in_view: date, *, allow_time: bool) -> date:
    if r.zone is not None:
        raise WhenError(f"a zone ({_zone_typed(r)}) was typed: a day has no zone here; leave it out", "zone")
    if (r.start is not None or r.end is not None or r.duration is not None) and not allow_time:
        raise WhenError("a time was typed: choose 'exact time', or leave the time out", "time")
    if r.ranged and r.end_day is not None:
        raise WhenError("two days were typed: give one (or choose 'span of days')", "other")
    if r.month_only is not None:
        year, month = r.month_only
        said = f"{_MONTH_NAMES[month - 1]} {year}" if year else _MONTH_NAMES[month - 1]
        raise WhenError(f"{said}: which day? type it (Oct 19 2021)", "ambiguous")
    return r.start_day or in_view


def _zone_typed(r: Reading) -> str:
    return r.notes[0].split()[0] if r.notes else getattr(r.zone, "key", str(r.zone))


_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_when(
    text: str,
    precision: str,
    tz: tzinfo,
    *,
    end_tz: tzinfo | None = None,
    day: date | None = None,
    part: str | None = None,
    today: date | None = None,
    trips: Trips = (),
) -> When:
    """The :data:`~planner.model.when.When` that ``text`` means at ``precision`` (see :func:`read_when`)."""
    return read_when(text, precision, tz, end_tz=end_tz, day=day, part=part, today=today, trips=trips).when


def read_when(
    text: str,
    precision: str,
    tz: tzinfo,
    *,
    end_tz: tzinfo | None = None,
    day: date | None = None,
    part: str | None = None,
    today: date | None = None,
    trips: Trips = (),
) -> WhenRead:
    """What ``text`` means at ``precision``, with what to say about how it was read.

    Args:
        text: what was typed.
        precision: one of the keys of :data:`PRECISION_CHOICES`.
        tz: the event's zone (exact times are in it unless a zone is typed).
        end_tz: the zone of an exact end, when it differs (a flight).
        day: the day in view: a bare time (``7:30``) falls on it; defaults to ``today``.
        part: the part of day, for ``precision="part"``.
        today: what "today" means (the clock, injectable for tests).
        trips: the trips in view, which settle a day typed without its year.

    Raises:
        WhenError: with a short reason fit to show beside the field.
    """
    today = today or date.today()
    in_view = day or today
    text = text.strip()
    if precision == "unscheduled":
        return WhenRead(Unscheduled())
    if len(text) > MAX_CHARS:
        raise WhenError(f"too long for a date or time ({len(text):,} characters)", "too long")
    if not text:
        raise WhenError("type " + {"exact": "a date and time", "month": "a month"}.get(precision, "a date"), "empty")
    ctx = Context(today, day, trips, tz)
    if precision == "month":
        return WhenRead(_month(text, ctx))
    r = read(text, ctx, span=precision == "span")
    if precision == "exact":
        return _exact(r, tz, end_tz or tz, in_view)
    if precision == "date":
        return WhenRead(OnDate(_day(r, in_view, allow_time=False)))
    if precision == "part":
        if part not in PARTS_OF_DAY:
            raise WhenError(f"choose a part of day: {', '.join(PARTS_OF_DAY)}")
        return WhenRead(PartOfDay(_day(r, in_view, allow_time=False), part))
    if precision == "span":
        if r.zone is not None or r.start is not None or r.end is not None or r.duration is not None:
            raise WhenError("a span is whole days: leave the times and zones out", "time")
        if not r.ranged or r.start_day is None or r.end_day is None:
            raise WhenError("give the first and the last day: 2021-10-18 to 2021-10-21")
        if r.end_day < r.start_day:
            raise WhenError(f"the last day ({r.end_day}) is before the first ({r.start_day})")
        return WhenRead(Span(r.start_day, r.end_day))
    raise WhenError(f"unknown precision {precision!r}")


def _month(text: str, ctx: Context) -> InMonth:
    m = _MONTH.match(text)
    if m:
        year: int | None = int(m.group(1))
        month = int(m.group(2))
    else:
        r = read(text, ctx)
        if r.month_only is None:
            raise WhenError("type a month and no day: 2023-10 or October 2023")
        year, month = r.month_only
    if not 1 <= month <= 12:
        raise WhenError(f"month {month} is not between 1 and 12")
    if year is None:
        trips = ctx.trips_in_view()
        years = sorted({y for t in trips for y in range(t.first.year, t.last.year + 1) if _overlaps(t, y, month)})
        if len(years) != 1:
            said = f" {' or '.join(map(str, years))}?" if years else ""
            raise WhenError(f"{_MONTH_NAMES[month - 1]}: which year?{said} type it (October 2023)", "ambiguous")
        year = years[0]
    return InMonth(year, month)


def _overlaps(trip: TripDays, year: int, month: int) -> bool:
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1)
    return trip.first < last and trip.last >= first


def _exact(r: Reading, tz: tzinfo, end_tz: tzinfo, in_view: date) -> WhenRead:
    if r.start is None:
        raise WhenError("no time given: type one (07:30), or choose 'date only'", "time")
    start_day = r.start_day or in_view
    zone = r.zone or tz
    end_zone = r.end_zone if r.zone is not None else end_tz
    start = datetime.combine(start_day, r.start, tzinfo=zone)
    end: datetime | None = None
    if r.end is not None:
        end = datetime.combine(r.end_day or start_day, r.end, tzinfo=end_zone)
    elif r.end_day is not None:
        raise WhenError("give the end as a time too: 07:30 to 09:00", "time")
    elif r.duration:
        end = (start.astimezone(UTC) + r.duration).astimezone(end_zone)
    if end is not None and end < start:
        raise WhenError(f"the end ({start:%H:%M} → {end:%H:%M}) is before the start", "time")
    return WhenRead(Exact(start, end), r.notes, r.zone, r.end_zone, open_end=r.duration is not None and not r.duration)


def format_when(when: When) -> str:
    """The text the form shows for an existing ``when``; :func:`parse_when` reads it back.

    >>> from zoneinfo import ZoneInfo
    >>> t = ZoneInfo("America/Chicago")
    >>> format_when(Exact(datetime(2019, 11, 21, 7, 30, tzinfo=t), datetime(2019, 11, 21, 9, 0, tzinfo=t)))
    '2019-11-21 07:30-09:00'
    >>> format_when(Span(date(2021, 10, 18), date(2021, 10, 21)))
    '2021-10-18 to 2021-10-21'
    """
    if isinstance(when, Exact):
        text = f"{when.start:%Y-%m-%d %H:%M}"
        if when.end is not None:
            same_day = when.end.date() == when.start.date()
            text += f"-{when.end:%H:%M}" if same_day else f" to {when.end:%Y-%m-%d %H:%M}"
        return text
    if isinstance(when, (OnDate, PartOfDay)):
        return when.day.isoformat()
    if isinstance(when, Span):
        return f"{when.first.isoformat()} to {when.last.isoformat()}"
    if isinstance(when, InMonth):
        return f"{when.year:04d}-{when.month:02d}"
    return ""
