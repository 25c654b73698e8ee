"""The timeline view: trip and day heading rows, then one row per occurrence.

A line-API widget (``ScrollView.render_line``): only the rows on screen are
ever rendered, so ten thousand events fill the view as fast as ten. Cells are
built from cleaned values, never markup, so a title such as ``[bold]x`` shows
literally; Rich measures Hangul as two cells, so Korean and English columns
stay aligned.

A row's cells are described once (:meth:`TimelineTable.cell_specs`: each
cell's style and its styled pieces of text). :meth:`TimelineTable.cells` turns
that into ``rich.text.Text`` objects (what tests and the header use), and the
drawing path turns it straight into segments, with the same truncation,
padding and styles as ``Text.truncate`` and ``Text.render`` give (a test
compares the two), because building, truncating and rendering ``Text`` objects
took most of a frame. Drawn lines are remembered per row object in a bounded
LRU cache: rows are immutable and shared between redraws, so after an edit, an
undo or a filter only the lines of rows never drawn before are drawn.

Why one module: (about 500 lines) nearly all of it is :class:`TimelineTable`,
whose cell description, segment drawing, line cache and cursor keys share the
column layout and must change together (the test comparing the two drawing
paths guards exactly that); splitting the class would scatter one invariant
over several files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.control import strip_control_codes
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
from textual.widget import Widget

from planner.model.trip import KIND_LABELS
from planner.text.labels import day_heading, korean_date, place_line, time_label, trip_dates
from planner.text.safe import clean
from planner.views.empty_days import is_empty_day
from planner.views.home_time import home_time
from planner.views.marks import event_marks, marks_label
from planner.views.rows import Row, RowList, TimeMode

STATUS_STYLES = {"confirmed": "green", "tentative": "yellow", "cancelled": "red strike"}
TIME_WIDTH = 22
"""Fits the longest precision label, "18 Oct–21 Oct (4 days)"."""
FIXED = {"place": 18, "kind": 11, "status": 9}
NARROW = {"place": 12, "kind": 9, "status": 9}
MIN_TITLE = 20
LINES_CACHED = 256
"""Drawn lines remembered: a few screens' worth in each zone view (a line is some 30 objects)."""

