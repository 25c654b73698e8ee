"""SVG snapshots of the timeline and the event form at 80x24, 100x30 and 140x42, in both themes.

Issue 16 asks that the planner be usable from a small terminal up: the
timeline keeps most rows, titles (Korean included) take the free width, the
footer keeps Quit and Help, and both themes stay readable. The clock is
fixed at 19 October 2021. Regenerate after an intended change with
``pytest tests/test_tui_snapshots_sizes.py --snapshot-update`` and look at
the SVGs before committing them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.storage import load_workspace
from planner.tui import PlannerApp
from planner.tui.theme import DARK, LIGHT

SIZES = [(80, 24), (100, 30), (140, 42)]
THEMES = [DARK, LIGHT]


@pytest.fixture
def app(workspace: Path) -> PlannerApp:
    return PlannerApp(load_workspace(workspace), today=date(2021, 10, 19), watch_disk=False)


def _at_robot_mou(theme: str):
    async def run_before(pilot) -> None:
        pilot.app.theme = theme
        pilot.app.screen.table.go_to_key("korea-2021/robot-mou")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timeline(snap_compare, app, size, theme):
    """The robot MOU under the cursor: its Korean title in the row, its outcome in the detail."""
    assert snap_compare(app, terminal_size=size, run_before=_at_robot_mou(theme))


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_event_form(snap_compare, app, size, theme):
    """Editing the robot MOU: labels clear of their fields, examples marked "e.g.", the form's own keys below."""

    async def run_before(pilot) -> None:
        await _at_robot_mou(theme)(pilot)
        await pilot.press("e")
        await pilot.pause()
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
def test_merge_dialog(snap_compare, app, workspace, theme):
    """The robot MOU moved here and elsewhere: both versions side by side, what differs in bold on top."""

    async def run_before(pilot) -> None:
        await _at_robot_mou(theme)(pilot)
        await pilot.press("right_square_bracket")
        path = workspace / "korea-2021.toml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("date = 2021-10-19\nplace", "date = 2021-10-21\nplace", 1), encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#merge")
        await pilot.pause()
        pilot.app.clear_notifications()  # a toast fades on its own clock: never in a snapshot
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
