"""The event form reads times the way the one reader does: a zone typed is used and shown, a duration kept, Korean read.

Driven with Pilot on the seeded korea-2021 trip (18-27 October 2021, Asia/Seoul);
each test asserts the saved event's instant in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.widgets import Input

from planner.model.when import Exact
from planner.tui.screens import EventForm, TimelineScreen
from tests.test_tui_editing import SIZE, go_to, make_app, type_into

pytestmark = pytest.mark.asyncio


async def _add(pilot, title: str, when: str) -> EventForm:
    await go_to(pilot, "Oct 19 2021")
    await pilot.press("a")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, EventForm)
    await type_into(pilot, "#title", title)
    await type_into(pilot, "#when", when)
    return form


def _utc(when: object) -> tuple[datetime, datetime | None]:
    assert isinstance(when, Exact)
    return when.start.astimezone(UTC), when.end.astimezone(UTC) if when.end else None


async def test_a_zone_typed_with_the_time_is_used_and_shown(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _add(pilot, "Call with Dallas", "Oct 22 3pm CST")
        assert form.errors == {}
        assert form.query_one("#tz", Input).value == "America/Chicago"  # the zone field follows
        note = str(form.query_one("#when-error").render())
        assert "CST read as America/Chicago" in note and "CDT" in note
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        added = app.session.trips["korea-2021"].event("call-with-dallas")
        assert added is not None
        # 15:00 in Chicago on 22 Oct 2021 (CDT, UTC-5), not 15:00 in Seoul.
        assert _utc(added.when) == (datetime(2021, 10, 22, 20, 0, tzinfo=UTC), None)
        assert getattr(added.tz, "key", None) == "America/Chicago"


async def test_a_duration_typed_gives_the_end(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _add(pilot, "Lab tour", "Oct 22 15:00 +1:30")
        assert form.errors == {}
        await pilot.press("ctrl+s")
        await pilot.pause()
        added = app.session.trips["korea-2021"].event("lab-tour")
        assert added is not None
        assert _utc(added.when) == (datetime(2021, 10, 22, 6, 0, tzinfo=UTC), datetime(2021, 10, 22, 7, 30, tzinfo=UTC))


async def test_a_korean_date_and_time(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _add(pilot, "City hall", "10월 22일 오후 3시")
        assert form.errors == {}
        await pilot.press("ctrl+s")
        await pilot.pause()
        added = app.session.trips["korea-2021"].event("city-hall")
        assert added is not None
        assert _utc(added.when) == (datetime(2021, 10, 22, 6, 0, tzinfo=UTC), None)


async def test_a_korean_hour_without_am_or_pm_is_asked(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _add(pilot, "City hall", "10월 22일 3시")
        assert "3시: 오전 or 오후?" in form.errors["when"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventForm)  # not saved


async def test_retyping_only_the_start_keeps_the_end(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _add(pilot, "Breakfast", "Oct 19 7:30-8:30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EventForm)
        await type_into(pilot, "#when", "Oct 19 8:00")
        assert "keeps its length of 1:00" in str(form.query_one("#when-error").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        edited = app.session.trips["korea-2021"].event("breakfast")
        assert edited is not None
        assert _utc(edited.when) == (
            datetime(2021, 10, 18, 23, 0, tzinfo=UTC),
            datetime(2021, 10, 19, 0, 0, tzinfo=UTC),
        )


async def test_go_to_a_date_without_its_year(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        # Only richardson-2019 holds 21 November: it is that year's.
        assert screen.go_to_date_text("Nov 21")
        row = screen.table.current
        assert row is not None and row.day == date(2019, 11, 21)
        # korea-2021 and the month-only la-2023 both hold 19 October: asked, not moved.
        assert not screen.go_to_date_text("Oct 19")
        assert screen.table.current is row
