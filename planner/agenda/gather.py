"""What an agenda says, gathered once from the timeline and shared by every format.

:func:`build_agenda` turns trips into an :class:`Agenda`: days, each with its
city and its events, each event with its local time, home time, people and
place already worded as plain (unescaped, control-character-free) strings.
The terminal, Markdown and HTML renderers only lay these strings out and
escape them for their format, so the three never disagree about the content.

An organiser in Dallas reading the Seoul programme needs both clocks: the
local time to be in the room, and the home time to call the office. Untimed
items keep their honest label ("morning", "time not given").

Everything is worded in the reader's language (``lang``: ``en``, ``ko`` or
``both``) here, from :mod:`planner.text.messages` and
:mod:`planner.text.labels`; the renderers take their few labels from the same
catalogue, with the :class:`Agenda`'s ``lang``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from planner.agenda.contacts import Contact, contacts_of
from planner.agenda.parts import (
    DAY_TITLE,
    DAY_TITLE_KO,
    Agenda,
    AgendaDay,
    Entry,
    TripSection,
)
from planner.model import geo
from planner.model.rules import delegation, whole_delegation
from planner.model.timeline import Occurrence, ZoneView, occurrences, on_day
from planner.model.trip import Trip
from planner.model.when import Exact, Span, zone_name
from planner.text.labels import (
    assumed_mark,
    bilingual_name,
    city_name,
    person_display,
    person_name,
    place_display,
    shifted_day_note,
    time_label,
    title_pair,
    trip_dates,
)
from planner.text.messages import kind_label, msg, status_label
from planner.text.safe import clean

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


def build_day_agenda(
    trips: Iterable[Trip],
    day: date,
    view: ZoneView = "event",
    *,
    trip_id: str | None = None,
    person: str | None = None,
    lang: str = "en",
) -> Agenda:
    """The agenda of one ``day`` read in ``view``, across ``trips`` (or one trip), worded in ``lang``."""
    trips = list(trips)
    occs = on_day(trips, day, view, trip_id=trip_id, person=person)
    return agenda_of_day(day, occs, view, person=_person_display(trips, person, lang), lang=lang)


def agenda_of_day(
    day: date, occs: Sequence[Occurrence], view: ZoneView = "event", *, person: str = "", lang: str = "en"
) -> Agenda:
    """The agenda of ``day`` from occurrences already chosen (e.g. by :func:`on_day`)."""
    title, title_ko = title_pair(DAY_TITLE, DAY_TITLE_KO, lang)
    return Agenda(
        title=title,
        title_ko=title_ko,
        subtitle=msg("personal_agenda", lang, who=person) if person else "",
        zones_note=zones_note(view, list({o.trip.id: o.trip for o in occs}.values()), lang),
        days=(_day(day, day, occs, view, lang=lang),),
        person=person,
        lang=lang,
    )


def build_trip_agenda(trip: Trip, view: ZoneView = "event", *, person: str | None = None, lang: str = "en") -> Agenda:
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
    contacts = contacts_of([trip], lang)  # the same block ends every day of the trip: found once
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
            agenda_days.append(_day(run[0], run[-1], [], view, trip, lang=lang))
            run = []
        agenda_days.append(_day(d, d, todays, view, lang=lang, contacts=contacts))
    if run:
        agenda_days.append(_day(run[0], run[-1], [], view, trip, lang=lang))
    who = _person_display([trip], person, lang)
    subtitle = trip_dates(trip, lang) + (f" · {msg('personal_agenda_tail', lang, who=who)}" if who else "")
    undated_sections = (
        (TripSection(trip, tuple(_entry(o, None, view, lang) for o in undated), lang),) if undated else ()
    )
    title, title_ko = title_pair(trip.title, trip.title_ko, lang)
    return Agenda(
        title=clean(title, single_line=True),
        title_ko=clean(title_ko, single_line=True),
        subtitle=subtitle,
        zones_note=zones_note(view, [trip], lang),
        days=tuple(agenda_days),
        undated=undated_sections,
        person=who,
        lang=lang,
    )


def zones_note(view: ZoneView, trips: Sequence[Trip], lang: str = "en") -> str:
    """Which clocks an agenda shows, e.g. "Local times (Asia/Seoul); home: America/Chicago."."""
    local = sorted({zone_name(t.event_tz) for t in trips})
    home = sorted({zone_name(t.home_tz) for t in trips})
    parts = [msg("local_times", lang) + (f" ({', '.join(local)})" if local else "")]
    if home:
        parts.append(f"{msg('home_clock', lang)}: {', '.join(home)}")
    if view == "home":
        parts.append(msg("days_in_home", lang))
    elif not isinstance(view, str):
        parts.append(msg("days_in_zone", lang, zone=zone_name(view)))
    return "; ".join(parts) + "."


def _person_display(trips: Sequence[Trip], person: str | None, lang: str = "en") -> str:
    if not person:
        return ""
    for t in trips:
        p = t.person(person)
        if p is not None:
            return person_display(p, lang)
    return person


def _day(
    first: date,
    last: date,
    occs: Sequence[Occurrence],
    view: ZoneView,
    trip: Trip | None = None,
    *,
    lang: str = "en",
    contacts: tuple[Contact, ...] | None = None,
) -> AgendaDay:
    """One day (or run of empty days); ``contacts`` is the day's contact block when the caller knows it."""
    sections: dict[str, list[Entry]] = {}
    trips: dict[str, Trip] = {}
    if trip is not None:
        sections[trip.id] = []
        trips[trip.id] = trip
    cities: list[str] = []
    for o in occs:
        trips[o.trip.id] = o.trip
        sections.setdefault(o.trip.id, []).append(_entry(o, first, view, lang))
        name = city_of(o, lang)
        if name and name not in cities:
            cities.append(name)
    busy = [trips[tid] for tid, items in sections.items() if items]
    return AgendaDay(
        first=first,
        last=last,
        cities=tuple(cities),
        sections=tuple(TripSection(trips[tid], tuple(items), lang) for tid, items in sections.items()),
        contacts=(contacts if contacts is not None else contacts_of(busy, lang)) if busy else (),
        lang=lang,
    )


