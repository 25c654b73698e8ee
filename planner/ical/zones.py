"""Which IANA zone a TZID stands for (:func:`resolve_tzid`), down to reading the file's own VTIMEZONE (:func:`zone_of_vtimezone`).

A TZID is tried, in this order: as an IANA name; case-insensitively
(``Europe/lisbon`` from a Google export); as a Windows name (Outlook's
``Korea Standard Time``, in any case); by the zone its VTIMEZONE's
``X-LIC-LOCATION`` names; and by its path's last pieces
(``/mozilla.org/20050126_1/America/New_York``, ``/Europe/Stockholm``). Only
when all of these fail is the file's own VTIMEZONE read (Exchange writes
``Customized Time Zone``): its STANDARD and DAYLIGHT rules are walked and
compared with every IANA zone over the years the file uses; the first zone
(those Windows names stand for first, then by name) that has the same UTC offset at every moment of those years is
taken, and the importer says which one it took. A TZID none of this
resolves leaves its event unplaced: the importer skips that event, naming
its line, and imports the rest.
"""

from __future__ import annotations

import bisect
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from planner.ical.scan import Component
from planner.model.names import zone


@lru_cache(maxsize=1)
def _lower_names() -> dict[str, str]:
    """IANA names by their lower-case spelling, and Windows names (lower case) by the IANA name they stand for."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    names = {n.lower(): n for n in sorted(available_timezones())}
    for windows, iana in WINDOWS_TO_OLSON.items():
        names.setdefault(windows.lower(), iana)
    return names


def resolve_tzid(tzid: str, located: dict[str, str] | None = None) -> ZoneInfo | None:
    """The IANA zone a TZID stands for: IANA (any case), Windows (Outlook), ``X-LIC-LOCATION``, or a path ending in one.

    >>> resolve_tzid("Korea Standard Time")
    zoneinfo.ZoneInfo(key='Asia/Seoul')
    >>> resolve_tzid("/mozilla.org/20050126_1/America/New_York")
    zoneinfo.ZoneInfo(key='America/New_York')
    >>> resolve_tzid("Europe/lisbon"), resolve_tzid("/Europe/Stockholm")
    (zoneinfo.ZoneInfo(key='Europe/Lisbon'), zoneinfo.ZoneInfo(key='Europe/Stockholm'))
    >>> resolve_tzid("Mars/Olympus") is None
    True
    """
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = tzid.strip().strip('"')
    candidates = [name]
    if name in WINDOWS_TO_OLSON:
        candidates.append(WINDOWS_TO_OLSON[name])  # after the name itself: "UTC" is IANA too
    lowered = _lower_names().get(name.lower())
    if lowered:
        candidates.append(lowered)
    if located and name in located:
        candidates.append(located[name])
    pieces = [p for p in name.split("/") if p]
    for k in (3, 2, 1):
        if len(pieces) > k or (k > 1 and len(pieces) == k and name.startswith("/")):
            tail = "/".join(pieces[-k:])
            candidates += [tail, _lower_names().get(tail.lower(), "")]
    for cand in candidates:
        if not cand or len(cand) > 100 or ".." in cand or cand.startswith("/"):
            continue
        try:
            return zone(cand)
        except ValueError:
            continue
    return None


# ---------------------------------------------------------------- a VTIMEZONE's own rules

_MAX_TRANSITIONS = 2000
"""Transitions read from one VTIMEZONE at most (a century of two a year)."""


def _offset(text: str) -> timedelta | None:
    """``+0100`` / ``-0530`` / ``+013000`` as a timedelta, else ``None``."""
    t = text.strip()
    if len(t) not in (5, 7) or t[0] not in "+-" or not t[1:].isdigit():
        return None
    h, m, s = int(t[1:3]), int(t[3:5]), int(t[5:7] or 0)
    if h > 23 or m > 59 or s > 59:
        return None
    sign = -1 if t[0] == "-" else 1
    return sign * timedelta(hours=h, minutes=m, seconds=s)


def _transitions(vtz: Component, last_year: int) -> list[tuple[datetime, timedelta]] | None:
    """The VTIMEZONE's changes of offset as (UTC instant, offset from then on), sorted; ``None`` when unreadable."""
    from dateutil.rrule import rrulestr

    out: list[tuple[datetime, timedelta]] = []
    horizon = datetime(last_year + 1, 12, 31)
    for block in vtz.children:
        if block.name not in ("STANDARD", "DAYLIGHT"):
            continue
        start, frm, to = block.first("DTSTART"), block.first("TZOFFSETFROM"), block.first("TZOFFSETTO")
        if start is None or frm is None or to is None:
            return None
        before, after = _offset(frm.value), _offset(to.value)
        if before is None or after is None:
            return None
        try:
            first = datetime.strptime(start.value.strip()[:15], "%Y%m%dT%H%M%S")
            local = [first]
            for rule in block.all("RRULE"):
                local += list(
                    rrulestr(rule.value.strip(), dtstart=first, ignoretz=True).xafter(first, count=_MAX_TRANSITIONS)
                )
            for rdate in block.all("RDATE"):
                local += [datetime.strptime(v.strip()[:15], "%Y%m%dT%H%M%S") for v in rdate.value.split(",")]
        except (ValueError, TypeError, OverflowError):
            return None
        out += [((t - before).replace(tzinfo=UTC), after) for t in local if t <= horizon]
    return sorted(out) or None


