"""The planner's own properties (``X-PLANNER-TRIP``, ``X-PLANNER-EVENT``) read as untrusted input.

A planner export carries, as compact JSON, what calendars have no property
for (ids, people, Korean titles ...). A file that claims to be one may hold
anything there, so each payload is checked as a trip file would be, with the
model's own checks (:func:`planner.model.validate.build_trip` for a trip's
definitions, :func:`planner.model.validate.event_field_issues` for an
event's fields against the ids the trip knows). A payload that fails (not
JSON, too large, wrong types, unknown ids) is *ignored*, with a notice naming
its line: the event is then imported from its standard properties, as from a
calendar that dropped the planner's data. Other ``X-PLANNER-*`` properties
are not the planner's and are ignored with a notice too.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from planner.ical.scan import Component, unescape
from planner.model.checker import InvalidTrip, Issue
from planner.model.names import ID_RE
from planner.model.validate import build_trip, event_field_issues

MAX_EVENT_CHARS = 64 * 1024
"""Longest ``X-PLANNER-EVENT`` value read (the planner's own are a few hundred characters)."""
MAX_TITLE_CHARS = 1000
"""Longest Korean title taken from ``X-PLANNER-EVENT``: the limit of a SUMMARY."""
EXTRA_FIELDS = (
    "title_ko",
    "place",
    "outcome",
    "notes",
    "people",
    "counterparts",
    "orgs",
    "sources",
    "visibility",
    "notes_visibility",
    "reminders",
)
"""What ``X-PLANNER-EVENT`` may give an event besides its id, time, zone, kind and status."""
EVENT_KEYS = frozenset({"id", "trip", "kind", "tz", "end_tz", "part", "status", *EXTRA_FIELDS})
"""What :func:`planner.ical.entry.event_extras` writes."""
TRIP_KEYS = frozenset({"trip", "sources", "people", "organisations", "places"})
"""What :func:`planner.ical.writer.trip_extras` writes."""
KNOWN = frozenset({"X-PLANNER-TRIP", "X-PLANNER-EVENT"})


def as_date(value: Any) -> Any:
    """``"2021-10-18"`` as a date (JSON has none); anything else as it is."""
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def read_json(text: str, name: str, limit: int | None = None) -> tuple[dict[str, Any] | None, str]:
    """The JSON object ``text`` holds, or ``None`` and why not (``name`` is the property's)."""
    if limit is not None and len(text) > limit:
        return None, f"{name} is {len(text):,} characters long; at most {limit:,} are read"
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None, f"{name} is not valid JSON"
    if not isinstance(value, dict):
        return None, f"{name} should hold a JSON object"
    return value, ""


def _shown(issues: list[Issue]) -> str:
    text = "; ".join(f"{i.path}: {i.message}" if i.path else i.message for i in issues[:3])
    return text + (f" (and {len(issues) - 3} more)" if len(issues) > 3 else "")


def trip_problem(value: dict[str, Any]) -> str:
    """Why an ``X-PLANNER-TRIP`` payload cannot be used, checked as a trip file's header and definitions; empty if fine."""
    if not isinstance(value.get("trip"), dict):
        return "X-PLANNER-TRIP should hold a JSON object with a 'trip'"
    stray = sorted(k for k in value if k not in TRIP_KEYS)
    if stray:
        return f"X-PLANNER-TRIP: unknown key {stray[0][:60]!r}"
    data = dict(value)
    data["trip"] = {k: as_date(v) if k in ("start", "end") else v for k, v in value["trip"].items()}
    if isinstance(value.get("sources"), list):
        data["sources"] = [
            {k: as_date(v) if k == "published" else v for k, v in d.items()} if isinstance(d, dict) else d
            for d in value["sources"]
        ]
    try:
        build_trip(data)
    except InvalidTrip as exc:
        return f"X-PLANNER-TRIP: {_shown(exc.issues)}"
    return ""


def event_problem(value: dict[str, Any], known: dict[str, set[str]]) -> str:
    """Why an ``X-PLANNER-EVENT`` payload cannot be used; empty if fine.

    ``known`` holds the ids events may refer to, by section (``people``,
    ``organisations``, ``places``, ``sources``): the trip's and those of the
    file's valid ``X-PLANNER-TRIP``.
    """
    trip = value.get("trip")
    if trip is not None and not (isinstance(trip, str) and ID_RE.match(trip)):
        return f"X-PLANNER-EVENT: trip: {trip!r:.60} is not a trip id"
    fields = {k: v for k, v in value.items() if k != "trip"}
    issues = event_field_issues(
        fields, set(EVENT_KEYS), known["places"], known["people"], known["organisations"], known["sources"]
    )
    title_ko = fields.get("title_ko")
    if not issues and isinstance(title_ko, str) and len(title_ko) > MAX_TITLE_CHARS:
        issues.append(
            Issue("title_ko", f"is {len(title_ko):,} characters long; a title is at most {MAX_TITLE_CHARS:,}")
        )
    return f"X-PLANNER-EVENT: {_shown(issues)}" if issues else ""


def read_event(comp: Component) -> tuple[dict[str, Any] | None, int, list[tuple[int, str]]]:
    """A calendar entry's ``X-PLANNER-EVENT`` object (if one well-formed) and its line; (line, notice) for what is ignored.

    The object's fields are checked later, against the trip (:func:`event_problem`).
    """
    ignored = [
        (p.line, f"{p.name} is not a property of a calendar entry; ignored")
        for p in comp.props
        if p.name.startswith("X-PLANNER-") and p.name != "X-PLANNER-EVENT"
    ]
    props = comp.all("X-PLANNER-EVENT")
    if len(props) > 1:
        ignored.append((props[1].line, "X-PLANNER-EVENT is given more than once; all are ignored"))
        return None, 0, ignored
    if not props:
        return None, 0, ignored
    data, problem = read_json(unescape(props[0].value), "X-PLANNER-EVENT", MAX_EVENT_CHARS)
    if data is None:
        ignored.append((props[0].line, f"{problem}; ignored, the event is read from its standard properties"))
    return data, props[0].line, ignored


def read_trips(root: Component) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """The calendar's ``X-PLANNER-TRIP`` objects that pass :func:`trip_problem`; (line, notice) for what is ignored."""
    trips: list[dict[str, Any]] = []
    ignored: list[tuple[int, str]] = []
    for prop in root.props:
        if prop.name.startswith("X-PLANNER-") and prop.name != "X-PLANNER-TRIP":
            ignored.append((prop.line, f"{prop.name} is not a property of a calendar; ignored"))
        if prop.name != "X-PLANNER-TRIP":
            continue
        value, problem = read_json(unescape(prop.value), "X-PLANNER-TRIP")
        problem = problem or trip_problem(value or {})
        if value is None or problem:
            ignored.append((prop.line, f"{problem}; ignored, with the people, places and sources it defines"))
        else:
            trips.append(value)
    return trips, ignored


__all__ = [
    "EVENT_KEYS",
    "EXTRA_FIELDS",
    "KNOWN",
    "MAX_EVENT_CHARS",
    "MAX_TITLE_CHARS",
    "TRIP_KEYS",
    "as_date",
    "event_problem",
    "read_event",
    "read_json",
    "read_trips",
    "trip_problem",
]
