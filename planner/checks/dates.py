"""The ``odd-hour`` and ``outside-trip`` checks: event times and dates that do not fit the trip or the clock."""

from __future__ import annotations

from datetime import date

from planner.checks.common import event_ref
from planner.checks.findings import Finding
from planner.checks.registry import trip_check
from planner.model.days import days_covered
from planner.model.trip import Trip
from planner.model.when import Exact, InMonth, When, zone_name
from planner.text.labels import zone_abbrev

ODD_HOURS = range(5)
"""Local start hours that suggest a zone mistake (00:00-04:59)."""


@trip_check("odd-hour", "an event at an unlikely local hour")
def check_odd_hours(trip: Trip) -> list[Finding]:
    """Events (other than travel) starting between 00:00 and 05:00 in their own zone."""
    out = []
    for ev in trip.events:
        w = ev.when
        if not isinstance(w, Exact) or ev.kind == "travel" or ev.status == "cancelled":
            continue
        local = w.start.astimezone(ev.tz)
        if local.hour not in ODD_HOURS:
            continue
        hint = ""
        if zone_name(trip.home_tz) != zone_name(ev.tz):
            # What the same wall-clock time would be if it had been meant in the home zone.
            meant_home = local.replace(tzinfo=trip.home_tz).astimezone(ev.tz)
            hint = (
                f" ({local:%H:%M} in {zone_name(trip.home_tz)}, the home zone, "
                f"would be {meant_home:%H:%M} {zone_abbrev(meant_home)} on {meant_home:%a} {meant_home.day} here)"
            )
        out.append(
            Finding(
                "warning",
                "odd-hour",
                trip.id,
                f"starts at {local:%H:%M} {zone_abbrev(local)} local time, an unlikely hour: typed in another zone?{hint}",
                (event_ref(trip, ev),),
            )
        )
    return out


# --- outside the trip ------------------------------------------------------


def _days_of(w: When) -> tuple[date, date] | None:
    """The days to compare with the trip's: those ``w`` covers by local date, or a month's."""
    if isinstance(w, InMonth):
        return w.first, w.last
    return days_covered(w)


@trip_check("outside-trip", "an event outside its trip's dates")
def check_outside_trip(trip: Trip) -> list[Finding]:
    """Events (the first occurrence of a series) dated outside the trip, by local date."""
    out = []
    first, last = trip.first_day, trip.last_day
    for ev in trip.events:
        days = _days_of(ev.when)
        if days is None:
            continue
        lo, hi = days
        if isinstance(ev.when, InMonth):
            inside = not (hi < first or lo > last)
        else:
            inside = first <= lo and hi <= last
        if inside:
            continue
        shown = f"{lo:%a} {lo.day} {lo:%b %Y}" if lo == hi else f"{lo.day} {lo:%b %Y} to {hi.day} {hi:%b %Y}"
        if isinstance(ev.when, InMonth):
            shown = ev.when.label()
        side = (
            "before the trip starts"
            if hi < first
            else "after the trip ends"
            if lo > last
            else "beyond the trip's dates"
        )
        out.append(
            Finding(
                "error",
                "outside-trip",
                trip.id,
                f"{shown} is {side} ({first.day} {first:%b %Y} to {last.day} {last:%b %Y})",
                (event_ref(trip, ev),),
            )
        )
    return out
