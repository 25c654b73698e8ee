"""Trips -> iCalendar (RFC 5545) files that Google Calendar, Outlook and Apple Calendar accept.

How each precision becomes a calendar entry:

* **exact** times are DTSTART/DTEND with a TZID each (a flight keeps its two
  zones), and a VTIMEZONE for every zone used (see :mod:`planner.ical.vtimezone`);
* a **date**, a **part of day** or a **span** becomes an all-day event: DATE
  values with an exclusive DTEND (the one place that adds the day); a part of
  day is appended to the title, ``"... (morning)"``;
* a **month** or an **unscheduled** item has no day, so no calendar day is
  invented for it: it becomes a to-do (VTODO). A month's to-do starts on the
  1st and is due on the 1st of the next month; an unscheduled one has no
  dates. Google Calendar and Outlook skip to-dos when importing a file;
  ``planner export`` says so when it writes any.

Identity and updates: the UID is ``<trip id>.<event id>@planner`` (or the UID
an imported event came with), so it never changes. DTSTAMP, LAST-MODIFIED and
SEQUENCE come from the trip file (``ical_modified``, ``ical_sequence``):
:func:`refresh` raises SEQUENCE and stamps the time only when the digest of
an event's exported content differs from ``ical_hash``. The same trip file
therefore always gives byte-identical output.

Besides the standard properties each entry carries ``X-PLANNER-EVENT`` and
the calendar ``X-PLANNER-TRIP``: compact JSON with what calendars have no
property for (ids, people, Korean titles, the zone of an all-day event), so
that importing the file restores the trip exactly. Calendars ignore them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser
from icalendar import Calendar, Component, Todo
from icalendar import Event as VEvent
from icalendar.parser import Contentline, Parameters
from icalendar.prop import vRecur, vText

from planner.ical.vtimezone import vtimezone
from planner.model.timeline import expand
from planner.model.trip import KIND_LABELS, Event, Trip
from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled, zone_name
from planner.storage import writer as toml_writer

PRODID = "-//planner//Delegation itinerary planner//EN"
UID_DOMAIN = "planner"
STATUS = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "cancelled": "CANCELLED"}
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
"""Stamp of an event never recorded by :func:`refresh` (only when a caller skips it)."""


def event_uid(trip: Trip, ev: Event) -> str:
    """The event's UID: the one it was imported with, else ``<trip>.<event>@planner``.

    >>> from zoneinfo import ZoneInfo
    >>> from planner.model import Trip, Event, Span, OnDate
    >>> from datetime import date
    >>> seoul = ZoneInfo("Asia/Seoul")
    >>> ev = Event("robot-mou", "Robot MOU", OnDate(date(2021, 10, 19)), seoul)
    >>> trip = Trip("korea-2021", "Korea", seoul, Span(date(2021, 10, 18), date(2021, 10, 27)), events=(ev,))
    >>> event_uid(trip, ev)
    'korea-2021.robot-mou@planner'
    """
    return ev.ical_uid or f"{trip.id}.{ev.id}@{UID_DOMAIN}"


def is_todo(ev: Event) -> bool:
    """Whether the event has no calendar day (a month or unscheduled) and is written as a VTODO."""
    return isinstance(ev.when, (InMonth, Unscheduled))


# ---------------------------------------------------------------- text for people


def _names(trip: Trip, ids: Iterable[str]) -> str:
    out = []
    for pid in ids:
        p = trip.person(pid)
        out.append(p.display() if p else pid)
    return ", ".join(out)


def _orgs(trip: Trip, ids: Iterable[str]) -> str:
    out = []
    for oid in ids:
        o = trip.organisation(oid)
        out.append(o.display() if o else oid)
    return ", ".join(out)


def location(trip: Trip, ev: Event) -> str:
    """``Lotte Hotel Seoul (롯데호텔 서울), 30 Eulji-ro, Jung-gu, Seoul``; empty without a place."""
    place = trip.place(ev.place) if ev.place else None
    if place is None:
        return ""
    parts = [place.display()]
    if place.address:
        parts.append(place.address)
    elif place.city and place.city != place.name:
        parts.append(place.city)
    return ", ".join(parts)


def clean(text: str) -> str:
    r"""Text safe in a content line: line breaks become ``\n``, other control characters go.

    >>> clean("a\r\nb\x07c\td")
    'a\nbc\td'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or not (ord(ch) < 32 or 127 <= ord(ch) < 160))


