"""``planner export``: trips, or one person's or organisation's events, as .ics files.

The work is :mod:`planner.usecases.export`, shared with the TUI; this module
reads the options, saves the refreshed trips and says what was written. Only
light modules are imported at the top, so registering the command costs the
others nothing; icalendar is loaded when it runs. Textual is never imported.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from planner.cli._common import add_lang, add_recipient, note, shown
from planner.cli.commands import HELP
from planner.usecases.export import DEFAULT_FOLDER


def add_parser(sub: Any) -> None:
    p = sub.add_parser("export", help=HELP["export"])
    p.add_argument("trips", nargs="*", metavar="TRIP_ID", help="trips to export (one file each)")
    p.add_argument("--all", action="store_true", help="every trip in the workspace")
    p.add_argument("--person", metavar="ID", help="one file with only the events this person takes part in")
    p.add_argument("--org", metavar="ID", help="one file with only the events involving this organisation")
    p.add_argument("--kind", metavar="KIND", help="one file with only the events of this kind (mou, meeting, ...)")
    p.add_argument(
        "--out",
        metavar="PATH",
        help=f"folder to write into (default: ./{DEFAULT_FOLDER}), a file name ending in .ics, "
        "or - for one calendar on standard output",
    )
    p.add_argument(
        "--no-alarms",
        action="store_true",
        help="leave out the configuration's [alarms] (an event's own reminders are still written)",
    )
    add_recipient(p)
    add_lang(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Any) -> int:
    from planner import paths
    from planner.cli._common import UsageError, changed_on_disk, given, reader_lang, unknown
    from planner.model.trip import Trip
    from planner.storage import FileChangedError, describe_write_error, load_workspace, save
    from planner.storage.config import load_settings
    from planner.usecases.export import plan_export, write_file

    ws = load_workspace(paths.workspace(args.dir))
    if args.all and args.trips:
        raise UsageError("give trip ids or --all, not both")
    selecting = bool(args.person or args.org or args.kind)
    if not args.trips and not args.all and not selecting:
        raise UsageError("name the trips to export (planner export korea-2021) or give --all")
    for tid in args.trips:
        if ws.trip(tid) is None:
            raise UsageError(unknown("trip", tid, [t.id for t in ws.trips]))
    if args.person and args.person not in {p.id for t in ws.trips for p in t.people}:
        raise UsageError(unknown("person", args.person, {p.id for t in ws.trips for p in t.people}))
    if args.org and args.org not in {o.id for t in ws.trips for o in t.organisations}:
        raise UsageError(unknown("organisation", args.org, {o.id for t in ws.trips for o in t.organisations}))
    from planner.model.trip import EVENT_KINDS

    if args.kind and args.kind not in EVENT_KINDS:
        raise UsageError(unknown("kind", args.kind, EVENT_KINDS))
    trips: list[Trip] = [t for t in map(ws.trip, dict.fromkeys(args.trips)) if t] if args.trips else ws.trips
    if not trips:
        raise UsageError(f"no trip files in {given(ws.folder)}")
    to_stdout = args.out == "-"
    if to_stdout and not selecting and len(trips) > 1:
        raise UsageError("--out - writes one calendar to standard output: name one trip, or give --person/--org")

    out = Path(args.out) if args.out and not to_stdout else None
    alarms = None if args.no_alarms else load_settings().alarms  # the configuration file: read only now
    plan = plan_export(
        trips,
        person=args.person,
        org=args.org,
        kind=args.kind,
        out=out,
        reader=args.recipient,
        lang=reader_lang(args),
        alarms=alarms,
    )
    for trip in plan.trips:
        if trip.id not in plan.changed:
            continue
        loaded = ws.files[trip.id]
        try:
            save(loaded, trip)
        except FileChangedError as exc:
            raise UsageError(changed_on_disk(exc)) from None
        except OSError as exc:
            raise UsageError(
                f"cannot record the export in {given(loaded.path)}: {describe_write_error(exc)}; "
                "the trip file is left as it was"
            ) from None
        note(
            f"{loaded.path.name}: {len(plan.changed[trip.id])} event(s) new or changed since the last export; "
            "their SEQUENCE and LAST-MODIFIED are recorded in the trip file"
        )
    if plan.problem == "no-events":
        who = f"{plan.label}: " if plan.label else ""
        seen = f" (for {args.recipient})" if args.recipient else ""
        raise UsageError(f"{who}no event of the chosen trips matches{seen}")
    if plan.problem == "one-file-many-trips":
        raise UsageError("--out names one file, but there is one file per trip: give a folder")

    if to_stdout:
        import sys

        (file,) = plan.files  # one trip, or one person's or organisation's file
        sys.stdout.buffer.write(file.data)
        sys.stdout.buffer.flush()
        note(f"wrote {_count(len(file.events), 'event')} to standard output")
        return 0
    for file in plan.files:
        try:
            same = not write_file(file)
        except OSError as exc:
            raise UsageError(f"cannot write {given(file.path)}: {describe_write_error(exc)}") from None
        n_todo = file.todos
        counts = _count(len(file.events) - n_todo, "event") + (f", {_count(n_todo, 'to-do')}" if n_todo else "")
        print(f"{shown(file.path)}: {counts}" + (" (unchanged)" if same else ""))
    if plan.todo_count:
        note(
            f"{plan.todo_count} item(s) have no day yet (a month, or unscheduled) and are written as to-dos "
            "(VTODO), never at an invented time; Google Calendar and Outlook leave to-dos out "
            "when importing a file"
        )
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
