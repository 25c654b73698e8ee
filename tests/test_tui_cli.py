"""How the command line opens the TUI: ``planner tui``, and ``planner`` alone in a terminal."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from planner import cli
from planner.tui import PlannerApp


@pytest.fixture
def opened(monkeypatch) -> list[PlannerApp]:
    """Record apps that would be run instead of taking over the terminal."""
    runs: list[PlannerApp] = []
    monkeypatch.setattr(PlannerApp, "run", lambda self, *a, **kw: runs.append(self))
    return runs


def test_tui_command_opens_the_app_on_the_workspace(workspace: Path, opened):
    assert cli.main(["--dir", str(workspace), "tui"]) == 0
    assert len(opened) == 1
    assert sorted(opened[0].session.trips) == ["dc-2023", "gwangju-2022", "korea-2021", "la-2023", "richardson-2019"]


def test_no_command_in_a_terminal_opens_the_tui(workspace: Path, opened, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert cli.main(["--dir", str(workspace)]) == 0
    assert len(opened) == 1


def test_no_command_when_piped_prints_the_timeline(workspace: Path, opened, capsys):
    # pytest captures stdout, so it is not a terminal here.
    assert cli.main(["--dir", str(workspace)]) == 0
    assert opened == []
    assert "korea-2021" in capsys.readouterr().out


def test_tui_on_a_broken_workspace_exits_2_without_opening(tmp_path: Path, opened, capsys):
    assert cli.main(["--dir", str(tmp_path / "missing"), "tui"]) == 2
    assert opened == []
    assert "no such folder" in capsys.readouterr().err