def city_of(occ: Occurrence, lang: str = "en") -> str:
    """The city of an occurrence's place, with its Korean name when known ("Seoul (서울)"; "서울 (Seoul)" in Korean)."""
    place = occ.trip.place(occ.event.place) if occ.event.place else None
    if place is None:
        return ""
    known = geo.city(place.city) or geo.city(place.name) or geo.city(place.name_ko)
    if known is not None and (not place.city or geo.city(place.city) is known):
        return bilingual_name(known.name, known.name_ko, lang)
    return clean(place.city, single_line=True)


def _entry(occ: Occurrence, day: date | None, view: ZoneView, lang: str = "en") -> Entry:
    ev, trip, w = occ.event, occ.trip, occ.when
    exact = isinstance(w, Exact)
    time = time_label(occ, "event", lang=lang)
    note = ""
    home = extra = ""
    if exact:
        home = f"{time_label(occ, 'home', lang=lang)}{shifted_day_note(occ, trip.home_tz, lang)}"
        if not isinstance(view, str):
            extra = f"{time_label(occ, view, lang=lang)}{shifted_day_note(occ, view, lang)}"
    elif isinstance(w, Span) and day is not None:
        note = msg("day_of", lang, n=(day - w.first).days + 1, total=(w.last - w.first).days + 1)
    place = trip.place(ev.place) if ev.place else None
    address = place_text = ""
    if place is not None:
        address = place.address or place.city
        if address and address in place.display():
            address = ""
        elif address and not place.address:
            address = city_name(address, lang)
        place_text = clean(place_display(place, lang), single_line=True)
        place_text += assumed_mark(ev.assumed, "place", lang=lang) or assumed_mark(place.assumed, "name", lang=lang)
        if address:
            address = clean(address, single_line=True)
            address += assumed_mark(place.assumed, "address" if place.address else "city", lang=lang)
    attendees = delegation(trip, ev)
    title, title_ko = title_pair(ev.title, ev.title_ko, lang)
    # The "assumed" mark belongs to the English title; a Korean title shown alone is the file's own.
    mark = assumed_mark(ev.assumed, "title", lang=lang) if title == ev.title else ""
    return Entry(
        occurrence=occ,
        time=time,
        exact=exact,
        time_note=note,
        home_time=home,
        extra_time=extra,
        title=clean(title, single_line=True) + mark,
        title_ko=clean(title_ko, single_line=True),
        kind=kind_label(ev.kind, lang),
        status=ev.status,
        place=place_text,
        address=address,
        attendees=tuple(person_name(trip, p, lang) for p in attendees),
        whole_delegation=whole_delegation(trip, ev),
        counterparts=tuple(person_name(trip, p, lang) for p in ev.counterparts),
        outcome=clean(ev.outcome, single_line=True),
        notes=clean(ev.notes, single_line=True),
        status_label=status_label(ev.status, lang),
        title_in_korean=bool(ev.title_ko) and title == ev.title_ko,
    )
