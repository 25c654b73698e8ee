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

from planner.text.grid import Block, Column, Grid, Para, Printable, Span, lay_out_text
from planner.text.labels import day_heading, place_line, time_label, title_pair, trip_dates
from planner.text.messages import kind_label, msg, pair, status_label
from planner.text.safe import clean

if TYPE_CHECKING:
    from planner.model.timeline import Occurrence, ZoneView
    from planner.model.trip import Event, Trip

STATUS_STYLES = {"confirmed": "green", "tentative": "yellow", "cancelled": "red strike"}

NO_DAY_HEADING = msg("undated", "en")
"""Heading of a trip's items on no day (months and unscheduled), as the agendas word it."""

TIME_WIDTH = 22
"""Fits the longest precision label ("18 Oct–21 Oct (4 days)") so days align."""

TIME_WIDTH_KO = 26
"""The same in Korean, where Hangul is two cells wide ("10월 30일–11월 2일 (4일간)")."""


def columns(lang: str = "en") -> tuple[Column, ...]:
    """One grid per day with fixed and proportional widths: every day of every trip lines up the same way at any width.

    In English the time column never wraps; a Korean or two-language label may
    take two lines rather than be cut.
    """
    time = Column(width=TIME_WIDTH, no_wrap=True) if lang == "en" else Column(width=TIME_WIDTH_KO, overflow="fold")
    return (
        Column(width=2),
        time,
        Column(ratio=3, overflow="fold"),
        Column(ratio=2, overflow="fold"),
        Column(width=12 if lang != "both" else 16),
    )


def view_name(view: ZoneView, lang: str = "en") -> str:
    """Which clocks a timeline reads: ``each event's own zone``, ``each trip's home zone`` or the zone's name."""
    from planner.model.when import zone_name

    if view == "event":
        return msg("view_event", lang)
    if view == "home":
        return msg("view_home", lang)
    return zone_name(view)


def times_note(view: ZoneView, lang: str = "en") -> str:
    """The timeline's first line: ``Times in each event's own zone.`` / ``시각 기준: 각 일정의 현지 시간대.``"""
    return msg("times_in", lang, view=(view_name(view, "en"), view_name(view, "ko")))


def trip_heading(trip: Trip, lang: str = "en") -> tuple[str, str]:
    """A trip's heading in the timeline: its title (``ko``: the Korean one) and ``  dates · id``."""
    title = trip.display_title() if lang != "ko" else title_pair(trip.title, trip.title_ko, lang)[0]
    return clean(title, single_line=True), f"  {trip_dates(trip, lang)} · {trip.id}"


def no_day_heading(lang: str = "en") -> str:
    """:data:`NO_DAY_HEADING` in ``lang`` (``both``: ``Not yet on a day · 날짜 미정``)."""
    return pair(msg("undated", "en"), msg("undated", "ko"), lang)


def event_cells(occ: Occurrence, view: ZoneView, lang: str = "en") -> tuple[str, str, str, str, str]:
    """One timeline row as plain text: time (or precision), title, Korean title, place (or "place not given"), kind.

    The Korean title is ``""`` in ``ko`` (the title is already the Korean one).
    """
    title, title_ko, place, kind = _event_words(occ.trip, occ.event, lang)
    return time_label(occ, view, lang=lang), title, title_ko, place, kind


def _event_words(trip: Trip, ev: Event, lang: str) -> tuple[str, str, str, str]:
    """What a row says of its event whatever the occurrence: title, Korean title, place, kind."""
    title, title_ko = _titles(ev, lang)
    return title, title_ko, _place_words(trip, ev.place, lang), kind_label(ev.kind, lang)


def _titles(ev: Event, lang: str) -> tuple[str, str]:
    return title_pair(clean(ev.title, single_line=True), clean(ev.title_ko, single_line=True), lang)


def _place_words(trip: Trip, place_id: str, lang: str) -> str:
    return place_line(trip, place_id, address=False, lang=lang) or msg("place_not_given", lang)


