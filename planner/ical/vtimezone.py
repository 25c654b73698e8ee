"""VTIMEZONE components in the RRULE-with-BYDAY form that Outlook reads correctly.

icalendar's ``add_missing_timezones`` writes each zone as long RDATE lists;
Outlook then shifts events by an hour, and vobject reads only the first date of
such a list. Google writes one STANDARD and one DAYLIGHT block per rule, each
with ``RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..``: that is what this module does,
from the transitions :mod:`zoneinfo` knows, limited to the years a calendar
needs. A zone without daylight saving in those years becomes a single
STANDARD block:

>>> from zoneinfo import ZoneInfo
>>> print(vtimezone(ZoneInfo("Asia/Seoul"), 2021, 2021).to_ical().decode().replace("\\r\\n", "\\n"), end="")
BEGIN:VTIMEZONE
TZID:Asia/Seoul
BEGIN:STANDARD
DTSTART:20210101T000000
TZNAME:KST
TZOFFSETFROM:+0900
TZOFFSETTO:+0900
END:STANDARD
END:VTIMEZONE

A zone with daylight saving gets one block per rule, starting at the last
change before the first year, so every time in the range is covered:

>>> [str(r) for r in rules(ZoneInfo("America/Chicago"), 2019, 2020)]
['STANDARD 20181104T020000 -0500>-0600 CST RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU', \
'DAYLIGHT 20190310T020000 -0600>-0500 CDT RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU']
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard
from icalendar.prop import vRecur

from planner.model.when import zone_name

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    """One change of a zone's offset, in the local time it happened."""

    local: datetime
    """Naive wall-clock time of the change, read in the offset before it."""
    offset_from: timedelta
    offset_to: timedelta
    name: str
    dst: bool


@dataclass
class Rule:
    """Transitions that repeat yearly on one weekday rule: one STANDARD or DAYLIGHT block."""

    kind: str
    offset_from: timedelta
    offset_to: timedelta
    name: str
    transitions: list[Transition] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    """BYDAY forms (``2SU``, ``-1SU``) that fit every transition so far."""
    repeats: bool = False
    """Whether the change recurs yearly (written with an RRULE)."""
    until: datetime | None = None
    """When the rule stops inside the range: a day after its last change, in UTC."""

    @property
    def month(self) -> int:
        return self.transitions[0].local.month

    @property
    def byday(self) -> str:
        return self.forms[0] if self.repeats and self.forms else ""

    def __str__(self) -> str:
        text = (
            f"{self.kind} {self.transitions[0].local:%Y%m%dT%H%M%S} {_offset(self.offset_from)}>"
            f"{_offset(self.offset_to)} {self.name}"
        )
        if self.byday:
            text += f" RRULE:FREQ=YEARLY;BYMONTH={self.month};BYDAY={self.byday}"
            if self.until:
                text += f";UNTIL={self.until:%Y%m%dT%H%M%SZ}"
        return text


def _offset(delta: timedelta) -> str:
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


def transitions(tz: ZoneInfo, first_year: int, last_year: int) -> list[Transition]:
    """Every offset change from the last one before ``first_year`` to the end of ``last_year``.

    The change before the range is looked for up to a year back; it says which
    offset holds on 1 January of ``first_year``.
    """
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    found: list[Transition] = []
    # Step a day at a time, then find the second of each change by bisection.
    t = start - timedelta(days=370)
    prev = _state(tz, t)
    while t < end:
        nxt = t + timedelta(days=1)
        state = _state(tz, nxt)
        if state != prev:
            lo, hi = t, nxt
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                if _state(tz, mid) == prev:
                    lo = mid
                else:
                    hi = mid
            hi = hi.replace(microsecond=0)
            local = (hi + prev[0]).replace(tzinfo=None)
            found.append(Transition(local, prev[0], state[0], state[1], bool(state[2])))
        prev, t = state, nxt
    naive_start = start.replace(tzinfo=None)
    before = [x for x in found if x.local - x.offset_from < naive_start]
    inside = [x for x in found if x.local - x.offset_from >= naive_start]
    return before[-1:] + inside


def _state(tz: ZoneInfo, t: datetime) -> tuple[timedelta, str, timedelta]:
    local = t.astimezone(tz)
    return (local.utcoffset() or timedelta(0), local.tzname() or "", local.dst() or timedelta(0))


