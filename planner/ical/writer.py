"""Trips -> iCalendar (RFC 5545) files that Google Calendar, Outlook and Apple Calendar accept: the VCALENDAR around the entries.

Each event's entry is made by :mod:`planner.ical.entry`; this module orders
them, adds the VTIMEZONEs of the zones used and the calendar's properties.
Its public names from :mod:`planner.ical.entry` (:func:`refresh`,
:func:`event_uid`, ...) are importable from here too, as callers always have.

Besides the standard properties each entry carries ``X-PLANNER-EVENT`` and
the calendar ``X-PLANNER-TRIP``: compact JSON with what calendars have no
property for (ids, people, Korean titles, the zone of an all-day event), so
that importing the file restores the trip exactly. Calendars ignore them.

Two ways to the same bytes: :func:`calendar` builds icalendar objects, for
a caller that wants them; ``planner export`` uses :func:`calendar_bytes`,
which writes each event's lines as text (:mod:`planner.ical.lines`), several
times faster on a large workspace. Tests hold both to icalendar's own output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from icalendar import Calendar, Todo
from icalendar import Event as VEvent
from icalendar.parser import Contentline, Parameters
from icalendar.prop import vText

from planner.ical import lines
from planner.ical.describe import clean, description, trip_days
from planner.ical.entry import (
    Blocks,
    block,
    component,
    content_hash,
    event_uid,
    override_components,
    properties,
    refresh,
)
from planner.ical.extras import compact_json, is_todo
from planner.ical.vtimezone import vtimezone
from planner.model.reminders import Alarms
from planner.model.timeline import expand
from planner.model.trip import Event, Trip
from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, zone_name
from planner.storage import todict

PRODID = "-//planner//Delegation itinerary planner//EN"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""Stamp of an event never recorded by :func:`refresh` (only when a caller skips it)."""


def trip_extras(trip: Trip) -> dict[str, Any]:
    """The trip's header and everything events refer to by id (``X-PLANNER-TRIP``)."""
    return {
        "trip": todict.trip_header(trip),
        "sources": todict.section_items(trip, "sources"),
        "people": todict.section_items(trip, "people"),
        "organisations": todict.section_items(trip, "organisations"),
        "places": todict.section_items(trip, "places"),
    }


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
        return (0, w.start.date(), 1, w.start.astimezone(UTC), event_uid(trip, ev))
    if isinstance(w, (OnDate, PartOfDay)):
        return (0, w.day, 0, EPOCH, event_uid(trip, ev))
    if isinstance(w, Span):
        return (0, w.first, 0, EPOCH, event_uid(trip, ev))
    if isinstance(w, InMonth):
        return (1, w.first, 0, EPOCH, event_uid(trip, ev))
    return (2, date.min, 0, EPOCH, event_uid(trip, ev))


def _tzids(comp: VEvent | Todo) -> set[str]:
    found = set()
    for name in ("DTSTART", "DTEND", "DUE", "EXDATE", "RECURRENCE-ID"):
        values = comp.get(name)
        for value in values if isinstance(values, list) else [values]:
            tzid = getattr(value, "params", {}).get("TZID") if value is not None else None
            if tzid:
                found.add(str(tzid))
    return found


def _ordered(selections: Sequence[Selection]) -> list[tuple[Trip, Event]]:
    return sorted(((sel.trip, ev) for sel in selections for ev in sel.events), key=lambda te: _order(*te))


