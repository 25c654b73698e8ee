"""A trip's calendars elsewhere: when it was last synced and published, whether the server has news, sync now.

Opened from the palette ("sync: TRIP"). What it shows at first comes from
the state files alone (:func:`planner.usecases.sync.sync_status`), so
opening it costs no network call; ``c`` asks each server for its calendar's
tags, ``s`` runs :func:`planner.usecases.sync.sync_trip` again for each
calendar the trip was synced to, without pulling (exactly ``planner sync``
without ``--pull``), both in a worker thread. The password is
``$PLANNER_CALDAV_PASSWORD`` or asked here once. A trip with unsaved edits
is not synced: the sync works on the file, so save first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from planner.storage import LoadedTrip
from planner.usecases.publish import last_published
from planner.usecases.sync import Status, server_changes, sync_status, sync_trip, target_of

Dirty = Callable[[], bool]


def _when(iso: str) -> str:
    return iso.replace("T", " ").replace("+00:00", " UTC") if iso else "never"


class SyncScreen(ModalScreen[bool]):
    """Dismisses with whether the trip file was written (so the timeline reloads it)."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("c", "check", "Check the server"),
        Binding("s", "sync", "Sync now"),
    ]

    def __init__(self, folder: Path, loaded: LoadedTrip, dirty: Dirty):
        super().__init__()
        self.folder = folder
        self.loaded = loaded
        self.dirty = dirty
        self.statuses: list[Status] = sync_status(folder, loaded.trip.id)
        self.password: str | None = None
        self.wrote = False
        self.report: list[str] = []
        self._pending: str = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(f"Calendars of {self.loaded.trip.id}", style="bold"), id="dialog-title")
            yield Static(self.body(), id="sync-body")
            yield Static(Text("c check the server · s sync now (no pull) · esc close", style="dim"))

    def body(self) -> Text:
        text = Text()
        text.append(f"published: {_when(last_published(self.folder, self.loaded.trip.id))}\n")
        if not self.statuses:
            text.append("synced: never (planner sync TRIP --url URL)\n")
        for st in self.statuses:
            s = st.state
            who = " ".join(x for x in (s.person, s.level) if x)
            text.append(f"{s.calendar} at {s.url}" + (f" ({who})" if who else "") + "\n")
            text.append(f"  last synced: {_when(s.last_sync)}")
            if s.last_attempt and s.last_attempt != s.last_sync:
                text.append(f" (last attempt {_when(s.last_attempt)} did not finish)")
            text.append("\n")
            if s.waiting:
                text.append(f"  {len(s.waiting)} change(s) from the server waiting to be pulled\n")
            if st.changed is True:
                text.append("  the server has changed since: changes waiting\n")
            elif st.changed is False:
                text.append("  no change on the server since\n")
            if st.error:
                text.append(f"  {st.error}\n")
        for line in self.report:
            text.append(line + "\n")
        return text

    def _refresh_body(self) -> None:
        self.query_one("#sync-body", Static).update(self.body())

    def _with_password(self, then: str) -> bool:
        if self.password is not None:
            return True
        import os

        from planner.usecases.sync import PASSWORD_ENV

        if PASSWORD_ENV in os.environ:
            self.password = os.environ[PASSWORD_ENV]
            return True
        self._pending = then
        if not self.query("#sync-password"):
            box = Input(password=True, placeholder="CalDAV password (enter)", id="sync-password")
            self.query_one("#dialog", Vertical).mount(box, after="#sync-body")
            box.focus()
        return False

    @on(Input.Submitted, "#sync-password")
    def _password(self, event: Input.Submitted) -> None:
        self.password = event.value
        event.input.remove()
        (self.action_check if self._pending == "check" else self.action_sync)()

    def action_check(self) -> None:
        if self.statuses and self._with_password("check"):
            self._check()

    def action_sync(self) -> None:
        if not self.statuses:
            self.report = ["no calendar yet: the first sync is `planner sync TRIP --url URL`"]
            self._refresh_body()
        elif self.dirty():
            self.report = ["this trip has unsaved edits: save (ctrl+s) first; a sync works on the file"]
            self._refresh_body()
        elif self._with_password("sync"):
            self.report = ["syncing…"]
            self._refresh_body()
            self._sync()

    @work(thread=True, exclusive=True)
    def _check(self) -> None:
        found = [server_changes(st, self.password) for st in self.statuses]
        self.app.call_from_thread(self._checked, found)

    def _checked(self, found: list[Status]) -> None:
        self.statuses = found
        self._refresh_body()

    @work(thread=True, exclusive=True)
    def _sync(self) -> None:
        from planner.storage import load_file

        lines: list[str] = []
        for st in self.statuses:
            loaded = load_file(self.loaded.path)
            before = loaded.text
            try:
                result = sync_trip(self.folder, loaded, target_of(st.state), self.password)
            except (OSError, ValueError) as exc:
                lines.append(f"{st.state.calendar}: {exc}")
                continue
            self.wrote |= load_file(self.loaded.path).text != before
            done = ", ".join(f"{sum(1 for d in result.done if d.action == a)} {a}" for a in ("add", "update", "delete"))
            lines.append(f"{st.state.calendar}: {done}")
            if result.proposals:
                lines.append(f"  {len(result.proposals)} change(s) from the server wait: planner sync --pull")
            if result.conflicts:
                lines.append(f"  {len(result.conflicts)} conflict(s): planner sync shows both versions")
            if result.error is not None:
                lines.append(f"  stopped: {result.error}")
        self.app.call_from_thread(self._synced, lines)

    def _synced(self, lines: list[str]) -> None:
        self.report = lines
        self.statuses = sync_status(self.folder, self.loaded.trip.id)
        self._refresh_body()

    def action_close(self) -> None:
        self.dismiss(self.wrote)


def open_sync(host: Any, trip_id: str) -> None:
    """Open the sync screen for ``trip_id`` over the timeline ``host``; reload the trip if the sync wrote its file."""
    session = host.session
    if trip_id not in session.loaded:
        host.notify(f"{trip_id} has no file yet: save it first", markup=False)
        return

    def done(wrote: bool | None) -> None:
        if wrote:
            host.reload(trip_id)

    screen = SyncScreen(session.folder, session.loaded[trip_id], lambda: trip_id in session.dirty())
    host.app.push_screen(screen, done)
