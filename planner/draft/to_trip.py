"""Turn drafts into events of a trip: ids, the trip's places, organisations and people.

A draft only knows the words of its line. The trip knows that "광주시청" is the
place ``gwangju-city-hall`` and that "김현겸" is a member: matching the names
the trip already holds (Korean or romanised) links them, so a drafted event
shows up in that person's agenda and the travel-time checks know where it is.
Drafts are added as *tentative*, with a note giving the line they came from,
so nobody mistakes them for confirmed plans. A draft whose day and title match
an event already in the trip is reported, not added twice; one dated outside
the trip is reported, not added (the trip file could not hold it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo

from planner.draft.lines import Draft
from planner.model.days import outside_trip
from planner.model.trip import Event, Trip

_KIND_TITLES = {
    "mou": "MOU signing",
    "roundtable": "Roundtable",
    "conference": "Conference",
    "expo": "Expo",
    "reception": "Reception",
    "dinner": "Meal",
    "talk": "Talk",
    "meeting": "Meeting",
    "visit": "Visit",
    "travel": "Travel",
}
"""An event needs an English title; a draft has one only where the text did, else its kind says what it is."""

_MIN_NAME = 2
"""Shorter names ("김") would match inside unrelated words."""


@dataclass(frozen=True)
class Placed:
    """A draft, the event it becomes, and the event already in the trip it repeats (if any)."""

    draft: Draft
    event: Event
    duplicate_of: str = ""
    outside: str = ""
    """Why the event cannot go into the trip (its day is outside the trip's dates), or ``""``."""


def _names(*names: str) -> list[str]:
    return [n for n in names if len(n) >= _MIN_NAME]


def _mentions(text: str, names: list[str]) -> bool:
    low = text.casefold()
    return any(n.casefold() in low for n in names)


def _slug(draft: Draft) -> str:
    day = draft.when.local_date()
    stem = f"draft-{day.isoformat()}" if day else "draft"
    return f"{stem}-{draft.kind}"


def to_events(drafts: list[Draft], trip: Trip, tz: tzinfo | None = None) -> list[Placed]:
    """One :class:`Placed` per draft, with ids unique in the trip and names linked.

    ``tz`` is the zone the drafts' times were read in (the trip's event zone by default).
    """
    taken = {ev.id for ev in trip.events}
    members = set(trip.members)
    existing = {(ev.when.local_date(), _norm(ev.title)): ev.id for ev in trip.events}
    existing.update({(ev.when.local_date(), _norm(ev.title_ko)): ev.id for ev in trip.events if ev.title_ko})
    out: list[Placed] = []
    for d in drafts:
        line = d.source
        # The longest name wins: "광주시청" is the city hall, not the city of "광주".
        matches = [
            (len(n), p.id)
            for p in trip.places
            for n in _names(p.name_ko, p.name)
            if _mentions(d.place_hint or line, [n])
        ]
        place = max(matches)[1] if matches else ""
        orgs = tuple(o.id for o in trip.organisations if _mentions(line, _names(o.name_ko, o.name)))
        named = [p.id for p in trip.people if _mentions(line, _names(p.name_ko, p.name))]
        base = _slug(d)
        eid, n = base, 2
        while eid in taken:
            eid, n = f"{base}-{n}", n + 1
        taken.add(eid)
        notes = [f"Drafted from pasted schedule text, line {d.line}: {d.source}"]
        if d.place_hint and not place:
            notes.append(f"Place as written: {d.place_hint}")
        notes.extend(d.notes)
        ev = Event(
            id=eid,
            title=d.title or _KIND_TITLES.get(d.kind, "Event"),
            title_ko=d.title_ko,
            when=d.when,
            tz=tz or trip.event_tz,
            kind=d.kind,
            status="tentative",
            place=place,
            people=tuple(p for p in named if p in members),
            counterparts=tuple(p for p in named if p not in members),
            orgs=orgs,
            notes="\n".join(notes),
        )
        dup = existing.get((d.when.local_date(), _norm(d.name)), "")
        out.append(Placed(d, ev, dup, outside_trip(d.when, trip.dates) or ""))
    return out


def _norm(title: str) -> str:
    return re.sub(r"\W+", "", title).casefold()
