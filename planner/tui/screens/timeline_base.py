"""The timeline screen's state and drawing, shared by its editing and file actions.

:class:`~planner.tui.screens.timeline.TimelineScreen` is this class with the
actions of :mod:`.timeline_edits` and :mod:`.timeline_files` mixed in; each
of those modules holds one family of keys, so the screen stays readable.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import App
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Header, Static

from planner.model.trip import Event
from planner.tui.widgets.timeline import TimelineTable
from planner.usecases.editing import Session
from planner.views.empty_days import with_empty_day
from planner.views.filtering import Filter
from planner.views.rows import TIME_MODE_NAMES, Row, RowBuilder, TimeMode, key_trip


class TimelineBase(Screen[None]):
    """The trips being edited, the filter and zone view, and the timeline drawn from them."""

    def __init__(
        self,
        session: Session,
        *,
        today: date | None = None,
        export_dir: Path | None = None,
        start: date | None = None,
        mode: TimeMode = "event",
        position: str | None = None,
    ):
        """``start``: the day to open on (or the next trip after it); ``mode`` and ``position`` (a row key):
        the zone view and a remembered row to open on instead."""
        super().__init__()
        self.session = session
        self.today = today or date.today()
        self.start = start
        """The day the timeline opens on (or the next trip after it); ``None``: the first trip."""
        self.export_dir = export_dir
        self.mode: TimeMode = mode
        self.position = position
        self.filter = Filter()
        self._builder = RowBuilder()
        self._announced_disk: set[str] = set()
        self.empty_day: tuple[str, date] | None = None
        """A day without events gone to on purpose (trip id, day): shown with its own heading."""
        self._chosen: str | None = None
        """The key of the row the person last put the cursor on (a filter keeps it when it can)."""
        self._landed: str | None = None
        """Where a filter put the cursor because the chosen row was hidden: not a choice."""

    @property
    def table(self) -> TimelineTable:
        return self.query_one(TimelineTable)

    # ---------------------------------------------------------------- drawing

    def refresh_timeline(self, keep: str | None = None) -> None:
        """Rebuild the rows from the session; keep the cursor on ``keep`` (a row key)."""
        rows = self._builder.rows(self.session.all_trips(), self.filter, self.mode)
        if self.empty_day is not None:
            trip = self.session.trips.get(self.empty_day[0])
            if trip is not None and trip.first_day <= self.empty_day[1] <= trip.last_day:
                rows = with_empty_day(rows, trip, self.empty_day[1])
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
        if self._announced_disk:
            parts.append(f"⚠ changed on disk: {', '.join(sorted(self._announced_disk))}")
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

    def refresh_keeping_cursor(self) -> None:
        """Redraw after a change, with the cursor on the row it was on."""
        current = self.table.current
        self.refresh_timeline(current.key if current else None)

    # ---------------------------------------------------------------- the cursor

    def note_cursor(self, row: Row | None) -> None:
        """The cursor is on ``row``: remember it as chosen, unless a filter only put it there.

        Rows the cursor passes while someone types in the filter are never
        chosen (the focus is in the filter box then).
        """
        if row is None or not self.table.has_focus:
            return
        if row.key == self._landed:
            self._landed = None
            return
        self._chosen = row.key

    def filter_keep(self) -> str | None:
        """The row a new filter keeps the cursor on: the one last chosen (``refresh_timeline`` copes if hidden)."""
        chosen = self._chosen
        current = self.table.current
        return chosen or (current.key if current else None)

    def after_filter(self) -> None:
        """Note where the cursor landed if the chosen row is hidden, so it is not taken for a choice."""
        current = self.table.current
        self._landed = current.key if current is not None and current.key != self._chosen else None

    def cursor_event(self) -> tuple[str, Event] | None:
        row = self.table.current
        if row is None or row.occurrence is None:
            self.notify("Put the cursor on an event first.", severity="warning")
            return None
        return row.trip.id, row.occurrence.event

    def cursor_trip_id(self) -> str | None:
        row = self.table.current
        if row is not None:
            return row.trip.id
        return next(iter(self.session.trips), None)
