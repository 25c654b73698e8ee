"""Itinerary checks: the mistakes hand-made itineraries have, found before the trip.

:func:`run_checks` looks at trips (loaded from files or edited in memory) and
returns :class:`Finding` objects, each with a severity, the events concerned
and a one-line reason. The checks, by name:

``overlap``
    the same person in two events whose times overlap.
``travel``
    consecutive events in cities too far apart for the time between them
    (great-circle distance and the rough model in :mod:`planner.model.geo`); for
    untimed events on the same day, a reminder to make sure the day allows it.
``odd-hour``
    an event starting between midnight and 05:00 local time, the usual sign
    of a time typed in the wrong zone.
``outside-trip``
    an event dated outside its trip (files are refused for this when loading;
    an in-memory edit is not).
``weekday``
    a weekday written beside a date ("19일(화)", "21 (Thu)", "Tue 19 Oct")
    that does not match the calendar, or a title saying "(Tue)" for an
    event that is not on a Tuesday.
``no-place``, ``zone``
    an event without a place; a missing time zone, or an event whose zone
    disagrees with its place's.
``look-alike``
    two events of a trip that look like the same activity: the same kind,
    similar titles, and the same counterparts or organisations.
``unscheduled-soon``
    items with no date yet in a trip that starts within
    :data:`SOON` of ``today`` (or is under way).

Severities: ``error`` is almost certainly wrong (``planner check`` exits 1),
``warning`` is probably wrong, ``info`` is worth a look. Cancelled events and
trips are left out of the overlap and travel checks.

>>> from planner.model import Event, Trip, Span, OnDate
>>> from zoneinfo import ZoneInfo
>>> seoul = ZoneInfo("Asia/Seoul")
>>> trip = Trip("t", "Test", seoul, Span(date(2021, 10, 18), date(2021, 10, 20)), events=(
...     Event("visit", "Factory visit (Tue)", OnDate(date(2021, 10, 20)), seoul),))
>>> for finding in run_checks([trip], today=date(2021, 1, 1)):
...     print(finding)
warning: no-place: visit (Wed 20 Oct 2021): no place given: the printed agenda will say “place not given”
warning: weekday: visit (Wed 20 Oct 2021): “(Tue)” in the title, but the event is on Wednesday (수) 20 Oct 2021
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from planner.model import geo
from planner.model.rules import participants
from planner.model.timeline import Occurrence, occurrences
from planner.model.trip import Event, Trip
from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled, When, zone_name
from planner.text.labels import KOREAN_WEEKDAYS, zone_abbrev
from planner.text.safe import clean

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

CHECKS: dict[str, str] = {
    "overlap": "the same person in overlapping events",
    "travel": "too little time to travel between cities",
    "odd-hour": "an event at an unlikely local hour",
    "outside-trip": "an event outside its trip's dates",
    "weekday": "a written weekday that does not match the date",
    "no-place": "an event without a place",
    "zone": "a missing or mismatched time zone",
    "look-alike": "two events that look like the same activity",
    "unscheduled-soon": "undated items in a trip that starts soon",
}
"""Every check's name and what it looks for."""

ASSUMED_LENGTH = timedelta(hours=1)
"""How long an event with a start time but no end is taken to last."""

ODD_HOURS = range(5)
"""Local start hours that suggest a zone mistake (00:00-04:59)."""

SOON = timedelta(days=14)
"""A trip starting within this long counts as starting soon."""

SAME_DAY_TRAVEL_NOTICE = timedelta(hours=1, minutes=30)
"""Untimed events on one day are mentioned when the journey between them takes at least this."""

TITLE_SIMILARITY = 0.8
"""Minimum :class:`difflib.SequenceMatcher` ratio of normalised titles for a look-alike."""

PARTY_OVERLAP = 0.5
"""Minimum Jaccard overlap of counterparts and organisations for a look-alike."""

# Hours each part of day covers, for comparing a part with a clock time.
PART_HOURS: dict[str, tuple[int, int]] = {
    "early morning": (5, 8),
    "morning": (6, 12),
    "midday": (11, 14),
    "afternoon": (12, 18),
    "evening": (17, 22),
    "night": (20, 24),
}


