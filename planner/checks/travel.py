"""The ``travel`` check: consecutive events of one person too far apart for the time between them."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from planner.checks.common import MAX_PAIRS, duration, interval, is_single_day, occurrence_ref, person_name, stopped
from planner.checks.findings import Finding, Severity
from planner.checks.registry import timeline_check
from planner.model import geo
from planner.model.rules import participants
from planner.model.timeline import Occurrence
from planner.model.when import Exact, OnDate, PartOfDay

SAME_DAY_TRAVEL_NOTICE = timedelta(hours=1, minutes=30)
"""Untimed events on one day are mentioned when the journey between them takes at least this."""

# Hours each part of day covers, for comparing a part with a clock time.
PART_HOURS: dict[str, tuple[int, int]] = {
    "early morning": (5, 8),
    "morning": (6, 12),
    "midday": (11, 14),
    "afternoon": (12, 18),
    "evening": (17, 22),
    "night": (20, 24),
}

AddFinding = Callable[[Occurrence, Occurrence, str, Severity, str], None]
"""Records a finding about two occurrences for one person (merged with others' about the same pair)."""


Journey = Callable[[Occurrence, Occurrence], "tuple[str, str, float, timedelta] | None"]
"""From, to, kilometres and time of the journey between two events' places, if both are known."""


def _located(occ: Occurrence, seen: dict[tuple[str, str], geo.Location | None]) -> geo.Location | None:
    """Where an occurrence is (``seen`` keeps each place's answer: one lookup per place, not per pair)."""
    if not occ.event.place:
        return None
    key = (occ.trip.id, occ.event.place)
    if key not in seen:
        seen[key] = geo.locate(occ.trip.place(occ.event.place))
    return seen[key]


@timeline_check("travel", "too little time to travel between cities")
def check_travel(occs: Sequence[Occurrence]) -> list[Finding]:
    """Consecutive events of one person in places too far apart for the time between them.

    Exact times: an error when the gap is under half the estimated journey, a
    warning when it is under the estimate. Untimed events on the same day in
    places at least :data:`SAME_DAY_TRAVEL_NOTICE` apart: a warning when both
    fall in the same part of the day, else an info reminder.
    """
    trips = {o.trip.id: o.trip for o in occs}
    by_person: dict[str, list[Occurrence]] = {}
    for o in occs:
        if is_single_day(o.when):
            for pid in participants(o.trip, o.event):
                by_person.setdefault(pid, []).append(o)
    found: dict[frozenset[str], tuple[Finding, list[str]]] = {}

    def add(a: Occurrence, b: Occurrence, pid: str, severity: Severity, reason: str) -> None:
        key = frozenset((a.key, b.key))
        if key in found:
            found[key][1].append(pid)
            return
        found[key] = (Finding(severity, "travel", a.trip.id, reason, (occurrence_ref(a), occurrence_ref(b))), [pid])

    places: dict[tuple[str, str], geo.Location | None] = {}

    def journey(a: Occurrence, b: Occurrence) -> tuple[str, str, float, timedelta] | None:
        return _journey(_located(a, places), _located(b, places))

    budget = MAX_PAIRS
    full: str | None = None  # the trip where MAX_PAIRS ran out
    for pid, items in by_person.items():
        timed = sorted((o for o in items if isinstance(o.when, Exact)), key=lambda o: o.when.start)  # type: ignore[union-attr]
        for a, b in itertools.pairwise(timed):
            _exact_pair(a, b, pid, add, journey)
        days = _days_with_untimed(items)
        for day, group in days.items():
            # Something begun the day before (23:00-01:00) comes first.
            group.sort(key=lambda o: -1 if o.day() != day else o.order_in_day())
            # Pairs with an untimed event (two exact times are the exact pairs' business), in day order.
            untimed = [i for i, o in enumerate(group) if not isinstance(o.when, Exact)]
            for i, a in enumerate(group):
                if isinstance(a.when, Exact):
                    later: Sequence[int] = untimed[bisect.bisect_right(untimed, i) :]
                else:
                    later = range(i + 1, len(group))
                budget -= len(later)
                if budget < 0:
                    full = a.trip.id
                    break
                for j in later:
                    _untimed_pair(a, group[j], day, pid, add, journey)
            if full:
                break
        if full:
            break

    out = [stopped("travel", full, "untimed events of one person on one day")] if full else []
    for finding, people in found.values():
        who = person_name(trips, people[0]) + (f" and {len(people) - 1} more" if len(people) > 1 else "")
        out.append(Finding(finding.severity, finding.check, finding.trip, f"{who}: {finding.message}", finding.events))
    return out


def _journey(la: geo.Location | None, lb: geo.Location | None) -> tuple[str, str, float, timedelta] | None:
    if la is None or lb is None:
        return None
    km = geo.distance_km(la.coords, lb.coords)
    need = geo.travel_time(km)
    if not need:
        return None
    return la.label, lb.label, km, need


def _exact_pair(a: Occurrence, b: Occurrence, pid: str, add: AddFinding, journeys: Journey) -> None:
    journey = journeys(a, b)
    if journey is None:
        return
    src, dst, km, need = journey
    _, a_end, assumed = interval(a.when)  # type: ignore[arg-type]
    gap = b.when.start - a_end  # type: ignore[union-attr]
    if gap < timedelta(0) or gap >= need:
        return  # overlapping events are the overlap check's business
    severity: Severity = "error" if gap < need / 2 else "warning"
    end_note = " (no end time given; one hour assumed)" if assumed else ""
    add(
        a,
        b,
        pid,
        severity,
        f"{duration(gap)} from the end in {src}{end_note} to the start in {dst}, "
        f"{km:.0f} km apart: the journey takes about {duration(need)}",
    )


def _days_with_untimed(items: Sequence[Occurrence]) -> dict[date, list[Occurrence]]:
    """The days of a person's untimed events, each with every event covering it.

    Days are those :meth:`~planner.model.timeline.Occurrence.days` gives (read
    in the event's zone, an end at 00:00 not reaching the next day), so a
    dinner from 23:00 to 01:00 is on the evening's day and the next morning's.
    Only days with an untimed event are kept: two exact times are the exact
    pairs' business.
    """
    days: dict[date, list[Occurrence]] = {}
    timed: list[tuple[date, date, Occurrence]] = []
    for o in items:
        covered = o.days()
        if covered is None:
            continue
        if isinstance(o.when, Exact):
            timed.append((covered[0], covered[1], o))
        else:
            days.setdefault(covered[0], []).append(o)
    ordered = sorted(days)
    for first, last, o in timed:
        for day in ordered[bisect.bisect_left(ordered, first) : bisect.bisect_right(ordered, last)]:
            days[day].append(o)
    return days


def _untimed_pair(a: Occurrence, b: Occurrence, day: date, pid: str, add: AddFinding, journeys: Journey) -> None:
    journey = journeys(a, b)
    if journey is None:
        return
    src, dst, km, need = journey
    if need < SAME_DAY_TRAVEL_NOTICE:
        return
    severity: Severity = "warning" if _same_part(a, b, day) else "info"
    la, lb = a.when.label(), b.when.label()
    times = "times not given" if la == lb == OnDate(day).label() else f"{la} and {lb}"
    add(
        a,
        b,
        pid,
        severity,
        f"in {src} and in {dst} on {day:%a} {day.day} {day:%b} ({km:.0f} km, about {duration(need)} "
        f"door to door), {times}: check the day leaves time for the journey",
    )


def _same_part(oa: Occurrence, ob: Occurrence, day: date) -> bool:
    """Whether two times on ``day`` fall in one part of the day (so there is no room to travel)."""

    def hours(o: Occurrence) -> tuple[float, float] | None:
        w = o.when
        if isinstance(w, PartOfDay):
            return PART_HOURS[w.part]
        if isinstance(w, Exact):
            # Hours after the day's midnight in the event's zone: from the day before, it starts at 0.
            start = w.start.astimezone(o.event.tz)
            since = start.hour + start.minute / 60 + (start.date() - day).days * 24
            length = 1 if w.end is None else (w.end - w.start).total_seconds() / 3600
            return max(since, 0), since + length
        return None

    a, b = oa.when, ob.when
    ha, hb = hours(oa), hours(ob)
    if ha is None or hb is None:
        return False
    if isinstance(a, PartOfDay) and isinstance(b, PartOfDay):
        return a.part == b.part
    # A clock time inside the other's part of day.
    return max(ha[0], hb[0]) < min(ha[1], hb[1])
