"""Trips as plain dicts in trip-file shape: what the TOML writer merges and the iCal writer compares.

Each function gives one table of a trip file (the ``[trip]`` header, one
``[[sources]]``, ``[[events]]`` ... entry) as the keys a file would hold, in
the order a new file lists them. Empty values are left out, as are zones equal
to their default, so the same trip always gives the same dict.
"""

from __future__ import annotations

from typing import Any

from planner.model.reminders import duration_text
from planner.model.trip import Event, Organisation, Override, Person, Place, Source, Trip
from planner.model.visibility import DEFAULT, PERSON_FIELDS, default_of
from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled, When, zone_name

SECTIONS: tuple[str, ...] = ("sources", "people", "organisations", "places", "events")
"""Arrays of tables, in the order a new file lists them."""


def trip_header(trip: Trip) -> dict[str, Any]:
    d: dict[str, Any] = {"id": trip.id, "title": trip.title}
    _put(d, "title_ko", trip.title_ko)
    d["status"] = trip.status
    d["home_tz"] = zone_name(trip.home_tz)
    if trip.local_tz is not None:
        d["local_tz"] = zone_name(trip.local_tz)
    if isinstance(trip.dates, InMonth):
        d["month"] = f"{trip.dates.year:04d}-{trip.dates.month:02d}"
    else:
        d["start"] = trip.dates.first
        d["end"] = trip.dates.last
    _put(d, "members", list(trip.members))
    _put(d, "year_evidence", trip.year_evidence)
    _put(d, "notes", trip.notes)
    _level(d, "notes_visibility", trip.notes_visibility)
    _put(d, "organiser", trip.organiser)
    return _with_assumed(d, trip.assumed)


def source_data(s: Source) -> dict[str, Any]:
    d: dict[str, Any] = {"id": s.id, "outlet": s.outlet}
    for key in ("headline", "published", "file", "language"):
        _put(d, key, getattr(s, key))
    return d


def person_data(p: Person) -> dict[str, Any]:
    d: dict[str, Any] = {"id": p.id, "name": p.name}
    for key in ("name_ko", "role", "org", "notes", "phone", "email", "kakao", "documents"):
        _put(d, key, getattr(p, key))
    for key in PERSON_FIELDS:
        _level(d, f"{key}_visibility", getattr(p, f"{key}_visibility"), default_of(key))
    return _with_assumed(d, p.assumed)


def organisation_data(o: Organisation) -> dict[str, Any]:
    d: dict[str, Any] = {"id": o.id, "name": o.name}
    for key in ("name_ko", "city", "notes"):
        _put(d, key, getattr(o, key))
    _level(d, "notes_visibility", o.notes_visibility)
    return _with_assumed(d, o.assumed)


def place_data(p: Place) -> dict[str, Any]:
    d: dict[str, Any] = {"id": p.id, "name": p.name}
    for key in ("name_ko", "address", "city"):
        _put(d, key, getattr(p, key))
    if p.tz is not None:
        d["tz"] = zone_name(p.tz)
    if p.lat is not None:
        d["lat"] = p.lat
    if p.lon is not None:
        d["lon"] = p.lon
    _level(d, "visibility", p.visibility)
    return _with_assumed(d, p.assumed)


def _when_data(d: dict[str, Any], w: When) -> None:
    """The keys of a time (``start``/``end``, ``date``/``part``/``end_date``, ``month``, ``unscheduled``) into ``d``."""
    if isinstance(w, Exact):
        d["start"] = w.start.replace(tzinfo=None)
        if w.end is not None:
            d["end"] = w.end.replace(tzinfo=None)
    elif isinstance(w, OnDate):
        d["date"] = w.day
    elif isinstance(w, PartOfDay):
        d["date"] = w.day
        d["part"] = w.part
    elif isinstance(w, Span):
        d["date"] = w.first
        d["end_date"] = w.last
    elif isinstance(w, InMonth):
        d["month"] = f"{w.year:04d}-{w.month:02d}"
    elif isinstance(w, Unscheduled):
        d["unscheduled"] = True