def summary(ev: Event) -> str:
    """The title, with the part of day when that is all that is known."""
    if isinstance(ev.when, PartOfDay):
        return clean(f"{ev.title} ({ev.when.part})")
    return clean(ev.title)


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _trip_days(trip: Trip) -> str:
    if isinstance(trip.dates, InMonth):
        return f"{trip.dates.first:%B %Y}"
    first, last = trip.dates.first, trip.dates.last
    return _day(first) if first == last else f"{_day(first)} to {_day(last)}"


def when_text(trip: Trip, ev: Event) -> str:
    """What is known about the time, in words, for the description."""
    w = ev.when
    if isinstance(w, Exact):
        text = f"{w.start:%H:%M} {zone_name(w.start.tzinfo)}"
        if w.end is not None:
            same_zone = zone_name(w.end.tzinfo) == zone_name(w.start.tzinfo)
            text += f" to {w.end:%H:%M}" if same_zone and w.end.date() == w.start.date() else \
                f" to {_day(w.end.date())} {w.end:%H:%M} {zone_name(w.end.tzinfo)}"
        return f"{_day(w.start.date())}, {text}"
    if isinstance(w, OnDate):
        return f"{_day(w.day)}; the source gives no time, so it is an all-day entry"
    if isinstance(w, PartOfDay):
        return f"{_day(w.day)}, {w.part}; no clock time is known, so it is an all-day entry"
    if isinstance(w, Span):
        n = (w.last - w.first).days + 1
        return f"{_day(w.first)} to {_day(w.last)} ({n} days)"
    if isinstance(w, InMonth):
        return f"sometime in {w.first:%B %Y}; the day is not known yet"
    return f"during the trip ({_trip_days(trip)}); the source gives no date"


def description(trip: Trip, ev: Event) -> str:
    """Participants (Hangul and romanised), counterparts, outcome, notes and sources, one per line."""
    lines = []
    if ev.title_ko:
        lines.append(ev.title_ko)
    lines.append(f"{KIND_LABELS.get(ev.kind, ev.kind)} · {ev.status}")
    lines.append(f"When: {when_text(trip, ev)}")
    if ev.repeat is not None:
        rep = f"Repeats: {rrule_text(ev)}"
        if ev.repeat.exceptions:
            rep += "; not on " + ", ".join(d.isoformat() for d in ev.repeat.exceptions)
        lines.append(rep)
    where = location(trip, ev)
    if where:
        lines.append(f"Where: {where}")
    if ev.people:
        lines.append(f"Delegation: {_names(trip, ev.people)}")
    elif trip.members:
        lines.append(f"Delegation: {_names(trip, trip.members)} (the whole delegation)")
    if ev.counterparts:
        lines.append(f"Meeting: {_names(trip, ev.counterparts)}")
    if ev.orgs:
        lines.append(f"Organisations: {_orgs(trip, ev.orgs)}")
    if ev.outcome:
        lines.append(f"Outcome: {ev.outcome}")
    if ev.notes:
        lines.append(f"Notes: {ev.notes}")
    for sid in ev.sources:
        src = trip.source(sid)
        lines.append(f"Source: {src.cite() if src else sid}")
    lines.append(f"Trip: {trip.title} ({trip.id})")
    return clean("\n".join(lines))


