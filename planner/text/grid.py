"""Lines of text and grids of columns laid out exactly as rich lays them out, without importing rich.

Why: printing a 30-day listing of a 10,000-event trip through rich's ``Table``
takes over a second, and importing rich's console alone is most of what a
short command may cost when its output goes to a pipe. The agenda and the
timeline describe what they print as :data:`Block` values (a paragraph, a
rule, a grid of fixed and proportional columns, each cell a list of styled
spans); :func:`lay_out` turns them into lines the way rich's ``Text``,
``Table.grid`` and ``Rule`` would, to the character: the same column widths
(rich's ratio arithmetic), the same word wrapping (rich's ``divide_line``),
the same cropping and padding. :func:`to_rich` builds the rich renderables
from the same blocks, so the two cannot say different things; a test prints
both at many widths and compares them. What this module is not sure to lay out
the same (a tab or control character, a grid narrower than its fixed columns)
makes :func:`lay_out` answer ``None``, and the callers print the rich
renderables instead.

Why one module: the styled layout (a terminal) and the text-only one (a pipe)
must break, crop and pad alike, so they are kept side by side and changed together.

The layer below rich: cell widths come from the ``cells`` argument (the
callers pass :mod:`rich.cells`, so wide Hangul counts as two cells exactly as
rich counts it), and :func:`to_rich` and :class:`Printable` take rich's
classes from their callers, so nothing here imports rich.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from math import ceil
from typing import Any, NamedTuple

Span = tuple[str, str]
"""A piece of text and its rich style (``""`` for none)."""
Line = list[Span]


class Para(NamedTuple):
    """A rich ``Text`` printed on its own: wrapped at the width, never padded."""

    spans: tuple[Span, ...]


class Rule(NamedTuple):
    """A horizontal rule across the width (rich's ``Rule`` without a title)."""

    style: str = ""


class Column(NamedTuple):
    """A grid column: a fixed ``width`` or a share (``ratio``) of what the fixed ones leave."""

    width: int | None = None
    ratio: int | None = None
    no_wrap: bool = False
    overflow: str = "ellipsis"
    """rich's ``Column`` default; ``fold`` breaks a word longer than the column."""


class Grid(NamedTuple):
    """rich's ``Table.grid(padding=(0, padding), expand=True)`` with these columns and rows of cells."""

    columns: tuple[Column, ...]
    padding: int
    rows: tuple[tuple[tuple[Span, ...], ...], ...]


Block = Para | Rule | Grid

Cells = Any
"""What is needed of :mod:`rich.cells`: ``cell_len``, ``chop_cells`` and ``set_cell_size``."""


class Unsure(Exception):
    """Something :func:`lay_out` is not sure to lay out as rich does."""


_NOT_PLAIN = re.compile("[\t\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Tabs and control characters: rich expands or strips them; the callers clean text, so these send it to rich."""
_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


def lay_out(blocks: Sequence[Block], width: int, cells: Cells, *, styled: bool = True) -> list[Line] | None:
    """The lines rich would print for ``blocks`` on a console ``width`` cells wide, or ``None`` if unsure.

    Without ``styled`` the spans of a line may come joined, styles dropped (for :func:`plain_text`).
    """
    out: list[Line] = []
    cells = _Measured(cells)
    try:
        for block in blocks:
            if isinstance(block, Para):
                if styled:
                    out.extend(_wrap(block.spans, width, cells, pad=False, overflow="fold", no_wrap=False))
                else:
                    plain = "".join(text for text, _style in block.spans)
                    out.extend([(line, "")] for line in _wrap_plain(plain, width, cells, False, "fold", False))
            elif isinstance(block, Rule):
                out.append([("─" * width, block.style)])
            elif styled:
                out.extend(_grid(block, width, cells))
            else:
                out.extend([(line, "")] for line in _grid_plain(block, width, cells))
    except Unsure:
        return None
    return out


class _Measured:
    """``cells`` measuring each text once per layout: words, places and clocks come back again and again."""

    def __init__(self, cells: Cells):
        self.cell_len = functools.lru_cache(maxsize=None)(cells.cell_len)
        self.chop_cells = cells.chop_cells
        self.set_cell_size = cells.set_cell_size


def plain_text(lines: Sequence[Line]) -> str:
    """The lines as printed to a file: text only, one newline after each."""
    return "".join("".join(text for text, _style in line) + "\n" for line in lines)


def column_widths(grid: Grid, width: int) -> list[int]:
    """Each column's width, padding included, by rich's arithmetic (``Table._calculate_column_widths``)."""
    n = len(grid.columns)
    pads = [grid.padding if i < n - 1 else 0 for i in range(n)]
    fixed = [0 if c.ratio is not None else (c.width or 0) + pads[i] for i, c in enumerate(grid.columns)]
    if any(c.ratio is None and c.width is None for c in grid.columns) or any(f > width for f in fixed):
        raise Unsure("a column measured by its content, or wider than the console")
    widths = list(fixed)
    ratios = [c.ratio for c in grid.columns if c.ratio is not None]
    if any(ratios):
        minimums = [(c.width or 1) + pads[i] for i, c in enumerate(grid.columns) if c.ratio is not None]
        shares = _ratio_distribute(width - sum(fixed), ratios, minimums)
        flexible = iter(shares)
        for i, c in enumerate(grid.columns):
            if c.ratio is not None:
                widths[i] = next(flexible)
    if sum(widths) != width or any(w - p < 1 for w, p in zip(widths, pads, strict=True)):
        raise Unsure("the columns do not fill the width exactly")
    return widths


def _ratio_distribute(total: int, ratios: list[int], minimums: list[int]) -> list[int]:
    """rich's ``ratio_distribute``: ``total`` in parts by ``ratios``, each at least its minimum."""
    ratios = [r if m else 0 for r, m in zip(ratios, minimums, strict=True)]
    total_ratio = sum(ratios)
    if total_ratio <= 0:
        raise Unsure("no ratio")
    remaining = total
    out = []
    for ratio, minimum in zip(ratios, minimums, strict=True):
        share = max(minimum, ceil(ratio * remaining / total_ratio)) if total_ratio > 0 else remaining
        out.append(share)
        total_ratio -= ratio
        remaining -= share
    return out


def _grid(grid: Grid, width: int, cells: Cells) -> Iterator[Line]:
    widths = column_widths(grid, width)
    n = len(grid.columns)
    # The same cell in the same column (a kind and status, a place, a clock) is laid out once.
    done: list[dict[tuple[Span, ...], list[Line]]] = [{} for _ in grid.columns]
    blank = [[(" " * w, "")] for w in widths]
    for row in grid.rows:
        rendered: list[list[Line]] = []
        for i, cell in enumerate(row):
            lines = done[i].get(cell)
            if lines is None:
                column = grid.columns[i]
                pad = grid.padding if i < n - 1 else 0
                lines = _wrap(cell, widths[i] - pad, cells, pad=True, overflow=column.overflow, no_wrap=column.no_wrap)
                if pad:
                    lines = [[*line, (" " * pad, "")] for line in lines]
                done[i][cell] = lines
            rendered.append(lines)
        height = max(len(lines) for lines in rendered)
        for k in range(height):
            line: Line = []
            for i, lines in enumerate(rendered):
                line.extend(lines[k] if k < len(lines) else blank[i])
            yield line


def _grid_plain(grid: Grid, width: int, cells: Cells) -> Iterator[str]:
    """:func:`_grid` as text only: the same lines, each one string."""
    widths = column_widths(grid, width)
    n = len(grid.columns)
    cell_len = cells.cell_len
    done: list[dict[str, list[str]]] = [{} for _ in grid.columns]
    blank = [" " * w for w in widths]
    for row in grid.rows:
        rendered: list[list[str]] = []
        for i, cell in enumerate(row):
            plain = "".join(text for text, _style in cell) if len(cell) != 1 else cell[0][0]
            lines = done[i].get(plain)
            if lines is None:
                column = grid.columns[i]
                pad = grid.padding if i < n - 1 else 0
                inner = widths[i] - pad
                if len(plain) <= inner and plain.isprintable() and cell_len(plain) <= inner:
                    lines = [plain + " " * (widths[i] - cell_len(plain))]  # most cells: the text padded
                else:
                    spaces = " " * pad
                    lines = [
                        line + spaces
                        for line in _wrap_plain(plain, inner, cells, True, column.overflow, column.no_wrap)
                    ]
                done[i][plain] = lines
            rendered.append(lines)
        height = max(len(lines) for lines in rendered)
        if height == 1:
            yield "".join(lines[0] for lines in rendered)
            continue
        for k in range(height):
            yield "".join(lines[k] if k < len(lines) else blank[i] for i, lines in enumerate(rendered))


def _wrap(spans: Sequence[Span], width: int, cells: Cells, *, pad: bool, overflow: str, no_wrap: bool) -> list[Line]:
    """rich's ``Text.wrap`` (justify ``left`` when ``pad``, else ``default``), with the styles carried along."""
    plain = "".join(text for text, _style in spans)
    if not plain.isprintable() and _NOT_PLAIN.search(plain):
        raise Unsure("a tab or control character")
    out: list[Line] = []
    cell_len = cells.cell_len
    length = cell_len(plain) if "\n" not in plain and len(plain) <= width else width + 1
    if length <= width:
        # The common case, a line that fits: nothing to break, crop or strip, only to pad.
        line = [s for s in spans if s[0]]
        if pad and length < width:
            line.append((" " * (width - length), line[-1][1] if line else ""))
        return [line]
    start = 0
    for part in plain.split("\n"):
        for a, b in _pieces(part, width, cells, overflow, no_wrap):
            out.append(_line(spans, start + a, start + b, part[a:b], width, cells, pad=pad, overflow=overflow))
        start += len(part) + 1
    return out


def _pieces(part: str, width: int, cells: Cells, overflow: str, no_wrap: bool) -> list[tuple[int, int]]:
    """Where one line of text breaks, as rich's ``Text.wrap`` breaks it: (start, end) of each piece.

    Shared by the styled and the text-only layout so the two can never break differently.
    """
    if no_wrap:
        return [(0, len(part))]
    breaks = [*_divide_line(part, width, cells, fold=overflow == "fold"), len(part)]
    pieces = []
    for a, b in zip([0, *breaks[:-1]], breaks, strict=True):
        if b - a > width:  # Text.rstrip_end: only the spaces past the width go
            trailing = _TRAILING_SPACE.search(part, a, b)
            if trailing is not None:
                b -= min(trailing.end() - trailing.start(), b - a - width)
        pieces.append((a, b))
    return pieces


def _wrap_plain(text: str, width: int, cells: Cells, pad: bool, overflow: str, no_wrap: bool) -> list[str]:
    """:func:`_wrap` as text only (the styles dropped): the same breaks, cropping and padding."""
    if not text.isprintable() and _NOT_PLAIN.search(text):
        raise Unsure("a tab or control character")
    cell_len = cells.cell_len
    length = cell_len(text) if "\n" not in text and len(text) <= width else width + 1
    if length <= width:
        return [text + " " * (width - length) if pad else text]
    out: list[str] = []
    for part in text.split("\n"):
        for a, b in _pieces(part, width, cells, overflow, no_wrap):
            piece = part[a:b]
            length = cell_len(piece)
            if length > width:  # Text.truncate
                ellipsis = overflow == "ellipsis"
                piece = cells.set_cell_size(piece, width - 1) + "…" if ellipsis else cells.set_cell_size(piece, width)
            elif pad and length < width:
                piece += " " * (width - length)
            out.append(piece)
    return out


def _line(
    spans: Sequence[Span], a: int, b: int, text: str, width: int, cells: Cells, *, pad: bool, overflow: str
) -> Line:
    length = cells.cell_len(text)
    line = _slice(spans, a, b)
    if length > width:  # Text.truncate
        cut = cells.set_cell_size(text, width - 1) + "…" if overflow == "ellipsis" else cells.set_cell_size(text, width)
        kept = _common_prefix(text, cut)
        style = line[-1][1] if line else ""
        line = [*_slice(line, 0, kept), (cut[kept:], style)]
    elif pad and length < width:
        style = line[-1][1] if line else ""
        line = [*line, (" " * (width - length), style)]
    return [s for s in line if s[0]]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _slice(spans: Sequence[Span], a: int, b: int) -> Line:
    """The spans' text from offset ``a`` to ``b``, with their styles."""
    out: Line = []
    pos = 0
    for text, style in spans:
        end = pos + len(text)
        if end > a and pos < b:
            out.append((text[max(a, pos) - pos : min(b, end) - pos], style))
        pos = end
        if pos >= b:
            break
    return out


def _divide_line(text: str, width: int, cells: Cells, *, fold: bool) -> list[int]:
    """rich's ``divide_line``: the offsets at which ``text`` breaks to fit ``width`` cells."""
    breaks: list[int] = []
    offset = 0
    cell_len = cells.cell_len
    for match in _WORD.finditer(text):
        start = match.start()
        word = match.group(0)
        word_length = cell_len(word.rstrip())
        if width - offset >= word_length:
            offset += cell_len(word)
        elif word_length > width:
            if fold:
                folded = cells.chop_cells(word, width)
                for i, piece in enumerate(folded):
                    if start:
                        breaks.append(start)
                    if i == len(folded) - 1:
                        offset = cell_len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks


def to_rich(blocks: Sequence[Block], rich: Any) -> Any:
    """The same blocks as rich renderables (a ``Group``); ``rich`` holds rich's ``Group``, ``Table``, ``Text``, ``Rule``."""
    parts: list[Any] = []
    for block in blocks:
        if isinstance(block, Para):
            parts.append(_text(block.spans, rich))
        elif isinstance(block, Rule):
            parts.append(rich.Rule(style=block.style))
        else:
            table = rich.Table.grid(padding=(0, block.padding), expand=True)
            for c in block.columns:
                table.add_column(width=c.width, ratio=c.ratio, no_wrap=c.no_wrap, overflow=c.overflow)
            for row in block.rows:
                table.add_row(*[_text(cell, rich) for cell in row])
            parts.append(table)
    return rich.Group(*parts)


def _text(spans: Sequence[Span], rich: Any) -> Any:
    text = rich.Text()
    for piece, style in spans:
        text.append(piece, style=style or None)
    return text


class Printable:
    """A rich renderable of blocks: laid out here, or by rich itself when :func:`lay_out` is unsure.

    ``rich`` holds rich's ``Group``, ``Table``, ``Text``, ``Rule``, ``Segment``
    and its ``cells`` module (see :func:`to_rich`).
    """

    def __init__(self, blocks: Sequence[Block], rich: Any):
        self.blocks = list(blocks)
        self.rich = rich

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        lines = None
        if not options.ascii_only and not options.legacy_windows:
            lines = lay_out(self.blocks, options.max_width, self.rich.cells)
        if lines is None:
            yield to_rich(self.blocks, self.rich)
            return
        segment = self.rich.Segment
        new_line = segment.line()
        styles: dict[str, Any] = {}
        for line in lines:
            for text, style in line:
                if style and style not in styles:
                    styles[style] = console.get_style(style)
                yield segment(text, styles[style] if style else None)
            yield new_line
