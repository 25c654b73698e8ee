"""Plain trip data (dicts, as a trip file holds) -> :class:`~planner.model.Trip`, every problem reported by key path.

Validation does not stop at the first mistake: it collects every issue, so a
person fixes a file in one pass. Issues carry key paths only; the reader of
each format maps them to its own places (:mod:`planner.storage.reader` to
lines of the TOML file, :mod:`planner.ical.merge` to lines of the .ics file).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Container
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo

from planner.model.checker import Checker, InvalidTrip, Issue, year_problem
from planner.model.reminders import event_reminders
from planner.model.trip import (
    EVENT_KINDS,
    STATUSES,
    TRIP_STATUSES,
    Event,
    Organisation,
    Person,
    Place,
    Source,
    Trip,
)
from planner.model.validate_assumed import assumed
from planner.model.validate_ical import ical_state
from planner.model.validate_repeat import overrides
from planner.model.validate_when import check_inside_trip, event_repeat, event_when, month
from planner.model.visibility import PERSON_FIELDS, default_of, visibility
from planner.model.when import PARTS_OF_DAY, YEARS, InMonth, Span

# fmt: off
TRIP_KEYS = {
    "id", "title", "title_ko", "status", "home_tz", "local_tz", "start", "end", "month", "members",
    "year_evidence", "notes", "notes_visibility", "organiser", "assumed"
}
SOURCE_KEYS = {"id", "outlet", "headline", "published", "file", "language"}
PERSON_KEYS = {
    "id", "name", "name_ko", "role", "org", "notes", "phone", "email", "kakao", "documents",
    "notes_visibility", "phone_visibility", "email_visibility", "kakao_visibility", "documents_visibility", "assumed"
}
ORG_KEYS = {"id", "name", "name_ko", "city", "notes", "notes_visibility", "assumed"}
PLACE_KEYS = {"id", "name", "name_ko", "address", "city", "tz", "lat", "lon", "visibility", "assumed"}
EVENT_KEYS = {
    "id", "title", "title_ko", "kind", "status", "start", "end", "tz", "end_tz", "date", "end_date",
    "part", "month", "unscheduled", "place", "people", "counterparts", "orgs", "outcome", "notes",
    "sources", "repeat", "except", "occurrences", "ical_uid", "ical_sequence", "ical_hash", "ical_modified",
    "ical_lines", "visibility", "notes_visibility", "reminders", "assumed"
}
# fmt: on
TOP_KEYS = {"trip", "sources", "people", "organisations", "places", "events"}


def build_trip(data: dict) -> Trip:
    """The trip ``data`` describes (tables as dicts, arrays of tables as lists of dicts).

    Raises:
        InvalidTrip: listing every issue found, each with its key path.
    """
    c = Checker()
    c.unknown_keys(data, "", TOP_KEYS)
    head = data.get("trip")
    if not isinstance(head, dict):
        c.add("trip", "missing the [trip] table")
        raise InvalidTrip(c.issues)

    trip_id = c.check_id(head, "trip")
    c.unknown_keys(head, "trip", TRIP_KEYS)
    title = c.text(head, "trip", "title", required=True)
    home_tz = c.zone(head, "trip", "home_tz", required=True)
    local_tz = c.zone(head, "trip", "local_tz")
    status = c.text(head, "trip", "status") or "planned"
    if status not in TRIP_STATUSES:
        c.add("trip.status", f"unknown status {status!r}; use one of: {', '.join(TRIP_STATUSES)}")
    dates = _trip_dates(c, head)

    sources = tuple(_entries(c, data, "sources", SOURCE_KEYS, _source))
    organisations = tuple(_entries(c, data, "organisations", ORG_KEYS, _organisation))
    org_ids = {o.id for o in organisations}
    people = tuple(_entries(c, data, "people", PERSON_KEYS, _person))
    places = tuple(_entries(c, data, "places", PLACE_KEYS, _place))
    person_ids = {p.id for p in people}
    for i, p in enumerate(people):
        if p.org and p.org not in org_ids:
            c.add(f"people[{i}].org", f"no organisation {p.org!r} is declared in [[organisations]]")

    members = c.ids(head, "trip", "members")
    for m in members:
        if m not in person_ids:
            c.add("trip.members", f"no person {m!r} is declared in [[people]]")
    organiser = c.text(head, "trip", "organiser")
    if organiser and organiser not in person_ids:
        c.add("trip.organiser", f"no person {organiser!r} is declared in [[people]]")

    context = _EventContext(
        trip_tz=local_tz or home_tz,
        places={p.id: p for p in places},
        people=person_ids,
        orgs=org_ids,
        sources={s.id for s in sources},
        dates=dates,
    )
    events: list[Event] = []
    first_index: dict[str, int] = {}
    raw_events = data.get("events", [])
    if not isinstance(raw_events, list):
        c.add("events", "should be an array of tables: write each event under [[events]]")
        raw_events = []
    for i, raw in enumerate(raw_events):
        path = f"events[{i}]"
        if not isinstance(raw, dict):
            c.add(path, "each event should be a table under [[events]]")
            continue
        ev = _event(c, raw, path, context)
        if ev is None:
            continue
        if ev.id in first_index:
            # Where the first one is written is the reader's to say: it knows the lines.
            c.add(f"{path}.id", f"duplicate event id {ev.id!r}", first=f"events[{first_index[ev.id]}].id")
            continue
        first_index[ev.id] = i
        events.append(ev)

    trip_assumed = assumed(c, head, "trip")
    if c.issues or home_tz is None or dates is None:
        raise InvalidTrip(c.issues)
    return Trip(
        id=trip_id,
        title=title,
        title_ko=c.text(head, "trip", "title_ko"),
        status=status,
        home_tz=home_tz,
        local_tz=local_tz,
        dates=dates,
        members=members,
        notes=c.text(head, "trip", "notes"),
        year_evidence=c.text(head, "trip", "year_evidence"),
        notes_visibility=visibility(c, head, "trip", "notes_visibility"),
        organiser=organiser,
        sources=sources,
        people=people,
        organisations=organisations,
        places=places,
        events=tuple(events),
        assumed=trip_assumed,
    )


def _trip_dates(c: Checker, head: dict) -> Span | InMonth | None:
    has_range = "start" in head or "end" in head
    if has_range and "month" in head:
        c.add("trip.month", "give either start/end or month, not both")
        return None
    if "month" in head:
        return month(c, head, "trip")
    start = c.get(head, "trip", "start", date, required=True)
    end = c.get(head, "trip", "end", date, required=True)
    if isinstance(start, datetime) or isinstance(end, datetime):
        c.add("trip.start", "trip dates are days (2021-10-18), not date-times")
        return None
    if start is None or end is None:
        return None
    for key, value in (("start", start), ("end", end)):
        if value.year not in YEARS:
            c.add(f"trip.{key}", year_problem(value.year))
            return None
    if end < start:
        c.add("trip.end", f"the trip ends ({end}) before it starts ({start})")
        return None
    return Span(start, end)


def _entries(c: Checker, data: dict, name: str, allowed: set[str], build: Callable) -> list:
    raw = data.get(name, [])
    if not isinstance(raw, list):
        c.add(name, f"should be an array of tables: write each entry under [[{name}]]")
        return []
    seen: set[str] = set()
    out = []
    for i, table in enumerate(raw):
        path = f"{name}[{i}]"
        if not isinstance(table, dict):
            c.add(path, f"each entry should be a table under [[{name}]]")
            continue
        c.unknown_keys(table, path, allowed)
        ident = c.check_id(table, path)
        if ident in seen:
            c.add(f"{path}.id", f"duplicate id {ident!r} in [[{name}]]")
            continue
        seen.add(ident)
        item = build(c, table, path, ident)
        if item is not None:
            out.append(item)
    return out


def _source(c: Checker, t: dict, path: str, ident: str) -> Source:
    published = t.get("published", "")
    if isinstance(published, (date, datetime)):
        published = published.isoformat()
    elif not isinstance(published, str):
        c.add(f"{path}.published", "expected a date or text")
        published = ""
    return Source(
        id=ident,
        outlet=c.text(t, path, "outlet", required=True),
        headline=c.text(t, path, "headline"),
        published=published,
        file=c.text(t, path, "file"),
        language=c.text(t, path, "language"),
    )


def _person(c: Checker, t: dict, path: str, ident: str) -> Person:
    return Person(
        id=ident,
        name=c.text(t, path, "name", required=True),
        name_ko=c.text(t, path, "name_ko"),
        role=c.text(t, path, "role"),
        org=c.text(t, path, "org"),
        notes=c.text(t, path, "notes"),
        phone=c.text(t, path, "phone"),
        email=c.text(t, path, "email"),
        kakao=c.text(t, path, "kakao"),
        documents=c.text(t, path, "documents"),
        **{f"{f}_visibility": visibility(c, t, path, f"{f}_visibility", default_of(f)) for f in PERSON_FIELDS},
        assumed=assumed(c, t, path),
    )


def _organisation(c: Checker, t: dict, path: str, ident: str) -> Organisation:
    return Organisation(
        id=ident,
        name=c.text(t, path, "name", required=True),
        name_ko=c.text(t, path, "name_ko"),
        city=c.text(t, path, "city"),
        notes=c.text(t, path, "notes"),
        notes_visibility=visibility(c, t, path, "notes_visibility"),
        assumed=assumed(c, t, path),
    )


def _place(c: Checker, t: dict, path: str, ident: str) -> Place:
    lat = c.get(t, path, "lat", (int, float))
    lon = c.get(t, path, "lon", (int, float))
    if lat is not None and not -90 <= lat <= 90:
        c.add(f"{path}.lat", f"latitude {lat} is not between -90 and 90")
        lat = None
    if lon is not None and not -180 <= lon <= 180:
        c.add(f"{path}.lon", f"longitude {lon} is not between -180 and 180")
        lon = None
    return Place(
        id=ident,
        name=c.text(t, path, "name", required=True),
        name_ko=c.text(t, path, "name_ko"),
        address=c.text(t, path, "address"),
        city=c.text(t, path, "city"),
        tz=c.zone(t, path, "tz"),
        lat=float(lat) if lat is not None else None,
        lon=float(lon) if lon is not None else None,
        visibility=visibility(c, t, path, "visibility"),
        assumed=assumed(c, t, path),
    )


@dataclass(frozen=True)
class _EventContext:
    trip_tz: tzinfo | None
    places: dict[str, Place]
    people: set[str]
    orgs: set[str]
    sources: set[str]
    dates: Span | InMonth | None


def _event(c: Checker, t: dict, path: str, ctx: _EventContext) -> Event | None:
    before = len(c.issues)
    c.unknown_keys(t, path, EVENT_KEYS)
    ident = c.check_id(t, path)
    title = c.text(t, path, "title", required=True)
    kind, status = _kind_status(c, t, path)
    place_id, people, counterparts, orgs, sources = _references(
        c, t, path, ctx.places, ctx.people, ctx.orgs, ctx.sources
    )
    place = ctx.places.get(place_id) if place_id else None
    tz = c.zone(t, path, "tz") or (place.tz if place else None) or ctx.trip_tz
    end_tz = c.zone(t, path, "end_tz")

    when = event_when(c, t, path, tz, end_tz) if tz is not None else None
    if when is not None and ctx.dates is not None:
        check_inside_trip(c, path, when, ctx.dates)
    repeat = event_repeat(c, t, path, when)
    if repeat is not None and tz is not None and "occurrences" in t:
        repeat = replace(repeat, overrides=overrides(c, t, path, when, tz, repeat.rule, set(repeat.exceptions)))

    assumed_keys = assumed(c, t, path)
    reminders = event_reminders(c, t, path)
    if len(c.issues) > before or when is None or tz is None:
        return None
    return Event(
        id=ident,
        title=title,
        title_ko=c.text(t, path, "title_ko"),
        kind=sys.intern(kind),
        status=sys.intern(status),
        when=when,
        tz=tz,
        place=place_id,
        people=people,
        counterparts=counterparts,
        orgs=orgs,
        outcome=c.text(t, path, "outcome"),
        notes=c.text(t, path, "notes"),
        sources=sources,
        repeat=repeat,
        **ical_state(c, t, path),
        visibility=visibility(c, t, path, "visibility"),
        notes_visibility=visibility(c, t, path, "notes_visibility"),
        reminders=reminders,
        assumed=assumed_keys,
    )


def _kind_status(c: Checker, t: dict, path: str) -> tuple[str, str]:
    kind = c.text(t, path, "kind") or "other"
    if kind not in EVENT_KINDS:
        c.add(f"{path}.kind", f"unknown kind {kind!r}; use one of: {', '.join(EVENT_KINDS)}")
    status = c.text(t, path, "status") or "confirmed"
    if status not in STATUSES:
        c.add(f"{path}.status", f"unknown status {status!r}; use one of: {', '.join(STATUSES)}")
    return kind, status


def _references(
    c: Checker,
    t: dict,
    path: str,
    places: Container[str],
    people: Container[str],
    orgs: Container[str],
    sources: Container[str],
) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The event's place, people, counterparts, organisations and sources, each id checked against those declared."""
    place_id = sys.intern(c.text(t, path, "place"))  # interned, as ids are (see Checker.ids)
    if place_id and place_id not in places:
        c.add(f"{path}.place", f"no place {place_id!r} is declared in [[places]]")
    found = {key: c.ids(t, path, key) for key in ("people", "counterparts", "orgs", "sources")}
    for key, known, what, section in (
        ("people", people, "person", "people"),
        ("counterparts", people, "person", "people"),
        ("orgs", orgs, "organisation", "organisations"),
        ("sources", sources, "source", "sources"),
    ):
        for v in found[key]:
            if v not in known:
                c.add(f"{path}.{key}", f"no {what} {v!r} is declared in [[{section}]]")
    return place_id, found["people"], found["counterparts"], found["orgs"], found["sources"]


def event_field_issues(
    t: dict,
    allowed: set[str],
    places: Container[str],
    people: Container[str],
    orgs: Container[str],
    sources: Container[str],
) -> list[Issue]:
    """The issues of the fields an event table gives, checked as in a trip file; absent fields are not missing.

    For a partial event (such as the planner data of an imported calendar entry):
    keys outside ``allowed``, the id, kind and status, zones, part of day, texts,
    and every reference against the ids declared. Paths are the keys themselves.
    """
    c = Checker()
    c.unknown_keys(t, "", allowed)
    if "id" in t:
        c.check_id(t, "")
    _kind_status(c, t, "")
    _references(c, t, "", places, people, orgs, sources)
    for key in ("tz", "end_tz"):
        c.zone(t, "", key)
    part = c.get(t, "", "part", str)
    if part is not None and part not in PARTS_OF_DAY:
        c.add(".part", f"unknown part of day {part!r}; use one of: {', '.join(PARTS_OF_DAY)}")
    for key in ("title", "title_ko", "outcome", "notes"):
        c.text(t, "", key)
    for key in ("visibility", "notes_visibility"):
        visibility(c, t, "", key)
    event_reminders(c, t, "")
    return [replace(i, path=i.path.removeprefix(".")) for i in c.issues]
