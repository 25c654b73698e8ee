"""Who takes part in an event: the one place the planner's attendance rule is written.

A trip file names an event's delegation members in ``people``; an event that
names no one is the whole delegation's (``trip.members``). Counterparts (hosts,
officials) are there too but are not members. A trip needs no ``members``
(an imported calendar has none): then each event is shared by everyone named
on it, and an event naming no one involves nobody known. When nobody at all is
named (:func:`names_anyone`), who is where cannot be checked. Every front end and output
(agendas, exports, checks, the TUI's rows and detail pane, person filters)
asks these functions instead of repeating the rule.

>>> from planner.model.trip import Event, Trip
>>> from planner.model.when import OnDate, Span
>>> from datetime import date
>>> from zoneinfo import ZoneInfo
>>> seoul = ZoneInfo("Asia/Seoul")
>>> ev = Event(id="dinner", title="Dinner", when=OnDate(date(2021, 10, 19)), tz=seoul, counterparts=("mayor",))
>>> trip = Trip(id="t", title="T", home_tz=seoul, dates=Span(date(2021, 10, 18), date(2021, 10, 22)),
...             members=("kim", "lee"), events=(ev,))
>>> delegation(trip, ev), whole_delegation(trip, ev)
(('kim', 'lee'), True)
>>> sorted(participants(trip, ev)), involves(trip, ev, "mayor"), involves(trip, ev, "park")
(['kim', 'lee', 'mayor'], True, False)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.model.trip import Event, Trip


def delegation(trip: Trip, ev: Event) -> tuple[str, ...]:
    """The members at ``ev``: those it names, else every member of the trip."""
    return ev.people or trip.members


def whole_delegation(trip: Trip, ev: Event) -> bool:
    """Whether ``ev`` is the whole delegation's because it names no one (and the trip has members)."""
    return not ev.people and bool(trip.members)


def participants(trip: Trip, ev: Event) -> set[str]:
    """Everyone who has to be there: the delegation at ``ev`` and its counterparts."""
    return set(delegation(trip, ev)) | set(ev.counterparts)


def involves(trip: Trip, ev: Event, person_id: str) -> bool:
    """Whether ``person_id`` takes part in ``ev``, as a named member, a counterpart, or a member of the trip."""
    return person_id in ev.counterparts or person_id in delegation(trip, ev)


def names_anyone(trip: Trip) -> bool:
    """Whether anyone is known to take part in any of the trip's events (members, people or counterparts)."""
    return bool(trip.members) or any(e.people or e.counterparts for e in trip.events)


def takes_part_in_trip(trip: Trip, person_id: str) -> bool:
    """Whether ``person_id`` is a member of ``trip`` or takes part in one of its events."""
    return person_id in trip.members or any(person_id in e.people or person_id in e.counterparts for e in trip.events)
