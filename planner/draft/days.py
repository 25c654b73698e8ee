"""Which day a phrase of schedule text means, from what the text and its reader know.

A Korean programme or press release rarely writes a whole date each time:
``19일(화)`` leaves the month to the header or the line above, ``지난 21일``
and ``내일`` count from the day the text was written, ``같은 날`` and ``다음
날`` from the day last named. :class:`Context` holds what is known (the trip's
dates, the year given, the day the text was written, the headers read so far,
the last day named) and :func:`read_day` turns the first day phrase of a piece
of text into a :class:`DayRead`, or a question when the context cannot settle
it. Nothing is guessed: a bare day with no month anywhere is a question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from planner.model.when import InMonth
from planner.text import korean as phrases

_QUALIFIERS = {
    "초": "early in the month",
    "초순": "early in the month",
    "중": "during the month",
    "중순": "mid-month",
    "하순": "late in the month",
    "말": "late in the month",
    "경": "around then",
}


@dataclass
class Context:
    """What the reader was told and what the lines above have established."""

    year: int | None
    """The caller's fallback year (``--year``)."""
    trip_first: date | None = None
    trip_last: date | None = None
    written: date | None = None
    """The day the text was written (``--written``): what ``내일`` and ``지난 21일`` count from."""
    today: date | None = None
    """A header's ``오늘`` (``[10/19(화) 오늘 일정]``): counts before ``written``."""
    day: date | None = None
    """The day open for continuation lines (a heading's, or the last line's with a day)."""
    span_last: date | None = None
    by_heading: bool = False
    """Whether the open day came from a heading or a line with only a day (not from an activity's line)."""
    month: InMonth | None = None
    """A month opened by a heading (``[11월 방한 일정]``)."""
    last: date | None = None
    """The last day the text named: ``같은 날``, ``다음 날`` and a bare ``27일`` go from it."""
    columns: list[str] | None = None
    """The header row of the table being read (``날짜 | 시간 | 일정 | 장소``), to find its place column."""
    text_year: int | None = None
    """The last year the text itself wrote ("2021년", "2021.10.19"): it holds for the lines below."""

    @property
    def reference(self) -> date | None:
        return self.today or self.written


@dataclass
class DayRead:
    """What a day phrase said: one day, a span, or a month, and where it sat in the text."""

    begin: int
    end: int
    day: date | None = None
    span_last: date | None = None
    month: InMonth | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    trip_day: bool = False


class Unreadable(ValueError):
    """A day phrase that the context cannot settle; the message is the question to ask."""