@dataclass(frozen=True)
class EventRef:
    """An event (or one occurrence of a series) a finding is about."""

    trip: str
    event: str
    day: date | None
    """The occurrence's local day, if it has one."""
    title: str = ""

    def label(self) -> str:
        """``beauty-mou-oct20 (Wed 20 Oct 2021)``."""
        return f"{self.event} ({self.day:%a} {self.day.day} {self.day:%b %Y})" if self.day else self.event

    def to_json(self) -> dict:
        return {
            "trip": self.trip,
            "event": self.event,
            "day": self.day.isoformat() if self.day else None,
            "title": self.title,
        }


@dataclass(frozen=True)
class Finding:
    """One thing the checks noticed."""

    severity: Severity
    check: str
    """Name of the check (a key of :data:`CHECKS`)."""
    trip: str
    """Id of the trip the finding belongs to (the first, for one spanning two trips)."""
    message: str
    """The reason, in one line."""
    events: tuple[EventRef, ...] = field(default=())

    def to_json(self) -> dict:
        return {
            "severity": self.severity,
            "check": self.check,
            "trip": self.trip,
            "events": [e.to_json() for e in self.events],
            "message": self.message,
        }

    def __str__(self) -> str:
        where = ", ".join(e.label() for e in self.events) or self.trip
        return f"{self.severity}: {self.check}: {where}: {self.message}"


def run_checks(trips: Iterable[Trip], *, today: date | None = None, only: Iterable[str] | None = None) -> list[Finding]:
    """Every finding for ``trips``, ordered by trip, severity, then day.

    Args:
        trips: the trips to check; people are followed across them (one
            person in two trips at once is an overlap).
        today: the date "starts soon" is measured from (default: today).
        only: names of the checks to run (default: all of :data:`CHECKS`).
    """
    trips = list(trips)
    today = today or date.today()
    wanted = set(only) if only is not None else set(CHECKS)
    unknown = wanted - set(CHECKS)
    if unknown:
        raise ValueError(f"unknown check(s): {', '.join(sorted(unknown))}")
    findings: list[Finding] = []
    live = [o for o in occurrences(trips) if _live(o)]
    if "overlap" in wanted:
        findings += check_overlaps(live)
    if "travel" in wanted:
        findings += check_travel(live)
    for trip in trips:
        if "odd-hour" in wanted:
            findings += check_odd_hours(trip)
        if "outside-trip" in wanted:
            findings += check_outside_trip(trip)
        if "weekday" in wanted:
            findings += check_weekdays(trip)
        if "no-place" in wanted:
            findings += check_places(trip)
        if "zone" in wanted:
            findings += check_zones(trip)
        if "look-alike" in wanted:
            findings += check_look_alikes(trip)
        if "unscheduled-soon" in wanted:
            findings += check_unscheduled_soon(trip, today)
    order = {t.id: i for i, t in enumerate(trips)}
    return sorted(
        findings,
        key=lambda f: (
            order.get(f.trip, len(order)),
            SEVERITIES.index(f.severity),
            min((e.day for e in f.events if e.day), default=date.max),
            f.check,
            f.message,
        ),
    )


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


# --- helpers ---------------------------------------------------------------


def _live(occ: Occurrence) -> bool:
    return occ.event.status != "cancelled" and occ.trip.status != "cancelled"


def _ref(occ: Occurrence) -> EventRef:
    return EventRef(occ.trip.id, occ.event.id, occ.day("event"), clean(occ.event.title, single_line=True))


def _event_ref(trip: Trip, ev: Event) -> EventRef:
    day = ev.when.local_date() if not isinstance(ev.when, InMonth) else None
    return EventRef(trip.id, ev.id, day, clean(ev.title, single_line=True))


def _participants(occ: Occurrence) -> set[str]:
    """Everyone who has to be there: named attendees (else the delegation) and counterparts."""
    ev = occ.event
    return participants(occ.trip, ev)


def _name(trips: dict[str, Trip], pid: str) -> str:
    for t in trips.values():
        p = t.person(pid)
        if p is not None:
            return clean(p.display(), single_line=True)
    return pid


def _interval(w: Exact) -> tuple[datetime, datetime, bool]:
    """Start, end and whether the end is assumed (:data:`ASSUMED_LENGTH`)."""
    if w.end is not None:
        return w.start, w.end, False
    return w.start, w.start + ASSUMED_LENGTH, True


