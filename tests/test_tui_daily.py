"""Issue 16, part A: the TUI as an organiser's daily tool, driven with Pilot on the seeded trips.

Each test names the finding it covers; each failed before its fix.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input

from planner.model.trip import Event
from planner.model.when import Exact
from planner.storage import load_workspace
from planner.tui import PlannerApp
from planner.tui.screens import ChoiceScreen, EventForm, TimelineScreen

pytestmark = pytest.mark.asyncio

SEOUL = ZoneInfo("Asia/Seoul")
SIZE = (120, 40)


def make_app(folder: Path, **kwargs) -> PlannerApp:
    return PlannerApp(load_workspace(folder), today=date(2021, 10, 19), watch_disk=False, **kwargs)


def timeline(app: PlannerApp) -> TimelineScreen:
    screen = app.screen
    assert isinstance(screen, TimelineScreen)
    return screen


async def go_to(pilot, text: str) -> None:
    await pilot.press("g")
    await pilot.pause()
    await pilot.press(*text, "enter")
    await pilot.pause()


async def fill(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).value = text
    await pilot.pause()


# ---------------------------------------------------------------- finding 1: the filter keeps focus and place


async def test_clearing_the_filter_keeps_focus_and_the_cursor(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.press("slash", *"robot")
        await pilot.pause()
        assert screen.table.current.key == "korea-2021/robot-mou"
        # A word that hides the robot MOU, then back: the cursor must not wander to another trip.
        await pilot.press(*"xq", "backspace", "backspace")
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        box = screen.query_one("#filter", Input)
        assert screen.focused is box and box.value == ""
        assert screen.table.current.key == "korea-2021/robot-mou"
        # Letters typed now go into the filter, never to the timeline's keys (z, g, e).
        await pilot.press(*"zge")
        await pilot.pause()
        assert box.value == "zge"
        assert screen.mode == "event"
        assert isinstance(app.screen, TimelineScreen)


async def test_escape_from_the_filter_returns_to_the_row_chosen_before(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.press("slash", *"kind:xyz")
        await pilot.pause()
        assert screen.table.rows_shown == [] or len(screen.table.rows_shown) == 0
        await pilot.press("ctrl+l", "escape")
        await pilot.pause()
        assert screen.focused is screen.table
        assert screen.table.current.key == "korea-2021/robot-mou"


# ---------------------------------------------------------------- finding 2: the home zone's day


async def test_both_zones_show_the_home_day_when_it_differs(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        start = datetime(2021, 10, 19, 10, 0, tzinfo=SEOUL)
        event = Event(id="breakfast", title="Breakfast briefing", when=Exact(start, None), tz=SEOUL)
        app.session.add_event("korea-2021", event)
        screen.refresh_timeline("korea-2021/breakfast")
        await pilot.press("z", "z")
        await pilot.pause()
        cells = [c.plain for c in screen.table.cells(screen.table.current)]
        assert cells[1].startswith("10:00 KST")
        assert "20:00 CDT" in cells[2] and ("Mon 18" in cells[2] or "-1d" in cells[2])


# ---------------------------------------------------------------- finding 3: the cursor's day, empty days


async def test_sticky_line_follows_the_cursor_not_the_top_row(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "2021-10-19")
        sticky = str(app.screen.query_one("#sticky").render())
        assert "Tue 19 Oct 2021" in sticky


async def test_going_to_an_empty_day_lands_on_that_day_and_add_proposes_it(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        await go_to(pilot, "2021-10-24")
        row = screen.table.current
        assert row.kind == "day" and row.day == date(2021, 10, 24) and row.trip.id == "korea-2021"
        assert "no events" in " ".join(c.plain for c in screen.table.cells(row))
        assert "Sun 24 Oct 2021" in str(screen.query_one("#sticky").render())
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EventForm)
        assert form.query_one("#when", Input).value.startswith("2021-10-24")


# ---------------------------------------------------------------- finding 4: people by name


async def test_attending_by_hangul_or_romanised_name(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EventForm)
        await fill(pilot, "#title", "Lunch")
        await fill(pilot, "#when", "2021-10-19 12:00")
        await fill(pilot, "#people", "김현겸, Ko Geun-baek")
        assert "people" not in form.errors
        await fill(pilot, "#people", "Kim")
        assert "Kim Hyun-kyum" in form.errors["people"] and "kim-" in form.errors["people"]
        await fill(pilot, "#people", "김현겸, Ko Geun-baek")
        await fill(pilot, "#orgs", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        added = next(e for e in app.session.trips["korea-2021"].events if e.title == "Lunch")
        assert added.people == ("kim-hyun-kyum", "ko-geun-baek")


async def test_attending_completes_names(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.press("a")
        await pilot.pause()
        box = app.screen.query_one("#people", Input)
        box.focus()
        await pilot.press(*"김현겸, 고")
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert box.value == "김현겸, 고근백"


async def test_person_filter_by_name(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        by_id = None
        for query in ("person:ko-geun-baek", "person:고근백", "person:Ko-Geun"):
            await pilot.press("slash")
            screen.query_one("#filter", Input).value = query
            await pilot.pause()
            keys = [r.key for r in screen.table.rows_shown if r.kind == "event"]
            assert keys, query
            by_id = by_id or keys
            assert keys == by_id, query
            await pilot.press("ctrl+l")


# ---------------------------------------------------------------- finding 5: a place from the form; esc asks


async def test_a_new_place_from_inside_the_event_form(workspace: Path):
    from planner.tui.screens import RecordForm

    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, "#title", "Dinner at the new place")
        await fill(pilot, "#when", "2021-10-19 19:00")
        app.screen.query_one("#new-place").press()
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        await fill(pilot, "#id", "jamsil-grill")
        await fill(pilot, "#name", "Jamsil Grill")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventForm)
        assert app.screen.query_one("#place").value == "jamsil-grill"
        await pilot.press("ctrl+s")
        await pilot.pause()
        trip = app.session.trips["korea-2021"]
        assert trip.place("jamsil-grill").name == "Jamsil Grill"
        assert next(e for e in trip.events if e.title == "Dinner at the new place").place == "jamsil-grill"
        # One change: one undo takes away the event and its new place.
        await pilot.press("u")
        await pilot.pause()
        assert app.session.trips["korea-2021"].place("jamsil-grill") is None


async def test_escape_on_a_changed_form_asks_first(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")  # untouched: closes at once
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("a")
        await pilot.pause()
        await fill(pilot, "#title", "Half-typed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")  # do not discard: back in the form, text kept
        await pilot.pause()
        assert isinstance(app.screen, EventForm)
        assert app.screen.query_one("#title", Input).value == "Half-typed"
        await pilot.press("escape")
        await pilot.pause()
        app.screen.query_one("#discard").press()
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)


# ---------------------------------------------------------------- finding 9: an event before the trip extends it


async def test_outbound_flight_offers_to_extend_the_trip(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        await fill(pilot, "#title", "Outbound flight")
        await fill(pilot, "#when", "2021-10-17 11:00 America/Chicago - 2021-10-18 15:00 Asia/Seoul")
        assert "when" not in form.errors
        assert "extend" in str(form.query_one("#when-error").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        app.screen.query_one("#extend").press()
        await pilot.pause()
        trip = app.session.trips["korea-2021"]
        assert trip.dates.first == date(2021, 10, 17)
        assert any(e.title == "Outbound flight" for e in trip.events)
        await pilot.press("u")
        await pilot.pause()
        trip = app.session.trips["korea-2021"]
        assert trip.dates.first == date(2021, 10, 18)
        assert not any(e.title == "Outbound flight" for e in trip.events)


# ---------------------------------------------------------------- the month calendar, today, opening


async def test_month_calendar_moves_by_day_and_month_and_opens_a_day(workspace: Path):
    from planner.tui.screens import MonthScreen

    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.press("m")
        await pilot.pause()
        month = app.screen
        assert isinstance(month, MonthScreen)
        assert month.day == date(2021, 10, 19)
        drawn = month.view.render().plain
        assert "Mon 월" in drawn and "Sun 일" in drawn
        assert "Life-care robot" in drawn and "…" in drawn  # titles shortened to the cell
        assert "October 2021" in month.sub_title
        await pilot.press("right", "down", "left")
        assert month.day == date(2021, 10, 26)
        await pilot.press("pagedown")
        assert month.day == date(2021, 11, 26)
        await pilot.press("pageup", "left", "left")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        row = screen.table.current
        # 24 October has no events: the timeline shows that day, empty, in the Korea trip.
        assert row.kind == "day" and row.day == date(2021, 10, 24) and row.trip.id == "korea-2021"


async def test_go_to_today_and_open_on_today(workspace: Path):
    app = make_app(workspace, start=date(2021, 10, 20))
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        assert screen.table.current.day == date(2021, 10, 20)
        await pilot.press("home", "full_stop")
        await pilot.pause()
        assert screen.table.current.day == date(2021, 10, 19)  # the app's today


async def test_opens_on_the_next_trip_after_today(workspace: Path):
    app = make_app(workspace, start=date(2022, 1, 5))
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        assert screen.table.current.trip.id == "gwangju-2022"


async def test_planner_today_names_the_day_the_cli_opens_on(monkeypatch):
    from planner.cli import tui

    monkeypatch.setenv("PLANNER_TODAY", "2021-10-20")
    assert tui.planner_today() == date(2021, 10, 20)
    monkeypatch.setenv("PLANNER_TODAY", "20 Oct")
    with pytest.raises(Exception, match="PLANNER_TODAY"):
        tui.planner_today()


# ---------------------------------------------------------------- finding 8: D keeps Korean out of the English title


async def test_drafted_events_keep_korean_in_title_ko(workspace: Path):
    from textual import events
    from textual.widgets import TextArea

    from planner.tui.screens import DraftForm

    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "2021-10-19")
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, DraftForm)
        app.screen.query_one("#draft-text", TextArea).focus()
        await pilot.pause()
        app.post_message(events.Paste("10월 25일(월)\n- 오전 10시 구로구청 방문\n- 저녁 환영 만찬"))
        await pilot.pause()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        drafted = [e for e in app.session.trips["korea-2021"].events if e.id.startswith("draft-")]
        assert drafted
        for event in drafted:
            assert not any("\uac00" <= ch <= "\ud7a3" for ch in event.title), event.title
            assert event.title_ko


async def test_filter_completes_a_person_by_name(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        await pilot.press("slash", *"person:고근")
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        box = screen.query_one("#filter", Input)
        assert box.value == "person:고근백"
        assert screen.filter.person == "고근백"
        assert {r.trip.id for r in screen.table.rows_shown} == {"korea-2021"}


async def test_place_chosen_by_typing_its_name(workspace: Path):
    from textual.widgets import Select

    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.press("a")
        await pilot.pause()
        select = app.screen.query_one("#place", Select)
        select.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Guro")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert select.value == "guro-gu-office"
