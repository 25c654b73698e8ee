"""How the timeline is drawn and kept up to date, driven with Pilot.

The table draws a row straight into segments (not through ``rich.text.Text``)
and remembers drawn lines per row object; the screen rebuilds only what an
edit, an undo, a filter or a zone switch changed. These tests hold that to
the plain ways: the same segments as rendering the row's ``Text`` cells, the
same rows as building them from scratch, the same trip after undo.
"""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest
from conftest import generated_workspace
from rich.segment import Segment
from test_tui_rows import reference, shape
from textual.strip import Strip
from textual.widgets import Input

from planner.storage import load_workspace
from planner.tui import PlannerApp
from planner.tui.screens import TimelineScreen
from planner.views.filtering import Filter
from planner.views.rows import timeline_rows

pytestmark = pytest.mark.asyncio

LONG = """
[trip]
id = "wide-2024"
title = "A trip whose title is much longer than any column could ever show in one line"
title_ko = "한 줄에 다 보일 수 없을 만큼 아주 긴 제목을 가진 출장"
status = "planned"
home_tz = "America/Chicago"
local_tz = "Asia/Seoul"
start = 2024-03-11
end = 2024-03-14
members = ["kim"]

[[people]]
id = "kim"
name = "Kim"

[[places]]
id = "hall"
name = "Exhibition and Convention Center, Hall of the Very Long Name"
name_ko = "아주 긴 이름의 전시컨벤션센터"
tz = "Asia/Seoul"

[[events]]
id = "wide-1"
title = "가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마바사"
kind = "meeting"
place = "hall"
start = 2024-03-12T09:00:00
end = 2024-03-12T10:00:00

[[events]]
id = "wide-2"
title = "x가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마바사"
title_ko = "한국어 제목"
kind = "dinner"
status = "tentative"
date = 2024-03-12
repeat = "FREQ=DAILY;COUNT=2"

[[events]]
id = "wide-3"
title = "[bold]markup[/] stays text, and a title just long enough to be cut at the end"
title_ko = "마크업"
kind = "talk"
status = "cancelled"
place = "hall"
start = 2024-03-13T23:30:00
end = 2024-03-14T01:00:00

[[events]]
id = "wide-4"
title = "Short"
kind = "visit"
unscheduled = true
"""


def make_app(folder: Path) -> PlannerApp:
    return PlannerApp(load_workspace(folder), today=date(2021, 10, 19), watch_disk=False)


def reference_strip(table, row, is_cursor: bool, width: int) -> Strip:
    """The row drawn the plain way: its ``Text`` cells, truncated and rendered by Rich."""
    base = table.rich_style
    segments = Segment.apply_style(table._line_text(table.cells(row)).render(table.app.console), style=base)
    if is_cursor:
        segments = Segment.apply_style(segments, post_style=table.get_component_rich_style("timeline--cursor"))
    return Strip(list(segments)).crop_extend(0, width, base)


def cells_of(strip: Strip) -> list[tuple[str, object]]:
    """Per cell: its character and style (how segments are split does not matter)."""
    out = []
    for segment in strip:
        out += [(ch, segment.style) for ch in segment.text]
    return out


@pytest.mark.parametrize("size", [(80, 30), (120, 40), (171, 30)])
async def test_rows_are_drawn_exactly_as_their_text_cells_render(workspace: Path, size):
    (workspace / "wide-2024.toml").write_text(LONG, encoding="utf-8")
    generated_workspace(workspace, trips=3, events=40)  # enough rows without the seeds' (former) monthly series
    app = make_app(workspace)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.table
        width = table.scrollable_content_region.width
        for mode in ("event", "home", "both"):
            app.screen.set_time_mode(mode)
            await pilot.pause()
            assert len(table.rows_shown) > 200
            for row in table.rows_shown:
                for is_cursor in (False, True):
                    fast = table._row_strip(row, is_cursor, width)
                    plain = reference_strip(table, row, is_cursor, width)
                    assert fast.cell_length == plain.cell_length == width
                    assert cells_of(fast) == cells_of(plain), (mode, row.key, is_cursor)


async def test_undo_after_an_edit_among_many_trips_restores_that_trip_exactly(workspace: Path):
    generated_workspace(workspace, trips=6, events=20)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        trips_before = dict(app.session.trips)
        rows_before = shape(screen.table.rows_shown)
        assert screen.table.go_to_key("richardson-2019/smart-business-expo")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.session.trips["richardson-2019"] is not trips_before["richardson-2019"]
        assert shape(screen.table.rows_shown) == reference(app.session.all_trips())
        assert shape(screen.table.rows_shown) != rows_before
        await pilot.press("u")
        await pilot.pause()
        # The very trip objects of before, every one of them, and the rows they give.
        assert all(app.session.trips[tid] is trip for tid, trip in trips_before.items())
        assert shape(screen.table.rows_shown) == rows_before
        assert screen.table.current.key == "richardson-2019/smart-business-expo"
        assert app.session.dirty() == []
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert shape(screen.table.rows_shown) == reference(app.session.all_trips())
        assert app.session.trips["richardson-2019"].event("smart-business-expo").when.day == date(2019, 11, 3)


