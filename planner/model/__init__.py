"""The timeline model: trips, events with honest precision, and queries over them.

The names below are imported on first use (PEP 562), not when the package is:
``planner trips`` reads trip summaries from the cache and never needs the
dataclasses, and building them costs start-up time every command would pay.
"""

from __future__ import annotations

from planner.lazy import lazy_names

_HOMES = {
    "days_covered": "days",
    "Occurrence": "timeline",
    "by_day": "timeline",
    "expand": "timeline",
    "occurrences": "timeline",
    "on_day": "timeline",
    "trips_of_person": "timeline",
    "EVENT_KINDS": "trip",
    "STATUSES": "trip",
    "TRIP_STATUSES": "trip",
    "Event": "trip",
    "Organisation": "trip",
    "Person": "trip",
    "Place": "trip",
    "Override": "trip",
    "Recurrence": "trip",
    "Source": "trip",
    "Trip": "trip",
    "PARTS_OF_DAY": "when",
    "Exact": "when",
    "InMonth": "when",
    "OnDate": "when",
    "PartOfDay": "when",
    "Span": "when",
    "Unscheduled": "when",
    "When": "when",
}

__all__ = [
    "EVENT_KINDS",
    "PARTS_OF_DAY",
    "STATUSES",
    "TRIP_STATUSES",
    "Event",
    "Exact",
    "InMonth",
    "Occurrence",
    "OnDate",
    "Organisation",
    "Override",
    "PartOfDay",
    "Person",
    "Place",
    "Recurrence",
    "Source",
    "Span",
    "Trip",
    "Unscheduled",
    "When",
    "by_day",
    "days_covered",
    "expand",
    "occurrences",
    "on_day",
    "trips_of_person",
]


__getattr__, __dir__ = lazy_names(__name__, _HOMES, globals(), __all__)
