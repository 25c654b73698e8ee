"""Who may see what: the one place the planner's visibility rule is written.

Every event, place, note and person field (phone, e-mail, KakaoTalk id,
documents) is marked ``public`` (hosts and counterparts may see it),
``delegation`` (members; the default) or ``organisers``; a person's
``documents`` default to ``organisers``. A reader at a level sees what is
marked at that level or below it: ``public`` < ``delegation`` < ``organisers``.

:func:`redact` gives the trip a reader at a level may see; every output for a
recipient (exports, agendas, listings) is rendered from it, never from the
full trip:

* events marked above the level go, and with ``person`` only that person's
  events stay;
* an event's notes go when its ``notes_visibility`` or the event's own
  visibility is above the level (notes are never seen wider than their event);
* a place above the level goes, and the events there show no place;
* person fields, organisation and trip notes above the level are blanked;
* people, organisations, places and sources that no remaining event needs are
  dropped (the members of the trip stay only when an event of the whole
  delegation remains, or as the named people of one).

>>> from datetime import date
>>> from zoneinfo import ZoneInfo
>>> from planner.model.trip import Event, Person, Trip
>>> from planner.model.when import OnDate, Span
>>> seoul = ZoneInfo("Asia/Seoul")
>>> day = OnDate(date(2021, 10, 19))
>>> trip = Trip("t", "T", seoul, Span(date(2021, 10, 18), date(2021, 10, 22)),
...     people=(Person("kim", "Kim", phone="+82-10-0000-0000", phone_visibility="organisers"), Person("lee", "Lee")),
...     events=(Event("mou", "MOU", day, seoul, people=("kim",), visibility="public", notes="room 101"),
...             Event("prep", "Prep", day, seoul, people=("lee",), visibility="organisers")))
>>> public = redact(trip, "public")
>>> [e.id for e in public.events], public.events[0].notes, [(p.id, p.phone) for p in public.people]
(['mou'], '', [('kim', '')])
>>> [e.id for e in redact(trip, "organisers").events], redact(trip, "organisers").people[0].phone
(['mou', 'prep'], '+82-10-0000-0000')
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any, Final

from planner.model.checker import Checker
from planner.model.rules import delegation, involves
from planner.model.trip import VISIBILITIES, Event, Organisation, Person, Place, Trip

PUBLIC: Final = "public"
DELEGATION: Final = "delegation"
ORGANISERS: Final = "organisers"
DEFAULT: Final = DELEGATION
"""What anything is marked when the trip file says nothing (a person's ``documents`` aside)."""

PERSON_FIELDS: tuple[str, ...] = ("notes", "phone", "email", "kakao", "documents")
"""A person's fields that each carry their own ``<field>_visibility``."""

FIELD_DEFAULTS: dict[str, str] = {"documents": ORGANISERS}
"""Fields whose default is not :data:`DEFAULT`."""

_RANK = {level: i for i, level in enumerate(VISIBILITIES)}


def default_of(field: str) -> str:
    """The level a field is marked when the file says nothing: ``delegation``, ``organisers`` for ``documents``."""
    return FIELD_DEFAULTS.get(field, DEFAULT)


def visibility(c: Checker, t: dict, path: str, key: str, default: str = DEFAULT) -> str:
    """A ``visibility`` or ``<field>_visibility`` key: ``public``, ``delegation`` or ``organisers``."""
    level = c.text(t, path, key) or default
    if level not in VISIBILITIES:
        c.add(f"{path}.{key}", f"unknown visibility {level!r}; use one of: {', '.join(VISIBILITIES)}")
        return default
    return sys.intern(level)


def allows(reader: str, marked: str) -> bool:
    """Whether a reader at level ``reader`` may see something marked ``marked``.

    >>> allows("delegation", "public"), allows("delegation", "organisers"), allows("organisers", "organisers")
    (True, False, True)
    """
    return _RANK[marked] <= _RANK[reader]


def narrowest(*levels: str) -> str:
    """The narrowest of ``levels`` (``organisers`` over ``delegation`` over ``public``)."""
    return max(levels, key=_RANK.__getitem__)


def event_visible(ev: Event, reader: str) -> bool:
    return allows(reader, ev.visibility)


def notes_visible(ev: Event, reader: str) -> bool:
    """Whether the event's notes reach the reader: both the event and its notes must."""
    return allows(reader, narrowest(ev.visibility, ev.notes_visibility))


def person_for(p: Person, reader: str) -> Person:
    """``p`` with every field above ``reader`` blanked."""
    # Typed as Any: Person also holds a tuple field (assumed), which replace() checks against.
    blank: dict[str, Any] = {
        f: "" for f in PERSON_FIELDS if getattr(p, f) and not allows(reader, getattr(p, f"{f}_visibility"))
    }
    return replace(p, **blank) if blank else p


def _org_for(o: Organisation, reader: str) -> Organisation:
    return o if not o.notes or allows(reader, o.notes_visibility) else replace(o, notes="")


def _event_for(ev: Event, reader: str, places: dict[str, Place]) -> Event:
    shown = notes_visible(ev, reader)
    notes = ev.notes if shown else ""
    place = ev.place if ev.place in places else ""
    repeat = ev.repeat
    if not shown and repeat is not None and any(o.notes for o in repeat.overrides):
        # A changed occurrence's notes are the event's notes too.
        repeat = replace(repeat, overrides=tuple(replace(o, notes="") for o in repeat.overrides))
    # Lines kept verbatim from an imported calendar (alarms, categories, its own
    # description, other programs' properties) were never marked: they go only
    # to the organisers, who see everything.
    kept_lines = ev.ical_lines if reader == "organisers" else ()
    if (notes, place, repeat, kept_lines) == (ev.notes, ev.place, ev.repeat, ev.ical_lines):
        return ev
    return replace(ev, notes=notes, place=place, repeat=repeat, ical_lines=kept_lines)


def redact(trip: Trip, reader: str, person: str | None = None) -> Trip:
    """The trip as a reader at level ``reader`` may see it (``person``: only that person's events).

    See the module's description for the rule. The result is a trip like any
    other: agendas, listings and calendar entries are made from it unchanged.
    """
    if reader not in _RANK:
        raise ValueError(f"unknown visibility {reader!r}; use one of: {', '.join(VISIBILITIES)}")
    kept = [ev for ev in trip.events if event_visible(ev, reader) and (person is None or involves(trip, ev, person))]
    places = {p.id: p for p in trip.places if allows(reader, p.visibility) and any(ev.place == p.id for ev in kept)}
    events = tuple(_event_for(ev, reader, places) for ev in kept)
    needed_people: set[str] = set()
    needed_orgs: set[str] = set()
    needed_sources: set[str] = set()
    for ev in kept:
        needed_people.update(delegation(trip, ev), ev.counterparts)
        needed_orgs.update(ev.orgs)
        needed_sources.update(ev.sources)
    people = tuple(person_for(p, reader) for p in trip.people if p.id in needed_people)
    needed_orgs.update(p.org for p in people if p.org)
    whole = any(not ev.people for ev in kept)
    return replace(
        trip,
        notes=trip.notes if allows(reader, trip.notes_visibility) else "",
        members=tuple(m for m in trip.members if whole or m in needed_people),
        sources=tuple(s for s in trip.sources if s.id in needed_sources),
        people=people,
        organisations=tuple(_org_for(o, reader) for o in trip.organisations if o.id in needed_orgs),
        places=tuple(places[p.id] for p in trip.places if p.id in places),
        events=events,
    )


def redact_all(trips: list[Trip], reader: str, person: str | None = None) -> list[Trip]:
    """:func:`redact` of each trip."""
    return [redact(t, reader, person) for t in trips]
