"""The timeline screen's editing keys: add, edit, duplicate, delete, move, undo and redo; people, places, trips, drafts.

Each key asks its form, hands the answer to the editing session
(:class:`~planner.usecases.editing.Session`), then redraws and says what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual import work

from planner.model.names import zone
from planner.model.trip import Person, Place, Trip
from planner.model.when import Span
from planner.tui.screens.draft_form import DraftForm
from planner.tui.screens.event_form import EventForm
from planner.tui.screens.record_form import RecordForm
from planner.tui.screens.timeline_base import TimelineBase
from planner.tui.screens.trip_form import TripForm
from planner.usecases.editing import EditError


class EditActions(TimelineBase):
    """The keys that change trips; every change is one undoable step of the session."""

    def _apply(self, make: Callable[[], object], keep: str | None = None) -> bool:
        try:
            change = make()
        except EditError as exc:
            self.notify(str(exc), title="Not changed", severity="warning", markup=False)
            return False
        focus = getattr(change, "focus", None)
        trip_id = getattr(change, "trip_id", None)
        self.refresh_timeline(f"{trip_id}/{focus}" if focus else keep)
        self.notify(getattr(change, "description", "done"), timeout=2, markup=False)
        return True

    @work(exclusive=True, group="form")
    async def action_add(self) -> None:
        row = self.table.current
        trips = self.session.all_trips()
        if not trips:
            self.notify("No trip to add to.", severity="warning")
            return
        trip = self.session.trips[row.trip.id] if row else trips[0]
        day = row.day if row and row.day and trip.first_day <= row.day <= trip.last_day else None
        form = EventForm(trip, day=day, today=self.today)
        event = await self.app.push_screen_wait(form)
        if event is not None:
            self._apply(lambda: self.session.put_event(trip.id, event, places=form.new_places, dates=form.extend_to))

    @work(exclusive=True, group="form")
    async def action_edit(self) -> None:
        found = self.cursor_event()
        if found is None:
            return
        trip_id, event = found
        form = EventForm(self.session.trips[trip_id], event, today=self.today)
        edited = await self.app.push_screen_wait(form)
        if edited is not None and (edited != event or form.new_places or form.extend_to):
            self._apply(
                lambda: self.session.put_event(
                    trip_id, edited, old_id=event.id, places=form.new_places, dates=form.extend_to
                )
            )

    def action_add_person(self) -> None:
        self.edit_record(Person)

    def action_add_place(self) -> None:
        self.edit_record(Place)

    @work(exclusive=True, group="form")
    async def edit_record(
        self, kind: type[Person] | type[Place], record_id: str | None = None, trip_id: str | None = None
    ) -> None:
        """Add (or, with ``record_id``, edit) a person or a place of a trip."""
        trip_id = trip_id or self.cursor_trip_id()
        if trip_id is None:
            return
        trip = self.session.trips[trip_id]
        record = (trip.person(record_id) if kind is Person else trip.place(record_id)) if record_id else None
        result = await self.app.push_screen_wait(RecordForm(trip, kind, record))
        if result is None or result == record:
            return
        if isinstance(result, Person):
            self._apply(lambda: self.session.put_person(trip_id, result))
        else:
            self._apply(lambda: self.session.put_place(trip_id, result))

    @work(exclusive=True, group="form")
    async def action_edit_trip(self, trip_id: str | None = None) -> None:
        trip_id = trip_id or self.cursor_trip_id()
        if trip_id is None:
            return
        trip = self.session.trips[trip_id]
        edited = await self.app.push_screen_wait(TripForm(trip))
        if edited is not None and edited != trip:
            self._apply(lambda: self.session.apply(trip_id, edited, f"edit trip {trip_id}"), keep=f"trip:{trip_id}")

    @work(exclusive=True, group="form")
    async def action_new_trip(self) -> None:
        """Start a trip: a new file in the workspace, written as soon as the form is accepted."""
        here = self.cursor_trip_id()
        like = self.session.trips.get(here) if here else None
        start = self.today
        template = Trip(
            id="",
            title="",
            home_tz=like.home_tz if like else zone("America/Chicago"),
            local_tz=like.local_tz if like else None,
            dates=Span(start, start + timedelta(days=6)),
            status="draft",
        )
        trip = await self.app.push_screen_wait(TripForm(template, new=True, taken=self.session.taken_trip_ids()))
        if trip is None:
            return
        try:
            loaded = self.session.create_trip(trip)
        except (EditError, OSError) as exc:
            self.notify(str(exc), title="Trip not created", severity="error", markup=False)
            return
        self.refresh_timeline(f"trip:{trip.id}")
        self.table.go_to_key(f"trip:{trip.id}")
        self.notify(f"created {loaded.path.name}", timeout=3, markup=False)

    @work(exclusive=True, group="form")
    async def action_draft(self, trip_id: str | None = None) -> None:
        """Draft events from pasted schedule text into the trip under the cursor (one undoable change)."""
        trip_id = trip_id or self.cursor_trip_id()
        if trip_id is None:
            self.notify("No trip to add to.", severity="warning")
            return
        result = await self.app.push_screen_wait(DraftForm(self.session.trips[trip_id]))
        if result is None or not result.events:
            return
        added = len(result.events)
        description = f"add {added} drafted event{'s' if added != 1 else ''} to {trip_id}"
        try:
            change = self.session.add_events(trip_id, list(result.events), description)
        except EditError as exc:
            self.notify(str(exc), title="Nothing added", severity="warning", markup=False)
            return
        self.refresh_timeline(f"{trip_id}/{change.focus}")
        skipped = [f"{result.duplicates} skipped as already in the trip"]
        if result.outside:
            skipped.append(f"{result.outside} skipped as outside the trip's dates")
        self.notify(
            f"Added {added} tentative event{'s' if added != 1 else ''} to {trip_id}"
            f"; {', '.join(skipped)}. u undoes it, ctrl+s saves.",
            title="Drafted",
            timeout=6,
            markup=False,
        )

    def action_duplicate(self) -> None:
        found = self.cursor_event()
        if found:
            self._apply(lambda: self.session.duplicate_event(found[0], found[1].id))

    def action_delete(self) -> None:
        found = self.cursor_event()
        if found is None:
            return
        index = self.table.cursor_row
        rows = self.table.rows_shown
        # Keep the cursor near where the event was.
        neighbour = rows[index + 1].key if index + 1 < len(rows) else (rows[index - 1].key if index else None)
        if self._apply(lambda: self.session.delete_event(found[0], found[1].id), keep=neighbour):
            self.notify("u undoes it.", timeout=2)

    def action_move(self, days: int, hours: int) -> None:
        found = self.cursor_event()
        if found:
            self._apply(lambda: self.session.move_event(found[0], found[1].id, timedelta(days=days, hours=hours)))

    def action_undo(self) -> None:
        change = self.session.undo()
        if change is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self.refresh_timeline(f"{change.trip_id}/{change.focus}" if change.focus else None)
        self.notify(f"undid: {change.description}", timeout=2, markup=False)

    def action_redo(self) -> None:
        change = self.session.redo()
        if change is None:
            self.notify("Nothing to redo.", timeout=2)
            return
        self.refresh_timeline(f"{change.trip_id}/{change.focus}" if change.focus else None)
        self.notify(f"redid: {change.description}", timeout=2, markup=False)