def _clock(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%H:%M} {zone_abbrev(local)}"


def _duration(td: timedelta) -> str:
    """``2 h 05 min``, ``40 min``; negative spans read as their size."""
    minutes = abs(int(td.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _location(occ: Occurrence) -> geo.Location | None:
    place = occ.trip.place(occ.event.place) if occ.event.place else None
    return geo.locate(place)


def _is_single_day(w: When) -> bool:
    return isinstance(w, (Exact, OnDate, PartOfDay))


# --- overlap ---------------------------------------------------------------


def check_overlaps(occs: Sequence[Occurrence]) -> list[Finding]:
    """The same person in two exact-time events that overlap.

    Both ends known: an error. Overlap only because an event with no end is
    assumed to last :data:`ASSUMED_LENGTH`: a warning.
    """
    trips = {o.trip.id: o.trip for o in occs}
    timed = sorted((o for o in occs if isinstance(o.when, Exact)), key=lambda o: o.when.start)  # type: ignore[union-attr]
    pairs: dict[tuple[str, str], tuple[Occurrence, Occurrence, list[str]]] = {}
    for i, a in enumerate(timed):
        a_start, a_end, _ = _interval(a.when)  # type: ignore[arg-type]
        for b in timed[i + 1 :]:
            b_start, _, _ = _interval(b.when)  # type: ignore[arg-type]
            if b_start >= a_end:
                break
            shared = _participants(a) & _participants(b)
            if shared:
                pairs[(a.key, b.key)] = (a, b, sorted(shared))
    out = []
    for a, b, people in pairs.values():
        a_start, a_end, a_assumed = _interval(a.when)  # type: ignore[arg-type]
        b_start, b_end, b_assumed = _interval(b.when)  # type: ignore[arg-type]
        overlap = min(a_end, b_end) - max(a_start, b_start)
        assumed = (a_assumed and a_end <= b_end and a_start != b_start) or (
            b_assumed and b_end <= a_end and a_start != b_start
        )
        who = _name(trips, people[0]) + (f" and {len(people) - 1} more" if len(people) > 1 else "")
        if a_start == b_start:
            reason = f"{who} would be in both: they start at the same time ({_clock(a_start, a.event.tz)})"
        else:
            reason = (
                f"{who} would be in both: {_clock(b_start, b.event.tz)} starts before "
                f"{_clock(a_end, a.event.tz)}, when the first ends ({_duration(overlap)} overlap"
                + (", taking an event with no end time as one hour)" if assumed else ")")
            )
        out.append(Finding("warning" if assumed else "error", "overlap", a.trip.id, reason, (_ref(a), _ref(b))))
    return out


# --- travel ----------------------------------------------------------------


def check_travel(occs: Sequence[Occurrence]) -> list[Finding]:
    """Consecutive events of one person in places too far apart for the time between them.

    Exact times: an error when the gap is under half the estimated journey, a
    warning when it is under the estimate. Untimed events on the same day in
    places at least :data:`SAME_DAY_TRAVEL_NOTICE` apart: a warning when both
    fall in the same part of the day, else an info reminder.
    """
    trips = {o.trip.id: o.trip for o in occs}
    by_person: dict[str, list[Occurrence]] = {}
    for o in occs:
        if _is_single_day(o.when):
            for pid in _participants(o):
                by_person.setdefault(pid, []).append(o)
    found: dict[frozenset[str], tuple[Finding, list[str]]] = {}

    def add(a: Occurrence, b: Occurrence, pid: str, severity: Severity, reason: str) -> None:
        key = frozenset((a.key, b.key))
        if key in found:
            found[key][1].append(pid)
            return
        found[key] = (Finding(severity, "travel", a.trip.id, reason, (_ref(a), _ref(b))), [pid])

    for pid, items in by_person.items():
        timed = sorted((o for o in items if isinstance(o.when, Exact)), key=lambda o: o.when.start)  # type: ignore[union-attr]
        for a, b in itertools.pairwise(timed):
            _exact_pair(a, b, pid, add)
        days: dict[date, list[Occurrence]] = {}
        for o in items:
            days.setdefault(o.when.local_date(), []).append(o)  # type: ignore[arg-type]
        for group in days.values():
            group.sort(key=lambda o: o.order_in_day())
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    if isinstance(a.when, Exact) and isinstance(b.when, Exact):
                        continue
                    _untimed_pair(a, b, pid, add)

    out = []
    for finding, people in found.values():
        who = _name(trips, people[0]) + (f" and {len(people) - 1} more" if len(people) > 1 else "")
        out.append(Finding(finding.severity, finding.check, finding.trip, f"{who}: {finding.message}", finding.events))
    return out


def _journey(a: Occurrence, b: Occurrence) -> tuple[str, str, float, timedelta] | None:
    la, lb = _location(a), _location(b)
    if la is None or lb is None:
        return None
    km = geo.distance_km(la.coords, lb.coords)
    need = geo.travel_time(km)
    if not need:
        return None
    return la.label, lb.label, km, need


def _exact_pair(a: Occurrence, b: Occurrence, pid: str, add) -> None:
    journey = _journey(a, b)
    if journey is None:
        return
    src, dst, km, need = journey
    _, a_end, assumed = _interval(a.when)  # type: ignore[arg-type]
    gap = b.when.start - a_end  # type: ignore[union-attr]
    if gap < timedelta(0) or gap >= need:
        return  # overlapping events are the overlap check's business
    severity: Severity = "error" if gap < need / 2 else "warning"
    end_note = " (no end time given; one hour assumed)" if assumed else ""
    add(
        a,
        b,
        pid,
        severity,
        f"{_duration(gap)} from the end in {src}{end_note} to the start in {dst}, "
        f"{km:.0f} km apart: the journey takes about {_duration(need)}",
    )


def _untimed_pair(a: Occurrence, b: Occurrence, pid: str, add) -> None:
    journey = _journey(a, b)
    if journey is None:
        return
    src, dst, km, need = journey
    if need < SAME_DAY_TRAVEL_NOTICE:
        return
    severity: Severity = "warning" if _same_part(a.when, b.when) else "info"
    day = a.when.local_date()
    la, lb = a.when.label(), b.when.label()
    times = "times not given" if la == lb == OnDate(day).label() else f"{la} and {lb}"  # type: ignore[arg-type]
    add(
        a,
        b,
        pid,
        severity,
        f"in {src} and in {dst} on {day:%a} {day.day} {day:%b} ({km:.0f} km, about {_duration(need)} "
        f"door to door), {times}: check the day leaves time for the journey",
    )


def _same_part(a: When, b: When) -> bool:
    """Whether two same-day times fall in one part of the day (so there is no room to travel)."""

    def hours(w: When) -> tuple[float, float] | None:
        if isinstance(w, PartOfDay):
            return PART_HOURS[w.part]
        if isinstance(w, Exact):
            start = w.start.hour + w.start.minute / 60
            end = start + 1 if w.end is None else start + (w.end - w.start).total_seconds() / 3600
            return start, end
        return None

    ha, hb = hours(a), hours(b)
    if ha is None or hb is None:
        return False
    if isinstance(a, PartOfDay) and isinstance(b, PartOfDay):
        return a.part == b.part
    # A clock time inside the other's part of day.
    return max(ha[0], hb[0]) < min(ha[1], hb[1])


# --- odd hours -------------------------------------------------------------


def check_odd_hours(trip: Trip) -> list[Finding]:
    """Events (other than travel) starting between 00:00 and 05:00 in their own zone."""
    out = []
    for ev in trip.events:
        w = ev.when
        if not isinstance(w, Exact) or ev.kind == "travel" or ev.status == "cancelled":
            continue
        local = w.start.astimezone(ev.tz)
        if local.hour not in ODD_HOURS:
            continue
        hint = ""
        if zone_name(trip.home_tz) != zone_name(ev.tz):
            # What the same wall-clock time would be if it had been meant in the home zone.
            meant_home = local.replace(tzinfo=trip.home_tz).astimezone(ev.tz)
            hint = (
                f" ({local:%H:%M} in {zone_name(trip.home_tz)}, the home zone, "
                f"would be {meant_home:%H:%M} {zone_abbrev(meant_home)} on {meant_home:%a} {meant_home.day} here)"
            )
        out.append(
            Finding(
                "warning",
                "odd-hour",
                trip.id,
                f"starts at {local:%H:%M} {zone_abbrev(local)} local time, an unlikely hour: typed in another zone?{hint}",
                (_event_ref(trip, ev),),
            )
        )
    return out


# --- outside the trip ------------------------------------------------------


def _days_of(w: When) -> tuple[date, date] | None:
    if isinstance(w, Exact):
        return w.start.date(), (w.end or w.start).date()
    if isinstance(w, (Span, InMonth)):
        return w.first, w.last
    if isinstance(w, (OnDate, PartOfDay)):
        return w.day, w.day
    return None


def check_outside_trip(trip: Trip) -> list[Finding]:
    """Events (the first occurrence of a series) dated outside the trip, by local date."""
    out = []
    first, last = trip.first_day, trip.last_day
    for ev in trip.events:
        days = _days_of(ev.when)
        if days is None:
            continue
        lo, hi = days
        if isinstance(ev.when, InMonth):
            inside = not (hi < first or lo > last)
        else:
            inside = first <= lo and hi <= last
        if inside:
            continue
        shown = f"{lo:%a} {lo.day} {lo:%b %Y}" if lo == hi else f"{lo.day} {lo:%b %Y} to {hi.day} {hi:%b %Y}"
        if isinstance(ev.when, InMonth):
            shown = ev.when.label()
        side = (
            "before the trip starts"
            if hi < first
            else "after the trip ends"
            if lo > last
            else "beyond the trip's dates"
        )
        out.append(
            Finding(
                "error",
                "outside-trip",
                trip.id,
                f"{shown} is {side} ({first.day} {first:%b %Y} to {last.day} {last:%b %Y})",
                (_event_ref(trip, ev),),
            )
        )
    return out


# --- weekdays --------------------------------------------------------------

_WD_EN = r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
_MONTHS = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_ORD = r"(?:st|nd|rd|th)?"

# A day number with a weekday beside it; each names its groups d, m (month
# number), mon (month name) and wd (weekday).
_DATED = [
    # "19 (Tue)", "Oct 19 (Tue)", "19th October (Tuesday)", "Oct. 19, (Tue.)"
    re.compile(
        rf"(?:\b(?P<mon>{_MONTHS})\.?\s+)?\b(?P<d>\d{{1,2}}){_ORD}(?:\s+(?P<mon2>{_MONTHS})\b\.?)?,?\s*\((?P<wd>{_WD_EN})\.?\)",
        re.I,
    ),
    # "Tue 19 Oct", "Tuesday, 19 October"
    re.compile(rf"\b(?P<wd>{_WD_EN})\.?,?\s+(?P<d>\d{{1,2}}){_ORD}\s+(?P<mon>{_MONTHS})\b", re.I),
    # "Tuesday, October 19"
    re.compile(rf"\b(?P<wd>{_WD_EN})\.?,?\s+(?P<mon>{_MONTHS})\.?\s+(?P<d>\d{{1,2}})\b(?!\s*:)", re.I),
    # "19일(화)", "10월 19일 (화요일)", "19일 화요일"
    re.compile(
        r"(?:(?P<m>\d{1,2})\s*월\s*)?(?P<d>\d{1,2})\s*일\s*(?:\((?P<wd>[월화수목금토일])(?:요일)?\)|(?P<wd2>[월화수목금토일])요일)"
    ),
]

# A weekday on its own, for titles only: "(Tue)", "(화)", "화요일".
_BARE = [
    re.compile(rf"\((?P<wd>{_WD_EN})\.?\)", re.I),
    re.compile(r"\((?P<wd>[월화수목금토일])(?:요일)?\)"),
    re.compile(r"(?<![가-힣])(?P<wd>[월화수목금토일])요일"),
]

_EN_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _weekday_index(word: str) -> int:
    if word in KOREAN_WEEKDAYS:
        return KOREAN_WEEKDAYS.index(word)
    return _EN_WEEKDAYS.index(word[:3].lower())


@dataclass(frozen=True)
class WeekdayMention:
    """A weekday written in free text, with the day of the month beside it if any."""

    text: str
    weekday: int
    """Monday is 0, as :meth:`date.weekday`."""
    day: int | None = None
    month: int | None = None


def weekday_mentions(text: str, *, bare: bool = False) -> list[WeekdayMention]:
    """Weekdays written beside dates in ``text``; with ``bare``, lone "(Tue)"/"(화)" too.

    >>> [(m.day, m.weekday) for m in weekday_mentions("signed on 19일(화), the 21st (Thu.)")]
    [(19, 1), (21, 3)]
    >>> weekday_mentions("Tue 19 Oct and Oct 20 (Wed)")[1].month
    10
    >>> [m.text for m in weekday_mentions("Roundtable (Thu) · 회의 (목)", bare=True)]
    ['(Thu)', '(목)']
    """
    found: list[tuple[int, WeekdayMention]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATED:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            groups = m.groupdict()
            wd = groups.get("wd") or groups.get("wd2")
            month = None
            if groups.get("m"):
                month = int(groups["m"])
            name = groups.get("mon") or groups.get("mon2")
            if name:
                month = _MONTH_NAMES.index(name[:3].lower()) + 1
            taken.append((m.start(), m.end()))
            found.append((m.start(), WeekdayMention(m.group(0).strip(), _weekday_index(wd), int(groups["d"]), month)))
    if bare:
        for pattern in _BARE:
            for m in pattern.finditer(text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                found.append((m.start(), WeekdayMention(m.group(0), _weekday_index(m.group("wd")))))
    return [m for _, m in sorted(found, key=lambda x: x[0])]


def _months_of(trip: Trip, ev: Event | None) -> list[tuple[int, int]]:
    """(year, month) pairs a bare day number may refer to: the event's month, else the trip's."""
    if ev is not None and _is_single_day(ev.when):
        d = ev.when.local_date()
        return [(d.year, d.month)]  # type: ignore[union-attr]
    if ev is not None and isinstance(ev.when, (Span, InMonth)):
        lo, hi = ev.when.first, ev.when.last
    else:
        lo, hi = trip.first_day, trip.last_day
    months = []
    y, m = lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _candidates(mention: WeekdayMention, months: list[tuple[int, int]]) -> list[date]:
    out = []
    for year, month in months:
        if mention.month is not None and mention.month != month:
            # An explicit month outside the context: take the year nearest the context.
            month = mention.month
        try:
            out.append(date(year, month, mention.day))  # type: ignore[arg-type]
        except ValueError:
            continue
    return sorted(set(out))


def _weekday_name(d: date) -> str:
    return f"{d:%A} ({KOREAN_WEEKDAYS[d.weekday()]})"


def check_weekdays(trip: Trip) -> list[Finding]:
    """Weekdays written beside dates (or in a title) that do not match the calendar.

    A day number with a weekday ("19일(화)", "the 21st (Thu)", "Tue 19 Oct")
    is read in the event's own month, or, for trip notes and undated events,
    in any month of the trip; it is wrong when no such date falls on that
    weekday. A lone weekday in a title ("Factory visit (Tue)") must match the
    event's own day.
    """
    out = []
    texts: list[tuple[Event | None, str, str, bool]] = [
        (None, "trip title", trip.title, False),
        (None, "trip Korean title", trip.title_ko, False),
        (None, "trip notes", trip.notes, False),
        (None, "year evidence", trip.year_evidence, False),
    ]
    for ev in trip.events:
        texts += [
            (ev, "title", ev.title, True),
            (ev, "Korean title", ev.title_ko, True),
            (ev, "notes", ev.notes, False),
            (ev, "outcome", ev.outcome, False),
        ]
    for ev, field_name, text, bare in texts:
        if not text:
            continue
        own_day = ev.when.local_date() if ev is not None and _is_single_day(ev.when) else None
        for mention in weekday_mentions(text, bare=bare and own_day is not None):
            refs = (_event_ref(trip, ev),) if ev is not None else ()
            said = f"“{clean(mention.text, single_line=True)}” in the {field_name}"
            if mention.day is None:
                assert own_day is not None
                if own_day.weekday() != mention.weekday:
                    out.append(
                        Finding(
                            "warning",
                            "weekday",
                            trip.id,
                            f"{said}, but the event is on {_weekday_name(own_day)} {own_day.day} {own_day:%b %Y}",
                            refs,
                        )
                    )
                continue
            options = _candidates(mention, _months_of(trip, ev))
            if not options or any(d.weekday() == mention.weekday for d in options):
                continue
            shown = " or ".join(f"{d.day} {d:%b %Y} is a {_weekday_name(d)}" for d in options[:2])
            out.append(Finding("warning", "weekday", trip.id, f"{said}, but {shown}", refs))
    return out


# --- places and zones ------------------------------------------------------


def check_places(trip: Trip) -> list[Finding]:
    """Events with no place (or an unknown place id, possible after an in-memory edit).

    A warning for trips still being planned; for completed trips, whose
    sources simply did not say, and for cancelled events, one information
    finding lists them all.
    """
    settled = trip.status in ("completed", "cancelled")
    out = []
    quiet: list[EventRef] = []
    for ev in trip.events:
        ref = _event_ref(trip, ev)
        if ev.place and trip.place(ev.place) is None:
            out.append(Finding("error", "no-place", trip.id, f"place {ev.place!r} is not declared in the trip", (ref,)))
        elif not ev.place:
            if settled or ev.status == "cancelled":
                quiet.append(ref)
            else:
                out.append(
                    Finding(
                        "warning",
                        "no-place",
                        trip.id,
                        "no place given: the printed agenda will say “place not given”",
                        (ref,),
                    )
                )
    if quiet:
        n = len(quiet)
        why = f"the trip is {trip.status}" if settled else "cancelled"
        out.append(
            Finding(
                "info", "no-place", trip.id, f"{n} event{'s have' if n != 1 else ' has'} no place ({why})", tuple(quiet)
            )
        )
    return out


def check_zones(trip: Trip) -> list[Finding]:
    """Missing time zones, and events whose zone is not their place's."""
    out = []
    if trip.home_tz is None:
        out.append(Finding("error", "zone", trip.id, "the trip has no home time zone"))
    for place in trip.places:
        known = geo.city(place.city) or geo.city(place.name)
        if place.tz is not None and known is not None and zone_name(place.tz) != known.zone:
            users = tuple(_event_ref(trip, e) for e in trip.events if e.place == place.id)
            out.append(
                Finding(
                    "warning",
                    "zone",
                    trip.id,
                    f"place {place.id!r} is in {known.name} ({known.zone}) but its zone is {zone_name(place.tz)}",
                    users,
                )
            )
    for ev in trip.events:
        ref = (_event_ref(trip, ev),)
        if ev.tz is None:
            out.append(Finding("error", "zone", trip.id, "the event has no time zone", ref))
            continue
        place = trip.place(ev.place) if ev.place else None
        if place is None or ev.kind == "travel":
            continue
        known = geo.city(place.city) or geo.city(place.name)
        expected = zone_name(place.tz) if place.tz is not None else (known.zone if known else None)
        if expected is None:
            if isinstance(ev.when, Exact):
                out.append(
                    Finding(
                        "info",
                        "zone",
                        trip.id,
                        f"place {place.id!r} has no time zone; the time is read in {zone_name(ev.tz)}",
                        ref,
                    )
                )
            continue
        if zone_name(ev.tz) != expected:
            severity: Severity = "error" if isinstance(ev.when, Exact) else "warning"
            out.append(
                Finding(
                    severity,
                    "zone",
                    trip.id,
                    f"the event's zone is {zone_name(ev.tz)} but its place {place.id!r} is in {expected}",
                    ref,
                )
            )
    return out


# --- look-alikes -----------------------------------------------------------

_DATE_NOTE = re.compile(rf"\((?:[^()]*\d[^()]*|\s*(?:{_WD_EN})\.?\s*|[월화수목금토일])\)", re.I)


def _normal_title(title: str) -> str:
    """Lower case, without date notes such as "(26 Oct)" or "(Tue)", digits or punctuation."""
    text = _DATE_NOTE.sub(" ", title.casefold())
    text = re.sub(r"[\d\W_]+", " ", text)
    return " ".join(text.split())


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are, 0 to 1, ignoring date notes and case.

    >>> title_similarity("MOU with the beauty associations", "MOU with the beauty associations (26 Oct)")
    1.0
    """
    na, nb = _normal_title(a), _normal_title(b)
    if not na or not nb:
        return 0.0
    return difflib.SequenceMatcher(None, na, nb).ratio()


def check_look_alikes(trip: Trip) -> list[Finding]:
    """Pairs of events of one trip that look like the same activity.

    Same kind, titles at least :data:`TITLE_SIMILARITY` alike (English, or
    Korean when both have one), and counterparts plus organisations overlapping
    by at least :data:`PARTY_OVERLAP` with at least one in common. Events with
    no counterparts or organisations are never paired: two "Lunch" entries are
    not a duplicate.
    """
    out = []
    events = list(trip.events)
    for i, a in enumerate(events):
        for b in events[i + 1 :]:
            if a.kind != b.kind:
                continue
            sim = title_similarity(a.title, b.title)
            if a.title_ko and b.title_ko:
                sim = max(sim, title_similarity(a.title_ko, b.title_ko))
            if sim < TITLE_SIMILARITY:
                continue
            pa, pb = set(a.counterparts) | set(a.orgs), set(b.counterparts) | set(b.orgs)
            shared = pa & pb
            if not shared or len(shared) / len(pa | pb) < PARTY_OVERLAP:
                continue
            if a.counterparts and b.counterparts and not set(a.counterparts) & set(b.counterparts):
                continue  # different people on the other side: not the same meeting
            ra, rb = _event_ref(trip, a), _event_ref(trip, b)
            names = [_party_name(trip, p) for p in sorted(shared)]
            listed = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            same = "the same parties" if pa == pb else "shared parties"
            when = _when_pair(a.when, b.when)
            out.append(
                Finding(
                    "warning",
                    "look-alike",
                    trip.id,
                    f"look like the same activity: titles {sim:.0%} alike and {same} ({listed}); {when}",
                    (ra, rb),
                )
            )
    return out


def _party_name(trip: Trip, pid: str) -> str:
    org = trip.organisation(pid)
    if org is not None:
        return clean(org.name, single_line=True)
    person = trip.person(pid)
    return clean(person.name, single_line=True) if person else pid


def _when_pair(a: When, b: When) -> str:
    da, db = a.local_date(), b.local_date()
    if da is None or db is None:
        return "one of them has no date: a duplicate?"
    if da == db:
        return f"both on {da:%a} {da.day} {da:%b %Y}: entered twice?"
    return f"on {da:%a} {da.day} {da:%b} and {db:%a} {db.day} {db:%b %Y}: entered twice, or really two?"


# --- unscheduled items -----------------------------------------------------


def check_unscheduled_soon(trip: Trip, today: date) -> list[Finding]:
    """Undated items (unscheduled, or only a month) in a trip starting within :data:`SOON` or under way."""
    if trip.status in ("completed", "cancelled") or today > trip.last_day:
        return []
    starts_in = trip.first_day - today
    if starts_in > SOON:
        return []
    loose = [e for e in trip.events if e.status != "cancelled" and isinstance(e.when, (Unscheduled, InMonth))]
    if isinstance(trip.dates, InMonth):
        loose_note = f"the trip itself has no days yet ({trip.dates.label()})"
    else:
        loose_note = ""
    if not loose and not loose_note:
        return []
    if starts_in.days > 0 and isinstance(trip.dates, InMonth):
        when = f"{trip.first_day:%B %Y} begins in {starts_in.days} day{'s' if starts_in.days != 1 else ''}"
    elif starts_in.days > 0:
        when = f"the trip starts in {starts_in.days} day{'s' if starts_in.days != 1 else ''} ({trip.first_day:%a} {trip.first_day.day} {trip.first_day:%b %Y})"
    elif starts_in.days == 0:
        when = "the trip starts today"
    else:
        when = "the trip is under way"
    parts = []
    if loose:
        parts.append(
            f"{len(loose)} item{'s' if len(loose) != 1 else ''} still {'have' if len(loose) != 1 else 'has'} no date"
        )
    if loose_note:
        parts.append(loose_note)
    return [
        Finding(
            "warning",
            "unscheduled-soon",
            trip.id,
            f"{' and '.join(parts)}, and {when}",
            tuple(_event_ref(trip, e) for e in loose),
        )
    ]


__all__ = [
    "CHECKS",
    "SEVERITIES",
    "EventRef",
    "Finding",
    "WeekdayMention",
    "has_errors",
    "run_checks",
    "title_similarity",
    "weekday_mentions",
]