async def test_typing_then_deleting_in_the_filter_shows_the_right_rows_at_each_key(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        everything = shape(screen.table.rows_shown)
        await pilot.press("slash")
        box = screen.query_one("#filter", Input)

        def expected(query: str) -> list[tuple]:
            return shape(timeline_rows(app.session.all_trips(), Filter.parse(query)))

        typed = ""
        for key in "robot":
            await pilot.press(key)
            await pilot.pause()
            typed += key
            assert box.value == typed
            assert shape(screen.table.rows_shown) == expected(typed)
        assert any(r.key == "korea-2021/robot-mou" for r in screen.table.rows_shown)
        for _ in range(4):
            await pilot.press("backspace")
            await pilot.pause()
            typed = typed[:-1]
            assert shape(screen.table.rows_shown) == expected(typed)
        await pilot.press("backspace")
        await pilot.pause()
        assert shape(screen.table.rows_shown) == everything
        await pilot.press(*"kind:mou", "escape")
        await pilot.pause()
        assert {r.occurrence.event.kind for r in screen.table.rows_shown if r.occurrence} == {"mou"}
        await pilot.press("z")  # the filter holds in the home-zone view too
        await pilot.pause()
        home = reference(app.session.all_trips(), Filter.parse("kind:mou"), "home")
        assert shape(screen.table.rows_shown) == home


async def test_the_header_shows_unsaved_changes_and_their_undo(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        header = str(app.screen.query_one("HeaderTitle").render())
        assert "times: event's own zone" in header and "unsaved" not in header
        app.screen.table.go_to_key("richardson-2019/smart-business-expo")
        await pilot.press("c")
        await pilot.pause()
        header = str(app.screen.query_one("HeaderTitle").render())
        assert "unsaved: richardson-2019" in header and "unsaved: richardson-2019" in app.sub_title
        assert app.title.endswith("●")
        await pilot.press("u")
        await pilot.pause()
        assert "unsaved" not in str(app.screen.query_one("HeaderTitle").render())
        assert "unsaved" not in app.sub_title and not app.title.endswith("●")


async def test_the_detail_pane_follows_the_cursor_across_zones_and_filters(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.pause()
        detail = str(screen.query_one("#detail").render())
        assert "Life-care robot MOU" in detail
        await pilot.press("down")
        await pilot.pause()
        assert str(screen.query_one("#detail").render()) != detail
        await pilot.press("up", "z")
        await pilot.pause()
        assert screen.table.current.key == "korea-2021/robot-mou"
        assert str(screen.query_one("#detail").render()) == detail
        screen.set_filter(Filter.parse("zzz-nothing"))
        await pilot.pause()
        assert "Nothing here" in str(screen.query_one("#detail").render())
        screen.set_filter(Filter.parse("robot"))
        await pilot.pause()
        # Nothing was under the cursor: the row chosen before the filter hid it comes back.
        assert screen.table.current.key == "korea-2021/robot-mou"
        screen.table.go_to_key("trip:korea-2021")
        await pilot.pause()
        assert "Dallas chamber delegation" in str(screen.query_one("#detail").render())
        assert screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.pause()
        assert str(screen.query_one("#detail").render()) == detail


async def test_long_lived_objects_are_frozen_while_the_app_runs_and_released_after(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "warm-up"])
        await pilot.pause()
        assert gc.get_freeze_count() > 0
        # Warmed: the home-zone view and the search text are ready before they are asked for.
        builder = app.screen._builder
        trip = app.session.trips["korea-2021"]
        assert builder._blocks[("korea-2021", "home")][0][0] is trip
        assert builder._hays["korea-2021"][0][0] is trip
    assert gc.get_freeze_count() == 0


async def test_lines_drawn_before_a_resize_are_not_shown_after_it(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.table
        assert table.go_to_key("korea-2021/robot-mou")
        for size in ((90, 40), (150, 30), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            width = table.scrollable_content_region.width
            top = round(table.scroll_y)
            for y in range(1, table.scrollable_content_region.height):
                index = top + y - 1
                if index >= len(table.rows_shown):
                    break
                drawn = table.render_line(y)
                plain = reference_strip(table, table.rows_shown[index], index == table.cursor_row, width)
                assert cells_of(drawn) == cells_of(plain), (size, index)