# ---------------------------------------------------------------- planner data


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def event_extras(trip: Trip, ev: Event) -> dict[str, Any]:
    """What an event holds that no standard property carries (``X-PLANNER-EVENT``)."""
    d: dict[str, Any] = {"id": ev.id, "trip": trip.id, "kind": ev.kind, "tz": zone_name(ev.tz)}
    if isinstance(ev.when, PartOfDay):
        d["part"] = ev.when.part
    w = ev.when
    if isinstance(w, Exact) and w.end is not None and zone_name(w.end.tzinfo) != zone_name(w.start.tzinfo):
        d["end_tz"] = zone_name(w.end.tzinfo)  # a UTC end is written with Z, which names no zone
    if is_todo(ev):
        d["status"] = ev.status
    for key in ("title_ko", "place", "outcome", "notes"):
        if getattr(ev, key):
            d[key] = getattr(ev, key)
    for key in ("people", "counterparts", "orgs", "sources"):
        if getattr(ev, key):
            d[key] = list(getattr(ev, key))
    return d


def trip_extras(trip: Trip) -> dict[str, Any]:
    """The trip's header and everything events refer to by id (``X-PLANNER-TRIP``)."""
    return {
        "trip": toml_writer.trip_header(trip),
        "sources": toml_writer.section_items(trip, "sources"),
        "people": toml_writer.section_items(trip, "people"),
        "organisations": toml_writer.section_items(trip, "organisations"),
        "places": toml_writer.section_items(trip, "places"),
    }


# ---------------------------------------------------------------- components


def _until_utc(rule: str, ev: Event) -> str:
    """The RRULE with UNTIL in UTC for a timed event, or a DATE for an all-day one.

    The planner reads UNTIL as a wall-clock time in the event's zone (as
    :func:`planner.model.timeline.expand` does); RFC 5545 wants UTC when
    DTSTART has a zone, and the ``ical`` parser fails without it.
    """
    parts = []
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key.upper() == "UNTIL":
            value = value.strip().rstrip("Zz")
            try:
                naive = datetime.strptime(value[:15], "%Y%m%dT%H%M%S") if "T" in value.upper() else \
                    datetime.strptime(value[:8], "%Y%m%d")
            except ValueError:  # another spelling dateutil accepted when the trip was loaded
                naive = dateparser.parse(value, ignoretz=True)
            if isinstance(ev.when, Exact):
                tz = ev.when.start.tzinfo
                value = naive.replace(tzinfo=tz).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            else:
                value = naive.strftime("%Y%m%d")
        parts.append(f"{key}={value}")
    return ";".join(parts)


def rrule_text(ev: Event) -> str:
    """The RRULE value as written in the file (UNTIL in UTC, parts in icalendar's order)."""
    assert ev.repeat is not None
    return vRecur.from_ical(_until_utc(ev.repeat.rule, ev)).to_ical().decode()


def component(trip: Trip, ev: Event) -> VEvent | Todo:
    """The VEVENT or VTODO of ``ev`` without DTSTAMP, LAST-MODIFIED and SEQUENCE."""
    w = ev.when
    comp: VEvent | Todo = Todo() if is_todo(ev) else VEvent()
    comp.add("uid", event_uid(trip, ev))
    comp.add("summary", summary(ev))
    if isinstance(w, Exact):
        comp.add("dtstart", w.start)
        if w.end is not None:
            comp.add("dtend", w.end)
    elif isinstance(w, (OnDate, PartOfDay)):
        comp.add("dtstart", w.day)
        comp.add("dtend", w.day + timedelta(days=1))
    elif isinstance(w, Span):
        comp.add("dtstart", w.first)
        comp.add("dtend", w.last + timedelta(days=1))  # DTEND of an all-day event is exclusive
    elif isinstance(w, InMonth):
        comp.add("dtstart", w.first)
        comp.add("due", w.last + timedelta(days=1))
    if ev.repeat is not None:
        comp.add("rrule", vRecur.from_ical(rrule_text(ev)))
        if ev.repeat.exceptions:
            if isinstance(w, Exact):
                starts = [datetime.combine(d, w.start.timetz()) for d in ev.repeat.exceptions]
                comp.add("exdate", starts)
            else:
                comp.add("exdate", list(ev.repeat.exceptions))
    where = location(trip, ev)
    if where:
        comp.add("location", clean(where))
    place = trip.place(ev.place) if ev.place else None
    if place is not None and place.lat is not None and place.lon is not None:
        comp.add("geo", (place.lat, place.lon))
    comp.add("description", description(trip, ev))
    if is_todo(ev):
        if ev.status == "cancelled":
            comp.add("status", "CANCELLED")
    else:
        comp.add("status", STATUS[ev.status])
    comp.add("categories", [KIND_LABELS.get(ev.kind, ev.kind)])
    comp.add("x-planner-event", vText(_json(event_extras(trip, ev))))
    return comp


