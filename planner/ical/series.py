"""What a series and an imported entry add to an event's calendar entry: changed occurrences and kept lines.

* Each changed occurrence of a series (:class:`~planner.model.trip.Override`)
  is its own VEVENT after the series' one, with the series' UID and a
  RECURRENCE-ID naming the occurrence it replaces (:func:`override_properties`);
  the days a series skips are its EXDATE (written with the series).
* The lines an imported entry had that the planner does not model
  (``ical_lines``: VALARM, TRANSP, CATEGORIES, the original DESCRIPTION ...)
  are written back as they came (:func:`kept_lines`); the original
  DESCRIPTION replaces the planner's own only while the event's notes still
  say what it said, and the original CATEGORIES replace the planner's kind.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from dateutil import parser as dateparser
from icalendar.prop import vRecur

from planner.ical.lines import Line
from planner.ical.scan import Component, unescape
from planner.model.trip import Event, Override
from planner.model.when import Exact, OnDate, PartOfDay, Span, When


def _top_level(lines: tuple[str, ...]) -> list[str]:
    """The kept lines outside any BEGIN/END (properties of the entry itself)."""
    out, depth = [], 0
    for line in lines:
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:"):
            depth -= 1
        elif depth == 0:
            out.append(line)
    return out


def _name(line: str) -> str:
    return line.split(":", 1)[0].split(";", 1)[0].upper()


def description_text(line: str) -> str:
    """The text a DESCRIPTION line holds, unescaped and stripped (as the importer puts it in notes)."""
    return unescape(line.split(":", 1)[1] if ":" in line else "").strip()


def kept_description(ev: Event) -> Line | None:
    """The imported DESCRIPTION line, while the event's notes are still its text."""
    for line in _top_level(ev.ical_lines):
        if _name(line) == "DESCRIPTION" and description_text(line) == ev.notes:
            return Line(line)
    return None


def has_categories(ev: Event) -> bool:
    return any(_name(line) == "CATEGORIES" for line in _top_level(ev.ical_lines))


def kept_lines(ev: Event) -> list[str]:
    """The event's kept lines to write after its own properties (a kept DESCRIPTION goes in its place instead)."""
    out, depth = [], 0
    for line in ev.ical_lines:
        upper = line.upper()
        if depth == 0 and _name(line) == "DESCRIPTION":
            continue
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:"):
            depth -= 1
        out.append(line)
    return out


def recurrence_id(ev: Event, day: date) -> date | datetime:
    """The RECURRENCE-ID of the series' occurrence due on ``day``: its original start."""
    if isinstance(ev.when, Exact):
        return datetime.combine(day, ev.when.start.timetz())
    return day


def usual_when(ev: Event, day: date) -> When:
    """When the occurrence due on ``day`` would be, unchanged (as :func:`planner.model.timeline.expand` places it)."""
    w = ev.when
    if isinstance(w, Exact):
        start = datetime.combine(day, w.start.timetz())
        end = None if w.end is None else (start + (w.end - w.start)).astimezone(w.end.tzinfo)
        return Exact(start, end)
    first = w.local_date()
    assert first is not None
    return w.shifted(timedelta(days=(day - first).days))


def time_properties(w: When) -> list[tuple[str, Any]]:
    """DTSTART and DTEND of a dated time (an exact one, or all-day DATE values with an exclusive end)."""
    if isinstance(w, Exact):
        return [("DTSTART", w.start)] + ([("DTEND", w.end)] if w.end is not None else [])
    if isinstance(w, (OnDate, PartOfDay)):
        return [("DTSTART", w.day), ("DTEND", w.day + timedelta(days=1))]
    if isinstance(w, Span):
        return [("DTSTART", w.first), ("DTEND", w.last + timedelta(days=1))]
    return []


