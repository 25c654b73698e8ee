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
renderables instead. :func:`lay_out_text` gives the same lines as one text,
for a pipe. Speed, for a listing of a thousand rows: a cell is laid out once
per layout however many grids show it, and text whose characters' cells
simply add up (most: ASCII, Hangul) is broken by arithmetic, at the same
places as word by word (a property test holds the two, and rich, equal).

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
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate
from math import ceil
from typing import Any, NamedTuple, cast

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
_NOT_SPACE = re.compile("[^ ]")

_WIDE_SCRIPTS = ((0x3041, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xFF01, 0xFF60))
"""Kana, CJK ideographs, Hangul syllables, fullwidth forms: two cells each, and never joined with a neighbour."""


def lay_out(blocks: Sequence[Block], width: int, cells: Cells, *, styled: bool = True) -> list[Line] | None:
    """The lines rich would print for ``blocks`` on a console ``width`` cells wide, or ``None`` if unsure.

    Without ``styled`` the spans of a line may come joined, styles dropped (for :func:`plain_text`).
    """
    if not styled:
        lines = _plain_lines(blocks, width, cells)
        return None if lines is None else [[(line, "")] for line in lines]
    out: list[Line] = []
    measured = _Measured(cells)
    memo: dict[tuple[Column, int, int], dict[Any, Any]] = {}
    try:
        for block in blocks:
            if isinstance(block, Para):
                out.extend(_wrap(block.spans, width, measured, pad=False, overflow="fold", no_wrap=False))
            elif isinstance(block, Rule):
                out.append([("─" * width, block.style)])
            else:
                out.extend(_grid(block, width, measured, memo))
    except Unsure:
        return None
    return out


def lay_out_text(blocks: Sequence[Block], width: int, cells: Cells) -> str | None:
    """``plain_text(lay_out(blocks, width, cells, styled=False))`` without the spans: what a pipe or a file gets."""
    lines = _plain_lines(blocks, width, cells)
    if lines is None:
        return None
    lines.append("")
    return "\n".join(lines)


def _plain_lines(blocks: Sequence[Block], width: int, cells: Cells) -> list[str] | None:
    """The lines of :func:`lay_out` as text only, one string each (``None`` if unsure)."""
    out: list[str] = []
    measured = _Measured(cells)
    # Every day of a listing is a grid with the same columns: a cell met on one day is laid out once for all.
    memo: dict[tuple[Column, int, int], dict[Any, list[str]]] = {}
    try:
        for block in blocks:
            if isinstance(block, Para):
                plain = "".join([text for text, _style in block.spans])
                out.extend(_wrap_plain(plain, width, measured, False, "fold", False))
            elif isinstance(block, Rule):
                out.append("─" * width)
            else:
                _grid_plain(block, width, measured, memo, out)
    except Unsure:
        return None
    return out


class _Measured:
    """``cells`` measuring each text once per layout: words, places and clocks come back again and again.

    It also knows which characters simply add up (:meth:`prefix`), so most
    text is broken into lines by arithmetic rather than word by word.
    """

    def __init__(self, cells: Cells):
        self.cell_len = functools.lru_cache(maxsize=None)(cells.cell_len)
        self.chop_cells = cells.chop_cells
        self.set_cell_size = cells.set_cell_size
        self._cells: dict[str, int] = {}
        self._other: set[str] = set()

    def prefix(self, text: str) -> Sequence[int] | None:
        """The cells ``text[:i]`` takes, for every ``i``, when its characters' cells simply add up; else ``None``.

        rich measures a text as the sum of its characters' cells unless
        joiners or variation selectors are in it; a character is taken as
        adding up only when it is one cell wide (below the emoji planes, and
        no space but " ") or two cells wide in a script whose characters never
        join (Hangul syllables, kana, CJK ideographs, fullwidth forms). Any
        other character (a joiner, an emoji, a combining mark, another space)
        leaves the text to rich's own measure, word by word. All one cell
        wide: a ``range``, which the breaking does by plain arithmetic.
        """
        if text.isascii() and text.isprintable():
            return range(len(text) + 1)
        known = self._cells
        try:
            sums = list(accumulate(map(known.__getitem__, text), initial=0))
        except KeyError:
            if not self._learn(set(text).difference(known)):
                return None
            sums = list(accumulate(map(known.__getitem__, text), initial=0))
        return range(len(text) + 1) if sums[-1] == len(text) else sums

    def _learn(self, chars: set[str]) -> bool:
        """Whether all of ``chars`` add up (see :meth:`prefix`); those that do are kept with their cells."""
        if not chars.isdisjoint(self._other):
            return False
        for ch in chars:
            cells, code = self.cell_len(ch), ord(ch)
            if not (
                (cells == 1 and code < 0x1F000 and (ch == " " or not ch.isspace()))
                or (cells == 2 and any(lo <= code <= hi for lo, hi in _WIDE_SCRIPTS))
            ):
                self._other.add(ch)
                return False
            self._cells[ch] = cells
        return True


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


