"""What the timeline shows, row by row: filters, trip and day headings, overlaps.

Pure functions over the model (no Textual), so the widget only draws and the
rules are tested alone. A filter is typed as words and ``key:value`` tokens::

    dinner kind:mou person:kim-hyun-kyum org:kabcc trip:korea-2021

>>> Filter.parse("robot person:kim-hyun-kyum kind:mou")
Filter(text=('robot',), trip=None, person='kim-hyun-kyum', org=None, kind='mou')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Literal

from planner.model.timeline import Occurrence, ZoneView, by_day, occurrences
from planner.model.trip import Trip
from planner.model.when import Exact

TimeMode = Literal["event", "home", "both"]
TIME_MODES: tuple[TimeMode, ...] = ("event", "home", "both")
TIME_MODE_NAMES: dict[str, str] = {
    "event": "event's own zone",
    "home": "trip's home zone",
    "both": "event zone + home zone",
}


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


def _haystack(occ: Occurrence) -> str:
    ev, trip = occ.event, occ.trip
    parts = [ev.id, ev.title, ev.title_ko, ev.notes, ev.outcome, ev.kind, ev.status]
    place = trip.place(ev.place) if ev.place else None
    if place:
        parts += [place.name, place.name_ko, place.address, place.city]
    for pid in (*ev.people, *ev.counterparts):
        p = trip.person(pid)
        if p:
            parts += [p.name, p.name_ko]
    for oid in ev.orgs:
        o = trip.organisation(oid)
        if o:
            parts += [o.name, o.name_ko]
    return " ".join(parts).lower()


@dataclass(frozen=True)
class Row:
    """One line of the timeline: a trip heading, a day heading, or an occurrence."""

    kind: Literal["trip", "day", "event"]
    key: str
    trip: Trip
    day: date | None = None
    """The day heading this row is under (``None`` under "unscheduled")."""
    occurrence: Occurrence | None = None
    overlaps: tuple[str, ...] = field(default=(), compare=False)
    """Keys of occurrences sharing a person at the same time."""


def timeline_rows(trips: Iterable[Trip], flt: Filter = Filter(), mode: TimeMode = "event") -> list[Row]:
    """Every trip in date order, each grouped by day, its unscheduled items last."""
    return RowBuilder().rows(trips, flt, mode)


class RowBuilder:
    """Builds timeline rows, remembering the work done for trips that did not change.

    Trips are immutable, so a trip object that is still the same object has the
    same occurrences, clashes and rows: after an edit only the edited trip (and
    the trips whose dates overlap it, for clashes) is computed again. That is
    what keeps a key press fast with ten thousand events.
    """

    MAX_ENTRIES = 4096
    MAX_TEXTS = 65536

    def __init__(self) -> None:
        self._occurrences: dict[tuple[int, str], tuple[Trip, list[Occurrence]]] = {}
        self._clashes: dict[tuple[int, ...], tuple[list[Trip], dict[str, list[str]]]] = {}
        self._rows: dict[tuple, tuple[Trip, dict[str, list[str]], list[Row]]] = {}
        self._extents: dict[int, tuple[Trip, tuple[datetime, datetime] | None]] = {}
        self._hay: dict[int, tuple[object, Trip, str]] = {}

    def occurrences(self, trip: Trip, view: ZoneView) -> list[Occurrence]:
        key = (id(trip), str(view))
        hit = self._occurrences.get(key)
        if hit is None or hit[0] is not trip:
            hit = (trip, occurrences([trip], view=view))
            self._trim(self._occurrences)
            self._occurrences[key] = hit
        return hit[1]

    def extent(self, trip: Trip) -> tuple[datetime, datetime] | None:
        """First start and last end (UTC) of the trip's timed occurrences."""
        hit = self._extents.get(id(trip))
        if hit is None or hit[0] is not trip:
            timed = [o.when for o in self.occurrences(trip, "event") if isinstance(o.when, Exact)]
            span = None
            if timed:
                span = (min(w.start.astimezone(timezone.utc) for w in timed),
                        max((w.end or w.start).astimezone(timezone.utc) for w in timed))
            hit = (trip, span)
            self._trim(self._extents)
            self._extents[id(trip)] = hit
        return hit[1]

    def clashes(self, trips: list[Trip]) -> dict[str, dict[str, list[str]]]:
        """Overlaps per trip id, found within each group of trips whose timed events overlap in time.

        The same person in two trips at once is a clash too; grouping keeps an
        edit from re-checking trips far away in time.
        """
        spans = []
        for trip in trips:
            span = self.extent(trip)
            if span is not None:
                spans.append((span[0], span[1], trip))
        spans.sort(key=lambda s: s[0])
        groups: list[list[Trip]] = []
        reach = None
        for first, last, trip in spans:
            if reach is None or first > reach:
                groups.append([])
                reach = last
            groups[-1].append(trip)
            reach = max(reach, last)
        out: dict[str, dict[str, list[str]]] = {}
        for group in groups:
            key = tuple(id(t) for t in group)
            hit = self._clashes.get(key)
            if hit is None or any(a is not b for a, b in zip(hit[0], group)):
                found = overlaps(o for t in group for o in self.occurrences(t, "event"))
                hit = (group, found)
                self._trim(self._clashes)
                self._clashes[key] = hit
            for trip in group:
                out[trip.id] = hit[1]
        return out

    def rows(self, trips: Iterable[Trip], flt: Filter = Filter(), mode: TimeMode = "event") -> list[Row]:
        view: ZoneView = "home" if mode == "home" else "event"
        trips = sorted(trips, key=lambda t: (t.first_day, t.id))
        # Clashes are found among all events, whatever the filter hides.
        clashes = self.clashes(trips)
        none: dict[str, list[str]] = {}
        out: list[Row] = []
        for trip in trips:
            if flt.trip is not None and trip.id != flt.trip:
                continue
            mine = clashes.get(trip.id, none)
            key = (id(trip), view, flt)
            hit = self._rows.get(key)
            if hit is None or hit[0] is not trip or (hit[1] is not mine and hit[1] != mine):
                hit = (trip, mine, self._trip_rows(trip, flt, view, mine))
                self._trim(self._rows)
                self._rows[key] = hit
            out.extend(hit[2])
        return out

    def haystack(self, occ: Occurrence) -> str:
        """The lower-case text a filter's words are looked for in, remembered per event."""
        key = id(occ.event)
        hit = self._hay.get(key)
        if hit is None or hit[0] is not occ.event or hit[1] is not occ.trip:
            hit = (occ.event, occ.trip, _haystack(occ))
            self._trim(self._hay, self.MAX_TEXTS)
            self._hay[key] = hit
        return hit[2]

    def _keep(self, o: Occurrence, flt: Filter) -> bool:
        if not _keep(o, flt):
            return False
        if flt.text:
            hay = self.haystack(o)
            return all(word in hay for word in flt.text)
        return True

    def _trip_rows(self, trip: Trip, flt: Filter, view: ZoneView, clashes: dict[str, list[str]]) -> list[Row]:
        occs = [o for o in self.occurrences(trip, view) if self._keep(o, flt)]
        if not occs:
            return []
        rows = [Row("trip", f"trip:{trip.id}", trip)]
        for day, group in by_day(occs, view):
            rows.append(Row("day", f"day:{trip.id}:{day or 'unscheduled'}", trip, day))
            for o in group:
                rows.append(Row("event", o.key, trip, day, o, tuple(clashes.get(o.key, ()))))
        return rows

    def _trim(self, cache: dict, limit: int | None = None) -> None:
        if len(cache) >= (limit or self.MAX_ENTRIES):
            cache.clear()


