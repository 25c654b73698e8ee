"""What a timeline filter is and what it keeps: words and ``key:value`` tokens typed by a person.

A filter is typed as words and ``key:value`` tokens::

    dinner kind:mou person:kim-hyun-kyum org:kabcc trip:korea-2021

>>> Filter.parse("robot person:kim-hyun-kyum kind:mou")
Filter(text=('robot',), trip=None, person='kim-hyun-kyum', org=None, kind='mou')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from planner.model.timeline import Occurrence
from planner.model.trip import Event, Organisation, Person, Place, Trip
from planner.text.lookup import Named, find


@dataclass(frozen=True)
class Filter:
    """What the timeline is narrowed to; empty means everything."""

    text: tuple[str, ...] = ()
    trip: str | None = None
    person: str | None = None
    org: str | None = None
    kind: str | None = None

    KEYS = ("trip", "person", "org", "kind")

    @classmethod
    def parse(cls, query: str) -> Filter:
        words: list[str] = []
        found: dict[str, str] = {}
        for token in query.split():
            key, sep, value = token.partition(":")
            if sep and key.lower() in cls.KEYS and value:
                found[key.lower()] = value
            else:
                words.append(token.lower())
        return cls(tuple(words), **found)

    def __bool__(self) -> bool:
        return bool(self.text or self.trip or self.person or self.org or self.kind)

    def describe(self) -> str:
        parts = [" ".join(self.text)] if self.text else []
        parts += [f"{k}:{getattr(self, k)}" for k in self.KEYS if getattr(self, k)]
        return " ".join(parts)

    def matches_text(self, occ: Occurrence) -> bool:
        if not self.text:
            return True
        haystack = _haystack(occ)
        return all(word in haystack for word in self.text)

    def without_trip(self) -> Filter:
        """This filter less its ``trip:`` part (which picks trips, not rows)."""
        return replace(self, trip=None) if self.trip is not None else self

    def narrows(self, other: Filter) -> bool:
        """Whether every row this filter keeps, ``other`` keeps too.

        True when this filter only adds to ``other``: the same ``key:value``
        tokens or more, and each of ``other``'s words inside one of these (typing
        ``me`` after ``m``). Then a filter need only look among ``other``'s rows.

        >>> Filter.parse("mee kind:mou").narrows(Filter.parse("me"))
        True
        >>> Filter.parse("me").narrows(Filter.parse("mee"))
        False
        """
        for key in self.KEYS:
            theirs = getattr(other, key)
            if theirs is not None and theirs != getattr(self, key):
                return False
        return all(any(old in new for new in self.text) for old in other.text)


def _haystack(occ: Occurrence) -> str:
    return _event_haystack(occ.event, occ.trip.place, occ.trip.person, occ.trip.organisation)


def _event_haystack(
    ev: Event,
    place_of: Callable[[str], Place | None],
    person_of: Callable[[str], Person | None],
    org_of: Callable[[str], Organisation | None],
) -> str:
    parts = [ev.id, ev.title, ev.title_ko, ev.notes, ev.outcome, ev.kind, ev.status]
    place = place_of(ev.place) if ev.place else None
    if place:
        parts += [place.name, place.name_ko, place.address, place.city]
    for pid in (*ev.people, *ev.counterparts):
        p = person_of(pid)
        if p:
            parts += [p.name, p.name_ko]
    for oid in ev.orgs:
        o = org_of(oid)
        if o:
            parts += [o.name, o.name_ko]
    return " ".join(parts).lower()


def trip_haystacks(trip: Trip) -> dict[int, str]:
    """:func:`_haystack` of every event of ``trip``, keyed by ``id(event)``.

    People, places and organisations are looked up in dictionaries built once
    for the trip (the first record with an id wins, as ``Trip.person`` finds it),
    instead of a scan of the trip's lists per event.
    """
    people: dict[str, Person] = {}
    for p in trip.people:
        people.setdefault(p.id, p)
    places: dict[str, Place] = {}
    for pl in trip.places:
        places.setdefault(pl.id, pl)
    orgs: dict[str, Organisation] = {}
    for o in trip.organisations:
        orgs.setdefault(o.id, o)
    return {id(ev): _event_haystack(ev, places.get, people.get, orgs.get) for ev in trip.events}


def named_ids(records: Sequence[Named], typed: str) -> tuple[str, ...]:
    """The ids a ``person:`` or ``org:`` token names in one trip: an id, or a name in Hangul or romanised.

    ``person:고근백``, ``person:Ko`` and ``person:ko-geun-baek`` keep the same
    events; a name that fits several people keeps the events of each. A token
    naming no one declared in the trip is taken as an id (a member may be
    declared in another trip).
    """
    found = find(records, typed)
    return tuple(r.id for r in found) if found else (typed,)


def keeps(
    o: Occurrence, flt: Filter, people: tuple[str, ...] | None = None, orgs: tuple[str, ...] | None = None
) -> bool:
    """Whether ``flt``'s ``org:``, ``kind:`` and ``person:`` tokens keep ``o`` (words are matched apart).

    ``people`` and ``orgs``: the ids the tokens name in ``o``'s trip (:func:`named_ids`), when
    the caller found them once for the whole trip.
    """
    ev = o.event
    if flt.org is not None:
        wanted = orgs if orgs is not None else named_ids(o.trip.organisations, flt.org)
        if not any(i in ev.orgs for i in wanted):
            return False
    if flt.kind is not None and ev.kind != flt.kind:
        return False
    if flt.person is None:
        return True
    who = people if people is not None else named_ids(o.trip.people, flt.person)
    return any(o.involves(p) for p in who)
