"""Drafting from pasted schedule text in the TUI (``D``), driven with Pilot on the seeded trips."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual import events
from textual.widgets import Button, Input, Static, TextArea

from planner.model.when import Exact, OnDate, PartOfDay
from planner.storage import load_workspace
from planner.tui import PlannerApp
from planner.tui.screens import DraftForm, HelpScreen, TimelineScreen

pytestmark = pytest.mark.asyncio

SEOUL = ZoneInfo("Asia/Seoul")
SIZE = (120, 40)
SCHEDULE = "10월 25일(월)\n- 오전 10시 구로구청 방문\n- 저녁 환영 만찬\n3시 회의"
DRAFT_IDS = ["draft-2021-10-25-visit", "draft-2021-10-25-dinner", "draft-2021-10-25-meeting"]


def make_app(folder: Path) -> PlannerApp:
    return PlannerApp(load_workspace(folder), today=date(2021, 10, 19), watch_disk=False)


async def settle(pilot) -> None:
    """Wait for file work (save, export, disk check) to finish; never for a dialog left open."""
    app = pilot.app
    busy = [w for w in app.workers if w.group in ("save", "export", "disk", "quit")]
    await asyncio.wait_for(app.workers.wait_for_complete(busy), timeout=30)
    await pilot.pause()


async def open_drafting(pilot) -> DraftForm:
    """Put the cursor in korea-2021 and press D."""
    await pilot.press("g")
    await pilot.pause()
    await pilot.press(*"Oct 19 2021", "enter")
    await pilot.pause()
    row = pilot.app.screen.table.current
    assert row is not None and row.trip.id == "korea-2021"
    await pilot.press("D")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, DraftForm)
    assert form.trip.id == "korea-2021"
    return form


async def paste(pilot, text: str) -> None:
    """Paste ``text`` into the schedule box, as a terminal's bracketed paste delivers it (to the app)."""
    box = pilot.app.screen.query_one("#draft-text", TextArea)
    box.focus()
    await pilot.pause()
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.pause()


def drafted(app: PlannerApp) -> list:
    return [e for e in app.session.trips["korea-2021"].events if e.id.startswith("draft-")]


async def test_paste_preview_add_undo_redo_save(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_drafting(pilot)
        add = form.query_one("#add", Button)
        assert add.disabled  # nothing pasted yet
        assert "paste a schedule" in str(form.query_one("#draft-summary", Static).content)

        await paste(pilot, SCHEDULE)
        lines = form.preview.plain.splitlines()
        # Each draft: its line, the day, the time or its honest absence, the kind, the title.
        assert lines[0].split()[:5] == ["2", "2021-10-25", "(월)", "10:00", "visit"]
        assert "구로구청 방문" in lines[0] and "place guro-gu-office" in lines[0]
        assert lines[1].split()[:5] == ["3", "2021-10-25", "(월)", "evening", "dinner"]
        assert "환영 만찬" in lines[1]
        assert lines[2].split()[:6] == ["4", "2021-10-25", "(월)", "(day", "only)", "meeting"]
        # Then the question about '3시', with its line.
        assert "? line 4:" in lines[3] and "'3시'" in lines[3]
        assert not add.disabled
        summary = str(form.query_one("#draft-summary", Static).content)
        assert "3 to add" in summary and "1 question" in summary

        # Typing updates the preview as it goes.
        box = form.query_one("#draft-text", TextArea)
        box.move_cursor(box.document.end)
        await pilot.press("enter", *"14:00 MOU")
        await pilot.pause()
        assert form.preview.plain.splitlines()[3].split()[:5] == ["5", "2021-10-25", "(월)", "14:00", "mou"]
        await pilot.press(*["backspace"] * len("\n14:00 MOU"))
        await pilot.pause()
        assert box.text == SCHEDULE
        assert len(form.placed) == 3

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        events_ = {e.id: e for e in drafted(app)}
        assert list(events_) == DRAFT_IDS
        assert events_["draft-2021-10-25-visit"].when == Exact(datetime(2021, 10, 25, 10, 0, tzinfo=SEOUL))
        assert events_["draft-2021-10-25-visit"].place == "guro-gu-office"
        assert events_["draft-2021-10-25-dinner"].when == PartOfDay(date(2021, 10, 25), "evening")
        assert events_["draft-2021-10-25-meeting"].when == OnDate(date(2021, 10, 25))
        assert all(e.status == "tentative" for e in events_.values())
        assert "unsaved: korea-2021" in app.sub_title
        assert app.screen.table.current.key.startswith("korea-2021/draft-2021-10-25-visit")
        assert any(
            "Added 3 tentative events" in str(n.message) and "0 skipped as already in the trip" in str(n.message)
            for n in app._notifications
        )

        # One undo takes all three away; redo puts them back.
        await pilot.press("u")
        await pilot.pause()
        assert drafted(app) == []
        assert app.session.dirty() == []
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [e.id for e in drafted(app)] == DRAFT_IDS

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.session.dirty() == []

        # The same text again: every draft is already in the trip, so nothing to add.
        form = await open_drafting(pilot)
        await paste(pilot, SCHEDULE)
        assert form.query_one("#add", Button).disabled
        assert form.preview.plain.count("already in the trip") == 3
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DraftForm)  # refused, with a message
        await pilot.press("escape")
        await pilot.pause()
        assert len(drafted(app)) == 3

    trip = load_workspace(workspace).files["korea-2021"].trip
    saved = {e.id: e for e in trip.events if e.id.startswith("draft-")}
    assert list(saved) == DRAFT_IDS
    assert saved["draft-2021-10-25-visit"].when == Exact(datetime(2021, 10, 25, 10, 0, tzinfo=SEOUL))
    assert saved["draft-2021-10-25-dinner"].when == PartOfDay(date(2021, 10, 25), "evening")
    assert saved["draft-2021-10-25-meeting"].when == OnDate(date(2021, 10, 25))
    assert saved["draft-2021-10-25-meeting"].status == "tentative"
    assert "line 4: 3시 회의" in saved["draft-2021-10-25-meeting"].notes


