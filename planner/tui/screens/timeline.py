"""The main screen: the timeline of every trip, the chosen event, and every key."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Input

from planner.text.dates import TripDays, WhenError, parse_day
from planner.tui.commands import Command
from planner.tui.palette import timeline_commands
from planner.tui.screens.checks import ChecksScreen
from planner.tui.screens.prompt import PromptScreen
from planner.tui.screens.timeline_days import DayActions
from planner.tui.screens.timeline_edits import EditActions
from planner.tui.screens.timeline_files import FileActions
from planner.tui.widgets.detail import DetailPane, UndatedPane
from planner.tui.widgets.names import FilterSuggester
from planner.tui.widgets.timeline import StickyLine, TimelineTable
from planner.views.filtering import Filter
from planner.views.rows import TIME_MODES, Row, TimeMode


class TimelineScreen(EditActions, FileActions, DayActions):
    """Every trip grouped by day; keys add, edit, move, undo and save events.

    The screen draws and dispatches: the editing keys are in :class:`EditActions`,
    the file keys in :class:`FileActions`, the state and drawing in their base.
    """

    BINDINGS = [
        # Quit and Help first, so a narrow footer never cuts them off (the app's own keys come last).
        Binding("ctrl+q", "app.quit", "Quit", key_display="^q"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("c", "duplicate", "Duplicate", show=False),
        Binding("delete,x", "delete", "Delete", key_display="del", show=False),
        Binding("right_square_bracket", "move(1, 0)", "Day later", key_display="]", show=False),
        Binding("left_square_bracket", "move(-1, 0)", "Day earlier", key_display="[", show=False),
        Binding("right_curly_bracket", "move(0, 1)", "Hour later", key_display="}", show=False),
        Binding("left_curly_bracket", "move(0, -1)", "Hour earlier", key_display="{", show=False),
        Binding("u,ctrl+z", "undo", "Undo", key_display="u"),
        Binding("ctrl+r,ctrl+y", "redo", "Redo", key_display="^r", show=False),
        Binding("ctrl+s", "save", "Save files", key_display="^s"),
        Binding("S", "save_as", "Save as", key_display="S", show=False),
        Binding("z", "cycle_time", "Zones"),
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("ctrl+l", "clear_filter", "Clear filter", show=False),
        Binding("g", "go_to_date", "Go to date"),
        Binding("full_stop", "go_today", "Go to today", key_display=".", show=False),
        Binding("m", "month", "Month calendar", show=False),
        Binding("ctrl+e", "export", "Export", key_display="^e", show=False),
        Binding("p", "add_person", "New person", show=False),
        Binding("l", "add_place", "New place", show=False),
        Binding("t", "edit_trip", "Edit trip", show=False),
        Binding("n", "new_trip", "New trip", show=False),
        Binding("D", "draft", "Draft from text", key_display="D", show=False),
        Binding("exclamation_mark", "checks", "Checks", key_display="!", show=False),
        Binding("i", "toggle_detail", "Details", show=False),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    """Layout classes by size (see ``styles/app.tcss``): a short screen gives the timeline most rows."""
    DETAIL_VIEWS = ("normal", "large", "hidden")
    """What ``i`` cycles through: the detail pane as laid out, taking most of the screen, or gone."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        yield Input(
            placeholder="/ filter: words person:NAME org:NAME kind:mou trip:ID · esc: back",
            id="filter",
            compact=True,
            suggester=FilterSuggester(self.session.all_trips),
        )
        yield StickyLine(id="sticky")
        yield TimelineTable(id="timeline")
        with Horizontal(id="bottom"):
            with VerticalScroll(id="detail-scroll"):
                yield DetailPane(id="detail")
            with VerticalScroll(id="undated-scroll"):
                yield UndatedPane(id="undated")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.table.focus()
        self.refresh_timeline()
        if self.position is not None:  # the row remembered from a run earlier today
            self.call_after_refresh(self.table.go_to_key, self.position)
        elif self.start is not None:
            self.open_on(self.start)
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

    @on(TimelineTable.RowChosen)
    def _row_chosen(self, message: TimelineTable.RowChosen) -> None:
        row = message.row
        # The line above the table names the cursor's day (the top row's while there is none).
        self.query_one(StickyLine).show(row or message.top)
        self.note_cursor(row)
        if row is not None:
            self.position = row.key  # remembered at exit (the state file)
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
        """Show what ``flt`` keeps; the cursor stays on the row last chosen while that row is shown."""
        self.filter = flt
        self.empty_day = None
        if update_box:
            box = self.query_one("#filter", Input)
            with box.prevent(Input.Changed):
                box.value = flt.describe()
        self.refresh_timeline(self.filter_keep())
        self.after_filter()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Empty the filter; the focus stays where it was (typing in the filter goes on there)."""
        self.set_filter(Filter())

    def action_cycle_time(self) -> None:
        self.set_time_mode(TIME_MODES[(TIME_MODES.index(self.mode) + 1) % len(TIME_MODES)])

    def set_time_mode(self, mode: TimeMode) -> None:
        self.mode = mode
        current = self.table.current
        self.refresh_timeline(current.key if current else None)
        remember = getattr(self.app, "remember", None)
        if remember is not None:
            remember()

    @work(exclusive=True, group="prompt")
    async def action_go_to_date(self) -> None:
        text = await self.app.push_screen_wait(PromptScreen("Go to date", "2021-10-19 · Oct 19 · 10월 19일 · today"))
        if text:
            self.go_to_date_text(text)

    def go_to_date_text(self, text: str) -> bool:
        current = self.table.current
        base = current.day if current and current.day else self.today
        try:
            trips = [TripDays.of(t) for t in self.session.all_trips()]
            day = parse_day(text, base, self.today, trips=trips)
        except WhenError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        return self.go_to_day(day)

    def action_toggle_detail(self) -> None:
        """``i``: the detail pane larger (outcome and notes in full), hidden, or back as it was."""
        current = next((v for v in self.DETAIL_VIEWS if self.has_class(f"detail-{v}")), "normal")
        view = self.DETAIL_VIEWS[(self.DETAIL_VIEWS.index(current) + 1) % len(self.DETAIL_VIEWS)]
        self.set_detail_view(view)

    def set_detail_view(self, view: str) -> None:
        for v in self.DETAIL_VIEWS:
            self.set_class(v == view, f"detail-{v}")
        if view == "hidden" and self.focused is not None and self.focused.id == "detail-scroll":
            self.table.focus()
        self.call_after_refresh(self.table.scroll_cursor_into_view)

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

    # ---------------------------------------------------------------- command palette

    def commands(self) -> list[Command]:
        """Everything the palette offers on this screen (see :mod:`planner.tui.commands`)."""
        return timeline_commands(self)
