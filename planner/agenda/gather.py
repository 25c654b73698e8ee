"""What an agenda says, gathered once from the timeline and shared by every format.

:func:`build_agenda` turns trips into an :class:`Agenda`: days, each with its
city and its events, each event with its local time, home time, people and
place already worded as plain (unescaped, control-character-free) strings.
The terminal, Markdown and HTML renderers only lay these strings out and
escape them for their format, so the three never disagree about the content.

An organiser in Dallas reading the Seoul programme needs both clocks: the
local time to be in the room, and the home time to call the office. Untimed
items keep their honest label ("morning", "time not given").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planner.model import geo
from planner.model.rules import delegation, whole_delegation
from planner.model.timeline import Occurrence, ZoneView, occurrences, on_day
from planner.model.trip import KIND_LABELS, Trip
from planner.model.when import Exact, Span, zone_name
from planner.text.labels import assumed_mark, korean_date, person_name, shifted_day_note, time_label, trip_dates
from planner.text.safe import clean


@dataclass(frozen=True)
class Entry:
    """One event as an agenda shows it; every value is plain text, not yet escaped."""

    occurrence: Occurrence
    time: str
    """Local time ("07:30–09:00 KST") or the honest precision ("morning", "time not given")."""
    exact: bool
    """Whether ``time`` is a clock time (shown plainly) or a precision label (shown in italics)."""
    time_note: str = ""
    """"day 2 of 4" for a span; "" otherwise."""
    home_time: str = ""
    """The same moment in the trip's home zone, for exact times only."""
    extra_time: str = ""
    """The moment in the zone asked for with ``--tz ZONE``, for exact times only."""
    title: str = ""
    title_ko: str = ""
    kind: str = ""
    status: str = ""
    place: str = ""
    """The place's name (and Korean name); "" when the trip gives none."""
    address: str = ""
    """Street address, or the city when no address is known."""
    attendees: tuple[str, ...] = ()
    whole_delegation: bool = False
    """True when the event names no attendees, so the whole delegation goes."""
    counterparts: tuple[str, ...] = ()
    outcome: str = ""
    notes: str = ""

    @property
    def key(self) -> str:
        return self.occurrence.key


@dataclass(frozen=True)
class TripSection:
    """The entries of one trip within a day (or within the undated part)."""

    trip: Trip
    entries: tuple[Entry, ...]

    @property
    def title(self) -> str:
        return clean(self.trip.title, single_line=True)

    @property
    def title_ko(self) -> str:
        return clean(self.trip.title_ko, single_line=True)


@dataclass(frozen=True)
class AgendaDay:
    """One day of an agenda, or a run of days on which nothing is recorded."""

    first: date
    last: date
    """Equal to ``first`` except for a run of empty days."""
    cities: tuple[str, ...]
    """Cities of the day's events ("Seoul (서울)"), in the order they come."""
    sections: tuple[TripSection, ...]

    @property
    def heading(self) -> str:
        """``Tue 19 Oct 2021``, or ``Fri 22 Oct–Mon 25 Oct 2021`` for a run."""
        if self.first == self.last:
            return english_date(self.first)
        return f"{self.first:%a} {self.first.day} {self.first:%b}–{english_date(self.last)}"

    @property
    def heading_ko(self) -> str:
        """``10월 19일 (화)``, or ``10월 22일 (금)–10월 25일 (월)`` for a run."""
        if self.first == self.last:
            return korean_date(self.first)
        return f"{korean_date(self.first)}–{korean_date(self.last)}"

    @property
    def empty(self) -> bool:
        return not any(s.entries for s in self.sections)

    @property
    def entries(self) -> list[Entry]:
        return [e for s in self.sections for e in s.entries]


@dataclass(frozen=True)
class Agenda:
    """A whole agenda: a title, its days, and what has no day yet."""

    title: str
    title_ko: str
    subtitle: str
    """Dates, and whose agenda it is."""
    zones_note: str
    """Which clocks the times are read on."""
    days: tuple[AgendaDay, ...]
    undated: tuple[TripSection, ...] = ()
    """Unscheduled items and items known only to the month, per trip."""
    person: str = ""
    """Display name of the member whose personal agenda this is, or ""."""

    @property
    def entry_count(self) -> int:
        return sum(len(d.entries) for d in self.days) + sum(len(s.entries) for s in self.undated)


MAX_DAY_SECTIONS = 1000
"""Days with something recorded that a trip's agenda shows at most (nearly three years, day by day).

Every day of a span is a section ("day 3 of 5"), so one event from 1900 to
2200 would make 110,000 sections (tens of megabytes of HTML); past this limit
the agenda is refused (:class:`AgendaTooLong`) rather than written."""


