"""The main screen: the timeline of every trip, the chosen event, and every editing key."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from planner.model.names import ID_RE, zone
from planner.model.rules import involves
from planner.model.trip import EVENT_KINDS, Event, Person, Place, Trip
from planner.model.when import Span
from planner.storage import FileChangedError, TripFileError, create, describe_write_error, save
from planner.text.dates import WhenError, parse_day
from planner.text.safe import clean
from planner.tui.screens.checks import ChecksScreen
from planner.tui.screens.choice import ChoiceScreen
from planner.tui.screens.draft_form import DraftForm
from planner.tui.screens.event_form import EventForm
from planner.tui.screens.prompt import PromptScreen
from planner.tui.screens.record_form import RecordForm
from planner.tui.screens.trip_form import TripForm
from planner.tui.widgets.detail import DetailPane, UndatedPane
from planner.tui.widgets.timeline import StickyLine, TimelineTable
from planner.usecases.editing import EditError, Session
from planner.views.rows import TIME_MODE_NAMES, TIME_MODES, Filter, Row, RowBuilder, TimeMode, key_trip

Command = tuple[str, str, Callable[[], object]]
"""A command palette entry: text, help, callback."""


class TimelineScreen(Screen[None]):
    """Every trip grouped by day; keys add, edit, move, undo and save events."""

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("c", "duplicate", "Duplicate", show=False),
        Binding("delete,x", "delete", "Delete", key_display="del"),
        Binding("right_square_bracket", "move(1, 0)", "Day later", key_display="]", show=False),
        Binding("left_square_bracket", "move(-1, 0)", "Day earlier", key_display="[", show=False),
        Binding("right_curly_bracket", "move(0, 1)", "Hour later", key_display="}", show=False),
        Binding("left_curly_bracket", "move(0, -1)", "Hour earlier", key_display="{", show=False),
        Binding("u,ctrl+z", "undo", "Undo", key_display="u"),
        Binding("ctrl+r,ctrl+y", "redo", "Redo", key_display="^r", show=False),
        Binding("ctrl+s", "save", "Save"),
        Binding("S", "save_as", "Save as", key_display="S", show=False),
        Binding("z", "cycle_time", "Zones"),
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("ctrl+l", "clear_filter", "Clear filter", show=False),
        Binding("g", "go_to_date", "Go to date"),
        Binding("ctrl+e", "export", "Export", key_display="^e"),
        Binding("p", "add_person", "New person", show=False),
        Binding("l", "add_place", "New place", show=False),
        Binding("t", "edit_trip", "Edit trip", show=False),
        Binding("n", "new_trip", "New trip", show=False),
        Binding("D", "draft", "Draft from text", key_display="D", show=False),
        Binding("exclamation_mark", "checks", "Checks", key_display="!", show=False),
    ]

    def __init__(self, session: Session, *, today: date | None = None, export_dir: Path | None = None):
        super().__init__()
        self.session = session
        self.today = today or date.today()
        self.export_dir = export_dir
        self.mode: TimeMode = "event"
        self.filter = Filter()
        self._builder = RowBuilder()
        self._announced_disk: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        yield Input(
            placeholder="/ filter: words, person:ID org:ID kind:mou trip:ID   (esc: back to the timeline)",
            id="filter",
            compact=True,
        )
        yield StickyLine(id="sticky")
        yield TimelineTable(id="timeline")
        with Horizontal(id="bottom"):
            with VerticalScroll(id="detail-scroll"):
                yield DetailPane(id="detail")
            with VerticalScroll(id="undated-scroll"):
                yield UndatedPane(id="undated")
        yield Footer()

    def on_mount(self) -> None:
        self.table.focus()
        self.refresh_timeline()
        self.call_after_refresh(self.warm_up)

    @work(exclusive=True, group="warm-up")
    async def warm_up(self) -> None:
        """Once the timeline is on screen, prepare the other zone view and the search text.

        One trip per step, with a pause for the event loop between steps, so
        keys pressed meanwhile are handled at once; then the memory is settled
        (see :meth:`PlannerApp.settle_memory`). Without this the first ``z``
        and the first letter typed in the filter would each build rows or
        text for every event while the person waits.
        """
        settle = getattr(self.app, "settle_memory", None)
        if settle is not None:
            settle()
        for _ in self._builder.warm_up(self.session.all_trips(), self.mode):
            await asyncio.sleep(0.001)
        if settle is not None:
            settle(collect=True)

    @property
    def table(self) -> TimelineTable:
        return self.query_one(TimelineTable)

    # ---------------------------------------------------------------- drawing

    def refresh_timeline(self, keep: str | None = None) -> None:
        """Rebuild the rows from the session; keep the cursor on ``keep`` (a row key)."""
        rows = self._builder.rows(self.session.all_trips(), self.filter, self.mode)
        if keep is not None and rows.index_of(keep) is None:
            # A moved series changes its occurrence keys: land on its first occurrence.
            prefix = keep.split("@")[0]
            block = rows.block_of(key_trip(keep))
            keep = next((r.key for r in block[1] if r.key.split("@")[0] == prefix), None) if block else None
        current = self.table.current
        self.table.show(rows, self.mode, keep or (current.key if current else None))
        self.update_titles()

    def update_titles(self) -> None:
        parts = [f"times: {TIME_MODE_NAMES[self.mode]}"]
        if self.filter:
            parts.append(f"filter: {self.filter.describe()}")
        dirty = self.session.dirty()
        if dirty:
            parts.append(f"● unsaved: {', '.join(dirty)}")
        sub_title = " · ".join(parts)
        title = f"planner · {self.session.folder.name}" + (" ●" if dirty else "")
        app = self.app
        if app.title == title and app.sub_title == sub_title:
            return
        try:
            header = self.query_one(Header)
            line = header.query_one("HeaderTitle", Static)
        except NoMatches:  # not composed yet: the header reads the titles when it mounts
            app.sub_title, app.title = sub_title, title
            return
        # Assigning App.title repaints the whole screen, and the header then asks
        # for a layout of the whole screen: 20-30 ms with the timeline, on every
        # edit, undo and filter key that changes the titles. The header is one
        # line whose size never changes, so set the values without those side
        # effects and repaint that line alone.
        app.set_reactive(App.sub_title, sub_title)
        app.set_reactive(App.title, title)
        line.update(header.format_title(), layout=False)

    @on(TimelineTable.RowChosen)
    def _row_chosen(self, message: TimelineTable.RowChosen) -> None:
        self.query_one(StickyLine).show(message.top)
        row = message.row
        rows = self.table.rows_shown
        day_rows: list[Row] = []
        if row is not None and row.kind == "day":
            # The events under this day heading, for the day's agenda.
            index = self.table.cursor_row + 1
            while index < len(rows) and rows[index].kind == "event":
                day_rows.append(rows[index])
                index += 1
        self.query_one(DetailPane).show(row, rows, day_rows)
        self.query_one(UndatedPane).show(message.row.trip if message.row else None)

    @on(TimelineTable.RowSelected)
    def _row_selected(self, event: TimelineTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    # ---------------------------------------------------------------- filter, zones, dates

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.set_filter(Filter.parse(event.value), update_box=False)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    def key_escape(self) -> None:
        if self.focused is self.query_one("#filter"):
            self.table.focus()

    def set_filter(self, flt: Filter, *, update_box: bool = True) -> None:
        self.filter = flt
        if update_box:
            box = self.query_one("#filter", Input)
            with box.prevent(Input.Changed):
                box.value = flt.describe()
        current = self.table.current
        self.refresh_timeline(current.key if current else None)

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.set_filter(Filter())
        self.table.focus()

    def action_cycle_time(self) -> None:
        self.set_time_mode(TIME_MODES[(TIME_MODES.index(self.mode) + 1) % len(TIME_MODES)])

    def set_time_mode(self, mode: TimeMode) -> None:
        self.mode = mode
        current = self.table.current
        self.refresh_timeline(current.key if current else None)

    @work(exclusive=True, group="prompt")
    async def action_go_to_date(self) -> None:
        text = await self.app.push_screen_wait(PromptScreen("Go to date", "2021-10-19 · Oct 19 2021 · today"))
        if text:
            self.go_to_date_text(text)

    def go_to_date_text(self, text: str) -> bool:
        current = self.table.current
        base = current.day if current and current.day else self.today
        try:
            day = parse_day(text, base, self.today)
        except WhenError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        if not self.table.go_to_date(day):
            self.notify(f"nothing on or after {day}", severity="warning", markup=False)
            return False
        return True

    # ---------------------------------------------------------------- checks

    @work(exclusive=True, group="checks")
    async def action_checks(self) -> None:
        """Run the itinerary checks on the trips as they are now (unsaved edits included)."""
        from planner.checks import run_checks

        findings = run_checks(self.session.all_trips(), today=self.today)
        ref = await self.app.push_screen_wait(ChecksScreen(findings))
        if ref is None:
            return
        keys = [f"{ref.trip}/{ref.event}@{ref.day.isoformat()}"] if ref.day else []
        keys.append(f"{ref.trip}/{ref.event}")
        if self.filter and not any(self.table.index_of(k) is not None for k in keys):
            self.set_filter(Filter())  # the event may be hidden by the filter
        if not any(self.table.go_to_key(k) for k in keys):
            self.notify(f"{ref.event} is not in the timeline", severity="warning", markup=False)

    # ---------------------------------------------------------------- editing

    def _current_event(self) -> tuple[str, Event] | None:
        row = self.table.current
        if row is None or row.occurrence is None:
            self.notify("Put the cursor on an event first.", severity="warning")
            return None
        return row.trip.id, row.occurrence.event

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
        event = await self.app.push_screen_wait(EventForm(trip, day=day, today=self.today))
        if event is not None:
            self._apply(lambda: self.session.add_event(trip.id, event))

    @work(exclusive=True, group="form")
    async def action_edit(self) -> None:
        found = self._current_event()
        if found is None:
            return
        trip_id, event = found
        edited = await self.app.push_screen_wait(EventForm(self.session.trips[trip_id], event, today=self.today))
        if edited is not None and edited != event:
            self._apply(lambda: self.session.replace_event(trip_id, event.id, edited))

    def _cursor_trip_id(self) -> str | None:
        row = self.table.current
        if row is not None:
            return row.trip.id
        return next(iter(self.session.trips), None)

    def action_add_person(self) -> None:
        self.edit_record(Person)

    def action_add_place(self) -> None:
        self.edit_record(Place)

    @work(exclusive=True, group="form")
    async def edit_record(
        self, kind: type[Person] | type[Place], record_id: str | None = None, trip_id: str | None = None
    ) -> None:
        """Add (or, with ``record_id``, edit) a person or a place of a trip."""
        trip_id = trip_id or self._cursor_trip_id()
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
        trip_id = trip_id or self._cursor_trip_id()
        if trip_id is None:
            return
        trip = self.session.trips[trip_id]
        edited = await self.app.push_screen_wait(TripForm(trip))
        if edited is not None and edited != trip:
            self._apply(lambda: self.session.apply(trip_id, edited, f"edit trip {trip_id}"), keep=f"trip:{trip_id}")

    @work(exclusive=True, group="form")
    async def action_new_trip(self) -> None:
        """Start a trip: a new file in the workspace, written as soon as the form is accepted."""
        here = self._cursor_trip_id()
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
        trip_id = trip_id or self._cursor_trip_id()
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
        found = self._current_event()
        if found:
            self._apply(lambda: self.session.duplicate_event(found[0], found[1].id))

    def action_delete(self) -> None:
        found = self._current_event()
        if found is None:
            return
        index = self.table.cursor_row
        rows = self.table.rows_shown
        # Keep the cursor near where the event was.
        neighbour = rows[index + 1].key if index + 1 < len(rows) else (rows[index - 1].key if index else None)
        if self._apply(lambda: self.session.delete_event(found[0], found[1].id), keep=neighbour):
            self.notify("u undoes it.", timeout=2)

    def action_move(self, days: int, hours: int) -> None:
        found = self._current_event()
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

    # ---------------------------------------------------------------- files

    def action_save(self) -> None:
        self.save_all()

    @work(exclusive=True, group="save")
    async def save_all(self) -> bool:
        """Save every trip with changes; returns whether all of them are on disk now."""
        session = self.session
        dirty = session.dirty()
        if not dirty:
            self.notify("Nothing to save.", timeout=2)
            return True
        saved: list[str] = []
        for trip_id in dirty:
            trip = session.trips[trip_id]
            try:
                loaded = await asyncio.to_thread(save, session.loaded[trip_id], trip)
            except FileChangedError:
                await self.file_changed(trip_id)
                continue
            except TripFileError as exc:
                self.notify(f"{trip_id} not saved: {exc}", severity="error", markup=False, timeout=10)
                continue
            except OSError as exc:
                name = session.loaded[trip_id].path.name
                self.notify(
                    f"{trip_id} not saved: {describe_write_error(exc)}. {name} is left as it was "
                    f"and your changes are still here, unsaved: fix that and press ctrl+s again.",
                    title="Not saved",
                    severity="error",
                    markup=False,
                    timeout=15,
                )
                continue
            session.mark_saved(trip_id, loaded, trip)
            saved.append(loaded.path.name)
        current = self.table.current
        self.refresh_timeline(current.key if current else None)
        if saved:
            self.notify(f"Saved {', '.join(saved)}", timeout=3, markup=False)
        return not session.dirty()

    async def file_changed(self, trip_id: str) -> None:
        """Ask what to do about a file edited elsewhere: reload it, save ours as a new file, or wait."""
        name = self.session.loaded[trip_id].path.name
        choice = await self.app.push_screen_wait(
            ChoiceScreen(
                f"{name} changed on disk",
                f"Someone or something edited {name} since the planner opened it. Saving now "
                f"would overwrite that, so nothing was written.\n\n"
                f"Reload: read the file again and drop your unsaved changes to {trip_id}.\n"
                f"Save as: write your version to a new file (a new trip id), then reload {name}.\n"
                f"Cancel: keep your changes on screen, unsaved.",
                [
                    ("reload", "Reload from disk", "warning"),
                    ("save-as", "Save as…", "primary"),
                    ("cancel", "Cancel", "default"),
                ],
            )
        )
        if choice == "reload":
            self.reload(trip_id)
        elif choice == "save-as":
            await self.ask_save_as(trip_id)

    def action_save_as(self) -> None:
        trip_id = self._cursor_trip_id()
        if trip_id is not None:
            self.save_as(trip_id)

    @work(exclusive=True, group="save")
    async def save_as(self, trip_id: str) -> bool:
        """Write ``trip_id`` as edited to a new file the person names."""
        return await self.ask_save_as(trip_id)

    async def ask_save_as(self, trip_id: str) -> bool:
        """Ask for a file name and write the trip there under a new id; the original reloads."""
        session = self.session
        while True:
            name = await self.app.push_screen_wait(
                PromptScreen(
                    f"Save {trip_id} as (a new trip file in {session.folder.name})",
                    "a new file name, which is also the new trip's id",
                    value=f"{trip_id}-copy",
                )
            )
            if not name:
                self.notify(f"Not saved; your changes to {trip_id} are still here.", timeout=4, markup=False)
                return False
            try:
                new_id, path = session.save_as_target(name)
            except EditError as exc:
                self.notify(str(exc), title="Choose another name", severity="warning", markup=False)
                continue
            copy = session.copy_as(trip_id, new_id)
            try:
                loaded = await asyncio.to_thread(create, path, copy)
            except FileExistsError:
                self.notify(f"{path.name} already exists; choose another name", severity="warning", markup=False)
                continue
            except (TripFileError, OSError) as exc:
                reason = describe_write_error(exc) if isinstance(exc, OSError) else str(exc)
                self.notify(
                    f"{path.name} not written: {reason}. Your changes to {trip_id} are still here, unsaved.",
                    title="Not saved",
                    severity="error",
                    markup=False,
                    timeout=15,
                )
                return False
            break
        session.adopt_copy(trip_id, loaded, copy)
        self._announced_disk.discard(trip_id)
        current = self.table.current
        self.refresh_timeline(current.key if current else None)
        after = (
            f"{trip_id} could not be read again and still shows your version, unsaved."
            if trip_id in session.dirty()
            else f"{trip_id} now shows its file as it is on disk."
        )
        self.notify(
            f"Saved your version of {trip_id} as {path.name} (trip {new_id}). {after}",
            title="Saved as",
            timeout=8,
            markup=False,
        )
        return True

    def reload(self, trip_id: str) -> None:
        try:
            self.session.reload(trip_id)
        except TripFileError as exc:
            self.notify(f"cannot reload: {exc}", severity="error", markup=False, timeout=10)
            return
        self._announced_disk.discard(trip_id)
        current = self.table.current
        self.refresh_timeline(current.key if current else None)
        self.notify(f"Reloaded {trip_id} from disk.", timeout=3, markup=False)

    def check_disk(self, changed: list[str]) -> None:
        """Say once per file when a trip file changed on disk (from the app's watcher)."""
        for trip_id in changed:
            if trip_id in self._announced_disk:
                continue
            self._announced_disk.add(trip_id)
            name = self.session.loaded[trip_id].path.name
            self.notify(
                f"{name} changed on disk. Saving will ask before touching it; "
                f"reload from the command palette (ctrl+p).",
                title="File changed",
                severity="warning",
                timeout=8,
                markup=False,
            )

    # ---------------------------------------------------------------- export

    @work(exclusive=True, group="export")
    async def action_export(self) -> None:
        """Write the cursor's trip (or, with a person filter, that person's events) to .ics.

        Exporting records each changed event's SEQUENCE and LAST-MODIFIED in
        its trip, as ``planner export`` does; here that is an ordinary change,
        saved with ctrl+s and undone with u, so no trip file is written behind
        the person's back.
        """
        from planner.cli.export import DEFAULT_FOLDER
        from planner.ical import writer

        row = self.table.current
        person = self.filter.person
        if row is None and person is None:
            self.notify("Put the cursor on a trip first.", severity="warning")
            return
        now = datetime.now(UTC)
        trips = self.session.all_trips() if person else [self.session.trips[row.trip.id]]  # type: ignore[union-attr]
        selections = []
        recorded = 0
        blocks: dict = {}  # each event's lines, written once by refresh and reused for the file
        for trip in trips:
            new, changed = writer.refresh(trip, now, blocks)
            if changed:
                self.session.apply(trip.id, new, f"record the export of {trip.id}")
                recorded += 1
            events = tuple(e for e in new.events if person is None or involves(new, e, person))
            if events:
                selections.append(writer.Selection(new, events))
        if not selections:
            self.notify(
                f"{clean(person or '', single_line=True)} takes part in no event.", severity="warning", markup=False
            )
            return
        if person:
            label = f"{person} · planner"
            data = writer.calendar_bytes(selections, person, label, blocks)
            name = f"{person}.ics"
        else:
            data = writer.trip_calendar_bytes(selections[0].trip, blocks)
            name = f"{selections[0].trip.id}.ics"
        if not ID_RE.match(name.removesuffix(".ics")):
            # The name comes from an id (a typed person: filter too): it must stay a plain file name.
            self.notify(
                f"{clean(name, single_line=True)}: not a file name for an export (ids use a-z, 0-9 and -)",
                severity="error",
                markup=False,
            )
            return
        folder = self.export_dir or Path.cwd() / DEFAULT_FOLDER
        path = folder / name
        try:
            await asyncio.to_thread(_write_file, path, data)
        except OSError as exc:
            self.notify(f"cannot write {path}: {exc.strerror or exc}", severity="error", markup=False, timeout=10)
            return
        count = sum(len(s.events) for s in selections)
        current = self.table.current
        self.refresh_timeline(current.key if current else None)
        note = " Export stamps recorded in the trip: ctrl+s saves them." if recorded else ""
        self.notify(f"Wrote {path} ({count} events).{note}", title="Exported", timeout=6, markup=False)

    # ---------------------------------------------------------------- command palette

    def commands(self) -> list[Command]:
        """Everything the palette offers on this screen (see :mod:`planner.tui.commands`)."""
        out: list[Command] = []
        for b in self.BINDINGS:
            if isinstance(b, Binding) and b.description:
                action = b.action
                out.append(
                    (f"timeline: {b.description}", f"key {b.key_display or b.key}", lambda a=action: self.run_action(a))
                )
        for mode in TIME_MODES:
            out.append(
                (f"times: {TIME_MODE_NAMES[mode]}", "show times in this zone", lambda m=mode: self.set_time_mode(m))
            )
        trips = sorted(self.session.all_trips(), key=lambda t: t.first_day)
        for t in trips:
            out.append((f"filter: trip {t.id}", t.title, lambda i=t.id: self.set_filter(Filter(trip=i))))
            out.append((f"go to: {t.id}", t.title, lambda i=t.id: self.table.go_to_key(f"trip:{i}")))
            out.append(
                (f"file: reload {t.id} from disk", "drop unsaved changes to this trip", lambda i=t.id: self.reload(i))
            )
            out.append(
                (
                    f"file: save {t.id} as…",
                    "write this trip as edited to a new file (a new trip id)",
                    lambda i=t.id: self.save_as(i),
                )
            )
        people: dict[str, str] = {}
        orgs: dict[str, str] = {}
        for t in trips:
            for p in t.people:
                people.setdefault(p.id, p.display())
            for o in t.organisations:
                orgs.setdefault(o.id, o.display())
        for t in trips:
            out.append((f"trips: edit {t.id}", t.title, lambda i=t.id: self.action_edit_trip(i)))
            out.append(
                (
                    f"trips: draft events into {t.id} from text",
                    "paste a Korean schedule; drafts are added as tentative",
                    lambda i=t.id: self.action_draft(i),
                )
            )
            out.append(
                (
                    f"people: add to {t.id}",
                    "a delegation member or a counterpart",
                    lambda i=t.id: self.edit_record(Person, None, i),
                )
            )
            out.append((f"places: add to {t.id}", "a venue, a city", lambda i=t.id: self.edit_record(Place, None, i)))
            for p in t.people:
                out.append(
                    (
                        f"people: edit {p.id} ({t.id})",
                        p.display(),
                        lambda i=t.id, r=p.id: self.edit_record(Person, r, i),
                    )
                )
            for pl in t.places:
                out.append(
                    (
                        f"places: edit {pl.id} ({t.id})",
                        pl.display(),
                        lambda i=t.id, r=pl.id: self.edit_record(Place, r, i),
                    )
                )
        for pid, name in people.items():
            out.append((f"filter: person {pid}", name, lambda i=pid: self.set_filter(Filter(person=i))))
        for oid, name in orgs.items():
            out.append((f"filter: org {oid}", name, lambda i=oid: self.set_filter(Filter(org=i))))
        for kind in EVENT_KINDS:
            out.append(
                (f"filter: kind {kind}", "only events of this kind", lambda k=kind: self.set_filter(Filter(kind=k)))
            )
        out.append(("filter: clear", "show everything", self.action_clear_filter))
        return out


def _write_file(path: Path, data: bytes) -> None:
    from planner.storage import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
