"""Trips and what they hold: events, people, organisations, places, sources.

These are plain frozen dataclasses with no I/O: the TOML storage and the
iCalendar code convert to and from them at the edges, so a file format's quirks
never leak into the rest of the planner. Everything refers to everything else
by id (``"kim-hyun-kyum"``), which keeps a trip file readable and lets the same
person appear in several trips.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo

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
class Recurrence:
    """An RFC 5545 RRULE plus the dates it skips; expanded with dateutil."""

    rule: str
    """The RRULE value without the ``RRULE:`` prefix, e.g. ``FREQ=MONTHLY;BYDAY=+3TH``."""
    exceptions: tuple[date, ...] = ()


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

    def with_when(self, when: When) -> Event:
        return replace(self, when=when)


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
        return next((p for p in self.people if p.id == pid), None)

    def organisation(self, oid: str) -> Organisation | None:
        return next((o for o in self.organisations if o.id == oid), None)

    def place(self, pid: str) -> Place | None:
        return next((p for p in self.places if p.id == pid), None)

    def source(self, sid: str) -> Source | None:
        return next((s for s in self.sources if s.id == sid), None)

    def event(self, eid: str) -> Event | None:
        return next((e for e in self.events if e.id == eid), None)

    def display_title(self) -> str:
        return f"{self.title} · {self.title_ko}" if self.title_ko else self.title
