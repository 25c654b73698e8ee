"""One event as a calendar entry: its VEVENT/VTODO properties (:func:`properties`), lines, digest and :func:`refresh`.

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
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Event as VEvent
from icalendar import Todo
from icalendar.prop import vRecur, vText

from planner.ical import attendees, lines, series
from planner.ical.describe import clean, description, location, place_of, summary
from planner.ical.extras import compact_json as compact_json
from planner.ical.extras import event_extras as event_extras
from planner.ical.extras import is_todo as is_todo
from planner.ical.series import rrule_text
from planner.model.reminders import Alarms
from planner.model.trip import KIND_LABELS, Event, Trip
from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span

UID_DOMAIN = "planner"
STATUS = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "cancelled": "CANCELLED"}


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


# ---------------------------------------------------------------- components


Blocks = dict[tuple[str, str], lines.Block]
"""Events' lines by (trip id, event id), from :func:`refresh` to :func:`calendar_bytes` in one export."""


class Raw(str):
    """A property value already in iCalendar form (an RRULE), written as it is."""


def properties(trip: Trip, ev: Event, planner_data: bool = True, lang: str = "en") -> list[tuple[str, Any]]:
    """The event's properties as (NAME, value), DTSTAMP, LAST-MODIFIED and SEQUENCE aside.

    ``planner_data=False`` leaves out ``X-PLANNER-EVENT`` (a recipient's file:
    the planner's own data belongs only in the organisers' full-trip export).
    ``lang`` words the DESCRIPTION (:func:`description`); nothing else changes.

    Values are plain: text, dates and times, a list of them (EXDATE), a list of
    text (CATEGORIES), (lat, lon) for GEO, and :class:`Raw` for the RRULE.
    :func:`component` hands them to icalendar; exporting writes them as text
    with :mod:`planner.ical.lines` (the same bytes, a test checks).
    """
    w = ev.when
    props: list[tuple[str, Any]] = [("UID", event_uid(trip, ev)), ("SUMMARY", summary(ev))]
    if isinstance(w, Exact):
        props.append(("DTSTART", w.start))
        if w.end is not None:
            props.append(("DTEND", w.end))
    elif isinstance(w, (OnDate, PartOfDay)):
        props += [("DTSTART", w.day), ("DTEND", w.day + timedelta(days=1))]
    elif isinstance(w, Span):
        props += [("DTSTART", w.first), ("DTEND", w.last + timedelta(days=1))]  # DTEND of an all-day event is exclusive
    elif isinstance(w, InMonth):
        props += [("DTSTART", w.first), ("DUE", w.last + timedelta(days=1))]
    if ev.repeat is not None:
        props.append(("RRULE", Raw(rrule_text(ev))))
        if ev.repeat.exceptions:
            if isinstance(w, Exact):
                props.append(("EXDATE", [datetime.combine(d, w.start.timetz()) for d in ev.repeat.exceptions]))
            else:
                props.append(("EXDATE", list(ev.repeat.exceptions)))
    where = location(trip, ev)
    if where:
        props.append(("LOCATION", clean(where)))
    place = place_of(trip, ev)
    if place is not None and place.lat is not None and place.lon is not None:
        props.append(("GEO", (place.lat, place.lon)))
    props.append(("DESCRIPTION", series.kept_description(ev) or description(trip, ev, lang)))
    if is_todo(ev):
        if ev.status == "cancelled":
            props.append(("STATUS", "CANCELLED"))
    else:
        props.append(("STATUS", STATUS[ev.status]))
    if not series.has_categories(ev):  # the imported entry's own CATEGORIES are among its kept lines
        props.append(("CATEGORIES", [KIND_LABELS.get(ev.kind, ev.kind)]))
    organizer = attendees.organizer_line(trip)
    if organizer:
        props.append(("ORGANIZER", lines.Line(organizer)))
    people = attendees.attendee_lines(trip, ev)
    if people:
        props.append(("ATTENDEE", lines.Lines(people)))
    if planner_data:
        props.append(("X-PLANNER-EVENT", compact_json(event_extras(trip, ev))))
    return props


def override_properties(trip: Trip, ev: Event, lang: str = "en") -> list[list[tuple[str, Any]]]:
    """The properties of each changed occurrence's VEVENT (see :mod:`planner.ical.series`), in order of day."""
    if ev.repeat is None or not ev.repeat.overrides:
        return []
    shared = ("LOCATION", "GEO", "DESCRIPTION", "CATEGORIES", "ORGANIZER", "ATTENDEE")
    common = [(n, v) for n, v in properties(trip, ev, lang=lang) if n in shared]
    uid = event_uid(trip, ev)
    return [
        [(n, clean(v) if n == "SUMMARY" else v) for n, v in series.override_properties(ev, o, uid, common)]
        for o in ev.repeat.overrides
    ]


