"""Issue 16, findings 6 and 7: merging with a file changed elsewhere, and where ctrl+e writes.

Each test drives the TUI with Pilot and reads the files back from disk.
"""

from __future__ import annotations

import asyncio
import os
from datetime import date
from pathlib import Path

import pytest

from planner.storage import load_file, load_workspace
from planner.tui import PlannerApp
from planner.tui.screens import ChoiceScreen, TimelineScreen
from planner.tui.screens.merge import MergeScreen
from planner.tui.screens.prompt import PromptScreen
from planner.usecases.merging import plan_merge
from planner.views.filtering import Filter

pytestmark = pytest.mark.asyncio

SIZE = (120, 40)


def make_app(folder: Path, **kw) -> PlannerApp:
    return PlannerApp(load_workspace(folder), today=date(2021, 10, 19), watch_disk=False, **kw)


async def settle(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        busy = [w for w in app.workers if w.group in ("save", "export") and w.is_running]
        if not busy or isinstance(app.screen, (ChoiceScreen, PromptScreen, MergeScreen)):
            break
        await asyncio.sleep(0.02)
    await pilot.pause()


def messages(app: PlannerApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def edit_outside(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def _change_robot_mou_status(pilot) -> None:
    """An edit here: the robot MOU moved a day later."""
    screen = pilot.app.screen
    assert isinstance(screen, TimelineScreen)
    await pilot.pause()
    assert screen.table.go_to_key("korea-2021/robot-mou")
    await pilot.press("right_square_bracket")
    await pilot.pause()
    assert pilot.app.session.dirty() == ["korea-2021"]


async def test_merge_keeps_both_edits_when_they_touch_different_events(workspace: Path):
    path = workspace / "korea-2021.toml"
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await _change_robot_mou_status(pilot)
        # Elsewhere: a comment, and another event's status, changed.
        text = path.read_text(encoding="utf-8")
        first_other = next(e for e in app.session.trips["korea-2021"].events if e.id != "robot-mou")
        block = text.index(f'id = "{first_other.id}"')
        status_at = text.index('status = "', block)
        end = text.index("\n", status_at)
        new_text = "# edited elsewhere\n" + text[:status_at] + 'status = "tentative"' + text[end:]
        path.write_text(new_text, encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert [b.id for b in dialog.query("Button")] == ["merge", "reload", "save-as", "cancel"]
        await pilot.click("#merge")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert app.session.dirty() == []
        assert any("Merged" in m for m in messages(app))
    on_disk = path.read_text(encoding="utf-8")
    assert on_disk.startswith("# edited elsewhere\n")  # their comment kept
    trip = load_file(path).trip
    assert trip.event(first_other.id).status == "tentative"  # their change
    assert trip.event("robot-mou").when.local_date() == date(2021, 10, 20)  # ours


async def test_a_conflict_on_one_event_shows_both_versions_to_choose(workspace: Path):
    path = workspace / "korea-2021.toml"
    app = make_app(workspace)
    async with app.run_test(size=(140, 42)) as pilot:
        await _change_robot_mou_status(pilot)
        edit_outside(path, 'date = 2021-10-19\nplace = "lotte-hotel"', 'date = 2021-10-21\nplace = "lotte-hotel"')
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#merge")
        await settle(pilot)
        merge = app.screen
        assert isinstance(merge, MergeScreen)
        assert [c.label for c in merge.plan.conflicts] == ["event robot-mou"]
        ours = str(merge.query_one("#ours-0").render())
        theirs = str(merge.query_one("#theirs-0").render())
        assert "2021-10-20" in ours and "2021-10-21" in theirs
        merge.query_one("#pick-0-theirs").value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert app.session.dirty() == []
    assert load_file(path).trip.event("robot-mou").when.local_date() == date(2021, 10, 21)


async def test_plan_merge_per_entry(workspace: Path):
    from dataclasses import replace

    base = load_file(workspace / "korea-2021.toml").trip
    a, b = base.events[0], base.events[1]
    ours = replace(base, events=(replace(a, title="ours"), *base.events[1:]), notes="our notes")
    theirs = replace(base, events=tuple(e for e in base.events if e.id != b.id))
    plan = plan_merge(base, ours, theirs)
    assert plan.conflicts == []
    merged = plan.resolve()
    assert merged.event(a.id).title == "ours" and merged.event(b.id) is None and merged.notes == "our notes"
    both = replace(base, notes="their notes")
    plan = plan_merge(base, ours, both)
    assert [c.key for c in plan.conflicts] == [("trip", "notes")]
    assert plan.resolve({("trip", "notes"): "theirs"}).notes == "their notes"


async def test_the_header_keeps_saying_a_file_changed_on_disk(workspace: Path):
    path = workspace / "dc-2023.toml"
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.pause()
        original = path.read_text(encoding="utf-8")
        path.write_text(original + "# elsewhere\n", encoding="utf-8")
        screen.check_disk(app.session.changed_on_disk())
        await pilot.pause()
        assert "changed on disk: dc-2023" in app.sub_title
        await asyncio.sleep(0.1)
        screen.check_disk(app.session.changed_on_disk())  # still differs: still said
        assert "changed on disk: dc-2023" in app.sub_title
        path.write_text(original, encoding="utf-8")
        screen.check_disk(app.session.changed_on_disk())
        await pilot.pause()
        assert "changed on disk" not in app.sub_title


async def test_reload_can_be_undone(workspace: Path):
    path = workspace / "korea-2021.toml"
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await _change_robot_mou_status(pilot)
        mine = app.session.trips["korea-2021"]
        path.write_text(path.read_text(encoding="utf-8") + "# elsewhere\n", encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#reload")
        await settle(pilot)
        assert app.session.dirty() == []
        await pilot.press("u")
        await pilot.pause()
        assert app.session.trips["korea-2021"] == mine
        assert app.session.dirty() == ["korea-2021"]


async def test_save_as_keeps_comments_and_number_formatting(workspace: Path):
    path = workspace / "gwangju-2022.toml"
    original = path.read_text(encoding="utf-8")
    assert "lat = 35.1601" in original
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.pause()
        key = next(r.key for r in screen.table.rows_shown if r.kind == "event" and r.trip.id == "gwangju-2022")
        screen.table.go_to_key(key)
        await pilot.press("c")
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
    copy = (workspace / "gwangju-2022-copy.toml").read_text(encoding="utf-8")
    comments = [line for line in original.splitlines() if line.startswith("#")]
    assert comments and all(c in copy for c in comments)
    assert "lat = 35.1601" in copy and 'id = "gwangju-2022-copy"' in copy


# ---------------------------------------------------------------- export (finding 7)


async def test_export_goes_to_the_workspace_not_the_current_folder(workspace: Path, tmp_path: Path, monkeypatch):
    elsewhere = tmp_path / "checkout"
    (elsewhere / "exports").mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert app.session.dirty() == []  # an export never makes a trip unsaved
    assert (workspace / "exports" / "korea-2021.ics").exists()
    assert not (elsewhere / "exports" / "korea-2021.ics").exists()


async def test_export_asks_before_replacing_another_file(workspace: Path, tmp_path: Path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "korea-2021.ics").write_text("a tracked file\n", encoding="utf-8")
    app = make_app(workspace, export_dir=out)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.pause()
        screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#cancel")
        await settle(pilot)
        assert (out / "korea-2021.ics").read_text(encoding="utf-8") == "a tracked file\n"
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.click("#replace")
        await settle(pilot)
    assert (out / "korea-2021.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


async def test_export_honours_a_kind_filter_and_leaves_the_trip_saved(workspace: Path, tmp_path: Path):
    import icalendar

    out = tmp_path / "exports"
    before = {p.name: p.read_bytes() for p in workspace.glob("*.toml")}
    app = make_app(workspace, export_dir=out)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.pause()
        screen.set_filter(Filter(kind="mou"))
        await pilot.pause()
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert app.session.dirty() == []
        assert "unsaved" not in app.sub_title
    cal = icalendar.Calendar.from_ical((out / "mou.ics").read_bytes())
    found = [c for c in cal.walk() if c.name in ("VEVENT", "VTODO")]
    expected = [e for t in load_workspace(workspace).trips for e in t.events if e.kind == "mou"]
    assert found and len(found) == len(expected)
    # Recording the stamps touched no other key of the trip files.
    for name, data in before.items():
        now = (workspace / name).read_bytes()
        if now != data:
            changed = {line for line in now.decode().splitlines()} ^ {line for line in data.decode().splitlines()}
            assert all(line.startswith("ical_") for line in changed), changed
    assert os.path.isdir(out)


async def test_cli_export_selects_by_kind_like_the_tui(workspace: Path, tmp_path: Path):
    import icalendar

    from planner.cli import main

    out = tmp_path / "cli"
    assert main(["--dir", str(workspace), "export", "--kind", "mou", "--out", str(out)]) == 0
    cal = icalendar.Calendar.from_ical((out / "mou.ics").read_bytes())
    assert {c.name for c in cal.walk()} >= {"VEVENT"}
    kinds = [e.kind for t in load_workspace(workspace).trips for e in t.events if e.kind == "mou"]
    assert len([c for c in cal.walk() if c.name in ("VEVENT", "VTODO")]) == len(kinds)