def _offset_at(transitions: list[tuple[datetime, timedelta]], at: datetime) -> timedelta:
    """The offset in force at ``at`` (before the first change: the first change's)."""
    i = bisect.bisect_right(transitions, at, key=lambda t: t[0])
    return transitions[max(i - 1, 0)][1]


@lru_cache(maxsize=1)
def _candidates() -> list[str]:
    """IANA zones to compare a VTIMEZONE with: those Windows names stand for first (Europe/Berlin before Africa/Ceuta)."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    usual = sorted({n for n in WINDOWS_TO_OLSON.values() if "/" in n and not n.startswith("Etc/")})
    rest = sorted(n for n in available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/")))
    return [*usual, *(n for n in rest if n not in set(usual))]


def zone_of_vtimezone(vtz: Component, years: tuple[int, int]) -> ZoneInfo | None:
    """The first IANA zone (Windows' zones first, then by name) with the UTC offsets of ``vtz`` at every moment of ``years`` (first, last), else ``None``.

    Candidates are first sifted at four moments a year, then checked every six
    hours and hour by hour around each change of offset, so a zone that changes
    on another day, or at another hour, is not taken.
    """
    first, last = years
    transitions = _transitions(vtz, last)
    if transitions is None:
        return None
    coarse = [datetime(y, m, 15, 12, tzinfo=UTC) for y in range(first, last + 1) for m in (1, 4, 7, 10)]
    want = [_offset_at(transitions, t) for t in coarse]
    begin, stop = datetime(first, 1, 1, tzinfo=UTC), datetime(last + 1, 1, 1, tzinfo=UTC)
    points = {begin + timedelta(hours=6 * i) for i in range(int((stop - begin) / timedelta(hours=6)))}
    for when, _ in transitions:
        if begin <= when < stop:
            points.update(when + timedelta(hours=h) for h in range(-26, 27))
    fine = sorted(points)
    expected = [_offset_at(transitions, t) for t in fine]
    for name in _candidates():
        tz = ZoneInfo(name)
        if all(t.astimezone(tz).utcoffset() == w for t, w in zip(coarse, want, strict=True)) and all(
            t.astimezone(tz).utcoffset() == w for t, w in zip(fine, expected, strict=True)
        ):
            return tz
    return None


__all__ = ["resolve_tzid", "zone_of_vtimezone"]
