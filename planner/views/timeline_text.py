"""The day-grouped timeline of ``planner list``, as blocks of :mod:`planner.text.grid`.

Described once, printed three ways with the same text: laid out without rich
for a pipe or a file (:func:`timeline_text`; ``planner list | less`` never
imports rich), as a rich renderable that lays the same blocks out with styles
(:func:`timeline`), and as rich's own ``Table.grid`` (what that renderable
falls back to, and what a test compares both with). Cells are plain text from
cleaned values, never markup; Hangul counts as two cells, as rich counts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from planner.text.grid import Block, Column, Grid, Para, Printable, Span, lay_out, plain_text
from planner.text.labels import day_heading, place_line, time_label, trip_dates
from planner.text.safe import clean

if TYPE_CHECKING:
    from planner.model.timeline import Occurrence, ZoneView
    from planner.model.trip import Trip

STATUS_STYLES = {"confirmed": "green", "tentative": "yellow", "cancelled": "red strike"}

NO_DAY_HEADING = "Not yet on a day"
"""Heading of a trip's items on no day (months and unscheduled), as the agendas word it."""

TIME_WIDTH = 22
"""Fits the longest precision label ("18 Oct–21 Oct (4 days)") so days align."""

COLUMNS = (
    Column(width=2),
    Column(width=TIME_WIDTH, no_wrap=True),
    Column(ratio=3, overflow="fold"),
    Column(ratio=2, overflow="fold"),
    Column(width=12),
)
"""One grid per day with fixed and proportional widths: every day of every trip lines up the same way at any width."""


def view_name(view: ZoneView) -> str:
    from planner.model.when import zone_name

    if view == "event":
        return "each event's own zone"
    if view == "home":
        return "each trip's home zone"
    return zone_name(view)


def timeline_blocks(occs: Iterable[Occurrence], view: ZoneView = "event") -> list[Block]:
    """The timeline, one section per trip, rows grouped by day with the precision shown."""
    per_trip: dict[str, list[Occurrence]] = {}
    trips: dict[str, Trip] = {}
    for o in occs:
        per_trip.setdefault(o.trip.id, []).append(o)
        trips[o.trip.id] = o.trip
    parts: list[Block] = [Para(((f"Times in {view_name(view)}.", "dim"),))]
    for trip_id, items in per_trip.items():
        trip = trips[trip_id]
        parts.append(Para(()))
        parts.append(
            Para(
                (
                    (clean(trip.display_title(), single_line=True), "bold"),
                    (f"  {trip_dates(trip)} · {trip_id}", "bold dim"),
                )
            )
        )
        parts.extend(_trip_blocks(trip, items, view))
    if len(parts) == 1:
        parts.append(Para((("No events match.", "yellow"),)))
    return parts


def timeline(occs: Iterable[Occurrence], view: ZoneView = "event") -> Any:
    """The timeline as a rich renderable (see :func:`timeline_blocks`)."""
    return Printable(timeline_blocks(occs, view), rich_parts())


def rich_parts() -> SimpleNamespace:
    """The rich classes :mod:`planner.text.grid` builds renderables with (imported only when printing with rich)."""
    import rich.cells
    from rich.console import Group
    from rich.rule import Rule
    from rich.segment import Segment
    from rich.table import Table
    from rich.text import Text

    return SimpleNamespace(Group=Group, Table=Table, Text=Text, Rule=Rule, Segment=Segment, cells=rich.cells)


def timeline_text(occs: Iterable[Occurrence], view: ZoneView, width: int) -> str | None:
    """The timeline as rich would print it to a file ``width`` columns wide, without rich; ``None`` if unsure."""
    import rich.cells

    lines = lay_out(timeline_blocks(occs, view), width, rich.cells, styled=False)
    return None if lines is None else plain_text(lines)


def _trip_blocks(trip: Trip, items: list[Occurrence], view: ZoneView) -> list[Block]:
    from planner.model.timeline import by_day
    from planner.model.trip import KIND_LABELS

    parts: list[Block] = []
    for day, group in by_day(items, view):
        parts.append(Para((("  " + (day_heading(day) if day else NO_DAY_HEADING), "cyan"),)))
        rows = []
        for occ in group:
            ev = occ.event
            title: list[Span] = [(clean(ev.title, single_line=True), "")]
            if ev.title_ko:
                title.append((" · " + clean(ev.title_ko, single_line=True), "dim"))
            if ev.repeat is not None:
                title.append((" ↻", "magenta"))
            place = place_line(trip, ev.place, address=False)
            precise = occ.when.precision == "exact"
            kind: tuple[Span, ...] = (
                (KIND_LABELS.get(ev.kind, ev.kind), ""),
                ("\n" + ev.status, STATUS_STYLES.get(ev.status, "")),
            )
            rows.append(
                (
                    (),
                    ((time_label(occ, view), "" if precise else "italic yellow"),),
                    tuple(title),
                    ((place or "place not given", "" if place else "dim"),),
                    kind,
                )
            )
        parts.append(Grid(COLUMNS, 1, tuple(rows)))
    return parts