def timeline_blocks(occs: Iterable[Occurrence], view: ZoneView = "event", lang: str = "en") -> list[Block]:
    """The timeline, one section per trip, rows grouped by day with the precision shown, worded in ``lang``."""
    per_trip: dict[str, list[Occurrence]] = {}
    trips: dict[str, Trip] = {}
    for o in occs:
        per_trip.setdefault(o.trip.id, []).append(o)
        trips[o.trip.id] = o.trip
    parts: list[Block] = [Para(((times_note(view, lang), "dim"),))]
    for trip_id, items in per_trip.items():
        trip = trips[trip_id]
        title, tail = trip_heading(trip, lang)
        parts.append(Para(()))
        parts.append(Para(((title, "bold"), (tail, "bold dim"))))
        parts.extend(_trip_blocks(trip, items, view, lang))
    if len(parts) == 1:
        parts.append(Para(((msg("no_events_match", lang), "yellow"),)))
    return parts


def timeline(occs: Iterable[Occurrence], view: ZoneView = "event", *, lang: str = "en") -> Any:
    """The timeline as a rich renderable (see :func:`timeline_blocks`)."""
    return Printable(timeline_blocks(occs, view, lang), rich_parts())


def rich_parts() -> SimpleNamespace:
    """The rich classes :mod:`planner.text.grid` builds renderables with (imported only when printing with rich)."""
    import rich.cells
    from rich.console import Group
    from rich.rule import Rule
    from rich.segment import Segment
    from rich.table import Table
    from rich.text import Text

    return SimpleNamespace(Group=Group, Table=Table, Text=Text, Rule=Rule, Segment=Segment, cells=rich.cells)


def timeline_text(occs: Iterable[Occurrence], view: ZoneView, width: int, lang: str = "en") -> str | None:
    """The timeline as rich would print it to a file ``width`` columns wide, without rich; ``None`` if unsure."""
    import rich.cells

    return lay_out_text(timeline_blocks(occs, view, lang), width, rich.cells)


def _trip_blocks(trip: Trip, items: list[Occurrence], view: ZoneView, lang: str) -> list[Block]:
    from planner.model.timeline import by_day

    grid_columns = columns(lang)
    parts: list[Block] = []
    # Series repeat the same event (an occurrence changed in its title or status has an
    # event of its own): its title, place and kind cells are made once, only the time per row.
    made: dict[int, tuple[Event, tuple[Span, ...], tuple[Span, ...], tuple[Span, ...]]] = {}
    places: dict[str, tuple[Span, ...]] = {}
    kinds: dict[tuple[str, str], tuple[Span, ...]] = {}
    for day, group in by_day(items, view):
        parts.append(Para((("  " + (day_heading(day, lang) if day else no_day_heading(lang)), "cyan"),)))
        rows = []
        for occ in group:
            ev = occ.event
            cells = made.get(id(ev))
            if cells is None:
                place = places.get(ev.place)
                if place is None:
                    style = "" if ev.place and trip.place(ev.place) else "dim"
                    place = places[ev.place] = ((_place_words(trip, ev.place, lang), style),)
                kind = kinds.get((ev.kind, ev.status))
                if kind is None:
                    kind = kinds[ev.kind, ev.status] = _kind_spans(ev.kind, ev.status, lang)
                cells = made[id(ev)] = (ev, _title_spans(ev, lang), place, kind)  # ev kept: its id stays its own
            _, title, place, kind = cells
            precise = occ.when.precision == "exact"
            time = ((time_label(occ, view, lang=lang), "" if precise else "italic yellow"),)
            rows.append(((), time, title, place, kind))
        parts.append(Grid(grid_columns, 1, tuple(rows)))
    return parts


def _title_spans(ev: Event, lang: str) -> tuple[Span, ...]:
    """The title cell: the title, the Korean one dimmed beside it, ``↻`` for a series."""
    title_text, title_ko = _titles(ev, lang)
    title: list[Span] = [(title_text, "")]
    if title_ko:
        title.append((" · " + title_ko, "dim"))
    if ev.repeat is not None:
        title.append((" ↻", "magenta"))
    return tuple(title)


def _kind_spans(kind: str, status: str, lang: str) -> tuple[Span, ...]:
    """The kind cell: the kind, and the status in its colour on the line below."""
    return ((kind_label(kind, lang), ""), ("\n" + status_label(status, lang), STATUS_STYLES.get(status, "")))