def _keep(o: Occurrence, flt: Filter) -> bool:
    ev = o.event
    if flt.org is not None and flt.org not in ev.orgs:
        return False
    if flt.kind is not None and ev.kind != flt.kind:
        return False
    return flt.person is None or o.involves(flt.person)


def attendees(occ: Occurrence) -> set[str]:
    """Who is at ``occ``: named members (else the whole delegation) and counterparts."""
    ev = occ.event
    return set(ev.people or occ.trip.members) | set(ev.counterparts)


def overlaps(occs: Iterable[Occurrence]) -> dict[str, list[str]]:
    """Occurrences with a clock time that overlap another for the same person.

    An event with a start and no end counts as one minute long; cancelled
    events never clash. Returns, per occurrence key, the keys it clashes with.
    """
    timed = []
    for o in occs:
        if isinstance(o.when, Exact) and o.event.status != "cancelled":
            start = o.when.start.astimezone(timezone.utc)
            end = max((o.when.end or o.when.start).astimezone(timezone.utc), start + timedelta(minutes=1))
            timed.append((start, end, o))
    timed.sort(key=lambda t: t[0])
    out: dict[str, list[str]] = {}
    active: list[tuple[datetime, datetime, Occurrence, set[str]]] = []
    for start, end, o in timed:
        who = attendees(o)
        active = [a for a in active if a[1] > start]
        for _s, _e, other, other_who in active:
            if who & other_who:
                out.setdefault(o.key, []).append(other.key)
                out.setdefault(other.key, []).append(o.key)
        active.append((start, end, o, who))
    return out
