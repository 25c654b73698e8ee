"""``planner trips`` lays its table out without rich's Table on plain consoles: the text must be the Table's."""

from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from planner.model.summary import TripSummary
from planner.views.listing import TripsTable, trips_table


def _summary(
    i: int,
    title: str,
    title_ko: str = "",
    *,
    trip_id: str | None = None,
    home: str = "Asia/Seoul",
    local: str | None = None,
    month_only: bool = False,
    status: str = "planned",
    events: int = 3,
) -> TripSummary:
    first = date(2021, 10, 1 + i % 20)
    last = date(2021, 10, 31) if month_only else date(2021, 11, 2 + i % 20)
    return TripSummary(
        trip_id or f"trip-{i:02d}", title, title_ko, status, home, local, first, last, month_only, events, (), (), None
    )


HOSTILE = [
    _summary(
        0,
        "Dallas chamber delegation to Korea for the World Korean Business Convention",
        "달라스 상공회의소 한국 방문",
        local="America/Chicago",
    ),
    _summary(
        1,
        "Supercalifragilisticexpialidocious-and-then-some-more-words-without-any-space-at-all",
        "가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마바사",
        home="America/New_York",
    ),
    _summary(2, "[bold red]not markup[/] :smile: :thumbs_up: \\[escaped]", "[link=x]링크[/link]"),
    _summary(3, "Emoji 🇰🇷🎉 and combining e\u0301 and wide Ｆｕｌｌ", "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀"),
    _summary(
        4,
        "x",
        trip_id="a" + "-very-long-id" * 6,
        local="America/Argentina/ComodRivadavia",
        home="America/Argentina/ComodRivadavia",
    ),
    _summary(
        5, "Draft", "초안", month_only=True, status="draft", local="America/Argentina/ComodRivadavia", events=123456
    ),
    _summary(6, "   spaced    out   ", "", status="cancelled", events=0),
    _summary(7, "Short", "짧음", home="UTC", local="Etc/GMT+12"),
]

TYPICAL = [s for s in HOSTILE if len(s.id) < 20]
"""Without the 80-character id, which squeezes the other columns until their headers wrap (left to the Table)."""


def _print(renderable, width: int, **options) -> str:
    console = Console(file=io.StringIO(), width=width, highlight=False, **options)
    console.print(renderable)
    return console.file.getvalue()


@pytest.mark.parametrize("rows", [HOSTILE, TYPICAL], ids=["hostile", "typical"])
@pytest.mark.parametrize("width", [*range(1, 60), 61, 72, 80, 99, 100, 101, 119, 120, 150, 200, 333])
def test_plain_layout_is_the_rich_tables_text(width: int, rows: list[TripSummary]):
    table = trips_table(rows)
    assert isinstance(table, TripsTable)
    assert _print(table, width, color_system=None) == _print(table.rich_table(), width, color_system=None)


@pytest.mark.parametrize("width", [62, 80, 100, 200])  # narrower: headers wrap, left to the Table
def test_plain_layout_is_used_for_plain_consoles(monkeypatch: pytest.MonkeyPatch, width: int):
    table = trips_table(TYPICAL)
    expected = _print(table.rich_table(), width, color_system=None)
    monkeypatch.setattr(TripsTable, "rich_table", lambda self: pytest.fail("laid out by rich's Table"))
    assert _print(table, width, color_system=None) == expected


@pytest.mark.parametrize(
    "options",
    [
        {"color_system": "truecolor", "force_terminal": True},
        {"color_system": None, "record": True},
        {"color_system": None, "legacy_windows": True},
    ],
)
def test_styled_consoles_get_rich_tables_output(options: dict):
    table = trips_table(HOSTILE)
    assert _print(table, 100, **options) == _print(table.rich_table(), 100, **options)


def test_ascii_only_console_gets_rich_tables_output():
    table = trips_table(HOSTILE[:3])
    plain = _print(table.rich_table(), 90, color_system=None)
    ascii_console = Console(
        file=io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="replace"),
        width=90,
        color_system=None,
        highlight=False,
    )
    assert ascii_console.options.ascii_only
    ascii_console.print(table)
    ascii_console.file.flush()
    ascii_console.file.seek(0)
    ours = ascii_console.file.read()
    expected = Console(
        file=io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="replace"),
        width=90,
        color_system=None,
        highlight=False,
    )
    expected.print(table.rich_table())
    expected.file.flush()
    expected.file.seek(0)
    assert ours == expected.file.read() != plain


def test_an_empty_table_is_the_rich_tables_too():
    table = trips_table([])
    assert _print(table, 80, color_system=None) == _print(table.rich_table(), 80, color_system=None)


_TEXT = st.text(alphabet=st.sampled_from("ab Zz-·:[]/" + "한국어" + "🎉" + "\u0301" + "Ｆ" + "\u200b"), max_size=60)


@given(
    rows=st.lists(st.tuples(_TEXT, _TEXT, st.booleans(), st.integers(0, 10**7)), max_size=6), width=st.integers(1, 140)
)
def test_plain_layout_is_the_rich_tables_text_for_any_titles(rows, width):
    summaries = [
        _summary(i, title, ko, local="America/Chicago" if other else None, events=n)
        for i, (title, ko, other, n) in enumerate(rows)
    ]
    table = trips_table(summaries)
    assert _print(table, width, color_system=None) == _print(table.rich_table(), width, color_system=None)
