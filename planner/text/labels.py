"""Shared wording for people: names, dates in English and Korean, time labels.

Names and places pass through :func:`planner.text.safe.clean` before they are
shown, so a trip file cannot drive the terminal.

>>> korean_date(date(2021, 10, 19))
'10월 19일 (화)'
>>> day_heading(date(2021, 10, 19))
'Tue 19 Oct 2021 · 10월 19일 (화)'
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, cast

from planner.text.safe import clean

if TYPE_CHECKING:  # only names for annotations: importing the model here would slow every command's start
    from planner.model.timeline import Occurrence, ZoneView
    from planner.model.trip import Trip
    from planner.model.when import Exact

KOREAN_WEEKDAYS = "월화수목금토일"


def korean_date(day: date) -> str:
    return f"{day.month}월 {day.day}일 ({KOREAN_WEEKDAYS[day.weekday()]})"


def day_heading(day: date) -> str:
    """``Tue 19 Oct 2021 · 10월 19일 (화)``."""
    return f"{day:%a} {day.day} {day:%b %Y} · {korean_date(day)}"


def date_range(first: date, last: date) -> str:
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b}–{last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y}–{last.day} {last:%b %Y}"


def trip_dates(trip: Trip) -> str:
    from planner.model.when import InMonth

    return dates_text(trip.dates.first, trip.dates.last, month_only=isinstance(trip.dates, InMonth))


def dates_text(first: date, last: date, *, month_only: bool = False) -> str:
    """A trip's dates as :func:`trip_dates` words them, from the days alone (a trip summary has no model)."""
    if month_only:
        return f"{first:%B %Y}, days not known"
    return date_range(first, last)


def zone_abbrev(moment: datetime) -> str:
    """``KST``/``CDT``; zones without a letter abbreviation give ``+09``-style names."""
    return moment.tzname() or ""


def time_label(occ: Occurrence, view: ZoneView = "event", *, with_zone: bool = True) -> str:
    """The time of ``occ`` read in ``view``, or its honest precision ("morning")."""
    if occ.when.precision != "exact":  # not an Exact time: its honest label
        return occ.when.label()
    w = cast("Exact", occ.when)  # only Exact has the precision "exact"
    tz = occ.zone(view)
    start = w.start.astimezone(tz)
    text = start.strftime("%H:%M")
    if w.end is not None:
        end = w.end.astimezone(tz)
        days = (end.date() - start.date()).days
        text += "–" + end.strftime("%H:%M") + (f" (+{days}d)" if days else "")
    if with_zone:
        text += f" {zone_abbrev(start)}"
    return text


def shifted_day_note(occ: Occurrence, tz: tzinfo) -> str:
    """`` (Mon 18)`` when the start falls on another day in ``tz``, else ``""``."""
    if occ.when.precision != "exact":
        return ""
    w = cast("Exact", occ.when)  # only Exact has the precision "exact"
    there = w.start.astimezone(tz)
    if there.date() == w.start.date():
        return ""
    return f" ({there:%a} {there.day})"


def person_name(trip: Trip, pid: str) -> str:
    p = trip.person(pid)
    return clean(p.display(), single_line=True) if p else pid


def place_line(trip: Trip, place_id: str, *, address: bool = True) -> str:
    place = trip.place(place_id) if place_id else None
    if place is None:
        return ""
    text = place.display()
    if address and place.address:
        text += f", {place.address}"
    elif place.city and place.city not in text:
        text += f", {place.city}"
    return clean(text, single_line=True)


ASSUMED = " (assumed)"
"""The discreet mark of a value that does not come from the trip's sources."""


def assumed_mark(assumed: tuple[str, ...], *keys: str) -> str:
    """``" (assumed)"`` when any of ``keys`` is in a table's ``assumed`` list, else ""."""
    return ASSUMED if any(k in assumed for k in keys) else ""
