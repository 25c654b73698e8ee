"""The pane under the timeline: the chosen event in full, and the trip's undated items."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from rich.text import Text
from textual.visual import visualize
from textual.widgets import Static

from planner.model.days import days_covered
from planner.model.rules import delegation, whole_delegation
from planner.model.trip import KIND_LABELS, Trip
from planner.model.when import Exact, zone_name
from planner.text.labels import assumed_mark, day_heading, place_line, shifted_day_note, time_label, trip_dates
from planner.text.safe import clean
from planner.views.marks import event_marks, marks_label
from planner.views.rows import Row, RowList

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

RowLookup = Mapping[str, Row] | RowList
"""Rows by key (anything with ``get``): the overlapping events' titles are read there."""


LABEL_WIDTH = 9
"""The labels' column ("outcome  ")."""


def _line(text: Text, label: str, value: str | Text, style: str = "") -> None:
    text.append(f"{label:<{LABEL_WIDTH}}", style="dim")
    if isinstance(value, Text):
        text.append_text(value)
    else:
        text.append(clean(value), style=style)
    text.append("\n")


def _names(text: Text, label: str, names: list[str], width: int | None, style: str = "") -> None:
    """A list of names, wrapped only between names, so no name is split over two lines.

    ``width``: the pane's width in cells (``None``: one line, the pane wraps it).
    A name longer than a whole line still wraps, on a line of its own.
    """
    if not width:
        _line(text, label, ", ".join(names), style)
        return
    room = max(20, width - LABEL_WIDTH)
    lines: list[str] = []
    current = ""
    for i, name in enumerate(names):
        piece = name + ("," if i < len(names) - 1 else "")
        if current and cell_len(current) + 1 + cell_len(piece) > room:
            lines.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    lines.append(current)
    _line(text, label, Text(("\n" + " " * LABEL_WIDTH).join(lines), style=style))


def event_text(row: Row, rows_by_key: RowLookup | None = None, width: int | None = None) -> Text:
    """Everything about one occurrence, as plain text with styles (never markup).

    What was decided comes first (time, kind, clashes, outcome, notes), then
    where and who: in a small pane the outcome and notes are never below
    the fold. ``width`` wraps lists of names between names (see :func:`_names`).
    """
    occ = row.occurrence
    assert occ is not None
    ev, trip = occ.event, row.trip
    out = Text()
    out.append(clean(ev.title, single_line=True), style="bold")
    if title_mark := assumed_mark(ev.assumed, "title"):
        out.append(title_mark, style="dim italic")
    if ev.title_ko:
        out.append("  " + clean(ev.title_ko, single_line=True), style="bold dim")
    out.append("\n")
    when = Text(time_label(occ, "event"))
    if isinstance(occ.when, Exact):
        home = time_label(occ, "home")
        if zone_name(trip.home_tz) != zone_name(ev.tz):
            when.append(f"  ·  home {home}{shifted_day_note(occ, trip.home_tz)}", style="dim")
    day = occ.day("event")  # None for a month or an unscheduled item: on no day
    if day is not None:
        when.append(f"  ·  {day_heading(day)}", style="dim")
    when.append(f"  ·  {occ.when.precision}", style="italic yellow")
    _line(out, "when", when)
    _line(out, "what", f"{KIND_LABELS.get(ev.kind, ev.kind)} · {ev.status} · {trip.id}/{ev.id}")
    if row.overlaps:
        titles = []
        for key in row.overlaps:
            other = rows_by_key.get(key) if rows_by_key else None
            titles.append(clean(other.occurrence.event.title, single_line=True) if other and other.occurrence else key)
        _line(out, "overlaps", "; ".join(titles), "bold red")
    if ev.outcome:
        _line(out, "outcome", ev.outcome)
    if ev.notes:
        _line(out, "notes", ev.notes)
    place = place_line(trip, ev.place)
    if place:
        where = Text(place)
        where.append(_place_mark(trip, ev.assumed, ev.place), style="dim italic")
        _line(out, "where", where)
    else:
        _line(out, "where", "place not given", "dim")
    who = delegation(trip, ev)
    if who:
        names = [_person(trip, p) for p in who]
        if whole_delegation(trip, ev):
            names[-1] += " (whole delegation)"
        _names(out, "with", names, width)
    if ev.counterparts:
        _names(out, "meeting", [_person(trip, p) for p in ev.counterparts], width)
    if ev.orgs:
        orgs = [trip.organisation(o) for o in ev.orgs]
        _names(
            out,
            "orgs",
            [clean(o.display(), single_line=True) if o else oid for o, oid in zip(orgs, ev.orgs, strict=False)],
            width,
        )
    if ev.assumed:
        _line(out, "assumed", "not from the sources: " + ", ".join(ev.assumed), "dim italic")
    for sid in ev.sources:
        src = trip.source(sid)
        _line(out, "source", src.cite() if src else sid)
    marked = marks_label(event_marks(trip, ev))
    if marked:
        _line(out, "seen by", marked, "dim")
    if ev.repeat is not None:
        _line(out, "repeats", ev.repeat.rule + (" (edits apply to the whole series)"), "magenta")
    out.rstrip()
    return out


