"""What people type for a date or time, turned into a :mod:`~planner.model.when` value.

The event form lets someone type ``2021-10-21 07:30``, ``Oct 21 7:30am``,
``7:30-9:00`` or ``tomorrow 10am`` and pick a precision; this module does the
parsing (with python-dateutil) and says, in a short sentence, what is wrong.
It never invents a time: a precision of "date only" with a time typed is an
error, not a silently dropped hour. No Textual here, so it is tested alone.

It is the one reader of typed dates: the command line's ``--from``/``--to``/
``--today`` and ``agenda DATE`` call :func:`parse_day` too (through
``planner.cli._common.parse_day``, which words a :class:`WhenError` its own way
from :attr:`WhenError.problem`).

>>> from zoneinfo import ZoneInfo
>>> seoul = ZoneInfo("Asia/Seoul")
>>> parse_when("2021-10-21 07:30", "exact", seoul).label()
'07:30'
>>> parse_when("7:30-9:00", "exact", seoul, day=date(2021, 10, 21)).label()
'07:30–09:00'
>>> parse_when("Oct 21 7:30am", "exact", seoul, day=date(2021, 10, 1)).start.isoformat()
'2021-10-21T07:30:00+09:00'
>>> parse_when("tomorrow 10am", "exact", seoul, today=date(2021, 10, 18)).start.isoformat()
'2021-10-19T10:00:00+09:00'
>>> parse_when("Oct 18 to Oct 21", "span", seoul, day=date(2021, 1, 1)).label()
'18 Oct–21 Oct (4 days)'
>>> parse_when("2021-10-19", "date", seoul)
OnDate(day=datetime.date(2021, 10, 19))
>>> parse_when("9:00-7:30", "exact", seoul, day=date(2021, 10, 21))
Traceback (most recent call last):
...
planner.text.dates.WhenError: the end (09:00 → 07:30) is before the start
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal

from planner.model.when import (
    PARTS_OF_DAY,
    YEARS,
    Exact,
    InMonth,
    OnDate,
    PartOfDay,
    Span,
    Unscheduled,
    When,
    outside_trip,  # noqa: F401  (re-exported: the forms check with it)
)

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
    "exact": "2021-10-21 07:30-09:00 · Oct 21 7:30am · 7:30-9:00 · tomorrow 10am",
    "date": "2021-10-21 · Oct 21 · tomorrow",
    "part": "2021-10-21 · Oct 21 (pick the part below)",
    "span": "2021-10-18 to 2021-10-21 · Oct 18 - Oct 21",
    "month": "2023-10 · October 2023",
    "unscheduled": "nothing to type: it happens during the trip",
}
"""A placeholder for the when field, per precision."""


Problem = Literal["unreadable", "empty", "too long", "year", "time", "other"]
"""What kind of mistake a :class:`WhenError` reports (a front end may word it its own way)."""


class WhenError(ValueError):
    """What the person typed cannot be read as the chosen precision.

    ``str(error)`` is a short reason fit to show beside the field; ``problem``
    says which kind it is.
    """

    def __init__(self, message: str, problem: Problem = "other") -> None:
        super().__init__(message)
        self.problem: Problem = problem


_TIME = r"\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
_TIME_RANGE = re.compile(rf"^(?:(?P<prefix>.*\s))?(?P<start>{_TIME})\s*(?:-|–|—|to)\s*(?P<end>{_TIME})$", re.I)
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|\d\s*[ap]\.?m\b|T\d{2}", re.I)
_RELATIVE = {"today": 0, "tomorrow": 1, "yesterday": -1}
"""The words for a day relative to today (any case), and how many days from it."""
_RANGE_SPLIT = re.compile(r"\s+(?:to|until|through|-)\s+|\s*[–—]\s*", re.I)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
MAX_CHARS = 100
"""Longest date or time text read; longer is refused at once (the patterns above are not linear on it)."""


def _relative(text: str, today: date) -> tuple[str, date | None]:
    """``"tomorrow 10am"`` -> (``"10am"``, tomorrow's date)."""
    words = text.strip().split(None, 1)
    if words and words[0].lower() in _RELATIVE:
        return (words[1] if len(words) > 1 else ""), today + timedelta(days=_RELATIVE[words[0].lower()])
    return text, None


def _parse(text: str, default: datetime) -> datetime:
    from dateutil import parser as dateparser

    try:
        parsed: datetime = dateparser.parse(text, default=default)
    except (ValueError, ArithmeticError, TypeError):  # dateutil can raise decimal.InvalidOperation
        raise WhenError(f"cannot read {text.strip()!r} as a date or time", "unreadable") from None
    return parsed


def parse_moment(text: str, day: date, today: date) -> tuple[datetime, bool]:
    """A naive date-time from ``text`` and whether a clock time was typed."""
    rest, rel = _relative(text, today)
    base = rel or day
    if not rest.strip():
        if rel is None:
            raise WhenError("type a date or time", "empty")
        return datetime.combine(base, time()), False
    return _parse(rest, datetime.combine(base, time())), bool(_HAS_TIME.search(rest))


def _iso_day(text: str) -> date | None:
    """``2021-10-19``, the common case, read without importing dateutil's parser (which reads it the same)."""
    if len(text) == 10 and text.isascii() and text[4] == text[7] == "-" and text.replace("-", "").isdigit():
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None  # 2021-02-30: dateutil says what is wrong
    return None


def parse_day(text: str, day: date, today: date, *, allow_time: bool = False) -> date:
    """A calendar day from ``text``: ``2021-10-19``, ``Oct 19 2021``, ``19 October 2021``, ``tomorrow``.

    Args:
        text: what was typed (surrounding spaces do not matter).
        day: where a partial date (``Oct 19``) takes the rest from.
        today: what ``today``, ``tomorrow`` and ``yesterday`` (any case) count from.
        allow_time: a time typed with the day is ignored rather than refused
            (the command line has always taken ``2021-10-19 10:00`` as the day).

    Raises:
        WhenError: too long, unreadable, a time typed (unless ``allow_time``),
            or a year outside :data:`~planner.model.when.YEARS`.

    >>> parse_day(" Tomorrow ", date(2021, 1, 1), date(2021, 10, 18))
    datetime.date(2021, 10, 19)
    >>> parse_day("Oct 19", date(2021, 1, 1), date(2030, 1, 1))
    datetime.date(2021, 10, 19)
    >>> parse_day("0001-01-01", date(2021, 1, 1), date(2021, 1, 1))
    Traceback (most recent call last):
    ...
    planner.text.dates.WhenError: the year 1 is not between 1900 and 2200
    """
    stripped = text.strip()
    if len(stripped) > MAX_CHARS:
        raise WhenError(f"too long for a date ({len(stripped):,} characters)", "too long")
    found = _iso_day(stripped)
    if found is None:
        moment, timed = parse_moment(text, day, today)
        if timed and not allow_time:
            raise WhenError("a time was typed: choose 'exact time', or leave the time out", "time")
        found = moment.date()
    if found.year not in YEARS:
        # Year 1 overflows a day's arithmetic; no trip is that far off.
        raise WhenError(f"the year {found.year} is not between {YEARS[0]} and {YEARS[-1]}", "year")
    return found


def parse_when(
    text: str,
    precision: str,
    tz: tzinfo,
    *,
    end_tz: tzinfo | None = None,
    day: date | None = None,
    part: str | None = None,
    today: date | None = None,
) -> When:
    """The :data:`~planner.model.when.When` that ``text`` means at ``precision``.

    Args:
        text: what was typed.
        precision: one of the keys of :data:`PRECISION_CHOICES`.
        tz: the event's zone (exact times are in it).
        end_tz: the zone of an exact end, when it differs (a flight).
        day: the day a bare time (``7:30``) belongs to; defaults to ``today``.
        part: the part of day, for ``precision="part"``.
        today: what "today" means (the clock, injectable for tests).

    Raises:
        WhenError: with a short reason fit to show beside the field.
    """
    today = today or date.today()
    day = day or today
    text = text.strip()
    if precision == "unscheduled":
        return Unscheduled()
    if len(text) > MAX_CHARS:
        raise WhenError(f"too long for a date or time ({len(text):,} characters)", "too long")
    if not text:
        raise WhenError("type " + {"exact": "a date and time", "month": "a month"}.get(precision, "a date"))
    if precision == "exact":
        return _exact(text, tz, end_tz or tz, day, today)
    if precision == "date":
        return OnDate(parse_day(text, day, today))
    if precision == "part":
        if part not in PARTS_OF_DAY:
            raise WhenError(f"choose a part of day: {', '.join(PARTS_OF_DAY)}")
        return PartOfDay(parse_day(text, day, today), part)
    if precision == "span":
        pieces = _RANGE_SPLIT.split(text, maxsplit=1)
        if len(pieces) != 2:
            raise WhenError("give the first and the last day: 2021-10-18 to 2021-10-21")
        first = parse_day(pieces[0], day, today)
        last = parse_day(pieces[1], first, today)
        if last < first:
            raise WhenError(f"the last day ({last}) is before the first ({first})")
        return Span(first, last)
    if precision == "month":
        m = _MONTH.match(text)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
        else:
            moment = _parse(text, datetime(day.year, 1, 1))
            year, month = moment.year, moment.month
        if not 1 <= month <= 12:
            raise WhenError(f"month {month} is not between 1 and 12")
        return InMonth(year, month)
    raise WhenError(f"unknown precision {precision!r}")


def _exact(text: str, tz: tzinfo, end_tz: tzinfo, day: date, today: date) -> Exact:
    m = _TIME_RANGE.match(text)
    if m:
        start, timed = parse_moment((m.group("prefix") or "") + m.group("start"), day, today)
        end = _parse(m.group("end"), datetime.combine(start.date(), time()))
    else:
        pieces = _RANGE_SPLIT.split(text, maxsplit=1)
        start, timed = parse_moment(pieces[0], day, today)
        end = None
        if len(pieces) == 2:
            end, end_timed = parse_moment(pieces[1], start.date(), today)
            if not end_timed:
                raise WhenError("give the end as a time too: 07:30 to 09:00")
    if not timed:
        raise WhenError("no time given: type one (07:30), or choose 'date only'")
    aware_start = start.replace(tzinfo=tz)
    aware_end = end.replace(tzinfo=end_tz) if end is not None else None
    if aware_end is not None and aware_end < aware_start:
        raise WhenError(f"the end ({start:%H:%M} → {end:%H:%M}) is before the start")
    return Exact(aware_start, aware_end)


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
