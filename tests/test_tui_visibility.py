"""Visibility in the TUI: chosen in the event and person/place forms, marked in the rows and the detail pane."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from test_tui_editing import SIZE, event_in_file, fill, make_app, settle, timeline
from textual.widgets import Select

from planner.model.trip import Person, Place
from planner.storage import load_file
from planner.tui.screens import EventForm, RecordForm
from planner.tui.widgets.detail import DetailPane
from planner.views.marks import MARK

pytestmark = pytest.mark.asyncio


def row_text(screen) -> str:
    return "".join(cell.plain for cell in screen.table.cells(screen.table.current))


def detail_text(app) -> str:
    return str(app.screen.query_one(DetailPane).render())


async def choose(pilot, selector: str, value: str) -> None:
    pilot.app.screen.query_one(selector, Select).value = value
    await pilot.pause()


async def test_an_event_marked_organisers_is_marked_undone_and_saved(workspace: Path):
    path = workspace / "korea-2021.toml"
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        screen.table.go_to_key("korea-2021/kcci-meeting")
        await pilot.pause()
        assert MARK not in row_text(screen)
        assert "seen by" not in detail_text(app)

        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EventForm)
        assert form.query_one("#visibility", Select).value == "delegation"  # the default, shown
        await choose(pilot, "#visibility", "organisers")
        await choose(pilot, "#notes_visibility", "organisers")
        await pilot.press("ctrl+s")
        await pilot.pause()
        event = app.session.trips["korea-2021"].event("kcci-meeting")
        assert (event.visibility, event.notes_visibility) == ("organisers", "organisers")
        assert f"{MARK} organisers" in row_text(screen)
        assert f"{MARK} organisers" in detail_text(app)
        # Notes no wider than the event: the event's mark says it all.
        assert "notes organisers" not in row_text(screen)

        await pilot.press("u")
        await pilot.pause()
        assert app.session.trips["korea-2021"].event("kcci-meeting").visibility == "delegation"
        assert MARK not in row_text(screen)
        assert "seen by" not in detail_text(app)

        await pilot.press("ctrl+r")
        await pilot.pause()
        assert MARK in row_text(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(pilot)
        assert app.session.dirty() == []
    saved = event_in_file(path, "kcci-meeting")
    assert saved is not None
    assert saved["visibility"] == "organisers" and saved["notes_visibility"] == "organisers"


async def test_a_persons_phone_marked_organisers_then_undone_and_saved(workspace: Path):
    path = workspace / "korea-2021.toml"
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        screen.edit_record(Person, "leslie-carpenter", "korea-2021")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.query_one("#phone_visibility", Select).value == "delegation"
        assert form.query_one("#documents_visibility", Select).value == "organisers"  # documents' own default
        await fill(pilot, "#phone", "+1-214-000-0001")
        await fill(pilot, "#kakao", "leslie.c")
        await choose(pilot, "#phone_visibility", "organisers")
        await choose(pilot, "#kakao_visibility", "public")
        await pilot.press("ctrl+s")
        await pilot.pause()
        person = app.session.trips["korea-2021"].person("leslie-carpenter")
        assert (person.phone, person.phone_visibility) == ("+1-214-000-0001", "organisers")
        assert (person.kakao, person.kakao_visibility) == ("leslie.c", "public")

        await pilot.press("u")
        await pilot.pause()
        restored = app.session.trips["korea-2021"].person("leslie-carpenter")
        assert (restored.phone, restored.phone_visibility) == ("", "delegation")
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(pilot)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    saved = next(p for p in data["people"] if p["id"] == "leslie-carpenter")
    assert saved["phone"] == "+1-214-000-0001" and saved["phone_visibility"] == "organisers"
    assert saved["kakao_visibility"] == "public"
    assert "documents_visibility" not in saved  # still its default
    assert load_file(path).trip.person("leslie-carpenter") == person


async def test_a_place_marked_organisers_marks_its_events(workspace: Path):
    path = workspace / "korea-2021.toml"
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.pause()
        screen.edit_record(Place, "lotte-hotel", "korea-2021")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        await choose(pilot, "#visibility", "organisers")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.trips["korea-2021"].place("lotte-hotel").visibility == "organisers"
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.pause()
        assert MARK in row_text(screen) and "place organisers" in row_text(screen)  # after "public", the event's own
        assert "place organisers" in detail_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(pilot)
    assert load_file(path).trip.place("lotte-hotel").visibility == "organisers"
