"""The TUI driven as a person would, with Pilot, on a scratch copy of the seeded trips."""

from __future__ import annotations

import asyncio
import tomllib
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input

from planner.model.when import Exact
from planner.storage import load_file, load_workspace
from planner.tui import PlannerApp
from planner.tui.screens import ChoiceScreen, EventForm, TimelineScreen

pytestmark = pytest.mark.asyncio

SEOUL = ZoneInfo("Asia/Seoul")
SIZE = (120, 40)


def make_app(folder: Path) -> PlannerApp:
    return PlannerApp(load_workspace(folder), today=date(2021, 10, 19), watch_disk=False)


async def type_into(pilot, selector: str, text: str) -> None:
    """Replace an input's text by typing, key by key."""
    box = pilot.app.screen.query_one(selector, Input)
    box.focus()
    box.value = ""
    await pilot.press(*text)
    await pilot.pause()


async def settle(pilot) -> None:
    """Wait for file work (save, export, disk check) to finish; never for a dialog left open."""
    app = pilot.app
    busy = [w for w in app.workers if w.group in ("save", "export", "disk", "quit")]
    await asyncio.wait_for(app.workers.wait_for_complete(busy), timeout=30)
    await pilot.pause()


async def fill(pilot, selector: str, text: str) -> None:
    """Set an input's text at once (as a paste would); validation runs as for typing."""
    pilot.app.screen.query_one(selector, Input).value = text
    await pilot.pause()


async def go_to(pilot, text: str) -> None:
    await pilot.press("g")
    await pilot.pause()
    await pilot.press(*text, "enter")
    await pilot.pause()


def timeline(app: PlannerApp) -> TimelineScreen:
    screen = app.screen
    assert isinstance(screen, TimelineScreen)
    return screen


def event_in_file(path: Path, event_id: str) -> dict | None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return next((e for e in data["events"] if e["id"] == event_id), None)


async def test_add_edit_undo_redo_delete_save(workspace: Path):
    path = workspace / "korea-2021.toml"
    original_text = path.read_text(encoding="utf-8")
    original = load_file(path).trip
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = timeline(app)

        # Navigate to 19 October 2021.
        await go_to(pilot, "Oct 19 2021")
        row = screen.table.current
        assert row is not None and row.day == date(2021, 10, 19) and row.trip.id == "korea-2021"

        # Add an event through the form.
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EventForm)
        await type_into(pilot, "#title", "Breakfast with KOTRA")
        await type_into(pilot, "#when", "Oct 19 7:30am-8:30")
        assert form.errors == {}
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        added = app.session.trips["korea-2021"].event("breakfast-with-kotra")
        assert added is not None
        assert added.when == Exact(
            datetime(2021, 10, 19, 7, 30, tzinfo=SEOUL), datetime(2021, 10, 19, 8, 30, tzinfo=SEOUL)
        )
        assert screen.table.current.key == "korea-2021/breakfast-with-kotra"
        assert "unsaved: korea-2021" in app.sub_title

        # Edit its time.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EventForm)
        await type_into(pilot, "#when", "8:00-9:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        edited = app.session.trips["korea-2021"].event("breakfast-with-kotra")
        assert edited.when.start.hour == 8 and edited.when.end.hour == 9

        # Undo brings 07:30 back; redo 08:00 again.
        await pilot.press("u")
        await pilot.pause()
        assert app.session.trips["korea-2021"].event("breakfast-with-kotra").when.start.hour == 7
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.session.trips["korea-2021"].event("breakfast-with-kotra").when.start.hour == 8

        # Duplicate it, then delete the copy.
        await pilot.press("c")
        await pilot.pause()
        assert screen.table.current.key == "korea-2021/breakfast-with-kotra-2"
        await pilot.press("delete")
        await pilot.pause()
        assert app.session.trips["korea-2021"].event("breakfast-with-kotra-2") is None

        # Save, then the file on disk holds exactly the change.
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(pilot)
        assert app.session.dirty() == []
        assert "unsaved" not in app.sub_title

    text = path.read_text(encoding="utf-8")
    assert text.startswith(original_text.rstrip("\n")), "comments and every other line stay as they were"
    saved = load_file(path).trip
    assert saved.event("breakfast-with-kotra").when == edited.when
    assert saved.event("breakfast-with-kotra").title == "Breakfast with KOTRA"
    assert saved.events[:-1] == original.events
    assert [e.id for e in saved.events] == [*(e.id for e in original.events), "breakfast-with-kotra"]
    assert saved.people == original.people and saved.places == original.places
    for other in ("dc-2023", "gwangju-2022", "la-2023", "richardson-2019"):
        assert (workspace / f"{other}.toml").read_bytes() == (
            Path(__file__).parent.parent / "seeds" / f"{other}.toml"
        ).read_bytes()


async def test_move_by_day_and_hour_then_undo_everything(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        assert screen.table.go_to_key("richardson-2019/smart-business-expo")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.session.trips["richardson-2019"].event("smart-business-expo").when.day == date(2019, 11, 3)
        # An untimed event has no hour to move: refused, nothing changes.
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert app.session.trips["richardson-2019"].event("smart-business-expo").when.day == date(2019, 11, 3)
        # Moving out of the trip is refused too.
        await pilot.press(*["left_square_bracket"] * 3)
        await pilot.pause()
        assert app.session.trips["richardson-2019"].event("smart-business-expo").when.day == date(2019, 11, 2)
        await pilot.press("u", "u")
        await pilot.pause()
        assert app.session.dirty() == []


async def test_invalid_input_shows_the_message_and_saves_nothing(workspace: Path):
    before = {p.name: p.read_bytes() for p in workspace.iterdir()}
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "2021-10-19")
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EventForm)
        await type_into(pilot, "#title", "Lunch")

        await type_into(pilot, "#tz", "Asia/Seol")
        assert "unknown zone 'Asia/Seol'" in str(form.query_one("#tz-error").render())
        await fill(pilot, "#tz", "Asia/Seoul")
        assert "tz" not in form.errors

        await fill(pilot, "#when", "2021-10-19 13:00-12:00")
        assert "before the start" in form.errors["when"]
        assert "before the start" in str(form.query_one("#when-error").render())

        await fill(pilot, "#when", "2021-11-02 12:00")
        assert "outside the trip" in form.errors["when"]
        assert form.query_one("#save").disabled

        await fill(pilot, "#people", "kim-hyun-kyun")
        assert "no person 'kim-hyun-kyun'" in form.errors["people"]

        # Saving is refused and the form stays open.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        await pilot.press("escape")  # a filled form asks before its changes are dropped
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        app.screen.query_one("#discard").press()
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert app.session.dirty() == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(pilot)
    assert {p.name: p.read_bytes() for p in workspace.iterdir()} == before


