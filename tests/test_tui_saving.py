"""The TUI never loses an edit: a file changed elsewhere (reload or save as), a full or read-only disk."""

from __future__ import annotations

import asyncio
import errno
import os
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from planner.storage import atomic, backup_path, load_file, load_workspace
from planner.tui import PlannerApp
from planner.tui.screens import ChoiceScreen, TimelineScreen
from planner.tui.screens.prompt import PromptScreen

pytestmark = pytest.mark.asyncio

SIZE = (120, 40)


def make_app(folder: Path) -> PlannerApp:
    return PlannerApp(load_workspace(folder), today=date(2021, 10, 19), watch_disk=False)


async def settle(pilot) -> None:
    """Wait for file work to finish; never for a dialog left open."""
    app = pilot.app
    busy = [
        w
        for w in app.workers
        if w.group in ("save", "disk", "quit")
        and w.is_running
        and not isinstance(app.screen, (ChoiceScreen, PromptScreen))
    ]
    await asyncio.wait_for(app.workers.wait_for_complete(busy), timeout=30)
    await pilot.pause()


async def change_dc(pilot) -> None:
    """Duplicate the dc-2023 event: an unsaved change to dc-2023."""
    screen = pilot.app.screen
    assert isinstance(screen, TimelineScreen)
    await pilot.pause()
    assert screen.table.go_to_key(
        next(r.key for r in screen.table.rows_shown if r.kind == "event" and r.trip.id == "dc-2023")
    )
    await pilot.press("c")
    await pilot.pause()
    assert pilot.app.session.dirty() == ["dc-2023"]


async def answer_prompt(pilot, text: str) -> None:
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one("#prompt-input", Input).value = text
    await pilot.press("enter")
    await pilot.pause()


def messages(app: PlannerApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_file_changed_elsewhere_can_be_saved_as_a_new_trip(workspace: Path):
    path = workspace / "dc-2023.toml"
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await change_dc(pilot)
        mine = app.session.trips["dc-2023"]
        elsewhere = path.read_text(encoding="utf-8") + "\n# edited in another editor\n"
        path.write_text(elsewhere, encoding="utf-8")

        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert [b.id for b in dialog.query("Button")] == ["merge", "reload", "save-as", "cancel"]
        await pilot.click("#save-as")
        await pilot.pause()

        # A name that is taken is refused, and the question is asked again.
        await answer_prompt(pilot, "korea-2021")
        assert any("already a trip" in m for m in messages(app))
        await answer_prompt(pilot, "dc-2023-mine")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert app.session.dirty() == []
        assert app.session.trips["dc-2023"] == load_file(path).trip
        assert app.session.trips["dc-2023-mine"].events == mine.events
        assert any("Saved your version of dc-2023 as dc-2023-mine.toml" in m for m in messages(app))
        assert any(r.trip.id == "dc-2023-mine" for r in app.screen.table.rows_shown)
    assert path.read_text(encoding="utf-8") == elsewhere  # the other edit is untouched
    ws = load_workspace(workspace)
    assert ws.trip("dc-2023-mine").events == mine.events
    assert len(ws.trip("dc-2023").events) == len(mine.events) - 1


async def test_save_as_key_and_escape_keeps_the_changes(workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await change_dc(pilot)
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.session.dirty() == ["dc-2023"]
        assert not (workspace / "dc-2023-copy.toml").exists()
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("enter")  # the suggested name, dc-2023-copy
        await settle(pilot)
        assert app.session.dirty() == []
    assert load_workspace(workspace).trip("dc-2023-copy") is not None


class _FullDisk:
    """Stands in for os.fdopen: every write fails as on a full disk."""

    def __init__(self, fd, *_a, **_kw):
        self.fd = fd

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        os.close(self.fd)

    def write(self, _data):
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("failure", ["disk full", "read-only"])
async def test_a_failed_save_says_why_keeps_the_changes_and_the_file(workspace: Path, monkeypatch, failure):
    path = workspace / "dc-2023.toml"
    before = path.read_bytes()
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await change_dc(pilot)
        with monkeypatch.context() as m:
            if failure == "disk full":
                m.setattr(os, "fdopen", _FullDisk)
            else:

                def read_only(*_a, **_kw):
                    raise OSError(errno.EROFS, "Read-only file system")

                m.setattr(atomic.tempfile, "mkstemp", read_only)
            await pilot.press("ctrl+s")
            await settle(pilot)
            said = [m for m in messages(app) if "not saved" in m]
            reason = "the disk is full" if failure == "disk full" else "read-only file system"
            assert said and reason in said[-1] and "changes are still here" in said[-1]
            assert app.session.dirty() == ["dc-2023"]
            assert "● unsaved: dc-2023" in app.sub_title and app.title.endswith("●")
            assert path.read_bytes() == before and not backup_path(path).exists()

            # Quitting with "save and quit" does not quit while the save fails.
            await pilot.press("ctrl+q")
            await pilot.pause()
            await pilot.click("#save")
            await settle(pilot)
            assert app.is_running and app.session.dirty() == ["dc-2023"]
            assert path.read_bytes() == before
        # The disk has room again: the same changes save.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.session.dirty() == []
        assert backup_path(path).read_bytes() == before
    assert len(load_file(path).trip.events) == 2
    assert [p.name for p in workspace.iterdir() if p.name.endswith(".tmp")] == []
