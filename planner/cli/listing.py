"""``planner list``: the timeline, grouped by day, with each time's precision."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli._common import add_lang, add_recipient
from planner.cli.commands import HELP


def add_parser(sub: Any) -> None:
    p = sub.add_parser("list", help=HELP["list"])
    p.add_argument("--trip", metavar="ID", help="only this trip")
    p.add_argument("--person", metavar="ID", help="only events this person takes part in")
    p.add_argument("--org", metavar="ID", help="only events involving this organisation")
    p.add_argument("--from", dest="from_", metavar="DATE", help="first day (2021-10-19, 'Oct 19 2021')")
    p.add_argument("--to", metavar="DATE", help="last day, inclusive")
    p.add_argument("--tz", metavar="ZONE", help="read days and times in: event (default), home, or an IANA zone")
    add_recipient(p)
    add_lang(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Any) -> int:
    from planner.cli._common import (
        UsageError,
        check_ids,
        parse_day,
        parse_view,
        read_only,
        reader_lang,
        recipient,
        trip_days,
    )
    from planner.cli.output import print_laid_out
    from planner.model.timeline import occurrences
    from planner.model.visibility import redact

    ws = read_only(args)
    check_ids(ws, args)
    view = parse_view(args.tz)
    start = parse_day(args.from_, trips=trip_days(ws)) if args.from_ else None
    end = parse_day(args.to, trips=trip_days(ws)) if args.to else None
    if start and end and end < start:
        raise UsageError(f"--to {end} is before --from {start}")
    level = recipient(args)  # None: everything, as the organisers see it
    lang = reader_lang(args)
    # With both ends, only what can fall in the window (from the cache's day index, without
    # unpickling the rest); the occurrences are the same as over the whole trips.
    trips = ws.trips_between(start, end, args.person) if start and end else ws.trips
    if level is not None:
        trips = [redact(t, level, args.person) for t in trips]
    occs = occurrences(trips, start=start, end=end, view=view, trip_id=args.trip, person=args.person, org=args.org)
    from planner.views.timeline_text import timeline, timeline_blocks

    if not print_laid_out(console, lambda cells: timeline_blocks(occs, view, lang)):
        console.print(timeline(occs, view, lang=lang))
    return 0
