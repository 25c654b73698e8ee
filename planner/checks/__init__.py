"""Itinerary checks: the mistakes hand-made itineraries have, found before the trip.

:func:`run_checks` looks at trips (loaded from files or edited in memory) and
returns :class:`Finding` objects, each with a severity, the events concerned
and a one-line reason. The checks, by name:

``overlap``
    the same person in two events whose times overlap.
``travel``
    consecutive events in cities too far apart for the time between them
    (great-circle distance and the rough model in :mod:`planner.model.geo`); for
    untimed events on the same day, a reminder to make sure the day allows it.
``odd-hour``
    an event starting between midnight and 05:00 local time, the usual sign
    of a time typed in the wrong zone.
``outside-trip``
    an event dated outside its trip (files are refused for this when loading;
    an in-memory edit is not).
``weekday``
    a weekday written beside a date ("19일(화)", "21 (Thu)", "Tue 19 Oct")
    that does not match the calendar, or a title saying "(Tue)" for an
    event that is not on a Tuesday.
``no-place``, ``zone``
    an event without a place; a missing time zone, or an event whose zone
    disagrees with its place's.
``look-alike``
    two events of a trip that look like the same activity: the same kind,
    similar titles, and the same counterparts or organisations.
``unscheduled-soon``
    items with no date yet in a trip that starts within
    :data:`~planner.checks.undated.SOON` of ``today`` (or is under way).

Severities: ``error`` is almost certainly wrong (``planner check`` exits 1),
``warning`` is probably wrong, ``info`` is worth a look. Cancelled events and
trips are left out of the overlap and travel checks.

>>> from planner.model import Event, Trip, Span, OnDate
>>> from zoneinfo import ZoneInfo
>>> seoul = ZoneInfo("Asia/Seoul")
>>> trip = Trip("t", "Test", seoul, Span(date(2021, 10, 18), date(2021, 10, 20)), events=(
...     Event("visit", "Factory visit (Tue)", OnDate(date(2021, 10, 20)), seoul),))
>>> for finding in run_checks([trip], today=date(2021, 1, 1)):
...     print(finding)
warning: no-place: visit (Wed 20 Oct 2021): no place given: the printed agenda will say “place not given”
warning: weekday: visit (Wed 20 Oct 2021): “(Tue)” in the title, but the event is on Wednesday (수) 20 Oct 2021
"""

from __future__ import annotations

from datetime import date  # noqa: F401  (the example above uses it)

# The order of these imports is the order the checks register in, hence of
# CHECKS (and of the check list in the module docstring).
# isort: off
from planner.checks import overlaps, travel, dates, weekdays, places, lookalikes, undated  # noqa: F401

# isort: on
from planner.checks.findings import SEVERITIES, EventRef, Finding, Severity, has_errors
from planner.checks.lookalikes import title_similarity
from planner.checks.registry import (
    CHECKS,
    Check,
    CheckInput,
    register,
    registered,
    run_checks,
    timeline_check,
    trip_check,
)
from planner.checks.weekdays import WeekdayMention, weekday_mentions

__all__ = [
    "CHECKS",
    "SEVERITIES",
    "Check",
    "CheckInput",
    "EventRef",
    "Finding",
    "Severity",
    "WeekdayMention",
    "has_errors",
    "register",
    "registered",
    "run_checks",
    "timeline_check",
    "title_similarity",
    "trip_check",
    "weekday_mentions",
]
