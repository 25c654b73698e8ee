"""A day heading for a day of a trip that has no events, so going to that day lands on it.

The timeline is built from occurrences, so a day without any has no row: going
to 24 October used to put the cursor on the next day with events, and ``a``
then proposed that day. A day gone to on purpose gets its own heading here,
marked as empty (:func:`is_empty_day`), inserted in the trip's rows in day
order; the rest of the timeline is shared untouched.
"""

from __future__ import annotations

from datetime import date

from planner.model.trip import Trip
from planner.views.rows import Block, Row, RowList

NO_EVENTS: tuple[str, ...] = ("no events",)
"""What an empty day's heading carries in ``Row.overlaps`` (a day heading has no clashes of its own)."""


def empty_day_row(trip: Trip, day: date) -> Row:
    return Row("day", f"day:{trip.id}:{day}", trip, day, None, NO_EVENTS)


def is_empty_day(row: Row) -> bool:
    """Whether ``row`` is the heading of a day shown although it has no events."""
    return row.kind == "day" and row.overlaps == NO_EVENTS


def with_empty_day(rows: RowList, trip: Trip, day: date) -> RowList:
    """``rows`` with a heading for ``day`` in ``trip``'s rows, unless the trip already shows that day.

    >>> from planner.model.when import Span
    >>> from zoneinfo import ZoneInfo
    >>> t = Trip(id="t", title="T", home_tz=ZoneInfo("UTC"), dates=Span(date(2021, 1, 1), date(2021, 1, 3)))
    >>> [r.key for r in with_empty_day(RowList(), t, date(2021, 1, 2))]
    ['trip:t', 'day:t:2021-01-02']
    """
    blocks = list(rows.blocks)
    found = rows.block_of(trip.id)
    if found is None:
        # The trip shows nothing (no events, or none the filter keeps): its heading and the day.
        new = Block([Row("trip", f"trip:{trip.id}", trip), empty_day_row(trip, day)])
        at = sum(1 for b in blocks if (b.rows[0].trip.first_day, b.rows[0].trip.id) < (trip.first_day, trip.id))
        blocks.insert(at, new)
        return RowList(blocks)
    _, own = found
    if any(r.kind == "day" and r.day == day for r in own):
        return rows
    at = next(
        (i for i, r in enumerate(own) if r.kind == "day" and (r.day is None or r.day > day)),
        len(own),
    )
    index = next(i for i, b in enumerate(blocks) if b.rows is own)
    blocks[index] = Block([*own[:at], empty_day_row(trip, day), *own[at:]])
    return RowList(blocks)
