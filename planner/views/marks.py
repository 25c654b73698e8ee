"""The discreet visibility marker: what about an event is marked other than the default level.

The timeline's rows and the detail pane show it (as plain text, never markup)
so an organiser sees at a glance what a recipient's plan will leave out, or
what it will show to hosts. Only levels other than the default
(``delegation``) are marked; the rule of who sees what is
:mod:`planner.model.visibility`.

>>> from datetime import date
>>> from zoneinfo import ZoneInfo
>>> from planner.model.trip import Event, Place, Trip
>>> from planner.model.when import OnDate, Span
>>> seoul = ZoneInfo("Asia/Seoul")
>>> trip = Trip("t", "T", seoul, Span(date(2021, 10, 18), date(2021, 10, 22)),
...     places=(Place("hq", "HQ", visibility="organisers"),))
>>> ev = Event("mou", "MOU", OnDate(date(2021, 10, 19)), seoul, visibility="public", notes="gate 3",
...     notes_visibility="organisers", place="hq")
>>> marks_label(event_marks(trip, ev))
'⋄ public, notes organisers, place organisers'
>>> event_marks(trip, Event("x", "X", OnDate(date(2021, 10, 19)), seoul))
()
"""

from __future__ import annotations

from planner.model.trip import Event, Trip
from planner.model.visibility import DEFAULT, narrowest

MARK = "⋄"
"""The marker's glyph: one cell wide in every terminal (not an East Asian "ambiguous" character)."""


def event_marks(trip: Trip, ev: Event) -> tuple[tuple[str, str], ...]:
    """``(what, level)`` for each part of the event marked other than the default: ``""`` (the event), notes, place.

    Notes and the place are marked only when they reach fewer readers than the
    event itself (neither is ever seen wider than its event: a public place on a
    delegation event says nothing the reader needs).
    """
    out: list[tuple[str, str]] = []
    if ev.visibility != DEFAULT:
        out.append(("", ev.visibility))
    if ev.notes and ev.notes_visibility != DEFAULT and narrowest(ev.visibility, ev.notes_visibility) != ev.visibility:
        out.append(("notes", ev.notes_visibility))
    place = trip.place(ev.place) if ev.place else None
    if place is not None and narrowest(ev.visibility, place.visibility) != ev.visibility:
        out.append(("place", place.visibility))
    return tuple(out)


def marks_label(marks: tuple[tuple[str, str], ...]) -> str:
    """The marker as shown: ``"⋄ organisers, notes organisers"``; ``""`` with nothing marked."""
    if not marks:
        return ""
    return f"{MARK} " + ", ".join(f"{what} {level}" if what else level for what, level in marks)