def content_hash(trip: Trip, ev: Event) -> str:
    """Digest of what the event exports as (stamps and sequence excluded)."""
    comp = component(trip, ev)
    _remember(trip, ev, comp)
    return hashlib.sha256(_serialize(comp, keep=True)).hexdigest()[:16]


# Exporting hashes each event's component (refresh) and then writes the same
# component: building it is half the work, so the hashed one is kept for the
# calendar, taken at most once, and only when nothing it was built from changed.
_TRIP_FIELDS = tuple(f.name for f in fields(Trip) if f.name != "events")
_EVENT_FIELDS = tuple(f.name for f in fields(Event) if f.name not in ("ical_sequence", "ical_hash", "ical_modified"))
_MAX_REMEMBERED = 100_000
_remembered: dict[tuple[str, str], tuple[Trip, Event, VEvent | Todo]] = {}


def _remember(trip: Trip, ev: Event, comp: VEvent | Todo) -> None:
    if len(_remembered) >= _MAX_REMEMBERED:
        _remembered.clear()
    _remembered[(trip.id, ev.id)] = (trip, ev, comp)


def _built(trip: Trip, ev: Event) -> VEvent | Todo:
    """``component(trip, ev)``, reusing the one :func:`content_hash` built from the same content."""
    kept = _remembered.pop((trip.id, ev.id), None)
    if kept is not None:
        old_trip, old_ev, comp = kept
        if all(getattr(old_trip, f) is getattr(trip, f) for f in _TRIP_FIELDS) and all(
            getattr(old_ev, f) == getattr(ev, f) for f in _EVENT_FIELDS
        ):
            return comp
    return component(trip, ev)


def refresh(trip: Trip, now: datetime) -> tuple[Trip, list[Event]]:
    """The trip with SEQUENCE raised and ``now`` stamped on each event whose export changed.

    An event never exported before is recorded with SEQUENCE 0. Returns the
    new trip and the events that changed (save the trip when there are any).
    """
    stamp = now.astimezone(timezone.utc).replace(microsecond=0)
    changed = []
    events = []
    for ev in trip.events:
        digest = content_hash(trip, ev)
        if digest != ev.ical_hash or ev.ical_modified is None:
            seq = ev.ical_sequence + 1 if ev.ical_hash else ev.ical_sequence
            ev = replace(ev, ical_hash=digest, ical_sequence=seq, ical_modified=stamp)
            changed.append(ev)
        events.append(ev)
    return (replace(trip, events=tuple(events)) if changed else trip), changed


# ---------------------------------------------------------------- calendars


@dataclass(frozen=True)
class Selection:
    """Events of one trip chosen for a calendar."""

    trip: Trip
    events: tuple[Event, ...]


def _years_by_zone(selections: Sequence[Selection]) -> dict[str, tuple[ZoneInfo, int, int]]:
    found: dict[str, tuple[ZoneInfo, int, int]] = {}

    def note(moment: datetime) -> None:
        tz = moment.tzinfo
        name = zone_name(tz)
        if not isinstance(tz, ZoneInfo):
            tz = ZoneInfo(name)
        y = moment.year
        if name in found:
            _, lo, hi = found[name]
            found[name] = (tz, min(lo, y), max(hi, y))
        else:
            found[name] = (tz, y, y)

    for sel in selections:
        for ev in sel.events:
            if not isinstance(ev.when, Exact):
                continue
            for occ in expand(sel.trip, ev):
                assert isinstance(occ.when, Exact)
                note(occ.when.start)
                if occ.when.end is not None:
                    note(occ.when.end)
    return found


