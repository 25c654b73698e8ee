"""``planner export``: trips, or one person's or organisation's events, as .ics files.

Only :mod:`argparse` is imported at the top, so registering the command costs
the others nothing; icalendar is loaded when it runs. Textual is never imported.
"""

from __future__ import annotations

import argparse
from datetime import UTC
from pathlib import Path
from typing import Any

from planner.cli._common import note, shown
from planner.model.rules import involves

DEFAULT_FOLDER = "exports"
"""Where ``planner export`` writes, under the current directory, unless ``--out`` says otherwise."""


def add_parser(sub: Any) -> None:
    p = sub.add_parser("export", help="write trips as .ics files for Google Calendar, Outlook and Apple Calendar")
    p.add_argument("trips", nargs="*", metavar="TRIP_ID", help="trips to export (one file each)")
    p.add_argument("--all", action="store_true", help="every trip in the workspace")
    p.add_argument("--person", metavar="ID", help="one file with only the events this person takes part in")
    p.add_argument("--org", metavar="ID", help="one file with only the events involving this organisation")
    p.add_argument(
        "--out",
        metavar="PATH",
        help=f"folder to write into (default: ./{DEFAULT_FOLDER}), or a file name ending in .ics",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Any) -> int:
    from datetime import datetime

    from planner import paths
    from planner.cli._common import UsageError, unknown
    from planner.ical import writer
    from planner.model.trip import Trip
    from planner.storage import FileChangedError, atomic_write, describe_write_error, load_workspace, save

    ws = load_workspace(paths.workspace(args.dir))
    if args.all and args.trips:
        raise UsageError("give trip ids or --all, not both")
    selecting = bool(args.person or args.org)
    if not args.trips and not args.all and not selecting:
        raise UsageError("name the trips to export (planner export korea-2021) or give --all")
    for tid in args.trips:
        if ws.trip(tid) is None:
            raise UsageError(unknown("trip", tid, [t.id for t in ws.trips]))
    if args.person and args.person not in {p.id for t in ws.trips for p in t.people}:
        raise UsageError(unknown("person", args.person, {p.id for t in ws.trips for p in t.people}))
    if args.org and args.org not in {o.id for t in ws.trips for o in t.organisations}:
        raise UsageError(unknown("organisation", args.org, {o.id for t in ws.trips for o in t.organisations}))
    trips: list[Trip] = [ws.trip(t) for t in dict.fromkeys(args.trips)] if args.trips else ws.trips  # type: ignore[misc]
    if not trips:
        raise UsageError(f"no trip files in {ws.folder}")

    # Record changed content first, so SEQUENCE and LAST-MODIFIED come from the trip files.
    now = datetime.now(UTC)
    current: list[Trip] = []
    blocks: writer.Blocks = {}  # each event's lines, made once for both the change check and the file
    for trip in trips:
        new, changed = writer.refresh(trip, now, blocks)
        if changed:
            loaded = ws.files[trip.id]
            try:
                save(loaded, new)
            except FileChangedError as exc:
                raise UsageError(str(exc)) from None
            except OSError as exc:
                raise UsageError(
                    f"cannot record the export in {loaded.path}: {describe_write_error(exc)}; "
                    "the trip file is left as it was"
                ) from None
            note(
                f"{loaded.path.name}: {len(changed)} event(s) new or changed since the last export; "
                "their SEQUENCE and LAST-MODIFIED are recorded in the trip file"
            )
        current.append(new)

    out = Path(args.out) if args.out else Path.cwd() / DEFAULT_FOLDER
    jobs: list[tuple[Path, bytes, list]] = []
    if selecting:
        chosen = []
        for trip in current:
            events = tuple(ev for ev in trip.events if _wanted(trip, ev, args.person, args.org))
            if events:
                chosen.append(writer.Selection(trip, events))
        label = _selection_label(current, args.person, args.org)
        if not chosen:
            raise UsageError(f"{label}: no event of the chosen trips matches")
        stem = "-".join(x for x in (args.person, args.org) if x)
        path = out if out.suffix.lower() == ".ics" else out / f"{stem}.ics"
        jobs.append(
            (
                path,
                writer.calendar_bytes(chosen, label, f"{label} · planner", blocks),
                [e for s in chosen for e in s.events],
            )
        )
    else:
        if out.suffix.lower() == ".ics" and len(current) > 1:
            raise UsageError("--out names one file, but there is one file per trip: give a folder")
        for trip in current:
            path = out if out.suffix.lower() == ".ics" else out / f"{trip.id}.ics"
            jobs.append((path, writer.trip_calendar_bytes(trip, blocks), list(trip.events)))

    todos = 0
    for path, data, events in jobs:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            same = path.exists() and path.read_bytes() == data
            if not same:
                atomic_write(path, data)
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {describe_write_error(exc)}") from None
        n_todo = sum(1 for e in events if writer.is_todo(e))
        todos += n_todo
        counts = _count(len(events) - n_todo, "event") + (f", {_count(n_todo, 'to-do')}" if n_todo else "")
        print(f"{shown(path)}: {counts}" + (" (unchanged)" if same else ""))
    if todos:
        note(
            f"{todos} item(s) have no day yet (a month, or unscheduled) and are written as to-dos "
            "(VTODO), never at an invented time; Google Calendar and Outlook leave to-dos out "
            "when importing a file"
        )
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _wanted(trip: Any, ev: Any, person: str | None, org: str | None) -> bool:
    if org and org not in ev.orgs:
        return False
    if person:
        return involves(trip, ev, person)
    return True


def _selection_label(trips: list, person: str | None, org: str | None) -> str:
    parts = []
    if person:
        p = next((p for t in trips for p in t.people if p.id == person), None)
        parts.append(p.display() if p else person)
    if org:
        o = next((o for t in trips for o in t.organisations if o.id == org), None)
        parts.append(o.display() if o else org)
    return " · ".join(parts)
