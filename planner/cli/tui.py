"""``planner tui`` (and ``planner`` alone in a terminal): the full-screen planner."""

from __future__ import annotations

import argparse
import os
from datetime import date
from typing import Any

from planner.cli._common import UsageError
from planner.cli.commands import HELP


def add_parser(sub: Any) -> None:
    p = sub.add_parser("tui", help=HELP["tui"])
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Any) -> int:
    # Textual is imported here and only here, so the other commands start fast.
    from planner.cli._common import workspace
    from planner.storage.config import configured
    from planner.tui import PlannerApp
    from planner.usecases.tui_state import state_path

    today = planner_today()
    theme = configured("theme")  # the configuration file's colours; a broken file stops here (file:line)
    PlannerApp(workspace(args), today=today, start=today, state_file=state_path(), theme=theme).run()
    return 0


def planner_today() -> date:
    """Today, or the day ``PLANNER_TODAY`` (YYYY-MM-DD) names: the planner opens on it."""
    fixed = os.environ.get("PLANNER_TODAY", "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            raise UsageError(f"PLANNER_TODAY: {fixed!r} is not a date (YYYY-MM-DD)") from None
    return date.today()
