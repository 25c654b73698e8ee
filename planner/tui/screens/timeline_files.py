"""The timeline screen's file keys: save, save as, reload, changed-on-disk warnings and .ics export.

The decisions and the disk work are headless (:mod:`planner.usecases.saving`,
:mod:`planner.usecases.export`); these methods run them off the event loop,
ask what to do when a file changed elsewhere, and say what came of it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import work

from planner.model.names import ID_RE
from planner.storage import TripFileError
from planner.text.safe import clean
from planner.tui.screens.choice import ChoiceScreen
from planner.tui.screens.prompt import PromptScreen
from planner.tui.screens.timeline_base import TimelineBase
from planner.usecases.editing import EditError
from planner.usecases.export import DEFAULT_FOLDER, configured_alarms, plan_export, write_export
from planner.usecases.saving import write_copy, write_trip


class FileActions(TimelineBase):
    """Saving the session's trips to their files, and exporting them as calendars."""

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
            done = await asyncio.to_thread(write_trip, session, trip_id)
            if done.failure == "changed-on-disk":
                await self.file_changed(trip_id)
            elif done.failure == "invalid":
                self.notify(
                    f"{trip_id} not saved: {done.reason}. Your changes are still here, unsaved "
                    f"(S saves them as a new file).",
                    title="Not saved",
                    severity="error",
                    markup=False,
                    timeout=15,
                )
            elif done.failure is not None or done.loaded is None:
                self.notify(
                    f"{trip_id} not saved: {done.reason}. {done.path.name} is left as it was "
                    f"and your changes are still here, unsaved: fix that and press ctrl+s again.",
                    title="Not saved",
                    severity="error",
                    markup=False,
                    timeout=15,
                )
            else:
                session.mark_saved(trip_id, done.loaded, done.trip)
                saved.append(done.loaded.path.name)
        self.refresh_keeping_cursor()
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
        trip_id = self.cursor_trip_id()
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
            done = await asyncio.to_thread(write_copy, path, session.copy_as(trip_id, new_id))
            if done.failure == "exists":
                self.notify(f"{path.name} already exists; choose another name", severity="warning", markup=False)
                continue
            if done.failure is not None or done.loaded is None:
                self.notify(
                    f"{path.name} not written: {done.reason}. Your changes to {trip_id} are still here, unsaved.",
                    title="Not saved",
                    severity="error",
                    markup=False,
                    timeout=15,
                )
                return False
            break
        session.adopt_copy(trip_id, done.loaded, done.trip)
        self._announced_disk.discard(trip_id)
        self.refresh_keeping_cursor()
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
        self.refresh_keeping_cursor()
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
        row = self.table.current
        person = self.filter.person
        if person is None and row is None:
            self.notify("Put the cursor on a trip first.", severity="warning")
            return
        trips = self.session.all_trips() if person or row is None else [self.session.trips[row.trip.id]]
        # The TUI names a person's calendar by the id in the filter (the command uses
        # display names); kept so its files stay byte for byte what they were.
        try:
            alarms = configured_alarms()  # the same alarms as `planner export`, so SEQUENCE never flip-flops
        except TripFileError as exc:  # a broken configuration file: its lines, and nothing exported
            self.notify(clean(str(exc)), title="Configuration", severity="error", markup=False, timeout=10)
            return
        plan = plan_export(
            trips, person=person, out=self.export_dir or Path.cwd() / DEFAULT_FOLDER, label=person, alarms=alarms
        )
        for trip in plan.trips:
            if trip.id in plan.changed:
                self.session.apply(trip.id, trip, f"record the export of {trip.id}")
        if not plan.event_count:
            self.notify(
                f"{clean(person or '', single_line=True)} takes part in no event.", severity="warning", markup=False
            )
            return
        path = plan.files[0].path
        if not ID_RE.fullmatch(path.name.removesuffix(".ics")):
            # The name comes from an id (a typed person: filter too): it must stay a plain file name.
            self.notify(
                f"{clean(path.name, single_line=True)}: not a file name for an export (ids use a-z, 0-9 and -)",
                severity="error",
                markup=False,
            )
            return
        try:
            await asyncio.to_thread(write_export, plan)
        except OSError as exc:
            self.notify(f"cannot write {path}: {exc.strerror or exc}", severity="error", markup=False, timeout=10)
            return
        self.refresh_keeping_cursor()
        note = " Export stamps recorded in the trip: ctrl+s saves them." if plan.changed else ""
        self.notify(f"Wrote {path} ({plan.event_count} events).{note}", title="Exported", timeout=6, markup=False)