def override_properties(ev: Event, o: Override, uid: str, common: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The VEVENT properties of one changed occurrence; ``common`` holds the series' LOCATION, GEO, DESCRIPTION, CATEGORIES."""
    w = o.when or usual_when(ev, o.of)
    title = o.title or ev.title
    if isinstance(w, PartOfDay):
        title = f"{title} ({w.part})"
    props: list[tuple[str, Any]] = [("UID", uid), ("SUMMARY", title), *time_properties(w)]
    props.append(("RECURRENCE-ID", recurrence_id(ev, o.of)))
    for name, value in common:
        if name == "DESCRIPTION" and o.notes:
            value = o.notes
        props.append((name, value))
    status = (o.status or ev.status).upper()
    props.append(("STATUS", status))
    return props


_NOT_KEPT = frozenset(
    {
        "UID", "SUMMARY", "DTSTART", "DTEND", "DURATION", "DUE", "RRULE", "RDATE", "EXRULE", "EXDATE",
        "RECURRENCE-ID", "STATUS", "LOCATION", "GEO", "SEQUENCE", "DTSTAMP", "LAST-MODIFIED",
    }
)  # fmt: skip
"""What the planner reads into an event, and writes from it (as ``validate_repeat.PLANNER_WRITES`` refuses to keep)."""
MAX_KEPT_CHARS = 64 * 1024
"""Most text of unmodelled lines kept for one entry (as a trip file's ``ical_lines`` allows)."""


def kept_lines_of(comp: Component) -> list[str]:
    """The entry's lines the planner does not model, as written: properties, then whole sub-components (VALARM).

    Lines with a TZID are left out (the export writes VTIMEZONEs only for the
    zones it uses itself), as are lines with control characters; when what is
    left is larger than :data:`MAX_KEPT_CHARS`, nothing is kept.
    """
    out = [
        p.raw
        for p in comp.props
        if p.name not in _NOT_KEPT and not p.name.startswith("X-PLANNER-") and "TZID" not in p.params
    ]
    for child in comp.children:
        lines = child.raw_lines()
        if not any(";TZID=" in line.upper().split(":", 1)[0] for line in lines):
            out += lines
    out = [line for line in out if not any(ord(ch) < 32 and ch != "\t" for ch in line)]
    return out if sum(len(line) for line in out) <= MAX_KEPT_CHARS else []


# ---------------------------------------------------------------- the RRULE as written


def _until_utc(rule: str, tz: Any) -> str:
    """The RRULE with UNTIL in UTC for a timed event, or a DATE for an all-day one.

    The planner reads UNTIL as a wall-clock time in the event's zone (as
    :func:`planner.model.timeline.expand` does); RFC 5545 wants UTC when
    DTSTART has a zone, and the ``ical`` parser fails without it. ``tz`` is the
    zone of a timed event's start, ``None`` for an all-day event.
    """
    parts = []
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key.upper() == "UNTIL":
            value = value.strip().rstrip("Zz")
            try:
                naive = (
                    datetime.strptime(value[:15], "%Y%m%dT%H%M%S")
                    if "T" in value.upper()
                    else datetime.strptime(value[:8], "%Y%m%d")
                )
            except ValueError:  # another spelling dateutil accepted when the trip was loaded
                naive = dateparser.parse(value, ignoretz=True)
            if tz is not None:
                value = naive.replace(tzinfo=tz).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
            else:
                value = naive.strftime("%Y%m%d")
        parts.append(f"{key}={value}")
    return ";".join(parts)


def rrule_text(ev: Event) -> str:
    """The RRULE value as written in the file (UNTIL in UTC, parts in icalendar's order)."""
    assert ev.repeat is not None
    return _rrule_text(ev.repeat.rule, ev.when.start.tzinfo if isinstance(ev.when, Exact) else None)


@lru_cache(maxsize=4096)
def _rrule_text(rule: str, tz: Any) -> str:
    # Cached: a trip's repeating events share a handful of rules, and parsing one
    # costs more than writing the rest of the event.
    text: str = vRecur.from_ical(_until_utc(rule, tz)).to_ical().decode()
    return text


__all__ = [
    "MAX_KEPT_CHARS",
    "description_text",
    "has_categories",
    "kept_description",
    "kept_lines",
    "kept_lines_of",
    "override_properties",
    "recurrence_id",
    "rrule_text",
    "time_properties",
    "usual_when",
]
