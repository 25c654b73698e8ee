"""Rich renderables for the trips table (the day-grouped timeline is :mod:`planner.views.timeline_text`).

Cells are ``rich.text.Text`` built from cleaned values, never markup, and rich
measures Hangul as two cells wide, so mixed Korean/English columns line up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from planner.model.summary import TripSummary
from planner.text.labels import dates_text
from planner.text.safe import clean

if TYPE_CHECKING:
    from planner.model.trip import Trip

TRIPS_COLUMNS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("id", {"style": "bold cyan", "no_wrap": True}),
    ("trip", {"ratio": 1, "overflow": "fold"}),
    ("dates · status", {"width": 14}),
    ("zones", {"width": 19, "no_wrap": True}),
    ("events", {"justify": "right", "width": 6}),
)
"""The trips table's columns: header and ``Table.add_column`` options."""


def trips_table(trips: Sequence[TripSummary | Trip]) -> RenderableType:
    """Every trip with its dates, status, zones and number of events, soonest first."""
    summaries = [t if isinstance(t, TripSummary) else TripSummary.of(t) for t in trips]
    return TripsTable(sorted(summaries, key=lambda s: (s.first, s.id)))


def _new_trips_table() -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    for header, options in TRIPS_COLUMNS:
        # Text, not str: a str header goes through markup and emoji parsing, and
        # rich's emoji table alone takes 2 ms to import. Plain headers read the same.
        table.add_column(Text(header), **options)
    return table


class TripsTable:
    """The trips table: a rich ``Table``, laid out without it when nothing but text is printed.

    Laying out a 100-row table with rich takes a hundred milliseconds or so,
    more than all the rest of ``planner trips``. When the console prints
    plain text (a pipe, a file, ``TERM=dumb``: no colours, no styles to keep)
    this lays the rows out itself with rich's own pieces: the column widths
    from rich's algorithm (fed only the cells that decide them), rich's word
    wrapping for the cells that do not fit, the same padding and rule. The
    text is identical to what the ``Table`` prints (a test compares them at
    many widths); anything out of the ordinary (colours, a recording console,
    an ASCII-only terminal, a column too narrow) is left to the ``Table``.
    """

    def __init__(self, summaries: Sequence[TripSummary]):
        self.summaries = list(summaries)
        self.cells = [_trip_cells(s) for s in self.summaries]

    def rich_table(self) -> Table:
        """The same table as a rich ``Table``, with its styles."""
        table = _new_trips_table()
        for s in self.summaries:
            title = Text(clean(s.title, single_line=True))
            if s.title_ko:
                title.append("\n" + clean(s.title_ko, single_line=True), style="dim")
            zones = Text(s.home_zone)
            if s.local_zone is not None and s.local_zone != s.home_zone:
                zones.append(f"\n→ {s.local_zone}", style="dim")
            dates = Text(dates_text(s.first, s.last, month_only=s.month_only))
            dates.append("\n" + s.status, style="dim")
            table.add_row(Text(s.id), title, dates, zones, str(s.event_count))
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = None
        if (
            console.color_system is None
            and not console.record
            and not options.legacy_windows
            and not options.ascii_only
        ):
            try:
                lines = _plain_table_lines(console, options, [h for h, _ in TRIPS_COLUMNS], self.cells)
            except (AttributeError, TypeError):
                # The fast path borrows two private pieces of rich's Table; should a
                # rich release change them, print with the Table itself (slower, same text).
                lines = None
        if lines is None:
            yield self.rich_table()
            return
        new_line = Segment.line()
        for line in lines:
            yield Segment(line)
            yield new_line


def _trip_cells(s: TripSummary) -> list[str]:
    """The plain text of a trip's row, as the rich table's cells hold it."""
    title = clean(s.title, single_line=True)
    if s.title_ko:
        title += "\n" + clean(s.title_ko, single_line=True)
    zones = s.home_zone
    if s.local_zone is not None and s.local_zone != s.home_zone:
        zones += f"\n→ {s.local_zone}"
    dates = dates_text(s.first, s.last, month_only=s.month_only) + "\n" + s.status
    return [s.id, title, dates, zones, str(s.event_count)]


