"""Rich renderables for the trips table and the day-grouped timeline.

Cells are ``rich.text.Text`` built from cleaned values, never markup, and rich
measures Hangul as two cells wide, so mixed Korean/English columns line up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from planner.display import clean, day_heading, place_line, time_label, trip_dates
from planner.model.timeline import Occurrence, ZoneView, by_day
from planner.model.trip import KIND_LABELS, Trip
from planner.model.when import zone_name

STATUS_STYLES = {"confirmed": "green", "tentative": "yellow", "cancelled": "red strike"}


def trips_table(trips: Sequence[Trip]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("trip", ratio=1, overflow="fold")
    table.add_column("dates · status", width=14)
    table.add_column("zones", width=19, no_wrap=True)
    table.add_column("events", justify="right", width=6)
    for trip in sorted(trips, key=lambda t: (t.first_day, t.id)):
        title = Text(clean(trip.title, single_line=True))
        if trip.title_ko:
            title.append("\n" + clean(trip.title_ko, single_line=True), style="dim")
        zones = Text(zone_name(trip.home_tz))
        if trip.local_tz is not None and zone_name(trip.local_tz) != zone_name(trip.home_tz):
            zones.append(f"\n→ {zone_name(trip.local_tz)}", style="dim")
        dates = Text(trip_dates(trip))
        dates.append("\n" + trip.status, style="dim")
        table.add_row(Text(trip.id), title, dates, zones, str(len(trip.events)))
    return table


def view_name(view: ZoneView) -> str:
    if view == "event":
        return "each event's own zone"
    if view == "home":
        return "each trip's home zone"
    return zone_name(view)  # type: ignore[arg-type]


def timeline(occs: Iterable[Occurrence], view: ZoneView = "event") -> RenderableType:
    """The timeline, one table per trip, rows grouped by day with the precision shown."""
    per_trip: dict[str, list[Occurrence]] = {}
    trips: dict[str, Trip] = {}
    for o in occs:
        per_trip.setdefault(o.trip.id, []).append(o)
        trips[o.trip.id] = o.trip
    parts: list[RenderableType] = [Text(f"Times in {view_name(view)}.", style="dim")]
    for trip_id, items in per_trip.items():
        trip = trips[trip_id]
        heading = Text(clean(trip.display_title(), single_line=True), style="bold")
        heading.append(f"  {trip_dates(trip)} · {trip_id}", style="dim")
        parts.append(Text())
        parts.append(heading)
        parts.append(_trip_table(trip, items, view))
    if len(parts) == 1:
        parts.append(Text("No events match.", style="yellow"))
    return Group(*parts)


TIME_WIDTH = 22
"""Fits the longest precision label ("18 Oct–21 Oct (4 days)") so days align."""


def _trip_table(trip: Trip, items: list[Occurrence], view: ZoneView) -> RenderableType:
    # One grid per day with fixed and proportional widths: every day of every
    # trip lines up the same way at any terminal width.
    parts: list[RenderableType] = []
    for day, group in by_day(items, view):
        parts.append(Text("  " + (day_heading(day) if day else "Unscheduled during the trip"), style="cyan"))
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=2)
        grid.add_column(width=TIME_WIDTH, no_wrap=True)
        grid.add_column(ratio=3, overflow="fold")
        grid.add_column(ratio=2, overflow="fold")
        grid.add_column(width=12)
        for occ in group:
            ev = occ.event
            title = Text(clean(ev.title, single_line=True))
            if ev.title_ko:
                title.append(" · " + clean(ev.title_ko, single_line=True), style="dim")
            if ev.repeat is not None:
                title.append(" ↻", style="magenta")
            place = place_line(trip, ev.place, address=False)
            precise = occ.when.precision == "exact"
            kind = Text(KIND_LABELS.get(ev.kind, ev.kind))
            kind.append("\n" + ev.status, style=STATUS_STYLES.get(ev.status, ""))
            grid.add_row(
                "",
                Text(time_label(occ, view), style="" if precise else "italic yellow"),
                title,
                Text(place or "place not given", style="" if place else "dim"),
                kind,
            )
        parts.append(grid)
    return Group(*parts)