def _forms(day: date) -> list[str]:
    """The BYDAY forms naming ``day``: nth weekday of the month, and -1 if it is the last one."""
    wd = _WEEKDAYS[day.weekday()]
    n = (day.day - 1) // 7 + 1
    out = [f"-1{wd}"] if day.day + 7 > calendar.monthrange(day.year, day.month)[1] else []
    if n <= 4:
        out.append(f"{n}{wd}")
    return out


def rules(tz: ZoneInfo, first_year: int, last_year: int) -> list[Rule]:
    """The zone's observances from ``first_year`` to ``last_year``, grouped into yearly rules."""
    return [replace(r, transitions=list(r.transitions), forms=list(r.forms)) for r in _rules(tz, first_year, last_year)]


@lru_cache(maxsize=256)
def _rules(tz: ZoneInfo, first_year: int, last_year: int) -> list[Rule]:
    # One year more tells which rules go on after the range (they get no UNTIL).
    changes = transitions(tz, first_year, last_year + 1)
    range_start, range_end = datetime(first_year, 1, 1), datetime(last_year + 1, 1, 1)
    utc = [c.local - c.offset_from for c in changes]
    known_before = any(t < range_start for t in utc)
    changes_inside = any(range_start <= t < range_end for t in utc)
    if not known_before or not changes_inside:
        # Nothing changes in the range, or no change is known just before it: say
        # which offset holds from 1 January (for Asia/Seoul that is all there is).
        local = datetime(first_year, 1, 1, tzinfo=UTC).astimezone(tz)
        off = local.utcoffset() or timedelta(0)
        name = local.tzname() or ""
        jan1 = Transition(datetime(first_year, 1, 1), off, off, name, bool(local.dst()))
        changes = [jan1] + [c for c, t in zip(changes, utc, strict=False) if t >= range_start]
    out: list[Rule] = []
    latest: dict[tuple, Rule] = {}
    for ch in changes:
        kind = "DAYLIGHT" if ch.dst else "STANDARD"
        key = (kind, ch.offset_from, ch.offset_to, ch.name, ch.local.month, ch.local.time())
        forms = _forms(ch.local.date())
        rule = latest.get(key)
        if rule is not None and rule.transitions[-1].local.year == ch.local.year - 1:
            common = [f for f in rule.forms if f in forms]
            if common:
                rule.forms = common
                rule.repeats = True
                rule.transitions.append(ch)
                continue
        rule = Rule(kind, ch.offset_from, ch.offset_to, ch.name, [ch], forms)
        latest[key] = rule
        out.append(rule)
    kept = []
    for rule in out:
        inside = [c for c in rule.transitions if c.local - c.offset_from < range_end]
        if not inside:
            continue  # starts after the range
        goes_on = len(inside) < len(rule.transitions)
        if goes_on and len(inside) == 1:
            rule.repeats = bool(rule.forms)
        elif len(inside) == 1:
            rule.repeats = False
        rule.transitions = inside
        if rule.repeats and not goes_on:
            # UNTIL is inclusive and in UTC. Some readers (icalendar among them) compare it with
            # the wall-clock onset instead, and drop the last change east of Greenwich; a day
            # later still ends the rule before its next yearly onset for every reader.
            last = inside[-1]
            rule.until = last.local - last.offset_from + timedelta(days=1)
        kept.append(rule)
    return kept


def vtimezone(tz: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE for ``tz`` covering every time from ``first_year`` to ``last_year``."""
    comp = Timezone()
    comp.add("tzid", zone_name(tz))
    for rule in sorted(rules(tz, first_year, last_year), key=lambda r: (r.transitions[0].local, r.kind)):
        block = TimezoneDaylight() if rule.kind == "DAYLIGHT" else TimezoneStandard()
        block.add("dtstart", rule.transitions[0].local)
        if rule.byday:
            recur = {"FREQ": "YEARLY", "BYMONTH": rule.month, "BYDAY": rule.byday}
            if rule.until is not None:
                recur["UNTIL"] = rule.until.replace(tzinfo=UTC)
            block.add("rrule", vRecur(recur))
        block.add("tzname", rule.name)
        block.add("tzoffsetfrom", rule.offset_from)
        block.add("tzoffsetto", rule.offset_to)
        comp.add_component(block)
    return comp
