"""The one table of date and time words, and the one error a reader of them raises.

Every reader of typed or pasted dates (:mod:`planner.text.reader` for the
command line and the forms, :mod:`planner.text.korean` for the drafter) takes
its words from here, so "Fri", "금" and "금요일" mean the same day everywhere,
and every refusal is a :class:`WhenError`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
"""English month words (lower case, a trailing dot allowed where read) and their numbers."""

WEEKDAYS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday", "월"),
            ("tue", "tues", "tuesday", "화"),
            ("wed", "wednesday", "수"),
            ("thu", "thur", "thurs", "thursday", "목"),
            ("fri", "friday", "금"),
            ("sat", "saturday", "토"),
            ("sun", "sunday", "일"),
        )
    )
    for name in names
}
"""Weekday words, English and Korean (``금``, also read as ``금요일``), 0 = Monday as :meth:`date.weekday`."""

WEEKDAYS_KO = "월화수목금토일"
"""The Korean weekday letters, Monday first."""

RELATIVE_DAYS: dict[str, int] = {
    "today": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "오늘": 0,
    "내일": 1,
    "어제": -1,
    "모레": 2,
}
"""Words for a day counted from today (any case), and how many days from it."""

MERIDIEM: dict[str, str] = {
    "am": "am",
    "a.m.": "am",
    "a.m": "am",
    "pm": "pm",
    "p.m.": "pm",
    "p.m": "pm",
    "오전": "am",
    "새벽": "am",
    "아침": "am",
    "오후": "pm",
    "저녁": "pm",
    "밤": "pm",
    "낮": "pm",
}
"""Words saying morning or afternoon of a 12-hour clock."""

ZONE_WORDS: dict[str, str] = {
    "kst": "Asia/Seoul",
    "jst": "Asia/Tokyo",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "est": "America/New_York",
    "edt": "America/New_York",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "utc": "UTC",
    "gmt": "UTC",
}
"""The few zone abbreviations read, and the IANA zone each is taken as.

Abbreviations are ambiguous in general (CST is also China Standard Time); the
planner's trips are Korean and North American, so these are read as the zone
named here, and the reader always says which zone it used. Others are refused.
"""

Problem = Literal["unreadable", "empty", "too long", "year", "time", "ambiguous", "weekday", "zone", "other"]
"""What kind of mistake a :class:`WhenError` reports (a front end may word it its own way)."""


class WhenError(ValueError):
    """Typed date or time text that cannot be read, or not without a guess.

    ``str(error)`` is a short reason fit to show beside a field; ``problem``
    says which kind it is; ``candidates`` lists the days it could mean, when
    the reason is that it could mean several ("Oct 19: which year?").
    """

    def __init__(self, message: str, problem: Problem = "other", candidates: tuple[date, ...] = ()) -> None:
        super().__init__(message)
        self.problem: Problem = problem
        self.candidates: tuple[date, ...] = candidates


def day_text(day: date) -> str:
    """``23 Oct 2021``: how the reader names a day in its messages."""
    return f"{day.day} {day:%b %Y}"
