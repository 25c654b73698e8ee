"""SVG snapshots of the month calendar at 80×24, 100×30 and 140×42, default theme, clock fixed at 19 October 2021.

Regenerate after an intended change with ``pytest tests/test_tui_month_snapshots.py
--snapshot-update`` and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.storage import load_workspace
from planner.tui import PlannerApp


@pytest.fixture
def app(workspace: Path) -> PlannerApp:
    return PlannerApp(load_workspace(workspace), today=date(2021, 10, 19), watch_disk=False)


async def _month_at_the_robot_mou(pilot) -> None:
    pilot.app.screen.table.go_to_key("korea-2021/robot-mou")
    await pilot.pause()
    await pilot.press("m")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (140, 42)], ids=["80x24", "100x30", "140x42"])
def test_month_calendar(snap_compare, app, size):
    """October 2021: the Korea trip's days (empty ones too), titles cut with …, today marked."""
    assert snap_compare(app, terminal_size=size, run_before=_month_at_the_robot_mou)
