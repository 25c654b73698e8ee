"""Issue 16, findings 10-12: forms, the detail pane, the layout at 80x24 and 100x30, remembered settings.

Driven with Pilot at the sizes the issue names; each test reads what is on
screen (regions, rendered lines, footer keys) rather than internal flags.
"""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Input, Label, Select

from planner.storage import load_workspace
from planner.tui import PlannerApp
from planner.tui.screens import EventForm, TimelineScreen
from planner.tui.theme import DARK, LIGHT
from planner.tui.widgets.detail import event_text
from planner.usecases.tui_state import TuiState, read_state, write_state

pytestmark = pytest.mark.asyncio

SMALL = (80, 24)
MEDIUM = (100, 30)


def make_app(folder: Path, **kw) -> PlannerApp:
    return PlannerApp(load_workspace(folder), today=date(2021, 10, 19), watch_disk=False, **kw)


def footer_keys(screen) -> list[tuple[str, str, int, int]]:
    return [(k.key_display, k.description, k.region.x, k.region.right) for k in screen.query("FooterKey")]


async def open_form(pilot, key: str = "korea-2021/robot-mou") -> EventForm:
    screen = pilot.app.screen
    assert screen.table.go_to_key(key)
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, EventForm)
    return form


# ---------------------------------------------------------------- finding 10: forms


