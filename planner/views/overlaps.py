"""Which timed occurrences clash for the same person: the TUI's overlap marker.

The rule of who is at an event is :mod:`planner.model.rules`; this module only
sweeps the timed occurrences in order of start.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from planner.model.rules import participants
from planner.model.timeline import Occurrence
from planner.model.when import Exact


def overlaps(occs: Iterable[Occurrence]) -> dict[str, list[str]]:
    """Occurrences with a clock time that overlap another for the same person.

    An event with a start and no end counts as one minute long; cancelled
    events never clash. Returns, per occurrence key, the keys it clashes with.
    """
    timed = []
    for o in occs:
        if isinstance(o.when, Exact) and o.event.status != "cancelled":
            start = o.when.start.astimezone(UTC)
            end = max((o.when.end or o.when.start).astimezone(UTC), start + timedelta(minutes=1))
            timed.append((start, end, o))
    timed.sort(key=lambda t: t[0])
    out: dict[str, list[str]] = {}
    active: list[tuple[datetime, datetime, Occurrence, set[str]]] = []
    for start, end, o in timed:
        who = participants(o.trip, o.event)
        active = [a for a in active if a[1] > start]
        for _s, _e, other, other_who in active:
            if who & other_who:
                out.setdefault(o.key, []).append(other.key)
                out.setdefault(other.key, []).append(o.key)
        active.append((start, end, o, who))
    return out