def override_data(ev: Event, o: Override) -> dict[str, Any]:
    """One entry of an event's ``occurrences``: the day it was due on and what changed."""
    d: dict[str, Any] = {"of": o.of}
    if o.when is not None:
        _when_data(d, o.when)
        if isinstance(o.when, Exact):
            start_tz, end = o.when.start.tzinfo, o.when.end
            if zone_name(start_tz) != zone_name(ev.tz):
                d["tz"] = zone_name(start_tz)
            if end is not None and zone_name(end.tzinfo) != zone_name(start_tz):
                d["end_tz"] = zone_name(end.tzinfo)
    _put(d, "title", o.title)
    _put(d, "status", o.status)
    _put(d, "notes", o.notes)
    return d


def event_data(trip: Trip, ev: Event) -> dict[str, Any]:
    d: dict[str, Any] = {"id": ev.id, "title": ev.title}
    _put(d, "title_ko", ev.title_ko)
    d["kind"] = ev.kind
    d["status"] = ev.status
    w = ev.when
    place = trip.place(ev.place) if ev.place else None
    default_tz = (place.tz if place else None) or trip.event_tz
    _when_data(d, w)
    if zone_name(ev.tz) != zone_name(default_tz):
        d["tz"] = zone_name(ev.tz)
    if isinstance(w, Exact) and w.end is not None and zone_name(w.end.tzinfo) != zone_name(w.start.tzinfo):
        d["end_tz"] = zone_name(w.end.tzinfo)
    _put(d, "place", ev.place)
    for key in ("people", "counterparts", "orgs"):
        _put(d, key, list(getattr(ev, key)))
    _put(d, "outcome", ev.outcome)
    _put(d, "notes", ev.notes)
    _level(d, "visibility", ev.visibility)
    _level(d, "notes_visibility", ev.notes_visibility)
    _put(d, "sources", list(ev.sources))
    if ev.reminders is not None:
        d["reminders"] = [duration_text(r) for r in ev.reminders]
    if ev.repeat is not None:
        d["repeat"] = ev.repeat.rule
        _put(d, "except", list(ev.repeat.exceptions))
        _put(d, "occurrences", [override_data(ev, o) for o in ev.repeat.overrides])
    _put(d, "ical_uid", ev.ical_uid)
    _put(d, "ical_sequence", ev.ical_sequence)
    _put(d, "ical_hash", ev.ical_hash)
    if ev.ical_modified is not None:
        d["ical_modified"] = ev.ical_modified
    _put(d, "ical_lines", list(ev.ical_lines))
    return _with_assumed(
        d, ev.assumed, before=("repeat", "ical_uid", "ical_sequence", "ical_hash", "ical_modified", "ical_lines")
    )


def _with_assumed(d: dict[str, Any], assumed: tuple[str, ...], before: tuple[str, ...] = ()) -> dict[str, Any]:
    """``d`` with its ``assumed`` list (before the first of ``before``, else last), naming only keys ``d`` writes.

    A key cleared since the file was read (an event's place removed in the TUI) leaves the list, so the file
    written loads back: a key the table does not write cannot be assumed.
    """
    keys = [k for k in assumed if k in d]
    if not keys:
        return d
    out: dict[str, Any] = {}
    for key, value in d.items():
        if key in before and "assumed" not in out:
            out["assumed"] = keys
        out[key] = value
    out.setdefault("assumed", keys)
    return out


def _put(d: dict[str, Any], key: str, value: Any) -> None:
    if value:
        d[key] = value


def _level(d: dict[str, Any], key: str, value: str, default: str = DEFAULT) -> None:
    """A visibility key, left out at its default (as a file that never mentions it)."""
    if value != default:
        d[key] = value


def section_items(trip: Trip, name: str) -> list[dict[str, Any]]:
    if name == "sources":
        return [source_data(s) for s in trip.sources]
    if name == "people":
        return [person_data(p) for p in trip.people]
    if name == "organisations":
        return [organisation_data(o) for o in trip.organisations]
    if name == "places":
        return [place_data(p) for p in trip.places]
    return [event_data(trip, e) for e in trip.events]
