"""The one reader of typed date and time text: a field's words into days, times, a zone and a duration.

It reads what organisers type, in English and Korean: ``Oct 22 2pm-3:30pm``,
``10/22 15:00``, ``Fri 3pm``, ``10월 22일 오후 3시``, ``22일(금) 15:00``,
``2021-10-22 07:30 to 2021-10-23 09:00``, with a zone (``3pm CST``,
``15:00 KST``, ``09:00 America/Chicago``) and a duration (``+1:30``,
``for 90 min``, ``1시간 30분 동안``). It never guesses: a Korean hour without
오전/오후 (``3시``), a number alone (``19``), a numeric date with several
readings (``21.10.19``, ``03/04/2021``) and a day without a year that the
trips in view do not settle (:mod:`planner.text.years`) are refused with a
:class:`~planner.text.words.WhenError` saying what it could mean. A weekday
typed beside a date is checked ("23 Oct 2021 is a Saturday, not a Friday").
:mod:`planner.text.dates` builds the planner's values from a :class:`Reading`.

>>> from planner.text.years import TripDays
>>> trip = TripDays("korea-2021", date(2021, 10, 18), date(2021, 10, 24))
>>> r = read("Oct 22 2pm-3:30pm CST", Context(date(2021, 10, 1), trips=(trip,)))
>>> (r.start_day, r.start, r.end, r.notes)
(datetime.date(2021, 10, 22), datetime.time(14, 0), datetime.time(15, 30), ('CST read as America/Chicago',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from planner.model.when import YEARS
from planner.text import korean
from planner.text.numeric import NUMERIC, clock24, make_date, month_name, read_numeric
from planner.text.words import MERIDIEM, MONTHS, RELATIVE_DAYS, WEEKDAYS, ZONE_WORDS, WhenError, day_text
from planner.text.years import Context, check_weekday, resolve
from planner.text.zones import IANA, read_zone

MAX_CHARS = 100
"""Longest date or time text read; longer is refused at once."""

_SKIP = re.compile(r"\s+|,|@|(?:at|on)(?![a-z])|까지|에", re.I)
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)(?:T(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2})?)?")
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?!\d)")
_KO_DURATION = re.compile(r"(?P<h>\d{1,3})\s*시간(?:\s*(?P<m>\d{1,3})\s*분)?(?:\s*동안)?|(?P<m2>\d{1,4})\s*분\s*동안")
_KO_MONTH = re.compile(r"(?:(?P<y>\d{4})\s*년\s*)?(?P<m>\d{1,2})\s*월")
_KO_YEAR = re.compile(r"(?P<y>\d{4})\s*년")
_WEEKDAY_MARK = re.compile(
    r"[(（]\s*(?P<wd>[월화수목금토일]|[a-z]{3,9})\.?(?:요일)?\s*[)）]|(?P<wd2>[월화수목금토일])요일", re.I
)
_DURATION = re.compile(
    r"(?:\+|for\s+)\s*(?:(?P<h>\d{1,2}):(?P<mi>\d{2})"
    r"|(?P<n>\d{1,4})\s*(?P<u>h|hrs?|hours?|m|mins?|minutes?)(?:\s*(?P<n2>\d{1,2})\s*(?:m|mins?|minutes?)?)?(?![a-z])"
    r"|(?P<zero>0)(?![\d:]))",
    re.I,
)
_TIME12 = re.compile(r"(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?\s*(?P<mer>[ap]\.?m\.?)(?![a-z])", re.I)
_NOON = re.compile(r"(?P<w>noon|midday|midnight|자정)(?![a-z])", re.I)
_WORD = re.compile(r"[a-z]+\.?|오늘|내일|어제|모레|부터", re.I)
_NUMBER = re.compile(r"(?P<n>\d{1,4})(?:st|nd|rd|th)?(?![\d:a-z])", re.I)
_SEP = re.compile(r"-|–|—|~|〜")
_SEP_WORDS = {"to", "until", "till", "through", "부터"}


@dataclass
class Side:
    """One end of what was typed (the start, or what follows ``-``/``to``/``~``)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    known: date | None = None
    time: time | None = None
    ambiguous_hour: str = ""
    numbers: list[int] = field(default_factory=list)
    zone: ZoneInfo | None = None
    zone_note: str = ""
    words: list[str] = field(default_factory=list)

    @property
    def has_date(self) -> bool:
        return any(x is not None for x in (self.year, self.month, self.day, self.weekday, self.known))


