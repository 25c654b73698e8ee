"""Numeric dates (``10/22``, ``2021.10.19``, ``21.10.19``, ``03/04/2021``) and their readings, for the reader.

A numeric date with one reading is read; one with several (``21.10.19`` is 19
Oct 2021 written the Korean way, or 21 Oct 2019) is refused, naming them.

>>> import re
>>> read_numeric(re.match(NUMERIC, "10/22"), "10/22")
(None, 10, 22)
"""

from __future__ import annotations

import re
from datetime import date, time

from planner.model.when import YEARS
from planner.text.words import WhenError, day_text

NUMERIC = re.compile(r"(?P<a>\d{1,4})(?P<s>[./])(?P<b>\d{1,2})(?:(?P=s)(?P<c>\d{1,4}))?\.?(?![\d:])")
"""``10/22``, ``2021.10.19.``, ``10/22/2021``: groups ``a``, ``b`` and perhaps ``c``."""


def make_date(year: int, month: int, day: int, text: str) -> date:
    if year not in YEARS:
        # Year 1 overflows a day's arithmetic; no trip is that far off.
        raise WhenError(f"the year {year} is not between {YEARS[0]} and {YEARS[-1]}", "year")
    try:
        return date(year, month, day)
    except ValueError:
        raise WhenError(f"cannot read {text!r} as a date or time: there is no such day", "unreadable") from None


def clock24(hour: int, minute: int, text: str) -> time:
    if hour > 23 or minute > 59:
        raise WhenError(f"cannot read {text!r}: {hour}:{minute:02d} is not a time of day", "unreadable")
    return time(hour, minute)


def read_numeric(m: re.Match[str], text: str) -> tuple[int | None, int, int | None]:
    """``10/22``, ``2021.10.19``, ``10/22/2021``: the one reading, or the readings it has."""
    a, b, c = m["a"], m["b"], m["c"]
    if c is None:
        if len(a) == 4:
            return int(a), int(b), None  # 2021.10: a month
        pairs = {(int(a), int(b)), (int(b), int(a))}
        valid = sorted(p for p in pairs if 1 <= p[0] <= 12 and 1 <= p[1] <= 31)
        if len(valid) == 1:
            return None, valid[0][0], valid[0][1]
        if not valid:
            raise WhenError(f"cannot read {text!r} as a date or time ({m[0]!r})", "unreadable")
        said = " or ".join(f"{d} {month_name(mo)}" for mo, d in valid)
        raise WhenError(f"{m[0]}: {said}? type the month in words (Mar 4)", "ambiguous")
    if len(a) == 4:
        orders = [(int(a), int(b), int(c))]
    elif len(c) == 4:
        orders = [(int(c), int(a), int(b)), (int(c), int(b), int(a))]
    elif len(a) <= 2 and len(c) <= 2:
        orders = [(2000 + int(a), int(b), int(c)), (2000 + int(c), int(a), int(b)), (2000 + int(c), int(b), int(a))]
    else:
        raise WhenError(f"cannot read {text!r} as a date or time ({m[0]!r})", "unreadable")
    days = []
    for y, mo, d in orders:
        try:
            found = date(y, mo, d)
        except ValueError:
            continue
        if found not in days:
            days.append(found)
    if not days:
        raise WhenError(f"cannot read {text!r} as a date or time: there is no such day", "unreadable")
    if len(days) > 1:
        said = " or ".join(day_text(d) for d in days)
        raise WhenError(f"{m[0]}: {said}? type it as {days[0].isoformat()}", "ambiguous", tuple(days))
    if days[0].year not in YEARS:
        raise WhenError(f"the year {days[0].year} is not between {YEARS[0]} and {YEARS[-1]}", "year")
    return days[0].year, days[0].month, days[0].day


def month_name(month: int | None) -> str:
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    if month is None or not 1 <= month <= 12:
        return f"month {month}"
    return names[month - 1]