def _filled(comp: VEvent | Todo, props: list[tuple[str, Any]]) -> VEvent | Todo:
    for name, value in props:
        if isinstance(value, (lines.Line, lines.Lines)):
            for one in value if isinstance(value, lines.Lines) else (value,):
                kept = VEvent.from_ical(f"BEGIN:VEVENT\r\n{one}\r\nEND:VEVENT\r\n")
                comp.add(name.lower(), kept[name], encode=False)
            continue
        if isinstance(value, Raw):
            value = vRecur.from_ical(value)
        elif name.startswith("X-"):
            value = vText(value)  # unknown to icalendar, an X- property is only escaped as TEXT when given as vText
        comp.add(name.lower(), value)
    return comp


def component(trip: Trip, ev: Event, alarms: Alarms | None = None) -> VEvent | Todo:
    """The VEVENT or VTODO of ``ev`` without DTSTAMP, LAST-MODIFIED and SEQUENCE, as icalendar objects.

    Kept lines (``ical_lines``) are added as icalendar reads them; their order
    may then differ from :func:`block`'s, which writes them as they came.
    ``alarms`` are the configuration's by kind (:mod:`planner.model.reminders`).
    """
    comp = _filled(Todo() if is_todo(ev) else VEvent(), properties(trip, ev))
    kept = series.kept_lines(ev) + attendees.alarm_lines(ev, summary(ev), alarms)
    if kept:
        parsed = VEvent.from_ical("BEGIN:VEVENT\r\n" + "\r\n".join(kept) + "\r\nEND:VEVENT\r\n")
        for name, value in parsed.property_items(recursive=False):
            if name not in ("BEGIN", "END"):
                comp.add(name.lower(), value, encode=False)
        for sub in parsed.subcomponents:
            comp.add_component(sub)
    return comp


def _override_alarms(ev: Event, props: list[tuple[str, Any]], alarms: Alarms | None) -> list[str]:
    """A changed occurrence's alarms: the series', when the occurrence has a clock time too."""
    title = next((v for n, v in props if n == "SUMMARY"), ev.title)
    timed = any(n == "DTSTART" and isinstance(v, datetime) for n, v in props)
    return attendees.alarm_lines(ev, title, alarms, timed)


def override_components(trip: Trip, ev: Event, alarms: Alarms | None = None) -> list[VEvent]:
    """The VEVENTs of the series' changed occurrences, as icalendar objects."""
    out = []
    for props in override_properties(trip, ev):
        comp = _filled(VEvent(), props)
        subs = "".join(f"{x}\r\n" for x in _override_alarms(ev, props, alarms))
        for sub in VEvent.from_ical(f"BEGIN:VEVENT\r\n{subs}END:VEVENT\r\n").subcomponents:
            comp.add_component(sub)
        out.append(comp)
    return out  # type: ignore[return-value]


def block(
    trip: Trip, ev: Event, planner_data: bool = True, lang: str = "en", alarms: Alarms | None = None
) -> lines.Block:
    """The event's component as folded content lines (what :func:`component` serializes to), and its occurrences'."""
    more = tuple(
        lines.block("VEVENT", props, _override_alarms(ev, props, alarms))
        for props in override_properties(trip, ev, lang)
    )
    extra = series.kept_lines(ev) + attendees.alarm_lines(ev, summary(ev), alarms)
    return lines.block("VTODO" if is_todo(ev) else "VEVENT", properties(trip, ev, planner_data, lang), extra, more)


def content_hash(trip: Trip, ev: Event, blocks: Blocks | None = None, alarms: Alarms | None = None) -> str:
    """Digest of what the event exports as (stamps and sequence excluded).

    With ``blocks``, the lines written are kept there for :func:`calendar_bytes`,
    so an export formats each event once.
    """
    b = block(trip, ev, alarms=alarms)
    if blocks is not None:
        blocks[(trip.id, ev.id)] = b
    return hashlib.sha256(b.content()).hexdigest()[:16]


def refresh(
    trip: Trip, now: datetime, blocks: Blocks | None = None, alarms: Alarms | None = None
) -> tuple[Trip, list[Event]]:
    """The trip with SEQUENCE raised and ``now`` stamped on each event whose export changed.

    An event never exported before is recorded with SEQUENCE 0. Returns the
    new trip and the events that changed (save the trip when there are any).
    ``blocks`` keeps each event's lines for :func:`calendar_bytes`.
    """
    stamp = now.astimezone(UTC).replace(microsecond=0)
    changed = []
    events = []
    for ev in trip.events:
        digest = content_hash(trip, ev, blocks, alarms)
        if digest != ev.ical_hash or ev.ical_modified is None:
            seq = ev.ical_sequence + 1 if ev.ical_hash else ev.ical_sequence
            ev = replace(ev, ical_hash=digest, ical_sequence=seq, ical_modified=stamp)
            changed.append(ev)
        events.append(ev)
    return (replace(trip, events=tuple(events)) if changed else trip), changed