@dataclass(frozen=True)
class Reading:
    """What a field said. A day left ``None`` was not typed (a bare time falls on the day in view)."""

    start_day: date | None = None
    start: time | None = None
    end_day: date | None = None
    end: time | None = None
    duration: timedelta | None = None
    """``+1:30``; ``timedelta(0)`` for ``+0`` (no end, on purpose)."""
    zone: ZoneInfo | None = None
    end_zone: ZoneInfo | None = None
    notes: tuple[str, ...] = ()
    """Said beside the field: which zone an abbreviation was read as."""
    month_only: tuple[int | None, int] | None = None
    """``(year, month)`` when only a month was typed (``October 2023``, ``10월``)."""
    ranged: bool = False


def read(text: str, ctx: Context, *, span: bool = False) -> Reading:
    """Read ``text`` in ``ctx``; ``span`` reads a number after the separator as a day (``Oct 18-21``).

    Raises:
        WhenError: unreadable, or readable in more than one way.
    """
    stripped = text.strip()
    if len(stripped) > MAX_CHARS:
        raise WhenError(f"too long for a date ({len(stripped):,} characters)", "too long")
    if not stripped:
        raise WhenError("type a date or time", "empty")
    sides, duration = _tokens(stripped, ctx)
    first = sides[0]
    second = sides[1] if len(sides) > 1 else None
    _numbers_as_hours(first, second)
    if second is not None and span and second.numbers and second.day is None and not second.known:
        second.day = second.numbers.pop(0)
    for side in sides:
        _assign_numbers(side, ctx, stripped)
    month_only = None
    if first.month is not None and first.day is None and first.known is None and first.weekday is None:
        month_only = (first.year, first.month)
    start_day = None if month_only else _day_of(first, ctx, None)
    end_day = _day_of(second, ctx, start_day) if second is not None else None
    start, end = first.time, second.time if second is not None else None
    if first.ambiguous_hour:
        raise WhenError(f"{first.ambiguous_hour}: 오전 or 오후? type 오후 {first.ambiguous_hour} or 15:00", "ambiguous")
    if second is not None and second.ambiguous_hour:
        if start is None:
            raise WhenError(f"{second.ambiguous_hour}: 오전 or 오후?", "ambiguous")
        end = _after(second.ambiguous_hour, start)
    if second is not None and duration is not None and (end is not None or end_day is not None):
        raise WhenError("both an end and a duration were typed: keep one", "time")
    notes = tuple(dict.fromkeys(s.zone_note for s in sides if s.zone_note))
    zones = [s.zone for s in sides]
    start_zone = zones[0] or (zones[1] if len(zones) > 1 else None)
    end_zone = (zones[1] if len(zones) > 1 else None) or zones[0]
    return Reading(
        start_day, start, end_day, end, duration, start_zone, end_zone, notes, month_only, second is not None
    )


