"""What an event holds that no standard property carries: the compact JSON of ``X-PLANNER-EVENT``.

Kept apart from :mod:`planner.ical.entry` (which writes it into each entry) so
that the planner's own fields are listed in one short place, beside
:data:`planner.ical.planner_data.EVENT_KEYS`, which reads them back.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from planner.model.reminders import duration_text
from planner.model.trip import Event, Trip
from planner.model.when import Exact, InMonth, PartOfDay, Unscheduled, zone_name


def is_todo(ev: Event) -> bool:
    """Whether the event has no calendar day (a month or unscheduled) and is written as a VTODO."""
    return isinstance(ev.when, (InMonth, Unscheduled))


def compact_json(value: Any) -> str:
    """``value`` as the compact, key-sorted JSON of the ``X-PLANNER-*`` properties."""
    return _ENCODER.encode(value)


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)
"""What ``json.dumps`` with these options makes on every call, made once (every exported event is written with it)."""


def event_extras(trip: Trip, ev: Event) -> dict[str, Any]:
    """What an event holds that no standard property carries (``X-PLANNER-EVENT``)."""
    d: dict[str, Any] = {"id": ev.id, "trip": trip.id, "kind": ev.kind, "tz": zone_name(ev.tz)}
    if isinstance(ev.when, PartOfDay):
        d["part"] = ev.when.part
    w = ev.when
    if isinstance(w, Exact) and w.end is not None and zone_name(w.end.tzinfo) != zone_name(w.start.tzinfo):
        d["end_tz"] = zone_name(w.end.tzinfo)  # a UTC end is written with Z, which names no zone
    if is_todo(ev):
        d["status"] = ev.status
    for key in ("title_ko", "place", "outcome", "notes"):
        if getattr(ev, key):
            d[key] = getattr(ev, key)
    for key in ("people", "counterparts", "orgs", "sources"):
        if getattr(ev, key):
            d[key] = list(getattr(ev, key))
    for key in ("visibility", "notes_visibility"):
        if getattr(ev, key) != "delegation":
            d[key] = getattr(ev, key)
    if ev.reminders is not None:
        d["reminders"] = [duration_text(r) for r in ev.reminders]
    return d


__all__ = ["compact_json", "event_extras", "is_todo"]
