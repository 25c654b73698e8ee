"""``planner import``: merge an .ics file into a trip, matched by UID (a new trip id creates the trip)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.cli._common import note, shown
from planner.cli.commands import HELP
from planner.text.safe import clean


def add_parser(sub: Any) -> None:
    p = sub.add_parser("import", help=HELP["import"])
    p.add_argument("file", metavar="FILE.ics", help="the calendar file")
    p.add_argument("--trip", metavar="ID", required=True, help="the trip to merge into (a new id creates it)")
    p.add_argument(
        "--tz",
        metavar="ZONE",
        help="zone for times the file gives without one (default: X-WR-TIMEZONE, else the trip's)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Any) -> int:
    from planner import paths
    from planner.cli._common import UsageError, changed_on_disk, given, parse_zone
    from planner.ical.reader import IcsError
    from planner.model.names import id_problem
    from planner.storage import FileChangedError, describe_write_error, load_workspace
    from planner.usecases.importing import NothingToImport, TripFileTaken, import_calendar, read_calendar

    # The trip id names the file: matched whole (no "nl\n"), and no device name such as "con".
    problem = id_problem(args.trip, names_file=True)
    if problem:
        raise UsageError(f"--trip {given(args.trip)}: {problem}")
    tz = parse_zone(args.tz) if args.tz else None
    path = Path(args.file)
    try:
        data = read_calendar(path)
    except OSError as exc:
        raise UsageError(f"cannot read {given(path)}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    folder = paths.workspace(args.dir)
    ws = load_workspace(folder)
    loaded = ws.files.get(args.trip)
    kept = f"{loaded.path.name} is left as it was" if loaded else "no trip file was written"
    try:
        done = import_calendar(folder, loaded, args.trip, data, given(path), tz=tz)
    except IcsError as exc:
        for message in exc.messages:
            note(message)
        print(f"planner: nothing imported; {kept}", file=sys.stderr)
        return 2
    except NothingToImport as exc:
        raise UsageError(str(exc)) from None
    except FileChangedError as exc:
        raise UsageError(changed_on_disk(exc)) from None
    except TripFileTaken as exc:
        raise UsageError(_taken(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write the trip file: {describe_write_error(exc)}; nothing imported; {kept}") from None
    outcome = done.outcome
    print(
        f"{shown(done.target)} {done.verb}: {len(outcome.added)} added, {len(outcome.updated)} updated, "
        f"{len(outcome.unchanged)} unchanged, {len(outcome.skipped)} skipped"
    )
    for ev in outcome.added:
        print(f"  added     {ev.id}: {clean(ev.title, single_line=True)}")
    for ev in outcome.updated:
        print(f"  updated   {ev.id}: {clean(ev.title, single_line=True)}")
    for item, reason in outcome.skipped:
        print(f"  skipped   line {item.line} {item.label()}: {reason}")
    for notice in outcome.notices:
        note(notice)
    return 0


def _taken(exc: Any) -> str:
    """What to say when the new trip's file appeared while the import ran, from what the file holds."""
    from planner.cli._common import given

    name = given(exc.path)
    if exc.holds == exc.trip_id:
        return (
            f"{name} was created by another planner while this import ran; nothing imported: "
            "run the command again to merge into it"
        )
    if exc.holds is not None:
        return f"{name} exists but holds another trip, {given(exc.holds)}; nothing imported"
    return f"{name} exists and is not a trip file the planner can read; nothing imported"
