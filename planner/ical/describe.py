"""The words of a calendar entry: its SUMMARY, LOCATION and DESCRIPTION text, in the reader's language.

The DESCRIPTION is the one place a calendar shows the planner's facts to a
person (participants in Hangul and romanised, counterparts, outcome, notes,
sources), so it is worded in the export's ``lang`` (``en``, ``ko``, ``both``)
from :mod:`planner.text.messages`. ``en`` is the text every export has carried.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from planner.ical.series import rrule_text
from planner.model.rules import delegation, whole_delegation
from planner.model.trip import Event, Place, Trip
from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, zone_name
from planner.text.labels import bilingual_name, korean_full_date, korean_month, name_text
from planner.text.messages import kind_label, msg, pair, status_label


def _by_id(trip: Trip) -> dict[str, dict[str, Any]]:
    """The trip's people, organisations, places and sources by id (the first of an id, as
    ``Trip.person`` finds), made once per trip: every event of a large trip looks them up.

    A trip is immutable, so the tables stay right for as long as that same trip is asked about.
    """
    global _by_id_of
    kept_trip, kept = _by_id_of  # one read: safe if another thread replaces it meanwhile
    if kept_trip is trip:
        return kept
    tables: dict[str, dict[str, Any]] = {}
    for name in ("people", "organisations", "places", "sources"):
        table: dict[str, Any] = {}
        for item in getattr(trip, name):
            table.setdefault(item.id, item)
        tables[name] = table
    _by_id_of = (trip, tables)
    return tables


_by_id_of: tuple[Any, dict[str, dict[str, Any]]] = (None, {})


def _names(trip: Trip, ids: Iterable[str], table: str = "people", lang: str = "en") -> str:
    """The display names of ``ids`` in one of the trip's tables (an unknown id as itself), Korean first for ``ko``."""
    known = _by_id(trip)[table]
    if lang == "en":
        return ", ".join(known[i].display() if i in known else i for i in ids)
    return ", ".join(name_text(known[i].name, known[i].name_ko, lang) if i in known else i for i in ids)


def place_of(trip: Trip, ev: Event) -> Place | None:
    """The event's place, looked up in the trip's table by id."""
    return _by_id(trip)["places"].get(ev.place) if ev.place else None


def location(trip: Trip, ev: Event, lang: str = "en") -> str:
    """``Lotte Hotel Seoul (롯데호텔 서울), 30 Eulji-ro, Jung-gu, Seoul``; empty without a place; Korean name first for ``ko``."""
    place = place_of(trip, ev)
    if place is None:
        return ""
    parts = [bilingual_name(place.name, place.name_ko, lang)]
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
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls but tab and line feed, DEL, and C1 controls: what :func:`clean` drops."""


def summary(ev: Event) -> str:
    """The title, with the part of day when that is all that is known."""
    if isinstance(ev.when, PartOfDay):
        return clean(f"{ev.title} ({ev.when.part})")
    return clean(ev.title)


@lru_cache(maxsize=4096)
def _day(d: date) -> str:
    # Cached: strftime is slow, and the events of a trip fall on a few hundred days.
    return f"{d:%a} {d.day} {d:%b %Y}"


def _hm(t: datetime) -> str:
    """``09:05``: what ``%H:%M`` gives, without strftime (a tenth of the time)."""
    return f"{t.hour:02d}:{t.minute:02d}"


def trip_days(trip: Trip, lang: str = "en") -> str:
    """The trip's dates in words: ``Mon 18 Oct 2021 to Wed 27 Oct 2021`` or ``October 2021``."""
    if lang != "en":
        return pair(trip_days(trip), _trip_days_ko(trip), lang)
    if isinstance(trip.dates, InMonth):
        return f"{trip.dates.first:%B %Y}"
    first, last = trip.dates.first, trip.dates.last
    return _day(first) if first == last else f"{_day(first)} to {_day(last)}"