async def test_file_changed_on_disk_is_detected_and_never_overwritten(workspace: Path):
    path = workspace / "dc-2023.toml"
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        assert screen.table.go_to_key("dc-2023/global-sme-night") or screen.table.go_to_key(
            next(r.key for r in screen.table.rows_shown if r.kind == "event" and r.trip.id == "dc-2023")
        )
        event_id = screen.table.current.occurrence.event.id
        await pilot.press("c")
        await pilot.pause()
        assert app.session.dirty() == ["dc-2023"]

        elsewhere = path.read_text(encoding="utf-8") + "\n# edited in another editor\n"
        path.write_text(elsewhere, encoding="utf-8")
        assert app.session.changed_on_disk() == ["dc-2023"]
        app.check_disk()
        await settle(pilot)
        assert any("changed on disk" in str(n.message) for n in app._notifications)

        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert path.read_text(encoding="utf-8") == elsewhere

        # Cancel keeps our change unsaved and the other edit on disk.
        await pilot.click("#cancel")
        await settle(pilot)
        assert path.read_text(encoding="utf-8") == elsewhere
        assert app.session.dirty() == ["dc-2023"]

        # Saving again asks again; reload takes the file as it is now.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#reload")
        await settle(pilot)
        assert app.session.dirty() == []
        assert app.session.loaded["dc-2023"].text == elsewhere
        assert app.session.trips["dc-2023"].event(f"{event_id}-2") is None
    assert path.read_text(encoding="utf-8") == elsewhere


