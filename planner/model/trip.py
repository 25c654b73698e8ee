"""Trips and what they hold: events, people, organisations, places, sources.

These are plain frozen dataclasses with no I/O: the TOML storage and the
iCalendar code convert to and from them at the edges, so a file format's quirks
never leak into the rest of the planner. Everything refers to everything else
by id (``"kim-hyun-kyum"``), which keeps a trip file readable and lets the same
person appear in several trips.
"""

from __future__ import annotations

import functools
import weakref
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol, TypeVar

from planner.model.when import InMonth, Span, When

EVENT_KINDS: tuple[str, ...] = (
    "mou",
    "meeting",
    "visit",
    "conference",
    "roundtable",
    "dinner",
    "reception",
    "expo",
    "talk",
    "travel",
    "other",
)
"""Kinds of activity; they drive colours, iCal CATEGORIES and some checks."""

KIND_LABELS: dict[str, str] = {
    "mou": "MOU signing",
    "meeting": "meeting",
    "visit": "visit",
    "conference": "conference",
    "roundtable": "roundtable",
    "dinner": "dinner",
    "reception": "reception",
    "expo": "expo",
    "talk": "talk",
    "travel": "travel",
    "other": "other",
}

VISIBILITIES: tuple[str, ...] = ("public", "delegation", "organisers")
"""Who may see a thing, from the widest audience to the narrowest (see :mod:`planner.model.visibility`)."""

STATUSES: tuple[str, ...] = ("confirmed", "tentative", "cancelled")
TRIP_STATUSES: tuple[str, ...] = ("draft", "planned", "completed", "cancelled")


@dataclass(frozen=True)
class Person:
    """Someone who takes part: a delegation member or a counterpart."""

    id: str
    name: str
    """Romanised name as the person writes it ("Kim Hyun-kyum")."""
    name_ko: str = ""
    """Name in Hangul ("김현겸"), shown beside the romanised one."""
    role: str = ""
    org: str = ""
    """Id of the organisation the role belongs to, if declared."""
    notes: str = ""
    phone: str = ""
    email: str = ""
    kakao: str = ""
    """KakaoTalk id."""
    documents: str = ""
    """Passport-like details (number, expiry, visa); organisers-only unless marked otherwise."""
    notes_visibility: str = "delegation"
    phone_visibility: str = "delegation"
    email_visibility: str = "delegation"
    kakao_visibility: str = "delegation"
    documents_visibility: str = "organisers"
    assumed: tuple[str, ...] = ()
    """Keys whose values do not come from the sources (``assumed = ["address"]`` in the file)."""

    def display(self) -> str:
        """``"김현겸 Kim Hyun-kyum"``: Korean first when known, romanised beside it."""
        return f"{self.name_ko} {self.name}" if self.name_ko else self.name


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    name_ko: str = ""
    city: str = ""
    notes: str = ""
    notes_visibility: str = "delegation"
    assumed: tuple[str, ...] = ()
    """Keys whose values do not come from the sources (``assumed = ["address"]`` in the file)."""

    def display(self) -> str:
        return f"{self.name_ko} {self.name}" if self.name_ko else self.name


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    name_ko: str = ""
    address: str = ""
    city: str = ""
    tz: tzinfo | None = None
    """IANA zone of the place; events there default to it."""
    lat: float | None = None
    lon: float | None = None
    visibility: str = "delegation"
    """Who may see the place (its events show no place to readers below this)."""
    assumed: tuple[str, ...] = ()
    """Keys whose values do not come from the sources (``assumed = ["address"]`` in the file)."""

    def display(self) -> str:
        return f"{self.name} ({self.name_ko})" if self.name_ko else self.name


@dataclass(frozen=True)
class Source:
    """A document the facts came from (a press report, an e-mail)."""

    id: str
    outlet: str
    headline: str = ""
    """The headline in our own English words; never the report's sentences."""
    published: str = ""
    """Publication date as given (ISO date or date-time)."""
    file: str = ""
    language: str = ""

    def cite(self) -> str:
        parts = [self.outlet]
        if self.headline:
            parts.append(f"“{self.headline}”")
        if self.published:
            parts.append(self.published)
        return ", ".join(parts)


@dataclass(frozen=True)
class Override:
    """One occurrence of a series changed: moved, retitled or cancelled (an iCalendar RECURRENCE-ID).

    ``of`` is the day the occurrence was due on, in the series' zone; what is
    left empty is the series' own (``when=None``: at its usual time).
    """

    of: date
    when: When | None = None
    title: str = ""
    status: str = ""
    """``""`` for the series' status; ``"cancelled"`` for a cancelled occurrence that calendars still list."""
    notes: str = ""


@dataclass(frozen=True)
class Recurrence:
    """An RFC 5545 RRULE plus the dates it skips and the occurrences it changes; expanded with dateutil."""

    rule: str
    """The RRULE value without the ``RRULE:`` prefix, e.g. ``FREQ=MONTHLY;BYDAY=+3TH``."""
    exceptions: tuple[date, ...] = ()
    overrides: tuple[Override, ...] = ()
    """Changed occurrences, by the day each was due on (one per day, none on an exception)."""

    def override(self, day: date) -> Override | None:
        return next((o for o in self.overrides if o.of == day), None)