def _order(trip: Trip, ev: Event) -> tuple:
    w = ev.when
    if isinstance(w, Exact):
        return (0, w.start.date(), 1, w.start.astimezone(timezone.utc), event_uid(trip, ev))
    if isinstance(w, (OnDate, PartOfDay)):
        return (0, w.day, 0, EPOCH, event_uid(trip, ev))
    if isinstance(w, Span):
        return (0, w.first, 0, EPOCH, event_uid(trip, ev))
    if isinstance(w, InMonth):
        return (1, w.first, 0, EPOCH, event_uid(trip, ev))
    return (2, date.min, 0, EPOCH, event_uid(trip, ev))


def _tzids(comp: VEvent | Todo) -> set[str]:
    found = set()
    for name in ("DTSTART", "DTEND", "DUE", "EXDATE"):
        values = comp.get(name)
        for value in values if isinstance(values, list) else [values]:
            tzid = getattr(value, "params", {}).get("TZID") if value is not None else None
            if tzid:
                found.add(str(tzid))
    return found


def calendar(selections: Sequence[Selection], name: str, caption: str = "") -> Calendar:
    """One VCALENDAR holding the chosen events of each trip, in a stable order."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # Unknown to icalendar, X- properties are only escaped as TEXT when given as vText.
    cal.add("x-wr-calname", vText(clean(name)))
    if caption:
        cal.add("x-wr-caldesc", vText(clean(caption)))
    for sel in selections:
        cal.add("x-planner-trip", vText(_json(trip_extras(sel.trip))))
    items = sorted(((sel.trip, ev) for sel in selections for ev in sel.events), key=lambda te: _order(*te))
    comps = [_built(trip, ev) for trip, ev in items]
    used = set().union(*(_tzids(c) for c in comps)) if comps else set()
    for zname, (tz, first, last) in sorted(_years_by_zone(selections).items()):
        if zname in used:  # a UTC time is written with Z and needs no VTIMEZONE
            cal.add_component(vtimezone(tz, first, last))
    for (trip, ev), comp in zip(items, comps):
        stamp = ev.ical_modified or EPOCH
        comp.add("dtstamp", stamp)
        comp.add("last-modified", stamp)
        comp.add("sequence", ev.ical_sequence)
        cal.add_component(comp)
    return cal


def trip_calendar(trip: Trip) -> Calendar:
    """The calendar of a whole trip, named after it."""
    caption = f"{trip.display_title()} · {_trip_days(trip)}"
    return calendar([Selection(trip, trip.events)], trip.title, caption)


def to_bytes(cal: Calendar) -> bytes:
    """The file's bytes: CRLF line ends, lines folded at 75 octets between UTF-8 characters."""
    return _serialize(cal)


# The same bytes as ``Component.to_ical()``, line by line. Each property line of a
# component that content_hash serialized is kept (by the identity of its value, which
# the component keeps alive) and used once more when the file is written, so an
# export serializes each event once, not twice.
_MAX_LINES = 300_000
_lines: dict[tuple[str, int], tuple[Any, bytes]] = {}


def _serialize(comp: Component, *, keep: bool = False) -> bytes:
    out = []
    for name, value in comp.property_items(sorted=True):
        kept = _lines.pop((name, id(value)), None)
        if kept is not None and kept[0] is value:
            line = kept[1]
        else:
            line = Contentline.from_parts(name, getattr(value, "params", Parameters()), value, sorted=True).to_ical()
        if keep and name not in ("BEGIN", "END"):
            if len(_lines) >= _MAX_LINES:
                _lines.clear()
            _lines[(name, id(value))] = (value, line)
        if line:
            out.append(line)
    return b"\r\n".join(out) + b"\r\n"


__all__ = [
    "Selection",
    "calendar",
    "component",
    "content_hash",
    "description",
    "event_uid",
    "is_todo",
    "refresh",
    "to_bytes",
    "trip_calendar",
]


