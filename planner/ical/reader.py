""".ics files -> planner events, merged into a trip by UID: the names callers import, from the modules that do each step.

Reading is in two steps. :func:`parse` (:mod:`planner.ical.values`, over the
structure checked by :mod:`planner.ical.scan`) checks the file's content
lines, BEGIN/END nesting and sizes so that every error names a line, then
converts each VEVENT and VTODO into an :class:`Item` using icalendar's value
parsers. :func:`merge` (:mod:`planner.ical.merge`, with
:mod:`planner.ical.placing`) matches items to a trip's events by UID and
returns the new trip plus what was added, updated, left unchanged and skipped;
nothing is written here, so a bad file never touches a trip.

What it understands, besides the planner's own exports:

* Google Calendar: UTC times (``...Z``) and ``X-WR-TIMEZONE``, the calendar's zone;
* Outlook: Windows zone names (``Korea Standard Time``, ``Central Standard Time``);
* ``/mozilla.org/.../America/New_York`` style TZIDs and ``X-LIC-LOCATION``;
* floating times (no zone), all-day events, RRULE with EXDATE, DURATION instead of DTEND;
* changed and cancelled occurrences of a series (RECURRENCE-ID, with
  STATUS:CANCELLED or a new time), kept as the event's ``occurrences``; a
  series whose changed occurrence cannot be placed is skipped whole, with the
  reason; a series of several rules (a second RRULE, RDATE, EXRULE) is skipped
  with its reason rather than imported in part; an empty ``RRULE:`` is read as
  a one-off event, with a notice;
* TZIDs that are no IANA name, resolved by :mod:`planner.ical.zones` (any
  case, Windows names, path suffixes, and finally the file's own VTIMEZONE);
  an event whose zone still cannot be told is skipped, naming its line, and the
  rest is imported;
* what the planner does not model (alarms, TRANSP, CATEGORIES, the original
  DESCRIPTION ...), kept in the event's ``ical_lines`` and written back on export.

A series written in UTC (``DTSTART:...Z`` with an RRULE) stays in UTC, whatever
``--tz`` or the trip says: it repeats at the same instant, as RFC 5545 reads it,
not at the same local time. An entry whose SEQUENCE is lower than the one the
trip holds for it is not taken ("older than what the trip has: skipped").

Which zone a floating time (no TZID, no ``Z``) is read in: ``--tz`` if
given, else ``X-WR-TIMEZONE``, else the zone of the event it updates, else
the trip's zone of events; with none of these it is refused. A UTC time is
an instant already: it is shown in the zone of the event it updates, else
in that same order of zones, else in UTC.

What the planner's own file carries in ``X-PLANNER-EVENT`` (people, place,
outcome, notes, Korean title) is used for new events; for an event that the
trip already has and that comes back without it (Google drops unknown
properties), only what a calendar can change is taken: title, time, status
and repetition. A payload that does say something changes only the fields it
gives (absent or empty ones keep what the trip has), and one that fails the
trip file's checks (:mod:`planner.ical.planner_data`) is ignored with a notice.
"""

from __future__ import annotations

from planner.ical.merge import Outcome, merge, slug
from planner.ical.scan import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_LINE_CHARS,
    Component,
    IcsError,
    Prop,
    scan,
    unescape,
)
from planner.ical.values import Item, Moment, Parsed, parse
from planner.ical.zones import resolve_tzid

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_LINE_CHARS",
    "Component",
    "IcsError",
    "Item",
    "Moment",
    "Outcome",
    "Parsed",
    "Prop",
    "merge",
    "parse",
    "resolve_tzid",
    "scan",
    "slug",
    "unescape",
]
