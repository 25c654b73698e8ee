"""``planner tui`` (and ``planner`` alone in a terminal): the full-screen planner."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("tui", help="the full-screen planner: view, edit and save the timeline")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Any) -> int:
    # Textual is imported here and only here, so the other commands start fast.
    from planner.cli._common import workspace
    from planner.tui import PlannerApp
    from planner.usecases.tui_state import state_path

    PlannerApp(workspace(args), state_file=state_path()).run()
    return 0
