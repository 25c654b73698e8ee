"""The ``no-place`` and ``zone`` checks: events without a place, and time zones missing or at odds with the place."""

from __future__ import annotations

from datetime import tzinfo
from typing import cast

from planner.checks.common import event_ref
from planner.checks.findings import EventRef, Finding, Severity
from planner.checks.registry import trip_check
from planner.model import geo
from planner.model.trip import Trip
from planner.model.when import Exact, zone_name


@trip_check("no-place", "an event without a place")
def check_places(trip: Trip) -> list[Finding]:
    """Events with no place (or an unknown place id, possible after an in-memory edit).

    A warning for trips still being planned; for completed trips, whose
    sources simply did not say, and for cancelled events, one information
    finding lists them all.
    """
    settled = trip.status in ("completed", "cancelled")
    out = []
    quiet: list[EventRef] = []
    for ev in trip.events:
        ref = event_ref(trip, ev)
        if ev.place and trip.place(ev.place) is None:
            out.append(Finding("error", "no-place", trip.id, f"place {ev.place!r} is not declared in the trip", (ref,)))
        elif not ev.place:
            if settled or ev.status == "cancelled":
                quiet.append(ref)
            else:
                out.append(
                    Finding(
                        "warning",
                        "no-place",
                        trip.id,
                        "no place given: the printed agenda will say “place not given”",
                        (ref,),
                    )
                )
    if quiet:
        n = len(quiet)
        why = f"the trip is {trip.status}" if settled else "cancelled"
        out.append(
            Finding(
                "info", "no-place", trip.id, f"{n} event{'s have' if n != 1 else ' has'} no place ({why})", tuple(quiet)
            )
        )
    return out


@trip_check("zone", "a missing or mismatched time zone")
def check_zones(trip: Trip) -> list[Finding]:
    """Missing time zones, and events whose zone is not their place's."""
    out = []
    # Not None by type, but an edit in memory (or a hand-built trip) can leave it out.
    if cast("tzinfo | None", trip.home_tz) is None:
        out.append(Finding("error", "zone", trip.id, "the trip has no home time zone"))
    for place in trip.places:
        known = geo.city(place.city) or geo.city(place.name)
        if place.tz is not None and known is not None and zone_name(place.tz) != known.zone:
            users = tuple(event_ref(trip, e) for e in trip.events if e.place == place.id)
            out.append(
                Finding(
                    "warning",
                    "zone",
                    trip.id,
                    f"place {place.id!r} is in {known.name} ({known.zone}) but its zone is {zone_name(place.tz)}",
                    users,
                )
            )
    for ev in trip.events:
        ref = (event_ref(trip, ev),)
        if cast("tzinfo | None", ev.tz) is None:
            out.append(Finding("error", "zone", trip.id, "the event has no time zone", ref))
            continue
        where = trip.place(ev.place) if ev.place else None
        if where is None or ev.kind == "travel":
            continue
        known = geo.city(where.city) or geo.city(where.name)
        expected = zone_name(where.tz) if where.tz is not None else (known.zone if known else None)
        if expected is None:
            if isinstance(ev.when, Exact):
                out.append(
                    Finding(
                        "info",
                        "zone",
                        trip.id,
                        f"place {where.id!r} has no time zone; the time is read in {zone_name(ev.tz)}",
                        ref,
                    )
                )
            continue
        if zone_name(ev.tz) != expected:
            severity: Severity = "error" if isinstance(ev.when, Exact) else "warning"
            out.append(
                Finding(
                    severity,
                    "zone",
                    trip.id,
                    f"the event's zone is {zone_name(ev.tz)} but its place {where.id!r} is in {expected}",
                    ref,
                )
            )
    return out