async def test_escape_cancels_without_changes(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = app.session.trips["korea-2021"]
        await open_drafting(pilot)
        await paste(pilot, SCHEDULE)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert app.session.trips["korea-2021"] is before
        assert app.session.dirty() == [] and not app.session.can_undo


async def test_markup_in_pasted_text_shows_literally(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_drafting(pilot)
        await paste(pilot, "10월 25일(월)\n- 오후 2시 [bold]x[/bold] 면담 [red]y\n[link=http://e.x]z[/link] 3시")
        content = form.query_one("#draft-preview", Static).content
        assert content is form.preview  # a Text: shown as typed, never read as markup
        assert "[bold]x[/bold] 면담 [red]y" in form.preview.plain
        assert "[link=http://e.x]z[/link]" in form.preview.plain
        assert all(not span.style or "link" not in str(span.style) for span in form.preview.spans)
        await pilot.press("ctrl+s")
        await pilot.pause()
        titles = [e.title_ko for e in drafted(app)]
        assert "[bold]x[/bold] 면담 [red]y" in titles


async def test_outside_the_trip_is_shown_and_not_added(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_drafting(pilot)
        await paste(pilot, "11월 5일 구로구청 방문\n10월 26일 오후 3시 회의")
        assert "outside the trip" in form.preview.plain.splitlines()[0]
        assert [e.id for e in form.to_add] == ["draft-2021-10-26-meeting"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [e.id for e in drafted(app)] == ["draft-2021-10-26-meeting"]
        assert any("1 skipped as outside the trip's dates" in str(n.message) for n in app._notifications)


async def test_long_paste_is_read_when_typing_pauses(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_drafting(pilot)
        await paste(pilot, "10월 25일(월)\n" + "- 오후 2시 구로구청 방문\n" * 300)
        await pilot.pause(0.6)
        assert len(form.placed) == 300
        assert form.preview.plain.count("already in the trip") == 0
        assert not form.query_one("#add", Button).disabled


async def test_help_lists_the_key(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert any(b.key == "D" and b.action == "draft" for b in app.screen._shown_bindings)
        commands = [text for text, _, _ in app.screen_stack[1].commands()]
        assert "timeline: Draft from text" in commands
        assert "trips: draft events into korea-2021 from text" in commands


async def test_written_defaults_to_today_and_counts_relative_days(workspace: Path):
    """``D`` drafts as ``planner draft --written``: today by default, changed in its field; title_ko shown."""
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_drafting(pilot)
        written = form.query_one("#draft-written", Input)
        assert written.value == "2021-10-19" and form.written == date(2021, 10, 19)  # the app's today
        await paste(pilot, "내일 오전 9시 조찬 간담회\n지난 18일 한상대회 개막")
        lines = form.preview.plain.splitlines()
        assert lines[0].split()[1:4] == ["2021-10-20", "(수)", "09:00"] and lines[0].endswith("조찬 간담회")
        assert "2021-10-18" in lines[1] and lines[1].endswith("한상대회 개막")
        written.focus()
        await pilot.pause()
        written.value = "2021-10-24"
        await pilot.pause()
        assert form.written == date(2021, 10, 24)
        assert form.preview.plain.splitlines()[0].split()[1] == "2021-10-25"
        await pilot.press("ctrl+s")
        await pilot.pause()
        added = {e.title_ko: e for e in drafted(app)}
        assert added["조찬 간담회"].when == Exact(datetime(2021, 10, 25, 9, 0, tzinfo=SEOUL))
        assert added["조찬 간담회"].title == "Roundtable"  # no English in the text: the kind names it
        assert added["한상대회 개막"].when == OnDate(date(2021, 10, 18))


async def test_written_defaults_to_the_clock_without_a_fixed_today(workspace: Path):
    trip = load_workspace(workspace).trips[0]
    form = DraftForm(trip)
    assert form.written == datetime.now(trip.event_tz).date()
