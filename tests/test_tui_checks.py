"""The itinerary checks in the TUI: the same findings as ``planner check``, and a jump to the event."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import OptionList

from planner.checks import run_checks
from planner.storage import load_workspace
from planner.tui import PlannerApp
from planner.tui.screens import ChecksScreen, TimelineScreen

pytestmark = pytest.mark.asyncio

SIZE = (120, 40)


def make_app(folder: Path) -> PlannerApp:
    return PlannerApp(load_workspace(folder), today=date(2021, 10, 19), watch_disk=False)


async def test_checks_screen_lists_the_cli_findings_and_jumps_to_the_event(workspace: Path):
    expected = run_checks(load_workspace(workspace).trips, today=date(2021, 10, 19))
    look_alike = next(i for i, f in enumerate(expected) if f.check == "look-alike")
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("exclamation_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChecksScreen)
        assert [str(f) for f in screen.findings] == [str(f) for f in expected]
        options = screen.query_one(OptionList)
        assert options.option_count == len(expected)
        options.highlighted = look_alike
        await pilot.press("enter")
        await pilot.pause()
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        row = timeline.table.current
        assert row is not None and row.occurrence is not None
        assert row.occurrence.event.id == expected[look_alike].events[0].event == "beauty-mou-oct20"


async def test_checks_see_unsaved_edits(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        trip = next(t for t in session.all_trips() if t.id == "richardson-2019")
        roundtable = next(e for e in trip.events if e.kind == "roundtable")
        clash = dataclasses.replace(roundtable, id="clash", title="Second meeting at the same time", repeat=None)
        session.add_event("richardson-2019", clash)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        findings = app.screen.findings
        assert any(f.check == "overlap" and {e.event for e in f.events} == {"roundtable", "clash"} for f in findings)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)


async def test_new_trip_form_checks_the_id_and_writes_a_new_file(workspace: Path):
    from textual.widgets import Input, Static

    from planner.storage import load_file
    from planner.tui.screens import TripForm

    before = {p.name: p.read_bytes() for p in workspace.glob("*.toml")}
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TripForm) and form.new
        form.query_one("#id", Input).value = "korea-2021"  # taken
        form.query_one("#title", Input).value = "Busan follow-up visit"
        await pilot.pause()
        assert "already exists" in str(form.query_one("#id-error", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # refused, still open
        form.query_one("#id", Input).value = "Busan 2025"
        await pilot.pause()
        assert "lower-case" in str(form.query_one("#id-error", Static).render())
        form.query_one("#id", Input).value = "busan-2025"
        form.query_one("#dates", Input).value = "2025-03-10 to 2025-03-14"
        form.query_one("#local_tz", Input).value = "Asia/Seoul"
        await pilot.pause()
        assert form.errors == {}
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert "busan-2025" in app.session.trips
    created = load_file(workspace / "busan-2025.toml").trip
    assert created.title == "Busan follow-up visit"
    assert (created.first_day.isoformat(), created.last_day.isoformat()) == ("2025-03-10", "2025-03-14")
    assert created.local_tz.key == "Asia/Seoul" and created.events == ()
    assert {p.name: p.read_bytes() for p in workspace.glob("*.toml") if p.name != "busan-2025.toml"} == before


async def test_event_form_edits_counterparts_orgs_and_outcome(workspace: Path):
    from textual.widgets import Input, Static

    from planner.storage import load_file
    from planner.tui.screens import EventForm

    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        timeline = app.screen
        assert timeline.table.go_to_key("gwangju-2022/gwangju-mayor-meeting")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EventForm)
        form.query_one("#counterparts", Input).value = "kang-gi-jung nobody-here"
        await pilot.pause()
        assert "no person 'nobody-here'" in str(form.query_one("#counterparts-error", Static).render())
        assert form.query_one("#save").disabled
        form.query_one("#counterparts", Input).value = "kang-gi-jung"
        form.query_one("#orgs", Input).value = "kabcc gwangju-city"
        form.query_one("#outcome", Input).value = "Agreed to meet again at CES."
        await pilot.pause()
        assert form.errors == {}
        assert "강기정 Kang Gi-jung" in str(form.query_one("#counterparts-error", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")  # save the trip file
        for _ in range(20):
            await pilot.pause()
            if not app.session.dirty():
                break
    (ev,) = load_file(workspace / "gwangju-2022.toml").trip.events
    assert ev.counterparts == ("kang-gi-jung",)
    assert ev.orgs == ("kabcc", "gwangju-city")
    assert ev.outcome == "Agreed to meet again at CES."
