"""``planner trips``: every trip with its dates, home zone and event count."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.commands import HELP


def add_parser(sub: Any) -> None:
    p = sub.add_parser("trips", help=HELP["trips"])
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Any) -> int:
    from planner.cli._common import read_only
    from planner.views.listing import trips_table

    ws = read_only(args)
    summaries = ws.summaries
    if not summaries:
        console.print(f"No trip files in {ws.folder}.")
        return 0
    console.print(trips_table(summaries))
    return 0