async def test_quitting_with_unsaved_changes_asks(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("richardson-2019/smart-business-expo")
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#save")
        await settle(pilot)
    assert not app.is_running
    assert event_in_file(workspace / "richardson-2019.toml", "smart-business-expo-2") is not None


async def test_markup_in_titles_is_shown_literally(workspace: Path):
    path = workspace / "dc-2023.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('title = "Global SME Night: signings', 'title = "[bold]x[/] Global SME Night: signings')
    text = text.replace('title = "Global SME Night in Washington', 'title = "[red]y[/] Global SME Night in Washington')
    path.write_text(text, encoding="utf-8")
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        key = next(r.key for r in screen.table.rows_shown if r.kind == "event" and r.trip.id == "dc-2023")
        screen.table.go_to_key(key)
        await pilot.pause()
        cells = screen.table.cells(screen.table.row(key))
        assert any("[bold]x[/] Global SME" in str(c) for c in cells)  # the Korean title keeps its room
        assert "[bold]x[/]" in str(screen.query_one("#detail").render())
        assert any("[red]y[/] Global SME Night" in str(c) for c in screen.table.cells(screen.table.row("trip:dc-2023")))

        from planner.tui.commands import PlannerCommands

        hits = [hit async for hit in PlannerCommands(screen).search("filter: trip dc-2023")]
        # The palette reads help as markup (Content.from_markup): it must come out as typed.
        from textual.content import Content

        assert "[red]y[/] Global SME Night" in Content.from_markup(hits[0].help).plain


async def test_filter_zone_toggle_and_help(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        await pilot.press("slash", *"kind:mou", "enter")
        await pilot.pause()
        kinds = {r.occurrence.event.kind for r in screen.table.rows_shown if r.occurrence}
        assert kinds == {"mou"}
        assert "filter: kind:mou" in app.sub_title
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("slash", *"person:stella-park", "escape")
        await pilot.pause()
        assert {r.trip.id for r in screen.table.rows_shown} == {"richardson-2019"}
        await pilot.press("ctrl+l")

        assert "times: event's own zone" in app.sub_title
        await pilot.press("z")
        await pilot.pause()
        assert "times: trip's home zone" in app.sub_title
        await pilot.press("z")
        await pilot.pause()
        assert "event zone + home zone" in app.sub_title
        assert [c.key for c in screen.table.columns][1:3] == ["time", "home"]

        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)


async def test_overlapping_events_for_the_same_person_are_marked(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        assert screen.table.go_to_key("richardson-2019/roundtable")
        await pilot.press("c")  # the copy is at the same time with the same people
        await pilot.pause()
        clashing = [r for r in screen.table.rows_shown if r.overlaps]
        assert {r.occurrence.event.id for r in clashing} >= {"roundtable", "roundtable-2"}
        assert "overlaps" in str(screen.query_one("#detail").render())


async def test_export_key_writes_the_trip_as_ics(workspace: Path, tmp_path: Path):
    out = tmp_path / "exports"
    app = PlannerApp(load_workspace(workspace), today=date(2021, 10, 19), watch_disk=False, export_dir=out)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.press("ctrl+e")
        await pilot.pause()
        await settle(pilot)
        assert any("korea-2021.ics" in str(n.message) for n in app._notifications)
    data = (out / "korea-2021.ics").read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR") and b"robot-mou" in data
    # The seeded trips are already recorded as exported, so the TUI writes exactly
    # what `planner export` wrote into exports/.
    assert data == (Path(__file__).parent.parent / "exports" / "korea-2021.ics").read_bytes()


async def test_export_key_with_a_person_filter_writes_that_persons_events(workspace: Path, tmp_path: Path):
    import icalendar

    from planner.ical.writer import event_uid
    from planner.views.filtering import Filter

    out = tmp_path / "exports"
    app = PlannerApp(load_workspace(workspace), today=date(2021, 10, 19), watch_disk=False, export_dir=out)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.set_filter(Filter(person="ko-geun-baek"))
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        await settle(pilot)
    cal = icalendar.Calendar.from_ical((out / "ko-geun-baek.ics").read_bytes())
    uids = {str(c["UID"]) for c in cal.walk() if c.name in ("VEVENT", "VTODO")}
    expected = {
        event_uid(t, e)
        for t in load_workspace(workspace).trips
        for e in t.events
        if "ko-geun-baek" in e.people
        or "ko-geun-baek" in e.counterparts
        or (not e.people and "ko-geun-baek" in t.members)
    }
    assert expected and uids == expected


async def test_command_palette_offers_filters_and_actions(workspace: Path):
    from planner.tui.commands import PlannerCommands

    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        provider = PlannerCommands(screen)
        hits = [hit async for hit in provider.search("filter: person kim-hyun-kyum")]
        assert hits and hits[0].text == "filter: person kim-hyun-kyum"
        hits[0].command()
        await pilot.pause()
        assert screen.filter.person == "kim-hyun-kyum"
        assert "filter: person:kim-hyun-kyum" in app.sub_title
        found = [hit.text async for hit in provider.discover()]
        assert "timeline: Add" in found and "times: trip's home zone" in found


async def test_sticky_line_names_the_day_and_trip_at_the_top(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "2021-10-21")
        sticky = str(app.screen.query_one("#sticky").render())
        assert "Oct 2021" in sticky and "Dallas chamber delegation" in sticky


async def test_add_a_person_and_a_place_then_save(workspace: Path):
    from planner.tui.screens import RecordForm

    path = workspace / "gwangju-2022.toml"
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("trip:gwangju-2022")
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm)
        await fill(pilot, "#id", "Park Ji-min")
        assert "lower-case" in form.errors["id"]
        await fill(pilot, "#id", "park-ji-min")
        await fill(pilot, "#name", "Park Ji-min")
        await fill(pilot, "#name_ko", "박지민")
        await fill(pilot, "#org", "no-such-org")
        assert "no organisation" in form.errors["org"]
        await fill(pilot, "#org", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.trips["gwangju-2022"].person("park-ji-min").name_ko == "박지민"

        await pilot.press("l")
        await pilot.pause()
        await fill(pilot, "#id", "kim-dae-jung-center")
        await fill(pilot, "#name", "Kimdaejung Convention Center")
        await fill(pilot, "#tz", "Asia/Seol")
        assert "unknown zone" in app.screen.errors["tz"]
        await fill(pilot, "#tz", "Asia/Seoul")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(pilot)
        assert app.session.dirty() == []
    saved = load_file(path).trip
    assert saved.person("park-ji-min").name == "Park Ji-min"
    assert saved.place("kim-dae-jung-center").tz == ZoneInfo("Asia/Seoul")


async def test_home_zone_moves_exact_times_and_their_day(workspace: Path):
    from planner.model.trip import Event

    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        start = datetime(2021, 10, 19, 10, 0, tzinfo=SEOUL)
        app.session.add_event("korea-2021", Event("briefing", "Morning briefing", Exact(start), SEOUL))
        screen.refresh_timeline("korea-2021/briefing")
        await pilot.pause()
        row = screen.table.current
        assert row.day == date(2021, 10, 19)
        assert "10:00 KST" in str(screen.table.cells(row)[1])
        await pilot.press("z")  # home zone: Dallas, the evening before
        await pilot.pause()
        row = screen.table.current
        assert row.key == "korea-2021/briefing" and row.day == date(2021, 10, 18)
        assert "20:00 CDT" in str(screen.table.cells(row)[1])
        await pilot.press("z")  # both columns
        await pilot.pause()
        cells = [str(c) for c in screen.table.cells(screen.table.current)]
        assert "10:00 KST" in cells[1] and "20:00 CDT" in cells[2]


async def test_edit_trip_refuses_dates_that_leave_events_out(workspace: Path):
    from planner.tui.screens import TripForm

    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("trip:korea-2021")
        await pilot.press("t")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TripForm)
        await fill(pilot, "#dates", "2021-10-19 to 2021-10-27")
        assert "outside the trip" in form.errors["dates"]
        await fill(pilot, "#dates", "2021-10-17 to 2021-10-28")
        await fill(pilot, "#local_tz", "Asia/Tokyo")
        assert form.errors == {}
        await pilot.press("ctrl+s")
        await pilot.pause()
        trip = app.session.trips["korea-2021"]
        assert trip.first_day.day == 17 and trip.local_tz.key == "Asia/Tokyo"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(pilot)
    saved = load_file(workspace / "korea-2021.toml").trip
    assert saved.local_tz.key == "Asia/Tokyo"
    # Events keep their own zone: they were in Seoul and still are.
    assert saved.event("robot-mou").tz.key == "Asia/Seoul"
    assert saved.events == trip.events


async def test_export_key_uses_the_configurations_alarms(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The TUI exports with the same [alarms] as `planner export`; a broken file is reported, nothing written."""
    config = tmp_path / "config.toml"
    config.write_text('[alarms]\nroundtable = "45m"\n', encoding="utf-8")
    monkeypatch.setenv("PLANNER_CONFIG", str(config))
    out = tmp_path / "exports"
    app = PlannerApp(load_workspace(workspace), today=date(2019, 11, 21), watch_disk=False, export_dir=out)
    async with app.run_test(size=SIZE) as pilot:
        screen = timeline(app)
        await pilot.pause()
        screen.table.go_to_key("richardson-2019/roundtable")
        await pilot.press("ctrl+e")
        await pilot.pause()
        await settle(pilot)
        assert b"TRIGGER:-PT45M" in (out / "richardson-2019.ics").read_bytes()
        (out / "richardson-2019.ics").unlink()
        config.write_text('[alarms]\nroundtable = "soon"\n', encoding="utf-8")
        await pilot.press("ctrl+e")
        await pilot.pause()
        await settle(pilot)
        assert any(f"{config}:2: alarms.roundtable" in str(n.message) for n in app._notifications)
    assert not (out / "richardson-2019.ics").exists()
