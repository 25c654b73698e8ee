"""``planner check``: run the itinerary checks on some or all trips and report the findings."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from planner.cli.commands import HELP

if TYPE_CHECKING:
    from rich.console import Group

    from planner.checks import Finding
    from planner.model.trip import Trip

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}


def add_parser(sub: Any) -> None:
    p = sub.add_parser("check", help=HELP["check"])
    p.add_argument("trip_ids", metavar="TRIP_ID", nargs="*", help="the trips to check (default: all)")
    p.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    p.add_argument("--today", metavar="DATE", help="the date 'starts soon' is counted from (default: today)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Any) -> int:
    """Exit status 0 when no finding is an error, 1 otherwise (2 for bad arguments, raised as UsageError)."""
    from planner.checks import has_errors, run_checks
    from planner.cli._common import UsageError, parse_day, unknown, workspace

    today = parse_day(args.today) if args.today else None
    ws = workspace(args)
    trips = ws.trips
    if args.trip_ids:
        known = [t.id for t in trips]
        for tid in args.trip_ids:
            if ws.trip(tid) is None:
                raise UsageError(unknown("trip", tid, known))
        wanted = list(dict.fromkeys(args.trip_ids))
        trips = [ws.trip(tid) for tid in wanted]  # type: ignore[misc]
    findings = run_checks(trips, today=today)
    if args.json:
        console.file.write(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2) + "\n")
        console.file.flush()
    else:
        console.print(report(trips, findings))
    return 1 if has_errors(findings) else 0


def report(trips: Sequence[Trip], findings: list[Finding]) -> Group:
    """The findings grouped by trip, each with its severity, check, events and reason."""
    from rich.console import Group, RenderableType
    from rich.table import Table
    from rich.text import Text

    from planner.text.safe import clean

    parts: list[RenderableType] = []
    by_trip: dict[str, list[Finding]] = {}
    for f in findings:
        by_trip.setdefault(f.trip, []).append(f)
    for trip in trips:
        items = by_trip.get(trip.id, [])
        head = Text(trip.id, style="bold cyan")
        head.append(f"  {clean(trip.title, single_line=True)}", style="bold")
        parts.append(head)
        if not items:
            parts.append(Text("  no findings", style="green"))
        else:
            grid = Table.grid(padding=(0, 2))
            grid.add_column(width=9, no_wrap=True)
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1, overflow="fold")
            for f in items:
                detail = Text(", ".join(clean(e.label(), single_line=True) for e in f.events) or "(the trip)")
                detail.append("\n" + clean(f.message, single_line=True), style="")
                grid.add_row(Text("  " + f.severity, style=SEVERITY_STYLES[f.severity]), f.check, detail)
            parts.append(grid)
        parts.append(Text())
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    summary = ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items())
    parts.append(
        Text(
            f"{summary} in {len(trips)} trip{'s' if len(trips) != 1 else ''}.", style="bold" if counts["error"] else ""
        )
    )
    return Group(*parts)
