"""The layout's shortcuts give rich's lines: breaking by arithmetic, cells kept across grids, text without spans.

:func:`planner.text.grid.lay_out_text` breaks most text by adding up its
characters' cells instead of measuring word by word, and lays a cell out once
for every grid of the layout. Random text (ASCII, Hangul, kana, symbols, runs
of spaces, and characters that do not add up: emoji, joiners, combining marks,
other spaces) at random widths must come out as rich prints it, and the
arithmetic must break exactly where the word-by-word way breaks.
"""

from __future__ import annotations

import io

import rich.cells
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

import planner.agenda.terminal as agenda_terminal
import planner.text.grid as grid

SIMPLE = "abcXYZ019.,-()·↻–…회의한국어カ中ｗ"
"""Characters whose cells add up: one cell wide, or two in a script that never joins."""
OTHER = ["😀", "\u0301", "\u200d", "\ufe0f", "\u3000", "\xa0", "\u200b"]
"""Characters rich measures otherwise: the text goes word by word."""

simple_text = st.lists(st.sampled_from([*SIMPLE, " ", " ", "  "]), max_size=40).map("".join)
any_text = st.lists(st.sampled_from([*SIMPLE, " ", " ", "  ", *OTHER]), max_size=40).map("".join)
shown_text = st.lists(st.sampled_from([*SIMPLE, " ", " ", "  ", *OTHER[:2], *OTHER[4:]]), max_size=40).map("".join)
"""Without joiners and variation selectors, which the layout never laid out as rich does (a cell holding one is
padded a cell short) and which rich itself fails to crop (``set_cell_size``) at some widths."""


def rich_lines(blocks: list[grid.Block], width: int) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, highlight=False).print(
        grid.to_rich(blocks, agenda_terminal.rich_parts())
    )
    return buffer.getvalue()


def same_as_rich(blocks: list[grid.Block], width: int) -> None:
    text = grid.lay_out_text(blocks, width, rich.cells)
    styled = grid.lay_out(blocks, width, rich.cells)
    if text is None:
        assert styled is None
        return
    assert styled is not None
    assert text == grid.plain_text(styled)
    assert text == rich_lines(blocks, width)


@given(shown_text, st.integers(min_value=1, max_value=45))
def test_a_paragraph_breaks_as_rich_breaks_it(text: str, width: int):
    same_as_rich([grid.Para(((text, "bold"),))], width)


@given(
    st.lists(shown_text, min_size=1, max_size=4),
    st.integers(min_value=40, max_value=90),
    st.sampled_from(["fold", "ellipsis", "crop"]),
)
def test_grid_cells_wrap_fold_and_crop_as_rich_does(texts: list[str], width: int, overflow: str):
    columns = (grid.Column(width=6, no_wrap=True), grid.Column(ratio=3, overflow=overflow), grid.Column(ratio=2))
    rows = tuple(((("07:00", ""),), ((t, ""), (" ↻", "magenta")), ((t[:9], "dim"),)) for t in texts)
    # The same cells again in a second grid: laid out once, printed alike.
    same_as_rich([grid.Grid(columns, 1, rows), grid.Para(()), grid.Grid(columns, 1, rows[::-1])], width)


@given(simple_text, st.integers(min_value=1, max_value=30))
def test_arithmetic_breaks_where_measuring_word_by_word_breaks(text: str, width: int):
    measured = grid._Measured(rich.cells)
    prefix = measured.prefix(text)
    assert prefix is not None
    assert list(prefix) == [rich.cells.cell_len(text[:i]) for i in range(len(text) + 1)]
    found = grid._simple_breaks(text, width, prefix)
    if found is not None:  # None: a word longer than a line, left to the word-by-word way
        assert found == grid._divide_line(text, width, measured, fold=True)


@given(any_text)
def test_only_characters_that_add_up_are_added_up(text: str):
    prefix = grid._Measured(rich.cells).prefix(text)
    if any(ch in text for ch in OTHER):
        assert prefix is None
    else:
        assert prefix is not None and prefix[-1] == rich.cells.cell_len(text)


def test_titles_of_a_listing_take_the_arithmetic():
    measured = grid._Measured(rich.cells)
    for title in ("Meeting with the city mayor 5862 ↻", "네트워킹 만찬 1435 · Networking dinner", "18:00–20:30 KST"):
        assert measured.prefix(title) is not None
    assert isinstance(measured.prefix("Roundtable with local chambers"), range)  # narrow: no list made
