"""What an agenda is made of: its days, trip sections and entries, as plain text in the reader's language.

:mod:`planner.agenda.gather` fills these from the timeline; the renderers
read them. Every value is plain (unescaped, control-character-free) text
already worded in the agenda's ``lang``; the few labels a renderer adds come
from :mod:`planner.text.messages`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.agenda.contacts import Contact
from planner.model.timeline import Occurrence
from planner.model.trip import Trip
from planner.text.labels import english_date, korean_date, korean_full_date, title_pair
from planner.text.messages import msg
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
    """The kind's label in the agenda's language ("MOU signing", "MOU 체결")."""
    status: str = ""
    """The event's status as the trip file says it (``confirmed``): also a class name in HTML."""
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
    status_label: str = ""
    """The status in the agenda's language ("confirmed", "확정")."""
    title_in_korean: bool = False
    """Whether ``title`` is the event's Korean title (a Korean-only agenda), so HTML marks it ``lang="ko"``."""

    @property
    def key(self) -> str:
        return self.occurrence.key


@dataclass(frozen=True)
class TripSection:
    """The entries of one trip within a day (or within the undated part)."""

    trip: Trip
    entries: tuple[Entry, ...]
    lang: str = "en"

    @property
    def title(self) -> str:
        return clean(title_pair(self.trip.title, self.trip.title_ko, self.lang)[0], single_line=True)

    @property
    def title_ko(self) -> str:
        return clean(title_pair(self.trip.title, self.trip.title_ko, self.lang)[1], single_line=True)


@dataclass(frozen=True)
class AgendaDay:
    """One day of an agenda, or a run of days on which nothing is recorded."""

    first: date
    last: date
    """Equal to ``first`` except for a run of empty days."""
    cities: tuple[str, ...]
    """Cities of the day's events ("Seoul (서울)"), in the order they come."""
    sections: tuple[TripSection, ...]
    contacts: tuple[Contact, ...] = ()
    """The day's contact block (liaison, interpreter, driver, consulate of its trips), where known."""
    lang: str = "en"

    @property
    def heading(self) -> str:
        """``Tue 19 Oct 2021``, or ``Fri 22 Oct–Mon 25 Oct 2021`` for a run; ``""`` in Korean only."""
        if self.lang == "ko":
            return ""
        if self.first == self.last:
            return english_date(self.first)
        return f"{self.first:%a} {self.first.day} {self.first:%b}–{english_date(self.last)}"

    @property
    def heading_ko(self) -> str:
        """``10월 19일 (화)``, or ``10월 22일 (금)–10월 25일 (월)`` for a run; with the year in Korean only."""
        first = korean_full_date(self.first) if self.lang == "ko" else korean_date(self.first)
        if self.first == self.last:
            return first
        return f"{first}–{korean_date(self.last)}"

    @property
    def heading_text(self) -> str:
        """The whole heading as plain text: ``Tue 19 Oct 2021 · 10월 19일 (화)``, or ``2021년 10월 19일 (화)``."""
        return f"{self.heading} · {self.heading_ko}" if self.heading else self.heading_ko

    @property
    def empty_text(self) -> str:
        """What an empty day (or run of days) says."""
        return msg("empty_day" if self.first == self.last else "empty_run", self.lang)

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
    lang: str = "en"
    """The readers' language the agenda is worded in (``en``, ``ko``, ``both``)."""

    @property
    def entry_count(self) -> int:
        return sum(len(d.entries) for d in self.days) + sum(len(s.entries) for s in self.undated)


DAY_TITLE = msg("daily_agenda", "en")
DAY_TITLE_KO = msg("daily_agenda", "ko")
UNDATED_HEADING = msg("undated", "en")
UNDATED_HEADING_KO = msg("undated", "ko")
EMPTY_DAY = msg("empty_day", "en")
EMPTY_RUN = msg("empty_run", "en")


def undated_heading(lang: str = "en") -> str:
    """``Not yet on a day · 날짜 미정`` (the Korean alone in ``ko``)."""
    return UNDATED_HEADING_KO if lang == "ko" else f"{UNDATED_HEADING} · {UNDATED_HEADING_KO}"


def agenda_title(agenda: Agenda) -> str:
    """The agenda's title on one line: ``Daily agenda · 일정표``."""
    return f"{agenda.title} · {agenda.title_ko}" if agenda.title_ko else agenda.title
