"""Shared wording for people: names, dates in English and Korean, time labels.

Names and places pass through :func:`planner.text.safe.clean` before they are
shown, so a trip file cannot drive the terminal.

>>> korean_date(date(2021, 10, 19))
'10월 19일 (화)'
>>> day_heading(date(2021, 10, 19))
'Tue 19 Oct 2021 · 10월 19일 (화)'
>>> day_heading(date(2021, 10, 19), "ko")
'2021년 10월 19일 (화)'

Each function that words something for a reader takes the reader's language
(``lang``: ``en``, ``ko`` or ``both``, see :mod:`planner.text.messages`, where
every label lives) and returns plain text, so any renderer (rich, Markdown,
HTML, a calendar entry, a plain-text fast path) can call it. ``en`` gives what
the planner has always printed, byte for byte.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, cast

from planner.text.messages import msg, pair
from planner.text.safe import clean

if TYPE_CHECKING:  # only names for annotations: importing the model here would slow every command's start
    from planner.model.timeline import Occurrence, ZoneView
    from planner.model.trip import Person, Place, Trip
    from planner.model.when import Exact, When

KOREAN_WEEKDAYS = "월화수목금토일"


def korean_date(day: date) -> str:
    return f"{day.month}월 {day.day}일 ({KOREAN_WEEKDAYS[day.weekday()]})"


def korean_full_date(day: date) -> str:
    """``2021년 10월 19일 (화)``."""
    return f"{day.year}년 {korean_date(day)}"


def english_date(day: date) -> str:
    """``Tue 19 Oct 2021``."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def korean_month(day: date) -> str:
    """``2023년 10월``."""
    return f"{day.year}년 {day.month}월"


def day_heading(day: date, lang: str = "en") -> str:
    """``Tue 19 Oct 2021 · 10월 19일 (화)`` (``en`` and ``both``: the hosts' date beside), ``2021년 10월 19일 (화)`` (``ko``)."""
    if lang == "ko":
        return korean_full_date(day)
    return f"{english_date(day)} · {korean_date(day)}"


def date_range(first: date, last: date, lang: str = "en") -> str:
    """``18–27 Oct 2021``; in Korean ``2021년 10월 18일–27일``; ``both`` gives the two."""
    return pair(_english_range(first, last), _korean_range(first, last), lang)


def _english_range(first: date, last: date) -> str:
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b}–{last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y}–{last.day} {last:%b %Y}"


def _korean_range(first: date, last: date) -> str:
    if first == last:
        return f"{first.year}년 {first.month}월 {first.day}일"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year}년 {first.month}월 {first.day}일–{last.day}일"
    if first.year == last.year:
        return f"{first.year}년 {first.month}월 {first.day}일–{last.month}월 {last.day}일"
    return f"{first.year}년 {first.month}월 {first.day}일–{last.year}년 {last.month}월 {last.day}일"


def trip_dates(trip: Trip, lang: str = "en") -> str:
    from planner.model.when import InMonth

    return dates_text(trip.dates.first, trip.dates.last, month_only=isinstance(trip.dates, InMonth), lang=lang)


def dates_text(first: date, last: date, *, month_only: bool = False, lang: str = "en") -> str:
    """A trip's dates as :func:`trip_dates` words them, from the days alone (a trip summary has no model)."""
    if month_only:
        return pair(
            msg("month_days_unknown", "en", month=f"{first:%B %Y}"),
            msg("month_days_unknown", "ko", month=korean_month(first)),
            lang,
        )
    return date_range(first, last, lang)


def zone_abbrev(moment: datetime) -> str:
    """``KST``/``CDT``; zones without a letter abbreviation give ``+09``-style names."""
    return moment.tzname() or ""


def when_label(when: When, lang: str = "en") -> str:
    """The honest precision of a time without a clock: ``time not given`` / ``시간 미정``, ``morning`` / ``오전`` ...

    Worded from the catalogue; in English the same words as the model's own
    ``label()`` (a test holds them equal). An exact time gives its clock (``07:30–09:00``).
    """
    if when.precision == "exact":
        return when.label()
    if lang == "both":
        return pair(_when_words(when, "en"), _when_words(when, "ko"), lang)
    return _when_words(when, lang)


def _when_words(when: When, lang: str) -> str:
    from planner.model.when import InMonth, PartOfDay, Span

    if isinstance(when, PartOfDay):
        return msg(f"part_{when.part}", lang)
    if isinstance(when, Span):
        n = (when.last - when.first).days + 1
        if lang != "ko":
            return msg("span_days", lang, first=f"{when.first:%d %b}", last=f"{when.last:%d %b}", n=n)
        first = f"{when.first.month}월 {when.first.day}일"
        same_month = (when.first.year, when.first.month) == (when.last.year, when.last.month)
        last = f"{when.last.day}일" if same_month else f"{when.last.month}월 {when.last.day}일"
        return msg("span_days", lang, first=first, last=last, n=n)
    if isinstance(when, InMonth):
        month = korean_month(when.first) if lang == "ko" else f"{when.first:%B %Y}"
        return msg("sometime_in", lang, month=month)
    if when.precision == "date":
        return msg("time_not_given", lang)
    return msg("unscheduled", lang)