def _grid(grid: Grid, width: int, cells: Cells, memo: dict[tuple[Column, int, int], dict[Any, Any]]) -> Iterator[Line]:
    widths = column_widths(grid, width)
    n = len(grid.columns)
    # The same cell in the same column (a kind and status, a place, a clock) is laid out once.
    pads = [grid.padding if i < n - 1 else 0 for i in range(n)]
    done = [memo.setdefault((c, w, pad), {}) for c, w, pad in zip(grid.columns, widths, pads, strict=True)]
    blank = [[(" " * w, "")] for w in widths]
    for row in grid.rows:
        rendered: list[list[Line]] = []
        for i, cell in enumerate(row):
            lines = done[i].get(cell)
            if lines is None:
                column = grid.columns[i]
                pad = pads[i]
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


def _grid_plain(
    grid: Grid, width: int, cells: Cells, memo: dict[tuple[Column, int, int], dict[Any, list[str]]], out: list[str]
) -> None:
    """:func:`_grid` as text only: the same lines, each one string, added to ``out``.

    ``memo`` keeps each column's cells laid out (by column, width and padding)
    for the other grids of the same layout: a series' title, a place, a kind
    and status are laid out once however many days show them.
    """
    widths = column_widths(grid, width)
    n = len(grid.columns)
    pads = [grid.padding if i < n - 1 else 0 for i in range(n)]
    done = [memo.setdefault((c, w, pad), {}) for c, w, pad in zip(grid.columns, widths, pads, strict=True)]
    blank = [" " * w for w in widths]
    for row in grid.rows:
        found: list[list[str] | None] = list(map(dict.get, done, row))
        if None in found:
            found = [
                lines if lines is not None else _cell_plain(row[i], grid.columns[i], widths[i], pads[i], cells, done[i])
                for i, lines in enumerate(found)
            ]
        rendered = cast("list[list[str]]", found)
        height = max(map(len, rendered))
        if height == 1:
            out.append("".join([lines[0] for lines in rendered]))
            continue
        filled = [lines + [blank[i]] * (height - len(lines)) for i, lines in enumerate(rendered)]
        out.extend(map("".join, zip(*filled, strict=True)))


def _cell_plain(
    cell: tuple[Span, ...], column: Column, width: int, pad: int, cells: Cells, done: dict[Any, list[str]]
) -> list[str]:
    """One cell of :func:`_grid_plain` laid out ``width`` cells wide (padding included), kept in ``done``."""
    plain = "".join([text for text, _style in cell])
    lines = _wrap_plain(plain, width - pad, cells, True, column.overflow, column.no_wrap)
    if pad:
        spaces = " " * pad
        lines = [line + spaces for line in lines]
    done[cell] = lines
    return lines


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
        for a, b in _pieces(part, width, cells, overflow, no_wrap, None if no_wrap else cells.prefix(part)):
            out.append(_line(spans, start + a, start + b, part[a:b], width, cells, pad=pad, overflow=overflow))
        start += len(part) + 1
    return out


def _pieces(
    part: str, width: int, cells: Cells, overflow: str, no_wrap: bool, prefix: Sequence[int] | None
) -> list[tuple[int, int]]:
    """Where one line of text breaks, as rich's ``Text.wrap`` breaks it: (start, end) of each piece.

    Shared by the styled and the text-only layout so the two can never break differently.
    ``prefix``: the part's cells by offset (:meth:`_Measured.prefix`), when they simply add up.
    """
    if no_wrap:
        return [(0, len(part))]
    found = None if prefix is None else _simple_breaks(part, width, prefix)
    if found is None:
        found = _divide_line(part, width, cells, fold=overflow == "fold")
    breaks = [*found, len(part)]
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
    one_line = "\n" not in text
    # Measured by adding up when it can (most text): the same cells, without rich's measure of each new text.
    prefix = cells.prefix(text) if one_line else None
    if prefix is not None:
        length = prefix[-1]
    else:
        length = cell_len(text) if one_line and len(text) <= width else width + 1
    if length <= width:
        return [text + " " * (width - length) if pad else text]
    out: list[str] = []
    for part in text.split("\n"):
        if not one_line:
            prefix = cells.prefix(part)
        for a, b in _pieces(part, width, cells, overflow, no_wrap, prefix):
            piece = part[a:b]
            length = cell_len(piece) if prefix is None else prefix[b] - prefix[a]
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


def _simple_breaks(text: str, width: int, prefix: Sequence[int]) -> list[int] | None:
    """:func:`_divide_line` by arithmetic, for text whose characters' cells add up (``prefix``, see :meth:`_Measured.prefix`).

    Why: a listing wraps a title on most of its rows; measuring word by word
    was most of the layout's time. A line from ``p`` holds every word whose
    last non-space character ends within ``width`` cells of ``p``; the first
    that does not starts the next line. Spaces are only " " here (any other
    space makes the text not simple). ``None`` when a word is longer than a
    line (rich folds or crops it): :func:`_divide_line` then does the whole text.
    """
    n = len(text)
    lead = n - len(text.lstrip(" "))  # the first word begins with the text's leading spaces
    narrow = isinstance(prefix, range)
    breaks: list[int] = []
    p = 0
    while True:
        q = p + width if narrow else bisect_right(prefix, prefix[p] + width, p) - 1  # text[q] does not fit
        if q >= n:
            return breaks
        if text[q] == " ":
            if q < lead:
                return None
            found = _NOT_SPACE.search(text, q)
            if found is None:
                return breaks  # trailing spaces stay on the last line
            start = found.start()
        else:
            start = text.rfind(" ", p, q) + 1  # the word holding text[q]
            if start <= lead:
                start = 0
            if start <= p:
                return None
        breaks.append(start)
        p = start


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
