"""SVG snapshots of the main screens at 120x40, with the clock fixed at 19 October 2021.

Regenerate after an intended change with ``pytest tests/test_tui_snapshots.py
--snapshot-update`` and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.storage import load_workspace
from planner.tui import PlannerApp

SIZE = (120, 40)


@pytest.fixture
def app(workspace: Path) -> PlannerApp:
    # A frozen clock ("today" is 19 Oct 2021) and no disk watcher: nothing varies between runs.
    return PlannerApp(load_workspace(workspace), today=date(2021, 10, 19), watch_disk=False)


def still_cursors(pilot) -> None:
    """Stop text cursors blinking, so a screenshot never catches one half-way."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False


async def _at_robot_mou(pilot) -> None:
    pilot.app.screen.table.go_to_key("korea-2021/robot-mou")
    await pilot.pause()


def test_timeline_on_open(snap_compare, app):
    """Every trip, grouped by day; the first trip's summary below."""
    assert snap_compare(app, terminal_size=SIZE)


def test_timeline_at_the_robot_mou(snap_compare, app):
    """19 October 2021: the event in full with Korean and romanised names, and the undated items."""
    assert snap_compare(app, terminal_size=SIZE, run_before=_at_robot_mou)


def test_timeline_with_both_zones(snap_compare, app):
    """The time toggle on "both": event zone and home zone columns; the header says so."""
    assert snap_compare(app, terminal_size=SIZE, run_before=_at_robot_mou, press=["z", "z"])


def test_event_form_shows_errors_beside_fields(snap_compare, app):
    """Editing the robot MOU with a mistyped zone and an end before the start."""

    async def run_before(pilot) -> None:
        await _at_robot_mou(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        form.query_one("#precision").value = "exact"
        await pilot.pause()
        form.query_one("#when").value = "2021-10-19 15:00-14:00"
        form.query_one("#tz").value = "Asia/Seol"
        await pilot.pause()
        still_cursors(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, app):
    """? lists every key with its description, and the date formats."""
    assert snap_compare(app, terminal_size=SIZE, press=["question_mark"])


def test_day_agenda_in_home_zone(snap_compare, app):
    """Go to 21 Nov 2019, times in the home zone: the day heading shows that day's agenda."""

    async def run_before(pilot) -> None:
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"2019-11-21", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before, press=["z"])
