"""The ``unscheduled-soon`` check: items still without a date in a trip that is about to start."""

from __future__ import annotations

from datetime import date, timedelta

from planner.checks.common import event_ref
from planner.checks.findings import Finding
from planner.checks.registry import Check, register
from planner.model.trip import Trip
from planner.model.when import InMonth, Unscheduled

SOON = timedelta(days=14)
"""A trip starting within this long counts as starting soon."""


def check_unscheduled_soon(trip: Trip, today: date) -> list[Finding]:
    """Undated items (unscheduled, or only a month) in a trip starting within :data:`SOON` or under way."""
    if trip.status in ("completed", "cancelled") or today > trip.last_day:
        return []
    starts_in = trip.first_day - today
    if starts_in > SOON:
        return []
    loose = [e for e in trip.events if e.status != "cancelled" and isinstance(e.when, (Unscheduled, InMonth))]
    if isinstance(trip.dates, InMonth):
        loose_note = f"the trip itself has no days yet ({trip.dates.label()})"
    else:
        loose_note = ""
    if not loose and not loose_note:
        return []
    if starts_in.days > 0 and isinstance(trip.dates, InMonth):
        when = f"{trip.first_day:%B %Y} begins in {starts_in.days} day{'s' if starts_in.days != 1 else ''}"
    elif starts_in.days > 0:
        when = f"the trip starts in {starts_in.days} day{'s' if starts_in.days != 1 else ''} ({trip.first_day:%a} {trip.first_day.day} {trip.first_day:%b %Y})"
    elif starts_in.days == 0:
        when = "the trip starts today"
    else:
        when = "the trip is under way"
    parts = []
    if loose:
        parts.append(
            f"{len(loose)} item{'s' if len(loose) != 1 else ''} still {'have' if len(loose) != 1 else 'has'} no date"
        )
    if loose_note:
        parts.append(loose_note)
    return [
        Finding(
            "warning",
            "unscheduled-soon",
            trip.id,
            f"{' and '.join(parts)}, and {when}",
            tuple(event_ref(trip, e) for e in loose),
        )
    ]


register(
    Check(
        "unscheduled-soon",
        "undated items in a trip that starts soon",
        lambda given: [f for trip in given.trips for f in check_unscheduled_soon(trip, given.today)],
    )
)
