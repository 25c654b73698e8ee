"""The timeline screen's file keys: save, save as, reload, changed-on-disk warnings and .ics export.

The decisions and the disk work are headless (:mod:`planner.usecases.saving`,
:mod:`planner.usecases.export`); these methods run them off the event loop,
ask what to do when a file changed elsewhere, and say what came of it.
"""

from __future__ import annotations

import asyncio

from textual import work

from planner.model.names import ID_RE
from planner.storage import TripFileError
from planner.text.safe import clean
from planner.tui.screens.choice import ChoiceScreen
from planner.tui.screens.merge import MergeScreen
from planner.tui.screens.prompt import PromptScreen
from planner.tui.screens.timeline_base import TimelineBase
from planner.usecases.editing import EditError
from planner.usecases.export import configured_alarms, plan_export, workspace_exports, would_overwrite, write_export
from planner.usecases.saving import merge_with_disk, write_copy, write_stamps, write_trip


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
            name = await self.save_one(trip_id)
            if name:
                saved.append(name)
        self.refresh_keeping_cursor()
        if saved:
            self.notify(f"Saved {', '.join(saved)}", timeout=3, markup=False)
        return not session.dirty()

    async def save_one(self, trip_id: str) -> str | None:
        """Write one trip; the file's name when it is on disk now, else None (and the person was told)."""
        session = self.session
        done = await asyncio.to_thread(write_trip, session, trip_id)
        if done.failure == "changed-on-disk":
            return await self.file_changed(trip_id)
        if done.failure == "invalid":
            self.notify(
                f"{trip_id} not saved: {done.reason}. Your changes are still here, unsaved "
                f"(S saves them as a new file).",
                title="Not saved",
                severity="error",
                markup=False,
                timeout=15,
            )
            return None
        if done.failure is not None or done.loaded is None:
            self.notify(
                f"{trip_id} not saved: {done.reason}. {done.path.name} is left as it was "
                f"and your changes are still here, unsaved: fix that and press ctrl+s again.",
                title="Not saved",
                severity="error",
                markup=False,
                timeout=15,
            )
            return None
        session.mark_saved(trip_id, done.loaded, done.trip)
        return str(done.loaded.path.name)

    async def file_changed(self, trip_id: str) -> str | None:
        """Ask what to do about a file edited elsewhere: merge, reload, save ours as a new file, or wait.

        Returns the file's name when a merge saved it.
        """
        name = self.session.loaded[trip_id].path.name
        choice = await self.app.push_screen_wait(
            ChoiceScreen(
                f"{name} changed on disk",
                f"Someone or something edited {name} since the planner opened it. Saving now "
                f"would overwrite that, so nothing was written.\n\n"
                f"Merge: keep both sets of changes (an entry changed on both sides is shown "
                f"side by side to choose), then save.\n"
                f"Reload: read the file again; your changes to {trip_id} leave the screen (u brings them back).\n"
                f"Save as: write your version to a new file (a new trip id), then reload {name}.\n"
                f"Cancel: keep your changes on screen, unsaved.",
                [
                    ("merge", "Merge", "primary"),
                    ("reload", "Reload", "warning"),
                    ("save-as", "Save as…", "default"),
                    ("cancel", "Cancel", "default"),
                ],
            )
        )
        if choice == "merge":
            merged: str | None = await self.merge(trip_id)
            return merged
        if choice == "reload":
            self.reload(trip_id)
        elif choice == "save-as":
            await self.ask_save_as(trip_id)
        return None

    async def merge(self, trip_id: str) -> str | None:
        """Merge the edits here with the file as it is now, settle conflicts, and save the result."""
        session = self.session
        name = str(session.loaded[trip_id].path.name)
        try:
            theirs, plan = await asyncio.to_thread(merge_with_disk, session, trip_id)
        except TripFileError as exc:
            self.notify(f"cannot merge: {exc}", title="Not merged", severity="error", markup=False, timeout=15)
            return None
        choices = None
        if plan.conflicts:
            choices = await self.app.push_screen_wait(MergeScreen(plan, name))
            if choices is None:
                self.notify(f"Not merged; your changes to {trip_id} are still here.", timeout=4, markup=False)
                return None
        session.adopt_file(trip_id, theirs, plan.resolve(choices), f"merge {trip_id} with {name} on disk")
        self._announced_disk.discard(trip_id)
        self.refresh_keeping_cursor()
        if trip_id not in session.dirty():
            self.notify(f"{name}: the file already holds every change.", timeout=4, markup=False)
            return name
        saved: str | None = await self.save_one(trip_id)
        if saved:
            self.notify(
                f"Merged with {name} on disk and saved (u takes the merge back).",
                title="Merged",
                timeout=6,
                markup=False,
            )
        return saved

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
            copy = session.copy_as(trip_id, new_id)
            done = await asyncio.to_thread(write_copy, path, copy, session.loaded[trip_id])
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
        self.notify(f"Reloaded {trip_id} from disk (u brings your version back).", timeout=4, markup=False)

    def check_disk(self, changed: list[str]) -> None:
        """Say once per file when a trip file changed on disk (from the app's watcher).

        The header keeps saying so (``⚠ changed on disk``) for as long as the
        file differs from what was loaded: a toast fades, the difference does not.
        """
        for trip_id in changed:
            if trip_id in self._announced_disk or trip_id not in self.session.loaded:
                continue
            self._announced_disk.add(trip_id)
            name = self.session.loaded[trip_id].path.name
            self.notify(
                f"{name} changed on disk. Saving will offer to merge; reload from the command palette (ctrl+p).",
                title="File changed",
                severity="warning",
                timeout=8,
                markup=False,
            )
        if self._announced_disk - set(changed):
            self._announced_disk &= set(changed)  # back as it was loaded (or saved over by a merge)
        self.update_titles()

    # ---------------------------------------------------------------- export

    @work(exclusive=True, group="export")
    async def action_export(self) -> None:
        """Write the cursor's trip (or the events the filter selects) to .ics in the workspace's exports folder.

        The filter's ``person:``, ``org:`` and ``kind:`` select events as
        ``planner export --person/--org/--kind`` do (``trip:`` picks the trip).
        A file that exists with other bytes is replaced only when the person
        says so. Each changed event's SEQUENCE and LAST-MODIFIED are recorded
        in its trip file at once, those keys only (as ``planner export``
        does), so an export never makes a trip unsaved and unsaved edits stay
        unsaved.
        """
        flt = self.filter
        row = self.table.current
        selecting = bool(flt.person or flt.org or flt.kind)
        session = self.session
        if flt.trip and flt.trip in session.trips:
            trips = [session.trips[flt.trip]]
        elif selecting:
            trips = session.all_trips()
        elif row is not None:
            trips = [session.trips[row.trip.id]]
        else:
            self.notify("Put the cursor on a trip first.", severity="warning")
            return
        try:
            alarms = configured_alarms()  # the same alarms as `planner export`, so SEQUENCE never flip-flops
        except TripFileError as exc:  # a broken configuration file: its lines, and nothing exported
            self.notify(clean(str(exc)), title="Configuration", severity="error", markup=False, timeout=10)
            return
        out = self.export_dir or workspace_exports(session.folder)
        # A person's calendar is named by the id in the filter (the command uses display names).
        label = " ".join(x for x in (flt.person, flt.org, flt.kind) if x) or None
        plan = plan_export(trips, person=flt.person, org=flt.org, kind=flt.kind, out=out, label=label, alarms=alarms)
        if not plan.event_count:
            what = clean(flt.describe() or "this trip", single_line=True)
            self.notify(f"{what}: no event to export.", severity="warning", markup=False)
            return
        path = plan.files[0].path
        if any(not ID_RE.fullmatch(f.path.name.removesuffix(".ics")) for f in plan.files):
            # The name comes from ids (a typed filter too): it must stay a plain file name.
            self.notify(
                f"{clean(path.name, single_line=True)}: not a file name for an export (ids use a-z, 0-9 and -)",
                severity="error",
                markup=False,
            )
            return
        taken = await asyncio.to_thread(would_overwrite, plan)
        if taken:
            answer = await self.app.push_screen_wait(
                ChoiceScreen(
                    f"{taken[0].name} exists",
                    f"{taken[0]} already exists and holds something else. Replace it with this export?",
                    [("replace", "Replace", "warning"), ("cancel", "Cancel", "default")],
                )
            )
            if answer != "replace":
                self.notify("Not exported; nothing was written.", timeout=4, markup=False)
                return
        try:
            await asyncio.to_thread(write_export, plan)
        except OSError as exc:
            self.notify(f"cannot write {path}: {exc.strerror or exc}", severity="error", markup=False, timeout=10)
            return
        note = ""
        if plan.changed:
            written = await asyncio.to_thread(write_stamps, session, plan)
            kept = [tid for tid, done in written.items() if done.loaded is None]
            for tid, done in written.items():
                if done.loaded is not None:
                    session.record_export(tid, done.loaded, done.trip)
            if kept:
                note = f" The export stamps of {', '.join(kept)} were not recorded (its file changed or refused)."
        self.refresh_keeping_cursor()
        self.notify(f"Wrote {path} ({plan.event_count} events).{note}", title="Exported", timeout=6, markup=False)
