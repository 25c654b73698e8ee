"""The month calendar: a grid of the month's weeks, empty days included, with what is on each day.

Arrows move by day (up and down by week), PgUp/PgDn by month, ``.`` to
today; Enter dismisses with the chosen day, and the timeline goes there (an
empty day gets its own heading). The grid comes from
:func:`planner.views.month.month_grid`; this module only draws it, as lines
of cells cut to their width with an ellipsis (Hangul counted two cells wide).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from planner.model.timeline import ZoneView
from planner.model.trip import Trip
from planner.text.labels import day_heading
from planner.views.filtering import Filter
from planner.views.month import WEEKDAYS, DayCell, MonthGrid, month_grid, shift_month


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells; a cut ends in "…"."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def cell_lines(cell: DayCell, width: int, height: int, today: date) -> list[tuple[str, str]]:
    """The ``height`` lines of one day's cell, each ``(text, style)``: its day number, then its entries."""
    number = f"{cell.day.day:>2}"
    if cell.day == today:
        number += " today"
    head_style = "bold" if cell.in_month else "dim"
    if cell.trips and cell.in_month:
        head_style += " cyan"
    lines = [(fit(number, width), head_style)]
    room = height - 1
    entries = list(cell.entries)
    shown = entries if len(entries) <= room else entries[: max(0, room - 1)]
    timed = width >= 16
    for e in shown:
        text = f"{e.time} {e.title}" if timed and e.time else e.title
        lines.append((fit(text, width), "" if cell.in_month else "dim"))
    if len(shown) < len(entries) and room > 0:
        lines.append((fit(f"+{len(entries) - len(shown)} more", width), "italic yellow"))
    while len(lines) < height:
        lines.append((" " * width, ""))
    return lines[:height]


def draw(grid: MonthGrid, chosen: date, today: date, width: int, height: int) -> Text:
    """The whole calendar, ``width`` × ``height`` cells: weekday headings, then each week between rules."""
    col = max(3, (width - 6) // 7)
    weeks = len(grid.weeks)
    per_week = max(2, (height - 1 - weeks) // max(1, weeks))
    out = Text(no_wrap=True, overflow="crop", end="")
    out.append("│".join(fit(f" {w}", col) for w in WEEKDAYS), style="bold")
    for week in grid.weeks:
        out.append("\n" + "┼".join("─" * col for _ in week), style="dim")
        columns = [cell_lines(c, col, per_week, today) for c in week]
        for i in range(per_week):
            out.append("\n")
            for j, (cell, lines) in enumerate(zip(week, columns, strict=True)):
                if j:
                    out.append("│", style="dim")
                text, style = lines[i]
                if cell.day == chosen:
                    style = f"{style} reverse".strip()
                out.append(text, style=Style.parse(style) if style else None)
    return out


class MonthView(Widget, can_focus=True):
    """The grid of one month with a chosen day; redrawn when the day or the size changes."""

    DEFAULT_CSS = """
    MonthView { height: 1fr; background: $surface; }
    """

    day: reactive[date] = reactive(date(2000, 1, 1))

    def __init__(
        self,
        trips: Sequence[Trip],
        day: date,
        *,
        today: date,
        filter: Filter,
        view: ZoneView = "event",
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.trips = list(trips)
        self.today = today
        self.filter = filter
        self.zone_view: ZoneView = view
        self._grids: dict[tuple[int, int], MonthGrid] = {}
        self.set_reactive(MonthView.day, day)

    @property
    def grid(self) -> MonthGrid:
        key = (self.day.year, self.day.month)
        found = self._grids.get(key)
        if found is None:
            found = self._grids[key] = month_grid(self.trips, *key, self.filter, self.zone_view)
        return found

    def render(self) -> Text:
        return draw(self.grid, self.day, self.today, self.size.width, self.size.height)


class MonthScreen(Screen[date | None]):
    """The month calendar over every trip (as the timeline's filter shows them); Enter picks a day."""

    BINDINGS = [
        Binding("left", "move(-1)", "Day before", show=False),
        Binding("right", "move(1)", "Day after", show=False),
        Binding("up", "move(-7)", "Week before", show=False),
        Binding("down", "move(7)", "Week after", show=False),
        Binding("pageup", "month(-1)", "Month before", key_display="PgUp"),
        Binding("pagedown", "month(1)", "Month after", key_display="PgDn"),
        Binding("full_stop", "today", "Today", key_display="."),
        Binding("enter", "open", "Open the day"),
        Binding("escape,m", "close", "Timeline", key_display="esc"),
    ]

    DEFAULT_CSS = """
    MonthScreen #month-day { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(
        self, trips: Sequence[Trip], day: date, *, today: date, filter: Filter = Filter(), view: ZoneView = "event"
    ):
        """``view``: the days of the timeline's zone view (``home`` puts an event on its home-zone day)."""
        super().__init__()
        self._trips = trips
        self._start = day
        self.today = today
        self._filter = filter
        self._view: ZoneView = view

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        yield MonthView(self._trips, self._start, today=self.today, filter=self._filter, view=self._view, id="month")
        yield Static(id="month-day")
        yield Footer()

    @property
    def view(self) -> MonthView:
        return self.query_one(MonthView)

    @property
    def day(self) -> date:
        return self.view.day

    def on_mount(self) -> None:
        self.view.focus()
        self._describe()

    def _describe(self) -> None:
        view = self.view
        self.title = "planner · month"
        self.sub_title = view.grid.title
        cell = view.grid.cell(view.day)
        what = f"{len(cell.entries)} on this day" if cell and cell.entries else "nothing on this day"
        if cell and cell.trips:
            what += " · trip " + ", ".join(cell.trips)
        self.query_one("#month-day", Static).update(Text(f"{day_heading(view.day)} · {what}"))

    def go(self, day: date) -> None:
        self.view.day = day
        self.view.refresh()
        self._describe()

    def action_move(self, days: int) -> None:
        self.go(self.day + timedelta(days=days))

    def action_month(self, months: int) -> None:
        self.go(shift_month(self.day, months))

    def action_today(self) -> None:
        self.go(self.today)

    def action_open(self) -> None:
        self.dismiss(self.day)

    def action_close(self) -> None:
        self.dismiss(None)