class AgendaTooLong(ValueError):
    """A trip's agenda would have more than :data:`MAX_DAY_SECTIONS` days with something recorded."""

    def __init__(self, trip_id: str, *, first_busy: date, day: date):
        self.trip_id = trip_id
        super().__init__(
            f"the agenda of trip {trip_id} would show more than {MAX_DAY_SECTIONS:,} days with events "
            f"({first_busy} to {day} and on): an event or span covers too many days to print day by day; "
            "shorten it, or print single days (planner agenda DATE)"
        )


DAY_TITLE = "Daily agenda"
DAY_TITLE_KO = "일정표"
UNDATED_HEADING = "Not yet on a day"
UNDATED_HEADING_KO = "날짜 미정"
EMPTY_DAY = "Nothing recorded for this day."
EMPTY_RUN = "Nothing recorded on these days."


def english_date(day: date) -> str:
    """``Tue 19 Oct 2021``."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def build_day_agenda(
    trips: Iterable[Trip],
    day: date,
    view: ZoneView = "event",
    *,
    trip_id: str | None = None,
    person: str | None = None,
) -> Agenda:
    """The agenda of one ``day`` read in ``view``, across ``trips`` (or one trip)."""
    trips = list(trips)
    occs = on_day(trips, day, view, trip_id=trip_id, person=person)
    return agenda_of_day(day, occs, view, person=_person_display(trips, person))


def agenda_of_day(day: date, occs: Sequence[Occurrence], view: ZoneView = "event", *, person: str = "") -> Agenda:
    """The agenda of ``day`` from occurrences already chosen (e.g. by :func:`on_day`)."""
    return Agenda(
        title=DAY_TITLE,
        title_ko=DAY_TITLE_KO,
        subtitle=f"Personal agenda of {person}" if person else "",
        zones_note=zones_note(view, list({o.trip.id: o.trip for o in occs}.values())),
        days=(_day(day, day, occs, view),),
        person=person,
    )


def build_trip_agenda(trip: Trip, view: ZoneView = "event", *, person: str | None = None) -> Agenda:
    """One section per day of ``trip`` (runs of empty days merged), then its undated items.

    Raises :class:`AgendaTooLong` past :data:`MAX_DAY_SECTIONS` days with something recorded.
    """
    first, last = trip.first_day, trip.last_day
    occs = occurrences([trip], start=first - timedelta(days=1), end=last + timedelta(days=1), view=view, person=person)
    # Months and unscheduled items are on no day (days_covered): they go under "Not yet on a day".
    dated = [o for o in occs if o.days(view) is not None]
    undated = [o for o in occs if o.days(view) is None]
    days: set[date] = set()
    spanned = isinstance(trip.dates, Span)
    if isinstance(trip.dates, Span):
        days.update(trip.dates.days())
    bounds: list[tuple[date, date, int]] = []  # each dated occurrence's first and last day, and its index
    for i, o in enumerate(dated):
        covered = o.days(view)
        if covered is None:
            continue
        start, end = covered
        bounds.append((start, end, i))
        # A multi-day item adds its days only inside the trip (all there already when the
        # trip has dates); an exact time read in another zone may add the day before or after.
        days.add(start)
        if not spanned:
            d = max(start, first)
            while d <= min(end, last):
                days.add(d)
                d += timedelta(days=1)
    agenda_days: list[AgendaDay] = []
    run: list[date] = []
    # One sweep over the days in order, holding the occurrences under way (not a scan of all per day).
    bounds.sort()
    waiting = 0
    under_way: list[tuple[date, int]] = []
    shown = 0
    for d in sorted(days):
        while waiting < len(bounds) and bounds[waiting][0] <= d:
            under_way.append((bounds[waiting][1], bounds[waiting][2]))
            waiting += 1
        under_way = [(end, i) for end, i in under_way if end >= d]
        todays = sorted(
            (o for o in (dated[i] for _, i in under_way) if o.covers(d, view)),
            key=lambda o: (o.order_in_day(view), o.sort_key(view)),
        )
        if not todays:
            run.append(d)
            continue
        shown += 1
        if shown > MAX_DAY_SECTIONS:
            raise AgendaTooLong(trip.id, first_busy=agenda_days[0].first if agenda_days else d, day=d)
        if run:
            agenda_days.append(_day(run[0], run[-1], [], view, trip))
            run = []
        agenda_days.append(_day(d, d, todays, view))
    if run:
        agenda_days.append(_day(run[0], run[-1], [], view, trip))
    who = _person_display([trip], person)
    subtitle = trip_dates(trip) + (f" · personal agenda of {who}" if who else "")
    undated_sections = (TripSection(trip, tuple(_entry(o, None, view) for o in undated)),) if undated else ()
    return Agenda(
        title=clean(trip.title, single_line=True),
        title_ko=clean(trip.title_ko, single_line=True),
        subtitle=subtitle,
        zones_note=zones_note(view, [trip]),
        days=tuple(agenda_days),
        undated=undated_sections,
        person=who,
    )


def zones_note(view: ZoneView, trips: Sequence[Trip]) -> str:
    """Which clocks an agenda shows, e.g. "Local times (Asia/Seoul); home: America/Chicago."."""
    local = sorted({zone_name(t.event_tz) for t in trips})
    home = sorted({zone_name(t.home_tz) for t in trips})
    parts = []
    if local:
        parts.append(f"Local times ({', '.join(local)})")
    else:
        parts.append("Local times")
    if home:
        parts.append(f"home: {', '.join(home)}")
    text = "; ".join(parts)
    if view == "home":
        text += "; days read in the home zone"
    elif not isinstance(view, str):
        text += f"; days read in {zone_name(view)}, shown as a third clock"
    return text + "."


def _person_display(trips: Sequence[Trip], person: str | None) -> str:
    if not person:
        return ""
    for t in trips:
        p = t.person(person)
        if p is not None:
            return clean(p.display(), single_line=True)
    return person


def _day(first: date, last: date, occs: Sequence[Occurrence], view: ZoneView, trip: Trip | None = None) -> AgendaDay:
    sections: dict[str, list[Entry]] = {}
    trips: dict[str, Trip] = {}
    if trip is not None:
        sections[trip.id] = []
        trips[trip.id] = trip
    cities: list[str] = []
    for o in occs:
        trips[o.trip.id] = o.trip
        sections.setdefault(o.trip.id, []).append(_entry(o, first, view))
        name = city_of(o)
        if name and name not in cities:
            cities.append(name)
    return AgendaDay(
        first=first,
        last=last,
        cities=tuple(cities),
        sections=tuple(TripSection(trips[tid], tuple(items)) for tid, items in sections.items()),
    )


def city_of(occ: Occurrence) -> str:
    """The city of an occurrence's place, with its Korean name when known ("Seoul (서울)")."""
    place = occ.trip.place(occ.event.place) if occ.event.place else None
    if place is None:
        return ""
    known = geo.city(place.city) or geo.city(place.name) or geo.city(place.name_ko)
    if known is not None and (not place.city or geo.city(place.city) is known):
        return known.display()
    return clean(place.city, single_line=True)