_NOT_PLAIN = re.compile("[\t\x07\x08\x0b\x0c\x0d]")
"""What rich treats specially in a ``Text`` cell: tabs, and the controls ``Text`` strips."""

_NOT_PLAIN_STR = re.compile("[\t\x07\x08\x0b\x0c\x0d\\[:]")
"""In a ``str`` cell (the headers, the event counts) also markup and emoji codes."""


def _plain_table_lines(
    console: Console, options: ConsoleOptions, headers: list[str], rows: list[list[str]]
) -> list[str] | None:
    """The lines :func:`_new_trips_table` prints for ``rows`` on a plain-text console, or ``None``."""
    table = _new_trips_table()
    columns = table.columns
    n = len(columns)
    cells = [headers, *rows]
    str_columns = {len(headers) - 1}  # the counts are added as str, the other cells as Text
    if any(_NOT_PLAIN_STR.search(h) for h in headers) or any(
        (_NOT_PLAIN_STR if i in str_columns else _NOT_PLAIN).search(c) for row in rows for i, c in enumerate(row)
    ):
        return None
    # Column widths by rich's own algorithm, given for each column that is measured the
    # cells with the longest word and the longest line: the measurements are maxima of
    # those, so the widths come out as with every cell.
    deciders: list[list[str]] = [["" for _ in columns], ["" for _ in columns]]
    for i, column in enumerate(columns):
        if column.width is None:
            deciders[0][i] = max(rows, key=lambda r: _longest_word(r[i]))[i] if rows else ""
            deciders[1][i] = max(rows, key=lambda r: _longest_line(r[i]))[i] if rows else ""
    for row in deciders:
        table.add_row(*[Text(c) for c in row])
    extra = table._extra_width
    widths = table._calculate_column_widths(console, options.update_width(options.max_width - extra))
    pads = [(0 if i == 0 else 1, 0 if i == n - 1 else 1) for i in range(n)]  # pad_edge=False
    if any(w - left - right < 1 for w, (left, right) in zip(widths, pads, strict=False)):
        return None
    _box = table.box
    assert _box is not None
    out: list[str] = []
    for r, row in enumerate(cells):
        rendered = []
        for text, column, width, (left, right) in zip(row, columns, widths, pads, strict=False):
            lines = _cell_lines(console, text, column, width - left - right)
            if lines is None:
                return None
            rendered.append([" " * left + line + " " * right for line in lines])
        height = max(len(c) for c in rendered)
        if r == 0 and height > 1:
            return None  # a header that wraps sits at the bottom of its row: the Table knows how
        divider = _box.head_vertical if r == 0 else (_box.foot_vertical if r == len(cells) - 1 else _box.mid_vertical)
        for k in range(height):
            out.append(divider.join(c[k] if k < len(c) else " " * w for c, w in zip(rendered, widths, strict=False)))
        if r == 0:
            out.append(_box.get_row(widths, "head", edge=False))
    return out


def _longest_word(text: str) -> int:
    return max((cell_len(w) for w in text.split()), default=_longest_line(text))


def _longest_line(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def _cell_lines(console: Console, text: str, column: Any, width: int) -> list[str] | None:
    """The lines of one cell, each ``width`` cells wide, as rich's ``Text`` lays them out."""
    parts = text.split("\n")
    if all(p and p == p.strip() and cell_len(p) <= width for p in parts):
        # Each line fits: nothing to wrap or cut, only to justify.
        if column.justify == "right":
            return [" " * (width - cell_len(p)) + p for p in parts]
        if column.justify in ("left", "default", None):
            return [p + " " * (width - cell_len(p)) for p in parts]
        return None
    wrapped = Text(text).wrap(console, width, justify=column.justify, overflow=column.overflow, no_wrap=column.no_wrap)
    lines = []
    for line in wrapped:
        plain = line.plain
        length = cell_len(plain)
        if length > width:
            return None
        lines.append(plain + " " * (width - length))
    return lines
