"""An event's time (:func:`event_when`), a month (:func:`month`) and a repetition (:func:`event_repeat`) from plain data, checked by key path."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from dateutil.rrule import rrulestr

from planner.model.checker import Checker, year_problem
from planner.model.days import days_covered
from planner.model.repeats import never_happens, rule_problem
from planner.model.trip import Recurrence
from planner.model.when import PARTS_OF_DAY, YEARS, Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled, When

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def month(c: Checker, table: dict, path: str) -> InMonth | None:
    value = c.get(table, path, "month", str)
    m = MONTH_RE.fullmatch(value or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        c.add(f"{path}.month", f'month should look like "2023-10", got {value!r}')
        return None
    if int(m.group(1)) not in YEARS:
        c.add(f"{path}.month", year_problem(int(m.group(1))))
        return None
    return InMonth(int(m.group(1)), int(m.group(2)))


WHEN_FORMS = ("start", "date", "month", "unscheduled")


def event_when(c: Checker, t: dict, path: str, tz: tzinfo, end_tz: tzinfo | None) -> When | None:
    forms = [k for k in WHEN_FORMS if k in t]
    if not forms:
        c.add(path, "says nothing about when: give start, date, month, or unscheduled = true")
        return None
    if len(forms) > 1:
        c.add(f"{path}.{forms[1]}", f"give only one of {', '.join(forms)} (they are different precisions)")
        return None
    form = forms[0]
    stray = {
        "start": ("end_date", "part"),
        "date": ("end", "end_tz"),
        "month": ("end", "end_date", "part", "end_tz"),
        "unscheduled": ("end", "end_date", "part", "end_tz"),
    }[form]
    for key in stray:
        if key in t:
            c.add(f"{path}.{key}", f"'{key}' does not go with '{form}'")
            return None
    if form == "start":
        start = _datetime(c, t, path, "start", tz)
        if start is None:
            return None
        end = _datetime(c, t, path, "end", end_tz or tz) if "end" in t else None
        if "end" in t and end is None:
            return None
        if end is not None and end < start:
            c.add(f"{path}.end", f"the end ({_fmt(end)}) is before the start ({_fmt(start)})")
            return None
        return Exact(start, end)
    if form == "date":
        day = _day(c, t, path, "date")
        if day is None:
            return None
        if "end_date" in t:
            if "part" in t:
                c.add(f"{path}.part", "a part of day does not go with a span of days")
                return None
            last = _day(c, t, path, "end_date")
            if last is None:
                return None
            if last < day:
                c.add(f"{path}.end_date", f"the span ends ({last}) before it starts ({day})")
                return None
            return Span(day, last)
        if "part" in t:
            part = c.get(t, path, "part", str)
            if part not in PARTS_OF_DAY:
                c.add(f"{path}.part", f"unknown part of day {part!r}; use one of: {', '.join(PARTS_OF_DAY)}")
                return None
            return PartOfDay(day, part)
        return OnDate(day)
    if form == "month":
        return month(c, t, path)
    if c.get(t, path, "unscheduled", bool) is not True:
        c.add(f"{path}.unscheduled", "write unscheduled = true, or give a date")
        return None
    return Unscheduled()


def _fmt(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M")


def _datetime(c: Checker, t: dict, path: str, key: str, tz: tzinfo) -> datetime | None:
    value = t[key]
    if not isinstance(value, datetime):
        kind = "a date" if isinstance(value, date) else repr(value)[:60]
        c.add(
            f"{path}.{key}",
            f"expected a date-time such as 2021-10-19T10:00:00, got {kind}"
            + ("; for a day without a time write date = ..." if isinstance(value, date) else ""),
        )
        return None
    if value.year not in YEARS:
        c.add(f"{path}.{key}", year_problem(value.year))
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _day(c: Checker, t: dict, path: str, key: str) -> date | None:
    value = t[key]
    if isinstance(value, datetime) or not isinstance(value, date):
        c.add(
            f"{path}.{key}",
            f"expected a date such as 2021-10-19, got {value!r:.60}"
            + ("; for a time write start = ..." if isinstance(value, datetime) else ""),
        )
        return None
    if value.year not in YEARS:
        c.add(f"{path}.{key}", year_problem(value.year))
        return None
    return value


def check_inside_trip(c: Checker, path: str, when: When, dates: Span | InMonth) -> None:
    if isinstance(when, Unscheduled):
        return
    if isinstance(when, Exact):
        # Half-open, as every view reads it: a dinner ending at 00:00 belongs to its own day.
        covered = days_covered(when)
        assert covered is not None  # an exact time always covers a day
        first, last = covered
        key = "start"
    elif isinstance(when, (Span, InMonth)):
        first, last = when.first, when.last
        key = "month" if isinstance(when, InMonth) else "date"
    else:
        first = last = when.day
        key = "date"
    if isinstance(when, InMonth):
        # "Sometime in October" fits a trip in October: the month need only overlap.
        if last < dates.first or first > dates.last:
            c.add(f"{path}.month", f"{when.label()} does not overlap the trip ({dates.first} to {dates.last})")
        return
    if first < dates.first or last > dates.last:
        shown = f"{first}" if first == last else f"{first} to {last}"
        c.add(f"{path}.{key}", f"{shown} is outside the trip ({dates.first} to {dates.last})")


def event_repeat(c: Checker, t: dict, path: str, when: When | None) -> Recurrence | None:
    rule = c.get(t, path, "repeat", str)
    exceptions = c.get(t, path, "except", list, default=[])
    if rule is None:
        if exceptions:
            c.add(f"{path}.except", "'except' only goes with 'repeat'")
        if "occurrences" in t:
            c.add(f"{path}.occurrences", "'occurrences' only goes with 'repeat'")
        return None
    if when is not None and not isinstance(when, (Exact, OnDate, PartOfDay)):
        c.add(f"{path}.repeat", f"only a dated event can repeat, not one that is {when.label()}")
        return None
    rule = rule.strip().removeprefix("RRULE:")
    problem = rule_problem(rule)
    if problem is not None:
        c.add(f"{path}.repeat", problem)
        return None
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, OverflowError) as exc:
        c.add(f"{path}.repeat", f"not a valid RRULE ({exc})")
        return None
    if when is not None and never_happens(rule, when.local_date()):
        c.add(f"{path}.repeat", f"no day ever matches {rule[:80]!r}; check its BY... parts")
        return None
    days = []
    for v in exceptions:
        if isinstance(v, datetime) or not isinstance(v, date):
            c.add(f"{path}.except", f"expected dates such as 2019-12-19, got {v!r:.60}")
        elif v.year not in YEARS:
            c.add(f"{path}.except", year_problem(v.year))
        else:
            days.append(v)
    return Recurrence(rule, tuple(days))
