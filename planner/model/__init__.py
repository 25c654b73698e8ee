"""The timeline model: trips, events with honest precision, and queries over them."""

from planner.model.timeline import Occurrence, by_day, expand, occurrences, on_day, trips_of_person
from planner.model.trip import (
    EVENT_KINDS,
    STATUSES,
    TRIP_STATUSES,
    Event,
    Organisation,
    Person,
    Place,
    Recurrence,
    Source,
    Trip,
)
from planner.model.when import PARTS_OF_DAY, Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled, When

__all__ = [
    "EVENT_KINDS",
    "PARTS_OF_DAY",
    "STATUSES",
    "TRIP_STATUSES",
    "Event",
    "Exact",
    "InMonth",
    "OnDate",
    "Occurrence",
    "Organisation",
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
    "expand",
    "occurrences",
    "on_day",
    "trips_of_person",
]