def _entry(occ: Occurrence, day: date | None, view: ZoneView) -> Entry:
    ev, trip, w = occ.event, occ.trip, occ.when
    exact = isinstance(w, Exact)
    time = time_label(occ, "event")
    note = ""
    home = extra = ""
    if exact:
        home = f"{time_label(occ, 'home')}{shifted_day_note(occ, trip.home_tz)}"
        if not isinstance(view, str):
            extra = f"{time_label(occ, view)}{shifted_day_note(occ, view)}"
    elif isinstance(w, Span) and day is not None:
        note = f"day {(day - w.first).days + 1} of {(w.last - w.first).days + 1}"
    place = trip.place(ev.place) if ev.place else None
    address = place_text = ""
    if place is not None:
        address = place.address or place.city
        if address and address in place.display():
            address = ""
        place_text = clean(place.display(), single_line=True)
        place_text += assumed_mark(ev.assumed, "place") or assumed_mark(place.assumed, "name")
        if address:
            address = clean(address, single_line=True)
            address += assumed_mark(place.assumed, "address" if place.address else "city")
    attendees = delegation(trip, ev)
    return Entry(
        occurrence=occ,
        time=time,
        exact=exact,
        time_note=note,
        home_time=home,
        extra_time=extra,
        title=clean(ev.title, single_line=True) + assumed_mark(ev.assumed, "title"),
        title_ko=clean(ev.title_ko, single_line=True),
        kind=KIND_LABELS.get(ev.kind, ev.kind),
        status=ev.status,
        place=place_text,
        address=address,
        attendees=tuple(person_name(trip, p) for p in attendees),
        whole_delegation=whole_delegation(trip, ev),
        counterparts=tuple(person_name(trip, p) for p in ev.counterparts),
        outcome=clean(ev.outcome, single_line=True),
        notes=clean(ev.notes, single_line=True),
    )