@dataclass(frozen=True)
class Event:
    """One activity of a trip, with honest precision."""

    id: str
    title: str
    when: When
    tz: tzinfo
    """The zone the event happens in (resolved from the file, the place or the trip)."""
    title_ko: str = ""
    kind: str = "other"
    status: str = "confirmed"
    place: str = ""
    people: tuple[str, ...] = ()
    """Delegation members who attend (ids)."""
    counterparts: tuple[str, ...] = ()
    """People met on the other side (ids)."""
    orgs: tuple[str, ...] = ()
    outcome: str = ""
    notes: str = ""
    sources: tuple[str, ...] = ()
    repeat: Recurrence | None = None
    ical_uid: str = ""
    """UID the event came with from another calendar; empty means ``<trip>.<event>@planner``."""
    ical_sequence: int = 0
    """iCalendar SEQUENCE last exported; raised when the exported content changes."""
    ical_hash: str = ""
    """Digest of the exported content at ``ical_sequence`` (how a change is noticed)."""
    ical_modified: datetime | None = None
    """UTC time the exported content last changed: the event's LAST-MODIFIED and DTSTAMP."""
    visibility: str = "delegation"
    """Who may see the event at all: ``public``, ``delegation`` or ``organisers``."""
    notes_visibility: str = "delegation"
    """Who may see its notes (never wider than the event itself)."""
    reminders: tuple[timedelta, ...] | None = None
    """How long before the start each alarm fires (``reminders = ["3h"]``); ``None``: the configuration's
    alarms for the event's kind; ``()``: none (see :mod:`planner.model.reminders`)."""
    ical_lines: tuple[str, ...] = ()
    """Calendar lines the planner does not model (VALARM, TRANSP, CATEGORIES, the original DESCRIPTION ...), kept
    verbatim from an imported entry and written back on export."""
    assumed: tuple[str, ...] = ()
    """Keys whose values do not come from the sources (``assumed = ["address"]`` in the file)."""

    def with_when(self, when: When) -> Event:
        return replace(self, when=when)

    def with_export_record(self, ical_hash: str, ical_sequence: int, ical_modified: datetime | None) -> Event:
        """The event with its export recorded: what ``replace`` gives for those three fields, at an eighth of the cost.

        An import records it for every event it adds (10,000 ``replace`` calls
        were a twentieth of importing them). ``__init__`` stores each field as
        given and derives nothing, so copying the fields is all ``replace``
        would do; only fields are copied, never a value kept on the side.
        """
        new = object.__new__(type(self))
        state = new.__dict__
        old = self.__dict__
        for name in _EVENT_FIELDS if type(self) is Event else tuple(f.name for f in fields(self)):
            state[name] = old[name]
        state["ical_hash"] = ical_hash
        state["ical_sequence"] = ical_sequence
        state["ical_modified"] = ical_modified
        return new


_EVENT_FIELDS = tuple(f.name for f in fields(Event))
"""The names :meth:`Event.with_export_record` copies (looked up once, not per event)."""


@dataclass(frozen=True)
class Trip:
    """A delegation trip, a local programme, or a draft of a future one."""

    id: str
    title: str
    home_tz: tzinfo
    """Zone the delegation lives in; agendas show it beside local times."""
    dates: Span | InMonth
    """First and last day, or only the month for a draft."""
    local_tz: tzinfo | None = None
    """Default zone of events (the destination); the home zone when ``None``."""
    title_ko: str = ""
    status: str = "planned"
    members: tuple[str, ...] = ()
    notes: str = ""
    year_evidence: str = ""
    """How the year was resolved when the sources do not print it."""
    sources: tuple[Source, ...] = ()
    people: tuple[Person, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = field(default=())
    notes_visibility: str = "delegation"
    """Who may see the trip's ``notes``."""
    organiser: str = ""
    """Id of the person who organises the trip: the calendar ORGANIZER, and CHAIR among the attendees."""
    assumed: tuple[str, ...] = ()
    """Keys whose values do not come from the sources (``assumed = ["address"]`` in the file)."""

    @property
    def event_tz(self) -> tzinfo:
        return self.local_tz or self.home_tz

    @property
    def first_day(self) -> date:
        return self.dates.first

    @property
    def last_day(self) -> date:
        return self.dates.last

    def person(self, pid: str) -> Person | None:
        return _find(self, self.people, pid)

    def organisation(self, oid: str) -> Organisation | None:
        return _find(self, self.organisations, oid)

    def place(self, pid: str) -> Place | None:
        return _find(self, self.places, pid)

    def source(self, sid: str) -> Source | None:
        return _find(self, self.sources, sid)

    def event(self, eid: str) -> Event | None:
        return _find(self, self.events, eid)

    def display_title(self) -> str:
        return f"{self.title} · {self.title_ko}" if self.title_ko else self.title


_SCAN = 16
"""Up to this many entries, a lookup by id scans the tuple; past it, it uses an index built once per trip."""


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_E = TypeVar("_E", bound=_HasId)

_INDEXES: dict[tuple[int, int], tuple[weakref.ref[Trip], dict[str, object]]] = {}
"""Per live trip and section, ``{id: entry}`` (the first entry of an id); dropped with the trip."""


def _find(trip: Trip, entries: tuple[_E, ...], key: str) -> _E | None:
    """The entry of ``entries`` (a section of ``trip``) with id ``key``, else ``None``.

    Linear work once per trip and section, not per lookup: a trip is frozen, so
    its index never goes stale; it is kept beside the trip (not in it), so it is
    neither compared, printed nor pickled, and it goes when the trip does.
    """
    if len(entries) <= _SCAN:
        return next((e for e in entries if e.id == key), None)
    slot = (id(trip), id(entries))
    held = _INDEXES.get(slot)
    if held is None or held[0]() is not trip:
        index: dict[str, object] = {}
        for e in entries:
            index.setdefault(e.id, e)
        held = (weakref.ref(trip, functools.partial(_drop, slot)), index)
        _INDEXES[slot] = held
    return held[1].get(key)  # type: ignore[return-value]  # an entry of ``entries``, by construction


def _drop(slot: tuple[int, int], ref: weakref.ref[Trip]) -> None:
    held = _INDEXES.get(slot)
    if held is not None and held[0] is ref:
        del _INDEXES[slot]
