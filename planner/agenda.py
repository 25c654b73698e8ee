"""One day's agenda: each event's time in its own zone and in the trip's home zone.

An organiser in Dallas reading the Seoul programme needs both clocks: the
local time to be in the room, and the home time to call the office. Untimed
items keep their honest label ("morning", "time not given").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from planner.display import clean, day_heading, person_name, place_line, shifted_day_note, time_label
from planner.model.timeline import Occurrence
from planner.model.trip import KIND_LABELS, Trip
from planner.model.when import Exact


def day_agenda(day: date, occs: Sequence[Occurrence], extra_tz: tzinfo | None = None) -> RenderableType:
    """A rich renderable for ``day``; ``extra_tz`` adds a column for one more zone."""
    parts: list[RenderableType] = [Text(day_heading(day), style="bold")]
    if not occs:
        parts.append(Text("Nothing planned on this day.", style="yellow"))
        return Group(*parts)
    per_trip: dict[str, list[Occurrence]] = {}
    for o in occs:
        per_trip.setdefault(o.trip.id, []).append(o)
    for items in per_trip.values():
        trip = items[0].trip
        parts.append(Text())
        parts.append(Text(clean(trip.display_title(), single_line=True), style="bold cyan"))
        parts.append(_table(trip, items, extra_tz))
    return Group(*parts)


def _table(trip: Trip, items: list[Occurrence], extra_tz: tzinfo | None) -> Table:
    # Two columns (the clocks, then the details) so a day reads well even in
    # an 80-column terminal with Korean names.
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(width=24, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for i, occ in enumerate(items):
        ev = occ.event
        exact = isinstance(occ.when, Exact)
        clock = Text(time_label(occ, "event"), style="bold" if exact else "italic yellow")
        if exact:
            clock.append(f"\nhome {time_label(occ, 'home')}{shifted_day_note(occ, trip.home_tz)}", style="dim")
            if extra_tz is not None:
                clock.append(f"\n{time_label(occ, extra_tz)}{shifted_day_note(occ, extra_tz)}")
        body = Text(clean(ev.title, single_line=True), style="bold")
        if ev.title_ko:
            body.append("\n" + clean(ev.title_ko, single_line=True))
        body.append(f"\n{KIND_LABELS.get(ev.kind, ev.kind)} · {ev.status}", style="dim")
        where = place_line(trip, ev.place)
        body.append("\nwhere: ", style="dim")
        body.append(where or "place not given", style="" if where else "dim")
        attendees = ev.people or trip.members
        if attendees:
            body.append("\nwith: ", style="dim")
            body.append(", ".join(person_name(trip, p) for p in attendees))
            if not ev.people:
                body.append(" (whole delegation)", style="dim")
        if ev.counterparts:
            body.append("\nmeeting: ", style="dim")
            body.append(", ".join(person_name(trip, p) for p in ev.counterparts))
        if ev.outcome:
            body.append("\noutcome: ", style="dim")
            body.append(clean(ev.outcome), style="green")
        if i:
            grid.add_row("", "")
        grid.add_row(clock, body)
    return grid