def _place_mark(trip: Trip, assumed: tuple[str, ...], place_id: str) -> str:
    """The assumed mark of an event's place: its choice, or the place's name, address or city."""
    place = trip.place(place_id)
    own = place.assumed if place else ()
    return assumed_mark(assumed, "place") or assumed_mark(own, "name", "address", "city", "lat", "lon")


def _person(trip: Trip, pid: str) -> str:
    p = trip.person(pid)
    return clean(p.display(), single_line=True) if p else pid


def trip_text(trip: Trip) -> Text:
    out = Text()
    out.append(clean(trip.display_title(), single_line=True), style="bold magenta")
    out.append("\n")
    _line(out, "dates", f"{trip_dates(trip)} · {trip.status}")
    zones = zone_name(trip.home_tz)
    if trip.local_tz is not None and zone_name(trip.local_tz) != zones:
        zones += f" (home) → {zone_name(trip.local_tz)}"
    _line(out, "zones", zones + assumed_mark(trip.assumed, "home_tz", "local_tz"))
    if trip.members:
        _line(out, "members", ", ".join(_person(trip, p) for p in trip.members))
    _line(out, "events", str(len(trip.events)))
    if trip.notes:
        _line(out, "notes", trip.notes)
    out.rstrip()
    return out


def day_text(heading: Row, rows: list[Row]) -> Text:
    """A day's agenda for one trip: each event's time in its own zone and at home."""
    trip = heading.trip
    out = Text()
    out.append(day_heading(heading.day) if heading.day else "", style="bold cyan")
    out.append(f"  ·  {clean(trip.display_title(), single_line=True)}\n", style="dim")
    home = zone_name(trip.home_tz)
    for r in rows:
        occ = r.occurrence
        if occ is None:
            continue
        out.append(f"{time_label(occ, 'event'):<24}", style="" if occ.when.precision == "exact" else "italic yellow")
        out.append(clean(occ.event.title, single_line=True))
        if occ.event.title_ko:
            out.append(" · " + clean(occ.event.title_ko, single_line=True), style="dim")
        if isinstance(occ.when, Exact) and zone_name(occ.event.tz) != home:
            out.append(f"  (home {time_label(occ, 'home')}{shifted_day_note(occ, trip.home_tz)})", style="dim")
        if r.overlaps:
            out.append("  ! overlaps", style="bold red")
        out.append("\n")
    out.rstrip()
    return out


def undated_text(trip: Trip) -> Text:
    """The trip's items with no day yet (unscheduled, or only a month)."""
    out = Text()
    out.append("Still to date", style="bold")
    out.append(f" · {trip.id}\n", style="dim")
    items = [e for e in trip.events if days_covered(e.when) is None]
    if not items:
        out.append("every event has a day", style="green")
        return out
    for ev in items:
        out.append("• ")
        out.append(clean(ev.title, single_line=True))
        out.append(f"  {ev.when.label()}\n", style="italic yellow")
    out.rstrip()
    return out


class _Pane(Static):
    """A ``Static`` whose new text costs a layout of the screen only when its height changes.

    ``Static.update`` lays out the whole screen every time (its height may have
    changed), which with the timeline on screen costs more than everything
    else a key press does. These panes change on every cursor move, edit,
    filter key and zone switch, but mostly to a text of the same height, or
    to the very same text.
    """

    _text: Text | None = None

    def show_text(self, text: Text) -> None:
        if self._text is not None and text == self._text:  # same characters and styles
            return
        width = self.content_size.width
        same_height = (
            self._text is not None
            and width > 0
            # Textual passes a widget's styles here itself; its annotation names the rules mapping.
            and visualize(self, text).get_height(cast("RulesMap", self.styles), width) == self.content_size.height
        )
        self._text = text
        self.update(text, layout=not same_height)


class DetailPane(_Pane):
    """Shows :func:`event_text` or :func:`trip_text` for the row under the cursor."""

    _shown: tuple = ()
    _day_rows: list[Row] | None = None

    def show(self, row: Row | None, rows_by_key: RowLookup | None = None, day_rows: list[Row] | None = None) -> None:
        # The same row object in the same rows at the same width shows the same
        # text: skip the rebuild (a scroll announces the row again).
        width = self.content_size.width or None
        shown = self._shown
        if shown and shown[0] is row and shown[1] is rows_by_key and row is not None and shown[2] == width:
            return
        self._shown = (row, rows_by_key, width)
        self._day_rows = day_rows
        if row is None:
            self.show_text(Text("Nothing here: clear the filter with ctrl+l.", style="dim"))
        elif row.kind == "event":
            self.show_text(event_text(row, rows_by_key, width))
        elif row.kind == "day" and row.day is not None:
            self.show_text(day_text(row, day_rows or []))
        else:
            self.show_text(trip_text(row.trip))

    def on_resize(self) -> None:
        if self._shown and self._shown[2] != (self.content_size.width or None):
            self.show(self._shown[0], self._shown[1], self._day_rows)


class UndatedPane(_Pane):
    """The undated items of the trip under the cursor, beside the detail."""

    _trip: Trip | bool | None = False

    def show(self, trip: Trip | None) -> None:
        if trip is self._trip:
            return  # the same (immutable) trip: the same list
        self._trip = trip
        self.show_text(undated_text(trip) if trip else Text(""))