def _tokens(text: str, ctx: Context) -> tuple[list[Side], timedelta | None]:
    sides = [Side()]
    duration: timedelta | None = None
    pos = 0
    while pos < len(text):
        side = sides[-1]
        m: re.Match[str] | None
        if m := _SKIP.match(text, pos):
            pass
        elif m := _ISO.match(text, pos):
            _set(side, text, known=make_date(int(m["y"]), int(m["m"]), int(m["d"]), text))
            if m["h"] is not None:
                _set_time(side, clock24(int(m["h"]), int(m["mi"]), text), text)
        elif m := _COMPACT.match(text, pos):
            _set(side, text, known=make_date(int(m["y"]), int(m["m"]), int(m["d"]), text))
        elif m := _KO_DURATION.match(text, pos):
            duration = _one_duration(duration, int(m["h"] or 0) * 60 + int(m["m"] or m["m2"] or 0))
        elif m := korean.KO_DATE.match(text, pos):
            _set(side, text, year=int(m["y"]) if m["y"] else None, month=int(m["m"]), day=int(m["d"]))
            _weekday(side, m["wd"], text)
        elif m := _DURATION.match(text, pos):
            duration = _one_duration(duration, _minutes(m))
        elif m := _TIME12.match(text, pos):
            hour, minute = int(m["h"]), int(m["mi"] or 0)
            if not 1 <= hour <= 12 or minute > 59:
                raise WhenError(f"cannot read {text!r}: {m[0]!r} is not a time of day", "unreadable")
            pm = MERIDIEM[m["mer"].lower().rstrip(".")] == "pm"
            _set_time(side, time(hour % 12 + (12 if pm else 0), minute), text)
        elif m := _NOON.match(text, pos):
            _set_time(side, time(0) if m["w"].lower() in ("midnight", "자정") else time(12), text)
        elif m := _ko_clock(text, pos):
            try:
                found, ambiguous = korean.read_clock(m)
            except ValueError as exc:
                raise WhenError(f"cannot read {text!r}: {exc}", "unreadable") from None
            if found is not None:
                _set_time(side, found, text)
            else:
                if side.time is not None or side.ambiguous_hour:
                    raise WhenError(f"two times on one side of {text!r}", "unreadable")
                typed_min = m["amin"] or ("30" if m["ahalf"] else "")
                side.ambiguous_hour = ambiguous + (f" {int(typed_min)}분" if typed_min else "")
        elif m := NUMERIC.match(text, pos):
            y, mo, d = read_numeric(m, text)
            _set(side, text, year=y, month=mo, day=d)
        elif m := korean.KO_DAY.match(text, pos):
            _set(side, text, day=int(m["d"]))
            _weekday(side, m["wd"], text)
        elif m := _KO_MONTH.match(text, pos):
            _set(side, text, year=int(m["y"]) if m["y"] else None, month=int(m["m"]))
        elif m := _KO_YEAR.match(text, pos):
            _set(side, text, year=int(m["y"]))
        elif m := _WEEKDAY_MARK.match(text, pos):
            _weekday(side, m["wd"] or m["wd2"], text)
        elif m := IANA.match(text, pos):
            _zone(side, m[0], text)
        elif m := _NUMBER.match(text, pos):
            if len(m["n"]) == 4:
                _set(side, text, year=int(m["n"]))
            else:
                side.numbers.append(int(m["n"]))
        elif m := _WORD.match(text, pos):
            word = m[0].lower().rstrip(".")
            if word in _SEP_WORDS:
                sides = _next_side(sides, text)
            elif word in MONTHS:
                _set(side, text, month=MONTHS[word])
            elif word in WEEKDAYS and word.isascii():
                _weekday(side, word, text)
            elif word in RELATIVE_DAYS:
                _set(side, text, known=ctx.today + timedelta(days=RELATIVE_DAYS[word]))
            elif word in ZONE_WORDS:
                _zone(side, m[0].rstrip("."), text)
            else:
                raise WhenError(f"cannot read {text!r} as a date or time ({m[0]!r})", "unreadable")
        elif m := _SEP.match(text, pos):
            sides = _next_side(sides, text)
        else:
            raise WhenError(f"cannot read {text!r} as a date or time", "unreadable")
        pos = max(m.end(), pos + 1)
    if len(sides) > 1 and not _said_anything(sides[1]):
        raise WhenError(f"cannot read {text!r} as a date or time: nothing after the dash", "unreadable")
    return sides, duration


def _ko_clock(text: str, pos: int) -> re.Match[str] | None:
    """``오후 3시``; in ``오후 3시 90분 동안`` the minutes are a duration, not the clock's."""
    m = korean.KO_CLOCK.match(text, pos)
    if m is not None and m["amin"] is not None and _KO_DURATION.match(text, m.start("amin")):
        m = korean.KO_CLOCK.match(text, pos, m.start("amin"))
    return m


def _minutes(m: re.Match[str]) -> int:
    if m["zero"]:
        return 0
    if m["h"] is not None:
        return int(m["h"]) * 60 + int(m["mi"])
    unit = 60 if m["u"].lower().startswith("h") else 1
    return int(m["n"]) * unit + (int(m["n2"]) if m["n2"] else 0)


def _one_duration(before: timedelta | None, minutes: int) -> timedelta:
    if before is not None:
        raise WhenError("two durations were typed: keep one", "time")
    if minutes > 14 * 24 * 60:
        raise WhenError(f"a duration of {minutes // 60} hours is too long for one event", "time")
    return timedelta(minutes=minutes)


def _next_side(sides: list[Side], text: str) -> list[Side]:
    if len(sides) > 1:
        raise WhenError(f"cannot read {text!r}: give one start and one end", "unreadable")
    return [*sides, Side()]


def _said_anything(side: Side) -> bool:
    return side.has_date or side.time is not None or bool(side.ambiguous_hour or side.numbers or side.zone)


def _set(
    side: Side,
    text: str,
    *,
    year: int | None = None,
    month: int | None = None,
    day: int | None = None,
    known: date | None = None,
) -> None:
    if year is not None and year not in YEARS:
        raise WhenError(f"the year {year} is not between {YEARS[0]} and {YEARS[-1]}", "year")
    if month is not None and not 1 <= month <= 12:
        raise WhenError(f"cannot read {text!r} as a date or time: there is no month {month}", "unreadable")
    for name, value in (("year", year), ("month", month), ("day", day), ("known", known)):
        if value is None:
            continue
        if getattr(side, name) is not None or (name != "known" and side.known is not None):
            raise WhenError(f"cannot read {text!r}: two dates on one side", "unreadable")
        if name == "known" and any(x is not None for x in (side.year, side.month, side.day)):
            raise WhenError(f"cannot read {text!r}: two dates on one side", "unreadable")
        setattr(side, name, value)