def _months(d: date, n: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 + n
    return k // 12, k % 12 + 1


def _on(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_year(ctx: Context, month: int, day: int, written: int | None, notes: list[str]) -> int | None:
    """The year of month/day: as written (here or above), else the trip's, else near the reference, else given."""
    if written is not None:
        ctx.text_year = written
        return written
    if ctx.text_year is not None:
        return ctx.text_year
    if ctx.trip_first is not None and ctx.trip_last is not None:
        for y in range(ctx.trip_first.year, ctx.trip_last.year + 1):
            d = _on(y, month, day)
            if d and ctx.trip_first - timedelta(days=31) <= d <= ctx.trip_last + timedelta(days=31):
                return y
        if ctx.year is None:
            notes.append(f"year {ctx.trip_first.year} taken from the trip; the day falls outside its dates")
            return ctx.trip_first.year
    if ctx.year is None and ctx.last is not None:
        return _nearest_year(ctx.last, month, day)
    if ctx.year is None and ctx.reference is not None:
        return _nearest_year(ctx.reference, month, day)
    return ctx.year


def _nearest_year(anchor: date, month: int, day: int) -> int:
    options = [
        (abs((d - anchor).days), y)
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (d := _on(y, month, day))
    ]
    return min(options)[1] if options else anchor.year


def _weekday_word(wd: int) -> str:
    return phrases.WEEKDAYS_KO[wd]


def check_weekday(day: date, weekday: int | None) -> str:
    """A warning when the weekday written in brackets is not the day's, else ``""``."""
    if weekday is None or day.weekday() == weekday:
        return ""
    return (
        f"({_weekday_word(weekday)}) is written, but {day:%d %b %Y} is a {day:%A} "
        f"({_weekday_word(day.weekday())}); check the date or the year"
    )


def read_day(text: str, ctx: Context) -> DayRead | None:
    """The first day phrase of ``text`` read in ``ctx``; ``None`` when there is none.

    Raises :class:`Unreadable` with the question when the phrase needs what is not known.
    """
    finders = (
        ("date", phrases.find_date(text)),
        ("relative", phrases.find_relative_day(text)),
        ("week", phrases.find_week_day(text)),
        ("relmonth", phrases.find_relative_month(text)),
        ("dom", phrases.find_day_of_month(text)),
        ("nth", phrases.find_day_number(text)),
        ("month", phrases.find_month(text)),
    )
    found = [(f.begin, i, kind, f) for i, (kind, f) in enumerate(finders) if f is not None]
    if finders[0][1] is not None:
        found = [t for t in found if t[2] != "nth"]  # "[2일차 10월 19일]": the date says more
    if not found:
        return None
    if ctx.last is None and len(found) > 1:
        # "이날 간담회는 지난 21일(목) …": with no day named before, 이날 is the day the clause names.
        found = [t for t in found if not (isinstance(t[3], phrases.RelativeDay) and t[3].base == "last")] or found
    _, _, kind, f = min(found, key=lambda t: (t[0], t[1]))
    if kind == "date":
        assert isinstance(f, phrases.DatePhrase)
        return _full_date(f, ctx)
    if kind == "relative":
        assert isinstance(f, phrases.RelativeDay)
        return _relative(f, ctx)
    if kind == "week":
        assert isinstance(f, phrases.WeekDay)
        return _week(f, ctx)
    if kind == "relmonth":
        assert isinstance(f, phrases.RelativeMonth)
        return _rel_month(f, ctx)
    if kind == "dom":
        assert isinstance(f, phrases.DayOfMonth)
        return _day_of_month(f, ctx)
    if kind == "nth":
        assert isinstance(f, phrases.DayNumber)
        if ctx.trip_first is None:
            raise Unreadable(f"'{f.n}일차' counts from the trip's first day, and no trip dates are known")
        return DayRead(f.begin, f.end, ctx.trip_first + timedelta(days=f.n - 1), notes=[f"day {f.n} of the trip"])
    assert isinstance(f, phrases.MonthPhrase)
    notes: list[str] = []
    y = f.year or resolve_year(ctx, f.month, 1, None, notes)
    if f.year:
        ctx.text_year = f.year
    if y is None:
        raise Unreadable("no year: the text, the trip, --year and --written give none")
    if f.qualifier:
        notes.append(f"'{f.qualifier}' as written: {_QUALIFIERS[f.qualifier]}")
    return DayRead(f.begin, f.end, month=InMonth(y, f.month), notes=notes)


def _full_date(f: phrases.DatePhrase, ctx: Context) -> DayRead:
    out = DayRead(f.begin, f.end)
    y = resolve_year(ctx, f.month, f.day, f.year, out.notes)
    if y is None:
        raise Unreadable("no year: the text, the trip, --year and --written give none")
    first = _on(y, f.month, f.day)
    if first is None:
        raise Unreadable(f"{f.month}월 {f.day}일: day is out of range for month")
    out.day = first
    if f.length is not None:
        out.span_last = first + timedelta(days=f.length - 1)
    elif f.end_day is not None:
        assert f.end_month is not None  # find_date gives an end month with an end day
        last = _on(y + (1 if f.end_month < f.month else 0), f.end_month, f.end_day)
        if last is None:
            raise Unreadable(f"{f.end_month}월 {f.end_day}일: day is out of range for month")
        if last < first:
            raise Unreadable(f"the span ends ({last:%d %b}) before it starts ({first:%d %b})")
        out.span_last = last
    for day, wd in ((first, f.weekday), (out.span_last, f.end_weekday)):
        if day is not None and (w := check_weekday(day, wd)):
            out.warnings.append(w)
    return out


def _need_reference(ctx: Context, word: str) -> date:
    if ctx.reference is None:
        raise Unreadable(f"'{word}' counts from the day the text was written: give it (--written DATE)")
    return ctx.reference


def _relative(f: phrases.RelativeDay, ctx: Context) -> DayRead:
    if f.base == "today":
        base = _need_reference(ctx, f.word)
    else:
        if ctx.last is None:
            raise Unreadable(f"'{f.word}' refers to a day named before, and none is")
        base = ctx.last
    day = base + timedelta(days=f.days)
    note = f"'{f.word}' read as {day:%d %b %Y}" + (" (from the text's 오늘)" if ctx.today and f.base == "today" else "")
    return DayRead(f.begin, f.end, day, notes=[note])


def _week(f: phrases.WeekDay, ctx: Context) -> DayRead:
    ref = _need_reference(ctx, "요일")
    if f.weeks is None:
        ahead = (f.weekday - ref.weekday()) % 7
        day = ref + timedelta(days=ahead)
    else:
        monday = ref - timedelta(days=ref.weekday())
        day = monday + timedelta(days=7 * f.weeks + f.weekday)
    return DayRead(f.begin, f.end, day, notes=[f"read as {day:%a %d %b %Y}, counted from {ref:%d %b %Y}"])


def _rel_month(f: phrases.RelativeMonth, ctx: Context) -> DayRead:
    ref = _need_reference(ctx, "달" if f.month is None else f"{f.month}월")
    notes = [f"'{f.qualifier}' as written: {_QUALIFIERS[f.qualifier]}"] if f.qualifier else []
    if f.month is None:
        y, m = _months(ref, f.months or 0)
    elif f.years is not None:
        y, m = ref.year + f.years, f.month
    elif f.direction > 0:
        y, m = (ref.year if f.month >= ref.month else ref.year + 1), f.month
    elif f.direction < 0:
        y, m = (ref.year if f.month <= ref.month else ref.year - 1), f.month
    else:
        y, m = ref.year, f.month
    return DayRead(f.begin, f.end, month=InMonth(y, m), notes=notes)


def _day_of_month(f: phrases.DayOfMonth, ctx: Context) -> DayRead:
    out = DayRead(f.begin, f.end)
    words = f"{f.day}일"
    if f.months is not None or f.direction:
        ref = _need_reference(ctx, words)
        if f.months is not None:
            y, m = _months(ref, f.months)
            day = _on(y, m, f.day)
        else:
            options = [d for n in range(-12, 13) if (d := _on(*_months(ref, n), f.day))]
            if f.direction < 0:
                day = max((d for d in options if d < ref), default=None)
            else:
                day = min((d for d in options if d >= ref), default=None)
        if day is None:
            raise Unreadable(f"{words}: no such day in that month")
    else:
        day = _bare_day(f, ctx)
    out.day = day
    if w := check_weekday(day, f.weekday):
        out.warnings.append(w)
    if f.end_day is not None:
        out.span_last = _on(day.year, day.month, f.end_day)
        if out.span_last is None:
            raise Unreadable(f"{f.end_day}일: no such day in {day:%B %Y}")
        if w := check_weekday(out.span_last, f.end_weekday):
            out.warnings.append(w)
    return out


def _around(anchor: date, day: int) -> list[date]:
    return [d for n in (-1, 0, 1) if (d := _on(*_months(anchor, n), day))]


def _bare_day(f: phrases.DayOfMonth, ctx: Context) -> date:
    """``19일(화)``: the month from the last day named, a month heading, the trip, or the day written."""
    words = f"{f.day}일"
    candidates: list[tuple[str, list[date]]] = []
    if (last := ctx.last) is not None:
        near_last = sorted(_around(last, f.day), key=lambda d: abs((d - last).days))
        candidates.append(("the day named before", near_last))
    if ctx.month is not None:
        d = _on(ctx.month.year, ctx.month.month, f.day)
        candidates.append(("the heading's month", [d] if d else []))
    if ctx.trip_first is not None and ctx.trip_last is not None:
        inside = [
            d
            for n in range(
                (ctx.trip_last.year - ctx.trip_first.year) * 12 + ctx.trip_last.month - ctx.trip_first.month + 1
            )
            if (d := _on(*_months(ctx.trip_first, n), f.day)) and ctx.trip_first <= d <= ctx.trip_last
        ]
        candidates.append(("the trip's dates", inside))
    if ctx.reference is not None:
        ref = ctx.reference
        candidates.append(
            ("the day the text was written", sorted(_around(ref, f.day), key=lambda d: abs((d - ref).days)))
        )
    if ctx.year is not None and not candidates:
        raise Unreadable(f"{words}: no month for this day (write it, or give a heading such as [11월 일정])")
    if not candidates:
        raise Unreadable(f"{words}: no month for this day; give --trip or --written, or write the month")
    first_choice = next((c[0] for _, c in candidates if c), None)
    if f.weekday is not None:
        for _why, options in candidates:
            matching = [d for d in options if d.weekday() == f.weekday]
            if matching:
                return matching[0]
    if first_choice is None:
        raise Unreadable(f"{words}: no month for this day; the context gives none")
    return first_choice