def _shell(
    selections: Sequence[Selection], name: str, caption: str, used: set[str], planner_data: bool = True
) -> Calendar:
    """The VCALENDAR with its properties and the VTIMEZONEs of the zones in ``used``, no events yet."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # Unknown to icalendar, X- properties are only escaped as TEXT when given as vText.
    cal.add("x-wr-calname", vText(clean(name)))
    if caption:
        cal.add("x-wr-caldesc", vText(clean(caption)))
    for sel in selections if planner_data else ():
        cal.add("x-planner-trip", vText(compact_json(trip_extras(sel.trip))))
    for zname, (tz, first, last) in sorted(_years_by_zone(selections).items()):
        if zname in used:  # a UTC time is written with Z and needs no VTIMEZONE
            cal.add_component(vtimezone(tz, first, last))
    return cal


def calendar(selections: Sequence[Selection], name: str, caption: str = "", alarms: Alarms | None = None) -> Calendar:
    """One VCALENDAR holding the chosen events of each trip, in a stable order, as icalendar objects.

    :func:`calendar_bytes` writes the same file without building the objects. ``alarms``: the
    configuration's alarms by event kind (see :mod:`planner.model.reminders`).
    """
    items = _ordered(selections)
    comps = [component(trip, ev, alarms) for trip, ev in items]
    used = set().union(*(_tzids(c) for c in comps), *(_tzids(c) for t, e in items for c in override_components(t, e)))
    cal = _shell(selections, name, caption, used)
    for (trip, ev), comp in zip(items, comps, strict=False):
        stamp = ev.ical_modified or EPOCH
        for one in (comp, *override_components(trip, ev, alarms)):
            one.add("dtstamp", stamp)
            one.add("last-modified", stamp)
            one.add("sequence", ev.ical_sequence)
            cal.add_component(one)
    return cal


def calendar_bytes(
    selections: Sequence[Selection],
    name: str,
    caption: str = "",
    blocks: Blocks | None = None,
    *,
    planner_data: bool = True,
    alarms: Alarms | None = None,
    lang: str = "en",
) -> bytes:
    """``to_bytes(calendar(selections, name, caption))``, with each event written as text.

    ``blocks`` holds events' lines already made by :func:`refresh` (with the
    same content: only the stamps and SEQUENCE, written here, may differ).
    ``planner_data=False`` leaves out the ``X-PLANNER-*`` properties (a
    recipient's file; ``blocks`` are then not used: they hold them). ``lang``
    words each entry's DESCRIPTION (``en``, ``ko``, ``both``); ``blocks`` hold
    the English one, so they serve ``en`` only.
    """
    items = _ordered(selections)
    known = blocks if blocks is not None and planner_data and lang == "en" else {}
    made = [known.get((trip.id, ev.id)) or block(trip, ev, planner_data, lang, alarms) for trip, ev in items]
    shell = to_bytes(_shell(selections, name, caption, set().union(*(b.tzids for b in made)), planner_data))
    end = b"END:VCALENDAR\r\n"
    assert shell.endswith(end)
    body = [b.stamped(ev.ical_modified or EPOCH, ev.ical_sequence) for b, (_trip, ev) in zip(made, items, strict=False)]
    return b"".join([shell[: -len(end)], *body, end])


def trip_calendar(trip: Trip, alarms: Alarms | None = None) -> Calendar:
    """The calendar of a whole trip, named after it."""
    return calendar([Selection(trip, trip.events)], trip.title, _caption(trip), alarms)


def trip_calendar_bytes(
    trip: Trip,
    blocks: Blocks | None = None,
    *,
    planner_data: bool = True,
    lang: str = "en",
    alarms: Alarms | None = None,
) -> bytes:
    """``to_bytes(trip_calendar(trip, alarms))``, written as :func:`calendar_bytes` writes."""
    return calendar_bytes(
        [Selection(trip, trip.events)],
        trip.title,
        _caption(trip),
        blocks,
        planner_data=planner_data,
        lang=lang,
        alarms=alarms,
    )


def _caption(trip: Trip) -> str:
    return f"{trip.display_title()} · {trip_days(trip)}"


def to_bytes(cal: Calendar) -> bytes:
    """The file's bytes: CRLF line ends, lines folded at 75 octets between UTF-8 characters.

    The same bytes as ``cal.to_ical()``, folded by :func:`planner.ical.lines.fold`.
    """
    out = []
    for name, value in cal.property_items(sorted=True):
        params = cast(Parameters, getattr(value, "params", Parameters()))
        line = str(Contentline.from_parts(name, params, value, sorted=True))
        if line:
            out.append(lines.fold(line))
    return b"\r\n".join(out) + b"\r\n"


__all__ = [
    "Blocks",
    "Selection",
    "block",
    "calendar",
    "calendar_bytes",
    "component",
    "content_hash",
    "description",
    "event_uid",
    "is_todo",
    "properties",
    "refresh",
    "to_bytes",
    "trip_calendar",
    "trip_calendar_bytes",
]