def time_label(occ: Occurrence, view: ZoneView = "event", *, with_zone: bool = True, lang: str = "en") -> str:
    """The time of ``occ`` read in ``view``, or its honest precision ("morning", "오전")."""
    if occ.when.precision != "exact":  # not an Exact time: its honest label
        return when_label(occ.when, lang)
    w = cast("Exact", occ.when)  # only Exact has the precision "exact"
    tz = occ.zone(view)
    start = w.start.astimezone(tz)
    text = f"{start.hour:02}:{start.minute:02}"  # strftime("%H:%M"), at a third of the cost (a row each)
    if w.end is not None:
        end = w.end.astimezone(tz)
        days = (end.date() - start.date()).days
        text += f"–{end.hour:02}:{end.minute:02}" + (f" ({msg('next_day', lang, n=days)})" if days else "")
    if with_zone:
        text += f" {zone_abbrev(start)}"
    return text


def shifted_day_note(occ: Occurrence, tz: tzinfo, lang: str = "en") -> str:
    """`` (Mon 18)`` (Korean `` (18일 월)``) when the start falls on another day in ``tz``, else ``""``."""
    if occ.when.precision != "exact":
        return ""
    w = cast("Exact", occ.when)  # only Exact has the precision "exact"
    there = w.start.astimezone(tz)
    if there.date() == w.start.date():
        return ""
    english = f"{there:%a} {there.day}"
    korean = f"{there.day}일 {KOREAN_WEEKDAYS[there.weekday()]}"
    return f" ({pair(english, korean, lang)})"


def name_text(name: str, name_ko: str, lang: str = "en") -> str:
    """A person's name: ``김현겸 Kim Hyun-kyum`` (``en``, as always), ``김현겸 (Kim Hyun-kyum)`` (``ko``, ``both``)."""
    if not name_ko:
        return name
    if lang == "en":
        return f"{name_ko} {name}"
    return f"{name_ko} ({name})" if name else name_ko


def person_display(p: Person, lang: str = "en") -> str:
    """:func:`name_text` of a person, cleaned for one line."""
    return clean(name_text(p.name, p.name_ko, lang), single_line=True)


def person_name(trip: Trip, pid: str, lang: str = "en") -> str:
    p = trip.person(pid)
    return person_display(p, lang) if p else pid


def bilingual_name(name: str, name_ko: str, lang: str = "en") -> str:
    """A place's or city's name: ``Lotte Hotel (롯데호텔)``; Korean first for ``ko``: ``롯데호텔 (Lotte Hotel)``."""
    if not name_ko:
        return name
    if lang == "ko":
        return f"{name_ko} ({name})" if name else name_ko
    return f"{name} ({name_ko})"


def city_name(name: str, lang: str = "en") -> str:
    """A city as the trip file gives it (``Seoul``); its Korean name (``서울``) for ``ko`` when the planner knows the city."""
    if lang != "ko" or not name:
        return name
    from planner.model import geo

    known = geo.city(name)
    return known.name_ko if known is not None and known.name_ko else name


def place_display(place: Place, lang: str = "en") -> str:
    return bilingual_name(place.name, place.name_ko, lang)


def place_line(trip: Trip, place_id: str, *, address: bool = True, lang: str = "en") -> str:
    place = trip.place(place_id) if place_id else None
    if place is None:
        return ""
    text = place_display(place, lang)
    if address and place.address:
        text += f", {place.address}"
    elif place.city and place.city not in text:
        text += f", {city_name(place.city, lang)}"
    return clean(text, single_line=True)


def title_pair(title: str, title_ko: str, lang: str = "en") -> tuple[str, str]:
    """The title to show first and the one beside it: Korean alone for ``ko`` (English when it has none)."""
    if lang == "ko":
        return (title_ko or title, "")
    return (title, title_ko)


ASSUMED = f" ({msg('assumed', 'en')})"
"""The discreet mark of a value that does not come from the trip's sources."""


def assumed_mark(assumed: tuple[str, ...], *keys: str, lang: str = "en") -> str:
    """``" (assumed)"`` (``" (추정)"``) when any of ``keys`` is in a table's ``assumed`` list, else ""."""
    if not any(k in assumed for k in keys):
        return ""
    return ASSUMED if lang == "en" else f" ({msg('assumed', lang)})"