def _set_time(side: Side, found: time, text: str) -> None:
    if side.time is not None or side.ambiguous_hour:
        raise WhenError(f"cannot read {text!r}: two times on one side (a range is 14:00-15:30)", "unreadable")
    side.time = found


def _weekday(side: Side, word: str | None, text: str) -> None:
    if not word:
        return
    number = WEEKDAYS.get(word.lower().rstrip("."))
    if number is None:
        raise WhenError(f"cannot read {text!r}: {word!r} is not a weekday", "unreadable")
    if side.weekday is not None and side.weekday != number:
        raise WhenError(f"cannot read {text!r}: two weekdays", "unreadable")
    side.weekday = number


def _zone(side: Side, word: str, text: str) -> None:
    if side.zone is not None:
        raise WhenError(f"cannot read {text!r}: two zones on one side", "zone")
    side.zone, side.zone_note = read_zone(word)


def _numbers_as_hours(first: Side, second: Side | None) -> None:
    """``2-3:30pm``: a number before a 12-hour end is an hour in the same half of the day, or the one before."""
    if second is None or first.time is not None or second.time is None or len(first.numbers) < 1:
        return
    if not (first.has_date or len(first.numbers) == 1) or len(first.numbers) > (1 if first.month is None else 2):
        return
    hour = first.numbers[-1]
    if not 1 <= hour <= 12:
        return
    readings = [time(hour % 12), time(hour % 12 + 12)]
    before = [r for r in readings if r <= second.time]
    if before:
        first.numbers.pop()
        first.time = before[-1]


def _assign_numbers(side: Side, ctx: Context, text: str) -> None:
    """A month word takes the number beside it as its day; any other number alone is refused with its readings."""
    if side.month is not None and side.day is None and side.numbers:
        side.day = side.numbers.pop(0)
    if side.numbers:
        n = side.numbers[0]
        candidates: tuple[date, ...] = ()
        if 1 <= n <= 31:
            try:
                candidates = (resolve(ctx, str(n), day=n),)
            except WhenError as exc:
                candidates = exc.candidates
        shown = ", ".join(day_text(d) for d in candidates[:3])
        readings = f" ({shown}?)" if shown else ""
        raise WhenError(
            f"{n} alone is not a date{readings}: write the month too (Oct {n}) or 2021-10-{n:02d}",
            "ambiguous",
            candidates,
        )


def _day_of(side: Side, ctx: Context, after: date | None) -> date | None:
    """The day one side names: typed in full, or completed from the start (for the end) or the trips in view."""
    if side.known is not None:
        return check_weekday(side.known, side.weekday)
    if not side.has_date:
        return None
    if side.day is None and side.weekday is None:
        what = f"{month_name(side.month)} {side.year or ''}".strip() if side.month else str(side.year)
        raise WhenError(f"{what}: which day? type it (Oct 19 2021)", "ambiguous")
    if after is not None and side.day is not None:
        year = side.year or after.year
        month = side.month or after.month
        return check_weekday(make_date(year, month, side.day, f"{month}/{side.day}"), side.weekday)
    if side.year is not None and side.month is not None and side.day is not None:
        return check_weekday(make_date(side.year, side.month, side.day, _typed(side)), side.weekday)
    # A weekday beside a day is checked, not searched with: "22일(토)" says 22 Oct is a Friday.
    weekday = side.weekday if side.day is None else None
    found = resolve(ctx, _typed(side), month=side.month, day=side.day, weekday=weekday)
    if side.year is not None and found.year != side.year:
        raise WhenError(f"{_typed(side)} {side.year}: no trip in view has that day; type the month too", "ambiguous")
    return check_weekday(found, side.weekday)


def _typed(side: Side) -> str:
    parts = []
    if side.weekday is not None:
        parts.append(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[side.weekday])
    if side.month is not None:
        parts.append(month_name(side.month))
    if side.day is not None:
        parts.append(str(side.day) if side.month is not None else f"{side.day}일")
    return " ".join(parts)


def _after(hour_words: str, start: time) -> time:
    """``오후 2시~3시 30분``: an end with no 오전/오후 is the first of its two readings at or after the start."""
    m = re.match(r"(\d{1,2})시(?: (\d{1,2})분)?", hour_words)
    assert m is not None
    hour, minute = int(m[1]), int(m[2] or 0)
    readings = [time(hour % 12, minute), time(hour % 12 + 12, minute)]
    later = [r for r in readings if r >= start]
    if not later:
        raise WhenError(f"the end ({hour_words}) is before the start", "time")
    return later[0]
