"""The TUI's editing state: trips as edited, undo and redo, unsaved changes, saving.

No Textual here: screens call these methods and redraw. Every change replaces
one trip (the model is frozen), so undo and redo simply swap whole trips back,
and "unsaved" means the trip differs from the one its file was loaded as.
Saving goes through :func:`planner.storage.save`, which is atomic, keeps
comments, and raises :class:`~planner.storage.FileChangedError` when the file
changed on disk; the session then offers a merge (:mod:`planner.usecases.merging`),
an undoable reload or "save as" (the edited trip written to a new file under a
new trip id), never an overwrite.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from planner.model.days import outside_trip
from planner.model.names import id_problem
from planner.model.trip import Event, Person, Place, Trip
from planner.model.when import Exact, Span
from planner.storage import LoadedTrip, TripFileError, Workspace, create, load_file, save
from planner.storage.reader import MAX_FILE_BYTES
from planner.storage.regular import read_regular
from planner.text.safe import shorten

_FRESH_ICAL = {"ical_uid": "", "ical_sequence": 0, "ical_hash": "", "ical_modified": None}
"""What a copied event must not inherit: the identity its original has in calendars."""

MAX_UNDO = 500
"""Changes kept for undo; older ones are forgotten."""


class EditError(Exception):
    """A change that cannot be made (it would break the trip file); shown to the person."""


@dataclass(frozen=True)
class Change:
    """One undoable change: a trip before and after."""

    description: str
    """Shown after undo/redo: "add event 'Dinner'"."""
    trip_id: str
    before: Trip
    after: Trip
    focus: str | None = None
    """Event id to put the cursor on after the change (or its undo)."""


def new_event_id(trip: Trip, title: str, taken: set[str] | None = None) -> str:
    """A readable id unique in ``trip``, built from the English title.

    >>> from zoneinfo import ZoneInfo
    >>> from planner.model.when import Span
    >>> from datetime import date
    >>> t = Trip("t", "T", ZoneInfo("UTC"), Span(date(2021, 1, 1), date(2021, 1, 2)))
    >>> new_event_id(t, "Dinner with KOTRA!")
    'dinner-with-kotra'
    >>> new_event_id(t, "만찬")
    'event'
    """
    taken = taken if taken is not None else {e.id for e in trip.events}
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "event"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class Session:
    """Trips being edited in one workspace, with their undo history."""

    def __init__(self, workspace: Workspace):
        self.folder: Path = workspace.folder
        self.loaded: dict[str, LoadedTrip] = dict(workspace.files)
        self.trips: dict[str, Trip] = {tid: lt.trip for tid, lt in self.loaded.items()}
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    # ------------------------------------------------------------ queries

    def all_trips(self) -> list[Trip]:
        return list(self.trips.values())

    def dirty(self) -> list[str]:
        """Ids of trips with unsaved changes."""
        return [
            tid
            for tid, trip in self.trips.items()
            if trip is not self.loaded[tid].trip and trip != self.loaded[tid].trip
        ]

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    # ------------------------------------------------------------ changes

    def apply(self, trip_id: str, after: Trip, description: str, focus: str | None = None) -> Change:
        change = Change(description, trip_id, self.trips[trip_id], after, focus)
        self.trips[trip_id] = after
        self._undo.append(change)
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        return change

    def undo(self) -> Change | None:
        if not self._undo:
            return None
        change = self._undo.pop()
        self.trips[change.trip_id] = change.before
        self._redo.append(change)
        return change

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        change = self._redo.pop()
        self.trips[change.trip_id] = change.after
        self._undo.append(change)
        return change

    def add_event(self, trip_id: str, event: Event) -> Change:
        trip = self.trips[trip_id]
        if trip.event(event.id) is not None:
            raise EditError(f"an event with id {event.id!r} already exists in {trip_id}")
        self._check(trip, event)
        return self.apply(trip_id, replace(trip, events=(*trip.events, event)), f"add {event.title!r}", event.id)

    def add_events(self, trip_id: str, events: list[Event], description: str) -> Change:
        """Add several events as ONE change (one undo takes them all away); the cursor goes to the first."""
        trip = self.trips[trip_id]
        if not events:
            raise EditError("no events to add")
        taken = {e.id for e in trip.events}
        for event in events:
            if event.id in taken:
                raise EditError(f"an event with id {event.id!r} already exists in {trip_id}")
            taken.add(event.id)
            self._check(trip, event)
        return self.apply(trip_id, replace(trip, events=(*trip.events, *events)), description, events[0].id)

    def replace_event(self, trip_id: str, old_id: str, event: Event, description: str | None = None) -> Change:
        trip = self.trips[trip_id]
        if trip.event(old_id) is None:
            raise EditError(f"no event {old_id!r} in {trip_id}")
        if event.id != old_id and trip.event(event.id) is not None:
            raise EditError(f"an event with id {event.id!r} already exists in {trip_id}")
        self._check(trip, event)
        events = tuple(event if e.id == old_id else e for e in trip.events)
        return self.apply(trip_id, replace(trip, events=events), description or f"edit {event.title!r}", event.id)

    def put_event(
        self,
        trip_id: str,
        event: Event,
        *,
        old_id: str | None = None,
        places: tuple[Place, ...] = (),
        dates: Span | None = None,
    ) -> Change:
        """Add ``event`` (or put it in place of ``old_id``) with what the form made for it, as ONE change.

        ``places``: new places it uses, added from inside the event form;
        ``dates``: the trip's dates stretched to take it (an outbound flight the
        day before). One undo takes all of it away.
        """
        trip = self.trips[trip_id]
        if dates is not None and (dates.first > trip.first_day or dates.last < trip.last_day):
            raise EditError(f"{dates.first} to {dates.last} would leave out days of {trip_id}")
        taken = {p.id for p in trip.places}
        for place in places:
            if place.id in taken:
                raise EditError(f"a place with id {place.id!r} already exists in {trip_id}")
            taken.add(place.id)
        staged = replace(trip, places=(*trip.places, *places), dates=dates if dates is not None else trip.dates)
        if old_id is None:
            if trip.event(event.id) is not None:
                raise EditError(f"an event with id {event.id!r} already exists in {trip_id}")
            events = (*trip.events, event)
            description = f"add {event.title!r}"
        else:
            if trip.event(old_id) is None:
                raise EditError(f"no event {old_id!r} in {trip_id}")
            if event.id != old_id and trip.event(event.id) is not None:
                raise EditError(f"an event with id {event.id!r} already exists in {trip_id}")
            events = tuple(event if e.id == old_id else e for e in trip.events)
            description = f"edit {event.title!r}"
        self._check(staged, event)
        extras = [f"new place {p.name!r}" for p in places]
        if dates is not None and dates != trip.dates:
            extras.append(f"trip extended to {dates.first} – {dates.last}")
        if extras:
            description += " (" + ", ".join(extras) + ")"
        return self.apply(trip_id, replace(staged, events=events), description, event.id)

    def duplicate_event(self, trip_id: str, event_id: str) -> Change:
        trip = self.trips[trip_id]
        original = trip.event(event_id)
        if original is None:
            raise EditError(f"no event {event_id!r} in {trip_id}")
        # A copy is a new event: it gets its own iCalendar identity, and goes last,
        # where saving appends it in the file.
        fresh: dict[str, Any] = {k: v for k, v in _FRESH_ICAL.items() if hasattr(original, k)}
        copy = replace(original, id=new_event_id(trip, original.id), **fresh)
        return self.apply(trip_id, replace(trip, events=(*trip.events, copy)), f"duplicate {original.title!r}", copy.id)

    def delete_event(self, trip_id: str, event_id: str) -> Change:
        trip = self.trips[trip_id]
        ev = trip.event(event_id)
        if ev is None:
            raise EditError(f"no event {event_id!r} in {trip_id}")
        events = tuple(e for e in trip.events if e.id != event_id)
        return self.apply(trip_id, replace(trip, events=events), f"delete {ev.title!r}")

    def move_event(self, trip_id: str, event_id: str, delta: timedelta) -> Change:
        """Move an event by ``delta``; an hour only moves what has a clock time."""
        ev = self.trips[trip_id].event(event_id)
        if ev is None:
            raise EditError(f"no event {event_id!r} in {trip_id}")
        if delta % timedelta(days=1) and not isinstance(ev.when, Exact):
            raise EditError(f"{ev.when.label()!r} has no clock time to move by an hour")
        moved = ev.with_when(ev.when.shifted(delta))
        if moved.when == ev.when:
            raise EditError(f"{ev.when.label()!r} has no day to move")
        what = f"{abs(delta.days)} day" if not delta % timedelta(days=1) else f"{abs(delta) // timedelta(hours=1)} hour"
        sign = "later" if delta > timedelta(0) else "earlier"
        return self.replace_event(trip_id, event_id, moved, f"move {ev.title!r} {what} {sign}")

    def put_person(self, trip_id: str, person: Person) -> Change:
        """Add a person to the trip, or replace the one with the same id."""
        trip = self.trips[trip_id]
        old = trip.person(person.id)
        if person.org and trip.organisation(person.org) is None:
            raise EditError(f"no organisation {person.org!r} in {trip_id}")
        people = tuple(person if p.id == person.id else p for p in trip.people) if old else (*trip.people, person)
        verb = "edit" if old else "add"
        return self.apply(trip_id, replace(trip, people=people), f"{verb} person {person.name!r}")

    def put_place(self, trip_id: str, place: Place) -> Change:
        """Add a place to the trip, or replace the one with the same id."""
        trip = self.trips[trip_id]
        old = trip.place(place.id)
        places = tuple(place if p.id == place.id else p for p in trip.places) if old else (*trip.places, place)
        verb = "edit" if old else "add"
        return self.apply(trip_id, replace(trip, places=places), f"{verb} place {place.name!r}")

    def _check(self, trip: Trip, event: Event) -> None:
        problem = outside_trip(event.when, trip.dates)
        if problem:
            raise EditError(problem)

    # ------------------------------------------------------------ files

    def changed_on_disk(self) -> list[str]:
        """Ids of trips whose file no longer holds the text it was loaded from."""
        out = []
        for tid, lt in list(self.loaded.items()):
            try:
                current: str | None = read_regular(lt.path, MAX_FILE_BYTES)[0].decode("utf-8", "replace")
            except (OSError, ValueError):  # gone, no longer a regular file, or grown past any trip file
                current = None
            if current != lt.text:
                out.append(tid)
        return out

    def save(self, trip_id: str) -> LoadedTrip:
        """Save one trip; raises FileChangedError when its file changed on disk."""
        trip = self.trips[trip_id]
        return self.mark_saved(trip_id, save(self.loaded[trip_id], trip), trip)

    def mark_saved(self, trip_id: str, loaded: LoadedTrip, saved: Trip) -> LoadedTrip:
        """Record that ``saved`` is now on disk as ``loaded`` (after a save in a worker).

        The file becomes the clean state; history entries keep working because
        they hold whole trips, so undo after a save makes the trip unsaved again.
        """
        if loaded.trip == saved:
            # Keep the very object the session holds, so "unsaved?" is an identity check.
            loaded = replace(loaded, trip=saved)
        self.loaded[trip_id] = loaded
        return loaded

    def record_export(self, trip_id: str, loaded: LoadedTrip, stamped: Trip) -> None:
        """The file now holds the export stamps (``loaded``); the trip on screen gets them too.

        A trip without unsaved changes stays without; one with them keeps
        them (now stamped), still unsaved. Not a change to undo: the file holds it.
        """
        clean = trip_id not in self.dirty()
        self.loaded[trip_id] = loaded
        self.trips[trip_id] = loaded.trip if clean or stamped == loaded.trip else stamped

    def taken_trip_ids(self) -> frozenset[str]:
        """Trip ids in use, and stems of the folder's files (a new trip may not reuse either)."""
        return frozenset(self.trips) | frozenset(p.stem for p in self.folder.glob("*.toml"))

    def create_trip(self, trip: Trip) -> LoadedTrip:
        """Write a new trip file ``<id>.toml`` at once and add the trip to the session.

        A new trip is a new file, so it is created on disk straight away (with
        the same atomic write as every save) rather than kept as unsaved state.

        Raises:
            EditError: the id is in use.
            FileExistsError, OSError: the file could not be written; nothing changed.
        """
        problem = id_problem(trip.id, names_file=True)  # the id names the file: never a path, never "con"
        if problem:
            raise EditError(f"{shorten(trip.id)!r} is not an id for a trip: {problem}")
        if trip.id in self.taken_trip_ids():
            raise EditError(f"there is already a trip or file {trip.id!r}")
        loaded = create(self.folder / f"{trip.id}.toml", trip)
        self.loaded[trip.id] = loaded
        self.trips[trip.id] = loaded.trip
        return loaded

    def save_as_target(self, name: str) -> tuple[str, Path]:
        """The new trip id and file for "save as" ``name`` (``korea-2021-mine`` or ``….toml``).

        The copy lives in the same folder, so it needs its own trip id (two
        files with one id would stop the workspace loading): the file's stem.

        Raises:
            EditError: the name is not a usable trip id, or that trip or file exists.
        """
        name = name.strip()
        stem = name[: -len(".toml")] if name.lower().endswith(".toml") else name
        problem = id_problem(stem, names_file=True)
        if problem:
            raise EditError(f"{shorten(name)!r}: a file name here is a trip id: {problem}")
        if stem in self.trips:
            raise EditError(f"there is already a trip {stem!r}; choose another name")
        path = self.folder / f"{stem}.toml"
        if path.exists():
            raise EditError(f"{path.name} already exists; choose another name")
        return stem, path

    def save_as(self, trip_id: str, name: str) -> LoadedTrip:
        """Write the trip as edited to a new file ``name`` (its stem is the new trip id).

        Afterwards the copy is a trip of the session like any other, and the
        original reloads from its file (the changes are safe in the copy).
        If the original cannot be read any more, it stays on screen as it was.

        Raises:
            EditError: a bad or taken name (see :meth:`save_as_target`).
            FileExistsError, OSError: the new file could not be written; nothing changed.
        """
        new_id, path = self.save_as_target(name)
        copy = self.copy_as(trip_id, new_id)
        return self.adopt_copy(trip_id, create(path, copy, like=self.loaded[trip_id]), copy)

    def copy_as(self, trip_id: str, new_id: str) -> Trip:
        """The trip as edited, under the id ``new_id``."""
        return replace(self.trips[trip_id], id=new_id)

    def adopt_copy(self, trip_id: str, loaded: LoadedTrip, copy: Trip) -> LoadedTrip:
        """Take the copy written by "save as" into the session and reload the original."""
        if loaded.trip == copy:
            loaded = replace(loaded, trip=copy)
        self.loaded[loaded.trip.id] = loaded
        self.trips[loaded.trip.id] = loaded.trip
        # The original file may be gone or broken: then its trip stays on screen, unsaved.
        with contextlib.suppress(TripFileError):
            self.reload(trip_id)
        return loaded

    def reload(self, trip_id: str) -> Trip:
        """Read the trip's file again, as one undoable change.

        The unsaved changes leave the screen, but ``u`` brings them back: the
        trip as it was edited, unsaved against the file as it is now (saving
        it then writes those changes over the file's, key by key).
        """
        return self.adopt_file(trip_id, load_file(self.loaded[trip_id].path), None, f"reload {trip_id} from disk")

    def adopt_file(self, trip_id: str, loaded: LoadedTrip, trip: Trip | None, description: str) -> Trip:
        """Take ``loaded`` (the file as it is now) as the trip's saved state, showing ``trip`` (default: the file's).

        Recorded as one change, so undo brings back what was on screen before.
        """
        self.loaded[trip_id] = loaded
        after: Trip = loaded.trip if trip is None or trip == loaded.trip else trip
        if after == self.trips[trip_id]:
            self.trips[trip_id] = after  # nothing to undo: the same trip, now the file's object
        else:
            self.apply(trip_id, after, description)
        return after