Cell = tuple[str, tuple[tuple[str, str], ...]]
"""A cell: its own style, and its pieces of text with their styles (``""``: none)."""


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
    [1, 16, 35, 12, 9]

    Below 100 cells the kind column goes (the detail pane says it): the
    title, with its Korean, is what a row is read by.
    """
    narrow = width < 110
    # In a narrow terminal the fixed columns give way first, so the title keeps some room.
    time_width = 16 if narrow else TIME_WIDTH
    times = [Column("time", "time", time_width)]
    if mode == "both":
        times = [
            Column("time", "time (event)" if narrow else "time (event zone)", time_width),
            Column("home", "time (home)" if narrow else "time (home zone)", time_width),
        ]
    fixed = [Column(k, k, w) for k, w in (NARROW if narrow else FIXED).items() if width >= 100 or k != "kind"]
    used = 1 + sum(c.width for c in (*times, *fixed))
    gaps = 1 + len(times) + len(fixed) + 1  # one space before each column, one for the scrollbar edge
    title = max(MIN_TITLE, width - used - gaps - 2)
    return [Column("mark", "", 1), *times, Column("title", "title", title), *fixed]


class TimelineTable(ScrollView, can_focus=True):
    """Rows from :func:`planner.views.rows.timeline_rows`, with a row cursor."""

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

    cursor_row: reactive[int] = reactive(0, always_update=False, init=False, repaint=False)
    """The cursor's row; a move redraws only the two lines it changes (see :meth:`watch_cursor_row`)."""

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

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows_shown: RowList = RowList()
        self.mode: TimeMode = "event"
        self._columns: list[Column] = layout(120, "event")
        self._layout: tuple[int, TimeMode] = (120, "event")
        """What the columns were laid out for: part of every cached line's key."""
        self._lines: LRUCache[tuple, tuple[Row | None, Strip]] = LRUCache(LINES_CACHED)
        self._styles: dict[tuple, Style] = {}
        self._base: Style | None = None

    # ---------------------------------------------------------------- filling

    def show(self, rows: RowList, mode: TimeMode, keep: str | None = None) -> None:
        """Replace the rows; keep the cursor on the row keyed ``keep`` if still there.

        Costs one step per trip, not per row (see :class:`~planner.views.rows.RowList`),
        and lines already drawn for the same row objects are drawn from the cache.
        """
        self.rows_shown = rows
        self.mode = mode
        self._relayout()
        target = rows.index_of(keep) if keep is not None else None
        if target is None:
            target = min(self.cursor_row, max(0, len(rows) - 1))
        self.set_reactive(TimelineTable.cursor_row, target)
        self._scroll_cursor_into_view()
        self.refresh()
        self._announce()

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width or self.size.width or self.app.size.width
        self._columns = layout(width, self.mode)
        self._layout = (width, self.mode)
        self.virtual_size = Size(width, len(self.rows_shown) + 1)

    @property
    def _title_width(self) -> int:
        return next((c.width for c in self._columns if c.key == "title"), MIN_TITLE)

    @property
    def columns(self) -> list[Column]:
        return self._columns

    @property
    def row_count(self) -> int:
        return len(self.rows_shown)

    def cells(self, r: Row) -> list[Text]:
        """The texts of one row, in column order."""
        out = []
        for style, parts in self.cell_specs(r):
            text = Text(style=style)
            for piece, piece_style in parts:
                text.append(piece, piece_style or None)
            out.append(text)
        return out

    def cell_specs(self, r: Row) -> list[Cell]:
        """What each cell of a row says and how it is styled, in column order."""
        both = self.mode == "both"
        trip = r.trip
        empty: Cell = ("", ())
        has_kind = any(c.key == "kind" for c in self._columns)
        if r.kind == "trip":
            title = clean(trip.display_title(), single_line=True)
            cells: list[Cell] = [("bold magenta", (("▍", ""),)), ("bold magenta", ((trip_dates(trip), ""),))]
            if both:
                cells.append(empty)
            return [
                *cells,
                ("bold", ((title, ""),)),
                ("magenta", ((trip.id, ""),)),
                *([empty] if has_kind else []),
                ("dim", ((trip.status, ""),)),
            ]
        if r.kind == "day":
            heading = f"{r.day:%a} {r.day.day} {r.day:%b %Y}" if r.day else "not yet on a day"
            second = korean_date(r.day) if r.day else "still to be dated: a month, or during the trip"
            if is_empty_day(r):
                second += " · no events"
            cells = [empty, ("bold cyan", ((heading, ""),))]
            if both:
                cells.append(empty)
            return [*cells, ("cyan", ((second, ""),)), empty, *([empty] if has_kind else []), empty]
        occ = r.occurrence
        assert occ is not None
        ev = occ.event
        precise = occ.when.precision == "exact"
        when = time_label(occ, "home" if self.mode == "home" else "event")
        cells = [
            ("bold red", (("!", ""),)) if r.overlaps else empty,
            ("" if precise else "italic yellow", ((when, ""),)),
        ]
        if both:
            cells.append(("dim", ((home_time(occ), ""),)))
        title = clean(ev.title, single_line=True)
        korean = " · " + clean(ev.title_ko, single_line=True) if ev.title_ko else ""
        room = self._title_width
        if korean and cell_len(title) + cell_len(korean) > room:
            # Too long for both: the English gives way (with "…"), so the Korean title stays in view.
            keep = max(min(10, room // 2), room - cell_len(korean))
            if cell_len(title) > keep:
                title = set_cell_size(title, max(1, keep - 1)) + "…"
        pieces = [(title, "")]
        if korean:
            pieces.append((korean, "dim"))
        if ev.repeat is not None:
            pieces.append((" ↻", "magenta"))
        marked = marks_label(event_marks(trip, ev))
        if marked:
            pieces.append((" " + marked, "dim"))
        place = place_line(trip, ev.place, address=False)
        return [
            *cells,
            ("", tuple(pieces)),
            ("" if place else "dim", ((place or "—", ""),)),
            *([("", ((KIND_LABELS.get(ev.kind, ev.kind), ""),))] if has_kind else []),
            (STATUS_STYLES.get(ev.status, ""), ((ev.status, ""),)),
        ]

    # ---------------------------------------------------------------- drawing

    def _line_text(self, cells: list[Text]) -> Text:
        """A line as one ``Text`` (the header's way, and the reference :meth:`_row_strip` matches)."""
        line = Text(no_wrap=True, end="")
        for column, cell in zip(self._columns, cells, strict=False):
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
            return self._cached(("header", width, self._layout), None, width, self._header_strip)
        index = round(self.scroll_y) + y - 1
        if not 0 <= index < len(self.rows_shown):
            return Strip.blank(width, self._base_style())
        row = self.rows_shown[index]
        is_cursor = index == self.cursor_row
        key = (id(row), is_cursor, is_cursor and self.has_focus, width, self._layout)
        return self._cached(key, row, width, lambda: self._row_strip(row, is_cursor, width))

    def _cached(self, key: tuple, row: Row | None, width: int, make: Callable[[], Strip]) -> Strip:
        hit = self._lines.get(key)
        if hit is not None and hit[0] is row:  # the very row object, not one that reused its id
            return hit[1]
        strip = make()
        self._lines[key] = (row, strip)
        return strip

    def _base_style(self) -> Style:
        """The widget's own colours (``rich_style`` walks every ancestor's styles: remembered)."""
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def _header_strip(self) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style()
        text = self._line_text([Text(c.label) for c in self._columns])
        segments = Segment.apply_style(text.render(self.app.console), style=base)
        # The header's colours go over each cell's own.
        segments = Segment.apply_style(segments, post_style=self.get_component_rich_style("timeline--header"))
        return Strip(list(segments)).crop_extend(0, width, base)

    def _row_strip(self, row: Row, is_cursor: bool, width: int) -> Strip:
        """One row's line as segments, straight from :meth:`cell_specs`.

        Matches ``Text.truncate(width, overflow="ellipsis", pad=True)`` and
        ``Text.render`` of :meth:`_line_text`: a cell longer than its column is
        cut to one cell less and ends in "…" (the pieces cut at the same place),
        a shorter one is padded with spaces in the cell's own style; each piece
        is drawn in the widget's style + the cell's + the piece's (+ the
        cursor's colours over them).
        """
        base = self._base_style()
        post = self.get_component_rich_style("timeline--cursor") if is_cursor else None
        style = self._segment_style
        segments: list[Segment] = []
        append = segments.append
        for column, (cell_style, parts) in zip(self._columns, self.cell_specs(row), strict=False):
            append(Segment(" ", style(base, post, "", "", column.key)))
            width_ = column.width
            texts = [strip_control_codes(piece) for piece, _ in parts]
            plain = "".join(texts)
            length = cell_len(plain)
            if length > width_:
                cut = set_cell_size(plain, width_ - 1) + "…"
                end_ = len(cut)
                start = 0
                for text, (_, piece_style) in zip(texts, parts, strict=False):
                    stop = min(start + len(text), end_)
                    if stop > start:
                        append(Segment(cut[start:stop], style(base, post, cell_style, piece_style)))
                    start += len(text)
                if start < end_:
                    append(Segment(cut[start:], style(base, post, cell_style, "")))
            else:
                for text, (_, piece_style) in zip(texts, parts, strict=False):
                    if text:
                        append(Segment(text, style(base, post, cell_style, piece_style)))
                if length < width_:
                    append(Segment(" " * (width_ - length), style(base, post, cell_style, "")))
        # Each column is its gap and exactly its width (as crop_extend(0, width) would make
        # it, but without the new strip the original then keeps cached inside itself).
        total = sum(1 + column.width for column in self._columns)
        if total < width:
            append(Segment(" " * (width - total), base))
            total = width
        strip = Strip(segments, total)
        return strip.crop(0, width) if total > width else strip

    def _segment_style(
        self, base: Style, post: Style | None, cell_style: str, piece_style: str, column: str | None = None
    ) -> Style:
        """``base + (cell + piece) [+ post]``, as Rich combines a span inside a cell's span; remembered."""
        key = (base, post, cell_style, piece_style, column)
        found = self._styles.get(key)
        if found is None:
            if column is not None:  # the gap before a column
                inner = Style(meta={"column": column})
            else:
                get = self.app.console.get_style
                inner = Style.combine(
                    [get(cell_style or "", default=Style.null()), get(piece_style or "", default=Style.null())]
                )
            found = base + inner
            if post:
                found = found + post
            if len(self._styles) > 4096:
                self._styles.clear()
            self._styles[key] = found
        return found

    def notify_style_update(self) -> None:
        """The CSS or the theme changed: lines drawn with the old colours are stale."""
        super().notify_style_update()
        self._lines.clear()
        self._styles.clear()
        self._base = None

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
        return self.rows_shown.index_of(key)

    def row(self, key: str) -> Row | None:
        return self.rows_shown.get(key)

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def watch_cursor_row(self, old: int, new: int) -> None:
        if not self._scroll_cursor_into_view():
            # Only the two lines whose highlight changed are drawn again (a scroll redraws all).
            self.refresh_line(old + 1)
            self.refresh_line(new + 1)
        self._announce()

    def scroll_cursor_into_view(self) -> None:
        """After the table's height changed (the detail pane toggled): keep the cursor's row visible."""
        self._scroll_cursor_into_view()

    def _scroll_cursor_into_view(self) -> bool:
        """Scroll so the cursor's row is visible; returns whether a scroll was needed."""
        top = round(self.scroll_y)
        page = self._page
        if self.cursor_row < top:
            y = self.cursor_row
        elif self.cursor_row >= top + page:
            y = self.cursor_row - page + 1
        else:
            return False
        self.scroll_to(y=y, animate=False)
        self.refresh()
        return True

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
        index = self.rows_shown.index_of(key)
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
        self.refresh()  # the cursor's colours depend on focus (and its lines are cached per focus)

    def on_blur(self) -> None:
        self.refresh()


def sticky_line(row: Row | None) -> Text:
    """ "Day ‹ trip" for the top of the table, so both stay visible while scrolling."""
    if row is None:
        return Text("no events match", style="yellow")
    text = Text(no_wrap=True, overflow="ellipsis")
    if row.kind != "trip":
        text.append(day_heading(row.day) if row.day else "not yet on a day", style="bold cyan")
        text.append("  ‹  ")
    text.append(clean(row.trip.display_title(), single_line=True), style="bold magenta")
    return text


class StickyLine(Widget):
    """The :func:`sticky_line` above the table, redrawn only when its day or trip changes.

    A plain widget rather than a ``Static``: its height never changes, so a new
    text needs a repaint of this one line, never a layout of the whole screen
    (which ``Static.update`` asks for), and moving the cursor within a day
    changes nothing here at all.
    """

    DEFAULT_CSS = """
    StickyLine { height: 1; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._text = Text("")
        self._shown: tuple | None = None

    def show(self, row: Row | None) -> None:
        what = None if row is None else (row.kind == "trip", row.day, row.trip)
        shown = self._shown
        if shown is not None and what is not None and what[:2] == shown[:2] and what[2] is shown[2]:
            return
        if shown is None and what is None and self._text.plain:
            return
        self._shown = what
        self._text = sticky_line(row)
        self.refresh()

    def render(self) -> Text:
        # Cut to the line with "…", never silently (a long trip title in a narrow terminal).
        text = self._text.copy()
        if self.size.width:
            text.truncate(self.size.width, overflow="ellipsis")
        return text
