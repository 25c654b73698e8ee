"""A series' changed occurrences (:func:`overrides`) and an event's kept calendar lines (:func:`ical_lines`), checked by key path.

In a trip file a changed occurrence is one inline table of the event's
``occurrences`` list, named by the day it was due on::

    occurrences = [
      { of = 2024-10-22, start = 2024-10-23T14:00:00, end = 2024-10-23T15:00:00 },
      { of = 2024-10-29, status = "cancelled" },
    ]

It takes the keys of an event's time (``start``/``end``/``tz``/``end_tz``,
or ``date``/``part``/``end_date``) and ``title``, ``status``, ``notes``;
what it leaves out is the series' own.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from planner.model.checker import Checker, year_problem
from planner.model.repeats import series_of
from planner.model.trip import STATUSES, Override
from planner.model.validate_when import event_when
from planner.model.when import YEARS, Exact, InMonth, Unscheduled, When

OVERRIDE_KEYS = {"of", "start", "end", "tz", "end_tz", "date", "part", "end_date", "title", "status", "notes"}
MAX_LINES_CHARS = 64 * 1024
"""Most text an event's ``ical_lines`` may hold (an alarm or two and some categories are a few hundred characters)."""
PLANNER_WRITES = frozenset(
    {
        "UID", "SUMMARY", "DTSTART", "DTEND", "DURATION", "DUE", "RRULE", "RDATE", "EXRULE", "EXDATE",
        "RECURRENCE-ID", "STATUS", "LOCATION", "GEO", "SEQUENCE", "DTSTAMP", "LAST-MODIFIED",
        "X-PLANNER-EVENT", "X-PLANNER-TRIP",
    }
)  # fmt: skip
"""Properties the planner writes itself from the event: never kept as lines."""
_LINE = re.compile(r"^([A-Za-z0-9-]+)[;:]")


def overrides(
    c: Checker, t: dict, path: str, when: When | None, tz: tzinfo, rule: str, skipped: set[date]
) -> tuple[Override, ...]:
    """The ``occurrences`` of a series whose RRULE is ``rule`` (already checked) and whose first time is ``when``."""
    raw = c.get(t, path, "occurrences", list, default=[])
    out: list[Override] = []
    seen: set[date] = set()
    due = _days_of(rule, when, [v.get("of") for v in raw if isinstance(v, dict)])
    for i, entry in enumerate(raw):
        at = f"{path}.occurrences[{i}]"
        if not isinstance(entry, dict):
            c.add(at, "each changed occurrence is a table such as { of = 2024-10-22, start = 2024-10-23T14:00:00 }")
            continue
        before = len(c.issues)
        c.unknown_keys(entry, at, OVERRIDE_KEYS)
        of = c.get(entry, at, "of", date, required=True)
        if isinstance(of, datetime):
            c.add(f"{at}.of", "the day the occurrence was due on is a date (2024-10-22), not a date-time")
            continue
        if of is None:
            continue
        if of.year not in YEARS:
            c.add(f"{at}.of", year_problem(of.year))
            continue
        if of in seen:
            c.add(f"{at}.of", f"{of} is changed twice")
        elif of in skipped:
            c.add(f"{at}.of", f"{of} is also in 'except': an occurrence is either skipped or changed")
        elif due is not None and of not in due:
            c.add(f"{at}.of", f"the series has no occurrence on {of}")
        seen.add(of)
        status = c.text(entry, at, "status")
        if status and status not in STATUSES:
            c.add(f"{at}.status", f"unknown status {status!r}; use one of: {', '.join(STATUSES)}")
        new_when: When | None = None
        if any(k in entry for k in ("start", "date")):
            own_tz = c.zone(entry, at, "tz") or tz
            new_when = event_when(c, entry, at, own_tz, c.zone(entry, at, "end_tz"))
            if isinstance(new_when, (InMonth, Unscheduled)):
                c.add(at, "a changed occurrence has a day: give start or date")
        elif any(k in entry for k in ("end", "end_date", "part", "tz", "end_tz")):
            c.add(at, "give the occurrence's new start (or date) with its end, zone or part of day")
        title, notes = c.text(entry, at, "title"), c.text(entry, at, "notes")
        if len(c.issues) == before:
            out.append(Override(of, new_when, title, status, notes))
    return tuple(sorted(out, key=lambda o: o.of))


def _days_of(rule: str, when: When | None, wanted: list[object]) -> set[date] | None:
    """The series' days up to the last day in ``wanted``, or ``None`` when that cannot be told."""
    days = [d for d in wanted if isinstance(d, date) and not isinstance(d, datetime) and d.year in YEARS]
    if when is None or not days or when.local_date() is None:
        return None
    first = when.local_date()
    assert first is not None
    dtstart = (
        when.start.replace(tzinfo=None) if isinstance(when, Exact) else datetime.combine(first, datetime.min.time())
    )
    last = max(days)
    found: set[date] = set()
    try:
        for n, occ in enumerate(series_of(rule, dtstart, last)):
            if occ.date() > last or n > 100_000:
                break
            found.add(occ.date())
    except (ValueError, TypeError, OverflowError):
        return None
    return found


def ical_lines(c: Checker, t: dict, path: str) -> tuple[str, ...]:
    """The event's kept calendar lines: unfolded content lines, components balanced, none the planner writes itself."""
    raw = c.get(t, path, "ical_lines", list, default=[])
    out: list[str] = []
    depth: list[str] = []
    size = 0
    for i, line in enumerate(raw):
        m = _LINE.match(line) if isinstance(line, str) else None
        if m is None or not isinstance(line, str) or any(ord(ch) < 32 and ch != "\t" for ch in line):
            c.add(f"{path}.ical_lines", f"item {i + 1} is not one calendar content line (NAME:value): {line!r:.60}")
            return ()
        name = m.group(1).upper()
        size += len(line)
        if name == "BEGIN":
            depth.append(line.partition(":")[2].upper())
        elif name == "END":
            if not depth or depth.pop() != line.partition(":")[2].upper():
                c.add(f"{path}.ical_lines", f"item {i + 1}: {line[:60]!r} closes no BEGIN")
                return ()
        elif not depth and name in PLANNER_WRITES:
            c.add(f"{path}.ical_lines", f"item {i + 1}: the planner writes {name} itself; change the event instead")
            return ()
        out.append(line)
    if depth:
        c.add(f"{path}.ical_lines", f"BEGIN:{depth[-1]} is never closed")
        return ()
    if size > MAX_LINES_CHARS:
        c.add(f"{path}.ical_lines", f"holds {size:,} characters; at most {MAX_LINES_CHARS:,}")
        return ()
    return tuple(out)
