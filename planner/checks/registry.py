"""The list of checks and :func:`run_checks`: a check registers its name, description and function here, once, where it is written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from planner.checks.common import is_live
from planner.checks.findings import SEVERITIES, Finding
from planner.model.timeline import Occurrence, occurrences
from planner.model.trip import Trip


@dataclass(frozen=True)
class CheckInput:
    """What every check is given by :func:`run_checks`."""

    trips: Sequence[Trip]
    """The trips checked, in the order given."""
    live: Sequence[Occurrence]
    """Occurrences of every trip's events, cancelled events and trips left out, in timeline order."""
    today: date
    """The date "starts soon" is measured from."""


@dataclass(frozen=True)
class Check:
    """One check: its name (``planner check``, :data:`CHECKS`, ``only=``), what it looks for, and how it looks."""

    name: str
    description: str
    find: Callable[[CheckInput], list[Finding]]


TripCheck = Callable[[Trip], list[Finding]]
"""A check that looks at one trip at a time."""

TimelineCheck = Callable[[Sequence[Occurrence]], list[Finding]]
"""A check that looks at the live occurrences of all trips together (people are followed across trips)."""

_REGISTRY: dict[str, Check] = {}

CHECKS: dict[str, str] = {}
"""Every check's name and what it looks for, in the order the checks were registered."""


def register(check: Check) -> Check:
    """Add ``check`` to the checks :func:`run_checks` runs; its name must be new."""
    if check.name in _REGISTRY:
        raise ValueError(f"check {check.name!r} is registered twice")
    _REGISTRY[check.name] = check
    CHECKS[check.name] = check.description
    return check


def trip_check(name: str, description: str) -> Callable[[TripCheck], TripCheck]:
    """Register the decorated ``function(trip) -> findings`` as the check ``name``, run on each trip in turn."""

    def decorate(function: TripCheck) -> TripCheck:
        register(Check(name, description, lambda given: [f for trip in given.trips for f in function(trip)]))
        return function

    return decorate


def timeline_check(name: str, description: str) -> Callable[[TimelineCheck], TimelineCheck]:
    """Register the decorated ``function(occurrences) -> findings`` as the check ``name``, run once on all trips."""

    def decorate(function: TimelineCheck) -> TimelineCheck:
        register(Check(name, description, lambda given: function(given.live)))
        return function

    return decorate


def registered() -> tuple[Check, ...]:
    """Every registered check, in registration order."""
    return tuple(_REGISTRY.values())


def run_checks(trips: Iterable[Trip], *, today: date | None = None, only: Iterable[str] | None = None) -> list[Finding]:
    """Every finding for ``trips``, ordered by trip, severity, then day.

    Args:
        trips: the trips to check; people are followed across them (one
            person in two trips at once is an overlap).
        today: the date "starts soon" is measured from (default: today).
        only: names of the checks to run (default: all of :data:`CHECKS`).
    """
    trips = list(trips)
    today = today or date.today()
    wanted = set(only) if only is not None else set(CHECKS)
    unknown = wanted - set(CHECKS)
    if unknown:
        raise ValueError(f"unknown check(s): {', '.join(sorted(unknown))}")
    given = CheckInput(trips, [o for o in occurrences(trips) if is_live(o)], today)
    findings: list[Finding] = []
    for check in _REGISTRY.values():
        if check.name in wanted:
            findings += check.find(given)
    order = {t.id: i for i, t in enumerate(trips)}
    return sorted(
        findings,
        key=lambda f: (
            order.get(f.trip, len(order)),
            SEVERITIES.index(f.severity),
            min((e.day for e in f.events if e.day), default=date.max),
            f.check,
            f.message,
        ),
    )
