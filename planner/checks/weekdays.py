"""The ``weekday`` check and :func:`weekday_mentions`: weekdays written in free text that the calendar contradicts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from planner.checks.common import EN_WEEKDAY_PATTERN, event_ref, is_single_day
from planner.checks.findings import Finding
from planner.checks.registry import trip_check
from planner.model.trip import Event, Trip
from planner.model.when import InMonth, Span
from planner.text.labels import KOREAN_WEEKDAYS
from planner.text.safe import clean

_MONTHS = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_ORD = r"(?:st|nd|rd|th)?"

# A day number with a weekday beside it; each names its groups d, m (month
# number), mon (month name) and wd (weekday).
_DATED = [
    # "19 (Tue)", "Oct 19 (Tue)", "19th October (Tuesday)", "Oct. 19, (Tue.)"
    re.compile(
        rf"(?:\b(?P<mon>{_MONTHS})\.?\s+)?\b(?P<d>\d{{1,2}}){_ORD}(?:\s+(?P<mon2>{_MONTHS})\b\.?)?,?\s*\((?P<wd>{EN_WEEKDAY_PATTERN})\.?\)",
        re.I,
    ),
    # "Tue 19 Oct", "Tuesday, 19 October"
    re.compile(rf"\b(?P<wd>{EN_WEEKDAY_PATTERN})\.?,?\s+(?P<d>\d{{1,2}}){_ORD}\s+(?P<mon>{_MONTHS})\b", re.I),
    # "Tuesday, October 19"
    re.compile(rf"\b(?P<wd>{EN_WEEKDAY_PATTERN})\.?,?\s+(?P<mon>{_MONTHS})\.?\s+(?P<d>\d{{1,2}})\b(?!\s*:)", re.I),
    # "19일(화)", "10월 19일 (화요일)", "19일 화요일"
    re.compile(
        r"(?:(?P<m>\d{1,2})\s*월\s*)?(?P<d>\d{1,2})\s*일\s*(?:\((?P<wd>[월화수목금토일])(?:요일)?\)|(?P<wd2>[월화수목금토일])요일)"
    ),
]

# A weekday on its own, for titles only: "(Tue)", "(화)", "화요일".
_BARE = [
    re.compile(rf"\((?P<wd>{EN_WEEKDAY_PATTERN})\.?\)", re.I),
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
            wd = groups.get("wd") or groups["wd2"]  # each pattern has "wd", or "wd2" as the alternative
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
    if ev is not None and is_single_day(ev.when):
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


@trip_check("weekday", "a written weekday that does not match the date")
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
    for event in trip.events:
        texts += [
            (event, "title", event.title, True),
            (event, "Korean title", event.title_ko, True),
            (event, "notes", event.notes, False),
            (event, "outcome", event.outcome, False),
        ]
    for ev, field_name, text, bare in texts:
        if not text:
            continue
        own_day = ev.when.local_date() if ev is not None and is_single_day(ev.when) else None
        for mention in weekday_mentions(text, bare=bare and own_day is not None):
            refs = (event_ref(trip, ev),) if ev is not None else ()
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
