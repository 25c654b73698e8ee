"""The TUI's sync screen: last sync and publish from the state files, the server asked only on ``c``, ``s`` syncs.

Driven with Textual's Pilot through the command palette entry, against a
real Radicale (tests/radicale_server.py), as the CLI tests are.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from radicale_server import PASSWORD, USER, Radicale
from test_sync_caldav import TRIP, server_items, set_title_on_server, uid

from planner.cli import main
from planner.storage import load_workspace
from planner.tui import PlannerApp
from planner.tui.commands import PlannerCommands
from planner.tui.screens.sync import SyncScreen

pytestmark = [pytest.mark.asyncio, pytest.mark.caldav]

SIZE = (120, 40)


def make_app(folder: Path) -> PlannerApp:
    return PlannerApp(load_workspace(folder), today=date(2021, 10, 19), watch_disk=False)


async def open_sync_screen(app: PlannerApp, pilot) -> SyncScreen:
    provider = PlannerCommands(app.screen)
    hits = [hit async for hit in provider.search(f"sync: {TRIP}")]
    assert hits and hits[0].text == f"sync: {TRIP}"
    hits[0].command()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SyncScreen)
    return screen


async def settle(app: PlannerApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_sync_screen_shows_the_last_sync_checks_the_server_on_demand_and_syncs(
    radicale: Radicale, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", PASSWORD)
    assert main(["--dir", str(workspace), "sync", TRIP, "--url", radicale.url, "--user", USER]) == 0
    assert main(["--dir", str(workspace), "publish", TRIP, "--out", str(workspace.parent / "site")]) == 0
    set_title_on_server(radicale, uid("kbiz-meeting"), "KBIZ, changed by a colleague")

    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sync_screen(app, pilot)
        body = screen.body().plain
        assert "published: 20" in body and "last synced: 20" in body and f"{TRIP} at {radicale.url}" in body
        assert "changes waiting" not in body  # opening it asked no server

        await pilot.press("c")
        await settle(app, pilot)
        assert "the server has changed since: changes waiting" in screen.body().plain

        await pilot.press("s")
        await settle(app, pilot)
        body = screen.body().plain
        assert f"{TRIP}: 0 add, 0 update, 0 delete" in body
        assert "1 change(s) from the server wait" in body
        await pilot.press("escape")
        await pilot.pause()
    # The sync did not pull: the colleague's title stays a proposal, on the server only.
    assert str(server_items(radicale)[uid("kbiz-meeting")]["SUMMARY"]) == "KBIZ, changed by a colleague"


async def test_a_trip_with_unsaved_edits_is_not_synced(
    radicale: Radicale, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", PASSWORD)
    assert main(["--dir", str(workspace), "sync", TRIP, "--url", radicale.url, "--user", USER]) == 0
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        trip = next(t for t in app.session.all_trips() if t.id == TRIP)
        ev = next(e for e in trip.events if e.id == "kbiz-meeting")
        app.session.replace_event(TRIP, ev.id, dataclasses.replace(ev, title="Unsaved title"))
        screen = await open_sync_screen(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        assert "unsaved edits: save (ctrl+s) first" in screen.body().plain
    assert str(server_items(radicale)[uid("kbiz-meeting")]["SUMMARY"]) != "Unsaved title"