async def test_form_labels_never_run_into_their_fields(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        form = await open_form(pilot)
        rows = [row for row in form.query(".field") if row.display]
        assert any(str(row.query_one(Label).render()) == "organisations" for row in rows)
        for row in rows:
            label = row.query_one(Label)
            field = row.children[1]
            text = str(label.render())
            assert len(text) < label.size.width, f"{text!r} fills its label"
            assert label.virtual_region.right <= field.virtual_region.x, f"{text!r} runs into its field"


async def test_placeholders_read_as_examples(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        title_ko = form.query_one("#title_ko", Input)
        assert title_ko.value == "" and title_ko.placeholder.startswith("e.g. ")
        assert form.query_one("#tz", Input).placeholder.startswith("e.g. ")
        style = title_ko.get_component_rich_style("input--placeholder")
        assert style.italic


async def test_forms_show_their_own_keys_and_accept_is_not_called_save(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=MEDIUM) as pilot:
        await pilot.pause()
        timeline_keys = {d for _, d, _, _ in footer_keys(app.screen)}
        assert "Save files" in timeline_keys and "Save" not in timeline_keys
        form = await open_form(pilot)
        keys = {d for _, d, _, _ in footer_keys(form)}
        assert {"Accept form", "Cancel"} <= keys
        assert not keys & {"Add", "Zones", "Save files", "Export"}
        assert "Accept form" in str(form.query_one("#save").label)


async def test_enter_moves_to_the_next_field_and_accepts_on_the_last(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot)
        form.query_one("#title", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form and app.focused.id == "title_ko"
        last_input = [w for w in form.focus_chain if isinstance(w, Input)][-1]
        assert last_input.id == "outcome"
        last_input.focus()
        last_input.value = "Signed by five chambers."
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert app.session.trips["korea-2021"].event("robot-mou").outcome == "Signed by five chambers."
        # Accepting a form writes nothing: the change waits, unsaved, for "Save files".
        assert app.session.dirty() == ["korea-2021"]
        assert "Signed by five chambers." not in (workspace / "korea-2021.toml").read_text(encoding="utf-8")


async def test_repeat_fields_make_a_series(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot)
        assert form.query_one("#row-repeat").display
        assert not form.query_one("#row-except").display  # no repeat yet: nothing to skip
        form.query_one("#repeat", Select).value = "DAILY"
        await pilot.pause()
        assert form.query_one("#row-except").display
        form.query_one("#repeat-count", Input).value = "3"
        form.query_one("#except", Input).value = "2021-10-20"
        await pilot.pause()
        assert "FREQ=DAILY;COUNT=3" in str(form.query_one("#repeat-error").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        event = app.session.trips["korea-2021"].event("robot-mou")
        assert event.repeat is not None and event.repeat.rule == "FREQ=DAILY;COUNT=3"
        assert event.repeat.exceptions == (date(2021, 10, 20),)
        # Editing it again shows the series in the fields; a bad day to skip is refused.
        form = await open_form(pilot, "korea-2021/robot-mou@2021-10-19")
        assert form.query_one("#repeat", Select).value == "DAILY"
        assert form.query_one("#repeat-count", Input).value == "3"
        form.query_one("#except", Input).value = "2021-10-25"
        await pilot.pause()
        assert "no occurrence on 2021-10-25" in str(form.query_one("#except-error").render())
        form.query_one("#except", Input).value = ""
        form.query_one("#repeat-count", Input).value = ""
        form.query_one("#repeat-until", Input).value = "Oct 18"
        await pilot.pause()
        assert "before the first day" in str(form.query_one("#repeat-error").render())
        assert form.query_one("#save").disabled


# ---------------------------------------------------------------- finding 11: the detail pane


async def test_outcome_and_notes_are_in_view_at_80x24(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        screen = app.screen
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.pause()
        shown = screen.query_one("#detail-scroll")
        lines = str(screen.query_one("#detail").render()).splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("outcome"))
        assert at < shown.region.height, "the outcome is below the fold"
        # i: larger (everything), hidden, back.
        await pilot.press("i")
        await pilot.pause()
        assert shown.region.height > 10
        await pilot.press("i")
        await pilot.pause()
        assert not screen.query_one("#bottom").display or screen.query_one("#bottom").region.height == 0
        assert screen.table.region.height > 15
        await pilot.press("i")
        await pilot.pause()
        assert screen.query_one("#bottom").region.height == 7


async def test_focus_is_plain_to_see_in_the_detail_pane(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        screen = app.screen
        await pilot.pause()
        pane = screen.query_one("#detail-scroll")
        before = pane.styles.border_left
        await pilot.press("tab")  # from the table to the detail pane
        await pilot.pause()
        assert app.focused is pane
        assert pane.styles.border_left[0] == "thick" and before[0] != "thick"
        await pilot.press("down")  # the pane scrolls with the keys
        await pilot.pause()


async def test_wrapped_lines_never_split_a_name(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        screen = app.screen
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.pause()
        row = screen.table.current
        trip = row.trip
        width = screen.query_one("#detail").content_size.width
        text = event_text(row, screen.table.rows_shown, width)
        lines = text.plain.splitlines()
        people = lines[
            next(i for i, x in enumerate(lines) if x.startswith("with")) : next(
                i for i, x in enumerate(lines) if x.startswith("orgs")
            )
        ]
        assert len(people) > 3 and all(cell_len(line) <= width for line in people)
        joined = "\n".join(lines)
        for pid in row.occurrence.event.counterparts:
            person = trip.person(pid)
            assert person is not None and person.display() in joined, f"{person.display()} is split"


# ---------------------------------------------------------------- finding 12: layout, themes, settings


async def test_at_80x24_the_timeline_gets_most_rows_and_titles_the_free_width(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        screen = app.screen
        await pilot.pause()
        table, bottom = screen.table, screen.query_one("#bottom")
        assert table.region.height - 1 >= 2 * (bottom.region.height - 1)  # rows of events against lines of detail
        title = next(c for c in table.columns if c.key == "title")
        assert title.width >= 30
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.pause()
        # The Korean title is in view even though the English one is long: the English gives way, with "…".
        cells = table.cells(table.current)
        shown = next(str(c) for c, col in zip(cells, table.columns, strict=False) if col.key == "title")
        assert "라이프케어 로봇 MOU" in shown and "…" in shown
        line = "".join(s.text for s in table.render_line(table.cursor_row - round(table.scroll_y) + 1))
        assert "라이프케어" in line


async def test_nothing_is_cut_without_an_ellipsis(workspace: Path):
    from rich.cells import cell_len

    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        table = app.screen.table
        await pilot.pause()
        for y in range(1, table.region.height):
            index = round(table.scroll_y) + y - 1
            if index >= len(table.rows_shown):
                break
            row = table.rows_shown[index]
            drawn = [s.text for s in table.render_line(y)]
            for cell, column in zip(table.cells(row), table.columns, strict=False):
                if cell_len(cell.plain) > column.width:
                    assert any("…" in piece for piece in drawn), f"{cell.plain!r} cut without an ellipsis"


@pytest.mark.parametrize("size", [MEDIUM, SMALL])
async def test_at_100x30_the_footer_keeps_quit_and_help(workspace: Path, size):
    app = make_app(workspace)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        keys = footer_keys(app.screen)
        shown = {d: (x, right) for _, d, x, right in keys}
        for name in ("Quit", "Help"):
            assert name in shown, f"{name} is not in the footer"
        assert all(right <= size[0] for _x, right in shown.values()), "a key is cut off at the edge"
        # No key covers another.
        spans = sorted(shown.values())
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


async def test_theme_zones_and_position_are_remembered(workspace: Path, tmp_path: Path):
    state = tmp_path / "state" / "tui.json"
    app = make_app(workspace, state_file=state)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.theme == DARK
        app.theme = LIGHT
        await pilot.press("z")
        app.screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.pause()
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert saved["theme"] == LIGHT and saved["mode"] == "home"
    again = make_app(workspace, state_file=state)
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert again.theme == LIGHT and again.screen.mode == "home"
        assert again.screen.table.current.key == "korea-2021/robot-mou"


async def test_a_damaged_state_file_gives_the_defaults(tmp_path: Path):
    path = tmp_path / "tui.json"
    path.write_text("{not json", encoding="utf-8")
    assert read_state(path) == TuiState()
    path.write_text('{"theme": 3, "positions": {"a": 1}}', encoding="utf-8")
    assert read_state(path) == TuiState()
    assert write_state(path, TuiState(theme=LIGHT)) and read_state(path).theme == LIGHT
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no temporary file left


async def test_the_state_folder_follows_the_environment(tmp_path: Path, monkeypatch):
    from planner.usecases.tui_state import state_path

    monkeypatch.setenv("PLANNER_STATE_DIR", str(tmp_path / "s"))
    assert state_path() == tmp_path / "s" / "tui.json"


async def test_a_cursor_remembered_today_wins_but_a_new_day_opens_on_that_day(workspace: Path, tmp_path: Path):
    """`planner tui` opens on today; coming back the same day finds the cursor where it was left."""
    state = tmp_path / "tui.json"
    first = make_app(workspace, state_file=state, start=date(2021, 10, 19))
    async with first.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert first.screen.table.current.day == date(2021, 10, 19)
        assert first.screen.table.go_to_key("korea-2021/beauty-mou-oct20")
        await pilot.pause()
    assert json.loads(state.read_text(encoding="utf-8"))["saved_on"] == "2021-10-19"
    same_day = make_app(workspace, state_file=state, start=date(2021, 10, 19))
    async with same_day.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert same_day.screen.table.current.key == "korea-2021/beauty-mou-oct20"
    next_day = PlannerApp(
        load_workspace(workspace),
        today=date(2021, 10, 21),
        watch_disk=False,
        state_file=state,
        start=date(2021, 10, 21),
    )
    async with next_day.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert next_day.screen.table.current.day == date(2021, 10, 21)


async def test_the_configured_theme_is_used_until_one_is_picked(workspace: Path, tmp_path: Path):
    state = tmp_path / "tui.json"
    app = make_app(workspace, state_file=state, theme="light")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.theme == LIGHT
        app.theme = DARK  # picked in the planner: remembered, and it wins over the file next time
        await pilot.pause()
    again = make_app(workspace, state_file=state, theme="light")
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert again.theme == DARK
