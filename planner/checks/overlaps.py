"""The ``overlap`` check: one person in two events at once, followed across every trip."""

from __future__ import annotations

from collections.abc import Sequence

from planner.checks.common import MAX_PAIRS, clock, duration, interval, occurrence_ref, person_name, stopped
from planner.checks.findings import Finding
from planner.checks.registry import timeline_check
from planner.model.rules import names_anyone, participants
from planner.model.timeline import Occurrence
from planner.model.when import Exact


@timeline_check("overlap", "the same person in overlapping events")
def check_overlaps(occs: Sequence[Occurrence]) -> list[Finding]:
    """The same person in two exact-time events that overlap.

    Both ends known: an error. Overlap only because an event with no end is
    assumed to last :data:`~planner.checks.common.ASSUMED_LENGTH`: a warning.
    """
    trips = {o.trip.id: o.trip for o in occs}
    timed = sorted((o for o in occs if isinstance(o.when, Exact)), key=lambda o: o.when.start)  # type: ignore[union-attr]
    present = [participants(o.trip, o.event) for o in timed]
    ends = [interval(o.when)[1] for o in timed]  # type: ignore[arg-type]
    # Each person's events in start order: only events sharing someone can be a finding.
    by_person: dict[str, list[int]] = {}
    for i, ids in enumerate(present):
        for pid in ids:
            by_person.setdefault(pid, []).append(i)
    found: set[tuple[int, int]] = set()
    full: str | None = None  # the trip where MAX_PAIRS ran out
    budget = MAX_PAIRS
    for pid in sorted(by_person):
        mine = by_person[pid]
        for n, i in enumerate(mine):
            for j in mine[n + 1 :]:
                if timed[j].when.start >= ends[i]:  # type: ignore[union-attr]
                    break
                budget -= 1
                if budget < 0:
                    full = timed[i].trip.id
                    break
                found.add((i, j))
            if full:
                break
        if full:
            break
    # In start order, as the pairs were always listed.
    pairs = [(timed[i], timed[j], sorted(present[i] & present[j])) for i, j in sorted(found)]
    out = [stopped("overlap", full, "events of one person at the same time")] if full else []
    out += nobody_named(occs)
    for a, b, people in pairs:
        a_start, a_end, a_assumed = interval(a.when)  # type: ignore[arg-type]
        b_start, b_end, b_assumed = interval(b.when)  # type: ignore[arg-type]
        overlap = min(a_end, b_end) - max(a_start, b_start)
        assumed = (a_assumed and a_end <= b_end and a_start != b_start) or (
            b_assumed and b_end <= a_end and a_start != b_start
        )
        who = person_name(trips, people[0]) + (f" and {len(people) - 1} more" if len(people) > 1 else "")
        if a_start == b_start:
            reason = f"{who} would be in both: they start at the same time ({clock(a_start, a.event.tz)})"
        else:
            reason = (
                f"{who} would be in both: {clock(b_start, b.event.tz)} starts before "
                f"{clock(a_end, a.event.tz)}, when the first ends ({duration(overlap)} overlap"
                + (", taking an event with no end time as one hour)" if assumed else ")")
            )
        out.append(
            Finding(
                "warning" if assumed else "error", "overlap", a.trip.id, reason, (occurrence_ref(a), occurrence_ref(b))
            )
        )
    return out


NOBODY_NAMED = (
    "no one is named on any event, so overlaps cannot be checked: "
    "list the delegation in the trip's members, or name who attends each event"
)


def nobody_named(occs: Sequence[Occurrence]) -> list[Finding]:
    """One information finding per trip (with two or more live occurrences) that names no one at all.

    Without ``members``, an event is shared only by those named on it; a trip
    naming nobody (an imported calendar) would otherwise pass silently.
    """
    counts: dict[str, int] = {}
    trips = {}
    for o in occs:
        counts[o.trip.id] = counts.get(o.trip.id, 0) + 1
        trips[o.trip.id] = o.trip
    return [
        Finding("info", "overlap", trip_id, NOBODY_NAMED)
        for trip_id, n in counts.items()
        if n > 1 and not names_anyone(trips[trip_id])
    ]
