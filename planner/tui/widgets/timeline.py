"""The timeline view: trip and day heading rows, then one row per occurrence.

A line-API widget (``ScrollView.render_line``): only the rows on screen are
ever rendered, so ten thousand events fill the view as fast as ten. Cells are
``rich.text.Text`` built from cleaned values, never markup, so a title such as
``[bold]x`` shows literally; Rich measures Hangul as two cells, so Korean and
English columns stay aligned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from planner.display import clean, day_heading, korean_date, place_line, time_label, trip_dates
from planner.model.trip import KIND_LABELS
from planner.tui.rows import Row, TimeMode

STATUS_STYLES = {"confirmed": "green", "tentative": "yellow", "cancelled": "red strike"}
TIME_WIDTH = 22
"""Fits the longest precision label, "18 Oct–21 Oct (4 days)"."""
FIXED = {"place": 18, "kind": 11, "status": 9}
NARROW = {"place": 12, "kind": 9, "status": 9}
MIN_TITLE = 20


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int


def layout(width: int, mode: TimeMode) -> list[Column]:
    """Columns for a view ``width`` cells wide; the title takes what is left.

    >>> [c.width for c in layout(120, "event")]
    [1, 22, 51, 18, 11, 9]
    >>> [c.width for c in layout(80, "event")]
    [1, 16, 25, 12, 9, 9]
    """
    narrow = width < 110
    # In a narrow terminal the fixed columns give way first, so the title keeps some room.
    time_width = 16 if narrow else TIME_WIDTH
    times = [Column("time", "time", time_width)]
    if mode == "both":
        times = [Column("time", "time (event)" if narrow else "time (event zone)", time_width),
                 Column("home", "time (home)" if narrow else "time (home zone)", time_width)]
    fixed = [Column(k, k, w) for k, w in (NARROW if narrow else FIXED).items()]
    used = 1 + sum(c.width for c in (*times, *fixed))
    gaps = 1 + len(times) + len(fixed) + 1  # one space before each column, one for the scrollbar edge
    title = max(MIN_TITLE, width - used - gaps - 2)
    return [Column("mark", "", 1), *times, Column("title", "title", title), *fixed]


class TimelineTable(ScrollView, can_focus=True):
    """Rows from :func:`planner.tui.rows.timeline_rows`, with a row cursor."""

    DEFAULT_CSS = """
    TimelineTable {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
    }
    TimelineTable > .timeline--header { text-style: bold; background: $panel; }
    TimelineTable > .timeline--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    TimelineTable:blur > .timeline--cursor { background: $block-cursor-blurred-background; text-style: none; }
    """

    COMPONENT_CLASSES = {"timeline--header", "timeline--cursor"}

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor_to(0)", "First row", show=False),
        Binding("end", "cursor_to(-1)", "Last row", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=False, init=False)

    @dataclass
    class RowChosen(Message):
        """The cursor moved to a row, or the top visible row changed."""

        table: TimelineTable
        row: Row | None
        """The row under the cursor."""
        top: Row | None
        """The first row visible, which decides the sticky trip and day line."""

    @dataclass
    class RowSelected(Message):
        """Enter (or a double click) on a row."""

        table: TimelineTable
        row: Row

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows_shown: list[Row] = []
        self.mode: TimeMode = "event"
        self._index: dict[str, int] = {}
        self._columns: list[Column] = layout(120, "event")
        self._lines: LRUCache[tuple, Strip] = LRUCache(1024)

    # ---------------------------------------------------------------- filling

    def show(self, rows: list[Row], mode: TimeMode, keep: str | None = None) -> None:
        """Replace the rows; keep the cursor on the row keyed ``keep`` if still there."""
        self.rows_shown = rows
        self.mode = mode
        self._index = {r.key: i for i, r in enumerate(rows)}
        self._relayout()
        target = self._index.get(keep, None) if keep is not None else None
        if target is None:
            target = min(self.cursor_row, max(0, len(rows) - 1))
        self.set_reactive(TimelineTable.cursor_row, target)
        self._scroll_cursor_into_view()
        self.refresh()
        self._announce()

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width or self.size.width or self.app.size.width
        self._columns = layout(width, self.mode)
        self._lines.clear()
        self.virtual_size = Size(width, len(self.rows_shown) + 1)

    @property
    def columns(self) -> list[Column]:
        return self._columns

    @property
    def row_count(self) -> int:
        return len(self.rows_shown)

    def cells(self, r: Row) -> list[Text]:
        """The texts of one row, in column order."""
        both = self.mode == "both"
        trip = r.trip
        if r.kind == "trip":
            title = Text(clean(trip.display_title(), single_line=True), style="bold")
            cells = [Text("▍", style="bold magenta"), Text(trip_dates(trip), style="bold magenta")]
            if both:
                cells.append(Text(""))
            return [*cells, title, Text(trip.id, style="magenta"), Text(""), Text(trip.status, style="dim")]
        if r.kind == "day":
            heading = Text(f"{r.day:%a} {r.day.day} {r.day:%b %Y}" if r.day else "unscheduled", style="bold cyan")
            second = Text(korean_date(r.day) if r.day else "still to be dated: during the trip", style="cyan")
            cells = [Text(""), heading]
            if both:
                cells.append(Text(""))
            return [*cells, second, Text(""), Text(""), Text("")]
        occ = r.occurrence
        assert occ is not None
        ev = occ.event
        precise = occ.when.precision == "exact"
        mark = Text("!", style="bold red") if r.overlaps else Text("")
        cells = [mark, Text(time_label(occ, "home" if self.mode == "home" else "event"),
                            style="" if precise else "italic yellow")]
        if both:
            cells.append(Text(time_label(occ, "home") if precise else "", style="dim"))
        title = Text(clean(ev.title, single_line=True))
        if ev.title_ko:
            title.append(" · " + clean(ev.title_ko, single_line=True), style="dim")
        if ev.repeat is not None:
            title.append(" ↻", style="magenta")
        place = place_line(trip, ev.place, address=False)
        return [
            *cells,
            title,
            Text(place or "—", style="" if place else "dim"),
            Text(KIND_LABELS.get(ev.kind, ev.kind)),
            Text(ev.status, style=STATUS_STYLES.get(ev.status, "")),
        ]

    # ---------------------------------------------------------------- drawing

    def _line_text(self, cells: list[Text]) -> Text:
        line = Text(no_wrap=True, end="")
        for column, cell in zip(self._columns, cells):
            # A gap with its own (invisible) style keeps each column a separate
            # segment, so SVG screenshots place every column at its own cell.
            line.append(" ", style=Style(meta={"column": column.key}))
            cell = cell.copy()
            cell.truncate(column.width, overflow="ellipsis", pad=True)
            line.append_text(cell)
        return line

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._render_cached(("header", width), width, self._header_text, "timeline--header")
        index = round(self.scroll_y) + y - 1
        if not 0 <= index < len(self.rows_shown):
            return Strip.blank(width, self.rich_style)
        is_cursor = index == self.cursor_row
        key = (index, is_cursor, width, self.has_focus)
        return self._render_cached(key, width, lambda: self._line_text(self.cells(self.rows_shown[index])),
                                   "timeline--cursor" if is_cursor else None)

    def _header_text(self) -> Text:
        return self._line_text([Text(c.label) for c in self._columns])

    def _render_cached(self, key: tuple, width: int, make, component: str | None) -> Strip:
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        base = self.rich_style
        segments = Segment.apply_style(make().render(self.app.console), style=base)
        if component:
            # The header's and the cursor's colours go over each cell's own.
            segments = Segment.apply_style(segments, post_style=self.get_component_rich_style(component))
        strip = Strip(list(segments)).crop_extend(0, width, base)
        self._lines[key] = strip
        return strip

    # ---------------------------------------------------------------- cursor

    @property
    def current(self) -> Row | None:
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]

    def top_row(self) -> Row | None:
        if not self.rows_shown:
            return None
        return self.rows_shown[min(round(self.scroll_y), len(self.rows_shown) - 1)]

    def index_of(self, key: str) -> int | None:
        return self._index.get(key)

    def row(self, key: str) -> Row | None:
        index = self._index.get(key)
        return self.rows_shown[index] if index is not None else None

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._lines.clear()
        self._scroll_cursor_into_view()
        self.refresh()
        self._announce()

    def _scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_y)
        page = self._page
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + page:
            self.scroll_to(y=self.cursor_row - page + 1, animate=False)

    def move_cursor(self, row: int) -> None:
        if self.rows_shown:
            self.cursor_row = max(0, min(row, len(self.rows_shown) - 1))

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor_row + delta)

    def action_page(self, pages: int) -> None:
        self.move_cursor(self.cursor_row + pages * self._page)

    def action_cursor_to(self, index: int) -> None:
        self.move_cursor(index if index >= 0 else len(self.rows_shown) - 1)

    def action_select(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.RowSelected(self, row))

    def go_to_key(self, key: str) -> bool:
        index = self._index.get(key)
        if index is None:
            return False
        self.move_cursor(index)
        # Show a few rows above it: its day heading and what came just before.
        self.scroll_to(y=max(0, index - 3), animate=False)
        return True

    def go_to_date(self, day: date) -> bool:
        """Put the cursor on the first day heading on or after ``day`` (the earliest trip's)."""
        best: tuple[date, int] | None = None
        for i, r in enumerate(self.rows_shown):
            if r.kind == "day" and r.day is not None and r.day >= day and (best is None or r.day < best[0]):
                best = (r.day, i)
        if best is None:
            return False
        self.move_cursor(best[1])
        self.scroll_to(y=max(0, best[1] - 1), animate=False)
        return True

    async def _on_click(self, event: Click) -> None:
        if event.y < 1:
            return
        index = round(self.scroll_y) + event.y - 1
        if 0 <= index < len(self.rows_shown):
            self.move_cursor(index)
            if event.chain >= 2:
                self.action_select()

    # ---------------------------------------------------------------- events

    def _announce(self) -> None:
        self.post_message(self.RowChosen(self, self.current, self.top_row()))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._announce()

    def on_resize(self) -> None:
        self._relayout()
        self._scroll_cursor_into_view()

    def on_focus(self) -> None:
        self._lines.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._lines.clear()
        self.refresh()


def sticky_line(row: Row | None) -> Text:
    """"Day ‹ trip" for the top of the table, so both stay visible while scrolling."""
    if row is None:
        return Text("no events match", style="yellow")
    text = Text(no_wrap=True, overflow="ellipsis")
    if row.kind != "trip":
        text.append(day_heading(row.day) if row.day else "unscheduled during the trip", style="bold cyan")
        text.append("  ‹  ")
    text.append(clean(row.trip.display_title(), single_line=True), style="bold magenta")
    return text