def _trip_days_ko(trip: Trip) -> str:
    if isinstance(trip.dates, InMonth):
        return korean_month(trip.dates.first)
    first, last = trip.dates.first, trip.dates.last
    return korean_full_date(first) if first == last else f"{korean_full_date(first)}–{korean_full_date(last)}"


def when_text(trip: Trip, ev: Event, lang: str = "en") -> str:
    """What is known about the time, in words, for the description (``both``: English, then Korean)."""
    if lang == "both":
        return pair(when_text(trip, ev), when_text(trip, ev, "ko"), lang)
    day = korean_full_date if lang == "ko" else _day
    w = ev.when
    if isinstance(w, Exact):
        zone = zone_name(w.start.tzinfo)
        start = _hm(w.start)
        text = f"{start} {zone}"
        if w.end is not None:
            end_zone = zone_name(w.end.tzinfo)
            same_day = end_zone == zone and w.end.date() == w.start.date()
            if lang == "ko":  # 10:00–11:30 Asia/Seoul; 10:00 Asia/Seoul – 2024년 3월 13일 (수) 11:30 Asia/Tokyo
                text = (
                    f"{start}–{_hm(w.end)} {zone}"
                    if same_day
                    else f"{text} – {day(w.end.date())} {_hm(w.end)} {end_zone}"
                )
            else:
                text += f" to {_hm(w.end)}" if same_day else f" to {_day(w.end.date())} {_hm(w.end)} {end_zone}"
        return f"{day(w.start.date())}, {text}"
    if isinstance(w, OnDate):
        return msg("ics_on_date", lang, day=day(w.day))
    if isinstance(w, PartOfDay):
        return msg("ics_part", lang, day=day(w.day), part=msg(f"part_{w.part}", lang))
    if isinstance(w, Span):
        n = (w.last - w.first).days + 1
        return msg("ics_span", lang, first=day(w.first), last=day(w.last), n=n)
    if isinstance(w, InMonth):
        month = korean_month(w.first) if lang == "ko" else f"{w.first:%B %Y}"
        return msg("ics_month", lang, month=month)
    return msg("ics_unscheduled", lang, days=trip_days(trip, lang))


def description(trip: Trip, ev: Event, lang: str = "en") -> str:
    """Participants (Hangul and romanised), counterparts, outcome, notes and sources, one per line, labelled in ``lang``.

    The labels come from :mod:`planner.text.messages`; ``en`` is the text
    every export has carried (the digest of an event's export, which decides
    its SEQUENCE, is always taken on it, so a Korean export changes no stamp).
    """
    out = []
    if ev.title_ko:
        out.append(ev.title_ko)
    out.append(f"{kind_label(ev.kind, lang)} · {status_label(ev.status, lang)}")

    def line(key: str, value: str) -> None:
        out.append(f"{msg(key, lang)}: {value}")

    line("ics_when", when_text(trip, ev, lang))
    if ev.repeat is not None:
        rep = rrule_text(ev)
        if ev.repeat.exceptions:
            rep += "; " + msg("ics_not_on", lang, days=", ".join(d.isoformat() for d in ev.repeat.exceptions))
        line("ics_repeats", rep)
    where = location(trip, ev, lang)
    if where:
        line("ics_where", where)
    if delegation(trip, ev):
        whole = f" ({msg('the_whole_delegation', lang)})" if whole_delegation(trip, ev) else ""
        line("ics_delegation", f"{_names(trip, delegation(trip, ev), lang=lang)}{whole}")
    if ev.counterparts:
        line("ics_meeting", _names(trip, ev.counterparts, lang=lang))
    if ev.orgs:
        line("ics_orgs", _names(trip, ev.orgs, "organisations", lang))
    if ev.outcome:
        line("ics_outcome", ev.outcome)
    if ev.notes:
        line("ics_notes", ev.notes)
    sources = _by_id(trip)["sources"]
    for sid in ev.sources:
        src = sources.get(sid)
        line("ics_source", src.cite() if src else sid)
    title = (trip.title_ko or trip.title) if lang == "ko" else trip.title
    line("ics_trip", f"{title} ({trip.id})")
    return clean("\n".join(out))
